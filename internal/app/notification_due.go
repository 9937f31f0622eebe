// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/mail"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Reminders of due dates and the daily digest of overdue work. A periodic
// job finds the people concerned and queues one job per person (not while
// the previous one still waits); that job sends one mail listing the tasks
// not mentioned before: each task once per due date, the digest once a day.

// scanDueSoon queues today's reminder job of everyone with open tasks due
// within the longest lead time.
func (a *App) scanDueSoon(ctx context.Context) error {
	today := a.today()
	return a.queuePerOwner(ctx, today, today.AddDays(isms.MaxDueSoonDays), func(u isms.ID) jobs.JobArgs {
		return dueSoonArgs{UserID: u, Date: today.String()}
	})
}

// scanOverdue queues today's digest job of everyone with overdue tasks.
func (a *App) scanOverdue(ctx context.Context) error {
	today := a.today()
	return a.queuePerOwner(ctx, isms.Date{}, today.AddDays(-1), func(u isms.ID) jobs.JobArgs {
		return digestArgs{UserID: u, Date: today.String()}
	})
}

// queuePerOwner queues args(owner) for every owner of open tasks due from
// from to to, a page of owners per transaction.
func (a *App) queuePerOwner(ctx context.Context, from, to isms.Date, args func(isms.ID) jobs.JobArgs) error {
	after := isms.ID("")
	for {
		var owners []isms.ID
		err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
			if owners, err = tx.FindOpenTaskOwners(ctx, from, to, after, isms.MaxPageSize); err != nil {
				return err
			}
			for _, u := range owners {
				if err := a.enqueue(ctx, tx, args(u), jobs.InsertOpts{UniqueByArgs: true, UniqueWhileQueued: true}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || len(owners) < isms.MaxPageSize {
			return err
		}
		after = owners[len(owners)-1]
	}
}

// sendDueSoon reminds one person of their open tasks due within their
// lead time from the job's day, each task once per due date.
func (a *App) sendDueSoon(ctx context.Context, args dueSoonArgs) error {
	day, err := jobDay(args.Date)
	if err != nil {
		return jobs.Cancel(fmt.Errorf("due-date reminder: %w", err))
	}
	var tasks []isms.NotifiedTask
	err = a.db.View(ctx, func(tx *sqldb.Tx) error {
		p, err := tx.FindNotificationPrefs(ctx, args.UserID)
		if isms.ErrorCode(err) == isms.NotFound {
			d := isms.DefaultNotificationPrefs(args.UserID)
			p, err = &d, nil
		}
		if err != nil || p.DueSoonDays == 0 {
			return err
		}
		tasks, err = tx.FindOpenTasksOfOwner(ctx, args.UserID, day, day.AddDays(p.DueSoonDays), isms.MaxPageSize)
		return err
	})
	if err != nil || len(tasks) == 0 {
		return err
	}
	byKey := map[string]isms.NotifiedTask{}
	keys := make([]string, len(tasks))
	for i, t := range tasks {
		keys[i] = "due:" + string(t.ID) + ":" + t.Due.String()
		byKey[keys[i]] = t
	}
	return a.deliver(ctx, args.UserID, isms.NotifyDueSoon, keys, func(m mailer, r recipient, claimed []string) mail.Message {
		list := make([]isms.NotifiedTask, len(claimed))
		for i, k := range claimed {
			list[i] = byKey[k]
		}
		return dueSoonMail(m, r, day, list)
	})
}

// sendDigest sends one person the list of their overdue tasks, at most
// once a day, and nothing when they have none.
func (a *App) sendDigest(ctx context.Context, args digestArgs) error {
	day, err := jobDay(args.Date)
	if err != nil {
		return jobs.Cancel(fmt.Errorf("overdue digest: %w", err))
	}
	var tasks []isms.NotifiedTask
	if err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		tasks, err = tx.FindOpenTasksOfOwner(ctx, args.UserID, isms.Date{}, day.AddDays(-1), isms.MaxPageSize)
		return err
	}); err != nil || len(tasks) == 0 {
		return err
	}
	key := "digest:" + string(args.UserID) + ":" + day.String()
	return a.deliver(ctx, args.UserID, isms.NotifyDigest, []string{key}, func(m mailer, r recipient, _ []string) mail.Message {
		return digestMail(m, r, day, tasks)
	})
}

// jobDay reads the day a reminder job is for; it is required.
func jobDay(s string) (isms.Date, error) {
	d, err := isms.ParseDate(s)
	if err == nil && d.IsZero() {
		err = fmt.Errorf("the job names no day")
	}
	return d, err
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/mail"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Notifications by e-mail are sent only by jobs, never while a request
// waits: a use case enqueues the notice in its own transaction (a task
// given to someone, an approval requested), and periodic jobs look for
// tasks due soon and overdue. Every handler is idempotent through
// notifications_sent: it claims a key naming what the mail is about, sends,
// and releases the key when sending fails, so that a retry sends once.

// The job kinds of notifications.
type (
	// assignedArgs: a task was given to its owner by someone else.
	assignedArgs struct {
		OrgID   isms.ID `json:"org"`
		TaskID  isms.ID `json:"task"`
		OwnerID isms.ID `json:"owner"`
		Version int     `json:"version"` // of the task after the change, so a later reassignment is a new notice
		By      string  `json:"by"`      // who gave it
	}
	// approvalArgs: one approver is asked to decide on a submission.
	approvalArgs struct {
		OrgID      isms.ID `json:"org"`
		ApprovalID isms.ID `json:"approval"`
		ApproverID isms.ID `json:"approver"`
	}
	// dueSoonScanArgs and digestScanArgs are the periodic jobs that queue
	// one job per person with tasks due soon or overdue.
	dueSoonScanArgs struct{}
	digestScanArgs  struct{}
	// userDayArgs: one person's due-date reminder or digest of a day.
	dueSoonArgs struct {
		UserID isms.ID `json:"user"`
		Date   string  `json:"date"`
	}
	digestArgs struct {
		UserID isms.ID `json:"user"`
		Date   string  `json:"date"`
	}
	// testMailArgs: a test of the mail settings, to the owner who asked.
	testMailArgs struct {
		UserID isms.ID `json:"user"`
		Nonce  string  `json:"nonce"`
	}
	// notifyCleanupArgs forgets old keys of sent notifications.
	notifyCleanupArgs struct{}
)

func (assignedArgs) Kind() string      { return "notify.assigned" }
func (approvalArgs) Kind() string      { return "notify.approval" }
func (dueSoonScanArgs) Kind() string   { return "notify.due_soon" }
func (digestScanArgs) Kind() string    { return "notify.digest" }
func (dueSoonArgs) Kind() string       { return "notify.due_soon_user" }
func (digestArgs) Kind() string        { return "notify.digest_user" }
func (testMailArgs) Kind() string      { return "notify.test" }
func (notifyCleanupArgs) Kind() string { return "notify.cleanup" }

// sentRetention is how long the key of a sent notification is kept: longer
// than the longest reminder lead time, after which no job can ask for the
// same notification again.
const sentRetention = 180 * 24 * time.Hour

func init() {
	registerJob(func(a *App, w *jobs.Workers) {
		jobs.Add(w, func(ctx context.Context, args assignedArgs, _ int) error { return a.sendAssigned(ctx, args) })
		jobs.Add(w, func(ctx context.Context, args approvalArgs, _ int) error { return a.sendApprovalRequest(ctx, args) })
		jobs.Add(w, func(ctx context.Context, args dueSoonArgs, _ int) error { return a.sendDueSoon(ctx, args) })
		jobs.Add(w, func(ctx context.Context, args digestArgs, _ int) error { return a.sendDigest(ctx, args) })
		jobs.Add(w, func(ctx context.Context, args testMailArgs, _ int) error { return a.sendTestMail(ctx, args) })
		jobs.Add(w, func(ctx context.Context, _ dueSoonScanArgs, _ int) error { return a.scanDueSoon(ctx) })
		jobs.Add(w, func(ctx context.Context, _ digestScanArgs, _ int) error { return a.scanOverdue(ctx) })
		jobs.Add(w, func(ctx context.Context, _ notifyCleanupArgs, _ int) error { return a.forgetOldNotifications(ctx) })
		w.Periodic(time.Hour, dueSoonScanArgs{}, true)
		w.Periodic(time.Hour, digestScanArgs{}, true)
		w.Periodic(24*time.Hour, notifyCleanupArgs{}, false)
	})
}

// enqueueAssigned queues the notice of each task given to someone other
// than actor, in tx: the transaction that gave it.
func (a *App) enqueueAssigned(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, tasks ...*isms.Task) error {
	for _, t := range tasks {
		if t.OwnerID == "" || t.OwnerID == actor.UserID || t.Status != isms.TaskOpen {
			continue
		}
		args := assignedArgs{OrgID: t.OrgID, TaskID: t.ID, OwnerID: t.OwnerID, Version: t.Version, By: actor.Name}
		if err := a.enqueue(ctx, tx, args, jobs.InsertOpts{}); err != nil {
			return err
		}
	}
	return nil
}

// enqueueApprovalRequests queues a request to each approver of ap other
// than actor, in tx: the transaction of the submission.
func (a *App) enqueueApprovalRequests(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, ap *isms.Approval) error {
	for _, x := range ap.Approvers {
		if x.UserID == actor.UserID {
			continue
		}
		args := approvalArgs{OrgID: ap.OrgID, ApprovalID: ap.ID, ApproverID: x.UserID}
		if err := a.enqueue(ctx, tx, args, jobs.InsertOpts{}); err != nil {
			return err
		}
	}
	return nil
}

// recipient is who a mail goes to, with what their links need.
type recipient struct {
	user   *isms.User
	prefs  *isms.NotificationPrefs
	secret string // the installation's unsubscribe secret
}

// deliver claims keys for user, composes the mail of the claimed ones and
// sends it with the current settings. Nothing is sent when user is gone
// or disabled, does not want kind (every kind is wanted when kind is ""),
// or every key was claimed before. When sending fails the claims are
// released; a permanent failure cancels the job instead of retrying it.
func (a *App) deliver(ctx context.Context, user isms.ID, kind isms.NotificationKind, keys []string,
	compose func(m mailer, r recipient, claimed []string) mail.Message) error {
	m, err := a.mailer(ctx)
	if err != nil {
		return err
	}
	var r recipient
	var claimed []string
	err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
		claimed = nil
		u, err := tx.FindUserByID(ctx, user)
		if isms.ErrorCode(err) == isms.NotFound {
			return nil
		} else if err != nil || u.Disabled {
			return err
		}
		r.user = u
		if r.prefs, r.secret, err = ensurePrefs(ctx, tx, user); err != nil {
			return err
		}
		if kind != "" && !r.prefs.Wants(kind) {
			return nil
		}
		for _, k := range keys {
			ok, err := tx.ClaimNotification(ctx, k, user)
			if err != nil {
				return err
			}
			if ok {
				claimed = append(claimed, k)
			}
		}
		return nil
	})
	if err != nil || len(claimed) == 0 {
		return err
	}
	sendErr := m.sender.Send(ctx, compose(m, r, claimed))
	if sendErr == nil {
		return nil
	}
	if err := a.db.Update(ctx, func(tx *sqldb.Tx) error { return tx.ReleaseNotifications(ctx, claimed) }); err != nil {
		return errors.Join(sendErr, err)
	}
	if mail.IsPermanent(sendErr) {
		return jobs.Cancel(sendErr)
	}
	return sendErr
}

// sendAssigned tells a task's owner that it was given to them, if the task
// is still open and still theirs.
func (a *App) sendAssigned(ctx context.Context, args assignedArgs) error {
	var t *isms.Task
	var org *isms.Organization
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if t, err = tx.FindTaskByID(ctx, args.OrgID, args.TaskID); err != nil {
			return err
		}
		org, err = tx.FindOrganizationByID(ctx, args.OrgID)
		return err
	})
	if isms.ErrorCode(err) == isms.NotFound {
		return nil
	} else if err != nil {
		return err
	}
	if t.Status != isms.TaskOpen || t.OwnerID != args.OwnerID {
		return nil
	}
	key := fmt.Sprintf("assigned:%s:%s:%d", t.ID, args.OwnerID, args.Version)
	return a.deliver(ctx, args.OwnerID, isms.NotifyAssigned, []string{key}, func(m mailer, r recipient, _ []string) mail.Message {
		return assignedMail(m, r, org, t, args.By)
	})
}

// sendApprovalRequest asks one approver to decide, if the submission is
// still pending and they have not decided.
func (a *App) sendApprovalRequest(ctx context.Context, args approvalArgs) error {
	var ap *isms.Approval
	var org *isms.Organization
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if ap, err = tx.FindApprovalByID(ctx, args.OrgID, args.ApprovalID); err != nil {
			return err
		}
		org, err = tx.FindOrganizationByID(ctx, args.OrgID)
		return err
	})
	if isms.ErrorCode(err) == isms.NotFound {
		return nil
	} else if err != nil {
		return err
	}
	if ap.Status != isms.ApprovalPending || !awaitsDecision(ap, args.ApproverID) {
		return nil
	}
	key := fmt.Sprintf("approval:%s:%s", ap.ID, args.ApproverID)
	return a.deliver(ctx, args.ApproverID, isms.NotifyApproval, []string{key}, func(m mailer, r recipient, _ []string) mail.Message {
		return approvalMail(m, r, org, ap)
	})
}

// awaitsDecision reports whether user is an approver of ap who has not
// decided yet.
func awaitsDecision(ap *isms.Approval, user isms.ID) bool {
	for _, x := range ap.Approvers {
		if x.UserID == user {
			return x.Decision == ""
		}
	}
	return false
}

// sendTestMail sends the test of the mail settings.
func (a *App) sendTestMail(ctx context.Context, args testMailArgs) error {
	return a.deliver(ctx, args.UserID, "", []string{"test:" + args.Nonce}, testMail)
}

// forgetOldNotifications deletes the keys of notifications sent longer
// ago than sentRetention.
func (a *App) forgetOldNotifications(ctx context.Context) error {
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.DeleteNotificationsSentBefore(ctx, a.now().Add(-sentRetention))
		return err
	})
}

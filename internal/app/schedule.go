// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Schedules are recurring activities. Each generates a task per occurrence
// of its rule, LeadDays ahead of the due date: when it is created or
// changed, and whenever GenerateRecurringTasks runs. An occurrence gets its
// task once, whatever runs the generation and however often.

// objectSchedule is the object type of schedules in the audit trail and in links.
const objectSchedule = "schedule"

// Notes of the tasks a schedule change cancels.
const (
	noteScheduleChanged     = "schedule changed"
	noteScheduleDeactivated = "schedule deactivated"
)

// maxGeneratedPerRun bounds how many tasks one schedule generates in one
// run: a year of daily occurrences. A longer backlog is caught up by the
// next runs.
const maxGeneratedPerRun = 366

func init() {
	linkables[objectSchedule] = linkable{
		label: "schedule",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			s, err := tx.FindScheduleByID(ctx, org, isms.ID(ref))
			if err != nil {
				return "", "", err
			}
			return s.ID, "Schedule: " + s.Title, nil
		},
	}
}

// ScheduleInput is a new schedule as people enter it: the rule as words
// ("every 3 months"), the start as YYYY-MM-DD and the link as "type:id".
type ScheduleInput struct {
	Title       string
	Description string
	OwnerID     isms.ID
	Link        string
	Rule        string
	Start       string
	// LeadDays is how many days ahead tasks are generated; nil means
	// isms.DefaultLeadDays.
	LeadDays *int
}

// CreateSchedule adds a schedule and, in the same transaction, generates
// the tasks of its occurrences due within its lead time, including missed
// ones when it starts in the past. It returns how many tasks it generated.
func (a *App) CreateSchedule(ctx context.Context, actor isms.Actor, in ScheduleInput) (*isms.Schedule, int, error) {
	if err := forbid(actor.Can(isms.AssignWork), "You may not schedule recurring activities."); err != nil {
		return nil, 0, err
	}
	s := &isms.Schedule{ID: isms.NewID("sch"), OrgID: actor.OrgID, Title: in.Title, Description: in.Description,
		OwnerID: in.OwnerID, LeadDays: isms.DefaultLeadDays, Active: true, CreatedBy: actor.UserID}
	if in.LeadDays != nil {
		s.LeadDays = *in.LeadDays
	}
	p := isms.Problems{}
	var err error
	if s.Rule, err = isms.ParseRecurrence(in.Rule); err != nil && strings.TrimSpace(in.Rule) != "" {
		p.Add("rule", isms.ErrorMessage(err))
	}
	if s.Start, err = isms.ParseDate(strings.TrimSpace(in.Start)); err != nil {
		p.Add("start", "Enter the start date as YYYY-MM-DD.")
	}
	var created []*isms.Task
	err = a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if s.Link, err = linkProblem(ctx, tx, actor.OrgID, in.Link, p); err != nil {
			return err
		}
		s.Normalize()
		if s.OwnerID != "" {
			if s.OwnerName, err = activeMemberName(ctx, tx, s.OrgID, s.OwnerID, "owner", p); err != nil {
				return err
			}
		}
		if err := mergeProblems(p, s.Validate()); err != nil {
			return err
		}
		created, err = a.insertSchedule(ctx, tx, actor, s)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return s, len(created), nil
}

// insertSchedule stores the valid schedule s with its audit event and
// generates the tasks of its occurrences due within its lead time, telling
// their owners; it returns the tasks generated.
func (a *App) insertSchedule(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, s *isms.Schedule) ([]*isms.Task, error) {
	if err := tx.InsertSchedule(ctx, s); err != nil {
		return nil, err
	}
	if err := audit(ctx, tx, orgChain(s.OrgID), actor, "schedule.create", objectSchedule, s.ID, scheduleCreated(s)); err != nil {
		return nil, err
	}
	created, err := generate(ctx, tx, actor, s, a.today())
	if err != nil {
		return nil, err
	}
	return created, a.enqueueAssigned(ctx, tx, actor, created...)
}

// scheduleCreated returns the audit changes of a new schedule.
func scheduleCreated(s *isms.Schedule) isms.Changes {
	c := isms.Created(map[string]any{"title": s.Title, "owner": s.OwnerName, "rule": s.Rule.String(),
		"start": s.Start.String(), "leadDays": s.LeadDays})
	if s.Description != "" {
		c["description"] = isms.Change{After: s.Description}
	}
	if !s.Link.IsZero() {
		c["link"] = isms.Change{After: s.Link.String()}
	}
	return c
}

// generate creates the tasks of s's pending occurrences as actor, at most
// maxGeneratedPerRun of them, and records the last occurrence dealt with.
// A task that a schedule change cancelled comes back when its occurrence
// matches the rule again.
func generate(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, s *isms.Schedule, today isms.Date) ([]*isms.Task, error) {
	if !s.Active {
		return nil, nil
	}
	occ := s.Pending(today)
	if len(occ) > maxGeneratedPerRun {
		occ = occ[:maxGeneratedPerRun]
	}
	var created []*isms.Task
	for _, d := range occ {
		t := &isms.Task{ID: isms.NewID("tsk"), OrgID: s.OrgID, Title: s.Title, Description: s.Description,
			OwnerID: s.OwnerID, OwnerName: s.OwnerName, Due: d, Status: isms.TaskOpen, Link: s.Link,
			ScheduleID: s.ID, Occurrence: d}
		ok, err := tx.InsertGeneratedTask(ctx, t)
		if err != nil {
			return nil, err
		}
		if !ok {
			if err := restoreCancelled(ctx, tx, actor, s, d); err != nil {
				return nil, err
			}
			continue
		}
		if err := audit(ctx, tx, orgChain(s.OrgID), actor, "task.create", objectTask, t.ID, taskCreated(t)); err != nil {
			return nil, err
		}
		created = append(created, t)
	}
	if len(occ) == 0 {
		return nil, nil
	}
	s.LastOccurrence = occ[len(occ)-1]
	return created, tx.SetScheduleLastOccurrence(ctx, s.OrgID, s.ID, s.LastOccurrence)
}

// restoreCancelled reopens the task of occurrence d when a schedule change
// cancelled it; a task done, open or cancelled by someone stays as it is.
func restoreCancelled(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, s *isms.Schedule, d isms.Date) error {
	t, err := tx.FindGeneratedTask(ctx, s.OrgID, s.ID, d)
	if err != nil {
		return err
	}
	if t.Status != isms.TaskCancelled || (t.CompletionNote != noteScheduleChanged && t.CompletionNote != noteScheduleDeactivated) {
		return nil
	}
	return reopenTaskIn(ctx, tx, actor, t)
}

// GenerateRecurringTasks runs the generation of every active schedule of
// every organization, as the system, each schedule in its own transaction:
// it creates the tasks that have come within their lead time and catches up
// occurrences missed while it did not run, which become overdue tasks.
// Running it again creates nothing new. It is meant to run periodically
// (daily is enough); a schedule that fails does not stop the others, and
// their errors are returned together with the number of tasks created.
func (a *App) GenerateRecurringTasks(ctx context.Context) (created int, err error) {
	var errs []error
	after := isms.ID("")
	for {
		var refs []sqldb.ScheduleRef
		if err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
			refs, err = tx.FindActiveScheduleRefs(ctx, after, isms.MaxPageSize)
			return err
		}); err != nil {
			return created, err
		}
		for _, ref := range refs {
			n, err := a.generateSchedule(ctx, ref)
			created += n
			if err != nil {
				errs = append(errs, err)
			}
		}
		if len(refs) < isms.MaxPageSize {
			return created, errors.Join(errs...)
		}
		after = refs[len(refs)-1].ID
	}
}

// generateSchedule runs the generation of one schedule.
func (a *App) generateSchedule(ctx context.Context, ref sqldb.ScheduleRef) (int, error) {
	actor := isms.SystemActor(ref.OrgID)
	var created []*isms.Task
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		s, err := tx.FindScheduleByIDForUpdate(ctx, ref.OrgID, ref.ID)
		if err != nil {
			return err
		}
		if created, err = generate(ctx, tx, actor, s, a.today()); err != nil {
			return err
		}
		return a.enqueueAssigned(ctx, tx, actor, created...)
	})
	if err != nil {
		return 0, fmt.Errorf("generate the tasks of schedule %s: %w", ref.ID, err)
	}
	return len(created), nil
}

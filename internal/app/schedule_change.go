// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Changing, deactivating and reading schedules.

// UpdateSchedule changes an active schedule. When its rule or start date
// changes, the open tasks it generated for occurrences after today that no
// longer match are cancelled with the note "schedule changed", and
// generation runs again from today; tasks already done, due today or
// overdue stay as they are ("missed occurrences stay visible as overdue").
// A new owner, title, description or link is carried to the open tasks of
// occurrences after today. It returns how many tasks it generated.
func (a *App) UpdateSchedule(ctx context.Context, actor isms.Actor, id isms.ID, upd isms.ScheduleUpdate) (*isms.Schedule, int, error) {
	if err := forbid(actor.Can(isms.AssignWork), "You may not change schedules."); err != nil {
		return nil, 0, err
	}
	var s *isms.Schedule
	var created, reassigned []*isms.Task
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if s, err = tx.FindScheduleByIDForUpdate(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if upd.Version != s.Version {
			return isms.Errorf(isms.Conflict, "Someone else changed this schedule while you were editing it (version %d is now %d). Reload to see their changes, then make yours again.", upd.Version, s.Version)
		}
		if !s.Active {
			return isms.Errorf(isms.Conflict, "This schedule is deactivated and can no longer change; create a new one instead.")
		}
		p := isms.Problems{}
		changes := upd.Apply(s, p)
		if err := a.applyScheduleOwnerAndLink(ctx, tx, s, upd, changes, p); err != nil {
			return err
		}
		if err := mergeProblems(p, s.Validate()); err != nil {
			return err
		}
		if len(changes) == 0 {
			return nil
		}
		today := a.today()
		_, ruleChanged := changes["rule"]
		_, startChanged := changes["start"]
		if ruleChanged || startChanged {
			// Generate from today under the new rule, never into the past.
			s.LastOccurrence = today.AddDays(-1)
		}
		if err := tx.UpdateSchedule(ctx, s); err != nil {
			return err
		}
		if err := audit(ctx, tx, orgChain(s.OrgID), actor, "schedule.update", objectSchedule, s.ID, changes); err != nil {
			return err
		}
		if reassigned, err = syncFutureTasks(ctx, tx, actor, s, today); err != nil {
			return err
		}
		if created, err = generate(ctx, tx, actor, s, today); err != nil {
			return err
		}
		return a.enqueueAssigned(ctx, tx, actor, append(reassigned, created...)...)
	})
	if err != nil {
		return nil, 0, err
	}
	return s, len(created), nil
}

// applyScheduleOwnerAndLink changes s's owner and link when upd asks to,
// recording the changes and any problems.
func (a *App) applyScheduleOwnerAndLink(ctx context.Context, tx *sqldb.Tx, s *isms.Schedule, upd isms.ScheduleUpdate, c isms.Changes, p isms.Problems) error {
	if upd.OwnerID != nil && *upd.OwnerID != s.OwnerID {
		if *upd.OwnerID == "" {
			p.Add("owner", "Choose who owns the generated tasks.")
		} else {
			name, err := activeMemberName(ctx, tx, s.OrgID, *upd.OwnerID, "owner", p)
			if err != nil {
				return err
			}
			c["owner"] = isms.Change{Before: s.OwnerName, After: name}
			s.OwnerID, s.OwnerName = *upd.OwnerID, name
		}
	}
	if upd.Link != nil {
		l, err := linkProblem(ctx, tx, s.OrgID, *upd.Link, p)
		if err != nil {
			return err
		}
		if _, bad := p["link"]; !bad && l != s.Link {
			c["link"] = isms.Change{Before: linkText(s.Link), After: linkText(l)}
			s.Link = l
		}
	}
	return nil
}

// syncFutureTasks brings the open tasks s generated for occurrences after
// today in line with s: those whose occurrence no longer matches the rule
// are cancelled, the others take its title, description, owner and link.
// It returns the tasks that changed owner.
func syncFutureTasks(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, s *isms.Schedule, today isms.Date) ([]*isms.Task, error) {
	list, err := tx.FindOpenGeneratedTasks(ctx, s.OrgID, s.ID, today)
	if err != nil {
		return nil, err
	}
	var reassigned []*isms.Task
	for _, t := range list {
		if !s.Matches(t.Occurrence) {
			if err := closeTaskIn(ctx, tx, actor, t, isms.TaskCancelled, noteScheduleChanged, "task.cancel"); err != nil {
				return nil, err
			}
			continue
		}
		c := isms.Changes{}
		c.Set("title", &t.Title, &s.Title)
		c.Set("description", &t.Description, &s.Description)
		if t.OwnerID != s.OwnerID {
			c["owner"] = isms.Change{Before: t.OwnerName, After: s.OwnerName}
			t.OwnerID, t.OwnerName = s.OwnerID, s.OwnerName
			reassigned = append(reassigned, t)
		}
		if t.Link != s.Link {
			c["link"] = isms.Change{Before: linkText(t.Link), After: linkText(s.Link)}
			t.Link = s.Link
		}
		if len(c) == 0 {
			continue
		}
		if err := tx.UpdateTask(ctx, t); err != nil {
			return nil, err
		}
		if err := audit(ctx, tx, orgChain(s.OrgID), actor, "task.update", objectTask, t.ID, c); err != nil {
			return nil, err
		}
	}
	return reassigned, nil
}

// DeactivateSchedule stops a schedule: it generates nothing more, and the
// open tasks of its occurrences after today are cancelled with the note
// "schedule deactivated". Tasks done, due today or overdue stay.
func (a *App) DeactivateSchedule(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.Schedule, error) {
	if err := forbid(actor.Can(isms.AssignWork), "You may not change schedules."); err != nil {
		return nil, err
	}
	var s *isms.Schedule
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if s, err = tx.FindScheduleByIDForUpdate(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if !s.Active {
			return isms.Errorf(isms.Conflict, "This schedule is deactivated already.")
		}
		s.Active = false
		if err := tx.UpdateSchedule(ctx, s); err != nil {
			return err
		}
		if err := audit(ctx, tx, orgChain(s.OrgID), actor, "schedule.deactivate", objectSchedule, s.ID,
			isms.Changes{"active": {Before: true, After: false}}); err != nil {
			return err
		}
		list, err := tx.FindOpenGeneratedTasks(ctx, s.OrgID, s.ID, a.today())
		if err != nil {
			return err
		}
		for _, t := range list {
			if err := closeTaskIn(ctx, tx, actor, t, isms.TaskCancelled, noteScheduleDeactivated, "task.cancel"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// FindSchedules lists the schedules of the actor's organization.
func (a *App) FindSchedules(ctx context.Context, actor isms.Actor, f isms.ScheduleFilter) ([]*isms.Schedule, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see schedules."); err != nil {
		return nil, 0, err
	}
	f.OrgID = actor.OrgID
	var list []*isms.Schedule
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindSchedules(ctx, f)
		return err
	})
	return list, total, err
}

// FindSchedule returns one schedule of the actor's organization.
func (a *App) FindSchedule(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.Schedule, error) {
	d, err := a.FindScheduleDetail(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return d.Schedule, nil
}

// ScheduleDetail is a schedule with what its page shows around it.
type ScheduleDetail struct {
	Schedule *isms.Schedule
	// Link is the record the schedule concerns with its current title; nil
	// when it concerns none.
	Link *ResolvedLink
	// Next are the next occurrences from today, for an active schedule.
	Next []isms.Date
}

// FindScheduleDetail returns a schedule with its link described and its
// next five occurrences.
func (a *App) FindScheduleDetail(ctx context.Context, actor isms.Actor, id isms.ID) (*ScheduleDetail, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see schedules."); err != nil {
		return nil, err
	}
	d := &ScheduleDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if d.Schedule, err = tx.FindScheduleByID(ctx, actor.OrgID, id); err != nil {
			return err
		}
		if !d.Schedule.Link.IsZero() {
			links, err := describeLinks(ctx, tx, actor.OrgID, []isms.Link{d.Schedule.Link})
			if err != nil {
				return err
			}
			d.Link = &links[0]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if d.Schedule.Active {
		d.Next = d.Schedule.Rule.Next(d.Schedule.Start, a.today(), 5)
	}
	return d, nil
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The effectiveness check (10.2 d): once every corrective action is
// closed, the owner schedules the check (a task for them due that day,
// nc_actions kind "check") and records its result on the nonconformity's
// page. Effective closes the nonconformity; ineffective reopens it with a
// new corrective action.

// ScheduleEffectivenessCheck schedules the effectiveness check of a
// verifying nonconformity (every action closed) on day: a task for its
// owner due that day.
func (a *App) ScheduleEffectivenessCheck(ctx context.Context, actor isms.Actor, id isms.ID, version int, day isms.Date) (*isms.Nonconformity, error) {
	return a.changeNC(ctx, actor, id, version, "nonconformity.check_scheduled", func(tx *sqldb.Tx, n *isms.Nonconformity) (isms.Changes, error) {
		if err := checkReady(ctx, tx, n); err != nil {
			return nil, err
		}
		p := isms.Problems{}
		switch {
		case day.IsZero():
			p.Add("checkDue", "Choose the day of the check.")
		case day.Before(a.today()):
			p.Add("checkDue", "Choose a day from today on.")
		}
		if n.OwnerID == "" {
			p.Add("owner", "Give "+n.Ref+" an owner first: the owner carries out the effectiveness check.")
		}
		if len(p) > 0 {
			return nil, p.Err()
		}
		t := &isms.Task{ID: isms.NewID("tsk"), OrgID: n.OrgID, Title: "Effectiveness check of " + n.Ref + ": " + n.Title,
			Description: "Check whether the corrective actions of nonconformity " + n.Ref + " worked, and record the result on its page.",
			OwnerID:     n.OwnerID, Due: day, Status: isms.TaskOpen, Link: isms.Link{Type: objectNonconformity, ID: n.ID}, CreatedBy: actor.UserID}
		if err := insertTask(ctx, tx, actor, t, isms.Problems{}); err != nil {
			return nil, err
		}
		if err := tx.InsertNCAction(ctx, n.OrgID, n.ID, t.ID, isms.NCActionCheck); err != nil {
			return nil, err
		}
		ch := isms.Changes{"checkDue": {Before: n.CheckDue.String(), After: day.String()}}
		old := n.CheckTaskID
		n.CheckDue, n.CheckTaskID = day, t.ID
		if old != "" {
			if err := tx.UpdateNonconformity(ctx, n, n.Version); err != nil {
				return nil, err
			}
			if err := cancelOpenTask(ctx, tx, actor, n.OrgID, old, "The check of "+n.Ref+" is rescheduled to "+day.String()+"."); err != nil {
				return nil, err
			}
		}
		return ch, a.enqueueAssigned(ctx, tx, actor, t)
	})
}

// checkReady refuses a check of n unless n is verifying: it has a
// corrective action done and none open.
func checkReady(ctx context.Context, tx *sqldb.Tx, n *isms.Nonconformity) error {
	open, done, err := actionCounts(ctx, tx, n)
	if err != nil {
		return err
	}
	if n.Status != isms.NCVerifying || open > 0 || done == 0 {
		return isms.Errorf(isms.Conflict, "%s is not ready for its effectiveness check: complete its corrective actions first.", n.Ref)
	}
	return nil
}

// actionCounts counts the corrective actions of n open and done
// (cancelled ones count in neither).
func actionCounts(ctx context.Context, tx *sqldb.Tx, n *isms.Nonconformity) (open, done int, err error) {
	list, err := tx.FindNCActions(ctx, n.OrgID, n.ID)
	for _, x := range list {
		switch {
		case x.Kind != isms.NCActionCorrective:
		case x.Status == isms.TaskOpen:
			open++
		case x.Status == isms.TaskDone:
			done++
		}
	}
	return open, done, err
}

// CheckInput is an effectiveness check's result.
type CheckInput struct {
	Effective bool
	Note      string
	// Action is the new corrective action an ineffective result requires.
	Action *ActionInput
}

// RecordEffectiveness records the scheduled check's result: effective
// closes the nonconformity; ineffective reopens it (in_action) with the
// new action. The check's task is completed with the note.
func (a *App) RecordEffectiveness(ctx context.Context, actor isms.Actor, id isms.ID, version int, in CheckInput) (*isms.Nonconformity, error) {
	return a.changeNC(ctx, actor, id, version, "nonconformity.check", func(tx *sqldb.Tx, n *isms.Nonconformity) (isms.Changes, error) {
		if n.Status != isms.NCVerifying || n.CheckTaskID == "" {
			return nil, isms.Errorf(isms.Conflict, "Schedule the effectiveness check of %s before recording its result.", n.Ref)
		}
		p := isms.Problems{}
		note := strings.TrimSpace(in.Note)
		if note == "" {
			p.Add("note", "Say what was checked and what was found.")
		}
		c := isms.EffectivenessCheck{Step: a.stepBy(actor), Effective: in.Effective, Note: note, TaskID: n.CheckTaskID}
		n.Checks = append(n.Checks, c)
		n.CheckDue, n.CheckTaskID = isms.Date{}, ""
		ch := isms.Changes{"result": {After: checkResult(in.Effective)}, "note": {After: note}}
		if in.Effective {
			ch["status"] = isms.Change{Before: string(n.Status), After: string(isms.NCClosed)}
			n.Status, n.ClosedOn = isms.NCClosed, a.today()
		} else if err := a.reopenWithAction(ctx, tx, actor, n, in.Action, ch, p); err != nil {
			return nil, err
		}
		if len(p) > 0 {
			return nil, p.Err()
		}
		// Stored before its task closes: the task hook lets a check task
		// close only once its nonconformity no longer names it.
		if err := tx.UpdateNonconformity(ctx, n, n.Version); err != nil {
			return nil, err
		}
		t, err := tx.FindTaskByIDForUpdate(ctx, n.OrgID, c.TaskID)
		if err != nil || t.Status != isms.TaskOpen {
			return ch, err
		}
		return ch, closeTaskIn(ctx, tx, actor, t, isms.TaskDone, note, "task.complete")
	})
}

// reopenWithAction adds the new corrective action an ineffective check of
// n calls for, reporting its problems in p under "action.<field>", and
// moves n back to in_action.
func (a *App) reopenWithAction(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, n *isms.Nonconformity, in *ActionInput, ch isms.Changes, p isms.Problems) error {
	if in == nil {
		p.Add("action.title", "An ineffective check calls for a new corrective action: give its title, owner and due date.")
		return nil
	}
	sub := isms.Problems{}
	_, ach, err := a.insertNCAction(ctx, tx, actor, n, *in, sub)
	for f, msg := range isms.ErrorFields(err) {
		p.Add("action."+f, msg)
	}
	if err != nil && isms.ErrorFields(err) == nil {
		return err
	}
	for k, v := range ach {
		ch["action."+k] = v
	}
	ch["status"] = isms.Change{Before: string(n.Status), After: string(isms.NCInAction)}
	n.Status = isms.NCInAction
	return nil
}

// checkResult names a check's result for the audit trail.
func checkResult(effective bool) string {
	if effective {
		return "effective"
	}
	return "ineffective"
}

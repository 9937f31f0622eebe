// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Corrective actions are tasks linked to their nonconformity (and,
// through record links from the task, to the controls, documents or
// risks they change), listed in nc_actions with kind "action". They
// appear in their owners' work like any task, and closing them moves the
// nonconformity on (see nonconformity_hook.go).

// ActionInput is a corrective action as people enter it.
type ActionInput struct {
	Title   string
	OwnerID isms.ID
	Due     isms.Date
	// Changes are the controls, documents or risks the action changes, by
	// reference or type:id, comma-separated ("C-3, R-12").
	Changes string
}

// AddCorrectiveAction adds a corrective action (a task for its owner,
// linked to the nonconformity and to the records it changes) to a
// nonconformity that is not closed, read at version; it moves it to
// in_action (a verifying one back to in_action).
func (a *App) AddCorrectiveAction(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ActionInput) (*isms.NCAction, error) {
	var x *isms.NCAction
	_, err := a.changeNC(ctx, actor, id, version, "nonconformity.action", func(tx *sqldb.Tx, n *isms.Nonconformity) (isms.Changes, error) {
		var ch isms.Changes
		var err error
		if x, ch, err = a.insertNCAction(ctx, tx, actor, n, in, isms.Problems{}); err != nil {
			return nil, err
		}
		return ch, backToAction(ctx, tx, actor, n, ch, "A corrective action was added to "+n.Ref+".")
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// insertNCAction stores the task of a new corrective action of n, its
// nc_actions row and its links to the records it changes, reporting every
// problem at once (in p as well). It does not store n.
func (a *App) insertNCAction(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, n *isms.Nonconformity, in ActionInput, p isms.Problems) (*isms.NCAction, isms.Changes, error) {
	byType, err := resolveMixedRefs(ctx, tx, n.OrgID, in.Changes, "changes", p)
	if err != nil {
		return nil, nil, err
	}
	t := &isms.Task{ID: isms.NewID("tsk"), OrgID: n.OrgID, Title: in.Title, OwnerID: in.OwnerID, Due: in.Due,
		Description: "Corrective action of nonconformity " + n.Ref + ": " + n.Title,
		Status:      isms.TaskOpen, Link: isms.Link{Type: objectNonconformity, ID: n.ID}, CreatedBy: actor.UserID}
	if err := insertTask(ctx, tx, actor, t, p); err != nil {
		return nil, nil, err
	}
	if err := tx.InsertNCAction(ctx, n.OrgID, n.ID, t.ID, isms.NCActionCorrective); err != nil {
		return nil, nil, err
	}
	ch, err := setMixedLinks(ctx, tx, n.OrgID, isms.Link{Type: objectTask, ID: t.ID}, byType, "changes")
	if err != nil {
		return nil, nil, err
	}
	ch["action"] = isms.Change{After: t.Title}
	ch["owner"] = isms.Change{After: t.OwnerName}
	ch["due"] = isms.Change{After: t.Due.String()}
	if err := a.enqueueAssigned(ctx, tx, actor, t); err != nil {
		return nil, nil, err
	}
	x, err := tx.FindNCActionByTask(ctx, n.OrgID, t.ID)
	if err != nil {
		return nil, nil, err
	}
	x.Changes, err = taskChanges(ctx, tx, n.OrgID, t.ID)
	return x, ch, err
}

// taskChanges returns the records task links to (what its action
// changes).
func taskChanges(ctx context.Context, tx *sqldb.Tx, org, task isms.ID) ([]isms.Link, error) {
	out, _, err := tx.FindRecordLinks(ctx, org, isms.Link{Type: objectTask, ID: task})
	if out == nil {
		out = []isms.Link{}
	}
	return out, err
}

// ncActions returns the tasks of n with what each action changes.
func ncActions(ctx context.Context, tx *sqldb.Tx, n *isms.Nonconformity) ([]*isms.NCAction, error) {
	list, err := tx.FindNCActions(ctx, n.OrgID, n.ID)
	if err != nil {
		return nil, err
	}
	for _, x := range list {
		if x.Changes, err = taskChanges(ctx, tx, n.OrgID, x.TaskID); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// backToAction moves n, which has an open corrective action again, to
// in_action, recording the move in ch; a scheduled effectiveness check is
// withdrawn and its task cancelled with reason. To withdraw a check it
// stores n first, so that the task it cancels is no longer n's check (the
// task hook refuses to close the check n names).
func backToAction(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, n *isms.Nonconformity, ch isms.Changes, reason string) error {
	if n.Status != isms.NCInAction {
		ch["status"] = isms.Change{Before: string(n.Status), After: string(isms.NCInAction)}
		n.Status = isms.NCInAction
	}
	old := n.CheckTaskID
	if old == "" {
		return nil
	}
	ch["checkDue"] = isms.Change{Before: n.CheckDue.String()}
	n.CheckDue, n.CheckTaskID = isms.Date{}, ""
	if err := tx.UpdateNonconformity(ctx, n, n.Version); err != nil {
		return err
	}
	return cancelOpenTask(ctx, tx, actor, n.OrgID, old, reason)
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Closing and reopening the tasks of a nonconformity, from wherever it is
// done (the task pages, "my work", the API), moves the nonconformity on:
// a corrective action closes only once the correction and the root cause
// are recorded; the last one closed makes the nonconformity await its
// effectiveness check; one reopened takes it back to corrective action.
// The check's own task closes only through the check's result.

func init() {
	taskStatusHooks[objectNonconformity] = ncTaskStatusChanged
}

// ncTaskStatusChanged is the task status hook of nonconformities.
func ncTaskStatusChanged(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, t *isms.Task, before isms.TaskStatus) error {
	x, err := tx.FindNCActionByTask(ctx, t.OrgID, t.ID)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil // a task about the nonconformity, not one of its actions
	} else if err != nil {
		return err
	}
	n, err := tx.FindNonconformityByIDForUpdate(ctx, t.OrgID, x.NonconformityID)
	if err != nil {
		return err
	}
	switch {
	case x.Kind == isms.NCActionCheck && t.Status == isms.TaskOpen:
		return isms.Errorf(isms.Conflict, "An effectiveness check of %s cannot reopen; schedule a new check on %s's page.", n.Ref, n.Ref)
	case x.Kind == isms.NCActionCheck:
		if n.CheckTaskID == t.ID {
			return isms.Errorf(isms.Conflict, "Record the effectiveness check on %s's page.", n.Ref)
		}
		return nil
	case t.Status == isms.TaskOpen:
		return actionReopened(ctx, tx, actor, n, t)
	}
	return actionClosed(ctx, tx, actor, n, t)
}

// actionClosed refuses to mark a corrective action of n done before n's
// correction and root cause are recorded, and moves n to verifying once
// no action is open and one is done.
func actionClosed(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, n *isms.Nonconformity, t *isms.Task) error {
	if t.Status == isms.TaskDone && !n.ReadyToCloseActions() {
		return isms.Errorf(isms.Conflict, "Record the correction and the root cause of %s before closing its corrective actions.", n.Ref)
	}
	open, done, err := actionCounts(ctx, tx, n)
	if err != nil || open > 0 || done == 0 || n.Status != isms.NCInAction {
		return err
	}
	return moveNC(ctx, tx, actor, n, isms.NCVerifying, t)
}

// actionReopened takes n back to corrective action when one of its
// actions reopens, withdrawing a scheduled check; the actions of a closed
// nonconformity stay closed.
func actionReopened(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, n *isms.Nonconformity, t *isms.Task) error {
	switch n.Status {
	case isms.NCClosed:
		return isms.Errorf(isms.Conflict, "%s is closed; its corrective actions cannot reopen. Raise a new nonconformity instead.", n.Ref)
	case isms.NCInAction:
		return nil
	}
	ch := isms.Changes{"task": {After: t.Title}}
	if err := backToAction(ctx, tx, actor, n, ch, "A corrective action of "+n.Ref+" was reopened."); err != nil {
		return err
	}
	if err := tx.UpdateNonconformity(ctx, n, n.Version); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(n.OrgID), actor, "nonconformity.update", objectNonconformity, n.ID, ch)
}

// moveNC stores n's move to status, caused by task t, with its audit
// event.
func moveNC(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, n *isms.Nonconformity, status isms.NCStatus, t *isms.Task) error {
	ch := isms.Changes{"status": {Before: string(n.Status), After: string(status)}, "task": {After: t.Title}}
	n.Status = status
	if err := tx.UpdateNonconformity(ctx, n, n.Version); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(n.OrgID), actor, "nonconformity.update", objectNonconformity, n.ID, ch)
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The owner answers a request through their task: it is due on the
// request's due date and linked to the request. The request moves its
// task, never the other way round: completing or cancelling the current
// task from the task pages is refused, since only an answer with evidence
// answers a request and only the auditor withdraws one.

func init() {
	taskStatusHooks[objectEvidenceRequest] = requestTaskStatusChanged
}

// requestTaskStatusChanged is the task status hook of evidence requests.
func requestTaskStatusChanged(ctx context.Context, tx *sqldb.Tx, _ isms.Actor, t *isms.Task, _ isms.TaskStatus) error {
	r, err := tx.FindEvidenceRequestByTask(ctx, t.OrgID, t.ID)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil // a task of an earlier round, or one merely about the request
	} else if err != nil {
		return err
	}
	switch {
	case t.Status == isms.TaskDone && r.Status == isms.RequestOpen:
		return isms.Errorf(isms.Conflict, "Answer evidence request %s with the evidence: completing its task alone does not answer it.", r.Ref)
	case t.Status == isms.TaskCancelled && r.Status == isms.RequestOpen:
		return isms.Errorf(isms.Conflict, "Cancel evidence request %s instead: cancelling its task alone does not withdraw it.", r.Ref)
	case t.Status == isms.TaskOpen && r.Status != isms.RequestOpen:
		return requestStatusConflict(r)
	}
	return nil
}

// requestTaskTitle is the title of the task that answers r.
func requestTaskTitle(r *isms.EvidenceRequest) string {
	return clipRunes("Evidence request "+r.Ref+": "+r.Title, isms.MaxNameLen)
}

// openRequestTask creates r's current task (r.TaskID) for its owner, due
// on its due date, with description.
func (a *App) openRequestTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.EvidenceRequest, description string) error {
	t := &isms.Task{ID: r.TaskID, OrgID: r.OrgID, Title: requestTaskTitle(r), Description: description, OwnerID: r.OwnerID,
		Due: r.DueOn, Status: isms.TaskOpen, Link: isms.Link{Type: objectEvidenceRequest, ID: r.ID}, CreatedBy: actor.UserID}
	if err := insertTask(ctx, tx, actor, t, isms.Problems{}); err != nil {
		return err
	}
	return a.enqueueAssigned(ctx, tx, actor, t)
}

// openTaskOf returns r's current task, locked, or nil when it is no
// longer open (or was deleted).
func openTaskOf(ctx context.Context, tx *sqldb.Tx, r *isms.EvidenceRequest) (*isms.Task, error) {
	t, err := tx.FindTaskByIDForUpdate(ctx, r.OrgID, r.TaskID)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil, nil
	} else if err != nil || t.Status != isms.TaskOpen {
		return nil, err
	}
	return t, nil
}

// completeRequestTask completes r's open task with note, as actor; r
// must be stored as answered first, for the task hook to allow it.
func completeRequestTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.EvidenceRequest, note string) error {
	t, err := openTaskOf(ctx, tx, r)
	if err != nil || t == nil {
		return err
	}
	return closeTaskIn(ctx, tx, actor, t, isms.TaskDone, note, "task.complete")
}

// syncRequestTask makes r's open task follow r's title, owner and due
// date, recording the change and notifying a new owner.
func (a *App) syncRequestTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.EvidenceRequest) error {
	t, err := openTaskOf(ctx, tx, r)
	if err != nil || t == nil {
		return err
	}
	ch := diffSupport(fieldDiff{"title", t.Title, requestTaskTitle(r)}, fieldDiff{"due", t.Due.String(), r.DueOn.String()})
	reassigned := t.OwnerID != r.OwnerID
	if reassigned {
		ch["owner"] = isms.Change{Before: t.OwnerName, After: r.OwnerName}
	}
	if len(ch) == 0 {
		return nil
	}
	t.Title, t.OwnerID, t.OwnerName, t.Due = requestTaskTitle(r), r.OwnerID, r.OwnerName, r.DueOn
	if err := tx.UpdateTask(ctx, t); err != nil {
		return err
	}
	if err := audit(ctx, tx, orgChain(t.OrgID), actor, "task.update", objectTask, t.ID, ch); err != nil || !reassigned {
		return err
	}
	return a.enqueueAssigned(ctx, tx, actor, t)
}

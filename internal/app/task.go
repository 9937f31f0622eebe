// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Tasks are anyone's work with a due date. Whoever holds isms.AssignWork
// creates, assigns, edits and cancels them; a task's owner completes it
// even without that permission. Members who may not read the ISMS
// (employees) see their own tasks only: anyone else's is not found for them.

// objectTask is the object type of tasks in the audit trail and in links.
const objectTask = "task"

func init() {
	linkables[objectTask] = linkable{
		label: "task",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			t, err := tx.FindTaskByID(ctx, org, isms.ID(ref))
			if err != nil {
				return "", "", err
			}
			return t.ID, "Task: " + t.Title, nil
		},
	}
}

// TaskInput is a new task as people enter it: the due date as YYYY-MM-DD
// and the link as "type:id", so that pages and the API report a bad one
// the same way.
type TaskInput struct {
	Title       string
	Description string
	OwnerID     isms.ID
	Due         string
	Link        string // "" when the task concerns no record
}

// CreateTask adds a task for in.OwnerID, who must be an active member.
func (a *App) CreateTask(ctx context.Context, actor isms.Actor, in TaskInput) (*isms.Task, error) {
	if err := forbid(actor.Can(isms.AssignWork), "You may not create tasks."); err != nil {
		return nil, err
	}
	t := &isms.Task{ID: isms.NewID("tsk"), OrgID: actor.OrgID, Title: in.Title, Description: in.Description,
		OwnerID: in.OwnerID, Status: isms.TaskOpen, CreatedBy: actor.UserID}
	p := isms.Problems{}
	due, err := isms.ParseDate(strings.TrimSpace(in.Due))
	if err != nil {
		p.Add("due", "Enter the due date as YYYY-MM-DD.")
	}
	t.Due = due
	err = a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if t.Link, err = linkProblem(ctx, tx, actor.OrgID, in.Link, p); err != nil {
			return err
		}
		if err := insertTask(ctx, tx, actor, t, p); err != nil {
			return err
		}
		return a.enqueueAssigned(ctx, tx, actor, t)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// insertTask checks t (its owner must be an active member of the
// organization), stores it and records its creation, adding its problems
// to p and reporting them all at once. Use cases that create tasks as part
// of their work call it in their transaction.
func insertTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, t *isms.Task, p isms.Problems) error {
	t.Normalize()
	if t.OwnerID != "" {
		name, err := activeMemberName(ctx, tx, t.OrgID, t.OwnerID, "owner", p)
		if err != nil {
			return err
		}
		t.OwnerName = name
	}
	if err := mergeProblems(p, t.Validate()); err != nil {
		return err
	}
	if err := tx.InsertTask(ctx, t); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(t.OrgID), actor, "task.create", objectTask, t.ID, taskCreated(t))
}

// taskCreated returns the audit changes of a new task.
func taskCreated(t *isms.Task) isms.Changes {
	c := isms.Created(map[string]any{"title": t.Title, "owner": t.OwnerName, "due": t.Due.String(), "status": string(t.Status)})
	if t.Description != "" {
		c["description"] = isms.Change{After: t.Description}
	}
	if !t.Link.IsZero() {
		c["link"] = isms.Change{After: t.Link.String()}
	}
	if t.ScheduleID != "" {
		c["schedule"] = isms.Change{After: string(t.ScheduleID)}
		c["occurrence"] = isms.Change{After: t.Occurrence.String()}
	}
	return c
}

// activeMemberName returns the name of user when they are an enabled
// member of org; otherwise it records a problem for field in p.
func activeMemberName(ctx context.Context, tx *sqldb.Tx, org, user isms.ID, field string, p isms.Problems) (string, error) {
	_, err := tx.FindMembership(ctx, org, user)
	if isms.ErrorCode(err) == isms.NotFound {
		p.Add(field, "Choose a member of this organization.")
		return "", nil
	} else if err != nil {
		return "", err
	}
	u, err := tx.FindUserByID(ctx, user)
	if err != nil {
		return "", err
	}
	if u.Disabled {
		p.Add(field, u.Name+"'s account is disabled; choose an active member.")
	}
	return u.Name, nil
}

// linkProblem reads and resolves a link written as "type:id" ("" for
// none), recording what is wrong with it in p under "link".
func linkProblem(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string, p isms.Problems) (isms.Link, error) {
	if strings.TrimSpace(s) == "" {
		return isms.Link{}, nil
	}
	l, err := isms.ParseLink(s)
	if err != nil {
		p.Add("link", isms.ErrorMessage(err))
		return isms.Link{}, nil
	}
	r, err := resolveLink(ctx, tx, org, l, "link")
	if err := addProblems(p, err); err != nil {
		return isms.Link{}, err
	}
	return r.Link, nil
}

// addProblems adds the field problems of err to p; an error without
// fields is returned as it is.
func addProblems(p isms.Problems, err error) error {
	if err != nil && isms.ErrorFields(err) == nil {
		return err
	}
	for f, msg := range isms.ErrorFields(err) {
		p.Add(f, msg)
	}
	return nil
}

// mergeProblems adds the field problems of err to p and returns p as an
// error, nil when there are none; an error without fields is returned as
// it is.
func mergeProblems(p isms.Problems, err error) error {
	if err := addProblems(p, err); err != nil {
		return err
	}
	return p.Err()
}

// findTaskFor returns task id, locked, when the actor may see it; a task
// of someone else is not found for members who may not read the ISMS.
func findTaskFor(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, id isms.ID) (*isms.Task, error) {
	t, err := tx.FindTaskByIDForUpdate(ctx, actor.OrgID, id)
	if err != nil {
		return nil, err
	}
	if t.OwnerID != actor.UserID && !actor.Can(isms.ReadISMS) {
		return nil, isms.Errorf(isms.NotFound, "No such task.")
	}
	return t, nil
}

// UpdateTask edits an open task: its text, due date, owner or link.
func (a *App) UpdateTask(ctx context.Context, actor isms.Actor, id isms.ID, upd isms.TaskUpdate) (*isms.Task, error) {
	if err := forbid(actor.Can(isms.AssignWork), "You may not edit tasks."); err != nil {
		return nil, err
	}
	var t *isms.Task
	var reassigned bool
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if t, err = findTaskFor(ctx, tx, actor, id); err != nil {
			return err
		}
		if upd.Version != t.Version {
			return isms.Errorf(isms.Conflict, "Someone else changed this task while you were editing it (version %d is now %d). Reload to see their changes, then make yours again.", upd.Version, t.Version)
		}
		if t.Status != isms.TaskOpen {
			return isms.Errorf(isms.Conflict, "This task is %s; reopen it before changing it.", t.Status)
		}
		p := isms.Problems{}
		changes := upd.Apply(t, p)
		if err := a.applyOwnerAndLink(ctx, tx, t, upd.OwnerID, upd.Link, changes, p); err != nil {
			return err
		}
		if err := mergeProblems(p, t.Validate()); err != nil {
			return err
		}
		if len(changes) == 0 {
			return nil
		}
		_, reassigned = changes["owner"]
		if err := tx.UpdateTask(ctx, t); err != nil {
			return err
		}
		if err := audit(ctx, tx, orgChain(actor.OrgID), actor, "task.update", objectTask, t.ID, changes); err != nil || !reassigned {
			return err
		}
		return a.enqueueAssigned(ctx, tx, actor, t)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// applyOwnerAndLink changes t's owner and link when asked to, recording
// the changes and any problems.
func (a *App) applyOwnerAndLink(ctx context.Context, tx *sqldb.Tx, t *isms.Task, owner *isms.ID, link *string, c isms.Changes, p isms.Problems) error {
	if owner != nil && *owner != t.OwnerID {
		if *owner == "" {
			p.Add("owner", "Choose who owns the task.")
		} else {
			name, err := activeMemberName(ctx, tx, t.OrgID, *owner, "owner", p)
			if err != nil {
				return err
			}
			c["owner"] = isms.Change{Before: t.OwnerName, After: name}
			t.OwnerID, t.OwnerName = *owner, name
		}
	}
	if link != nil {
		l, err := linkProblem(ctx, tx, t.OrgID, *link, p)
		if err != nil {
			return err
		}
		if _, bad := p["link"]; !bad && l != t.Link {
			c["link"] = isms.Change{Before: linkText(t.Link), After: linkText(l)}
			t.Link = l
		}
	}
	return nil
}

// linkText is a link as the audit trail records it; "" for none.
func linkText(l isms.Link) string {
	if l.IsZero() {
		return ""
	}
	return l.String()
}

// writesOwnWork reports whether the actor may change their own tasks: any
// member, except through a read-only API token.
func writesOwnWork(actor isms.Actor) bool {
	return actor.Can(isms.ReadOwnWork) && actor.Scope != isms.ScopeRead
}

// CompleteTask marks an open task done with a note. Its owner may, and
// anyone who may assign work.
func (a *App) CompleteTask(ctx context.Context, actor isms.Actor, id isms.ID, note string) (*isms.Task, error) {
	if err := forbid(writesOwnWork(actor), "You may not complete tasks."); err != nil {
		return nil, err
	}
	return a.closeTask(ctx, actor, id, isms.TaskDone, note, "task.complete")
}

// CancelTask closes an open task that no longer needs doing; the reason is
// required and kept as the task's note.
func (a *App) CancelTask(ctx context.Context, actor isms.Actor, id isms.ID, reason string) (*isms.Task, error) {
	if err := forbid(actor.Can(isms.AssignWork), "You may not cancel tasks."); err != nil {
		return nil, err
	}
	if strings.TrimSpace(reason) == "" {
		return nil, isms.Problems{"reason": "Say why the task is cancelled."}.Err()
	}
	return a.closeTask(ctx, actor, id, isms.TaskCancelled, reason, "task.cancel")
}

func (a *App) closeTask(ctx context.Context, actor isms.Actor, id isms.ID, status isms.TaskStatus, note, action string) (*isms.Task, error) {
	var t *isms.Task
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if t, err = findTaskFor(ctx, tx, actor, id); err != nil {
			return err
		}
		if t.OwnerID != actor.UserID && !actor.Can(isms.AssignWork) {
			return isms.Errorf(isms.Forbidden, "Only the task's owner, or someone who assigns work, may close it.")
		}
		return closeTaskIn(ctx, tx, actor, t, status, note, action)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// closeTaskIn closes the open task t as actor with status and note, and
// records it under action.
func closeTaskIn(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, t *isms.Task, status isms.TaskStatus, note, action string) error {
	if t.Status != isms.TaskOpen {
		return isms.Errorf(isms.Conflict, "This task is already %s.", t.Status)
	}
	field := "note"
	if status == isms.TaskCancelled {
		field = "reason"
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > isms.MaxTextLen {
		return isms.Problems{field: "Keep it to 20,000 characters."}.Err()
	}
	t.Status, t.CompletionNote = status, note
	t.CompletedBy, t.CompletedByName, t.CompletedAt = actor.UserID, actor.Name, tx.Now()
	if err := tx.UpdateTask(ctx, t); err != nil {
		return err
	}
	if err := audit(ctx, tx, orgChain(t.OrgID), actor, action, objectTask, t.ID,
		isms.Changes{"status": {Before: string(isms.TaskOpen), After: string(status)}, field: {After: t.CompletionNote}}); err != nil {
		return err
	}
	return taskStatusChanged(ctx, tx, actor, t, isms.TaskOpen)
}

// taskStatusHooks lets the module that owns a task's linked record type
// refuse, or follow up, a change of the task's status (closed or
// reopened), in the same transaction: a nonconformity's corrective action
// cannot close before its root cause is known, and closing the last one
// moves the nonconformity on. A hook sees the task with its new status
// and the status before; its error undoes the change.
var taskStatusHooks = map[string]func(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, t *isms.Task, before isms.TaskStatus) error{}

// taskStatusChanged runs the hook of t's linked record type, if any.
func taskStatusChanged(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, t *isms.Task, before isms.TaskStatus) error {
	if hook := taskStatusHooks[t.Link.Type]; hook != nil {
		return hook(ctx, tx, actor, t, before)
	}
	return nil
}

// ReopenTask opens a done or cancelled task again. Its owner may reopen a
// task they completed; anything else needs the permission to assign work.
func (a *App) ReopenTask(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.Task, error) {
	if err := forbid(writesOwnWork(actor), "You may not reopen tasks."); err != nil {
		return nil, err
	}
	var t *isms.Task
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if t, err = findTaskFor(ctx, tx, actor, id); err != nil {
			return err
		}
		if !actor.Can(isms.AssignWork) && (t.OwnerID != actor.UserID || t.Status != isms.TaskDone) {
			return isms.Errorf(isms.Forbidden, "Only someone who assigns work may reopen this task.")
		}
		return reopenTaskIn(ctx, tx, actor, t)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// reopenTaskIn reopens the closed task t as actor.
func reopenTaskIn(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, t *isms.Task) error {
	if t.Status == isms.TaskOpen {
		return isms.Errorf(isms.Conflict, "This task is open already.")
	}
	before := t.Status
	t.Status, t.CompletionNote, t.CompletedBy, t.CompletedByName = isms.TaskOpen, "", "", ""
	t.CompletedAt = time.Time{}
	if err := tx.UpdateTask(ctx, t); err != nil {
		return err
	}
	if err := audit(ctx, tx, orgChain(t.OrgID), actor, "task.reopen", objectTask, t.ID,
		isms.Changes{"status": {Before: string(before), After: string(isms.TaskOpen)}}); err != nil {
		return err
	}
	return taskStatusChanged(ctx, tx, actor, t, before)
}

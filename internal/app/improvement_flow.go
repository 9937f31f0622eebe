// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// An opportunity is decided (accepted, rejected or deferred), then carried
// out as tasks or as a planned change (6.3), then completed. Each step is
// its own audit event.

// changeImprovement runs step on improvement id, read at version and
// found for EditImprovement, then stores it and records action with the
// changes step returns (step may add to them), in one transaction.
func (a *App) changeImprovement(ctx context.Context, actor isms.Actor, id isms.ID, version int, action string,
	step func(tx *sqldb.Tx, im *isms.Improvement) (isms.Changes, error)) (*isms.Improvement, error) {
	if err := forbid(actor.Can(isms.EditImprovement), "You may not change improvements."); err != nil {
		return nil, err
	}
	var im *isms.Improvement
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if im, err = findImprovementByIDOrRef(ctx, tx, actor.OrgID, string(id)); err != nil {
			return err
		}
		if im.Version != version {
			return staleConflict("improvement", version, im.Version)
		}
		before := im.Status
		ch, err := step(tx, im)
		if err != nil {
			return err
		}
		if im.Status != before {
			ch["status"] = isms.Change{Before: string(before), After: string(im.Status)}
		}
		if err := tx.UpdateImprovement(ctx, im, version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(im.OrgID), actor, action, objectImprovement, im.ID, ch)
	})
	if err != nil {
		return nil, err
	}
	return im, nil
}

// DecideImprovement accepts, rejects or defers improvement id, read at
// version, with a reason (required to reject or defer). Only a proposed
// or deferred improvement is decided; the decision is dated today and
// attributed to the actor.
func (a *App) DecideImprovement(ctx context.Context, actor isms.Actor, id isms.ID, version int, to isms.ImprovementStatus, reason string) (*isms.Improvement, error) {
	return a.changeImprovement(ctx, actor, id, version, objectImprovement+".decide",
		func(_ *sqldb.Tx, im *isms.Improvement) (isms.Changes, error) {
			step := isms.Step{On: a.today(), By: actor.UserID, ByName: actor.Name}
			if err := im.Decide(to, strings.TrimSpace(reason), step); err != nil {
				return nil, err
			}
			ch := isms.Changes{}
			if im.DecisionReason != "" {
				ch["decisionReason"] = isms.Change{After: im.DecisionReason}
			}
			return ch, nil
		})
}

// checkActionable refuses work on im unless it is accepted or in progress.
func checkActionable(im *isms.Improvement) error {
	if !im.Status.Actionable() {
		return isms.Errorf(isms.Conflict, "%s is %s; only an accepted improvement is carried out.", im.Ref, strings.ToLower(im.Status.Label()))
	}
	return nil
}

// AddImprovementTask adds a task carrying out an accepted improvement
// (owner, due date, linked to it); the improvement moves to in_progress.
// The task is always linked to the improvement: in.Link is not read.
func (a *App) AddImprovementTask(ctx context.Context, actor isms.Actor, id isms.ID, version int, in TaskInput) (*isms.Task, error) {
	var t *isms.Task
	_, err := a.changeImprovement(ctx, actor, id, version, objectImprovement+".task",
		func(tx *sqldb.Tx, im *isms.Improvement) (isms.Changes, error) {
			if err := checkActionable(im); err != nil {
				return nil, err
			}
			t = &isms.Task{ID: isms.NewID("tsk"), OrgID: im.OrgID, Title: in.Title, Description: in.Description,
				OwnerID: isms.ID(strings.TrimSpace(string(in.OwnerID))), Status: isms.TaskOpen,
				Link: isms.Link{Type: objectImprovement, ID: im.ID}, CreatedBy: actor.UserID}
			p := isms.Problems{}
			due, err := isms.ParseDate(strings.TrimSpace(in.Due))
			if err != nil {
				p.Add("due", "Enter the due date as YYYY-MM-DD.")
			}
			t.Due = due
			if err := insertTask(ctx, tx, actor, t, p); err != nil {
				return nil, err
			}
			im.Status = isms.ImpInProgress
			return isms.Changes{"task": {After: t.Title}, "taskOwner": {After: t.OwnerName}, "taskDue": {After: t.Due.String()}},
				a.enqueueAssigned(ctx, tx, actor, t)
		})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// PlanImprovementChange carries out an accepted improvement as a planned
// change to the ISMS (6.3): it creates the change, proposed, with the
// improvement's title and description, links both ways, and moves the
// improvement to in_progress. An improvement has one planned change: a
// second is a Conflict.
func (a *App) PlanImprovementChange(ctx context.Context, actor isms.Actor, id isms.ID, version int) (*isms.ISMSChange, error) {
	var c *isms.ISMSChange
	_, err := a.changeImprovement(ctx, actor, id, version, objectImprovement+".change",
		func(tx *sqldb.Tx, im *isms.Improvement) (_ isms.Changes, err error) {
			if im.ChangeID != "" {
				return nil, isms.Errorf(isms.Conflict, "%s is already carried out by a planned change.", im.Ref)
			}
			if err := checkActionable(im); err != nil {
				return nil, err
			}
			if c, err = a.insertImprovementChange(ctx, tx, actor, im); err != nil {
				return nil, err
			}
			if err := addRecordLink(ctx, tx, im.OrgID, isms.Link{Type: objectImprovement, ID: im.ID},
				isms.Link{Type: objectISMSChange, ID: c.ID}); err != nil {
				return nil, err
			}
			im.ChangeID, im.Status = c.ID, isms.ImpInProgress
			return isms.Changes{"change": {After: c.Ref}}, nil
		})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// insertImprovementChange creates, in tx, the planned change that carries
// out im, through the planned changes' own fill, with its audit event:
// the improvement's title, its description as the reason, its owner.
func (a *App) insertImprovementChange(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, im *isms.Improvement) (*isms.ISMSChange, error) {
	reason := im.Description
	if reason == "" {
		reason = "Carries out improvement " + im.Ref + "."
	}
	c := &isms.ISMSChange{ID: isms.NewID("chg"), OrgID: im.OrgID, CreatedBy: actor.UserID}
	extra, err := a.fillISMSChange(ctx, actor, ChangeInput{Title: im.Title, Reason: reason, OwnerID: string(im.OwnerID)})(tx, c)
	if err != nil {
		return nil, err
	}
	if err := ismsChanges.insert(ctx, tx, c); err != nil {
		return nil, err
	}
	ch := createdSupport(ismsChangeFields(c))
	for f, x := range extra {
		ch[f] = x
	}
	ch["improvement"] = isms.Change{After: im.Ref}
	return c, audit(ctx, tx, orgChain(c.OrgID), actor, objectISMSChange+".create", objectISMSChange, c.ID, ch)
}

// CompleteImprovement marks an improvement in progress done, with a note
// on what it achieved (kept in the audit trail). Its tasks must be closed
// first.
func (a *App) CompleteImprovement(ctx context.Context, actor isms.Actor, id isms.ID, version int, note string) (*isms.Improvement, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > isms.MaxTextLen {
		return nil, isms.Problems{"note": "Keep it to 20,000 characters."}.Err()
	}
	return a.changeImprovement(ctx, actor, id, version, objectImprovement+".complete",
		func(_ *sqldb.Tx, im *isms.Improvement) (isms.Changes, error) {
			if im.TasksOpen > 0 && im.Status == isms.ImpInProgress {
				return nil, isms.Errorf(isms.Conflict, "%s has %s; complete or cancel them first.", im.Ref, plural(im.TasksOpen, "open task", "open tasks"))
			}
			if err := im.Complete(); err != nil {
				return nil, err
			}
			ch := isms.Changes{}
			if note != "" {
				ch["note"] = isms.Change{After: note}
			}
			return ch, nil
		})
}

// openImprovementIn adds, within tx, the improvement of an audit finding
// graded ofi (once per finding), linked both ways, as actor; nil when the
// finding already has one, or is graded otherwise. The finding's raiser
// proposes it, on the finding's title and description.
func (a *App) openImprovementIn(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, f *isms.AuditFinding) (*isms.Improvement, error) {
	if f.Grade != isms.FindingOFI {
		return nil, nil
	}
	src := isms.Link{Type: objectFinding, ID: f.ID}
	if _, err := tx.FindImprovementBySource(ctx, f.OrgID, src); err == nil || isms.ErrorCode(err) != isms.NotFound {
		return nil, err
	}
	ref, num, err := nextRecordRef(ctx, tx, f.OrgID, "improvements", "IMP-")
	if err != nil {
		return nil, err
	}
	im := &isms.Improvement{ID: isms.NewID("imp"), OrgID: f.OrgID, Ref: ref, Number: num, Title: f.Title,
		Description: f.Description, Source: isms.ImpAudit, SourceRecord: src, ProposedBy: f.RaisedBy,
		ProposerName: f.RaisedByName, Status: isms.ImpProposed, CreatedBy: actor.UserID}
	if im.ProposedBy == "" {
		im.ProposedBy, im.ProposerName = actor.UserID, actor.Name
	}
	if im.Description == "" {
		im.Description = "Finding " + f.Ref + " of audit " + f.AuditRef + "."
	}
	if err := im.Validate(); err != nil {
		return nil, err
	}
	if err := tx.InsertImprovement(ctx, im); err != nil {
		return nil, err
	}
	if err := addRecordLink(ctx, tx, im.OrgID, src, isms.Link{Type: objectImprovement, ID: im.ID}); err != nil {
		return nil, err
	}
	ch := createdSupport(improvementFields(im))
	ch["finding"] = isms.Change{After: f.Ref}
	return im, audit(ctx, tx, orgChain(im.OrgID), actor, objectImprovement+".create", objectImprovement, im.ID, ch)
}

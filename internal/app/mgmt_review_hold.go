// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Holding a review freezes its pack as compiled on the day it was held,
// with its SHA-256; the minutes and the outputs (9.3.3) can then change
// until they are submitted to the chair, and not at all once approved.

// HoldReview records that planned review id, read at version, was held:
// date, attendees and minutes; it compiles and freezes the pack (hashed)
// in the same transaction (ManageReviews).
func (a *App) HoldReview(ctx context.Context, actor isms.Actor, id isms.ID, version int, in HoldInput) (*isms.ManagementReview, error) {
	if err := forbid(actor.Can(isms.ManageReviews), "You may not record management reviews."); err != nil {
		return nil, err
	}
	var r *isms.ManagementReview
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if r, err = lockedReview(ctx, tx, actor.OrgID, id, version); err != nil {
			return err
		}
		if r.Status != isms.ReviewPlanned {
			return isms.Errorf(isms.Conflict, "%s was already held on %s; change its minutes instead.", r.Ref, r.HeldOn)
		}
		r.Status, r.HeldOn, r.Attendees, r.Minutes = isms.ReviewHeld, in.HeldOn, cleanLines(in.Attendees), in.Minutes
		p := isms.Problems{}
		if r.HeldOn.After(a.today()) {
			p.Add("heldOn", "A review is recorded once held: the date cannot be in the future.")
		}
		if err := mergeProblems(p, r.Validate()); err != nil {
			return err
		}
		if r.Pack, err = compilePack(ctx, tx, r.OrgID, r, r.HeldOn); err != nil {
			return err
		}
		if r.PackSHA256, err = isms.PackHash(r.Pack); err != nil {
			return err
		}
		if err := tx.UpdateReview(ctx, r, version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(r.OrgID), actor, objectReview+".hold", objectReview, r.ID, isms.Changes{
			"status": {Before: string(isms.ReviewPlanned), After: string(r.Status)}, "heldOn": {After: r.HeldOn.String()},
			"attendees": {After: strings.Join(r.Attendees, "; ")}, "packSha256": {After: r.PackSHA256}})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// lockedReview returns review id locked, refusing a version other than
// version.
func lockedReview(ctx context.Context, tx *sqldb.Tx, org, id isms.ID, version int) (*isms.ManagementReview, error) {
	r, err := tx.FindReviewByIDForUpdate(ctx, org, id)
	if err != nil {
		return nil, err
	}
	if r.Version != version {
		return nil, staleConflict("management review", version, r.Version)
	}
	return r, nil
}

// cleanLines trims lines and drops the empty ones.
func cleanLines(lines []string) []string {
	out := []string{}
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// UpdateMinutes changes a held review's attendees and minutes, read at
// version, until it is submitted (ManageReviews). The date held stays:
// the pack was frozen as of it.
func (a *App) UpdateMinutes(ctx context.Context, actor isms.Actor, id isms.ID, version int, in HoldInput) (*isms.ManagementReview, error) {
	if err := forbid(actor.Can(isms.ManageReviews), "You may not record management reviews."); err != nil {
		return nil, err
	}
	var r *isms.ManagementReview
	err := a.db.Update(ctx, func(tx *sqldb.Tx) (err error) {
		if r, err = lockedReview(ctx, tx, actor.OrgID, id, version); err != nil {
			return err
		}
		if err := checkMinutesOpen(ctx, tx, r); err != nil {
			return err
		}
		before := []fieldDiff{{"attendees", nil, strings.Join(r.Attendees, "; ")}, {"minutes", nil, r.Minutes}}
		r.Attendees, r.Minutes = cleanLines(in.Attendees), in.Minutes
		if err := r.Validate(); err != nil {
			return err
		}
		ch := diffSupport(fieldDiff{"attendees", before[0].after, strings.Join(r.Attendees, "; ")},
			fieldDiff{"minutes", before[1].after, r.Minutes})
		if len(ch) == 0 {
			return nil
		}
		if err := tx.UpdateReview(ctx, r, version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(r.OrgID), actor, objectReview+".minutes", objectReview, r.ID, ch)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// checkMinutesOpen returns a Conflict unless r is held and its minutes
// are not awaiting approval: planned reviews have no minutes yet and
// approved ones are the record.
func checkMinutesOpen(ctx context.Context, tx *sqldb.Tx, r *isms.ManagementReview) error {
	switch r.Status {
	case isms.ReviewPlanned:
		return isms.Errorf(isms.Conflict, "%s has not been held yet; record it as held first.", r.Ref)
	case isms.ReviewApproved:
		return isms.Errorf(isms.Conflict, "The minutes of %s are approved; the review can no longer change.", r.Ref)
	}
	return checkNotPending(ctx, tx, r.OrgID, objectReview, r.ID)
}

// AddReviewOutput records an output of a held review (ManageReviews).
func (a *App) AddReviewOutput(ctx context.Context, actor isms.Actor, review isms.ID, in OutputInput) (*isms.ReviewOutput, error) {
	if err := forbid(actor.Can(isms.ManageReviews), "You may not record the outputs of management reviews."); err != nil {
		return nil, err
	}
	o := &isms.ReviewOutput{ID: isms.NewID("mro"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		r, err := tx.FindReviewByIDForUpdate(ctx, actor.OrgID, review)
		if err != nil {
			return err
		}
		if err := checkMinutesOpen(ctx, tx, r); err != nil {
			return err
		}
		o.ReviewID = r.ID
		if err := fillOutput(ctx, tx, o, in); err != nil {
			return err
		}
		if err := tx.InsertReviewOutput(ctx, o); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(o.OrgID), actor, objectReviewOutput+".create", objectReviewOutput, o.ID,
			withReview(createdSupport(outputFields(o)), r))
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// fillOutput applies in to o and checks it: its owner must be an active
// member.
func fillOutput(ctx context.Context, tx *sqldb.Tx, o *isms.ReviewOutput, in OutputInput) error {
	p := isms.Problems{}
	o.Kind, o.Description, o.OwnerID, o.Due, o.OwnerName = in.Kind, in.Description, in.OwnerID, in.Due, ""
	if o.OwnerID != "" {
		name, err := activeMemberName(ctx, tx, o.OrgID, o.OwnerID, "owner", p)
		if err != nil {
			return err
		}
		o.OwnerName = name
	}
	return mergeProblems(p, o.Validate())
}

// outputFields are the fields of o as the audit trail records them.
func outputFields(o *isms.ReviewOutput) []fieldDiff {
	return []fieldDiff{{"kind", nil, string(o.Kind)}, {"description", nil, o.Description},
		{"owner", nil, o.OwnerName}, {"due", nil, o.Due.String()}}
}

// withReview adds the review's reference to the changes of an output.
func withReview(ch isms.Changes, r *isms.ManagementReview) isms.Changes {
	ch["review"] = isms.Change{After: r.Ref}
	return ch
}

// outputForChange returns output id, read at version when version is not
// 0, with its review locked; the review's minutes must still be open.
func outputForChange(ctx context.Context, tx *sqldb.Tx, org, id isms.ID, version int) (*isms.ReviewOutput, *isms.ManagementReview, error) {
	o, err := tx.FindReviewOutputByID(ctx, org, id)
	if err != nil {
		return nil, nil, err
	}
	r, err := tx.FindReviewByIDForUpdate(ctx, org, o.ReviewID)
	if err != nil {
		return nil, nil, err
	}
	if version != 0 && o.Version != version {
		return nil, nil, staleConflict("review output", version, o.Version)
	}
	return o, r, checkMinutesOpen(ctx, tx, r)
}

// UpdateReviewOutput changes output id, read at version, while its review
// is held and not submitted (ManageReviews).
func (a *App) UpdateReviewOutput(ctx context.Context, actor isms.Actor, id isms.ID, version int, in OutputInput) (*isms.ReviewOutput, error) {
	if err := forbid(actor.Can(isms.ManageReviews), "You may not change the outputs of management reviews."); err != nil {
		return nil, err
	}
	var o *isms.ReviewOutput
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		var r *isms.ManagementReview
		var err error
		if o, r, err = outputForChange(ctx, tx, actor.OrgID, id, version); err != nil {
			return err
		}
		before := outputFields(o)
		if err := fillOutput(ctx, tx, o, in); err != nil {
			return err
		}
		after := outputFields(o)
		for i := range after {
			after[i].before = before[i].after
		}
		ch := diffSupport(after...)
		if len(ch) == 0 {
			return nil
		}
		if err := tx.UpdateReviewOutput(ctx, o, version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(o.OrgID), actor, objectReviewOutput+".update", objectReviewOutput, o.ID, withReview(ch, r))
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// DeleteReviewOutput deletes output id while its review is held and not
// submitted (ManageReviews).
func (a *App) DeleteReviewOutput(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.ManageReviews), "You may not delete the outputs of management reviews."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		o, r, err := outputForChange(ctx, tx, actor.OrgID, id, 0)
		if err != nil {
			return err
		}
		if err := tx.DeleteReviewOutput(ctx, o.OrgID, o.ID); err != nil {
			return err
		}
		ch := isms.Changes{}
		for _, f := range outputFields(o) {
			if f.after != "" {
				ch[f.name] = isms.Change{Before: f.after}
			}
		}
		return audit(ctx, tx, orgChain(o.OrgID), actor, objectReviewOutput+".delete", objectReviewOutput, o.ID, withReview(ch, r))
	})
}

// TrackReviewOutput turns output id into a task for its owner, due on its
// due date, linked to the review (ManageReviews); an output already
// tracked is a Conflict. It works on held and approved reviews.
func (a *App) TrackReviewOutput(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.Task, error) {
	if err := forbid(actor.Can(isms.ManageReviews) && actor.Can(isms.AssignWork), "You may not turn review outputs into tasks."); err != nil {
		return nil, err
	}
	var t *isms.Task
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		o, err := tx.FindReviewOutputByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		r, err := tx.FindReviewByIDForUpdate(ctx, actor.OrgID, o.ReviewID)
		if err != nil {
			return err
		}
		if t, err = outputTask(o, r); err != nil {
			return err
		}
		t.CreatedBy = actor.UserID
		if err := insertTask(ctx, tx, actor, t, isms.Problems{}); err != nil {
			return err
		}
		o.TaskID, o.TaskStatus = t.ID, t.Status
		if err := tx.UpdateReviewOutput(ctx, o, o.Version); err != nil {
			return err
		}
		if err := audit(ctx, tx, orgChain(o.OrgID), actor, objectReviewOutput+".track", objectReviewOutput, o.ID,
			withReview(isms.Changes{"task": {After: string(t.ID)}, "owner": {After: t.OwnerName}, "due": {After: t.Due.String()}}, r)); err != nil {
			return err
		}
		return a.enqueueAssigned(ctx, tx, actor, t)
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// outputTask returns the task that tracks output o of review r, or why o
// cannot be tracked: its review is still planned, it is tracked already,
// or it lacks an owner or a due date.
func outputTask(o *isms.ReviewOutput, r *isms.ManagementReview) (*isms.Task, error) {
	switch {
	case r.Status == isms.ReviewPlanned:
		return nil, isms.Errorf(isms.Conflict, "%s has not been held yet; its outputs cannot be tracked.", r.Ref)
	case o.TaskID != "":
		return nil, isms.Errorf(isms.Conflict, "This output of %s is tracked by a task already.", r.Ref)
	}
	p := isms.Problems{}
	if o.OwnerID == "" {
		p.Add("owner", "Give the output an owner, who will carry out the task.")
	}
	if o.Due.IsZero() {
		p.Add("due", "Give the output a due date before tracking it as a task.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return &isms.Task{ID: isms.NewID("tsk"), OrgID: o.OrgID, Title: clipRunes(o.Kind.Label()+": "+o.Description, isms.MaxNameLen),
		Description: o.Description + "\n\nDecided at " + reviewTitle(r) + " held on " + r.HeldOn.String() + ".",
		OwnerID:     o.OwnerID, Due: o.Due, Status: isms.TaskOpen, Link: isms.Link{Type: objectReview, ID: r.ID}}, nil
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Every open risk with an owner is reviewed at the interval of its method
// (27001 8.2): its next review is a task of the owner, linked to the risk,
// that follows the risk's owner and date. Recording a review completes the
// task and starts the next cycle.

// reviewTaskText is the description of review tasks.
const reviewTaskText = "Review the risk: are its scenario, scores and treatment still right, and does its acceptance still hold? Then record the review on the risk's page."

// ReviewRisk records that the risk was reviewed today, with a note: the
// open review task is completed with the note and the next review is due
// after the method's interval, as a new task. Whoever edits risks may
// record it, and the risk's owner.
func (a *App) ReviewRisk(ctx context.Context, actor isms.Actor, riskID isms.ID, note string) (*isms.Risk, error) {
	if err := forbid(writesOwnWork(actor), "You may not review risks."); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > isms.MaxTextLen {
		return nil, isms.Problems{"note": "Note must be at most 20,000 characters."}.Err()
	}
	var out *isms.Risk
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		r, err := tx.FindRiskByIDForUpdate(ctx, actor.OrgID, riskID)
		if err != nil {
			return err
		}
		if !actor.Can(isms.EditRisks) && r.OwnerID != actor.UserID {
			return isms.Errorf(isms.Forbidden, "Only the risk's owner, or someone who edits risks, may record its review.")
		}
		if r.Status == isms.RiskClosed {
			return isms.Errorf(isms.Conflict, "%s is closed; reopen it before reviewing it.", r.Ref)
		}
		if err := checkNotPending(ctx, tx, actor.OrgID, objectRiskTreatment, r.ID); err != nil {
			return err
		}
		if err := a.reviewIn(ctx, tx, actor, r, note); err != nil {
			return err
		}
		out, err = tx.FindRiskByID(ctx, actor.OrgID, r.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// reviewIn records the review of r by actor.
func (a *App) reviewIn(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.Risk, note string) error {
	before := *r
	if err := completeReviewTask(ctx, tx, actor, r, note); err != nil {
		return err
	}
	months, err := reviewMonths(ctx, tx, r)
	if err != nil {
		return err
	}
	today := a.today()
	r.LastReviewed, r.NextReview = today, today.AddDate(0, months, 0)
	if _, err := syncReviewTask(ctx, tx, actor, r); err != nil {
		return err
	}
	if err := tx.UpdateRisk(ctx, r, before.Version); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(r.OrgID), actor, "risk.review", objectRisk, r.ID, isms.Changes{
		"lastReviewed": {Before: before.LastReviewed.String(), After: r.LastReviewed.String()},
		"nextReview":   {Before: before.NextReview.String(), After: r.NextReview.String()},
		"note":         {After: note}})
}

// reviewMonths is the review interval of r: its method's, else the
// current method's, else 12 months.
func reviewMonths(ctx context.Context, tx *sqldb.Tx, r *isms.Risk) (int, error) {
	var m *isms.RiskMethod
	var err error
	if r.MethodID != "" {
		m, err = tx.FindRiskMethodByID(ctx, r.OrgID, r.MethodID)
	} else {
		m, err = currentRiskMethod(ctx, tx, r.OrgID)
	}
	if err != nil || m == nil {
		return 12, err
	}
	return m.ReviewMonths, nil
}

// completeReviewTask completes r's open review task with note, and
// forgets it so that the next cycle gets a new one.
func completeReviewTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.Risk, note string) error {
	t, err := reviewTask(ctx, tx, r)
	if err != nil {
		return err
	}
	r.ReviewTaskID = ""
	if t == nil || t.Status != isms.TaskOpen {
		return nil
	}
	if note == "" {
		note = "Risk reviewed."
	}
	return closeTaskIn(ctx, tx, actor, t, isms.TaskDone, note, "task.complete")
}

// reviewTask returns r's review task, locked, or nil when it has none.
func reviewTask(ctx context.Context, tx *sqldb.Tx, r *isms.Risk) (*isms.Task, error) {
	if r.ReviewTaskID == "" {
		return nil, nil
	}
	t, err := tx.FindTaskByIDForUpdate(ctx, r.OrgID, r.ReviewTaskID)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil, nil
	}
	return t, err
}

// syncReviewTask makes r's review task match r, before r is stored: an
// open risk with an owner and a review date has an open task of its owner
// due that day; any other has none. It returns the task when it was
// created or given to a new owner.
func (s *riskSave) syncReviewTask(ctx context.Context, r *isms.Risk) (*isms.Task, error) {
	return syncReviewTask(ctx, s.tx, s.actor, r)
}

// syncReviewTask is riskSave.syncReviewTask for use cases that change a
// risk without riskSave.
func syncReviewTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.Risk) (*isms.Task, error) {
	t, err := reviewTask(ctx, tx, r)
	if err != nil {
		return nil, err
	}
	want := r.OwnerID != "" && r.Status != isms.RiskClosed && !r.NextReview.IsZero()
	open := t != nil && t.Status == isms.TaskOpen
	switch {
	case open && !want:
		r.ReviewTaskID = ""
		return nil, closeTaskIn(ctx, tx, actor, t, isms.TaskCancelled, "No review is due: the risk is closed or has no owner.", "task.cancel")
	case open:
		return moveReviewTask(ctx, tx, actor, r, t)
	case !want || (t != nil && t.Status == isms.TaskDone && t.Due == r.NextReview):
		// None is due, or the review of this date was done already.
		return nil, nil
	}
	t = &isms.Task{ID: isms.NewID("tsk"), OrgID: r.OrgID, Title: reviewTaskTitle(r), Description: reviewTaskText,
		OwnerID: r.OwnerID, Due: r.NextReview, Status: isms.TaskOpen, Link: isms.Link{Type: objectRisk, ID: r.ID},
		CreatedBy: actor.UserID}
	if err := insertTask(ctx, tx, actor, t, isms.Problems{}); err != nil {
		return nil, err
	}
	r.ReviewTaskID = t.ID
	return t, nil
}

// moveReviewTask gives the open review task t the owner, date and title
// of r, and returns it when its owner changed.
func moveReviewTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.Risk, t *isms.Task) (*isms.Task, error) {
	ch := isms.Changes{}
	var assigned *isms.Task
	if t.OwnerID != r.OwnerID {
		ch["owner"] = isms.Change{Before: t.OwnerName, After: r.OwnerName}
		t.OwnerID, t.OwnerName, assigned = r.OwnerID, r.OwnerName, t
	}
	if t.Due != r.NextReview {
		ch["due"] = isms.Change{Before: t.Due.String(), After: r.NextReview.String()}
		t.Due = r.NextReview
	}
	if title := reviewTaskTitle(r); t.Title != title {
		ch["title"] = isms.Change{Before: t.Title, After: title}
		t.Title = title
	}
	if len(ch) == 0 {
		return nil, nil
	}
	if err := tx.UpdateTask(ctx, t); err != nil {
		return nil, err
	}
	return assigned, audit(ctx, tx, orgChain(t.OrgID), actor, "task.update", objectTask, t.ID, ch)
}

// reviewTaskTitle is the title of r's review task, cut to the length a
// title may have.
func reviewTaskTitle(r *isms.Risk) string {
	s := []rune("Review risk " + r.Ref + ": " + r.Title)
	if len(s) > isms.MaxNameLen {
		s = append(s[:isms.MaxNameLen-1], '…')
	}
	return string(s)
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Every document in force with an owner and a review date is reviewed on
// its cycle (27001 7.5.2): the review is a task of the owner, linked to
// the document and due on its review date, that follows the document's
// owner and date. A review either finds no change needed, which is
// recorded and starts the next cycle, or leads to a new version, whose
// approval starts it. Retiring a document ends its cycle.

// docReviewTaskPrefix starts the title of every document review task.
const docReviewTaskPrefix = "Review document "

// docReviewTaskText is the description of document review tasks.
const docReviewTaskText = "Review the document: is it still right, complete and in use? Record \"no change\" on its page, or start a new version."

// docReviewTaskTitle is the title of d's review task, cut to the length a
// title may have.
func docReviewTaskTitle(d *isms.Document) string {
	s := []rune(docReviewTaskPrefix + d.Ref + ": " + d.Title)
	if len(s) > isms.MaxNameLen {
		s = append(s[:isms.MaxNameLen-1], '…')
	}
	return string(s)
}

// docReviewTask returns d's open review task, locked, or nil.
func docReviewTask(ctx context.Context, tx *sqldb.Tx, d *isms.Document) (*isms.Task, error) {
	list, _, err := tx.FindTasks(ctx, isms.TaskFilter{OrgID: d.OrgID, LinkType: objectDocument, LinkID: d.ID,
		Status: isms.TaskOpen, Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	for _, t := range list {
		if strings.HasPrefix(t.Title, docReviewTaskPrefix) {
			return tx.FindTaskByIDForUpdate(ctx, d.OrgID, t.ID)
		}
	}
	return nil, nil
}

// syncDocumentReviewTask makes d's review task match d, after d is
// stored: a document that is not retired, with an owner and a review
// date, has an open task of its owner due that day; any other has none.
func syncDocumentReviewTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, d *isms.Document) error {
	t, err := docReviewTask(ctx, tx, d)
	if err != nil {
		return err
	}
	want := !d.Retired && d.OwnerID != "" && !d.NextReview.IsZero()
	switch {
	case t != nil && !want:
		return closeTaskIn(ctx, tx, actor, t, isms.TaskCancelled, "No review is due: the document is retired or has no review date.", "task.cancel")
	case t != nil:
		return moveDocReviewTask(ctx, tx, actor, d, t)
	case !want:
		return nil
	}
	t = &isms.Task{ID: isms.NewID("tsk"), OrgID: d.OrgID, Title: docReviewTaskTitle(d), Description: docReviewTaskText,
		OwnerID: d.OwnerID, Due: d.NextReview, Status: isms.TaskOpen, Link: isms.Link{Type: objectDocument, ID: d.ID},
		CreatedBy: actor.UserID}
	return insertTask(ctx, tx, actor, t, isms.Problems{})
}

// moveDocReviewTask gives the open review task t the owner, date and
// title of d.
func moveDocReviewTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, d *isms.Document, t *isms.Task) error {
	ch := isms.Changes{}
	if t.OwnerID != d.OwnerID {
		ch["owner"] = isms.Change{Before: t.OwnerName, After: d.OwnerName}
		t.OwnerID, t.OwnerName = d.OwnerID, d.OwnerName
	}
	if t.Due != d.NextReview {
		ch["due"] = isms.Change{Before: t.Due.String(), After: d.NextReview.String()}
		t.Due = d.NextReview
	}
	if title := docReviewTaskTitle(d); t.Title != title {
		ch["title"] = isms.Change{Before: t.Title, After: title}
		t.Title = title
	}
	if len(ch) == 0 {
		return nil
	}
	if err := tx.UpdateTask(ctx, t); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(t.OrgID), actor, "task.update", objectTask, t.ID, ch)
}

// checkNote trims a note and checks its length, naming field.
func checkNote(note, field string) (string, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > isms.MaxTextLen {
		return "", isms.Problems{field: "Keep it to 20,000 characters."}.Err()
	}
	return note, nil
}

// ReviewDocumentNoChange records that a periodic review of a document
// found no change needed: the open review task is completed with the
// note and the next review is due after the document's interval (12
// months when it has none). The owner may record it, and whoever edits
// documents.
func (a *App) ReviewDocumentNoChange(ctx context.Context, actor isms.Actor, docID isms.ID, note string) (*isms.DocumentReview, error) {
	if err := forbid(writesOwnWork(actor), "You may not review documents."); err != nil {
		return nil, err
	}
	note, err := checkNote(note, "note")
	if err != nil {
		return nil, err
	}
	var r *isms.DocumentReview
	err = a.db.Update(ctx, func(tx *sqldb.Tx) error {
		d, err := findDocumentForUpdate(ctx, tx, actor, docID)
		if err != nil {
			return err
		}
		if !actor.Can(isms.EditDocuments) && d.OwnerID != actor.UserID {
			return isms.Errorf(isms.Forbidden, "Only the document's owner, or someone who edits documents, may record its review.")
		}
		switch {
		case d.Retired:
			return isms.Errorf(isms.Conflict, "%s is retired; it is no longer reviewed.", d.Ref)
		case d.ApprovedNumber == 0:
			return isms.Errorf(isms.Conflict, "%s has no approved version to review yet; approve one first.", d.Ref)
		}
		inForce, err := tx.FindDocumentVersion(ctx, d.OrgID, d.ID, d.ApprovedNumber)
		if err != nil {
			return err
		}
		months := d.ReviewMonths
		if months == 0 {
			months = 12
		}
		today := a.today()
		r = &isms.DocumentReview{ID: isms.NewID("drev"), OrgID: d.OrgID, DocumentID: d.ID, VersionID: inForce.ID,
			ReviewerID: actor.UserID, ReviewerName: actor.Name, Note: note, NextReview: today.AddDate(0, months, 0)}
		return a.recordReview(ctx, tx, actor, d, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// recordReview stores review r of d, completes d's review task and
// starts the next cycle.
func (a *App) recordReview(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, d *isms.Document, r *isms.DocumentReview) error {
	if err := tx.InsertDocumentReview(ctx, r); err != nil {
		return err
	}
	t, err := docReviewTask(ctx, tx, d)
	if err != nil {
		return err
	}
	if t != nil {
		note := r.Note
		if note == "" {
			note = "Document reviewed: no change needed."
		}
		if err := closeTaskIn(ctx, tx, actor, t, isms.TaskDone, note, "task.complete"); err != nil {
			return err
		}
	}
	before := d.NextReview
	d.NextReview = r.NextReview
	if err := tx.UpdateDocument(ctx, d, d.Version); err != nil {
		return err
	}
	if err := syncDocumentReviewTask(ctx, tx, actor, d); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(d.OrgID), actor, "document.review", objectDocument, d.ID, isms.Changes{
		"nextReview": {Before: before.String(), After: d.NextReview.String()},
		"version":    {After: d.ApprovedNumber}, "note": {After: r.Note}})
}

// RetireDocument withdraws a document: its version in force (and a draft,
// if any) is retired and kept for the retention of its type, and its
// review cycle ends. A version in review must be decided or withdrawn
// first.
func (a *App) RetireDocument(ctx context.Context, actor isms.Actor, docID isms.ID, reason string) error {
	if err := forbid(actor.Can(isms.EditDocuments), "You may not retire documents."); err != nil {
		return err
	}
	reason, err := checkNote(reason, "reason")
	if err != nil {
		return err
	}
	if reason == "" {
		return isms.Problems{"reason": "Say why the document is retired."}.Err()
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		d, err := findDocumentForUpdate(ctx, tx, actor, docID)
		if err != nil {
			return err
		}
		if d.Retired {
			return isms.Errorf(isms.Conflict, "%s is retired already.", d.Ref)
		}
		versions, err := tx.DocumentVersions(ctx, d.OrgID, d.ID)
		if err != nil {
			return err
		}
		today := a.today()
		for _, v := range versions {
			switch v.Status {
			case isms.VersionInReview:
				return isms.Errorf(isms.Conflict, "%s is in review; withdraw its submission, or have it decided, before retiring the document.", versionLabel(d, v))
			case isms.VersionApproved, isms.VersionDraft:
				if err := endVersion(ctx, tx, actor, d, v.Number, isms.VersionRetired, today); err != nil {
					return err
				}
			}
		}
		before := d.NextReview
		d.Retired, d.NextReview = true, isms.Date{}
		if err := tx.UpdateDocument(ctx, d, d.Version); err != nil {
			return err
		}
		if err := syncDocumentReviewTask(ctx, tx, actor, d); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(d.OrgID), actor, "document.retire", objectDocument, d.ID, isms.Changes{
			"retired": {Before: false, After: true}, "nextReview": {Before: before.String(), After: ""},
			"reason": {After: reason}})
	})
}

// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// steps returns the steps of r's thread with who took each.
func steps(r *isms.EvidenceRequest) []string {
	out := []string{}
	for _, m := range r.Thread {
		out = append(out, string(m.Step)+" by "+m.ByName+": "+m.Text)
	}
	return out
}

func TestEvidenceRequestFlow(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newRequestWorld(t, db)
		logs, restore := w.evidence("Backup log March"), w.evidence("Restore test report")
		r := w.askBackups()
		first := r.TaskID
		before := w.seq()
		r, err := w.app.AnswerEvidenceRequest(w.ctx, w.asContributor(), "er-1", r.Version, " Here is the log. ", []isms.ID{logs.ID})
		if err != nil || r.Status != isms.RequestAnswered || len(r.Evidence) != 1 || r.Evidence[0] != logs.ID {
			t.Fatalf("AnswerEvidenceRequest() = %+v, %v", r, err)
		}
		if task := w.task(first); task.Status != isms.TaskDone || task.CompletedBy != w.contributor.ID || task.CompletionNote != "Here is the log." {
			t.Errorf("task after the answer = %+v, want done by the contributor", task)
		}
		if diff := cmp.Diff([]string{"evidence_request.answer", "task.complete"}, sortedActions(w.events(string(w.org.ID), before))); diff != "" {
			t.Errorf("events of the answer (-want +got):\n%s", diff)
		}
		r, err = w.app.AskAgain(w.ctx, w.asAuditor(), r.ID, r.Version, "The restore test is missing.", w.due(10))
		if err != nil || r.Status != isms.RequestOpen || r.Round != 2 || r.DueOn.String() != "2026-03-12" || r.TaskID == first {
			t.Fatalf("AskAgain() = %+v, %v", r, err)
		}
		second := w.task(r.TaskID)
		if second.Status != isms.TaskOpen || second.OwnerID != w.contributor.ID || second.Due != r.DueOn ||
			second.Description != "The restore test is missing." || second.Title != "Evidence request ER-1: Backup logs" {
			t.Errorf("task asked again = %+v", second)
		}
		r, err = w.app.AnswerEvidenceRequest(w.ctx, w.asContributor(), r.ID, r.Version, "", []isms.ID{restore.ID, logs.ID})
		if err != nil || r.Status != isms.RequestAnswered || len(r.Evidence) != 2 {
			t.Fatalf("AnswerEvidenceRequest(again) = %+v, %v", r, err)
		}
		if task := w.task(second.ID); task.Status != isms.TaskDone {
			t.Errorf("second task = %s, want done", task.Status)
		}
		before = w.seq()
		r, err = w.app.AcceptEvidenceRequest(w.ctx, w.asAuditor(), r.ID, r.Version, "Complete.")
		if err != nil || r.Status != isms.RequestAccepted || r.Version != 5 {
			t.Fatalf("AcceptEvidenceRequest() = %+v, %v", r, err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Seq != before+1 || e.Action != "evidence_request.accept" || e.ObjectID != r.ID {
			t.Errorf("last event = %d %s %s, want the acceptance alone", e.Seq, e.Action, e.ObjectID)
		}
		want := []string{"asked by Dana Auditor: The logs of the last restore test.", "answered by Dave Contributor: Here is the log.",
			"asked_again by Dana Auditor: The restore test is missing.", "answered by Dave Contributor: ",
			"accepted by Dana Auditor: Complete."}
		v := w.findRequest(w.asViewer(), "ER-1")
		if diff := cmp.Diff(want, steps(v.EvidenceRequest)); diff != "" {
			t.Errorf("thread (-want +got):\n%s", diff)
		}
		if len(v.Thread[3].Evidence) != 2 || len(v.EvidenceItems) != 2 || v.CanAnswer || v.CanReview {
			t.Errorf("FindEvidenceRequest() = evidence %v, items %d, can answer %v, review %v", v.Thread[3].Evidence,
				len(v.EvidenceItems), v.CanAnswer, v.CanReview)
		}
	})
}

// sortedActions returns the actions of events in name order, for events
// whose order within one transaction does not matter.
func sortedActions(events []*isms.AuditEvent) []string {
	out := actions(events)
	slices.Sort(out)
	return out
}

func TestEvidenceRequestAnswerProblems(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newRequestWorld(t, db)
		r := w.askBackups()
		_, err := w.app.AnswerEvidenceRequest(w.ctx, w.asContributor(), r.ID, r.Version, "Nothing yet.", nil)
		wantError(t, "AnswerEvidenceRequest(no evidence)", err, isms.Invalid, "Please correct the highlighted field.",
			map[string]string{"evidence": "Attach at least one evidence item."})
		_, err = w.app.AnswerEvidenceRequest(w.ctx, w.asContributor(), r.ID, r.Version, "", []isms.ID{"evi_nope"})
		wantError(t, "AnswerEvidenceRequest(unknown evidence)", err, isms.Invalid, "Please correct the highlighted field.",
			map[string]string{"evidence": "No evidence item \u201cevi_nope\u201d in this organization."})
		r, err = w.app.AnswerEvidenceRequest(w.ctx, w.asContributor(), r.ID, r.Version, "", []isms.ID{w.evidence("Log").ID})
		if err != nil {
			t.Fatalf("AnswerEvidenceRequest() = %v", err)
		}
		_, err = w.app.AskAgain(w.ctx, w.asAuditor(), r.ID, r.Version, " ", w.due(-1))
		if diff := cmp.Diff(map[string]string{"text": "Say what is still missing.",
			"dueOn": "The due date cannot be before today (2026-03-02)."}, isms.ErrorFields(err)); diff != "" {
			t.Errorf("AskAgain(no text, past) problems (-want +got):\n%s", diff)
		}
		_, err = w.app.AskAgain(w.ctx, w.asAuditor(), r.ID, r.Version, "More.", "")
		if diff := cmp.Diff(map[string]string{"dueOn": "Give the date the evidence is due."}, isms.ErrorFields(err)); diff != "" {
			t.Errorf("AskAgain(no date) problems (-want +got):\n%s", diff)
		}
		_, err = w.app.CancelEvidenceRequest(w.ctx, w.asAuditor(), r.ID, r.Version, strings.Repeat("x", 20001))
		if diff := cmp.Diff(map[string]string{"reason": "Keep it to 20,000 characters."}, isms.ErrorFields(err)); diff != "" {
			t.Errorf("CancelEvidenceRequest(long reason) problems (-want +got):\n%s", diff)
		}
	})
}

func TestEvidenceRequestWrongStatus(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newRequestWorld(t, db)
		r := w.askBackups()
		_, err := w.app.AcceptEvidenceRequest(w.ctx, w.asAuditor(), r.ID, r.Version, "")
		wantMessage(t, "AcceptEvidenceRequest(open)", err, isms.Conflict,
			"Evidence request ER-1 is open: it waits for its owner's answer, and can be changed or cancelled.")
		_, err = w.app.AskAgain(w.ctx, w.asAuditor(), r.ID, r.Version, "More.", w.due(3))
		wantMessage(t, "AskAgain(open)", err, isms.Conflict,
			"Evidence request ER-1 is open: it waits for its owner's answer, and can be changed or cancelled.")
		r, err = w.app.AnswerEvidenceRequest(w.ctx, w.asContributor(), r.ID, r.Version, "", []isms.ID{w.evidence("Log").ID})
		if err != nil {
			t.Fatalf("AnswerEvidenceRequest() = %v", err)
		}
		answered := "Evidence request ER-1 is answered: it can be accepted, asked again or cancelled."
		_, err = w.app.AnswerEvidenceRequest(w.ctx, w.asContributor(), r.ID, r.Version, "", []isms.ID{r.Evidence[0]})
		wantMessage(t, "AnswerEvidenceRequest(answered)", err, isms.Conflict, answered)
		_, err = w.app.UpdateEvidenceRequest(w.ctx, w.asAuditor(), r.ID, r.Version, app.EvidenceRequestInput{Title: "X"})
		wantMessage(t, "UpdateEvidenceRequest(answered)", err, isms.Conflict, answered)
		if r, err = w.app.AcceptEvidenceRequest(w.ctx, w.asAuditor(), r.ID, r.Version, ""); err != nil {
			t.Fatalf("AcceptEvidenceRequest() = %v", err)
		}
		_, err = w.app.CancelEvidenceRequest(w.ctx, w.asAuditor(), r.ID, r.Version, "")
		wantMessage(t, "CancelEvidenceRequest(accepted)", err, isms.Conflict, "Evidence request ER-1 is accepted: it can no longer change.")
		// Cancelling an open request cancels its task with the reason.
		o := w.askBackups()
		o, err = w.app.CancelEvidenceRequest(w.ctx, w.asAuditor(), o.ID, o.Version, "Asked twice.")
		if err != nil || o.Status != isms.RequestCancelled {
			t.Fatalf("CancelEvidenceRequest(open) = %+v, %v", o, err)
		}
		if task := w.task(o.TaskID); task.Status != isms.TaskCancelled || task.CompletionNote != "Asked twice." {
			t.Errorf("task of the cancelled request = %s %q", task.Status, task.CompletionNote)
		}
		_, err = w.app.AnswerEvidenceRequest(w.ctx, w.asContributor(), o.ID, o.Version, "", []isms.ID{r.Evidence[0]})
		wantMessage(t, "AnswerEvidenceRequest(cancelled)", err, isms.Conflict, "Evidence request ER-2 is cancelled: it can no longer change.")
	})
}

func TestEvidenceRequestTaskHook(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newRequestWorld(t, db)
		r := w.askBackups()
		_, err := w.app.CompleteTask(w.ctx, w.asContributor(), r.TaskID, "Sent by mail.")
		wantMessage(t, "CompleteTask(request's task)", err, isms.Conflict,
			"Answer evidence request ER-1 with the evidence: completing its task alone does not answer it.")
		_, err = w.app.CancelTask(w.ctx, w.asManager(), r.TaskID, "Not needed.")
		wantMessage(t, "CancelTask(request's task)", err, isms.Conflict,
			"Cancel evidence request ER-1 instead: cancelling its task alone does not withdraw it.")
		if task := w.task(r.TaskID); task.Status != isms.TaskOpen {
			t.Errorf("task after refusals = %s, want open", task.Status)
		}
		r, err = w.app.AnswerEvidenceRequest(w.ctx, w.asContributor(), r.ID, r.Version, "", []isms.ID{w.evidence("Log").ID})
		if err != nil {
			t.Fatalf("AnswerEvidenceRequest() = %v", err)
		}
		_, err = w.app.ReopenTask(w.ctx, w.asManager(), r.TaskID)
		wantMessage(t, "ReopenTask(answered request's task)", err, isms.Conflict,
			"Evidence request ER-1 is answered: it can be accepted, asked again or cancelled.")
		// A task that merely concerns the request is any task.
		other, err := w.app.CreateTask(w.ctx, w.asManager(), app.TaskInput{Title: "Chase the auditor", OwnerID: w.manager.ID,
			Due: w.due(1), Link: "evidence_request:ER-1"})
		if err != nil || other.Link.ID != r.ID {
			t.Fatalf("CreateTask(linked to ER-1) = %+v, %v", other, err)
		}
		if _, err := w.app.CompleteTask(w.ctx, w.asManager(), other.ID, ""); err != nil {
			t.Errorf("CompleteTask(task about the request) = %v, want nil", err)
		}
	})
}

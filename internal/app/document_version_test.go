// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestDocumentVersionApprovedByAllApprovers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newDocWorld(t, db)
		d, v1 := w.newDoc(app.DocumentInput{Title: "Information security policy", AudienceEveryone: true}, "# Policy\n\nWe protect information.\n")

		_, err := w.app.SaveDraft(w.ctx, w.asManager(), v1.ID, v1.Revision+1, app.DocumentBodyInput{Markdown: "x"})
		wantCode(t, "SaveDraft(stale)", err, isms.Conflict)
		v1, err = w.app.SaveDraft(w.ctx, w.asManager(), v1.ID, v1.Revision,
			app.DocumentBodyInput{Markdown: "# Policy\r\n\r\nWe protect information.\r\nEveryone helps.\r\n", ChangeSummary: "First issue."})
		if err != nil || v1.Body != "# Policy\n\nWe protect information.\nEveryone helps.\n" || v1.Revision != 2 {
			t.Fatalf("SaveDraft = %+v, %v", v1, err)
		}

		// Submitted to two approvers, it is in review and cannot change.
		ap, err := w.app.SubmitDocumentVersion(w.ctx, w.asManager(), v1.ID, []isms.ID{w.manager2.ID, w.admin.ID}, "For approval.")
		if err != nil {
			t.Fatal(err)
		}
		var content struct {
			Ref    string `json:"ref"`
			Number int    `json:"number"`
			Body   string `json:"body"`
		}
		if err := json.Unmarshal([]byte(ap.Content), &content); err != nil || content.Ref != d.Ref || content.Number != 1 || content.Body != v1.Body {
			t.Errorf("approval content = %s (%v)", ap.Content, err)
		}
		if ap.Title != "DOC-1 v1: Information security policy" || ap.ObjectType != "document_version" || ap.ObjectID != v1.ID {
			t.Errorf("approval = %q %s %s", ap.Title, ap.ObjectType, ap.ObjectID)
		}
		det := w.docDetail(w.asManager(), d.Ref)
		if det.Latest.Status != isms.VersionInReview || det.Document.Status != isms.VersionInReview || det.Pending == nil || det.Pending.ID != ap.ID {
			t.Errorf("after submission: latest %s, document %s, pending %v", det.Latest.Status, det.Document.Status, det.Pending)
		}
		_, err = w.app.SaveDraft(w.ctx, w.asManager(), v1.ID, det.Latest.Revision, app.DocumentBodyInput{Markdown: "changed"})
		wantCode(t, "SaveDraft(in review)", err, isms.Conflict)
		_, err = w.app.NewDocumentVersion(w.ctx, w.asManager(), d.ID, "")
		wantCode(t, "NewDocumentVersion(in review)", err, isms.Conflict)

		if _, err := w.app.DecideApproval(w.ctx, w.asManager2(), ap.ID, isms.DecisionApprove, "Good."); err != nil {
			t.Fatal(err)
		}
		if det := w.docDetail(w.asManager(), d.Ref); det.Latest.Status != isms.VersionInReview {
			t.Errorf("after one of two approvals: %s, want still in review", det.Latest.Status)
		}
		if _, err := w.app.DecideApproval(w.ctx, w.asAdmin(), ap.ID, isms.DecisionApprove, "Agreed."); err != nil {
			t.Fatal(err)
		}
		det = w.docDetail(w.asManager(), d.Ref)
		if det.InForce == nil || det.InForce.ID != v1.ID || det.InForce.ApprovalID != ap.ID || det.InForce.ApprovedAt.IsZero() ||
			!slices.Equal(det.InForce.Approvers, []string{w.manager2.Name, w.admin.Name}) || det.Document.ApprovedNumber != 1 {
			t.Fatalf("after both approvals: in force %+v, document %+v", det.InForce, det.Document)
		}
		if det.Document.NextReview != isms.NewDate(2027, 3, 2) {
			t.Errorf("next review = %s, want a year after approval", det.Document.NextReview)
		}
		_, err = w.app.SaveDraft(w.ctx, w.asManager(), v1.ID, det.InForce.Revision, app.DocumentBodyInput{Markdown: "changed"})
		wantCode(t, "SaveDraft(approved)", err, isms.Conflict)

	})
}

func TestNewDocumentVersionSupersedesTheOld(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newDocWorld(t, db)
		if err := w.app.SetRetentionRule(w.ctx, w.asManager(), isms.DocPolicy, 24); err != nil {
			t.Fatal(err)
		}
		start := w.seq()
		d, v1 := w.newDoc(app.DocumentInput{Title: "Information security policy", AudienceEveryone: true},
			"# Policy\n\nWe protect information.\nEveryone helps.\n")
		w.approveVersion(v1, w.manager2)

		// A new version starts from the last one; the two compare.
		v2, err := w.app.NewDocumentVersion(w.ctx, w.asContributor(), d.ID, "Add a scope line.")
		if err != nil || v2.Number != 2 || v2.Body != v1.Body || v2.Status != isms.VersionDraft || v2.AuthorID != w.contributor.ID {
			t.Fatalf("NewDocumentVersion = %+v, %v", v2, err)
		}
		_, err = w.app.NewDocumentVersion(w.ctx, w.asManager(), d.ID, "")
		wantCode(t, "NewDocumentVersion(draft exists)", err, isms.Conflict)
		v2, err = w.app.SaveDraft(w.ctx, w.asContributor(), v2.ID, v2.Revision,
			app.DocumentBodyInput{Markdown: "# Policy\n\nWe protect information.\nIt covers every site.\n", ChangeSummary: "Add a scope line."})
		if err != nil {
			t.Fatal(err)
		}
		diff, err := w.app.CompareDocumentVersions(w.ctx, w.asViewer(), d.ID, 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		var ops []string
		for _, l := range diff {
			if l.Op != ' ' {
				ops = append(ops, string(l.Op)+l.Text)
			}
		}
		slices.Sort(ops)
		if !slices.Equal(ops, []string{"+It covers every site.", "-Everyone helps."}) {
			t.Errorf("diff = %q", ops)
		}
		_, err = w.app.CompareDocumentVersions(w.ctx, w.asViewer(), d.ID, 1, 9)
		wantCode(t, "CompareDocumentVersions(no v9)", err, isms.NotFound)

		// The author of v2 cannot approve it; approving v2 supersedes v1.
		_, err = w.app.SubmitDocumentVersion(w.ctx, w.asManager(), v2.ID, []isms.ID{w.contributor.ID}, "")
		wantFields(t, "submit to the version's author", err, isms.Invalid, "approvers")
		w.clock.Advance(24 * time.Hour) // 3 March
		w.approveVersion(v2, w.manager2)
		det := w.docDetail(w.asManager(), d.Ref)
		if det.InForce == nil || det.InForce.Number != 2 || det.Document.ApprovedNumber != 2 || len(det.Versions) != 2 {
			t.Fatalf("after v2: in force %+v", det.InForce)
		}
		old := det.Versions[1]
		if old.Status != isms.VersionSuperseded || old.RetainUntil != isms.NewDate(2028, 3, 3) {
			t.Errorf("v1 after v2 = %s until %s, want superseded until 2028-03-03 (24 months)", old.Status, old.RetainUntil)
		}
		tasks := w.docReviewTasks(d.ID)
		if len(tasks) != 2 || tasks[0].Status != isms.TaskDone || tasks[0].CompletionNote != "Reviewed through DOC-1 v2, approved on 2026-03-03." ||
			tasks[1].Status != isms.TaskOpen || tasks[1].Due != isms.NewDate(2027, 3, 3) {
			t.Errorf("review tasks after v2 = %+v", tasks)
		}
		acts := actions(w.events(string(w.org.ID), start))
		for _, want := range []string{"document.create", "document_version.create", "document_version.save", "document_version.submit",
			"approval.submit", "approval.approve", "document_version.approve", "document_version.supersede"} {
			if !slices.Contains(acts, want) {
				t.Errorf("audit trail %v lacks %s", acts, want)
			}
		}
	})
}

func TestDocumentRejectionAndWithdrawalReturnToDraft(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newDocWorld(t, db)
		d, v := w.newDoc(app.DocumentInput{Title: "Incident response"}, "Call someone.")

		_, err := w.app.SubmitDocumentVersion(w.ctx, w.asManager(), v.ID, []isms.ID{w.manager.ID}, "")
		wantFields(t, "self-approval", err, isms.Invalid, "approvers")
		_, err = w.app.SubmitDocumentVersion(w.ctx, w.asViewer(), v.ID, []isms.ID{w.manager2.ID}, "")
		wantCode(t, "SubmitDocumentVersion(viewer)", err, isms.Forbidden)
		_, empty := w.newDoc(app.DocumentInput{Title: "Empty"}, "")
		_, err = w.app.SubmitDocumentVersion(w.ctx, w.asManager(), empty.ID, []isms.ID{w.manager2.ID}, "")
		wantFields(t, "submit an empty draft", err, isms.Invalid, "body")

		ap, err := w.app.SubmitDocumentVersion(w.ctx, w.asManager(), v.ID, []isms.ID{w.manager2.ID, w.admin.ID}, "")
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionApprove, "")
		wantCode(t, "approve own submission", err, isms.Forbidden)
		if _, err := w.app.DecideApproval(w.ctx, w.asManager2(), ap.ID, isms.DecisionReject, "Say whom to call."); err != nil {
			t.Fatal(err)
		}
		det := w.docDetail(w.asManager(), d.Ref)
		if det.Latest.Status != isms.VersionDraft || det.InForce != nil || det.Pending != nil {
			t.Fatalf("after rejection: %s, in force %v, pending %v", det.Latest.Status, det.InForce, det.Pending)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "approval.reject" {
			t.Errorf("last event %s", e.Action)
		}
		v, err = w.app.SaveDraft(w.ctx, w.asManager(), v.ID, det.Latest.Revision, app.DocumentBodyInput{Markdown: "Call the on-call engineer."})
		if err != nil {
			t.Fatalf("SaveDraft after rejection = %v", err)
		}

		ap, err = w.app.SubmitDocumentVersion(w.ctx, w.asManager(), v.ID, []isms.ID{w.manager2.ID}, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.app.WithdrawApproval(w.ctx, w.asManager(), ap.ID); err != nil {
			t.Fatal(err)
		}
		if det := w.docDetail(w.asManager(), d.Ref); det.Latest.Status != isms.VersionDraft {
			t.Errorf("after withdrawal: %s, want draft", det.Latest.Status)
		}
		w.approveVersion(w.docDetail(w.asManager(), d.Ref).Latest, w.manager2)
		if det := w.docDetail(w.asManager(), d.Ref); det.InForce == nil || det.InForce.Body != "Call the on-call engineer." {
			t.Errorf("approved after withdrawal: %+v", det.InForce)
		}
	})
}

// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/blob/blobtest"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// docWorld is the world with a file store for document bodies, an
// auditor and an employee.
type docWorld struct {
	*world
	auditor  *isms.User
	employee *isms.User
}

func newDocWorld(t *testing.T, db *sqldb.DB) *docWorld {
	t.Helper()
	w := newWorld(t, db)
	w.app = app.New(db, app.Options{Now: w.clock.Now, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1},
		Blobs: blobtest.FS(t)})
	return &docWorld{world: w,
		auditor:  w.newMember(w.org, "Fay Auditor", isms.RoleAuditor),
		employee: w.newMember(w.org, "Gus Employee", isms.RoleEmployee)}
}

func (w *docWorld) asAuditor() isms.Actor  { return w.as(w.auditor, isms.RoleAuditor) }
func (w *docWorld) asEmployee() isms.Actor { return w.as(w.employee, isms.RoleEmployee) }

// newDoc creates a document owned by the manager, as the manager, with a
// Markdown body.
func (w *docWorld) newDoc(in app.DocumentInput, body string) (*isms.Document, *isms.DocumentVersion) {
	w.t.Helper()
	if in.OwnerID == "" {
		in.OwnerID = string(w.manager.ID)
	}
	if in.Type == "" {
		in.Type = "policy"
	}
	d, v, err := w.app.CreateDocument(w.ctx, w.asManager(), in, app.DocumentBodyInput{Markdown: body})
	if err != nil {
		w.t.Fatalf("CreateDocument(%s) = %v", in.Title, err)
	}
	return d, v
}

// approveVersion submits v as the manager to approvers, who all approve.
func (w *docWorld) approveVersion(v *isms.DocumentVersion, approvers ...*isms.User) *isms.Approval {
	w.t.Helper()
	ids := make([]isms.ID, len(approvers))
	for i, u := range approvers {
		ids[i] = u.ID
	}
	ap, err := w.app.SubmitDocumentVersion(w.ctx, w.asManager(), v.ID, ids, "Please review.")
	if err != nil {
		w.t.Fatalf("SubmitDocumentVersion(v%d) = %v", v.Number, err)
	}
	for _, u := range approvers {
		role := isms.RoleManager
		if u == w.admin {
			role = isms.RoleAdmin
		}
		if ap, err = w.app.DecideApproval(w.ctx, w.as(u, role), ap.ID, isms.DecisionApprove, "Fine."); err != nil {
			w.t.Fatalf("DecideApproval(%s) = %v", u.Name, err)
		}
	}
	return ap
}

// docDetail reads a document as actor.
func (w *docWorld) docDetail(actor isms.Actor, idOrRef string) *app.DocumentDetail {
	w.t.Helper()
	d, err := w.app.FindDocument(w.ctx, actor, idOrRef)
	if err != nil {
		w.t.Fatalf("FindDocument(%s) = %v", idOrRef, err)
	}
	return d
}

// docReviewTasks returns the tasks linked to document id.
func (w *docWorld) docReviewTasks(id isms.ID) []*isms.Task {
	w.t.Helper()
	list, _, err := w.app.FindTasks(w.ctx, w.asManager(), isms.TaskFilter{LinkType: "document", LinkID: id, Sort: "created", Limit: 50})
	if err != nil {
		w.t.Fatal(err)
	}
	return list
}

func TestCreateAndUpdateDocument(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newDocWorld(t, db)
		_, _, err := w.app.CreateDocument(w.ctx, w.asViewer(), app.DocumentInput{Title: "X"}, app.DocumentBodyInput{})
		wantCode(t, "CreateDocument(viewer)", err, isms.Forbidden)
		_, _, err = w.app.CreateDocument(w.ctx, w.asManager(), app.DocumentInput{Type: "memo", ReviewMonths: "often",
			AudiencePeople: []string{"nobody@example.com"}, Links: []string{"control:C-99"}}, app.DocumentBodyInput{Template: "nope"})
		wantFields(t, "CreateDocument(bad)", err, isms.Invalid, "title", "type", "owner", "reviewMonths", "audience", "links", "template")

		ctl := w.control("Access control policy", isms.ControlPlanned)
		d, v := w.newDoc(app.DocumentInput{Title: "Access control", Type: "Topic-specific policy", Classification: "Confidential",
			AudienceRoles: []string{"employee"}, AudiencePeople: []string{emailOf("Dave Contributor")},
			Clauses: []string{"A.5.15", " ", "A.5.15"}, Links: []string{"control:" + ctl.Ref}}, "# Access control\n")
		if d.Ref != "DOC-1" || d.Type != isms.DocTopicPolicy || d.Classification != isms.ClassConfidential || d.ReviewMonths != 12 ||
			len(d.Clauses) != 1 || d.Audience.People[0] != w.contributor.ID || d.Audience.Roles[0] != isms.RoleEmployee {
			t.Errorf("document = %+v", d)
		}
		if v.Number != 1 || v.Status != isms.VersionDraft || v.Format != isms.BodyMarkdown || v.AuthorID != w.manager.ID {
			t.Errorf("first version = %+v", v)
		}
		det := w.docDetail(w.asViewer(), "DOC-1")
		if len(det.Links) != 1 || det.Links[0].ID != ctl.ID || det.Latest == nil || det.Latest.ID != v.ID || det.CanEdit || !det.CanRead {
			t.Errorf("detail = %+v", det)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "document_version.create" {
			t.Errorf("last event %s, want document.version.create", e.Action)
		}

		in := app.DocumentInput{Ref: d.Ref, Title: "Access control policy", Type: "topic_policy", Classification: "confidential",
			OwnerID: string(w.contributor.ID), ReviewMonths: "6", AudienceEveryone: true}
		_, err = w.app.UpdateDocument(w.ctx, w.asManager(), d.ID, d.Version+1, in)
		wantCode(t, "UpdateDocument(stale)", err, isms.Conflict)
		d2, err := w.app.UpdateDocument(w.ctx, w.asManager(), d.ID, d.Version, in)
		if err != nil || d2.OwnerName != w.contributor.Name || d2.ReviewMonths != 6 || !d2.Audience.Everyone {
			t.Fatalf("UpdateDocument = %+v, %v", d2, err)
		}
		e := w.lastEvent(string(w.org.ID))
		c := changes(t, e)
		if e.Action != "document.update" || c["title"].After != "Access control policy" || c["owner"].After != w.contributor.Name ||
			c["links"].Before != "control:"+string(ctl.ID) || c["links"].After != "" {
			t.Errorf("update event %s %v", e.Action, c)
		}
		if det := w.docDetail(w.asManager(), string(d.ID)); len(det.Links) != 0 {
			t.Errorf("links after update = %v, want none", det.Links)
		}
		_, v2, err := w.app.CreateDocument(w.ctx, w.asManager(), app.DocumentInput{Title: "Scope", Type: "policy",
			OwnerID: string(w.manager.ID)}, app.DocumentBodyInput{Template: templateKey(t)})
		if err != nil || v2.Body == "" {
			t.Errorf("CreateDocument(template) = %+v, %v; want the template's body", v2, err)
		}
	})
}

// templateKey returns the key of the first starter template.
func templateKey(t *testing.T) string {
	t.Helper()
	tpls := app.DocumentTemplates()
	if len(tpls) == 0 {
		t.Fatal("no document templates")
	}
	return tpls[0].Key
}

func TestDocumentReadingRules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newDocWorld(t, db)
		restricted, _ := w.newDoc(app.DocumentInput{Title: "Board minutes", Type: "record", Classification: "restricted",
			AudienceRoles: []string{"manager"}}, "Secret.")
		public, v1 := w.newDoc(app.DocumentInput{Title: "Acceptable use", AudienceEveryone: true}, "Be nice.")
		w.approveVersion(v1, w.manager2)
		v2, err := w.app.NewDocumentVersion(w.ctx, w.asManager(), public.ID, "Tighter.")
		if err != nil {
			t.Fatal(err)
		}
		w.newDoc(app.DocumentInput{Title: "Draft only", AudienceEveryone: true}, "Not yet.")
		forContributors, cv := w.newDoc(app.DocumentInput{Title: "Coding standard", AudienceRoles: []string{"contributor"}}, "Tabs.")
		w.approveVersion(cv, w.manager2)

		refs := func(actor isms.Actor) string {
			list, total, err := w.app.FindDocuments(w.ctx, actor, isms.DocumentFilter{Limit: 50})
			if err != nil {
				t.Fatalf("FindDocuments(%s) = %v", actor.Role, err)
			}
			var out []string
			for _, d := range list {
				out = append(out, d.Ref)
			}
			if total != len(list) {
				t.Errorf("FindDocuments(%s) total %d, rows %d", actor.Role, total, len(list))
			}
			return strings.Join(out, ",")
		}
		if got := refs(w.asAuditor()); got != "DOC-1,DOC-2,DOC-3,DOC-4" {
			t.Errorf("auditor reads %s, want every document", got)
		}
		if got := refs(w.asViewer()); got != "DOC-2,DOC-3,DOC-4" {
			t.Errorf("viewer reads %s, want all but the restricted one", got)
		}
		if got := refs(w.asEmployee()); got != "DOC-2" {
			t.Errorf("employee reads %s, want only the approved document of their audience", got)
		}
		_, err = w.app.FindDocument(w.ctx, w.asViewer(), string(restricted.ID))
		wantCode(t, "FindDocument(viewer, restricted)", err, isms.NotFound)
		_, err = w.app.FindDocument(w.ctx, w.asEmployee(), forContributors.Ref)
		wantCode(t, "FindDocument(employee, outside audience)", err, isms.NotFound)

		det := w.docDetail(w.asEmployee(), public.Ref)
		if len(det.Versions) != 1 || det.Versions[0].Number != 1 || det.InForce == nil || det.CanRead || det.CanEdit || det.Links != nil {
			t.Errorf("employee's detail: versions %d, in force %v, canRead %v", len(det.Versions), det.InForce, det.CanRead)
		}
		_, _, err = w.app.FindDocumentVersion(w.ctx, w.asEmployee(), public.Ref, v2.Number)
		wantCode(t, "FindDocumentVersion(employee, draft)", err, isms.NotFound)
		if v, _, err := w.app.FindDocumentVersion(w.ctx, w.asEmployee(), public.Ref, 0); err != nil || v.Number != 1 || v.Body != "Be nice." {
			t.Errorf("FindDocumentVersion(employee, in force) = %+v, %v", v, err)
		}
		_, err = w.app.CompareDocumentVersions(w.ctx, w.asEmployee(), public.ID, 1, 2)
		wantCode(t, "CompareDocumentVersions(employee)", err, isms.Forbidden)

		var pdf bytes.Buffer
		if err := w.app.DocumentPDF(w.ctx, w.asEmployee(), public.ID, 0, &pdf); err != nil || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) {
			t.Errorf("DocumentPDF(employee) = %v, %q…", err, pdf.Bytes()[:min(8, pdf.Len())])
		}
		wantCode(t, "DocumentPDF(employee, draft)", w.app.DocumentPDF(w.ctx, w.asEmployee(), public.ID, 2, io.Discard), isms.NotFound)
		wantCode(t, "DocumentPDF(viewer, restricted)", w.app.DocumentPDF(w.ctx, w.asViewer(), restricted.ID, 1, io.Discard), isms.NotFound)
		wantCode(t, "DocumentPDF(manager, restricted)", w.app.DocumentPDF(w.ctx, w.asManager(), restricted.ID, 1, io.Discard), "")

		// The viewer cannot be an approver of the restricted document, nor
		// the employee of any.
		rv := w.docDetail(w.asManager(), restricted.Ref).Latest
		_, err = w.app.SubmitDocumentVersion(w.ctx, w.asManager(), rv.ID, []isms.ID{w.viewer.ID}, "")
		wantFields(t, "submit to a viewer outside the audience", err, isms.Invalid, "approvers")
		_, err = w.app.SubmitDocumentVersion(w.ctx, w.asManager(), rv.ID, []isms.ID{w.employee.ID}, "")
		wantFields(t, "submit to an employee", err, isms.Invalid, "approvers")
		if d := w.docDetail(w.asManager(), restricted.Ref); d.Latest.Status != isms.VersionDraft {
			t.Errorf("after refused submissions the version is %s, want draft", d.Latest.Status)
		}
	})
}

func TestDocumentFileBody(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newDocWorld(t, db)
		content := "%PDF-1.4 a supplier's security terms"
		d, v, err := w.app.CreateDocument(w.ctx, w.asManager(), app.DocumentInput{Title: "Supplier terms", Type: "other",
			OwnerID: string(w.manager.ID), External: true, Source: "Supplier Ltd", ExternalVersion: "2025-1", AudienceEveryone: true},
			app.DocumentBodyInput{File: &app.FileInput{Name: "terms.pdf", Reader: strings.NewReader(content)}})
		if err != nil || v.Format != isms.BodyFile || v.FileName != "terms.pdf" || v.FileSHA256 != isms.ContentHash([]byte(content)) || v.Body != "" {
			t.Fatalf("CreateDocument(file) = %+v, %v", v, err)
		}
		if !d.External || d.Source != "Supplier Ltd" {
			t.Errorf("external document = %+v", d)
		}
		rc, got, err := w.app.OpenDocumentFile(w.ctx, w.asViewer(), v.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || string(b) != content || got.Number != 1 {
			t.Errorf("OpenDocumentFile = %q, %v", b, err)
		}
		_, _, err = w.app.OpenDocumentFile(w.ctx, w.asEmployee(), v.ID)
		wantCode(t, "OpenDocumentFile(employee, draft)", err, isms.NotFound)

		// Saving without a new file keeps it; Markdown replaces it.
		v, err = w.app.SaveDraft(w.ctx, w.asManager(), v.ID, v.Revision, app.DocumentBodyInput{ChangeSummary: "Renamed."})
		if err != nil || v.Format != isms.BodyFile || v.FileName != "terms.pdf" || v.ChangeSummary != "Renamed." {
			t.Errorf("SaveDraft(summary only) = %+v, %v", v, err)
		}
		var pdf bytes.Buffer
		if err := w.app.DocumentPDF(w.ctx, w.asManager(), d.ID, 1, &pdf); err != nil || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) {
			t.Errorf("DocumentPDF(file body) = %v", err)
		}
		v, err = w.app.SaveDraft(w.ctx, w.asManager(), v.ID, v.Revision, app.DocumentBodyInput{Markdown: "Summary of the terms."})
		if err != nil || v.Format != isms.BodyMarkdown || v.FileSHA256 != "" {
			t.Errorf("SaveDraft(markdown) = %+v, %v", v, err)
		}
		_, _, err = w.app.OpenDocumentFile(w.ctx, w.asManager(), v.ID)
		wantCode(t, "OpenDocumentFile(markdown)", err, isms.NotFound)
	})
}

func TestDocumentReviewNoChange(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newDocWorld(t, db)
		d, v := w.newDoc(app.DocumentInput{Title: "Backup policy", OwnerID: string(w.contributor.ID), ReviewMonths: "6"}, "Back up daily.")
		_, err := w.app.ReviewDocumentNoChange(w.ctx, w.asContributor(), d.ID, "")
		wantCode(t, "ReviewDocumentNoChange(unapproved)", err, isms.Conflict)
		w.approveVersion(v, w.manager2)
		det := w.docDetail(w.asManager(), d.Ref)
		if want := isms.NewDate(2026, 9, 2); det.Document.NextReview != want {
			t.Errorf("next review after approval = %s, want %s", det.Document.NextReview, want)
		}
		tasks := w.docReviewTasks(d.ID)
		if len(tasks) != 1 || tasks[0].OwnerID != w.contributor.ID || tasks[0].Due != det.Document.NextReview || tasks[0].Status != isms.TaskOpen {
			t.Fatalf("review tasks = %+v", tasks)
		}

		w.clock.Advance(200 * 24 * time.Hour) // 18 September: overdue
		list, _, err := w.app.FindDocuments(w.ctx, w.asViewer(), isms.DocumentFilter{ReviewOverdue: true})
		if err != nil || len(list) != 1 || !list[0].ReviewOverdue(isms.DateOf(w.clock.Now())) {
			t.Errorf("overdue documents = %v, %v", list, err)
		}
		_, err = w.app.ReviewDocumentNoChange(w.ctx, w.asViewer(), d.ID, "")
		wantCode(t, "ReviewDocumentNoChange(viewer)", err, isms.Forbidden)
		r, err := w.app.ReviewDocumentNoChange(w.ctx, w.asContributor(), d.ID, "Still right.")
		if err != nil || r.NextReview != isms.NewDate(2027, 3, 18) || r.VersionID != v.ID || r.ReviewerName != w.contributor.Name {
			t.Fatalf("ReviewDocumentNoChange = %+v, %v", r, err)
		}
		det = w.docDetail(w.asManager(), d.Ref)
		if len(det.Reviews) != 1 || det.Reviews[0].Note != "Still right." || det.Document.NextReview != r.NextReview {
			t.Errorf("after review: reviews %v, next %s", det.Reviews, det.Document.NextReview)
		}
		tasks = w.docReviewTasks(d.ID)
		if len(tasks) != 2 || tasks[0].Status != isms.TaskDone || tasks[0].CompletionNote != "Still right." ||
			tasks[1].Status != isms.TaskOpen || tasks[1].Due != r.NextReview {
			t.Errorf("review tasks after review = %+v", tasks)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "document.review" || changes(t, e)["nextReview"].After != "2027-03-18" {
			t.Errorf("last event %s %s", e.Action, e.Changes)
		}

		// Retiring ends the cycle and retires the version in force.
		wantFields(t, "RetireDocument(no reason)", w.app.RetireDocument(w.ctx, w.asManager(), d.ID, " "), isms.Invalid, "reason")
		if err := w.app.RetireDocument(w.ctx, w.asManager(), d.ID, "Replaced by the IT operations policy."); err != nil {
			t.Fatal(err)
		}
		det = w.docDetail(w.asManager(), d.Ref)
		if !det.Document.Retired || det.InForce != nil || det.Versions[0].Status != isms.VersionRetired ||
			det.Versions[0].RetainUntil != isms.NewDate(2029, 9, 18) {
			t.Errorf("retired document: %+v, version %+v", det.Document, det.Versions[0])
		}
		if tasks = w.docReviewTasks(d.ID); tasks[1].Status != isms.TaskCancelled {
			t.Errorf("review task after retirement: %s", tasks[1].Status)
		}
		_, err = w.app.NewDocumentVersion(w.ctx, w.asManager(), d.ID, "")
		wantCode(t, "NewDocumentVersion(retired)", err, isms.Conflict)
		wantCode(t, "RetireDocument(again)", w.app.RetireDocument(w.ctx, w.asManager(), d.ID, "Again."), isms.Conflict)
	})
}

// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for documents. Every
// member reads the documents published to them: employees only the
// version in force of documents whose audience includes them. Readers of
// the ISMS see the register, every version, comparisons and retention;
// editors of documents (administrators, ISMS managers, contributors)
// write, submit, retire and dispose; the owner and editors record reviews.
func init() {
	for pattern, row := range documentAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzDocuments)
	for t, name := range map[authzTarget]string{targetDoc: "doc", targetDocDraft: "doc-draft", targetDocRetired: "doc-retired",
		targetDocFile: "doc-file", targetDocVersion: "doc-version"} {
		authzTargetIDs[t] = func(f *authzFixture, x authzWho) string { return string(f.ids[name]) }
	}
}

// The documents of A. {n} is always 1.
const (
	// targetDoc is DOC-1, owned by A's manager, published to employees,
	// its version 1 approved and in force.
	targetDoc authzTarget = 600 + iota
	// targetDocDraft is DOC-2, whose version 1 is a draft written by A's
	// contributor.
	targetDocDraft
	// targetDocRetired is DOC-3, a record retired with no retention, so
	// that its version 1 is due for disposal.
	targetDocRetired
	// targetDocFile is DOC-4, published to employees, whose approved
	// version 1 is an uploaded file.
	targetDocFile
	// targetDocVersion is the ID of DOC-1's version 1.
	targetDocVersion
)

const (
	readDocs      = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:A other:A"
	readDoc       = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:A other:N"
	readISMSDocs  = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	readISMSDoc   = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N"
	editDocs      = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A"
	editDoc       = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N"
	docPageNoteID = "DOC-1, whose version 1 is in force and published to employees"
)

var documentAuthzRows = map[string]authzRow{
	"GET /documents":     {cells: readDocs, note: "employees list what is published to them"},
	"GET /documents/new": {cells: editDocs},
	"POST /documents": {cells: editDocs, upload: func(f *authzFixture, x authzWho) (string, []byte) {
		return multipartBody(url.Values{"title": {"Clear desk policy"}, "type": {"topic_policy"}, "owner": {string(f.assignee(x))},
			"body": {"# Clear desk\n\nKeep it clear.\n"}}, "", "")
	}},
	"GET /documents/retention": {cells: readISMSDocs},
	"POST /documents/retention": {cells: editDocs, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"months-policy": {"48"}}
	}},
	"GET /documents/{id}":      {cells: readDoc, id: targetDoc, note: docPageNoteID},
	"GET /documents/{id}/edit": {cells: editDoc, id: targetDoc},
	"POST /documents/{id}": {cells: editDoc, id: targetDoc, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"ref": {"DOC-1"}, "title": {"Information security policy"}, "type": {"policy"}, "owner": {string(f.users[asMgr].ID)},
			"classification": {"internal"}, "reviewMonths": {"12"}, "audienceRoles": {"employee"}, "version": {strconv.Itoa(f.docVersion())}}
	}},
	"POST /documents/{id}/review": {cells: editDoc, id: targetDoc, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"note": {"Still right."}}
	}, note: "editors of documents, and the owner (the manager)"},
	"POST /documents/{id}/retire": {cells: editDoc, id: targetDoc, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"reason": {"Replaced."}}
	}},
	"GET /documents/{id}/compare": {cells: readISMSDoc, id: targetDoc},
	"GET /documents/{id}/print":   {cells: readDoc, id: targetDoc},
	"POST /documents/{id}/versions": {cells: editDoc, id: targetDoc, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"changeSummary": {"Yearly update"}}
	}},
	"GET /documents/{id}/versions/{n}": {cells: readDoc, id: targetDoc, note: "also serves {n}.pdf"},
	"POST /documents/{id}/versions/{n}": {cells: editDoc, id: targetDocDraft, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"body": {"# Draft\n\nBetter.\n"}, "changeSummary": {"First issue"}, "revision": {strconv.Itoa(f.draftRevision())}}
	}},
	"POST /documents/{id}/versions/{n}/preview": {cells: editDoc, id: targetDocDraft, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"body": {"# Draft\n\n*Preview*\n"}}
	}},
	"POST /documents/{id}/versions/{n}/submit": {cells: editDoc, id: targetDocDraft, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"approvers": {string(f.approverFor(x).ID)}, "note": {"Please review."}}
	}, note: "the draft's author is the contributor, so any approver but them may be named"},
	"POST /documents/{id}/versions/{n}/dispose": {cells: editDoc, id: targetDocRetired, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"note": {"Shredded."}}
	}},
	"GET /documents/{id}/versions/{n}/file": {cells: readDoc, id: targetDocFile},
	"GET /document-versions/{id}": {cells: readISMSDoc, id: targetDocVersion,
		note: "redirects to the version's page; found through its submission, which employees do not read"},

	"GET /api/v1/documents":          {cells: readDocs},
	"GET /api/v1/document-templates": {cells: readISMSDocs},
	"POST /api/v1/documents": {cells: editDocs, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Clear desk policy", "type": "topic_policy", "ownerId": f.assignee(x), "body": "# Clear desk\n"}
	}},
	"GET /api/v1/documents/{id}": {cells: readDoc, id: targetDoc},
	"PUT /api/v1/documents/{id}": {cells: editDoc, id: targetDoc, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Information security policy", "type": "policy", "ownerId": f.users[asMgr].ID,
			"classification": "internal", "audience": map[string]any{"roles": []string{"employee"}}, "version": f.docVersion()}
	}},
	"POST /api/v1/documents/{id}/review": {cells: editDoc, id: targetDoc, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"note": "Still right."}
	}},
	"POST /api/v1/documents/{id}/retire": {cells: editDoc, id: targetDoc, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"reason": "Replaced."}
	}},
	"GET /api/v1/documents/{id}/compare": {cells: readISMSDoc, id: targetDoc},
	"POST /api/v1/documents/{id}/versions": {cells: editDoc, id: targetDoc, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"changeSummary": "Yearly update"}
	}},
	"GET /api/v1/documents/{id}/versions/{n}": {cells: readDoc, id: targetDoc},
	"PUT /api/v1/documents/{id}/versions/{n}": {cells: editDoc, id: targetDocDraft, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"body": "# Draft\n\nBetter.\n", "revision": f.draftRevision()}
	}},
	"POST /api/v1/documents/{id}/versions/{n}/submit": {cells: editDoc, id: targetDocDraft, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"approverIds": []isms.ID{f.approverFor(x).ID}}
	}},
	"GET /api/v1/documents/{id}/versions/{n}/pdf":  {cells: readDoc, id: targetDoc},
	"GET /api/v1/documents/{id}/versions/{n}/file": {cells: readDoc, id: targetDocFile},
}

// newAuthzDocuments gives A its four documents.
func newAuthzDocuments(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx := context.Background()
	admin, contrib, mgr := w.actor(asAdmin), w.actor(asContrib), w.actor(asMgr)
	create := func(by isms.Actor, ref, typ string, body app.DocumentBodyInput, audience ...string) *isms.DocumentVersion {
		_, v, err := h.app.CreateDocument(ctx, by, app.DocumentInput{Ref: ref, Title: "Document " + ref, Type: typ,
			OwnerID: string(mgr.UserID), Classification: "internal", AudienceRoles: audience}, body)
		if err != nil {
			h.t.Fatalf("CreateDocument(%s): %v", ref, err)
		}
		return v
	}
	approve := func(v *isms.DocumentVersion) {
		ap, err := h.app.SubmitDocumentVersion(ctx, admin, v.ID, []isms.ID{mgr.UserID}, "")
		if err != nil {
			h.t.Fatalf("SubmitDocumentVersion: %v", err)
		}
		if _, err := h.app.DecideApproval(ctx, mgr, ap.ID, isms.DecisionApprove, "Approved."); err != nil {
			h.t.Fatalf("DecideApproval: %v", err)
		}
	}
	v := create(admin, "DOC-1", "policy", app.DocumentBodyInput{Markdown: "# Policy\n\nWe protect information.\n"}, "employee")
	approve(v)
	w.ids["doc"], w.ids["doc-version"] = v.DocumentID, v.ID
	v = create(contrib, "DOC-2", "procedure", app.DocumentBodyInput{Markdown: "# Draft\n"})
	w.ids["doc-draft"] = v.DocumentID
	v = create(admin, "DOC-4", "standard", app.DocumentBodyInput{File: &app.FileInput{Name: "standard.txt",
		Reader: strings.NewReader(authzEvidenceContent)}}, "employee") // the evidence file's content: restored in every copy
	approve(v)
	w.ids["doc-file"] = v.DocumentID

	// DOC-3 is retired three days ago with no retention, so that it is
	// due for disposal today; the clock comes back to now afterwards.
	if err := h.app.SetRetentionRule(ctx, admin, isms.DocRecord, 0); err != nil {
		h.t.Fatalf("SetRetentionRule: %v", err)
	}
	h.clock.Advance(-72 * time.Hour)
	v = create(admin, "DOC-3", "record", app.DocumentBodyInput{Markdown: "# Visitor log\n"})
	approve(v)
	if err := h.app.RetireDocument(ctx, admin, v.DocumentID, "No longer kept."); err != nil {
		h.t.Fatalf("RetireDocument: %v", err)
	}
	h.clock.Advance(72 * time.Hour)
	w.ids["doc-retired"] = v.DocumentID
}

// docVersion is the current version of targetDoc.
func (f *authzFixture) docVersion() int {
	f.h.t.Helper()
	d, err := f.h.app.FindDocument(context.Background(), isms.SystemActor(f.a.ID), string(f.ids["doc"]))
	if err != nil {
		f.h.t.Fatalf("FindDocument: %v", err)
	}
	return d.Document.Version
}

// draftRevision is the current revision of targetDocDraft's version 1.
func (f *authzFixture) draftRevision() int {
	f.h.t.Helper()
	v, _, err := f.h.app.FindDocumentVersion(context.Background(), isms.SystemActor(f.a.ID), string(f.ids["doc-draft"]), 1)
	if err != nil {
		f.h.t.Fatalf("FindDocumentVersion: %v", err)
	}
	return v.Revision
}

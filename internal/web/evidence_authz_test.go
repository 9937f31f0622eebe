// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The evidence routes' rows of the authorization table (authz_test.go).
// Readers of the ISMS (auditors and viewers too) read evidence; editors of
// evidence (administrators, ISMS managers, contributors) change it;
// employees do neither.
func init() {
	for pattern, row := range evidenceAuthzRows {
		authzTable[pattern] = row
	}
}

var evidenceAuthzRows = map[string]authzRow{
	"GET /evidence":           {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"},
	"GET /evidence/new":       {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A"},
	"POST /evidence":          {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A", upload: authzEvidenceForm, note: "multipart, the CSRF token in the header"},
	"GET /evidence/{id}":      {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N", id: targetEvidence},
	"GET /evidence/{id}/edit": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetEvidence},
	"POST /evidence/{id}":     {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetEvidence, body: authzEvidenceUpdateForm},
	"POST /evidence/{id}/versions": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetEvidence,
		upload: authzEvidenceVersionForm},
	"GET /evidence/{id}/versions/{n}/download": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N", id: targetEvidence,
		note: "auditors and viewers download evidence"},
	"POST /evidence/{id}/links": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetEvidence,
		body: func(f *authzFixture, x authzWho) any {
			return url.Values{"type": {"organization"}, "record": {f.a.Slug}}
		}},
	"POST /evidence/{id}/links/remove": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetEvidence,
		body: func(f *authzFixture, x authzWho) any { return url.Values{"link": {"organization:" + string(f.a.ID)}} }},

	"GET /api/v1/evidence": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"},
	"POST /api/v1/evidence": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A",
		body: func(f *authzFixture, x authzWho) any {
			return map[string]any{"title": "Visitor log review", "kind": "note", "note": "Reviewed; no gaps."}
		}},
	"GET /api/v1/evidence/{id}": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N", id: targetEvidence},
	"PATCH /api/v1/evidence/{id}": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetEvidence,
		body: func(f *authzFixture, x authzWho) any {
			return map[string]any{"title": "Renamed", "version": f.evidenceVersion()}
		}},
	"PUT /api/v1/evidence/{id}/file": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetEvidence,
		upload: func(f *authzFixture, x authzWho) (string, []byte) {
			return "application/octet-stream", []byte("version two of the restore test log\n")
		}},
	"GET /api/v1/evidence/{id}/versions/{n}/content": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N", id: targetEvidence},
	"POST /api/v1/evidence/{id}/links": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetEvidence,
		body: func(f *authzFixture, x authzWho) any { return map[string]any{"link": "organization:" + f.a.Slug} }},
	"DELETE /api/v1/evidence/{id}/links/{link}": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N", id: targetEvidence,
		note: "{link} is A's profile, which targetEvidence supports"},
}

// authzEvidenceContent is the file of targetEvidence.
const authzEvidenceContent = "restore test log: payroll database restored in 41 minutes\n"

// newAuthzEvidence gives A an evidence item owned by its contributor, with
// one file version and linked to A's profile.
func newAuthzEvidence(h *harness, w *authzWorld) *isms.Evidence {
	h.t.Helper()
	e, err := h.app.CreateEvidence(context.Background(), isms.SystemActor(w.a.ID), app.EvidenceInput{Title: "Restore test",
		Kind: isms.EvidenceKindFile, OwnerID: w.users[asContrib].ID, Source: isms.EvidenceSourceCLI,
		Links: []isms.Link{{Type: "organization", ID: w.a.ID}}}, &app.FileInput{Name: "restore.log", Reader: strings.NewReader(authzEvidenceContent)})
	if err != nil {
		h.t.Fatalf("CreateEvidence: %v", err)
	}
	return e
}

// restoreEvidenceFiles stores targetEvidence's file in the fixture's own
// evidence store: a copied database refers to it by its hash.
func (f *authzFixture) restoreEvidenceFiles() {
	f.h.t.Helper()
	if _, err := f.h.blobs.Put(context.Background(), strings.NewReader(authzEvidenceContent), 0); err != nil {
		f.h.t.Fatalf("restore evidence file: %v", err)
	}
}

// evidenceVersion is the current version of targetEvidence.
func (f *authzFixture) evidenceVersion() int {
	f.h.t.Helper()
	d, err := f.h.app.FindEvidenceDetail(context.Background(), isms.SystemActor(f.a.ID), f.evidenceA.ID)
	if err != nil {
		f.h.t.Fatalf("FindEvidenceDetail: %v", err)
	}
	return d.Evidence.Version
}

// multipartBody encodes fields, then a file part named file when name is
// not empty, as a browser sends a form.
func multipartBody(fields url.Values, name, content string) (string, []byte) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte(content))
	}
	mw.Close()
	return mw.FormDataContentType(), b.Bytes()
}

func authzEvidenceForm(f *authzFixture, x authzWho) (string, []byte) {
	return multipartBody(url.Values{"title": {"Firewall rule review"}, "kind": {"file"}}, "rules.txt", "allow 443\n")
}

func authzEvidenceVersionForm(f *authzFixture, x authzWho) (string, []byte) {
	return multipartBody(url.Values{"collectedOn": {"2026-03-01"}}, "restore-2.log", "second restore test\n")
}

func authzEvidenceUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Restore test, March"}, "description": {""}, "owner": {""}, "collectedOn": {"2026-03-01"},
		"validUntil": {""}, "validityDays": {"365"}, "version": {strconv.Itoa(f.evidenceVersion())}}
}

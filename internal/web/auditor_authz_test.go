// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for external
// auditors' access. Whoever reads the members reads the auditors;
// administrators and ISMS managers, who manage certification, invite
// auditors and change or end their access. Auditors themselves change
// nothing here.
func init() {
	for pattern, row := range auditorAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzAuditor)
	authzTargetIDs[targetExtAuditor] = func(f *authzFixture, x authzWho) string { return string(f.ids["ext-auditor"]) }
}

// targetExtAuditor is A's external auditor, invited until 2026-12-31; no
// actor of the table.
const targetExtAuditor authzTarget = 1190

const (
	readAuditors   = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	manageAuditors = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A"
	manageAuditor  = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:N"
)

var auditorAuthzRows = map[string]authzRow{
	"GET /auditors":     {cells: readAuditors},
	"GET /auditors/new": {cells: manageAuditors},
	"POST /auditors": {cells: manageAuditors, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"email": {f.newEmail()}, "name": {"New Auditor"}, "accessUntil": {"2026-12-31"}}
	}},
	"GET /auditors/{id}/edit": {cells: manageAuditor, id: targetExtAuditor},
	"POST /auditors/{id}": {cells: manageAuditor, id: targetExtAuditor, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"accessUntil": {"2026-09-30"}, "framework": {""}, "version": {strconv.Itoa(f.extAuditorVersion())}}
	}},
	"POST /auditors/{id}/end": {cells: manageAuditor, id: targetExtAuditor, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"version": {strconv.Itoa(f.extAuditorVersion())}}
	}},

	"GET /api/v1/auditors": {cells: readAuditors},
	"POST /api/v1/auditors": {cells: manageAuditors, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"email": f.newEmail(), "name": "New Auditor", "accessUntil": "2026-12-31"}
	}},
	"PATCH /api/v1/auditors/{id}": {cells: manageAuditor, id: targetExtAuditor, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"accessUntil": "2026-09-30", "version": f.extAuditorVersion()}
	}},
}

// newAuthzAuditor invites A's external auditor.
func newAuthzAuditor(h *harness, w *authzWorld) {
	h.t.Helper()
	res, err := h.app.InviteAuditor(context.Background(), w.actor(asAdmin), app.AuditorInput{
		Email: "ext.auditor@cert.example", Name: "External Auditor", AccessUntil: "2026-12-31"})
	if err != nil {
		h.t.Fatalf("InviteAuditor: %v", err)
	}
	w.ids["ext-auditor"] = res.User.ID
}

// extAuditorVersion is the current version of A's external auditor's membership.
func (f *authzFixture) extAuditorVersion() int {
	f.h.t.Helper()
	m, err := f.h.app.FindMember(context.Background(), isms.SystemActor(f.a.ID), f.ids["ext-auditor"])
	if err != nil {
		f.h.t.Fatalf("FindMember(external auditor): %v", err)
	}
	return m.Version
}

// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for the ISMS scope
// and the ISMS processes. Readers of the ISMS see both; administrators
// and ISMS managers write, submit and discard drafts of the scope;
// contributors also keep the processes; employees see neither.
func init() {
	for pattern, row := range scopeAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzScope)
	for t, name := range map[authzTarget]string{targetScopeVersion: "scope-v1", targetProcess: "process"} {
		authzTargetIDs[t] = func(f *authzFixture, x authzWho) string { return string(f.ids[name]) }
	}
}

// The targets: A's approved v1 of its scope (v2 is its draft), and A's
// process PRC-1, which PRC-2 interacts with.
const (
	targetScopeVersion authzTarget = 720 + iota
	targetProcess
)

const (
	readScope     = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	readScopeID   = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N"
	manageScope   = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A"
	editProcesses = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A"
	editProcess   = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N"
)

var scopeAuthzRows = map[string]authzRow{
	"GET /scope":      {cells: readScope, note: "other sees B's scope: a draft, none approved"},
	"GET /scope/edit": {cells: manageScope},
	"POST /scope/edit": {cells: manageScope, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"statement": {"The ISMS of the whole company."}, "version": {strconv.Itoa(f.scopeDraftVersion(x))}}
	}, note: "each organization's own draft"},
	"POST /scope/submit": {cells: manageScope, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"approvers": {string(f.approverFor(x).ID)}, "version": {strconv.Itoa(f.scopeDraftVersion(x))}}
	}, note: "the draft of the actor's organization"},
	"POST /scope/draft/delete":      {cells: manageScope},
	"GET /scope/versions":           {cells: readScope},
	"GET /scope/versions/{id}":      {cells: readScopeID, id: targetScopeVersion},
	"GET /scope/compare":            {cells: readScope, note: "v1 and v2 for A; B, with one version, gets the empty page"},
	"GET /isms-processes":           {cells: readScope},
	"GET /isms-processes/new":       {cells: editProcesses},
	"POST /isms-processes":          {cells: editProcesses, body: authzProcessForm},
	"GET /isms-processes/matrix":    {cells: readScope},
	"GET /isms-processes/{id}":      {cells: readScopeID, id: targetProcess},
	"GET /isms-processes/{id}/edit": {cells: editProcess, id: targetProcess},
	"POST /isms-processes/{id}": {cells: editProcess, id: targetProcess, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"name": {"Risk management"}, "clauses": {"6.1.2, 8.2"}, "version": {strconv.Itoa(f.processVersion())}}
	}},
	"POST /isms-processes/{id}/delete": {cells: editProcess, id: targetProcess},

	"GET /api/v1/scope": {cells: readScope},
	"PUT /api/v1/scope/draft": {cells: manageScope, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"statement": "The ISMS of the whole company.", "version": f.scopeDraftVersion(x)}
	}},
	"DELETE /api/v1/scope/draft":      {cells: manageScope},
	"GET /api/v1/scope/versions":      {cells: readScope},
	"GET /api/v1/scope/versions/{id}": {cells: readScopeID, id: targetScopeVersion},
	"GET /api/v1/isms-processes":      {cells: readScope},
	"POST /api/v1/isms-processes": {cells: editProcesses, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"name": "Internal audit", "clauses": []string{"9.2"}}
	}},
	"GET /api/v1/isms-processes/{id}": {cells: readScopeID, id: targetProcess},
	"PUT /api/v1/isms-processes/{id}": {cells: editProcess, id: targetProcess, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"name": "Risk management", "clauses": []string{"6.1.2"}, "version": f.processVersion()}
	}},
	"DELETE /api/v1/isms-processes/{id}": {cells: editProcess, id: targetProcess},
}

// newAuthzScope gives A an approved v1 of its scope and a draft v2, and
// processes PRC-1 and PRC-2 (which interacts with PRC-1); B gets a draft
// v1 of its own scope.
func newAuthzScope(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, admin := context.Background(), w.actor(asAdmin)
	v1, err := h.app.SaveScopeDraft(ctx, admin, 0, app.ScopeInput{Statement: "The ISMS of Acme's platform.", Units: []string{"Engineering"}})
	if err != nil {
		h.t.Fatalf("SaveScopeDraft: %v", err)
	}
	ap, err := h.app.SubmitForApproval(ctx, admin, app.SubmitInput{ObjectType: "isms_scope", ObjectID: v1.ID, ApproverIDs: []isms.ID{w.users[asMgr].ID}})
	if err != nil {
		h.t.Fatalf("SubmitForApproval(scope): %v", err)
	}
	if _, err := h.app.DecideApproval(ctx, w.actor(asMgr), ap.ID, isms.DecisionApprove, "Agreed."); err != nil {
		h.t.Fatalf("DecideApproval(scope): %v", err)
	}
	if _, err := h.app.SaveScopeDraft(ctx, admin, 0, app.ScopeInput{Statement: "The ISMS of all of Acme."}); err != nil {
		h.t.Fatalf("SaveScopeDraft(v2): %v", err)
	}
	if _, err := h.app.SaveScopeDraft(ctx, w.actor(asOther), 0, app.ScopeInput{Statement: "The ISMS of Globex."}); err != nil {
		h.t.Fatalf("SaveScopeDraft(B): %v", err)
	}
	p1, err := h.app.CreateProcess(ctx, admin, app.ProcessInput{Name: "Risk management", Clauses: []string{"6.1.2"}})
	if err != nil {
		h.t.Fatalf("CreateProcess: %v", err)
	}
	if _, err := h.app.CreateProcess(ctx, admin, app.ProcessInput{Name: "Internal audit", Clauses: []string{"9.2"},
		InteractsWith: []string{p1.Ref}}); err != nil {
		h.t.Fatalf("CreateProcess(PRC-2): %v", err)
	}
	w.ids["scope-v1"], w.ids["process"] = v1.ID, p1.ID
}

// scopeDraftVersion is the version of the draft scope of x's
// organization.
func (f *authzFixture) scopeDraftVersion(x authzWho) int {
	f.h.t.Helper()
	_, draft, err := f.h.app.CurrentScope(context.Background(), isms.SystemActor(f.orgOf(x).ID))
	if err != nil || draft == nil {
		f.h.t.Fatalf("CurrentScope: %v, draft %v", err, draft)
	}
	return draft.Version
}

func (f *authzFixture) processVersion() int {
	f.h.t.Helper()
	p, err := f.h.app.FindProcess(context.Background(), isms.SystemActor(f.a.ID), f.ids["process"])
	if err != nil {
		f.h.t.Fatalf("FindProcess: %v", err)
	}
	return p.Version
}

func authzProcessForm(f *authzFixture, x authzWho) any {
	return url.Values{"name": {"Internal audit"}, "clauses": {"9.2"}, "ownerId": {string(f.assignee(x))}}
}

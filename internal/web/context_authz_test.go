// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for context
// issues, interested parties and their requirements. Readers of the ISMS
// see them; administrators, ISMS managers and contributors record and
// change them; employees see nothing.
func init() {
	for pattern, row := range contextAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzContext)
	for t, name := range map[authzTarget]string{targetContextIssue: "context-issue", targetParty: "party",
		targetPartyRequirement: "party-requirement"} {
		authzTargetIDs[t] = func(f *authzFixture, x authzWho) string { return string(f.ids[name]) }
	}
}

// The targets: A's context issue CI-1; A's interested party IP-1, without
// requirements (so that it may be deleted); and A's requirement RQ-1 of
// its party IP-2.
const (
	targetContextIssue authzTarget = 700 + iota
	targetParty
	targetPartyRequirement
)

const (
	editCtx   = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A"
	editCtxID = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N"
)

var contextAuthzRows = map[string]authzRow{
	"GET /context-issues":              {cells: readSupport},
	"GET /context-issues/new":          {cells: editCtx},
	"POST /context-issues":             {cells: editCtx, body: authzIssueForm},
	"GET /context-issues/{id}":         {cells: readSupportID, id: targetContextIssue},
	"GET /context-issues/{id}/edit":    {cells: editCtxID, id: targetContextIssue},
	"POST /context-issues/{id}":        {cells: editCtxID, id: targetContextIssue, body: authzIssueUpdateForm},
	"POST /context-issues/{id}/delete": {cells: editCtxID, id: targetContextIssue},

	"GET /interested-parties":              {cells: readSupport},
	"GET /interested-parties/new":          {cells: editCtx},
	"POST /interested-parties":             {cells: editCtx, body: authzPartyForm},
	"GET /interested-parties/{id}":         {cells: readSupportID, id: targetParty},
	"GET /interested-parties/{id}/edit":    {cells: editCtxID, id: targetParty},
	"POST /interested-parties/{id}":        {cells: editCtxID, id: targetParty, body: authzPartyUpdateForm},
	"POST /interested-parties/{id}/delete": {cells: editCtxID, id: targetParty},

	"GET /party-requirements":              {cells: readSupport},
	"GET /party-requirements/new":          {cells: editCtx},
	"POST /party-requirements":             {cells: editCtx, body: authzPreqForm, note: "other's requirement is of B's own party"},
	"GET /party-requirements/{id}":         {cells: readSupportID, id: targetPartyRequirement},
	"GET /party-requirements/{id}/edit":    {cells: editCtxID, id: targetPartyRequirement},
	"POST /party-requirements/{id}":        {cells: editCtxID, id: targetPartyRequirement, body: authzPreqUpdateForm},
	"POST /party-requirements/{id}/delete": {cells: editCtxID, id: targetPartyRequirement},

	"GET /api/v1/context-issues": {cells: readSupport},
	"POST /api/v1/context-issues": {cells: editCtx, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Tight budget", "kind": "internal", "category": "economic", "effect": "negative"}
	}},
	"GET /api/v1/context-issues/{id}": {cells: readSupportID, id: targetContextIssue},
	"PUT /api/v1/context-issues/{id}": {cells: editCtxID, id: targetContextIssue, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Heat waves", "kind": "external", "category": "environmental", "effect": "negative",
			"climate": true, "version": f.issueVersion()}
	}},
	"DELETE /api/v1/context-issues/{id}": {cells: editCtxID, id: targetContextIssue},
	"GET /api/v1/interested-parties":     {cells: readSupport},
	"POST /api/v1/interested-parties": {cells: editCtx, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"name": "Insurer", "kind": "external", "category": "partner"}
	}},
	"GET /api/v1/interested-parties/{id}": {cells: readSupportID, id: targetParty},
	"PUT /api/v1/interested-parties/{id}": {cells: editCtxID, id: targetParty, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"name": "Enterprise customers", "kind": "external", "category": "customer", "version": f.partyVersion()}
	}},
	"DELETE /api/v1/interested-parties/{id}": {cells: editCtxID, id: targetParty},
	"GET /api/v1/party-requirements":         {cells: readSupport},
	"POST /api/v1/party-requirements": {cells: editCtx, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"partyId": f.partyOf(x), "title": "Notify breaches", "type": "legal", "addressed": true}
	}, note: "other's requirement is of B's own party"},
	"GET /api/v1/party-requirements/{id}": {cells: readSupportID, id: targetPartyRequirement},
	"PUT /api/v1/party-requirements/{id}": {cells: editCtxID, id: targetPartyRequirement, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"partyId": f.ids["party-holder"], "title": "Keep a certificate", "type": "contractual",
			"addressed": false, "how": "Not before 2027.", "version": f.preqVersion()}
	}},
	"DELETE /api/v1/party-requirements/{id}": {cells: editCtxID, id: targetPartyRequirement},
}

// newAuthzContext gives A its issue, its two parties and the requirement
// of the second, and B a party of its own.
func newAuthzContext(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, admin := context.Background(), w.actor(asAdmin)
	c, err := h.app.CreateContextIssue(ctx, admin, app.ContextIssueInput{Title: "EU AI Act", Kind: "external", Category: "legal", Effect: "negative"})
	if err != nil {
		h.t.Fatalf("CreateContextIssue: %v", err)
	}
	ids := map[string]isms.ID{"context-issue": c.ID}
	for _, x := range []struct {
		name string
		by   authzWho
	}{{"party", asAdmin}, {"party-holder", asAdmin}, {"party-b", asOther}} {
		p, err := h.app.CreateParty(ctx, w.actor(x.by), app.PartyInput{Name: "Customers " + x.name, Kind: "external", Category: "customer"})
		if err != nil {
			h.t.Fatalf("CreateParty(%s): %v", x.name, err)
		}
		ids[x.name] = p.ID
	}
	q, err := h.app.CreatePartyRequirement(ctx, admin, app.PartyRequirementInput{PartyID: string(ids["party-holder"]),
		Title: "Availability of 99.9%", Type: "contractual", Addressed: true})
	if err != nil {
		h.t.Fatalf("CreatePartyRequirement: %v", err)
	}
	ids["party-requirement"] = q.ID
	for k, v := range ids {
		w.ids[k] = v
	}
}

// partyOf is a party of x's organization.
func (f *authzFixture) partyOf(x authzWho) isms.ID {
	if x == asOther {
		return f.ids["party-b"]
	}
	return f.ids["party-holder"]
}

func (f *authzFixture) issueVersion() int {
	f.h.t.Helper()
	c, err := f.h.app.FindContextIssue(context.Background(), isms.SystemActor(f.a.ID), string(f.ids["context-issue"]))
	if err != nil {
		f.h.t.Fatalf("FindContextIssue: %v", err)
	}
	return c.Version
}

func (f *authzFixture) partyVersion() int {
	f.h.t.Helper()
	p, err := f.h.app.FindParty(context.Background(), isms.SystemActor(f.a.ID), string(f.ids["party"]))
	if err != nil {
		f.h.t.Fatalf("FindParty: %v", err)
	}
	return p.Version
}

func (f *authzFixture) preqVersion() int {
	f.h.t.Helper()
	q, err := f.h.app.FindPartyRequirement(context.Background(), isms.SystemActor(f.a.ID), string(f.ids["party-requirement"]))
	if err != nil {
		f.h.t.Fatalf("FindPartyRequirement: %v", err)
	}
	return q.Version
}

func authzIssueForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Hybrid work"}, "kind": {"internal"}, "category": {"organizational"}, "effect": {"positive"}}
}

func authzIssueUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"EU AI Act"}, "kind": {"external"}, "category": {"legal"}, "effect": {"negative"},
		"reviewOn": {"2026-09-01"}, "version": {strconv.Itoa(f.issueVersion())}}
}

func authzPartyForm(f *authzFixture, x authzWho) any {
	return url.Values{"name": {"Data protection authority"}, "kind": {"external"}, "category": {"regulator"}}
}

func authzPartyUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"name": {"Enterprise customers"}, "kind": {"external"}, "category": {"customer"}, "contact": {"Sales"},
		"version": {strconv.Itoa(f.partyVersion())}}
}

func authzPreqForm(f *authzFixture, x authzWho) any {
	return url.Values{"partyId": {string(f.partyOf(x))}, "title": {"Notify breaches"}, "type": {"legal"}, "addressed": {"1"}}
}

func authzPreqUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"partyId": {string(f.ids["party-holder"])}, "title": {"Availability of 99.95%"}, "type": {"contractual"},
		"addressed": {"1"}, "how": {"Two data centres."}, "version": {strconv.Itoa(f.preqVersion())}}
}

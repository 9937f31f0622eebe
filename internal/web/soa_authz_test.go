// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for the Statement
// of Applicability. Readers of the ISMS (auditors and viewers too) read
// every version and export it; administrators and ISMS managers start,
// edit, submit and discard drafts; contributors and employees do not,
// and employees read nothing.
func init() {
	for pattern, row := range soaAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzSoA)
	authzTargetIDs[targetSoAApproved] = func(f *authzFixture, x authzWho) string { return string(f.ids["soa-v1"]) }
	authzTargetIDs[targetSoADraft] = func(f *authzFixture, x authzWho) string { return string(f.ids["soa-v2"]) }
	// The line of R1 (control_authz_test.go's {req}) in the API's routes too.
	authzPathVars["requirementId"] = func(f *authzFixture, x authzWho) string { return string(f.ids["control-requirement"]) }
}

// The targets: the SoA of A's framework "authz-controls" (R1, linked to
// the control C-1, and R2), whose v1 is approved and v2 is a draft.
const (
	targetSoAApproved authzTarget = 820 + iota
	targetSoADraft
)

const (
	readSoA   = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	readSoAID = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N"
	editSoA   = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A"
	editSoAID = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:N"
	// noSoAPair: A's and B's ISO/IEC 27001:2022 SoA have one version
	// each, so there is nothing to compare by default (404 for readers).
	noSoAPair = "anon:D owner:D admin:N mgr:N contrib:N aud:N view:N emp:D other:N"
)

var soaAuthzRows = map[string]authzRow{
	"GET /soa":                    {cells: readSoA, note: "A's and B's ISO/IEC 27001:2022 drafts"},
	"POST /soa":                   {cells: editSoA, body: authzSoAGenerateForm, note: "the ISO/IEC 27001:2013 SoA, which neither organization has yet"},
	"GET /soa/versions":           {cells: readSoA},
	"GET /soa/compare":            {cells: readSoA, note: "one ISO/IEC 27001:2022 version: the page says there is nothing to compare yet"},
	"GET /soa/export.csv":         {cells: readSoA, note: "the ISO/IEC 27001:2022 draft, none being approved"},
	"GET /soa/export.xlsx":        {cells: readSoA},
	"GET /soa/export.pdf":         {cells: readSoA},
	"GET /soa/{id}":               {cells: readSoAID, id: targetSoAApproved},
	"GET /soa/{id}/export.csv":    {cells: readSoAID, id: targetSoAApproved},
	"GET /soa/{id}/export.xlsx":   {cells: readSoAID, id: targetSoAApproved},
	"GET /soa/{id}/export.pdf":    {cells: readSoAID, id: targetSoAApproved},
	"GET /soa/{id}/lines/{req}":   {cells: readSoAID, id: targetSoADraft, note: "{req} is R1"},
	"POST /soa/{id}/lines/{req}":  {cells: editSoAID, id: targetSoADraft, body: authzSoALineForm},
	"POST /soa/{id}/lines":        {cells: editSoAID, id: targetSoADraft, body: authzSoALinesForm, note: "R1 applicable as a business requirement"},
	"POST /soa/{id}/note":         {cells: editSoAID, id: targetSoADraft, body: authzSoANoteForm},
	"POST /soa/{id}/submit":       {cells: editSoAID, id: targetSoADraft, body: authzSoASubmitForm},
	"POST /soa/{id}/delete":       {cells: editSoAID, id: targetSoADraft},
	"GET /api/v1/soa":             {cells: readSoA},
	"POST /api/v1/soa":            {cells: editSoA, body: func(f *authzFixture, x authzWho) any { return map[string]any{"framework": "iso27001-2013"} }},
	"GET /api/v1/soa/compare":     {cells: noSoAPair, note: "without from and to, the ISO/IEC 27001:2022 SoA's two newest versions: it has one"},
	"GET /api/v1/soa/{id}":        {cells: readSoAID, id: targetSoAApproved},
	"GET /api/v1/soa/{id}/export": {cells: readSoAID, id: targetSoAApproved, note: "XLSX by default"},
	"DELETE /api/v1/soa/{id}":     {cells: editSoAID, id: targetSoADraft},
	"PATCH /api/v1/soa/{id}/lines/{requirementId}": {cells: editSoAID, id: targetSoADraft, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"applicable": "yes", "businessRequirement": true, "reason": "Customers ask for it.", "version": f.soaLineVersion()}
	}},
	"POST /api/v1/soa/{id}/submit": {cells: editSoAID, id: targetSoADraft, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"version": f.soaDraftVersion(), "approverIds": []isms.ID{f.approverFor(x).ID}}
	}},
}

// newAuthzSoA gives A the SoA of "authz-controls" (v1 approved: R1
// applicable as a business requirement, R2 excluded; v2 a draft copied
// from it), and A and B each a draft SoA of ISO/IEC 27001:2022.
func newAuthzSoA(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, admin := context.Background(), w.actor(asAdmin)
	fw := string(w.ids["control-framework"])
	v1, err := h.app.GenerateSoA(ctx, admin, fw, "First version.")
	if err != nil {
		h.t.Fatalf("GenerateSoA: %v", err)
	}
	view, err := h.app.FindSoA(ctx, admin, fw, string(v1.ID))
	if err != nil {
		h.t.Fatalf("FindSoA: %v", err)
	}
	for _, l := range view.Lines {
		in := app.SoALineInput{Applicable: isms.SoAApplicable, Business: true, Reason: "Customers require it."}
		if l.Ref == "R2" {
			in = app.SoALineInput{Applicable: isms.SoAExcluded, Exclusion: "Nothing of the kind in scope."}
		}
		if _, err := h.app.UpdateSoALine(ctx, admin, v1.ID, l.RequirementID, l.Version, in); err != nil {
			h.t.Fatalf("UpdateSoALine(%s): %v", l.Ref, err)
		}
	}
	ap, err := h.app.SubmitSoA(ctx, admin, app.SubmitInput{ObjectID: v1.ID, ApproverIDs: []isms.ID{w.users[asMgr].ID}})
	if err != nil {
		h.t.Fatalf("SubmitSoA: %v", err)
	}
	if _, err := h.app.DecideApproval(ctx, w.actor(asMgr), ap.ID, isms.DecisionApprove, "Agreed."); err != nil {
		h.t.Fatalf("DecideApproval(SoA): %v", err)
	}
	v2, err := h.app.GenerateSoA(ctx, admin, fw, "Second version.")
	if err != nil {
		h.t.Fatalf("GenerateSoA(v2): %v", err)
	}
	for _, x := range []authzWho{asAdmin, asOther} {
		if _, err := h.app.GenerateSoA(ctx, w.actor(x), "iso27001-2022", ""); err != nil {
			h.t.Fatalf("GenerateSoA(ISO/IEC 27001:2022): %v", err)
		}
	}
	w.ids["soa-v1"], w.ids["soa-v2"] = v1.ID, v2.ID
}

// soaDraftVersion is the version of A's draft v2.
func (f *authzFixture) soaDraftVersion() int {
	f.h.t.Helper()
	return f.soaDraft().SoA.Version
}

// soaLineVersion is the version of R1's line in A's draft v2.
func (f *authzFixture) soaLineVersion() int {
	f.h.t.Helper()
	for _, l := range f.soaDraft().Lines {
		if l.RequirementID == f.ids["control-requirement"] {
			return l.Version
		}
	}
	f.h.t.Fatalf("the draft has no line of R1")
	return 0
}

func (f *authzFixture) soaDraft() *app.SoAView {
	f.h.t.Helper()
	v, err := f.h.app.FindSoA(context.Background(), isms.SystemActor(f.a.ID), "", string(f.ids["soa-v2"]))
	if err != nil {
		f.h.t.Fatalf("FindSoA(draft): %v", err)
	}
	return v
}

func authzSoAGenerateForm(f *authzFixture, x authzWho) any {
	return url.Values{"framework": {"iso27001-2013"}, "note": {"The old edition, for comparison."}}
}

func authzSoALineForm(f *authzFixture, x authzWho) any {
	return url.Values{"applicable": {"yes"}, "businessRequirement": {"1"}, "reason": {"Customers ask for it."},
		"version": {strconv.Itoa(f.soaLineVersion())}}
}

func authzSoALinesForm(f *authzFixture, x authzWho) any {
	return url.Values{"req": {string(f.ids["control-requirement"])}, "applicable": {"yes"}, "businessRequirement": {"1"},
		"reason": {"Customers ask for it."}, "version": {strconv.Itoa(f.soaDraftVersion())}}
}

func authzSoANoteForm(f *authzFixture, x authzWho) any {
	return url.Values{"note": {"Reviewed with the auditors."}, "version": {strconv.Itoa(f.soaDraftVersion())}}
}

func authzSoASubmitForm(f *authzFixture, x authzWho) any {
	return url.Values{"approvers": {string(f.approverFor(x).ID)}, "version": {strconv.Itoa(f.soaDraftVersion())}}
}

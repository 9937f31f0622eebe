// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for the risks and
// opportunities of the ISMS and the planned changes to it. Readers of
// the ISMS see them; administrators, ISMS managers and contributors
// record and change them; employees see nothing.
func init() {
	for pattern, row := range ismsRiskAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzISMSRisks)
	authzTargetIDs[targetISMSRisk] = func(f *authzFixture, x authzWho) string { return string(f.ids["isms-risk"]) }
	authzTargetIDs[targetISMSChange] = func(f *authzFixture, x authzWho) string { return string(f.ids["isms-change"]) }
}

// The targets: A's ISMS risk RO-1, without actions (so that it may be
// deleted), and A's planned change CHG-1.
const (
	targetISMSRisk authzTarget = 760 + iota
	targetISMSChange
)

const (
	editISMSRisks   = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A"
	editISMSRisksID = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N"
)

var ismsRiskAuthzRows = map[string]authzRow{
	"GET /isms-risks":              {cells: readSupport},
	"GET /isms-risks/new":          {cells: editISMSRisks},
	"POST /isms-risks":             {cells: editISMSRisks, body: authzISMSRiskForm},
	"GET /isms-risks/{id}":         {cells: readSupportID, id: targetISMSRisk},
	"GET /isms-risks/{id}/edit":    {cells: editISMSRisksID, id: targetISMSRisk},
	"POST /isms-risks/{id}":        {cells: editISMSRisksID, id: targetISMSRisk, body: authzISMSRiskUpdateForm},
	"POST /isms-risks/{id}/delete": {cells: editISMSRisksID, id: targetISMSRisk},

	"GET /isms-changes":              {cells: readSupport},
	"GET /isms-changes/new":          {cells: editISMSRisks},
	"POST /isms-changes":             {cells: editISMSRisks, body: authzISMSChangeForm},
	"GET /isms-changes/{id}":         {cells: readSupportID, id: targetISMSChange},
	"GET /isms-changes/{id}/edit":    {cells: editISMSRisksID, id: targetISMSChange},
	"POST /isms-changes/{id}":        {cells: editISMSRisksID, id: targetISMSChange, body: authzISMSChangeUpdateForm},
	"POST /isms-changes/{id}/delete": {cells: editISMSRisksID, id: targetISMSChange},

	"GET /api/v1/isms-risks": {cells: readSupport},
	"POST /api/v1/isms-risks": {cells: editISMSRisks, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"kind": "opportunity", "title": "Automate evidence", "likelihood": "medium", "impact": "medium"}
	}},
	"GET /api/v1/isms-risks/{id}": {cells: readSupportID, id: targetISMSRisk, note: "also by its reference"},
	"PUT /api/v1/isms-risks/{id}": {cells: editISMSRisksID, id: targetISMSRisk, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"kind": "risk", "title": "The ISMS manager leaves", "likelihood": "high", "impact": "high",
			"status": "planned", "evaluationMethod": "A deputy runs the next audit.", "version": f.ismsRiskVersion()}
	}},
	"DELETE /api/v1/isms-risks/{id}": {cells: editISMSRisksID, id: targetISMSRisk},
	"GET /api/v1/isms-changes":       {cells: readSupport},
	"POST /api/v1/isms-changes": {cells: editISMSRisks, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Adopt a GRC tool", "reason": "Spreadsheets do not scale."}
	}},
	"GET /api/v1/isms-changes/{id}": {cells: readSupportID, id: targetISMSChange, note: "also by its reference"},
	"PUT /api/v1/isms-changes/{id}": {cells: editISMSRisksID, id: targetISMSChange, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Add the Lyon site", "reason": "The office opens in May.", "consequences": "Risk register grows.",
			"status": "approved", "version": f.ismsChangeVersion()}
	}},
	"DELETE /api/v1/isms-changes/{id}": {cells: editISMSRisksID, id: targetISMSChange},
}

// newAuthzISMSRisks gives A its ISMS risk and planned change.
func newAuthzISMSRisks(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, by := context.Background(), w.actor(asAdmin)
	r, err := h.app.CreateISMSRisk(ctx, by, app.ISMSRiskInput{Kind: "risk", Title: "The ISMS manager leaves",
		Likelihood: "medium", Impact: "high", OwnerID: string(w.users[asMgr].ID)})
	if err != nil {
		h.t.Fatalf("CreateISMSRisk: %v", err)
	}
	c, err := h.app.CreateChange(ctx, by, app.ChangeInput{Title: "Add the Lyon site", Reason: "The office opens in May.",
		ISMSRisks: []string{r.Ref}})
	if err != nil {
		h.t.Fatalf("CreateChange: %v", err)
	}
	w.ids["isms-risk"], w.ids["isms-change"] = r.ID, c.ID
}

func (f *authzFixture) ismsRiskVersion() int {
	f.h.t.Helper()
	x, err := f.h.app.FindISMSRisk(context.Background(), isms.SystemActor(f.a.ID), f.ids["isms-risk"])
	if err != nil {
		f.h.t.Fatalf("FindISMSRisk: %v", err)
	}
	return x.Version
}

func (f *authzFixture) ismsChangeVersion() int {
	f.h.t.Helper()
	x, err := f.h.app.FindChange(context.Background(), isms.SystemActor(f.a.ID), f.ids["isms-change"])
	if err != nil {
		f.h.t.Fatalf("FindChange: %v", err)
	}
	return x.Version
}

func authzISMSRiskForm(f *authzFixture, x authzWho) any {
	return url.Values{"kind": {"risk"}, "title": {"Budget cut"}, "likelihood": {"low"}, "impact": {"high"}, "status": {"open"}}
}

func authzISMSRiskUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"kind": {"risk"}, "title": {"The ISMS manager leaves"}, "likelihood": {"high"}, "impact": {"high"},
		"status": {"planned"}, "evaluationMethod": {"A deputy runs the next audit."}, "issues": {""}, "requirements": {""},
		"version": {strconv.Itoa(f.ismsRiskVersion())}}
}

func authzISMSChangeForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Adopt a GRC tool"}, "reason": {"Spreadsheets do not scale."}, "status": {"proposed"}}
}

func authzISMSChangeUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Add the Lyon site"}, "reason": {"The office opens in May."}, "consequences": {"Risk register grows."},
		"status": {"approved"}, "ismsRisks": {"RO-1"}, "version": {strconv.Itoa(f.ismsChangeVersion())}}
}

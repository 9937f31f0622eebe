// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for the risk method,
// re-scoring, assets, the threat library and risk assessments. Readers of
// the ISMS see them; editors of risks (administrators, ISMS managers,
// contributors) change assets, add from the library and record
// assessments; only those who manage the risk method (administrators and
// ISMS managers) draft, submit and re-score; employees do none of it.
func init() {
	for pattern, row := range riskMethodAuthzRows {
		authzTable[pattern] = row
	}
	// First of the hooks, so that the approved 5×5 version the risk rows
	// score under is the current one, and v1 an older one to re-score.
	authzWorldHooks = append([]func(*harness, *authzWorld){newAuthzRiskMethods}, authzWorldHooks...)
	for t, name := range map[authzTarget]string{targetMethodDraft: "method-draft", targetMethodOld: "method-old",
		targetAsset: "asset", targetAssessment: "assessment"} {
		authzTargetIDs[t] = func(f *authzFixture, x authzWho) string { return string(f.ids[name]) }
	}
}

// The targets of these rows.
const (
	targetMethodDraft authzTarget = 400 + iota // A's draft v3 of its risk method
	targetMethodOld                            // A's superseded v1 (3×3), with one risk scored under it
	targetAsset                                // A's asset AS-1, on which AS-2 depends; no parts
	targetAssessment                           // A's first risk assessment (of two)
)

const (
	manageMethods = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A"
	manageMethod  = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:N"
)

var riskMethodAuthzRows = map[string]authzRow{
	"GET /risk-method": {cells: readRisks, note: "other sees their own organization's (empty) method page"},
	"POST /risk-methods": {cells: manageMethods, body: authzPresetForm, prep: authzDeleteDraft,
		note: "A's draft is deleted first: there is one draft at a time"},
	"GET /risk-methods/{id}":          {cells: readRisk, id: targetMethodDraft},
	"GET /risk-methods/{id}/edit":     {cells: manageMethod, id: targetMethodDraft},
	"POST /risk-methods/{id}/edit":    {cells: manageMethod, id: targetMethodDraft, body: authzMethodForm},
	"POST /risk-methods/{id}/submit":  {cells: manageMethod, id: targetMethodDraft, body: authzMethodSubmitForm},
	"POST /risk-methods/{id}/delete":  {cells: manageMethod, id: targetMethodDraft},
	"GET /risk-methods/{id}/rescore":  {cells: manageMethod, id: targetMethodOld, note: "the preview"},
	"POST /risk-methods/{id}/rescore": {cells: manageMethod, id: targetMethodOld, note: "the proposed mapping"},

	"GET /assets":              {cells: readRisks},
	"GET /assets/new":          {cells: editRisks},
	"POST /assets":             {cells: editRisks, body: authzAssetForm},
	"GET /assets/{id}":         {cells: readRisk, id: targetAsset},
	"GET /assets/{id}/edit":    {cells: editRisk, id: targetAsset},
	"POST /assets/{id}":        {cells: editRisk, id: targetAsset, body: authzAssetUpdateForm},
	"POST /assets/{id}/delete": {cells: editRisk, id: targetAsset, note: "it has no parts, so it may be deleted"},

	"GET /risks/library": {cells: readRisks},
	"POST /risks/library": {cells: editRisks, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"keys": {isms.ThreatLibrary[0].Key}}
	}},

	"GET /risk-assessments":         {cells: readRisks},
	"POST /risk-assessments":        {cells: editRisks, body: func(f *authzFixture, x authzWho) any { return url.Values{"title": {"Spot check"}} }},
	"GET /risk-assessments/compare": {cells: readRisks, note: "the newest two; other, with none, gets the empty page"},
	"GET /risk-assessments/{id}":    {cells: readRisk, id: targetAssessment},

	"GET /api/v1/risk-methods": {cells: readRisks},
	"POST /api/v1/risk-methods": {cells: manageMethods, prep: authzDeleteDraft, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"preset": 3}
	}},
	"GET /api/v1/risk-methods/{id}":          {cells: readRisk, id: targetMethodDraft},
	"PUT /api/v1/risk-methods/{id}":          {cells: manageMethod, id: targetMethodDraft, body: authzMethodJSON},
	"POST /api/v1/risk-methods/{id}/rescore": {cells: manageMethod, id: targetMethodOld, body: func(f *authzFixture, x authzWho) any { return map[string]any{} }},

	"GET /api/v1/assets": {cells: readRisks},
	"POST /api/v1/assets": {cells: editRisks, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"name": "Visitor log", "type": "information"}
	}},
	"GET /api/v1/assets/{id}": {cells: readRisk, id: targetAsset},
	"PUT /api/v1/assets/{id}": {cells: editRisk, id: targetAsset, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"ref": "AS-1", "name": "Customer records", "type": "information", "version": f.assetVersion()}
	}},
	"DELETE /api/v1/assets/{id}": {cells: editRisk, id: targetAsset},

	"GET /api/v1/risk-assessments": {cells: readRisks},
	"POST /api/v1/risk-assessments": {cells: editRisks, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Spot check"}
	}},
	"GET /api/v1/risk-assessments/{id}": {cells: readRisk, id: targetAssessment},
	"GET /api/v1/risk-assessments/compare": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N",
		note: "the newest two; B has none to compare: 404 for other"},
}

// newAuthzRiskMethods gives A a superseded v1 (3×3) with risk R-900 scored
// under it, the approved 5×5 preset as v2, a draft v3, two assets and two
// risk assessments.
func newAuthzRiskMethods(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, admin := context.Background(), w.actor(asAdmin)
	old := authzApproveMethod(h, w, 3)
	if _, err := h.app.CreateRisk(ctx, admin, app.RiskInput{Ref: "R-900", Title: "Flooded basement",
		InherentLikelihood: "2", InherentImpact: "3"}); err != nil {
		h.t.Fatalf("CreateRisk: %v", err)
	}
	authzApproveMethod(h, w, 5)
	draft, err := h.app.CreateRiskMethodDraft(ctx, admin, app.RiskMethodDraftInput{})
	if err != nil {
		h.t.Fatalf("CreateRiskMethodDraft: %v", err)
	}
	as, err := h.app.CreateAsset(ctx, admin, app.AssetInput{Ref: "AS-1", Name: "Customer database", Type: "information"})
	if err != nil {
		h.t.Fatalf("CreateAsset: %v", err)
	}
	if _, err := h.app.CreateAsset(ctx, admin, app.AssetInput{Ref: "AS-2", Name: "CRM", Type: "software", Dependencies: []string{"AS-1"}}); err != nil {
		h.t.Fatalf("CreateAsset: %v", err)
	}
	var first isms.ID
	for i, title := range []string{"Annual risk assessment", "After the office move"} {
		ra, err := h.app.CreateRiskAssessment(ctx, admin, app.RiskAssessmentInput{Title: title, PerformedOn: fmt.Sprintf("2026-03-0%d", i+1)})
		if err != nil {
			h.t.Fatalf("CreateRiskAssessment: %v", err)
		}
		if i == 0 {
			first = ra.ID
		}
	}
	w.ids["method-old"], w.ids["method-draft"], w.ids["asset"], w.ids["assessment"] = old.ID, draft.ID, as.ID, first
}

// authzApproveMethod drafts the preset of size in A as its admin and has
// A's manager approve it.
func authzApproveMethod(h *harness, w *authzWorld, size int) *isms.RiskMethod {
	h.t.Helper()
	ctx, admin := context.Background(), w.actor(asAdmin)
	d, err := h.app.CreateRiskMethodDraft(ctx, admin, app.RiskMethodDraftInput{Preset: size})
	if err != nil {
		h.t.Fatalf("CreateRiskMethodDraft(%d): %v", size, err)
	}
	ap, err := h.app.SubmitForApproval(ctx, admin, app.SubmitInput{ObjectType: "risk_method", ObjectID: d.ID, ApproverIDs: []isms.ID{w.users[asMgr].ID}})
	if err != nil {
		h.t.Fatalf("SubmitForApproval(risk_method): %v", err)
	}
	if _, err := h.app.DecideApproval(ctx, w.actor(asMgr), ap.ID, isms.DecisionApprove, "Approved."); err != nil {
		h.t.Fatalf("DecideApproval(risk_method): %v", err)
	}
	return d
}

func authzDeleteDraft(f *authzFixture) {
	f.h.t.Helper()
	if err := f.h.app.DeleteRiskMethodDraft(context.Background(), isms.SystemActor(f.a.ID), f.ids["method-draft"]); err != nil {
		f.h.t.Fatalf("DeleteRiskMethodDraft: %v", err)
	}
}

// methodDraft is targetMethodDraft as it is stored now.
func (f *authzFixture) methodDraft() *isms.RiskMethod {
	f.h.t.Helper()
	d, err := f.h.app.FindRiskMethod(context.Background(), isms.SystemActor(f.a.ID), f.ids["method-draft"])
	if err != nil {
		f.h.t.Fatalf("FindRiskMethod: %v", err)
	}
	return d.Method
}

// assetVersion is the current version of targetAsset.
func (f *authzFixture) assetVersion() int {
	f.h.t.Helper()
	d, err := f.h.app.FindAsset(context.Background(), isms.SystemActor(f.a.ID), string(f.ids["asset"]))
	if err != nil {
		f.h.t.Fatalf("FindAsset: %v", err)
	}
	return d.Asset.Version
}

func authzPresetForm(f *authzFixture, x authzWho) any { return url.Values{"preset": {"4"}} }

// authzMethodForm is the draft's form as stored, with another name.
func authzMethodForm(f *authzFixture, x authzWho) any {
	m := f.methodDraft()
	v := url.Values{"name": {"Our method, revised"}, "description": {m.Description}, "reviewMonths": {strconv.Itoa(m.ReviewMonths)},
		"impactRule": {string(m.ImpactRule)}, "version": {strconv.Itoa(m.Version)}, "likelihoodCount": {strconv.Itoa(len(m.Likelihood))},
		"impactCount": {strconv.Itoa(len(m.Impact))}, "levelCount": {strconv.Itoa(len(m.Levels))}}
	for field, scale := range map[string][]isms.RiskScaleLevel{"likelihood": m.Likelihood, "impact": m.Impact} {
		for i, l := range scale {
			p := fmt.Sprintf("%s[%d].", field, i)
			v.Set(p+"value", strconv.Itoa(l.Value))
			v.Set(p+"label", l.Label)
			v.Set(p+"criteria", l.Criteria)
		}
	}
	for i, l := range m.Levels {
		p := fmt.Sprintf("levels[%d].", i)
		v.Set(p+"key", l.Key)
		v.Set(p+"label", l.Label)
		v.Set(p+"color", l.Color)
		v.Set(p+"acceptBy", string(l.AcceptBy))
		v.Set(p+"acceptUserId", string(l.AcceptUserID))
		if l.Retain {
			v.Set(p+"retain", "1")
		}
	}
	for l, row := range m.Matrix {
		for i, n := range row {
			v.Set(fmt.Sprintf("matrix[%d][%d]", l, i), strconv.Itoa(n))
		}
	}
	return v
}

func authzMethodSubmitForm(f *authzFixture, x authzWho) any {
	return url.Values{"approvers": {string(f.approverFor(x).ID)}, "version": {strconv.Itoa(f.methodDraft().Version)}, "note": {"Please approve."}}
}

func authzMethodJSON(f *authzFixture, x authzWho) any {
	m := f.methodDraft()
	return map[string]any{"name": "Our method, revised", "likelihood": m.Likelihood, "impact": m.Impact, "levels": m.Levels,
		"matrix": m.Matrix, "reviewMonths": m.ReviewMonths, "version": m.Version}
}

func authzAssetForm(f *authzFixture, x authzWho) any {
	return url.Values{"name": {"Visitor log"}, "type": {"information"}}
}

func authzAssetUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"ref": {"AS-1"}, "name": {"Customer records"}, "type": {"information"}, "version": {strconv.Itoa(f.assetVersion())}}
}

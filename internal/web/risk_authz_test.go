// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for the risk
// register, the risk page, the heatmap and import/export. Readers of the
// ISMS see risks; editors of risks (administrators, ISMS managers,
// contributors) change them; the risk's owner and editors record reviews;
// acceptance follows the method's criteria for the residual level;
// employees do none of it.
func init() {
	for pattern, row := range riskAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzRisk)
	authzTargetIDs[targetRisk] = func(f *authzFixture, x authzWho) string { return string(f.ids["risk"]) }
	authzPathVars["task"] = func(f *authzFixture, x authzWho) string { return string(f.ids["risk-action"]) }
}

// targetRisk is A's risk R-1, owned by A's manager and scored under A's
// approved 5×5 method: inherent high, residual medium (which, under the
// preset's criteria, an ISMS manager or an administrator accepts). It has
// one open treatment action.
const targetRisk authzTarget = 300

const (
	readRisks  = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	readRisk   = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N"
	editRisks  = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A"
	editRisk   = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N"
	acceptRisk = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:N"
)

var riskAuthzRows = map[string]authzRow{
	"GET /risks":             {cells: readRisks, note: "other sees their own organization's register"},
	"GET /risks/new":         {cells: editRisks},
	"POST /risks":            {cells: editRisks, body: authzRiskForm, note: "unscored: B has no approved method"},
	"GET /risks/heatmap":     {cells: readRisks},
	"GET /risks/export.csv":  {cells: readRisks},
	"GET /risks/export.xlsx": {cells: readRisks},
	"GET /risks/import":      {cells: editRisks},
	"POST /risks/import":     {cells: editRisks, upload: authzRiskImportForm, note: "a dry run: the preview"},
	"GET /risks/{id}":        {cells: readRisk, id: targetRisk},
	"GET /risks/{id}/edit":   {cells: editRisk, id: targetRisk},
	"POST /risks/{id}":       {cells: editRisk, id: targetRisk, body: authzRiskUpdateForm},
	"POST /risks/{id}/delete": {cells: editRisk, id: targetRisk,
		note: "never accepted nor submitted, so it may be deleted"},
	"POST /risks/{id}/actions": {cells: editRisk, id: targetRisk, body: authzRiskActionForm},
	"POST /risks/{id}/actions/{task}/remove": {cells: editRisk, id: targetRisk,
		note: "{task} is the risk's open treatment action"},
	"GET /risks/{id}/accept": {cells: readRisk, id: targetRisk,
		note: "the confirmation page; those who may not accept read why instead of the form"},
	"POST /risks/{id}/accept": {cells: acceptRisk, id: targetRisk, body: authzRiskAcceptForm,
		note: "the method's criteria: a medium residual risk is accepted by an ISMS manager or an administrator"},
	"POST /risks/{id}/review": {cells: editRisk, id: targetRisk, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"note": {"Still accurate."}}
	}, note: "editors of risks, and the owner (the manager)"},
	"POST /risks/{id}/submit-plan": {cells: editRisk, id: targetRisk, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"version": {strconv.Itoa(f.riskVersion())}, "note": {"Please approve."}}
	}, note: "submitted to the owner, the manager"},

	"GET /api/v1/risks": {cells: readRisks},
	"POST /api/v1/risks": {cells: editRisks, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Phishing of staff", "category": "People"}
	}},
	"GET /api/v1/risks/heatmap": {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N",
		note: "B has no approved method: 404 for other"},
	"POST /api/v1/risks/import": {cells: editRisks, upload: func(f *authzFixture, x authzWho) (string, []byte) {
		return "text/csv", []byte(authzRiskCSV)
	}},
	"GET /api/v1/risks/{id}": {cells: readRisk, id: targetRisk},
	"PUT /api/v1/risks/{id}": {cells: editRisk, id: targetRisk, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Ransomware on the file servers", "ownerId": f.users[asMgr].ID,
			"inherent": map[string]int{"likelihood": 3, "impact": 4}, "residual": map[string]int{"likelihood": 2, "impact": 3},
			"treatment": "modify", "version": f.riskVersion()}
	}},
	"DELETE /api/v1/risks/{id}": {cells: editRisk, id: targetRisk},
	"POST /api/v1/risks/{id}/actions": {cells: editRisk, id: targetRisk, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Offline backups", "ownerId": f.users[asMgr].ID, "due": "2026-05-01"}
	}},
	"POST /api/v1/risks/{id}/acceptances": {cells: acceptRisk, id: targetRisk, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"comment": "Acceptable until the backups are tested.", "version": f.riskVersion()}
	}},
	"POST /api/v1/risks/{id}/review": {cells: editRisk, id: targetRisk, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"note": "Still accurate."}
	}},
}

// authzRiskCSV is a register file of one new risk.
var authzRiskCSV = strings.Join(app.RiskColumns, ",") + "\n" + "R-9,Stolen laptop" + strings.Repeat(",", len(app.RiskColumns)-2) + "\n"

// authzApprovedMethod returns A's approved risk method, approving the 5×5
// preset (submitted by A's admin, approved by A's manager) when there is
// none yet.
func authzApprovedMethod(h *harness, w *authzWorld) *isms.RiskMethod {
	h.t.Helper()
	ctx := context.Background()
	admin := w.actor(asAdmin)
	if m, err := h.app.CurrentRiskMethod(ctx, admin); err == nil {
		return m
	} else if isms.ErrorCode(err) != isms.NotFound {
		h.t.Fatalf("CurrentRiskMethod: %v", err)
	}
	d, err := h.app.CreateRiskMethodDraft(ctx, admin, app.RiskMethodDraftInput{Preset: 5})
	if err != nil {
		h.t.Fatalf("CreateRiskMethodDraft: %v", err)
	}
	ap, err := h.app.SubmitForApproval(ctx, admin, app.SubmitInput{ObjectType: "risk_method", ObjectID: d.ID, Version: d.Version,
		ApproverIDs: []isms.ID{w.users[asMgr].ID}})
	if err != nil {
		h.t.Fatalf("SubmitForApproval(risk_method): %v", err)
	}
	if _, err := h.app.DecideApproval(ctx, w.actor(asMgr), ap.ID, isms.DecisionApprove, "Approved."); err != nil {
		h.t.Fatalf("DecideApproval(risk_method): %v", err)
	}
	m, err := h.app.CurrentRiskMethod(ctx, admin)
	if err != nil {
		h.t.Fatalf("CurrentRiskMethod after approval: %v", err)
	}
	return m
}

// newAuthzRisk gives A its approved method, the risk R-1 and its action.
func newAuthzRisk(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, admin := context.Background(), w.actor(asAdmin)
	authzApprovedMethod(h, w)
	r, err := h.app.CreateRisk(ctx, admin, app.RiskInput{Ref: "R-1", Title: "Ransomware", OwnerID: string(w.users[asMgr].ID),
		InherentLikelihood: "3", InherentImpact: "4", ResidualLikelihood: "2", ResidualImpact: "3", Treatment: "modify"})
	if err != nil {
		h.t.Fatalf("CreateRisk: %v", err)
	}
	act, err := h.app.AddTreatmentAction(ctx, admin, r.ID, app.TreatmentActionInput{Title: "Offline backups",
		OwnerID: string(w.users[asContrib].ID), Due: "2026-04-15"})
	if err != nil {
		h.t.Fatalf("AddTreatmentAction: %v", err)
	}
	w.ids["risk"], w.ids["risk-action"] = r.ID, act.TaskID
}

// riskVersion is the current version of targetRisk.
func (f *authzFixture) riskVersion() int {
	f.h.t.Helper()
	d, err := f.h.app.FindRisk(context.Background(), isms.SystemActor(f.a.ID), string(f.ids["risk"]))
	if err != nil {
		f.h.t.Fatalf("FindRisk: %v", err)
	}
	return d.Risk.Version
}

func authzRiskForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Phishing of staff"}, "kind": {"scenario"}, "owner": {string(f.assignee(x))}}
}

func authzRiskUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"ref": {"R-1"}, "title": {"Ransomware on the file servers"}, "kind": {"scenario"},
		"owner": {string(f.users[asMgr].ID)}, "inherentLikelihood": {"3"}, "inherentImpact": {"4"},
		"residualLikelihood": {"2"}, "residualImpact": {"3"}, "treatment": {"modify"}, "assets": {""}, "controls": {""},
		"version": {strconv.Itoa(f.riskVersion())}}
}

func authzRiskActionForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Test the restores"}, "owner": {string(f.users[asMgr].ID)}, "due": {"2026-05-01"}}
}

func authzRiskAcceptForm(f *authzFixture, x authzWho) any {
	return url.Values{"comment": {"Acceptable until the backups are tested."}, "version": {strconv.Itoa(f.riskVersion())}}
}

func authzRiskImportForm(f *authzFixture, x authzWho) (string, []byte) {
	return multipartBody(nil, "risks.csv", authzRiskCSV)
}

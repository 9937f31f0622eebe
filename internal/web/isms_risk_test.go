// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// ismsRiskForm is a valid form of a new ISMS risk.
func ismsRiskForm(mgr *isms.User) url.Values {
	return url.Values{"kind": {"risk"}, "title": {"The ISMS manager leaves"}, "likelihood": {"medium"}, "impact": {"high"},
		"status": {"open"}, "ownerId": {string(mgr.ID)}, "reviewOn": {"2026-09-30"}, "issues": {"CI-1"}}
}

func TestISMSRiskPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		ctx := context.Background()
		if _, err := f.h.app.CreateContextIssue(ctx, f.asMgr, app.ContextIssueInput{Title: "Skills shortage", Kind: "external",
			Category: "social", Effect: "negative"}); err != nil {
			t.Fatalf("CreateContextIssue: %v", err)
		}
		doc := page(t, f.viewC.get("/isms-risks"))
		if !strings.Contains(text(doc, ".empty"), "the one person who runs it leaving") {
			t.Errorf("the empty list says %q, want examples", text(doc, ".empty"))
		}
		if doc.Find(`a[href="/isms-risks/new"]`).Length() != 0 {
			t.Error("the viewer is offered to record a risk")
		}

		bad := ismsRiskForm(f.mgr)
		bad.Set("status", "planned")
		bad.Set("issues", "CI-9")
		resp := f.mgrC.post("/isms-risks", bad)
		wantStatus(t, "POST /isms-risks (planned without a method, unknown issue)", resp, http.StatusUnprocessableEntity)
		doc = page(t, resp)
		if text(doc, "#f-evaluationMethod ~ .error") == "" || !strings.Contains(text(doc, "#f-issues ~ .error"), "CI-9") {
			t.Errorf("the problems shown: %q", text(doc, ".error-summary"))
		}
		if v, _ := doc.Find("#f-title").Attr("value"); v != "The ISMS manager leaves" {
			t.Errorf("the form lost the title: %q", v)
		}
		loc := postRedirect(t, f.mgrC, "/isms-risks", ismsRiskForm(f.mgr))
		r, err := f.h.app.FindISMSRisk(ctx, f.asMgr, "RO-1")
		if err != nil || loc != "/isms-risks/"+string(r.ID) {
			t.Fatalf("created at %s: %+v, %v", loc, r, err)
		}

		doc = page(t, f.viewC.get(loc))
		if got := text(doc, "h1"); !strings.Contains(got, "RO-1") || !strings.Contains(got, "The ISMS manager leaves") {
			t.Errorf("heading %q", got)
		}
		if !strings.Contains(text(doc, ".record-links"), "Context issue CI-1: Skills shortage") {
			t.Errorf("linked records: %q", text(doc, ".record-links"))
		}
		if doc.Find(`a[href$="/edit"]`).Length() != 0 || strings.Contains(doc.Text(), "Add action") {
			t.Error("the viewer is offered to edit or to add an action")
		}
		doc = page(t, f.mgrC.get(loc))
		link := "/tasks/new?" + url.Values{"link": {"isms_risk:" + string(r.ID)}}.Encode()
		if doc.Find(`a[href="`+link+`"]`).Length() != 1 {
			t.Errorf("no Add action link to %s", link)
		}
		doc = page(t, f.mgrC.get(loc+"/edit"))
		if v, _ := doc.Find("#f-issues").Attr("value"); v != "CI-1" {
			t.Errorf("the edit form's issues = %q, want CI-1", v)
		}
		ismsRiskActionPages(t, f, r)
	})
}

// ismsRiskActionPages adds an action to RO-1 through the task form and
// checks the counts, filters, export and the refused delete.
func ismsRiskActionPages(t *testing.T, f *supportFixture, r *isms.ISMSRisk) {
	loc := "/isms-risks/" + string(r.ID)
	postRedirect(t, f.mgrC, "/tasks", url.Values{"title": {"Name a deputy"}, "owner": {string(f.mgr.ID)}, "due": {"2026-03-01"},
		"link": {"isms_risk:" + string(r.ID)}})
	doc := page(t, f.viewC.get(loc))
	if !strings.Contains(text(doc, "#actions-heading ~ .table-wrap"), "Name a deputy") || !strings.Contains(doc.Text(), "1 overdue") {
		t.Errorf("the actions: %q", text(doc, "#actions-heading ~ .table-wrap"))
	}
	doc = page(t, f.viewC.get("/isms-risks?rating=high"))
	if got := text(doc, "table.list tbody"); !strings.Contains(got, "RO-1") || !strings.Contains(got, "1 overdue") {
		t.Errorf("high records: %q", got)
	}
	doc = page(t, f.viewC.get("/isms-risks?noActions=1"))
	if doc.Find("table.list").Length() != 0 || !strings.Contains(text(doc, ".empty"), "No risk or opportunity matches") {
		t.Errorf("records without actions: %q", text(doc, "main"))
	}
	rows := csvRows(t, f.viewC, "/isms-risks?kind=risk&format=csv")
	if len(rows) != 2 || !csvHas(rows, "RO-1", "The ISMS manager leaves", "1 open, 1 overdue") {
		t.Errorf("the export: %v", rows)
	}
	if got := status(t, f.viewC, "/isms-risks?rating=severe"); got != http.StatusUnprocessableEntity {
		t.Errorf("an unknown rating: status %d, want 422", got)
	}
	to := postRedirect(t, f.mgrC, loc+"/delete", nil)
	if to != loc {
		t.Errorf("the refused delete goes to %s, want back to %s", to, loc)
	}
	if _, err := f.h.app.FindISMSRisk(context.Background(), f.asMgr, r.ID); err != nil {
		t.Errorf("a record with an open action was deleted: %v", err)
	}
}

func TestISMSChangePages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		ctx := context.Background()
		if _, err := f.h.app.CreateISMSRisk(ctx, f.asMgr, app.ISMSRiskInput{Kind: "risk", Title: "Scope outgrows the team",
			Likelihood: "low", Impact: "medium"}); err != nil {
			t.Fatal(err)
		}
		doc := page(t, f.mgrC.get("/isms-changes"))
		if !strings.Contains(text(doc, ".empty"), "plan it here") || doc.Find(`.empty a[href="/isms-changes/new"]`).Length() != 1 {
			t.Errorf("the empty list: %q", text(doc, ".empty"))
		}
		resp := f.mgrC.post("/isms-changes", url.Values{"title": {"Add the Lyon site"}, "status": {"implemented"}})
		wantStatus(t, "POST /isms-changes (no reason, no consequences, no completion date)", resp, http.StatusUnprocessableEntity)
		doc = page(t, resp)
		for _, field := range []string{"reason", "consequences", "completedOn"} {
			if text(doc, "#f-"+field+" ~ .error") == "" {
				t.Errorf("no problem shown on %s", field)
			}
		}
		form := url.Values{"title": {"Add the Lyon site"}, "reason": {"The Lyon office opens in May."}, "status": {"approved"},
			"consequences": {"Lyon joins the risk register."}, "plannedOn": {"2026-05-01"}, "ownerId": {string(f.mgr.ID)}, "ismsRisks": {"RO-1"}}
		loc := postRedirect(t, f.mgrC, "/isms-changes", form)
		postRedirect(t, f.mgrC, "/isms-changes", url.Values{"title": {"Adopt a GRC tool"}, "reason": {"Spreadsheets do not scale."},
			"status": {"proposed"}, "plannedOn": {"2026-09-01"}})
		doc = page(t, f.viewC.get(loc))
		if !strings.Contains(text(doc, "h1"), "CHG-1") || !strings.Contains(text(doc, ".record-links"), "ISMS risk RO-1: Scope outgrows the team") {
			t.Errorf("the change page: %q / %q", text(doc, "h1"), text(doc, ".record-links"))
		}
		doc = page(t, f.viewC.get("/isms-risks/RO-1"))
		if !strings.Contains(text(doc, ".record-links"), "ISMS change CHG-1: Add the Lyon site") {
			t.Errorf("RO-1 does not show the change that touches it: %q", text(doc, ".record-links"))
		}
		doc = page(t, f.viewC.get("/isms-changes?plannedFrom=2026-04-01&plannedTo=2026-06-30"))
		if got := text(doc, "table.list tbody"); !strings.Contains(got, "CHG-1") || strings.Contains(got, "CHG-2") {
			t.Errorf("changes planned in the second quarter: %q", got)
		}
		rows := csvRows(t, f.viewC, "/isms-changes?status=proposed&format=csv")
		if len(rows) != 2 || !csvHas(rows, "CHG-2", "Adopt a GRC tool", "Proposed", "2026-09-01") {
			t.Errorf("the export of proposed changes: %v", rows)
		}
		if got := status(t, f.viewC, "/isms-changes?plannedFrom=May"); got != http.StatusUnprocessableEntity {
			t.Errorf("a bad date filter: status %d, want 422", got)
		}
		if got := status(t, f.empC, "/isms-changes"); got != http.StatusForbidden {
			t.Errorf("the employee gets %d, want 403", got)
		}
		if to := postRedirect(t, f.mgrC, loc+"/delete", nil); to != "/isms-changes" {
			t.Errorf("after delete: %s", to)
		}
		if got := status(t, f.viewC, loc); got != http.StatusNotFound {
			t.Errorf("the deleted change: status %d, want 404", got)
		}
	})
}

func TestISMSRiskAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		mgr := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		e := apiCallErr(t, mgr, "POST", "/api/v1/isms-risks", map[string]any{"kind": "risk", "title": "Budget cut",
			"likelihood": "low", "impact": "high", "status": "closed", "evaluationMethod": "Compare budgets"}, 422)
		if e.Error.Fields["effective"] == "" {
			t.Errorf("closing without an evaluation: %+v", e)
		}
		var r struct {
			isms.ISMSRisk
			Rating string `json:"rating"`
		}
		apiCall(t, mgr, "POST", "/api/v1/isms-risks", map[string]any{"kind": "risk", "title": "Budget cut",
			"likelihood": "low", "impact": "high", "ownerId": f.mgr.ID}, 201, &r)
		if r.Ref != "RO-1" || r.Rating != "medium" || r.OwnerName != "mgr" || r.Status != isms.ISMSRiskOpen {
			t.Errorf("created = %+v", r)
		}
		apiCall(t, mgr, "GET", "/api/v1/isms-risks/RO-1", nil, 200, &r)
		var list apiPage[struct {
			Ref    string `json:"ref"`
			Rating string `json:"rating"`
		}]
		apiCall(t, mgr, "GET", "/api/v1/isms-risks?rating=medium&noActions=true&sort=-rating", nil, 200, &list)
		if list.Total != 1 || list.Items[0].Ref != "RO-1" || list.Items[0].Rating != "medium" {
			t.Errorf("medium records = %+v", list)
		}
		e = apiCallErr(t, mgr, "GET", "/api/v1/isms-risks?rating=x&evaluationDue=perhaps&sort=size", nil, 422)
		if got := strings.Join(fieldNames(e), " "); got != "evaluationDue rating sort" {
			t.Errorf("problems of a bad query: %s", got)
		}
		update := map[string]any{"kind": "risk", "title": "Budget cut", "likelihood": "low", "impact": "high", "status": "addressed",
			"evaluationMethod": "Compare budgets", "version": 7}
		apiCallErr(t, mgr, "PUT", "/api/v1/isms-risks/RO-1", update, 409)
		update["version"] = 1
		var u isms.ISMSRisk
		apiCall(t, mgr, "PUT", "/api/v1/isms-risks/RO-1", update, 200, &u)
		if u.Version != 2 || u.OwnerID != "" || !u.EvaluationDue() {
			t.Errorf("updated = %+v, want version 2, no owner, evaluation due", u)
		}
		apiCall(t, mgr, "GET", "/api/v1/isms-risks?evaluationDue=true", nil, 200, &list)
		if list.Total != 1 {
			t.Errorf("records due for evaluation: %+v", list)
		}
		ismsChangeAPI(t, mgr)
		apiCall(t, mgr, "DELETE", "/api/v1/isms-risks/RO-1", nil, 204, nil)
		apiCallErr(t, mgr, "GET", "/api/v1/isms-risks/RO-1", nil, 404)
	})
}

// ismsChangeAPI plans, implements, lists and deletes a change to the
// ISMS that touches RO-1, as mgr.
func ismsChangeAPI(t *testing.T, mgr *client) {
	var c isms.ISMSChange
	apiCall(t, mgr, "POST", "/api/v1/isms-changes", map[string]any{"title": "Cut the ISMS tooling", "reason": "Budget cut",
		"ismsRisks": []string{"RO-1"}, "plannedOn": "2026-04-01"}, 201, &c)
	if c.Ref != "CHG-1" || c.Status != isms.ChangeProposed {
		t.Errorf("created change = %+v", c)
	}
	e := apiCallErr(t, mgr, "PUT", "/api/v1/isms-changes/CHG-1", map[string]any{"title": "Cut the ISMS tooling", "reason": "Budget cut",
		"status": "implemented", "version": 1}, 422)
	if got := strings.Join(fieldNames(e), " "); got != "completedOn consequences" {
		t.Errorf("problems of an implemented change without date or consequences: %s", got)
	}
	apiCall(t, mgr, "PUT", "/api/v1/isms-changes/"+string(c.ID), map[string]any{"title": "Cut the ISMS tooling", "reason": "Budget cut",
		"consequences": "Evidence is collected by hand.", "status": "implemented", "completedOn": "2026-03-01", "plannedOn": "2026-04-01", "version": 1}, 200, &c)
	var changes apiPage[isms.ISMSChange]
	apiCall(t, mgr, "GET", "/api/v1/isms-changes?status=implemented&plannedFrom=2026-04-01&plannedTo=2026-04-01", nil, 200, &changes)
	if changes.Total != 1 || changes.Items[0].CompletedOn.String() != "2026-03-01" {
		t.Errorf("implemented changes planned on 2026-04-01 = %+v", changes)
	}
	apiCall(t, mgr, "DELETE", "/api/v1/isms-changes/CHG-1", nil, 204, nil)
	if types := app.LinkTypes(); !slices.Contains(types, "isms_risk") || !slices.Contains(types, "isms_change") {
		t.Errorf("link types %v lack isms_risk or isms_change", types)
	}
}

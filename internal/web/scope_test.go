// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// scopeGet fetches path as c, fails unless the status is want, and returns
// the body.
func scopeGet(t *testing.T, c *client, path string, want int) string {
	t.Helper()
	resp := c.get(path)
	b := body(t, resp)
	if resp.StatusCode != want {
		t.Fatalf("GET %s = %d, want %d\n%s", path, resp.StatusCode, want, b)
	}
	return b
}

// scopeWant fails the test for each of wants that page lacks.
func scopeWant(t *testing.T, what, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func scopeForm(version string, kv ...string) url.Values {
	f := url.Values{"version": {version}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

func TestScopePages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		home := scopeGet(t, f.mgrC, "/", http.StatusOK)
		scopeWant(t, "dashboard without a scope", home, "No approved ISMS scope", `href="/scope/edit"`)
		scopeWant(t, "scope page without a scope", scopeGet(t, f.viewC, "/scope", http.StatusOK), "No approved scope yet", "An administrator or ISMS manager writes it")
		if st := status(t, f.viewC, "/scope/edit"); st != http.StatusForbidden {
			t.Errorf("viewer GET /scope/edit = %d, want 403", st)
		}
		if st := status(t, f.empC, "/scope"); st != http.StatusForbidden {
			t.Errorf("employee GET /scope = %d, want 403", st)
		}
		scopeWant(t, "empty form", scopeGet(t, f.mgrC, "/scope/edit", http.StatusOK), `name="exclusions[4].justification"`, `name="interfaces[0].party"`)

		// An exclusion without a justification is refused on its row; what was typed stays.
		bad := scopeForm("0", "statement", "Acme cloud platform", "units", "Engineering\nOperations",
			"exclusions[2].item", "Canteen")
		resp := f.mgrC.post("/scope/edit", bad)
		page := body(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("POST /scope/edit (no justification) = %d\n%s", resp.StatusCode, page)
		}
		scopeWant(t, "refused form", page, "Exclusion 1: an exclusion needs a justification", `id="f-exclusions[0].justification"`,
			`value="Canteen"`, "Engineering\nOperations")

		good := scopeForm("0", "statement", "The ISMS of Acme covering its cloud platform.", "units", "Engineering\n\nOperations",
			"locations", "Lyon office", "inScope", "Cloud platform", "interfaces[0].party", "Group HR",
			"interfaces[0].description", "Payroll and hiring", "exclusions[3].item", "Canteen", "exclusions[3].justification", "No information handled")
		if loc := postRedirect(t, f.mgrC, "/scope/edit", good); loc != "/scope" {
			t.Errorf("save redirects to %s", loc)
		}
		page = scopeGet(t, f.mgrC, "/scope", http.StatusOK)
		scopeWant(t, "scope page with a draft", page, "Draft", "v1", "Submit v1 for approval", `name="approvers"`, "Group HR", "Canteen")

		// Submitted to the admin, who approves it.
		resp = f.mgrC.post("/scope/submit", url.Values{"version": {"1"}, "approvers": {string(f.admin.ID)}})
		b := body(t, resp)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/approvals/") {
			t.Fatalf("POST /scope/submit = %d %s\n%s", resp.StatusCode, resp.Header.Get("Location"), b)
		}
		scopeWant(t, "pending draft", scopeGet(t, f.mgrC, "/scope", http.StatusOK), "awaits approval")
		if resp := f.mgrC.post("/scope/edit", scopeForm("1", "statement", "Changed")); resp.StatusCode != http.StatusConflict {
			t.Errorf("saving a pending draft = %d, want 409", resp.StatusCode)
		}
		postRedirect(t, f.adminC, resp.Header.Get("Location")+"/decide", url.Values{"decision": {"approve"}, "comment": {"Agreed."}})
		page = scopeGet(t, f.viewC, "/scope", http.StatusOK)
		scopeWant(t, "approved scope", page, "v1, approved by "+f.admin.Name+" on", "The ISMS of Acme covering its cloud platform.", "Payroll and hiring")
		if strings.Contains(page, `href="/scope/edit"`) {
			t.Error("the viewer is offered to edit the scope")
		}
		scopeWant(t, "dashboard with a scope", scopeGet(t, f.mgrC, "/", http.StatusOK), "The ISMS of Acme covering its cloud platform.", "v1, approved")

		// Editing the approved scope starts v2 from it.
		page = scopeGet(t, f.mgrC, "/scope/edit", http.StatusOK)
		scopeWant(t, "form of a new version", page, "starts a new draft from the approved version v1", `name="from" value="v1"`, `value="Group HR"`)
		good.Set("inScope", "Cloud platform\nSupport desk")
		good.Set("from", "v1")
		postRedirect(t, f.mgrC, "/scope/edit", good)
		page = scopeGet(t, f.mgrC, "/scope/compare?from=v1&to=v2", http.StatusOK)
		scopeWant(t, "comparison", page, "1 line added", "<ins>- Support desk</ins>")
		page = scopeGet(t, f.mgrC, "/scope/versions", http.StatusOK)
		scopeWant(t, "versions", page, `href="/scope/versions/`, "superseded", "approved", "draft", `action="/scope/compare"`)
		rows := csvRows(t, f.mgrC, "/scope/versions?format=csv&status=approved")
		if len(rows) != 2 || rows[1][0] != "v1" || rows[1][4] != f.admin.Name {
			t.Errorf("CSV of approved versions = %v", rows)
		}
		page = scopeGet(t, f.viewC, "/scope/versions/v2", http.StatusOK)
		scopeWant(t, "version page", page, "ISMS scope <span class=\"ref\">v2</span>", "not been submitted", "History", "started a draft of the ISMS scope")
		page = scopeGet(t, f.viewC, "/scope/versions/v1", http.StatusOK)
		scopeWant(t, "approved version page", page, "Approved content SHA-256", "Linked records")
		scopeGet(t, f.viewC, "/scope/versions/v9", http.StatusNotFound)

		postRedirect(t, f.mgrC, "/scope/draft/delete", nil)
		if _, draft, _ := f.h.app.CurrentScope(context.Background(), f.asMgr); draft != nil {
			t.Errorf("draft %s is still there after discarding it", draft.VersionLabel())
		}
	})
}

func TestScopeAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		c := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		var cur struct{ Approved, Draft *isms.Scope }
		apiCall(t, c, "GET", "/api/v1/scope", nil, http.StatusOK, &cur)
		if cur.Approved != nil || cur.Draft != nil {
			t.Errorf("scope of a new organization = %+v", cur)
		}
		e := apiCallErr(t, c, "PUT", "/api/v1/scope/draft", map[string]any{"statement": "Acme",
			"exclusions": []map[string]string{{"item": "Canteen"}}, "version": 0}, http.StatusUnprocessableEntity)
		if e.Error.Fields["exclusions[0].justification"] == "" {
			t.Errorf("error fields = %v, want exclusions[0].justification", e.Error.Fields)
		}
		var s isms.Scope
		apiCall(t, c, "PUT", "/api/v1/scope/draft", map[string]any{"statement": "Acme cloud platform", "units": []string{"Engineering"},
			"interfaces": []map[string]string{{"party": "Cloud provider", "description": "Hosting"}}, "version": 0}, http.StatusOK, &s)
		if s.Number != 1 || s.Status != isms.ScopeDraft || len(s.Interfaces) != 1 {
			t.Errorf("created draft = %+v", s)
		}
		apiCallErr(t, c, "PUT", "/api/v1/scope/draft", map[string]any{"statement": "Again", "version": 0}, http.StatusConflict)
		apiCall(t, c, "PUT", "/api/v1/scope/draft", map[string]any{"statement": "Acme, all of it", "version": s.Version}, http.StatusOK, &s)
		if s.Version != 2 || s.Statement != "Acme, all of it" || len(s.Units) != 0 {
			t.Errorf("replaced draft = %+v", s)
		}
		var ap isms.Approval
		apiCall(t, c, "POST", "/api/v1/approvals", map[string]any{"objectType": "isms_scope", "objectId": s.ID, "version": s.Version,
			"approverIds": []isms.ID{f.admin.ID}, "note": ""}, http.StatusCreated, &ap)
		admin := f.h.token(f.admin, f.org, isms.ScopeReadWrite)
		apiCall(t, admin, "POST", "/api/v1/approvals/"+string(ap.ID)+"/decision", map[string]any{"decision": "approve", "comment": "Yes."}, http.StatusOK, nil)
		apiCall(t, c, "GET", "/api/v1/scope", nil, http.StatusOK, &cur)
		if cur.Approved == nil || cur.Approved.ApprovedBy != f.admin.Name || cur.Draft != nil {
			t.Errorf("scope after approval = %+v", cur)
		}
		var list apiPage[isms.Scope]
		apiCall(t, c, "GET", "/api/v1/scope/versions?status=approved", nil, http.StatusOK, &list)
		if list.Total != 1 || list.Items[0].ID != s.ID {
			t.Errorf("approved versions = %+v", list)
		}
		apiCallErr(t, c, "GET", "/api/v1/scope/versions?status=gone", nil, http.StatusUnprocessableEntity)
		apiCall(t, c, "GET", "/api/v1/scope/versions/v1", nil, http.StatusOK, &s)
		if s.Status != isms.ScopeApproved {
			t.Errorf("v1 = %+v", s)
		}
		apiCallErr(t, c, "DELETE", "/api/v1/scope/draft", nil, http.StatusNotFound)
		apiCall(t, c, "PUT", "/api/v1/scope/draft", map[string]any{"statement": "Next", "version": 0}, http.StatusOK, &s)
		apiCall(t, c, "DELETE", "/api/v1/scope/draft", nil, http.StatusNoContent, nil)
		viewer := f.h.token(f.viewer, f.org, isms.ScopeReadWrite)
		apiCallErr(t, viewer, "PUT", "/api/v1/scope/draft", map[string]any{"statement": "Mine", "version": 0}, http.StatusForbidden)
	})
}

func TestISMSProcessPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		page := scopeGet(t, f.viewC, "/isms-processes", http.StatusOK)
		scopeWant(t, "empty register", page, "No ISMS process recorded yet")
		if strings.Contains(page, `href="/isms-processes/new"`) {
			t.Error("the viewer is offered to record a process")
		}
		scopeWant(t, "empty map", scopeGet(t, f.viewC, "/isms-processes/matrix", http.StatusOK), "No ISMS process recorded yet")
		if st := status(t, f.viewC, "/isms-processes/new"); st != http.StatusForbidden {
			t.Errorf("viewer GET /isms-processes/new = %d, want 403", st)
		}

		resp := f.mgrC.post("/isms-processes", url.Values{"name": {""}, "clauses": {"6.1.2, 14.1"}, "interactsWith": {"PRC-7"}})
		page = body(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("POST /isms-processes (invalid) = %d", resp.StatusCode)
		}
		scopeWant(t, "refused form", page, "Name is required.", "14.1", "No ISMS process PRC-7", `value="6.1.2, 14.1"`)
		loc := postRedirect(t, f.mgrC, "/isms-processes", url.Values{"name": {"Risk management"}, "clauses": {"8.2, 6.1.2; 6.1.3"},
			"ownerId": {string(f.mgr.ID)}, "purpose": {"Assess and treat risks."}})
		risk := strings.TrimPrefix(loc, "/isms-processes/")
		postRedirect(t, f.mgrC, "/isms-processes", url.Values{"name": {"Internal audit"}, "clauses": {"9.2"}, "interactsWith": {"prc-1"}})

		page = scopeGet(t, f.viewC, loc, http.StatusOK)
		scopeWant(t, "process page", page, "PRC-1", "Risk management", "6.1.2</a> Risks and opportunities", "ISMS process PRC-2: Internal audit",
			"recorded an ISMS process")
		page = scopeGet(t, f.viewC, "/isms-processes?clause=6.1", http.StatusOK)
		scopeWant(t, "filtered list", page, "Risk management", "Showing 1–1 of 1")
		if strings.Contains(page, ">PRC-2<") {
			t.Error("the list filtered by clause 6.1 shows the internal audit")
		}
		scopeGet(t, f.viewC, "/isms-processes?clause=14", http.StatusUnprocessableEntity)
		rows := csvRows(t, f.viewC, "/isms-processes?format=csv&owner="+string(f.mgr.ID))
		if len(rows) != 2 || rows[1][0] != "PRC-1" || rows[1][2] != "6.1.2, 6.1.3, 8.2" || rows[1][3] != f.mgr.Name {
			t.Errorf("CSV = %v", rows)
		}

		page = scopeGet(t, f.viewC, "/isms-processes/matrix", http.StatusOK)
		scopeWant(t, "process map", page, "clauses served by no process", "4.1 Organization and its context", "serves 6.1", "serves 9.2",
			"No process serves clause 10.2")
		if strings.Contains(page, "No process serves clause 9.2") || strings.Contains(page, "No process serves clause 8.2") {
			t.Error("the map flags a clause a process serves")
		}

		page = scopeGet(t, f.mgrC, loc+"/edit", http.StatusOK)
		scopeWant(t, "edit form", page, `value="6.1.2, 6.1.3, 8.2"`, `name="version" value="1"`)
		resp = f.mgrC.post(loc, url.Values{"name": {"Risk management"}, "interactsWith": {"PRC-1"}, "version": {"1"}})
		scopeWant(t, "self-interaction", body(t, resp), "does not interact with itself")
		postRedirect(t, f.mgrC, loc, url.Values{"name": {"Risk management"}, "clauses": {"6.1"}, "interactsWith": {"PRC-2"}, "version": {"1"}})
		scopeWant(t, "edited process", scopeGet(t, f.mgrC, loc+"/edit", http.StatusOK), `value="PRC-2"`, `name="version" value="2"`)
		if resp := f.viewC.post(loc+"/delete", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("viewer deleting = %d, want 403", resp.StatusCode)
		}
		postRedirect(t, f.mgrC, loc+"/delete", nil)
		scopeGet(t, f.viewC, "/isms-processes/"+risk, http.StatusNotFound)
	})
}

func TestISMSProcessAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		c := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		e := apiCallErr(t, c, "POST", "/api/v1/isms-processes", map[string]any{"name": "Audit", "clauses": []string{"9.9"},
			"ownerId": "usr_nobody"}, http.StatusUnprocessableEntity)
		if got := strings.Join(fieldNames(e), ","); got != "clauses,ownerId" {
			t.Errorf("error fields = %s", got)
		}
		type proc struct {
			ID            isms.ID
			Ref           string
			Clauses       []string
			InteractsWith []string
			Version       int
		}
		var a, b proc
		apiCall(t, c, "POST", "/api/v1/isms-processes", map[string]any{"name": "Document control", "clauses": []string{"7.5.3"}}, http.StatusCreated, &a)
		apiCall(t, c, "POST", "/api/v1/isms-processes", map[string]any{"name": "Internal audit", "clauses": []string{"9.2"},
			"interactsWith": []string{string(a.ID)}}, http.StatusCreated, &b)
		if a.Ref != "PRC-1" || b.Ref != "PRC-2" || len(b.InteractsWith) != 1 || b.InteractsWith[0] != "PRC-1" {
			t.Errorf("created %+v and %+v", a, b)
		}
		apiCall(t, c, "GET", "/api/v1/isms-processes/prc-2", nil, http.StatusOK, &b)
		apiCall(t, c, "PUT", "/api/v1/isms-processes/"+string(b.ID), map[string]any{"name": "Internal audit", "clauses": []string{"9.2", "10.2"},
			"version": b.Version}, http.StatusOK, &b)
		if b.Version != 2 || len(b.Clauses) != 2 || len(b.InteractsWith) != 1 {
			t.Errorf("updated %+v, want 2 clauses and the link kept", b)
		}
		apiCallErr(t, c, "PUT", "/api/v1/isms-processes/"+string(b.ID), map[string]any{"name": "X", "version": 1}, http.StatusConflict)
		var list apiPage[proc]
		apiCall(t, c, "GET", "/api/v1/isms-processes?clause=10.2&sort=-ref", nil, http.StatusOK, &list)
		if list.Total != 1 || list.Items[0].Ref != "PRC-2" {
			t.Errorf("serving 10.2 = %+v", list)
		}
		apiCallErr(t, c, "GET", "/api/v1/isms-processes?clause=11", nil, http.StatusUnprocessableEntity)
		viewer := f.h.token(f.viewer, f.org, isms.ScopeReadWrite)
		apiCallErr(t, viewer, "DELETE", "/api/v1/isms-processes/"+string(a.ID), nil, http.StatusForbidden)
		apiCall(t, c, "DELETE", "/api/v1/isms-processes/"+string(a.ID), nil, http.StatusNoContent, nil)
		apiCall(t, c, "GET", "/api/v1/isms-processes/"+string(b.ID), nil, http.StatusOK, &b)
		if len(b.InteractsWith) != 0 {
			t.Errorf("links after deleting PRC-1 = %v", b.InteractsWith)
		}
		apiCallErr(t, c, "GET", "/api/v1/isms-processes/PRC-1", nil, http.StatusNotFound)
	})
}

// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// approvePolicy creates the information security policy (clause 5.2) as
// the administrator and has the ISMS manager approve its version 1.
func (f *supportFixture) approvePolicy(t *testing.T) *isms.Document {
	t.Helper()
	ctx := context.Background()
	d, v, err := f.h.app.CreateDocument(ctx, f.asAdmin, app.DocumentInput{Title: "Information security policy", Type: "policy",
		OwnerID: string(f.admin.ID), AudienceEveryone: true, Clauses: []string{"5.2"}, ReviewMonths: "12"},
		app.DocumentBodyInput{Markdown: "# Purpose\n\nWe protect information."})
	if err != nil {
		t.Fatalf("CreateDocument: %v", err)
	}
	ap, err := f.h.app.SubmitDocumentVersion(ctx, f.asAdmin, v.ID, []isms.ID{f.mgr.ID}, "")
	if err != nil {
		t.Fatalf("SubmitDocumentVersion: %v", err)
	}
	if _, err := f.h.app.DecideApproval(ctx, f.asMgr, ap.ID, isms.DecisionApprove, "Approved."); err != nil {
		t.Fatalf("DecideApproval: %v", err)
	}
	return d
}

func TestLeadershipPageAndDashboardShowThePolicyStatus(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		doc := page(t, f.mgrC.get("/leadership"))
		if got := text(doc, "#policy-heading + .flash"); !strings.Contains(got, "No approved information security policy") {
			t.Errorf("without a policy the page says %q", got)
		}
		if doc.Find(`a[href="/documents/new?template=security-policy"]`).Length() != 1 {
			t.Error("no link to create the policy from the template")
		}
		if doc.Find(`a[href="/commitments"]`).Length() == 0 || doc.Find(`a[href="/isms-roles"]`).Length() == 0 || doc.Find(`a[href="/raci"]`).Length() == 0 {
			t.Error("the page lacks links to commitments, roles or the RACI grid")
		}
		if status(t, f.mgrC, "/documents/new?template=security-policy") != http.StatusOK {
			t.Error("the template link does not open the document form")
		}
		if got := text(page(t, f.viewC.get("/")), ".cards"); !strings.Contains(got, "No approved information security policy") {
			t.Errorf("the dashboard does not show the missing policy: %q", got)
		}

		d := f.approvePolicy(t)
		if _, err := f.h.app.CreateISMSRole(context.Background(), f.asMgr, app.ISMSRoleInput{Name: "ISMS manager"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.h.app.CreateCommitment(context.Background(), f.asMgr, app.CommitmentInput{MadeOn: "2026-01-10", Kind: "decision",
			Title: "Policy signed by the CEO", MadeBy: "CEO"}); err != nil {
			t.Fatal(err)
		}
		doc = page(t, f.viewC.get("/leadership"))
		policy := text(doc, "section[aria-labelledby=policy-heading]")
		if strings.Contains(policy, "No approved") || !strings.Contains(policy, "Version 1 approved on") || !strings.Contains(policy, "Next review on") {
			t.Errorf("the policy panel says %q", policy)
		}
		for _, href := range []string{"/documents/" + string(d.ID), "/documents/" + string(d.ID) + "/print", "/documents/" + string(d.ID) + "/versions/1.pdf"} {
			if doc.Find(`a[href="`+href+`"]`).Length() == 0 {
				t.Errorf("no link to %s", href)
			} else if status(t, f.viewC, href) != http.StatusOK {
				t.Errorf("GET %s is not OK", href)
			}
		}
		if got := text(doc, "section[aria-labelledby=commitments-heading]"); !strings.Contains(got, "Policy signed by the CEO") {
			t.Errorf("recent commitments: %q", got)
		}
		if got := text(doc, "section[aria-labelledby=roles-heading]"); !strings.Contains(got, "ISMS manager") || !strings.Contains(got, "1 without a holder") {
			t.Errorf("roles summary: %q", got)
		}
		if got := text(page(t, f.viewC.get("/")), ".cards"); !strings.Contains(got, "in force") || strings.Contains(got, "No approved information security policy") {
			t.Errorf("the dashboard card after approval: %q", got)
		}
	})
}

func TestCommitmentsAreRecordedWithEvidenceFilteredAndExported(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		c := f.mgrC
		doc := page(t, c.get("/commitments"))
		if got := text(doc, ".empty h2"); got != "No commitment recorded yet" {
			t.Errorf("the empty register says %q", got)
		}
		resp := c.post("/commitments", url.Values{"madeOn": {"2099-01-01"}, "kind": {"promise"}, "title": {"Budget"}})
		doc = page(t, resp)
		wantStatus(t, "POST /commitments with problems", resp, http.StatusUnprocessableEntity)
		for _, field := range []string{"madeOn", "kind", "madeBy"} {
			if byID(doc, "f-"+field).ParentFiltered(".field-invalid").Length() != 1 {
				t.Errorf("field %s has no problem shown beside it", field)
			}
		}
		if got := byID(doc, "f-title").AttrOr("value", ""); got != "Budget" {
			t.Errorf("the typed title was lost: %q", got)
		}
		show := postRedirect(t, c, "/commitments", url.Values{"madeOn": {"2026-01-15"}, "kind": {"resource"},
			"title": {"ISMS budget approved"}, "madeBy": {"Management board"}, "description": {"Minutes item 4."}})
		postRedirect(t, c, "/commitments", url.Values{"madeOn": {"2025-11-20"}, "kind": {"communication"},
			"title": {"CEO talk on phishing"}, "madeBy": {"CEO"}})
		doc = page(t, c.get(show))
		if got := text(doc, "h1"); got != "MC-1 ISMS budget approved" {
			t.Errorf("the record's heading is %q", got)
		}
		id := strings.TrimPrefix(show, "/commitments/")
		add := doc.Find(".evidence-panel a.btn").AttrOr("href", "")
		if add != "/evidence/new?link=commitment%3A"+id || status(t, c, add) != http.StatusOK {
			t.Errorf("the Add evidence link is %q", add)
		}
		if !strings.Contains(text(doc, "section[aria-labelledby=history-heading]"), "recorded a management commitment") {
			t.Error("the record's history lacks its creation")
		}
		if _, err := f.h.app.CreateEvidence(context.Background(), f.asMgr, app.EvidenceInput{Title: "Board minutes", Kind: isms.EvidenceKindNote,
			Note: "Item 4.", Source: isms.EvidenceSourceAPI, Links: []isms.Link{{Type: "commitment", ID: isms.ID(id)}}}, nil); err != nil {
			t.Fatal(err)
		}
		if got := text(page(t, f.viewC.get(show)), ".evidence-panel"); !strings.Contains(got, "Board minutes") {
			t.Errorf("the evidence panel shows %q", got)
		}
		for q, want := range map[string]string{"kind=communication": "CEO talk on phishing", "year=2026": "ISMS budget approved",
			"q=PHISHING": "CEO talk on phishing"} {
			doc := page(t, f.viewC.get("/commitments?"+q))
			if rows := doc.Find("table.list tbody tr"); rows.Length() != 1 || !strings.Contains(rows.Text(), want) {
				t.Errorf("/commitments?%s: %d rows %q; want %s", q, rows.Length(), rows.Text(), want)
			}
		}
		resp = f.viewC.get("/commitments?year=soon")
		wantStatus(t, "a year that is not one", resp, http.StatusUnprocessableEntity)
		resp.Body.Close()
		rows := csvRows(t, f.viewC, "/commitments?format=csv")
		if rows[0][0] != "Ref" || !csvHas(rows, "MC-1", "2026-01-15", "Resource approval", "ISMS budget approved", "Management board") ||
			!csvHas(rows, "MC-2", "Communication") {
			t.Errorf("the export: %v", rows)
		}

		form := page(t, c.get(show+"/edit"))
		version := form.Find(`input[name=version]`).AttrOr("value", "")
		postRedirect(t, c, show, url.Values{"madeOn": {"2026-01-16"}, "kind": {"resource"}, "title": {"ISMS budget approved"},
			"madeBy": {"Management board"}, "version": {version}})
		resp = c.post(show, url.Values{"madeOn": {"2026-01-17"}, "kind": {"resource"}, "title": {"X"}, "madeBy": {"Y"}, "version": {version}})
		wantStatus(t, "a stale save", resp, http.StatusConflict)
		if got := text(page(t, resp), ".flash-error"); !strings.Contains(got, "changed") {
			t.Errorf("the stale save says %q", got)
		}
		if doc := page(t, f.viewC.get(show)); doc.Find(`a[href$="/edit"]`).Length() != 0 {
			t.Error("a viewer is offered the edit link")
		}
		if to := postRedirect(t, c, show+"/delete", nil); to != "/commitments" {
			t.Errorf("delete redirects to %s", to)
		}
		if status(t, c, show) != http.StatusNotFound {
			t.Error("the deleted record is still there")
		}
	})
}

func TestISMSRolesHoldersAndTheRACIGrid(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		ctx, c := context.Background(), f.mgrC
		doc := page(t, c.get("/isms-roles"))
		if !strings.Contains(text(doc, ".empty"), "Internal auditor") || doc.Find(`form[action="/isms-roles/usual"]`).Length() != 1 {
			t.Fatalf("the empty register does not offer the usual roles: %q", text(doc, ".empty"))
		}
		if page(t, f.viewC.get("/isms-roles")).Find(`form[action="/isms-roles/usual"]`).Length() != 0 {
			t.Error("a viewer is offered to add the usual roles")
		}
		postRedirect(t, c, "/isms-roles/usual", nil)
		if _, err := f.h.app.CreatePerson(ctx, f.asAdmin, app.PersonInput{Name: "Ann Auditor", Roles: []string{"internal AUDITOR"}, Active: true}); err != nil {
			t.Fatal(err)
		}
		doc = page(t, c.get("/isms-roles"))
		if rows := doc.Find("table.list tbody tr"); rows.Length() != len(isms.UsualISMSRoles) || doc.Find("tr.row-flagged").Length() != len(isms.UsualISMSRoles)-1 {
			t.Errorf("%d roles, %d flagged; want %d, all but the auditor flagged", rows.Length(), doc.Find("tr.row-flagged").Length(), len(isms.UsualISMSRoles))
		}
		auditor := doc.Find(`a:contains("Internal auditor")`).AttrOr("href", "")
		doc = page(t, c.get(auditor))
		if got := text(doc, "section[aria-labelledby=holders-heading]"); !strings.Contains(got, "Ann Auditor") {
			t.Errorf("the auditor's holders: %q", got)
		}
		resp := c.post("/isms-roles", url.Values{"name": {"ISMS MANAGER"}})
		wantStatus(t, "a second ISMS manager", resp, http.StatusUnprocessableEntity)
		resp.Body.Close()
		version := page(t, c.get(auditor+"/edit")).Find(`input[name=version]`).AttrOr("value", "")
		postRedirect(t, c, auditor, url.Values{"name": {"ISMS auditor"}, "version": {version}})
		people, _, _ := f.h.app.FindPeople(ctx, f.asAdmin, isms.PersonFilter{Search: "Ann"})
		if len(people) != 1 || strings.Join(people[0].Roles, ",") != "ISMS auditor" {
			t.Errorf("Ann's roles after the rename: %v", people)
		}

		ctl, err := f.h.app.CreateControl(ctx, f.asMgr, app.ControlInput{Ref: "C-1", Title: "Backups", Status: "planned"})
		if err != nil {
			t.Fatal(err)
		}
		proc, err := f.h.app.CreateProcess(ctx, f.asMgr, app.ProcessInput{Name: "Internal audit"})
		if err != nil {
			t.Fatal(err)
		}
		doc = page(t, c.get("/raci"))
		row := byID(doc, "raci-process-"+string(proc.ID))
		if !row.HasClass("row-flagged") || !strings.Contains(row.Text(), "No role is accountable") {
			t.Errorf("the process row is not flagged: %q", row.Text())
		}
		formID := "raci-control-" + string(ctl.ID) + "-form"
		form := byID(doc, formID)
		if form.Length() != 1 || doc.Find(`select[form="`+formID+`"]`).Length() != len(isms.UsualISMSRoles) {
			t.Fatalf("the control's row has no form with one select per role")
		}
		auditorID := strings.TrimPrefix(auditor, "/isms-roles/")
		to := postRedirect(t, c, form.AttrOr("action", ""), url.Values{"letters." + auditorID: {"RA"}})
		if !strings.HasPrefix(to, "/raci#raci-control-") {
			t.Errorf("saving a row redirects to %s", to)
		}
		doc = page(t, c.get("/raci?q=backups"))
		sel := doc.Find(`select[name="letters.` + auditorID + `"][form="` + formID + `"] option[selected]`)
		if sel.AttrOr("value", "") != "RA" || byID(doc, "raci-control-"+string(ctl.ID)).HasClass("row-flagged") {
			t.Errorf("after saving, the cell holds %q", sel.AttrOr("value", ""))
		}
		if page(t, f.viewC.get("/raci")).Find("select").Length() != 0 {
			t.Error("a viewer gets selects")
		}
		rows := csvRows(t, f.viewC, "/raci?format=csv")
		if rows[0][0] != "Subject" || !csvHas(rows[:1], "ISMS auditor") || !csvHas(rows, "Control", "C-1", "Backups", "RA", "Exactly one accountable") ||
			!csvHas(rows, "ISMS process", proc.Ref, "No role is accountable") {
			t.Errorf("the RACI export: %v", rows)
		}
		if resp := f.viewC.get("/raci?format=xlsx"); resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("XLSX export = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		} else {
			resp.Body.Close()
		}

		resp = c.post(auditor+"/delete", nil)
		doc = page(t, resp)
		wantStatus(t, "deleting a role in use", resp, http.StatusOK)
		if got := text(doc, ".danger-zone"); !strings.Contains(got, "Ann Auditor") || !strings.Contains(got, "1 RACI entry") {
			t.Errorf("the confirmation says %q", got)
		}
		postRedirect(t, c, auditor+"/delete", url.Values{"confirm": {"1"}})
		if status(t, c, auditor) != http.StatusNotFound {
			t.Error("the role is still there")
		}
		r, err := f.h.app.FindRACIRow(ctx, f.asMgr, isms.Link{Type: isms.RACIControl, ID: ctl.ID})
		if err != nil || len(r.Letters) != 0 {
			t.Errorf("the control's row after deleting the role: %+v, %v", r, err)
		}
	})
}

func TestLeadershipAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		c := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		var cm isms.Commitment
		apiCall(t, c, "POST", "/api/v1/commitments", map[string]any{"madeOn": "2026-02-01", "kind": "review",
			"title": "Management review held", "madeBy": "Board"}, 201, &cm)
		if cm.Ref != "MC-1" || cm.Kind != isms.CommitmentReview {
			t.Errorf("created %+v", cm)
		}
		e := apiCallErr(t, c, "POST", "/api/v1/commitments", map[string]any{"madeOn": "2026-02-01", "kind": "review"}, 422)
		if got := strings.Join(fieldNames(e), ","); got != "madeBy,title" {
			t.Errorf("problems = %s", got)
		}
		apiCall(t, c, "GET", "/api/v1/commitments/MC-1", nil, 200, &cm)
		apiCall(t, c, "PUT", "/api/v1/commitments/MC-1", map[string]any{"madeOn": "2026-02-01", "kind": "review",
			"title": "Management review 2026", "madeBy": "Board", "version": cm.Version}, 200, &cm)
		apiCallErr(t, c, "PUT", "/api/v1/commitments/"+string(cm.ID), map[string]any{"madeOn": "2026-02-01", "kind": "review",
			"title": "X", "madeBy": "Board", "version": 1}, 409)
		var list apiPage[isms.Commitment]
		apiCall(t, c, "GET", "/api/v1/commitments?year=2026&kind=review&q=2026", nil, 200, &list)
		if list.Total != 1 || list.Items[0].Title != "Management review 2026" {
			t.Errorf("list = %+v", list)
		}
		apiCallErr(t, c, "GET", "/api/v1/commitments?year=twenty", nil, 422)

		var role isms.ISMSRole
		apiCall(t, c, "POST", "/api/v1/isms-roles", map[string]any{"name": "Control owner"}, 201, &role)
		var roles apiPage[isms.ISMSRole]
		apiCall(t, c, "GET", "/api/v1/isms-roles?q=control", nil, 200, &roles)
		if roles.Total != 1 || roles.Items[0].Holders == nil {
			t.Errorf("roles = %+v", roles)
		}
		ctl, err := f.h.app.CreateControl(context.Background(), f.asMgr, app.ControlInput{Ref: "C-7", Title: "Logging", Status: "planned"})
		if err != nil {
			t.Fatal(err)
		}
		var row isms.RACIRow
		apiCall(t, c, "PUT", "/api/v1/raci/control/C-7", map[string]any{"letters": map[string]string{"control OWNER": "r+a"}}, 200, &row)
		if row.Subject.ID != ctl.ID || row.Letters[role.ID] != "RA" {
			t.Errorf("row = %+v", row)
		}
		e = apiCallErr(t, c, "PUT", "/api/v1/raci/control/C-7", map[string]any{"letters": map[string]string{string(role.ID): "Z"}}, 422)
		if e.Error.Fields["letters."+string(role.ID)] == "" {
			t.Errorf("bad letters: %+v", e.Error)
		}
		apiCallErr(t, c, "PUT", "/api/v1/raci/risk/R-1", map[string]any{"letters": map[string]string{}}, 404)
		var grid app.RACIGrid
		apiCall(t, c, "GET", "/api/v1/raci?q=c-7", nil, 200, &grid)
		if len(grid.Roles) != 1 || grid.ControlTotal != 1 || grid.Controls[0].Letters[role.ID] != "RA" || grid.Processes == nil {
			t.Errorf("grid = %+v", grid)
		}
		apiCallErr(t, c, "DELETE", "/api/v1/isms-roles/"+string(role.ID), nil, 409)
		apiCall(t, c, "DELETE", "/api/v1/isms-roles/"+string(role.ID)+"?confirm=true", nil, 204, nil)
		apiCall(t, c, "DELETE", "/api/v1/commitments/MC-1", nil, 204, nil)
		apiCallErr(t, c, "GET", "/api/v1/commitments/MC-1", nil, 404)
	})
}

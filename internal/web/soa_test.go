// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// soaFixture is an organization with ISO/IEC 27001:2022, an implemented
// access control linked to A.5.15 and a risk whose treatment uses it.
type soaFixture struct {
	*supportFixture
	contribC *client
	control  *isms.Control
	risk     *isms.Risk
}

func newSoAFixture(t *testing.T, db *sqldb.DB) *soaFixture {
	t.Helper()
	ctx := context.Background()
	f := &soaFixture{supportFixture: newSupportFixture(t, db)}
	if _, _, err := f.h.app.ImportBuiltinFramework(ctx, f.asAdmin, "iso27001-2022"); err != nil {
		t.Fatalf("ImportBuiltinFramework: %v", err)
	}
	var err error
	if f.control, err = f.h.app.CreateControl(ctx, f.asAdmin, app.ControlInput{Title: "Access control", Status: "implemented"}); err != nil {
		t.Fatalf("CreateControl: %v", err)
	}
	req, err := f.h.app.ResolveRequirement(ctx, f.asAdmin, "iso27001-2022", "A.5.15")
	if err != nil {
		t.Fatalf("ResolveRequirement: %v", err)
	}
	if _, err := f.h.app.LinkControl(ctx, f.asAdmin, f.control.ID, []isms.ID{req.ID}); err != nil {
		t.Fatalf("LinkControl: %v", err)
	}
	if f.risk, err = f.h.app.CreateRisk(ctx, f.asMgr, app.RiskInput{Title: "Accounts misused", Controls: []string{f.control.Ref}}); err != nil {
		t.Fatalf("CreateRisk: %v", err)
	}
	f.contribC = f.h.signIn(f.h.member(f.org, "contrib", isms.RoleContributor))
	return f
}

// view reads version id of the ISO/IEC 27001:2022 SoA as the manager.
func (f *soaFixture) view(t *testing.T, id string) *app.SoAView {
	t.Helper()
	v, err := f.h.app.FindSoA(context.Background(), f.asMgr, "", id)
	if err != nil {
		t.Fatalf("FindSoA(%q): %v", id, err)
	}
	return v
}

// line returns the line of v with ref.
func soaLineOf(t *testing.T, v *app.SoAView, ref string) *isms.SoALine {
	t.Helper()
	for _, l := range v.Lines {
		if l.Ref == ref {
			return l
		}
	}
	t.Fatalf("%s has no line %s", v.SoA.VersionLabel(), ref)
	return nil
}

// decideAll decides every undecided line of version id through the app:
// applicable as good practice, but A.7.4, excluded.
func (f *soaFixture) decideAll(t *testing.T, id string) {
	t.Helper()
	v := f.view(t, id)
	for _, l := range v.Lines {
		in := app.SoALineInput{Applicable: isms.SoAApplicable, Practice: true, Reason: "Good practice for a cloud service."}
		switch {
		case l.Ref == "A.7.4":
			in = app.SoALineInput{Applicable: isms.SoAExcluded, Exclusion: "No premises: everyone works remotely."}
		case l.Applicable != isms.SoAUndecided:
			continue
		}
		if _, err := f.h.app.UpdateSoALine(context.Background(), f.asMgr, v.SoA.ID, l.RequirementID, l.Version, in); err != nil {
			t.Fatalf("UpdateSoALine(%s): %v", l.Ref, err)
		}
	}
}

// soaLineForm is a line form with the decision and version given.
func soaLineForm(l *isms.SoALine, kv ...string) url.Values {
	form := url.Values{"version": {strconv.Itoa(l.Version)}}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Set(kv[i], kv[i+1])
	}
	return form
}

// rowRefs returns the references of the rows of the lines table.
func rowRefs(doc *goquery.Document) []string {
	var refs []string
	doc.Find("table.soa-lines tbody th a").Each(func(_ int, s *goquery.Selection) { refs = append(refs, strings.TrimSpace(s.Text())) })
	return refs
}

func TestSoAEmptyStateAndGeneration(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSoAFixture(t, db)
		html := scopeGet(t, f.viewC, "/soa", http.StatusOK)
		scopeWant(t, "the viewer's empty state", html, "No Statement of Applicability for ISO/IEC 27001 (2022) yet", "None exists yet")
		if strings.Contains(html, "Generate the SoA") {
			t.Error("the viewer is offered to generate the SoA")
		}
		scopeWant(t, "the manager's empty state", scopeGet(t, f.mgrC, "/soa", http.StatusOK), "Generate the SoA", `action="/soa"`)
		if st := status(t, f.empC, "/soa"); st != http.StatusForbidden {
			t.Errorf("employee GET /soa = %d, want 403", st)
		}
		if resp := f.contribC.post("/soa", url.Values{"framework": {"iso27001-2022"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("contributor POST /soa = %d, want 403", resp.StatusCode)
		}
		resp := f.mgrC.post("/soa", url.Values{"framework": {"iso27001-2022"}, "note": {"First SoA."}, "csrf": {"forged"}})
		body(t, resp)
		wantStatus(t, "POST /soa with a forged CSRF token", resp, http.StatusForbidden)

		loc := postRedirect(t, f.mgrC, "/soa", url.Values{"framework": {"iso27001-2022"}, "note": {"First SoA."}})
		v := f.view(t, "")
		if loc != "/soa/"+string(v.SoA.ID) {
			t.Errorf("generation redirects to %s, want the draft", loc)
		}
		if loc := postRedirect(t, f.mgrC, "/soa", url.Values{"framework": {"iso27001-2022"}}); loc != "/soa?framework=iso27001-2022" {
			t.Errorf("a second draft redirects to %s", loc)
		}
		scopeWant(t, "the refusal of a second draft", scopeGet(t, f.mgrC, "/soa", http.StatusOK), "exists already")
	})
}

func TestSoAPagesFromDraftToApprovedVersions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSoAFixture(t, db)
		postRedirect(t, f.mgrC, "/soa", url.Values{"framework": {"iso27001-2022"}})
		v := f.view(t, "")
		base := "/soa/" + string(v.SoA.ID)

		html := scopeGet(t, f.mgrC, "/soa", http.StatusOK)
		scopeWant(t, "the draft", html, "Statement of Applicability <span class=\"ref\">v1</span>", "Draft", "ISO/IEC 27001 (2022)",
			`href="/risks/`+string(f.risk.ID)+`"`, `href="/controls/`+string(f.control.ID)+`"`, "awaiting decision",
			"92 lines await a decision", base+"/export.pdf", base+"/export.xlsx", `name="approvers"`, "Discard the draft", ">Edit<")
		doc := page2doc(t, html)
		if n := doc.Find("table.soa-lines tbody tr").Length(); n != 93 {
			t.Errorf("the draft shows %d lines, want 93", n)
		}
		if got := text(doc, "#line-"+string(soaLineOf(t, v, "A.5.15").RequirementID)+" td:nth-of-type(2) .chip"); got != "Applicable" {
			t.Errorf("A.5.15 is %q, want Applicable (its control treats a risk)", got)
		}
		if refs := rowRefs(page2doc(t, scopeGet(t, f.mgrC, base+"?applicable=yes", http.StatusOK))); len(refs) != 1 || refs[0] != "A.5.15" {
			t.Errorf("applicable lines = %v, want [A.5.15]", refs)
		}
		if refs := rowRefs(page2doc(t, scopeGet(t, f.viewC, base+"?q=cloud+services&applicable=undecided", http.StatusOK))); len(refs) != 1 || refs[0] != "A.5.23" {
			t.Errorf("search for cloud services = %v, want [A.5.23]", refs)
		}
		if refs := rowRefs(page2doc(t, scopeGet(t, f.viewC, base+"?sort=status", http.StatusOK))); len(refs) != 93 || refs[0] != "A.5.15" {
			t.Errorf("sorted by status, the first line is %v, want A.5.15", refs[:1])
		}
		viewer := scopeGet(t, f.viewC, base, http.StatusOK)
		if strings.Contains(viewer, ">Edit<") || strings.Contains(viewer, `name="approvers"`) {
			t.Error("the viewer is offered to edit or submit the draft")
		}

		// A line: the exclusion without a justification is refused on its field.
		a51 := soaLineOf(t, v, "A.5.1")
		lineURL := base + "/lines/" + string(a51.RequirementID)
		scopeWant(t, "the line form", scopeGet(t, f.mgrC, lineURL, http.StatusOK), `name="applicable"`, "From the records",
			`name="statusOverride"`, `name="ownerId"`, "Save and edit A.5.2")
		resp := f.mgrC.post(lineURL, soaLineForm(a51, "applicable", "no"))
		wantStatus(t, "an exclusion without a justification", resp, http.StatusUnprocessableEntity)
		doc = page(t, resp)
		field := doc.Find("#f-exclusion").Closest(".field")
		if !field.HasClass("field-invalid") || !strings.Contains(field.Find(".error").Text(), "Justify the exclusion") {
			t.Errorf("the exclusion field shows no problem: %q", field.Text())
		}
		if _, ok := doc.Find("#f-applicable-no").Attr("checked"); !ok {
			t.Error("the refused form lost the decision typed")
		}
		resp = f.mgrC.post(lineURL, soaLineForm(&isms.SoALine{Version: a51.Version + 5}, "applicable", "yes", "goodPractice", "1", "reason", "Policies."))
		wantStatus(t, "a stale line version", resp, http.StatusConflict)
		body(t, resp)
		if resp := f.contribC.post(lineURL, soaLineForm(a51, "applicable", "yes")); resp.StatusCode != http.StatusForbidden {
			t.Errorf("contributor saves a line = %d, want 403", resp.StatusCode)
		}
		loc := postRedirect(t, f.mgrC, lineURL, soaLineForm(a51, "applicable", "yes", "goodPractice", "1", "reason", "Policies are good practice.",
			"ownerId", string(f.mgr.ID), "next", string(soaLineOf(t, v, "A.5.2").RequirementID)))
		if loc != base+"/lines/"+string(soaLineOf(t, v, "A.5.2").RequirementID) {
			t.Errorf("save and edit next redirects to %s", loc)
		}
		scopeWant(t, "the saved line", scopeGet(t, f.viewC, base+"?q=A.5.1", http.StatusOK), "Good practice:</span> Policies are good practice.", "mgr")

		// Submission is refused while lines await a decision, with the reason on the page.
		resp = f.mgrC.post(base+"/submit", url.Values{"version": {strconv.Itoa(f.view(t, "").SoA.Version)}, "approvers": {string(f.admin.ID)}})
		wantStatus(t, "a submission with undecided lines", resp, http.StatusUnprocessableEntity)
		if got := text(page(t, resp), "#submit-problem"); !strings.Contains(got, "A.5.2") {
			t.Errorf("the refusal says %q, want the lines named", got)
		}
		f.decideAll(t, "")
		resp = f.mgrC.post(base+"/submit", url.Values{"version": {strconv.Itoa(f.view(t, "").SoA.Version)}, "approvers": {string(f.admin.ID)}, "note": {"For the audit."}})
		b := body(t, resp)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/approvals/") {
			t.Fatalf("POST %s/submit = %d %s\n%s", base, resp.StatusCode, resp.Header.Get("Location"), b)
		}
		scopeWant(t, "the pending draft", scopeGet(t, f.mgrC, "/soa", http.StatusOK), "Awaiting approval", "awaits approval")
		if strings.Contains(scopeGet(t, f.mgrC, lineURL, http.StatusOK), `name="applicable"`) {
			t.Error("the line of a pending draft offers its form")
		}
		postRedirect(t, f.adminC, resp.Header.Get("Location")+"/decide", url.Values{"decision": {"approve"}, "comment": {"Agreed."}})

		// Approved: immutable, exported.
		scopeWant(t, "the approved version", scopeGet(t, f.viewC, "/soa", http.StatusOK), "Approved", "Approved by "+f.admin.Name)
		resp = f.mgrC.post(lineURL, soaLineForm(soaLineOf(t, f.view(t, ""), "A.5.1"), "applicable", "no", "exclusion", "Changed my mind."))
		wantStatus(t, "a change to the approved version", resp, http.StatusConflict)
		scopeWant(t, "the refusal to change v1", body(t, resp), "v1 is approved and cannot change")
		checkSoAExports(t, f.viewC, base, "v1")

		// v2 copies the decisions; a changed line shows in the comparison with its reason.
		loc = postRedirect(t, f.mgrC, "/soa", url.Values{"framework": {"iso27001-2022"}, "note": {"Yearly review."}})
		v2 := f.view(t, strings.TrimPrefix(loc, "/soa/"))
		l := soaLineOf(t, v2, "A.5.1")
		postRedirect(t, f.mgrC, loc+"/lines/"+string(l.RequirementID), soaLineForm(l, "applicable", "no",
			"exclusion", "Policies live with the group.", "changeReason", "The group now owns the policies."))
		html = scopeGet(t, f.viewC, "/soa/compare?from=v1&to=v2", http.StatusOK)
		scopeWant(t, "the comparison", html, "1 line changed", "A.5.1", "Not applicable", "The group now owns the policies.", "<del>Applicable</del>")
		scopeWant(t, "the versions", scopeGet(t, f.viewC, "/soa/versions", http.StatusOK), "v1", "v2", "approved", "draft", `action="/soa/compare"`)
		scopeWant(t, "the draft beside the approved version", scopeGet(t, f.viewC, "/soa", http.StatusOK), "v1</a> is the approved version in force", "Compare with v1")
		postRedirect(t, f.mgrC, loc+"/delete", nil)
		if list, _ := f.h.app.SoAVersions(context.Background(), f.asMgr, ""); len(list) != 1 {
			t.Errorf("after discarding v2, %d versions, want 1", len(list))
		}
	})
}

func TestSoADecideSelectedLines(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSoAFixture(t, db)
		base := postRedirect(t, f.mgrC, "/soa", url.Values{"framework": {"iso27001-2022"}})
		v := f.view(t, "")
		a51, a52 := soaLineOf(t, v, "A.5.1"), soaLineOf(t, v, "A.5.2")
		doc := page2doc(t, scopeGet(t, f.mgrC, base, http.StatusOK))
		box := doc.Find("#sel-" + string(a51.RequirementID))
		if form, _ := box.Attr("form"); form != "soa-bulk" || doc.Find("form#soa-bulk").Length() != 1 ||
			text(doc, `label[for="sel-`+string(a51.RequirementID)+`"]`) != "Select A.5.1" {
			t.Fatalf("the manager's draft has no checkbox for A.5.1 in the form soa-bulk")
		}
		if viewer := scopeGet(t, f.viewC, base, http.StatusOK); strings.Contains(viewer, `name="req"`) || strings.Contains(viewer, "Decide the selected lines") {
			t.Error("the viewer is offered to decide lines")
		}
		form := func(kv ...string) url.Values {
			form := soaLineForm(&isms.SoALine{Version: f.view(t, "").SoA.Version}, kv...)
			form["req"] = []string{string(a51.RequirementID), string(a52.RequirementID)}
			return form
		}

		resp := f.mgrC.do("POST", base+"/lines", "application/x-www-form-urlencoded", strings.NewReader(form("applicable", "yes").Encode()), false)
		body(t, resp)
		wantStatus(t, "a decision without a CSRF token", resp, http.StatusForbidden)
		resp = f.mgrC.post(base+"/lines", form("applicable", "no"))
		wantStatus(t, "exclusions without a justification", resp, http.StatusUnprocessableEntity)
		doc = page(t, resp)
		if got := text(doc, "#bulk-problem"); !strings.HasPrefix(got, "A.5.1: ") {
			t.Errorf("the refusal says %q, want A.5.1 named", got)
		}
		if _, ok := doc.Find("#sel-" + string(a52.RequirementID)).Attr("checked"); !ok {
			t.Error("the refused form lost the lines ticked")
		}
		if l := soaLineOf(t, f.view(t, ""), "A.5.1"); l.Applicable != isms.SoAUndecided {
			t.Errorf("A.5.1 after the refusal = %q, want undecided", l.Applicable)
		}

		loc := postRedirect(t, f.mgrC, base+"/lines", form("applicable", "yes", "goodPractice", "1", "reason", "Good practice for a cloud service."))
		if loc != base {
			t.Errorf("the decision redirects to %s, want %s", loc, base)
		}
		html := scopeGet(t, f.mgrC, base, http.StatusOK)
		scopeWant(t, "the decided lines", html, "2 lines decided.", "Good practice:</span> Good practice for a cloud service.")
		doc = page2doc(t, html)
		for _, l := range []*isms.SoALine{a51, a52} {
			if got := text(doc, "#line-"+string(l.RequirementID)+" td:nth-of-type(2) .chip"); got != "Applicable" {
				t.Errorf("%s is %q, want Applicable", l.Ref, got)
			}
		}
	})
}

// page2doc parses an HTML page already read.
func page2doc(t *testing.T, html string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// checkSoAExports checks the three exports of the version at base
// (labelled label) and of the current approved version.
func checkSoAExports(t *testing.T, c *client, base, label string) {
	t.Helper()
	for _, tc := range []struct{ path, media, name string }{
		{base + "/export.csv", "text/csv", "soa-iso27001-2022-" + label + ".csv"},
		{base + "/export.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "soa-iso27001-2022-" + label + ".xlsx"},
		{base + "/export.pdf", "application/pdf", "soa-iso27001-2022-" + label + ".pdf"},
		{"/soa/export.pdf", "application/pdf", "soa-iso27001-2022-" + label + ".pdf"},
	} {
		resp := c.get(tc.path)
		b := body(t, resp)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.media) || len(b) == 0 {
			t.Errorf("GET %s = %d %s, %d bytes", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), len(b))
		}
		if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, `filename="`+tc.name+`"`) {
			t.Errorf("GET %s: Content-Disposition %q, want %s", tc.path, cd, tc.name)
		}
	}
	rows := csvRows(t, c, base+"/export.csv")
	if len(rows) != 94 || rows[0][0] != "Reference" {
		t.Errorf("the CSV has %d rows, header %v; want 94 and Reference first", len(rows), rows[0])
	}
}

func TestSoAAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSoAFixture(t, db)
		var s isms.SoA
		apiCall(t, f.mgrC, "POST", "/api/v1/soa", map[string]any{"note": "First SoA."}, http.StatusCreated, &s)
		apiCallErr(t, f.mgrC, "POST", "/api/v1/soa", map[string]any{}, http.StatusConflict)
		apiCallErr(t, f.viewC, "POST", "/api/v1/soa", map[string]any{"framework": "iso27001-2022"}, http.StatusForbidden)
		apiCallErr(t, f.empC, "GET", "/api/v1/soa", nil, http.StatusForbidden)
		var list apiPage[isms.SoA]
		apiCall(t, f.viewC, "GET", "/api/v1/soa?framework=iso27001-2022", nil, http.StatusOK, &list)
		if list.Total != 1 || list.Items[0].ID != s.ID || list.Items[0].Status != isms.SoADraft {
			t.Errorf("the versions = %+v, want the draft", list)
		}
		var got struct {
			SoA    isms.SoA        `json:"soa"`
			Lines  []isms.SoALine  `json:"lines"`
			Issues []isms.SoAIssue `json:"issues"`
			Counts struct {
				Lines, Applicable, Undecided int
				ByStatus                     map[string]int `json:"byStatus"`
			} `json:"counts"`
			Pending bool `json:"pending"`
		}
		apiCall(t, f.viewC, "GET", "/api/v1/soa/"+string(s.ID), nil, http.StatusOK, &got)
		if got.Counts.Lines != 93 || got.Counts.Applicable != 1 || got.Counts.Undecided != 92 || got.Counts.ByStatus["implemented"] != 1 || len(got.Issues) == 0 {
			t.Errorf("the counts = %+v with %d issues", got.Counts, len(got.Issues))
		}
		a51 := got.Lines[0]
		path := "/api/v1/soa/" + string(s.ID) + "/lines/" + string(a51.RequirementID)
		e := apiCallErr(t, f.mgrC, "PATCH", path, map[string]any{"applicable": "no", "version": a51.Version}, http.StatusUnprocessableEntity)
		if names := fieldNames(e); len(names) != 1 || names[0] != "exclusion" {
			t.Errorf("an exclusion without justification names %v, want [exclusion]", names)
		}
		apiCallErr(t, f.mgrC, "PATCH", path, map[string]any{"applicable": "no", "exclusion": "x", "version": a51.Version + 1}, http.StatusConflict)
		apiCallErr(t, f.contribC, "PATCH", path, map[string]any{"applicable": "yes", "version": a51.Version}, http.StatusForbidden)
		var line isms.SoALine
		apiCall(t, f.mgrC, "PATCH", "/api/v1/soa/"+string(s.ID)+"/lines/A.5.1", map[string]any{"applicable": "no",
			"exclusion": "The group writes the policies.", "version": a51.Version}, http.StatusOK, &line)
		if line.Applicable != isms.SoAExcluded || line.Exclusion != "The group writes the policies." || line.Ref != "A.5.1" {
			t.Errorf("the saved line = %+v", line)
		}
		apiCall(t, f.mgrC, "PATCH", path, map[string]any{"ownerId": f.mgr.ID, "version": line.Version}, http.StatusOK, &line)
		if line.Applicable != isms.SoAExcluded || line.OwnerName != f.mgr.Name {
			t.Errorf("a partial change lost the decision or named no owner: %+v", line)
		}

		submit := func(want int) *isms.Approval {
			t.Helper()
			v := f.view(t, string(s.ID))
			var ap isms.Approval
			apiCall(t, f.mgrC, "POST", "/api/v1/soa/"+string(s.ID)+"/submit", map[string]any{"version": v.SoA.Version,
				"approverIds": []isms.ID{f.admin.ID}, "note": "For the audit."}, want, &ap)
			return &ap
		}
		submit(http.StatusUnprocessableEntity)
		f.decideAll(t, string(s.ID))
		ap := submit(http.StatusCreated)
		apiCall(t, f.adminC, "POST", "/api/v1/approvals/"+string(ap.ID)+"/decision", map[string]any{"decision": "approve", "comment": "Agreed."}, http.StatusOK, nil)
		apiCall(t, f.viewC, "GET", "/api/v1/soa/current", nil, http.StatusOK, &got)
		if got.SoA.ID != s.ID || got.SoA.Status != isms.SoAApproved || !got.SoA.Frozen || got.Pending {
			t.Errorf("the current version = %+v", got.SoA)
		}
		apiCallErr(t, f.mgrC, "PATCH", path, map[string]any{"applicable": "yes", "version": line.Version}, http.StatusConflict)
		for format, media := range map[string]string{"csv": "text/csv", "xlsx": "application/vnd.openxml", "pdf": "application/pdf"} {
			h := apiCall(t, f.viewC, "GET", "/api/v1/soa/current/export?format="+format, nil, http.StatusOK, nil)
			if !strings.HasPrefix(h.Get("Content-Type"), media) || !strings.Contains(h.Get("Content-Disposition"), "soa-iso27001-2022-v1."+format) {
				t.Errorf("the %s export: %s, %s", format, h.Get("Content-Type"), h.Get("Content-Disposition"))
			}
		}

		var v2 isms.SoA
		apiCall(t, f.mgrC, "POST", "/api/v1/soa", map[string]any{"framework": "iso27001-2022", "note": "Yearly review."}, http.StatusCreated, &v2)
		v := f.view(t, string(v2.ID))
		l := soaLineOf(t, v, "A.5.1")
		apiCall(t, f.mgrC, "PATCH", "/api/v1/soa/"+string(v2.ID)+"/lines/"+string(l.RequirementID), map[string]any{"applicable": "yes",
			"goodPractice": true, "reason": "Our own policies now.", "changeReason": "The group no longer writes them.", "version": l.Version}, http.StatusOK, nil)
		var cmp struct {
			From, To isms.SoA
			Lines    []isms.SoALineDiff
		}
		apiCall(t, f.viewC, "GET", "/api/v1/soa/compare", nil, http.StatusOK, &cmp)
		if cmp.From.ID != s.ID || cmp.To.ID != v2.ID || len(cmp.Lines) != 1 || cmp.Lines[0].Ref != "A.5.1" || cmp.Lines[0].Reason != "The group no longer writes them." {
			t.Errorf("the comparison = %+v", cmp)
		}
		apiCall(t, f.viewC, "GET", "/api/v1/soa/compare?from="+string(v2.ID)+"&to="+string(s.ID), nil, http.StatusOK, &cmp)
		if cmp.From.ID != s.ID || len(cmp.Lines) != 1 {
			t.Errorf("the comparison named newest first = %+v", cmp)
		}
		apiCallErr(t, f.viewC, "GET", "/api/v1/soa/compare?from="+string(s.ID), nil, http.StatusUnprocessableEntity)
		apiCallErr(t, f.viewC, "DELETE", "/api/v1/soa/"+string(v2.ID), nil, http.StatusForbidden)
		apiCallErr(t, f.mgrC, "DELETE", "/api/v1/soa/"+string(s.ID), nil, http.StatusConflict)
		apiCall(t, f.mgrC, "DELETE", "/api/v1/soa/"+string(v2.ID), nil, http.StatusNoContent, nil)
		apiCallErr(t, f.viewC, "GET", "/api/v1/soa/"+string(v2.ID), nil, http.StatusNotFound)
	})
}

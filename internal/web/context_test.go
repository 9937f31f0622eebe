// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// contextFixture is an organization with a risk R-1, a control C-1 and
// a document DOC-1 for everyone, and its administrator, ISMS manager,
// viewer and employee signed in.
type contextFixture struct {
	*supportFixture
	risk    *isms.Risk
	control *isms.Control
	doc     *isms.Document
}

func newContextFixture(t *testing.T, db *sqldb.DB) *contextFixture {
	f := &contextFixture{supportFixture: newSupportFixture(t, db)}
	ctx := context.Background()
	var err error
	if f.risk, err = f.h.app.CreateRisk(ctx, f.asMgr, app.RiskInput{Title: "AI feature misuse"}); err != nil {
		t.Fatalf("CreateRisk: %v", err)
	}
	if f.control, err = f.h.app.CreateControl(ctx, f.asMgr, app.ControlInput{Title: "Incident response", Status: "implemented"}); err != nil {
		t.Fatalf("CreateControl: %v", err)
	}
	if f.doc, _, err = f.h.app.CreateDocument(ctx, f.asMgr, app.DocumentInput{Title: "Incident procedure", Type: "procedure",
		OwnerID: string(f.mgr.ID), AudienceEveryone: true}, app.DocumentBodyInput{Markdown: "# Steps\n\nCall the team."}); err != nil {
		t.Fatalf("CreateDocument: %v", err)
	}
	return f
}

// problems returns the field errors a form page shows, by field name.
func problems(doc *goquery.Document) map[string]string {
	out := map[string]string{}
	doc.Find(".field-invalid").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Find("[name]").First().Attr("name")
		out[name] = strings.TrimSpace(s.Find(".error").Text())
	})
	return out
}

// linkedTitles returns the titles listed in a page's record-links panel.
func linkedTitles(doc *goquery.Document) []string {
	out := []string{}
	doc.Find(".record-links li a").Each(func(_ int, s *goquery.Selection) { out = append(out, strings.TrimSpace(s.Text())) })
	return out
}

func TestContextIssuePages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newContextFixture(t, db)
		doc := page(t, f.mgrC.get("/context-issues"))
		if !strings.Contains(doc.Find(".empty").Text(), "No context issue recorded yet") || doc.Find(`a[href="/context-issues/new"]`).Length() == 0 {
			t.Errorf("empty list: %q", doc.Find(".content").Text())
		}
		if !strings.Contains(doc.Find(".flash-info").Text(), "No issue records whether climate change is relevant") {
			t.Errorf("no warning about climate change on the empty list")
		}

		resp := f.mgrC.post("/context-issues", url.Values{"title": {""}, "kind": {"inside"}, "category": {""}, "effect": {"good"},
			"reviewOn": {"31.12.2026"}, "risks": {"R-1, R-77"}})
		wantStatus(t, "POST /context-issues (everything wrong)", resp, http.StatusUnprocessableEntity)
		got := problems(page(t, resp))
		want := map[string]string{"title": "Title is required.", "kind": "Say whether the issue is internal or external.",
			"category": "Category must be political, economic, social, technological, legal, environmental, organizational or other.",
			"effect":   "Say whether the issue helps (positive) or hinders (negative) the ISMS.",
			"reviewOn": "Enter the review date as YYYY-MM-DD, or leave it empty.",
			"risks":    "No risk R-77 in this organization."}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("problems of a bad issue (-want +got):\n%s", d)
		}

		loc := postRedirect(t, f.mgrC, "/context-issues", url.Values{"title": {"EU AI Act"}, "kind": {"external"}, "category": {"legal"},
			"effect": {"negative"}, "ownerId": {string(f.mgr.ID)}, "reviewOn": {"2026-02-01"}, "risks": {f.risk.Ref}})
		doc = page(t, f.mgrC.get(loc))
		if h := text(doc, "h1"); h != "CI-1 EU AI Act" {
			t.Errorf("issue page heading = %q", h)
		}
		if got := linkedTitles(doc); !cmp.Equal(got, []string{"Risk R-1: AI feature misuse"}) {
			t.Errorf("issue page links = %v", got)
		}
		if doc.Find(`.record-links a[href="/risks/`+string(f.risk.ID)+`"]`).Length() != 1 || doc.Find(".chip-bad").Text() != "Review overdue" {
			t.Errorf("issue page lacks the risk's link or the overdue chip")
		}
		if !strings.Contains(doc.Find(".timeline").Text(), "recorded a context issue") {
			t.Errorf("issue page history = %q", doc.Find(".timeline").Text())
		}
		rdoc := page(t, f.mgrC.get("/risks/"+string(f.risk.ID)))
		if got := linkedTitles(rdoc); !cmp.Equal(got, []string{"Context issue CI-1: EU AI Act"}) {
			t.Errorf("risk page links = %v", got)
		}

		postRedirect(t, f.mgrC, "/context-issues", url.Values{"title": {"Heat waves"}, "kind": {"external"}, "category": {"environmental"},
			"effect": {"negative"}, "climate": {"1"}, "reviewOn": {"2026-12-01"}})
		doc = page(t, f.viewC.get("/context-issues"))
		if got := text(doc, ".page-header + p"); !strings.Contains(got, "Considered in 1 issue.") {
			t.Errorf("climate note = %q", got)
		}
		if doc.Find(`a[href="/context-issues/new"]`).Length() != 0 {
			t.Errorf("the viewer is offered to record an issue")
		}
		for q, want := range map[string]string{"climate=yes": "CI-2", "review=due": "CI-1", "category=legal&kind=external": "CI-1",
			"q=heat": "CI-2", "sort=-ref": "CI-2 CI-1", "owner=" + string(f.mgr.ID): "CI-1", "effect=positive": ""} {
			doc := page(t, f.viewC.get("/context-issues?"+q))
			var refs []string
			doc.Find("table.list tbody tr td:first-child").Each(func(_ int, s *goquery.Selection) { refs = append(refs, s.Text()) })
			if got := strings.Join(refs, " "); got != want {
				t.Errorf("/context-issues?%s lists %q, want %q", q, got, want)
			}
		}
		if st := status(t, f.viewC, "/context-issues?climate=maybe"); st != http.StatusUnprocessableEntity {
			t.Errorf("an unknown filter value: status %d, want 422", st)
		}
		rows := csvRows(t, f.viewC, "/context-issues?format=csv&sort=ref")
		wantRows := [][]string{{"Ref", "Issue", "Internal or external", "Category", "Effect", "Climate change", "Owner", "Review on"},
			{"CI-1", "EU AI Act", "External", "Legal and regulatory", "Hinders", "no", "mgr", "2026-02-01"},
			{"CI-2", "Heat waves", "External", "Environmental", "Hinders", "yes", "", "2026-12-01"}}
		if d := cmp.Diff(wantRows, rows); d != "" {
			t.Errorf("CSV export (-want +got):\n%s", d)
		}
		resp = f.viewC.get("/context-issues?format=xlsx")
		body(t, resp)
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("XLSX export: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}

		// Editing keeps the links in the form; a stale version is a conflict.
		edit := page(t, f.mgrC.get(loc+"/edit"))
		if v, _ := edit.Find(`input[name="risks"]`).Attr("value"); v != "R-1" {
			t.Errorf("edit form risks = %q, want R-1", v)
		}
		postRedirect(t, f.mgrC, loc, url.Values{"title": {"EU AI Act"}, "kind": {"external"}, "category": {"legal"}, "effect": {"negative"},
			"risks": {""}, "version": {"1"}})
		resp = f.mgrC.post(loc, url.Values{"title": {"X"}, "kind": {"external"}, "category": {"legal"}, "effect": {"negative"}, "version": {"1"}})
		wantStatus(t, "POST a stale version", resp, http.StatusConflict)
		if !strings.Contains(page(t, resp).Find(".flash-error").Text(), "Someone else changed this context issue") {
			t.Errorf("no conflict message on the form")
		}
		if got := linkedTitles(page(t, f.mgrC.get("/risks/"+string(f.risk.ID)))); len(got) != 0 {
			t.Errorf("risk page still links %v after the link was removed", got)
		}
		if st := status(t, f.viewC, "/context-issues/new"); st != http.StatusForbidden {
			t.Errorf("viewer GET /context-issues/new = %d, want 403", st)
		}
		if st := status(t, f.empC, "/context-issues"); st != http.StatusForbidden {
			t.Errorf("employee GET /context-issues = %d, want 403", st)
		}
		if got := postRedirect(t, f.mgrC, loc+"/delete", nil); got != "/context-issues" {
			t.Errorf("delete redirects to %s", got)
		}
		if st := status(t, f.mgrC, loc); st != http.StatusNotFound {
			t.Errorf("deleted issue: status %d, want 404", st)
		}
	})
}

func TestPartyAndRequirementPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newContextFixture(t, db)
		doc := page(t, f.mgrC.get("/party-requirements"))
		if !strings.Contains(doc.Find(".empty").Text(), "No requirement recorded yet") {
			t.Errorf("empty register: %q", doc.Find(".content").Text())
		}
		resp := f.mgrC.post("/interested-parties", url.Values{"name": {""}, "kind": {"external"}, "category": {"friend"}})
		wantStatus(t, "POST /interested-parties (bad)", resp, http.StatusUnprocessableEntity)
		if got := problems(page(t, resp)); len(got) != 2 || got["name"] != "Name is required." {
			t.Errorf("problems of a bad party = %v", got)
		}
		party := postRedirect(t, f.mgrC, "/interested-parties", url.Values{"name": {"Data protection authority"}, "kind": {"external"},
			"category": {"regulator"}, "contact": {"breach@dpa.example"}})
		doc = page(t, f.mgrC.get(party))
		add, _ := doc.Find(`.page-header a.btn-primary`).Attr("href")
		partyID := strings.TrimPrefix(party, "/interested-parties/")
		if add != "/party-requirements/new?party="+partyID || !strings.Contains(doc.Find("#req-heading").Parent().Text(), "No requirement recorded yet") {
			t.Errorf("party page: add link %q", add)
		}
		form := page(t, f.mgrC.get(add))
		if v, _ := form.Find(`select[name="partyId"] option[selected]`).Attr("value"); v != partyID {
			t.Errorf("new requirement form preselects %q, want the party", v)
		}
		if form.Find(`input[name="addressed"][checked]`).Length() != 1 {
			t.Errorf("a new requirement is not marked addressed by default")
		}

		resp = f.mgrC.post("/party-requirements", url.Values{"partyId": {partyID}, "title": {"Certificate"}, "type": {"contractual"},
			"controls": {"C-404"}})
		wantStatus(t, "POST /party-requirements (not addressed, no reason)", resp, http.StatusUnprocessableEntity)
		if got := problems(page(t, resp)); got["how"] != "Say why the ISMS does not address this requirement." || got["controls"] != "No control C-404 in this organization." {
			t.Errorf("problems = %v", got)
		}
		req := postRedirect(t, f.mgrC, "/party-requirements", url.Values{"partyId": {"IP-1"}, "title": {"Report breaches within 72 hours"},
			"type": {"legal"}, "source": {"GDPR Art. 33"}, "addressed": {"1"}, "how": {"Incident procedure."},
			"controls": {f.control.Ref}, "documents": {f.doc.Ref}})
		doc = page(t, f.mgrC.get(req))
		if got := linkedTitles(doc); !cmp.Equal(got, []string{"Control C-1: Incident response", "Document DOC-1: Incident procedure"}) {
			t.Errorf("requirement page links = %v", got)
		}
		for _, path := range []string{"/controls/" + string(f.control.ID), "/documents/" + string(f.doc.ID)} {
			if got := linkedTitles(page(t, f.viewC.get(path))); !cmp.Equal(got, []string{"Party requirement RQ-1: Report breaches within 72 hours"}) {
				t.Errorf("%s links = %v", path, got)
			}
		}
		if emp := page(t, f.empC.get("/documents/"+string(f.doc.ID))); emp.Find(".record-links").Length() != 0 || text(emp, "h1") == "" {
			t.Errorf("the employee's document page shows record links or no heading")
		}
		postRedirect(t, f.mgrC, "/party-requirements", url.Values{"partyId": {partyID}, "title": {"Appoint a DPO"}, "type": {"legal"},
			"addressed": {"1"}})
		postRedirect(t, f.mgrC, "/party-requirements", url.Values{"partyId": {partyID}, "title": {"Sector rules"}, "type": {"regulatory"},
			"how": {"We are not in that sector."}})
		for q, want := range map[string]string{"unlinked=yes": "RQ-2", "addressed=no": "RQ-3", "party=IP-1&type=legal": "RQ-1 RQ-2",
			"q=gdpr": "RQ-1", "sort=-addressed": "RQ-2 RQ-1 RQ-3"} {
			doc := page(t, f.viewC.get("/party-requirements?"+q))
			var refs []string
			doc.Find("table.list tbody tr td:first-child").Each(func(_ int, s *goquery.Selection) { refs = append(refs, s.Text()) })
			if got := strings.Join(refs, " "); got != want {
				t.Errorf("/party-requirements?%s lists %q, want %q", q, got, want)
			}
		}
		if st := status(t, f.viewC, "/party-requirements?party=IP-9"); st != http.StatusUnprocessableEntity {
			t.Errorf("unknown party filter: status %d, want 422", st)
		}
		rows := csvRows(t, f.viewC, "/party-requirements?format=csv&unlinked=yes")
		if len(rows) != 2 || rows[1][0] != "RQ-2" || rows[1][2] != "IP-1 Data protection authority" || rows[1][5] != "yes" || rows[1][7] != "0" {
			t.Errorf("CSV of the unlinked requirements = %v", rows)
		}

		// A party with requirements stays, and its page says why.
		if got := postRedirect(t, f.mgrC, party+"/delete", nil); got != party {
			t.Errorf("refused delete redirects to %s, want the party", got)
		}
		if msg := page(t, f.mgrC.get(party)).Find(".flash-error").Text(); !strings.Contains(msg, "still has 3 requirements") {
			t.Errorf("flash after a refused delete = %q", msg)
		}
		if got := postRedirect(t, f.mgrC, req+"/delete", nil); got != party {
			t.Errorf("deleting a requirement returns to %s, want its party", got)
		}
		if got := linkedTitles(page(t, f.viewC.get("/controls/"+string(f.control.ID)))); len(got) != 0 {
			t.Errorf("the control still shows %v", got)
		}
	})
}

func TestContextAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newContextFixture(t, db)
		mgr := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		viewer := f.h.token(f.viewer, f.org, isms.ScopeReadWrite)

		e := apiCallErr(t, mgr, "POST", "/api/v1/context-issues", map[string]any{"title": "", "kind": "internal", "category": "x",
			"effect": "negative", "risks": []string{"R-9"}}, 422)
		if d := cmp.Diff([]string{"category", "risks", "title"}, fieldNames(e)); d != "" {
			t.Errorf("problems of a bad issue (-want +got):\n%s", d)
		}
		var ci struct {
			isms.ContextIssue
			Risks     []string `json:"risks"`
			ISMSRisks []string `json:"ismsRisks"`
		}
		apiCall(t, mgr, "POST", "/api/v1/context-issues", map[string]any{"title": "EU AI Act", "kind": "external", "category": "legal",
			"effect": "negative", "climate": false, "reviewOn": "2026-06-30", "risks": []string{"R-1"}}, 201, &ci)
		if ci.Ref != "CI-1" || !cmp.Equal(ci.Risks, []string{"R-1"}) || len(ci.ISMSRisks) != 0 || ci.ReviewOn.String() != "2026-06-30" {
			t.Errorf("created issue = %+v", ci)
		}
		apiCall(t, viewer, "GET", "/api/v1/context-issues/CI-1", nil, 200, &ci)
		apiCall(t, mgr, "PUT", "/api/v1/context-issues/CI-1", map[string]any{"title": "EU AI Act", "kind": "external", "category": "legal",
			"effect": "negative", "climate": true, "version": 1}, 200, &ci)
		if ci.Version != 2 || !ci.Climate || !cmp.Equal(ci.Risks, []string{"R-1"}) {
			t.Errorf("updated issue = %+v, want version 2 about the climate with R-1 kept", ci)
		}
		apiCallErr(t, mgr, "PUT", "/api/v1/context-issues/CI-1", map[string]any{"title": "X", "kind": "external", "category": "legal",
			"effect": "negative", "version": 1}, 409)
		apiCallErr(t, viewer, "POST", "/api/v1/context-issues", map[string]any{"title": "X", "kind": "external", "category": "legal",
			"effect": "negative"}, 403)
		var issues apiPage[isms.ContextIssue]
		apiCall(t, viewer, "GET", "/api/v1/context-issues?climate=yes&sort=-ref&limit=10", nil, 200, &issues)
		if issues.Total != 1 || issues.Items[0].Ref != "CI-1" {
			t.Errorf("climate issues = %+v", issues)
		}
		if e := apiCallErr(t, viewer, "GET", "/api/v1/context-issues?kind=both&sort=nope", nil, 422); !cmp.Equal(fieldNames(e), []string{"kind", "sort"}) {
			t.Errorf("bad list query problems = %v", fieldNames(e))
		}

		var party isms.InterestedParty
		apiCall(t, mgr, "POST", "/api/v1/interested-parties", map[string]any{"name": "Customers", "kind": "external", "category": "customer"}, 201, &party)
		var q struct {
			isms.PartyRequirement
			Controls  []string `json:"controls"`
			Documents []string `json:"documents"`
			Risks     []string `json:"risks"`
		}
		apiCall(t, mgr, "POST", "/api/v1/party-requirements", map[string]any{"partyId": party.Ref, "title": "Availability of 99.9%",
			"type": "contractual", "addressed": true, "controls": []string{"C-1"}, "documents": []string{string(f.doc.ID)}}, 201, &q)
		if q.Ref != "RQ-1" || q.PartyID != party.ID || q.Links != 2 || !cmp.Equal(q.Controls, []string{"C-1"}) || !cmp.Equal(q.Documents, []string{"DOC-1"}) {
			t.Errorf("created requirement = %+v", q)
		}
		apiCall(t, mgr, "PUT", "/api/v1/party-requirements/"+string(q.ID), map[string]any{"partyId": string(party.ID), "title": "Availability",
			"type": "contractual", "addressed": true, "documents": []string{}, "version": 1}, 200, &q)
		if q.Version != 2 || len(q.Documents) != 0 || !cmp.Equal(q.Controls, []string{"C-1"}) {
			t.Errorf("updated requirement = %+v", q)
		}
		var reqs apiPage[isms.PartyRequirement]
		apiCall(t, viewer, "GET", "/api/v1/party-requirements?party="+party.Ref+"&addressed=yes", nil, 200, &reqs)
		if reqs.Total != 1 || reqs.Items[0].Links != 1 {
			t.Errorf("requirements of the party = %+v", reqs)
		}
		if e := apiCallErr(t, mgr, "DELETE", "/api/v1/interested-parties/"+party.Ref, nil, 409); !strings.Contains(e.Error.Message, "still has 1 requirement") {
			t.Errorf("refused party delete: %q", e.Error.Message)
		}
		apiCall(t, mgr, "DELETE", "/api/v1/party-requirements/RQ-1", nil, 204, nil)
		apiCall(t, mgr, "DELETE", "/api/v1/interested-parties/"+party.Ref, nil, 204, nil)
		apiCall(t, mgr, "DELETE", "/api/v1/context-issues/CI-1", nil, 204, nil)
		apiCallErr(t, viewer, "GET", "/api/v1/context-issues/CI-1", nil, 404)
	})
}

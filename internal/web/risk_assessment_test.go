// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// risk creates a risk as the manager, scored when l and i are given.
func (f *rmFixture) risk(title, l, i string) *isms.Risk {
	f.h.t.Helper()
	r, err := f.h.app.CreateRisk(context.Background(), f.asMgr, app.RiskInput{Title: title, InherentLikelihood: l, InherentImpact: i})
	if err != nil {
		f.h.t.Fatalf("CreateRisk(%s): %v", title, err)
	}
	return r
}

// recordAssessment posts the assessment form as the manager and returns
// the new assessment's path.
func (f *rmFixture) recordAssessment(t *testing.T, title, on string) string {
	t.Helper()
	resp := f.mgrClient.post("/risk-assessments", url.Values{"title": {title}, "reason": {"Planned interval."}, "performedOn": {on}})
	resp.Body.Close()
	wantStatus(t, "recording "+title, resp, http.StatusSeeOther)
	return resp.Header.Get("Location")
}

func TestRiskAssessmentsRecordShowAndCompare(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRMFixture(t, db)
		ctx, c := context.Background(), f.mgrClient
		m := f.approve(f.draft(5).ID)
		r1 := f.risk("Ransomware on file servers", "4", "5")
		r2 := f.risk("Stolen laptop", "3", "2")
		resp := c.post("/risk-assessments", url.Values{"title": {""}, "performedOn": {"2030-01-01"}, "reason": {"Kept reason"}})
		doc := page(t, resp)
		wantStatus(t, "an assessment with problems", resp, http.StatusUnprocessableEntity)
		for _, field := range []string{"title", "performedOn"} {
			if byID(doc, "f-"+field).ParentFiltered(".field-invalid").Length() != 1 {
				t.Errorf("field %s has no problem shown beside it", field)
			}
		}
		if got := text(doc, "#f-reason"); got != "Kept reason" {
			t.Errorf("the typed reason was lost: %q", got)
		}
		q1 := f.recordAssessment(t, "Q1 2026", "2026-03-01")
		doc = page(t, c.get(q1))
		if diff := cmp.Diff([]string{r1.Ref, r2.Ref}, rowTitles(t, c.get(q1))); diff != "" {
			t.Errorf("the snapshot's rows (-want +got):\n%s", diff)
		}
		first := strings.Join(strings.Fields(doc.Find("#snap-heading ~ .table-wrap tbody tr").First().Text()), " ")
		if want := m.LevelLabel(m.LevelOf(4, 5)); !strings.Contains(first, want) {
			t.Errorf("the first snapshot row is %q, want its level %s", first, want)
		}
		if doc.Find("#snap-heading ~ .table-wrap tbody tr .method-level svg rect[fill]").Length() != 2 {
			t.Error("the snapshot's levels are not shown in their colours")
		}
		if csv := body(t, c.get(q1+"?format=csv")); !strings.Contains(csv, r2.Ref+",Stolen laptop,") {
			t.Errorf("the snapshot's CSV:\n%s", csv)
		}
		if err := f.h.app.DeleteRisk(ctx, f.asMgr, r2.ID); err != nil {
			t.Fatalf("DeleteRisk: %v", err)
		}
		r3 := f.risk("Insider copies customer data", "2", "2")
		if _, err := f.h.app.UpdateRisk(ctx, f.asMgr, r1.ID, r1.Version, app.RiskInput{Ref: r1.Ref, Title: r1.Title,
			InherentLikelihood: "2", InherentImpact: "5"}); err != nil {
			t.Fatalf("UpdateRisk: %v", err)
		}
		q2 := f.recordAssessment(t, "After the move", "2026-03-02")
		doc = page(t, c.get("/risk-assessments"))
		if n := doc.Find("table.list tbody tr").Length(); n != 2 || byID(doc, "before").Length() != 1 {
			t.Errorf("the list has %d assessments and compare form %d", n, byID(doc, "before").Length())
		}
		id := func(path string) string { return strings.TrimPrefix(path, "/risk-assessments/") }
		doc = page(t, c.get("/risk-assessments/compare?before="+id(q2)+"&after="+id(q1)))
		for sel, want := range map[string]string{"#added-heading ~ .table-wrap tbody tr": r3.Ref, "#removed-heading ~ .table-wrap tbody tr": r2.Ref,
			"#rescored-heading ~ .table-wrap tbody tr": r1.Ref} {
			if got := doc.Find(sel).Text(); doc.Find(sel).Length() != 1 || !strings.Contains(got, want) {
				t.Errorf("%s: %q, want %s alone", sel, strings.Join(strings.Fields(got), " "), want)
			}
		}
		if got := text(doc, ".grid-2 section h2 a"); got != "2026-03-01" {
			t.Errorf("the comparison starts from %q, want the earlier assessment whatever the order given", got)
		}
		for _, query := range []string{"", "after=" + id(q2), "before=" + id(q1)} {
			doc = page(t, c.get("/risk-assessments/compare?"+query))
			if got := doc.Find("#added-heading ~ .table-wrap tbody tr").Text(); !strings.Contains(got, r3.Ref) {
				t.Errorf("compare?%s does not compare the two assessments: added %q", query, got)
			}
		}
		resp = c.get("/risk-assessments/compare?after=" + id(q1))
		doc = page(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc, ".error-summary li"), "no other assessment") {
			t.Errorf("comparing the oldest with nothing earlier: %d, %q", resp.StatusCode, text(doc, ".error-summary li"))
		}
		resp = f.viewClient.post("/risk-assessments", url.Values{"title": {"Mine"}})
		resp.Body.Close()
		wantStatus(t, "the viewer records an assessment", resp, http.StatusForbidden)
		if doc := page(t, f.viewClient.get("/risk-assessments")); doc.Find(`form[action="/risk-assessments"]`).Length() != 0 {
			t.Error("the viewer is offered the form to record an assessment")
		}
	})
}

func TestRiskLibraryAddsTheChosenScenarios(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRMFixture(t, db)
		c := f.mgrClient
		doc := page(t, c.get("/risks/library"))
		if n := doc.Find(`input[type=checkbox][name=keys]`).Length(); n != len(isms.ThreatLibrary) || n == 0 {
			t.Fatalf("the library offers %d scenarios, want %d", n, len(isms.ThreatLibrary))
		}
		resp := c.post("/risks/library", url.Values{"owner": {string(f.contrib.ID)}})
		doc = page(t, resp)
		wantStatus(t, "adding nothing", resp, http.StatusUnprocessableEntity)
		if got := text(doc, "#f-keys"); !strings.Contains(got, "at least one") {
			t.Errorf("adding nothing says %q", got)
		}
		keys := []string{isms.ThreatLibrary[0].Key, isms.ThreatLibrary[1].Key}
		resp = c.post("/risks/library", url.Values{"keys": keys, "owner": {f.contrib.Email}})
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/risks" {
			t.Fatalf("adding two scenarios: %d to %q", resp.StatusCode, loc)
		}
		list, err := f.h.app.FindRisks(context.Background(), f.asMgr, isms.RiskFilter{OwnerID: f.contrib.ID, Sort: "ref", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, row := range list.Rows {
			titles = append(titles, row.Risk.Title)
		}
		if diff := cmp.Diff([]string{isms.ThreatLibrary[0].Title, isms.ThreatLibrary[1].Title}, titles); diff != "" {
			t.Errorf("the contributor's risks (-want +got):\n%s", diff)
		}
		doc = page(t, f.viewClient.get("/risks/library"))
		if doc.Find(`input[name=keys]`).Length() != 0 || doc.Find("fieldset.library-group").Length() == 0 {
			t.Error("the viewer sees no library, or is offered to add from it")
		}
		resp = f.viewClient.post("/risks/library", url.Values{"keys": keys})
		resp.Body.Close()
		wantStatus(t, "the viewer adds from the library", resp, http.StatusForbidden)
	})
}

// apiAssessment is an assessment as the API writes it.
type apiAssessment struct {
	ID          isms.ID `json:"id"`
	Title       string  `json:"title"`
	PerformedOn string  `json:"performedOn"`
	RiskCount   int     `json:"riskCount"`
	Entries     []struct {
		Ref string `json:"ref"`
	} `json:"entries"`
}

func TestAPIRiskAssessments(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newRMFixture(t, db)
		f.approve(f.draft(3).ID)
		r1 := f.risk("Ransomware", "3", "3")
		c := f.h.token(f.contrib, f.org, isms.ScopeReadWrite)
		var a1, a2 apiAssessment
		apiCall(t, c, "POST", "/api/v1/risk-assessments", map[string]any{"title": "Q1", "performedOn": "2026-03-01"}, http.StatusCreated, &a1)
		f.risk("Phishing", "2", "2")
		apiCall(t, c, "POST", "/api/v1/risk-assessments", map[string]any{"title": "Q2"}, http.StatusCreated, &a2)
		if a1.RiskCount != 1 || a2.RiskCount != 2 || a2.PerformedOn != "2026-03-02" {
			t.Errorf("recorded %+v and %+v", a1, a2)
		}
		e := apiCallErr(t, c, "POST", "/api/v1/risk-assessments", map[string]any{"title": "", "performedOn": "someday"}, http.StatusUnprocessableEntity)
		if diff := cmp.Diff([]string{"performedOn", "title"}, fieldNames(e)); diff != "" {
			t.Errorf("problem fields (-want +got):\n%s", diff)
		}
		var list apiPage[apiAssessment]
		apiCall(t, c, "GET", "/api/v1/risk-assessments?limit=1", nil, http.StatusOK, &list)
		if list.Total != 2 || len(list.Items) != 1 || list.Items[0].ID != a2.ID || list.Items[0].Entries != nil {
			t.Errorf("the first page of assessments: %+v", list)
		}
		var one apiAssessment
		apiCall(t, c, "GET", "/api/v1/risk-assessments/"+string(a1.ID), nil, http.StatusOK, &one)
		if len(one.Entries) != 1 || one.Entries[0].Ref != r1.Ref {
			t.Errorf("Q1's entries: %+v", one.Entries)
		}
		var cmpOut struct {
			Before apiAssessment `json:"before"`
			Diff   struct {
				Added []struct {
					Title string `json:"title"`
				} `json:"added"`
			} `json:"diff"`
		}
		apiCall(t, c, "GET", "/api/v1/risk-assessments/compare?before="+string(a2.ID)+"&after="+string(a1.ID), nil, http.StatusOK, &cmpOut)
		if cmpOut.Before.ID != a1.ID || len(cmpOut.Diff.Added) != 1 || cmpOut.Diff.Added[0].Title != "Phishing" || cmpOut.Before.Entries != nil {
			t.Errorf("the comparison: %+v", cmpOut)
		}
		e = apiCallErr(t, c, "GET", "/api/v1/risk-assessments/compare?before="+string(a1.ID), nil, http.StatusUnprocessableEntity)
		if diff := cmp.Diff([]string{"after"}, fieldNames(e)); diff != "" {
			t.Errorf("problem fields (-want +got):\n%s", diff)
		}
		apiCallErr(t, f.h.token(f.vwr, f.org, isms.ScopeReadWrite), "POST", "/api/v1/risk-assessments", map[string]any{"title": "X"}, http.StatusForbidden)
	})
}

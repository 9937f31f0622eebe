// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// The rows of the authorization table (authz_test.go) for the readiness
// check and the roadmap, pages and API: every reader of the ISMS, as its
// other pages.
func init() {
	for pattern, row := range map[string]authzRow{
		"GET /readiness":              {cells: readSupport},
		"GET /readiness/export.csv":   {cells: readSupport},
		"GET /readiness/export.json":  {cells: readSupport},
		"GET /roadmap":                {cells: readSupport},
		"GET /api/v1/readiness":       {cells: readSupport},
		"GET /api/v1/readiness/trend": {cells: readSupport},
		"GET /api/v1/roadmap":         {cells: readSupport},
	} {
		authzTable[pattern] = row
	}
}

// readinessPage fetches path as c, fails unless it answers 200, and
// parses it.
func readinessPage(t *testing.T, c *client, path string) *goquery.Document {
	t.Helper()
	resp := c.get(path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d, want 200\n%s", path, resp.StatusCode, body(t, resp))
	}
	return page(t, resp)
}

// readinessLinks returns the href of every element matching sel.
func readinessLinks(doc *goquery.Document, sel string) []string {
	var out []string
	doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
		if href, ok := s.Attr("href"); ok {
			out = append(out, href)
		}
	})
	return out
}

// readinessFollow fails unless every link answers 200 to c: no dead link,
// no page the reader may not open, no detour to sign-in.
func readinessFollow(t *testing.T, c *client, what string, links []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, href := range links {
		u, err := url.Parse(href)
		if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") {
			t.Errorf("%s link %q is not a path of the site", what, href)
			continue
		}
		u.Fragment = ""
		if seen[u.String()] {
			continue
		}
		seen[u.String()] = true
		resp := c.get(u.String())
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s link %s = %d (Location %q), want 200", what, href, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

// readinessNoInlineStyle fails if the page breaks the CSP with a style
// attribute or an inline script.
func readinessNoInlineStyle(t *testing.T, what string, doc *goquery.Document) {
	t.Helper()
	if n := doc.Find("[style]").Length(); n > 0 {
		t.Errorf("%s: %d elements with a style attribute, which the CSP forbids", what, n)
	}
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if strings.TrimSpace(s.Text()) != "" {
			t.Errorf("%s: an inline script", what)
		}
	})
}

func TestReadinessPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		doc := readinessPage(t, f.mgrC, "/readiness")
		readinessNoInlineStyle(t, "/readiness", doc)
		if got := text(doc, "main h1"); got != "Readiness check" {
			t.Errorf("h1 = %q, want Readiness check", got)
		}
		score := text(doc, ".readiness-summary .readiness-score-value")
		if !strings.HasSuffix(score, "%") || score == "100%" {
			t.Errorf("the score of a new organization reads %q, want a percentage below 100", score)
		}
		if doc.Find(".readiness-summary svg.chart-bar").Length() != 1 || doc.Find(".readiness-trend svg.chart-trend circle").Length() < 1 {
			t.Error("the page lacks the score bar, or the trend chart lacks today's point")
		}
		if n := doc.Find("table.readiness-clause-table tbody tr").Length(); n != len(isms.ScoreClauses()) {
			t.Errorf("the clause table has %d rows, want %d", n, len(isms.ScoreClauses()))
		}
		blockers := doc.Find(".finding-blocker")
		if blockers.Length() < 3 {
			t.Errorf("a new organization shows %d blockers, want many", blockers.Length())
		}
		if doc.Find(`.finding code.finding-rule:contains("scope.")`).Length() == 0 {
			t.Error("no scope finding on the page of an organization without a scope")
		}
		if doc.Find(`.readiness-group details.readiness-guide dd`).Length() < 3 {
			t.Error("the clause groups lack their guide (What, Why, Proportionate)")
		}
		readinessFollow(t, f.mgrC, "Fix", readinessLinks(doc, ".finding-fix a"))
		readinessFollow(t, f.mgrC, "record", readinessLinks(doc, ".finding-records a"))
		readinessFollow(t, f.mgrC, "clause", readinessLinks(doc, "table.readiness-clause-table a"))

		rm := readinessPage(t, f.mgrC, "/roadmap")
		readinessNoInlineStyle(t, "/roadmap", rm)
		readinessRoadmapChecks(t, rm)
		readinessFollow(t, f.mgrC, "roadmap", readinessLinks(rm, "main a[href^='/']"))

		viewer := readinessPage(t, f.viewC, "/readiness")
		if viewer.Find(".finding").Length() != doc.Find(".finding").Length() {
			t.Errorf("the viewer sees %d findings, the manager %d", viewer.Find(".finding").Length(), doc.Find(".finding").Length())
		}
		readinessPage(t, f.viewC, "/roadmap")
		for _, path := range []string{"/readiness", "/roadmap", "/readiness/export.csv"} {
			if st := status(t, f.empC, path); st != http.StatusForbidden {
				t.Errorf("employee GET %s = %d, want 403", path, st)
			}
		}
	})
}

// readinessRoadmapChecks checks the roadmap of a new organization: ten
// numbered steps, the first not done is the one current step, and each
// has a status, its clauses and a button to the page that does it.
func readinessRoadmapChecks(t *testing.T, rm *goquery.Document) {
	t.Helper()
	steps := rm.Find("ol.roadmap > li.roadmap-step")
	if steps.Length() != 10 {
		t.Fatalf("the roadmap has %d steps, want 10", steps.Length())
	}
	if !strings.HasSuffix(text(rm, ".roadmap-summary .readiness-score-value"), "%") {
		t.Error("the roadmap does not start with the overall score")
	}
	current := rm.Find("li.roadmap-current")
	if current.Length() != 1 {
		t.Fatalf("%d current steps, want 1", current.Length())
	}
	if current.PrevAll().Filter(":not(.roadmap-done)").Length() != 0 {
		t.Error("the current step is not the first step not done")
	}
	if current.Find(".roadmap-missing li").Length() == 0 || current.Find(".roadmap-missing li").Length() > 5 {
		t.Errorf("the current step lists %d missing things, want 1 to 5", current.Find(".roadmap-missing li").Length())
	}
	steps.Each(func(i int, s *goquery.Selection) {
		if s.Find(".roadmap-title .chip").Length() == 0 || s.Find(".roadmap-clauses a").Length() == 0 {
			t.Errorf("step %d lacks its status or its clauses", i+1)
		}
		if s.Find(".roadmap-main a.btn").Length() != 1 {
			t.Errorf("step %d has no button to the page that does it", i+1)
		}
		if s.Find(".roadmap-guide details dd").Length() < 3 {
			t.Errorf("step %d lacks the guide of its clauses", i+1)
		}
	})
}

func TestReadinessFiltersAndExports(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		all := readinessPage(t, f.mgrC, "/readiness")
		doc := readinessPage(t, f.mgrC, "/readiness?severity=blocker")
		doc.Find(".finding .finding-head .chip").Each(func(_ int, s *goquery.Selection) {
			if s.Text() != "Blocker" {
				t.Errorf("filtered to blockers, the page lists a %s", s.Text())
			}
		})
		if doc.Find(".finding").Length() == 0 || doc.Find(".finding").Length() >= all.Find(".finding").Length() {
			t.Errorf("blockers: %d findings of %d", doc.Find(".finding").Length(), all.Find(".finding").Length())
		}
		if v, _ := doc.Find("select#severity option[selected]").Attr("value"); v != "blocker" {
			t.Errorf("the severity filter shows %q, want blocker", v)
		}
		if doc.Find(`label[for="severity"]`).Length() != 1 || doc.Find(`label[for="clause"]`).Length() != 1 ||
			doc.Find(`form.filters[method="get"] button[type="submit"]`).Length() != 1 {
			t.Error("the filters are not a labelled GET form with a submit button")
		}
		doc = readinessPage(t, f.mgrC, "/readiness?clause=4.3")
		doc.Find(".readiness-group").Each(func(_ int, s *goquery.Selection) {
			if c := strings.TrimSpace(s.Find("h3 .ref").Text()); isms.ScoreClause(c) != "4.3" {
				t.Errorf("filtered to clause 4.3, the page lists clause %s", c)
			}
		})
		if doc.Find(".readiness-group").Length() == 0 {
			t.Error("clause 4.3 of a new organization has no finding")
		}
		if n := doc.Find("table.readiness-clause-table tbody tr").Length(); n != len(isms.ScoreClauses()) {
			t.Errorf("filtered, the clause table has %d rows, want every clause", n)
		}
		stale := readinessPage(t, f.mgrC, "/readiness?severity=fatal&clause=11.9")
		if stale.Find(".finding").Length() != all.Find(".finding").Length() {
			t.Error("filters the check does not know are not ignored")
		}
		readinessEmptyState(t, f.mgrC, all)
		readinessExports(t, f.mgrC, all)
	})
}

// readinessEmptyState opens the page filtered to a clause without
// findings, if there is one, and checks that it says so and what to do.
func readinessEmptyState(t *testing.T, c *client, all *goquery.Document) {
	t.Helper()
	clean := ""
	all.Find("table.readiness-clause-table tbody tr").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if s.Find(".chip").Length() == 0 {
			clean = strings.TrimSpace(s.Find("th").Text())
			return false
		}
		return true
	})
	if clean == "" {
		t.Log("every clause has findings; the empty state is not checked")
		return
	}
	doc := readinessPage(t, c, "/readiness?clause="+url.QueryEscape(clean))
	if got := text(doc, ".readiness-findings .empty h2"); got != "No findings in clause "+clean {
		t.Errorf("clause %s without findings: empty state %q", clean, got)
	}
	if doc.Find(".readiness-findings .empty a.btn").Length() != 1 {
		t.Error("the empty state says nothing about what to do next")
	}
}

// readinessExports checks that the CSV and JSON exports parse and hold the
// page's findings, and that they follow the filters.
func readinessExports(t *testing.T, c *client, all *goquery.Document) {
	t.Helper()
	n := all.Find(".finding").Length()
	rows := csvRows(t, c, "/readiness/export.csv")
	if want := []string{"Rule", "Clause", "Severity", "Message", "Records", "Fix"}; strings.Join(rows[0], ",") != strings.Join(want, ",") {
		t.Errorf("CSV header = %q, want %q", rows[0], want)
	}
	if len(rows)-1 != n {
		t.Errorf("the CSV has %d findings, the page %d", len(rows)-1, n)
	}
	for _, r := range rows[1:] {
		if !isms.Severity(r[2]).Valid() || !strings.HasPrefix(r[5], "/") || r[3] == "" {
			t.Errorf("CSV row %q: want a severity, a message and a fix path", r)
		}
	}
	for _, r := range csvRows(t, c, "/readiness/export.csv?severity=warning")[1:] {
		if r[2] != "warning" {
			t.Errorf("the CSV filtered to warnings holds a %s", r[2])
		}
	}
	resp := c.get("/readiness/export.json")
	b := body(t, resp)
	var res isms.Readiness
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /readiness/export.json = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if err := json.Unmarshal([]byte(b), &res); err != nil {
		t.Fatalf("the JSON export does not parse: %v", err)
	}
	if len(res.Findings) != n || res.Score < 0 || res.Score > 100 || len(res.Clauses) != len(isms.ScoreClauses()) {
		t.Errorf("the JSON export: %d findings (page %d), score %d, %d clauses", len(res.Findings), n, res.Score, len(res.Clauses))
	}
}

// TestReadinessKeepsOrganizationsApart checks that records of another
// organization never appear on the pages or in the exports.
func TestReadinessKeepsOrganizationsApart(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		other, otherAdmin := f.h.org("other")
		asOther := isms.Actor{UserID: otherAdmin.ID, Name: otherAdmin.Name, OrgID: other.ID, Role: isms.RoleAdmin}
		ctx := context.Background()
		issue, err := f.h.app.CreateContextIssue(ctx, asOther, app.ContextIssueInput{Title: "Zebra-issue of the other organization",
			Kind: "external", Category: "legal", Effect: "negative"})
		if err != nil {
			t.Fatal(err)
		}
		party, err := f.h.app.CreateParty(ctx, asOther, app.PartyInput{Name: "Zebra-party of the other organization", Kind: "external", Category: "customer"})
		if err != nil {
			t.Fatal(err)
		}
		secrets := []string{string(issue.ID), string(party.ID), "Zebra-"}
		otherC := f.h.signIn(otherAdmin)
		theirs := body(t, otherC.get("/readiness"))
		if !strings.Contains(theirs, string(issue.ID)) && !strings.Contains(theirs, string(party.ID)) {
			t.Error("the other organization's own page lists neither its issue nor its party: the test proves nothing")
		}
		readinessFollow(t, otherC, "record", readinessLinks(readinessPage(t, otherC, "/readiness"), ".finding-records a"))
		for _, path := range []string{"/readiness", "/roadmap", "/readiness/export.csv", "/readiness/export.json", "/"} {
			resp := f.mgrC.get(path)
			b := body(t, resp)
			for _, s := range secrets {
				if strings.Contains(b, s) {
					t.Errorf("GET %s in acme shows %q of the other organization", path, s)
				}
			}
		}
	})
}

// TestReadinessLanding checks that a new organization lands on its
// roadmap: after the first setup and after an owner creates one, and that
// the dashboard and the navigation lead to both pages.
func TestReadinessLanding(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		token, err := h.app.NewSetupToken(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		c := h.anonymous()
		body(t, c.get("/setup?token="+url.QueryEscape(token)))
		resp := c.post("/setup", url.Values{"token": {token}, "orgName": {"Initech"}, "orgSlug": {"initech"}, "name": {"Olivia Owner"},
			"email": {"olivia@initech.test"}, "password": {testPassword}, "csrf": {c.cookie("isms_csrf")}})
		body(t, resp)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/roadmap" {
			t.Fatalf("POST /setup = %d to %q, want 303 to /roadmap", resp.StatusCode, loc)
		}
		rm := readinessPage(t, c, "/roadmap")
		if !strings.Contains(text(rm, ".flash"), "Your organization is ready") {
			t.Errorf("the roadmap after setup says %q, want the welcome", text(rm, ".flash"))
		}
		st, err := h.app.Authenticate(context.Background(), c.cookie("isms_session"))
		if err != nil {
			t.Fatal(err)
		}
		c.csrf = st.Session.CSRFToken
		readinessNav(t, readinessPage(t, c, "/"))
		dash := readinessPage(t, c, "/")
		if dash.Find(`.readiness-card a[href="/roadmap"]`).Length() != 1 || dash.Find(`.readiness-card a[href="/readiness"]`).Length() != 1 ||
			!strings.HasSuffix(text(dash, ".readiness-card .stat-value"), "%") {
			t.Error("the dashboard has no readiness card with its score and links to /roadmap and /readiness")
		}

		resp = c.post("/admin/organizations", url.Values{"name": {"Initrode"}, "slug": {"initrode"}, "adminEmail": {"olivia@initech.test"}})
		body(t, resp)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/roadmap" {
			t.Fatalf("POST /admin/organizations = %d to %q, want 303 to /roadmap", resp.StatusCode, loc)
		}
		rm = readinessPage(t, c, "/roadmap")
		if got := text(rm, "select#org-switch option[selected]"); got != "Initrode" {
			t.Errorf("after creating Initrode, the roadmap is of %q", got)
		}
	})
}

// readinessNav checks that Roadmap and Readiness check come first in the
// navigation after the dashboard.
func readinessNav(t *testing.T, doc *goquery.Document) {
	t.Helper()
	var hrefs []string
	doc.Find("nav.sidenav a").Each(func(i int, s *goquery.Selection) {
		if i < 3 {
			h, _ := s.Attr("href")
			hrefs = append(hrefs, h)
		}
	})
	if strings.Join(hrefs, " ") != "/ /roadmap /readiness" {
		t.Errorf("the navigation starts with %q, want the dashboard, the roadmap and the readiness check", hrefs)
	}
}

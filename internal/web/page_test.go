// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// page parses an HTML response for selector assertions.
func page(t *testing.T, resp *http.Response) *goquery.Document {
	t.Helper()
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return doc
}

// text returns the trimmed text of the first element matching sel.
func text(doc *goquery.Document, sel string) string {
	return strings.TrimSpace(doc.Find(sel).First().Text())
}

func wantStatus(t *testing.T, what string, resp *http.Response, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("%s: status %d, want %d", what, resp.StatusCode, want)
	}
}

func TestEveryResponseCarriesSecurityHeaders(t *testing.T) {
	h := newHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	_, admin := h.org("acme")
	c := h.signIn(admin)
	for _, path := range []string{"/signin", "/", "/members", "/api/v1/me", "/healthz", "/no-such-page"} {
		resp := c.get(path)
		resp.Body.Close()
		hd := resp.Header
		csp := hd.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "default-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: Content-Security-Policy %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: CSP allows unsafe-inline", path)
		}
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"} {
			if hd.Get(k) != v {
				t.Errorf("GET %s: %s = %q, want %q", path, k, hd.Get(k), v)
			}
		}
		if hd.Get("X-Request-Id") == "" {
			t.Errorf("GET %s: no X-Request-Id", path)
		}
	}
}

func TestPagesHaveNoInlineScriptAndHashedAssetsAreImmutable(t *testing.T) {
	h := newHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	_, admin := h.org("acme")
	doc := page(t, h.signIn(admin).get("/"))
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if src, ok := s.Attr("src"); !ok || strings.TrimSpace(s.Text()) != "" {
			t.Errorf("inline script on the dashboard: %q", s.Text())
		} else if !strings.Contains(src, "?v=") {
			t.Errorf("script %s has no content hash", src)
		}
	})
	if doc.Find("[style]").Length() > 0 {
		t.Error("an element has an inline style attribute, which the CSP forbids")
	}
	css, _ := doc.Find(`link[rel="stylesheet"]`).Attr("href")
	resp := h.anonymous().get(css)
	resp.Body.Close()
	if cc := resp.Header.Get("Cache-Control"); resp.StatusCode != 200 || !strings.Contains(cc, "immutable") {
		t.Errorf("GET %s = %d, Cache-Control %q, want 200 and immutable", css, resp.StatusCode, cc)
	}
	resp = h.anonymous().get("/static/app.css?v=stale")
	resp.Body.Close()
	if cc := resp.Header.Get("Cache-Control"); strings.Contains(cc, "immutable") {
		t.Errorf("a stale asset hash is cached as immutable (%q)", cc)
	}
}

func TestFormsRefuseRequestsWithoutTheCSRFToken(t *testing.T) {
	h := newHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	org, admin := h.org("acme")
	c := h.signIn(admin)
	form := url.Values{"email": {"new@example.com"}, "name": {"New"}, "role": {"viewer"}, "csrf": {"forged"}}
	resp := c.post("/members", form)
	resp.Body.Close()
	wantStatus(t, "POST /members with a forged token", resp, http.StatusForbidden)
	resp = h.anonymous().post("/signin", url.Values{"email": {admin.Email}, "password": {testPassword}})
	resp.Body.Close()
	wantStatus(t, "POST /signin without the double-submit cookie", resp, http.StatusForbidden)
	members, _, _ := h.app.FindMembers(context.Background(), isms.Actor{UserID: admin.ID, OrgID: org.ID, Role: isms.RoleAdmin}, isms.MemberFilter{})
	if len(members) != 1 {
		t.Errorf("members after refused requests = %d, want 1 (nothing changed)", len(members))
	}
}

func TestSignInExplainsFailuresAndLimitsAttempts(t *testing.T) {
	h := newHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	_, admin := h.org("acme")
	c := h.anonymous()
	c.get("/signin").Body.Close()
	try := func(pw string) *http.Response {
		return c.post("/signin", url.Values{"email": {admin.Email}, "password": {pw}, "csrf": {c.cookie("isms_csrf")}})
	}
	for i := 1; i <= 5; i++ {
		doc := page(t, try("wrong password"))
		if got := text(doc, ".flash-error"); !strings.Contains(got, "not right") {
			t.Fatalf("attempt %d: message %q, want it to say the e-mail or password is not right", i, got)
		}
		if v, _ := doc.Find("#f-email").Attr("value"); v != admin.Email {
			t.Errorf("attempt %d: the e-mail field lost what was typed (%q)", i, v)
		}
	}
	resp := try(testPassword)
	doc := page(t, resp)
	wantStatus(t, "the right password after five failures", resp, http.StatusTooManyRequests)
	if got := text(doc, ".flash-error"); !strings.Contains(got, "Try again in 15 minute") {
		t.Errorf("rate-limit message %q", got)
	}
	h.clock.Advance(15 * time.Minute)
	resp = try(testPassword)
	resp.Body.Close()
	wantStatus(t, "the right password 15 minutes later", resp, http.StatusSeeOther)
}

func TestAddMemberFormShowsEveryProblemAndKeepsInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		_, admin := h.org("acme")
		c := h.signIn(admin)
		resp := c.post("/members", url.Values{"email": {"not-an-address"}, "name": {"Kim"}})
		doc := page(t, resp)
		wantStatus(t, "POST /members with problems", resp, http.StatusUnprocessableEntity)
		if n := doc.Find(".error-summary li").Length(); n != 2 {
			t.Errorf("error summary lists %d problems, want 2 (email, role)", n)
		}
		for _, f := range []string{"email", "role"} {
			if doc.Find("#f-"+f).ParentFiltered(".field-invalid").Length() != 1 {
				t.Errorf("field %s is not marked invalid", f)
			}
		}
		if v, _ := doc.Find("#f-name").Attr("value"); v != "Kim" {
			t.Errorf("name field = %q, want the typed Kim", v)
		}
		resp = c.post("/members", url.Values{"email": {admin.Email}, "role": {"viewer"}})
		doc = page(t, resp)
		wantStatus(t, "adding an existing member again", resp, http.StatusConflict)
		if got := text(doc, "#f-email ~ .error"); !strings.Contains(got, "already a member") {
			t.Errorf("duplicate member: error beside the e-mail field = %q", got)
		}
	})
}

func TestAStaleProfileEditIsAConflictThatKeepsTheTypedText(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		_, admin := h.org("acme")
		c := h.signIn(admin)
		edit := func(name string) *http.Response {
			return c.post("/organization", url.Values{"name": {name}, "legalName": {""}, "description": {"d"}, "version": {"1"}})
		}
		resp := edit("Acme Group")
		resp.Body.Close()
		wantStatus(t, "the first edit of version 1", resp, http.StatusSeeOther)
		resp = edit("Acme Holdings")
		doc := page(t, resp)
		wantStatus(t, "a second edit of version 1", resp, http.StatusConflict)
		if got := text(doc, ".flash-error"); !strings.Contains(got, "Someone else changed") {
			t.Errorf("conflict message = %q", got)
		}
		if v, _ := doc.Find("#f-name").Attr("value"); v != "Acme Holdings" {
			t.Errorf("name field after the conflict = %q, want what was typed", v)
		}
	})
}

func TestListsPaginateFilterAndExportWhatTheFiltersShow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		org, admin := h.org("acme")
		for i := 0; i < 60; i++ {
			h.member(org, "viewer"+strconv.Itoa(i), isms.RoleViewer)
		}
		h.member(org, "auditor", isms.RoleAuditor)
		c := h.signIn(admin)
		doc := page(t, c.get("/members"))
		if got := text(doc, ".list-meta p"); got != "Showing 1–50 of 62" {
			t.Errorf("first page meta = %q", got)
		}
		next, _ := doc.Find(`.pagination a[rel="next"]`).Attr("href")
		doc = page(t, c.get(next))
		if got := text(doc, ".list-meta p"); got != "Showing 51–62 of 62" {
			t.Errorf("second page meta = %q (from %s)", got, next)
		}
		doc = page(t, c.get("/members?role=auditor"))
		if n := doc.Find("table.list tbody tr").Length(); n != 1 {
			t.Errorf("members filtered by role auditor: %d rows, want 1", n)
		}
		doc = page(t, c.get("/members?sort=-email"))
		if got, _ := doc.Find(`th[aria-sort="descending"] a`).Attr("href"); !strings.Contains(got, "sort=email") {
			t.Errorf("descending e-mail header links to %q, want ascending next", got)
		}
		csv := body(t, c.get("/members?role=viewer&format=csv"))
		if lines := strings.Count(csv, "@example.com"); lines != 60 {
			t.Errorf("CSV export of viewers has %d addresses, want 60 (every page, only viewers)", lines)
		}
		if !strings.Contains(csv, `Audit trail head,"event `) {
			t.Errorf("CSV export lacks the audit trail head:\n%s", csv[max(0, len(csv)-300):])
		}
		resp := c.get("/members?format=xlsx")
		defer resp.Body.Close()
		f, err := excelize.OpenReader(resp.Body)
		if err != nil {
			t.Fatalf("XLSX export does not open: %v", err)
		}
		rows, _ := f.GetRows(f.GetSheetList()[0])
		if len(rows) != 63 {
			t.Errorf("XLSX export has %d rows, want heading + 62", len(rows))
		}
	})
}

func TestAnEmployeeSeesOnlyTheirOwnWork(t *testing.T) {
	h := newHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	org, _ := h.org("acme")
	emp := h.member(org, "emp", isms.RoleEmployee)
	c := h.signIn(emp)
	doc := page(t, c.get("/"))
	nav := doc.Find("nav.sidenav").Text()
	for _, hidden := range []string{"Audit trail", "Members", "Approvals"} {
		if strings.Contains(nav, hidden) {
			t.Errorf("an employee's navigation shows %q", hidden)
		}
	}
	if doc.Find(".empty").Length() != 1 {
		t.Error("an employee's dashboard has no empty state saying what comes there")
	}
	for _, path := range []string{"/members", "/audit", "/approvals"} {
		resp := c.get(path)
		resp.Body.Close()
		wantStatus(t, "an employee GET "+path, resp, http.StatusForbidden)
	}
}

func TestAUserWithAOneTimePasswordMustChooseTheirOwnFirst(t *testing.T) {
	h := newHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	_, admin := h.org("acme")
	c := h.signIn(admin)
	doc := page(t, c.post("/members", url.Values{"email": {"kim@example.com"}, "name": {"Kim"}, "role": {"viewer"}}))
	pw := text(doc, "#secret-value")
	if len(pw) < 12 {
		t.Fatalf("one-time password %q", pw)
	}
	kim := h.anonymous()
	kim.get("/signin").Body.Close()
	resp := kim.post("/signin", url.Values{"email": {"kim@example.com"}, "password": {pw}, "csrf": {kim.cookie("isms_csrf")}})
	resp.Body.Close()
	resp = kim.get("/members")
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/account/password" {
		t.Fatalf("GET /members with a one-time password = %d → %q, want 303 → /account/password", resp.StatusCode, loc)
	}
}

func TestDisablingAMemberEndsTheirSessionAtOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		org, admin := h.org("acme")
		v := h.member(org, "viewer", isms.RoleViewer)
		vc := h.signIn(v)
		resp := h.signIn(admin).post("/members/"+string(v.ID)+"/disable", nil)
		resp.Body.Close()
		wantStatus(t, "disable", resp, http.StatusSeeOther)
		resp = vc.get("/")
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin") {
			t.Errorf("the disabled member's next request = %d → %q, want a redirect to sign in", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}

func TestTheAuditTrailFiltersByAnActorsEmail(t *testing.T) {
	h := newHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	org, admin := h.org("acme")
	c := h.signIn(admin)
	c.post("/members", url.Values{"email": {"kim@example.com"}, "name": {"Kim"}, "role": {"viewer"}}).Body.Close()
	h.member(org, "other", isms.RoleViewer) // added by the system, not by the admin
	doc := page(t, c.get("/audit?actor="+url.QueryEscape(strings.ToUpper(admin.Email))))
	rows := doc.Find("table.list > tbody > tr")
	if rows.Length() != 2 {
		t.Errorf("events by %s: %d rows, want 2 (user.create, membership.create)", admin.Email, rows.Length())
	}
	resp := c.get("/audit?actor=nobody@example.com")
	resp.Body.Close()
	wantStatus(t, "an actor e-mail of nobody", resp, http.StatusUnprocessableEntity)
}

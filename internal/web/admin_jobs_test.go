// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"github.com/PuerkitoBio/goquery"
	"net/http"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestAnOwnerSeesTheJobsAndRunsOneNow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		org, admin := h.org("acme")
		owner := &isms.User{Email: "owner@example.com", Name: "Owner", Owner: true}
		if _, err := h.app.CreateUser(context.Background(), sys, owner, testPassword); err != nil {
			t.Fatal(err)
		}
		c := h.signIn(owner)

		doc := page(t, c.get("/admin/jobs"))
		if got := text(doc, `nav a[href="/admin/jobs"]`); got != "Background jobs" {
			t.Errorf("navigation link to /admin/jobs = %q, want Background jobs", got)
		}
		row := doc.Find(`section[aria-labelledby="h-schedule"] tbody tr`).FilterFunction(func(_ int, r *goquery.Selection) bool {
			return strings.TrimSpace(r.Find("code").Text()) == "session.cleanup"
		})
		if row.Length() != 1 ||
			!strings.Contains(row.Text(), "daily; also when the server starts") || !strings.Contains(row.Text(), "none kept") {
			t.Errorf("schedule rows = %q, want session.cleanup, daily, not run yet", strings.Join(strings.Fields(row.Text()), " "))
		}
		if csrf, _ := row.Find(`form[action="/admin/jobs/session.cleanup/run"] input[name="csrf"]`).Attr("value"); csrf == "" {
			t.Error("the Run now form has no CSRF token")
		}

		resp := c.post("/admin/jobs/session.cleanup/run", nil)
		resp.Body.Close()
		wantStatus(t, "Run now", resp, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); loc != "/admin/jobs" {
			t.Errorf("Run now redirects to %q, want /admin/jobs", loc)
		}
		doc = page(t, c.get("/admin/jobs"))
		cleanup := doc.Find(`section[aria-labelledby="h-schedule"] tbody tr`).FilterFunction(func(_ int, r *goquery.Selection) bool {
			return strings.TrimSpace(r.Find("code").Text()) == "session.cleanup"
		})
		if got := strings.TrimSpace(cleanup.Find(".chip").Text()); got != "available" {
			t.Errorf("latest run after Run now = %q, want available (no runner in this test)", got)
		}
		if got := text(doc, ".flash"); !strings.Contains(got, "session.cleanup is queued") {
			t.Errorf("flash = %q, want that the job is queued", got)
		}
		kinds := doc.Find(`section[aria-labelledby="h-kinds"] tbody tr`)
		if kinds.Length() < 2 || !strings.Contains(kinds.Text(), "session.cleanup") || !strings.Contains(kinds.Text(), "evidence.freshness") {
			t.Errorf("kind rows = %q, want every registered kind, session.cleanup and evidence.freshness among them", strings.Join(strings.Fields(kinds.Text()), " "))
		}

		resp = c.post("/admin/jobs/no.such/run", nil)
		resp.Body.Close()
		wantStatus(t, "Run now of an unknown kind", resp, http.StatusNotFound)
		resp = h.signIn(admin).post("/admin/jobs/session.cleanup/run", nil)
		resp.Body.Close()
		wantStatus(t, "Run now by an administrator who is no owner", resp, http.StatusForbidden)

		var sum struct {
			Kinds []struct {
				Kind   string         `json:"kind"`
				Counts map[string]int `json:"counts"`
			} `json:"kinds"`
			Periodic []struct {
				Kind         string `json:"kind"`
				EverySeconds int64  `json:"everySeconds"`
				LastState    string `json:"lastState"`
			} `json:"periodic"`
			Failures []any `json:"failures"`
		}
		apiCall(t, c, "GET", "/api/v1/admin/jobs", nil, http.StatusOK, &sum)
		periodic, kind := -1, -1
		for i, p := range sum.Periodic {
			if p.Kind == "session.cleanup" {
				periodic = i
			}
		}
		for i, k := range sum.Kinds {
			if k.Kind == "session.cleanup" {
				kind = i
			} else if len(k.Counts) != 0 {
				t.Errorf("kind %s has jobs %v, want none", k.Kind, k.Counts)
			}
		}
		if kind < 0 || sum.Kinds[kind].Counts["available"] != 1 ||
			periodic < 0 || sum.Periodic[periodic].EverySeconds != 86400 || sum.Periodic[periodic].LastState != "available" ||
			sum.Failures == nil || len(sum.Failures) != 0 {
			t.Errorf("GET /api/v1/admin/jobs = %+v, want session.cleanup daily with one available job and no failures", sum)
		}
		apiCallErr(t, h.token(admin, org, isms.ScopeReadWrite), "GET", "/api/v1/admin/jobs", nil, http.StatusForbidden)
	})
}

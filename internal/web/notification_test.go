// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/mail/mailtest"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// feedURL finds the calendar feed URL on the page shown once.
var feedURL = regexp.MustCompile(`http://isms\.test(/calendar/[A-Za-z0-9_-]{43}\.ics)`)

func TestCalendarFeed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		acme, admin := h.org("acme")
		globex, gadmin := h.org("globex")
		if err := h.app.AddMemberByID(ctx, sys, globex.ID, admin.ID, isms.RoleContributor); err != nil {
			t.Fatal(err)
		}
		asAcme := isms.Actor{UserID: admin.ID, Name: admin.Name, OrgID: acme.ID, Role: isms.RoleAdmin}
		asGlobex := isms.Actor{UserID: gadmin.ID, Name: gadmin.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
		for _, in := range []struct {
			actor      isms.Actor
			title, due string
			owner      isms.ID
			closeIt    bool
		}{
			{asAcme, "Review access; rights, admin", "2026-03-20", admin.ID, false},
			{asAcme, "Closed already", "2026-03-21", admin.ID, true},
			{asGlobex, "Globex supplier check", "2026-04-02", admin.ID, false},
			{asGlobex, "Not mine", "2026-04-03", gadmin.ID, false},
		} {
			task, err := h.app.CreateTask(ctx, in.actor, app.TaskInput{Title: in.title, OwnerID: in.owner, Due: in.due})
			if err != nil {
				t.Fatal(err)
			}
			if in.closeIt {
				if _, err := h.app.CompleteTask(ctx, in.actor, task.ID, "done"); err != nil {
					t.Fatal(err)
				}
			}
		}

		c := h.signIn(admin)
		if b := body(t, c.get("/account")); !strings.Contains(b, "You have no calendar feed.") {
			t.Fatalf("account page without a feed:\n%s", b)
		}
		resp := c.post("/account/calendar", nil)
		page := body(t, resp)
		m := feedURL.FindStringSubmatch(page)
		if resp.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("POST /account/calendar = %d, no feed URL in:\n%s", resp.StatusCode, page)
		}
		path := m[1]

		anon := h.anonymous()
		resp = anon.get(path)
		out := body(t, resp)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/calendar; charset=utf-8" || resp.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("GET feed = %d %q %q:\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"), out)
		}
		cal, err := ics.ParseCalendar(strings.NewReader(out))
		if err != nil {
			t.Fatalf("ParseCalendar: %v\n%s", err, out)
		}
		got := map[string]string{}
		for _, e := range cal.Events() {
			start, err := e.GetAllDayStartAt()
			if err != nil {
				t.Fatalf("DTSTART: %v", err)
			}
			got[ics.FromText(e.GetProperty(ics.ComponentPropertySummary).Value)] = start.Format("2006-01-02")
		}
		want := map[string]string{"Review access; rights, admin (Acme Ltd)": "2026-03-20", "Globex supplier check (Globex Ltd)": "2026-04-02"}
		if len(got) != len(want) || got["Review access; rights, admin (Acme Ltd)"] != "2026-03-20" || got["Globex supplier check (Globex Ltd)"] != "2026-04-02" {
			t.Errorf("feed events = %v, want %v", got, want)
		}

		if b := body(t, c.get("/account")); !strings.Contains(b, "Revoke the feed") || strings.Contains(b, path) {
			t.Errorf("account page with a feed shows no revoke button, or shows the URL again")
		}
		for _, p := range []string{strings.TrimSuffix(path, ".ics"), "/calendar/" + strings.Repeat("A", 43) + ".ics"} {
			if resp := anon.get(p); resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", p, resp.StatusCode)
			}
		}
		if resp := c.post("/account/calendar/revoke", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoke = %d", resp.StatusCode)
		}
		if resp := anon.get(path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET revoked feed = %d, want 404", resp.StatusCode)
		}
		if resp := c.do("POST", "/account/calendar", "application/x-www-form-urlencoded", strings.NewReader(""), false); resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST /account/calendar without the CSRF token = %d, want 403", resp.StatusCode)
		}
	})
}

func TestAccountNotificationSettings(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		_, admin := h.org("acme")
		c := h.signIn(admin)
		page := body(t, c.get("/account/notifications"))
		for _, want := range []string{`name="assigned" checked`, `name="dueSoonDays" type="number" min="0" max="60" value="3"`, `name="digest" checked`} {
			if !strings.Contains(page, want) {
				t.Errorf("notification form lacks %q", want)
			}
		}
		resp := c.post("/account/notifications", url.Values{"dueSoonDays": {"99"}, "digest": {"on"}})
		page = body(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "from 1 to 60") || !strings.Contains(page, `value="99"`) {
			t.Fatalf("POST with 99 days = %d:\n%s", resp.StatusCode, page)
		}
		if p, _ := h.app.FindNotificationPrefs(context.Background(), isms.Actor{UserID: admin.ID}); p.DueSoonDays != 3 || !p.Assigned {
			t.Errorf("a rejected form changed the preferences: %+v", p)
		}
		if resp := c.post("/account/notifications", url.Values{"dueSoonDays": {"7"}, "digest": {"on"}, "approvals": {"on"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST = %d", resp.StatusCode)
		}
		page = body(t, c.get("/account"))
		if !strings.Contains(page, `name="assigned">`) || !strings.Contains(page, `value="7"`) || !strings.Contains(page, `name="approvals" checked`) {
			t.Errorf("account page after saving does not show the new settings")
		}
	})
}

func TestAdminMailPage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		owner := &isms.User{Email: "owner@example.com", Name: "Owner", Owner: true}
		if _, err := h.app.CreateUser(context.Background(), sys, owner, testPassword); err != nil {
			t.Fatal(err)
		}
		c := h.signIn(owner)
		if page := body(t, c.get("/admin/mail")); !strings.Contains(page, "e-mail off") {
			t.Fatalf("mail page before any settings:\n%s", page)
		}
		resp := c.post("/admin/mail", url.Values{"host": {"smtp.example.org"}, "port": {"x"}, "tls": {"starttls"}, "fromEmail": {"isms@example.org"}})
		if page := body(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Give the port as a number") {
			t.Fatalf("POST with a bad port = %d:\n%s", resp.StatusCode, page)
		}
		const pw = "very-secret-smtp-pass"
		resp = c.post("/admin/mail", url.Values{"host": {"smtp.example.org"}, "port": {"587"}, "tls": {"starttls"},
			"username": {"isms"}, "password": {pw}, "fromEmail": {"isms@example.org"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST = %d:\n%s", resp.StatusCode, body(t, resp))
		}
		page := body(t, c.get("/admin/mail"))
		if strings.Contains(page, pw) || !strings.Contains(page, "A password is stored") || !strings.Contains(page, "e-mail on") {
			t.Errorf("mail page after saving shows the password, or not that one is stored:\n%s", page)
		}
		if resp := c.post("/admin/mail/test", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("POST /admin/mail/test = %d", resp.StatusCode)
		}
	})
}

func TestUnsubscribeFromAMail(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		srv := mailtest.Start(t)
		owner := isms.Actor{UserID: "x", Name: "owner", Owner: true}
		err := h.app.UpdateMailSettings(ctx, owner, app.MailSettingsInput{Host: "127.0.0.1", Port: strconv.Itoa(srv.SMTPPort),
			TLS: "none", FromEmail: "isms@example.org", BaseURL: h.ts.URL})
		if err != nil {
			t.Fatal(err)
		}
		stop, err := h.app.StartJobs(ctx, jobs.Options{PollInterval: 10 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { stop(context.Background()) })
		acme, admin := h.org("acme")
		emp := h.member(acme, "emp", isms.RoleEmployee)
		asAdmin := isms.Actor{UserID: admin.ID, Name: admin.Name, OrgID: acme.ID, Role: isms.RoleAdmin}
		if _, err := h.app.CreateTask(ctx, asAdmin, app.TaskInput{Title: "Read the policy", OwnerID: emp.ID, Due: "2026-04-01"}); err != nil {
			t.Fatal(err)
		}
		m := srv.WaitFor(t, func(m mailtest.Received) bool { return strings.Contains(m.Subject, "Read the policy") }, 30*time.Second)
		link := strings.Trim(m.Headers.Get("List-Unsubscribe"), "<>")
		path, ok := strings.CutPrefix(link, h.ts.URL)
		if !ok || !strings.Contains(m.Text, link) {
			t.Fatalf("List-Unsubscribe %q is not a link to this server in the text:\n%s", link, m.Text)
		}

		anon := h.anonymous()
		page := body(t, anon.get(path))
		if !strings.Contains(page, "Stop mails when a task is given to you?") || !strings.Contains(page, "emp@example.com") {
			t.Fatalf("unsubscribe page:\n%s", page)
		}
		// A mail program's one-click unsubscribe: no cookie, no CSRF token.
		resp := anon.do("POST", path, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"), false)
		if page := body(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(page, "no longer gets mails when a task is given to you") {
			t.Fatalf("one-click POST = %d:\n%s", resp.StatusCode, page)
		}
		p, err := h.app.FindNotificationPrefs(ctx, isms.Actor{UserID: emp.ID})
		if err != nil || p.Assigned || !p.Digest {
			t.Errorf("preferences after unsubscribing = %+v, %v", p, err)
		}
		bad := path[:strings.Index(path, "?")-3] + "abc?kind=assigned"
		if resp := anon.do("POST", bad, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"), false); resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST with a forged token = %d, want 404", resp.StatusCode)
		}
	})
}

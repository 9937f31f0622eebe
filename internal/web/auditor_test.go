// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// auditorFixture is acme with its administrator, a viewer and Ivy, an
// existing account invited as an external auditor until 2026-06-30.
type auditorFixture struct {
	h           *harness
	org         *isms.Organization
	admin, ivy  *isms.User
	viewer      *isms.User
	adminClient *client
}

func newAuditorFixture(t *testing.T, db *sqldb.DB) *auditorFixture {
	t.Helper()
	h := newHarness(t, db)
	f := &auditorFixture{h: h}
	f.org, f.admin = h.org("acme")
	f.viewer = h.member(f.org, "vera", isms.RoleViewer)
	f.ivy = h.account("ivy")
	admin := isms.Actor{UserID: f.admin.ID, Name: f.admin.Name, OrgID: f.org.ID, Role: isms.RoleAdmin}
	if _, err := h.app.InviteAuditor(context.Background(), admin, app.AuditorInput{Email: f.ivy.Email, AccessUntil: "2026-06-30"}); err != nil {
		t.Fatalf("InviteAuditor(ivy) = %v", err)
	}
	f.adminClient = h.signIn(f.admin)
	return f
}

// accessEvent is an auditor.* event as the tests compare it.
type accessEvent struct {
	Action, Path, File string
	Status             float64
}

// accessEvents returns the auditor.* events of acme's trail, oldest first.
func (f *auditorFixture) accessEvents(t *testing.T) []accessEvent {
	t.Helper()
	events, _, err := f.h.app.FindAuditEvents(context.Background(), isms.SystemActor(f.org.ID), isms.AuditFilter{Chain: string(f.org.ID), Limit: 500})
	if err != nil {
		t.Fatalf("FindAuditEvents() = %v", err)
	}
	out := []accessEvent{}
	for _, e := range events {
		if !strings.HasPrefix(e.Action, "auditor.") {
			continue
		}
		var c map[string]isms.Change
		if err := json.Unmarshal([]byte(e.Changes), &c); err != nil {
			t.Fatal(err)
		}
		file, _ := c["file"].After.(string)
		status, _ := c["status"].After.(float64)
		if e.ActorID != f.ivy.ID || e.ObjectType != "page" || string(e.ObjectID) != c["path"].After {
			t.Errorf("%s event by %s on %s %q, want by ivy on the page %v", e.Action, e.ActorID, e.ObjectType, e.ObjectID, c["path"].After)
		}
		out = append(out, accessEvent{Action: e.Action, Path: c["path"].After.(string), File: file, Status: status})
	}
	return out
}

func TestAuditorReadsAndDownloadsAreRecorded(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuditorFixture(t, db)
		vera := f.h.signIn(f.viewer)
		for _, path := range []string{"/members", "/members?format=csv", "/api/v1/members"} {
			resp := vera.get(path)
			wantStatus(t, "viewer GET "+path, resp, http.StatusOK)
			resp.Body.Close()
		}
		if got := f.accessEvents(t); len(got) != 0 {
			t.Fatalf("after the viewer's reads, auditor events = %v, want none", got)
		}

		ivy := f.h.signIn(f.ivy)
		for _, c := range []struct {
			path string
			want int
		}{{"/members", 200}, {"/members?format=csv", 200}, {"/risks/no-such-risk", 404}, {"/static/app.css", 200}, {"/healthz", 200}} {
			resp := ivy.get(c.path)
			wantStatus(t, "auditor GET "+c.path, resp, c.want)
			resp.Body.Close()
		}
		token := f.h.token(f.ivy, f.org, isms.ScopeRead)
		var members struct{ Total int }
		apiCall(t, token, "GET", "/api/v1/members", nil, http.StatusOK, &members)
		resp := ivy.post("/account/notifications", url.Values{})
		resp.Body.Close()

		name := "members-20260302-090000.csv"
		want := []accessEvent{
			{"auditor.view", "/members", "", 200},
			{"auditor.download", "/members?format=csv", name, 200},
			{"auditor.view", "/risks/no-such-risk", "", 404},
			{"auditor.view", "/api/v1/members", "", 200},
		}
		if diff := cmp.Diff(want, f.accessEvents(t)); diff != "" {
			t.Errorf("auditor events mismatch (-want +got):\n%s", diff)
		}

		doc := page(t, f.adminClient.get("/audit?action=auditor.download"))
		if got := text(doc, "table.list tbody td .small"); got != "downloaded a file as an external auditor" {
			t.Errorf("audit trail describes the download as %q", got)
		}
		if got := doc.Find("table.list tbody .changes-cell").Text(); !strings.Contains(got, name) || !strings.Contains(got, "/members") {
			t.Errorf("audit trail changes of the download = %q, want the path and %s", got, name)
		}
	})
}

func TestEndedAccessIsRefusedAtOnce(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuditorFixture(t, db)
		ivy := f.h.signIn(f.ivy)
		token := f.h.token(f.ivy, f.org, isms.ScopeRead)
		resp := ivy.get("/")
		wantStatus(t, "auditor's dashboard", resp, http.StatusOK)
		resp.Body.Close()

		list := page(t, f.adminClient.get("/auditors"))
		if got := text(list, "table.list tbody td:nth-child(3)"); got != "2026-06-30" {
			t.Errorf("auditor list: access until %q, want 2026-06-30", got)
		}
		version := list.Find("form[action='/auditors/"+string(f.ivy.ID)+"/end'] input[name=version]").AttrOr("value", "")
		resp = f.adminClient.post("/auditors/"+string(f.ivy.ID)+"/end", url.Values{"version": {version}})
		wantStatus(t, "end access now", resp, http.StatusSeeOther)
		resp.Body.Close()

		msg := "Your access to Acme Ltd ended on 2026-03-01. Ask its administrator if you need it again."
		for _, path := range []string{"/", "/members"} {
			resp := ivy.get(path)
			if got := text(page(t, resp), ".card p"); resp.StatusCode != http.StatusForbidden || got != msg {
				t.Errorf("GET %s after access ended = %d %q, want 403 %q", path, resp.StatusCode, got, msg)
			}
		}
		e := apiCallErr(t, token, "GET", "/api/v1/members", nil, http.StatusUnauthorized)
		if e.Error.Message != "Your access to this organization ended on 2026-03-01." {
			t.Errorf("API after access ended: %q", e.Error.Message)
		}
		list = page(t, f.adminClient.get("/auditors?status=ended"))
		if got := text(list, "table.list tbody .chip"); got != "ended" {
			t.Errorf("auditor list filtered on ended: chip %q, want ended", got)
		}
		if n := list.Find("form[action$='/end']").Length(); n != 0 {
			t.Errorf("an ended auditor still has %d end-access forms", n)
		}
	})
}

func TestInvitingAnAuditorThroughThePageAndTheAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuditorFixture(t, db)
		c := f.adminClient
		resp := c.post("/auditors", url.Values{"email": {"zoe@cert.example"}, "name": {"Zoe"}, "accessUntil": {"2026-03-02"}})
		doc := page(t, resp)
		if got := text(doc, "#f-accessUntil ~ p.error"); resp.StatusCode != http.StatusUnprocessableEntity || got != "The last day of access must be after today." {
			t.Errorf("invite with today's date = %d %q, want 422 with the problem beside accessUntil", resp.StatusCode, got)
		}
		resp = c.post("/auditors", url.Values{"email": {"zoe@cert.example"}, "name": {"Zoe"}, "accessUntil": {"2026-04-30"}})
		if html := body(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(html, "One-time password") {
			t.Errorf("invite a new auditor = %d, want 200 with the one-time password", resp.StatusCode)
		}

		var created struct {
			Member   isms.Member `json:"member"`
			Password string      `json:"password"`
		}
		apiCall(t, c, "POST", "/api/v1/auditors", map[string]any{"email": "yan@cert.example", "name": "Yan", "accessUntil": "2026-05-31"}, http.StatusCreated, &created)
		if created.Member.Role != isms.RoleAuditor || created.Member.AccessUntil.String() != "2026-05-31" || created.Password == "" {
			t.Errorf("POST /api/v1/auditors = %+v", created)
		}
		e := apiCallErr(t, c, "POST", "/api/v1/auditors", map[string]any{"email": "yan@cert.example", "accessUntil": "2026-05-31"}, http.StatusConflict)
		if diff := cmp.Diff([]string{"email"}, fieldNames(e)); diff != "" {
			t.Errorf("inviting a member again: fields mismatch (-want +got):\n%s", diff)
		}
		var row struct {
			Member isms.Member `json:"member"`
			Ended  bool        `json:"ended"`
		}
		path := "/api/v1/auditors/" + string(created.Member.User.ID)
		apiCall(t, c, "PATCH", path, map[string]any{"accessUntil": "2026-03-01", "version": created.Member.Version}, http.StatusOK, &row)
		if !row.Ended || row.Member.AccessUntil.String() != "2026-03-01" {
			t.Errorf("PATCH accessUntil yesterday = ended %v until %s, want ended on 2026-03-01", row.Ended, row.Member.AccessUntil)
		}
		apiCallErr(t, c, "PATCH", "/api/v1/auditors/"+string(f.viewer.ID), map[string]any{"accessUntil": "2026-05-01", "version": 1}, http.StatusConflict)
		var pg struct {
			Items []struct {
				Member isms.Member `json:"member"`
				Ended  bool        `json:"ended"`
			} `json:"items"`
			Total int `json:"total"`
		}
		apiCall(t, c, "GET", "/api/v1/auditors?status=active&sort=-until", nil, http.StatusOK, &pg)
		var got []string
		for _, it := range pg.Items {
			got = append(got, it.Member.User.Email+" "+it.Member.AccessUntil.String()+" "+strconv.FormatBool(it.Ended))
		}
		if diff := cmp.Diff([]string{"ivy@example.com 2026-06-30 false", "zoe@cert.example 2026-04-30 false"}, got); diff != "" || pg.Total != 2 {
			t.Errorf("active auditors, latest end first (total %d), mismatch (-want +got):\n%s", pg.Total, diff)
		}
	})
}

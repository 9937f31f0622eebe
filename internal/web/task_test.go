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

// workFixture is an organization with a manager and an employee, the
// harness clock at 2026-03-02.
type workFixture struct {
	h                 *harness
	org               *isms.Organization
	admin, mgr, emp   *isms.User
	asMgr, asEmployee isms.Actor
}

func newWorkFixture(t *testing.T, db *sqldb.DB) *workFixture {
	h := newHarness(t, db)
	f := &workFixture{h: h}
	f.org, f.admin = h.org("acme")
	f.mgr = h.member(f.org, "mgr", isms.RoleManager)
	f.emp = h.member(f.org, "emp", isms.RoleEmployee)
	f.asMgr = isms.Actor{UserID: f.mgr.ID, Name: f.mgr.Name, OrgID: f.org.ID, Role: isms.RoleManager}
	f.asEmployee = isms.Actor{UserID: f.emp.ID, Name: f.emp.Name, OrgID: f.org.ID, Role: isms.RoleEmployee}
	return f
}

// task creates a task as the manager.
func (f *workFixture) task(title string, owner *isms.User, due, link string) *isms.Task {
	f.h.t.Helper()
	t, err := f.h.app.CreateTask(context.Background(), f.asMgr, app.TaskInput{Title: title, OwnerID: owner.ID, Due: due, Link: link})
	if err != nil {
		f.h.t.Fatalf("CreateTask(%s): %v", title, err)
	}
	return t
}

// rowTitles returns the link texts of the first column of a list.
func rowTitles(t *testing.T, resp *http.Response) []string {
	t.Helper()
	doc := page(t, resp)
	out := []string{}
	doc.Find("table.list > tbody > tr > td:first-child a").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(s.Text()))
	})
	return out
}

func TestMyWorkShowsOverdueFirstWithCounts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newWorkFixture(t, db)
		c := f.h.signIn(f.emp)
		doc := page(t, c.get("/work"))
		if got := text(doc, ".empty h2"); got != "Nothing is waiting for you" {
			t.Errorf("empty My work says %q", got)
		}
		f.task("Read the acceptable use policy", f.emp, "2026-03-20", "")
		f.task("Complete security awareness training", f.emp, "2026-02-15", "")
		f.task("Someone else's task", f.mgr, "2026-01-01", "")
		resp := c.get("/work")
		doc = page(t, resp)
		wantStatus(t, "GET /work", resp, http.StatusOK)
		var rows []string
		doc.Find("table.list > tbody > tr").Each(func(_ int, s *goquery.Selection) {
			rows = append(rows, strings.Join(strings.Fields(s.Text()), " "))
		})
		want := []string{"Complete security awareness training emp 2026-02-15 overdue —", "Read the acceptable use policy emp 2026-03-20 open —"}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("My work rows (-want +got):\n%s", diff)
		}
		stats := doc.Find(".stat-value").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
		if diff := cmp.Diff([]string{"2", "1"}, stats); diff != "" {
			t.Errorf("My work counts (open, overdue) (-want +got):\n%s", diff)
		}
		if !strings.Contains(doc.Find("nav.sidenav").Text(), "My work") {
			t.Error("the employee's navigation lacks My work")
		}
		dash := page(t, c.get("/"))
		if got := strings.Join(strings.Fields(text(dash, `.card:has(a[href="/work"]) .stat`)), " "); got != "2 open tasks of yours, 1 overdue" {
			t.Errorf("the employee's dashboard says %q", got)
		}
	})
}

func TestTaskListFiltersAndEmployeesSeeTheirOwn(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newWorkFixture(t, db)
		f.task("Rotate the backup keys", f.mgr, "2026-02-01", "organization:acme")
		f.task("Review the visitor log", f.emp, "2026-03-10", "")
		f.task("Patch the VPN gateway", f.mgr, "2026-03-05", "")
		mgr := f.h.signIn(f.mgr)
		if diff := cmp.Diff([]string{"Rotate the backup keys", "Patch the VPN gateway", "Review the visitor log"}, rowTitles(t, mgr.get("/tasks"))); diff != "" {
			t.Errorf("GET /tasks (-want +got):\n%s", diff)
		}
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"overdue=1", []string{"Rotate the backup keys"}},
			{"link=none", []string{"Patch the VPN gateway", "Review the visitor log"}},
			{"link=organization", []string{"Rotate the backup keys"}},
			{"owner=" + url.QueryEscape(f.emp.Email), []string{"Review the visitor log"}},
			{"q=vpn", []string{"Patch the VPN gateway"}},
			{"sort=-title", []string{"Rotate the backup keys", "Review the visitor log", "Patch the VPN gateway"}},
			{"status=done", []string{}},
		} {
			if diff := cmp.Diff(tc.want, rowTitles(t, mgr.get("/tasks?"+tc.query))); diff != "" {
				t.Errorf("GET /tasks?%s (-want +got):\n%s", tc.query, diff)
			}
		}
		csv := body(t, mgr.get("/tasks?overdue=1&format=csv"))
		if !strings.Contains(csv, "Rotate the backup keys,mgr,2026-02-01,overdue,organization:"+string(f.org.ID)) || strings.Contains(csv, "VPN") {
			t.Errorf("CSV of overdue tasks:\n%s", csv)
		}
		resp := mgr.get("/tasks?owner=nobody@example.com")
		resp.Body.Close()
		wantStatus(t, "an owner filter naming nobody", resp, http.StatusUnprocessableEntity)

		emp := f.h.signIn(f.emp)
		if diff := cmp.Diff([]string{"Review the visitor log"}, rowTitles(t, emp.get("/tasks?owner="+url.QueryEscape(f.mgr.Email)))); diff != "" {
			t.Errorf("the employee's /tasks, asking for the manager's (-want +got):\n%s", diff)
		}
	})
}

func TestTaskFormAndPage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newWorkFixture(t, db)
		ap, err := f.h.app.SubmitForApproval(context.Background(), isms.Actor{UserID: f.admin.ID, Name: f.admin.Name, OrgID: f.org.ID, Role: isms.RoleAdmin},
			app.SubmitInput{ObjectType: "organization", ObjectID: f.org.ID, ApproverIDs: []isms.ID{f.mgr.ID}})
		if err != nil {
			t.Fatal(err)
		}
		c := f.h.signIn(f.mgr)
		link := "approval:" + string(ap.ID)
		doc := page(t, c.get("/tasks/new?link="+url.QueryEscape(link)))
		if v, _ := doc.Find("#f-link").Attr("value"); v != link {
			t.Errorf("the link field of /tasks/new?link=… = %q, want %q", v, link)
		}
		if sel := doc.Find(`#f-owner option[selected]`).AttrOr("value", ""); sel != string(f.mgr.ID) {
			t.Errorf("the owner preselected is %q, want the manager", sel)
		}

		resp := c.post("/tasks", url.Values{"title": {"Chase the approval"}, "owner": {string(f.emp.ID)}, "due": {"2026-31-03"}, "link": {"approval:nope"}})
		doc = page(t, resp)
		wantStatus(t, "POST /tasks with a bad date and link", resp, http.StatusUnprocessableEntity)
		for _, field := range []string{"due", "link"} {
			if doc.Find("#f-"+field).ParentFiltered(".field-invalid").Length() != 1 || text(doc, "#f-"+field+" ~ .error") == "" {
				t.Errorf("field %s has no problem shown beside it", field)
			}
		}
		if v, _ := doc.Find("#f-title").Attr("value"); v != "Chase the approval" {
			t.Errorf("the title typed was lost: %q", v)
		}

		resp = c.post("/tasks", url.Values{"title": {"Chase the approval"}, "owner": {f.emp.Email}, "due": {"2026-03-09"}, "link": {link}})
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		wantStatus(t, "POST /tasks", resp, http.StatusSeeOther)
		if !strings.HasPrefix(loc, "/tasks/tsk_") {
			t.Fatalf("POST /tasks redirects to %q", loc)
		}
		doc = page(t, c.get(loc))
		if href, _ := doc.Find(".page-header .meta a").Attr("href"); href != "/approvals/"+string(ap.ID) {
			t.Errorf("the task page links its approval at %q", href)
		}

		emp := f.h.signIn(f.emp)
		doc = page(t, emp.get(loc))
		if doc.Find(`form[action$="/complete"]`).Length() != 1 || doc.Find(`a[href$="/edit"]`).Length() != 0 {
			t.Error("the owner's page should offer completion and not editing")
		}
		resp = emp.post(loc+"/complete", url.Values{"note": {"Asked the CISO; decision due Friday."}})
		resp.Body.Close()
		wantStatus(t, "the owner completes it", resp, http.StatusSeeOther)
		doc = page(t, emp.get(loc))
		if got := text(doc, "h1 .chip"); got != "done" {
			t.Errorf("the task's status chip after completion = %q", got)
		}
		resp = emp.post(loc+"/complete", url.Values{"note": {"again"}})
		resp.Body.Close()
		wantStatus(t, "completing it again", resp, http.StatusConflict)

		other := f.task("Manager's own task", f.mgr, "2026-03-09", "")
		resp = emp.get("/tasks/" + string(other.ID))
		resp.Body.Close()
		wantStatus(t, "the employee opens someone else's task", resp, http.StatusNotFound)

		resp = c.post("/tasks/"+string(other.ID), url.Values{"title": {"Renamed"}, "owner": {string(f.mgr.ID)}, "due": {"2026-03-09"}, "version": {"1"}})
		resp.Body.Close()
		wantStatus(t, "the first edit", resp, http.StatusSeeOther)
		resp = c.post("/tasks/"+string(other.ID), url.Values{"title": {"Stale"}, "owner": {string(f.mgr.ID)}, "due": {"2026-03-09"}, "version": {"1"}})
		doc = page(t, resp)
		wantStatus(t, "a stale edit", resp, http.StatusConflict)
		if !strings.Contains(text(doc, ".flash-error"), "Someone else changed this task") {
			t.Errorf("stale edit message = %q", text(doc, ".flash-error"))
		}
		resp = c.post("/tasks/"+string(other.ID)+"/cancel", url.Values{"reason": {""}})
		doc = page(t, resp)
		wantStatus(t, "cancelling without a reason", resp, http.StatusUnprocessableEntity)
		if text(doc, "#f-reason ~ .error") == "" {
			t.Error("no problem shown beside the reason")
		}
	})
}

func TestDashboardCountsOverdueTasksPerModule(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newWorkFixture(t, db)
		f.task("Update the profile", f.mgr, "2026-01-10", "organization:acme")
		f.task("Old chore", f.emp, "2026-02-01", "")
		f.task("Another old chore", f.emp, "2026-02-02", "")
		f.task("Not yet due", f.emp, "2026-04-02", "")
		doc := page(t, f.h.signIn(f.mgr).get("/"))
		var got []string
		doc.Find(`.card:has(h2:contains("Overdue tasks")) li`).Each(func(_ int, s *goquery.Selection) {
			href, _ := s.Find("a").Attr("href")
			got = append(got, strings.Join(strings.Fields(s.Text()), " ")+" → "+href)
		})
		want := []string{"Not linked to a record: 2 overdue → /tasks?overdue=1&link=none",
			"organization profile: 1 overdue → /tasks?overdue=1&link=organization"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("overdue per module (-want +got):\n%s", diff)
		}
	})
}

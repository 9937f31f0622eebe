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

// propose proposes an improvement owned by the manager through the app.
func (f *supportFixture) proposeImp(t *testing.T, title string) *isms.Improvement {
	t.Helper()
	im, err := f.h.app.ProposeImprovement(context.Background(), f.asMgr, app.ImprovementInput{Title: title,
		Description: "Reviews are done by hand each quarter.", Source: isms.ImpSuggestion, Evaluation: "Saves two days a quarter.",
		OwnerID: f.mgr.ID, Due: isms.NewDate(2026, 9, 30)})
	if err != nil {
		t.Fatalf("ProposeImprovement: %v", err)
	}
	return im
}

// improvement reads improvement id as the manager.
func (f *supportFixture) impView(t *testing.T, id isms.ID) *app.ImprovementView {
	t.Helper()
	v, err := f.h.app.FindImprovement(context.Background(), f.asMgr, string(id))
	if err != nil {
		t.Fatalf("FindImprovement(%s): %v", id, err)
	}
	return v
}

// improvementPage fetches improvement id's page as c.
func improvementPage(t *testing.T, c *client, id isms.ID) *goquery.Document {
	t.Helper()
	resp := c.get("/improvements/" + string(id))
	wantStatus(t, "GET the improvement's page", resp, http.StatusOK)
	return page(t, resp)
}

// impFormActions returns the actions of the forms in a page's main content.
func impFormActions(doc *goquery.Document) []string {
	var out []string
	doc.Find("main form").Each(func(_ int, s *goquery.Selection) { out = append(out, s.AttrOr("action", "")) })
	return out
}

func TestImprovementListAndForm(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		scopeWant(t, "the empty register", scopeGet(t, f.mgrC, "/improvements", http.StatusOK),
			"No improvement proposed yet", `href="/improvements/new"`)
		if html := scopeGet(t, f.viewC, "/improvements", http.StatusOK); strings.Contains(html, `href="/improvements/new"`) {
			t.Error("the viewer is offered to propose an improvement")
		}
		if st := status(t, f.viewC, "/improvements/new"); st != http.StatusForbidden {
			t.Errorf("viewer GET /improvements/new = %d, want 403", st)
		}

		resp := f.mgrC.post("/improvements", url.Values{"title": {"Automate access reviews"}, "source": {"suggestion"}, "due": {"next spring"}})
		wantStatus(t, "a due date in words", resp, http.StatusUnprocessableEntity)
		if got := problems(page(t, resp)); got["due"] != "Enter the date as YYYY-MM-DD." {
			t.Errorf("a due date in words shows %q", got)
		}
		resp = f.mgrC.post("/improvements", url.Values{"title": {""}, "source": {"gossip"}, "sourceRecord": {"F-99"}})
		wantStatus(t, "an empty proposal", resp, http.StatusUnprocessableEntity)
		got := problems(page(t, resp))
		if got["title"] == "" || !strings.HasPrefix(got["source"], "Source must be") || !strings.Contains(got["sourceRecord"], "F-99") {
			t.Errorf("an empty proposal shows %q", got)
		}

		loc := postRedirect(t, f.mgrC, "/improvements", url.Values{"title": {"Automate access reviews"}, "source": {"measurement"},
			"description": {"Quarterly reviews take two days."}, "evaluation": {"High benefit, low effort."},
			"ownerId": {string(f.mgr.ID)}, "due": {"2026-09-30"}})
		doc := page(t, f.viewC.get(loc))
		if h := text(doc, "h1"); h != "IMP-1 Automate access reviews" {
			t.Errorf("the new improvement's heading = %q", h)
		}
		scopeWant(t, "the improvement's page", doc.Text(), "Measurement", "High benefit, low effort.", "not decided yet")
		if acts := impFormActions(doc); len(acts) != 0 {
			t.Errorf("the viewer gets forms %v", acts)
		}
		f.proposeImp(t, "Phishing drills every quarter")

		rows := csvRows(t, f.viewC, "/improvements?source=measurement&format=csv")
		if len(rows) != 2 || rows[1][0] != "IMP-1" || rows[1][2] != "Measurement" || rows[1][3] != "Proposed" || rows[1][6] != "0" {
			t.Errorf("the measurement improvements' CSV = %q", rows)
		}
		doc = page(t, f.viewC.get("/improvements?open=1&sort=ref"))
		if n := doc.Find("table.imp-list tbody tr").Length(); n != 2 {
			t.Errorf("open improvements: %d rows, want 2", n)
		}
		if got := text(doc, "table.imp-list tbody tr:first-child td:nth-child(4)"); got != "Proposed" {
			t.Errorf("the first row's status = %q", got)
		}
		scopeWant(t, "a filter without match", scopeGet(t, f.viewC, "/improvements?status=done", http.StatusOK), "No improvement matches these filters")
		if st := status(t, f.viewC, "/improvements?status=finished"); st != http.StatusUnprocessableEntity {
			t.Errorf("an unknown status filter = %d, want 422", st)
		}

		edit := page(t, f.mgrC.get(loc+"/edit"))
		if v := edit.Find("#f-title").AttrOr("value", ""); v != "Automate access reviews" {
			t.Errorf("the edit form's title = %q", v)
		}
		im := f.impView(t, isms.ID(strings.TrimPrefix(loc, "/improvements/"))).Improvement
		postRedirect(t, f.mgrC, loc, url.Values{"version": {strconv.Itoa(im.Version)}, "title": {"Automate the access reviews"},
			"source": {"measurement"}, "ownerId": {string(f.mgr.ID)}})
		resp = f.mgrC.post(loc, url.Values{"version": {strconv.Itoa(im.Version)}, "title": {"Stale"}, "source": {"measurement"}})
		wantStatus(t, "a stale edit", resp, http.StatusConflict)
		if text(page(t, resp), ".flash-error") == "" {
			t.Error("a stale edit shows no conflict")
		}
		postRedirect(t, f.mgrC, loc+"/delete", nil)
		if st := status(t, f.viewC, loc); st != http.StatusNotFound {
			t.Errorf("the deleted improvement's page = %d, want 404", st)
		}
	})
}

func TestImprovementDecisionTasksChangeAndDone(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		im := f.proposeImp(t, "Automate access reviews")
		base := "/improvements/" + string(im.ID)
		version := func() string { return strconv.Itoa(f.impView(t, im.ID).Improvement.Version) }

		resp := f.mgrC.post(base+"/decision", url.Values{"decision": {"rejected"}, "version": {version()}})
		wantStatus(t, "a rejection without reason", resp, http.StatusUnprocessableEntity)
		doc := page(t, resp)
		if got := problems(doc); got["reason"] != "Say why it is rejected." {
			t.Errorf("a rejection without reason shows %q", got)
		}
		if v := doc.Find("#f-decision option[selected]").AttrOr("value", ""); v != "rejected" {
			t.Errorf("the refused decision form keeps %q", v)
		}
		postRedirect(t, f.mgrC, base+"/decision", url.Values{"decision": {"deferred"}, "reason": {"After the audit."}, "version": {version()}})
		postRedirect(t, f.mgrC, base+"/decision", url.Values{"decision": {"accepted"}, "reason": {"Worth it."}, "version": {version()}})
		doc = improvementPage(t, f.mgrC, im.ID)
		acts := strings.Join(impFormActions(doc), " ")
		if strings.Contains(acts, "/decision") || !strings.Contains(acts, base+"/tasks") || !strings.Contains(acts, base+"/change") {
			t.Errorf("an accepted improvement's forms = %s", acts)
		}
		scopeWant(t, "the accepted improvement", doc.Text(), "Accepted", "Worth it.")

		resp = f.mgrC.post(base+"/tasks", url.Values{"title": {""}, "ownerId": {string(f.admin.ID)}, "due": {"2026-06-30"}, "version": {version()}})
		wantStatus(t, "a task without title", resp, http.StatusUnprocessableEntity)
		if got := problems(page(t, resp)); got["title"] == "" {
			t.Errorf("a task without title shows %q", got)
		}
		if loc := postRedirect(t, f.mgrC, base+"/tasks", url.Values{"title": {"Script the review"}, "ownerId": {string(f.admin.ID)},
			"due": {"2026-06-30"}, "version": {version()}}); loc != base+"#tasks-heading" {
			t.Errorf("adding a task redirects to %s", loc)
		}
		v := f.impView(t, im.ID)
		if len(v.Tasks) != 1 || v.Tasks[0].OwnerID != f.admin.ID || v.Improvement.Status != isms.ImpInProgress {
			t.Fatalf("after adding a task: %d tasks, status %s", len(v.Tasks), v.Improvement.Status)
		}
		task := v.Tasks[0]
		if task.Link != (isms.Link{Type: "improvement", ID: im.ID}) {
			t.Errorf("the task's link = %v", task.Link)
		}

		loc := postRedirect(t, f.mgrC, base+"/change", url.Values{"version": {version()}})
		v = f.impView(t, im.ID)
		if v.Change == nil || loc != "/isms-changes/"+string(v.Change.ID) {
			t.Fatalf("planning the change redirects to %s; change %+v", loc, v.Change)
		}
		scopeWant(t, "the planned change", scopeGet(t, f.viewC, loc, http.StatusOK), "Automate access reviews")
		doc = improvementPage(t, f.viewC, im.ID)
		if doc.Find(`a[href="/isms-changes/`+string(v.Change.ID)+`"]`).Length() == 0 {
			t.Error("the improvement's page does not link its planned change")
		}
		if got := text(doc, `table.imp-tasks tr:has(a[href="/tasks/`+string(task.ID)+`"]) td:nth-child(4)`); got != "open" {
			t.Errorf("the task's status on the page = %q", got)
		}

		resp = f.mgrC.post(base+"/complete", url.Values{"note": {"Done."}, "version": {version()}})
		wantStatus(t, "done with a task open", resp, http.StatusConflict)
		if got := text(page(t, resp), ".flash-error"); !strings.Contains(got, "1 open task") {
			t.Errorf("done with a task open says %q", got)
		}
		if _, err := f.h.app.CompleteTask(context.Background(), f.asAdmin, task.ID, "Scripted."); err != nil {
			t.Fatalf("CompleteTask: %v", err)
		}
		postRedirect(t, f.mgrC, base+"/complete", url.Values{"note": {"Reviews take an hour now."}, "version": {version()}})
		doc = improvementPage(t, f.mgrC, im.ID)
		if got := text(doc, ".page-header .chip"); got != "Done" {
			t.Errorf("the completed improvement's status = %q", got)
		}
		if acts := impFormActions(doc); len(acts) != 0 {
			t.Errorf("a done improvement still offers %v", acts)
		}
		if !strings.Contains(doc.Find(".timeline").Text(), "marked an improvement done") {
			t.Error("the history lacks the completion")
		}
	})
}

func TestImprovementFromAnAuditOpportunity(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuditFixture(t, db)
		v := f.startedAudit(t)
		fd, err := f.h.app.CreateFinding(context.Background(), isms.Actor{UserID: f.eve.ID, Name: f.eve.Name, OrgID: f.org.ID,
			Role: isms.RoleAuditor}, app.FindingInput{Audit: string(v.Audit.ID), Grade: isms.FindingOFI, Title: "Automate leaver checks",
			Description: "HR and IT could share one leaver list."})
		if err != nil {
			t.Fatalf("CreateFinding: %v", err)
		}
		rows := csvRows(t, f.viewC, "/improvements?source=audit&format=csv")
		if len(rows) != 2 || rows[1][1] != "Automate leaver checks" || rows[1][3] != "Proposed" {
			t.Fatalf("the audit improvements' CSV = %q", rows)
		}
		doc := improvementPage(t, f.viewC, "IMP-1")
		if doc.Find(`.props a[href="/findings/`+string(fd.ID)+`"]`).Length() == 0 {
			t.Error("the improvement's source record does not link the finding")
		}
		if doc.Find(`.record-links a[href="/findings/`+string(fd.ID)+`"]`).Length() == 0 {
			t.Error("the improvement's links lack the finding")
		}
		scopeWant(t, "the improvement from the finding", doc.Text(), "Audit", "HR and IT could share one leaver list.", "Eve Auditor")
	})
}

// apiImprovement is an improvement as the API returns it with what
// carries it out.
type apiImprovement struct {
	Improvement isms.Improvement `json:"improvement"`
	Tasks       []isms.Task      `json:"tasks"`
	Change      *isms.ISMSChange `json:"change"`
	Links       []struct {
		Type string  `json:"type"`
		ID   isms.ID `json:"id"`
		Ref  string  `json:"ref"`
	} `json:"links"`
}

func TestImprovementAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		e := apiCallErr(t, f.mgrC, "POST", "/api/v1/improvements", map[string]any{"title": "", "source": "rumour"}, http.StatusUnprocessableEntity)
		if got := fieldNames(e); len(got) != 2 || got[0] != "source" || got[1] != "title" {
			t.Errorf("an empty proposal's fields = %v, want source, title", got)
		}
		apiCallErr(t, f.viewC, "POST", "/api/v1/improvements", map[string]any{"title": "Idea", "source": "suggestion"}, http.StatusForbidden)
		var im isms.Improvement
		apiCall(t, f.mgrC, "POST", "/api/v1/improvements", map[string]any{"title": "Automate access reviews", "source": "suggestion",
			"evaluation": "Saves two days.", "ownerId": f.mgr.ID, "due": "2026-09-30"}, http.StatusCreated, &im)
		if im.Ref != "IMP-1" || im.Status != isms.ImpProposed || im.OwnerName == "" {
			t.Fatalf("proposed %+v", im)
		}
		var list apiPage[isms.Improvement]
		apiCall(t, f.viewC, "GET", "/api/v1/improvements?open=true&source=suggestion&ownerId=me", nil, http.StatusOK, &list)
		if list.Total != 0 {
			t.Errorf("the viewer's own improvements = %+v", list)
		}
		apiCall(t, f.mgrC, "GET", "/api/v1/improvements?open=true&source=suggestion&ownerId=me&sort=-due", nil, http.StatusOK, &list)
		if list.Total != 1 || list.Items[0].Ref != "IMP-1" {
			t.Errorf("the manager's open suggestions = %+v", list)
		}
		apiCallErr(t, f.viewC, "GET", "/api/v1/improvements?open=maybe", nil, http.StatusUnprocessableEntity)
		apiCall(t, f.mgrC, "PUT", "/api/v1/improvements/IMP-1", map[string]any{"title": "Automate the access reviews", "source": "suggestion",
			"ownerId": f.mgr.ID, "version": im.Version}, http.StatusOK, &im)
		e = apiCallErr(t, f.mgrC, "POST", "/api/v1/improvements/IMP-1/decision", map[string]any{"decision": "deferred", "version": im.Version},
			http.StatusUnprocessableEntity)
		if got := fieldNames(e); len(got) != 1 || got[0] != "reason" {
			t.Errorf("a deferral without reason's fields = %v, want reason", got)
		}
		apiCall(t, f.mgrC, "POST", "/api/v1/improvements/IMP-1/decision", map[string]any{"decision": "accepted", "reason": "Worth it.",
			"version": im.Version}, http.StatusOK, &im)
		apiCallErr(t, f.mgrC, "DELETE", "/api/v1/improvements/IMP-1", nil, http.StatusConflict)
		var task isms.Task
		apiCall(t, f.mgrC, "POST", "/api/v1/improvements/IMP-1/tasks", map[string]any{"title": "Script the review", "ownerId": f.mgr.ID,
			"due": "2026-06-30", "version": im.Version}, http.StatusCreated, &task)
		var got apiImprovement
		apiCall(t, f.viewC, "GET", "/api/v1/improvements/IMP-1", nil, http.StatusOK, &got)
		var c isms.ISMSChange
		apiCall(t, f.mgrC, "POST", "/api/v1/improvements/IMP-1/change", map[string]any{"version": got.Improvement.Version}, http.StatusCreated, &c)
		apiCall(t, f.viewC, "GET", "/api/v1/improvements/IMP-1", nil, http.StatusOK, &got)
		if got.Improvement.Status != isms.ImpInProgress || len(got.Tasks) != 1 || got.Tasks[0].ID != task.ID || got.Change == nil ||
			got.Change.ID != c.ID || got.Improvement.ChangeID != c.ID {
			t.Fatalf("the improvement in progress = %+v", got)
		}
		if _, err := f.h.app.CompleteTask(context.Background(), f.asMgr, task.ID, ""); err != nil {
			t.Fatalf("CompleteTask: %v", err)
		}
		apiCall(t, f.mgrC, "POST", "/api/v1/improvements/IMP-1/complete", map[string]any{"note": "Reviews take an hour.",
			"version": got.Improvement.Version}, http.StatusOK, &im)
		if im.Status != isms.ImpDone {
			t.Errorf("completed improvement = %+v", im)
		}
		apiCallErr(t, f.mgrC, "POST", "/api/v1/improvements/IMP-1/complete", map[string]any{"version": im.Version}, http.StatusConflict)
		apiCallErr(t, f.empC, "GET", "/api/v1/improvements/IMP-1", nil, http.StatusForbidden)
		apiCall(t, f.mgrC, "POST", "/api/v1/improvements", map[string]any{"title": "Drop it", "source": "suggestion"}, http.StatusCreated, &im)
		apiCall(t, f.mgrC, "DELETE", "/api/v1/improvements/"+string(im.ID), nil, http.StatusNoContent, nil)
	})
}

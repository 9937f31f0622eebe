// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// reviewFixture is an organization with a context issue recorded this
// year, whose administrator chairs the management reviews the ISMS
// manager plans.
type reviewFixture struct {
	*supportFixture
	issue *isms.ContextIssue
}

func newReviewFixture(t *testing.T, db *sqldb.DB) *reviewFixture {
	t.Helper()
	f := &reviewFixture{supportFixture: newSupportFixture(t, db)}
	var err error
	f.issue, err = f.h.app.CreateContextIssue(context.Background(), f.asMgr, app.ContextIssueInput{Title: "EU AI Act",
		Kind: "external", Category: "legal", Effect: "negative"})
	if err != nil {
		t.Fatalf("CreateContextIssue: %v", err)
	}
	return f
}

// plan plans a review chaired by the administrator through the app.
func (f *reviewFixture) plan(t *testing.T, title string) *isms.ManagementReview {
	t.Helper()
	r, err := f.h.app.CreateReview(context.Background(), f.asMgr, app.ReviewInput{Title: title,
		PlannedOn: isms.NewDate(2026, 3, 20), ChairID: f.admin.ID})
	if err != nil {
		t.Fatalf("CreateReview: %v", err)
	}
	return r
}

// hold records review r as held today through the app, with one output
// owned by the manager.
func (f *reviewFixture) hold(t *testing.T, r *isms.ManagementReview) (*isms.ManagementReview, *isms.ReviewOutput) {
	t.Helper()
	ctx := context.Background()
	r, err := f.h.app.HoldReview(ctx, f.asMgr, r.ID, r.Version, app.HoldInput{HeldOn: isms.DateOf(f.h.clock.Now()),
		Attendees: []string{"Dana Ortiz (CEO)", "mgr (ISMS manager)"}, Minutes: "Every input was discussed."})
	if err != nil {
		t.Fatalf("HoldReview: %v", err)
	}
	o, err := f.h.app.AddReviewOutput(ctx, f.asMgr, r.ID, app.OutputInput{Kind: isms.OutputImprovement,
		Description: "Extend multi-factor authentication to every administrator.", OwnerID: f.mgr.ID, Due: isms.NewDate(2026, 6, 30)})
	if err != nil {
		t.Fatalf("AddReviewOutput: %v", err)
	}
	return r, o
}

// review reads review id as the manager.
func (f *reviewFixture) review(t *testing.T, id isms.ID) *app.ReviewView {
	t.Helper()
	v, err := f.h.app.FindReview(context.Background(), f.asMgr, string(id))
	if err != nil {
		t.Fatalf("FindReview(%s): %v", id, err)
	}
	return v
}

// reviewPage fetches review id's page as c.
func reviewPage(t *testing.T, c *client, id isms.ID) *goquery.Document {
	t.Helper()
	resp := c.get("/management-reviews/" + string(id))
	wantStatus(t, "GET the review's page", resp, http.StatusOK)
	return page(t, resp)
}

// reviewFormActions returns the actions of a page's forms.
func reviewFormActions(doc *goquery.Document) []string {
	var out []string
	doc.Find("main form").Each(func(_ int, s *goquery.Selection) { out = append(out, s.AttrOr("action", "")) })
	return out
}

func TestReviewListOverviewAndPlanning(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newReviewFixture(t, db)
		doc := page(t, f.mgrC.get("/management-reviews"))
		if got := text(doc, ".empty h2"); got != "No management reviews yet" {
			t.Errorf("empty state = %q", got)
		}
		if doc.Find(`.empty a[href="/management-reviews/new"]`).Length() != 1 {
			t.Error("the manager's empty state does not offer to plan the first review")
		}
		if page(t, f.viewC.get("/management-reviews")).Find(`a[href="/management-reviews/new"]`).Length() != 0 {
			t.Error("the viewer is offered to plan a review")
		}
		if st := status(t, f.empC, "/management-reviews"); st != http.StatusForbidden {
			t.Errorf("employee GET /management-reviews = %d, want 403", st)
		}
		if st := status(t, f.viewC, "/management-reviews/new"); st != http.StatusForbidden {
			t.Errorf("viewer GET /management-reviews/new = %d, want 403", st)
		}
		planningRefusesInvalidInput(t, f)
		loc := postRedirect(t, f.mgrC, "/management-reviews", url.Values{"title": {"Management review 2026"}, "plannedOn": {"2026-03-20"},
			"chair": {string(f.admin.ID)}, "repeatMonths": {"12"}})
		list, total, err := f.h.app.ListReviews(context.Background(), f.asMgr, isms.ReviewFilter{Limit: 10})
		if err != nil || total != 1 {
			t.Fatalf("ListReviews = %d reviews, %v; want 1", total, err)
		}
		r := list[0]
		if loc != "/management-reviews/"+string(r.ID) || r.Ref != "MR-1" || r.ChairID != f.admin.ID || r.ScheduleID == "" {
			t.Fatalf("planned %+v, redirected to %s", r, loc)
		}
		doc = page(t, f.viewC.get("/management-reviews"))
		var cells []string
		doc.Find("table.list tbody tr td").Each(func(_ int, s *goquery.Selection) { cells = append(cells, strings.TrimSpace(s.Text())) })
		if got, want := strings.Join(cells, "|"), "MR-1|Management review 2026|2026-03-20|—|acme-admin|Planned|—"; got != want {
			t.Errorf("list row = %q, want %q", got, want)
		}
		overview := text(doc, ".review-overview")
		for _, want := range []string{"Next due", "2026-03-20", "on time", "Prepare the management review"} {
			if !strings.Contains(overview, want) {
				t.Errorf("overview %q lacks %q", overview, want)
			}
		}
		if doc.Find(`.review-overview a[href="/schedules/`+string(r.ScheduleID)+`"]`).Length() != 1 {
			t.Error("the overview does not link the recurring activity")
		}
		rows := csvRows(t, f.viewC, "/management-reviews?format=csv")
		if len(rows) != 2 || strings.Join(rows[1], "|") != "MR-1|Management review 2026|2026-03-20||acme-admin|Planned|0" {
			t.Errorf("CSV export = %q", rows)
		}
		if st := status(t, f.viewC, "/management-reviews/MR-1"); st != http.StatusOK {
			t.Errorf("GET /management-reviews/MR-1 = %d, want 200", st)
		}
		f.h.clock.Advance(30 * 24 * time.Hour)
		if got := text(page(t, f.h.signIn(f.viewer).get("/management-reviews")), ".review-overview .chip"); got != "overdue" {
			t.Errorf("a month after its planned date the review's chip reads %q, want overdue", got)
		}
	})
}

// planningRefusesInvalidInput posts plan forms that are wrong: each shows
// its problems beside the fields and plans nothing.
func planningRefusesInvalidInput(t *testing.T, f *reviewFixture) {
	t.Helper()
	resp := f.mgrC.post("/management-reviews", url.Values{"title": {" "}, "plannedOn": {""}, "chair": {""}, "repeatMonths": {"0"}})
	wantStatus(t, "an empty plan", resp, http.StatusUnprocessableEntity)
	got := problems(page(t, resp))
	for field, want := range map[string]string{"title": "Title is required.", "plannedOn": "Planned date is required.",
		"chair": "Choose who chairs the review: a member of top management."} {
		if got[field] != want {
			t.Errorf("an empty plan: %s shows %q, want %q", field, got[field], want)
		}
	}
	resp = f.mgrC.post("/management-reviews", url.Values{"title": {"Review"}, "plannedOn": {"20 March"}, "chair": {string(f.admin.ID)},
		"repeatMonths": {"yearly"}})
	wantStatus(t, "a plan with a date in words", resp, http.StatusUnprocessableEntity)
	doc := page(t, resp)
	got = problems(doc)
	if got["plannedOn"] != "Enter the date as YYYY-MM-DD." || !strings.HasPrefix(got["repeatMonths"], "Enter a whole number of months") {
		t.Errorf("a plan with a date in words shows %q", got)
	}
	if v := doc.Find("#f-title").AttrOr("value", ""); v != "Review" {
		t.Errorf("the refused form lost the title: %q", v)
	}
	if _, total, _ := f.h.app.ListReviews(context.Background(), f.asMgr, isms.ReviewFilter{Limit: 10}); total != 0 {
		t.Errorf("%d reviews after refused plans, want 0", total)
	}
}

func TestReviewPackRendersEveryInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newReviewFixture(t, db)
		r := f.plan(t, "Management review 2026")
		doc := reviewPage(t, f.viewC, r.ID)
		if got := text(doc, ".review-live"); !strings.Contains(got, "This pack is compiled live from the registers; it is frozen when you record the review as held.") {
			t.Errorf("live banner = %q", got)
		}
		var toc []string
		doc.Find("nav.pack-toc a").Each(func(_ int, s *goquery.Selection) { toc = append(toc, s.AttrOr("href", "")) })
		want := make([]string, len(isms.ReviewInputs))
		for i, key := range isms.ReviewInputs {
			want[i] = "#input-" + key
			sec := doc.Find("section#input-" + key)
			if sec.Length() != 1 || !strings.HasPrefix(strings.TrimSpace(sec.Find("h3").Text()), "9.3.2 ") {
				t.Errorf("section %s: %d found, heading %q", key, sec.Length(), sec.Find("h3").Text())
			}
		}
		if strings.Join(toc, " ") != strings.Join(want, " ") {
			t.Errorf("contents = %v, want %v", toc, want)
		}
		issue := doc.Find(`section#input-b a[href="/context-issues/` + string(f.issue.ID) + `"]`)
		if !strings.Contains(issue.Text(), "EU AI Act") {
			t.Errorf("the issues input does not link %s: %q", f.issue.Ref, doc.Find("section#input-b").Text())
		}
		if doc.Find("section#input-b .pack-figures dt").Length() == 0 {
			t.Error("the issues input shows no figure")
		}
		if acts := reviewFormActions(doc); len(acts) != 0 {
			t.Errorf("the viewer gets forms %v", acts)
		}
		mgr := reviewPage(t, f.mgrC, r.ID)
		if got := reviewFormActions(mgr); !slices.Contains(got, "/management-reviews/"+string(r.ID)+"/hold") || !slices.Contains(got, "/management-reviews/"+string(r.ID)+"/delete") {
			t.Errorf("the manager's forms on a planned review = %v", got)
		}
		if mgr.Find(`a[href="/management-reviews/`+string(r.ID)+`/edit"]`).Length() != 1 {
			t.Error("the manager is not offered to edit the planned review")
		}
	})
}

func TestReviewHoldFreezesThePack(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newReviewFixture(t, db)
		r := f.plan(t, "Management review 2026")
		base := "/management-reviews/" + string(r.ID)
		resp := f.mgrC.post(base+"/hold", url.Values{"version": {strconv.Itoa(r.Version)}, "heldOn": {"2026-03-02"}, "attendees": {"  \n "},
			"minutes": {"Discussed the AI Act."}})
		wantStatus(t, "a hold without attendees", resp, http.StatusUnprocessableEntity)
		doc := page(t, resp)
		if got := problems(doc)["attendees"]; got != "List who attended, one per line." {
			t.Errorf("attendees problem = %q", got)
		}
		if got := doc.Find("#f-minutes").Text(); got != "Discussed the AI Act." {
			t.Errorf("the refused hold lost the minutes: %q", got)
		}
		if v := f.review(t, r.ID); v.Review.Status != isms.ReviewPlanned || v.Review.Version != r.Version || !v.Live {
			t.Fatalf("after a refused hold the review is %s at version %d (live %v), want planned at %d", v.Review.Status, v.Review.Version, v.Live, r.Version)
		}
		postRedirect(t, f.mgrC, base+"/hold", url.Values{"version": {strconv.Itoa(r.Version)}, "heldOn": {"2026-03-02"},
			"attendees": {"Dana Ortiz (CEO)\r\n\r\nmgr (ISMS manager)"}, "minutes": {"Discussed the AI Act."}})
		v := f.review(t, r.ID)
		if v.Review.Status != isms.ReviewHeld || v.Live || len(v.Review.PackSHA256) != 64 {
			t.Fatalf("after the hold: status %s, live %v, hash %q", v.Review.Status, v.Live, v.Review.PackSHA256)
		}
		if got := strings.Join(v.Review.Attendees, "|"); got != "Dana Ortiz (CEO)|mgr (ISMS manager)" {
			t.Errorf("attendees = %q", got)
		}
		doc = reviewPage(t, f.viewC, r.ID)
		frozen := regexp.MustCompile(`\s+`).ReplaceAllString(text(doc, ".review-frozen"), " ")
		if want := "Frozen on 2026-03-02 · SHA-256 " + v.Review.PackSHA256; frozen != want {
			t.Errorf("frozen line = %q, want %q", frozen, want)
		}
		if doc.Find(".review-live").Length() != 0 {
			t.Error("a held review still says its pack is live")
		}
		if got := text(doc, ".review-attendees"); !strings.Contains(got, "Dana Ortiz (CEO)") {
			t.Errorf("the viewer's attendees = %q", got)
		}
		if got := f.mgrC.post(base+"/hold", url.Values{"version": {strconv.Itoa(v.Review.Version)}, "heldOn": {"2026-03-02"},
			"attendees": {"Someone"}}); got.StatusCode != http.StatusConflict {
			t.Errorf("holding a held review: status %d, want 409", got.StatusCode)
		}
	})
}

func TestReviewOutputsBecomeTasks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newReviewFixture(t, db)
		r, _ := f.hold(t, f.plan(t, "Management review 2026"))
		base := "/management-reviews/" + string(r.ID)
		resp := f.mgrC.post(base+"/outputs", url.Values{"kind": {""}, "description": {"Hire a second security engineer."}, "due": {"next year"}})
		wantStatus(t, "an output without kind", resp, http.StatusUnprocessableEntity)
		if got := problems(page(t, resp)); got["due"] != "Enter the date as YYYY-MM-DD." {
			t.Errorf("an output with a due date in words shows %q", got)
		}
		resp = f.mgrC.post(base+"/outputs", url.Values{"kind": {""}, "description": {"Hire a second security engineer."}})
		wantStatus(t, "an output without kind", resp, http.StatusUnprocessableEntity)
		if got := problems(page(t, resp)); got["kind"] != "Kind must be improvement, change or resource." {
			t.Errorf("an output without kind shows %q", got)
		}
		postRedirect(t, f.mgrC, base+"/outputs", url.Values{"kind": {"resource"}, "description": {"Hire a second security engineer."},
			"ownerId": {string(f.admin.ID)}, "due": {"2026-09-30"}})
		v := f.review(t, r.ID)
		if len(v.Outputs) != 2 {
			t.Fatalf("%d outputs, want 2", len(v.Outputs))
		}
		var hire *isms.ReviewOutput
		for _, o := range v.Outputs {
			if o.Kind == isms.OutputResource {
				hire = o
			}
		}
		out := base + "/outputs/" + string(hire.ID)
		if got := page(t, f.mgrC.get(out+"/edit")).Find("#f-description").Text(); got != "Hire a second security engineer." {
			t.Errorf("the output's edit form shows %q", got)
		}
		postRedirect(t, f.mgrC, out, url.Values{"version": {strconv.Itoa(hire.Version)}, "kind": {"resource"},
			"description": {"Hire two security engineers."}, "ownerId": {string(f.admin.ID)}, "due": {"2026-09-30"}})
		if loc := postRedirect(t, f.mgrC, out+"/track", nil); loc != base+"#outputs-heading" {
			t.Errorf("tracking redirects to %s", loc)
		}
		for _, o := range f.review(t, r.ID).Outputs {
			if o.ID == hire.ID {
				hire = o
			}
		}
		task, err := f.h.app.FindTask(context.Background(), f.asMgr, hire.TaskID)
		if err != nil {
			t.Fatalf("FindTask(%q): %v", hire.TaskID, err)
		}
		if task.Link != (isms.Link{Type: "management_review", ID: r.ID}) || task.OwnerID != f.admin.ID || task.Due.String() != "2026-09-30" {
			t.Errorf("the output's task = %+v", task)
		}
		doc := reviewPage(t, f.mgrC, r.ID)
		row := doc.Find(`table.review-outputs tr:has(a[href="/tasks/` + string(task.ID) + `"])`)
		if !strings.Contains(row.Text(), "Hire two security engineers.") || !strings.Contains(row.Text(), "open") {
			t.Errorf("the tracked output's row = %q", row.Text())
		}
		if row.Find(`form[action$="/track"]`).Length() != 0 {
			t.Error("a tracked output is offered to be tracked again")
		}
		postRedirect(t, f.mgrC, out+"/track", nil)
		if got := text(reviewPage(t, f.mgrC, r.ID), ".flash-error"); !strings.Contains(got, "tracked by a task already") {
			t.Errorf("tracking twice says %q", got)
		}
	})
}

func TestReviewSubmitAndApprovalByTheChair(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newReviewFixture(t, db)
		r, o := f.hold(t, f.plan(t, "Management review 2026"))
		base := "/management-reviews/" + string(r.ID)
		if got := text(reviewPage(t, f.mgrC, r.ID), "section[aria-labelledby=approval-heading] button"); got != "Submit the minutes to acme-admin" {
			t.Errorf("submit button = %q", got)
		}
		loc := postRedirect(t, f.mgrC, base+"/submit", url.Values{"version": {strconv.Itoa(r.Version)}, "note": {"For your approval."}})
		v := f.review(t, r.ID)
		if v.Approval == nil || loc != "/approvals/"+string(v.Approval.ID) {
			t.Fatalf("submission redirects to %s; approval %+v", loc, v.Approval)
		}
		if len(v.Approval.Approvers) != 1 || v.Approval.Approvers[0].UserID != f.admin.ID {
			t.Errorf("approvers = %+v, want the chair alone", v.Approval.Approvers)
		}
		doc := reviewPage(t, f.mgrC, r.ID)
		if got := text(doc, ".flash-info"); !strings.Contains(got, "await the chair's approval") {
			t.Errorf("pending flash = %q", got)
		}
		if slices.Contains(reviewFormActions(doc), base+"/minutes") || slices.Contains(reviewFormActions(doc), base+"/submit") {
			t.Errorf("a pending review offers forms %v", reviewFormActions(doc))
		}
		postRedirect(t, f.adminC, "/approvals/"+string(v.Approval.ID)+"/decide", url.Values{"decision": {"approve"}, "comment": {"Agreed."}})
		if v = f.review(t, r.ID); v.Review.Status != isms.ReviewApproved {
			t.Fatalf("after the chair's approval the review is %s", v.Review.Status)
		}
		doc = reviewPage(t, f.mgrC, r.ID)
		if got := text(doc, ".page-header h1 .chip"); got != "Minutes approved" {
			t.Errorf("status chip = %q", got)
		}
		wantForms := []string{base + "/outputs/" + string(o.ID) + "/track"}
		if got := reviewFormActions(doc); strings.Join(got, " ") != strings.Join(wantForms, " ") {
			t.Errorf("an approved review offers forms %v, want only %v", got, wantForms)
		}
		if doc.Find(`a[href$="/edit"]`).Length() != 0 {
			t.Error("an approved review offers an edit link")
		}
		if resp := f.mgrC.post(base+"/minutes", url.Values{"version": {strconv.Itoa(v.Review.Version)}, "attendees": {"x"}}); resp.StatusCode != http.StatusConflict {
			t.Errorf("changing approved minutes: status %d, want 409", resp.StatusCode)
		}
	})
}

func TestReviewExportsArePDFs(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newReviewFixture(t, db)
		r := f.plan(t, "Management review 2026")
		base := "/management-reviews/" + string(r.ID)
		wantPDF(t, f.viewC, base+"/pack.pdf", "management-review-mr-1-pack.pdf")
		doc := reviewPage(t, f.viewC, r.ID)
		if doc.Find(`a[href="`+base+`/pack.pdf"]`).Length() != 1 || doc.Find(`a[href="`+base+`/minutes.pdf"]`).Length() != 0 {
			t.Error("a planned review should link its pack PDF and no minutes PDF")
		}
		f.hold(t, r)
		wantPDF(t, f.viewC, base+"/minutes.pdf", "management-review-mr-1-minutes.pdf")
		wantPDF(t, f.viewC, "/api/v1/management-reviews/MR-1/export?what=minutes", "management-review-mr-1-minutes.pdf")
		apiCallErr(t, f.viewC, "GET", "/api/v1/management-reviews/MR-1/export?what=agenda", nil, http.StatusUnprocessableEntity)
		if st := status(t, f.empC, base+"/pack.pdf"); st != http.StatusForbidden {
			t.Errorf("employee GET pack.pdf = %d, want 403", st)
		}
	})
}

// wantPDF fetches path as c and fails unless it is a PDF offered as name.
func wantPDF(t *testing.T, c *client, path, name string) {
	t.Helper()
	resp := c.get(path)
	b := body(t, resp)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(b, "%PDF-") {
		t.Fatalf("GET %s = %d %s, %d bytes", path, resp.StatusCode, resp.Header.Get("Content-Type"), len(b))
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="`+name+`"`) {
		t.Errorf("GET %s: Content-Disposition %q, want the file name %s", path, cd, name)
	}
}

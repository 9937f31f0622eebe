// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
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

// ncStatusChip selects the status chip of a nonconformity's page.
const ncStatusChip = ".page-header .meta > .chip:nth-child(2)"

// ncPage reads nonconformity id's page as c.
func ncPage(t *testing.T, c *client, id string) *goquery.Document {
	t.Helper()
	resp := c.get("/nonconformities/" + id)
	wantStatus(t, "GET nonconformity "+id, resp, http.StatusOK)
	return page(t, resp)
}

// ncVersionOn reads the version the page's step forms carry.
func ncVersionOn(t *testing.T, doc *goquery.Document) string {
	t.Helper()
	v, ok := doc.Find(`#workflow input[name=version]`).First().Attr("value")
	if !ok {
		t.Fatal("the workflow has no form with a version")
	}
	return v
}

// fieldError is the error shown beside the field named name.
func fieldError(doc *goquery.Document, name string) string {
	return strings.TrimSpace(doc.Find(".field-invalid:has(#f-" + name + ") .error").Text())
}

// ncForm is a valid form raising a nonconformity, with kv set.
func ncForm(owner isms.ID, kv ...string) url.Values {
	form := url.Values{"title": {"Leavers keep access"}, "description": {"Two leavers kept VPN access for three weeks."},
		"grade": {"major"}, "source": {"external_audit"}, "detectedOn": {"2026-02-01"}, "owner": {string(owner)}}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Set(kv[i], kv[i+1])
	}
	return form
}

func TestNCListOverviewAndForm(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuditFixture(t, db)
		doc := page(t, f.mgrC.get("/nonconformities"))
		if got := text(doc, ".empty h2"); got != "No nonconformity yet" {
			t.Errorf("the empty register says %q", got)
		}
		if doc.Find(`.page-header a[href="/nonconformities/new"]`).Length() != 1 {
			t.Error("the manager is not offered to raise a nonconformity")
		}
		if doc := page(t, f.viewC.get("/nonconformities")); doc.Find(`a[href="/nonconformities/new"]`).Length() != 0 {
			t.Error("a viewer is offered to raise a nonconformity")
		}
		if got := status(t, f.viewC, "/nonconformities/new"); got != http.StatusForbidden {
			t.Errorf("a viewer's GET of the form = %d, want 403", got)
		}

		resp := f.mgrC.post("/nonconformities", url.Values{"title": {" "}, "detectedOn": {"01/02/2026"}})
		wantStatus(t, "an empty form", resp, http.StatusUnprocessableEntity)
		doc = page(t, resp)
		for field, want := range map[string]string{"title": "Title is required.", "detectedOn": "Enter the date as YYYY-MM-DD."} {
			if got := fieldError(doc, field); got != want {
				t.Errorf("the error beside %s = %q, want %q", field, got, want)
			}
		}
		resp = f.mgrC.post("/nonconformities", url.Values{"detectedOn": {"2026-02-01"}})
		wantStatus(t, "a form without title", resp, http.StatusUnprocessableEntity)
		doc = page(t, resp)
		for _, field := range []string{"title", "description", "grade", "source"} {
			if fieldError(doc, field) == "" {
				t.Errorf("no error beside %s", field)
			}
		}
		if doc.Find(".error-summary li").Length() < 4 {
			t.Errorf("the summary lists %d problems", doc.Find(".error-summary li").Length())
		}
		resp = f.mgrC.post("/nonconformities", ncForm(f.mgr.ID, "requirements", "A.5.99"))
		wantStatus(t, "an unknown requirement", resp, http.StatusUnprocessableEntity)
		if got := fieldError(page(t, resp), "requirements"); !strings.Contains(got, "A.5.99") {
			t.Errorf("the error beside requirements = %q", got)
		}

		loc := postRedirect(t, f.mgrC, "/nonconformities", ncForm(f.mgr.ID, "requirements", "A.5.18, 9.2", "records", f.control.Ref))
		doc = page(t, f.mgrC.get(loc))
		if got := text(doc, "h1"); got != "NC-1 Leavers keep access" {
			t.Errorf("the new nonconformity's heading = %q", got)
		}
		if got := text(doc, ".nc-next"); got != "Next: Record the correction." {
			t.Errorf("the next step = %q", got)
		}
		if doc.Find(`.record-links a[href="/controls/`+string(f.control.ID)+`"]`).Length() != 1 {
			t.Error("the control concerned is not linked")
		}
		scopeWant(t, "the facts", doc.Find(".props").Text(), "External audit", "A.5.18", "9.2", "2026-02-01")
		ncListChecks(t, f)
	})
}

// ncListChecks reads the register with NC-1, major, detected 29 days ago.
func ncListChecks(t *testing.T, f *auditFixture) {
	t.Helper()
	doc := page(t, f.viewC.get("/nonconformities"))
	row := doc.Find("table.nc-list tbody tr")
	if row.Length() != 1 || !strings.Contains(row.Text(), "NC-1") || strings.TrimSpace(row.Find("td:nth-child(3) .chip").Text()) != "Major" {
		t.Fatalf("the register's rows: %q", row.Text())
	}
	if got := strings.TrimSpace(row.Find("td:nth-child(7)").Text()); got != "29" {
		t.Errorf("the age = %q, want 29", got)
	}
	band := doc.Find(".nc-overview table tbody tr").First()
	cells := band.Find("th, td").Map(func(_ int, c *goquery.Selection) string { return strings.TrimSpace(c.Text()) })
	if got := strings.Join(cells, " | "); got != "0–30 days | 1 | 0" {
		t.Errorf("the first age band = %q", got)
	}
	if got := text(doc, "#nc-by-source tbody"); !strings.Contains(got, "External audit") {
		t.Errorf("the trend by source = %q", got)
	}
	if doc.Find("#nc-by-clause tbody tr").Length() != 2 {
		t.Errorf("the trend by clause: %q", text(doc, "#nc-by-clause tbody"))
	}
	rows := csvRows(t, f.viewC, "/nonconformities?format=csv&grade=major&open=1")
	if len(rows) != 2 || rows[1][0] != "NC-1" || rows[1][2] != "Major" || rows[1][4] != "Open" {
		t.Errorf("the CSV = %q", rows)
	}
	doc = page(t, f.viewC.get("/nonconformities?grade=minor"))
	if got := text(doc, ".empty h2"); got != "No nonconformity matches these filters" {
		t.Errorf("a filter matching nothing says %q", got)
	}
	if got := status(t, f.viewC, "/nonconformities?grade=awful"); got != http.StatusUnprocessableEntity {
		t.Errorf("an unknown grade = %d", got)
	}
}

// ncStep posts a step's form on nonconformity id's page with the page's
// version and returns the response.
func ncStep(t *testing.T, c *client, id, step string, form url.Values) *http.Response {
	t.Helper()
	form.Set("version", ncVersionOn(t, ncPage(t, c, id)))
	return c.post("/nonconformities/"+id+"/"+step, form)
}

// ncStepOK posts a step's form and fails unless it is recorded.
func ncStepOK(t *testing.T, c *client, id, step string, form url.Values) {
	t.Helper()
	resp := ncStep(t, c, id, step, form)
	if b := body(t, resp); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s = %d\n%s", step, resp.StatusCode, b)
	}
}

// ncOpenTask is the task ID of the nonconformity's open corrective action.
func ncOpenTask(t *testing.T, doc *goquery.Document) string {
	t.Helper()
	var id string
	doc.Find("table.nc-actions tbody tr").Each(func(_ int, tr *goquery.Selection) {
		if strings.TrimSpace(tr.Find(".chip").Text()) == "open" {
			href, _ := tr.Find("a").Attr("href")
			id = strings.TrimPrefix(href, "/tasks/")
		}
	})
	if id == "" {
		t.Fatal("no open corrective action on the page")
	}
	return id
}

func TestNCWorkflowThroughThePages(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		loc := postRedirect(t, f.mgrC, "/nonconformities", ncForm(f.mgr.ID, "grade", "minor"))
		id := strings.TrimPrefix(loc, "/nonconformities/")
		ncStepOK(t, f.mgrC, id, "actions", url.Values{"title": {"Write a leaver checklist"}, "owner": {string(f.mgr.ID)}, "due": {"2026-03-20"}})
		task := ncOpenTask(t, ncPage(t, f.mgrC, id))

		resp := f.mgrC.post("/tasks/"+task+"/complete", url.Values{"note": {"Done."}})
		wantStatus(t, "closing an action before the root cause", resp, http.StatusConflict)
		if got := text(page(t, resp), ".flash-error"); got != "Record the correction and the root cause of NC-1 before closing its corrective actions." {
			t.Errorf("the task page says %q", got)
		}
		doc := ncPage(t, f.mgrC, id)
		if got := text(doc, ".nc-hint"); !strings.Contains(got, "once the correction and the root cause are recorded") {
			t.Errorf("the page's hint = %q", got)
		}

		resp = ncStep(t, f.mgrC, id, "correction", url.Values{"correction": {" "}})
		wantStatus(t, "an empty correction", resp, http.StatusUnprocessableEntity)
		if got := fieldError(page(t, resp), "correction"); !strings.HasPrefix(got, "Describe the correction") {
			t.Errorf("the error beside the correction = %q", got)
		}
		ncStepOK(t, f.mgrC, id, "correction", url.Values{"correction": {"Both accounts disabled."}})
		resp = ncStep(t, f.mgrC, id, "root-cause", url.Values{"rootCause": {"No checklist."}})
		wantStatus(t, "a root cause without method", resp, http.StatusUnprocessableEntity)
		if got := text(page(t, resp), "#f-rcaMethod .error"); !strings.HasPrefix(got, "Choose how the root cause was analysed") {
			t.Errorf("the error beside the method = %q", got)
		}
		ncStepOK(t, f.mgrC, id, "root-cause", url.Values{"rcaMethod": {"five_whys"}, "rootCause": {"HR tells IT by e-mail, sometimes not."}})
		ncStepOK(t, f.mgrC, id, "similar", url.Values{"similar": {"Contractors' accounts checked: none left."}})
		doc = ncPage(t, f.mgrC, id)
		for sel, want := range map[string]string{"#step-correction .nc-step-state .chip": "Done", "#step-root-cause .nc-step-state .chip": "Done",
			"#step-similar .nc-step-state .chip": "Done", "#step-actions .nc-step-state .chip": "Next"} {
			if got := text(doc, sel); got != want {
				t.Errorf("%s = %q, want %q", sel, got, want)
			}
		}
		if got := text(doc, "#step-correction .nc-step-state .small"); !strings.HasPrefix(got, "2026-03-02, ") {
			t.Errorf("the correction's date and author = %q", got)
		}
		postRedirect(t, f.mgrC, "/tasks/"+task+"/complete", url.Values{"note": {"Checklist in use."}})
		ncCheckSteps(t, f, id)
	})
}

// ncCheckSteps schedules and records the effectiveness checks of the
// verifying nonconformity id: ineffective (with a new action), then,
// once that action is done, effective.
func ncCheckSteps(t *testing.T, f *supportFixture, id string) {
	t.Helper()
	doc := ncPage(t, f.mgrC, id)
	if got := text(doc, ncStatusChip); got != "Effectiveness check" {
		t.Fatalf("after the last action closed the status is %q", got)
	}
	if got := text(doc, ".nc-next"); got != "Next: Schedule the effectiveness check." {
		t.Errorf("the next step = %q", got)
	}
	resp := ncStep(t, f.mgrC, id, "check-schedule", url.Values{"checkDue": {"2026-01-01"}})
	wantStatus(t, "a check in the past", resp, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, resp), "checkDue"); got != "Choose a day from today on." {
		t.Errorf("the error beside the check's day = %q", got)
	}
	ncStepOK(t, f.mgrC, id, "check-schedule", url.Values{"checkDue": {"2026-04-01"}})
	doc = ncPage(t, f.mgrC, id)
	if doc.Find(`#step-check a[href^="/tasks/"]`).Length() != 1 {
		t.Error("the scheduled check does not link its task")
	}
	resp = f.mgrC.post("/tasks/"+strings.TrimPrefix(doc.Find(`#step-check a[href^="/tasks/"]`).AttrOr("href", ""), "/tasks/")+"/complete",
		url.Values{"note": {"Checked."}})
	wantStatus(t, "closing the check's task", resp, http.StatusConflict)
	if got := text(page(t, resp), ".flash-error"); got != "Record the effectiveness check on NC-1's page." {
		t.Errorf("the check's task page says %q", got)
	}

	resp = ncStep(t, f.mgrC, id, "check", url.Values{"result": {"ineffective"}, "note": {"One leaver still had access."}})
	wantStatus(t, "ineffective without a new action", resp, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, resp), "actionTitle"); !strings.HasPrefix(got, "An ineffective check calls for a new corrective action") {
		t.Errorf("the error beside the new action = %q", got)
	}
	ncStepOK(t, f.mgrC, id, "check", url.Values{"result": {"ineffective"}, "note": {"One leaver still had access."},
		"actionTitle": {"Automate deprovisioning"}, "actionOwner": {string(f.mgr.ID)}, "actionDue": {"2026-04-15"}})
	doc = ncPage(t, f.mgrC, id)
	if got := text(doc, ncStatusChip); got != "Corrective action" {
		t.Errorf("after an ineffective check the status is %q", got)
	}
	if got := text(doc, "#step-check .timeline"); !strings.Contains(got, "Not effective") || !strings.Contains(got, "One leaver still had access.") {
		t.Errorf("the checks recorded: %q", got)
	}
	postRedirect(t, f.mgrC, "/tasks/"+ncOpenTask(t, doc)+"/complete", url.Values{"note": {"Deprovisioning runs nightly."}})
	ncStepOK(t, f.mgrC, id, "check-schedule", url.Values{"checkDue": {"2026-04-20"}})
	ncStepOK(t, f.mgrC, id, "check", url.Values{"result": {"effective"}, "note": {"No leaver kept access in April."}})
	doc = ncPage(t, f.mgrC, id)
	if got := text(doc, ncStatusChip); got != "Closed" {
		t.Errorf("after an effective check the status is %q", got)
	}
	if doc.Find("#workflow form").Length() != 0 || doc.Find(`a[href$="/edit"]`).Length() != 0 {
		t.Error("a closed nonconformity still offers forms")
	}
	if got := doc.Find("#step-check .timeline li").Length(); got != 2 {
		t.Errorf("%d checks recorded, want 2", got)
	}
	hist := doc.Find("#history-heading").Parent().Text()
	for _, want := range []string{"recorded the effectiveness check of a nonconformity", "scheduled the effectiveness check of a nonconformity",
		"recorded the root cause of a nonconformity", "added a corrective action to a nonconformity"} {
		if !strings.Contains(hist, want) {
			t.Errorf("the history lacks %q", want)
		}
	}
}

func TestNCFromAnAuditFindingLinksBothPages(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newAuditFixture(t, db)
		v := f.startedAudit(t)
		fd, err := f.h.app.CreateFinding(context.Background(), isms.Actor{UserID: f.eve.ID, Name: f.eve.Name, OrgID: f.org.ID,
			Role: isms.RoleAuditor}, app.FindingInput{Audit: string(v.Audit.ID), Grade: isms.FindingMinor, Title: "Leavers keep access",
			Description: "Two of ten leavers kept access.", Requirements: "A.5.18"})
		if err != nil {
			t.Fatalf("CreateFinding: %v", err)
		}
		doc := ncPage(t, f.viewC, "NC-1")
		if doc.Find(`.props a[href="/findings/`+string(fd.ID)+`"]`).Length() != 1 {
			t.Error("the nonconformity's source does not link the finding")
		}
		scopeWant(t, "the nonconformity from the finding", doc.Find(".props").Text(), "Internal audit", "Two of ten leavers kept access.",
			"A.5.18", "Eve Auditor")
		if got := text(doc, ".page-header .meta > .chip:nth-child(1)"); got != "Minor" {
			t.Errorf("the grade = %q", got)
		}
		resp := f.viewC.get("/findings/" + string(fd.ID))
		wantStatus(t, "the finding's page", resp, http.StatusOK)
		nc := page(t, resp).Find(`.record-links a[href^="/nonconformities/"]`)
		if nc.Length() != 1 || !strings.Contains(nc.Text(), "NC-1") {
			t.Errorf("the finding's links to its nonconformity: %q", nc.Text())
		}
	})
}

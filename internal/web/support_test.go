// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// supportFixture is an organization with an administrator, an ISMS
// manager, a viewer and an employee, each signed in.
type supportFixture struct {
	h                         *harness
	org                       *isms.Organization
	admin, mgr, viewer, emp   *isms.User
	asAdmin, asMgr            isms.Actor
	adminC, mgrC, viewC, empC *client
}

func newSupportFixture(t *testing.T, db *sqldb.DB) *supportFixture {
	h := newHarness(t, db)
	f := &supportFixture{h: h}
	f.org, f.admin = h.org("acme")
	f.mgr = h.member(f.org, "mgr", isms.RoleManager)
	f.viewer = h.member(f.org, "viewer", isms.RoleViewer)
	f.emp = h.member(f.org, "emp", isms.RoleEmployee)
	f.asAdmin = isms.Actor{UserID: f.admin.ID, Name: f.admin.Name, OrgID: f.org.ID, Role: isms.RoleAdmin}
	f.asMgr = isms.Actor{UserID: f.mgr.ID, Name: f.mgr.Name, OrgID: f.org.ID, Role: isms.RoleManager}
	f.adminC, f.mgrC, f.viewC, f.empC = h.signIn(f.admin), h.signIn(f.mgr), h.signIn(f.viewer), h.signIn(f.emp)
	return f
}

// postRedirect posts form as c and fails unless the answer is a redirect;
// it returns where to.
func postRedirect(t *testing.T, c *client, path string, form url.Values) string {
	t.Helper()
	resp := c.post(path, form)
	b := body(t, resp)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s = %d, want 303\n%s", path, resp.StatusCode, b)
	}
	return resp.Header.Get("Location")
}

// status sends a GET as c and returns the status.
func status(t *testing.T, c *client, path string) int {
	t.Helper()
	resp := c.get(path)
	resp.Body.Close()
	return resp.StatusCode
}

// csvRows fetches path as CSV and returns its header and records, without
// the export's facts that follow them.
func csvRows(t *testing.T, c *client, path string) [][]string {
	t.Helper()
	resp := c.get(path)
	b := body(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("GET %s = %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	r := csv.NewReader(strings.NewReader(b))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("read the CSV of %s: %v", path, err)
	}
	for i, row := range rows {
		if len(row) != len(rows[0]) {
			return rows[:i]
		}
	}
	return rows
}

// csvHas reports whether some row of rows has every one of cells.
func csvHas(rows [][]string, cells ...string) bool {
	for _, r := range rows {
		all := true
		for _, c := range cells {
			found := false
			for _, x := range r {
				found = found || x == c
			}
			all = all && found
		}
		if all {
			return true
		}
	}
	return false
}

func TestResourcesAreRecordedEditedAndExported(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		c := f.mgrC
		doc := page(t, c.get("/resources"))
		if got := text(doc, ".empty h2"); got != "No resources recorded yet" {
			t.Errorf("the empty list says %q", got)
		}
		resp := c.post("/resources", url.Values{"title": {""}, "kind": {"gold"}, "status": {"approved"}, "amount": {"0.5 FTE"}})
		doc = page(t, resp)
		wantStatus(t, "POST /resources with problems", resp, http.StatusUnprocessableEntity)
		for _, field := range []string{"title", "kind", "approvedBy"} {
			if byID(doc, "f-"+field).ParentFiltered(".field-invalid").Length() != 1 {
				t.Errorf("field %s has no problem shown beside it", field)
			}
		}
		if got := byID(doc, "f-amount").AttrOr("value", ""); got != "0.5 FTE" {
			t.Errorf("the typed amount was lost: %q", got)
		}
		postRedirect(t, c, "/resources", url.Values{"title": {"ISMS manager time"}, "kind": {"people"}, "amount": {"0.5 FTE"},
			"status": {"approved"}, "approvedBy": {"Management board"}, "approvedOn": {"2026-02-01"}})
		postRedirect(t, c, "/resources", url.Values{"title": {"Vulnerability scanner"}, "kind": {"tool"}, "status": {"requested"}})
		doc = page(t, c.get("/resources?status=requested"))
		if got := doc.Find("table.list tbody tr").Length(); got != 1 || !strings.Contains(text(doc, "table.list tbody"), "Vulnerability scanner") {
			t.Errorf("the requested resources: %d rows: %q", got, text(doc, "table.list tbody"))
		}
		edit := doc.Find(`a[href$="/edit"]`).AttrOr("href", "")
		form := page(t, c.get(edit))
		version := byID(form, "f-title").Closest("form").Find(`input[name=version]`).AttrOr("value", "")
		postRedirect(t, c, strings.TrimSuffix(edit, "/edit"), url.Values{"title": {"Vulnerability scanner"}, "kind": {"tool"},
			"status": {"provided"}, "approvedBy": {"CFO"}, "version": {version}})
		resp = c.post(strings.TrimSuffix(edit, "/edit"), url.Values{"title": {"Scanner"}, "kind": {"tool"}, "status": {"requested"}, "version": {version}})
		wantStatus(t, "a stale save", resp, http.StatusConflict)
		resp.Body.Close()
		rows := csvRows(t, c, "/resources?format=csv")
		if !csvHas(rows, "Vulnerability scanner", "provided", "CFO") || !csvHas(rows, "ISMS manager time", "approved", "Management board") {
			t.Errorf("the export lacks the resources: %v", rows)
		}
		if doc := page(t, f.viewC.get("/resources")); doc.Find(`a[href="/resources/new"]`).Length() != 0 {
			t.Error("the viewer is offered to record a resource")
		}
		if got := status(t, f.viewC, edit); got != http.StatusForbidden {
			t.Errorf("the viewer opens the edit form: %d", got)
		}
		if got := status(t, f.empC, "/resources"); got != http.StatusForbidden {
			t.Errorf("the employee opens the resources: %d", got)
		}
		if loc := postRedirect(t, c, strings.TrimSuffix(edit, "/edit")+"/delete", nil); loc != "/resources" {
			t.Errorf("deleting went to %q", loc)
		}
	})
}

func TestTheCommunicationPlanRecordsWhatTookPlace(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		c := f.mgrC
		resp := c.post("/communication", url.Values{"topic": {"Policy briefing"}, "audience": {""}})
		doc := page(t, resp)
		wantStatus(t, "POST /communication with problems", resp, http.StatusUnprocessableEntity)
		for _, field := range []string{"audience", "frequency", "channel"} {
			if byID(doc, "f-"+field).ParentFiltered(".field-invalid").Length() != 1 {
				t.Errorf("field %s has no problem shown beside it", field)
			}
		}
		resp = c.post("/communication", url.Values{"topic": {"Policy briefing"}, "audience": {"All staff"}, "frequency": {"Yearly"},
			"channel": {"E-mail"}, "owner": {"nobody@example.com"}})
		doc = page(t, resp)
		wantStatus(t, "POST /communication by an unknown member", resp, http.StatusUnprocessableEntity)
		if got := text(doc, ".field-invalid .error"); !strings.Contains(got, "nobody@example.com") {
			t.Errorf("an unknown responsible member: %q", got)
		}
		item := postRedirect(t, c, "/communication", url.Values{"topic": {"Policy briefing"}, "audience": {"All staff"},
			"frequency": {"Yearly"}, "channel": {"All-hands meeting"}, "owner": {string(f.mgr.ID)}})
		postRedirect(t, c, "/communication", url.Values{"topic": {"Incident notice"}, "audience": {"Customers"},
			"frequency": {"On every major incident"}, "channel": {"Status page"}})
		resp = c.post(item+"/records", url.Values{"heldOn": {"2099-01-01"}, "summary": {"Too early."}})
		doc = page(t, resp)
		wantStatus(t, "a record in the future", resp, http.StatusUnprocessableEntity)
		if byID(doc, "f-heldOn").ParentFiltered(".field-invalid").Length() != 1 {
			t.Error("the date of a future record has no problem shown")
		}
		postRedirect(t, c, item+"/records", url.Values{"heldOn": {"2026-02-27"}, "summary": {"Walked through the policy changes."}})
		doc = page(t, c.get(item))
		if got := text(doc, "#records-heading + .table-wrap tbody"); !strings.Contains(got, "2026-02-27") || !strings.Contains(got, "Walked through") {
			t.Errorf("the records: %q", got)
		}
		doc = page(t, c.get("/communication?sort=-lastHeld"))
		if got := text(doc, "table.list tbody tr:first-child td:first-child"); got != "Policy briefing" {
			t.Errorf("the plan by last held, newest first, starts with %q", got)
		}
		rows := csvRows(t, c, "/communication?q=incident&format=csv")
		if len(rows) != 2 || !csvHas(rows, "Incident notice", "Customers") {
			t.Errorf("the searched export: %v", rows)
		}
		if doc := page(t, f.viewC.get(item)); doc.Find(`form[action$="/records"]`).Length() != 0 {
			t.Error("the viewer is offered to record a communication")
		}
		resp = f.viewC.post(item+"/records", url.Values{"heldOn": {"2026-02-27"}})
		resp.Body.Close()
		wantStatus(t, "the viewer records a communication", resp, http.StatusForbidden)
		if loc := postRedirect(t, c, item+"/delete", nil); loc != item {
			t.Errorf("deleting an item with records went to %q", loc)
		}
		if got := text(page(t, c.get(item)), ".flash-error"); !strings.Contains(got, "records") {
			t.Errorf("deleting an item with records says %q", got)
		}
		other := page(t, c.get("/communication?q=incident")).Find(`table.list a[href^="/communication/"]`).AttrOr("href", "")
		if loc := postRedirect(t, c, other+"/delete", nil); loc != "/communication" {
			t.Errorf("deleting went to %q", loc)
		}
	})
}

func TestResourceAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		mgr := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		e := apiCallErr(t, mgr, "POST", "/api/v1/resources", map[string]any{"title": "Budget", "kind": "budget", "status": "approved"}, 422)
		if _, ok := e.Error.Fields["approvedBy"]; !ok {
			t.Errorf("an approved resource without approver: %v", e.Error.Fields)
		}
		var res isms.Resource
		apiCall(t, mgr, "POST", "/api/v1/resources", map[string]any{"title": "Budget", "kind": "budget", "status": "approved",
			"approvedBy": "Board", "amount": "EUR 10,000"}, 201, &res)
		apiCall(t, mgr, "GET", "/api/v1/resources/"+string(res.ID), nil, 200, &res)
		apiCallErr(t, mgr, "PUT", "/api/v1/resources/"+string(res.ID), map[string]any{"title": "Budget", "kind": "budget",
			"status": "provided", "approvedBy": "Board", "version": res.Version + 1}, 409)
		apiCall(t, mgr, "PUT", "/api/v1/resources/"+string(res.ID), map[string]any{"title": "Budget", "kind": "budget",
			"status": "provided", "approvedBy": "Board", "version": res.Version}, 200, &res)
		var list apiPage[isms.Resource]
		apiCall(t, mgr, "GET", "/api/v1/resources?status=provided&sort=-title", nil, 200, &list)
		if list.Total != 1 || list.Items[0].Status != isms.ResourceProvided {
			t.Errorf("provided resources: %+v", list)
		}
		apiCallErr(t, mgr, "GET", "/api/v1/resources?status=lost", nil, 422)
		apiCall(t, mgr, "DELETE", "/api/v1/resources/"+string(res.ID), nil, 204, nil)
		view := f.h.token(f.viewer, f.org, isms.ScopeReadWrite)
		apiCallErr(t, view, "POST", "/api/v1/resources", map[string]any{"title": "Budget", "kind": "budget", "status": "requested"}, 403)
	})
}

func TestCommunicationAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		mgr := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		var item isms.CommunicationItem
		apiCall(t, mgr, "POST", "/api/v1/communication-items", map[string]any{"topic": "Newsletter", "audience": "All staff",
			"frequency": "Monthly", "channel": "E-mail", "responsibleId": f.mgr.ID}, 201, &item)
		if item.ResponsibleName != f.mgr.Name {
			t.Errorf("responsible: %q", item.ResponsibleName)
		}
		e := apiCallErr(t, mgr, "POST", "/api/v1/communication-items", map[string]any{"topic": "Newsletter", "audience": "All staff",
			"frequency": "Monthly", "channel": "E-mail", "responsibleId": "usr_nobody"}, 422)
		if _, ok := e.Error.Fields["responsibleId"]; !ok {
			t.Errorf("an unknown responsible member: %v", e.Error.Fields)
		}
		var rec isms.CommunicationRecord
		apiCall(t, mgr, "POST", "/api/v1/communication-items/"+string(item.ID)+"/records", map[string]any{"heldOn": "2026-03-01",
			"summary": "Sent."}, 201, &rec)
		var detail struct {
			Item    isms.CommunicationItem     `json:"item"`
			Records []isms.CommunicationRecord `json:"records"`
		}
		apiCall(t, mgr, "GET", "/api/v1/communication-items/"+string(item.ID), nil, 200, &detail)
		if len(detail.Records) != 1 || detail.Records[0].Summary != "Sent." || detail.Item.LastHeld.String() != "2026-03-01" {
			t.Errorf("the item with its records: %+v", detail)
		}
		var items apiPage[isms.CommunicationItem]
		apiCall(t, mgr, "GET", "/api/v1/communication-items?q=news", nil, 200, &items)
		if items.Total != 1 {
			t.Errorf("searched items: %+v", items)
		}
		view := f.h.token(f.viewer, f.org, isms.ScopeReadWrite)
		apiCall(t, view, "GET", "/api/v1/communication-items/"+string(item.ID), nil, 200, nil)
		apiCallErr(t, view, "DELETE", "/api/v1/communication-items/"+string(item.ID), nil, 403)
		apiCallErr(t, mgr, "DELETE", "/api/v1/communication-items/"+string(item.ID), nil, 409)
		var unheld isms.CommunicationItem
		apiCall(t, mgr, "POST", "/api/v1/communication-items", map[string]any{"topic": "Board report", "audience": "Top management",
			"frequency": "Quarterly", "channel": "Meeting"}, 201, &unheld)
		apiCall(t, mgr, "DELETE", "/api/v1/communication-items/"+string(unheld.ID), nil, 204, nil)
		if _, err := f.h.app.FindCommunicationItem(context.Background(), f.asMgr, unheld.ID); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("the deleted item: %v", err)
		}
	})
}

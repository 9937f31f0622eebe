// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestPeopleAreAddedTrainedAndFiltered(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		c := f.mgrC
		resp := c.post("/people", url.Values{"name": {""}, "email": {"not-an-address"}, "department": {"IT"}, "startDate": {"yesterday"}})
		doc := page(t, resp)
		wantStatus(t, "POST /people with problems", resp, http.StatusUnprocessableEntity)
		for _, field := range []string{"name", "email", "startDate"} {
			if byID(doc, "f-"+field).ParentFiltered(".field-invalid").Length() != 1 {
				t.Errorf("field %s has no problem shown beside it", field)
			}
		}
		if got := byID(doc, "f-department").AttrOr("value", ""); got != "IT" {
			t.Errorf("the typed department was lost: %q", got)
		}
		postRedirect(t, c, "/competence/requirements", url.Values{"role": {"Internal auditor"}, "skill": {"Auditor course"}})
		pat := postRedirect(t, c, "/people", url.Values{"name": {"Pat Auditor"}, "email": {"pat@example.com"}, "department": {"Quality"},
			"roles": {"internal auditor"}, "startDate": {"2024-05-01"}, "active": {"1"}, "userId": {string(f.emp.ID)}})
		postRedirect(t, c, "/people", url.Values{"name": {"Kim Engineer"}, "department": {"IT"}, "roles": {"Developer"}, "active": {"1"}})
		doc = page(t, c.get(pat))
		if got := text(doc, "h1"); !strings.HasPrefix(got, "Pat Auditor") {
			t.Errorf("the person's heading is %q", got)
		}
		if got := text(doc, "#gaps-heading + ul"); !strings.Contains(got, "Auditor course") || !strings.Contains(got, "missing") {
			t.Errorf("Pat's gaps: %q", got)
		}
		if got := doc.Find("dt:contains('Account') + dd").Text(); !strings.Contains(got, f.emp.Name) {
			t.Errorf("Pat's account: %q", got)
		}
		rows := csvRows(t, c, "/people?gaps=1&format=csv")
		if len(rows) != 2 || !csvHas(rows, "Pat Auditor", "1") {
			t.Errorf("the people with gaps: %v", rows)
		}
		reqID := byID(doc, "f-requirementId").Find("option:contains('Auditor course')").AttrOr("value", "")
		resp = c.post(pat+"/training", url.Values{"course": {"Lead auditor"}, "requirementId": {reqID}, "completedOn": {"2026-01-10"},
			"expiresOn": {"2025-01-10"}})
		doc = page(t, resp)
		wantStatus(t, "a record that expires before it was completed", resp, http.StatusUnprocessableEntity)
		if byID(doc, "f-expiresOn").ParentFiltered(".field-invalid").Length() != 1 {
			t.Error("the expiry has no problem shown beside it")
		}
		postRedirect(t, c, pat+"/training", url.Values{"course": {"Lead auditor"}, "requirementId": {reqID}, "completedOn": {"2026-01-10"},
			"expiresOn": {"2029-01-10"}})
		doc = page(t, c.get(pat))
		if got := text(doc, "#training-heading + .table-wrap tbody"); !strings.Contains(got, "Lead auditor") || !strings.Contains(got, "Auditor course") {
			t.Errorf("Pat's training records: %q", got)
		}
		if doc.Find("#gaps-heading + ul").Length() != 0 {
			t.Errorf("Pat still has gaps: %q", text(doc, "#gaps-heading ~ *"))
		}
		doc = page(t, c.get("/people?gaps=1"))
		if got := text(doc, ".empty h2"); got != "Nobody matches these filters" {
			t.Errorf("the people with gaps after training: %q", got)
		}
		doc = page(t, c.get("/people?sort=-name&department=IT"))
		if got := text(doc, "table.list tbody"); !strings.Contains(got, "Kim Engineer") || strings.Contains(got, "Pat") {
			t.Errorf("the people of IT: %q", got)
		}
		peopleRights(t, f, pat)
	})
}

// peopleRights checks what the viewer and the employee may do with people.
func peopleRights(t *testing.T, f *supportFixture, pat string) {
	t.Helper()
	doc := page(t, f.viewC.get(pat))
	if doc.Find(`a[href$="/edit"]`).Length() != 0 || doc.Find(`form[action$="/training"]`).Length() != 0 {
		t.Error("the viewer is offered to edit a person")
	}
	for _, path := range []string{"/people/new", pat + "/edit"} {
		if got := status(t, f.viewC, path); got != http.StatusForbidden {
			t.Errorf("the viewer opens %s: %d", path, got)
		}
	}
	for _, path := range []string{"/people", pat, "/competence"} {
		if got := status(t, f.empC, path); got != http.StatusForbidden {
			t.Errorf("the employee opens %s: %d", path, got)
		}
	}
	form := page(t, f.mgrC.get(pat+"/edit"))
	version := form.Find(`input[name=version]`).AttrOr("value", "")
	postRedirect(t, f.mgrC, pat, url.Values{"name": {"Pat Auditor"}, "roles": {"Internal auditor"}, "version": {version}})
	resp := f.mgrC.post(pat, url.Values{"name": {"Pat A."}, "version": {version}})
	wantStatus(t, "a stale save", resp, http.StatusConflict)
	resp.Body.Close()
	if doc := page(t, f.mgrC.get("/people")); doc.Find("td:contains('Pat Auditor')").Length() != 0 {
		t.Error("Pat, who left (the form sent no active box), is still listed")
	}
	if doc := page(t, f.mgrC.get("/people?inactive=1")); doc.Find("td:contains('left')").Length() != 1 {
		t.Error("Pat is not listed as having left")
	}
}

func TestCompetenceGapsGetATaskToCloseThem(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		c := f.mgrC
		doc := page(t, c.get("/competence"))
		if doc.Find(`form[action="/competence/gaps/task"]`).Length() != 0 {
			t.Error("the close form is offered without gaps")
		}
		resp := c.post("/competence/requirements", url.Values{"role": {""}, "skill": {"Risk assessment"}})
		doc = page(t, resp)
		wantStatus(t, "a requirement without role", resp, http.StatusUnprocessableEntity)
		if byID(doc, "f-role").ParentFiltered(".field-invalid").Length() != 1 {
			t.Error("the role has no problem shown beside it")
		}
		postRedirect(t, c, "/competence/requirements", url.Values{"role": {"ISMS manager"}, "skill": {"Risk assessment"}})
		pat := postRedirect(t, c, "/people", url.Values{"name": {"Pat Manager"}, "roles": {"ISMS manager"}, "active": {"1"}})
		doc = page(t, c.get("/competence"))
		if got := text(doc, "#gaps-heading + .table-wrap tbody"); !strings.Contains(got, "Pat Manager") || !strings.Contains(got, "Risk assessment") {
			t.Errorf("the gaps: %q", got)
		}
		link := doc.Find(`a:contains('Create a task to close it')`).AttrOr("href", "")
		doc = page(t, c.get(link))
		gap := byID(doc, "f-gap").Find("option[selected]").AttrOr("value", "")
		if !strings.HasPrefix(gap, strings.TrimPrefix(pat, "/people/")+"/") {
			t.Errorf("the link to close the gap chooses %q", gap)
		}
		resp = c.post("/competence/gaps/task", url.Values{"gap": {gap}, "owner": {string(f.mgr.ID)}, "due": {"soon"}})
		doc = page(t, resp)
		wantStatus(t, "a task with a bad due date", resp, http.StatusUnprocessableEntity)
		if byID(doc, "f-due").ParentFiltered(".field-invalid").Length() != 1 {
			t.Error("the due date has no problem shown beside it")
		}
		task := postRedirect(t, c, "/competence/gaps/task", url.Values{"gap": {gap}, "owner": {string(f.mgr.ID)}, "due": {"2026-04-30"}})
		doc = page(t, c.get(task))
		if got := text(doc, "h1"); !strings.Contains(got, "Risk assessment") || !strings.Contains(got, "Pat Manager") {
			t.Errorf("the task is %q", got)
		}
		doc = page(t, c.get("/competence"))
		edit := doc.Find(`a[href^="/competence/requirements/"][href$="/edit"]`).AttrOr("href", "")
		form := page(t, c.get(edit))
		version := form.Find(`input[name=version]`).AttrOr("value", "")
		postRedirect(t, c, strings.TrimSuffix(edit, "/edit"), url.Values{"role": {"ISMS manager"}, "skill": {"Risk assessment (ISO/IEC 27005)"}, "version": {version}})
		postRedirect(t, c, strings.TrimSuffix(edit, "/edit")+"/delete", nil)
		doc = page(t, c.get("/competence"))
		if doc.Find("#gaps-heading + .table-wrap").Length() != 0 {
			t.Errorf("gaps remain once the requirement is deleted: %q", text(doc, "#gaps-heading ~ *"))
		}
	})
}

func TestPeopleAndCompetenceAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		mgr := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		e := apiCallErr(t, mgr, "POST", "/api/v1/people", map[string]any{"name": "", "email": "nope"}, 422)
		if diff := cmp.Diff([]string{"email", "name"}, fieldNames(e)); diff != "" {
			t.Errorf("problems of a bad person (-want +got):\n%s", diff)
		}
		var req isms.CompetenceRequirement
		apiCall(t, mgr, "POST", "/api/v1/competence-requirements", map[string]any{"role": "Administrator", "skill": "Hardening"}, 201, &req)
		var p isms.Person
		apiCall(t, mgr, "POST", "/api/v1/people", map[string]any{"name": "Alex Admin", "roles": []string{"Administrator"}}, 201, &p)
		if !p.Active {
			t.Error("a person added without active is not active")
		}
		var gaps apiPage[isms.CompetenceGap]
		apiCall(t, mgr, "GET", "/api/v1/competence-gaps", nil, 200, &gaps)
		if gaps.Total != 1 || gaps.Items[0].Person.ID != p.ID || gaps.Items[0].Requirement.ID != req.ID {
			t.Errorf("gaps: %+v", gaps)
		}
		var task isms.Task
		apiCall(t, mgr, "POST", "/api/v1/competence-gaps/tasks", map[string]any{"personId": p.ID, "requirementId": req.ID,
			"ownerId": f.mgr.ID, "due": "2026-05-01"}, 201, &task)
		var tr isms.TrainingRecord
		apiCall(t, mgr, "POST", "/api/v1/people/"+string(p.ID)+"/training-records", map[string]any{"requirementId": req.ID,
			"completedOn": "2026-02-01", "expiresOn": "2026-03-01"}, 201, &tr)
		var d struct {
			Person  isms.Person           `json:"person"`
			Records []isms.TrainingRecord `json:"trainingRecords"`
			Gaps    []isms.CompetenceGap  `json:"gaps"`
		}
		apiCall(t, mgr, "GET", "/api/v1/people/"+string(p.ID), nil, 200, &d)
		if len(d.Records) != 1 || len(d.Gaps) != 1 || !d.Gaps[0].Expired {
			t.Errorf("Alex's record expired on the clock's day: %+v", d)
		}
		var list apiPage[isms.Person]
		apiCall(t, mgr, "GET", "/api/v1/people?gaps=true&role=administrator", nil, 200, &list)
		if list.Total != 1 || list.Items[0].Gaps != 1 {
			t.Errorf("people with gaps: %+v", list)
		}
		apiCallErr(t, mgr, "GET", "/api/v1/people?gaps=maybe", nil, 422)
		apiCallErr(t, mgr, "PUT", "/api/v1/people/"+string(p.ID), map[string]any{"name": "Alex", "version": p.Version + 1}, 409)
		apiCall(t, mgr, "PUT", "/api/v1/people/"+string(p.ID), map[string]any{"name": "Alex Admin", "roles": []string{"Administrator"},
			"active": false, "version": p.Version}, 200, &p)
		apiCall(t, mgr, "GET", "/api/v1/competence-gaps", nil, 200, &gaps)
		if gaps.Total != 0 {
			t.Errorf("someone who left still has gaps: %+v", gaps)
		}
		apiCall(t, mgr, "DELETE", "/api/v1/training-records/"+string(tr.ID), nil, 204, nil)
		apiCall(t, mgr, "PUT", "/api/v1/competence-requirements/"+string(req.ID), map[string]any{"role": "Administrator",
			"skill": "System hardening", "version": req.Version}, 200, &req)
		var reqs apiPage[isms.CompetenceRequirement]
		apiCall(t, mgr, "GET", "/api/v1/competence-requirements", nil, 200, &reqs)
		if reqs.Total != 1 || reqs.Items[0].Skill != "System hardening" {
			t.Errorf("requirements: %+v", reqs)
		}
		emp := f.h.token(f.emp, f.org, isms.ScopeReadWrite)
		apiCallErr(t, emp, "GET", "/api/v1/people", nil, 403)
		apiCall(t, mgr, "DELETE", "/api/v1/competence-requirements/"+string(req.ID), nil, 204, nil)
		apiCall(t, mgr, "DELETE", "/api/v1/people/"+string(p.ID), nil, 204, nil)
		apiCallErr(t, mgr, "GET", "/api/v1/people/"+string(p.ID), nil, 404)
	})
}

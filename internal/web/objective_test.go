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

// objectiveFixture is the support fixture with a policy DOC-1, a
// procedure DOC-2, metric M-1 "Patch compliance" (higher is better,
// target 95 %) measured 97 and metric M-2 "Days to respond" (lower is
// better, target 5 days) measured 8, both yesterday.
type objectiveFixture struct {
	*supportFixture
	policy         *isms.Document
	patch, respond *isms.Metric
}

func newObjectiveFixture(t *testing.T, db *sqldb.DB) *objectiveFixture {
	t.Helper()
	f := &objectiveFixture{supportFixture: newSupportFixture(t, db)}
	ctx, a := context.Background(), f.h.app
	doc := func(title, typ string) *isms.Document {
		d, _, err := a.CreateDocument(ctx, f.asMgr, app.DocumentInput{Title: title, Type: typ, OwnerID: string(f.mgr.ID),
			Classification: "internal", AudienceEveryone: true}, app.DocumentBodyInput{Markdown: "# " + title})
		if err != nil {
			t.Fatalf("CreateDocument(%s): %v", title, err)
		}
		return d
	}
	f.policy = doc("Information security policy", "policy")
	doc("Patch procedure", "procedure")
	metric := func(name, direction, target, unit, value string) *isms.Metric {
		m, err := a.CreateMetric(ctx, f.asMgr, app.MetricInput{Name: name, Method: "Read from the monthly report.", Direction: direction,
			Target: target, Unit: unit, Frequency: "every month", MeasuredBy: string(f.mgr.ID), AnalysedBy: string(f.mgr.ID)})
		if err != nil {
			t.Fatalf("CreateMetric(%s): %v", name, err)
		}
		if _, err := a.RecordMeasurement(ctx, f.asMgr, m.ID, app.MeasurementInput{Value: value, MeasuredOn: "2026-03-01",
			MeasuredBy: string(f.mgr.ID)}); err != nil {
			t.Fatalf("RecordMeasurement(%s): %v", name, err)
		}
		return m
	}
	f.patch, f.respond = metric("Patch compliance", "higher", "95", "%", "97"), metric("Days to respond", "lower", "5", "days", "8")
	return f
}

// objectiveForm is a valid form for a new objective measured by metrics.
func (f *objectiveFixture) objectiveForm(metrics string) url.Values {
	return url.Values{"statement": {"Patch critical vulnerabilities within 14 days"}, "policyId": {"DOC-1"}, "metrics": {metrics},
		"target": {"95% by 2026-12-31"}, "ownerId": {string(f.mgr.ID)}, "resources": {"Two administrators"}, "dueOn": {"2026-12-31"},
		"evaluation": {""}, "status": {"in_progress"}}
}

// rowsOf returns the first cells of the list's rows.
func rowsOf(t *testing.T, c *client, path string) []string {
	t.Helper()
	resp := c.get(path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", path, resp.StatusCode)
	}
	var out []string
	page(t, resp).Find("table.list tbody tr").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(s.Find("td").First().Text()))
	})
	return out
}

// twoObjectives records, as the manager through the form, OBJ-1 measured
// by M-1 and M-2 (at risk: M-2 is off target) and OBJ-2 evaluated in
// words, overdue; it returns OBJ-1's page.
func (f *objectiveFixture) twoObjectives(t *testing.T) string {
	t.Helper()
	loc := postRedirect(t, f.mgrC, "/objectives", f.objectiveForm("M-1, M-2"))
	postRedirect(t, f.mgrC, "/objectives", url.Values{"statement": {"All staff complete awareness training"}, "evaluation": {"Completion report"},
		"dueOn": {"2026-01-31"}, "status": {"planned"}, "metrics": {""}})
	return loc
}

func TestObjectiveFormRefusesWhatIsWrong(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newObjectiveFixture(t, db)
		c := f.mgrC
		doc := page(t, c.get("/objectives"))
		if got := text(doc, ".empty h2"); got != "No objectives yet" || !strings.Contains(text(doc, ".empty"), "6.2") ||
			!strings.Contains(text(doc, ".empty"), "awareness training") || doc.Find(`.empty a[href="/objectives/new"]`).Length() != 1 {
			t.Errorf("the empty list: %q", text(doc, ".empty"))
		}
		doc = page(t, c.get("/objectives/new"))
		if doc.Find(`#f-policyId option[value="DOC-1"]`).Length() != 1 || doc.Find(`#f-policyId option[value="DOC-2"]`).Length() != 0 {
			t.Errorf("the policies offered: %q", text(doc, "#f-policyId"))
		}
		if doc.Find(`form.form input[name=csrf]`).Length() != 1 || doc.Find(`#f-metrics`).Length() != 1 || doc.Find(`#f-ownerId`).Length() != 1 {
			t.Error("the form lacks its CSRF token, metrics or owner")
		}
		bad := f.objectiveForm("M-1, M-9")
		bad.Set("statement", "")
		bad.Set("policyId", "DOC-2")
		bad.Set("dueOn", "")
		resp := c.post("/objectives", bad)
		doc = page(t, resp)
		wantStatus(t, "POST /objectives with problems", resp, http.StatusUnprocessableEntity)
		for _, field := range []string{"statement", "policyId", "metrics", "dueOn"} {
			if byID(doc, "f-"+field).ParentFiltered(".field-invalid").Length() != 1 {
				t.Errorf("field %s has no problem shown beside it", field)
			}
		}
		if got := byID(doc, "f-metrics").AttrOr("value", ""); got != "M-1, M-9" {
			t.Errorf("the typed metrics were lost: %q", got)
		}
		if got := text(doc, ".error-summary"); !strings.Contains(got, "M-9") || !strings.Contains(got, "not a policy") {
			t.Errorf("the summary: %q", got)
		}
	})
}

func TestObjectivePageShowsProgress(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newObjectiveFixture(t, db)
		loc := f.twoObjectives(t)
		doc := page(t, f.mgrC.get(loc))
		if got := text(doc, "h1"); got != "OBJ-1 Patch critical vulnerabilities within 14 days" {
			t.Errorf("the objective's heading: %q", got)
		}
		if got := text(doc, "#progress-heading + p .chip"); got != "At risk" {
			t.Errorf("progress = %q, want At risk (M-2 is off target)", got)
		}
		metrics := text(doc, "#progress-heading ~ .table-wrap tbody")
		for _, want := range []string{"M-1", "On target", "97 %", "M-2", "Off target", "8 days", "at most 5 days"} {
			if !strings.Contains(metrics, want) {
				t.Errorf("the metrics table lacks %q: %q", want, metrics)
			}
		}
		if doc.Find(`a[href="/documents/`+string(f.policy.ID)+`"]`).Length() != 1 {
			t.Error("the policy is not linked")
		}
		if got := text(doc, ".record-links"); !strings.Contains(got, "Metric M-1: Patch compliance") {
			t.Errorf("the linked records: %q", got)
		}
		if got := text(doc, "#history-heading + .timeline"); !strings.Contains(got, "recorded an objective") {
			t.Errorf("the history: %q", got)
		}
		if doc.Find(`form[action="`+loc+`/delete"] input[name=csrf]`).Length() != 1 {
			t.Error("no delete form with its CSRF token")
		}
		other := page(t, f.mgrC.get("/objectives/OBJ-2"))
		if got := text(other, ".page-header .meta"); !strings.Contains(got, "overdue") || !strings.Contains(got, "Unknown") {
			t.Errorf("OBJ-2's header: %q", got)
		}
	})
}

func TestObjectiveListFiltersAndExports(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newObjectiveFixture(t, db)
		f.twoObjectives(t)
		c := f.mgrC
		for path, want := range map[string][]string{
			"/objectives":                               {"OBJ-1", "OBJ-2"},
			"/objectives?sort=-ref":                     {"OBJ-2", "OBJ-1"},
			"/objectives?progress=at_risk":              {"OBJ-1"},
			"/objectives?progress=unknown":              {"OBJ-2"},
			"/objectives?overdue=1":                     {"OBJ-2"},
			"/objectives?q=PATCH":                       {"OBJ-1"},
			"/objectives?status=planned":                {"OBJ-2"},
			"/objectives?dueBefore=2026-06-01":          {"OBJ-2"},
			"/objectives?owner=" + string(f.mgr.ID):     {"OBJ-1"},
			"/objectives?owner=me&progress=on_track":    nil,
			"/objectives?progress=watch&status=planned": nil,
		} {
			if got := rowsOf(t, c, path); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("GET %s lists %v, want %v", path, got, want)
			}
		}
		if got := text(page(t, c.get("/objectives?overdue=1")), "table.list tbody"); !strings.Contains(got, "overdue") {
			t.Errorf("the overdue objective is not flagged: %q", got)
		}
		if got := text(page(t, c.get("/objectives?q=firewall")), ".empty h2"); got != "No objective matches these filters" {
			t.Errorf("nothing found says %q", got)
		}
		if got := status(t, c, "/objectives?progress=bogus"); got != http.StatusUnprocessableEntity {
			t.Errorf("an unknown progress filter: %d", got)
		}
		rows := csvRows(t, c, "/objectives?format=csv")
		if !csvHas(rows, "OBJ-1", "At risk", "2026-12-31", "In progress",
			"M-1 Patch compliance: On target (97 %, 2026-03-01; target at least 95 %); M-2 Days to respond: Off target (8 days, 2026-03-01; target at most 5 days)") ||
			!csvHas(rows, "OBJ-2", "Unknown", "2026-01-31 (overdue)", "Planned") {
			t.Errorf("the export: %v", rows)
		}
		if rows := csvRows(t, c, "/objectives?progress=unknown&format=csv"); len(rows) != 2 || !csvHas(rows, "OBJ-2") {
			t.Errorf("the filtered export: %v", rows)
		}
	})
}

func TestObjectiveEditAndAccess(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newObjectiveFixture(t, db)
		loc := f.twoObjectives(t)
		c := f.mgrC
		form := page(t, c.get(loc+"/edit"))
		version := byID(form, "f-statement").Closest("form").Find(`input[name=version]`).AttrOr("value", "")
		policy := form.Find(`#f-policyId option[selected]`).AttrOr("value", "")
		if got := byID(form, "f-metrics").AttrOr("value", ""); got != "M-1, M-2" || version != "1" || policy != "DOC-1" {
			t.Errorf("the edit form: metrics %q, version %q, policy %q", got, version, policy)
		}
		edit := f.objectiveForm("M-1")
		edit.Set("version", version)
		postRedirect(t, c, loc, edit)
		if got := text(page(t, c.get(loc)), "#progress-heading + p .chip"); got != "On track" {
			t.Errorf("progress after dropping M-2 = %q", got)
		}
		resp := c.post(loc, edit)
		resp.Body.Close()
		wantStatus(t, "a stale save", resp, http.StatusConflict)
		if doc := page(t, f.viewC.get("/objectives")); doc.Find(`a[href="/objectives/new"]`).Length() != 0 {
			t.Error("the viewer is offered to record an objective")
		}
		if doc := page(t, f.viewC.get(loc)); doc.Find(`a[href$="/edit"]`).Length() != 0 || doc.Find(`form[action$="/delete"]`).Length() != 0 {
			t.Error("the viewer is offered to edit or delete")
		}
		if got := status(t, f.viewC, "/objectives/new"); got != http.StatusForbidden {
			t.Errorf("the viewer opens the form: %d", got)
		}
		resp = f.viewC.post(loc+"/delete", nil)
		resp.Body.Close()
		wantStatus(t, "the viewer deletes", resp, http.StatusForbidden)
		if got := status(t, f.empC, "/objectives"); got != http.StatusForbidden {
			t.Errorf("the employee opens the objectives: %d", got)
		}
		if got := postRedirect(t, c, loc+"/delete", nil); got != "/objectives" {
			t.Errorf("deleting went to %q", got)
		}
		if got := status(t, c, loc); got != http.StatusNotFound {
			t.Errorf("the deleted objective's page: %d", got)
		}
	})
}

// objectiveJSON is an objective as the API reads it.
type objectiveJSON struct {
	ID        isms.ID `json:"id"`
	Ref       string  `json:"ref"`
	PolicyRef string  `json:"policyRef"`
	OwnerName string  `json:"ownerName"`
	Status    string  `json:"status"`
	Progress  string  `json:"progress"`
	Overdue   bool    `json:"overdue"`
	Version   int     `json:"version"`
	Metrics   []struct {
		Ref    string `json:"ref"`
		State  string `json:"state"`
		Latest *struct {
			Value float64 `json:"value"`
		} `json:"latest"`
	} `json:"metrics"`
}

func TestObjectiveAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newObjectiveFixture(t, db)
		mgr := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		e := apiCallErr(t, mgr, "POST", "/api/v1/objectives", map[string]any{"statement": "", "policyId": "DOC-2", "metrics": []string{"M-7"}}, 422)
		if got := strings.Join(fieldNames(e), " "); got != "dueOn metrics policyId statement" {
			t.Errorf("problems: %s", got)
		}
		e = apiCallErr(t, mgr, "POST", "/api/v1/objectives", map[string]any{"statement": "Be secure", "dueOn": "2026-12-31"}, 422)
		if !strings.Contains(e.Error.Fields["metrics"], "measurable") {
			t.Errorf("an objective neither measured nor evaluated: %v", e.Error.Fields)
		}
		var o objectiveJSON
		apiCall(t, mgr, "POST", "/api/v1/objectives", map[string]any{"statement": "Patch within 14 days", "policyId": "DOC-1",
			"metrics": []string{"M-2", string(f.patch.ID)}, "ownerId": f.mgr.ID, "dueOn": "2026-12-31", "status": "in_progress"}, 201, &o)
		if o.Ref != "OBJ-1" || o.PolicyRef != "DOC-1" || o.Progress != "at_risk" || len(o.Metrics) != 2 || o.Metrics[0].Ref != "M-1" ||
			o.Metrics[0].State != "on_target" || o.Metrics[0].Latest == nil || o.Metrics[0].Latest.Value != 97 || o.Metrics[1].State != "off_target" {
			t.Errorf("created = %+v", o)
		}
		apiCall(t, mgr, "GET", "/api/v1/objectives/obj-1", nil, 200, &o)
		apiCallErr(t, mgr, "PUT", "/api/v1/objectives/"+string(o.ID), map[string]any{"statement": "Patch within 7 days",
			"evaluation": "Monthly report", "dueOn": "2026-12-31", "version": o.Version + 1}, 409)
		version := o.Version
		o = objectiveJSON{}
		apiCall(t, mgr, "PUT", "/api/v1/objectives/OBJ-1", map[string]any{"statement": "Patch within 7 days",
			"dueOn": "2026-12-31", "status": "in_progress", "version": version}, 200, &o)
		if o.Version != 2 || len(o.Metrics) != 2 || o.PolicyRef != "" || o.OwnerName != "" {
			t.Errorf("after a PUT without metrics = %+v; want the metrics kept, policy and owner cleared", o)
		}
		apiCall(t, mgr, "PUT", "/api/v1/objectives/"+string(o.ID), map[string]any{"statement": "Patch within 7 days", "metrics": []string{},
			"evaluation": "Monthly report", "dueOn": "2026-02-28", "version": o.Version}, 200, &o)
		if len(o.Metrics) != 0 || o.Progress != "unknown" || !o.Overdue || o.Status != "planned" {
			t.Errorf("after dropping the metrics = %+v", o)
		}
		view := f.h.token(f.viewer, f.org, isms.ScopeReadWrite)
		apiCallErr(t, view, "POST", "/api/v1/objectives", map[string]any{"statement": "X", "evaluation": "Y", "dueOn": "2026-12-31"}, 403)
		apiCallErr(t, view, "DELETE", "/api/v1/objectives/OBJ-1", nil, 403)
		apiCall(t, view, "GET", "/api/v1/objectives/OBJ-1", nil, 200, &o)
		apiCall(t, mgr, "DELETE", "/api/v1/objectives/OBJ-1", nil, 204, nil)
		apiCallErr(t, mgr, "GET", "/api/v1/objectives/OBJ-1", nil, 404)
	})
}

func TestObjectiveAPIList(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newObjectiveFixture(t, db)
		mgr := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		apiCall(t, mgr, "POST", "/api/v1/objectives", map[string]any{"statement": "Patch within 7 days", "evaluation": "Monthly report",
			"dueOn": "2026-02-28"}, 201, nil)
		apiCall(t, mgr, "POST", "/api/v1/objectives", map[string]any{"statement": "Respond within 4 hours", "metrics": []string{"M-2"},
			"dueOn": "2027-06-30"}, 201, nil)
		var list apiPage[objectiveJSON]
		for path, want := range map[string]string{
			"/api/v1/objectives":                                 "OBJ-1 OBJ-2",
			"/api/v1/objectives?sort=-ref&limit=1":               "OBJ-2",
			"/api/v1/objectives?progress=at_risk":                "OBJ-2",
			"/api/v1/objectives?overdue=true":                    "OBJ-1",
			"/api/v1/objectives?dueBefore=2027-01-01":            "OBJ-1",
			"/api/v1/objectives?q=respond":                       "OBJ-2",
			"/api/v1/objectives?status=planned&progress=unknown": "OBJ-1",
		} {
			apiCall(t, mgr, "GET", path, nil, 200, &list)
			var got []string
			for _, x := range list.Items {
				got = append(got, x.Ref)
			}
			if strings.Join(got, " ") != want {
				t.Errorf("GET %s = %v (total %d), want %s", path, got, list.Total, want)
			}
		}
		if apiCall(t, mgr, "GET", "/api/v1/objectives?sort=-ref&limit=1", nil, 200, &list); list.Total != 2 {
			t.Errorf("total = %d, want 2", list.Total)
		}
		apiCallErr(t, mgr, "GET", "/api/v1/objectives?progress=late", nil, 422)
		apiCallErr(t, mgr, "GET", "/api/v1/objectives?dueBefore=soon", nil, 422)
	})
}

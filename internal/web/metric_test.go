// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// metricForm is the form of a monthly metric measured and analysed by
// user, 95 % wanted and below 90 % off target.
func metricForm(user isms.ID) url.Values {
	return url.Values{"name": {"Critical patches within 30 days"}, "method": {"Share of critical patches closed in time, from the patch tool."},
		"unit": {"%"}, "direction": {"higher"}, "target": {"95"}, "warning": {"90"}, "frequency": {"every month"},
		"measuredBy": {string(user)}, "analysedBy": {string(user)}}
}

func TestMetricPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		c := f.mgrC
		doc := page(t, c.get("/metrics"))
		if !strings.Contains(doc.Find(".empty").Text(), "No metrics yet") || doc.Find(`.empty a[href="/metrics/new"]`).Length() != 1 {
			t.Errorf("empty list: %q, want the empty state with a link to define one", doc.Find(".empty").Text())
		}
		if doc := page(t, f.viewC.get("/metrics")); doc.Find(`a[href="/metrics/new"]`).Length() != 0 {
			t.Error("the viewer is offered to define a metric")
		}

		bad := metricForm(f.mgr.ID)
		bad.Set("warning", "97")
		resp := c.post("/metrics", bad)
		doc = page(t, resp)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(doc, ".field-invalid .error"), "below the target") {
			t.Errorf("warning above the target: %d %q, want 422 naming the warning threshold", resp.StatusCode, doc.Find(".field-invalid").Text())
		}
		loc := postRedirect(t, c, "/metrics", metricForm(f.mgr.ID))
		if !strings.HasPrefix(loc, "/metrics/met") {
			t.Fatalf("created metric redirects to %s", loc)
		}
		doc = page(t, c.get(loc))
		if text(doc, "h1") != "M-1 Critical patches within 30 days" || !strings.Contains(doc.Find(".meta").Text(), "No data") {
			t.Errorf("metric page: %q / %q", text(doc, "h1"), doc.Find(".meta").Text())
		}
		if doc.Find("svg.chart-line").Length() != 0 || !strings.Contains(doc.Find("#measurements").Text(), "No measurement recorded yet") {
			t.Error("a metric without measurements shows a chart, or no empty state")
		}
		if v, _ := doc.Find(`#f-measuredOn`).Attr("value"); v != "2026-03-02" {
			t.Errorf("the date measured defaults to %q, want today", v)
		}

		resp = c.post(loc+"/measurements", url.Values{"value": {"lots"}, "measuredOn": {"2026-03-02"}})
		if doc := page(t, resp); resp.StatusCode != http.StatusUnprocessableEntity || doc.Find(".field-invalid #f-value").Length() != 1 {
			t.Errorf("bad value: %d, want 422 with the value field marked", resp.StatusCode)
		}
		for _, m := range []url.Values{
			{"value": {"88"}, "measuredOn": {"2026-01-31"}},
			{"value": {"93,5"}, "measuredOn": {"2026-02-28"}, "comment": {"Two servers late"}},
		} {
			if got := postRedirect(t, c, loc+"/measurements", m); got != loc+"#measurements" {
				t.Errorf("recording redirects to %s", got)
			}
		}
		resp = c.get(loc)
		b := body(t, resp)
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		svg := doc.Find(`svg.chart-line[role="img"]`)
		if svg.Length() != 1 || !strings.Contains(svg.Find("title").First().Text(), "2 measurements from 2026-01-31 to 2026-02-28; latest 93.5 % on 2026-02-28") ||
			svg.Find("circle").Length() != 2 || svg.Find("polyline").Length() != 1 {
			t.Errorf("chart: %q with %d points", svg.Find("title").First().Text(), svg.Find("circle").Length())
		}
		if strings.Contains(b, "style=") || strings.Contains(b, "<script>") {
			t.Error("the metric page has an inline style or script")
		}
		rows := doc.Find("#measurements tbody tr")
		if rows.Length() != 2 || !strings.Contains(rows.First().Text(), "93.5 %") || !strings.Contains(rows.First().Text(), "Two servers late") {
			t.Errorf("measurement table: %q", rows.Text())
		}
		if !strings.Contains(doc.Find(".meta").Text(), "Warning") {
			t.Errorf("state after 93.5: %q, want Warning", doc.Find(".meta").Text())
		}

		list := csvRows(t, c, "/metrics?state=warning&format=csv")
		if len(list) != 2 || list[1][0] != "M-1" || list[1][2] != "Warning" || list[1][3] != "93.5 %" {
			t.Errorf("CSV of warning metrics = %v", list)
		}
		if doc := page(t, c.get("/metrics?state=on_target")); !strings.Contains(doc.Find(".empty").Text(), "No metric matches") {
			t.Error("filtering by on target shows the warning metric")
		}
		if st := status(t, c, "/metrics?state=splendid"); st != http.StatusUnprocessableEntity {
			t.Errorf("unknown state filter = %d, want 422", st)
		}

		// Viewers read but cannot record; deleting a measurement is for editors.
		vdoc := page(t, f.viewC.get(loc))
		if vdoc.Find("#record-heading").Length() != 0 || vdoc.Find(`form[action$="/delete"]`).Length() != 0 {
			t.Error("the viewer is offered to record or delete")
		}
		if resp := f.viewC.post(loc+"/measurements", url.Values{"value": {"99"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("viewer records a measurement: %d, want 403", resp.StatusCode)
		}
		del, _ := doc.Find(`#measurements form[action*="/measurements/"]`).First().Attr("action")
		postRedirect(t, c, del, nil)
		if doc := page(t, c.get(loc)); doc.Find("#measurements tbody tr").Length() != 1 {
			t.Error("the deleted measurement is still listed")
		}

		edit := page(t, c.get(loc+"/edit"))
		if v, _ := edit.Find("#f-target").Attr("value"); v != "95" {
			t.Errorf("edit form target = %q", v)
		}
		up := metricForm(f.mgr.ID)
		up.Set("frequency", "quarterly")
		up.Set("version", "1")
		up.Set("controls", "C-404")
		if resp := c.post(loc, up); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body(t, resp), "No control C-404") {
			t.Errorf("unknown control: %d, want 422 naming it", resp.StatusCode)
		}
		up.Del("controls")
		postRedirect(t, c, loc, up)
		if doc := page(t, c.get(loc)); !strings.Contains(doc.Find(".meta").Text(), "every 3 months") {
			t.Errorf("after the edit: %q", doc.Find(".meta").Text())
		}
		postRedirect(t, c, loc+"/delete", nil)
		if st := status(t, c, loc); st != http.StatusNotFound {
			t.Errorf("deleted metric = %d, want 404", st)
		}
	})
}

func TestMetricImportPage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		c := f.mgrC
		loc := postRedirect(t, c, "/metrics", metricForm(f.mgr.ID))
		doc := page(t, c.get(loc+"/import"))
		action, _ := doc.Find(`form[enctype="multipart/form-data"]`).Attr("action")
		if !strings.HasPrefix(action, loc+"/import?csrf=") {
			t.Fatalf("upload form action %q", action)
		}
		upload := func(name, content string) *http.Response {
			ct, b := multipartBody(nil, name, content)
			return c.do("POST", action, ct, bytes.NewReader(b), false)
		}
		resp := upload("results.csv", "date,value\n2026-01-31,88\n2026-13-01,90\n2026-02-28,\n")
		doc = page(t, resp)
		probs := doc.Find(".import-problems tbody tr")
		if resp.StatusCode != http.StatusUnprocessableEntity || probs.Length() != 2 ||
			!strings.Contains(probs.First().Text(), "results.csv:3: column date") || !strings.Contains(probs.Last().Text(), "results.csv:4: column value") {
			t.Errorf("bad import: %d %q", resp.StatusCode, probs.Text())
		}
		if doc := page(t, c.get(loc)); doc.Find("#measurements tbody tr").Length() != 0 {
			t.Error("a refused import stored measurements")
		}
		resp = upload("results.csv", "date,value,comment\n2026-01-31,88,\n2026-02-28,96,good month\n")
		if body(t, resp); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != loc {
			t.Fatalf("good import = %d to %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if doc := page(t, c.get(loc)); doc.Find("#measurements tbody tr").Length() != 2 || !strings.Contains(doc.Find(".meta").Text(), "On target") {
			t.Errorf("after the import: %d rows, %q", doc.Find("#measurements tbody tr").Length(), doc.Find(".meta").Text())
		}
		if resp := upload("results.csv", "date,value\n2026-02-28,96\n"); resp.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(body(t, resp), "already has a measurement") {
			t.Errorf("importing a day again = %d, want 422", resp.StatusCode)
		}
		resp = upload("results.xlsx", metricWorkbook(t))
		if body(t, resp); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("XLSX import = %d", resp.StatusCode)
		}
		if doc := page(t, c.get(loc)); !strings.Contains(doc.Find("#measurements tbody tr").Last().Text(), "2025-12-31") {
			t.Errorf("the XLSX row with a date cell is not the oldest measurement: %q", doc.Find("#measurements tbody tr").Last().Text())
		}
	})
}

func TestMetricsAddressServesTheRegisterOrPrometheus(t *testing.T) {
	h := newHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	org, admin := h.org("acme")
	resp := h.anonymous().get("/metrics")
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin") {
		t.Errorf("anonymous GET /metrics = %d to %q, want the sign-in redirect", resp.StatusCode, resp.Header.Get("Location"))
	}
	tok := h.token(admin, org, isms.ScopeReadWrite)
	resp = tok.get("/metrics")
	if b := body(t, resp); resp.StatusCode != http.StatusNotFound || strings.Contains(b, "Metrics") {
		t.Errorf("GET /metrics with a bearer token but no metrics token configured = %d, want 404", resp.StatusCode)
	}
	if st := status(t, h.signIn(admin), "/metrics"); st != http.StatusOK {
		t.Errorf("signed-in GET /metrics = %d, want the register", st)
	}
}

func TestMetricAPI(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSupportFixture(t, db)
		c := f.h.token(f.mgr, f.org, isms.ScopeReadWrite)
		in := map[string]any{"name": "Phishing click rate", "method": "Clicks in the simulation divided by recipients.", "unit": "%",
			"direction": "lower", "target": 5, "warning": 8, "frequency": "quarterly", "measuredBy": f.mgr.ID, "analysedBy": f.admin.ID}
		bad := map[string]any{"name": "X", "method": "", "direction": "lower", "target": 5, "warning": 4, "frequency": "now and then"}
		e := apiCallErr(t, c, "POST", "/api/v1/metrics", bad, 422)
		if strings.Join(fieldNames(e), " ") != "analysedBy frequency measuredBy method warning" {
			t.Errorf("invalid metric fields = %v", fieldNames(e))
		}
		var m isms.Metric
		apiCall(t, c, "POST", "/api/v1/metrics", in, 201, &m)
		if m.Ref != "M-1" || m.Warning == nil || *m.Warning != 8 || m.ScheduleID == "" {
			t.Errorf("created = %+v", m)
		}
		var x isms.Measurement
		apiCall(t, c, "POST", "/api/v1/metrics/M-1/measurements", map[string]any{"value": 6.5, "measuredOn": "2026-03-01", "comment": "Q1"}, 201, &x)
		if x.Value != 6.5 || x.MeasuredBy != f.mgr.ID {
			t.Errorf("measurement = %+v", x)
		}
		apiCallErr(t, c, "POST", "/api/v1/metrics/M-1/measurements", map[string]any{"measuredOn": "2026-03-01"}, 422)
		var list apiPage[struct {
			Ref    string            `json:"ref"`
			State  isms.MetricState  `json:"state"`
			Latest *isms.Measurement `json:"latest"`
		}]
		apiCall(t, c, "GET", "/api/v1/metrics?state=warning&sort=-state", nil, 200, &list)
		if list.Total != 1 || list.Items[0].Ref != "M-1" || list.Items[0].Latest.ID != x.ID {
			t.Errorf("warning metrics = %+v", list)
		}
		var imp struct {
			Imported int `json:"imported"`
		}
		apiUpload(t, c, "POST", "/api/v1/metrics/"+string(m.ID)+"/measurements/import?name=q.csv", "text/csv",
			[]byte("date,value,comment\n2025-12-01,4,Q4\n2025-09-01,9,Q3\n"), 201, &imp)
		if imp.Imported != 2 {
			t.Errorf("imported %d", imp.Imported)
		}
		e = apiCallErrUpload(t, c, "/api/v1/metrics/"+string(m.ID)+"/measurements/import?name=q.csv", "text/csv", "date,value\n2025-12-01,x\n", 422)
		if e.Error.Fields["q.csv:2: column value"] == "" {
			t.Errorf("bad import fields = %v", e.Error.Fields)
		}
		var ms apiPage[isms.Measurement]
		apiCall(t, c, "GET", "/api/v1/metrics/"+string(m.ID)+"/measurements?limit=2", nil, 200, &ms)
		if ms.Total != 3 || len(ms.Items) != 2 || ms.Items[0].ID != x.ID {
			t.Errorf("measurements = %+v", ms)
		}
		apiCall(t, c, "GET", "/api/v1/measurements/"+string(x.ID), nil, 200, nil)
		var got struct {
			State   isms.MetricState `json:"state"`
			NextDue string           `json:"nextDue"`
			Version int              `json:"version"`
		}
		apiCall(t, c, "GET", "/api/v1/metrics/m-1", nil, 200, &got)
		if got.State != isms.MetricWarning || got.NextDue != "2026-06-01" {
			t.Errorf("metric = %+v, want warning, next due 2026-06-01", got)
		}
		in["version"], in["name"] = 2, "Phishing clicks"
		apiCallErr(t, c, "PUT", "/api/v1/metrics/"+string(m.ID), in, 409)
		in["version"] = 1
		apiCall(t, c, "PUT", "/api/v1/metrics/"+string(m.ID), in, 200, &m)
		if m.Name != "Phishing clicks" || m.Version != 2 {
			t.Errorf("updated = %+v", m)
		}
		viewer := f.h.token(f.viewer, f.org, isms.ScopeReadWrite)
		apiCallErr(t, viewer, "DELETE", "/api/v1/measurements/"+string(x.ID), nil, 403)
		apiCall(t, c, "DELETE", "/api/v1/measurements/"+string(x.ID), nil, 204, nil)
		apiCallErr(t, c, "GET", "/api/v1/measurements/"+string(x.ID), nil, 404)
		apiCall(t, c, "DELETE", "/api/v1/metrics/"+string(m.ID), nil, 204, nil)
		apiCallErr(t, c, "GET", "/api/v1/metrics/"+string(m.ID), nil, 404)
	})
}

// metricWorkbook is an XLSX file of one measurement whose date is a date
// cell in the short date format, as a spreadsheet stores a typed date.
func metricWorkbook(t *testing.T) string {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	style, err := x.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	x.SetSheetRow("Sheet1", "A1", &[]any{"date", "value", "comment"})
	x.SetSheetRow("Sheet1", "A2", &[]any{time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), 91.5, "year end"})
	x.SetCellStyle("Sheet1", "A2", "A2", style)
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

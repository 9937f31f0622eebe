// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for metrics and
// their measurements. Readers of the ISMS see them; administrators, ISMS
// managers and contributors define metrics and record, import and delete
// measurements; employees see nothing. GET /metrics without a bearer
// token is the register; with one it is the Prometheus metrics, which
// TestMetricsAddressServesTheRegisterOrPrometheus covers.
func init() {
	for pattern, row := range metricAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzMetrics)
	authzTargetIDs[targetMetric] = func(f *authzFixture, x authzWho) string { return string(f.ids["metric"]) }
	authzTargetIDs[targetMeasurement] = func(f *authzFixture, x authzWho) string { return string(f.ids["measurement"]) }
	authzPathVars["measurement"] = func(f *authzFixture, x authzWho) string { return string(f.ids["measurement"]) }
}

// The targets: A's metric M-1, measured by A's manager, and its one
// measurement.
const (
	targetMetric authzTarget = 780 + iota
	targetMeasurement
)

const (
	readMetrics    = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	readMetricsID  = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N"
	editMetrics    = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:A"
	editMetricsID  = "anon:D owner:D admin:A mgr:A contrib:A aud:D view:D emp:D other:N"
	metricImportCT = "text/csv"
)

var metricAuthzRows = map[string]authzRow{
	"GET /metrics":                    {cells: readMetrics, note: "the register; a bearer token gets the Prometheus metrics instead"},
	"GET /metrics/new":                {cells: editMetrics},
	"POST /metrics":                   {cells: editMetrics, body: authzMetricForm},
	"GET /metrics/{id}":               {cells: readMetricsID, id: targetMetric},
	"GET /metrics/{id}/edit":          {cells: editMetricsID, id: targetMetric},
	"POST /metrics/{id}":              {cells: editMetricsID, id: targetMetric, body: authzMetricUpdateForm},
	"POST /metrics/{id}/delete":       {cells: editMetricsID, id: targetMetric},
	"GET /metrics/{id}/measurements":  {cells: readMetricsID, id: targetMetric},
	"POST /metrics/{id}/measurements": {cells: editMetricsID, id: targetMetric, body: authzMeasurementForm},
	"GET /metrics/{id}/import":        {cells: editMetricsID, id: targetMetric},
	"POST /metrics/{id}/import":       {cells: editMetricsID, id: targetMetric, upload: authzMeasurementUpload},
	"POST /metrics/{id}/measurements/{measurement}/delete": {cells: editMetricsID, id: targetMetric,
		note: "{measurement} is M-1's measurement"},

	"GET /api/v1/metrics":      {cells: readMetrics},
	"POST /api/v1/metrics":     {cells: editMetrics, body: authzMetricJSON},
	"GET /api/v1/metrics/{id}": {cells: readMetricsID, id: targetMetric, note: "also by its reference"},
	"PUT /api/v1/metrics/{id}": {cells: editMetricsID, id: targetMetric, body: func(f *authzFixture, x authzWho) any {
		in := authzMetricJSON(f, asMgr).(map[string]any)
		in["version"] = f.metricVersion()
		return in
	}},
	"DELETE /api/v1/metrics/{id}":           {cells: editMetricsID, id: targetMetric},
	"GET /api/v1/metrics/{id}/measurements": {cells: readMetricsID, id: targetMetric},
	"POST /api/v1/metrics/{id}/measurements": {cells: editMetricsID, id: targetMetric, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"value": 97, "measuredOn": "2026-03-01"}
	}},
	"POST /api/v1/metrics/{id}/measurements/import": {cells: editMetricsID, id: targetMetric, upload: func(f *authzFixture, x authzWho) (string, []byte) {
		return metricImportCT, []byte("date,value\n2026-02-28,96\n")
	}},
	"GET /api/v1/measurements/{id}":    {cells: readMetricsID, id: targetMeasurement},
	"DELETE /api/v1/measurements/{id}": {cells: editMetricsID, id: targetMeasurement},
}

// newAuthzMetrics gives A its metric and measurement.
func newAuthzMetrics(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, admin := context.Background(), w.actor(asAdmin)
	m, err := h.app.CreateMetric(ctx, admin, app.MetricInput{Name: "Critical patches within 30 days", Method: "Patch tool report.",
		Unit: "%", Direction: "higher", Target: "95", Frequency: "every month", MeasuredBy: string(w.users[asMgr].ID),
		AnalysedBy: string(w.users[asMgr].ID)})
	if err != nil {
		h.t.Fatalf("CreateMetric: %v", err)
	}
	x, err := h.app.RecordMeasurement(ctx, admin, m.ID, app.MeasurementInput{Value: "93", MeasuredOn: "2026-01-31"})
	if err != nil {
		h.t.Fatalf("RecordMeasurement: %v", err)
	}
	w.ids["metric"], w.ids["measurement"] = m.ID, x.ID
}

func (f *authzFixture) metricVersion() int {
	f.h.t.Helper()
	m, err := f.h.app.FindMetric(context.Background(), isms.SystemActor(f.a.ID), f.ids["metric"])
	if err != nil {
		f.h.t.Fatalf("FindMetric: %v", err)
	}
	return m.Version
}

func authzMetricForm(f *authzFixture, x authzWho) any {
	who := string(f.assignee(x))
	return url.Values{"name": {"Awareness training completed"}, "method": {"HR system report."}, "unit": {"%"}, "direction": {"higher"},
		"target": {"90"}, "frequency": {"quarterly"}, "measuredBy": {who}, "analysedBy": {who}}
}

func authzMetricUpdateForm(f *authzFixture, x authzWho) any {
	form := authzMetricForm(f, asMgr).(url.Values)
	form.Set("version", strconv.Itoa(f.metricVersion()))
	return form
}

func authzMeasurementForm(f *authzFixture, x authzWho) any {
	return url.Values{"value": {"97"}, "measuredOn": {"2026-03-01"}}
}

func authzMeasurementUpload(f *authzFixture, x authzWho) (string, []byte) {
	return multipartBody(nil, "results.csv", "date,value\n2026-02-28,96\n")
}

func authzMetricJSON(f *authzFixture, x authzWho) any {
	who := f.assignee(x)
	return map[string]any{"name": "Awareness training completed", "method": "HR system report.", "direction": "higher",
		"target": 90, "frequency": "quarterly", "measuredBy": who, "analysedBy": who}
}

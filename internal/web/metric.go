// SPDX-License-Identifier: Apache-2.0

package web

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Metrics (ISO/IEC 27001 9.1): the list with each metric's state, its
// page with the measurements drawn against the target (metric_chart.go)
// and the form to record one; the metric form and the import are in
// metric_routes.go.

func init() {
	addPhrases(map[string]string{
		"metric.create": "defined a metric", "metric.update": "changed a metric", "metric.delete": "deleted a metric",
		"measurement.create": "recorded a measurement", "measurement.delete": "deleted a measurement",
		"measurement.import": "imported measurements",
	})
}

var metricColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "name", Label: "Metric"}, {Key: "state", Label: "State"},
	{Label: "Latest value", Numeric: true}, {Key: "latest", Label: "Measured on"}, {Label: "Target"},
	{Label: "Frequency"}, {Label: "Measured by"},
}

// metricSortKeys are the metric list's sort keys.
var metricSortKeys = sortValues("ref", "name", "state", "latest", "updated")

// metricChip is the chip class of a metric state.
func metricChip(s isms.MetricState) string {
	switch s {
	case isms.MetricOnTarget:
		return "chip-ok"
	case isms.MetricWarning:
		return "chip-warn"
	case isms.MetricOffTarget, isms.MetricOverdue:
		return "chip-bad"
	}
	return "chip-muted"
}

// metricRow is a metric as the list and its page show it.
type metricRow struct {
	M         *isms.Metric
	Latest    *isms.Measurement
	State     isms.MetricState
	Chip      string
	Value     string // the latest value with its unit; "" when none
	Target    string // "at least 95 %"
	Warning   string // "below 90 %"; "" when none
	Frequency string
}

func newMetricRow(s app.MetricSummary) metricRow {
	m := s.Metric
	row := metricRow{M: m, Latest: s.Latest, State: s.State, Chip: metricChip(s.State), Target: targetText(m),
		Frequency: m.Frequency.String()}
	if s.Latest != nil {
		row.Value = valueText(s.Latest.Value, m.Unit)
	}
	if m.Warning != nil {
		row.Warning = "off target beyond " + valueText(*m.Warning, m.Unit)
	}
	return row
}

func metricRecord(s app.MetricSummary) []string {
	row := newMetricRow(s)
	on := ""
	if s.Latest != nil {
		on = s.Latest.MeasuredOn.String()
	}
	return []string{s.Metric.Ref, s.Metric.Name, s.State.Label(), row.Value, on, row.Target, row.Frequency, s.Metric.MeasuredByName}
}

// metricStateOptions lists the states for a select.
func metricStateOptions() [][2]string {
	out := [][2]string{{"", "Any state"}}
	for _, st := range isms.MetricStates {
		out = append(out, [2]string{string(st), st.Label()})
	}
	return out
}

type metricListPage struct {
	basePage
	List       *listResult[app.MetricSummary]
	Rows       []metricRow
	State      string
	MeasuredBy string
	Search     string
	States     [][2]string
	Measurers  [][2]string
	CanEdit    bool
}

// readMetricFilter reads the list's filters from the URL.
func readMetricFilter(r *http.Request) (app.MetricFilter, error) {
	q := r.URL.Query()
	f := app.MetricFilter{Text: strings.TrimSpace(q.Get("q")), State: isms.MetricState(q.Get("state")),
		MeasuredBy: isms.ID(strings.TrimSpace(q.Get("measuredBy")))}
	if f.MeasuredBy == "me" {
		f.MeasuredBy = actor(r).UserID
	}
	if f.State != "" && !contains(enumStrings(isms.MetricStates...), string(f.State)) {
		return f, isms.Problems{"state": "State must be on_target, warning, off_target, overdue or no_data."}.Err()
	}
	return f, nil
}

func (s *Server) handleMetricIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, err := readMetricFilter(r)
	if err != nil {
		return err
	}
	spec := listSpec[app.MetricSummary]{
		Title: "Metrics", Columns: metricColumns, DefaultSort: "ref",
		Fetch: func(q listQuery) ([]app.MetricSummary, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.FindMetrics(r.Context(), a, f)
		},
		Record: metricRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"State", string(f.State)}, {"Measured by", string(f.MeasuredBy)}, {"Search", f.Text}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &metricListPage{List: list, State: string(f.State), MeasuredBy: string(f.MeasuredBy), Search: f.Text,
		States: metricStateOptions(), CanEdit: a.Can(isms.EditObjectives)}
	if p.Measurers, err = s.memberOptions(r, "Anyone"); err != nil {
		return err
	}
	for _, x := range list.Items {
		p.Rows = append(p.Rows, newMetricRow(x))
	}
	p.Title = "Metrics"
	return s.render(w, r, http.StatusOK, "metric_index", p)
}

// metricPageLimit is how many of a metric's latest measurements its page
// draws and lists; the API pages through all of them.
const metricPageLimit = 120

// measurementRow is a measurement as the metric's page lists it.
type measurementRow struct {
	*isms.Measurement
	Value string // with its unit
}

type metricShowPage struct {
	basePage
	Row          metricRow
	Detail       *app.MetricDetail
	Chart        template.HTML
	Measurements []measurementRow // latest first, for the table
	Overdue      bool
	Links        []app.RecordLink
	History      []*isms.AuditEvent
	Form         formView // record a measurement
	CanEdit      bool
	CanAudit     bool
}

func (s *Server) handleMetricShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderMetric(w, r, http.StatusOK, app.MeasurementInput{}, nil)
}

// renderMetric renders the metric's page; in and formErr are the
// measurement form's input and problems when recording was refused.
func (s *Server) renderMetric(w http.ResponseWriter, r *http.Request, status int, in app.MeasurementInput, formErr error) error {
	a := actor(r)
	d, err := s.app.FindMetricDetail(r.Context(), a, pathID(r), metricPageLimit)
	if err != nil {
		return err
	}
	m := d.Metric
	p := &metricShowPage{Row: newMetricRow(d.MetricSummary), Detail: d, Chart: metricChart(m, d.Measurements),
		Overdue: d.State == isms.MetricOverdue, CanEdit: a.Can(isms.EditObjectives), CanAudit: a.Can(isms.ReadAuditTrail)}
	for i := len(d.Measurements) - 1; i >= 0; i-- {
		x := d.Measurements[i]
		p.Measurements = append(p.Measurements, measurementRow{Measurement: x, Value: valueText(x.Value, m.Unit)})
	}
	if p.Links, err = s.app.RecordLinks(r.Context(), a, isms.Link{Type: "metric", ID: m.ID}); err != nil {
		return err
	}
	if p.CanAudit {
		p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "metric", ObjectID: m.ID, Desc: true, Limit: 20})
		if err != nil {
			return err
		}
	}
	if p.CanEdit {
		if p.Form, err = s.measurementForm(r, m, in, formErr); err != nil {
			return err
		}
	}
	p.Title = m.Ref + " " + m.Name
	return s.render(w, r, status, "metric_show", p)
}

// measurementForm is the form that records a measurement of m.
func (s *Server) measurementForm(r *http.Request, m *isms.Metric, in app.MeasurementInput, err error) (formView, error) {
	if in.MeasuredOn == "" && err == nil {
		in.MeasuredOn = isms.DateOf(s.app.Now()).String()
	}
	if in.MeasuredBy == "" && err == nil {
		in.MeasuredBy = string(actor(r).UserID)
	}
	members, ferr := s.memberOptions(r, "Whoever records it")
	if ferr != nil {
		return formView{}, ferr
	}
	unit := ""
	if m.Unit != "" {
		unit = " In " + m.Unit + "."
	}
	f := formView{Action: "/metrics/" + string(m.ID) + "/measurements", Submit: "Record measurement", Fields: []fieldView{
		text("value", "Value", in.Value).required().help("The result, as a number such as 92.5." + unit),
		text("measuredOn", "Measured on", in.MeasuredOn).kind("date").required().help("The day the value was measured, YYYY-MM-DD; today unless you enter an earlier result."),
		selectField("measuredBy", "Measured by", in.MeasuredBy, keepOption(members, in.MeasuredBy, "")),
		text("comment", "Comment", in.Comment).kind("textarea").help("Anything that explains the result, such as what was counted or why it changed."),
		text("evidenceId", "Evidence", in.EvidenceID).help("Optional: the ID of the evidence item that records the result, such as the report it comes from."),
	}}
	f.withErrors(err)
	return f, nil
}

// keepOption returns opts with current among them, added with name when
// it is missing (a member who may no longer be chosen).
func keepOption(opts [][2]string, current, name string) [][2]string {
	if current == "" {
		return opts
	}
	for _, o := range opts {
		if o[0] == current {
			return opts
		}
	}
	if name == "" {
		name = current
	}
	return append(opts, [2]string{current, name + " (no longer a member who may be chosen)"})
}

func (s *Server) handleMeasurementCreate(w http.ResponseWriter, r *http.Request) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	in := app.MeasurementInput{Value: f("value"), MeasuredOn: f("measuredOn"), MeasuredBy: f("measuredBy"),
		Comment: r.PostFormValue("comment"), EvidenceID: f("evidenceId")}
	x, err := s.app.RecordMeasurement(r.Context(), actor(r), pathID(r), in)
	if isms.ErrorFields(err) != nil {
		return s.renderMetric(w, r, statusOf(isms.ErrorCode(err)), in, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Measurement of "+formatValue(x.Value)+" on "+x.MeasuredOn.String()+" recorded.")
	http.Redirect(w, r, "/metrics/"+string(x.MetricID)+"#measurements", http.StatusSeeOther)
	return nil
}

func (s *Server) handleMeasurementDelete(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	m, err := s.app.FindMetric(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	x, err := s.app.FindMeasurement(r.Context(), a, isms.ID(r.PathValue("measurement")))
	if err == nil && x.MetricID != m.ID {
		err = isms.Errorf(isms.NotFound, "No such measurement of this metric.")
	}
	if err == nil {
		err = s.app.DeleteMeasurement(r.Context(), a, x.ID)
	}
	if err != nil {
		return err
	}
	s.flash(w, "ok", "Measurement of "+x.MeasuredOn.String()+" deleted.")
	http.Redirect(w, r, "/metrics/"+string(m.ID)+"#measurements", http.StatusSeeOther)
	return nil
}

func (s *Server) handleMetricDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.DeleteMetric(r.Context(), actor(r), pathID(r)); err != nil {
		return err
	}
	s.flash(w, "ok", "Metric deleted, with its measurements; its measure tasks to come were cancelled.")
	http.Redirect(w, r, "/metrics", http.StatusSeeOther)
	return nil
}

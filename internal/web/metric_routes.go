// SPDX-License-Identifier: Apache-2.0

package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// metricRoutes registers the pages of this register. GET /metrics is
// shared with the Prometheus metrics (metrics.go): a request that bears a
// bearer token gets them (or 404 without the right token), any other gets
// the register, for members only.
func (s *Server) metricRoutes() {
	register := s.guard(Member, s.page(s.handleMetricIndex))
	s.handle("GET /metrics", Public, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			s.handleMetrics(w, r)
			return
		}
		register.ServeHTTP(w, r)
	}))
	s.handle("GET /metrics/new", Member, s.page(s.handleMetricNew))
	s.handle("POST /metrics", Member, s.page(s.handleMetricCreate))
	s.handle("GET /metrics/{id}", Member, s.page(s.handleMetricShow))
	s.handle("GET /metrics/{id}/edit", Member, s.page(s.handleMetricEdit))
	s.handle("POST /metrics/{id}", Member, s.page(s.handleMetricUpdate))
	s.handle("POST /metrics/{id}/delete", Member, s.page(s.handleMetricDelete))
	s.handle("GET /metrics/{id}/measurements", Member, s.page(s.handleMeasurementIndex))
	s.handle("POST /metrics/{id}/measurements", Member, s.page(s.handleMeasurementCreate))
	s.handle("POST /metrics/{id}/measurements/{measurement}/delete", Member, s.page(s.handleMeasurementDelete))
	s.handle("GET /metrics/{id}/import", Member, s.page(s.handleMeasurementImportPage))
	s.handle("POST /metrics/{id}/import", Member, s.page(s.handleMeasurementImport))
}

// metricOperations lists the API operations of this register.
func (s *Server) metricOperations() []apiOperation { return s.metricAPIOperations() }

// metricFormValues is what the metric form shows and sends.
type metricFormValues struct {
	In                             app.MetricInput
	Controls, Processes            string // the references as typed
	MeasuredByName, AnalysedByName string // the stored members' names
	ID                             isms.ID
	Ref                            string
	Version                        int
}

// renderMetricForm renders the metric form with v and the problems of err.
func (s *Server) renderMetricForm(w http.ResponseWriter, r *http.Request, status int, v metricFormValues, err error) error {
	members, ferr := s.memberOptions(r, "Choose a member…")
	if ferr != nil {
		return ferr
	}
	directions := [][2]string{{"", "Choose which way is better…"}, {"higher", "Higher is better"}, {"lower", "Lower is better"}}
	p := &formPage{Lede: "What is monitored and measured, how, how often and by whom, and the result wanted, so that results are comparable and can be reproduced (ISO/IEC 27001 9.1)."}
	f := formView{Action: "/metrics", Submit: "Define metric", Cancel: "/metrics", Fields: []fieldView{
		text("name", "What is measured", v.In.Name).required().help("Such as: critical patches applied within 30 days."),
		text("description", "Description", v.In.Description).kind("textarea").help("Why it matters and what it tells about the ISMS."),
		text("method", "Method", v.In.Method).kind("textarea").required().help("How the value is obtained: the source, what is counted and how it is calculated, so that anyone measuring again gets a comparable result."),
		text("unit", "Unit", v.In.Unit).help("Such as %, days or incidents; empty for a plain count."),
		selectField("direction", "Which way is better", v.In.Direction, directions).required(),
		text("target", "Target", v.In.Target).required().help("The value wanted, such as 95. At or beyond it the metric is on target."),
		text("warning", "Warning threshold", v.In.Warning).help("Optional: between it and the target the metric is in warning; beyond it, off target. It lies on the bad side of the target: below it when higher is better, above it when lower is better."),
		text("frequency", "Frequency", v.In.Frequency).required().help(`How often it is measured, such as "every month", "quarterly" or "first monday of each quarter". Who measures gets a task each time.`),
		selectField("measuredBy", "Measured by", v.In.MeasuredBy, keepOption(members, v.In.MeasuredBy, v.MeasuredByName)).required().help("Who measures it; they get the measure tasks."),
		selectField("analysedBy", "Analysed and evaluated by", v.In.AnalysedBy, keepOption(members, v.In.AnalysedBy, v.AnalysedByName)).required().help("Who analyses the results and evaluates what they say."),
		text("analysis", "Analysis", v.In.Analysis).kind("textarea").help("What the results show and what follows from them; update it when you evaluate them."),
		text("controls", "Controls it measures", v.Controls).help("References separated by commas, such as C-12, C-31."),
		text("processes", "ISMS processes it measures", v.Processes).help("References separated by commas, such as PRC-2."),
	}}
	p.Title = "New metric"
	if v.Version > 0 {
		base := "/metrics/" + string(v.ID)
		f.Action, f.Submit, f.Cancel = base, "Save metric", base
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version), "ref": v.Ref}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail. A new frequency or measurer carries to the measure tasks still to come."
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "metric_form", p)
}

func (s *Server) handleMetricNew(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditObjectives, "You may not define metrics."); err != nil {
		return err
	}
	in := app.MetricInput{Direction: "higher", Frequency: "every month", MeasuredBy: string(a.UserID), AnalysedBy: string(a.UserID)}
	return s.renderMetricForm(w, r, http.StatusOK, metricFormValues{In: in}, nil)
}

func (s *Server) handleMetricEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditObjectives, "You may not change metrics."); err != nil {
		return err
	}
	m, err := s.app.FindMetric(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	links, err := s.app.RecordLinks(r.Context(), a, isms.Link{Type: "metric", ID: m.ID})
	if err != nil {
		return err
	}
	warning := ""
	if m.Warning != nil {
		warning = formatValue(*m.Warning)
	}
	in := app.MetricInput{Name: m.Name, Description: m.Description, Method: m.Method, Unit: m.Unit, Direction: string(m.Direction),
		Target: formatValue(m.Target), Warning: warning, Frequency: m.Frequency.String(), MeasuredBy: string(m.MeasuredBy),
		AnalysedBy: string(m.AnalysedBy), Analysis: m.Analysis}
	v := metricFormValues{In: in, Controls: app.LinkedRefs(links, "control"), Processes: app.LinkedRefs(links, "isms_process"),
		MeasuredByName: m.MeasuredByName, AnalysedByName: m.AnalysedByName, ID: m.ID, Ref: m.Ref, Version: m.Version}
	return s.renderMetricForm(w, r, http.StatusOK, v, nil)
}

// saveMetric creates or updates the metric of the form.
func (s *Server) saveMetric(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := metricFormValues{In: app.MetricInput{Name: f("name"), Description: r.PostFormValue("description"), Method: r.PostFormValue("method"),
		Unit: f("unit"), Direction: f("direction"), Target: f("target"), Warning: f("warning"), Frequency: f("frequency"),
		MeasuredBy: f("measuredBy"), AnalysedBy: f("analysedBy"), Analysis: r.PostFormValue("analysis")},
		Controls: f("controls"), Processes: f("processes"), Version: formInt(r, "version")}
	v.In.Controls, v.In.Processes = app.SplitRefs(v.Controls), app.SplitRefs(v.Processes)
	return saveRecordForm(s, w, r, recordSave[*isms.Metric]{update: update, version: v.Version, what: "metric's",
		create: func() (*isms.Metric, error) { return s.app.CreateMetric(r.Context(), actor(r), v.In) },
		change: func() (*isms.Metric, error) {
			v.ID, v.Ref = pathID(r), r.PostFormValue("ref")
			return s.app.UpdateMetric(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderMetricForm(w, r, status, v, err) },
		saved: func(m *isms.Metric) (string, string) {
			return "Metric " + m.Ref + " saved.", "/metrics/" + string(m.ID)
		}})
}

func (s *Server) handleMetricCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveMetric(w, r, false)
}

func (s *Server) handleMetricUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveMetric(w, r, true)
}

type measurementImportPage struct {
	basePage
	Metric   *isms.Metric
	Action   string // the upload form's address, with the CSRF token
	MaxText  string
	FileName string
	Problems []importProblem
}

// measurementImportMax is the largest file the import reads.
const measurementImportMax = 2 << 20

func (s *Server) renderMeasurementImport(w http.ResponseWriter, r *http.Request, status int, name string, err error) error {
	m, ferr := s.app.FindMetric(r.Context(), actor(r), pathID(r))
	if ferr != nil {
		return ferr
	}
	p := &measurementImportPage{Metric: m, Action: uploadAction("/metrics/"+string(m.ID)+"/import", s.csrfToken(w, r)),
		MaxText: byteText(measurementImportMax), FileName: name, Problems: importProblems(err)}
	p.Title = "Import measurements of " + m.Ref
	return s.render(w, r, status, "metric_import", p)
}

func (s *Server) handleMeasurementImportPage(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditObjectives, "You may not import measurements."); err != nil {
		return err
	}
	return s.renderMeasurementImport(w, r, http.StatusOK, "", nil)
}

// handleMeasurementImport stores the measurements of an uploaded file,
// or shows every problem of it.
func (s *Server) handleMeasurementImport(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditObjectives, "You may not import measurements."); err != nil {
		return err
	}
	var name string
	var data []byte
	err := s.readUpload(w, r, func(parts uploadParts, file *app.FileInput) error {
		if file == nil {
			return isms.Problems{fileField: "Choose a CSV or XLSX file with the columns date, value and comment."}.Err()
		}
		if name = file.Name; name == "" {
			name = "upload.csv"
		}
		var rerr error
		data, rerr = io.ReadAll(io.LimitReader(file.Reader, measurementImportMax+1))
		if rerr == nil && len(data) > measurementImportMax {
			rerr = isms.Problems{fileField: name + " is larger than 2 MiB; split it into smaller files."}.Err()
		}
		return rerr
	})
	var res *app.MeasurementImportResult
	if err == nil {
		res, err = s.app.ImportMeasurements(r.Context(), a, pathID(r), name, data)
	}
	if status := errorStatus(err); err != nil && (status == http.StatusUnprocessableEntity || status == http.StatusRequestEntityTooLarge) {
		return s.renderMeasurementImport(w, r, status, name, err)
	} else if err != nil {
		return err
	}
	msg := "Imported " + plural(res.Imported, "measurement", "measurements") + " from " + name + ", " + res.First.String() + " to " + res.Last.String() + "."
	if res.Completed != nil {
		msg += " The measure task due " + res.Completed.Due.String() + " is done."
	}
	s.flash(w, "ok", msg)
	http.Redirect(w, r, "/metrics/"+string(pathID(r)), http.StatusSeeOther)
	return nil
}

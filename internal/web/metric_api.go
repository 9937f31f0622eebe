// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Metrics and their measurements in the API.

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.MetricDirection](): {doc: "Which way a metric's value is better.", values: enumStrings(isms.MetricDirections...)},
		reflect.TypeFor[isms.MetricState]():     {doc: "Where a metric stands by its latest measurement.", values: enumStrings(isms.MetricStates...)},
	})
}

func (s *Server) metricAPIOperations() []apiOperation {
	read, edit := "Metrics", "Needs the right to edit objectives and metrics."
	ops := []apiOperation{{
		Pattern: "GET /api/v1/metrics", Access: Member, Handler: s.apiMetricList,
		ID: "listMetrics", Tag: read, Summary: "List metrics",
		Description: "Each metric with its latest measurement and its state today.",
		Params: append([]apiParam{
			enumParam("state", "Only metrics in this state.", enumStrings(isms.MetricStates...)...),
			stringParam("measuredBy", "Only metrics measured by this member (a user ID)."),
			stringParam("q", "Text in the reference, name or description."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", metricSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[metricView]](),
	}, {
		Pattern: "POST /api/v1/metrics", Access: Member, Handler: s.apiMetricCreate,
		ID: "createMetric", Tag: read, Summary: "Define a metric",
		Description: edit + " The metric gets the next reference (M-n) and a recurring measure task for who measures it.",
		Body:        reflect.TypeFor[metricRequest](), Result: reflect.TypeFor[*isms.Metric](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/metrics/{id}", Access: Member, Handler: s.apiMetricGet,
		ID: "getMetric", Tag: read, Summary: "Read a metric", Description: "{id} is the metric's ID or reference.",
		Result: reflect.TypeFor[metricView](),
	}, {
		Pattern: "PUT /api/v1/metrics/{id}", Access: Member, Handler: s.apiMetricUpdate,
		ID: "updateMetric", Tag: read, Summary: "Replace a metric",
		Description: edit + " Every field is replaced; controls and processes left out keep their links. version must be the metric's current version (409 otherwise).",
		Body:        reflect.TypeFor[metricUpdateRequest](), Result: reflect.TypeFor[*isms.Metric](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/metrics/{id}", Access: Member, Handler: s.apiMetricDelete,
		ID: "deleteMetric", Tag: read, Summary: "Delete a metric",
		Description: edit + " Its measurements go with it and its measure tasks still to come are cancelled.",
	}}
	return append(ops, s.measurementAPIOperations(read, edit)...)
}

// measurementAPIOperations are the operations on measurements, under the
// tag read; edit says who may change them.
func (s *Server) measurementAPIOperations(read, edit string) []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/metrics/{id}/measurements", Access: Member, Handler: s.apiMeasurementList,
		ID: "listMeasurements", Tag: read, Summary: "List a metric's measurements", Description: "The latest first.",
		Params: pagingParams, Result: reflect.TypeFor[page[*isms.Measurement]](),
	}, {
		Pattern: "POST /api/v1/metrics/{id}/measurements", Access: Member, Handler: s.apiMeasurementCreate,
		ID: "recordMeasurement", Tag: read, Summary: "Record a measurement",
		Description: edit + " It completes the open measure task it satisfies, if any.",
		Body:        reflect.TypeFor[measurementRequest](), Result: reflect.TypeFor[*isms.Measurement](), Status: http.StatusCreated,
	}, {
		Pattern: "POST /api/v1/metrics/{id}/measurements/import", Access: Member, Handler: s.apiMeasurementImport,
		ID: "importMeasurements", Tag: read, Summary: "Import measurements from CSV or XLSX",
		Description: edit + " The request body is the file, with the columns date, value and (optionally) comment. " +
			"Every problem of every row is a 422 whose fields name the file, line and column; nothing is stored then. A day that already has a measurement is refused.",
		Params: []apiParam{stringParam("name", "The file's name, such as results.csv; its extension tells the format. Without it, the Content-Type must: text/csv or the XLSX type.")},
		Upload: riskImportBodies, Result: reflect.TypeFor[measurementImportAPI](), Status: http.StatusCreated,
		Errors: []int{http.StatusRequestEntityTooLarge},
	}, {
		Pattern: "GET /api/v1/measurements/{id}", Access: Member, Handler: s.apiMeasurementGet,
		ID: "getMeasurement", Tag: read, Summary: "Read a measurement", Result: reflect.TypeFor[*isms.Measurement](),
	}, {
		Pattern: "DELETE /api/v1/measurements/{id}", Access: Member, Handler: s.apiMeasurementDelete,
		ID: "deleteMeasurement", Tag: read, Summary: "Delete a measurement", Description: edit + " For a result recorded in error.",
	}}
}

// metricView is a metric with where it stands.
type metricView struct {
	*isms.Metric
	State   isms.MetricState  `json:"state"`
	Latest  *isms.Measurement `json:"latest" doc:"The latest measurement; null when none."`
	NextDue isms.Date         `json:"nextDue,omitzero" doc:"When the next measurement is due."`
}

func newMetricView(s app.MetricSummary) metricView {
	return metricView{Metric: s.Metric, State: s.State, Latest: s.Latest, NextDue: s.Metric.NextDue(s.Latest)}
}

// metricRequest is a new metric.
type metricRequest struct {
	Name        string               `json:"name"`
	Description string               `json:"description,omitempty"`
	Method      string               `json:"method" doc:"How the value is obtained, so that results are comparable and reproducible."`
	Unit        string               `json:"unit,omitempty"`
	Direction   isms.MetricDirection `json:"direction"`
	Target      *float64             `json:"target"`
	Warning     *float64             `json:"warning,omitempty" doc:"Between it and the target the metric is in warning; on the bad side of the target."`
	Frequency   string               `json:"frequency" doc:"A recurrence rule: every month, quarterly, first monday of each quarter."`
	MeasuredBy  isms.ID              `json:"measuredBy" doc:"The member who measures it (a user ID); they get the measure tasks."`
	AnalysedBy  isms.ID              `json:"analysedBy" doc:"The member who analyses and evaluates the results."`
	Analysis    string               `json:"analysis,omitempty"`
	Controls    []string             `json:"controls,omitempty" doc:"Controls it measures, by ID or reference."`
	Processes   []string             `json:"processes,omitempty" doc:"ISMS processes it measures, by ID or reference."`
}

// metricUpdateRequest replaces a metric.
type metricUpdateRequest struct {
	metricRequest
	Version int `json:"version" doc:"The metric's version the change was made against."`
}

// numberText writes an optional number for the app, which reads text.
func numberText(f *float64) string {
	if f == nil {
		return ""
	}
	return formatValue(*f)
}

func (in metricRequest) input() app.MetricInput {
	return app.MetricInput{Name: in.Name, Description: in.Description, Method: in.Method, Unit: in.Unit, Direction: string(in.Direction),
		Target: numberText(in.Target), Warning: numberText(in.Warning), Frequency: in.Frequency, MeasuredBy: string(in.MeasuredBy),
		AnalysedBy: string(in.AnalysedBy), Analysis: in.Analysis, Controls: in.Controls, Processes: in.Processes}
}

func (s *Server) apiMetricList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	q := r.URL.Query()
	f := app.MetricFilter{State: isms.MetricState(queryOneOf(r, p, "state", enumStrings(isms.MetricStates...)...)),
		MeasuredBy: isms.ID(strings.TrimSpace(q.Get("measuredBy"))), Text: strings.TrimSpace(q.Get("q")),
		Sort: queryOneOf(r, p, "sort", metricSortKeys...)}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]metricView, int, error) {
		list, total, err := s.app.FindMetrics(r.Context(), actor(r), f)
		out := make([]metricView, len(list))
		for i, x := range list {
			out[i] = newMetricView(x)
		}
		return out, total, err
	})
}

func (s *Server) apiMetricCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in metricRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	m, err := s.app.CreateMetric(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	return created(m), nil
}

func (s *Server) apiMetricGet(w http.ResponseWriter, r *http.Request) (any, error) {
	d, err := s.app.FindMetricDetail(r.Context(), actor(r), pathID(r), 1)
	if err != nil {
		return nil, err
	}
	return newMetricView(d.MetricSummary), nil
}

func (s *Server) apiMetricUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in metricUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.app.UpdateMetric(r.Context(), actor(r), pathID(r), in.Version, in.input())
}

func (s *Server) apiMetricDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteMetric(r.Context(), actor(r), pathID(r))
}

// measurementRequest is a new measurement.
type measurementRequest struct {
	Value      *float64 `json:"value"`
	MeasuredOn string   `json:"measuredOn,omitempty" doc:"YYYY-MM-DD; today when left out."`
	MeasuredBy isms.ID  `json:"measuredBy,omitempty" doc:"The member who measured it; the caller when left out."`
	Comment    string   `json:"comment,omitempty"`
	EvidenceID isms.ID  `json:"evidenceId,omitempty" doc:"The evidence item that records the result."`
}

func (s *Server) apiMeasurementList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	limit, offset := apiPaging(r, p)
	return apiList(p, limit, offset, func() ([]*isms.Measurement, int, error) {
		return s.app.FindMeasurements(r.Context(), actor(r), pathID(r), limit, offset)
	})
}

func (s *Server) apiMeasurementCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in measurementRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.RecordMeasurement(r.Context(), actor(r), pathID(r), app.MeasurementInput{Value: numberText(in.Value),
		MeasuredOn: in.MeasuredOn, MeasuredBy: string(in.MeasuredBy), Comment: in.Comment, EvidenceID: string(in.EvidenceID)})
	if err != nil {
		return nil, err
	}
	return created(x), nil
}

// measurementImportAPI says what an import stored.
type measurementImportAPI struct {
	Imported      int       `json:"imported"`
	First         isms.Date `json:"first"`
	Last          isms.Date `json:"last"`
	CompletedTask isms.ID   `json:"completedTask,omitempty" doc:"The measure task the latest result completed, if any."`
}

func (measurementImportAPI) schemaName() string { return "MeasurementImport" }

func (s *Server) apiMeasurementImport(w http.ResponseWriter, r *http.Request) (any, error) {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditObjectives, "You may not import measurements."); err != nil {
		return nil, err
	}
	name := uploadName(r)
	if ext := strings.ToLower(name); !strings.HasSuffix(ext, ".csv") && !strings.HasSuffix(ext, ".xlsx") {
		return nil, isms.Problems{"name": "Give the file's name, such as ?name=results.csv or results.xlsx, or the Content-Type text/csv or the XLSX type."}.Err()
	}
	data, err := s.readBody(w, r)
	if err != nil {
		return nil, err
	}
	res, err := s.app.ImportMeasurements(r.Context(), a, pathID(r), name, data)
	if err != nil {
		return nil, err
	}
	out := measurementImportAPI{Imported: res.Imported, First: res.First, Last: res.Last}
	if res.Completed != nil {
		out.CompletedTask = res.Completed.ID
	}
	return created(out), nil
}

func (s *Server) apiMeasurementGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.FindMeasurement(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiMeasurementDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteMeasurement(r.Context(), actor(r), pathID(r))
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Information security objectives in the API, read with their progress.

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.ObjectiveStatus](): {doc: "Where an objective stands.", values: enumStrings(isms.ObjectiveStatuses...)},
		reflect.TypeFor[isms.ObjectiveProgress](): {doc: "How an objective is doing by its metrics: at_risk when one is off target or overdue, " +
			"watch when one is in its warning band, unknown without a metric or with one without data, on_track when all are on target.",
			values: enumStrings(isms.ObjectiveProgresses...)},
		reflect.TypeFor[isms.MetricState](): {doc: "Where a metric stands by its latest measurement.", values: enumStrings(isms.MetricStates...)},
	})
}

func (s *Server) objectiveAPIOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/objectives", Access: Member, Handler: s.apiObjectiveList,
		ID: "listObjectives", Tag: "Objectives", Summary: "List information security objectives",
		Description: "Each objective with its progress, read from the metrics that measure it.",
		Params: append([]apiParam{
			enumParam("status", "Only objectives with this status.", enumStrings(isms.ObjectiveStatuses...)...),
			stringParam("ownerId", "Only objectives owned by this member."),
			enumParam("progress", "Only objectives with this progress.", enumStrings(isms.ObjectiveProgresses...)...),
			{Name: "dueBefore", Doc: "Only objectives due before this day.", Schema: schemaObj{"type": "string", "format": "date"}},
			enumParam("overdue", "true: only planned or in-progress objectives due before today.", "true", "false"),
			stringParam("q", "Search in reference, statement and target."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", objectiveSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*objectiveAPI]](),
	}, {
		Pattern: "POST /api/v1/objectives", Access: Member, Handler: s.apiObjectiveCreate,
		ID: "createObjective", Tag: "Objectives", Summary: "Record an objective",
		Description: "Needs the right to edit objectives. The reference (OBJ-n) is assigned. An objective is measured by at least one metric, " +
			"or its evaluation says how results are evaluated; the due date is required unless it is cancelled.",
		Body: reflect.TypeFor[objectiveRequest](), Result: reflect.TypeFor[*objectiveAPI](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/objectives/{id}", Access: Member, Handler: s.apiObjectiveGet,
		ID: "getObjective", Tag: "Objectives", Summary: "Read an objective",
		Description: "{id} is the objective's ID or its reference (OBJ-3).",
		Result:      reflect.TypeFor[*objectiveAPI](),
	}, {
		Pattern: "PUT /api/v1/objectives/{id}", Access: Member, Handler: s.apiObjectiveUpdate,
		ID: "updateObjective", Tag: "Objectives", Summary: "Replace an objective",
		Description: "Every field is replaced, except metrics: absent, the links to metrics stay as they are. " +
			"version must be the objective's current version (409 otherwise).",
		Body: reflect.TypeFor[objectiveUpdateRequest](), Result: reflect.TypeFor[*objectiveAPI](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/objectives/{id}", Access: Member, Handler: s.apiObjectiveDelete,
		ID: "deleteObjective", Tag: "Objectives", Summary: "Delete an objective",
		Description: "Deletes the objective and its links to metrics and other records.",
	}}
}

// objectiveRequest is a new objective.
type objectiveRequest struct {
	Statement  string               `json:"statement"`
	PolicyID   string               `json:"policyId,omitempty" doc:"ID or reference (DOC-1) of the policy or topic-specific policy it serves."`
	Metrics    []string             `json:"metrics,omitempty" doc:"IDs or references (M-3) of the metrics that measure it."`
	Target     string               `json:"target,omitempty" doc:"The result that counts as achieved, in words: 95% by 2027-06-30."`
	OwnerID    string               `json:"ownerId,omitempty" doc:"User ID of the member responsible for it."`
	Resources  string               `json:"resources,omitempty"`
	DueOn      string               `json:"dueOn,omitempty" doc:"YYYY-MM-DD; required unless cancelled."`
	Evaluation string               `json:"evaluation,omitempty" doc:"How results are evaluated; required without a metric."`
	Status     isms.ObjectiveStatus `json:"status,omitempty" doc:"planned when absent."`
}

// objectiveUpdateRequest replaces an objective.
type objectiveUpdateRequest struct {
	objectiveRequest
	Version int `json:"version" doc:"The objective's version the change was made against."`
}

func (in objectiveRequest) input() app.ObjectiveInput {
	return app.ObjectiveInput{Statement: in.Statement, PolicyID: in.PolicyID, Target: in.Target, OwnerID: in.OwnerID,
		Resources: in.Resources, DueOn: in.DueOn, Evaluation: in.Evaluation, Status: string(in.Status), Metrics: in.Metrics}
}

// objectiveAPI is an objective with its progress.
type objectiveAPI struct {
	*isms.Objective
	Progress isms.ObjectiveProgress `json:"progress"`
	Overdue  bool                   `json:"overdue" doc:"Planned or in progress, and due before today."`
	Metrics  []objectiveMetricAPI   `json:"metrics" openapi:"nonnull" doc:"The metrics that measure it, by reference."`
}

// objectiveMetricAPI is a metric that measures an objective, with where
// it stands.
type objectiveMetricAPI struct {
	ID        isms.ID              `json:"id"`
	Ref       string               `json:"ref"`
	Name      string               `json:"name"`
	Unit      string               `json:"unit"`
	Direction isms.MetricDirection `json:"direction"`
	Target    float64              `json:"target"`
	Warning   *float64             `json:"warning"`
	State     isms.MetricState     `json:"state"`
	Latest    *objectiveLatestAPI  `json:"latest" doc:"The latest measurement; null when none."`
}

// objectiveLatestAPI is a metric's latest measurement.
type objectiveLatestAPI struct {
	Value      float64   `json:"value"`
	MeasuredOn isms.Date `json:"measuredOn"`
}

// newObjectiveAPI returns the API shape of v.
func newObjectiveAPI(v *app.ObjectiveView) *objectiveAPI {
	out := &objectiveAPI{Objective: v.Objective, Progress: v.Progress, Overdue: v.Overdue, Metrics: []objectiveMetricAPI{}}
	for _, s := range v.Metrics {
		m := s.Metric
		x := objectiveMetricAPI{ID: m.ID, Ref: m.Ref, Name: m.Name, Unit: m.Unit, Direction: m.Direction, Target: m.Target,
			Warning: m.Warning, State: s.State}
		if s.Latest != nil {
			x.Latest = &objectiveLatestAPI{Value: s.Latest.Value, MeasuredOn: s.Latest.MeasuredOn}
		}
		out.Metrics = append(out.Metrics, x)
	}
	return out
}

// apiObjectiveFilter reads the list's query parameters, recording what
// it cannot read in p.
func (s *Server) apiObjectiveFilter(r *http.Request, p isms.Problems) app.ObjectiveFilter {
	f := app.ObjectiveFilter{ObjectiveFilter: isms.ObjectiveFilter{
		Status:    isms.ObjectiveStatus(queryOneOf(r, p, "status", enumStrings(isms.ObjectiveStatuses...)...)),
		OwnerID:   isms.ID(strings.TrimSpace(r.URL.Query().Get("ownerId"))),
		DueBefore: queryDate(r, p, "dueBefore"),
		Search:    strings.TrimSpace(r.URL.Query().Get("q")),
		Sort:      queryOneOf(r, p, "sort", objectiveSortKeys...),
	}, Progress: isms.ObjectiveProgress(queryOneOf(r, p, "progress", enumStrings(isms.ObjectiveProgresses...)...))}
	if queryOneOf(r, p, "overdue", "true", "false") == "true" {
		f.OverdueOn = isms.DateOf(s.app.Now())
	}
	f.Limit, f.Offset = apiPaging(r, p)
	return f
}

func (s *Server) apiObjectiveList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	f := s.apiObjectiveFilter(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*objectiveAPI, int, error) {
		list, total, err := s.app.FindObjectives(r.Context(), actor(r), f)
		out := make([]*objectiveAPI, len(list))
		for i, v := range list {
			out[i] = newObjectiveAPI(v)
		}
		return out, total, err
	})
}

// objectiveRead returns objective id with its progress.
func (s *Server) objectiveRead(r *http.Request, id string) (*objectiveAPI, error) {
	v, err := s.app.FindObjective(r.Context(), actor(r), id)
	if err != nil {
		return nil, err
	}
	return newObjectiveAPI(v), nil
}

func (s *Server) apiObjectiveCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in objectiveRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	o, err := s.app.CreateObjective(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	x, err := s.objectiveRead(r, string(o.ID))
	if err != nil {
		return nil, err
	}
	return created(x), nil
}

func (s *Server) apiObjectiveGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.objectiveRead(r, r.PathValue("id"))
}

func (s *Server) apiObjectiveUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in objectiveUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	o, err := s.app.UpdateObjective(r.Context(), actor(r), pathID(r), in.Version, in.input())
	if err != nil {
		return nil, err
	}
	return s.objectiveRead(r, string(o.ID))
}

func (s *Server) apiObjectiveDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteObjective(r.Context(), actor(r), pathID(r))
}

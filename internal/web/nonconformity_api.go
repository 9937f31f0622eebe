// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Nonconformities in the API: the register with its overview and trends,
// each nonconformity with its actions and links, and the steps of its
// workflow.

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.NCSource](): {doc: "Where a nonconformity was detected.", values: enumStrings(isms.NCSources...)},
		reflect.TypeFor[isms.NCStatus](): {doc: "Where a nonconformity stands: open (raised), in_action (correction, root cause and corrective actions " +
			"under way), verifying (every action closed; the effectiveness check is due) or closed (the check found the actions effective).",
			values: enumStrings(isms.NCStatuses...)},
		reflect.TypeFor[isms.NCGrade]():      {doc: "A nonconformity's grade.", values: enumStrings(isms.NCGrades...)},
		reflect.TypeFor[isms.RCAMethod]():    {doc: "How a root cause was analysed.", values: enumStrings(isms.RCAMethods...)},
		reflect.TypeFor[isms.NCActionKind](): {doc: "A corrective action, or the effectiveness check.", values: enumStrings(isms.NCActionCorrective, isms.NCActionCheck)},
	})
}

const ncTag = "Nonconformities"

func (s *Server) ncAPIOperations() []apiOperation {
	return append(s.ncRegisterOperations(), s.ncStepOperations()...)
}

func (s *Server) ncRegisterOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/nonconformities", Access: Member, Handler: s.apiNCList,
		ID: "listNonconformities", Tag: ncTag, Summary: "List nonconformities",
		Params: append([]apiParam{
			enumParam("status", "Only nonconformities with this status.", enumStrings(isms.NCStatuses...)...),
			{Name: "open", Doc: "When true, every status but closed.", Schema: schemaObj{"type": "boolean"}},
			enumParam("grade", "Only nonconformities of this grade.", enumStrings(isms.NCGrades...)...),
			enumParam("source", "Only nonconformities from this source.", enumStrings(isms.NCSources...)...),
			stringParam("ownerId", "Only nonconformities this member owns."),
			{Name: "checkDueBy", Doc: "Only those whose effectiveness check is scheduled on or before this day and not yet recorded.",
				Schema: schemaObj{"type": "string", "format": "date"}},
			stringParam("q", "Search in reference, title and description."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", ncSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Nonconformity]](),
	}, {
		Pattern: "POST /api/v1/nonconformities", Access: Member, Handler: s.apiNCCreate,
		ID: "raiseNonconformity", Tag: ncTag, Summary: "Raise a nonconformity",
		Description: "Needs the right to edit improvement (administrators, ISMS managers, contributors). The reference (NC-n) is assigned; " +
			"the nonconformity is open.",
		Body: reflect.TypeFor[ncRequest](), Result: reflect.TypeFor[*isms.Nonconformity](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/nonconformities/overview", Access: Member, Handler: s.apiNCOverview,
		ID: "nonconformityOverview", Tag: ncTag, Summary: "Open nonconformities by age and grade, overdue actions, checks due and trends",
		Description: "Trends count the nonconformities detected in the last 12 months by source and by clause, with the 12 months before.",
		Result:      reflect.TypeFor[ncOverviewResponse](),
	}, {
		Pattern: "GET /api/v1/nonconformities/{id}", Access: Member, Handler: s.apiNCGet,
		ID: "getNonconformity", Tag: ncTag, Summary: "Read a nonconformity with its actions and links",
		Description: "{id} is the nonconformity's ID or its reference (NC-4).",
		Result:      reflect.TypeFor[ncResponse](),
	}, {
		Pattern: "PUT /api/v1/nonconformities/{id}", Access: Member, Handler: s.apiNCUpdate,
		ID: "updateNonconformity", Tag: ncTag, Summary: "Replace a nonconformity's description",
		Description: "Every field is replaced; the workflow's steps are recorded through their own operations. version must be current " +
			"(409 otherwise); a closed nonconformity cannot change.",
		Body: reflect.TypeFor[ncUpdateRequest](), Result: reflect.TypeFor[*isms.Nonconformity](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/nonconformities/{id}", Access: Member, Handler: s.apiNCDelete,
		ID: "deleteNonconformity", Tag: ncTag, Summary: "Delete a nonconformity",
		Description: "Only an open nonconformity without corrective actions can be deleted (409 otherwise).", Errors: []int{http.StatusConflict},
	}}
}

func (s *Server) ncStepOperations() []apiOperation {
	step := func(path, id, summary, doc string, h apiHandler, body reflect.Type) apiOperation {
		return apiOperation{Pattern: "POST /api/v1/nonconformities/{id}/" + path, Access: Member, Handler: h, ID: id, Tag: ncTag,
			Summary: summary, Description: doc + " version must be the nonconformity's current version (409 otherwise).",
			Body: body, Result: reflect.TypeFor[*isms.Nonconformity](), Errors: []int{http.StatusConflict}}
	}
	ops := []apiOperation{
		step("correction", "recordNCCorrection", "Record the correction", "The immediate action to control and correct the nonconformity; "+
			"it moves an open nonconformity to in_action.", s.apiNCCorrection, reflect.TypeFor[ncCorrectionRequest]()),
		step("root-cause", "recordNCRootCause", "Record the root cause analysis", "The method and the causes found.",
			s.apiNCRootCause, reflect.TypeFor[ncRootCauseRequest]()),
		step("similar", "recordNCSimilar", "Record the search for similar nonconformities", "Where similar nonconformities were looked "+
			"for, and those found, which are linked.", s.apiNCSimilar, reflect.TypeFor[ncSimilarRequest]()),
		step("check-schedule", "scheduleNCCheck", "Schedule the effectiveness check", "Once every corrective action is closed (verifying): "+
			"a task for the owner falls due on the day.", s.apiNCCheckSchedule, reflect.TypeFor[ncScheduleRequest]()),
		step("check", "recordNCCheck", "Record the effectiveness check", "effective closes the nonconformity; ineffective reopens it "+
			"(in_action) with the new corrective action, which is then required. The check's task is completed with the note.",
			s.apiNCCheck, reflect.TypeFor[ncCheckRequest]()),
	}
	act := step("actions", "addNCAction", "Add a corrective action", "A task for its owner, linked to the nonconformity and to the "+
		"records it changes; the nonconformity moves to in_action. The task closes only once the correction and the root cause are recorded.",
		s.apiNCAction, reflect.TypeFor[ncActionRequest]())
	act.Result, act.Status = reflect.TypeFor[*isms.NCAction](), http.StatusCreated
	return append(ops[:3:3], append([]apiOperation{act}, ops[3:]...)...)
}

// ncRequest is a new nonconformity.
type ncRequest struct {
	Title        string        `json:"title"`
	Description  string        `json:"description" doc:"What was required, what was found, the evidence."`
	Source       isms.NCSource `json:"source"`
	SourceRecord string        `json:"sourceRecord,omitempty" doc:"The record it comes from, as type:id or a reference (audit_finding:F-3)."`
	Grade        isms.NCGrade  `json:"grade"`
	Framework    string        `json:"framework,omitempty" doc:"The framework's ID or key of the requirements; iso27001-2022 when absent."`
	Requirements []string      `json:"requirements,omitempty" doc:"References of the requirements not met (A.5.18, 9.2)."`
	DetectedOn   isms.Date     `json:"detectedOn"`
	DetectedByID isms.ID       `json:"detectedById,omitempty" doc:"Who detected it; the caller when absent."`
	OwnerID      isms.ID       `json:"ownerId,omitempty"`
	Deadline     isms.Date     `json:"deadline,omitzero" doc:"When the corrective actions must be done, if there is a deadline."`
	Records      []string      `json:"records,omitempty" doc:"The records concerned, by reference or type:id (C-3, risk:R-12)."`
}

// ncUpdateRequest replaces a nonconformity's description.
type ncUpdateRequest struct {
	ncRequest
	Version int `json:"version" doc:"The nonconformity's version the change was made against."`
}

func (in ncRequest) input() app.NCInput {
	return app.NCInput{Title: in.Title, Description: in.Description, Source: in.Source, SourceRecord: in.SourceRecord, Grade: in.Grade,
		Framework: in.Framework, Requirements: strings.Join(in.Requirements, ", "), DetectedOn: in.DetectedOn, DetectedBy: in.DetectedByID,
		OwnerID: in.OwnerID, Deadline: in.Deadline, Records: strings.Join(in.Records, ", ")}
}

// ncFieldNames are the API's names of the form's fields.
var ncFieldNames = map[string]string{"owner": "ownerId", "detectedBy": "detectedById"}

// ncResponse is a nonconformity with its actions and links.
type ncResponse struct {
	Nonconformity *isms.Nonconformity `json:"nonconformity"`
	Actions       []*isms.NCAction    `json:"actions" openapi:"nonnull" doc:"Corrective actions and effectiveness checks, oldest first."`
	Links         []evidenceLinkAPI   `json:"links" openapi:"nonnull" doc:"The records concerned, similar nonconformities and the source record."`
	Next          string              `json:"next" doc:"What to do next, in people's words."`
}

func newNCResponse(v *app.NCView) ncResponse {
	out := ncResponse{Nonconformity: v.NC, Actions: v.Actions, Links: []evidenceLinkAPI{}, Next: v.Next}
	if out.Actions == nil {
		out.Actions = []*isms.NCAction{}
	}
	for _, l := range v.Links {
		out.Links = append(out.Links, linkAPI(l.ResolvedLink))
	}
	return out
}

// ncAgeBandAPI counts the open nonconformities of an age band by grade.
type ncAgeBandAPI struct {
	Label string `json:"label" doc:"0–30 days, 31–90 days or over 90 days."`
	Major int    `json:"major"`
	Minor int    `json:"minor"`
}

// ncOverviewResponse is the register's overview and trends.
type ncOverviewResponse struct {
	OpenByAge    []ncAgeBandAPI        `json:"openByAge" openapi:"nonnull"`
	Overdue      []*isms.NCAction      `json:"overdue" openapi:"nonnull" doc:"Overdue corrective actions, earliest first (at most 10)."`
	OverdueTotal int                   `json:"overdueTotal"`
	ChecksDue    []*isms.Nonconformity `json:"checksDue" openapi:"nonnull" doc:"Nonconformities whose effectiveness check is due within 14 days."`
	Since        isms.Date             `json:"since" doc:"The first day of the trends' period."`
	Until        isms.Date             `json:"until"`
	BySource     []isms.NCTrend        `json:"bySource" openapi:"nonnull"`
	ByClause     []isms.NCTrend        `json:"byClause" openapi:"nonnull"`
}

func (s *Server) apiNCList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	q := r.URL.Query()
	f := isms.NCFilter{Status: isms.NCStatus(queryOneOf(r, p, "status", enumStrings(isms.NCStatuses...)...)),
		Grade:   isms.NCGrade(queryOneOf(r, p, "grade", enumStrings(isms.NCGrades...)...)),
		Source:  isms.NCSource(queryOneOf(r, p, "source", enumStrings(isms.NCSources...)...)),
		Open:    queryOneOf(r, p, "open", "true", "false") == "true",
		OwnerID: isms.ID(strings.TrimSpace(q.Get("ownerId"))), CheckDueBy: queryDate(r, p, "checkDueBy"),
		Search: strings.TrimSpace(q.Get("q")), Sort: queryOneOf(r, p, "sort", ncSortKeys...)}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.Nonconformity, int, error) {
		return s.app.ListNonconformities(r.Context(), actor(r), f)
	})
}

func (s *Server) apiNCCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in ncRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.RaiseNonconformity(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, renameFields(err, ncFieldNames)
	}
	return created(x), nil
}

func (s *Server) apiNCOverview(w http.ResponseWriter, r *http.Request) (any, error) {
	a := actor(r)
	o, err := s.app.NonconformityOverview(r.Context(), a)
	if err != nil {
		return nil, err
	}
	out := ncOverviewResponse{OpenByAge: []ncAgeBandAPI{}, Overdue: o.Overdue, OverdueTotal: o.OverdueTotal, ChecksDue: o.ChecksDue}
	for _, b := range o.OpenByAge {
		out.OpenByAge = append(out.OpenByAge, ncAgeBandAPI(b))
	}
	out.Since, out.Until = trendPeriod(isms.DateOf(s.app.Now()))
	if out.BySource, out.ByClause, err = s.app.NonconformityTrends(r.Context(), a, out.Since, out.Until); err != nil {
		return nil, err
	}
	if out.Overdue == nil {
		out.Overdue = []*isms.NCAction{}
	}
	if out.ChecksDue == nil {
		out.ChecksDue = []*isms.Nonconformity{}
	}
	if out.BySource == nil {
		out.BySource = []isms.NCTrend{}
	}
	if out.ByClause == nil {
		out.ByClause = []isms.NCTrend{}
	}
	return out, nil
}

func (s *Server) apiNCGet(w http.ResponseWriter, r *http.Request) (any, error) {
	v, err := s.app.FindNonconformity(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return newNCResponse(v), nil
}

// ncOf resolves the path's nonconformity (ID or reference) to its ID.
func (s *Server) ncOf(r *http.Request) (isms.ID, error) {
	v, err := s.app.FindNonconformity(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return "", err
	}
	return v.NC.ID, nil
}

func (s *Server) apiNCUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in ncUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	id, err := s.ncOf(r)
	if err != nil {
		return nil, err
	}
	x, err := s.app.UpdateNonconformity(r.Context(), actor(r), id, in.Version, in.input())
	if err != nil {
		return nil, renameFields(err, ncFieldNames)
	}
	return x, nil
}

func (s *Server) apiNCDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	id, err := s.ncOf(r)
	if err != nil {
		return nil, err
	}
	return noContent, s.app.DeleteNonconformity(r.Context(), actor(r), id)
}

// ncCorrectionRequest records the correction.
type ncCorrectionRequest struct {
	Correction string `json:"correction" doc:"What was done at once to control and correct the nonconformity."`
	Version    int    `json:"version"`
}

// ncRootCauseRequest records the root cause analysis.
type ncRootCauseRequest struct {
	Method    isms.RCAMethod `json:"method"`
	RootCause string         `json:"rootCause" doc:"The causes found."`
	Version   int            `json:"version"`
}

// ncSimilarRequest records the search for similar nonconformities.
type ncSimilarRequest struct {
	Similar         string   `json:"similar" doc:"Where similar nonconformities were looked for, and what was found."`
	Nonconformities []string `json:"nonconformities,omitempty" doc:"References of the similar nonconformities found (NC-2)."`
	Version         int      `json:"version"`
}

// ncActionBody is a corrective action.
type ncActionBody struct {
	Title   string    `json:"title"`
	OwnerID isms.ID   `json:"ownerId"`
	Due     isms.Date `json:"due"`
	Changes []string  `json:"changes,omitempty" doc:"The controls, documents or risks it changes, by reference or type:id (C-3, DOC-2)."`
}

func (b ncActionBody) input() app.ActionInput {
	return app.ActionInput{Title: b.Title, OwnerID: b.OwnerID, Due: b.Due, Changes: strings.Join(b.Changes, ", ")}
}

// ncActionRequest adds a corrective action.
type ncActionRequest struct {
	ncActionBody
	Version int `json:"version"`
}

// ncScheduleRequest schedules the effectiveness check.
type ncScheduleRequest struct {
	On      isms.Date `json:"on" doc:"The day of the check."`
	Version int       `json:"version"`
}

// ncCheckRequest records the effectiveness check.
type ncCheckRequest struct {
	Effective bool          `json:"effective"`
	Note      string        `json:"note" doc:"What was checked and found."`
	Action    *ncActionBody `json:"action,omitempty" doc:"The new corrective action; required when not effective."`
	Version   int           `json:"version"`
}

// ncStepCall decodes the body of a step into in and runs it on the path's
// nonconformity.
func ncStepCall[T any, R any](s *Server, r *http.Request, in *T, run func(id isms.ID) (R, error)) (R, error) {
	var zero R
	if err := decodeJSON(r, in); err != nil {
		return zero, err
	}
	id, err := s.ncOf(r)
	if err != nil {
		return zero, err
	}
	return run(id)
}

func (s *Server) apiNCCorrection(w http.ResponseWriter, r *http.Request) (any, error) {
	var in ncCorrectionRequest
	return ncStepCall(s, r, &in, func(id isms.ID) (*isms.Nonconformity, error) {
		return s.app.RecordCorrection(r.Context(), actor(r), id, in.Version, app.StepInput{Text: in.Correction})
	})
}

func (s *Server) apiNCRootCause(w http.ResponseWriter, r *http.Request) (any, error) {
	var in ncRootCauseRequest
	return ncStepCall(s, r, &in, func(id isms.ID) (*isms.Nonconformity, error) {
		return s.app.RecordRootCause(r.Context(), actor(r), id, in.Version, app.StepInput{Text: in.RootCause, Method: in.Method})
	})
}

func (s *Server) apiNCSimilar(w http.ResponseWriter, r *http.Request) (any, error) {
	var in ncSimilarRequest
	return ncStepCall(s, r, &in, func(id isms.ID) (*isms.Nonconformity, error) {
		return s.app.RecordSimilar(r.Context(), actor(r), id, in.Version,
			app.StepInput{Text: in.Similar, Similar: strings.Join(in.Nonconformities, ", ")})
	})
}

func (s *Server) apiNCAction(w http.ResponseWriter, r *http.Request) (any, error) {
	var in ncActionRequest
	return ncStepCall(s, r, &in, func(id isms.ID) (any, error) {
		x, err := s.app.AddCorrectiveAction(r.Context(), actor(r), id, in.Version, in.input())
		if err != nil {
			return nil, renameFields(err, map[string]string{"owner": "ownerId"})
		}
		return created(x), nil
	})
}

func (s *Server) apiNCCheckSchedule(w http.ResponseWriter, r *http.Request) (any, error) {
	var in ncScheduleRequest
	return ncStepCall(s, r, &in, func(id isms.ID) (*isms.Nonconformity, error) {
		return s.app.ScheduleEffectivenessCheck(r.Context(), actor(r), id, in.Version, in.On)
	})
}

func (s *Server) apiNCCheck(w http.ResponseWriter, r *http.Request) (any, error) {
	var in ncCheckRequest
	return ncStepCall(s, r, &in, func(id isms.ID) (*isms.Nonconformity, error) {
		c := app.CheckInput{Effective: in.Effective, Note: in.Note}
		if in.Action != nil {
			act := in.Action.input()
			c.Action = &act
		}
		n, err := s.app.RecordEffectiveness(r.Context(), actor(r), id, in.Version, c)
		return n, renameFields(err, map[string]string{"action.owner": "action.ownerId"})
	})
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The improvement register in the API: opportunities, the decision on
// each, and carrying an accepted one out as tasks or a planned change.

// improvementDecision is what a decision makes of an improvement.
type improvementDecision string

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.ImprovementSource](): {doc: "Where an opportunity for improvement came from: an audit's opportunity for " +
			"improvement, a management review, a measurement, a nonconformity, or anyone's suggestion.",
			values: enumStrings(isms.ImprovementSources...)},
		reflect.TypeFor[isms.ImprovementStatus](): {doc: "Where an improvement stands: proposed (awaiting a decision), accepted, " +
			"in_progress (tasks or a planned change under way), done, rejected or deferred.",
			values: enumStrings(isms.ImprovementStatuses...)},
		reflect.TypeFor[improvementDecision](): {name: "ImprovementDecision", doc: "A decision on an improvement: accept it, reject it or defer it.",
			values: enumStrings(isms.ImpAccepted, isms.ImpRejected, isms.ImpDeferred)},
	})
}

const improvementTag = "Improvements"

func (s *Server) improvementAPIOperations() []apiOperation {
	return append(s.improvementRecordOperations(), s.improvementFollowUpOperations()...)
}

// improvementRecordOperations are the operations on improvements as
// records: list, propose, read, replace, delete.
func (s *Server) improvementRecordOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/improvements", Access: Member, Handler: s.apiImprovementList,
		ID: "listImprovements", Tag: improvementTag, Summary: "List improvements",
		Params: append([]apiParam{
			enumParam("status", "Only improvements with this status.", enumStrings(isms.ImprovementStatuses...)...),
			enumParam("source", "Only improvements from this source.", enumStrings(isms.ImprovementSources...)...),
			stringParam("ownerId", "Only improvements this member owns: a user ID, an e-mail address, or me."),
			{Name: "open", Doc: "true: only those still to decide or carry out (proposed, accepted, in_progress, deferred).",
				Schema: schemaObj{"type": "boolean"}},
			stringParam("q", "Search in reference, title and description."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default -ref (newest first).", improvementSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Improvement]](),
	}, {
		Pattern: "POST /api/v1/improvements", Access: Member, Handler: s.apiImprovementCreate,
		ID: "proposeImprovement", Tag: improvementTag, Summary: "Propose an improvement",
		Description: "Needs the right to edit improvements. The reference (IMP-n) is assigned; the status is proposed.",
		Body:        reflect.TypeFor[improvementRequest](), Result: reflect.TypeFor[*isms.Improvement](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/improvements/{id}", Access: Member, Handler: s.apiImprovementGet,
		ID: "getImprovement", Tag: improvementTag, Summary: "Read an improvement with its tasks, planned change and links",
		Description: "{id} is the improvement's ID or its reference (IMP-3).",
		Result:      reflect.TypeFor[improvementResponse](),
	}, {
		Pattern: "PUT /api/v1/improvements/{id}", Access: Member, Handler: s.apiImprovementUpdate,
		ID: "updateImprovement", Tag: improvementTag, Summary: "Replace an improvement",
		Description: "Every field is replaced; the status changes only through the decision and what follows it. version must be the " +
			"improvement's current version (409 otherwise).",
		Body: reflect.TypeFor[improvementUpdateRequest](), Result: reflect.TypeFor[*isms.Improvement](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/improvements/{id}", Access: Member, Handler: s.apiImprovementDelete,
		ID: "deleteImprovement", Tag: improvementTag, Summary: "Delete a proposed improvement",
		Description: "Only a proposed improvement can be deleted (409 once decided).", Errors: []int{http.StatusConflict},
	}}
}

// improvementFollowUpOperations are the decision and what follows it.
func (s *Server) improvementFollowUpOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "POST /api/v1/improvements/{id}/decision", Access: Member, Handler: s.apiImprovementDecision,
		ID: "decideImprovement", Tag: improvementTag, Summary: "Accept, reject or defer an improvement",
		Description: "A proposed or deferred improvement is decided, dated and attributed; rejecting or deferring needs a reason. " +
			"version must be current (409 otherwise).",
		Body: reflect.TypeFor[improvementDecisionRequest](), Result: reflect.TypeFor[*isms.Improvement](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/improvements/{id}/tasks", Access: Member, Handler: s.apiImprovementTask,
		ID: "addImprovementTask", Tag: improvementTag, Summary: "Add a task that carries out an accepted improvement",
		Description: "The task is linked to the improvement and assigned to its owner; the improvement moves to in_progress. " +
			"Only an accepted or in-progress improvement takes tasks (409 otherwise).",
		Body: reflect.TypeFor[improvementTaskRequest](), Result: reflect.TypeFor[*isms.Task](), Status: http.StatusCreated,
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/improvements/{id}/change", Access: Member, Handler: s.apiImprovementChange,
		ID: "planImprovementChange", Tag: improvementTag, Summary: "Carry out an accepted improvement as a planned change to the ISMS",
		Description: "Creates a proposed change to the ISMS (6.3) with the improvement's title and description, linked both ways; " +
			"the improvement moves to in_progress. Once per improvement (409 otherwise).",
		Body: reflect.TypeFor[improvementVersionRequest](), Result: reflect.TypeFor[*isms.ISMSChange](), Status: http.StatusCreated,
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/improvements/{id}/complete", Access: Member, Handler: s.apiImprovementComplete,
		ID: "completeImprovement", Tag: improvementTag, Summary: "Mark an improvement in progress done",
		Body: reflect.TypeFor[improvementCompleteRequest](), Result: reflect.TypeFor[*isms.Improvement](), Errors: []int{http.StatusConflict},
	}}
}

// improvementRequest is a new improvement.
type improvementRequest struct {
	Title        string                 `json:"title"`
	Description  string                 `json:"description,omitempty"`
	Source       isms.ImprovementSource `json:"source"`
	SourceRecord string                 `json:"sourceRecord,omitempty" doc:"The record it comes from: its reference (F-4, MR-2, NC-3) or type:id."`
	Evaluation   string                 `json:"evaluation,omitempty" doc:"Its benefit, effort and risk."`
	OwnerID      isms.ID                `json:"ownerId,omitempty"`
	Due          isms.Date              `json:"due,omitzero"`
}

// improvementUpdateRequest replaces an improvement.
type improvementUpdateRequest struct {
	improvementRequest
	Version int `json:"version" doc:"The improvement's version the change was made against."`
}

func (in improvementRequest) input() app.ImprovementInput {
	return app.ImprovementInput{Title: in.Title, Description: in.Description, Source: in.Source, SourceRecord: in.SourceRecord,
		Evaluation: in.Evaluation, OwnerID: in.OwnerID, Due: in.Due}
}

// improvementResponse is an improvement with what carries it out.
type improvementResponse struct {
	Improvement *isms.Improvement `json:"improvement"`
	Tasks       []*isms.Task      `json:"tasks" openapi:"nonnull" doc:"The tasks that carry it out."`
	Change      *isms.ISMSChange  `json:"change" doc:"The planned change that carries it out; null when none."`
	Links       []improvementLink `json:"links" openapi:"nonnull" doc:"The records linked to it in either direction, its source record among them."`
}

// improvementLink is a record linked to an improvement.
type improvementLink struct {
	Type     string  `json:"type"`
	ID       isms.ID `json:"id"`
	Ref      string  `json:"ref" doc:"The record's reference, or its ID when it has none."`
	Title    string  `json:"title"`
	Outgoing bool    `json:"outgoing" doc:"true when the improvement made the link, false when the other record did."`
	Missing  bool    `json:"missing,omitempty" doc:"The record no longer exists."`
}

func newImprovementResponse(v *app.ImprovementView) improvementResponse {
	out := improvementResponse{Improvement: v.Improvement, Tasks: v.Tasks, Change: v.Change, Links: []improvementLink{}}
	if out.Tasks == nil {
		out.Tasks = []*isms.Task{}
	}
	for _, l := range v.Links {
		out.Links = append(out.Links, improvementLink{Type: l.Type, ID: l.ID, Ref: l.Ref, Title: l.Title, Outgoing: l.Outgoing, Missing: l.Missing})
	}
	return out
}

// improvementDecisionRequest decides an improvement.
type improvementDecisionRequest struct {
	Decision improvementDecision `json:"decision"`
	Reason   string              `json:"reason,omitempty" doc:"Why; required to reject or defer."`
	Version  int                 `json:"version" doc:"The improvement's version the decision was made against."`
}

// improvementTaskRequest is a task that carries out an improvement.
type improvementTaskRequest struct {
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	OwnerID     isms.ID   `json:"ownerId"`
	Due         isms.Date `json:"due"`
	Version     int       `json:"version" doc:"The improvement's version the task was added against."`
}

// improvementVersionRequest names the version an action was taken
// against.
type improvementVersionRequest struct {
	Version int `json:"version" doc:"The improvement's version the action was taken against."`
}

// improvementCompleteRequest marks an improvement done.
type improvementCompleteRequest struct {
	Note    string `json:"note,omitempty" doc:"What was done and the effect seen."`
	Version int    `json:"version" doc:"The improvement's version it was marked done against."`
}

func (s *Server) apiImprovementList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	_, f, err := s.readImprovementFilter(r, "ownerId", p)
	if err != nil {
		return nil, err
	}
	f.Sort = queryOneOf(r, p, "sort", improvementSortKeys...)
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.Improvement, int, error) {
		return s.app.ListImprovements(r.Context(), actor(r), f)
	})
}

func (s *Server) apiImprovementCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in improvementRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.ProposeImprovement(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, renameFields(err, improvementFieldNames)
	}
	return created(x), nil
}

func (s *Server) apiImprovementGet(w http.ResponseWriter, r *http.Request) (any, error) {
	v, err := s.app.FindImprovement(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return newImprovementResponse(v), nil
}

func (s *Server) apiImprovementUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in improvementUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.UpdateImprovement(r.Context(), actor(r), pathID(r), in.Version, in.input())
	if err != nil {
		return nil, renameFields(err, improvementFieldNames)
	}
	return x, nil
}

func (s *Server) apiImprovementDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteImprovement(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiImprovementDecision(w http.ResponseWriter, r *http.Request) (any, error) {
	var in improvementDecisionRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.DecideImprovement(r.Context(), actor(r), pathID(r), in.Version, isms.ImprovementStatus(in.Decision), in.Reason)
	if err != nil {
		return nil, renameFields(err, improvementFieldNames)
	}
	return x, nil
}

func (s *Server) apiImprovementTask(w http.ResponseWriter, r *http.Request) (any, error) {
	var in improvementTaskRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	t, err := s.app.AddImprovementTask(r.Context(), actor(r), pathID(r), in.Version,
		app.TaskInput{Title: in.Title, Description: in.Description, OwnerID: in.OwnerID, Due: in.Due.String()})
	if err != nil {
		return nil, renameFields(err, improvementFieldNames)
	}
	return created(t), nil
}

func (s *Server) apiImprovementChange(w http.ResponseWriter, r *http.Request) (any, error) {
	var in improvementVersionRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	c, err := s.app.PlanImprovementChange(r.Context(), actor(r), pathID(r), in.Version)
	if err != nil {
		return nil, err
	}
	return created(c), nil
}

func (s *Server) apiImprovementComplete(w http.ResponseWriter, r *http.Request) (any, error) {
	var in improvementCompleteRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.app.CompleteImprovement(r.Context(), actor(r), pathID(r), in.Version, in.Note)
}

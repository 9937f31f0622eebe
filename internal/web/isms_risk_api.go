// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// ISMS risks and opportunities, and planned changes to the ISMS, in the
// API.

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.ISMSRiskKind](): {doc: "Whether a record is a risk to the ISMS or an opportunity to improve it.",
			values: enumStrings(isms.ISMSRiskKinds...)},
		reflect.TypeFor[isms.ISMSLevel](): {doc: "A level of likelihood, impact or rating of an ISMS risk or opportunity.",
			values: enumStrings(isms.ISMSLevels...)},
		reflect.TypeFor[isms.ISMSRiskStatus](): {doc: "Where the handling of an ISMS risk or opportunity stands.",
			values: enumStrings(isms.ISMSRiskStatuses...)},
		reflect.TypeFor[isms.ISMSChangeStatus](): {doc: "Where a planned change to the ISMS stands.",
			values: enumStrings(isms.ISMSChangeStatuses...)},
	})
}

// ismsRiskOps are the API operations of ISMS risks and opportunities.
func (s *Server) ismsRiskOps() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/isms-risks", Access: Member, Handler: s.apiISMSRiskList,
		ID: "listISMSRisks", Tag: "ISMS risks and opportunities", Summary: "List the risks and opportunities of the ISMS",
		Params: append([]apiParam{
			enumParam("kind", "Only risks or only opportunities.", enumStrings(isms.ISMSRiskKinds...)...),
			enumParam("status", "Only records with this status.", enumStrings(isms.ISMSRiskStatuses...)...),
			stringParam("owner", "Only records owned by this member (user ID)."),
			enumParam("rating", "Only records with this rating.", enumStrings(isms.ISMSLevels...)...),
			enumParam("noActions", "true: only records without an open or done action.", "true", "false"),
			enumParam("evaluationDue", "true: only addressed records whose actions are not evaluated yet.", "true", "false"),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", ismsRiskSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[ismsRiskView]](),
	}, {
		Pattern: "POST /api/v1/isms-risks", Access: Member, Handler: s.apiISMSRiskCreate,
		ID: "createISMSRisk", Tag: "ISMS risks and opportunities", Summary: "Record a risk or opportunity of the ISMS",
		Description: "Needs the right to edit the context. The reference (RO-n) is assigned. From status planned on, " +
			"evaluationMethod is required; closing needs an evaluation (effective yes, or no with the reason in evaluation).",
		Body: reflect.TypeFor[ismsRiskRequest](), Result: reflect.TypeFor[ismsRiskView](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/isms-risks/{id}", Access: Member, Handler: s.apiISMSRiskGet,
		ID: "getISMSRisk", Tag: "ISMS risks and opportunities", Summary: "Read a risk or opportunity of the ISMS by ID or reference",
		Result: reflect.TypeFor[ismsRiskView](),
	}, {
		Pattern: "PUT /api/v1/isms-risks/{id}", Access: Member, Handler: s.apiISMSRiskUpdate,
		ID: "updateISMSRisk", Tag: "ISMS risks and opportunities", Summary: "Replace a risk or opportunity of the ISMS",
		Description: "Every field is replaced; issues and requirements, when left out, keep their links. " +
			"version must be the record's current version (409 otherwise).",
		Body: reflect.TypeFor[ismsRiskUpdateRequest](), Result: reflect.TypeFor[ismsRiskView](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/isms-risks/{id}", Access: Member, Handler: s.apiISMSRiskDelete,
		ID: "deleteISMSRisk", Tag: "ISMS risks and opportunities", Summary: "Delete a risk or opportunity of the ISMS",
		Description: "A record with open actions is not deleted (409): complete or cancel them first.",
		Errors:      []int{http.StatusConflict},
	}}
}

// ismsRiskView is a record as the API answers it, with its rating.
type ismsRiskView struct {
	isms.ISMSRisk
	Rating isms.ISMSLevel `json:"rating" doc:"Likelihood and impact combined: high×high and medium×high are high, low×low and low×medium low, the rest medium."`
}

func ismsRiskViewOf(x *isms.ISMSRisk) ismsRiskView {
	return ismsRiskView{ISMSRisk: *x, Rating: x.Rating()}
}

// ismsRiskRequest is a new ISMS risk or opportunity.
type ismsRiskRequest struct {
	Kind             isms.ISMSRiskKind   `json:"kind"`
	Title            string              `json:"title"`
	Description      string              `json:"description,omitempty"`
	Likelihood       isms.ISMSLevel      `json:"likelihood"`
	Impact           isms.ISMSLevel      `json:"impact"`
	OwnerID          string              `json:"ownerId,omitempty" doc:"A member's user ID."`
	Status           isms.ISMSRiskStatus `json:"status,omitempty" doc:"Default open."`
	EvaluationMethod string              `json:"evaluationMethod,omitempty" doc:"How the effectiveness of the actions will be evaluated."`
	Evaluation       string              `json:"evaluation,omitempty" doc:"What the evaluation found."`
	EvaluatedOn      string              `json:"evaluatedOn,omitempty" doc:"YYYY-MM-DD."`
	Effective        string              `json:"effective,omitempty" doc:"yes or no once evaluated; empty before."`
	ReviewOn         string              `json:"reviewOn,omitempty" doc:"YYYY-MM-DD."`
	Issues           []string            `json:"issues,omitempty" doc:"IDs or references (CI-2) of the context issues it derives from."`
	Requirements     []string            `json:"requirements,omitempty" doc:"IDs or references (RQ-1) of the requirements of interested parties it derives from."`
}

// ismsRiskUpdateRequest replaces an ISMS risk or opportunity.
type ismsRiskUpdateRequest struct {
	ismsRiskRequest
	Version int `json:"version" doc:"The record's version the change was made against."`
}

func (in ismsRiskRequest) input() app.ISMSRiskInput {
	return app.ISMSRiskInput{Kind: string(in.Kind), Title: in.Title, Description: in.Description, Likelihood: string(in.Likelihood),
		Impact: string(in.Impact), OwnerID: in.OwnerID, Status: string(in.Status), EvaluationMethod: in.EvaluationMethod,
		Evaluation: in.Evaluation, EvaluatedOn: in.EvaluatedOn, Effective: in.Effective, ReviewOn: in.ReviewOn,
		Issues: in.Issues, Requirements: in.Requirements}
}

func (s *Server) apiISMSRiskList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	f := ismsRiskFilterOf(r.URL.Query(), p)
	f.Sort = queryOneOf(r, p, "sort", ismsRiskSortKeys...)
	limit, offset := apiPaging(r, p)
	f.Limit, f.Offset = limit, offset
	return apiList(p, limit, offset, func() ([]ismsRiskView, int, error) {
		list, total, err := s.app.FindISMSRisks(r.Context(), actor(r), f)
		out := make([]ismsRiskView, len(list))
		for i, x := range list {
			out[i] = ismsRiskViewOf(x)
		}
		return out, total, err
	})
}

func (s *Server) apiISMSRiskCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in ismsRiskRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.CreateISMSRisk(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	return created(ismsRiskViewOf(x)), nil
}

func (s *Server) apiISMSRiskGet(w http.ResponseWriter, r *http.Request) (any, error) {
	x, err := s.app.FindISMSRisk(r.Context(), actor(r), pathID(r))
	if err != nil {
		return nil, err
	}
	return ismsRiskViewOf(x), nil
}

func (s *Server) apiISMSRiskUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in ismsRiskUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.UpdateISMSRisk(r.Context(), actor(r), pathID(r), in.Version, in.input())
	if err != nil {
		return nil, err
	}
	return ismsRiskViewOf(x), nil
}

func (s *Server) apiISMSRiskDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteISMSRisk(r.Context(), actor(r), pathID(r))
}

// ismsChangeOps are the API operations of planned changes to the ISMS.
func (s *Server) ismsChangeOps() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/isms-changes", Access: Member, Handler: s.apiISMSChangeList,
		ID: "listISMSChanges", Tag: "Planned changes to the ISMS", Summary: "List the planned changes to the ISMS",
		Params: append([]apiParam{
			enumParam("status", "Only changes with this status.", enumStrings(isms.ISMSChangeStatuses...)...),
			stringParam("owner", "Only changes owned by this member (user ID)."),
			stringParam("plannedFrom", "Only changes planned on or after this day, YYYY-MM-DD."),
			stringParam("plannedTo", "Only changes planned on or before this day, YYYY-MM-DD."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", ismsChangeSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.ISMSChange]](),
	}, {
		Pattern: "POST /api/v1/isms-changes", Access: Member, Handler: s.apiISMSChangeCreate,
		ID: "createISMSChange", Tag: "Planned changes to the ISMS", Summary: "Plan a change to the ISMS",
		Description: "Needs the right to edit the context. The reference (CHG-n) is assigned. A reason is required; " +
			"consequences from status approved on; completedOn exactly when implemented.",
		Body: reflect.TypeFor[ismsChangeRequest](), Result: reflect.TypeFor[*isms.ISMSChange](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/isms-changes/{id}", Access: Member, Handler: s.apiISMSChangeGet,
		ID: "getISMSChange", Tag: "Planned changes to the ISMS", Summary: "Read a planned change by ID or reference",
		Result: reflect.TypeFor[*isms.ISMSChange](),
	}, {
		Pattern: "PUT /api/v1/isms-changes/{id}", Access: Member, Handler: s.apiISMSChangeUpdate,
		ID: "updateISMSChange", Tag: "Planned changes to the ISMS", Summary: "Replace a planned change",
		Description: "Every field is replaced; risks, ismsRisks and documents, when left out, keep their links. " +
			"version must be the change's current version (409 otherwise).",
		Body: reflect.TypeFor[ismsChangeUpdateRequest](), Result: reflect.TypeFor[*isms.ISMSChange](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/isms-changes/{id}", Access: Member, Handler: s.apiISMSChangeDelete,
		ID: "deleteISMSChange", Tag: "Planned changes to the ISMS", Summary: "Delete a planned change",
	}}
}

// ismsChangeRequest is a new planned change.
type ismsChangeRequest struct {
	Title            string                `json:"title"`
	Reason           string                `json:"reason"`
	Consequences     string                `json:"consequences,omitempty"`
	Resources        string                `json:"resources,omitempty"`
	Responsibilities string                `json:"responsibilities,omitempty"`
	OwnerID          string                `json:"ownerId,omitempty" doc:"A member's user ID."`
	PlannedOn        string                `json:"plannedOn,omitempty" doc:"YYYY-MM-DD."`
	CompletedOn      string                `json:"completedOn,omitempty" doc:"YYYY-MM-DD; only for an implemented change."`
	Status           isms.ISMSChangeStatus `json:"status,omitempty" doc:"Default proposed."`
	Risks            []string              `json:"risks,omitempty" doc:"IDs or references (R-4) of the risks it touches."`
	ISMSRisks        []string              `json:"ismsRisks,omitempty" doc:"IDs or references (RO-2) of the ISMS risks and opportunities it touches."`
	Documents        []string              `json:"documents,omitempty" doc:"IDs or references (DOC-1) of the documents it touches."`
}

// ismsChangeUpdateRequest replaces a planned change.
type ismsChangeUpdateRequest struct {
	ismsChangeRequest
	Version int `json:"version" doc:"The change's version the change was made against."`
}

func (in ismsChangeRequest) input() app.ChangeInput {
	return app.ChangeInput{Title: in.Title, Reason: in.Reason, Consequences: in.Consequences, Resources: in.Resources,
		Responsibilities: in.Responsibilities, OwnerID: in.OwnerID, PlannedOn: in.PlannedOn, CompletedOn: in.CompletedOn,
		Status: string(in.Status), Risks: in.Risks, ISMSRisks: in.ISMSRisks, Documents: in.Documents}
}

func (s *Server) apiISMSChangeList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	f := ismsChangeFilterOf(r.URL.Query(), p)
	f.Sort = queryOneOf(r, p, "sort", ismsChangeSortKeys...)
	limit, offset := apiPaging(r, p)
	f.Limit, f.Offset = limit, offset
	return apiList(p, limit, offset, func() ([]*isms.ISMSChange, int, error) {
		return s.app.FindChanges(r.Context(), actor(r), f)
	})
}

func (s *Server) apiISMSChangeCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in ismsChangeRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.CreateChange(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	return created(x), nil
}

func (s *Server) apiISMSChangeGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.FindChange(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiISMSChangeUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in ismsChangeUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.app.UpdateChange(r.Context(), actor(r), pathID(r), in.Version, in.input())
}

func (s *Server) apiISMSChangeDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteChange(r.Context(), actor(r), pathID(r))
}

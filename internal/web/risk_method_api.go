// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The risk method in the API: its versions, a new draft, a draft's whole
// content, and re-scoring an older version's risks under the current one.
// Submitting a draft for approval is POST /approvals with objectType
// risk_method.

func (s *Server) riskMethodOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/risk-methods", Access: Member, Handler: s.apiRiskMethodList,
		ID: "listRiskMethods", Tag: "Risk method", Summary: "List the risk method's versions",
		Description: "Every version, newest first: drafts, the approved version risks are scored under, and superseded ones.",
		Result:      reflect.TypeFor[page[*isms.RiskMethod]](),
	}, {
		Pattern: "POST /api/v1/risk-methods", Access: Member, Handler: s.apiRiskMethodCreate,
		ID: "createRiskMethodDraft", Tag: "Risk method", Summary: "Start a new version as a draft",
		Description: "Needs the right to manage the risk method. preset 3, 4 or 5 starts from a ready-made method of that size; 0 copies the approved version (or the 5 × 5 preset when none is approved). Only one draft may exist at a time (409).",
		Body:        reflect.TypeFor[riskMethodDraftRequest](), Result: reflect.TypeFor[*isms.RiskMethod](), Status: http.StatusCreated,
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "GET /api/v1/risk-methods/{id}", Access: Member, Handler: s.apiRiskMethodGet,
		ID: "getRiskMethod", Tag: "Risk method", Summary: "Read a version with its approval",
		Description: "{id} is a version's ID, its label (v2), or current for the approved version risks are scored under (404 while none is).",
		Result:      reflect.TypeFor[riskMethodDetailAPI](),
	}, {
		Pattern: "PUT /api/v1/risk-methods/{id}", Access: Member, Handler: s.apiRiskMethodUpdate,
		ID: "updateRiskMethod", Tag: "Risk method", Summary: "Replace a draft's content",
		Description: "{id} is the draft's ID or label (v3). Drafts only, and not while submitted for approval (409). Problems are reported per JSON path, such as likelihood[2].label or matrix[1][3].",
		Body:        reflect.TypeFor[riskMethodRequest](), Result: reflect.TypeFor[*isms.RiskMethod](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/risk-methods/{id}/rescore", Access: Member, Handler: s.apiRiskMethodRescore,
		ID: "rescoreRisks", Tag: "Risk method", Summary: "Re-score a version's risks under the current one",
		Description: "{id} is the older version's ID or label (v1). Maps the likelihood and impact of every risk scored under it to the current approved version, by the mapping given (each old position's new position; give both scales, or neither for the proposed mapping). Each change is an audit event; standing acceptances end. With dryRun=true nothing changes and every risk is listed with its scores before and after.",
		Params:      []apiParam{enumParam("dryRun", "true: preview only.", "true", "false")},
		Body:        reflect.TypeFor[rescoreRequest](), Result: reflect.TypeFor[rescoreAPI](),
	}}
}

// riskMethodDraftRequest starts a new version.
type riskMethodDraftRequest struct {
	Preset int `json:"preset" doc:"3, 4 or 5 for a ready-made method; 0 to copy the approved version."`
}

// riskMethodRequest is the whole content of a draft.
type riskMethodRequest struct {
	Name         string                `json:"name"`
	Description  string                `json:"description,omitempty"`
	Likelihood   []isms.RiskScaleLevel `json:"likelihood" doc:"The likelihood scale, lowest first, 2 to 10 levels."`
	Impact       []isms.RiskScaleLevel `json:"impact" doc:"The impact scale, lowest first, 2 to 10 levels."`
	CIA          bool                  `json:"cia,omitempty" doc:"Assess impact separately for confidentiality, integrity and availability."`
	ImpactRule   isms.ImpactRule       `json:"impactRule,omitempty" doc:"With cia: highest or mean (rounded up)."`
	Levels       []isms.RiskLevel      `json:"levels" doc:"The risk levels, lowest first, with their acceptance criteria."`
	Matrix       [][]int               `json:"matrix" doc:"matrix[l][i] is the level number (1 for the first level) of likelihood position l+1 and impact position i+1."`
	ReviewMonths int                   `json:"reviewMonths" doc:"The reassessment interval of risks, 1 to 60 months."`
	Version      int                   `json:"version" doc:"The draft's version the change was made against."`
}

// riskMethodDetailAPI is a version with its approval.
type riskMethodDetailAPI struct {
	Method    *isms.RiskMethod `json:"method"`
	Latest    *isms.Approval   `json:"latestApproval,omitempty" doc:"The newest submission of this version."`
	Approved  *isms.Approval   `json:"approvedApproval,omitempty" doc:"The submission that approved it."`
	Risks     int              `json:"risks" doc:"Risks scored under this version."`
	CurrentID isms.ID          `json:"currentId,omitempty" doc:"The approved version risks are scored under now."`
}

func (riskMethodDetailAPI) schemaName() string { return "RiskMethodDetail" }

// rescoreRequest is a mapping from an old version's scales to the current one's.
type rescoreRequest struct {
	Likelihood []int `json:"likelihood,omitempty" doc:"likelihood[k] is the new position of old likelihood position k+1."`
	Impact     []int `json:"impact,omitempty" doc:"impact[k] is the new position of old impact position k+1."`
}

// rescoreAPI is the outcome of a re-scoring, or its preview.
type rescoreAPI struct {
	DryRun bool             `json:"dryRun"`
	From   int              `json:"fromVersion"`
	To     int              `json:"toVersion"`
	Map    isms.RescoreMap  `json:"map"`
	Count  int              `json:"count" doc:"Risks re-scored, or that would be."`
	Risks  []rescoreRiskAPI `json:"risks" openapi:"nonnull" doc:"On a dry run, every risk with its scores before and after; empty otherwise."`
}

func (rescoreAPI) schemaName() string { return "Rescore" }

// rescoreRiskAPI is one risk of a re-scoring preview.
type rescoreRiskAPI struct {
	RiskID         isms.ID        `json:"riskId"`
	Ref            string         `json:"ref"`
	Title          string         `json:"title"`
	InherentBefore isms.RiskScore `json:"inherentBefore"`
	ResidualBefore isms.RiskScore `json:"residualBefore"`
	InherentAfter  isms.RiskScore `json:"inherentAfter"`
	ResidualAfter  isms.RiskScore `json:"residualAfter"`
	LevelsBefore   [2]string      `json:"levelsBefore" doc:"The inherent and residual level labels before; empty when unscored."`
	LevelsAfter    [2]string      `json:"levelsAfter" doc:"The inherent and residual level labels after."`
}

func (rescoreRiskAPI) schemaName() string { return "RescoreRisk" }

func (s *Server) apiRiskMethodList(w http.ResponseWriter, r *http.Request) (any, error) {
	list, err := s.app.RiskMethods(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	return newPage(list, len(list), isms.MaxPageSize, 0), nil
}

func (s *Server) apiRiskMethodCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in riskMethodDraftRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	m, err := s.app.CreateRiskMethodDraft(r.Context(), actor(r), app.RiskMethodDraftInput{Preset: in.Preset})
	if err != nil {
		return nil, err
	}
	return created(m), nil
}

// apiMethodID resolves the path's {id}: a version's ID, its label ("v2"),
// or "current" for the approved version.
func (s *Server) apiMethodID(r *http.Request) (isms.ID, error) {
	id := pathID(r)
	if id == "current" {
		m, err := s.app.CurrentRiskMethod(r.Context(), actor(r))
		if err != nil {
			return "", err
		}
		return m.ID, nil
	}
	d, err := s.app.FindRiskMethod(r.Context(), actor(r), id)
	if err != nil {
		return "", err
	}
	return d.Method.ID, nil
}

func (s *Server) apiRiskMethodGet(w http.ResponseWriter, r *http.Request) (any, error) {
	id, err := s.apiMethodID(r)
	if err != nil {
		return nil, err
	}
	d, err := s.app.FindRiskMethod(r.Context(), actor(r), id)
	if err != nil {
		return nil, err
	}
	out := riskMethodDetailAPI{Method: d.Method, Latest: d.Latest, Approved: d.Approved, Risks: d.Risks}
	if d.Current != nil {
		out.CurrentID = d.Current.ID
	}
	return out, nil
}

func (s *Server) apiRiskMethodUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in riskMethodRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	id, err := s.apiMethodID(r)
	if err != nil {
		return nil, err
	}
	m := &isms.RiskMethod{Name: in.Name, Description: in.Description, Likelihood: in.Likelihood, Impact: in.Impact,
		CIA: in.CIA, ImpactRule: in.ImpactRule, Levels: in.Levels, Matrix: in.Matrix, ReviewMonths: in.ReviewMonths}
	return s.app.UpdateRiskMethod(r.Context(), actor(r), id, in.Version, m)
}

func (s *Server) apiRiskMethodRescore(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	dry := queryOneOf(r, p, "dryRun", "true", "false") == "true"
	if err := p.Err(); err != nil {
		return nil, err
	}
	var in rescoreRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	var rm *isms.RescoreMap
	if in.Likelihood != nil || in.Impact != nil {
		rm = &isms.RescoreMap{Likelihood: in.Likelihood, Impact: in.Impact}
	}
	a := actor(r)
	id, err := s.apiMethodID(r)
	if err != nil {
		return nil, err
	}
	plan, err := s.app.RescorePreview(r.Context(), a, id, rm)
	if err != nil {
		return nil, err
	}
	out := rescoreAPI{DryRun: dry, From: plan.From.Number, To: plan.To.Number, Map: plan.Map, Count: len(plan.Rows), Risks: []rescoreRiskAPI{}}
	if !dry {
		out.Count, err = s.app.Rescore(r.Context(), a, plan.From.ID, plan.Map)
		return out, err
	}
	for _, row := range plan.Rows {
		rk := row.Risk
		out.Risks = append(out.Risks, rescoreRiskAPI{RiskID: rk.ID, Ref: rk.Ref, Title: rk.Title,
			InherentBefore: rk.Inherent, ResidualBefore: rk.Residual, InherentAfter: row.Inherent, ResidualAfter: row.Residual,
			LevelsBefore: [2]string{plan.From.LevelLabel(rk.Inherent.Level), plan.From.LevelLabel(rk.Residual.Level)},
			LevelsAfter:  [2]string{plan.To.LevelLabel(row.Inherent.Level), plan.To.LevelLabel(row.Residual.Level)}})
	}
	return out, nil
}

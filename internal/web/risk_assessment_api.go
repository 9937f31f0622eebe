// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Risk assessments in the API: the list, a new snapshot, one snapshot with
// its entries, and the comparison of two.

func (s *Server) riskAssessmentOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/risk-assessments", Access: Member, Handler: s.apiAssessmentList,
		ID: "listRiskAssessments", Tag: "Risk assessments", Summary: "List risk assessments",
		Description: "Newest first, without their entries.",
		Params:      pagingParams, Result: reflect.TypeFor[page[*isms.RiskAssessment]](),
	}, {
		Pattern: "POST /api/v1/risk-assessments", Access: Member, Handler: s.apiAssessmentCreate,
		ID: "createRiskAssessment", Tag: "Risk assessments", Summary: "Record a risk assessment",
		Description: "Needs the right to edit risks. Takes an immutable snapshot of every risk of the register now, with the SHA-256 of its content.",
		Body:        reflect.TypeFor[assessmentRequest](), Result: reflect.TypeFor[*isms.RiskAssessment](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/risk-assessments/{id}", Access: Member, Handler: s.apiAssessmentGet,
		ID: "getRiskAssessment", Tag: "Risk assessments", Summary: "Read a risk assessment with its entries",
		Result: reflect.TypeFor[*isms.RiskAssessment](),
	}, {
		Pattern: "GET /api/v1/risk-assessments/compare", Access: Member, Handler: s.apiAssessmentCompare,
		ID: "compareRiskAssessments", Tag: "Risk assessments", Summary: "Compare two risk assessments",
		Description: "The two assessments (without their entries), the older first whichever order they are given in; risks added and removed from before to after, risks present in both whose scores or status changed, and the share of treatment actions done in each.",
		Params: []apiParam{stringParam("before", "The earlier assessment's ID; with after. Without both, the newest two are compared (404 when there are fewer)."),
			stringParam("after", "The later assessment's ID; with before.")},
		Result: reflect.TypeFor[assessmentComparisonAPI](),
	}}
}

// assessmentRequest records an assessment.
type assessmentRequest struct {
	Title       string `json:"title"`
	Reason      string `json:"reason,omitempty" doc:"The planned interval, or the significant change that prompted it."`
	PerformedOn string `json:"performedOn,omitempty" doc:"YYYY-MM-DD; today when empty."`
}

// assessmentComparisonAPI is what changed between two assessments.
type assessmentComparisonAPI struct {
	Before *isms.RiskAssessment `json:"before"`
	After  *isms.RiskAssessment `json:"after"`
	Diff   isms.AssessmentDiff  `json:"diff"`
}

func (assessmentComparisonAPI) schemaName() string { return "AssessmentComparison" }

func (s *Server) apiAssessmentList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	limit, offset := apiPaging(r, p)
	return apiList(p, limit, offset, func() ([]*isms.RiskAssessment, int, error) {
		return s.app.FindRiskAssessments(r.Context(), actor(r), limit, offset)
	})
}

func (s *Server) apiAssessmentCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in assessmentRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	a, err := s.app.CreateRiskAssessment(r.Context(), actor(r), app.RiskAssessmentInput{Title: in.Title, Reason: in.Reason, PerformedOn: in.PerformedOn})
	if err != nil {
		return nil, err
	}
	return created(a), nil
}

func (s *Server) apiAssessmentGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.FindRiskAssessment(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiAssessmentCompare(w http.ResponseWriter, r *http.Request) (any, error) {
	q, p := r.URL.Query(), isms.Problems{}
	before, after := isms.ID(q.Get("before")), isms.ID(q.Get("after"))
	switch {
	case before == "" && after == "":
		latest, _, err := s.app.FindRiskAssessments(r.Context(), actor(r), 2, 0)
		if err != nil {
			return nil, err
		}
		if len(latest) < 2 {
			return nil, isms.Errorf(isms.NotFound, "There are fewer than two risk assessments to compare; record another one first.")
		}
		before, after = latest[1].ID, latest[0].ID
	case before == "":
		p.Add("before", "before is required with after: the ID of an assessment.")
	case after == "":
		p.Add("after", "after is required with before: the ID of an assessment.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	c, err := s.app.CompareRiskAssessments(r.Context(), actor(r), before, after)
	if err != nil {
		return nil, err
	}
	// The entries are in the diff; each assessment's own are a GET away.
	b, a := *c.Before, *c.After
	b.Entries, a.Entries = nil, nil
	return assessmentComparisonAPI{Before: &b, After: &a, Diff: c.Diff}, nil
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// External audit findings in the API. A major or minor nonconformity
// opens a nonconformity record, whose reference the finding carries.

func (s *Server) extFindingAPIOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/external-findings", Access: Member, Handler: s.apiExtFindingList,
		ID: "listExternalFindings", Tag: certificationTag, Summary: "List external audit findings",
		Params: append([]apiParam{
			stringParam("audit", "Only the findings of this external audit (ID or reference)."),
			enumParam("grade", "Only findings of this grade.", enumStrings(isms.FindingGrades...)...),
			stringParam("q", "Search in reference, title and description."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default -created.", extFindingSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.ExternalFinding]](),
	}, {
		Pattern: "POST /api/v1/external-findings", Access: Member, Handler: s.apiExtFindingCreate,
		ID: "createExternalFinding", Tag: certificationTag, Summary: "Record an external audit finding",
		Description: "Needs the right to record external findings, on an audit in progress or completed. The reference (XF-n) is assigned. " +
			"A major or minor nonconformity names its requirements and the corrective action plan's due date, and opens a nonconformity record.",
		Body: reflect.TypeFor[extFindingRequest](), Result: reflect.TypeFor[*isms.ExternalFinding](), Status: http.StatusCreated,
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "GET /api/v1/external-findings/{id}", Access: Member, Handler: s.apiExtFindingGet,
		ID: "getExternalFinding", Tag: certificationTag, Summary: "Read an external audit finding",
		Description: "{id} is the finding's ID or its reference (XF-4).",
		Result:      reflect.TypeFor[*isms.ExternalFinding](),
	}, {
		Pattern: "PATCH /api/v1/external-findings/{id}", Access: Member, Handler: s.apiExtFindingUpdate,
		ID: "updateExternalFinding", Tag: certificationTag, Summary: "Change an external audit finding",
		Description: "Absent fields stay; an auditor changes only the findings they recorded. Regrading to a nonconformity opens its " +
			"nonconformity record. version must be the finding's current version (409 otherwise).",
		Body: reflect.TypeFor[extFindingPatch](), Result: reflect.TypeFor[*isms.ExternalFinding](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/external-findings/{id}", Access: Member, Handler: s.apiExtFindingDelete,
		ID: "deleteExternalFinding", Tag: certificationTag, Summary: "Delete an external audit finding",
		Description: "A finding that opened a nonconformity cannot be deleted (409).", Errors: []int{http.StatusConflict},
	}}
}

// extFindingRequest is a new external finding.
type extFindingRequest struct {
	AuditID      string            `json:"auditId" doc:"The external audit's ID or reference."`
	Grade        isms.FindingGrade `json:"grade"`
	Title        string            `json:"title"`
	Description  string            `json:"description,omitempty"`
	Requirements []string          `json:"requirements,omitempty" doc:"References of the certificate's framework (A.5.18, 9.2)."`
	CAPDue       string            `json:"capDue,omitempty" doc:"YYYY-MM-DD: the body's deadline for the corrective action plan."`
}

func (in extFindingRequest) input() app.ExternalFindingInput {
	return app.ExternalFindingInput{Audit: in.AuditID, Grade: string(in.Grade), Title: in.Title, Description: in.Description,
		Requirements: strings.Join(in.Requirements, ", "), CAPDue: in.CAPDue}
}

// extFindingPatch is a change to an external finding; absent fields stay.
type extFindingPatch struct {
	Grade        *isms.FindingGrade `json:"grade,omitempty"`
	Title        *string            `json:"title,omitempty"`
	Description  *string            `json:"description,omitempty"`
	Requirements []string           `json:"requirements,omitempty" doc:"Replaces the requirements when present."`
	CAPDue       *string            `json:"capDue,omitempty"`
	Version      int                `json:"version"`
}

func (s *Server) apiExtFindingList(w http.ResponseWriter, r *http.Request) (any, error) {
	p, q := isms.Problems{}, r.URL.Query()
	f := isms.ExternalFindingFilter{Grade: isms.FindingGrade(queryOneOf(r, p, "grade", enumStrings(isms.FindingGrades...)...)),
		Search: strings.TrimSpace(q.Get("q")), Sort: queryOneOf(r, p, "sort", extFindingSortKeys...)}
	f.Limit, f.Offset = apiPaging(r, p)
	if ref := strings.TrimSpace(q.Get("audit")); ref != "" {
		v, err := s.app.FindExternalAudit(r.Context(), actor(r), ref)
		switch {
		case isCode(err, isms.NotFound):
			p.Add("audit", "There is no external audit "+ref+".")
		case err != nil:
			return nil, err
		default:
			f.AuditID = v.ExternalAudit.ID
		}
	}
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.ExternalFinding, int, error) {
		return s.app.ListExternalFindings(r.Context(), actor(r), f)
	})
}

func (s *Server) apiExtFindingCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in extFindingRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	f, err := s.app.CreateExternalFinding(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	return created(f), nil
}

func (s *Server) apiExtFindingGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.FindExternalFinding(r.Context(), actor(r), r.PathValue("id"))
}

func (s *Server) apiExtFindingUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in extFindingPatch
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	f, err := s.app.FindExternalFinding(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	u := extFindingInput(f)
	set(&u.Title, in.Title)
	set(&u.Description, in.Description)
	set(&u.CAPDue, in.CAPDue)
	if in.Grade != nil {
		u.Grade = string(*in.Grade)
	}
	if in.Requirements != nil {
		u.Requirements = strings.Join(in.Requirements, ", ")
	}
	return s.app.UpdateExternalFinding(r.Context(), actor(r), f.ID, in.Version, u)
}

func (s *Server) apiExtFindingDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	f, err := s.app.FindExternalFinding(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return noContent, s.app.DeleteExternalFinding(r.Context(), actor(r), f.ID)
}

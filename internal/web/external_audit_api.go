// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// External audits in the API: the register, each audit with its
// certificate, findings and evidence requests.

func (s *Server) extAuditAPIOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/external-audits", Access: Member, Handler: s.apiExtAuditList,
		ID: "listExternalAudits", Tag: certificationTag, Summary: "List external audits",
		Params: append([]apiParam{
			stringParam("certificate", "Only the audits of this certificate (ID or reference)."),
			enumParam("kind", "Only audits of this kind.", enumStrings(isms.ExternalAuditKinds...)...),
			enumParam("status", "Only audits with this status.", enumStrings(isms.ExternalAuditStatuses...)...),
			stringParam("q", "Search in reference, team and summary."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default -start.", extAuditSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.ExternalAudit]](),
	}, {
		Pattern: "POST /api/v1/external-audits", Access: Member, Handler: s.apiExtAuditCreate,
		ID: "createExternalAudit", Tag: certificationTag, Summary: "Plan an external audit",
		Description: "Needs the right to manage certification. The reference (EA-n) is assigned; the certificate's owner gets a " +
			"preparation task due 30 days before the start. The first surveillance audit must start within 12 months of the issue date, " +
			"and no surveillance or recertification audit after the expiry date.",
		Body: reflect.TypeFor[extAuditRequest](), Result: reflect.TypeFor[*isms.ExternalAudit](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/external-audits/{id}", Access: Member, Handler: s.apiExtAuditGet,
		ID: "getExternalAudit", Tag: certificationTag, Summary: "Read an external audit with its findings and evidence requests",
		Description: "{id} is the audit's ID or its reference (EA-2).",
		Result:      reflect.TypeFor[extAuditResponse](),
	}, {
		Pattern: "PATCH /api/v1/external-audits/{id}", Access: Member, Handler: s.apiExtAuditUpdate,
		ID: "updateExternalAudit", Tag: certificationTag, Summary: "Change an external audit",
		Description: "Absent fields stay. A new start date moves the preparation task; cancelled cancels it; completed needs a result. " +
			"version must be the audit's current version (409 otherwise).",
		Body: reflect.TypeFor[extAuditPatch](), Result: reflect.TypeFor[*isms.ExternalAudit](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/external-audits/{id}", Access: Member, Handler: s.apiExtAuditDelete,
		ID: "deleteExternalAudit", Tag: certificationTag, Summary: "Delete an external audit",
		Description: "Only an audit without findings can be deleted (409 otherwise); its preparation task is cancelled.",
		Errors:      []int{http.StatusConflict},
	}}
}

// extAuditRequest is a new external audit. Dates are YYYY-MM-DD.
type extAuditRequest struct {
	CertificateID string                 `json:"certificateId" doc:"The certificate's ID or reference."`
	Kind          isms.ExternalAuditKind `json:"kind"`
	Cycle         int                    `json:"cycle,omitempty" doc:"1 (default) for the initial certification, 2 after the first recertification."`
	Sequence      int                    `json:"sequence,omitempty" doc:"For a surveillance audit: 1 or 2 within its cycle."`
	StartOn       string                 `json:"startOn"`
	EndOn         string                 `json:"endOn"`
	Team          string                 `json:"team,omitempty"`
}

func (in extAuditRequest) input() app.ExternalAuditInput {
	return app.ExternalAuditInput{Certificate: in.CertificateID, Kind: string(in.Kind), Cycle: months(in.Cycle), Sequence: months(in.Sequence),
		StartOn: in.StartOn, EndOn: in.EndOn, Team: in.Team, Status: string(isms.ExtPlanned)}
}

// extAuditPatch is a change to an external audit; absent fields stay.
type extAuditPatch struct {
	StartOn *string                   `json:"startOn,omitempty"`
	EndOn   *string                   `json:"endOn,omitempty"`
	Team    *string                   `json:"team,omitempty"`
	Status  *isms.ExternalAuditStatus `json:"status,omitempty"`
	Result  *isms.ExternalAuditResult `json:"result,omitempty"`
	Summary *string                   `json:"summary,omitempty"`
	Version int                       `json:"version"`
}

// extAuditResponse is an external audit with its findings and requests.
type extAuditResponse struct {
	Audit    *isms.ExternalAudit     `json:"audit"`
	Findings []*isms.ExternalFinding `json:"findings" openapi:"nonnull"`
	Requests []*isms.EvidenceRequest `json:"requests" openapi:"nonnull" doc:"The evidence requests made for the audit."`
}

func (s *Server) apiExtAuditList(w http.ResponseWriter, r *http.Request) (any, error) {
	p, q := isms.Problems{}, r.URL.Query()
	f := isms.ExternalAuditFilter{Kind: isms.ExternalAuditKind(queryOneOf(r, p, "kind", enumStrings(isms.ExternalAuditKinds...)...)),
		Status: isms.ExternalAuditStatus(queryOneOf(r, p, "status", enumStrings(isms.ExternalAuditStatuses...)...)),
		Search: strings.TrimSpace(q.Get("q")), Sort: queryOneOf(r, p, "sort", extAuditSortKeys...)}
	f.Limit, f.Offset = apiPaging(r, p)
	if ref := strings.TrimSpace(q.Get("certificate")); ref != "" {
		v, err := s.app.FindCertificate(r.Context(), actor(r), ref)
		switch {
		case isCode(err, isms.NotFound):
			p.Add("certificate", "There is no certificate "+ref+".")
		case err != nil:
			return nil, err
		default:
			f.CertificateID = v.Certificate.ID
		}
	}
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.ExternalAudit, int, error) {
		return s.app.ListExternalAudits(r.Context(), actor(r), f)
	})
}

func (s *Server) apiExtAuditCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in extAuditRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.CreateExternalAudit(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	return created(x), nil
}

func (s *Server) apiExtAuditGet(w http.ResponseWriter, r *http.Request) (any, error) {
	v, err := s.app.FindExternalAudit(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	out := extAuditResponse{Audit: v.ExternalAudit, Findings: v.Findings, Requests: v.Requests}
	if out.Findings == nil {
		out.Findings = []*isms.ExternalFinding{}
	}
	if out.Requests == nil {
		out.Requests = []*isms.EvidenceRequest{}
	}
	return out, nil
}

func (s *Server) apiExtAuditUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in extAuditPatch
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	v, err := s.app.FindExternalAudit(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	x := v.ExternalAudit
	u := extAuditInput(x)
	set(&u.StartOn, in.StartOn)
	set(&u.EndOn, in.EndOn)
	set(&u.Team, in.Team)
	set(&u.Summary, in.Summary)
	if in.Status != nil {
		u.Status = string(*in.Status)
	}
	if in.Result != nil {
		u.Result = string(*in.Result)
	}
	return s.app.UpdateExternalAudit(r.Context(), actor(r), x.ID, in.Version, u)
}

func (s *Server) apiExtAuditDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	v, err := s.app.FindExternalAudit(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return noContent, s.app.DeleteExternalAudit(r.Context(), actor(r), v.ExternalAudit.ID)
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Certificates in the API: the register, each certificate with its cycle
// of external audits and those still to plan, and planning the cycle.

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.CertificateStatus](): {doc: "Where a certificate stands: pursuing (stage 1 and 2 ahead), active, suspended, withdrawn or expired.",
			values: enumStrings(isms.CertificateStatuses...)},
		reflect.TypeFor[isms.ExternalAuditKind](): {doc: "The kind of a certification body's audit, in the order of the cycle.",
			values: enumStrings(isms.ExternalAuditKinds...)},
		reflect.TypeFor[isms.ExternalAuditStatus](): {doc: "Where an external audit stands.", values: enumStrings(isms.ExternalAuditStatuses...)},
		reflect.TypeFor[isms.ExternalAuditResult](): {doc: "The audit team's recommendation; an empty string until the audit is completed.",
			values: enumStrings(append([]isms.ExternalAuditResult{isms.ExtResultNone}, isms.ExternalAuditResults...)...)},
	})
}

// certificationTag is the API tag of certification.
const certificationTag = "Certification"

func (s *Server) certificateAPIOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/certificates", Access: Member, Handler: s.apiCertificateList,
		ID: "listCertificates", Tag: certificationTag, Summary: "List certificates",
		Params: append([]apiParam{
			enumParam("status", "Only certificates with this status.", enumStrings(isms.CertificateStatuses...)...),
			stringParam("q", "Search in reference, body, number, standard and scope."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", certificateSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Certificate]](),
	}, {
		Pattern: "POST /api/v1/certificates", Access: Member, Handler: s.apiCertificateCreate,
		ID: "createCertificate", Tag: certificationTag, Summary: "Record a certificate, or one being pursued",
		Description: "Needs the right to manage certification. The reference (CERT-n) is assigned.",
		Body:        reflect.TypeFor[certificateRequest](), Result: reflect.TypeFor[*isms.Certificate](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/certificates/{id}", Access: Member, Handler: s.apiCertificateGet,
		ID: "getCertificate", Tag: certificationTag, Summary: "Read a certificate with its cycle",
		Description: "{id} is the certificate's ID or its reference (CERT-1).",
		Result:      reflect.TypeFor[certificateResponse](),
	}, {
		Pattern: "PATCH /api/v1/certificates/{id}", Access: Member, Handler: s.apiCertificateUpdate,
		ID: "updateCertificate", Tag: certificationTag, Summary: "Change a certificate",
		Description: "Absent fields stay. version must be the certificate's current version (409 otherwise).",
		Body:        reflect.TypeFor[certificatePatch](), Result: reflect.TypeFor[*isms.Certificate](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/certificates/{id}", Access: Member, Handler: s.apiCertificateDelete,
		ID: "deleteCertificate", Tag: certificationTag, Summary: "Delete a certificate",
		Description: "Only a certificate without external audits can be deleted (409 otherwise).", Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/certificates/{id}/plan", Access: Member, Handler: s.apiCertificatePlan,
		ID: "planCertificationCycle", Tag: certificationTag, Summary: "Plan the certification cycle",
		Description: "Creates the external audits the cycle calls for and does not hold yet, each with a preparation task for the " +
			"certificate's owner due 30 days before it: surveillance audits and the recertification of an issued certificate, stage 1 " +
			"(on stage1) and stage 2 of one being pursued. Nothing missing plans nothing.",
		Body: reflect.TypeFor[planRequest](), Result: reflect.TypeFor[planResponse](),
	}}
}

// certificateRequest is a new certificate. Dates are YYYY-MM-DD.
type certificateRequest struct {
	Body        string                 `json:"body" doc:"The certification body."`
	CertNumber  string                 `json:"certificateNumber,omitempty" doc:"Required once issued."`
	Standard    string                 `json:"standard" doc:"As certified, such as ISO/IEC 27001:2022."`
	FrameworkID string                 `json:"frameworkId,omitempty" doc:"The framework's ID or key, if it is loaded."`
	Scope       string                 `json:"scope" doc:"The scope statement as the certificate states it."`
	IssuedOn    string                 `json:"issuedOn,omitempty"`
	ExpiresOn   string                 `json:"expiresOn,omitempty"`
	Status      isms.CertificateStatus `json:"status"`
	OwnerID     string                 `json:"ownerId" doc:"The member who prepares the audits: a user ID or e-mail address."`
}

func (in certificateRequest) input() app.CertificateInput {
	return app.CertificateInput{Body: in.Body, CertNumber: in.CertNumber, Standard: in.Standard, Framework: in.FrameworkID, Scope: in.Scope,
		IssuedOn: in.IssuedOn, ExpiresOn: in.ExpiresOn, Status: string(in.Status), Owner: in.OwnerID}
}

// certificatePatch is a change to a certificate; absent fields stay.
type certificatePatch struct {
	Body        *string                 `json:"body,omitempty"`
	CertNumber  *string                 `json:"certificateNumber,omitempty"`
	Standard    *string                 `json:"standard,omitempty"`
	FrameworkID *string                 `json:"frameworkId,omitempty"`
	Scope       *string                 `json:"scope,omitempty"`
	IssuedOn    *string                 `json:"issuedOn,omitempty"`
	ExpiresOn   *string                 `json:"expiresOn,omitempty"`
	Status      *isms.CertificateStatus `json:"status,omitempty"`
	OwnerID     *string                 `json:"ownerId,omitempty"`
	Version     int                     `json:"version"`
}

// certificateResponse is a certificate with its cycle.
type certificateResponse struct {
	Certificate *isms.Certificate     `json:"certificate"`
	Audits      []*isms.ExternalAudit `json:"audits" openapi:"nonnull" doc:"Its external audits, by start date."`
	Next        []isms.PlannedAudit   `json:"next" openapi:"nonnull" doc:"The audits its cycle calls for that are not planned yet."`
}

// planRequest plans a certificate's cycle.
type planRequest struct {
	Stage1 string `json:"stage1,omitempty" doc:"YYYY-MM-DD: the stage 1 date of a certificate being pursued; ignored for an issued one."`
}

// planResponse lists the audits planned.
type planResponse struct {
	Planned []*isms.ExternalAudit `json:"planned" openapi:"nonnull"`
}

func (s *Server) apiCertificateList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	f := isms.CertificateFilter{Status: isms.CertificateStatus(queryOneOf(r, p, "status", enumStrings(isms.CertificateStatuses...)...)),
		Search: strings.TrimSpace(r.URL.Query().Get("q")), Sort: queryOneOf(r, p, "sort", certificateSortKeys...)}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.Certificate, int, error) {
		return s.app.ListCertificates(r.Context(), actor(r), f)
	})
}

func (s *Server) apiCertificateCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in certificateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	c, err := s.app.CreateCertificate(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	return created(c), nil
}

func (s *Server) apiCertificateGet(w http.ResponseWriter, r *http.Request) (any, error) {
	v, err := s.app.FindCertificate(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	out := certificateResponse{Certificate: v.Certificate, Audits: v.Audits, Next: v.Next}
	if out.Audits == nil {
		out.Audits = []*isms.ExternalAudit{}
	}
	if out.Next == nil {
		out.Next = []isms.PlannedAudit{}
	}
	return out, nil
}

func (s *Server) apiCertificateUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in certificatePatch
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	v, err := s.app.FindCertificate(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	c := v.Certificate
	u := certificateInput(c)
	for to, from := range map[*string]*string{&u.Body: in.Body, &u.CertNumber: in.CertNumber, &u.Standard: in.Standard,
		&u.Framework: in.FrameworkID, &u.Scope: in.Scope, &u.IssuedOn: in.IssuedOn, &u.ExpiresOn: in.ExpiresOn, &u.Owner: in.OwnerID} {
		set(to, from)
	}
	if in.Status != nil {
		u.Status = string(*in.Status)
	}
	return s.app.UpdateCertificate(r.Context(), actor(r), c.ID, in.Version, u)
}

func (s *Server) apiCertificateDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	v, err := s.app.FindCertificate(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return noContent, s.app.DeleteCertificate(r.Context(), actor(r), v.Certificate.ID)
}

func (s *Server) apiCertificatePlan(w http.ResponseWriter, r *http.Request) (any, error) {
	var in planRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	v, err := s.app.FindCertificate(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	list, err := s.app.PlanCertificationCycle(r.Context(), actor(r), v.Certificate.ID, in.Stage1)
	if err != nil {
		return nil, err
	}
	if list == nil {
		list = []*isms.ExternalAudit{}
	}
	return planResponse{Planned: list}, nil
}

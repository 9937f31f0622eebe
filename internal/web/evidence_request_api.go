// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Evidence requests in the API: the request list with its filters and
// export, the import of a list, each request with its thread and
// evidence, and its steps (evidence_request_api_steps.go).

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.RequestStatus](): {doc: "Where an evidence request stands: open (waiting for its owner), answered (waiting for the auditor), accepted or cancelled.",
			values: enumStrings(isms.RequestStatuses...)},
		reflect.TypeFor[isms.RequestStep](): {doc: "What one message of a request's thread did.",
			values: enumStrings(isms.StepAsked, isms.StepAnswered, isms.StepAccepted, isms.StepAskedAgain, isms.StepCancelled)},
	})
}

// requestFilterParams are the query parameters selecting requests.
var requestFilterParams = []apiParam{
	enumParam("status", "Only requests with this status.", enumStrings(isms.RequestStatuses...)...),
	stringParam("ownerId", "Only requests this member answers."),
	stringParam("audit", "Only the requests of this external audit (ID or reference)."),
	stringParam("frameworkId", "Only requests of this framework, with those that name only a control."),
	{Name: "overdue", Doc: "When true, only open requests past their due date.", Schema: schemaObj{"type": "boolean"}},
	stringParam("q", "Search in reference, title, detail, requirement and control."),
	enumParam("sort", "Sort key; a leading - sorts descending. Default due.", requestSortKeys...),
}

func (s *Server) requestAPIOperations() []apiOperation {
	ops := []apiOperation{{
		Pattern: "GET /api/v1/evidence-requests", Access: Member, Handler: s.apiRequestList,
		ID: "listEvidenceRequests", Tag: certificationTag, Summary: "List evidence requests",
		Params: append(append([]apiParam{}, requestFilterParams...), pagingParams...),
		Result: reflect.TypeFor[page[*isms.EvidenceRequest]](),
	}, {
		Pattern: "POST /api/v1/evidence-requests", Access: Member, Handler: s.apiRequestCreate,
		ID: "createEvidenceRequest", Tag: certificationTag, Summary: "Ask for evidence",
		Description: "Needs the right to request evidence. The reference (ER-n) is assigned; the owner (by default the control's, else " +
			"that of a control linked to the requirement, else the certificate's) gets a task due on dueOn.",
		Body: reflect.TypeFor[requestRequest](), Result: reflect.TypeFor[*isms.EvidenceRequest](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/evidence-requests/export", Access: Member, Handler: s.apiRequestExport,
		ID: "exportEvidenceRequests", Tag: certificationTag, Summary: "Export evidence requests with their status",
		Params: append([]apiParam{enumParam("format", "The file format; csv when absent.", "csv", "xlsx")}, requestFilterParams...),
		Download: map[string]any{
			"content": map[string]any{listMediaTypes["csv"]: map[string]any{"schema": binarySchema()},
				listMediaTypes["xlsx"]: map[string]any{"schema": binarySchema()}},
			"headers": map[string]any{"Content-Disposition": map[string]any{"schema": schemaObj{"type": "string"},
				"description": `attachment; filename="evidence-requests.csv"`}},
		},
	}, {
		Pattern: "POST /api/v1/evidence-requests/import", Access: Member, Handler: s.apiRequestImport,
		ID: "importEvidenceRequests", Tag: certificationTag, Summary: "Import a request list",
		Description: "multipart/form-data with the parts audit and framework (optional) first and file last: a CSV or XLSX file with " +
			"the columns requirement, control, title, detail, due, owner. Every row is created, or none: each problem is named by its line and column.",
		Upload: requestImportMultipart, Result: reflect.TypeFor[requestImportAPI](), Status: http.StatusCreated,
		Errors: []int{http.StatusRequestEntityTooLarge},
	}, {
		Pattern: "GET /api/v1/evidence-requests/{id}", Access: Member, Handler: s.apiRequestGet,
		ID: "getEvidenceRequest", Tag: certificationTag, Summary: "Read an evidence request with its thread and evidence",
		Description: "{id} is the request's ID or its reference (ER-12).",
		Result:      reflect.TypeFor[requestResponse](),
	}, {
		Pattern: "PATCH /api/v1/evidence-requests/{id}", Access: Member, Handler: s.apiRequestUpdate,
		ID: "updateEvidenceRequest", Tag: certificationTag, Summary: "Change an open evidence request",
		Description: "Absent fields stay. A new owner or due date moves the owner's task. version must be the request's current version (409 otherwise).",
		Body:        reflect.TypeFor[requestPatch](), Result: reflect.TypeFor[*isms.EvidenceRequest](), Errors: []int{http.StatusConflict},
	}}
	return append(ops, s.requestStepOperations()...)
}

// requestRequest is a new evidence request.
type requestRequest struct {
	AuditID     string `json:"auditId,omitempty" doc:"The external audit's ID or reference, if any."`
	FrameworkID string `json:"frameworkId,omitempty" doc:"The framework's ID or key; by default the audit's certificate framework, else ISO/IEC 27001:2022."`
	Requirement string `json:"requirement,omitempty" doc:"A reference of the framework. A request names a requirement, a control, or both."`
	Control     string `json:"control,omitempty" doc:"The control's ID or reference."`
	Title       string `json:"title"`
	Detail      string `json:"detail,omitempty"`
	DueOn       string `json:"dueOn" doc:"YYYY-MM-DD, today or later."`
	OwnerID     string `json:"ownerId,omitempty" doc:"Who answers: a user ID or e-mail address; the default owner when absent."`
}

func (in requestRequest) input() app.EvidenceRequestInput {
	return app.EvidenceRequestInput{Audit: in.AuditID, Framework: in.FrameworkID, Requirement: in.Requirement, Control: in.Control,
		Title: in.Title, Detail: in.Detail, DueOn: in.DueOn, Owner: in.OwnerID}
}

// requestPatch is a change to an open request; absent fields stay.
type requestPatch struct {
	AuditID     *string `json:"auditId,omitempty"`
	FrameworkID *string `json:"frameworkId,omitempty"`
	Requirement *string `json:"requirement,omitempty"`
	Control     *string `json:"control,omitempty"`
	Title       *string `json:"title,omitempty"`
	Detail      *string `json:"detail,omitempty"`
	DueOn       *string `json:"dueOn,omitempty"`
	OwnerID     *string `json:"ownerId,omitempty"`
	Version     int     `json:"version"`
}

// requestResponse is a request with the evidence attached to it.
type requestResponse struct {
	Request   *isms.EvidenceRequest `json:"request"`
	Evidence  []*isms.Evidence      `json:"evidence" openapi:"nonnull" doc:"The evidence items its answers attached."`
	CanAnswer bool                  `json:"canAnswer" doc:"Whether the caller may answer it now."`
	CanReview bool                  `json:"canReview" doc:"Whether the caller may accept it, ask again or cancel it now."`
}

// requestImportAPI lists the requests an import created.
type requestImportAPI struct {
	Created []*isms.EvidenceRequest `json:"created" openapi:"nonnull"`
}

// requestImportMultipart describes the import's multipart form.
func requestImportMultipart(*schemaGen) map[string]any {
	return map[string]any{"multipart/form-data": map[string]any{
		"schema": schemaObj{"type": "object", "required": []string{fileField}, "properties": schemaObj{
			"audit":     schemaObj{"type": "string", "description": "The external audit's ID or reference."},
			"framework": schemaObj{"type": "string", "description": "The framework's ID or key of the requirement column."},
			fileField:   binarySchema(),
		}},
	}}
}

// apiRequestFilter reads the query's filters, recording problems in p.
func (s *Server) apiRequestFilter(r *http.Request, p isms.Problems) (isms.EvidenceRequestFilter, error) {
	q := r.URL.Query()
	f := isms.EvidenceRequestFilter{Status: isms.RequestStatus(queryOneOf(r, p, "status", enumStrings(isms.RequestStatuses...)...)),
		OwnerID: isms.ID(strings.TrimSpace(q.Get("ownerId"))), FrameworkID: isms.ID(strings.TrimSpace(q.Get("frameworkId"))),
		Search: strings.TrimSpace(q.Get("q")), Sort: queryOneOf(r, p, "sort", requestSortKeys...)}
	if queryOneOf(r, p, "overdue", "true", "false") == "true" {
		f.OverdueOn = isms.DateOf(s.app.Now())
	}
	if ref := strings.TrimSpace(q.Get("audit")); ref != "" {
		v, err := s.app.FindExternalAudit(r.Context(), actor(r), ref)
		switch {
		case isCode(err, isms.NotFound):
			p.Add("audit", "There is no external audit "+ref+".")
		case err != nil:
			return f, err
		default:
			f.AuditID = v.ExternalAudit.ID
		}
	}
	return f, nil
}

func (s *Server) apiRequestList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	f, err := s.apiRequestFilter(r, p)
	if err != nil {
		return nil, err
	}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.EvidenceRequest, int, error) {
		return s.app.ListEvidenceRequests(r.Context(), actor(r), f)
	})
}

func (s *Server) apiRequestExport(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	format := queryOneOf(r, p, "format", "csv", "xlsx")
	f, err := s.apiRequestFilter(r, p)
	if err != nil {
		return nil, err
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if format == "" {
		format = "csv"
	}
	if err := s.exportRequests(w, r, f, format); err != nil {
		return nil, err
	}
	return written{}, nil
}

func (s *Server) apiRequestCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in requestRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.CreateEvidenceRequest(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, renameFields(err, requestFieldNames)
	}
	return created(x), nil
}

func (s *Server) apiRequestGet(w http.ResponseWriter, r *http.Request) (any, error) {
	v, err := s.app.FindEvidenceRequest(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	out := requestResponse{Request: v.EvidenceRequest, Evidence: v.EvidenceItems, CanAnswer: v.CanAnswer, CanReview: v.CanReview}
	if out.Evidence == nil {
		out.Evidence = []*isms.Evidence{}
	}
	return out, nil
}

func (s *Server) apiRequestUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in requestPatch
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	v, err := s.app.FindEvidenceRequest(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	u := requestInput(v.EvidenceRequest)
	for to, from := range map[*string]*string{&u.Audit: in.AuditID, &u.Framework: in.FrameworkID, &u.Requirement: in.Requirement,
		&u.Control: in.Control, &u.Title: in.Title, &u.Detail: in.Detail, &u.DueOn: in.DueOn, &u.Owner: in.OwnerID} {
		set(to, from)
	}
	x, err := s.app.UpdateEvidenceRequest(r.Context(), actor(r), v.EvidenceRequest.ID, in.Version, u)
	if err != nil {
		return nil, renameFields(err, requestFieldNames)
	}
	return x, nil
}

func (s *Server) apiRequestImport(w http.ResponseWriter, r *http.Request) (any, error) {
	var res *app.RequestImport
	err := s.readUpload(w, r, func(parts uploadParts, file *app.FileInput) error {
		if file == nil {
			return isms.Problems{fileField: "Send the request list as the part file, a CSV or XLSX file."}.Err()
		}
		var err error
		res, err = s.app.ImportEvidenceRequests(r.Context(), actor(r), parts.Values.Get("audit"), parts.Values.Get("framework"), file.Name, file.Reader)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := requestImportAPI{Created: res.Created}
	if out.Created == nil {
		out.Created = []*isms.EvidenceRequest{}
	}
	return created(out), nil
}

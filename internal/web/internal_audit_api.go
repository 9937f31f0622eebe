// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Internal audit in the API: programmes with their coverage, audits with
// their checklists and the independence check, findings, and the audit
// report.

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.AuditStatus](): {doc: "Where an internal audit stands: planned, in_progress, reported (the summary is written) or closed (nothing changes any more).",
			values: enumStrings(isms.AuditStatuses...)},
		reflect.TypeFor[isms.ItemResult](): {doc: "The result of a checklist item; an empty string while it has not been audited.",
			values: enumStrings(append([]isms.ItemResult{isms.ItemOpen}, isms.ItemResults...)...)},
		reflect.TypeFor[isms.FindingGrade](): {doc: "A finding's grade: major or minor nonconformity, observation, or opportunity for improvement (ofi).",
			values: enumStrings(isms.FindingGrades...)},
		reflect.TypeFor[isms.Weight](): {doc: "How often a requirement should be audited in a programme: high every programme year, normal at least once.",
			values: enumStrings(isms.WeightHigh, isms.WeightNormal)},
		reflect.TypeFor[isms.CoverageGap](): {doc: "What a requirement's coverage lacks: uncovered (no audit in the period), below_weight (weighted high, some year without an audit), or an empty string.",
			values: enumStrings(isms.GapNone, isms.GapUncovered, isms.GapBelowWeight)},
	})
}

func (s *Server) internalAuditAPIOperations() []apiOperation {
	return append(append(s.programmeAPIOperations(), s.auditAPIOperations()...), s.findingAPIOperations()...)
}

func (s *Server) programmeAPIOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/audit-programmes", Access: Member, Handler: s.apiProgrammeList,
		ID: "listAuditProgrammes", Tag: "Internal audit", Summary: "List audit programmes",
		Params: append([]apiParam{stringParam("q", "Search in reference and title."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", programmeSortKeys...)}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.AuditProgramme]](),
	}, {
		Pattern: "POST /api/v1/audit-programmes", Access: Member, Handler: s.apiProgrammeCreate,
		ID: "createAuditProgramme", Tag: "Internal audit", Summary: "Plan an audit programme",
		Description: "Needs the right to manage audits. The reference (AP-n) is assigned.",
		Body:        reflect.TypeFor[programmeRequest](), Result: reflect.TypeFor[*isms.AuditProgramme](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/audit-programmes/{id}", Access: Member, Handler: s.apiProgrammeGet,
		ID: "getAuditProgramme", Tag: "Internal audit", Summary: "Read an audit programme with its audits and coverage",
		Description: "{id} is the programme's ID or its reference (AP-1). The coverage has one row per clause and applicable control of the framework.",
		Result:      reflect.TypeFor[programmeResponse](),
	}, {
		Pattern: "PUT /api/v1/audit-programmes/{id}", Access: Member, Handler: s.apiProgrammeUpdate,
		ID: "updateAuditProgramme", Tag: "Internal audit", Summary: "Replace an audit programme",
		Description: "Every field is replaced. version must be the programme's current version (409 otherwise). The framework cannot change once the programme holds audits.",
		Body:        reflect.TypeFor[programmeUpdateRequest](), Result: reflect.TypeFor[*isms.AuditProgramme](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/audit-programmes/{id}", Access: Member, Handler: s.apiProgrammeDelete,
		ID: "deleteAuditProgramme", Tag: "Internal audit", Summary: "Delete an audit programme",
		Description: "Only a programme without audits can be deleted (409 otherwise).", Errors: []int{http.StatusConflict},
	}}
}

func (s *Server) auditAPIOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/internal-audits", Access: Member, Handler: s.apiInternalAuditList,
		ID: "listInternalAudits", Tag: "Internal audit", Summary: "List internal audits",
		Params: append([]apiParam{
			stringParam("programme", "Only the audits of this programme (ID or reference)."),
			enumParam("status", "Only audits with this status.", enumStrings(isms.AuditStatuses...)...),
			stringParam("auditorId", "Only audits this member leads or is on the team of."),
			stringParam("q", "Search in reference, title and units."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", auditSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.InternalAudit]](),
	}, {
		Pattern: "POST /api/v1/internal-audits", Access: Member, Handler: s.apiInternalAuditCreate,
		ID: "createInternalAudit", Tag: "Internal audit", Summary: "Plan an internal audit",
		Description: "Needs the right to manage audits. One checklist item is made per requirement in scope. An auditor who owns a control " +
			"linked to a requirement in scope, or an ISMS process in scope, is a conflict of independence: refused (422, on lead or team) " +
			"unless overrides accepts it with a reason, which is recorded.",
		Body: reflect.TypeFor[auditRequest](), Result: reflect.TypeFor[*isms.InternalAudit](), Status: http.StatusCreated,
	}, {
		Pattern: "POST /api/v1/internal-audits/independence", Access: Member, Handler: s.apiInternalAuditIndependence,
		ID: "checkAuditIndependence", Tag: "Internal audit", Summary: "Check the independence of a proposed audit team",
		Description: "The conflicts of independence of the lead and team for the scope and processes, accepted in overrides or not. Nothing is stored.",
		Body:        reflect.TypeFor[auditRequest](), Result: reflect.TypeFor[[]isms.IndependenceConflict](),
	}, {
		Pattern: "GET /api/v1/internal-audits/{id}", Access: Member, Handler: s.apiInternalAuditGet,
		ID: "getInternalAudit", Tag: "Internal audit", Summary: "Read an internal audit with its checklist and findings",
		Description: "{id} is the audit's ID or its reference (IA-3). Each item carries the organization's controls and evidence for its requirement, read now.",
		Result:      reflect.TypeFor[auditResponse](),
	}, {
		Pattern: "PUT /api/v1/internal-audits/{id}", Access: Member, Handler: s.apiInternalAuditUpdate,
		ID: "updateInternalAudit", Tag: "Internal audit", Summary: "Replace an internal audit",
		Description: "Every field is replaced; the programme cannot change. Items are added and removed with the scope (an item with a result " +
			"stays), and independence is checked again. version must be current (409 otherwise); a closed audit cannot change.",
		Body: reflect.TypeFor[auditUpdateRequest](), Result: reflect.TypeFor[*isms.InternalAudit](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/internal-audits/{id}", Access: Member, Handler: s.apiInternalAuditDelete,
		ID: "deleteInternalAudit", Tag: "Internal audit", Summary: "Delete an internal audit",
		Description: "Only a planned audit without findings can be deleted (409 otherwise).", Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/internal-audits/{id}/status", Access: Member, Handler: s.apiInternalAuditStatus,
		ID: "moveInternalAudit", Tag: "Internal audit", Summary: "Move an internal audit to another status",
		Description: "planned → in_progress → reported → closed, or back one step from reported or in_progress. Reporting needs a result on every " +
			"item and a summary. Those who manage audits, and the lead auditor, may move it.",
		Body: reflect.TypeFor[auditStatusRequest](), Result: reflect.TypeFor[*isms.InternalAudit](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "PUT /api/v1/internal-audits/{id}/items/{requirementId}", Access: Member, Handler: s.apiInternalAuditItem,
		ID: "recordAuditItem", Tag: "Internal audit", Summary: "Record the result of a checklist item",
		Description: "{requirementId} is the requirement's ID or reference (A.5.15). The audit must be in progress; its team and those who " +
			"manage audits record results. version must be the item's current version (409 otherwise).",
		Body: reflect.TypeFor[itemRequest](), Result: reflect.TypeFor[*isms.AuditItem](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "GET /api/v1/internal-audits/{id}/report", Access: Member, Handler: s.apiInternalAuditReport,
		ID: "exportAuditReport", Tag: "Internal audit", Summary: "Export the report of an internal audit",
		Description: "Scope, criteria, team, summary, findings by grade and the checklist. The file is named audit-report-<ref>.<format>.",
		Params:      []apiParam{enumParam("format", "The file format; pdf when absent.", "pdf", "xlsx")},
		Download: map[string]any{
			"content": map[string]any{
				"application/pdf":        map[string]any{"schema": binarySchema()},
				auditReportMedia["xlsx"]: map[string]any{"schema": binarySchema()},
			},
			"headers": map[string]any{"Content-Disposition": map[string]any{"description": `attachment; filename="audit-report-ia-3.pdf"`,
				"schema": schemaObj{"type": "string"}}},
		},
	}}
}

func (s *Server) findingAPIOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/findings", Access: Member, Handler: s.apiFindingList,
		ID: "listAuditFindings", Tag: "Internal audit", Summary: "List audit findings",
		Params: append([]apiParam{
			stringParam("audit", "Only the findings of this audit (ID or reference)."),
			enumParam("grade", "Only findings of this grade.", enumStrings(isms.FindingGrades...)...),
			{Name: "since", Doc: "Only findings raised on or after this day.", Schema: schemaObj{"type": "string", "format": "date"}},
			stringParam("q", "Search in reference, title and description."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", findingSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.AuditFinding]](),
	}, {
		Pattern: "POST /api/v1/findings", Access: Member, Handler: s.apiFindingCreate,
		ID: "createAuditFinding", Tag: "Internal audit", Summary: "Raise a finding on an internal audit",
		Errors: []int{http.StatusNotFound},
		Description: "The audit must be in progress or reported; its team and those who manage audits raise findings. The reference (F-n) is " +
			"assigned across the organization. A nonconformity names the requirements of the audit's framework it does not meet.",
		Body: reflect.TypeFor[findingRequest](), Result: reflect.TypeFor[*isms.AuditFinding](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/findings/{id}", Access: Member, Handler: s.apiFindingGet,
		ID: "getAuditFinding", Tag: "Internal audit", Summary: "Read an audit finding",
		Description: "{id} is the finding's ID or its reference (F-7).",
		Result:      reflect.TypeFor[*isms.AuditFinding](),
	}, {
		Pattern: "PUT /api/v1/findings/{id}", Access: Member, Handler: s.apiFindingUpdate,
		ID: "updateAuditFinding", Tag: "Internal audit", Summary: "Replace an audit finding",
		Description: "Every field is replaced; the audit cannot change. version must be current (409 otherwise); a closed audit's findings cannot change.",
		Body:        reflect.TypeFor[findingUpdateRequest](), Result: reflect.TypeFor[*isms.AuditFinding](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/findings/{id}", Access: Member, Handler: s.apiFindingDelete,
		ID: "deleteAuditFinding", Tag: "Internal audit", Summary: "Delete an audit finding",
		Description: "A closed audit's findings cannot be deleted (409).", Errors: []int{http.StatusConflict},
	}}
}

// programmeRequest is a new programme.
type programmeRequest struct {
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty" doc:"Objectives, methods, responsibilities and reporting."`
	Framework   string    `json:"framework,omitempty" doc:"The framework's ID or key; iso27001-2022 when absent."`
	Start       isms.Date `json:"start"`
	End         isms.Date `json:"end" doc:"Inclusive; at most 6 years after start."`
	OwnerID     isms.ID   `json:"ownerId,omitempty"`
}

// programmeUpdateRequest replaces a programme.
type programmeUpdateRequest struct {
	programmeRequest
	Version int `json:"version" doc:"The programme's version the change was made against."`
}

func (in programmeRequest) input() app.ProgrammeInput {
	fw := in.Framework
	if fw == "" {
		fw = "iso27001-2022"
	}
	return app.ProgrammeInput{Title: in.Title, Description: in.Description, Framework: fw, Start: in.Start, End: in.End, OwnerID: in.OwnerID}
}

// programmeResponse is a programme with its audits and coverage.
type programmeResponse struct {
	Programme *isms.AuditProgramme  `json:"programme"`
	Audits    []*isms.InternalAudit `json:"audits" openapi:"nonnull" doc:"By planned start."`
	Coverage  *isms.AuditCoverage   `json:"coverage"`
}

func (s *Server) apiProgrammeList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	f := isms.ProgrammeFilter{Search: strings.TrimSpace(r.URL.Query().Get("q")), Sort: queryOneOf(r, p, "sort", programmeSortKeys...)}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.AuditProgramme, int, error) {
		return s.app.ListProgrammes(r.Context(), actor(r), f)
	})
}

func (s *Server) apiProgrammeCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in programmeRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.CreateProgramme(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, renameFields(err, map[string]string{"owner": "ownerId"})
	}
	return created(x), nil
}

func (s *Server) apiProgrammeGet(w http.ResponseWriter, r *http.Request) (any, error) {
	v, err := s.app.FindProgramme(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	out := programmeResponse{Programme: v.Programme, Audits: v.Audits, Coverage: v.Coverage}
	if out.Audits == nil {
		out.Audits = []*isms.InternalAudit{}
	}
	return out, nil
}

func (s *Server) apiProgrammeUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in programmeUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.UpdateProgramme(r.Context(), actor(r), pathID(r), in.Version, in.input())
	if err != nil {
		return nil, renameFields(err, map[string]string{"owner": "ownerId"})
	}
	return x, nil
}

func (s *Server) apiProgrammeDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteProgramme(r.Context(), actor(r), pathID(r))
}

// auditRequest is a new audit, or a team to check.
type auditRequest struct {
	Programme    string    `json:"programme" doc:"The programme's ID or reference (AP-1)."`
	Title        string    `json:"title"`
	Criteria     string    `json:"criteria"`
	Units        string    `json:"units,omitempty"`
	Scope        string    `json:"scope" doc:"The requirements in scope: references and ranges of the framework, 4, 5.2, A.5.15-A.5.18."`
	Processes    []string  `json:"processes,omitempty" doc:"References (PRC-1) or IDs of the ISMS processes in scope."`
	LeadID       isms.ID   `json:"leadId"`
	TeamIDs      []isms.ID `json:"teamIds,omitempty"`
	PlannedStart isms.Date `json:"plannedStart"`
	PlannedEnd   isms.Date `json:"plannedEnd"`
	// Overrides accept conflicts of independence.
	Overrides map[string]string `json:"overrides,omitempty" doc:"Conflicts accepted on purpose: the conflict's key (userId:type:id) → the reason."`
}

// auditUpdateRequest replaces an audit.
type auditUpdateRequest struct {
	auditRequest
	Version int `json:"version" doc:"The audit's version the change was made against."`
}

func (in auditRequest) input() app.AuditInput {
	return app.AuditInput{Programme: in.Programme, Title: in.Title, Criteria: in.Criteria, Units: in.Units, Scope: in.Scope,
		Processes: strings.Join(in.Processes, ", "), LeadID: in.LeadID, TeamIDs: in.TeamIDs, PlannedStart: in.PlannedStart,
		PlannedEnd: in.PlannedEnd, Overrides: in.Overrides}
}

// auditFieldNames are the API's names of the audit form's fields.
var auditFieldNames = map[string]string{"lead": "leadId", "team": "teamIds"}

// auditResponse is an audit with its checklist and findings.
type auditResponse struct {
	Audit     *isms.InternalAudit         `json:"audit"`
	Scope     string                      `json:"scope" doc:"The scope of the current items, as references."`
	Processes []auditProcessAPI           `json:"processes" openapi:"nonnull"`
	Items     []auditItemAPI              `json:"items" openapi:"nonnull"`
	Findings  []*isms.AuditFinding        `json:"findings" openapi:"nonnull"`
	Conflicts []isms.IndependenceConflict `json:"conflicts" openapi:"nonnull" doc:"The team's conflicts of independence, the accepted ones (see audit.overrides) included."`
}

// auditProcessAPI is an ISMS process in an audit's scope.
type auditProcessAPI struct {
	ID    isms.ID `json:"id"`
	Ref   string  `json:"ref"`
	Title string  `json:"title"`
}

// auditItemAPI is a checklist item with the organization's controls and
// evidence for its requirement.
type auditItemAPI struct {
	*isms.AuditItem
	Sources isms.SoASources `json:"sources"`
}

func newAuditResponse(v *app.AuditView) auditResponse {
	out := auditResponse{Audit: v.Audit, Scope: v.Scope, Processes: []auditProcessAPI{}, Items: []auditItemAPI{},
		Findings: v.Findings, Conflicts: v.Conflicts}
	for _, l := range v.Processes {
		out.Processes = append(out.Processes, auditProcessAPI{ID: l.ID, Ref: l.Ref, Title: l.Title})
	}
	for _, it := range v.Items {
		out.Items = append(out.Items, auditItemAPI{AuditItem: it.AuditItem, Sources: it.Sources})
	}
	if out.Findings == nil {
		out.Findings = []*isms.AuditFinding{}
	}
	if out.Conflicts == nil {
		out.Conflicts = []isms.IndependenceConflict{}
	}
	return out
}

func (s *Server) apiInternalAuditList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	q := r.URL.Query()
	f := isms.InternalAuditFilter{Status: isms.AuditStatus(queryOneOf(r, p, "status", enumStrings(isms.AuditStatuses...)...)),
		AuditorID: isms.ID(strings.TrimSpace(q.Get("auditorId"))), Search: strings.TrimSpace(q.Get("q")), Sort: queryOneOf(r, p, "sort", auditSortKeys...)}
	f.Limit, f.Offset = apiPaging(r, p)
	if prog := strings.TrimSpace(q.Get("programme")); prog != "" && len(p) == 0 {
		v, err := s.app.FindProgramme(r.Context(), actor(r), prog)
		if isCode(err, isms.NotFound) {
			p.Add("programme", "There is no programme "+prog+".")
		} else if err != nil {
			return nil, err
		} else {
			f.ProgrammeID = v.Programme.ID
		}
	}
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.InternalAudit, int, error) {
		return s.app.ListAudits(r.Context(), actor(r), f)
	})
}

func (s *Server) apiInternalAuditCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in auditRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.PlanAudit(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, renameFields(err, auditFieldNames)
	}
	return created(x), nil
}

func (s *Server) apiInternalAuditIndependence(w http.ResponseWriter, r *http.Request) (any, error) {
	var in auditRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	list, err := s.app.CheckIndependence(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, renameFields(err, auditFieldNames)
	}
	if list == nil {
		list = []isms.IndependenceConflict{}
	}
	return list, nil
}

func (s *Server) apiInternalAuditGet(w http.ResponseWriter, r *http.Request) (any, error) {
	v, err := s.app.FindAudit(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return newAuditResponse(v), nil
}

func (s *Server) apiInternalAuditUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in auditUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.UpdateAudit(r.Context(), actor(r), pathID(r), in.Version, in.input())
	if err != nil {
		return nil, renameFields(err, auditFieldNames)
	}
	return x, nil
}

func (s *Server) apiInternalAuditDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteAudit(r.Context(), actor(r), pathID(r))
}

// auditStatusRequest moves an audit.
type auditStatusRequest struct {
	Status  isms.AuditStatus `json:"status"`
	Summary string           `json:"summary,omitempty" doc:"The audit's conclusion; needed to report it unless already written."`
	Version int              `json:"version" doc:"The audit's version the move was made against."`
}

func (s *Server) apiInternalAuditStatus(w http.ResponseWriter, r *http.Request) (any, error) {
	var in auditStatusRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.app.MoveAudit(r.Context(), actor(r), pathID(r), in.Version, in.Status, in.Summary)
}

// itemRequest records a checklist item's result.
type itemRequest struct {
	Result   isms.ItemResult `json:"result"`
	Notes    string          `json:"notes,omitempty" doc:"What was examined and found; required for a nonconforming result."`
	Sampling string          `json:"sampling,omitempty" doc:"What was sampled and how."`
	Version  int             `json:"version" doc:"The item's version the result was recorded against."`
}

func (s *Server) apiInternalAuditItem(w http.ResponseWriter, r *http.Request) (any, error) {
	var in itemRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	v, err := s.app.FindAudit(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	it, err := auditItemOf(v, r.PathValue("requirementId"))
	if err != nil {
		return nil, err
	}
	return s.app.RecordAuditItem(r.Context(), actor(r), v.Audit.ID, it.RequirementID, in.Version,
		app.ItemInput{Result: in.Result, Notes: in.Notes, Sampling: in.Sampling})
}

func (s *Server) apiInternalAuditReport(w http.ResponseWriter, r *http.Request) (any, error) {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "pdf"
	}
	if err := s.writeAuditReport(w, r, r.PathValue("id"), format); err != nil {
		return nil, err
	}
	return written{}, nil
}

// findingRequest is a new finding.
type findingRequest struct {
	Audit        string            `json:"audit" doc:"The audit's ID or reference (IA-3)."`
	Grade        isms.FindingGrade `json:"grade"`
	Title        string            `json:"title"`
	Description  string            `json:"description,omitempty" doc:"What was required, what was found, the evidence seen; required for a nonconformity."`
	Requirements []string          `json:"requirements,omitempty" doc:"References of the audit's framework (A.5.18); at least one for a nonconformity."`
	Evidence     []string          `json:"evidence,omitempty" doc:"IDs of the evidence items that support it (evd_…)."`
}

// findingUpdateRequest replaces a finding.
type findingUpdateRequest struct {
	findingRequest
	Version int `json:"version" doc:"The finding's version the change was made against."`
}

func (in findingRequest) input() app.FindingInput {
	return app.FindingInput{Audit: in.Audit, Grade: in.Grade, Title: in.Title, Description: in.Description,
		Requirements: strings.Join(in.Requirements, ", "), Evidence: strings.Join(in.Evidence, ", ")}
}

func (s *Server) apiFindingList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	q := r.URL.Query()
	f := isms.FindingFilter{Grade: isms.FindingGrade(queryOneOf(r, p, "grade", enumStrings(isms.FindingGrades...)...)),
		Since: queryDate(r, p, "since"), Search: strings.TrimSpace(q.Get("q")), Sort: queryOneOf(r, p, "sort", findingSortKeys...)}
	f.Limit, f.Offset = apiPaging(r, p)
	if au := strings.TrimSpace(q.Get("audit")); au != "" && len(p) == 0 {
		v, err := s.app.FindAudit(r.Context(), actor(r), au)
		if isCode(err, isms.NotFound) {
			p.Add("audit", "There is no audit "+au+".")
		} else if err != nil {
			return nil, err
		} else {
			f.AuditID = v.Audit.ID
		}
	}
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.AuditFinding, int, error) {
		return s.app.ListFindings(r.Context(), actor(r), f)
	})
}

func (s *Server) apiFindingCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in findingRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.Audit) == "" {
		return nil, isms.Problems{"audit": "Name the audit the finding is raised on."}.Err()
	}
	if _, err := s.app.FindAudit(r.Context(), actor(r), in.Audit); err != nil {
		return nil, err // an audit of another organization is not found (404)
	}
	x, err := s.app.CreateFinding(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	return created(x), nil
}

func (s *Server) apiFindingGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.FindFinding(r.Context(), actor(r), r.PathValue("id"))
}

func (s *Server) apiFindingUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in findingUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.app.UpdateFinding(r.Context(), actor(r), pathID(r), in.Version, in.input())
}

func (s *Server) apiFindingDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteFinding(r.Context(), actor(r), pathID(r))
}

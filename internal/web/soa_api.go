// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"slices"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The Statement of Applicability in the API.

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.SoAStatus](): {doc: "Where a version of the Statement of Applicability stands: a draft is edited and submitted; the approved version is in force; older approved versions are superseded.",
			values: enumStrings(isms.SoAStatuses...)},
		reflect.TypeFor[isms.Applicability](): {doc: "The decision on a line: yes (applicable), no (not applicable), or empty while it awaits a decision.",
			values: enumStrings(isms.SoAApplicable, isms.SoAExcluded, isms.SoAUndecided)},
		reflect.TypeFor[isms.SoAImplStatus](): {doc: "How far an applicable control is implemented.", values: enumStrings(isms.SoAImplStatuses...)},
		reflect.TypeFor[isms.SoASeverity](): {doc: "How serious an inconsistency is: an error blocks submission, a warning is shown.",
			values: enumStrings(isms.SoAError, isms.SoAWarning)},
	})
}

func (s *Server) soaAPIOperations() []apiOperation {
	fwParam := stringParam("framework", "The framework, by ID or key; ISO/IEC 27001:2022 (iso27001-2022) when absent.")
	return []apiOperation{{
		Pattern: "GET /api/v1/soa", Access: Member, Handler: s.apiSoAList,
		ID: "listSoAs", Tag: "Statement of Applicability", Summary: "List the versions of the Statement of Applicability",
		Params: append([]apiParam{
			stringParam("framework", "Only the versions of this framework (ID or key); every framework's when absent."),
			enumParam("status", "Only versions with this status.", enumStrings(isms.SoAStatuses...)...),
			enumParam("sort", "Sort key; a leading - sorts descending. Default -number (newest first).", soaVersionSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.SoA]](),
	}, {
		Pattern: "POST /api/v1/soa", Access: Member, Handler: s.apiSoACreate,
		ID: "createSoA", Tag: "Statement of Applicability", Summary: "Start a draft of the Statement of Applicability",
		Description: "Needs the right to edit the SoA. The first version of a framework is proposed from the records: lines whose " +
			"requirement has a control used by a risk treatment plan or meeting an addressed obligation are applicable, every other " +
			"line awaits a decision. A later version starts from the approved version's decisions. One draft per framework (409).",
		Body: reflect.TypeFor[soaCreateRequest](), Result: reflect.TypeFor[*isms.SoA](), Status: http.StatusCreated,
		Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, {
		Pattern: "GET /api/v1/soa/compare", Access: Member, Handler: s.apiSoACompare,
		ID: "compareSoAs", Tag: "Statement of Applicability", Summary: "Compare two versions of the Statement of Applicability",
		Description: "The lines that differ between two versions of one framework's SoA, field by field, with the newer version's reason for the change.",
		Params: []apiParam{stringParam("from", "The older version's ID; with to. Without either, the framework's newest version is compared with the one before it."),
			stringParam("to", "The newer version's ID."), fwParam},
		Result: reflect.TypeFor[soaComparisonResponse](), Errors: []int{http.StatusNotFound},
	}, {
		Pattern: "GET /api/v1/soa/{id}", Access: Member, Handler: s.apiSoAGet,
		ID: "getSoA", Tag: "Statement of Applicability", Summary: "Read a version of the Statement of Applicability with its lines",
		Description: "{id} is the version's ID, its label (v2, of ?framework=), or current: the approved version in force (404 while " +
			"none is approved). A draft's lines show the sources derived from the records now; a submitted or approved " +
			"version shows those recorded for approval.",
		Params: []apiParam{fwParam},
		Result: reflect.TypeFor[soaResponse](),
	}, {
		Pattern: "DELETE /api/v1/soa/{id}", Access: Member, Handler: s.apiSoADelete,
		ID: "deleteSoA", Tag: "Statement of Applicability", Summary: "Discard a draft of the Statement of Applicability",
		Description: "Only a draft that is not awaiting approval can be discarded (409 otherwise).",
		Errors:      []int{http.StatusConflict},
	}, {
		Pattern: "PATCH /api/v1/soa/{id}/lines/{requirementId}", Access: Member, Handler: s.apiSoALineUpdate,
		ID: "updateSoALine", Tag: "Statement of Applicability", Summary: "Record the decision on a line of a draft",
		Description: "Fields absent from the body keep their value. version must be the line's current version (409 otherwise); " +
			"a draft awaiting approval, or a version that is not a draft, cannot change (409). {requirementId} is the " +
			"requirement's ID or reference (A.5.15).",
		Body: reflect.TypeFor[soaLineRequest](), Result: reflect.TypeFor[*isms.SoALine](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/soa/{id}/submit", Access: Member, Handler: s.apiSoASubmit,
		ID: "submitSoA", Tag: "Statement of Applicability", Summary: "Submit a draft of the Statement of Applicability for approval",
		Description: "Derives every line's sources and refuses (422) while the consistency check finds errors, naming the lines; " +
			"otherwise records the sources with the draft and submits it to the approvers. Once approved, the version is in force " +
			"and immutable, and the version approved before it is superseded.",
		Body: reflect.TypeFor[soaSubmitRequest](), Result: reflect.TypeFor[*isms.Approval](), Status: http.StatusCreated,
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "GET /api/v1/soa/{id}/export", Access: Member, Handler: s.apiSoAExport,
		ID: "exportSoA", Tag: "Statement of Applicability", Summary: "Export a version of the Statement of Applicability",
		Description: "{id} as for getSoA (current for the approved version in force). The file is named soa-<framework key>-v<N>.<format>.",
		Params:      []apiParam{enumParam("format", "The file format; xlsx when absent.", soaExportFormats...), fwParam},
		Download: map[string]any{
			"content": map[string]any{
				"text/csv":            map[string]any{"schema": schemaObj{"type": "string"}},
				soaMediaTypes["xlsx"]: map[string]any{"schema": binarySchema()},
				"application/pdf":     map[string]any{"schema": binarySchema()},
			},
			"headers": map[string]any{"Content-Disposition": map[string]any{"description": `attachment; filename="soa-iso27001-2022-v3.pdf"`,
				"schema": schemaObj{"type": "string"}}},
		},
	}}
}

// soaCreateRequest starts a draft.
type soaCreateRequest struct {
	Framework string `json:"framework,omitempty" doc:"The framework, by ID or key; ISO/IEC 27001:2022 when absent."`
	Note      string `json:"note,omitempty" doc:"What the version changes and why."`
}

// soaCounts sums up the lines of a version.
type soaCounts struct {
	Lines      int                        `json:"lines"`
	Applicable int                        `json:"applicable"`
	Excluded   int                        `json:"excluded"`
	Undecided  int                        `json:"undecided" doc:"Lines awaiting a decision."`
	ByStatus   map[isms.SoAImplStatus]int `json:"byStatus" openapi:"nonnull" doc:"Applicable lines by implementation status."`
	Errors     int                        `json:"errors" doc:"Consistency issues that block submission."`
	Warnings   int                        `json:"warnings"`
}

// soaResponse is one version with its lines, issues and counts.
type soaResponse struct {
	SoA     *isms.SoA       `json:"soa"`
	Lines   []*isms.SoALine `json:"lines" openapi:"nonnull"`
	Issues  []isms.SoAIssue `json:"issues" openapi:"nonnull" doc:"The consistency issues, in line order."`
	Counts  soaCounts       `json:"counts"`
	Pending bool            `json:"pending" doc:"A submission awaits decision: the draft cannot change."`
}

func newSoAResponse(v *app.SoAView) soaResponse {
	c := soaCounts{Lines: v.Counts.Lines, Applicable: v.Counts.Applicable, Excluded: v.Counts.Excluded, Undecided: v.Counts.Undecided,
		ByStatus: map[isms.SoAImplStatus]int{}, Errors: v.Counts.Errors, Warnings: v.Counts.Warnings}
	for _, st := range isms.SoAImplStatuses {
		c.ByStatus[st] = v.Counts.ByStatus[st]
	}
	out := soaResponse{SoA: v.SoA, Lines: v.Lines, Issues: v.Issues, Counts: c, Pending: v.Pending}
	if out.Lines == nil {
		out.Lines = []*isms.SoALine{}
	}
	if out.Issues == nil {
		out.Issues = []isms.SoAIssue{}
	}
	return out
}

// soaLineRequest changes the decision on a line; absent fields keep
// their value.
type soaLineRequest struct {
	Applicable     *string  `json:"applicable,omitempty" doc:"yes (applicable), no (not applicable), or an empty string while it awaits a decision."`
	Business       *bool    `json:"businessRequirement,omitempty" doc:"A business requirement makes the control applicable; say which in reason."`
	Practice       *bool    `json:"goodPractice,omitempty" doc:"Good practice makes the control applicable; say which in reason."`
	Reason         *string  `json:"reason,omitempty"`
	Exclusion      *string  `json:"exclusion,omitempty" doc:"Why the control does not apply; required when applicable is no."`
	Override       *string  `json:"statusOverride,omitempty" doc:"implemented, partial, planned or not_started to set the status by hand; an empty string derives it from the controls again."`
	OverrideReason *string  `json:"overrideReason,omitempty" doc:"Why the status differs from the derived one; required with statusOverride."`
	OwnerID        *isms.ID `json:"ownerId,omitempty" doc:"An active member's user ID; an empty string for none."`
	ChangeReason   *string  `json:"changeReason,omitempty" doc:"Why the line changes in this version."`
	Version        int      `json:"version" doc:"The line's version the change was made against."`
}

// apply returns l's decision with the request's fields set over it.
func (in soaLineRequest) apply(l *isms.SoALine) (app.SoALineInput, error) {
	out := app.SoALineInput{Applicable: l.Applicable, Business: l.Business, Practice: l.Practice, Reason: l.Reason,
		Exclusion: l.Exclusion, Override: l.Override, OverrideReason: l.OverrideReason, OwnerID: l.OwnerID, ChangeReason: l.ChangeReason}
	if in.Applicable != nil {
		a, ok := isms.ParseApplicability(*in.Applicable)
		if !ok {
			return out, isms.Problems{"applicable": "applicable must be yes, no, or an empty string while the line awaits a decision."}.Err()
		}
		out.Applicable = a
	}
	for _, f := range []struct {
		from *string
		to   *string
	}{{in.Reason, &out.Reason}, {in.Exclusion, &out.Exclusion}, {in.OverrideReason, &out.OverrideReason}, {in.ChangeReason, &out.ChangeReason}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	if in.Business != nil {
		out.Business = *in.Business
	}
	if in.Practice != nil {
		out.Practice = *in.Practice
	}
	if in.Override != nil {
		out.Override = isms.SoAImplStatus(*in.Override)
	}
	if in.OwnerID != nil {
		out.OwnerID = *in.OwnerID
	}
	return out, nil
}

// soaSubmitRequest submits a draft.
type soaSubmitRequest struct {
	Version     int       `json:"version" doc:"The draft's version the submission was reviewed at (409 when it changed since)."`
	ApproverIDs []isms.ID `json:"approverIds" doc:"The user IDs of the approvers: members who may decide approvals, other than the author."`
	Note        string    `json:"note,omitempty" doc:"A note to the approvers."`
}

// soaComparisonResponse is how a newer version differs from an older one.
type soaComparisonResponse struct {
	From  *isms.SoA          `json:"from"`
	To    *isms.SoA          `json:"to"`
	Lines []isms.SoALineDiff `json:"lines" openapi:"nonnull" doc:"The lines that differ, in the newer version's order."`
}

func (s *Server) apiSoAList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	status := queryOneOf(r, p, "status", enumStrings(isms.SoAStatuses...)...)
	sort := queryOneOf(r, p, "sort", soaVersionSortKeys...)
	if sort == "" {
		sort = "-number"
	}
	limit, offset := apiPaging(r, p)
	return apiList(p, limit, offset, func() ([]*isms.SoA, int, error) {
		return s.soaVersionPage(r, r.URL.Query().Get("framework"), status, sort, limit, offset)
	})
}

func (s *Server) apiSoACreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in soaCreateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.GenerateSoA(r.Context(), actor(r), in.Framework, in.Note)
	if err != nil {
		return nil, err
	}
	return created(x), nil
}

func (s *Server) apiSoAGet(w http.ResponseWriter, r *http.Request) (any, error) {
	v, err := s.app.FindSoA(r.Context(), actor(r), r.URL.Query().Get("framework"), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return newSoAResponse(v), nil
}

func (s *Server) apiSoADelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteSoADraft(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiSoALineUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in soaLineRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	v, err := s.app.FindSoA(r.Context(), actor(r), "", r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	i := soaLineIndex(v.Lines, r.PathValue("requirementId"))
	if i < 0 {
		return nil, isms.Errorf(isms.NotFound, "The Statement of Applicability %s has no line %s.", v.SoA.VersionLabel(), r.PathValue("requirementId"))
	}
	upd, err := in.apply(v.Lines[i])
	if err != nil {
		return nil, err
	}
	return s.app.UpdateSoALine(r.Context(), actor(r), v.SoA.ID, v.Lines[i].RequirementID, in.Version, upd)
}

func (s *Server) apiSoASubmit(w http.ResponseWriter, r *http.Request) (any, error) {
	var in soaSubmitRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	ap, err := s.app.SubmitSoA(r.Context(), actor(r), app.SubmitInput{ObjectType: "soa", ObjectID: pathID(r), Version: in.Version,
		ApproverIDs: in.ApproverIDs, Note: in.Note})
	if err != nil {
		return nil, renameFields(err, map[string]string{"approvers": "approverIds"})
	}
	return created(ap), nil
}

func (s *Server) apiSoACompare(w http.ResponseWriter, r *http.Request) (any, error) {
	from, to, err := s.soaCompareIDs(r)
	if err != nil {
		return nil, err
	}
	c, err := s.app.CompareSoAs(r.Context(), actor(r), from, to)
	if err != nil {
		return nil, err
	}
	out := soaComparisonResponse{From: c.From, To: c.To, Lines: c.Lines}
	if out.Lines == nil {
		out.Lines = []isms.SoALineDiff{}
	}
	return out, nil
}

// soaCompareIDs returns the versions a comparison names (?from= and ?to=),
// by default the newest version of the framework (?framework=) and the
// one before it.
func (s *Server) soaCompareIDs(r *http.Request) (from, to isms.ID, err error) {
	q := r.URL.Query()
	from, to = isms.ID(q.Get("from")), isms.ID(q.Get("to"))
	switch {
	case from != "" && to != "":
		return from, to, nil
	case from != "" || to != "":
		return "", "", isms.Problems{"from": "Name both versions to compare, from and to, or neither."}.Err()
	}
	fw, err := s.app.FindFramework(r.Context(), actor(r), soaFrameworkParam(r))
	if err != nil {
		return "", "", err
	}
	list, err := s.app.SoAVersions(r.Context(), actor(r), string(fw.ID))
	if err != nil {
		return "", "", err
	}
	if len(list) < 2 {
		return "", "", isms.Errorf(isms.NotFound, "The Statement of Applicability of %s has fewer than two versions to compare.", fw.Title())
	}
	slices.SortStableFunc(list, func(a, b *isms.SoA) int { return b.Number - a.Number })
	return list[1].ID, list[0].ID, nil
}

func (s *Server) apiSoAExport(w http.ResponseWriter, r *http.Request) (any, error) {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "xlsx"
	}
	if err := s.writeSoAExport(w, r, r.URL.Query().Get("framework"), r.PathValue("id"), format); err != nil {
		return nil, err
	}
	return written{}, nil
}

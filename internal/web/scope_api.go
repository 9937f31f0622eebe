// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The ISMS scope and the ISMS processes in the API.

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.ScopeStatus](): {doc: "Where a version of the ISMS scope stands: a draft is edited and submitted; the approved version is in force; older approved versions are superseded.",
			values: enumStrings(isms.ScopeStatuses...)},
	})
}

func (s *Server) scopeAPIOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/scope", Access: Member, Handler: s.apiScopeGet,
		ID: "getScope", Tag: "ISMS scope", Summary: "Read the ISMS scope in force and its draft",
		Description: "approved is the approved version in force, draft the version being prepared; either may be null.",
		Result:      reflect.TypeFor[scopeResponse](),
	}, {
		Pattern: "PUT /api/v1/scope/draft", Access: Member, Handler: s.apiScopeDraftSave,
		ID: "saveScopeDraft", Tag: "ISMS scope", Summary: "Create or replace the draft of the ISMS scope",
		Description: "Needs the right to manage leadership records. With version 0 it creates the draft, which must not exist yet; " +
			"otherwise version must be the draft's current version (409 otherwise). Every part is replaced. A draft " +
			"awaiting approval cannot change (409). Submit it through POST /api/v1/approvals with objectType isms_scope.",
		Body: reflect.TypeFor[scopeDraftRequest](), Result: reflect.TypeFor[*isms.Scope](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/scope/draft", Access: Member, Handler: s.apiScopeDraftDelete,
		ID: "deleteScopeDraft", Tag: "ISMS scope", Summary: "Discard the draft of the ISMS scope",
		Description: "The approved version stays in force. 404 when there is no draft; a draft awaiting approval cannot be discarded (409).",
		Errors:      []int{http.StatusNotFound, http.StatusConflict},
	}, {
		Pattern: "GET /api/v1/scope/versions", Access: Member, Handler: s.apiScopeVersions,
		ID: "listScopeVersions", Tag: "ISMS scope", Summary: "List the versions of the ISMS scope",
		Params: append([]apiParam{
			enumParam("status", "Only versions with this status.", enumStrings(isms.ScopeStatuses...)...),
			enumParam("sort", "Sort key; a leading - sorts descending. Default -number (newest first).", scopeVersionSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Scope]](),
	}, {
		Pattern: "GET /api/v1/scope/versions/{id}", Access: Member, Handler: s.apiScopeVersion,
		ID: "getScopeVersion", Tag: "ISMS scope", Summary: "Read a version of the ISMS scope",
		Description: "{id} is the version's ID or its label (v2).",
		Result:      reflect.TypeFor[*isms.Scope](),
	}}
}

// scopeResponse is the scope in force and the draft.
type scopeResponse struct {
	Approved *isms.Scope `json:"approved" doc:"The approved version in force; null while none is approved."`
	Draft    *isms.Scope `json:"draft" doc:"The version being prepared; null when there is none."`
}

// scopeDraftRequest is the content of the draft.
type scopeDraftRequest struct {
	Statement  string                `json:"statement" doc:"The scope statement, as a certificate would carry it."`
	Units      []string              `json:"units,omitempty" doc:"Organizational units covered, one per item."`
	Locations  []string              `json:"locations,omitempty"`
	InScope    []string              `json:"inScope,omitempty" doc:"Assets, services and processes in scope, one per item."`
	Interfaces []isms.ScopeInterface `json:"interfaces,omitempty" doc:"Interfaces and dependencies with what is outside the scope."`
	Exclusions []isms.ScopeExclusion `json:"exclusions,omitempty" doc:"What is excluded; each needs a justification."`
	Version    int                   `json:"version" doc:"The draft's version the change was made against; 0 to create the draft."`
}

func (s *Server) apiScopeGet(w http.ResponseWriter, r *http.Request) (any, error) {
	approved, draft, err := s.app.CurrentScope(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	return scopeResponse{Approved: approved, Draft: draft}, nil
}

func (s *Server) apiScopeDraftSave(w http.ResponseWriter, r *http.Request) (any, error) {
	var in scopeDraftRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.SaveScopeDraft(r.Context(), actor(r), in.Version, app.ScopeInput{Statement: in.Statement, Units: in.Units,
		Locations: in.Locations, InScope: in.InScope, Interfaces: in.Interfaces, Exclusions: in.Exclusions})
	if err != nil {
		return nil, err
	}
	return x, nil
}

func (s *Server) apiScopeDraftDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageLeadership, "You may not change the ISMS scope."); err != nil {
		return nil, err
	}
	_, draft, err := s.app.CurrentScope(r.Context(), a)
	if err != nil {
		return nil, err
	}
	if draft == nil {
		return nil, isms.Errorf(isms.NotFound, "There is no draft of the scope to discard.")
	}
	return noContent, s.app.DeleteScopeDraft(r.Context(), a, draft.ID)
}

func (s *Server) apiScopeVersions(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	status := queryOneOf(r, p, "status", enumStrings(isms.ScopeStatuses...)...)
	sort := queryOneOf(r, p, "sort", scopeVersionSortKeys...)
	if sort == "" {
		sort = "-number"
	}
	limit, offset := apiPaging(r, p)
	return apiList(p, limit, offset, func() ([]*isms.Scope, int, error) {
		return s.scopeVersionPage(r, status, sort, limit, offset)
	})
}

func (s *Server) apiScopeVersion(w http.ResponseWriter, r *http.Request) (any, error) {
	d, err := s.app.FindScope(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return d.Scope, nil
}

func (s *Server) processAPIOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/isms-processes", Access: Member, Handler: s.apiProcessList,
		ID: "listISMSProcesses", Tag: "ISMS processes", Summary: "List the ISMS processes",
		Params: append([]apiParam{
			stringParam("q", "Search in reference, name and purpose."),
			stringParam("owner", "Only processes owned by this member (user ID)."),
			stringParam("clause", "Only processes serving this clause (4.1 to 10.2); 6.1 also finds those serving 6.1.2."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", processSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.ISMSProcess]](),
	}, {
		Pattern: "POST /api/v1/isms-processes", Access: Member, Handler: s.apiProcessCreate,
		ID: "createISMSProcess", Tag: "ISMS processes", Summary: "Record an ISMS process",
		Description: "Needs the right to edit the context of the ISMS. The reference (PRC-n) is assigned.",
		Body:        reflect.TypeFor[processRequest](), Result: reflect.TypeFor[processResponse](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/isms-processes/{id}", Access: Member, Handler: s.apiProcessGet,
		ID: "getISMSProcess", Tag: "ISMS processes", Summary: "Read an ISMS process",
		Description: "{id} is the process's ID or reference (PRC-3).",
		Result:      reflect.TypeFor[processResponse](),
	}, {
		Pattern: "PUT /api/v1/isms-processes/{id}", Access: Member, Handler: s.apiProcessUpdate,
		ID: "updateISMSProcess", Tag: "ISMS processes", Summary: "Replace an ISMS process",
		Description: "Every field is replaced; interactsWith, when absent, leaves those links as they are. version must be " +
			"the process's current version (409 otherwise).",
		Body: reflect.TypeFor[processUpdateRequest](), Result: reflect.TypeFor[processResponse](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/isms-processes/{id}", Access: Member, Handler: s.apiProcessDelete,
		ID: "deleteISMSProcess", Tag: "ISMS processes", Summary: "Delete an ISMS process",
		Description: "Its record links and its row of the RACI grid go with it.",
	}}
}

// processRequest is a new ISMS process.
type processRequest struct {
	Name          string   `json:"name"`
	Purpose       string   `json:"purpose,omitempty"`
	Clauses       []string `json:"clauses,omitempty" doc:"Clause numbers of ISO/IEC 27001 it serves, from 4.1 to 10.2: 6.1.2, 9.2."`
	OwnerID       string   `json:"ownerId,omitempty" doc:"The owner's user ID; a member of the organization."`
	Inputs        string   `json:"inputs,omitempty"`
	Outputs       string   `json:"outputs,omitempty"`
	Interactions  string   `json:"interactions,omitempty" doc:"How it works with other processes, in words."`
	InteractsWith []string `json:"interactsWith,omitempty" doc:"The processes it interacts with, by ID or reference (PRC-2)."`
}

// processUpdateRequest replaces an ISMS process.
type processUpdateRequest struct {
	processRequest
	Version int `json:"version" doc:"The process's version the change was made against."`
}

func (in processRequest) input() app.ProcessInput {
	return app.ProcessInput{Name: in.Name, Purpose: in.Purpose, Clauses: in.Clauses, OwnerID: in.OwnerID, Inputs: in.Inputs,
		Outputs: in.Outputs, Interactions: in.Interactions, InteractsWith: in.InteractsWith}
}

// processResponse is an ISMS process with the references of the
// processes it interacts with.
type processResponse struct {
	*isms.ISMSProcess
	InteractsWith []string `json:"interactsWith" openapi:"nonnull" doc:"References of the processes it interacts with."`
}

// processWithLinks returns p with the processes it interacts with.
func (s *Server) processWithLinks(r *http.Request, p *isms.ISMSProcess) (processResponse, error) {
	links, err := s.app.RecordLinks(r.Context(), actor(r), isms.Link{Type: "isms_process", ID: p.ID})
	if err != nil {
		return processResponse{}, err
	}
	out := processResponse{ISMSProcess: p, InteractsWith: app.SplitRefs(app.LinkedRefs(links, "isms_process"))}
	return out, nil
}

func (s *Server) apiProcessList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	sort := queryOneOf(r, p, "sort", processSortKeys...)
	limit, offset := apiPaging(r, p)
	q := r.URL.Query()
	f := app.ProcessFilter{Text: q.Get("q"), OwnerID: q.Get("owner"), Clause: q.Get("clause")}
	if c := q.Get("clause"); c != "" && isms.ClauseColumn(c) == "" {
		p.Add("clause", "clause must be a clause number from 4.1 to 10.2, such as 6.1 or 9.2.")
	}
	return apiList(p, limit, offset, func() ([]*isms.ISMSProcess, int, error) {
		return s.app.FindProcesses(r.Context(), actor(r), f, sort, limit, offset)
	})
}

func (s *Server) apiProcessCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in processRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.CreateProcess(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	out, err := s.processWithLinks(r, x)
	if err != nil {
		return nil, err
	}
	return created(out), nil
}

func (s *Server) apiProcessGet(w http.ResponseWriter, r *http.Request) (any, error) {
	x, err := s.app.FindProcess(r.Context(), actor(r), pathID(r))
	if err != nil {
		return nil, err
	}
	return s.processWithLinks(r, x)
}

func (s *Server) apiProcessUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in processUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.UpdateProcess(r.Context(), actor(r), pathID(r), in.Version, in.input())
	if err != nil {
		return nil, err
	}
	return s.processWithLinks(r, x)
}

func (s *Server) apiProcessDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteProcess(r.Context(), actor(r), pathID(r))
}

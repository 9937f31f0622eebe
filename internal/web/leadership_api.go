// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Commitment records, ISMS roles and the RACI grid in the API.

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.CommitmentKind](): {doc: "What a record of management commitment records: a decision, resources approved, a communication, a review, or something else.",
			values: enumStrings(isms.CommitmentKinds...)},
	})
}

// commitmentOperations are the API operations of commitment records.
func (s *Server) commitmentOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/commitments", Access: Member, Handler: s.apiCommitmentList,
		ID: "listCommitments", Tag: "Leadership", Summary: "List records of management commitment",
		Params: append([]apiParam{
			enumParam("kind", "Only records of this kind.", enumStrings(isms.CommitmentKinds...)...),
			{Name: "year", Doc: "Only records made in this year.", Schema: schemaObj{"type": "integer", "minimum": 2000, "maximum": 2199}},
			stringParam("q", "Only records whose reference, title, description or maker holds this text."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default -madeOn, the newest first.", commitmentSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Commitment]](),
	}, {
		Pattern: "POST /api/v1/commitments", Access: Member, Handler: s.apiCommitmentCreate,
		ID: "createCommitment", Tag: "Leadership", Summary: "Record a management commitment",
		Description: "Needs the right to manage leadership. The reference (MC-1, MC-2 …) is assigned. Link evidence to it as commitment:<id>.",
		Body:        reflect.TypeFor[commitmentRequest](), Result: reflect.TypeFor[*isms.Commitment](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/commitments/{id}", Access: Member, Handler: s.apiCommitmentGet,
		ID: "getCommitment", Tag: "Leadership", Summary: "Read a commitment record",
		Description: "{id} is the record's ID or its reference (MC-3).",
		Result:      reflect.TypeFor[*isms.Commitment](),
	}, {
		Pattern: "PUT /api/v1/commitments/{id}", Access: Member, Handler: s.apiCommitmentUpdate,
		ID: "updateCommitment", Tag: "Leadership", Summary: "Replace a commitment record",
		Description: "Every field is replaced; the reference stays. version must be the record's current version (409 otherwise).",
		Body:        reflect.TypeFor[commitmentUpdateRequest](), Result: reflect.TypeFor[*isms.Commitment](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/commitments/{id}", Access: Member, Handler: s.apiCommitmentDelete,
		ID: "deleteCommitment", Tag: "Leadership", Summary: "Delete a commitment record",
		Description: "Evidence linked to it stays in the evidence register.",
	}}
}

// commitmentRequest is a new commitment record.
type commitmentRequest struct {
	MadeOn      string              `json:"madeOn" doc:"YYYY-MM-DD, not in the future."`
	Kind        isms.CommitmentKind `json:"kind"`
	Title       string              `json:"title"`
	Description string              `json:"description,omitempty"`
	MadeBy      string              `json:"madeBy" doc:"Who in top management, as people name them."`
}

// commitmentUpdateRequest replaces a commitment record.
type commitmentUpdateRequest struct {
	commitmentRequest
	Version int `json:"version" doc:"The record's version the change was made against."`
}

func (in commitmentRequest) input() app.CommitmentInput {
	return app.CommitmentInput{MadeOn: in.MadeOn, Kind: string(in.Kind), Title: in.Title, Description: in.Description, MadeBy: in.MadeBy}
}

func (s *Server) apiCommitmentList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	f := isms.CommitmentFilter{Kind: isms.CommitmentKind(queryOneOf(r, p, "kind", enumStrings(isms.CommitmentKinds...)...)),
		Search: strings.TrimSpace(r.URL.Query().Get("q")), Sort: queryOneOf(r, p, "sort", commitmentSortKeys...)}
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2199 {
			p.Add("year", "year must be a year from 2000 to 2199.")
		}
		f.Year = y
	}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.Commitment, int, error) {
		return s.app.FindCommitments(r.Context(), actor(r), f)
	})
}

func (s *Server) apiCommitmentCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in commitmentRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	c, err := s.app.CreateCommitment(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	return created(c), nil
}

func (s *Server) apiCommitmentGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.FindCommitment(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiCommitmentUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in commitmentUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.app.UpdateCommitment(r.Context(), actor(r), pathID(r), in.Version, in.input())
}

func (s *Server) apiCommitmentDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteCommitment(r.Context(), actor(r), pathID(r))
}

// ismsRoleOperations are the API operations of ISMS roles and the RACI grid.
func (s *Server) ismsRoleOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/isms-roles", Access: Member, Handler: s.apiISMSRoleList,
		ID: "listISMSRoles", Tag: "Leadership", Summary: "List ISMS roles with their holders",
		Params: append([]apiParam{
			stringParam("q", "Only roles whose name, responsibilities or authorities hold this text."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default position, the order of the RACI grid's columns.", ismsRoleSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.ISMSRole]](),
	}, {
		Pattern: "POST /api/v1/isms-roles", Access: Member, Handler: s.apiISMSRoleCreate,
		ID: "createISMSRole", Tag: "Leadership", Summary: "Add an ISMS role",
		Description: "Needs the right to manage leadership. Names are unique without regard to case. People hold the role when their roles in the people register include its name.",
		Body:        reflect.TypeFor[ismsRoleRequest](), Result: reflect.TypeFor[*isms.ISMSRole](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/isms-roles/{id}", Access: Member, Handler: s.apiISMSRoleGet,
		ID: "getISMSRole", Tag: "Leadership", Summary: "Read an ISMS role",
		Description: "{id} is the role's ID or its name.",
		Result:      reflect.TypeFor[*isms.ISMSRole](),
	}, {
		Pattern: "PUT /api/v1/isms-roles/{id}", Access: Member, Handler: s.apiISMSRoleUpdate,
		ID: "updateISMSRole", Tag: "Leadership", Summary: "Replace an ISMS role",
		Description: "{id} is the role's ID. Every field is replaced. A new name replaces the old one in the roles of the people who hold it. version must be the role's current version (409 otherwise).",
		Body:        reflect.TypeFor[ismsRoleUpdateRequest](), Result: reflect.TypeFor[*isms.ISMSRole](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/isms-roles/{id}", Access: Member, Handler: s.apiISMSRoleDelete,
		ID: "deleteISMSRole", Tag: "Leadership", Summary: "Delete an ISMS role",
		Description: "{id} is the role's ID. A role that people hold or that the RACI grid names is deleted only with confirm=true (409 otherwise); its RACI cells are removed with it. People keep the name among their roles.",
		Params:      []apiParam{enumParam("confirm", "true: delete the role even though it is in use.", "true", "false")},
		Errors:      []int{http.StatusConflict},
	}, {
		Pattern: "GET /api/v1/raci", Access: Member, Handler: s.apiRACIGrid,
		ID: "getRACI", Tag: "Leadership", Summary: "Read the RACI grid",
		Description: "The roles (the columns), every ISMS process and one page of the controls, each row with the letters of each role (R, A, C, I or a combination such as RA), keyed by role ID.",
		Params:      append([]apiParam{stringParam("q", "Only controls whose reference or title holds this text.")}, pagingParams...),
		Result:      reflect.TypeFor[*app.RACIGrid](),
	}, {
		Pattern: "PUT /api/v1/raci/{subjectType}/{subjectId}", Access: Member, Handler: s.apiRACIRowSet,
		ID: "setRACIRow", Tag: "Leadership", Summary: "Set the RACI of a process or control",
		Description: "{subjectType} is process or control; {subjectId} the ID or reference. letters maps role IDs (or names) to R, A, C, I or a combination such as RA; an empty string clears a cell; roles not named keep their letters.",
		Body:        reflect.TypeFor[raciRowRequest](), Result: reflect.TypeFor[isms.RACIRow](),
	}}
}

// ismsRoleRequest is a new ISMS role.
type ismsRoleRequest struct {
	Name             string `json:"name"`
	Responsibilities string `json:"responsibilities,omitempty"`
	Authorities      string `json:"authorities,omitempty"`
	AppointedBy      string `json:"appointedBy,omitempty" doc:"Who assigned the role, as people name them."`
	AppointedOn      string `json:"appointedOn,omitempty" doc:"YYYY-MM-DD."`
}

// ismsRoleUpdateRequest replaces an ISMS role.
type ismsRoleUpdateRequest struct {
	ismsRoleRequest
	Version int `json:"version" doc:"The role's version the change was made against."`
}

func (in ismsRoleRequest) input() app.ISMSRoleInput {
	return app.ISMSRoleInput{Name: in.Name, Responsibilities: in.Responsibilities, Authorities: in.Authorities,
		AppointedBy: in.AppointedBy, AppointedOn: in.AppointedOn}
}

// raciRowRequest sets the letters of a row.
type raciRowRequest struct {
	Letters map[string]string `json:"letters" doc:"Role ID or name → letters."`
}

func (s *Server) apiISMSRoleList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	sort := queryOneOf(r, p, "sort", ismsRoleSortKeys...)
	limit, offset := apiPaging(r, p)
	return apiList(p, limit, offset, func() ([]*isms.ISMSRole, int, error) {
		return s.app.FindISMSRoles(r.Context(), actor(r), strings.TrimSpace(r.URL.Query().Get("q")), sort, limit, offset)
	})
}

func (s *Server) apiISMSRoleCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in ismsRoleRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.CreateISMSRole(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	return created(x), nil
}

func (s *Server) apiISMSRoleGet(w http.ResponseWriter, r *http.Request) (any, error) {
	d, err := s.app.FindISMSRole(r.Context(), actor(r), pathID(r))
	if err != nil {
		return nil, err
	}
	return d.Role, nil
}

func (s *Server) apiISMSRoleUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in ismsRoleUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.app.UpdateISMSRole(r.Context(), actor(r), pathID(r), in.Version, in.input())
}

func (s *Server) apiISMSRoleDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	confirm := queryOneOf(r, p, "confirm", "true", "false") == "true"
	if err := p.Err(); err != nil {
		return nil, err
	}
	return noContent, s.app.DeleteISMSRole(r.Context(), actor(r), pathID(r), confirm)
}

func (s *Server) apiRACIGrid(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	limit, offset := apiPaging(r, p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return s.app.FindRACIGrid(r.Context(), actor(r), app.RACIFilter{Search: strings.TrimSpace(r.URL.Query().Get("q")), Limit: limit, Offset: offset})
}

func (s *Server) apiRACIRowSet(w http.ResponseWriter, r *http.Request) (any, error) {
	typ, err := raciSubjectType(r.PathValue("subjectType"))
	if err != nil {
		return nil, err
	}
	var in raciRowRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	letters := make(map[isms.ID]string, len(in.Letters))
	for k, v := range in.Letters {
		letters[isms.ID(k)] = v
	}
	subject := isms.Link{Type: typ, ID: isms.ID(r.PathValue("subjectId"))}
	if err := s.app.SetRACIRow(r.Context(), actor(r), subject, letters); err != nil {
		return nil, err
	}
	return s.app.FindRACIRow(r.Context(), actor(r), subject)
}

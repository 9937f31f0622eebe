// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// memberSortKeys are the member list's sort keys.
var memberSortKeys = sortValues("name", "email", "role", "joined")

func (s *Server) memberOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/members", Access: Member, Handler: s.apiMemberList,
		ID: "listMembers", Tag: "Members", Summary: "List the organization's members",
		Params: append([]apiParam{
			stringParam("q", "Search in name and e-mail address."),
			enumParam("role", "Only members with this role.", enumStrings(isms.Roles...)...),
			enumParam("status", "Only active or only disabled accounts.", "active", "disabled"),
			enumParam("sort", "Sort key; a leading - sorts descending. Default name.", memberSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Member]](),
	}, {
		Pattern: "POST /api/v1/members", Access: Member, Handler: s.apiMemberCreate,
		ID: "createMember", Tag: "Members", Summary: "Add a member",
		Description: "Adds the account with this e-mail address, or creates a new account (name required) " +
			"with a one-time password that is returned once, in password, and must be changed at the first sign-in.",
		Body: reflect.TypeFor[memberCreateRequest](), Result: reflect.TypeFor[memberCreated](),
		Status: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, {
		Pattern: "GET /api/v1/members/{id}", Access: Member, Handler: s.apiMemberGet,
		ID: "getMember", Tag: "Members", Summary: "Read a member",
		Result: reflect.TypeFor[*isms.Member](),
	}, {
		Pattern: "PATCH /api/v1/members/{id}", Access: Member, Handler: s.apiMemberUpdate,
		ID: "updateMember", Tag: "Members", Summary: "Change a member's role",
		Description: "version must be the membership's current version; a stale version is a 409, " +
			"and so is taking the administrator role from the last administrator.",
		Body: reflect.TypeFor[memberUpdateRequest](), Result: reflect.TypeFor[*isms.Member](),
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/members/{id}", Access: Member, Handler: s.apiMemberDelete,
		ID: "deleteMember", Tag: "Members", Summary: "Remove a member",
		Description: "Ends the membership; the account remains. The last administrator cannot be removed (409).",
		Errors:      []int{http.StatusConflict},
	}}
}

// memberCreateRequest is who to add.
type memberCreateRequest struct {
	Email string    `json:"email"`
	Name  string    `json:"name,omitempty" doc:"Required when no account has this e-mail address yet."`
	Role  isms.Role `json:"role"`
}

// memberCreated is the new member and, for a new account, its password.
type memberCreated struct {
	Member   *isms.Member `json:"member" openapi:"nonnull"`
	Password string       `json:"password,omitempty" doc:"The one-time password of a newly created account, returned only in this response; absent when an existing account was added. Give it to the person through a channel you trust; they must change it at the first sign-in."`
}

// memberUpdateRequest is a member's new role.
type memberUpdateRequest struct {
	Role    isms.Role `json:"role"`
	Version int       `json:"version" doc:"The membership's version the change was made against."`
}

func (s *Server) apiMemberList(w http.ResponseWriter, r *http.Request) (any, error) {
	q, p := r.URL.Query(), isms.Problems{}
	f := isms.MemberFilter{Search: q.Get("q"),
		Role:   isms.Role(queryOneOf(r, p, "role", enumStrings(isms.Roles...)...)),
		Status: queryOneOf(r, p, "status", "active", "disabled"),
		Sort:   queryOneOf(r, p, "sort", memberSortKeys...)}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.Member, int, error) {
		return s.app.FindMembers(r.Context(), actor(r), f)
	})
}

func (s *Server) apiMemberCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in memberCreateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	a := actor(r)
	res, err := s.app.AddMember(r.Context(), a, app.AddMemberInput{Email: in.Email, Name: in.Name, Role: in.Role})
	if err != nil {
		return nil, err
	}
	m, err := s.app.FindMember(r.Context(), a, res.User.ID)
	if err != nil {
		return nil, err
	}
	return created(memberCreated{Member: m, Password: res.Password}), nil
}

func (s *Server) apiMemberGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.FindMember(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiMemberUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in memberUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	a := actor(r)
	if err := s.app.UpdateMemberRole(r.Context(), a, pathID(r), in.Role, in.Version); err != nil {
		return nil, err
	}
	return s.app.FindMember(r.Context(), a, pathID(r))
}

func (s *Server) apiMemberDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	if err := s.app.RemoveMember(r.Context(), actor(r), pathID(r)); err != nil {
		return nil, err
	}
	return noContent, nil
}

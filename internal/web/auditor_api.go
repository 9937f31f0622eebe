// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

func (s *Server) auditorOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/auditors", Access: Member, Handler: s.apiAuditorList,
		ID: "listAuditors", Tag: "Members", Summary: "List the external auditors",
		Description: "The organization's members with the auditor role, with the last day of their access " +
			"and the framework they are limited to; those whose access ended are included, marked ended.",
		Params: append([]apiParam{
			stringParam("q", "Search in name and e-mail address."),
			enumParam("status", "Only auditors whose access is active, or has ended.", auditorStatuses...),
			enumParam("sort", "Sort key; a leading - sorts descending. Default name.", auditorSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[auditorRow]](),
	}, {
		Pattern: "POST /api/v1/auditors", Access: Member, Handler: s.apiAuditorCreate,
		ID: "inviteAuditor", Tag: "Members", Summary: "Invite an external auditor",
		Description: "Gives the account with this e-mail address, or a new account (name required), the auditor role " +
			"until accessUntil, optionally limited to one framework. A new account's one-time password is returned once, in password.",
		Body: reflect.TypeFor[auditorCreateRequest](), Result: reflect.TypeFor[memberCreated](),
		Status: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, {
		Pattern: "PATCH /api/v1/auditors/{id}", Access: Member, Handler: s.apiAuditorUpdate,
		ID: "updateAuditor", Tag: "Members", Summary: "Change or end an external auditor's access",
		Description: "Changes the last day of access or the framework; a day before today ends the access at once. " +
			"version must be the membership's current version; a stale version, or a member who is not an auditor, is a 409.",
		Body: reflect.TypeFor[auditorUpdateRequest](), Result: reflect.TypeFor[auditorRow](),
		Errors: []int{http.StatusConflict},
	}}
}

// auditorCreateRequest is whom to invite, and until when.
type auditorCreateRequest struct {
	Email       string `json:"email"`
	Name        string `json:"name,omitempty" doc:"Required when no account has this e-mail address yet."`
	AccessUntil string `json:"accessUntil" doc:"The last day of access, YYYY-MM-DD: after today and at most 400 days ahead."`
	Framework   string `json:"framework,omitempty" doc:"The one framework the auditor may see, by ID or key; absent for every framework."`
}

// auditorUpdateRequest changes an auditor's access; absent fields keep
// their value.
type auditorUpdateRequest struct {
	AccessUntil *string `json:"accessUntil,omitempty" doc:"The new last day of access, YYYY-MM-DD, at most 400 days ahead; a past day ends the access."`
	Framework   *string `json:"framework,omitempty" doc:"The one framework the auditor may see, by ID or key; an empty string for every framework."`
	Version     int     `json:"version" doc:"The membership's version the change was made against."`
}

func (s *Server) apiAuditorList(w http.ResponseWriter, r *http.Request) (any, error) {
	q, p := r.URL.Query(), isms.Problems{}
	f := auditorFilter{Search: q.Get("q"), Status: queryOneOf(r, p, "status", auditorStatuses...)}
	sort := queryOneOf(r, p, "sort", auditorSortKeys...)
	limit, offset := apiPaging(r, p)
	return apiList(p, limit, offset, func() ([]auditorRow, int, error) {
		rows, err := s.auditors(r, f, sort)
		page, total := pageOf(rows, limit, offset)
		return page, total, err
	})
}

func (s *Server) apiAuditorCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in auditorCreateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	a := actor(r)
	res, err := s.app.InviteAuditor(r.Context(), a, app.AuditorInput{Email: in.Email, Name: in.Name, AccessUntil: in.AccessUntil, Framework: in.Framework})
	if err != nil {
		return nil, err
	}
	m, err := s.app.FindMember(r.Context(), a, res.User.ID)
	if err != nil {
		return nil, err
	}
	return created(memberCreated{Member: m, Password: res.Password}), nil
}

func (s *Server) apiAuditorUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in auditorUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	a := actor(r)
	m, err := s.app.FindMember(r.Context(), a, pathID(r))
	if err != nil {
		return nil, err
	}
	upd := app.AuditorInput{AccessUntil: m.AccessUntil.String(), Framework: string(m.FrameworkID)}
	if in.AccessUntil != nil {
		upd.AccessUntil = *in.AccessUntil
	}
	if in.Framework != nil {
		upd.Framework = *in.Framework
	}
	if err := s.app.UpdateAuditorAccess(r.Context(), a, m.User.ID, in.Version, upd); err != nil {
		return nil, err
	}
	if m, err = s.app.FindMember(r.Context(), a, m.User.ID); err != nil {
		return nil, err
	}
	return newAuditorRow(m, isms.DateOf(s.app.Now())), nil
}

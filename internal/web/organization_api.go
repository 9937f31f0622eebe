// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

func (s *Server) organizationOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/organization", Access: Member, Handler: s.apiOrganizationGet,
		ID: "getOrganization", Tag: "Organization", Summary: "Read the organization's profile",
		Description: "The caller's organization, with its newest submission for approval and its newest approved version.",
		Result:      reflect.TypeFor[*app.OrganizationProfile](),
	}, {
		Pattern: "PATCH /api/v1/organization", Access: Member, Handler: s.apiOrganizationUpdate,
		ID: "updateOrganization", Tag: "Organization", Summary: "Change the organization's profile",
		Description: "Changes the fields given and leaves the others. version must be the profile's current version; " +
			"a stale version, or a profile whose submission awaits approval, is a 409.",
		Body:   reflect.TypeFor[isms.OrganizationUpdate](),
		Result: reflect.TypeFor[*isms.Organization](),
		Errors: []int{http.StatusConflict},
	}}
}

func (s *Server) apiOrganizationGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.FindOrganizationProfile(r.Context(), actor(r))
}

func (s *Server) apiOrganizationUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var upd isms.OrganizationUpdate
	if err := decodeJSON(r, &upd); err != nil {
		return nil, err
	}
	return s.app.UpdateOrganization(r.Context(), actor(r), upd)
}

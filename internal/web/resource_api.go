// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// ISMS resources in the API.

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.ResourceKind](): {doc: "What an ISMS resource is: people's time, budget, a tool, infrastructure or outside help.",
			values: enumStrings(isms.ResourceKinds...)},
		reflect.TypeFor[isms.ResourceStatus](): {doc: "Where a resource request stands.", values: enumStrings(isms.ResourceStatuses...)},
	})
}

func (s *Server) resourceOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/resources", Access: Member, Handler: s.apiResourceList,
		ID: "listResources", Tag: "Resources", Summary: "List ISMS resources",
		Params: append([]apiParam{
			enumParam("status", "Only resources with this status.", enumStrings(isms.ResourceStatuses...)...),
			enumParam("sort", "Sort key; a leading - sorts descending. Default title.", resourceSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Resource]](),
	}, {
		Pattern: "POST /api/v1/resources", Access: Member, Handler: s.apiResourceCreate,
		ID: "createResource", Tag: "Resources", Summary: "Record a resource",
		Description: "Needs the right to manage people and resources. An approved or provided resource says who approved it.",
		Body:        reflect.TypeFor[resourceRequest](), Result: reflect.TypeFor[*isms.Resource](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/resources/{id}", Access: Member, Handler: s.apiResourceGet,
		ID: "getResource", Tag: "Resources", Summary: "Read a resource",
		Result: reflect.TypeFor[*isms.Resource](),
	}, {
		Pattern: "PUT /api/v1/resources/{id}", Access: Member, Handler: s.apiResourceUpdate,
		ID: "updateResource", Tag: "Resources", Summary: "Replace a resource",
		Description: "Every field is replaced. version must be the resource's current version (409 otherwise).",
		Body:        reflect.TypeFor[resourceUpdateRequest](), Result: reflect.TypeFor[*isms.Resource](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/resources/{id}", Access: Member, Handler: s.apiResourceDelete,
		ID: "deleteResource", Tag: "Resources", Summary: "Delete a resource",
	}}
}

// resourceRequest is a new resource.
type resourceRequest struct {
	Title      string              `json:"title"`
	Kind       isms.ResourceKind   `json:"kind"`
	Amount     string              `json:"amount,omitempty" doc:"How much, in words: 0.5 FTE, EUR 12,000 a year."`
	Status     isms.ResourceStatus `json:"status"`
	ApprovedBy string              `json:"approvedBy,omitempty" doc:"Who approved it, as people name them."`
	ApprovedOn string              `json:"approvedOn,omitempty" doc:"YYYY-MM-DD."`
	Notes      string              `json:"notes,omitempty"`
}

// resourceUpdateRequest replaces a resource.
type resourceUpdateRequest struct {
	resourceRequest
	Version int `json:"version" doc:"The resource's version the change was made against."`
}

func (in resourceRequest) input() app.ResourceInput {
	return app.ResourceInput{Title: in.Title, Kind: string(in.Kind), Amount: in.Amount, Status: string(in.Status),
		ApprovedBy: in.ApprovedBy, ApprovedOn: in.ApprovedOn, Notes: in.Notes}
}

func (s *Server) apiResourceList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	status := isms.ResourceStatus(queryOneOf(r, p, "status", enumStrings(isms.ResourceStatuses...)...))
	sort := queryOneOf(r, p, "sort", resourceSortKeys...)
	limit, offset := apiPaging(r, p)
	return apiList(p, limit, offset, func() ([]*isms.Resource, int, error) {
		return s.app.FindResources(r.Context(), actor(r), status, sort, limit, offset)
	})
}

func (s *Server) apiResourceCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in resourceRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	x, err := s.app.CreateResource(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	return created(x), nil
}

func (s *Server) apiResourceGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.FindResource(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiResourceUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in resourceUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.app.UpdateResource(r.Context(), actor(r), pathID(r), in.Version, in.input())
}

func (s *Server) apiResourceDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteResource(r.Context(), actor(r), pathID(r))
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The asset register in the API.

// assetFields maps the names app gives asset fields to the API's.
var assetFields = map[string]string{"owner": "ownerId"}

func (s *Server) assetOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/assets", Access: Member, Handler: s.apiAssetList,
		ID: "listAssets", Tag: "Assets", Summary: "List assets",
		Description: "The organization's assets with their owner, parent and the number of risks linked to each. c, i and a are positions on the current risk method's impact scale (0: not valued).",
		Params: append([]apiParam{
			enumParam("type", "Only assets of this type.", enumStrings(isms.AssetTypes...)...),
			stringParam("ownerId", "Only assets of this member."),
			enumParam("classification", "Only assets with this classification.", enumStrings(isms.Classifications...)...),
			stringParam("parentId", "Only the parts of this asset."),
			stringParam("riskId", "Only assets linked to this risk."),
			stringParam("q", "Search in reference, name, description and location."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", assetSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Asset]](),
	}, {
		Pattern: "POST /api/v1/assets", Access: Member, Handler: s.apiAssetCreate,
		ID: "createAsset", Tag: "Assets", Summary: "Create an asset",
		Description: "Needs the right to edit risks. Without a ref, the asset gets the next free AS-number.",
		Body:        reflect.TypeFor[assetRequest](), Result: reflect.TypeFor[*isms.Asset](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/assets/{id}", Access: Member, Handler: s.apiAssetGet,
		ID: "getAsset", Tag: "Assets", Summary: "Read an asset with its neighbours and risks",
		Description: "{id} is the asset's ID or its reference (AS-12).",
		Result:      reflect.TypeFor[assetDetailAPI](),
	}, {
		Pattern: "PUT /api/v1/assets/{id}", Access: Member, Handler: s.apiAssetUpdate,
		ID: "updateAsset", Tag: "Assets", Summary: "Replace an asset",
		Description: "{id} is the asset's ID or its reference. Every field is replaced, dependencies included. version must be the asset's current version (409 otherwise).",
		Body:        reflect.TypeFor[assetUpdateRequest](), Result: reflect.TypeFor[*isms.Asset](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/assets/{id}", Access: Member, Handler: s.apiAssetDelete,
		ID: "deleteAsset", Tag: "Assets", Summary: "Delete an asset",
		Description: "{id} is the asset's ID or its reference. Removes its dependencies and its links to risks; the risks stay. An asset with parts cannot be deleted (409).",
		Errors:      []int{http.StatusConflict},
	}}
}

// assetRequest is a new asset.
type assetRequest struct {
	Ref            string   `json:"ref,omitempty" doc:"The organization's reference, unique in it; the next free AS-number when empty."`
	Name           string   `json:"name"`
	Type           string   `json:"type" doc:"information, software, hardware, service, people, site, process, supplier or other."`
	Description    string   `json:"description,omitempty"`
	OwnerID        isms.ID  `json:"ownerId,omitempty" doc:"User ID of an active member."`
	Classification string   `json:"classification,omitempty" doc:"public, internal, confidential or restricted; empty when unclassified."`
	C              int      `json:"c,omitempty" doc:"Confidentiality: a position on the current method's impact scale; 0 when not valued."`
	I              int      `json:"i,omitempty" doc:"Integrity, likewise."`
	A              int      `json:"a,omitempty" doc:"Availability, likewise."`
	Location       string   `json:"location,omitempty"`
	Parent         string   `json:"parent,omitempty" doc:"The ID or reference of the asset this one is part of."`
	Dependencies   []string `json:"dependencies,omitempty" doc:"IDs or references of the assets this one depends on."`
}

// assetUpdateRequest replaces an asset.
type assetUpdateRequest struct {
	assetRequest
	Version int `json:"version" doc:"The asset's version the change was made against."`
}

// assetDetailAPI is an asset with its place among the others and its risks.
type assetDetailAPI struct {
	Asset        *isms.Asset   `json:"asset"`
	Parent       *isms.Asset   `json:"parent,omitempty"`
	Children     []*isms.Asset `json:"children" openapi:"nonnull"`
	Dependencies []*isms.Asset `json:"dependencies" openapi:"nonnull" doc:"The assets it depends on."`
	Dependents   []*isms.Asset `json:"dependents" openapi:"nonnull" doc:"The assets that depend on it."`
	Risks        []*isms.Risk  `json:"risks" openapi:"nonnull"`
}

func (assetDetailAPI) schemaName() string { return "AssetDetail" }

func (in assetRequest) input() app.AssetInput {
	return app.AssetInput{Ref: in.Ref, Name: in.Name, Type: in.Type, Description: in.Description, OwnerID: string(in.OwnerID),
		Classification: in.Classification, C: assetValue(in.C), I: assetValue(in.I), A: assetValue(in.A),
		Location: in.Location, Parent: in.Parent, Dependencies: in.Dependencies}
}

func (s *Server) apiAssetList(w http.ResponseWriter, r *http.Request) (any, error) {
	q, p := r.URL.Query(), isms.Problems{}
	f := isms.AssetFilter{OwnerID: isms.ID(q.Get("ownerId")), ParentID: isms.ID(q.Get("parentId")), RiskID: isms.ID(q.Get("riskId")),
		Search:         q.Get("q"),
		Type:           isms.AssetType(queryOneOf(r, p, "type", enumStrings(isms.AssetTypes...)...)),
		Classification: isms.Classification(queryOneOf(r, p, "classification", enumStrings(isms.Classifications...)...)),
		Sort:           queryOneOf(r, p, "sort", assetSortKeys...)}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.Asset, int, error) {
		return s.app.FindAssets(r.Context(), actor(r), f)
	})
}

func (s *Server) apiAssetCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in assetRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	a, err := s.app.CreateAsset(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, renameFields(err, assetFields)
	}
	return created(a), nil
}

func (s *Server) apiAssetGet(w http.ResponseWriter, r *http.Request) (any, error) {
	d, err := s.app.FindAsset(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	out := assetDetailAPI{Asset: d.Asset, Parent: d.Parent, Children: d.Children, Dependencies: d.Dependencies,
		Dependents: d.Dependents, Risks: d.Risks}
	for _, l := range []*[]*isms.Asset{&out.Children, &out.Dependencies, &out.Dependents} {
		if *l == nil {
			*l = []*isms.Asset{}
		}
	}
	if out.Risks == nil {
		out.Risks = []*isms.Risk{}
	}
	return out, nil
}

// apiAssetID resolves the path's {id}: an asset's ID or its reference.
func (s *Server) apiAssetID(r *http.Request) (isms.ID, error) {
	d, err := s.app.FindAsset(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return "", err
	}
	return d.Asset.ID, nil
}

func (s *Server) apiAssetUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in assetUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	id, err := s.apiAssetID(r)
	if err != nil {
		return nil, err
	}
	a, err := s.app.UpdateAsset(r.Context(), actor(r), id, in.Version, in.input())
	if err != nil {
		return nil, renameFields(err, assetFields)
	}
	return a, nil
}

func (s *Server) apiAssetDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	id, err := s.apiAssetID(r)
	if err != nil {
		return nil, err
	}
	return noContent, s.app.DeleteAsset(r.Context(), actor(r), id)
}

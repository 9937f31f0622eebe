// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Awareness campaigns in the API.

func (s *Server) campaignOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/campaigns", Access: Member, Handler: s.apiCampaignList,
		ID: "listCampaigns", Tag: "Awareness", Summary: "List awareness campaigns",
		Description: "Open campaigns in due order (closed ones too with closed=true), with how many acknowledgements each asks of its audience (expected) and how many it has.",
		Params:      append([]apiParam{enumParam("closed", "true: include closed campaigns.", "true", "false")}, pagingParams...),
		Result:      reflect.TypeFor[page[*isms.Campaign]](),
	}, {
		Pattern: "POST /api/v1/campaigns", Access: Member, Handler: s.apiCampaignCreate,
		ID: "createCampaign", Tag: "Awareness", Summary: "Start an awareness campaign",
		Description: "Needs the right to manage awareness. Every document must have an approved version: that version is asked for. Each member of the audience gets a task to read and acknowledge, due on the campaign's date.",
		Body:        reflect.TypeFor[campaignRequest](), Result: reflect.TypeFor[*isms.Campaign](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/campaigns/{id}", Access: Member, Handler: s.apiCampaignGet,
		ID: "getCampaign", Tag: "Awareness", Summary: "Read a campaign with its documents and members",
		Description: "The versions asked for come in the order of the documents, without their bodies; members are the audience's active members with how far each got.",
		Result:      reflect.TypeFor[campaignDetailAPI](),
	}, {
		Pattern: "PUT /api/v1/campaigns/{id}", Access: Member, Handler: s.apiCampaignUpdate,
		ID: "updateCampaign", Tag: "Awareness", Summary: "Replace a campaign",
		Description: "Every field is replaced. version must be the campaign's current version (409 otherwise); a closed campaign cannot change (409).",
		Body:        reflect.TypeFor[campaignUpdateRequest](), Result: reflect.TypeFor[*isms.Campaign](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/campaigns/{id}/close", Access: Member, Handler: s.apiCampaignClose,
		ID: "closeCampaign", Tag: "Awareness", Summary: "Close a campaign",
		Description: "Members are no longer asked; their acknowledgements stay as records.",
		Errors:      []int{http.StatusConflict},
	}}
}

// campaignRequest is a new campaign.
type campaignRequest struct {
	Title             string          `json:"title"`
	Description       string          `json:"description,omitempty"`
	Due               string          `json:"due" doc:"YYYY-MM-DD."`
	Documents         []string        `json:"documents" doc:"IDs or references of documents with an approved version."`
	Audience          audienceRequest `json:"audience" doc:"Who must acknowledge: everyone, members with the roles, and the named people."`
	FollowNewVersions bool            `json:"followNewVersions,omitempty" doc:"Ask again when a newer version of a document is approved while the campaign is open."`
}

// audienceRequest says who must acknowledge.
type audienceRequest struct {
	Everyone bool     `json:"everyone,omitempty" doc:"Everyone in the organization."`
	Roles    []string `json:"roles,omitempty" doc:"Members with these roles."`
	People   []string `json:"people,omitempty" doc:"These members: account IDs or e-mail addresses."`
}

// campaignUpdateRequest replaces a campaign.
type campaignUpdateRequest struct {
	campaignRequest
	Version int `json:"version" doc:"The campaign's version the change was made against."`
}

func (in campaignRequest) input() app.CampaignInput {
	return app.CampaignInput{Title: in.Title, Description: in.Description, Due: in.Due, Documents: in.Documents,
		AudienceEveryone: in.Audience.Everyone, AudienceRoles: in.Audience.Roles, AudiencePeople: in.Audience.People,
		FollowNewVersions: in.FollowNewVersions}
}

// campaignDetailAPI is a campaign with its documents and members.
type campaignDetailAPI struct {
	Campaign  *isms.Campaign          `json:"campaign"`
	Documents []*isms.Document        `json:"documents" openapi:"nonnull"`
	Versions  []*isms.DocumentVersion `json:"versions" openapi:"nonnull" doc:"The versions asked for, one per document in the same order, without bodies."`
	Members   []isms.CampaignMember   `json:"members" openapi:"nonnull"`
}

func (campaignDetailAPI) schemaName() string { return "CampaignDetail" }

func (s *Server) apiCampaignList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	closed := queryOneOf(r, p, "closed", "true", "false") == "true"
	limit, offset := apiPaging(r, p)
	return apiList(p, limit, offset, func() ([]*isms.Campaign, int, error) {
		return s.app.FindCampaigns(r.Context(), actor(r), closed, limit, offset)
	})
}

func (s *Server) apiCampaignCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in campaignRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	c, err := s.app.CreateCampaign(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	return created(c), nil
}

func (s *Server) apiCampaignGet(w http.ResponseWriter, r *http.Request) (any, error) {
	d, err := s.app.FindCampaign(r.Context(), actor(r), pathID(r))
	if err != nil {
		return nil, err
	}
	out := campaignDetailAPI{Campaign: d.Campaign, Documents: d.Documents, Members: d.Members, Versions: []*isms.DocumentVersion{}}
	for _, v := range d.Versions {
		c := *v
		c.Body = ""
		out.Versions = append(out.Versions, &c)
	}
	if out.Documents == nil {
		out.Documents = []*isms.Document{}
	}
	if out.Members == nil {
		out.Members = []isms.CampaignMember{}
	}
	return out, nil
}

func (s *Server) apiCampaignUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in campaignUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.app.UpdateCampaign(r.Context(), actor(r), pathID(r), in.Version, in.input())
}

func (s *Server) apiCampaignClose(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.CloseCampaign(r.Context(), actor(r), pathID(r))
}

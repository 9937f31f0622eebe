// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Context issues, interested parties and their requirements in the API.
// A record is addressed by its ID or its reference ("CI-3", "IP-2",
// "RQ-7"); its links are arrays of references or IDs, and a link array
// left out of a request leaves those links as they are.

func init() {
	addEnumDefs(map[reflect.Type]enumDef{
		reflect.TypeFor[isms.ContextKind](): {doc: "Whether an issue or an interested party is inside the organization or outside it.",
			values: enumStrings(isms.ContextKinds...)},
		reflect.TypeFor[isms.IssueCategory](): {doc: "The category of a context issue; climate change is environmental.",
			values: enumStrings(isms.IssueCategories...)},
		reflect.TypeFor[isms.IssueEffect](): {doc: "Whether a context issue helps (positive) or hinders (negative) the ISMS.",
			values: enumStrings(isms.IssueEffects...)},
		reflect.TypeFor[isms.PartyCategory](): {doc: "The category of an interested party.", values: enumStrings(isms.PartyCategories...)},
		reflect.TypeFor[isms.RequirementType](): {doc: "Where a requirement of an interested party comes from.",
			values: enumStrings(isms.RequirementTypes...)},
	})
}

// listProblems turns the error of reading a list's filters into the
// problems apiList reports with those of paging; other errors are
// returned.
func listProblems(err error) (isms.Problems, error) {
	p := isms.Problems{}
	if err != nil && isms.ErrorFields(err) == nil {
		return nil, err
	}
	for f, msg := range isms.ErrorFields(err) {
		p.Add(f, msg)
	}
	return p, nil
}

func (s *Server) issueOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/context-issues", Access: Member, Handler: s.apiIssueList,
		ID: "listContextIssues", Tag: "Context", Summary: "List context issues",
		Params: append([]apiParam{
			enumParam("kind", "Only internal or only external issues.", enumStrings(isms.ContextKinds...)...),
			enumParam("category", "Only issues of this category.", enumStrings(isms.IssueCategories...)...),
			enumParam("effect", "Only issues with this effect.", enumStrings(isms.IssueEffects...)...),
			stringParam("owner", "Only issues owned by this member (user ID)."),
			enumParam("climate", "yes: only issues about climate change; no: only the others.", "yes", "no"),
			enumParam("review", "due: only issues whose review date has passed.", "due"),
			stringParam("q", "Text in the reference, title or description."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", issueSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.ContextIssue]](),
	}, {
		Pattern: "POST /api/v1/context-issues", Access: Member, Handler: s.apiIssueCreate,
		ID: "createContextIssue", Tag: "Context", Summary: "Record a context issue",
		Description: "Needs the right to edit the context. The issue gets the next free reference, CI-n.",
		Body:        reflect.TypeFor[issueRequest](), Result: reflect.TypeFor[issueDetail](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/context-issues/{id}", Access: Member, Handler: s.apiIssueGet,
		ID: "getContextIssue", Tag: "Context", Summary: "Read a context issue by ID or reference",
		Result: reflect.TypeFor[issueDetail](),
	}, {
		Pattern: "PUT /api/v1/context-issues/{id}", Access: Member, Handler: s.apiIssueUpdate,
		ID: "updateContextIssue", Tag: "Context", Summary: "Replace a context issue",
		Description: "Every field is replaced; link arrays left out are kept. version must be the issue's current version (409 otherwise).",
		Body:        reflect.TypeFor[issueUpdateRequest](), Result: reflect.TypeFor[issueDetail](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/context-issues/{id}", Access: Member, Handler: s.apiIssueDelete,
		ID: "deleteContextIssue", Tag: "Context", Summary: "Delete a context issue and its links",
	}}
}

// issueRequest is a new context issue.
type issueRequest struct {
	Title       string             `json:"title"`
	Kind        isms.ContextKind   `json:"kind"`
	Category    isms.IssueCategory `json:"category"`
	Description string             `json:"description,omitempty"`
	Effect      isms.IssueEffect   `json:"effect"`
	Climate     bool               `json:"climate,omitempty" doc:"Whether the issue concerns climate change."`
	OwnerID     string             `json:"ownerId,omitempty" doc:"The user ID of a member; empty for none."`
	ReviewOn    string             `json:"reviewOn,omitempty" doc:"YYYY-MM-DD."`
	Risks       []string           `json:"risks,omitempty" doc:"The risks arising from the issue (R-n). References or IDs; leave the field out to keep the links as they are, send [] to remove them."`
	ISMSRisks   []string           `json:"ismsRisks,omitempty" doc:"The ISMS risks and opportunities arising from it (RO-n). References or IDs; leave the field out to keep the links as they are."`
}

// issueUpdateRequest replaces a context issue.
type issueUpdateRequest struct {
	issueRequest
	Version int `json:"version" doc:"The issue's version the change was made against."`
}

func (in issueRequest) input() app.ContextIssueInput {
	return app.ContextIssueInput{Title: in.Title, Kind: string(in.Kind), Category: string(in.Category), Description: in.Description,
		Effect: string(in.Effect), Climate: in.Climate, OwnerID: in.OwnerID, ReviewOn: in.ReviewOn, Risks: in.Risks, ISMSRisks: in.ISMSRisks}
}

// issueDetail is a context issue with the references of its links.
type issueDetail struct {
	*isms.ContextIssue
	Risks     []string `json:"risks" openapi:"nonnull" doc:"References of the risks arising from the issue."`
	ISMSRisks []string `json:"ismsRisks" openapi:"nonnull" doc:"References of the ISMS risks and opportunities arising from it."`
}

// issueDetailOf adds its links to c.
func (s *Server) issueDetailOf(r *http.Request, c *isms.ContextIssue) (issueDetail, error) {
	links, err := s.app.RecordLinks(r.Context(), actor(r), isms.Link{Type: "context_issue", ID: c.ID})
	return issueDetail{ContextIssue: c, Risks: outgoingRefs(links, "risk"), ISMSRisks: outgoingRefs(links, "isms_risk")}, err
}

// outgoingRefs returns the references of the links of type typ that a
// record made, never nil.
func outgoingRefs(links []app.RecordLink, typ string) []string {
	out := []string{}
	for _, l := range links {
		if l.Outgoing && l.Type == typ {
			out = append(out, l.Ref)
		}
	}
	return out
}

func (s *Server) apiIssueList(w http.ResponseWriter, r *http.Request) (any, error) {
	f, err := s.issueFilterOf(r)
	p, err := listProblems(err)
	if err != nil {
		return nil, err
	}
	f.Sort = queryOneOf(r, p, "sort", issueSortKeys...)
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.ContextIssue, int, error) {
		return s.app.FindContextIssues(r.Context(), actor(r), f)
	})
}

func (s *Server) apiIssueCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in issueRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	c, err := s.app.CreateContextIssue(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	d, err := s.issueDetailOf(r, c)
	return created(d), err
}

func (s *Server) apiIssueGet(w http.ResponseWriter, r *http.Request) (any, error) {
	c, err := s.app.FindContextIssue(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return s.issueDetailOf(r, c)
}

func (s *Server) apiIssueUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in issueUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	c, err := s.app.FindContextIssue(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if c, err = s.app.UpdateContextIssue(r.Context(), actor(r), c.ID, in.Version, in.input()); err != nil {
		return nil, err
	}
	return s.issueDetailOf(r, c)
}

func (s *Server) apiIssueDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	c, err := s.app.FindContextIssue(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return noContent, s.app.DeleteContextIssue(r.Context(), actor(r), c.ID)
}

func (s *Server) partyOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/interested-parties", Access: Member, Handler: s.apiPartyList,
		ID: "listInterestedParties", Tag: "Context", Summary: "List interested parties",
		Params: append([]apiParam{
			enumParam("kind", "Only internal or only external parties.", enumStrings(isms.ContextKinds...)...),
			enumParam("category", "Only parties of this category.", enumStrings(isms.PartyCategories...)...),
			stringParam("q", "Text in the reference, name, description or contact."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", partySortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.InterestedParty]](),
	}, {
		Pattern: "POST /api/v1/interested-parties", Access: Member, Handler: s.apiPartyCreate,
		ID: "createInterestedParty", Tag: "Context", Summary: "Record an interested party",
		Description: "Needs the right to edit the context. The party gets the next free reference, IP-n.",
		Body:        reflect.TypeFor[partyRequest](), Result: reflect.TypeFor[*isms.InterestedParty](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/interested-parties/{id}", Access: Member, Handler: s.apiPartyGet,
		ID: "getInterestedParty", Tag: "Context", Summary: "Read an interested party by ID or reference",
		Result: reflect.TypeFor[*isms.InterestedParty](),
	}, {
		Pattern: "PUT /api/v1/interested-parties/{id}", Access: Member, Handler: s.apiPartyUpdate,
		ID: "updateInterestedParty", Tag: "Context", Summary: "Replace an interested party",
		Description: "Every field is replaced. version must be the party's current version (409 otherwise).",
		Body:        reflect.TypeFor[partyUpdateRequest](), Result: reflect.TypeFor[*isms.InterestedParty](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/interested-parties/{id}", Access: Member, Handler: s.apiPartyDelete,
		ID: "deleteInterestedParty", Tag: "Context", Summary: "Delete an interested party",
		Description: "Refused (409) while the party has requirements: delete them or move them to another party first.",
		Errors:      []int{http.StatusConflict},
	}}
}

// partyRequest is a new interested party.
type partyRequest struct {
	Name        string             `json:"name"`
	Kind        isms.ContextKind   `json:"kind"`
	Category    isms.PartyCategory `json:"category"`
	Description string             `json:"description,omitempty"`
	Contact     string             `json:"contact,omitempty" doc:"Who to talk to there, and how."`
	OwnerID     string             `json:"ownerId,omitempty" doc:"The user ID of a member; empty for none."`
}

// partyUpdateRequest replaces an interested party.
type partyUpdateRequest struct {
	partyRequest
	Version int `json:"version" doc:"The party's version the change was made against."`
}

func (in partyRequest) input() app.PartyInput {
	return app.PartyInput{Name: in.Name, Kind: string(in.Kind), Category: string(in.Category), Description: in.Description,
		Contact: in.Contact, OwnerID: in.OwnerID}
}

func (s *Server) apiPartyList(w http.ResponseWriter, r *http.Request) (any, error) {
	f, err := partyFilterOf(r)
	p, err := listProblems(err)
	if err != nil {
		return nil, err
	}
	f.Sort = queryOneOf(r, p, "sort", partySortKeys...)
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.InterestedParty, int, error) {
		return s.app.FindParties(r.Context(), actor(r), f)
	})
}

func (s *Server) apiPartyCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in partyRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	p, err := s.app.CreateParty(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	return created(p), nil
}

func (s *Server) apiPartyGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.FindParty(r.Context(), actor(r), r.PathValue("id"))
}

func (s *Server) apiPartyUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in partyUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	p, err := s.app.FindParty(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return s.app.UpdateParty(r.Context(), actor(r), p.ID, in.Version, in.input())
}

func (s *Server) apiPartyDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	p, err := s.app.FindParty(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return noContent, s.app.DeleteParty(r.Context(), actor(r), p.ID)
}

func (s *Server) preqOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/party-requirements", Access: Member, Handler: s.apiPreqList,
		ID: "listPartyRequirements", Tag: "Context", Summary: "List requirements of interested parties",
		Params: append([]apiParam{
			stringParam("party", "Only the requirements of this party (ID or reference)."),
			enumParam("type", "Only requirements of this type.", enumStrings(isms.RequirementTypes...)...),
			enumParam("addressed", "yes: only those the ISMS addresses; no: only those it does not.", "yes", "no"),
			enumParam("unlinked", "yes: only those the ISMS addresses that no control, document or risk is linked to.", "yes"),
			stringParam("q", "Text in the reference, title, description or source."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", preqSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.PartyRequirement]](),
	}, {
		Pattern: "POST /api/v1/party-requirements", Access: Member, Handler: s.apiPreqCreate,
		ID: "createPartyRequirement", Tag: "Context", Summary: "Record a requirement of an interested party",
		Description: "Needs the right to edit the context. The requirement gets the next free reference, RQ-n. One the ISMS does not address says why in how.",
		Body:        reflect.TypeFor[preqRequest](), Result: reflect.TypeFor[preqDetail](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/party-requirements/{id}", Access: Member, Handler: s.apiPreqGet,
		ID: "getPartyRequirement", Tag: "Context", Summary: "Read a requirement by ID or reference",
		Result: reflect.TypeFor[preqDetail](),
	}, {
		Pattern: "PUT /api/v1/party-requirements/{id}", Access: Member, Handler: s.apiPreqUpdate,
		ID: "updatePartyRequirement", Tag: "Context", Summary: "Replace a requirement of an interested party",
		Description: "Every field is replaced; link arrays left out are kept. version must be the requirement's current version (409 otherwise).",
		Body:        reflect.TypeFor[preqUpdateRequest](), Result: reflect.TypeFor[preqDetail](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/party-requirements/{id}", Access: Member, Handler: s.apiPreqDelete,
		ID: "deletePartyRequirement", Tag: "Context", Summary: "Delete a requirement and its links",
	}}
}

// preqRequest is a new requirement of an interested party.
type preqRequest struct {
	PartyID     string               `json:"partyId" doc:"The party's ID or reference (IP-n)."`
	Title       string               `json:"title"`
	Description string               `json:"description,omitempty"`
	Type        isms.RequirementType `json:"type"`
	Source      string               `json:"source,omitempty" doc:"The law, regulation or contract clause it comes from."`
	Addressed   bool                 `json:"addressed" doc:"Whether the ISMS addresses the requirement."`
	How         string               `json:"how,omitempty" doc:"How the ISMS addresses it or, when it does not, why not (then required)."`
	OwnerID     string               `json:"ownerId,omitempty" doc:"The user ID of a member; empty for none."`
	Controls    []string             `json:"controls,omitempty" doc:"The controls that address it (C-n). References or IDs; leave the field out to keep the links as they are, send [] to remove them."`
	Documents   []string             `json:"documents,omitempty" doc:"The documents that address it (DOC-n). References or IDs; leave the field out to keep the links as they are."`
	Risks       []string             `json:"risks,omitempty" doc:"The risks it bears on (R-n). References or IDs; leave the field out to keep the links as they are."`
}

// preqUpdateRequest replaces a requirement.
type preqUpdateRequest struct {
	preqRequest
	Version int `json:"version" doc:"The requirement's version the change was made against."`
}

func (in preqRequest) input() app.PartyRequirementInput {
	return app.PartyRequirementInput{PartyID: in.PartyID, Title: in.Title, Description: in.Description, Type: string(in.Type),
		Source: in.Source, Addressed: in.Addressed, How: in.How, OwnerID: in.OwnerID, Controls: in.Controls, Documents: in.Documents,
		Risks: in.Risks}
}

// preqDetail is a requirement with the references of its links.
type preqDetail struct {
	*isms.PartyRequirement
	Controls  []string `json:"controls" openapi:"nonnull" doc:"References of the controls that address it."`
	Documents []string `json:"documents" openapi:"nonnull" doc:"References of the documents that address it."`
	Risks     []string `json:"risks" openapi:"nonnull" doc:"References of the risks it bears on."`
}

// preqDetailOf adds its links to q.
func (s *Server) preqDetailOf(r *http.Request, q *isms.PartyRequirement) (preqDetail, error) {
	links, err := s.app.RecordLinks(r.Context(), actor(r), isms.Link{Type: "party_requirement", ID: q.ID})
	return preqDetail{PartyRequirement: q, Controls: outgoingRefs(links, "control"), Documents: outgoingRefs(links, "document"),
		Risks: outgoingRefs(links, "risk")}, err
}

func (s *Server) apiPreqList(w http.ResponseWriter, r *http.Request) (any, error) {
	f, err := s.preqFilterOf(r)
	p, err := listProblems(err)
	if err != nil {
		return nil, err
	}
	f.Sort = queryOneOf(r, p, "sort", preqSortKeys...)
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.PartyRequirement, int, error) {
		return s.app.FindPartyRequirements(r.Context(), actor(r), f)
	})
}

func (s *Server) apiPreqCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in preqRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	q, err := s.app.CreatePartyRequirement(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	d, err := s.preqDetailOf(r, q)
	return created(d), err
}

func (s *Server) apiPreqGet(w http.ResponseWriter, r *http.Request) (any, error) {
	q, err := s.app.FindPartyRequirement(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return s.preqDetailOf(r, q)
}

func (s *Server) apiPreqUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in preqUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	q, err := s.app.FindPartyRequirement(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if q, err = s.app.UpdatePartyRequirement(r.Context(), actor(r), q.ID, in.Version, in.input()); err != nil {
		return nil, err
	}
	return s.preqDetailOf(r, q)
}

func (s *Server) apiPreqDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	q, err := s.app.FindPartyRequirement(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return noContent, s.app.DeletePartyRequirement(r.Context(), actor(r), q.ID)
}

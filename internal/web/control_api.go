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

// controlSortKeys are the control list's sort keys.
var controlSortKeys = sortValues("ref", "title", "status", "owner", "nextReview", "updated")

// controlFields maps the names app gives control fields to the API's.
var controlFields = map[string]string{"owner": "ownerId", "requirements": "requirementIds"}

func (s *Server) controlOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/controls", Access: Member, Handler: s.apiControlList,
		ID: "listControls", Tag: "Controls", Summary: "List controls",
		Description: "The organization's controls with the number of requirements each is linked to (confirmed links only).",
		Params: append([]apiParam{
			enumParam("status", "Only controls with this status.", enumStrings(isms.ControlStatuses...)...),
			stringParam("ownerId", "Only controls of this member."),
			stringParam("frameworkId", "Only controls linked to a requirement of this framework."),
			stringParam("requirementId", "Only controls linked to this requirement."),
			enumParam("unlinked", "true: only controls linked to no requirement.", "true", "false"),
			stringParam("q", "Search in reference, title and description."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default ref.", controlSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Control]](),
	}, {
		Pattern: "POST /api/v1/controls", Access: Member, Handler: s.apiControlCreate,
		ID: "createControl", Tag: "Controls", Summary: "Create a control",
		Description: "Needs the right to edit controls. Without a ref, the control gets the next free C-number.",
		Body:        reflect.TypeFor[controlRequest](), Result: reflect.TypeFor[*isms.Control](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/controls/{id}", Access: Member, Handler: s.apiControlGet,
		ID: "getControl", Tag: "Controls", Summary: "Read a control with its requirement links",
		Description: "{id} is the control's ID or its reference (C-12). Confirmed links come first, then inferred ones with their basis.",
		Result:      reflect.TypeFor[controlDetailAPI](),
	}, {
		Pattern: "PATCH /api/v1/controls/{id}", Access: Member, Handler: s.apiControlUpdate,
		ID: "updateControl", Tag: "Controls", Summary: "Change a control",
		Description: "Absent fields stay. version must be the control's current version (409 otherwise).",
		Body:        reflect.TypeFor[controlUpdateRequest](), Result: reflect.TypeFor[*isms.Control](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/controls/{id}", Access: Member, Handler: s.apiControlDelete,
		ID: "deleteControl", Tag: "Controls", Summary: "Delete a control",
		Description: "Deletes the control and its requirement links; evidence linked to it stays.",
	}, {
		Pattern: "POST /api/v1/controls/{id}/links", Access: Member, Handler: s.apiControlLink,
		ID: "linkControl", Tag: "Controls", Summary: "Link a control to requirements",
		Description: "By requirement IDs, or by references of one framework. Unknown references are a 422 naming each; nothing is linked then. Existing links stay as they are.",
		Body:        reflect.TypeFor[controlLinkRequest](), Result: reflect.TypeFor[linkCountAPI](),
	}, {
		Pattern: "DELETE /api/v1/controls/{id}/links/{req}", Access: Member, Handler: s.apiControlUnlink,
		ID: "unlinkControl", Tag: "Controls", Summary: "Remove a requirement link",
		Description: "Removes a confirmed link, or rejects an inferred one.",
	}, {
		Pattern: "POST /api/v1/controls/{id}/links/confirm", Access: Member, Handler: s.apiControlConfirm,
		ID: "confirmControlLinks", Tag: "Controls", Summary: "Confirm inferred links",
		Description: "Turns the control's inferred links to these requirements (all of them when requirementIds is empty) into confirmed links, keeping their basis.",
		Body:        reflect.TypeFor[controlConfirmRequest](), Result: reflect.TypeFor[linkCountAPI](),
	}}
}

// controlRequest is a new control.
type controlRequest struct {
	Ref          string  `json:"ref,omitempty" doc:"The organization's reference, unique in it; the next free C-number when empty."`
	Title        string  `json:"title"`
	Description  string  `json:"description,omitempty"`
	OwnerID      isms.ID `json:"ownerId,omitempty" doc:"User ID of an active member."`
	Status       string  `json:"status,omitempty" doc:"planned, in_progress, implemented or not_applicable; planned when empty."`
	Notes        string  `json:"notes,omitempty" doc:"Implementation notes."`
	ReviewMonths int     `json:"reviewMonths,omitempty" doc:"Review every this many months; 0 for no cycle."`
	NextReview   string  `json:"nextReview,omitempty" doc:"The next review date, YYYY-MM-DD."`
}

// controlUpdateRequest is a change to a control; absent fields stay.
type controlUpdateRequest struct {
	Ref          *string  `json:"ref,omitempty"`
	Title        *string  `json:"title,omitempty"`
	Description  *string  `json:"description,omitempty"`
	OwnerID      *isms.ID `json:"ownerId,omitempty" doc:"An active member; an empty string removes the owner."`
	Status       *string  `json:"status,omitempty"`
	Notes        *string  `json:"notes,omitempty"`
	ReviewMonths *int     `json:"reviewMonths,omitempty"`
	NextReview   *string  `json:"nextReview,omitempty" doc:"YYYY-MM-DD; an empty string removes it."`
	Version      int      `json:"version" doc:"The control's version the change was made against."`
}

// controlDetailAPI is a control with its requirement links.
type controlDetailAPI struct {
	Control *isms.Control      `json:"control"`
	Links   []isms.ControlLink `json:"links" openapi:"nonnull"`
}

func (controlDetailAPI) schemaName() string { return "ControlDetail" }

// controlLinkRequest names requirements to link: by ID, or by reference.
type controlLinkRequest struct {
	RequirementIDs []isms.ID `json:"requirementIds,omitempty"`
	Framework      string    `json:"framework,omitempty" doc:"The framework of refs: its ID or key (iso27001-2022)."`
	Refs           []string  `json:"refs,omitempty" doc:"Requirement references of framework, such as A.5.15."`
}

// controlConfirmRequest names the inferred links to confirm.
type controlConfirmRequest struct {
	RequirementIDs []isms.ID `json:"requirementIds,omitempty" doc:"Empty: every inferred link of the control."`
}

// linkCountAPI says how many links an operation added or confirmed.
type linkCountAPI struct {
	Count int `json:"count" doc:"Links added (not counting those that existed) or confirmed."`
}

func (linkCountAPI) schemaName() string { return "LinkCount" }

func (s *Server) apiControlList(w http.ResponseWriter, r *http.Request) (any, error) {
	q, p := r.URL.Query(), isms.Problems{}
	f := isms.ControlFilter{OwnerID: isms.ID(q.Get("ownerId")), FrameworkID: isms.ID(q.Get("frameworkId")),
		RequirementID: isms.ID(q.Get("requirementId")), Search: q.Get("q"),
		Status:   isms.ControlStatus(queryOneOf(r, p, "status", enumStrings(isms.ControlStatuses...)...)),
		Unlinked: queryOneOf(r, p, "unlinked", "true", "false") == "true",
		Sort:     queryOneOf(r, p, "sort", controlSortKeys...)}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.Control, int, error) {
		return s.app.FindControls(r.Context(), actor(r), f)
	})
}

func (s *Server) apiControlCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in controlRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	if in.Status == "" {
		in.Status = string(isms.ControlPlanned)
	}
	c, err := s.app.CreateControl(r.Context(), actor(r), app.ControlInput{Ref: in.Ref, Title: in.Title, Description: in.Description,
		OwnerID: string(in.OwnerID), Status: in.Status, Notes: in.Notes, ReviewMonths: months(in.ReviewMonths), NextReview: in.NextReview})
	if err != nil {
		return nil, renameFields(err, controlFields)
	}
	return created(c), nil
}

// months is a review frequency as the form sends it: "" for none.
func months(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func (s *Server) apiControlGet(w http.ResponseWriter, r *http.Request) (any, error) {
	d, err := s.app.FindControl(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	links := d.Links
	if links == nil {
		links = []isms.ControlLink{}
	}
	return controlDetailAPI{Control: d.Control, Links: links}, nil
}

func (s *Server) apiControlUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in controlUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	d, err := s.app.FindControl(r.Context(), actor(r), string(pathID(r)))
	if err != nil {
		return nil, err
	}
	c := d.Control
	v := app.ControlInput{Ref: c.Ref, Title: c.Title, Description: c.Description, OwnerID: string(c.OwnerID),
		Status: string(c.Status), Notes: c.Notes, ReviewMonths: months(c.ReviewMonths), NextReview: c.NextReview.String()}
	set(&v.Ref, in.Ref)
	set(&v.Title, in.Title)
	set(&v.Description, in.Description)
	set(&v.Status, in.Status)
	set(&v.Notes, in.Notes)
	set(&v.NextReview, in.NextReview)
	if in.OwnerID != nil {
		v.OwnerID = string(*in.OwnerID)
	}
	if in.ReviewMonths != nil {
		v.ReviewMonths = strconv.Itoa(*in.ReviewMonths)
	}
	c, err = s.app.UpdateControl(r.Context(), actor(r), c.ID, in.Version, v)
	if err != nil {
		return nil, renameFields(err, controlFields)
	}
	return c, nil
}

// set copies *from into *to when from is not nil.
func set(to *string, from *string) {
	if from != nil {
		*to = *from
	}
}

func (s *Server) apiControlDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteControl(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiControlLink(w http.ResponseWriter, r *http.Request) (any, error) {
	var in controlLinkRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	a := actor(r)
	if err := s.linkableControl(r, pathID(r)); err != nil {
		return nil, err
	}
	ids := in.RequirementIDs
	if len(in.Refs) > 0 || in.Framework != "" {
		more, err := s.resolveRefs(r, controlLinkInput{Framework: in.Framework, Refs: strings.Join(in.Refs, " ")})
		if err != nil {
			return nil, err
		}
		ids = append(ids, more...)
	}
	if len(ids) == 0 {
		return nil, isms.Problems{"requirementIds": "Name at least one requirement, by ID or by framework and refs."}.Err()
	}
	n, err := s.app.LinkControl(r.Context(), a, pathID(r), ids)
	if err != nil {
		return nil, renameFields(err, controlFields)
	}
	return linkCountAPI{Count: n}, nil
}

func (s *Server) apiControlUnlink(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.UnlinkControl(r.Context(), actor(r), pathID(r), isms.ID(r.PathValue("req")))
}

func (s *Server) apiControlConfirm(w http.ResponseWriter, r *http.Request) (any, error) {
	var in controlConfirmRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	var ids []isms.ID
	if len(in.RequirementIDs) > 0 {
		ids = in.RequirementIDs
	}
	n, err := s.app.ConfirmInferredLinks(r.Context(), actor(r), pathID(r), ids)
	if err != nil {
		return nil, err
	}
	return linkCountAPI{Count: n}, nil
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The communication plan and its records in the API.

func (s *Server) communicationOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/communication-items", Access: Member, Handler: s.apiCommunicationList,
		ID: "listCommunicationItems", Tag: "Communication", Summary: "List the communication plan",
		Description: "What is communicated, with whom, when, by whom and how, with the day each last took place.",
		Params: append([]apiParam{
			stringParam("q", "Search in topic, audience and channel."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default topic.", communicationSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.CommunicationItem]](),
	}, {
		Pattern: "POST /api/v1/communication-items", Access: Member, Handler: s.apiCommunicationCreate,
		ID: "createCommunicationItem", Tag: "Communication", Summary: "Add to the communication plan",
		Description: "Needs the right to manage people and the communication plan.",
		Body:        reflect.TypeFor[communicationRequest](), Result: reflect.TypeFor[*isms.CommunicationItem](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/communication-items/{id}", Access: Member, Handler: s.apiCommunicationGet,
		ID: "getCommunicationItem", Tag: "Communication", Summary: "Read a planned communication with its records",
		Result: reflect.TypeFor[communicationDetailAPI](),
	}, {
		Pattern: "PUT /api/v1/communication-items/{id}", Access: Member, Handler: s.apiCommunicationUpdate,
		ID: "updateCommunicationItem", Tag: "Communication", Summary: "Replace a planned communication",
		Description: "Every field is replaced. version must be the item's current version (409 otherwise).",
		Body:        reflect.TypeFor[communicationUpdateRequest](), Result: reflect.TypeFor[*isms.CommunicationItem](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/communication-items/{id}", Access: Member, Handler: s.apiCommunicationDelete,
		ID: "deleteCommunicationItem", Tag: "Communication", Summary: "Remove a planned communication",
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/communication-items/{id}/records", Access: Member, Handler: s.apiCommunicationRecord,
		ID: "recordCommunication", Tag: "Communication", Summary: "Record that a planned communication took place",
		Body: reflect.TypeFor[communicationRecordRequest](), Result: reflect.TypeFor[*isms.CommunicationRecord](), Status: http.StatusCreated,
	}}
}

// communicationRequest is a new line of the communication plan.
type communicationRequest struct {
	Topic         string  `json:"topic" doc:"What is communicated."`
	Audience      string  `json:"audience" doc:"With whom."`
	Frequency     string  `json:"frequency" doc:"When or how often."`
	Channel       string  `json:"channel" doc:"How."`
	ResponsibleID isms.ID `json:"responsibleId,omitempty" doc:"The member who communicates."`
	Notes         string  `json:"notes,omitempty"`
}

// communicationUpdateRequest replaces a line of the plan.
type communicationUpdateRequest struct {
	communicationRequest
	Version int `json:"version" doc:"The item's version the change was made against."`
}

func (in communicationRequest) input() app.CommunicationInput {
	return app.CommunicationInput{Topic: in.Topic, Audience: in.Audience, Frequency: in.Frequency, Channel: in.Channel,
		ResponsibleID: string(in.ResponsibleID), Notes: in.Notes}
}

// communicationRecordRequest records a communication held.
type communicationRecordRequest struct {
	HeldOn     string  `json:"heldOn" doc:"YYYY-MM-DD."`
	Summary    string  `json:"summary,omitempty"`
	EvidenceID isms.ID `json:"evidenceId,omitempty" doc:"The evidence item that shows it."`
}

// communicationDetailAPI is a planned communication with its records.
type communicationDetailAPI struct {
	Item    *isms.CommunicationItem     `json:"item"`
	Records []*isms.CommunicationRecord `json:"records" openapi:"nonnull" doc:"Newest first."`
}

func (communicationDetailAPI) schemaName() string { return "CommunicationDetail" }

// communicationFields maps the names app gives the item's fields to the API's.
var communicationFields = map[string]string{"responsible": "responsibleId"}

func (s *Server) apiCommunicationList(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	sort := queryOneOf(r, p, "sort", communicationSortKeys...)
	limit, offset := apiPaging(r, p)
	return apiList(p, limit, offset, func() ([]*isms.CommunicationItem, int, error) {
		return s.app.FindCommunicationItems(r.Context(), actor(r), r.URL.Query().Get("q"), sort, limit, offset)
	})
}

func (s *Server) apiCommunicationCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in communicationRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	c, err := s.app.CreateCommunicationItem(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, renameFields(err, communicationFields)
	}
	return created(c), nil
}

func (s *Server) apiCommunicationGet(w http.ResponseWriter, r *http.Request) (any, error) {
	d, err := s.app.FindCommunicationItem(r.Context(), actor(r), pathID(r))
	if err != nil {
		return nil, err
	}
	out := communicationDetailAPI{Item: d.Item, Records: d.Records}
	if out.Records == nil {
		out.Records = []*isms.CommunicationRecord{}
	}
	return out, nil
}

func (s *Server) apiCommunicationUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in communicationUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	c, err := s.app.UpdateCommunicationItem(r.Context(), actor(r), pathID(r), in.Version, in.input())
	if err != nil {
		return nil, renameFields(err, communicationFields)
	}
	return c, nil
}

func (s *Server) apiCommunicationDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteCommunicationItem(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiCommunicationRecord(w http.ResponseWriter, r *http.Request) (any, error) {
	var in communicationRecordRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	rec, err := s.app.RecordCommunication(r.Context(), actor(r), pathID(r), app.CommunicationRecordInput{
		HeldOn: in.HeldOn, Summary: in.Summary, EvidenceID: string(in.EvidenceID)})
	if err != nil {
		return nil, err
	}
	return created(rec), nil
}

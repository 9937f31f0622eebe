// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/isms"
)

// A member's own acknowledgements in the API: every member, employees
// included, reads what they must acknowledge and acknowledges it.

func (s *Server) acknowledgementOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/me/acknowledgements", Access: Member, Handler: s.apiPendingAcknowledgements,
		ID: "listMyPendingAcknowledgements", Tag: "Awareness", Summary: "What the caller must still acknowledge",
		Description: "Every document version the organization's open campaigns ask the caller to read and acknowledge and they have not yet, by due date. Every item is in the one page.",
		Result:      reflect.TypeFor[page[isms.PendingAcknowledgement]](),
	}, {
		Pattern: "POST /api/v1/campaigns/{id}/acknowledgements", Access: Member, Handler: s.apiAcknowledge,
		ID: "acknowledge", Tag: "Awareness", Summary: "Acknowledge a document version",
		Description: "Records that the caller read and understood the version, which must be one the campaign asks of them. Acknowledging the last one completes their campaign task. A second acknowledgement of the same version is a 409.",
		Body:        reflect.TypeFor[acknowledgeRequest](), Result: reflect.TypeFor[*isms.Acknowledgement](), Status: http.StatusCreated,
		Errors: []int{http.StatusConflict},
	}}
}

// acknowledgeRequest names the version acknowledged.
type acknowledgeRequest struct {
	VersionID isms.ID `json:"versionId" doc:"The document version asked for, as listed in the caller's pending acknowledgements."`
}

func (s *Server) apiPendingAcknowledgements(w http.ResponseWriter, r *http.Request) (any, error) {
	list, err := s.app.PendingAcknowledgements(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	return newPage(list, len(list), max(len(list), 1), 0), nil
}

func (s *Server) apiAcknowledge(w http.ResponseWriter, r *http.Request) (any, error) {
	var in acknowledgeRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	if in.VersionID == "" {
		return nil, isms.Problems{"versionId": "Say which document version you acknowledge."}.Err()
	}
	a, err := s.app.Acknowledge(r.Context(), actor(r), pathID(r), in.VersionID)
	if err != nil {
		return nil, err
	}
	return created(a), nil
}

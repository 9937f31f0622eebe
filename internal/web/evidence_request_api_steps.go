// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/isms"
)

// The steps of an evidence request in the API: the owner answers with
// evidence items; the auditor accepts, asks again or cancels.

func (s *Server) requestStepOperations() []apiOperation {
	step := func(path, id, summary, doc string, h apiHandler, body reflect.Type) apiOperation {
		return apiOperation{Pattern: "POST /api/v1/evidence-requests/{id}/" + path, Access: Member, Handler: h, ID: id, Tag: certificationTag,
			Summary: summary, Description: doc + " version must be the request's current version; a request in another status is a 409.",
			Body: body, Result: reflect.TypeFor[*isms.EvidenceRequest](), Errors: []int{http.StatusConflict}}
	}
	return []apiOperation{
		step("answer", "answerEvidenceRequest", "Answer an evidence request", "The owner, or anyone who may edit evidence, attaches "+
			"evidence items (at least one) to an open request, with a note; the owner's task is completed and the request is answered. "+
			"Upload a new file first with createEvidence.", s.apiRequestAnswer, reflect.TypeFor[requestAnswerRequest]()),
		step("accept", "acceptEvidenceRequest", "Accept the answer", "The auditor accepts an answered request.",
			s.apiRequestAccept, reflect.TypeFor[requestNoteRequest]()),
		step("ask-again", "askAgainForEvidence", "Ask again", "The auditor reopens an answered request with what is still missing "+
			"and a new due date; the owner gets a new task.", s.apiRequestAskAgain, reflect.TypeFor[requestAgainRequest]()),
		step("cancel", "cancelEvidenceRequest", "Cancel an evidence request", "The auditor withdraws an open or answered request; "+
			"the owner's task is cancelled.", s.apiRequestCancel, reflect.TypeFor[requestNoteRequest]()),
	}
}

// requestAnswerRequest answers a request.
type requestAnswerRequest struct {
	Text     string    `json:"text,omitempty" doc:"What the evidence shows, or where in it to look."`
	Evidence []isms.ID `json:"evidence" doc:"IDs of the organization's evidence items to attach."`
	Version  int       `json:"version"`
}

// requestNoteRequest accepts or cancels a request, with a note.
type requestNoteRequest struct {
	Text    string `json:"text,omitempty"`
	Version int    `json:"version"`
}

// requestAgainRequest asks again.
type requestAgainRequest struct {
	Text    string `json:"text" doc:"What is still missing."`
	DueOn   string `json:"dueOn" doc:"The new due date, YYYY-MM-DD."`
	Version int    `json:"version"`
}

// requestStepCall decodes the body of a step into in and runs it on the
// path's request.
func requestStepCall[T any](s *Server, r *http.Request, in *T, run func(id isms.ID) (*isms.EvidenceRequest, error)) (any, error) {
	if err := decodeJSON(r, in); err != nil {
		return nil, err
	}
	v, err := s.app.FindEvidenceRequest(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	x, err := run(v.EvidenceRequest.ID)
	if err != nil {
		return nil, err
	}
	return x, nil
}

func (s *Server) apiRequestAnswer(w http.ResponseWriter, r *http.Request) (any, error) {
	var in requestAnswerRequest
	return requestStepCall(s, r, &in, func(id isms.ID) (*isms.EvidenceRequest, error) {
		return s.app.AnswerEvidenceRequest(r.Context(), actor(r), id, in.Version, in.Text, in.Evidence)
	})
}

func (s *Server) apiRequestAccept(w http.ResponseWriter, r *http.Request) (any, error) {
	var in requestNoteRequest
	return requestStepCall(s, r, &in, func(id isms.ID) (*isms.EvidenceRequest, error) {
		return s.app.AcceptEvidenceRequest(r.Context(), actor(r), id, in.Version, in.Text)
	})
}

func (s *Server) apiRequestAskAgain(w http.ResponseWriter, r *http.Request) (any, error) {
	var in requestAgainRequest
	return requestStepCall(s, r, &in, func(id isms.ID) (*isms.EvidenceRequest, error) {
		return s.app.AskAgain(r.Context(), actor(r), id, in.Version, in.Text, in.DueOn)
	})
}

func (s *Server) apiRequestCancel(w http.ResponseWriter, r *http.Request) (any, error) {
	var in requestNoteRequest
	return requestStepCall(s, r, &in, func(id isms.ID) (*isms.EvidenceRequest, error) {
		return s.app.CancelEvidenceRequest(r.Context(), actor(r), id, in.Version, in.Text)
	})
}

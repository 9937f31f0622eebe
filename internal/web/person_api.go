// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// People and their training records in the API.

func (s *Server) personOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/people", Access: Member, Handler: s.apiPersonList,
		ID: "listPeople", Tag: "People", Summary: "List people",
		Description: "The people whose competence the ISMS tracks, with the number of competence gaps each has today. People who left are left out unless inactive=true.",
		Params: append([]apiParam{
			stringParam("q", "Search in name, e-mail address and department."),
			stringParam("role", "Only people holding this ISMS role (case-insensitive)."),
			stringParam("department", "Only people of this department."),
			enumParam("gaps", "true: only people with a competence gap today.", "true", "false"),
			enumParam("inactive", "true: include people who left.", "true", "false"),
			enumParam("sort", "Sort key; a leading - sorts descending. Default name.", personSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Person]](),
	}, {
		Pattern: "POST /api/v1/people", Access: Member, Handler: s.apiPersonCreate,
		ID: "createPerson", Tag: "People", Summary: "Add a person",
		Description: "Needs the right to manage people. The e-mail address and the account must not be another person's.",
		Body:        reflect.TypeFor[personRequest](), Result: reflect.TypeFor[*isms.Person](), Status: http.StatusCreated,
	}, {
		Pattern: "GET /api/v1/people/{id}", Access: Member, Handler: s.apiPersonGet,
		ID: "getPerson", Tag: "People", Summary: "Read a person with their training records and gaps",
		Result: reflect.TypeFor[personDetailAPI](),
	}, {
		Pattern: "PUT /api/v1/people/{id}", Access: Member, Handler: s.apiPersonUpdate,
		ID: "updatePerson", Tag: "People", Summary: "Replace a person",
		Description: "Every field is replaced. version must be the person's current version (409 otherwise).",
		Body:        reflect.TypeFor[personUpdateRequest](), Result: reflect.TypeFor[*isms.Person](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/people/{id}", Access: Member, Handler: s.apiPersonDelete,
		ID: "deletePerson", Tag: "People", Summary: "Remove a person",
		Description: "Removes the person with their training records.",
		Errors:      []int{http.StatusConflict},
	}, {
		Pattern: "POST /api/v1/people/{id}/training-records", Access: Member, Handler: s.apiTrainingCreate,
		ID: "createTrainingRecord", Tag: "People", Summary: "Record training of a person",
		Description: "Needs the right to manage people. A record that meets a requirement closes the gap it leaves until it expires.",
		Body:        reflect.TypeFor[trainingRequest](), Result: reflect.TypeFor[*isms.TrainingRecord](), Status: http.StatusCreated,
	}, {
		Pattern: "DELETE /api/v1/training-records/{id}", Access: Member, Handler: s.apiTrainingDelete,
		ID: "deleteTrainingRecord", Tag: "People", Summary: "Delete a training record",
	}}
}

// personRequest is a new person.
type personRequest struct {
	Name       string   `json:"name"`
	Email      string   `json:"email,omitempty"`
	UserID     isms.ID  `json:"userId,omitempty" doc:"The member account of the person, when they have one."`
	Department string   `json:"department,omitempty"`
	Roles      []string `json:"roles,omitempty" doc:"The ISMS roles they hold, named as competence requirements name them."`
	StartDate  string   `json:"startDate,omitempty" doc:"YYYY-MM-DD."`
	Active     *bool    `json:"active,omitempty" doc:"false for someone who left; true when absent."`
}

// personUpdateRequest replaces a person.
type personUpdateRequest struct {
	personRequest
	Version int `json:"version" doc:"The person's version the change was made against."`
}

func (in personRequest) input() app.PersonInput {
	return app.PersonInput{Name: in.Name, Email: in.Email, UserID: string(in.UserID), Department: in.Department,
		StartDate: in.StartDate, Roles: in.Roles, Active: in.Active == nil || *in.Active}
}

// personDetailAPI is a person with their records, gaps and account.
type personDetailAPI struct {
	Person  *isms.Person           `json:"person"`
	Records []*isms.TrainingRecord `json:"trainingRecords" openapi:"nonnull" doc:"Newest first."`
	Gaps    []isms.CompetenceGap   `json:"gaps" openapi:"nonnull" doc:"The requirements of their roles that no valid record meets today."`
	Account *isms.Member           `json:"account,omitempty" doc:"Their member account, when they have one."`
}

func (personDetailAPI) schemaName() string { return "PersonDetail" }

// trainingRequest is a new training record.
type trainingRequest struct {
	Course        string  `json:"course,omitempty" doc:"The course or qualification; the requirement's name when empty."`
	RequirementID isms.ID `json:"requirementId,omitempty" doc:"The competence requirement it meets."`
	CompletedOn   string  `json:"completedOn" doc:"YYYY-MM-DD."`
	ExpiresOn     string  `json:"expiresOn,omitempty" doc:"YYYY-MM-DD; absent when it does not expire."`
	EvidenceID    isms.ID `json:"evidenceId,omitempty" doc:"The evidence item that shows it."`
	Notes         string  `json:"notes,omitempty"`
}

func (s *Server) apiPersonList(w http.ResponseWriter, r *http.Request) (any, error) {
	q, p := r.URL.Query(), isms.Problems{}
	f := isms.PersonFilter{Search: q.Get("q"), Role: q.Get("role"), Department: q.Get("department"),
		WithGaps: queryOneOf(r, p, "gaps", "true", "false") == "true", Inactive: queryOneOf(r, p, "inactive", "true", "false") == "true",
		Sort: queryOneOf(r, p, "sort", personSortKeys...)}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.Person, int, error) {
		return s.app.FindPeople(r.Context(), actor(r), f)
	})
}

func (s *Server) apiPersonCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in personRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	p, err := s.app.CreatePerson(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	return created(p), nil
}

func (s *Server) apiPersonGet(w http.ResponseWriter, r *http.Request) (any, error) {
	d, err := s.app.FindPerson(r.Context(), actor(r), pathID(r))
	if err != nil {
		return nil, err
	}
	out := personDetailAPI{Person: d.Person, Records: d.Records, Gaps: d.Gaps, Account: d.User}
	if out.Records == nil {
		out.Records = []*isms.TrainingRecord{}
	}
	if out.Gaps == nil {
		out.Gaps = []isms.CompetenceGap{}
	}
	return out, nil
}

func (s *Server) apiPersonUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in personUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.app.UpdatePerson(r.Context(), actor(r), pathID(r), in.Version, in.input())
}

func (s *Server) apiPersonDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeletePerson(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiTrainingCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in trainingRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	if _, err := s.app.FindPerson(r.Context(), actor(r), pathID(r)); err != nil {
		return nil, err
	}
	t, err := s.app.AddTrainingRecord(r.Context(), actor(r), app.TrainingInput{PersonID: string(pathID(r)),
		RequirementID: string(in.RequirementID), Course: in.Course, CompletedOn: in.CompletedOn, ExpiresOn: in.ExpiresOn,
		EvidenceID: string(in.EvidenceID), Notes: in.Notes})
	if err != nil {
		return nil, err
	}
	return created(t), nil
}

func (s *Server) apiTrainingDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteTrainingRecord(r.Context(), actor(r), pathID(r))
}

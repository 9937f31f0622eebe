// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Competence requirements and gaps in the API.

func (s *Server) competenceOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/competence-requirements", Access: Member, Handler: s.apiCompetenceRequirementList,
		ID: "listCompetenceRequirements", Tag: "People", Summary: "List competence requirements",
		Description: "What each ISMS role requires, by role. Every requirement is in the one page.",
		Result:      reflect.TypeFor[page[*isms.CompetenceRequirement]](),
	}, {
		Pattern: "POST /api/v1/competence-requirements", Access: Member, Handler: s.apiCompetenceRequirementCreate,
		ID: "createCompetenceRequirement", Tag: "People", Summary: "Add a competence requirement",
		Description: "Needs the right to manage people.",
		Body:        reflect.TypeFor[requirementRequest](), Result: reflect.TypeFor[*isms.CompetenceRequirement](), Status: http.StatusCreated,
	}, {
		Pattern: "PUT /api/v1/competence-requirements/{id}", Access: Member, Handler: s.apiCompetenceRequirementUpdate,
		ID: "updateCompetenceRequirement", Tag: "People", Summary: "Replace a competence requirement",
		Description: "version must be the requirement's current version (409 otherwise).",
		Body:        reflect.TypeFor[requirementUpdateRequest](), Result: reflect.TypeFor[*isms.CompetenceRequirement](), Errors: []int{http.StatusConflict},
	}, {
		Pattern: "DELETE /api/v1/competence-requirements/{id}", Access: Member, Handler: s.apiCompetenceRequirementDelete,
		ID: "deleteCompetenceRequirement", Tag: "People", Summary: "Delete a competence requirement",
		Errors: []int{http.StatusConflict},
	}, {
		Pattern: "GET /api/v1/competence-gaps", Access: Member, Handler: s.apiGapList,
		ID: "listCompetenceGaps", Tag: "People", Summary: "List competence gaps",
		Description: "For each active person, every requirement of their roles that no training record valid today meets; expired tells a lapsed record from a missing one. Every gap is in the one page.",
		Result:      reflect.TypeFor[page[isms.CompetenceGap]](),
	}, {
		Pattern: "POST /api/v1/competence-gaps/tasks", Access: Member, Handler: s.apiGapTask,
		ID: "createCompetenceGapTask", Tag: "People", Summary: "Create a task to close a competence gap",
		Description: "Needs the right to manage people. The task concerns the person; without ownerId it goes to the person's own account, without due it is due in 30 days.",
		Body:        reflect.TypeFor[gapTaskRequest](), Result: reflect.TypeFor[*isms.Task](), Status: http.StatusCreated,
	}}
}

// requirementRequest is a new competence requirement.
type requirementRequest struct {
	Role        string `json:"role" doc:"The ISMS role, as people's records name it."`
	Skill       string `json:"skill" doc:"What the role requires."`
	Description string `json:"description,omitempty"`
}

// requirementUpdateRequest replaces a competence requirement.
type requirementUpdateRequest struct {
	requirementRequest
	Version int `json:"version" doc:"The requirement's version the change was made against."`
}

func (in requirementRequest) input() app.RequirementInput {
	return app.RequirementInput{Role: in.Role, Skill: in.Skill, Description: in.Description}
}

// gapTaskRequest asks for a task to close one gap.
type gapTaskRequest struct {
	PersonID      isms.ID `json:"personId"`
	RequirementID isms.ID `json:"requirementId"`
	OwnerID       isms.ID `json:"ownerId,omitempty" doc:"The member who arranges the training; the person's own account when absent."`
	Due           string  `json:"due,omitempty" doc:"YYYY-MM-DD; in 30 days when absent."`
}

func (s *Server) apiCompetenceRequirementList(w http.ResponseWriter, r *http.Request) (any, error) {
	list, err := s.app.CompetenceRequirements(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	return newPage(list, len(list), max(len(list), 1), 0), nil
}

func (s *Server) apiCompetenceRequirementCreate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in requirementRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	q, err := s.app.CreateCompetenceRequirement(r.Context(), actor(r), in.input())
	if err != nil {
		return nil, err
	}
	return created(q), nil
}

func (s *Server) apiCompetenceRequirementUpdate(w http.ResponseWriter, r *http.Request) (any, error) {
	var in requirementUpdateRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.app.UpdateCompetenceRequirement(r.Context(), actor(r), pathID(r), in.Version, in.input())
}

func (s *Server) apiCompetenceRequirementDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteCompetenceRequirement(r.Context(), actor(r), pathID(r))
}

func (s *Server) apiGapList(w http.ResponseWriter, r *http.Request) (any, error) {
	list, err := s.app.CompetenceGaps(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	return newPage(list, len(list), max(len(list), 1), 0), nil
}

func (s *Server) apiGapTask(w http.ResponseWriter, r *http.Request) (any, error) {
	var in gapTaskRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	t, err := s.app.CloseGapTask(r.Context(), actor(r), in.PersonID, in.RequirementID, in.OwnerID, in.Due)
	if err != nil {
		return nil, renameFields(err, map[string]string{"owner": "ownerId"})
	}
	return created(t), nil
}

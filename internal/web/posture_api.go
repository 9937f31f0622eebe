// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

func (s *Server) postureOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/posture", Access: Member, Handler: s.apiPosture,
		ID: "getPosture", Tag: "Posture", Summary: "The posture of every framework",
		Description: "For each framework of the organization, by name: how many assessable requirements are covered, partly covered, not covered and not applicable, overall and per top-level group, with the inferred coverage apart.",
		Result:      reflect.TypeFor[postureListAPI](),
	}, {
		Pattern: "GET /api/v1/frameworks/{id}/posture", Access: Member, Handler: s.apiFrameworkPosture,
		ID: "getFrameworkPosture", Tag: "Posture", Summary: "The posture of one framework",
		Description: "As getPosture, for one framework.",
		Result:      reflect.TypeFor[frameworkPostureAPI](),
	}}
}

// postureListAPI is the posture of every framework.
type postureListAPI struct {
	Items []frameworkPostureAPI `json:"items" openapi:"nonnull"`
}

func (postureListAPI) schemaName() string { return "PostureList" }

// frameworkPostureAPI is one framework's posture.
type frameworkPostureAPI struct {
	Framework *isms.Framework    `json:"framework"`
	Counts    isms.PostureCounts `json:"counts"`
	Percent   int                `json:"percent" doc:"Covered requirements as a whole percentage of the applicable assessable ones, rounded down."`
	Groups    []groupPostureAPI  `json:"groups" openapi:"nonnull" doc:"Per top-level group, in the framework's order."`
}

func (frameworkPostureAPI) schemaName() string { return "FrameworkPosture" }

// groupPostureAPI is one top-level group's posture.
type groupPostureAPI struct {
	Ref     string             `json:"ref"`
	Title   string             `json:"title"`
	Counts  isms.PostureCounts `json:"counts"`
	Percent int                `json:"percent"`
}

func (groupPostureAPI) schemaName() string { return "GroupPosture" }

func newFrameworkPostureAPI(fp *app.FrameworkPosture) frameworkPostureAPI {
	out := frameworkPostureAPI{Framework: fp.Framework, Counts: fp.Counts, Percent: fp.Counts.Percent(), Groups: []groupPostureAPI{}}
	for _, g := range fp.Groups {
		out.Groups = append(out.Groups, groupPostureAPI{Ref: g.Ref, Title: g.Title, Counts: g.Counts, Percent: g.Counts.Percent()})
	}
	return out
}

func (s *Server) apiPosture(w http.ResponseWriter, r *http.Request) (any, error) {
	all, err := s.app.Posture(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	out := postureListAPI{Items: []frameworkPostureAPI{}}
	for i := range all {
		out.Items = append(out.Items, newFrameworkPostureAPI(&all[i]))
	}
	return out, nil
}

func (s *Server) apiFrameworkPosture(w http.ResponseWriter, r *http.Request) (any, error) {
	fp, err := s.app.FrameworkPosture(r.Context(), actor(r), pathID(r))
	if err != nil {
		return nil, err
	}
	return newFrameworkPostureAPI(fp), nil
}

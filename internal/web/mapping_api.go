// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

func (s *Server) mappingOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/mapping-sets", Access: Member, Handler: s.apiMappingSetList,
		ID: "listMappingSets", Tag: "Frameworks", Summary: "List mapping sets",
		Description: "Every mapping set of the caller's organization, with its frameworks and how many mappings it holds; the list is never paginated.",
		Result:      reflect.TypeFor[page[*isms.MappingSet]](),
	}, {
		Pattern: "POST /api/v1/mapping-sets", Access: Member, Handler: s.apiMappingSetImport,
		ID: "importMappingSet", Tag: "Frameworks", Summary: "Import a mapping file",
		Description: "The request body is the file: our YAML or CSV mapping format, NIST's SP 800-53 ↔ ISO/IEC 27001 CSV, or an OSCAL mapping collection (JSON). " +
			"source and target name the frameworks (ID or key) where the file names none, and override the file otherwise. " +
			"References that neither framework holds are a 422 naming each with its line; nothing is stored then. " +
			"Controls linked to one side's requirements are then proposed, as inferred links, for the other side's.",
		Params: []apiParam{
			stringParam("name", "The file's name, such as nist-iso.csv; without it, the Content-Type must tell the format (application/yaml, text/csv, application/json)."),
			stringParam("source", "The source framework, by ID or key."),
			stringParam("target", "The target framework, by ID or key."),
			stringParam("unknown", "skip: leave out the entries whose references are not in their framework (reported as skipped) instead of refusing the file."),
		},
		Upload: importBodies, Result: reflect.TypeFor[*isms.MappingSet](), Status: http.StatusCreated,
		Errors: []int{http.StatusRequestEntityTooLarge},
	}, {
		Pattern: "GET /api/v1/mapping-sets/{id}", Access: Member, Handler: s.apiMappingSetGet,
		ID: "getMappingSet", Tag: "Frameworks", Summary: "Read a mapping set and a page of its mappings",
		Params: pagingParams, Result: reflect.TypeFor[mappingSetAPI](),
	}, {
		Pattern: "DELETE /api/v1/mapping-sets/{id}", Access: Member, Handler: s.apiMappingSetDelete,
		ID: "deleteMappingSet", Tag: "Frameworks", Summary: "Delete a mapping set",
		Description: "Deletes the set and its mappings; the frameworks and control links stay.",
	}}
}

// mappingSetAPI is a mapping set with a page of its mappings.
type mappingSetAPI struct {
	Set      *isms.MappingSet   `json:"set" openapi:"nonnull"`
	Mappings page[isms.Mapping] `json:"mappings"`
}

func (mappingSetAPI) schemaName() string { return "MappingSetDetail" }

func (s *Server) apiMappingSetList(w http.ResponseWriter, r *http.Request) (any, error) {
	sets, err := s.app.FindMappingSets(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	return newPage(sets, len(sets), len(sets), 0), nil
}

// frameworkParam resolves query parameter name, a framework's ID or key,
// recording a problem in p when the organization has no such framework.
func (s *Server) frameworkParam(r *http.Request, p isms.Problems, name string) (isms.ID, error) {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		return "", nil
	}
	fw, err := s.app.FindFramework(r.Context(), actor(r), v)
	switch {
	case isCode(err, isms.NotFound):
		p.Add(name, "There is no framework "+v+" in this organization.")
		return "", nil
	case err != nil:
		return "", err
	}
	return fw.ID, nil
}

func (s *Server) apiMappingSetImport(w http.ResponseWriter, r *http.Request) (any, error) {
	a, p := actor(r), isms.Problems{}
	if err := s.app.Authorize(a, isms.ManageFrameworks, "You may not import mappings."); err != nil {
		return nil, err
	}
	name := uploadName(r)
	if name == "" {
		p.Add("name", "Give the file's name, such as ?name=mapping.yaml, or a Content-Type that tells its format.")
	}
	source, err := s.frameworkParam(r, p, "source")
	if err != nil {
		return nil, err
	}
	target, err := s.frameworkParam(r, p, "target")
	if err != nil {
		return nil, err
	}
	if u := r.URL.Query().Get("unknown"); u != "" && u != "skip" {
		p.Add("unknown", "unknown must be skip, or left out to refuse a file with unknown references.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	data, err := s.readBody(w, r)
	if err != nil {
		return nil, err
	}
	mf, err := s.app.ReadMappingFile(name, data)
	if err != nil {
		return nil, err
	}
	set, err := s.app.ImportMappings(r.Context(), a, app.MappingImport{File: mf, SourceFile: name,
		SourceFrameworkID: source, TargetFrameworkID: target, SkipUnknown: r.URL.Query().Get("unknown") == "skip"})
	if err != nil {
		return nil, err
	}
	return created(set), nil
}

func (s *Server) apiMappingSetGet(w http.ResponseWriter, r *http.Request) (any, error) {
	p := isms.Problems{}
	limit, offset := apiPaging(r, p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	set, ms, total, err := s.app.FindMappingSet(r.Context(), actor(r), pathID(r), limit, offset)
	if err != nil {
		return nil, err
	}
	return mappingSetAPI{Set: set, Mappings: newPage(ms, total, limit, offset)}, nil
}

func (s *Server) apiMappingSetDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	return noContent, s.app.DeleteMappingSet(r.Context(), actor(r), pathID(r))
}

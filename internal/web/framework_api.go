// SPDX-License-Identifier: Apache-2.0

package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
)

// frameworkSortKeys are the framework list's sort keys.
var frameworkSortKeys = sortValues("name", "key", "updated")

func (s *Server) frameworkOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/frameworks", Access: Member, Handler: s.apiFrameworkList,
		ID: "listFrameworks", Tag: "Frameworks", Summary: "List frameworks",
		Description: "The frameworks of the caller's organization, with their requirement counts.",
		Params: append([]apiParam{
			stringParam("q", "Words in the key or name."),
			enumParam("sort", "Sort key; a leading - sorts descending. Default name.", frameworkSortKeys...),
		}, pagingParams...),
		Result: reflect.TypeFor[page[*isms.Framework]](),
	}, {
		Pattern: "POST /api/v1/frameworks", Access: Member, Handler: s.apiFrameworkImport,
		ID: "importFramework", Tag: "Frameworks", Summary: "Import a framework file, or preview the import",
		Description: "The request body is the file: our YAML, CSV or XLSX format, or an OSCAL catalog or resolved profile (JSON, YAML or XML). " +
			"Its format is told by the name's extension and its content. A framework with the same key is updated in place, keeping the control links of the requirements that remain; " +
			"the same content imported again changes nothing. With preview=true nothing is stored and the answer says what the import would change. " +
			"A file that cannot be read is a 422 whose message lists every problem as file:line:col: at path: message.",
		Params: []apiParam{
			stringParam("name", "The file's name, such as acme.yaml; its extension helps tell the format. Without it, the Content-Type must tell: application/yaml, text/csv, application/json, application/xml or the XLSX type."),
			enumParam("preview", "true: read and compare, store nothing.", "true", "false"),
			stringParam("key", "Replaces the framework key the file gives or implies."),
		},
		Upload: importBodies, Result: reflect.TypeFor[frameworkImportAPI](),
		Errors: []int{http.StatusRequestEntityTooLarge},
	}, {
		Pattern: "GET /api/v1/frameworks/{id}", Access: Member, Handler: s.apiFrameworkGet,
		ID: "getFramework", Tag: "Frameworks", Summary: "Read a framework",
		Description: "{id} is the framework's ID or its key, such as iso27001-2022.",
		Result:      reflect.TypeFor[*isms.Framework](),
	}, {
		Pattern: "GET /api/v1/frameworks/{id}/requirements", Access: Member, Handler: s.apiRequirementList,
		ID: "listRequirements", Tag: "Frameworks", Summary: "List a framework's requirements",
		Description: "The requirements in document order, each with its coverage by the organization's controls. {id} is the framework's ID or key.",
		Params: append([]apiParam{
			stringParam("q", "Words in the reference, title or description."),
			enumParam("kind", "Only requirements of this kind.", enumStrings(isms.RequirementKinds...)...),
			stringParam("attr", "Only requirements whose attribute holds a value, as name:value (control_type:Preventive)."),
			stringParam("group", "Only requirements under this top-level group, by reference (A.8)."),
			enumParam("assessable", "Only assessable requirements (true) or only the others (false).", "true", "false"),
		}, pagingParams...),
		Result: reflect.TypeFor[page[requirementAPI]](),
	}, {
		Pattern: "GET /api/v1/frameworks/{id}/export", Access: Member, Handler: s.apiFrameworkExport,
		ID: "exportFramework", Tag: "Frameworks", Summary: "Export a framework",
		Description: "The framework as a file, always as an attachment: our YAML (the default) or CSV format, which import again as they are, or an OSCAL 1.1.3 catalog in JSON.",
		Params:      []apiParam{enumParam("format", "yaml (default), csv or oscal.", "yaml", "csv", "oscal")},
		Download: map[string]any{"content": map[string]any{
			"application/yaml": map[string]any{"schema": schemaObj{"type": "string"}},
			"text/csv":         map[string]any{"schema": schemaObj{"type": "string"}},
			"application/json": map[string]any{"schema": schemaObj{"type": "object"}},
		}},
	}, {
		Pattern: "DELETE /api/v1/frameworks/{id}", Access: Member, Handler: s.apiFrameworkDelete,
		ID: "deleteFramework", Tag: "Frameworks", Summary: "Delete a framework",
		Description: "Deletes the framework with its requirements, their control links and the mapping sets that touch it. The controls themselves stay.",
	}, {
		Pattern: "GET /api/v1/requirements/{id}", Access: Member, Handler: s.apiRequirementGet,
		ID: "getRequirement", Tag: "Frameworks", Summary: "Read a requirement with its controls and mappings",
		Result: reflect.TypeFor[requirementDetailAPI](),
	}}
}

// importBodies describes the raw file bodies of the import operations.
func importBodies(*schemaGen) map[string]any {
	out := map[string]any{"application/octet-stream": map[string]any{"schema": binarySchema()}}
	for mt := range uploadNames {
		out[mt] = map[string]any{"schema": binarySchema()}
	}
	return out
}

// frameworkImportAPI is the answer to an import or its preview.
type frameworkImportAPI struct {
	Framework    isms.Framework        `json:"framework" doc:"The framework as stored; in a preview, the file's metadata."`
	Requirements int                   `json:"requirements" doc:"How many requirements the file holds."`
	Stored       bool                  `json:"stored" doc:"False for a preview, and when the same content had been imported before."`
	Change       *isms.FrameworkChange `json:"change" openapi:"nonnull"`
}

func (frameworkImportAPI) schemaName() string { return "FrameworkImport" }

// requirementAPI is a requirement with its coverage.
type requirementAPI struct {
	*isms.Requirement
	Coverage         isms.Coverage `json:"coverage" doc:"From the confirmed control links; meaningful for assessable requirements."`
	InferredCoverage isms.Coverage `json:"inferredCoverage" doc:"What the inferred links alone would give."`
	Controls         int           `json:"controls" doc:"Controls linked (confirmed)."`
}

func (requirementAPI) schemaName() string { return "RequirementRow" }

// requirementDetailAPI is a requirement with its place in the tree, its
// control links and its mappings.
type requirementDetailAPI struct {
	Requirement      *isms.Requirement   `json:"requirement"`
	Framework        *isms.Framework     `json:"framework"`
	Parent           *isms.Requirement   `json:"parent,omitempty"`
	Children         []*isms.Requirement `json:"children" openapi:"nonnull"`
	Links            []isms.ControlLink  `json:"links" openapi:"nonnull" doc:"Controls linked to it, confirmed and inferred."`
	Mappings         []isms.Mapping      `json:"mappings" openapi:"nonnull" doc:"Mappings to and from requirements of other frameworks."`
	Coverage         isms.Coverage       `json:"coverage"`
	InferredCoverage isms.Coverage       `json:"inferredCoverage"`
}

func (requirementDetailAPI) schemaName() string { return "RequirementDetail" }

func (s *Server) apiFrameworkList(w http.ResponseWriter, r *http.Request) (any, error) {
	a, p := actor(r), isms.Problems{}
	f := isms.FrameworkFilter{OrgID: a.OrgID, Search: r.URL.Query().Get("q"), Sort: queryOneOf(r, p, "sort", frameworkSortKeys...)}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]*isms.Framework, int, error) {
		return s.app.FindFrameworks(r.Context(), a, f)
	})
}

// uploadNames are the file names assumed for raw uploads without ?name=,
// by their Content-Type.
var uploadNames = map[string]string{
	"application/yaml": "upload.yaml", "application/x-yaml": "upload.yaml", "text/yaml": "upload.yaml",
	"text/csv": "upload.csv", "application/json": "upload.json", "application/xml": "upload.xml", "text/xml": "upload.xml",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "upload.xlsx",
}

// uploadName is the name of a raw upload: the query's name, or one that
// its Content-Type implies; "" when neither tells.
func uploadName(r *http.Request) string {
	if name := strings.TrimSpace(r.URL.Query().Get("name")); name != "" {
		return name
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return uploadNames[mt]
}

// readBody reads the raw request body, up to the upload limit.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.app.MaxUpload()))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, s.app.TooLarge()
	}
	return data, err
}

func (s *Server) apiFrameworkImport(w http.ResponseWriter, r *http.Request) (any, error) {
	a, q, p := actor(r), r.URL.Query(), isms.Problems{}
	if err := s.app.Authorize(a, isms.ManageFrameworks, "You may not import frameworks."); err != nil {
		return nil, err
	}
	name := uploadName(r)
	if name == "" {
		p.Add("name", "Give the file's name, such as ?name=acme.yaml, or a Content-Type that tells its format.")
	}
	preview := queryOneOf(r, p, "preview", "true", "false") == "true"
	if err := p.Err(); err != nil {
		return nil, err
	}
	data, err := s.readBody(w, r)
	if err != nil {
		return nil, err
	}
	fw, err := s.app.ReadFrameworkFile(name, data, catalog.ReadOptions{Key: strings.TrimSpace(q.Get("key"))})
	if err != nil {
		return nil, err
	}
	out := frameworkImportAPI{Framework: fw.Meta, Requirements: len(fw.Requirements)}
	if preview {
		out.Change, err = s.app.PreviewFrameworkImport(r.Context(), a, fw)
		return out, err
	}
	stored, change, err := s.app.ImportFramework(r.Context(), a, fw)
	if err != nil {
		return nil, err
	}
	out.Framework, out.Change, out.Stored = *stored, change, !change.Unchanged
	return out, nil
}

func (s *Server) apiFrameworkGet(w http.ResponseWriter, r *http.Request) (any, error) {
	return s.app.FindFramework(r.Context(), actor(r), r.PathValue("id"))
}

func (s *Server) apiRequirementList(w http.ResponseWriter, r *http.Request) (any, error) {
	a, q, p := actor(r), r.URL.Query(), isms.Problems{}
	fw, err := s.app.FindFramework(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	v := cloneValues(q)
	v.Del("coverage") // coverage is computed per page; the API leaves that filter to the caller
	f, _ := requirementFilter(v, fw, p)
	f.GroupRef = q.Get("group")
	switch queryOneOf(r, p, "assessable", "true", "false") {
	case "true":
		f.Assessable = new(bool)
		*f.Assessable = true
	case "false":
		f.Assessable = new(bool)
	}
	f.Limit, f.Offset = apiPaging(r, p)
	return apiList(p, f.Limit, f.Offset, func() ([]requirementAPI, int, error) {
		rows, total, err := s.app.FindRequirements(r.Context(), a, f)
		out := make([]requirementAPI, 0, len(rows))
		for _, row := range rows {
			out = append(out, requirementAPI{Requirement: row.Requirement, Coverage: row.Coverage, InferredCoverage: row.Inferred, Controls: row.Controls})
		}
		return out, total, err
	})
}

func (s *Server) apiFrameworkExport(w http.ResponseWriter, r *http.Request) (any, error) {
	if err := s.exportFramework(w, r); err != nil {
		return nil, err
	}
	return written{}, nil
}

func (s *Server) apiFrameworkDelete(w http.ResponseWriter, r *http.Request) (any, error) {
	a := actor(r)
	fw, err := s.app.FindFramework(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return noContent, s.app.DeleteFramework(r.Context(), a, fw.ID)
}

func (s *Server) apiRequirementGet(w http.ResponseWriter, r *http.Request) (any, error) {
	d, err := s.app.FindRequirement(r.Context(), actor(r), pathID(r))
	if err != nil {
		return nil, err
	}
	return requirementDetailOf(d), nil
}

func requirementDetailOf(d *app.RequirementDetail) requirementDetailAPI {
	out := requirementDetailAPI{Requirement: d.Requirement, Framework: d.Framework, Parent: d.Parent,
		Children: d.Children, Links: d.Links, Mappings: d.Mappings, Coverage: d.Coverage, InferredCoverage: d.Inferred}
	if out.Children == nil {
		out.Children = []*isms.Requirement{}
	}
	if out.Links == nil {
		out.Links = []isms.ControlLink{}
	}
	if out.Mappings == nil {
		out.Mappings = []isms.Mapping{}
	}
	return out
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Mapping sets: the list with the import form, a set's mappings, and its
// deletion. A set relates the requirements of one framework to those of
// another; controls linked on one side are proposed on the other.

var mappingSetColumns = []column{
	{Key: "name", Label: "Mapping set"}, {Label: "Source"}, {Label: "Target"}, {Key: "origin", Label: "Origin"},
	{Key: "mappings", Label: "Mappings", Numeric: true}, {Key: "created", Label: "Created"},
}

func mappingSetRecord(m *isms.MappingSet) []string {
	return []string{m.Name, m.SourceName, m.TargetName, string(m.Origin), itoa(m.Mappings), fmtDate(m.CreatedAt)}
}

// sortMappingSets orders sets by a mapping set column key, "-" prefixed
// for descending; the name breaks ties.
func sortMappingSets(sets []*isms.MappingSet, key string) {
	desc := strings.HasPrefix(key, "-")
	key = strings.TrimPrefix(key, "-")
	cmp := func(a, b *isms.MappingSet) int {
		switch key {
		case "origin":
			return strings.Compare(string(a.Origin), string(b.Origin))
		case "mappings":
			return a.Mappings - b.Mappings
		case "created":
			return a.CreatedAt.Compare(b.CreatedAt)
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	}
	slices.SortStableFunc(sets, func(a, b *isms.MappingSet) int {
		c := cmp(a, b)
		if desc {
			c = -c
		}
		if c == 0 {
			c = strings.Compare(a.Name, b.Name)
		}
		return c
	})
}

type mappingListPage struct {
	basePage
	List       *listResult[*isms.MappingSet]
	CanAdmin   bool
	Frameworks int
	Import     formView
	Problems   []string
	MaxText    string
}

func (s *Server) handleMappingIndex(w http.ResponseWriter, r *http.Request) error {
	return s.renderMappingIndex(w, r, http.StatusOK, nil, nil)
}

// renderMappingIndex renders the list of sets and the import form, with
// the problems of importErr and the values v of the last import.
func (s *Server) renderMappingIndex(w http.ResponseWriter, r *http.Request, status int, v map[string]string, importErr error) error {
	a := actor(r)
	sets, err := s.app.FindMappingSets(r.Context(), a)
	if err != nil {
		return err
	}
	spec := listSpec[*isms.MappingSet]{
		Title: "Mapping sets", Columns: mappingSetColumns, DefaultSort: "name", Record: mappingSetRecord,
		Fetch: func(lq listQuery) ([]*isms.MappingSet, int, error) {
			sortMappingSets(sets, lq.Sort)
			from, to := min(lq.Offset, len(sets)), min(lq.Offset+lq.Limit, len(sets))
			return sets[from:to], len(sets), nil
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &mappingListPage{List: list, CanAdmin: a.Can(isms.ManageFrameworks), Problems: problemLines(importErr),
		MaxText: byteText(s.app.MaxUpload())}
	if p.CanAdmin {
		fws, total, err := s.app.FindFrameworks(r.Context(), a, isms.FrameworkFilter{OrgID: a.OrgID, Sort: "name", Limit: isms.MaxPageSize})
		if err != nil {
			return err
		}
		p.Frameworks = total
		opts := [][2]string{{"", "As the file says"}}
		for _, f := range fws {
			opts = append(opts, [2]string{string(f.ID), f.Title() + " (" + f.Key + ")"})
		}
		p.Import = formView{Action: uploadAction("/mappings/import", s.csrfToken(w, r)), Submit: "Import mappings", Fields: []fieldView{
			selectField("source", "Source framework", v["source"], opts).help("The framework of the file's source references; required when the file names none (NIST's CSV)."),
			selectField("target", "Target framework", v["target"], opts).help("The framework of its target references."),
			selectField("unknown", "References not in a framework", v["unknown"], [][2]string{{"", "Refuse the file"}, {"skip", "Leave those entries out"}}).
				help("Leave them out to import a mapping written for a whole catalog into one of its baselines."),
		}}
	}
	p.Title = "Mapping sets"
	return s.render(w, r, status, "mapping_index", p)
}

// handleMappingImport reads the uploaded mapping file and imports it
// between the chosen frameworks; a file with unknown references shows
// the form again, naming them with their lines.
func (s *Server) handleMappingImport(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageFrameworks, "You may not import mappings."); err != nil {
		return err
	}
	values := map[string]string{}
	var set *isms.MappingSet
	err := s.readUpload(w, r, func(parts uploadParts, file *app.FileInput) error {
		values["source"], values["target"], values["unknown"] = parts.Values.Get("source"), parts.Values.Get("target"), parts.Values.Get("unknown")
		if file == nil {
			return isms.Problems{fileField: "Choose a mapping file to import."}.Err()
		}
		data, err := io.ReadAll(file.Reader)
		if err != nil {
			return err
		}
		name := file.Name
		if name == "" {
			name = "upload"
		}
		mf, err := s.app.ReadMappingFile(name, data)
		if err != nil {
			return err
		}
		set, err = s.app.ImportMappings(r.Context(), a, app.MappingImport{File: mf, SourceFile: name,
			SourceFrameworkID: isms.ID(values["source"]), TargetFrameworkID: isms.ID(values["target"]), SkipUnknown: values["unknown"] == "skip"})
		return err
	})
	if status := errorStatus(err); status == http.StatusUnprocessableEntity || status == http.StatusRequestEntityTooLarge {
		return s.renderMappingIndex(w, r, status, values, err)
	} else if err != nil {
		return err
	}
	msg := "Imported " + itoa(set.Mappings) + " mappings from " + set.SourceName + " to " + set.TargetName + "."
	if set.Skipped > 0 {
		msg += " Left out " + itoa(set.Skipped) + " entries whose references are not in these frameworks."
	}
	s.flash(w, "ok", msg)
	http.Redirect(w, r, "/mappings/"+string(set.ID), http.StatusSeeOther)
	return nil
}

var mappingColumns = []column{
	{Label: "Source"}, {Label: "Source title"}, {Label: "Relationship"}, {Label: "Target"}, {Label: "Target title"},
	{Label: "Strength", Numeric: true}, {Label: "Rationale"}, {Label: "Via"},
}

func mappingRecord(m isms.Mapping) []string {
	strength := ""
	if m.Strength > 0 {
		strength = itoa(m.Strength)
	}
	return []string{m.SourceRef, m.SourceTitle, string(m.Relationship), m.TargetRef, m.TargetTitle, strength, m.Rationale, m.Via}
}

type mappingShowPage struct {
	basePage
	Set      *isms.MappingSet
	List     *listResult[isms.Mapping]
	CanAdmin bool
}

func (s *Server) handleMappingShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	var set *isms.MappingSet
	spec := listSpec[isms.Mapping]{
		Title: "Mappings", Columns: mappingColumns, Record: mappingRecord,
		Fetch: func(lq listQuery) ([]isms.Mapping, int, error) {
			var ms []isms.Mapping
			var total int
			var err error
			set, ms, total, err = s.app.FindMappingSet(r.Context(), a, pathID(r), lq.Limit, lq.Offset)
			return ms, total, err
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &mappingShowPage{Set: set, List: list, CanAdmin: a.Can(isms.ManageFrameworks)}
	p.Title = set.Name
	return s.render(w, r, http.StatusOK, "mapping_show", p)
}

func (s *Server) handleMappingDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.DeleteMappingSet(r.Context(), actor(r), pathID(r)); err != nil {
		return err
	}
	s.flash(w, "ok", "Mapping set deleted.")
	http.Redirect(w, r, "/mappings", http.StatusSeeOther)
	return nil
}

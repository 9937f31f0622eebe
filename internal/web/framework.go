// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
)

// Frameworks: the list with the built-in "add" buttons, a framework's page
// with its requirement tree and filters, its exports and its deletion.
// Imports of files are in framework_import.go.

var frameworkColumns = []column{
	{Key: "name", Label: "Framework"}, {Key: "key", Label: "Key"}, {Label: "Source"},
	{Label: "Requirements", Numeric: true}, {Label: "Assessable", Numeric: true},
	{Key: "updated", Label: "Updated"}, {Label: "Covered", Numeric: true},
}

// frameworkRow is a framework in the list, with its posture when known.
type frameworkRow struct {
	*isms.Framework
	SourceText string
	Percent    int
	HasPosture bool
}

// frameworkRecord is a framework's row in an export.
func frameworkRecord(f frameworkRow) []string {
	pct := ""
	if f.HasPosture {
		pct = itoa(f.Percent) + "%"
	}
	return []string{f.Title(), f.Key, f.SourceText, itoa(f.Requirements), itoa(f.Assessable),
		fmtDate(f.UpdatedAt), pct}
}

// sourceLabel says where a framework came from, for people.
func sourceLabel(f *isms.Framework) string {
	switch f.Source {
	case isms.SourceBuiltin:
		return "built in"
	case isms.SourceOSCAL:
		return "OSCAL" + fileSuffix(f.SourceFile)
	case "":
		return ""
	}
	return strings.ToUpper(string(f.Source)) + fileSuffix(f.SourceFile)
}

func fileSuffix(name string) string {
	if name == "" {
		return ""
	}
	return " (" + name + ")"
}

// builtinOption is a built-in framework the organization can add.
type builtinOption struct {
	Key, Title, Description string
}

type frameworkListPage struct {
	basePage
	List     *listResult[frameworkRow]
	Filter   url.Values
	CanAdmin bool
	Builtins []builtinOption // the built-ins not added yet
}

func (s *Server) handleFrameworkIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ReadISMS, "You may not see the frameworks."); err != nil {
		return err
	}
	posture := s.posturePercents(r)
	spec := listSpec[frameworkRow]{
		Title: "Frameworks", Columns: frameworkColumns, DefaultSort: "name",
		Fetch: func(lq listQuery) ([]frameworkRow, int, error) {
			fws, total, err := s.app.FindFrameworks(r.Context(), a, isms.FrameworkFilter{OrgID: a.OrgID,
				Search: lq.Values.Get("q"), Sort: lq.Sort, Limit: lq.Limit, Offset: lq.Offset})
			rows := make([]frameworkRow, 0, len(fws))
			for _, f := range fws {
				pct, ok := posture[f.ID]
				rows = append(rows, frameworkRow{Framework: f, SourceText: sourceLabel(f), Percent: pct, HasPosture: ok})
			}
			return rows, total, err
		},
		Record:  frameworkRecord,
		Filters: func(q listQuery) [][2]string { return [][2]string{{"Search", q.Values.Get("q")}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &frameworkListPage{List: list, Filter: r.URL.Query(), CanAdmin: a.Can(isms.ManageFrameworks)}
	if p.CanAdmin {
		if p.Builtins, err = s.missingBuiltins(r); err != nil {
			return err
		}
	}
	p.Title = "Frameworks"
	return s.render(w, r, http.StatusOK, "framework_index", p)
}

// posturePercents returns the covered share of every framework; the list
// shows it where app could compute it, and nothing otherwise.
func (s *Server) posturePercents(r *http.Request) map[isms.ID]int {
	out := map[isms.ID]int{}
	all, err := s.app.Posture(r.Context(), actor(r))
	if err != nil {
		s.log.Warn("framework list: posture", "request_id", state(r).id, "err", err)
		return out
	}
	for _, fp := range all {
		out[fp.Framework.ID] = fp.Counts.Percent()
	}
	return out
}

// missingBuiltins lists the built-in frameworks the organization has not added.
func (s *Server) missingBuiltins(r *http.Request) ([]builtinOption, error) {
	var out []builtinOption
	for _, b := range app.BuiltinFrameworks() {
		_, err := s.app.FindFramework(r.Context(), actor(r), b.Key)
		switch {
		case isCode(err, isms.NotFound):
			out = append(out, builtinOption{Key: b.Key, Title: b.Title(), Description: b.Description})
		case err != nil:
			return nil, err
		}
	}
	return out, nil
}

func (s *Server) handleFrameworkBuiltin(w http.ResponseWriter, r *http.Request) error {
	key := strings.TrimSpace(r.PostFormValue("key"))
	fw, change, err := s.app.ImportBuiltinFramework(r.Context(), actor(r), key)
	if err != nil {
		return err
	}
	s.flash(w, "ok", importSummary(fw, change))
	http.Redirect(w, r, "/frameworks/"+string(fw.ID), http.StatusSeeOther)
	return nil
}

// importSummary says what an import did, in a sentence.
func importSummary(fw *isms.Framework, c *isms.FrameworkChange) string {
	switch {
	case c == nil || c.New:
		return fw.Title() + " added: " + itoa(fw.Requirements) + " requirements, " + itoa(fw.Assessable) + " assessable."
	case c.Unchanged || c.Empty():
		return "Nothing changed: " + fw.Title() + " already holds this content."
	}
	return fw.Title() + " updated: " + itoa(len(c.Added)) + " added, " + itoa(len(c.Removed)) + " removed, " +
		itoa(len(c.Retitled)) + " retitled, " + itoa(len(c.Changed)) + " changed."
}

// requirementTreeRow is one row of a framework's requirement tree.
type requirementTreeRow struct {
	*app.RequirementRow
	Indent int // 0–6: the depth, capped for the page's indentation classes
}

// attrOption is one name:value choice of the attribute filter.
type attrOption struct {
	Value, Label string
}

type frameworkShowPage struct {
	basePage
	Framework   *isms.Framework
	Source      string
	Posture     *app.FrameworkPosture
	Rows        []requirementTreeRow
	Total       int // requirements before the filters
	Filter      url.Values
	Filtered    bool
	Kinds       []isms.RequirementKind
	Attrs       []attrOption
	Coverages   []isms.Coverage
	CanAdmin    bool
	ExportLinks [][2]string
}

// requirementFilter reads the tree's filters: q, kind, attr (name:value)
// and coverage, which is applied to the rows app returns.
func requirementFilter(v url.Values, fw *isms.Framework, p isms.Problems) (isms.RequirementFilter, isms.Coverage) {
	f := isms.RequirementFilter{OrgID: fw.OrgID, FrameworkID: fw.ID, Search: strings.TrimSpace(v.Get("q")),
		Kind: isms.RequirementKind(v.Get("kind")), GroupRef: strings.TrimSpace(v.Get("group"))}
	if f.Kind != "" && !f.Kind.Valid() {
		p.Add("kind", "Kind must be one of group, clause, control, enhancement.")
	}
	if attr := v.Get("attr"); attr != "" {
		name, value, ok := strings.Cut(attr, ":")
		if !ok || name == "" || value == "" {
			p.Add("attr", "The attribute filter must be name:value, such as control_type:Preventive.")
		}
		f.AttrName, f.AttrValue = name, value
	}
	cov := isms.Coverage(v.Get("coverage"))
	switch cov {
	case "", isms.Covered, isms.PartlyCovered, isms.NotCovered, isms.NotApplicable:
	default:
		p.Add("coverage", "Coverage must be one of covered, partial, not_covered, not_applicable.")
	}
	return f, cov
}

func (s *Server) handleFrameworkShow(w http.ResponseWriter, r *http.Request) error {
	a, ctx := actor(r), r.Context()
	fw, err := s.app.FindFramework(ctx, a, r.PathValue("id"))
	if err != nil {
		return err
	}
	v := r.URL.Query()
	f, cov, err := parseRequirementFilter(v, fw)
	if err != nil {
		return err
	}
	rows, _, err := s.app.FindRequirements(ctx, a, f)
	if err != nil {
		return err
	}
	p := &frameworkShowPage{Framework: fw, Source: sourceLabel(fw), Total: fw.Requirements, Filter: v,
		Kinds: isms.RequirementKinds, CanAdmin: a.Can(isms.ManageFrameworks),
		Coverages: []isms.Coverage{isms.Covered, isms.PartlyCovered, isms.NotCovered, isms.NotApplicable}}
	for _, k := range []string{"q", "group", "kind", "attr", "coverage"} {
		p.Filtered = p.Filtered || v.Get(k) != ""
	}
	for _, row := range rows {
		if cov != "" && (!row.Assessable || row.Coverage != cov) {
			continue
		}
		p.Rows = append(p.Rows, requirementTreeRow{RequirementRow: row, Indent: min(row.Depth, 6)})
	}
	if p.Attrs, err = s.attrOptions(r, fw.ID); err != nil {
		return err
	}
	if p.Posture, err = s.app.FrameworkPosture(ctx, a, fw.ID); err != nil {
		return err
	}
	base := "/frameworks/" + string(fw.ID) + "/export?format="
	p.ExportLinks = [][2]string{{base + "yaml", "YAML"}, {base + "csv", "CSV"}, {base + "oscal", "OSCAL JSON"}}
	p.Title = fw.Title()
	return s.render(w, r, http.StatusOK, "framework_show", p)
}

// parseRequirementFilter reads the tree's filters, reporting every bad
// value at once.
func parseRequirementFilter(v url.Values, fw *isms.Framework) (isms.RequirementFilter, isms.Coverage, error) {
	p := isms.Problems{}
	f, cov := requirementFilter(v, fw, p)
	return f, cov, p.Err()
}

// attrOptions builds the attribute filter's choices from the framework's
// attribute names and values.
func (s *Server) attrOptions(r *http.Request, id isms.ID) ([]attrOption, error) {
	attrs, err := s.app.FrameworkAttributes(r.Context(), actor(r), id)
	if err != nil {
		return nil, err
	}
	var out []attrOption
	for _, name := range isms.Attributes(attrs).Names() {
		for _, val := range attrs[name] {
			out = append(out, attrOption{Value: name + ":" + val, Label: attrLabel(name) + ": " + val})
		}
	}
	return out, nil
}

// frameworkExports are the export formats: content type, file suffix and writer.
var frameworkExports = map[string]struct {
	contentType, suffix string
	write               func(w io.Writer, fw *catalog.Framework) error
}{
	"yaml":  {"application/yaml; charset=utf-8", ".yaml", catalog.WriteFrameworkYAML},
	"csv":   {"text/csv; charset=utf-8", ".csv", catalog.WriteFrameworkCSV},
	"oscal": {"application/json", "-oscal.json", catalog.WriteFrameworkOSCAL},
}

// exportFramework writes framework {id} in the format of the query's
// format parameter (yaml, the default, csv or oscal) as an attachment. The
// export is written to a buffer first, so that an error still becomes a
// clean error response.
func (s *Server) exportFramework(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "yaml"
	}
	ex, ok := frameworkExports[format]
	if !ok {
		return isms.Problems{"format": "Export format " + strconv.Quote(format) + " is not offered; use yaml, csv or oscal."}.Err()
	}
	a := actor(r)
	fw, err := s.app.FindFramework(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	cf, err := s.app.ExportFramework(r.Context(), a, fw.ID)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := ex.write(&buf, cf); err != nil {
		return fmt.Errorf("export framework %s as %s: %w", fw.ID, format, err)
	}
	return sendFile(w, ex.contentType, fw.Key+ex.suffix, &buf)
}

func (s *Server) handleFrameworkExport(w http.ResponseWriter, r *http.Request) error {
	return s.exportFramework(w, r)
}

func (s *Server) handleFrameworkDelete(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	fw, err := s.app.FindFramework(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.app.DeleteFramework(r.Context(), a, fw.ID); err != nil {
		return err
	}
	s.flash(w, "ok", fw.Title()+" deleted, with its requirements, their control links and its mapping sets.")
	http.Redirect(w, r, "/frameworks", http.StatusSeeOther)
	return nil
}

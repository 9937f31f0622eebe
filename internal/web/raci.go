// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// The RACI grid (ISO/IEC 27001 5.3): who is responsible, accountable,
// consulted and informed for each ISMS process and control. Each row is a
// form of its own, saved with its button; rows without exactly one
// accountable role are flagged. The grid exports as CSV or XLSX.

// raciChoices are the entries a cell's select offers.
var raciChoices = [][2]string{{"", "—"}, {"R", "R"}, {"A", "A"}, {"C", "C"}, {"I", "I"}, {"RA", "R+A"}}

// raciSubjectType reads a subject type as URLs write it ("process",
// "control", or the record types) into the record type.
func raciSubjectType(s string) (string, error) {
	switch s {
	case "process", isms.RACIProcess:
		return isms.RACIProcess, nil
	case isms.RACIControl:
		return isms.RACIControl, nil
	}
	return "", isms.Errorf(isms.NotFound, "There is no RACI row of %q; rows are of a process or a control.", s)
}

// raciPathType is how URLs name the subject type of a row.
func raciPathType(typ string) string {
	if typ == isms.RACIProcess {
		return "process"
	}
	return typ
}

// raciCellView is one cell's select.
type raciCellView struct {
	Name    string // the form field, letters.<role ID>
	Label   string // for screen readers: role and subject
	Options []optionView
}

// raciRowView is one row of the grid with its form.
type raciRowView struct {
	Row     isms.RACIRow
	URL     string // the subject's page
	FormID  string
	Action  string
	Cells   []raciCellView
	Problem string // the accountability flag, "" when exactly one A
}

type raciPage struct {
	basePage
	Roles      []*isms.ISMSRole
	Processes  []raciRowView
	Controls   *listResult[raciRowView]
	Search     string
	Page       string
	Flagged    int // process rows without exactly one accountable role
	ExportCSV  string
	ExportXLSX string
	CanEdit    bool
}

// raciRowOf builds the view of row with one select per role.
func raciRowOf(row isms.RACIRow, roles []*isms.ISMSRole) raciRowView {
	pt := raciPathType(row.Subject.Type)
	v := raciRowView{Row: row, URL: recordURL(row.Subject), FormID: "raci-" + pt + "-" + string(row.Subject.ID),
		Action: "/raci/" + pt + "/" + url.PathEscape(string(row.Subject.ID)), Problem: row.AccountableProblem()}
	for _, r := range roles {
		cur := row.Letters[r.ID]
		c := raciCellView{Name: "letters." + string(r.ID), Label: r.Name + " for " + row.Ref + " " + row.Name}
		known := false
		for _, o := range raciChoices {
			known = known || o[0] == cur
			c.Options = append(c.Options, optionView{Value: o[0], Label: o[1], Selected: o[0] == cur})
		}
		if !known {
			c.Options = append(c.Options, optionView{Value: cur, Label: cur, Selected: true})
		}
		v.Cells = append(v.Cells, c)
	}
	return v
}

// raciRecord returns a row's cells for the export: what it is about, its
// reference and name, each role's letters and the accountability check.
func raciRecord(roles []*isms.ISMSRole) func(isms.RACIRow) []string {
	return func(row isms.RACIRow) []string {
		kind := "Control"
		if row.Subject.Type == isms.RACIProcess {
			kind = "ISMS process"
		}
		out := []string{kind, row.Ref, row.Name}
		for _, r := range roles {
			out = append(out, row.Letters[r.ID])
		}
		check := row.AccountableProblem()
		if check == "" {
			check = "Exactly one accountable"
		}
		return append(out, check)
	}
}

// raciExportSpec is the list of the whole grid: every process, then the
// controls matching search.
func (s *Server) raciExportSpec(r *http.Request, roles []*isms.ISMSRole, search string) listSpec[isms.RACIRow] {
	cols := []column{{Label: "Subject"}, {Label: "Ref"}, {Label: "Name"}}
	for _, x := range roles {
		cols = append(cols, column{Label: x.Name})
	}
	a := actor(r)
	return listSpec[isms.RACIRow]{
		Title: "RACI", Columns: append(cols, column{Label: "Accountability"}), Record: raciRecord(roles),
		Filters: func(listQuery) [][2]string { return [][2]string{{"Controls matching", search}} },
		Fetch: func(q listQuery) ([]isms.RACIRow, int, error) {
			procs, np, err := s.app.FindRACIRows(r.Context(), a, isms.RACIProcess, "", isms.MaxPageSize, 0)
			if err != nil {
				return nil, 0, err
			}
			var out []isms.RACIRow
			if q.Offset < len(procs) {
				out = append(out, procs[q.Offset:min(len(procs), q.Offset+q.Limit)]...)
			}
			ctls, nc, err := s.app.FindRACIRows(r.Context(), a, isms.RACIControl, search, q.Limit, max(0, q.Offset-len(procs)))
			if err != nil {
				return nil, 0, err
			}
			return append(out, ctls[:min(len(ctls), q.Limit-len(out))]...), np + nc, nil
		},
	}
}

func (s *Server) handleRACI(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	search := strings.TrimSpace(r.URL.Query().Get("q"))
	roles, _, err := s.app.FindISMSRoles(r.Context(), a, "", "position", isms.MaxPageSize, 0)
	if err != nil {
		return err
	}
	if format := r.URL.Query().Get("format"); format != "" {
		if format != "csv" && format != "xlsx" {
			return isms.Errorf(isms.Invalid, "Export format %q is not offered; use csv or xlsx.", format)
		}
		spec := s.raciExportSpec(r, roles, search)
		return exportList(s, w, r, spec, parseListQuery(r, ""), format)
	}
	spec := listSpec[raciRowView]{
		Title: "RACI", Columns: []column{{Label: "Control"}},
		Fetch: func(q listQuery) ([]raciRowView, int, error) {
			rows, total, err := s.app.FindRACIRows(r.Context(), a, isms.RACIControl, search, q.Limit, q.Offset)
			var out []raciRowView
			for _, row := range rows {
				out = append(out, raciRowOf(row, roles))
			}
			return out, total, err
		},
	}
	list, _, err := runList(s, w, r, spec)
	if err != nil {
		return err
	}
	procs, _, err := s.app.FindRACIRows(r.Context(), a, isms.RACIProcess, "", isms.MaxPageSize, 0)
	if err != nil {
		return err
	}
	p := &raciPage{Roles: roles, Controls: list, Search: search, Page: r.URL.Query().Get("page"), CanEdit: a.Can(isms.ManageLeadership),
		ExportCSV: list.View.ExportCSV, ExportXLSX: list.View.ExportXLSX}
	for _, row := range procs {
		v := raciRowOf(row, roles)
		if v.Problem != "" {
			p.Flagged++
		}
		p.Processes = append(p.Processes, v)
	}
	p.Title = "RACI"
	return s.render(w, r, http.StatusOK, "raci", p)
}

// raciLetters reads a row form's cells: every field letters.<role ID>.
func raciLetters(form url.Values) map[isms.ID]string {
	out := map[isms.ID]string{}
	for k, v := range form {
		if id, ok := strings.CutPrefix(k, "letters."); ok && len(v) > 0 {
			out[isms.ID(id)] = v[0]
		}
	}
	return out
}

func (s *Server) handleRACIRowSave(w http.ResponseWriter, r *http.Request) error {
	typ, err := raciSubjectType(r.PathValue("subjectType"))
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	subject := isms.Link{Type: typ, ID: pathID(r)}
	if err := s.app.SetRACIRow(r.Context(), actor(r), subject, raciLetters(r.PostForm)); err != nil {
		return err
	}
	row, err := s.app.FindRACIRow(r.Context(), actor(r), subject)
	if err != nil {
		return err
	}
	msg := "Saved the RACI of " + row.Ref + " " + row.Name + "."
	if pr := row.AccountableProblem(); pr != "" {
		msg += " " + pr + ": exactly one role should be."
	}
	s.flash(w, "ok", msg)
	back := url.Values{}
	for _, k := range []string{"q", "page"} {
		if v := r.PostFormValue(k); v != "" {
			back.Set(k, v)
		}
	}
	to := "/raci"
	if len(back) > 0 {
		to += "?" + back.Encode()
	}
	http.Redirect(w, r, to+"#raci-"+raciPathType(typ)+"-"+string(row.Subject.ID), http.StatusSeeOther)
	return nil
}

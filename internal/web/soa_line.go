// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The lines of an SoA version: the table of a version's page with its
// filters and sort, and the page of one line with the form that records
// its decision.

// soaColumns are the columns of the lines table.
var soaColumns = []column{
	{Key: "ref", Label: "Reference"}, {Label: "Control"}, {Label: "Applicable"}, {Label: "Justification"},
	{Key: "status", Label: "Status"}, {Label: "Organization controls"}, {Label: "Evidence"}, {Label: "Owner"},
	{Label: "Actions", NoExport: true},
}

// soaFilter is what the lines table shows: applicability (yes, no,
// undecided), implementation status, only lines with issues, text.
type soaFilter struct {
	Applicable string
	Status     string
	Issues     bool
	Q          string
	Sort       string
}

// soaRow is one line of the table with its consistency issues.
type soaRow struct {
	*isms.SoALine
	Errors, Warnings int
}

// soaLines is the lines table: the rows the filters select, in order.
type soaLines struct {
	Rows            []soaRow
	Total           int
	View            listView
	Filter          soaFilter
	Applicabilities [][2]string
	Statuses        [][2]string
}

// soaApplicabilityOptions are the choices of the applicability filter.
var soaApplicabilityOptions = [][2]string{{"", "Any decision"}, {"yes", "Applicable"}, {"no", "Not applicable"}, {"undecided", "Awaiting decision"}}

// soaLinesOf returns the lines of v that the request's filters select,
// sorted as it asks.
func soaLinesOf(r *http.Request, v *app.SoAView) soaLines {
	q := r.URL.Query()
	f := soaFilter{Applicable: q.Get("applicable"), Status: q.Get("status"), Issues: q.Get("issues") != "",
		Q: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort")}
	if !slices.Contains(sortValues("ref", "status"), f.Sort) {
		f.Sort = "ref"
	}
	out := soaLines{Filter: f, Total: len(v.Lines), Applicabilities: soaApplicabilityOptions,
		Statuses: [][2]string{{"", "Any status"}}}
	for _, st := range isms.SoAImplStatuses {
		out.Statuses = append(out.Statuses, [2]string{string(st), st.Label()})
	}
	errs, warns := map[isms.ID]int{}, map[isms.ID]int{}
	for _, is := range v.Issues {
		if is.Severity == isms.SoAError {
			errs[is.RequirementID]++
		} else {
			warns[is.RequirementID]++
		}
	}
	for _, l := range v.Lines {
		row := soaRow{SoALine: l, Errors: errs[l.RequirementID], Warnings: warns[l.RequirementID]}
		if f.matches(row) {
			out.Rows = append(out.Rows, row)
		}
	}
	sortSoARows(out.Rows, f.Sort)
	lq := listQuery{Sort: f.Sort, Page: 1, Limit: max(len(out.Rows), 1), Values: q}
	out.View = makeListView(r, soaColumns, lq, len(out.Rows), len(out.Rows))
	out.View.Filtered = f.Applicable != "" || f.Status != "" || f.Issues || f.Q != "" // the framework is no filter
	return out
}

// matches reports whether row passes the filters.
func (f soaFilter) matches(row soaRow) bool {
	l := row.SoALine
	switch f.Applicable {
	case "yes", "no":
		if string(l.Applicable) != f.Applicable {
			return false
		}
	case "undecided":
		if l.Applicable != isms.SoAUndecided {
			return false
		}
	}
	if f.Status != "" && (l.Applicable != isms.SoAApplicable || string(l.Status()) != f.Status) {
		return false
	}
	if f.Issues && row.Errors+row.Warnings == 0 {
		return false
	}
	if f.Q == "" {
		return true
	}
	q := strings.ToLower(f.Q)
	for _, s := range []string{l.Ref, l.Title, l.Justification(), l.OwnerName, l.ControlRefs()} {
		if strings.Contains(strings.ToLower(s), q) {
			return true
		}
	}
	return false
}

// soaRank orders lines by status: applicable lines by implementation
// status, then those awaiting a decision, then those excluded.
func soaRank(l *isms.SoALine) int {
	switch l.Applicable {
	case isms.SoAApplicable:
		return slices.Index(isms.SoAImplStatuses, l.Status())
	case isms.SoAUndecided:
		return len(isms.SoAImplStatuses)
	}
	return len(isms.SoAImplStatuses) + 1
}

// sortSoARows sorts rows by key: ref (the framework's order) or status,
// "-" prefixed for descending; ties keep the framework's order.
func sortSoARows(rows []soaRow, key string) {
	desc := strings.HasPrefix(key, "-")
	slices.SortStableFunc(rows, func(a, b soaRow) int {
		c := a.Position - b.Position
		if strings.TrimPrefix(key, "-") == "status" {
			if d := soaRank(a.SoALine) - soaRank(b.SoALine); d != 0 {
				c = d
			}
		}
		if desc {
			return -c
		}
		return c
	})
}

// soaLinePage is the page of one line: its decision (a form on an
// editable draft), its derived sources and its issues.
type soaLinePage struct {
	basePage
	SoA         *isms.SoA
	Status      soaStatusView
	Line        *isms.SoALine
	Issues      []isms.SoAIssue
	Prev, Next  *isms.SoALine
	Editable    bool
	Pending     bool
	Applicable  string // yes, no or undecided: the radio checked
	Choices     [][2]string
	In          app.SoALineInput
	Version     int
	Fields      soaLineFields
	Errors      map[string]string
	Conflict    string
	DerivedText string
}

// soaLineFields are the form's inputs rendered by the "field" partial.
type soaLineFields struct {
	Reason, Exclusion, Override, OverrideReason, Owner, ChangeReason fieldView
}

// soaApplicableChoices are the decision's radio buttons: value, label.
var soaApplicableChoices = [][2]string{{"yes", "Applicable"}, {"no", "Not applicable"}, {"undecided", "Awaiting decision"}}

// soaLineIndex returns the index of the line of requirement req (its ID
// or reference) in lines, or -1.
func soaLineIndex(lines []*isms.SoALine, req string) int {
	return slices.IndexFunc(lines, func(l *isms.SoALine) bool { return string(l.RequirementID) == req || l.Ref == req })
}

// findSoALine returns the version of the path's {id} and the index of
// the line of its {req}.
func (s *Server) findSoALine(r *http.Request) (*app.SoAView, int, error) {
	v, err := s.app.FindSoA(r.Context(), actor(r), r.URL.Query().Get("framework"), r.PathValue("id"))
	if err != nil {
		return nil, 0, err
	}
	i := soaLineIndex(v.Lines, r.PathValue("req"))
	if i < 0 {
		return nil, 0, isms.Errorf(isms.NotFound, "The Statement of Applicability %s has no line %s.", v.SoA.VersionLabel(), r.PathValue("req"))
	}
	return v, i, nil
}

func (s *Server) handleSoALine(w http.ResponseWriter, r *http.Request) error {
	v, i, err := s.findSoALine(r)
	if err != nil {
		return err
	}
	l := v.Lines[i]
	in := app.SoALineInput{Applicable: l.Applicable, Business: l.Business, Practice: l.Practice, Reason: l.Reason,
		Exclusion: l.Exclusion, Override: l.Override, OverrideReason: l.OverrideReason, OwnerID: l.OwnerID, ChangeReason: l.ChangeReason}
	return s.renderSoALine(w, r, http.StatusOK, v, i, in, l.Version, nil)
}

// renderSoALine renders line i of v with the form's values in at
// version and the problems of err.
func (s *Server) renderSoALine(w http.ResponseWriter, r *http.Request, status int, v *app.SoAView, i int, in app.SoALineInput, version int, err error) error {
	a, l := actor(r), v.Lines[i]
	p := &soaLinePage{SoA: v.SoA, Status: soaStatusOf(v), Line: l, Pending: v.Pending, Choices: soaApplicableChoices,
		In: in, Version: version, Errors: isms.ErrorFields(err)}
	p.Title = l.Ref + " " + l.Title + " · Statement of Applicability " + v.SoA.VersionLabel()
	p.Editable = v.SoA.Status == isms.SoADraft && !v.Pending && a.Can(isms.EditSoA)
	if isCode(err, isms.Conflict) && p.Errors == nil {
		p.Conflict = isms.ErrorMessage(err)
	}
	if i > 0 {
		p.Prev = v.Lines[i-1]
	}
	if i+1 < len(v.Lines) {
		p.Next = v.Lines[i+1]
	}
	for _, is := range v.Issues {
		if is.RequirementID == l.RequirementID {
			p.Issues = append(p.Issues, is)
		}
	}
	p.Applicable = string(in.Applicable)
	if in.Applicable == isms.SoAUndecided {
		p.Applicable = "undecided"
	}
	p.DerivedText = soaDerivedLabel(l)
	if p.Editable {
		owners, err := s.soaOwnerOptions(r, l)
		if err != nil {
			return err
		}
		p.Fields = soaLineFieldsOf(in, owners, p.DerivedText, p.Errors)
	}
	return s.render(w, r, status, "soa_line", p)
}

// soaDerivedLabel names the status derived from the line's controls.
func soaDerivedLabel(l *isms.SoALine) string {
	if l.Sources.Derived == "" {
		return isms.SoANotStarted.Label()
	}
	return l.Sources.Derived.Label()
}

// soaLineFieldsOf builds the form's inputs with their problems.
func soaLineFieldsOf(in app.SoALineInput, owners [][2]string, derived string, errs map[string]string) soaLineFields {
	overrides := [][2]string{{"", "Derived from the controls: " + derived}}
	for _, st := range isms.SoAImplStatuses {
		overrides = append(overrides, [2]string{string(st), st.Label()})
	}
	f := soaLineFields{
		Reason: text("reason", "Business requirement or good practice", in.Reason).kind("textarea").
			help("Which business requirement or good practice makes the control applicable, when you ticked one above."),
		Exclusion: text("exclusion", "Justification for exclusion", in.Exclusion).kind("textarea").
			help("Required when the control is not applicable: why it does not apply to the organization."),
		Override: selectField("statusOverride", "Implementation status", string(in.Override), overrides).
			help("Leave it derived from the linked controls, or set it with a reason below."),
		OverrideReason: text("overrideReason", "Reason for the status", in.OverrideReason).kind("textarea").
			help("Required when the status is set by hand."),
		Owner: selectField("ownerId", "Owner", string(in.OwnerID), owners).
			help("Who answers for the control in the organization."),
		ChangeReason: text("changeReason", "Reason for the change", in.ChangeReason).kind("textarea").
			help("Why the line changes in this version; the comparison with the previous version shows it."),
	}
	for _, fv := range []*fieldView{&f.Reason, &f.Exclusion, &f.Override, &f.OverrideReason, &f.Owner, &f.ChangeReason} {
		fv.Error = errs[fv.Name]
	}
	return f
}

// soaOwnerOptions lists the organization's active members who may own a
// line, keeping the line's owner when they no longer are one.
func (s *Server) soaOwnerOptions(r *http.Request, l *isms.SoALine) ([][2]string, error) {
	members, _, err := s.app.FindMembers(r.Context(), actor(r), isms.MemberFilter{Status: "active", Sort: "name", Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	opts := [][2]string{{"", "Nobody yet"}}
	found := l.OwnerID == ""
	for _, m := range members {
		opts = append(opts, [2]string{string(m.User.ID), m.User.Name})
		found = found || m.User.ID == l.OwnerID
	}
	if !found {
		opts = append(opts, [2]string{string(l.OwnerID), strings.TrimSpace(l.OwnerName + " (no longer an active member)")})
	}
	return opts, nil
}

// soaLineInput reads the line form; a decision it cannot read is passed
// on as typed, for validation to name.
func soaLineInput(r *http.Request) app.SoALineInput {
	raw := r.PostFormValue("applicable")
	appl, ok := isms.ParseApplicability(raw)
	if !ok {
		appl = isms.Applicability(raw)
	}
	return app.SoALineInput{Applicable: appl, Business: r.PostFormValue("businessRequirement") != "",
		Practice: r.PostFormValue("goodPractice") != "", Reason: r.PostFormValue("reason"), Exclusion: r.PostFormValue("exclusion"),
		Override: isms.SoAImplStatus(r.PostFormValue("statusOverride")), OverrideReason: r.PostFormValue("overrideReason"),
		OwnerID: isms.ID(r.PostFormValue("ownerId")), ChangeReason: r.PostFormValue("changeReason")}
}

func (s *Server) handleSoALineSave(w http.ResponseWriter, r *http.Request) error {
	in, version := soaLineInput(r), formInt(r, "version")
	l, err := s.app.UpdateSoALine(r.Context(), actor(r), pathID(r), isms.ID(r.PathValue("req")), version, in)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		v, i, ferr := s.findSoALine(r)
		if ferr != nil {
			return ferr
		}
		return s.renderSoALine(w, r, statusOf(isms.ErrorCode(err)), v, i, in, version, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", l.Ref+" saved.")
	next := soaURL(pathID(r)) + "#line-" + url.PathEscape(string(l.RequirementID))
	if after := r.PostFormValue("next"); after != "" {
		next = soaURL(pathID(r)) + "/lines/" + url.PathEscape(after)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Risk assessments (27001 8.2): dated, immutable snapshots of the register
// taken at planned intervals or after a significant change; each shows its
// risks' levels and treatment progress, and two can be compared.

var assessmentColumns = []column{
	{Label: "Performed on"}, {Label: "Title"}, {Label: "Reason"}, {Label: "Method"},
	{Label: "Risks", Numeric: true}, {Label: "Recorded by"}, {Label: "Recorded"},
}

func assessmentRecord(a *isms.RiskAssessment) []string {
	method := ""
	if a.MethodNumber > 0 {
		method = "v" + strconv.Itoa(a.MethodNumber)
	}
	return []string{a.PerformedOn.String(), a.Title, a.Reason, method, strconv.Itoa(a.RiskCount), a.CreatedByName,
		a.CreatedAt.UTC().Format("2006-01-02 15:04")}
}

type assessmentListPage struct {
	basePage
	List    *listResult[*isms.RiskAssessment]
	Run     formView
	Choices [][2]string // assessments to compare, newest first
	CanEdit bool
}

func (s *Server) handleAssessmentIndex(w http.ResponseWriter, r *http.Request) error {
	return s.renderAssessments(w, r, http.StatusOK, app.RiskAssessmentInput{}, nil)
}

// renderAssessments renders the list; in and runErr are the run form's
// input and problems when a run was refused.
func (s *Server) renderAssessments(w http.ResponseWriter, r *http.Request, status int, in app.RiskAssessmentInput, runErr error) error {
	a := actor(r)
	spec := listSpec[*isms.RiskAssessment]{
		Title: "Risk assessments", Columns: assessmentColumns,
		Fetch: func(q listQuery) ([]*isms.RiskAssessment, int, error) {
			return s.app.FindRiskAssessments(r.Context(), a, q.Limit, q.Offset)
		},
		Record: assessmentRecord,
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &assessmentListPage{List: list, CanEdit: a.Can(isms.EditRisks)}
	p.Title = "Risk assessments"
	if p.Choices, err = s.assessmentChoices(r); err != nil {
		return err
	}
	if p.CanEdit {
		if in.PerformedOn == "" {
			in.PerformedOn = isms.DateOf(s.app.Now()).String()
		}
		p.Run = formView{Action: "/risk-assessments", Submit: "Record assessment", Fields: []fieldView{
			text("title", "Title", in.Title).required().help("Such as \u201cAnnual risk assessment 2026\u201d."),
			text("reason", "Reason", in.Reason).kind("textarea").help("Planned interval, or the significant change that prompted it: a new system, an incident, a reorganization."),
			text("performedOn", "Performed on", in.PerformedOn).kind("date"),
		}}
		p.Run.withErrors(runErr)
	}
	return s.render(w, r, status, "risk_assessment_index", p)
}

// assessmentChoices lists the newest assessments for the compare selects.
func (s *Server) assessmentChoices(r *http.Request) ([][2]string, error) {
	list, _, err := s.app.FindRiskAssessments(r.Context(), actor(r), isms.MaxPageSize, 0)
	if err != nil {
		return nil, err
	}
	out := make([][2]string, 0, len(list))
	for _, a := range list {
		out = append(out, [2]string{string(a.ID), a.PerformedOn.String() + " " + a.Title})
	}
	return out, nil
}

func (s *Server) handleAssessmentCreate(w http.ResponseWriter, r *http.Request) error {
	in := app.RiskAssessmentInput{Title: r.PostFormValue("title"), Reason: r.PostFormValue("reason"),
		PerformedOn: strings.TrimSpace(r.PostFormValue("performedOn"))}
	ra, err := s.app.CreateRiskAssessment(r.Context(), actor(r), in)
	if isms.ErrorFields(err) != nil {
		return s.renderAssessments(w, r, http.StatusUnprocessableEntity, in, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Assessment recorded: a snapshot of "+plural(ra.RiskCount, "risk", "risks")+" as they stand today. It never changes.")
	http.Redirect(w, r, "/risk-assessments/"+string(ra.ID), http.StatusSeeOther)
	return nil
}

// entryView is one risk of an assessment with its levels in colour.
type entryView struct {
	E                  isms.AssessmentEntry
	Inherent, Residual *levelCell
	Progress           string // "2 of 3"
}

// methodsByNumber returns every version of the risk method by number.
func (s *Server) methodsByNumber(r *http.Request) (map[int]*isms.RiskMethod, error) {
	list, err := s.app.RiskMethods(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	out := make(map[int]*isms.RiskMethod, len(list))
	for _, m := range list {
		out[m.Number] = m
	}
	return out, nil
}

// newEntryView shows e with its levels under the version it was scored under.
func newEntryView(e isms.AssessmentEntry, methods map[int]*isms.RiskMethod) entryView {
	m := methods[e.MethodNumber]
	v := entryView{E: e, Inherent: levelCellOf(m, e.Inherent.Level), Residual: levelCellOf(m, e.Residual.Level)}
	if n := e.ActionsOpen + e.ActionsDone; n > 0 {
		v.Progress = strconv.Itoa(e.ActionsDone) + " of " + strconv.Itoa(n)
	}
	return v
}

var entryColumns = []column{
	{Label: "Ref"}, {Label: "Risk"}, {Label: "Owner"}, {Label: "Status"}, {Label: "Treatment"}, {Label: "Method"},
	{Label: "Inherent"}, {Label: "Residual"}, {Label: "Actions done"}, {Label: "Accepted"},
}

func entryRecord(v entryView) []string {
	e, acc := v.E, ""
	if e.Accepted {
		acc = "yes"
	}
	method := ""
	if e.MethodNumber > 0 {
		method = "v" + strconv.Itoa(e.MethodNumber)
	}
	return []string{e.Ref, e.Title, e.OwnerName, e.Status.Label(), e.Treatment.Label(), method, e.InherentLabel, e.ResidualLabel, v.Progress, acc}
}

// progressView is the treatment progress of an assessment: its actions
// done of all, in words and as a bar.
type progressView struct {
	Done, Total, Percent, Accepted int
	Bar                            template.HTML
}

// progressOf sums the treatment actions and acceptances of entries.
func progressOf(title string, entries []isms.AssessmentEntry) progressView {
	var p progressView
	open := 0
	for _, e := range entries {
		p.Done, open = p.Done+e.ActionsDone, open+e.ActionsOpen
		if e.Accepted {
			p.Accepted++
		}
	}
	p.Total, p.Percent = p.Done+open, percentOf(p.Done, p.Done+open)
	p.Bar = stackedBar(title, []barSegment{{Label: "Done", Class: "seg-covered", Count: p.Done}, {Label: "Open", Class: "seg-not-covered", Count: open}})
	return p
}

type assessmentShowPage struct {
	basePage
	A        *isms.RiskAssessment
	List     *listResult[entryView]
	Progress progressView
}

func (s *Server) handleAssessmentShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	ra, err := s.app.FindRiskAssessment(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	methods, err := s.methodsByNumber(r)
	if err != nil {
		return err
	}
	views := make([]entryView, len(ra.Entries))
	p := &assessmentShowPage{A: ra, Progress: progressOf("Treatment actions", ra.Entries)}
	for i, e := range ra.Entries {
		views[i] = newEntryView(e, methods)
	}
	spec := listSpec[entryView]{
		Title: "Risk assessment " + ra.PerformedOn.String(), Columns: entryColumns,
		Fetch: func(q listQuery) ([]entryView, int, error) {
			from := min(q.Offset, len(views))
			return views[from:min(from+q.Limit, len(views))], len(views), nil
		},
		Record: entryRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Assessment", ra.Title}, {"Snapshot SHA-256", ra.SHA256}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p.List = list
	p.Title = "Risk assessment: " + ra.Title
	return s.render(w, r, http.StatusOK, "risk_assessment_show", p)
}

// changeView is a risk re-scored between two assessments.
type changeView struct {
	C               isms.EntryChange
	Before, After   entryView
	InherentChanged bool
	ResidualChanged bool
}

type assessmentComparePage struct {
	basePage
	Choices        [][2]string
	Before, After  string // the chosen IDs
	Errors         map[string]string
	Cmp            *app.AssessmentComparison
	Added          []entryView
	Removed        []entryView
	Rescored       []changeView
	ProgressBefore progressView
	ProgressAfter  progressView
}

func (s *Server) handleAssessmentCompare(w http.ResponseWriter, r *http.Request) error {
	a, q := actor(r), r.URL.Query()
	p := &assessmentComparePage{Before: q.Get("before"), After: q.Get("after")}
	p.Title = "Compare risk assessments"
	var err error
	if p.Choices, err = s.assessmentChoices(r); err != nil {
		return err
	}
	p.Before, p.After = pairAssessments(p.Choices, p.Before, p.After)
	status := http.StatusOK
	switch {
	case p.Before == "" && p.After == "":
	case p.Before == "" || p.After == "":
		err = isms.Problems{"before": "There is no other assessment to compare this one with; record another one first."}.Err()
	default:
		p.Cmp, err = s.app.CompareRiskAssessments(r.Context(), a, isms.ID(p.Before), isms.ID(p.After))
	}
	if isms.ErrorFields(err) != nil {
		p.Errors, status = isms.ErrorFields(err), http.StatusUnprocessableEntity
	} else if err != nil {
		return err
	}
	if p.Cmp != nil {
		if err := s.fillComparison(r, p); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "risk_assessment_compare", p)
}

// pairAssessments completes a comparison from choices (newest first):
// without either, the newest two; with one, it and its neighbour (the one
// before a later one, the one after an earlier one).
func pairAssessments(choices [][2]string, before, after string) (string, string) {
	if before == "" && after == "" && len(choices) >= 2 {
		return choices[1][0], choices[0][0]
	}
	for i, c := range choices {
		switch {
		case before == "" && c[0] == after && i+1 < len(choices):
			return choices[i+1][0], after
		case after == "" && c[0] == before && i > 0:
			return before, choices[i-1][0]
		}
	}
	return before, after
}

// fillComparison lays out the differences of p.Cmp.
func (s *Server) fillComparison(r *http.Request, p *assessmentComparePage) error {
	methods, err := s.methodsByNumber(r)
	if err != nil {
		return err
	}
	d := p.Cmp.Diff
	for _, e := range d.Added {
		p.Added = append(p.Added, newEntryView(e, methods))
	}
	for _, e := range d.Removed {
		p.Removed = append(p.Removed, newEntryView(e, methods))
	}
	for _, c := range d.Rescored {
		p.Rescored = append(p.Rescored, changeView{C: c, Before: newEntryView(c.Before, methods), After: newEntryView(c.After, methods),
			InherentChanged: c.Before.InherentLabel != c.After.InherentLabel, ResidualChanged: c.Before.ResidualLabel != c.After.ResidualLabel})
	}
	p.ProgressBefore = progressOf("Treatment actions at "+p.Cmp.Before.PerformedOn.String(), p.Cmp.Before.Entries)
	p.ProgressAfter = progressOf("Treatment actions at "+p.Cmp.After.PerformedOn.String(), p.Cmp.After.Entries)
	return nil
}

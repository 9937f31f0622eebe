// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

// The readiness check's page: what a stage 1 auditor would say today. The
// overall score and its counts, the trend of the kept daily results, each
// clause's score, and the findings grouped by clause with the records
// they concern, the page that fixes each one and the clause's guide.
// Every visit runs the check, which keeps the day's result for the trend.

type readinessPage struct {
	basePage
	Readiness *isms.Readiness
	Filter    app.ReadinessFilter
	ScoreBar  template.HTML
	Trend     template.HTML // "" when no result is kept yet
	TrendDays int           // the days the chart covers
	TrendNote string        // the trend in words
	Clauses   []clauseScoreView
	Groups    []readinessGroup
	// Severities and ClauseOptions are the filters' choices.
	Severities    []optionView
	ClauseOptions []optionView
	Query         template.URL // the filters, for the export links
	Empty         readinessEmpty
}

// clauseScoreView is one row of the clause scores.
type clauseScoreView struct {
	isms.ClauseScore
	Bar template.HTML
	URL string // the page filtered to the clause's findings
}

// readinessGroup is the findings of one clause, with the clause's guide.
type readinessGroup struct {
	Clause   string
	Guide    isms.ClauseGuide
	Findings []findingView
}

// findingView is one finding as the page shows it.
type findingView struct {
	isms.Finding
	Class   string // the chip class of its severity
	Control string // its Annex A control ("A.5.9"), shown in the Annex A group
}

// readinessEmpty is what the page says when no finding is listed.
type readinessEmpty struct {
	Title, Text string
	Link, Label string // where to look next
}

// severityClass is the chip class of a severity.
func severityClass(s isms.Severity) string {
	switch s {
	case isms.SeverityBlocker:
		return "chip-bad"
	case isms.SeverityWarning:
		return "chip-warn"
	}
	return "chip-info"
}

// readinessFilter reads the page's filters; values the check does not
// know are ignored rather than refused, as a stale bookmark may hold them.
func readinessFilter(r *http.Request) app.ReadinessFilter {
	q := r.URL.Query()
	var f app.ReadinessFilter
	if s := isms.Severity(q.Get("severity")); s.Valid() {
		f.Severity = s
	}
	if c := (app.ReadinessFilter{Clause: q.Get("clause")}); c.Validate() == nil {
		f.Clause = c.Clause
	}
	return f
}

// readinessQuery is f as a query string.
func readinessQuery(f app.ReadinessFilter) url.Values {
	q := url.Values{}
	if f.Severity != "" {
		q.Set("severity", string(f.Severity))
	}
	if f.Clause != "" {
		q.Set("clause", f.Clause)
	}
	return q
}

func (s *Server) handleReadiness(w http.ResponseWriter, r *http.Request) error {
	a, f := actor(r), readinessFilter(r)
	res, err := s.app.Check(r.Context(), a, f)
	if err != nil {
		return err
	}
	runs, err := s.app.ReadinessTrend(r.Context(), a, app.DefaultTrendDays)
	if err != nil {
		return err
	}
	today := isms.DateOf(s.app.Now())
	p := &readinessPage{Readiness: res, Filter: f, ScoreBar: scoreBar("Readiness", res.Score),
		Trend: readinessTrendChart(runs, today, app.DefaultTrendDays), TrendDays: app.DefaultTrendDays, TrendNote: trendNote(runs),
		Clauses: clauseScoreViews(res.Clauses), Groups: readinessGroups(res),
		Severities: severityOptions(f.Severity), ClauseOptions: readinessClauseOptions(f.Clause),
		Query: template.URL(readinessQuery(f).Encode()), Empty: emptyFindings(f)}
	p.Title = "Readiness check"
	return s.render(w, r, http.StatusOK, "readiness", p)
}

// clauseScoreViews adds a bar and a link to each clause's score.
func clauseScoreViews(cs []isms.ClauseScore) []clauseScoreView {
	out := make([]clauseScoreView, len(cs))
	for i, c := range cs {
		out[i] = clauseScoreView{ClauseScore: c, Bar: scoreBar(c.Clause+" "+c.Title, c.Score),
			URL: readinessClauseURL(c.Clause)}
	}
	return out
}

// readinessGroups groups the findings, which come in clause order, by
// their clause; the findings of Annex A controls, which share one guide,
// form one group, each naming its control.
func readinessGroups(res *isms.Readiness) []readinessGroup {
	var out []readinessGroup
	for _, f := range res.Findings {
		v := findingView{Finding: f, Class: severityClass(f.Severity)}
		clause := f.Clause
		if isms.ScoreClause(clause) == isms.AnnexAClause {
			clause = isms.AnnexAClause
			if f.Clause != clause {
				v.Control = f.Clause
			}
		}
		if len(out) == 0 || out[len(out)-1].Clause != clause {
			out = append(out, readinessGroup{Clause: clause, Guide: isms.GuideFor(clause, res.Size)})
		}
		g := &out[len(out)-1]
		g.Findings = append(g.Findings, v)
	}
	return out
}

// severityOptions are the choices of the severity filter.
func severityOptions(selected isms.Severity) []optionView {
	out := []optionView{{Value: "", Label: "All severities", Selected: selected == ""}}
	for _, s := range isms.Severities {
		out = append(out, optionView{Value: string(s), Label: s.Label() + "s", Selected: s == selected})
	}
	return out
}

// readinessClauseOptions are the choices of the clause filter: every score clause,
// and the selected sub-clause when a link asked for one.
func readinessClauseOptions(selected string) []optionView {
	out := []optionView{{Value: "", Label: "All clauses", Selected: selected == ""}}
	found := selected == ""
	for _, c := range isms.ScoreClauses() {
		out = append(out, optionView{Value: c.Number, Label: c.Number + " " + c.Title, Selected: c.Number == selected})
		found = found || c.Number == selected
	}
	if !found {
		out = append(out, optionView{Value: selected, Label: selected, Selected: true})
	}
	return out
}

// emptyFindings is what the page says when the filters leave no finding.
func emptyFindings(f app.ReadinessFilter) readinessEmpty {
	in := ""
	if f.Clause != "" {
		in = " in clause " + f.Clause
	}
	switch f.Severity {
	case isms.SeverityBlocker:
		return readinessEmpty{Title: "No blockers" + in,
			Text: "Nothing found here would be a nonconformity at a certification audit. Look at the warnings next: an auditor would likely note them.",
			Link: "/readiness?" + readinessQuery(app.ReadinessFilter{Severity: isms.SeverityWarning, Clause: f.Clause}).Encode() + "#findings", Label: "Show the warnings"}
	case isms.SeverityWarning:
		return readinessEmpty{Title: "No warnings" + in,
			Text: "Nothing found here would likely be noted by an auditor. The hints are good practice worth a look when the rest is done.",
			Link: "/readiness?" + readinessQuery(app.ReadinessFilter{Severity: isms.SeverityHint, Clause: f.Clause}).Encode() + "#findings", Label: "Show the hints"}
	case isms.SeverityHint:
		return readinessEmpty{Title: "No hints" + in, Text: "Every good-practice rule passes here.",
			Link: "/readiness#findings", Label: "Show every finding"}
	}
	if f.Clause != "" {
		return readinessEmpty{Title: "No findings" + in, Text: "Every rule of this clause passes. Keep its records current: the result follows every change to them, and each new day.",
			Link: "/readiness#findings", Label: "Show every finding"}
	}
	return readinessEmpty{Title: "No findings",
		Text: "Every rule passes: an auditor would find the records they expect at stage 1. Keep them current: the result follows every change to them, and each new day.",
		Link: "/roadmap", Label: "Open the roadmap"}
}

// dashboardReadiness is the dashboard's readiness card: the check's
// result without its findings; nil for those who may not read the ISMS.
func (s *Server) dashboardReadiness(r *http.Request) (*isms.Readiness, error) {
	a := actor(r)
	if !a.Can(isms.ReadISMS) {
		return nil, nil
	}
	return s.app.Check(r.Context(), a, app.ReadinessFilter{Severity: isms.SeverityBlocker})
}

// readinessColumns are the columns of the findings' CSV export.
var readinessColumns = []string{"Rule", "Clause", "Severity", "Message", "Records", "Fix"}

// handleReadinessExportCSV sends the findings, narrowed by the page's
// filters, as CSV: one row per finding, its records joined in one cell.
func (s *Server) handleReadinessExportCSV(w http.ResponseWriter, r *http.Request) error {
	f := readinessFilter(r)
	res, err := s.app.Check(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	t := &report.Table{Title: "Readiness findings", Columns: readinessColumns}
	for _, x := range res.Findings {
		t.Rows = append(t.Rows, []string{x.Rule, x.Clause, string(x.Severity), x.Message, recordsText(x), x.Fix})
	}
	t.Meta = append(s.exportMeta(r, t.Title), [2]string{"Score", strconv.Itoa(res.Score)},
		[2]string{"Checked at", res.At.UTC().Format(time.RFC3339)})
	if f.Severity != "" {
		t.Meta = append(t.Meta, [2]string{"Severity", string(f.Severity)})
	}
	if f.Clause != "" {
		t.Meta = append(t.Meta, [2]string{"Clause", f.Clause})
	}
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, t); err != nil {
		return err
	}
	return sendFile(w, "text/csv; charset=utf-8", s.readinessFileName("csv"), &buf)
}

// handleReadinessExportJSON sends the check's result, narrowed by the
// page's filters, in the API's encoding.
func (s *Server) handleReadinessExportJSON(w http.ResponseWriter, r *http.Request) error {
	res, err := s.app.Check(r.Context(), actor(r), readinessFilter(r))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		return fmt.Errorf("encode readiness: %w", err)
	}
	return sendFile(w, "application/json", s.readinessFileName("json"), &buf)
}

// readinessFileName names an export of the check made now.
func (s *Server) readinessFileName(ext string) string {
	return "readiness-" + s.app.Now().UTC().Format("20060102-150405") + "." + ext
}

// recordsText lists a finding's records in one cell: "R-1 Laptop theft;
// R-2 Flood; and 3 more".
func recordsText(f isms.Finding) string {
	parts := make([]string, 0, len(f.Records)+1)
	for _, rec := range f.Records {
		parts = append(parts, rec.Label())
	}
	if f.More > 0 {
		parts = append(parts, "and "+strconv.Itoa(f.More)+" more")
	}
	return strings.Join(parts, "; ")
}

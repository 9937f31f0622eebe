// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Nonconformities (ISO/IEC 27001 10.2): the register with its overview
// (open ones by age and grade, overdue corrective actions, effectiveness
// checks due) and trends by source and clause. Each nonconformity's page
// with its workflow is in nonconformity_show.go, the forms in
// nonconformity_form.go, the JSON API in nonconformity_api.go.

func init() {
	addPhrases(map[string]string{
		"nonconformity.create": "raised a nonconformity", "nonconformity.update": "changed a nonconformity",
		"nonconformity.delete":          "deleted a nonconformity",
		"nonconformity.correction":      "recorded the correction of a nonconformity",
		"nonconformity.root_cause":      "recorded the root cause of a nonconformity",
		"nonconformity.similar":         "recorded the search for nonconformities similar to one",
		"nonconformity.action":          "added a corrective action to a nonconformity",
		"nonconformity.check_scheduled": "scheduled the effectiveness check of a nonconformity",
		"nonconformity.check":           "recorded the effectiveness check of a nonconformity",
	})
}

var ncColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "title", Label: "Title"}, {Key: "grade", Label: "Grade"}, {Label: "Source"},
	{Key: "status", Label: "Status"}, {Key: "detectedOn", Label: "Detected"}, {Label: "Age (days)", Numeric: true}, {Label: "Owner"},
	{Label: "Actions open / closed", Numeric: true}, {Key: "checkDue", Label: "Check due"},
}

// ncSortKeys are the list's sort keys.
var ncSortKeys = sortValues("ref", "title", "grade", "status", "detectedOn", "checkDue", "updated")

// ncURL is the address of nonconformity id's page.
func ncURL(id isms.ID) string { return "/nonconformities/" + url.PathEscape(string(id)) }

// ncRow is a nonconformity as the list shows it.
type ncRow struct {
	NC  *isms.Nonconformity
	Age int
}

func ncRecord(today isms.Date) func(n *isms.Nonconformity) []string {
	return func(n *isms.Nonconformity) []string {
		return []string{n.Ref, n.Title, n.Grade.Label(), n.Source.Label(), n.Status.Label(), n.DetectedOn.String(),
			strconv.Itoa(n.AgeDays(today)), n.OwnerName, strconv.Itoa(n.ActionsOpen) + " / " + strconv.Itoa(n.ActionsClosed), n.CheckDue.String()}
	}
}

// ncFilterValues are the list's filters as the URL gives them.
type ncFilterValues struct {
	Status, Grade, Source, Owner, Search string
	Open                                 bool
}

// enumOptions lists values for a select, after a first empty option.
func enumOptions[T interface {
	~string
	Label() string
}](first string, values []T) [][2]string {
	out := [][2]string{{"", first}}
	for _, v := range values {
		out = append(out, [2]string{string(v), v.Label()})
	}
	return out
}

// readNCFilter reads the list's filters, recording what it cannot read
// in p.
func (s *Server) readNCFilter(r *http.Request, p isms.Problems) (ncFilterValues, isms.NCFilter, error) {
	q := r.URL.Query()
	v := ncFilterValues{Status: q.Get("status"), Grade: q.Get("grade"), Source: q.Get("source"),
		Owner: strings.TrimSpace(q.Get("owner")), Search: strings.TrimSpace(q.Get("q")), Open: q.Get("open") != ""}
	f := isms.NCFilter{Status: isms.NCStatus(v.Status), Grade: isms.NCGrade(v.Grade), Source: isms.NCSource(v.Source),
		Open: v.Open, Search: v.Search}
	if f.Status != "" && !f.Status.Valid() {
		p.Add("status", "Status must be open, in_action, verifying or closed.")
	}
	if f.Grade != "" && !f.Grade.Valid() {
		p.Add("grade", "Grade must be major or minor.")
	}
	if f.Source != "" && !f.Source.Valid() {
		p.Add("source", "Choose a source from the list.")
	}
	return v, f, s.ownerFilter(r, v.Owner, &f.OwnerID, p)
}

// ncTrendRow is one key's counts in the trend tables.
type ncTrendRow struct {
	isms.NCTrend
	Change string // "+2", "−1", "="
}

func trendRows(list []isms.NCTrend) []ncTrendRow {
	out := make([]ncTrendRow, len(list))
	for i, t := range list {
		out[i] = ncTrendRow{NCTrend: t, Change: signedChange(t.Count - t.Previous)}
	}
	return out
}

// signedChange writes a difference with its sign.
func signedChange(d int) string {
	switch {
	case d > 0:
		return "+" + strconv.Itoa(d)
	case d < 0:
		return "−" + strconv.Itoa(-d)
	}
	return "="
}

// trendPeriod is the period of the trends: the last 12 months up to
// today; the trends compare it with the 12 months before.
func trendPeriod(today isms.Date) (since, until isms.Date) {
	return isms.DateOf(today.Time().AddDate(-1, 0, 1)), today
}

type ncIndexPage struct {
	basePage
	List         *listResult[*isms.Nonconformity]
	Rows         []ncRow
	Filter       ncFilterValues
	Statuses     [][2]string
	Grades       [][2]string
	Sources      [][2]string
	Overview     *app.NCOverview
	OpenTotal    int
	BySource     []ncTrendRow
	ByClause     []ncTrendRow
	Since, Until isms.Date
	Today        isms.Date
	CanEdit      bool
}

func (s *Server) handleNCIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	p := isms.Problems{}
	fv, f, err := s.readNCFilter(r, p)
	if err != nil {
		return err
	}
	if err := p.Err(); err != nil {
		return err
	}
	today := isms.DateOf(s.app.Now())
	spec := listSpec[*isms.Nonconformity]{
		Title: "Nonconformities", Columns: ncColumns, DefaultSort: "-detectedOn",
		Fetch: func(q listQuery) ([]*isms.Nonconformity, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.ListNonconformities(r.Context(), a, f)
		},
		Record: ncRecord(today),
		Filters: func(listQuery) [][2]string {
			open := ""
			if fv.Open {
				open = "yes"
			}
			return [][2]string{{"Status", fv.Status}, {"Grade", fv.Grade}, {"Source", fv.Source}, {"Owner", fv.Owner},
				{"Open only", open}, {"Search", fv.Search}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	pg := &ncIndexPage{List: list, Filter: fv, Today: today, CanEdit: a.Can(isms.EditImprovement),
		Statuses: enumOptions("Any status", isms.NCStatuses), Grades: enumOptions("Any grade", isms.NCGrades),
		Sources: enumOptions("Any source", isms.NCSources)}
	for _, n := range list.Items {
		pg.Rows = append(pg.Rows, ncRow{NC: n, Age: n.AgeDays(today)})
	}
	if pg.Overview, err = s.app.NonconformityOverview(r.Context(), a); err != nil {
		return err
	}
	for _, b := range pg.Overview.OpenByAge {
		pg.OpenTotal += b.Major + b.Minor
	}
	pg.Since, pg.Until = trendPeriod(today)
	bySource, byClause, err := s.app.NonconformityTrends(r.Context(), a, pg.Since, pg.Until)
	if err != nil {
		return err
	}
	pg.BySource, pg.ByClause = trendRows(bySource), trendRows(byClause)
	pg.Title = "Nonconformities"
	return s.render(w, r, http.StatusOK, "nonconformity_index", pg)
}

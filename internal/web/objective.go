// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Information security objectives (ISO/IEC 27001 6.2): the register, each
// objective's page with the states of the metrics that measure it, and
// the form (objective_routes.go).

func init() {
	addPhrases(map[string]string{
		"objective.create": "recorded an objective", "objective.update": "changed an objective", "objective.delete": "deleted an objective",
	})
}

var objectiveColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "statement", Label: "Objective"}, {Label: "Target"}, {Label: "Progress"},
	{Label: "Metrics"}, {Key: "owner", Label: "Owner"}, {Key: "dueOn", Label: "Due"}, {Key: "status", Label: "Status"},
}

// objectiveSortKeys are the objective list's sort keys.
var objectiveSortKeys = sortValues("ref", "statement", "status", "owner", "dueOn", "updated")

// objectiveMetricView is a metric that measures an objective, as its
// pages show it.
type objectiveMetricView struct {
	ID         isms.ID
	Ref, Name  string
	State      isms.MetricState
	StateLabel string
	Chip       string
	Latest     string // the latest value with its unit; "" when none
	LatestOn   isms.Date
	Target     string // "at least 95 %", "at most 5 days"
}

// objectiveRow is an objective as the list and its page show it.
type objectiveRow struct {
	O            *isms.Objective
	Metrics      []objectiveMetricView
	Progress     isms.ObjectiveProgress
	ProgressChip string
	StatusChip   string
	Overdue      bool
}

// objectiveNumber writes a number without needless decimals.
func objectiveNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// objectiveValue joins a number and its unit ("97 %", "3 days").
func objectiveValue(f float64, unit string) string {
	if unit == "" {
		return objectiveNumber(f)
	}
	return objectiveNumber(f) + " " + unit
}

// objectiveMetricChip is the chip class of a metric state.
func objectiveMetricChip(s isms.MetricState) string {
	switch s {
	case isms.MetricOnTarget:
		return "chip-ok"
	case isms.MetricWarning:
		return "chip-warn"
	case isms.MetricOffTarget, isms.MetricOverdue:
		return "chip-bad"
	}
	return "chip-muted"
}

// objectiveProgressChip is the chip class of an objective's progress.
func objectiveProgressChip(p isms.ObjectiveProgress) string {
	switch p {
	case isms.ProgressOnTrack:
		return "chip-ok"
	case isms.ProgressWatch:
		return "chip-warn"
	case isms.ProgressAtRisk:
		return "chip-bad"
	}
	return "chip-muted"
}

// objectiveStatusChip is the chip class of an objective's status.
func objectiveStatusChip(s isms.ObjectiveStatus) string {
	switch s {
	case isms.ObjectiveAchieved:
		return "chip-ok"
	case isms.ObjectiveNotAchieved:
		return "chip-bad"
	case isms.ObjectiveCancelled:
		return "chip-muted"
	}
	return "chip-info"
}

// newObjectiveRow returns the row of v.
func newObjectiveRow(v *app.ObjectiveView) objectiveRow {
	row := objectiveRow{O: v.Objective, Progress: v.Progress, ProgressChip: objectiveProgressChip(v.Progress),
		StatusChip: objectiveStatusChip(v.Objective.Status), Overdue: v.Overdue}
	for _, s := range v.Metrics {
		m := s.Metric
		mv := objectiveMetricView{ID: m.ID, Ref: m.Ref, Name: m.Name, State: s.State, StateLabel: s.State.Label(),
			Chip: objectiveMetricChip(s.State), Target: "at least " + objectiveValue(m.Target, m.Unit)}
		if m.Direction == isms.LowerIsBetter {
			mv.Target = "at most " + objectiveValue(m.Target, m.Unit)
		}
		if s.Latest != nil {
			mv.Latest, mv.LatestOn = objectiveValue(s.Latest.Value, m.Unit), s.Latest.MeasuredOn
		}
		row.Metrics = append(row.Metrics, mv)
	}
	return row
}

// metricsText is the metrics of row as one line of text, for exports:
// "M-1 Patch compliance: On target (97 %, 2026-03-01; target at least 95 %)".
func (row objectiveRow) metricsText() string {
	parts := make([]string, 0, len(row.Metrics))
	for _, m := range row.Metrics {
		latest := "no measurement"
		if m.Latest != "" {
			latest = m.Latest + ", " + m.LatestOn.String()
		}
		parts = append(parts, m.Ref+" "+m.Name+": "+m.StateLabel+" ("+latest+"; target "+m.Target+")")
	}
	return strings.Join(parts, "; ")
}

func objectiveRecord(v *app.ObjectiveView) []string {
	row := newObjectiveRow(v)
	o, due := v.Objective, v.Objective.DueOn.String()
	if v.Overdue {
		due += " (overdue)"
	}
	return []string{o.Ref, o.Statement, o.Target, v.Progress.Label(), row.metricsText(), o.OwnerName, due, o.Status.Label()}
}

type objectiveListPage struct {
	basePage
	List       *listResult[*app.ObjectiveView]
	Rows       []objectiveRow
	Filter     objectiveFilterValues
	Statuses   [][2]string
	Progresses [][2]string
	Owners     [][2]string
	CanEdit    bool
}

// objectiveFilterValues are the list's filters as the URL gives them.
type objectiveFilterValues struct {
	Status, Owner, Progress, DueBefore, Search string
	Overdue                                    bool
}

// objectiveStatusOptions lists the statuses for a select.
func objectiveStatusOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, st := range isms.ObjectiveStatuses {
		out = append(out, [2]string{string(st), st.Label()})
	}
	return out
}

// readObjectiveFilter reads the list's filters from the URL, recording
// the values it cannot read in p.
func (s *Server) readObjectiveFilter(r *http.Request, p isms.Problems) (objectiveFilterValues, app.ObjectiveFilter, error) {
	q := r.URL.Query()
	v := objectiveFilterValues{Status: q.Get("status"), Owner: q.Get("owner"), Progress: q.Get("progress"),
		DueBefore: q.Get("dueBefore"), Search: strings.TrimSpace(q.Get("q")), Overdue: q.Get("overdue") != ""}
	f := app.ObjectiveFilter{ObjectiveFilter: isms.ObjectiveFilter{Status: isms.ObjectiveStatus(v.Status), Search: v.Search},
		Progress: isms.ObjectiveProgress(v.Progress)}
	if v.Status != "" && !contains(enumStrings(isms.ObjectiveStatuses...), v.Status) {
		p.Add("status", "Status must be planned, in_progress, achieved, not_achieved or cancelled.")
	}
	if v.Progress != "" && !contains(enumStrings(isms.ObjectiveProgresses...), v.Progress) {
		p.Add("progress", "Progress must be on_track, watch, at_risk or unknown.")
	}
	d, err := isms.ParseDate(strings.TrimSpace(v.DueBefore))
	if err != nil {
		p.Add("dueBefore", "Due before must be a date, YYYY-MM-DD.")
	}
	f.DueBefore = d
	if v.Overdue {
		f.OverdueOn = isms.DateOf(s.app.Now())
	}
	return v, f, s.ownerFilter(r, v.Owner, &f.OwnerID, p)
}

func (s *Server) handleObjectiveIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	p := isms.Problems{}
	fv, f, err := s.readObjectiveFilter(r, p)
	if err != nil {
		return err
	}
	if err := p.Err(); err != nil {
		return err
	}
	spec := listSpec[*app.ObjectiveView]{
		Title: "Information security objectives", Columns: objectiveColumns, DefaultSort: "ref",
		Fetch: func(q listQuery) ([]*app.ObjectiveView, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.FindObjectives(r.Context(), a, f)
		},
		Record: objectiveRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Status", fv.Status}, {"Owner", fv.Owner}, {"Progress", fv.Progress}, {"Due before", fv.DueBefore},
				{"Overdue only", map[bool]string{true: "yes"}[fv.Overdue]}, {"Search", fv.Search}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	pg := &objectiveListPage{List: list, Filter: fv, Statuses: objectiveStatusOptions("Any status"), CanEdit: a.Can(isms.EditObjectives)}
	pg.Progresses = [][2]string{{"", "Any progress"}}
	for _, pr := range isms.ObjectiveProgresses {
		pg.Progresses = append(pg.Progresses, [2]string{string(pr), pr.Label()})
	}
	owners, err := s.memberOptions(r, "Anyone")
	if err != nil {
		return err
	}
	pg.Owners = append([][2]string{owners[0], {"me", "Me"}}, owners[1:]...)
	for _, v := range list.Items {
		pg.Rows = append(pg.Rows, newObjectiveRow(v))
	}
	pg.Title = "Objectives"
	return s.render(w, r, http.StatusOK, "objective_index", pg)
}

type objectiveShowPage struct {
	basePage
	Row      objectiveRow
	Links    []app.RecordLink
	History  []*isms.AuditEvent
	CanEdit  bool
	CanAudit bool
}

func (s *Server) handleObjectiveShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	v, err := s.app.FindObjective(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	o := v.Objective
	p := &objectiveShowPage{Row: newObjectiveRow(v), CanEdit: a.Can(isms.EditObjectives), CanAudit: a.Can(isms.ReadAuditTrail)}
	if p.Links, err = s.app.RecordLinks(r.Context(), a, isms.Link{Type: "objective", ID: o.ID}); err != nil {
		return err
	}
	if p.CanAudit {
		p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "objective", ObjectID: o.ID, Desc: true, Limit: 20})
		if err != nil {
			return err
		}
	}
	p.Title = o.Ref + " " + o.Statement
	return s.render(w, r, http.StatusOK, "objective_show", p)
}

func (s *Server) handleObjectiveDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.DeleteObjective(r.Context(), actor(r), pathID(r)); err != nil {
		return err
	}
	s.flash(w, "ok", "Objective deleted.")
	http.Redirect(w, r, "/objectives", http.StatusSeeOther)
	return nil
}

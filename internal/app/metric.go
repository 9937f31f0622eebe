// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Metrics (27001 9.1) say what the ISMS monitors and measures, how, how
// often, who measures and who analyses the results, and which value is
// wanted. Each metric's frequency drives a recurring "measure" task
// (metric_schedule.go); its measurements are in measurement.go.

// Object types of metrics and measurements in the audit trail and links.
const (
	objectMetric      = "metric"
	objectMeasurement = "measurement"
)

func init() {
	linkables[objectMetric] = linkable{
		label: "metric",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			m, err := tx.FindMetricByID(ctx, org, isms.ID(ref))
			if err != nil {
				return "", "", err
			}
			return m.ID, "Metric " + m.Ref + ": " + m.Name, nil
		},
	}
}

// MetricInput is a metric as a form or the API gives it. Target and
// Warning are numbers as text (Warning "" for none); Frequency is a
// recurrence rule ("every month", "quarterly"); MeasuredBy and AnalysedBy
// are user IDs. Controls and Processes are references or IDs; nil leaves
// the links as they are.
type MetricInput struct {
	Name, Description, Method, Unit, Direction, Target, Warning, Frequency, MeasuredBy, AnalysedBy, Analysis string

	Controls, Processes []string // what it measures
}

// ParseNumber reads a number as people type it: spaces around it are
// ignored and a single decimal comma is read as a point ("97,5").
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// apply sets the plain fields of m from in, recording what cannot be
// read in p.
func (in MetricInput) apply(m *isms.Metric, p isms.Problems) {
	m.Name, m.Description, m.Method, m.Unit, m.Analysis = in.Name, in.Description, in.Method, in.Unit, in.Analysis
	m.Direction = isms.MetricDirection(strings.ToLower(strings.TrimSpace(in.Direction)))
	if strings.TrimSpace(in.Target) == "" {
		p.Add("target", "Target is required: the value the metric should reach.")
	} else if v, ok := ParseNumber(in.Target); ok {
		m.Target = v
	} else {
		p.Add("target", "Target must be a number, such as 95 or 2.5.")
	}
	m.Warning = nil
	if strings.TrimSpace(in.Warning) != "" {
		if v, ok := ParseNumber(in.Warning); ok {
			m.Warning = &v
		} else {
			p.Add("warning", "Warning threshold must be a number, or empty for none.")
		}
	}
	m.Frequency = isms.Recurrence{}
	if strings.TrimSpace(in.Frequency) == "" {
		p.Add("frequency", `Frequency is required: how often it is measured, such as "every month" or "quarterly".`)
	} else if r, err := isms.ParseRecurrence(in.Frequency); err != nil {
		p.Add("frequency", isms.ErrorMessage(err))
	} else {
		m.Frequency = r
	}
}

// applyMembers sets who measures and who analyses m, checking both are
// active members.
func (in MetricInput) applyMembers(ctx context.Context, tx *sqldb.Tx, m *isms.Metric, p isms.Problems) error {
	var err error
	m.MeasuredBy, m.MeasuredByName, err = metricMember(ctx, tx, m.OrgID, in.MeasuredBy, "measuredBy", "who measures", p)
	if err != nil {
		return err
	}
	m.AnalysedBy, m.AnalysedByName, err = metricMember(ctx, tx, m.OrgID, in.AnalysedBy, "analysedBy", "who analyses and evaluates the results", p)
	return err
}

// metricMember reads a member field: required, an active member.
func metricMember(ctx context.Context, tx *sqldb.Tx, org isms.ID, id, field, label string, p isms.Problems) (isms.ID, string, error) {
	uid := isms.ID(strings.TrimSpace(id))
	if uid == "" {
		p.Add(field, "Choose "+label+".")
		return "", "", nil
	}
	name, err := activeMemberName(ctx, tx, org, uid, field, p)
	return uid, name, err
}

// formatNumber writes a number without needless decimals ("95", "2.5").
func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// metricFields are the fields of m as the audit trail records them.
func metricFields(m *isms.Metric) []fieldDiff {
	warning := ""
	if m.Warning != nil {
		warning = formatNumber(*m.Warning)
	}
	return []fieldDiff{{"name", nil, m.Name}, {"description", nil, m.Description}, {"method", nil, m.Method},
		{"unit", nil, m.Unit}, {"direction", nil, string(m.Direction)}, {"target", nil, formatNumber(m.Target)},
		{"warning", nil, warning}, {"frequency", nil, m.Frequency.String()}, {"measuredBy", nil, m.MeasuredByName},
		{"analysedBy", nil, m.AnalysedByName}, {"analysis", nil, m.Analysis}}
}

// metricKind describes the metric register to the generic use cases. Its
// insert also creates the metric's schedule as actor, in the same
// transaction.
func (a *App) metricKind(actor isms.Actor) recordKind[*isms.Metric] {
	return recordKind[*isms.Metric]{
		object: objectMetric, label: "metric", edit: isms.EditObjectives,
		id:     func(m *isms.Metric) isms.ID { return m.ID },
		ver:    func(m *isms.Metric) int { return m.Version },
		fields: metricFields,
		find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.Metric, error) {
			return tx.FindMetricByID(ctx, org, id)
		},
		insert: func(ctx context.Context, tx *sqldb.Tx, m *isms.Metric) error {
			if err := tx.InsertMetric(ctx, m); err != nil {
				return err
			}
			return a.syncMetricSchedule(ctx, tx, actor, m)
		},
		update: func(ctx context.Context, tx *sqldb.Tx, m *isms.Metric, version int) error {
			return tx.UpdateMetric(ctx, m, version)
		},
		remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error { return tx.DeleteMetric(ctx, org, id) },
	}
}

// fillMetric returns the fill function of the metric form: it applies in,
// validates everything at once and sets the links.
func fillMetric(ctx context.Context, in MetricInput) fillFunc[*isms.Metric] {
	return func(tx *sqldb.Tx, m *isms.Metric) (isms.Changes, error) {
		p := isms.Problems{}
		in.apply(m, p)
		if err := in.applyMembers(ctx, tx, m, p); err != nil {
			return nil, err
		}
		if err := mergeProblems(p, m.Validate()); err != nil {
			return nil, err
		}
		ch := isms.Changes{}
		from := isms.Link{Type: objectMetric, ID: m.ID}
		for _, l := range []struct {
			typ, field string
			refs       []string
		}{{objectControl, "controls", in.Controls}, {"isms_process", "processes", in.Processes}} {
			if l.refs == nil {
				continue
			}
			c, err := setRecordLinks(ctx, tx, m.OrgID, from, l.typ, l.refs, l.field, p)
			if err != nil {
				return nil, err
			}
			for k, v := range c {
				ch[k] = v
			}
		}
		return ch, nil
	}
}

// CreateMetric records a new metric with the next free reference ("M-4")
// and, in the same transaction, the recurring activity that gives who
// measures it a "measure" task at its frequency.
func (a *App) CreateMetric(ctx context.Context, actor isms.Actor, in MetricInput) (*isms.Metric, error) {
	m := &isms.Metric{ID: isms.NewID("met"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	fill := fillMetric(ctx, in)
	return createRecord(ctx, a, actor, a.metricKind(actor), m, func(tx *sqldb.Tx, m *isms.Metric) (isms.Changes, error) {
		ch, err := fill(tx, m)
		if err != nil {
			return nil, err
		}
		m.Ref, m.Number, err = nextRecordRef(ctx, tx, m.OrgID, "metrics", "M-")
		if err == nil {
			ch["ref"] = isms.Change{After: m.Ref}
		}
		return ch, err
	})
}

// UpdateMetric changes metric id (an ID or reference), edited at version.
// A new frequency, measurer or name is carried to its schedule and the
// open "measure" tasks still to come.
func (a *App) UpdateMetric(ctx context.Context, actor isms.Actor, id isms.ID, version int, in MetricInput) (*isms.Metric, error) {
	fill := fillMetric(ctx, in)
	return updateRecord(ctx, a, actor, a.metricKind(actor), id, version, func(tx *sqldb.Tx, m *isms.Metric) (isms.Changes, error) {
		ch, err := fill(tx, m)
		if err != nil {
			return nil, err
		}
		return ch, a.syncMetricSchedule(ctx, tx, actor, m)
	})
}

// DeleteMetric deletes metric id with its measurements and links, and
// deactivates its schedule (the measure tasks still to come are
// cancelled; done and overdue ones stay).
func (a *App) DeleteMetric(ctx context.Context, actor isms.Actor, id isms.ID) error {
	return deleteRecord(ctx, a, actor, a.metricKind(actor), id, func(tx *sqldb.Tx, m *isms.Metric) error {
		return a.stopMetricSchedule(ctx, tx, actor, m)
	})
}

// FindMetric returns metric id (an ID or reference) to anyone who reads
// the ISMS.
func (a *App) FindMetric(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.Metric, error) {
	return findRecord(ctx, a, actor, a.metricKind(actor), id)
}

// MetricSummary is a metric with its latest measurement and where it
// stands today.
type MetricSummary struct {
	Metric *isms.Metric
	Latest *isms.Measurement // nil when none
	State  isms.MetricState
}

// summarize returns the summaries of list with the latest measurements.
func (a *App) summarize(ctx context.Context, tx *sqldb.Tx, org isms.ID, list []*isms.Metric) ([]MetricSummary, error) {
	ids := make([]isms.ID, len(list))
	for i, m := range list {
		ids[i] = m.ID
	}
	latest, err := tx.LatestMeasurements(ctx, org, ids)
	if err != nil {
		return nil, err
	}
	today := a.today()
	out := make([]MetricSummary, len(list))
	for i, m := range list {
		l := latest[m.ID]
		out[i] = MetricSummary{Metric: m, Latest: l, State: m.State(l, today)}
	}
	return out, nil
}

// MetricSummaries returns the metrics ids of the actor's organization in
// the order of ids, each with its latest measurement and state; unknown
// IDs are skipped.
func (a *App) MetricSummaries(ctx context.Context, actor isms.Actor, ids []isms.ID) ([]MetricSummary, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see metrics."); err != nil {
		return nil, err
	}
	var out []MetricSummary
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		list, err := tx.FindMetricsByIDs(ctx, actor.OrgID, ids)
		if err != nil {
			return err
		}
		sums, err := a.summarize(ctx, tx, actor.OrgID, list)
		if err != nil {
			return err
		}
		byID := map[isms.ID]MetricSummary{}
		for _, s := range sums {
			byID[s.Metric.ID] = s
		}
		for _, id := range ids {
			if s, ok := byID[id]; ok {
				out = append(out, s)
				delete(byID, id)
			}
		}
		return nil
	})
	return out, err
}

// MetricFilter selects metrics for the list: text in the reference, name
// or description, who measures them and their state today. Sort is
// "ref", "name", "updated", "state" or "latest" (the date of the latest
// measurement), "-" prefixed for descending.
type MetricFilter struct {
	Text       string
	MeasuredBy isms.ID
	State      isms.MetricState
	Sort       string
	Limit      int
	Offset     int
}

// maxMetricsRanked bounds how many metrics a list filtered or sorted by
// state reads: states are worked out in Go, not SQL. An organization
// keeps dozens of metrics, far below it.
const maxMetricsRanked = isms.MaxPageSize

// FindMetrics returns a page of the metrics of the actor's organization
// matching f, each with its latest measurement and state, and the total
// matching.
func (a *App) FindMetrics(ctx context.Context, actor isms.Actor, f MetricFilter) ([]MetricSummary, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see metrics."); err != nil {
		return nil, 0, err
	}
	if f.State != "" && !slices.Contains(isms.MetricStates, f.State) {
		return nil, 0, isms.Problems{"state": "State must be on_target, warning, off_target, overdue or no_data."}.Err()
	}
	key := strings.TrimPrefix(f.Sort, "-")
	ranked := f.State != "" || key == "state" || key == "latest"
	var out []MetricSummary
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		sf := sqldb.MetricFilter{Text: f.Text, MeasuredBy: f.MeasuredBy}
		limit, offset := f.Limit, f.Offset
		if ranked {
			limit, offset = maxMetricsRanked, 0
		}
		list, n, err := tx.FindMetrics(ctx, actor.OrgID, sf, f.Sort, limit, offset)
		if err != nil {
			return err
		}
		if out, err = a.summarize(ctx, tx, actor.OrgID, list); err != nil {
			return err
		}
		total = n
		return nil
	})
	if err != nil || !ranked {
		return out, total, err
	}
	out = rankMetrics(out, f.State, f.Sort)
	total = len(out)
	from := min(max(f.Offset, 0), total)
	return out[from:min(from+isms.ClampPage(f.Limit), total)], total, nil
}

// rankMetrics keeps the summaries in state (all when ""), ordered by
// sort when it is by state or latest measurement (else by reference).
func rankMetrics(list []MetricSummary, state isms.MetricState, sort string) []MetricSummary {
	out := list[:0]
	for _, s := range list {
		if state == "" || s.State == state {
			out = append(out, s)
		}
	}
	desc := strings.HasPrefix(sort, "-")
	cmp := func(x, y MetricSummary) int {
		switch strings.TrimPrefix(sort, "-") {
		case "state":
			return slices.Index(isms.MetricStates, x.State) - slices.Index(isms.MetricStates, y.State)
		case "latest":
			return latestDay(x).Time().Compare(latestDay(y).Time())
		}
		return x.Metric.Number - y.Metric.Number
	}
	slices.SortStableFunc(out, func(x, y MetricSummary) int {
		c := cmp(x, y)
		if desc {
			c = -c
		}
		if c == 0 {
			c = x.Metric.Number - y.Metric.Number
		}
		return c
	})
	return out
}

func latestDay(s MetricSummary) isms.Date {
	if s.Latest == nil {
		return isms.Date{}
	}
	return s.Latest.MeasuredOn
}

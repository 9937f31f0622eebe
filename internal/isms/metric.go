// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"math"
	"strings"
	"time"
)

// Monitoring, measurement, analysis and evaluation (27001 9.1): a metric
// says what is measured, how, how often, by whom and what result is
// wanted; measurements are its results over time.

// MetricDirection says which way a metric's value is better.
type MetricDirection string

// The directions.
const (
	HigherIsBetter MetricDirection = "higher"
	LowerIsBetter  MetricDirection = "lower"
)

// MetricDirections lists the directions in display order.
var MetricDirections = []MetricDirection{HigherIsBetter, LowerIsBetter}

// MetricState is where a metric stands by its latest measurement.
type MetricState string

// The metric states.
const (
	MetricOnTarget  MetricState = "on_target"
	MetricWarning   MetricState = "warning"    // between the warning threshold and the target
	MetricOffTarget MetricState = "off_target" // beyond the warning threshold, or the target when none
	// MetricOverdue: the next measurement was due before today, or there is
	// none yet and the metric is older than one period.
	MetricOverdue MetricState = "overdue"
	MetricNoData  MetricState = "no_data"
)

// MetricStates lists the states in display order.
var MetricStates = []MetricState{MetricOnTarget, MetricWarning, MetricOffTarget, MetricOverdue, MetricNoData}

// Label returns the state as people read it.
func (s MetricState) Label() string {
	switch s {
	case MetricOnTarget:
		return "On target"
	case MetricWarning:
		return "Warning"
	case MetricOffTarget:
		return "Off target"
	case MetricOverdue:
		return "Measurement overdue"
	}
	return "No data"
}

// Metric is something the ISMS measures to evaluate its performance and
// effectiveness.
type Metric struct {
	ID          ID              `json:"id"`
	OrgID       ID              `json:"organizationId"`
	Ref         string          `json:"ref"` // "M-3"; never changes
	Number      int             `json:"-"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Method      string          `json:"method"` // how it is measured, so that results compare
	Unit        string          `json:"unit"`   // "%", "days", "incidents"
	Direction   MetricDirection `json:"direction"`
	Target      float64         `json:"target"`
	Warning     *float64        `json:"warning"` // nil: no warning threshold
	Frequency   Recurrence      `json:"frequency"`
	// ScheduleID is the recurring activity that creates the "measure" tasks.
	ScheduleID     ID        `json:"scheduleId,omitempty"`
	MeasuredBy     ID        `json:"measuredBy,omitempty"`
	MeasuredByName string    `json:"measuredByName,omitempty"`
	AnalysedBy     ID        `json:"analysedBy,omitempty"`
	AnalysedByName string    `json:"analysedByName,omitempty"`
	Analysis       string    `json:"analysis"`
	CreatedBy      ID        `json:"createdBy,omitempty"`
	CreatedAt      time.Time `json:"createdAt"`
	UpdatedAt      time.Time `json:"updatedAt"`
	Version        int       `json:"version"`
}

// Measurement is one result of a metric.
type Measurement struct {
	ID             ID        `json:"id"`
	OrgID          ID        `json:"organizationId"`
	MetricID       ID        `json:"metricId"`
	Value          float64   `json:"value"`
	MeasuredOn     Date      `json:"measuredOn"`
	MeasuredBy     ID        `json:"measuredBy,omitempty"`
	MeasuredByName string    `json:"measuredByName,omitempty"`
	Comment        string    `json:"comment"`
	EvidenceID     ID        `json:"evidenceId,omitempty"`
	CreatedBy      ID        `json:"createdBy,omitempty"`
	CreatedAt      time.Time `json:"createdAt"`
}

// Validate reports every problem with m at once. The frequency must be a
// valid rule; who measures and analyses are checked against the members
// by the caller.
func (m *Metric) Validate() error {
	p := Problems{}
	m.Name, m.Description, m.Method = strings.TrimSpace(m.Name), strings.TrimSpace(m.Description), strings.TrimSpace(m.Method)
	m.Unit, m.Analysis = strings.TrimSpace(m.Unit), strings.TrimSpace(m.Analysis)
	checkName(p, "name", "Name", m.Name)
	checkText(p, "description", "Description", m.Description)
	if m.Method == "" {
		p.Add("method", "Method is required: say how the value is measured, so that results are comparable and can be reproduced.")
	}
	checkText(p, "method", "Method", m.Method)
	if len(m.Unit) > 50 {
		p.Add("unit", "Unit must be at most 50 characters.")
	}
	if !oneOf(m.Direction, MetricDirections) {
		p.Add("direction", "Direction must be higher or lower (which way is better).")
	}
	if !finite(m.Target) {
		p.Add("target", "Target must be a number.")
	}
	m.checkWarning(p)
	if !m.Frequency.Valid() {
		p.Add("frequency", `Say how often it is measured, such as "every month" or "quarterly".`)
	}
	checkText(p, "analysis", "Analysis", m.Analysis)
	return p.Err()
}

// checkWarning records a problem when the warning threshold is not a
// number on the bad side of the target.
func (m *Metric) checkWarning(p Problems) {
	if m.Warning == nil || !finite(m.Target) {
		return
	}
	w := *m.Warning
	switch {
	case !finite(w):
		p.Add("warning", "Warning threshold must be a number.")
	case m.Direction == HigherIsBetter && w >= m.Target:
		p.Add("warning", "Warning threshold must be below the target, since higher values are better.")
	case m.Direction == LowerIsBetter && w <= m.Target:
		p.Add("warning", "Warning threshold must be above the target, since lower values are better.")
	}
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// Evaluate returns the state value v gives against the target and warning
// threshold: on target, warning or off target.
func (m *Metric) Evaluate(v float64) MetricState {
	better := func(a, b float64) bool { // a at least as good as b
		if m.Direction == LowerIsBetter {
			return a <= b
		}
		return a >= b
	}
	switch {
	case better(v, m.Target):
		return MetricOnTarget
	case m.Warning != nil && better(v, *m.Warning):
		return MetricWarning
	}
	return MetricOffTarget
}

// NextDue returns the day the next measurement is due: one period of the
// frequency after the latest measurement, or after the metric was created
// when there is none. The zero Date when the frequency is not valid.
func (m *Metric) NextDue(latest *Measurement) Date {
	r := m.Frequency
	if !r.Valid() {
		return Date{}
	}
	if latest == nil {
		from := DateOf(m.CreatedAt)
		if r.Nth != 0 { // a calendar rule: one whole period after creation
			return addMonthsClamped(from, periodMonths[r.Period])
		}
		return r.after(from)
	}
	return r.after(latest.MeasuredOn)
}

// after returns the first day after d on which the rule falls again: for
// an interval rule one interval after d, for a calendar rule its next
// occurrence.
func (r Recurrence) after(d Date) Date {
	if d.IsZero() {
		return Date{}
	}
	if next := r.Next(d, d.AddDays(1), 1); len(next) == 1 {
		return next[0]
	}
	return Date{}
}

// State returns where the metric stands today given its latest
// measurement (nil when none): overdue when the next measurement was due
// before today, no data when there is none yet, else the evaluation of
// the latest value.
func (m *Metric) State(latest *Measurement, today Date) MetricState {
	due := m.NextDue(latest)
	if !due.IsZero() && due.Before(today) {
		return MetricOverdue
	}
	if latest == nil {
		return MetricNoData
	}
	return m.Evaluate(latest.Value)
}

// Validate reports every problem with ms at once. today bounds the date:
// a measurement cannot be taken in the future.
func (ms *Measurement) Validate(today Date) error {
	p := Problems{}
	ms.Comment = strings.TrimSpace(ms.Comment)
	if !finite(ms.Value) {
		p.Add("value", "Value must be a number.")
	}
	switch {
	case ms.MeasuredOn.IsZero():
		p.Add("measuredOn", "Date measured is required.")
	case !plausibleDate(ms.MeasuredOn):
		p.Add("measuredOn", "Date measured must be between 2000 and 2199.")
	case !today.IsZero() && ms.MeasuredOn.After(today):
		p.Add("measuredOn", "Date measured cannot be in the future.")
	}
	checkText(p, "comment", "Comment", ms.Comment)
	return p.Err()
}

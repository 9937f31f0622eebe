// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Information security objectives (27001 6.2): what the organization
// wants to achieve, consistent with its policy, measurable, with who is
// responsible, what it needs, by when, and how results are evaluated.
// Progress is read from the metrics that measure an objective.

// ObjectiveStatus is where an objective stands.
type ObjectiveStatus string

// The objective statuses.
const (
	ObjectivePlanned     ObjectiveStatus = "planned"
	ObjectiveInProgress  ObjectiveStatus = "in_progress"
	ObjectiveAchieved    ObjectiveStatus = "achieved"
	ObjectiveNotAchieved ObjectiveStatus = "not_achieved"
	ObjectiveCancelled   ObjectiveStatus = "cancelled"
)

// ObjectiveStatuses lists the statuses in display order.
var ObjectiveStatuses = []ObjectiveStatus{ObjectivePlanned, ObjectiveInProgress, ObjectiveAchieved, ObjectiveNotAchieved, ObjectiveCancelled}

// Label returns the status as people read it.
func (s ObjectiveStatus) Label() string {
	switch s {
	case ObjectivePlanned:
		return "Planned"
	case ObjectiveInProgress:
		return "In progress"
	case ObjectiveAchieved:
		return "Achieved"
	case ObjectiveNotAchieved:
		return "Not achieved"
	case ObjectiveCancelled:
		return "Cancelled"
	}
	return string(s)
}

// Open reports whether work on the objective is still going on: planned
// or in progress. Only open objectives can be overdue.
func (s ObjectiveStatus) Open() bool { return s == ObjectivePlanned || s == ObjectiveInProgress }

// ObjectiveProgress is how an objective is doing by its metrics.
type ObjectiveProgress string

// The progress states.
const (
	// ProgressOnTrack: every metric is on target.
	ProgressOnTrack ObjectiveProgress = "on_track"
	// ProgressWatch: a metric is in its warning band, none is off target
	// or overdue.
	ProgressWatch ObjectiveProgress = "watch"
	// ProgressAtRisk: a metric is off target or its measurement is overdue.
	ProgressAtRisk ObjectiveProgress = "at_risk"
	// ProgressUnknown: no metric, or a metric without data.
	ProgressUnknown ObjectiveProgress = "unknown"
)

// ObjectiveProgresses lists the progress states in display order.
var ObjectiveProgresses = []ObjectiveProgress{ProgressOnTrack, ProgressWatch, ProgressAtRisk, ProgressUnknown}

// Label returns the progress state as people read it.
func (p ObjectiveProgress) Label() string {
	switch p {
	case ProgressOnTrack:
		return "On track"
	case ProgressWatch:
		return "Needs attention"
	case ProgressAtRisk:
		return "At risk"
	}
	return "Unknown"
}

// ProgressOf returns an objective's progress from the states of its
// metrics: at risk when any is off target or overdue; else needs
// attention when any is in its warning band; else unknown when there is
// no metric or one has no data; else on track.
func ProgressOf(states []MetricState) ObjectiveProgress {
	warn, unknown := false, len(states) == 0
	for _, s := range states {
		switch s {
		case MetricOffTarget, MetricOverdue:
			return ProgressAtRisk
		case MetricWarning:
			warn = true
		case MetricOnTarget:
		default:
			unknown = true
		}
	}
	switch {
	case warn:
		return ProgressWatch
	case unknown:
		return ProgressUnknown
	}
	return ProgressOnTrack
}

// Objective is an information security objective.
type Objective struct {
	ID        ID     `json:"id"`
	OrgID     ID     `json:"organizationId"`
	Ref       string `json:"ref"` // "OBJ-3"; never changes
	Number    int    `json:"-"`
	Statement string `json:"statement"`
	// PolicyID is the policy or topic-specific policy the objective serves
	// (empty for none); PolicyRef and PolicyTitle are read with it.
	PolicyID    ID              `json:"policyId,omitempty"`
	PolicyRef   string          `json:"policyRef,omitempty"`
	PolicyTitle string          `json:"policyTitle,omitempty"`
	Target      string          `json:"target"` // in words: "95% by 2027-06-30"
	OwnerID     ID              `json:"ownerId,omitempty"`
	OwnerName   string          `json:"ownerName,omitempty"`
	Resources   string          `json:"resources"`
	DueOn       Date            `json:"dueOn,omitzero"`
	Evaluation  string          `json:"evaluation"` // how results are evaluated
	Status      ObjectiveStatus `json:"status"`
	CreatedBy   ID              `json:"createdBy,omitempty"`
	CreatedAt   time.Time       `json:"createdAt"`
	UpdatedAt   time.Time       `json:"updatedAt"`
	Version     int             `json:"version"`
}

// MaxStatementLen bounds an objective's statement.
const MaxStatementLen = 1000

// Validate reports every problem with o at once. measured says whether a
// metric measures the objective: without one, Evaluation must say how
// its results are evaluated. The policy and the owner are checked by the
// caller, against the documents and the members.
func (o *Objective) Validate(measured bool) error {
	p := Problems{}
	o.Statement, o.Target = strings.TrimSpace(o.Statement), strings.TrimSpace(o.Target)
	o.Resources, o.Evaluation = strings.TrimSpace(o.Resources), strings.TrimSpace(o.Evaluation)
	switch {
	case o.Statement == "":
		p.Add("statement", "Statement is required: say what the organization wants to achieve.")
	case utf8.RuneCountInString(o.Statement) > MaxStatementLen:
		p.Add("statement", "Statement must be at most 1,000 characters.")
	}
	if utf8.RuneCountInString(o.Target) > MaxNameLen {
		p.Add("target", "Target must be at most 200 characters.")
	}
	checkText(p, "resources", "Resources", o.Resources)
	checkText(p, "evaluation", "Evaluation", o.Evaluation)
	if !oneOf(o.Status, ObjectiveStatuses) {
		p.Add("status", "Status must be planned, in progress, achieved, not achieved or cancelled.")
	}
	switch {
	case o.DueOn.IsZero() && o.Status != ObjectiveCancelled:
		p.Add("dueOn", "Due date is required: say by when the objective is to be achieved.")
	case !o.DueOn.IsZero() && !plausibleDate(o.DueOn):
		p.Add("dueOn", "Due date must be between 2000 and 2199.")
	}
	if !measured && o.Evaluation == "" {
		p.Add("metrics", "An objective must be measurable: link at least one metric (such as M-3), or say under evaluation how its results are evaluated.")
	}
	return p.Err()
}

// Overdue reports whether o's due date has passed while it is still
// planned or in progress.
func (o *Objective) Overdue(today Date) bool {
	return o.Status.Open() && !o.DueOn.IsZero() && o.DueOn.Before(today)
}

// ObjectiveFilter selects objectives for a list. Zero fields select all.
type ObjectiveFilter struct {
	Status    ObjectiveStatus
	OwnerID   ID
	DueBefore Date // due strictly before this day
	// OverdueOn, when set, selects the objectives overdue on that day.
	OverdueOn Date
	Search    string // in the reference, statement and target
	Sort      string // "ref", "statement", "status", "owner", "dueOn", "updated"; "-" for descending
	Limit     int
	Offset    int
}

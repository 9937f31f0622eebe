// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
)

// Nonconformity and corrective action (27001 10.2): a nonconformity from
// any source is corrected (the immediate fix), its root cause analysed,
// similar nonconformities looked for, and corrective actions (tasks) taken
// to remove the cause. When the last action is closed, an effectiveness
// check is scheduled; the nonconformity closes only when that check finds
// the actions effective. An ineffective result reopens it with a new
// action. Every step is dated and attributed.

// NCSource is where a nonconformity was detected.
type NCSource string

// The sources.
const (
	NCInternalAudit    NCSource = "internal_audit"
	NCExternalAudit    NCSource = "external_audit"
	NCIncident         NCSource = "incident"
	NCManagementReview NCSource = "management_review"
	NCMonitoring       NCSource = "monitoring"
	NCComplaint        NCSource = "complaint"
	NCOther            NCSource = "other"
)

// NCSources lists the sources in display order.
var NCSources = []NCSource{NCInternalAudit, NCExternalAudit, NCIncident, NCManagementReview, NCMonitoring, NCComplaint, NCOther}

// Valid reports whether s is a known source.
func (s NCSource) Valid() bool { return oneOf(s, NCSources) }

// Label names the source for people.
func (s NCSource) Label() string {
	switch s {
	case NCInternalAudit:
		return "Internal audit"
	case NCExternalAudit:
		return "External audit"
	case NCIncident:
		return "Incident"
	case NCManagementReview:
		return "Management review"
	case NCMonitoring:
		return "Monitoring result"
	case NCComplaint:
		return "Complaint"
	case NCOther:
		return "Other"
	}
	return string(s)
}

// NCStatus is where a nonconformity stands.
type NCStatus string

// The statuses, in their order.
const (
	// NCOpen: raised; nothing done yet.
	NCOpen NCStatus = "open"
	// NCInAction: correction, root cause analysis and corrective actions
	// under way (also after an ineffective check reopened it).
	NCInAction NCStatus = "in_action"
	// NCVerifying: every corrective action is closed; the effectiveness
	// check is to be scheduled or is scheduled (CheckDue).
	NCVerifying NCStatus = "verifying"
	// NCClosed: the effectiveness check found the actions effective.
	NCClosed NCStatus = "closed"
)

// NCStatuses lists the statuses in order.
var NCStatuses = []NCStatus{NCOpen, NCInAction, NCVerifying, NCClosed}

// Valid reports whether s is a known status.
func (s NCStatus) Valid() bool { return oneOf(s, NCStatuses) }

// Label names the status for people.
func (s NCStatus) Label() string {
	switch s {
	case NCOpen:
		return "Open"
	case NCInAction:
		return "Corrective action"
	case NCVerifying:
		return "Effectiveness check"
	case NCClosed:
		return "Closed"
	}
	return string(s)
}

// NCGrade grades a nonconformity.
type NCGrade string

// The grades.
const (
	NCMajor NCGrade = "major"
	NCMinor NCGrade = "minor"
)

// NCGrades lists the grades, most severe first.
var NCGrades = []NCGrade{NCMajor, NCMinor}

// Valid reports whether g is a known grade.
func (g NCGrade) Valid() bool { return oneOf(g, NCGrades) }

// Label names the grade for people.
func (g NCGrade) Label() string {
	switch g {
	case NCMajor:
		return "Major"
	case NCMinor:
		return "Minor"
	}
	return string(g)
}

// RCAMethod is how a root cause was analysed.
type RCAMethod string

// The methods.
const (
	RCAFiveWhys    RCAMethod = "five_whys"
	RCACauseEffect RCAMethod = "cause_effect" // Ishikawa, fishbone
	RCAOther       RCAMethod = "other"
)

// RCAMethods lists the methods in display order.
var RCAMethods = []RCAMethod{RCAFiveWhys, RCACauseEffect, RCAOther}

// Valid reports whether m is a known method.
func (m RCAMethod) Valid() bool { return oneOf(m, RCAMethods) }

// Label names the method for people.
func (m RCAMethod) Label() string {
	switch m {
	case RCAFiveWhys:
		return "5 whys"
	case RCACauseEffect:
		return "Cause and effect (fishbone)"
	case RCAOther:
		return "Other"
	}
	return string(m)
}

// Step is one dated, attributed step of a nonconformity's handling.
type Step struct {
	On     Date   `json:"on,omitzero"`
	By     ID     `json:"by,omitempty"`
	ByName string `json:"byName,omitempty"`
}

// Done reports whether the step was recorded.
func (s Step) Done() bool { return !s.On.IsZero() }

// EffectivenessCheck is one recorded effectiveness check.
type EffectivenessCheck struct {
	Step
	Effective bool   `json:"effective"`
	Note      string `json:"note"` // what was checked and found
	// TaskID is the check's task.
	TaskID ID `json:"taskId,omitempty"`
}

// Nonconformity is one nonconformity.
type Nonconformity struct {
	ID          ID       `json:"id"`
	OrgID       ID       `json:"organizationId"`
	Ref         string   `json:"ref"` // "NC-4"; never changes
	Number      int      `json:"-"`
	Title       string   `json:"title"`
	Description string   `json:"description"` // what was found, against which requirement
	Source      NCSource `json:"source"`
	// SourceRecord is the record it comes from when there is one (an audit
	// finding, a management review); zero otherwise. It is also a record
	// link, so both pages show it.
	SourceRecord Link             `json:"sourceRecord,omitzero"`
	Grade        NCGrade          `json:"grade"`
	Requirements []RequirementRef `json:"requirements"`
	DetectedOn   Date             `json:"detectedOn"`
	DetectedBy   ID               `json:"detectedBy,omitempty"`
	DetectedName string           `json:"detectedByName,omitempty"`
	OwnerID      ID               `json:"ownerId,omitempty"`
	OwnerName    string           `json:"ownerName,omitempty"`
	// Deadline is when corrective actions must be planned or done, such
	// as a certification body's deadline; zero when none.
	Deadline Date     `json:"deadline,omitzero"`
	Status   NCStatus `json:"status"`
	// 1. Correction: the immediate action to control and correct it.
	Correction     string `json:"correction"`
	CorrectionStep Step   `json:"correctionStep,omitzero"`
	// 2. Root cause analysis.
	RCAMethod RCAMethod `json:"rcaMethod,omitempty"`
	RootCause string    `json:"rootCause"`
	RCAStep   Step      `json:"rcaStep,omitzero"`
	// 3. Whether similar nonconformities exist or could occur elsewhere;
	// the similar nonconformities found are record links.
	Similar     string `json:"similar"`
	SimilarStep Step   `json:"similarStep,omitzero"`
	// 4. Corrective actions are tasks (NCAction). 5. Effectiveness: the
	// check scheduled (CheckDue, its task CheckTaskID) and those recorded.
	CheckDue    Date                 `json:"checkDue,omitzero"`
	CheckTaskID ID                   `json:"checkTaskId,omitempty"`
	Checks      []EffectivenessCheck `json:"checks"`
	ClosedOn    Date                 `json:"closedOn,omitzero"`
	// ActionsOpen and ActionsClosed count its corrective actions, read
	// with it.
	ActionsOpen   int       `json:"actionsOpen"`
	ActionsClosed int       `json:"actionsClosed"`
	CreatedBy     ID        `json:"createdBy,omitempty"`
	CreatedAt     time.Time `json:"createdAt"`
	UpdatedAt     time.Time `json:"updatedAt"`
	Version       int       `json:"version"`
}

// Validate reports every problem with n's own fields at once.
func (n *Nonconformity) Validate() error {
	p := Problems{}
	n.Title, n.Description = strings.TrimSpace(n.Title), strings.TrimSpace(n.Description)
	n.Correction, n.RootCause, n.Similar = strings.TrimSpace(n.Correction), strings.TrimSpace(n.RootCause), strings.TrimSpace(n.Similar)
	checkName(p, "title", "Title", n.Title)
	if n.Description == "" {
		p.Add("description", "Describe the nonconformity: what was required, what was found, the evidence.")
	}
	checkText(p, "description", "Description", n.Description)
	if !n.Source.Valid() {
		p.Add("source", "Source must be internal_audit, external_audit, incident, management_review, monitoring, complaint or other.")
	}
	if !n.Grade.Valid() {
		p.Add("grade", "Grade must be major or minor.")
	}
	switch {
	case n.DetectedOn.IsZero():
		p.Add("detectedOn", "Say when it was detected.")
	case !plausibleDate(n.DetectedOn):
		p.Add("detectedOn", "Detection date must be between 2000 and 2199.")
	}
	if !n.Deadline.IsZero() && !plausibleDate(n.Deadline) {
		p.Add("deadline", "Deadline must be between 2000 and 2199.")
	}
	if !n.Status.Valid() {
		p.Add("status", "Status must be open, in_action, verifying or closed.")
	}
	if n.RCAMethod != "" && !n.RCAMethod.Valid() {
		p.Add("rcaMethod", "Method must be five_whys, cause_effect or other.")
	}
	checkText(p, "correction", "Correction", n.Correction)
	checkText(p, "rootCause", "Root cause", n.RootCause)
	checkText(p, "similar", "Similar nonconformities", n.Similar)
	return p.Err()
}

// ReadyToCloseActions reports whether corrective actions may close: the
// correction and the root cause are recorded.
func (n *Nonconformity) ReadyToCloseActions() bool {
	return n.CorrectionStep.Done() && n.RCAStep.Done()
}

// AgeDays is how many days the nonconformity has been open on today (or
// was, until it closed).
func (n *Nonconformity) AgeDays(today Date) int {
	end := today
	if n.Status == NCClosed && !n.ClosedOn.IsZero() {
		end = n.ClosedOn
	}
	return n.DetectedOn.DaysUntil(end)
}

// NCFilter selects nonconformities.
type NCFilter struct {
	Status NCStatus
	// Open, when set, selects every status but closed.
	Open    bool
	Grade   NCGrade
	Source  NCSource
	OwnerID ID
	// CheckDueBy, when set, selects those whose effectiveness check is
	// scheduled on or before that day and not yet recorded.
	CheckDueBy Date
	Search     string // in the reference, title and description
	Sort       string // "ref", "title", "grade", "status", "detectedOn", "checkDue", "updated"; "-" for descending
	Limit      int
	Offset     int
}

// NCActionKind tells a corrective action from the effectiveness check
// among a nonconformity's tasks.
type NCActionKind string

// The kinds.
const (
	NCActionCorrective NCActionKind = "action"
	NCActionCheck      NCActionKind = "check"
)

// NCAction is a task of a nonconformity: a corrective action, or its
// effectiveness check.
type NCAction struct {
	NonconformityID ID           `json:"nonconformityId"`
	TaskID          ID           `json:"taskId"`
	Kind            NCActionKind `json:"kind"`
	// The task's fields, read with it.
	Title     string     `json:"title"`
	OwnerID   ID         `json:"ownerId,omitempty"`
	OwnerName string     `json:"ownerName,omitempty"`
	Due       Date       `json:"due"`
	Status    TaskStatus `json:"status"`
	// Changes are the records the action changes (controls, documents,
	// risks): record links from the task.
	Changes []Link `json:"changes"`
}

// NCTrend counts nonconformities detected in a period by one key.
type NCTrend struct {
	Key   string `json:"key"`   // a source ("internal_audit") or a clause ("9", "A.5")
	Label string `json:"label"` // for people
	Count int    `json:"count"`
	// Previous is the count in the period of the same length before.
	Previous int `json:"previous"`
}

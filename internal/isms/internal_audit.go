// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
)

// Internal audit (27001 9.2): an audit programme plans audits over a
// certification cycle (typically three years) so that every clause 4–10
// and every applicable control of a framework is audited at least once,
// the important ones more often. Each audit has a scope (requirements of
// the programme's framework and the organizational units or processes
// audited), criteria, a lead auditor and team who must not audit what
// they own, a checklist with one item per scoped requirement, and
// findings graded as major or minor nonconformity, observation or
// opportunity for improvement.

// AuditProgramme is an organization's plan of internal audits over a
// period.
type AuditProgramme struct {
	ID     ID     `json:"id"`
	OrgID  ID     `json:"organizationId"`
	Ref    string `json:"ref"` // "AP-1"; never changes
	Number int    `json:"-"`
	Title  string `json:"title"`
	// Description holds the programme's objectives, methods,
	// responsibilities and reporting (9.2.2).
	Description string `json:"description"`
	// FrameworkID is the framework whose clauses and controls the
	// programme must cover; FrameworkName is read with it.
	FrameworkID   ID     `json:"frameworkId"`
	FrameworkName string `json:"frameworkName,omitempty"`
	Start         Date   `json:"start"`
	End           Date   `json:"end"` // inclusive
	OwnerID       ID     `json:"ownerId,omitempty"`
	OwnerName     string `json:"ownerName,omitempty"`
	// Audits is how many audits the programme holds, read with it.
	Audits    int       `json:"audits"`
	CreatedBy ID        `json:"createdBy,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int       `json:"version"`
}

// MaxProgrammeYears bounds a programme's period.
const MaxProgrammeYears = 6

// Validate reports every problem with p at once.
func (ap *AuditProgramme) Validate() error {
	p := Problems{}
	ap.Title, ap.Description = strings.TrimSpace(ap.Title), strings.TrimSpace(ap.Description)
	checkName(p, "title", "Title", ap.Title)
	checkText(p, "description", "Description", ap.Description)
	if ap.FrameworkID == "" {
		p.Add("framework", "Choose the framework the programme covers.")
	}
	checkPeriod(p, ap.Start, ap.End)
	return p.Err()
}

// checkPeriod checks a programme's start and end dates.
func checkPeriod(p Problems, start, end Date) {
	startOK := checkDay(p, "start", "Start date", start)
	if !checkDay(p, "end", "End date", end) || !startOK {
		return // comparing with a wrong date says nothing
	}
	switch {
	case !end.After(start):
		p.Add("end", "End date must be after the start date.")
	case end.After(start.AddDate(MaxProgrammeYears, 0, 0)):
		p.Add("end", "A programme spans at most 6 years; plan the next cycle as a new programme.")
	}
}

// checkDay records a problem on field when d is missing or implausible,
// and reports whether it is usable.
func checkDay(p Problems, field, label string, d Date) bool {
	switch {
	case d.IsZero():
		p.Add(field, label+" is required.")
	case !plausibleDate(d):
		p.Add(field, label+" must be between 2000 and 2199.")
	default:
		return true
	}
	return false
}

// Years returns how many programme years the period spans: a programme
// from 1 Jan 2025 to 31 Dec 2027 has 3. Year 1 starts on Start.
func (ap *AuditProgramme) Years() int {
	n := 0
	for y := ap.Start; !y.After(ap.End); y = ap.Start.AddDate(n, 0, 0) {
		n++
	}
	return n
}

// YearOf returns the programme year (1, 2 …) day d falls in, or 0 when it
// is outside the period.
func (ap *AuditProgramme) YearOf(d Date) int {
	if d.IsZero() || d.Before(ap.Start) || d.After(ap.End) {
		return 0
	}
	n := 1
	for !d.Before(ap.Start.AddDate(n, 0, 0)) {
		n++
	}
	return n
}

// ProgrammeFilter selects programmes.
type ProgrammeFilter struct {
	Search string // in the reference and title
	Sort   string // "ref", "title", "start", "end", "updated"; "-" for descending
	Limit  int
	Offset int
}

// AuditStatus is where an internal audit stands.
type AuditStatus string

// The audit statuses, in their order.
const (
	AuditPlanned    AuditStatus = "planned"
	AuditInProgress AuditStatus = "in_progress"
	AuditReported   AuditStatus = "reported"
	AuditClosed     AuditStatus = "closed"
)

// AuditStatuses lists the statuses in order.
var AuditStatuses = []AuditStatus{AuditPlanned, AuditInProgress, AuditReported, AuditClosed}

// Valid reports whether s is a known status.
func (s AuditStatus) Valid() bool {
	for _, x := range AuditStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Label names the status for people.
func (s AuditStatus) Label() string {
	switch s {
	case AuditPlanned:
		return "Planned"
	case AuditInProgress:
		return "In progress"
	case AuditReported:
		return "Reported"
	case AuditClosed:
		return "Closed"
	}
	return string(s)
}

// CanMove reports whether an audit may go from status s to next: one
// step forward, or back from reported to in progress (the report is
// reopened) and from in progress to planned.
func (s AuditStatus) CanMove(next AuditStatus) bool {
	switch {
	case s == AuditPlanned:
		return next == AuditInProgress
	case s == AuditInProgress:
		return next == AuditReported || next == AuditPlanned
	case s == AuditReported:
		return next == AuditClosed || next == AuditInProgress
	}
	return false
}

// InternalAudit is one audit of a programme.
type InternalAudit struct {
	ID           ID     `json:"id"`
	OrgID        ID     `json:"organizationId"`
	Ref          string `json:"ref"` // "IA-3"; never changes
	Number       int    `json:"-"`
	ProgrammeID  ID     `json:"programmeId"`
	ProgrammeRef string `json:"programmeRef,omitempty"` // read with it
	FrameworkID  ID     `json:"frameworkId"`            // the programme's, read with it
	Title        string `json:"title"`
	// Criteria are what the audit checks against: "ISO/IEC 27001:2022,
	// the information security policy, the access control procedure".
	Criteria string `json:"criteria"`
	// Units are the organizational units, sites or processes audited, in
	// people's words; the ISMS processes in scope are record links.
	Units        string      `json:"units"`
	LeadID       ID          `json:"leadId"`
	LeadName     string      `json:"leadName,omitempty"`
	TeamIDs      []ID        `json:"teamIds"`
	TeamNames    []string    `json:"teamNames,omitempty"`
	PlannedStart Date        `json:"plannedStart"`
	PlannedEnd   Date        `json:"plannedEnd"`
	Status       AuditStatus `json:"status"`
	// Summary is the audit's conclusion, required to report it.
	Summary    string `json:"summary"`
	ReportedOn Date   `json:"reportedOn,omitzero"`
	// Overrides record each independence conflict accepted when the team
	// was chosen, with the reason.
	Overrides []IndependenceOverride `json:"overrides"`
	// Items and Findings count the checklist items and findings, read
	// with the audit.
	Items     int       `json:"items"`
	Findings  int       `json:"findings"`
	CreatedBy ID        `json:"createdBy,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int       `json:"version"`
}

// Auditors returns the lead and the team, each once, lead first.
func (a *InternalAudit) Auditors() []ID {
	out := []ID{}
	seen := map[ID]bool{}
	for _, id := range append([]ID{a.LeadID}, a.TeamIDs...) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// OnTeam reports whether user is the lead or on the team.
func (a *InternalAudit) OnTeam(user ID) bool {
	for _, id := range a.Auditors() {
		if id == user {
			return true
		}
	}
	return false
}

// Validate reports every problem with a's own fields at once. The scope
// (checklist items) and independence are checked by the application.
func (a *InternalAudit) Validate() error {
	p := Problems{}
	a.Title, a.Criteria, a.Units, a.Summary = strings.TrimSpace(a.Title), strings.TrimSpace(a.Criteria), strings.TrimSpace(a.Units), strings.TrimSpace(a.Summary)
	checkName(p, "title", "Title", a.Title)
	if a.Criteria == "" {
		p.Add("criteria", "Say what the audit checks against, such as the standard and the policies that apply.")
	}
	checkText(p, "criteria", "Criteria", a.Criteria)
	checkText(p, "units", "Units", a.Units)
	checkText(p, "summary", "Summary", a.Summary)
	if a.ProgrammeID == "" {
		p.Add("programme", "Choose the programme the audit belongs to.")
	}
	if a.LeadID == "" {
		p.Add("lead", "Choose the lead auditor.")
	}
	switch {
	case a.PlannedStart.IsZero():
		p.Add("plannedStart", "Start date is required.")
	case !plausibleDate(a.PlannedStart):
		p.Add("plannedStart", "Start date must be between 2000 and 2199.")
	}
	switch {
	case a.PlannedEnd.IsZero():
		p.Add("plannedEnd", "End date is required.")
	case !plausibleDate(a.PlannedEnd):
		p.Add("plannedEnd", "End date must be between 2000 and 2199.")
	case a.PlannedEnd.Before(a.PlannedStart):
		p.Add("plannedEnd", "End date must be on or after the start date.")
	}
	if !a.Status.Valid() {
		p.Add("status", "Status must be planned, in_progress, reported or closed.")
	}
	return p.Err()
}

// InternalAuditFilter selects audits.
type InternalAuditFilter struct {
	ProgrammeID ID
	Status      AuditStatus
	AuditorID   ID     // lead or team member
	Search      string // in the reference, title and units
	Sort        string // "ref", "title", "plannedStart", "status", "updated"; "-" for descending
	Limit       int
	Offset      int
}

// IndependenceConflict is one independence conflict: an auditor of the audit owns
// something it audits.
type IndependenceConflict struct {
	UserID   ID     `json:"userId"`
	UserName string `json:"userName"`
	// Record is what they own: a control linked to a scoped requirement,
	// or an ISMS process in scope.
	Record Link   `json:"record"`
	Label  string `json:"label"` // "C-4 Access reviews"
	// Message says it in people's words: "Dana Ortiz owns control C-4
	// Access reviews, which this audit covers (A.5.18)."
	Message string `json:"message"`
}

// Key identifies the conflict for overrides: "user:type:id".
func (c IndependenceConflict) Key() string { return string(c.UserID) + ":" + c.Record.String() }

// IndependenceOverride records a conflict accepted on purpose.
type IndependenceOverride struct {
	UserID   ID        `json:"userId"`
	UserName string    `json:"userName"`
	Record   Link      `json:"record"`
	Label    string    `json:"label"`
	Reason   string    `json:"reason"`
	By       ID        `json:"by"`
	ByName   string    `json:"byName"`
	At       time.Time `json:"at"`
}

// Key identifies the conflict the override accepts.
func (o IndependenceOverride) Key() string {
	return string(o.UserID) + ":" + o.Record.String()
}

// Unresolved returns the conflicts no override accepts.
func Unresolved(conflicts []IndependenceConflict, overrides []IndependenceOverride) []IndependenceConflict {
	ok := map[string]bool{}
	for _, o := range overrides {
		ok[o.Key()] = true
	}
	var out []IndependenceConflict
	for _, c := range conflicts {
		if !ok[c.Key()] {
			out = append(out, c)
		}
	}
	return out
}

// ItemResult is the result of one checklist item.
type ItemResult string

// The results; ItemOpen while the item has not been audited.
const (
	ItemOpen          ItemResult = ""
	ItemConforming    ItemResult = "conforming"
	ItemNonconforming ItemResult = "nonconforming"
	ItemObservation   ItemResult = "observation"
	ItemNotAudited    ItemResult = "not_audited"
)

// ItemResults lists the results people can record, in display order.
var ItemResults = []ItemResult{ItemConforming, ItemNonconforming, ItemObservation, ItemNotAudited}

// Valid reports whether r is a known result (ItemOpen included).
func (r ItemResult) Valid() bool {
	if r == ItemOpen {
		return true
	}
	for _, x := range ItemResults {
		if r == x {
			return true
		}
	}
	return false
}

// Label names the result for people.
func (r ItemResult) Label() string {
	switch r {
	case ItemOpen:
		return "Not yet audited"
	case ItemConforming:
		return "Conforming"
	case ItemNonconforming:
		return "Nonconforming"
	case ItemObservation:
		return "Observation"
	case ItemNotAudited:
		return "Not audited"
	}
	return string(r)
}

// AuditItem is one checklist item of an audit: one requirement in scope.
type AuditItem struct {
	AuditID       ID         `json:"auditId"`
	OrgID         ID         `json:"-"`
	RequirementID ID         `json:"requirementId"`
	Ref           string     `json:"ref"`   // the requirement's, kept with the item
	Title         string     `json:"title"` // the requirement's, kept with the item
	Position      int        `json:"position"`
	Result        ItemResult `json:"result"`
	Notes         string     `json:"notes"`    // what was examined and found
	Sampling      string     `json:"sampling"` // what was sampled and how
	AuditedBy     ID         `json:"auditedBy,omitempty"`
	AuditedByName string     `json:"auditedByName,omitempty"`
	UpdatedAt     time.Time  `json:"updatedAt"`
	Version       int        `json:"version"`
}

// Validate reports every problem with the item's fields.
func (it *AuditItem) Validate() error {
	p := Problems{}
	it.Notes, it.Sampling = strings.TrimSpace(it.Notes), strings.TrimSpace(it.Sampling)
	if !it.Result.Valid() {
		p.Add("result", "Result must be conforming, nonconforming, observation or not_audited.")
	}
	checkText(p, "notes", "Notes", it.Notes)
	checkText(p, "sampling", "Sampling", it.Sampling)
	if it.Result == ItemNonconforming && it.Notes == "" {
		p.Add("notes", "Say what does not conform: the notes are the evidence of the nonconformity.")
	}
	return p.Err()
}

// FindingGrade grades a finding.
type FindingGrade string

// The grades.
const (
	FindingMajor       FindingGrade = "major"
	FindingMinor       FindingGrade = "minor"
	FindingObservation FindingGrade = "observation"
	FindingOFI         FindingGrade = "ofi"
)

// FindingGrades lists the grades, most severe first.
var FindingGrades = []FindingGrade{FindingMajor, FindingMinor, FindingObservation, FindingOFI}

// Valid reports whether g is a known grade.
func (g FindingGrade) Valid() bool {
	for _, x := range FindingGrades {
		if g == x {
			return true
		}
	}
	return false
}

// Label names the grade for people.
func (g FindingGrade) Label() string {
	switch g {
	case FindingMajor:
		return "Major nonconformity"
	case FindingMinor:
		return "Minor nonconformity"
	case FindingObservation:
		return "Observation"
	case FindingOFI:
		return "Opportunity for improvement"
	}
	return string(g)
}

// Nonconformity reports whether the grade is a nonconformity.
func (g FindingGrade) Nonconformity() bool { return g == FindingMajor || g == FindingMinor }

// RequirementRef names a requirement and keeps its reference, so a
// finding stays readable after its framework changes.
type RequirementRef struct {
	ID  ID     `json:"id"`
	Ref string `json:"ref"`
}

// AuditFinding is one finding of an audit.
type AuditFinding struct {
	ID       ID           `json:"id"`
	OrgID    ID           `json:"organizationId"`
	AuditID  ID           `json:"auditId"`
	AuditRef string       `json:"auditRef,omitempty"` // read with it
	Ref      string       `json:"ref"`                // "F-7", numbered across the organization; never changes
	Number   int          `json:"-"`
	Grade    FindingGrade `json:"grade"`
	Title    string       `json:"title"`
	// Description states the finding: the requirement, what was found,
	// the evidence seen.
	Description  string           `json:"description"`
	Requirements []RequirementRef `json:"requirements"`
	// Evidence are the evidence items that support it (record links).
	Evidence     []ID      `json:"evidence"`
	RaisedBy     ID        `json:"raisedBy,omitempty"`
	RaisedByName string    `json:"raisedByName,omitempty"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
	Version      int       `json:"version"`
}

// Validate reports every problem with f at once. A nonconformity names
// the requirement(s) it does not meet.
func (f *AuditFinding) Validate() error {
	p := Problems{}
	f.Title, f.Description = strings.TrimSpace(f.Title), strings.TrimSpace(f.Description)
	checkName(p, "title", "Title", f.Title)
	checkText(p, "description", "Description", f.Description)
	if !f.Grade.Valid() {
		p.Add("grade", "Grade must be major, minor, observation or ofi.")
	}
	if f.Grade.Nonconformity() && len(f.Requirements) == 0 {
		p.Add("requirements", "Name the requirement the nonconformity does not meet.")
	}
	if f.Grade.Nonconformity() && f.Description == "" {
		p.Add("description", "Describe the nonconformity: what was required, what was found, the evidence seen.")
	}
	return p.Err()
}

// FindingFilter selects findings.
type FindingFilter struct {
	AuditID ID
	Grade   FindingGrade
	// Since, when set, selects findings raised on or after that day.
	Since  Date
	Search string // in the reference, title and description
	Sort   string // "ref", "grade", "title", "created"; "-" for descending
	Limit  int
	Offset int
}

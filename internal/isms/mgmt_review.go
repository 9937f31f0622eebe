// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// Management review (27001 9.3): top management reviews the ISMS at
// planned intervals. Before the meeting the review pack is compiled live
// from the registers, one section per 9.3.2 input; when the review is
// held the pack is frozen (an immutable, hashed snapshot) with the date
// and attendees, the outputs (9.3.3) are recorded, and the chair approves
// the minutes through the shared approval mechanism. Each output can
// become a tracked task.

// ReviewStatus is where a management review stands.
type ReviewStatus string

// The review statuses, in their order.
const (
	ReviewPlanned  ReviewStatus = "planned"  // pack compiled live
	ReviewHeld     ReviewStatus = "held"     // pack frozen; outputs recorded; minutes awaiting approval
	ReviewApproved ReviewStatus = "approved" // minutes approved by the chair: immutable
)

// ReviewStatuses lists the statuses in order.
var ReviewStatuses = []ReviewStatus{ReviewPlanned, ReviewHeld, ReviewApproved}

// Valid reports whether s is a known status.
func (s ReviewStatus) Valid() bool {
	for _, x := range ReviewStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Label names the status for people.
func (s ReviewStatus) Label() string {
	switch s {
	case ReviewPlanned:
		return "Planned"
	case ReviewHeld:
		return "Held"
	case ReviewApproved:
		return "Minutes approved"
	}
	return string(s)
}

// ManagementReview is one management review.
type ManagementReview struct {
	ID        ID           `json:"id"`
	OrgID     ID           `json:"organizationId"`
	Ref       string       `json:"ref"` // "MR-2"; never changes
	Number    int          `json:"-"`
	Title     string       `json:"title"`
	PlannedOn Date         `json:"plannedOn"`
	ChairID   ID           `json:"chairId"`
	ChairName string       `json:"chairName,omitempty"`
	Status    ReviewStatus `json:"status"`
	// HeldOn, Attendees and Minutes are recorded when the review is held.
	HeldOn    Date     `json:"heldOn,omitzero"`
	Attendees []string `json:"attendees"` // "Dana Ortiz (CEO)", one per person
	Minutes   string   `json:"minutes"`   // the discussion, in the chair's words
	// Pack is the frozen pack once held; nil while planned (the pack is
	// then compiled live). PackSHA256 is PackHash of it.
	Pack       *ReviewPack `json:"pack,omitempty"`
	PackSHA256 string      `json:"packSha256,omitempty"`
	// ScheduleID is the recurring activity that reminds the chair of the
	// next review; empty when none.
	ScheduleID ID        `json:"scheduleId,omitempty"`
	ApprovalID ID        `json:"approvalId,omitempty"`
	ApprovedAt time.Time `json:"approvedAt,omitzero"`
	ApprovedBy string    `json:"approvedBy,omitempty"` // read from its approval
	// Outputs counts its outputs, read with it.
	Outputs   int       `json:"outputs"`
	CreatedBy ID        `json:"createdBy,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int       `json:"version"`
}

// Validate reports every problem with r's own fields at once.
func (r *ManagementReview) Validate() error {
	p := Problems{}
	r.Title, r.Minutes = strings.TrimSpace(r.Title), strings.TrimSpace(r.Minutes)
	checkName(p, "title", "Title", r.Title)
	checkText(p, "minutes", "Minutes", r.Minutes)
	switch {
	case r.PlannedOn.IsZero():
		p.Add("plannedOn", "Planned date is required.")
	case !plausibleDate(r.PlannedOn):
		p.Add("plannedOn", "Planned date must be between 2000 and 2199.")
	}
	if r.ChairID == "" {
		p.Add("chair", "Choose who chairs the review: a member of top management.")
	}
	if !r.Status.Valid() {
		p.Add("status", "Status must be planned, held or approved.")
	}
	if r.Status == ReviewHeld || r.Status == ReviewApproved {
		if r.HeldOn.IsZero() {
			p.Add("heldOn", "Say when the review was held.")
		} else if !plausibleDate(r.HeldOn) {
			p.Add("heldOn", "Date held must be between 2000 and 2199.")
		}
		if len(r.Attendees) == 0 {
			p.Add("attendees", "List who attended, one per line.")
		}
	}
	checkItems(p, "attendees", "Attendee", r.Attendees)
	return p.Err()
}

// ReviewFilter selects reviews.
type ReviewFilter struct {
	Status ReviewStatus
	Search string // in the reference and title
	Sort   string // "ref", "title", "plannedOn", "heldOn", "status", "updated"; "-" for descending
	Limit  int
	Offset int
}

// The 9.3.2 inputs, one pack section each, in the standard's order.
const (
	InputPreviousActions = "a"  // status of actions from previous reviews
	InputIssues          = "b"  // changes in external and internal issues
	InputParties         = "c"  // changes in interested parties' needs and expectations
	InputNonconformities = "d1" // nonconformities and corrective actions
	InputMeasurement     = "d2" // monitoring and measurement results
	InputAudits          = "d3" // audit results
	InputObjectives      = "d4" // fulfilment of objectives
	InputFeedback        = "e"  // feedback from interested parties
	InputRisks           = "f"  // risk assessment results and treatment plan status
	InputImprovement     = "g"  // opportunities for continual improvement
)

// ReviewInputs lists the section keys in order.
var ReviewInputs = []string{InputPreviousActions, InputIssues, InputParties, InputNonconformities,
	InputMeasurement, InputAudits, InputObjectives, InputFeedback, InputRisks, InputImprovement}

// ReviewPack is the management review's input pack: one section per
// 9.3.2 input, compiled from the registers for the period since the
// previous review.
type ReviewPack struct {
	// Since is the day after the previous review was held (or a year
	// before Until when there was none); Until is the day compiled.
	Since    Date          `json:"since"`
	Until    Date          `json:"until"`
	Sections []PackSection `json:"sections"`
}

// Section returns the section with key, or nil.
func (p *ReviewPack) Section(key string) *PackSection {
	for i := range p.Sections {
		if p.Sections[i].Key == key {
			return &p.Sections[i]
		}
	}
	return nil
}

// PackSection is one 9.3.2 input of the pack.
type PackSection struct {
	Key    string `json:"key"`    // one of ReviewInputs
	Clause string `json:"clause"` // "9.3.2 a"
	Title  string `json:"title"`  // "Status of actions from previous reviews"
	// Summary is one or two sentences reading the figures.
	Summary string       `json:"summary"`
	Figures []PackFigure `json:"figures"`
	Items   []PackItem   `json:"items"`
	// More counts the source records not listed in Items (a section lists
	// at most MaxPackItems).
	More int `json:"more,omitempty"`
}

// MaxPackItems bounds the records a pack section lists.
const MaxPackItems = 25

// PackFigure is one figure of a section: "Open nonconformities: 2".
type PackFigure struct {
	Label string `json:"label"`
	Value string `json:"value"`
	// Trend compares with the previous period when known: "+2", "-1".
	Trend string `json:"trend,omitempty"`
}

// PackItem is one source record a section lists.
type PackItem struct {
	Record Link   `json:"record"`
	Ref    string `json:"ref"`
	Title  string `json:"title"`
	Status string `json:"status,omitempty"`
	Detail string `json:"detail,omitempty"`
	// Path is the page of the record: "/risks/R-12".
	Path string `json:"path"`
}

// PackHash returns the SHA-256, in hex, of the pack's canonical JSON.
func PackHash(p *ReviewPack) (string, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// OutputKind says what a review output decides (9.3.3).
type OutputKind string

// The output kinds.
const (
	OutputImprovement OutputKind = "improvement" // a decision on a continual improvement opportunity
	OutputChange      OutputKind = "change"      // a change needed to the ISMS (6.3)
	OutputResource    OutputKind = "resource"    // a resource need
)

// OutputKinds lists the kinds in display order.
var OutputKinds = []OutputKind{OutputImprovement, OutputChange, OutputResource}

// Valid reports whether k is a known kind.
func (k OutputKind) Valid() bool {
	for _, x := range OutputKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Label names the kind for people.
func (k OutputKind) Label() string {
	switch k {
	case OutputImprovement:
		return "Improvement"
	case OutputChange:
		return "Change to the ISMS"
	case OutputResource:
		return "Resource need"
	}
	return string(k)
}

// ReviewOutput is one decision of a management review.
type ReviewOutput struct {
	ID          ID         `json:"id"`
	OrgID       ID         `json:"organizationId"`
	ReviewID    ID         `json:"reviewId"`
	Kind        OutputKind `json:"kind"`
	Description string     `json:"description"`
	OwnerID     ID         `json:"ownerId,omitempty"`
	OwnerName   string     `json:"ownerName,omitempty"`
	Due         Date       `json:"due,omitzero"`
	// TaskID is the task that tracks the output, once it became one;
	// TaskStatus and TaskRef are read with it.
	TaskID     ID         `json:"taskId,omitempty"`
	TaskStatus TaskStatus `json:"taskStatus,omitempty"`
	CreatedBy  ID         `json:"createdBy,omitempty"`
	CreatedAt  time.Time  `json:"createdAt"`
	UpdatedAt  time.Time  `json:"updatedAt"`
	Version    int        `json:"version"`
}

// Validate reports every problem with o at once.
func (o *ReviewOutput) Validate() error {
	p := Problems{}
	o.Description = strings.TrimSpace(o.Description)
	if !o.Kind.Valid() {
		p.Add("kind", "Kind must be improvement, change or resource.")
	}
	if o.Description == "" {
		p.Add("description", "Say what was decided.")
	}
	checkText(p, "description", "Description", o.Description)
	if !o.Due.IsZero() && !plausibleDate(o.Due) {
		p.Add("due", "Due date must be between 2000 and 2199.")
	}
	return p.Err()
}

// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
)

// ControlStatus is how far an organization's control is implemented.
type ControlStatus string

// The control statuses.
const (
	ControlPlanned       ControlStatus = "planned"
	ControlInProgress    ControlStatus = "in_progress"
	ControlImplemented   ControlStatus = "implemented"
	ControlNotApplicable ControlStatus = "not_applicable"
)

// ControlStatuses lists the statuses in display order.
var ControlStatuses = []ControlStatus{ControlPlanned, ControlInProgress, ControlImplemented, ControlNotApplicable}

// Valid reports whether s is a known status.
func (s ControlStatus) Valid() bool {
	for _, x := range ControlStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Label names the status for people.
func (s ControlStatus) Label() string {
	switch s {
	case ControlPlanned:
		return "Planned"
	case ControlInProgress:
		return "In progress"
	case ControlImplemented:
		return "Implemented"
	case ControlNotApplicable:
		return "Not applicable"
	}
	return string(s)
}

// Control is one of the organization's own security controls: what it
// does to meet requirements. One control may satisfy requirements of
// several frameworks at once (ISO 27001 A.8.15 and NIST AU-2).
type Control struct {
	ID          ID            `json:"id"`
	OrgID       ID            `json:"organizationId"`
	Ref         string        `json:"ref"` // the organization's reference, unique in it ("C-12")
	Title       string        `json:"title"`
	Description string        `json:"description"`
	OwnerID     ID            `json:"ownerId,omitempty"`
	OwnerName   string        `json:"ownerName,omitempty"`
	Status      ControlStatus `json:"status"`
	Notes       string        `json:"notes"` // implementation notes
	// ReviewMonths is how often the control is reviewed (0: no cycle);
	// NextReview is the next review date.
	ReviewMonths int       `json:"reviewMonths"`
	NextReview   Date      `json:"nextReview,omitzero"`
	Requirements int       `json:"requirements"` // confirmed requirement links, read with lists
	CreatedBy    ID        `json:"createdBy,omitempty"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
	Version      int       `json:"version"`
}

// Normalize trims surrounding spaces from the text fields.
func (c *Control) Normalize() {
	c.Ref = strings.TrimSpace(c.Ref)
	c.Title = strings.TrimSpace(c.Title)
	c.Description = strings.TrimSpace(c.Description)
	c.Notes = strings.TrimSpace(c.Notes)
}

// Validate reports every problem with c at once.
func (c *Control) Validate() error {
	p := Problems{}
	if c.Ref == "" {
		p.Add("ref", "Reference is required, such as C-12.")
	} else if len(c.Ref) > 40 || strings.ContainsAny(c.Ref, " \t\r\n") {
		p.Add("ref", "Reference must be at most 40 characters, without spaces.")
	}
	checkName(p, "title", "Title", c.Title)
	checkText(p, "description", "Description", c.Description)
	checkText(p, "notes", "Implementation notes", c.Notes)
	if !c.Status.Valid() {
		p.Add("status", "Status must be planned, in progress, implemented or not applicable.")
	}
	if c.ReviewMonths < 0 || c.ReviewMonths > 60 {
		p.Add("reviewMonths", "Review frequency must be between 0 (none) and 60 months.")
	}
	if !c.NextReview.IsZero() && !plausibleDate(c.NextReview) {
		p.Add("nextReview", "Next review must be between 2000 and 2199.")
	}
	return p.Err()
}

// ControlFilter selects an organization's controls.
type ControlFilter struct {
	OrgID         ID
	Search        string // in reference, title and description
	Status        ControlStatus
	OwnerID       ID
	RequirementID ID // controls linked to this requirement
	FrameworkID   ID // controls linked to a requirement of this framework
	Unlinked      bool
	Sort          string // "ref", "title", "status", "owner", "nextReview", "updated"; "-" for descending
	Limit         int
	Offset        int
}

// ControlLink links a control to a requirement. An inferred link was
// proposed from a mapping and counts only as inferred coverage until a
// person confirms it.
type ControlLink struct {
	ControlID     ID        `json:"controlId"`
	RequirementID ID        `json:"requirementId"`
	Inferred      bool      `json:"inferred"`
	Basis         string    `json:"basis,omitempty"` // why it was inferred ("A.8.15 equal to AU-2 (mapping set …)")
	CreatedAt     time.Time `json:"createdAt"`
	// Read with the link for display.
	ControlRef      string        `json:"controlRef,omitempty"`
	ControlTitle    string        `json:"controlTitle,omitempty"`
	ControlStatus   ControlStatus `json:"controlStatus,omitempty"`
	RequirementRef  string        `json:"requirementRef,omitempty"`
	RequirementText string        `json:"requirementTitle,omitempty"`
	FrameworkID     ID            `json:"frameworkId,omitempty"`
	FrameworkName   string        `json:"frameworkName,omitempty"`
}

// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
)

// Resources (27001 7.1) and communication (7.4).

// ResourceKind is what an ISMS resource is.
type ResourceKind string

// The resource kinds.
const (
	ResourcePeople   ResourceKind = "people" // people's time
	ResourceBudget   ResourceKind = "budget" // money
	ResourceTool     ResourceKind = "tool"   // software and services
	ResourceInfra    ResourceKind = "infrastructure"
	ResourceExternal ResourceKind = "external" // consultants, auditors, training providers
)

// ResourceKinds lists the kinds in display order.
var ResourceKinds = []ResourceKind{ResourcePeople, ResourceBudget, ResourceTool, ResourceInfra, ResourceExternal}

// ResourceStatus is where a resource request stands.
type ResourceStatus string

// The resource statuses.
const (
	ResourceRequested ResourceStatus = "requested"
	ResourceApproved  ResourceStatus = "approved"
	ResourceProvided  ResourceStatus = "provided"
	ResourceRejected  ResourceStatus = "rejected"
)

// ResourceStatuses lists the statuses in display order.
var ResourceStatuses = []ResourceStatus{ResourceRequested, ResourceApproved, ResourceProvided, ResourceRejected}

// Resource is something the ISMS needs.
type Resource struct {
	ID         ID             `json:"id"`
	OrgID      ID             `json:"organizationId"`
	Title      string         `json:"title"`
	Kind       ResourceKind   `json:"kind"`
	Amount     string         `json:"amount"` // "0.5 FTE", "EUR 12,000 a year"
	Status     ResourceStatus `json:"status"`
	ApprovedBy string         `json:"approvedBy"` // who approved it, as people name them
	ApprovedOn Date           `json:"approvedOn,omitzero"`
	Notes      string         `json:"notes"`
	CreatedAt  time.Time      `json:"createdAt"`
	UpdatedAt  time.Time      `json:"updatedAt"`
	Version    int            `json:"version"`
}

// Validate reports every problem with r at once.
func (r *Resource) Validate() error {
	p := Problems{}
	r.Title, r.Amount, r.ApprovedBy, r.Notes = strings.TrimSpace(r.Title), strings.TrimSpace(r.Amount), strings.TrimSpace(r.ApprovedBy), strings.TrimSpace(r.Notes)
	checkName(p, "title", "Title", r.Title)
	if !oneOf(r.Kind, ResourceKinds) {
		p.Add("kind", "Kind must be people, budget, tool, infrastructure or external.")
	}
	if !oneOf(r.Status, ResourceStatuses) {
		p.Add("status", "Status must be requested, approved, provided or rejected.")
	}
	if len(r.Amount) > MaxNameLen || len(r.ApprovedBy) > MaxNameLen {
		p.Add("amount", "Amount and approver must be at most 200 characters each.")
	}
	if (r.Status == ResourceApproved || r.Status == ResourceProvided) && r.ApprovedBy == "" {
		p.Add("approvedBy", "Say who approved it.")
	}
	if !r.ApprovedOn.IsZero() && !plausibleDate(r.ApprovedOn) {
		p.Add("approvedOn", "Approval date must be between 2000 and 2199.")
	}
	checkText(p, "notes", "Notes", r.Notes)
	return p.Err()
}

func oneOf[T comparable](v T, list []T) bool {
	for _, x := range list {
		if v == x {
			return true
		}
	}
	return false
}

// CommunicationItem is one line of the communication plan: what is
// communicated, when, with whom, by whom and how.
type CommunicationItem struct {
	ID              ID        `json:"id"`
	OrgID           ID        `json:"organizationId"`
	Topic           string    `json:"topic"`
	Audience        string    `json:"audience"`  // "All staff", "Customers", "Regulator"
	Frequency       string    `json:"frequency"` // "Quarterly", "On every major incident"
	Channel         string    `json:"channel"`   // "All-hands meeting", "E-mail"
	ResponsibleID   ID        `json:"responsibleId,omitempty"`
	ResponsibleName string    `json:"responsibleName,omitempty"`
	Notes           string    `json:"notes"`
	LastHeld        Date      `json:"lastHeld,omitzero"` // read with lists
	CreatedAt       time.Time `json:"createdAt"`
	UpdatedAt       time.Time `json:"updatedAt"`
	Version         int       `json:"version"`
}

// Validate reports every problem with c at once.
func (c *CommunicationItem) Validate() error {
	p := Problems{}
	c.Topic, c.Audience, c.Frequency = strings.TrimSpace(c.Topic), strings.TrimSpace(c.Audience), strings.TrimSpace(c.Frequency)
	c.Channel, c.Notes = strings.TrimSpace(c.Channel), strings.TrimSpace(c.Notes)
	checkName(p, "topic", "Topic", c.Topic)
	checkName(p, "audience", "Audience", c.Audience)
	checkName(p, "frequency", "When or how often", c.Frequency)
	checkName(p, "channel", "Channel", c.Channel)
	checkText(p, "notes", "Notes", c.Notes)
	return p.Err()
}

// CommunicationRecord records that a planned communication took place.
type CommunicationRecord struct {
	ID         ID        `json:"id"`
	OrgID      ID        `json:"organizationId"`
	ItemID     ID        `json:"itemId"`
	HeldOn     Date      `json:"heldOn"`
	Summary    string    `json:"summary"`
	EvidenceID ID        `json:"evidenceId,omitempty"`
	RecordedBy string    `json:"recordedBy"`
	CreatedAt  time.Time `json:"createdAt"`
}

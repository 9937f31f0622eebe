// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
)

// Evidence requests are an auditor's request list: the auditor asks for
// evidence against a requirement or a control by a date; the owner
// answers by attaching evidence items (a task in their work); the auditor
// accepts the answer or asks again. Every step is kept in the request's
// thread.

// RequestStatus is where an evidence request stands.
type RequestStatus string

// The request statuses.
const (
	RequestOpen      RequestStatus = "open"      // waiting for the owner's answer
	RequestAnswered  RequestStatus = "answered"  // waiting for the auditor
	RequestAccepted  RequestStatus = "accepted"  // the auditor is satisfied
	RequestCancelled RequestStatus = "cancelled" // withdrawn by the auditor
)

// RequestStatuses lists the statuses in display order.
var RequestStatuses = []RequestStatus{RequestOpen, RequestAnswered, RequestAccepted, RequestCancelled}

// Valid reports whether s is a known status.
func (s RequestStatus) Valid() bool { return oneOf(s, RequestStatuses) }

// Label names the status for people.
func (s RequestStatus) Label() string {
	switch s {
	case RequestOpen:
		return "Open"
	case RequestAnswered:
		return "Answered"
	case RequestAccepted:
		return "Accepted"
	case RequestCancelled:
		return "Cancelled"
	}
	return string(s)
}

// RequestStep is what one message of a request's thread did.
type RequestStep string

// The steps.
const (
	StepAsked      RequestStep = "asked"
	StepAnswered   RequestStep = "answered"
	StepAccepted   RequestStep = "accepted"
	StepAskedAgain RequestStep = "asked_again"
	StepCancelled  RequestStep = "cancelled"
)

// RequestMessage is one step of a request's thread.
type RequestMessage struct {
	Step     RequestStep `json:"step"`
	At       time.Time   `json:"at"`
	By       ID          `json:"by"`
	ByName   string      `json:"byName"`
	Text     string      `json:"text"`
	Evidence []ID        `json:"evidence,omitempty"` // the evidence an answer attached
}

// EvidenceRequest is one item of an auditor's request list.
type EvidenceRequest struct {
	ID     ID     `json:"id"`
	OrgID  ID     `json:"organizationId"`
	Ref    string `json:"ref"` // "ER-12"; never changes
	Number int    `json:"-"`
	// AuditID is the external audit the request is made for, if any.
	AuditID  ID     `json:"auditId,omitempty"`
	AuditRef string `json:"auditRef,omitempty"` // read with it
	// Requirement is the requirement the evidence is for, and FrameworkID
	// its framework; a request names a requirement, a control, or both.
	Requirement RequirementRef `json:"requirement,omitzero"`
	FrameworkID ID             `json:"frameworkId,omitempty"`
	ControlID   ID             `json:"controlId,omitempty"`
	ControlRef  string         `json:"controlRef,omitempty"` // read with it
	Title       string         `json:"title"`                // what is asked for
	Detail      string         `json:"detail"`
	DueOn       Date           `json:"dueOn"`
	// OwnerID is the member who answers; the request is a task in their work.
	OwnerID         ID            `json:"ownerId"`
	OwnerName       string        `json:"ownerName,omitempty"` // read with it
	RequestedBy     ID            `json:"requestedBy"`
	RequestedByName string        `json:"requestedByName,omitempty"` // read with it
	Status          RequestStatus `json:"status"`
	// Round counts the times the evidence was asked for: 1, then one more
	// each time the auditor asks again.
	Round int `json:"round"`
	// TaskID is the owner's current task to answer.
	TaskID ID `json:"taskId,omitempty"`
	// Evidence are the evidence items attached by the answers (record links).
	Evidence  []ID             `json:"evidence"`
	Thread    []RequestMessage `json:"thread"`
	CreatedAt time.Time        `json:"createdAt"`
	UpdatedAt time.Time        `json:"updatedAt"`
	Version   int              `json:"version"`
}

// Overdue reports whether the request waits for its owner past its due date.
func (r *EvidenceRequest) Overdue(today Date) bool {
	return r.Status == RequestOpen && r.DueOn.Before(today)
}

// Validate reports every problem with r's own fields at once.
func (r *EvidenceRequest) Validate() error {
	p := Problems{}
	r.Title, r.Detail = strings.TrimSpace(r.Title), strings.TrimSpace(r.Detail)
	checkName(p, "title", "Title", r.Title)
	checkText(p, "detail", "Detail", r.Detail)
	if r.Requirement.ID == "" && r.ControlID == "" {
		p.Add("requirement", "Name the requirement or the control the evidence is for.")
	}
	if r.DueOn.IsZero() {
		p.Add("dueOn", "Give the date the evidence is due.")
	}
	if r.OwnerID == "" {
		p.Add("ownerId", "Choose who answers the request.")
	}
	if !r.Status.Valid() {
		p.Add("status", "Status must be open, answered, accepted or cancelled.")
	}
	return p.Err()
}

// EvidenceRequestFilter selects evidence requests.
type EvidenceRequestFilter struct {
	AuditID     ID
	Status      RequestStatus
	OwnerID     ID
	FrameworkID ID // with the requests that name only a control
	// OverdueOn, when set, selects the open requests due before that day.
	OverdueOn Date
	Search    string // in the reference, title, detail, requirement and control refs
	Sort      string // "ref", "due", "status", "owner", "title"; "-" for descending
	Limit     int
	Offset    int
}

// EvidenceRequestRow is one row of an imported request list, as typed.
// Line is the row's line in its file, for error messages.
type EvidenceRequestRow struct {
	Line        int
	Requirement string // a requirement reference of the chosen framework
	Control     string // a control reference
	Title       string
	Detail      string
	Due         string // YYYY-MM-DD
	Owner       string // the owner's e-mail address; blank for the default owner
}

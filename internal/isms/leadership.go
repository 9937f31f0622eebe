// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Leadership (27001 5.1–5.3): records of what top management did to show
// its commitment to the ISMS, the ISMS roles with their responsibilities
// and authorities, and who is responsible, accountable, consulted and
// informed (RACI) for each ISMS process and control.

// CommitmentKind is what a record of management commitment records.
type CommitmentKind string

// The commitment kinds.
const (
	CommitmentDecision      CommitmentKind = "decision"      // a decision about the ISMS
	CommitmentResource      CommitmentKind = "resource"      // resources approved for the ISMS
	CommitmentCommunication CommitmentKind = "communication" // communicating the importance of security
	CommitmentReview        CommitmentKind = "review"        // a management review or a review of results
	CommitmentOther         CommitmentKind = "other"
)

// CommitmentKinds lists the kinds in display order.
var CommitmentKinds = []CommitmentKind{CommitmentDecision, CommitmentResource, CommitmentCommunication, CommitmentReview, CommitmentOther}

// Valid reports whether k is a known kind.
func (k CommitmentKind) Valid() bool { return oneOf(k, CommitmentKinds) }

// Label names the kind for people.
func (k CommitmentKind) Label() string {
	switch k {
	case CommitmentDecision:
		return "Decision"
	case CommitmentResource:
		return "Resource approval"
	case CommitmentCommunication:
		return "Communication"
	case CommitmentReview:
		return "Review"
	case CommitmentOther:
		return "Other"
	}
	return string(k)
}

// Commitment records one act of top management that shows its leadership
// of and commitment to the ISMS: a decision, resources approved, a
// message to staff, a review.
type Commitment struct {
	ID          ID             `json:"id"`
	OrgID       ID             `json:"organizationId"`
	Ref         string         `json:"ref"` // "MC-3", assigned once
	MadeOn      Date           `json:"madeOn"`
	Kind        CommitmentKind `json:"kind"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	MadeBy      string         `json:"madeBy"` // who in top management, as people name them
	CreatedBy   ID             `json:"createdBy,omitempty"`
	CreatedAt   time.Time      `json:"createdAt"`
	UpdatedAt   time.Time      `json:"updatedAt"`
	Version     int            `json:"version"`
}

// Validate reports every problem with c at once. today is the day the
// record is saved: a commitment is recorded once made, so MadeOn may not
// be after it.
func (c *Commitment) Validate(today Date) error {
	p := Problems{}
	c.Title, c.Description, c.MadeBy = strings.TrimSpace(c.Title), strings.TrimSpace(c.Description), strings.TrimSpace(c.MadeBy)
	checkName(p, "title", "Title", c.Title)
	checkName(p, "madeBy", "Made by", c.MadeBy)
	checkText(p, "description", "Description", c.Description)
	if !c.Kind.Valid() {
		p.Add("kind", "Kind must be decision, resource, communication, review or other.")
	}
	switch {
	case c.MadeOn.IsZero():
		p.Add("madeOn", "Date is required: the day the commitment was made.")
	case !plausibleDate(c.MadeOn):
		p.Add("madeOn", "Date must be between 2000 and 2199.")
	case !today.IsZero() && today.Before(c.MadeOn):
		p.Add("madeOn", "Date must not be in the future: record a commitment once it is made.")
	}
	return p.Err()
}

// CommitmentFilter selects commitment records of one organization.
type CommitmentFilter struct {
	OrgID  ID
	Kind   CommitmentKind
	Year   int    // made in this year; 0 for any
	Search string // in reference, title, description and who made it
	Sort   string // "madeOn", "ref", "kind", "title", "madeBy"; "-" for descending
	Limit  int
	Offset int
}

// RoleHolder is a person of the people register who holds an ISMS role.
type RoleHolder struct {
	PersonID ID     `json:"personId"`
	Name     string `json:"name"`
}

// ISMSRole is a role of the ISMS with its responsibilities and
// authorities and who appointed it. Its holders are the active people
// whose roles include its name, compared without case.
type ISMSRole struct {
	ID               ID        `json:"id"`
	OrgID            ID        `json:"organizationId"`
	Name             string    `json:"name"`
	Responsibilities string    `json:"responsibilities"`
	Authorities      string    `json:"authorities"`
	AppointedBy      string    `json:"appointedBy"`
	AppointedOn      Date      `json:"appointedOn,omitzero"`
	Position         int       `json:"position"` // the column order of the RACI grid
	CreatedBy        ID        `json:"createdBy,omitempty"`
	CreatedAt        time.Time `json:"createdAt"`
	UpdatedAt        time.Time `json:"updatedAt"`
	Version          int       `json:"version"`
	// Holders are read with the role, by name.
	Holders []RoleHolder `json:"holders" openapi:"nonnull"`
}

// Validate reports every problem with r at once.
func (r *ISMSRole) Validate() error {
	p := Problems{}
	r.Name, r.AppointedBy = strings.Join(strings.Fields(r.Name), " "), strings.TrimSpace(r.AppointedBy)
	r.Responsibilities, r.Authorities = strings.TrimSpace(r.Responsibilities), strings.TrimSpace(r.Authorities)
	checkName(p, "name", "Name", r.Name)
	if strings.ContainsAny(r.Name, ",;") {
		p.Add("name", "Name may not hold commas or semicolons, which separate roles in the people register.")
	}
	checkText(p, "responsibilities", "Responsibilities", r.Responsibilities)
	checkText(p, "authorities", "Authorities", r.Authorities)
	if utf8.RuneCountInString(r.AppointedBy) > MaxNameLen {
		p.Add("appointedBy", "Appointed by must be at most 200 characters.")
	}
	if !r.AppointedOn.IsZero() && !plausibleDate(r.AppointedOn) {
		p.Add("appointedOn", "Appointment date must be between 2000 and 2199.")
	}
	return p.Err()
}

// HeldBy reports whether a person with roles holds r.
func (r *ISMSRole) HeldBy(roles []string) bool {
	for _, x := range roles {
		if strings.EqualFold(strings.TrimSpace(x), r.Name) {
			return true
		}
	}
	return false
}

// UsualISMSRole is a role most ISMSs have, offered when the register is
// empty.
type UsualISMSRole struct {
	Name, Responsibilities, Authorities string
}

// UsualISMSRoles are the roles most ISMSs name, in RACI column order.
var UsualISMSRoles = []UsualISMSRole{
	{"Top management", "Set the information security policy and objectives; provide the resources; review the ISMS at planned intervals; promote continual improvement.",
		"Approve the policy, the risk acceptance criteria and the resources of the ISMS; appoint the other ISMS roles."},
	{"ISMS manager", "Run the ISMS day to day: keep its documents, risk assessment, Statement of Applicability and records current; report on its performance to top management.",
		"Propose policies and changes; assign ISMS tasks; escalate to top management."},
	{"Risk owner", "Own the risks assigned to them: approve their treatment plans and accept the residual risks within the criteria.",
		"Accept residual risks within the acceptance criteria; approve treatment actions in their area."},
	{"Control owner", "Implement, operate and evidence the controls assigned to them, and report when one does not work.",
		"Decide how their controls are operated within the policies."},
	{"Internal auditor", "Plan and carry out internal audits of the ISMS, report findings and follow up on corrective actions.",
		"Access the records, systems and people needed for an audit; report directly to top management."},
	{"Incident response lead", "Coordinate the response to information security incidents: assess, contain, communicate and learn from them.",
		"Declare an incident; call in the people and suppliers needed; order containment measures."},
	{"Data protection contact", "Advise on personal data protection and check that processing of personal data meets the applicable law.",
		"Be consulted on every change that affects personal data; report to top management and the supervisory authority."},
}

// The kinds of subject of a RACI row: an ISMS process or a control. They
// are the record types of isms.Link.
const (
	RACIProcess = "isms_process"
	RACIControl = "control"
)

// RACISubjectTypes lists the subject types in display order.
var RACISubjectTypes = []string{RACIProcess, RACIControl}

// RACILetterOrder is the order letters are written in.
const RACILetterOrder = "RACI"

// ParseRACILetters reads what a role is for a subject: any of R, A, C and
// I, each at most once, in any case, with or without separators ("r+a",
// "A, R"), and returns them in RACI order ("RA"). "", "-" and "—" clear
// the cell.
func ParseRACILetters(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "-" || s == "—" {
		return "", nil
	}
	seen := map[rune]bool{}
	for _, r := range strings.ToUpper(s) {
		switch {
		case strings.ContainsRune(RACILetterOrder, r):
			if seen[r] {
				return "", Errorf(Invalid, "%q names %c twice; give each of R, A, C and I at most once.", s, r)
			}
			seen[r] = true
		case r == '+' || r == ',' || r == ' ' || r == '/':
		default:
			return "", Errorf(Invalid, "%q is not a RACI entry; use R, A, C, I or a combination such as RA.", s)
		}
	}
	var b strings.Builder
	for _, r := range RACILetterOrder {
		if seen[r] {
			b.WriteRune(r)
		}
	}
	return b.String(), nil
}

// RACIRow is one subject of the RACI grid with the letters of each role.
type RACIRow struct {
	Subject Link   `json:"subject"`
	Ref     string `json:"ref"`
	Name    string `json:"name"`
	// Letters maps role IDs to their letters; roles without any are absent.
	Letters map[ID]string `json:"letters" openapi:"nonnull"`
}

// Accountable returns how many roles are accountable (A) for the row's
// subject: exactly one should be.
func (r RACIRow) Accountable() int {
	n := 0
	for _, l := range r.Letters {
		if strings.Contains(l, "A") {
			n++
		}
	}
	return n
}

// AccountableProblem says what is wrong with the row's accountability,
// "" when exactly one role is accountable.
func (r RACIRow) AccountableProblem() string {
	switch n := r.Accountable(); {
	case n == 0:
		return "No role is accountable"
	case n > 1:
		return "More than one role is accountable"
	}
	return ""
}

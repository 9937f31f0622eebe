// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strconv"
	"strings"
	"time"
)

// Certification: an accredited certification body certifies the ISMS
// against a standard. The cycle is three years: a stage 1 audit (the ISMS
// design and documents) and a stage 2 audit (its operation) before the
// certificate is issued, a surveillance audit every year after it (the
// first within 12 months of the certification decision) and a
// recertification audit before the certificate expires. Each audit's
// findings are graded like an internal audit's; a nonconformity opens a
// nonconformity record whose corrective action plan is due by the body's
// deadline.

// CertificateStatus is where a certificate stands.
type CertificateStatus string

// The certificate statuses.
const (
	CertPursuing  CertificateStatus = "pursuing"  // being worked towards: stage 1 and 2 ahead
	CertActive    CertificateStatus = "active"    // issued and valid
	CertSuspended CertificateStatus = "suspended" // suspended by the body
	CertWithdrawn CertificateStatus = "withdrawn" // withdrawn by the body or given up
	CertExpired   CertificateStatus = "expired"   // past its expiry date without renewal
)

// CertificateStatuses lists the statuses in display order.
var CertificateStatuses = []CertificateStatus{CertPursuing, CertActive, CertSuspended, CertWithdrawn, CertExpired}

// Valid reports whether s is a known status.
func (s CertificateStatus) Valid() bool { return oneOf(s, CertificateStatuses) }

// Label names the status for people.
func (s CertificateStatus) Label() string {
	switch s {
	case CertPursuing:
		return "Pursuing"
	case CertActive:
		return "Active"
	case CertSuspended:
		return "Suspended"
	case CertWithdrawn:
		return "Withdrawn"
	case CertExpired:
		return "Expired"
	}
	return string(s)
}

// CertificateYears is how long a certificate is valid.
const CertificateYears = 3

// Certificate is a certification of the ISMS by a certification body.
type Certificate struct {
	ID     ID     `json:"id"`
	OrgID  ID     `json:"organizationId"`
	Ref    string `json:"ref"` // "CERT-1"; never changes
	Number int    `json:"-"`
	// CertNumber is the certificate number the body gave.
	CertNumber string `json:"certificateNumber"`
	Body       string `json:"body"` // the certification body
	// Standard names the standard and its version as certified:
	// "ISO/IEC 27001:2022".
	Standard    string `json:"standard"`
	FrameworkID ID     `json:"frameworkId,omitempty"` // the framework it corresponds to, if loaded
	// Scope is the scope statement as certified, word for word.
	Scope     string            `json:"scope"`
	IssuedOn  Date              `json:"issuedOn,omitzero"`
	ExpiresOn Date              `json:"expiresOn,omitzero"`
	Status    CertificateStatus `json:"status"`
	// OwnerID is the member who prepares the audits; reminders go to them.
	OwnerID   ID        `json:"ownerId"`
	OwnerName string    `json:"ownerName,omitempty"` // read with it
	Audits    int       `json:"audits"`              // external audits, read with it
	CreatedBy ID        `json:"createdBy,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int       `json:"version"`
}

// Validate reports every problem with c at once. An issued certificate
// (any status but pursuing) has a number, an issue date and an expiry
// date after it, at most three years later.
func (c *Certificate) Validate() error {
	p := Problems{}
	c.Body, c.CertNumber, c.Standard, c.Scope = strings.TrimSpace(c.Body), strings.TrimSpace(c.CertNumber), strings.TrimSpace(c.Standard), strings.TrimSpace(c.Scope)
	checkName(p, "body", "Certification body", c.Body)
	checkName(p, "standard", "Standard", c.Standard)
	checkText(p, "scope", "Scope", c.Scope)
	if c.Scope == "" {
		p.Add("scope", "Copy the scope statement as the certificate states it.")
	}
	if !c.Status.Valid() {
		p.Add("status", "Status must be pursuing, active, suspended, withdrawn or expired.")
	}
	if c.OwnerID == "" {
		p.Add("ownerId", "Choose who prepares the audits.")
	}
	if c.Status != CertPursuing && c.Status.Valid() {
		if c.CertNumber == "" {
			p.Add("certificateNumber", "An issued certificate has a number: copy it from the certificate.")
		}
		if c.IssuedOn.IsZero() {
			p.Add("issuedOn", "An issued certificate has an issue date.")
		}
		if c.ExpiresOn.IsZero() {
			p.Add("expiresOn", "An issued certificate has an expiry date.")
		}
	}
	if !c.IssuedOn.IsZero() && !c.ExpiresOn.IsZero() {
		switch {
		case !c.ExpiresOn.After(c.IssuedOn):
			p.Add("expiresOn", "The expiry date must be after the issue date.")
		case c.ExpiresOn.After(c.IssuedOn.AddDate(CertificateYears, 0, 0)):
			p.Add("expiresOn", "A certificate is valid for at most three years after its issue date.")
		}
	}
	return p.Err()
}

// CertificateFilter selects certificates.
type CertificateFilter struct {
	Status CertificateStatus
	Search string // in the reference, body, number, standard and scope
	Sort   string // "ref", "body", "expires", "status"; "-" for descending
	Limit  int
	Offset int
}

// ExternalAuditKind is the kind of a certification body's audit.
type ExternalAuditKind string

// The kinds, in the order of the cycle.
const (
	ExtStage1          ExternalAuditKind = "stage1"
	ExtStage2          ExternalAuditKind = "stage2"
	ExtSurveillance    ExternalAuditKind = "surveillance"
	ExtRecertification ExternalAuditKind = "recertification"
	ExtSpecial         ExternalAuditKind = "special" // a short-notice or scope-extension audit
)

// ExternalAuditKinds lists the kinds in display order.
var ExternalAuditKinds = []ExternalAuditKind{ExtStage1, ExtStage2, ExtSurveillance, ExtRecertification, ExtSpecial}

// Valid reports whether k is a known kind.
func (k ExternalAuditKind) Valid() bool { return oneOf(k, ExternalAuditKinds) }

// Label names the kind for people.
func (k ExternalAuditKind) Label() string {
	switch k {
	case ExtStage1:
		return "Stage 1 audit"
	case ExtStage2:
		return "Stage 2 audit"
	case ExtSurveillance:
		return "Surveillance audit"
	case ExtRecertification:
		return "Recertification audit"
	case ExtSpecial:
		return "Special audit"
	}
	return string(k)
}

// ExternalAuditStatus is where an external audit stands.
type ExternalAuditStatus string

// The external audit statuses.
const (
	ExtPlanned    ExternalAuditStatus = "planned"
	ExtInProgress ExternalAuditStatus = "in_progress"
	ExtCompleted  ExternalAuditStatus = "completed"
	ExtCancelled  ExternalAuditStatus = "cancelled"
)

// ExternalAuditStatuses lists the statuses in display order.
var ExternalAuditStatuses = []ExternalAuditStatus{ExtPlanned, ExtInProgress, ExtCompleted, ExtCancelled}

// Valid reports whether s is a known status.
func (s ExternalAuditStatus) Valid() bool { return oneOf(s, ExternalAuditStatuses) }

// Label names the status for people.
func (s ExternalAuditStatus) Label() string {
	switch s {
	case ExtPlanned:
		return "Planned"
	case ExtInProgress:
		return "In progress"
	case ExtCompleted:
		return "Completed"
	case ExtCancelled:
		return "Cancelled"
	}
	return string(s)
}

// ExternalAuditResult is the audit team's recommendation.
type ExternalAuditResult string

// The results; empty until the audit is completed.
const (
	ExtResultNone           ExternalAuditResult = ""
	ExtRecommended          ExternalAuditResult = "recommended"     // certification recommended or maintained
	ExtRecommendedCondition ExternalAuditResult = "conditional"     // recommended once corrective action plans are accepted
	ExtNotRecommended       ExternalAuditResult = "not_recommended" // certification not recommended, or suspension proposed
)

// ExternalAuditResults lists the results a completed audit may have.
var ExternalAuditResults = []ExternalAuditResult{ExtRecommended, ExtRecommendedCondition, ExtNotRecommended}

// Valid reports whether r is a known result or none.
func (r ExternalAuditResult) Valid() bool {
	return r == ExtResultNone || oneOf(r, ExternalAuditResults)
}

// Label names the result for people.
func (r ExternalAuditResult) Label() string {
	switch r {
	case ExtResultNone:
		return "Pending"
	case ExtRecommended:
		return "Recommended"
	case ExtRecommendedCondition:
		return "Recommended subject to corrective action plans"
	case ExtNotRecommended:
		return "Not recommended"
	}
	return string(r)
}

// ReminderDays is how many days before an external audit its preparation
// task is due.
const ReminderDays = 30

// ExternalAudit is one audit of the certification cycle.
type ExternalAudit struct {
	ID             ID                `json:"id"`
	OrgID          ID                `json:"organizationId"`
	Ref            string            `json:"ref"` // "EA-2"; never changes
	Number         int               `json:"-"`
	CertificateID  ID                `json:"certificateId"`
	CertificateRef string            `json:"certificateRef,omitempty"` // read with it
	Kind           ExternalAuditKind `json:"kind"`
	// Cycle is the certification cycle the audit belongs to, 1 for the
	// initial certification, 2 after the first recertification.
	Cycle int `json:"cycle"`
	// Sequence numbers surveillance audits within the cycle (1, 2).
	Sequence int                 `json:"sequence,omitempty"`
	StartOn  Date                `json:"startOn"`
	EndOn    Date                `json:"endOn"`
	Team     string              `json:"team"` // the body's auditors, in people's words; may be unknown yet
	Status   ExternalAuditStatus `json:"status"`
	Result   ExternalAuditResult `json:"result"`
	// Summary is the audit report's conclusion.
	Summary string `json:"summary"`
	// ReminderTaskID is the preparation task due ReminderDays before the start.
	ReminderTaskID ID        `json:"reminderTaskId,omitempty"`
	Findings       int       `json:"findings"` // read with it
	CreatedBy      ID        `json:"createdBy,omitempty"`
	CreatedAt      time.Time `json:"createdAt"`
	UpdatedAt      time.Time `json:"updatedAt"`
	Version        int       `json:"version"`
}

// Title names the audit for people: "Surveillance audit 1", and from
// the second cycle on "Surveillance audit 1 (cycle 2)".
func (e *ExternalAudit) Title() string {
	t := e.Kind.Label()
	if e.Kind == ExtSurveillance && e.Sequence > 0 {
		t += " " + strconv.Itoa(e.Sequence)
	}
	if e.Cycle > 1 {
		t += " (cycle " + strconv.Itoa(e.Cycle) + ")"
	}
	return t
}

// Validate reports every problem with e's own fields at once. Whether
// its dates fit the certificate is ValidateAgainst's work.
func (e *ExternalAudit) Validate() error {
	p := Problems{}
	e.Team, e.Summary = strings.TrimSpace(e.Team), strings.TrimSpace(e.Summary)
	if e.CertificateID == "" {
		p.Add("certificateId", "Choose the certificate the audit belongs to.")
	}
	if !e.Kind.Valid() {
		p.Add("kind", "Kind must be stage1, stage2, surveillance, recertification or special.")
	}
	if !e.Status.Valid() {
		p.Add("status", "Status must be planned, in_progress, completed or cancelled.")
	}
	if !e.Result.Valid() {
		p.Add("result", "Result must be recommended, conditional or not_recommended.")
	}
	if e.Cycle < 1 {
		e.Cycle = 1
	}
	if len([]rune(e.Team)) > MaxNameLen {
		p.Add("team", "Audit team must be at most 200 characters.")
	}
	checkText(p, "summary", "Summary", e.Summary)
	checkAuditDays(p, e.StartOn, e.EndOn)
	if e.Status == ExtCompleted && e.Result == ExtResultNone {
		p.Add("result", "A completed audit has a result: the audit team's recommendation.")
	}
	if e.Status != ExtCompleted && e.Result != ExtResultNone {
		p.Add("result", "Record the result when the audit is completed.")
	}
	return p.Err()
}

// checkAuditDays checks the days of an external audit: both plausible,
// the last on or after the first (a one-day audit is fine).
func checkAuditDays(p Problems, start, end Date) {
	startOK := checkDay(p, "startOn", "Start date", start)
	if checkDay(p, "endOn", "End date", end) && startOK && end.Before(start) {
		p.Add("endOn", "End date must be on or after the start date.")
	}
}

// ValidateAgainst reports where e's dates do not fit its certificate: a
// first surveillance audit later than 12 months after the issue date, or
// a surveillance or recertification audit after the expiry date.
func (e *ExternalAudit) ValidateAgainst(c *Certificate) error {
	p := Problems{}
	if c.IssuedOn.IsZero() || e.StartOn.IsZero() {
		return nil
	}
	if e.Kind == ExtSurveillance && e.Sequence == 1 && e.Cycle == 1 && e.StartOn.After(c.IssuedOn.AddDate(1, 0, 0)) {
		p.Add("startOn", "The first surveillance audit must take place within 12 months of certification (by "+c.IssuedOn.AddDate(1, 0, 0).String()+").")
	}
	if (e.Kind == ExtSurveillance || e.Kind == ExtRecertification) && !c.ExpiresOn.IsZero() && e.StartOn.After(c.ExpiresOn) {
		p.Add("startOn", "The audit must take place before the certificate expires on "+c.ExpiresOn.String()+".")
	}
	return p.Err()
}

// ExternalAuditFilter selects external audits.
type ExternalAuditFilter struct {
	CertificateID ID
	Kind          ExternalAuditKind
	Status        ExternalAuditStatus
	Search        string // in the reference, team and summary
	Sort          string // "ref", "start", "kind", "status"; "-" for descending
	Limit         int
	Offset        int
}

// ExternalFinding is one finding of an external audit, graded like an
// internal audit's. A nonconformity (major or minor) opens a
// nonconformity record whose corrective action plan is due on CAPDue.
type ExternalFinding struct {
	ID           ID               `json:"id"`
	OrgID        ID               `json:"organizationId"`
	AuditID      ID               `json:"auditId"`
	AuditRef     string           `json:"auditRef,omitempty"` // read with it
	Ref          string           `json:"ref"`                // "XF-4", numbered across the organization
	Number       int              `json:"-"`
	Grade        FindingGrade     `json:"grade"`
	Title        string           `json:"title"`
	Description  string           `json:"description"`
	Requirements []RequirementRef `json:"requirements"`
	// CAPDue is the body's deadline for the corrective action plan of a
	// nonconformity.
	CAPDue Date `json:"capDue,omitzero"`
	// NonconformityID is the nonconformity record it opened.
	NonconformityID  ID        `json:"nonconformityId,omitempty"`
	NonconformityRef string    `json:"nonconformityRef,omitempty"` // read with it
	RaisedBy         ID        `json:"raisedBy,omitempty"`
	RaisedByName     string    `json:"raisedByName,omitempty"`
	CreatedAt        time.Time `json:"createdAt"`
	UpdatedAt        time.Time `json:"updatedAt"`
	Version          int       `json:"version"`
}

// Validate reports every problem with f at once. A nonconformity names
// the requirement it does not meet and the body's deadline for its
// corrective action plan.
func (f *ExternalFinding) Validate() error {
	p := Problems{}
	f.Title, f.Description = strings.TrimSpace(f.Title), strings.TrimSpace(f.Description)
	checkName(p, "title", "Title", f.Title)
	checkText(p, "description", "Description", f.Description)
	if !f.Grade.Valid() {
		p.Add("grade", "Grade must be major, minor, observation or ofi.")
	}
	if f.Grade.Nonconformity() {
		if len(f.Requirements) == 0 {
			p.Add("requirements", "Name the requirement the nonconformity does not meet.")
		}
		if f.Description == "" {
			p.Add("description", "Describe the nonconformity as the audit report states it.")
		}
		if f.CAPDue.IsZero() {
			p.Add("capDue", "Give the certification body's deadline for the corrective action plan.")
		}
	}
	return p.Err()
}

// ExternalFindingFilter selects external findings.
type ExternalFindingFilter struct {
	AuditID ID
	Grade   FindingGrade
	Search  string // in the reference, title and description
	Sort    string // "ref", "grade", "title", "capDue", "created"; "-" for descending
	Limit   int
	Offset  int
}

// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
)

// Risks and opportunities for the ISMS itself (27001 6.1.1) and planned
// changes to the ISMS (6.3). An ISMS risk is whatever could keep the
// management system from its intended outcomes (management losing
// interest, the one person who runs it leaving, a budget cut, a shift in
// regulation); an ISMS opportunity is a way to make it work better
// (automation, customer trust). They are kept apart from the information
// security risks of the risk register and rated on a plain three-level
// scale. The actions planned for them are tasks linked to the record.

// ISMSRiskKind says whether the record is a risk or an opportunity.
type ISMSRiskKind string

// The kinds.
const (
	ISMSKindRisk        ISMSRiskKind = "risk"
	ISMSKindOpportunity ISMSRiskKind = "opportunity"
)

// ISMSRiskKinds lists the kinds in display order.
var ISMSRiskKinds = []ISMSRiskKind{ISMSKindRisk, ISMSKindOpportunity}

// ISMSLevel is a position on the three-level scale of likelihood, impact
// and rating.
type ISMSLevel string

// The levels.
const (
	ISMSLow    ISMSLevel = "low"
	ISMSMedium ISMSLevel = "medium"
	ISMSHigh   ISMSLevel = "high"
)

// ISMSLevels lists the levels from lowest to highest.
var ISMSLevels = []ISMSLevel{ISMSLow, ISMSMedium, ISMSHigh}

// weight is the level's weight in the rating: 1, 2 or 3; 0 when unknown.
func (l ISMSLevel) weight() int {
	for i, x := range ISMSLevels {
		if x == l {
			return i + 1
		}
	}
	return 0
}

// ISMSRating combines likelihood and impact into one level. The rule: the
// product of their weights (low 1, medium 2, high 3) is low up to 2,
// medium at 3 and 4, high from 6. So a high impact that is unlikely is
// medium, a medium likelihood with a high impact is high, and only low
// with low or medium stays low:
//
//	             impact low  medium  high
//	likelihood low     low   low     medium
//	       medium      low   medium  high
//	         high      medium high   high
//
// It returns "" when either is not a level.
func ISMSRating(likelihood, impact ISMSLevel) ISMSLevel {
	score := likelihood.weight() * impact.weight()
	switch {
	case score == 0:
		return ""
	case score <= 2:
		return ISMSLow
	case score <= 4:
		return ISMSMedium
	}
	return ISMSHigh
}

// ISMSRatingScores are the bounds of each rating on the product of the
// weights (inclusive), for queries that filter by rating.
var ISMSRatingScores = map[ISMSLevel][2]int{ISMSLow: {1, 2}, ISMSMedium: {3, 4}, ISMSHigh: {6, 9}}

// ISMSRiskStatus is where the handling of an ISMS risk or opportunity
// stands.
type ISMSRiskStatus string

// The statuses: identified; actions planned (and how their effectiveness
// will be evaluated said); actions carried out; evaluated and closed.
const (
	ISMSRiskOpen      ISMSRiskStatus = "open"
	ISMSRiskPlanned   ISMSRiskStatus = "planned"
	ISMSRiskAddressed ISMSRiskStatus = "addressed"
	ISMSRiskClosed    ISMSRiskStatus = "closed"
)

// ISMSRiskStatuses lists the statuses in display order.
var ISMSRiskStatuses = []ISMSRiskStatus{ISMSRiskOpen, ISMSRiskPlanned, ISMSRiskAddressed, ISMSRiskClosed}

// The answers to "were the actions effective?"; "" before the evaluation.
const (
	EffectiveYes = "yes"
	EffectiveNo  = "no"
)

// ISMSRisk is one risk or opportunity for the ISMS.
type ISMSRisk struct {
	ID          ID             `json:"id"`
	OrgID       ID             `json:"organizationId"`
	Ref         string         `json:"ref"` // "RO-3"; never changes
	Number      int            `json:"-"`
	Kind        ISMSRiskKind   `json:"kind"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Likelihood  ISMSLevel      `json:"likelihood"`
	Impact      ISMSLevel      `json:"impact"`
	OwnerID     ID             `json:"ownerId,omitempty"`
	OwnerName   string         `json:"ownerName,omitempty"`
	Status      ISMSRiskStatus `json:"status"`
	// EvaluationMethod says how the effectiveness of the actions will be
	// judged; Evaluation, EvaluatedOn and Effective are the result.
	EvaluationMethod string    `json:"evaluationMethod"`
	Evaluation       string    `json:"evaluation"`
	EvaluatedOn      Date      `json:"evaluatedOn,omitzero"`
	Effective        string    `json:"effective"` // "", "yes" or "no"
	ReviewOn         Date      `json:"reviewOn,omitzero"`
	CreatedBy        ID        `json:"createdBy,omitempty"`
	CreatedAt        time.Time `json:"createdAt"`
	UpdatedAt        time.Time `json:"updatedAt"`
	Version          int       `json:"version"`
	// OpenActions and OverdueActions count the open tasks linked to the
	// record, and those of them past due; read with the record.
	OpenActions    int `json:"openActions"`
	OverdueActions int `json:"overdueActions"`
}

// Rating is the record's rating by ISMSRating.
func (r *ISMSRisk) Rating() ISMSLevel { return ISMSRating(r.Likelihood, r.Impact) }

// EvaluationDue reports whether the actions were carried out but their
// effectiveness not yet evaluated.
func (r *ISMSRisk) EvaluationDue() bool { return r.Status == ISMSRiskAddressed && r.Effective == "" }

// Validate reports every problem with r at once.
func (r *ISMSRisk) Validate() error {
	p := Problems{}
	r.Title, r.Description = strings.TrimSpace(r.Title), strings.TrimSpace(r.Description)
	r.EvaluationMethod, r.Evaluation = strings.TrimSpace(r.EvaluationMethod), strings.TrimSpace(r.Evaluation)
	if !oneOf(r.Kind, ISMSRiskKinds) {
		p.Add("kind", "Kind must be risk or opportunity.")
	}
	checkName(p, "title", "Title", r.Title)
	checkText(p, "description", "Description", r.Description)
	if !oneOf(r.Likelihood, ISMSLevels) {
		p.Add("likelihood", "Likelihood must be low, medium or high.")
	}
	if !oneOf(r.Impact, ISMSLevels) {
		p.Add("impact", "Impact must be low, medium or high.")
	}
	if !oneOf(r.Status, ISMSRiskStatuses) {
		p.Add("status", "Status must be open, planned, addressed or closed.")
	}
	checkText(p, "evaluationMethod", "How effectiveness will be evaluated", r.EvaluationMethod)
	checkText(p, "evaluation", "Evaluation", r.Evaluation)
	r.validateEvaluation(p)
	for f, d := range map[string]Date{"evaluatedOn": r.EvaluatedOn, "reviewOn": r.ReviewOn} {
		if !d.IsZero() && !plausibleDate(d) {
			p.Add(f, "The date must be between 2000 and 2199.")
		}
	}
	return p.Err()
}

// validateEvaluation checks the rules of the status: actions are planned
// only with a way to judge them; an evaluation has a date and an answer;
// a record closes only once evaluated, effective or with the reason it
// closes anyway.
func (r *ISMSRisk) validateEvaluation(p Problems) {
	if oneOf(r.Status, ISMSRiskStatuses[1:]) && r.EvaluationMethod == "" {
		p.Add("evaluationMethod", "Say how the effectiveness of the actions will be evaluated before the status is planned or later.")
	}
	switch r.Effective {
	case "", EffectiveYes, EffectiveNo:
	default:
		p.Add("effective", "Effective must be yes, no or empty (not evaluated yet).")
	}
	if r.Effective != "" && r.EvaluatedOn.IsZero() {
		p.Add("evaluatedOn", "Enter the date of the evaluation.")
	}
	if r.Status != ISMSRiskClosed {
		return
	}
	switch r.Effective {
	case EffectiveYes:
	case EffectiveNo:
		if r.Evaluation == "" {
			p.Add("evaluation", "The actions were not effective: explain in the evaluation why the record is closed anyway, or keep it open.")
		}
	default:
		p.Add("effective", "Evaluate the actions before closing: enter the evaluation, its date and whether they were effective.")
	}
}

// ISMSRiskFilter selects ISMS risks and opportunities of one
// organization; zero fields do not filter.
type ISMSRiskFilter struct {
	OrgID   ID
	Kind    ISMSRiskKind
	Status  ISMSRiskStatus
	OwnerID ID
	Rating  ISMSLevel
	// NoActions selects records without any task linked that is open or
	// done (cancelled ones do not count).
	NoActions bool
	// EvaluationDue selects addressed records not yet evaluated.
	EvaluationDue bool
	Sort          string // "ref", "title", "kind", "rating", "status", "owner", "review", "updated"; "-" for descending
	Limit         int
	Offset        int
}

// ISMSChangeStatus is where a planned change to the ISMS stands.
type ISMSChangeStatus string

// The change statuses.
const (
	ChangeProposed    ISMSChangeStatus = "proposed"
	ChangeApproved    ISMSChangeStatus = "approved"
	ChangeInProgress  ISMSChangeStatus = "in_progress"
	ChangeImplemented ISMSChangeStatus = "implemented"
	ChangeCancelled   ISMSChangeStatus = "cancelled"
)

// ISMSChangeStatuses lists the statuses in display order.
var ISMSChangeStatuses = []ISMSChangeStatus{ChangeProposed, ChangeApproved, ChangeInProgress, ChangeImplemented, ChangeCancelled}

// Label returns the status as people read it.
func (s ISMSChangeStatus) Label() string {
	if s == ChangeInProgress {
		return "In progress"
	}
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// ISMSChange is a change to the ISMS carried out in a planned way (6.3):
// what changes and why, the consequences considered, the resources and
// responsibilities it needs, when it is planned and when it was done.
type ISMSChange struct {
	ID               ID               `json:"id"`
	OrgID            ID               `json:"organizationId"`
	Ref              string           `json:"ref"` // "CHG-2"; never changes
	Number           int              `json:"-"`
	Title            string           `json:"title"`
	Reason           string           `json:"reason"`
	Consequences     string           `json:"consequences"`
	Resources        string           `json:"resources"`
	Responsibilities string           `json:"responsibilities"`
	OwnerID          ID               `json:"ownerId,omitempty"`
	OwnerName        string           `json:"ownerName,omitempty"`
	PlannedOn        Date             `json:"plannedOn,omitzero"`
	CompletedOn      Date             `json:"completedOn,omitzero"`
	Status           ISMSChangeStatus `json:"status"`
	CreatedBy        ID               `json:"createdBy,omitempty"`
	CreatedAt        time.Time        `json:"createdAt"`
	UpdatedAt        time.Time        `json:"updatedAt"`
	Version          int              `json:"version"`
}

// Validate reports every problem with c at once. A change says why it is
// needed; once approved, the consequences considered; once implemented,
// when it was completed (and only then).
func (c *ISMSChange) Validate() error {
	p := Problems{}
	c.Title, c.Reason, c.Consequences = strings.TrimSpace(c.Title), strings.TrimSpace(c.Reason), strings.TrimSpace(c.Consequences)
	c.Resources, c.Responsibilities = strings.TrimSpace(c.Resources), strings.TrimSpace(c.Responsibilities)
	checkName(p, "title", "Title", c.Title)
	if c.Reason == "" {
		p.Add("reason", "Reason is required: say why the ISMS needs this change.")
	}
	for _, f := range [][3]string{{"reason", "Reason", c.Reason}, {"consequences", "Consequences", c.Consequences},
		{"resources", "Resources", c.Resources}, {"responsibilities", "Responsibilities", c.Responsibilities}} {
		checkText(p, f[0], f[1], f[2])
	}
	if !oneOf(c.Status, ISMSChangeStatuses) {
		p.Add("status", "Status must be proposed, approved, in_progress, implemented or cancelled.")
	}
	if c.Consequences == "" && (c.Status == ChangeApproved || c.Status == ChangeInProgress || c.Status == ChangeImplemented) {
		p.Add("consequences", "Describe the consequences considered (on scope, risks, documents, roles) before the change is approved.")
	}
	switch {
	case c.Status == ChangeImplemented && c.CompletedOn.IsZero():
		p.Add("completedOn", "Enter the date the change was completed.")
	case c.Status != ChangeImplemented && !c.CompletedOn.IsZero():
		p.Add("completedOn", "Only an implemented change has a completion date: set the status to implemented, or clear the date.")
	}
	for f, d := range map[string]Date{"plannedOn": c.PlannedOn, "completedOn": c.CompletedOn} {
		if !d.IsZero() && !plausibleDate(d) {
			p.Add(f, "The date must be between 2000 and 2199.")
		}
	}
	return p.Err()
}

// ISMSChangeFilter selects planned changes of one organization; zero
// fields do not filter.
type ISMSChangeFilter struct {
	OrgID   ID
	Status  ISMSChangeStatus
	OwnerID ID
	// PlannedFrom and PlannedTo bound the planned date, both inclusive.
	PlannedFrom, PlannedTo Date
	Sort                   string // "ref", "title", "status", "owner", "planned", "completed", "updated"; "-" for descending
	Limit                  int
	Offset                 int
}

// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
)

// Continual improvement (27001 10.1): the improvement register holds
// opportunities from audits, management reviews, measurements, or anyone;
// each is evaluated and decided; an accepted one is carried out as tasks
// or as a planned change to the ISMS (6.3).

// ImprovementSource is where an opportunity came from.
type ImprovementSource string

// The sources.
const (
	ImpAudit            ImprovementSource = "audit"             // an audit's opportunity for improvement
	ImpManagementReview ImprovementSource = "management_review" // a decision of a management review
	ImpMeasurement      ImprovementSource = "measurement"       // a monitoring or measurement result
	ImpNonconformity    ImprovementSource = "nonconformity"     // learnt from a nonconformity
	ImpSuggestion       ImprovementSource = "suggestion"        // anyone's idea
)

// ImprovementSources lists the sources in display order.
var ImprovementSources = []ImprovementSource{ImpAudit, ImpManagementReview, ImpMeasurement, ImpNonconformity, ImpSuggestion}

// Valid reports whether s is a known source.
func (s ImprovementSource) Valid() bool { return oneOf(s, ImprovementSources) }

// Label names the source for people.
func (s ImprovementSource) Label() string {
	switch s {
	case ImpAudit:
		return "Audit"
	case ImpManagementReview:
		return "Management review"
	case ImpMeasurement:
		return "Measurement"
	case ImpNonconformity:
		return "Nonconformity"
	case ImpSuggestion:
		return "Suggestion"
	}
	return string(s)
}

// ImprovementStatus is where an opportunity stands.
type ImprovementStatus string

// The statuses.
const (
	ImpProposed   ImprovementStatus = "proposed"    // awaiting evaluation and decision
	ImpAccepted   ImprovementStatus = "accepted"    // decided; to be carried out
	ImpInProgress ImprovementStatus = "in_progress" // tasks or a planned change under way
	ImpDone       ImprovementStatus = "done"
	ImpRejected   ImprovementStatus = "rejected"
	ImpDeferred   ImprovementStatus = "deferred"
)

// ImprovementStatuses lists the statuses in display order.
var ImprovementStatuses = []ImprovementStatus{ImpProposed, ImpAccepted, ImpInProgress, ImpDone, ImpRejected, ImpDeferred}

// Valid reports whether s is a known status.
func (s ImprovementStatus) Valid() bool { return oneOf(s, ImprovementStatuses) }

// Label names the status for people.
func (s ImprovementStatus) Label() string {
	switch s {
	case ImpProposed:
		return "Proposed"
	case ImpAccepted:
		return "Accepted"
	case ImpInProgress:
		return "In progress"
	case ImpDone:
		return "Done"
	case ImpRejected:
		return "Rejected"
	case ImpDeferred:
		return "Deferred"
	}
	return string(s)
}

// Open reports whether the opportunity still needs something: a
// decision, or carrying out.
func (s ImprovementStatus) Open() bool {
	return s == ImpProposed || s == ImpAccepted || s == ImpInProgress || s == ImpDeferred
}

// Improvement is one opportunity for improvement.
type Improvement struct {
	ID          ID                `json:"id"`
	OrgID       ID                `json:"organizationId"`
	Ref         string            `json:"ref"` // "IMP-3"; never changes
	Number      int               `json:"-"`
	Title       string            `json:"title"`
	Description string            `json:"description"`
	Source      ImprovementSource `json:"source"`
	// SourceRecord is the record it comes from when there is one (an
	// audit finding, a review output, a metric); zero otherwise. It is also
	// a record link.
	SourceRecord Link   `json:"sourceRecord,omitzero"`
	ProposedBy   ID     `json:"proposedBy,omitempty"`
	ProposerName string `json:"proposedByName,omitempty"`
	// Evaluation weighs benefit, effort and risk, in people's words.
	Evaluation string `json:"evaluation"`
	// Decision records accept, reject or defer with its reason.
	DecisionReason string            `json:"decisionReason"`
	DecisionStep   Step              `json:"decisionStep,omitzero"`
	Status         ImprovementStatus `json:"status"`
	OwnerID        ID                `json:"ownerId,omitempty"`
	OwnerName      string            `json:"ownerName,omitempty"`
	Due            Date              `json:"due,omitzero"`
	// ChangeID is the planned change (6.3) that carries it out, if any.
	ChangeID ID `json:"changeId,omitempty"`
	// TasksOpen and TasksDone count the tasks linked to it, read with it.
	TasksOpen int       `json:"tasksOpen"`
	TasksDone int       `json:"tasksDone"`
	CreatedBy ID        `json:"createdBy,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int       `json:"version"`
}

// Validate reports every problem with im at once.
func (im *Improvement) Validate() error {
	p := Problems{}
	im.Title, im.Description = strings.TrimSpace(im.Title), strings.TrimSpace(im.Description)
	im.Evaluation, im.DecisionReason = strings.TrimSpace(im.Evaluation), strings.TrimSpace(im.DecisionReason)
	checkName(p, "title", "Title", im.Title)
	checkText(p, "description", "Description", im.Description)
	checkText(p, "evaluation", "Evaluation", im.Evaluation)
	checkText(p, "decisionReason", "Reason", im.DecisionReason)
	if !im.Source.Valid() {
		p.Add("source", "Source must be audit, management_review, measurement, nonconformity or suggestion.")
	}
	if !im.Status.Valid() {
		p.Add("status", "Status must be proposed, accepted, in_progress, done, rejected or deferred.")
	}
	if (im.Status == ImpRejected || im.Status == ImpDeferred) && im.DecisionReason == "" {
		p.Add("decisionReason", "Say why it is "+string(im.Status)+".")
	}
	if !im.Due.IsZero() && !plausibleDate(im.Due) {
		p.Add("due", "Due date must be between 2000 and 2199.")
	}
	return p.Err()
}

// ImprovementFilter selects improvements.
type ImprovementFilter struct {
	Status ImprovementStatus
	// Open, when set, selects the statuses for which Open is true.
	Open    bool
	Source  ImprovementSource
	OwnerID ID
	Search  string // in the reference, title and description
	Sort    string // "ref", "title", "status", "source", "due", "updated"; "-" for descending
	Limit   int
	Offset  int
}

// Decidable reports whether an opportunity in status s awaits a decision:
// proposed, or deferred to be decided again.
func (s ImprovementStatus) Decidable() bool { return s == ImpProposed || s == ImpDeferred }

// Decision reports whether s is the outcome of a decision: accepted,
// rejected or deferred.
func (s ImprovementStatus) Decision() bool {
	return s == ImpAccepted || s == ImpRejected || s == ImpDeferred
}

// Actionable reports whether work may be added to an opportunity in
// status s (tasks or a planned change): once accepted, until done.
func (s ImprovementStatus) Actionable() bool { return s == ImpAccepted || s == ImpInProgress }

// Decide records the decision to (accepted, rejected or deferred) with
// its reason and step on a proposed or deferred opportunity; rejecting or
// deferring needs a reason. Deciding anything else is a Conflict, and im
// is left as it was on any error.
func (im *Improvement) Decide(to ImprovementStatus, reason string, step Step) error {
	if !im.Status.Decidable() {
		return Errorf(Conflict, "%s is %s; only a proposed or deferred improvement is decided.", im.Ref, strings.ToLower(im.Status.Label()))
	}
	if !to.Decision() {
		return Problems{"status": "Decide to accept, reject or defer."}.Err()
	}
	d := *im
	d.Status, d.DecisionReason, d.DecisionStep = to, reason, step
	if err := d.Validate(); err != nil {
		return err
	}
	*im = d
	return nil
}

// Complete marks an opportunity in progress done.
func (im *Improvement) Complete() error {
	if im.Status != ImpInProgress {
		return Errorf(Conflict, "%s is %s; only an improvement in progress can be completed.", im.Ref, strings.ToLower(im.Status.Label()))
	}
	im.Status = ImpDone
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// ApprovalStatus is where a submission stands.
type ApprovalStatus string

// The approval statuses.
const (
	ApprovalPending   ApprovalStatus = "pending"
	ApprovalApproved  ApprovalStatus = "approved"
	ApprovalRejected  ApprovalStatus = "rejected"
	ApprovalWithdrawn ApprovalStatus = "withdrawn"
)

// Valid reports whether s is a known status.
func (s ApprovalStatus) Valid() bool {
	switch s {
	case ApprovalPending, ApprovalApproved, ApprovalRejected, ApprovalWithdrawn:
		return true
	}
	return false
}

// Decision is one approver's answer.
type Decision string

// The decisions; DecisionNone while the approver has not answered.
const (
	DecisionNone    Decision = ""
	DecisionApprove Decision = "approve"
	DecisionReject  Decision = "reject"
)

// Approval is the submission of one version of a record for approval by
// named approvers. It keeps the exact content submitted and its SHA-256;
// once approved, that version of the record is immutable.
//
// Any module's record plugs in by giving an object type, ID, version and
// canonical content bytes; see Organization.ApprovalContent.
type Approval struct {
	ID            ID             `json:"id"`
	OrgID         ID             `json:"organizationId"`
	ObjectType    string         `json:"objectType"`
	ObjectID      ID             `json:"objectId"`
	ObjectVersion int            `json:"objectVersion"`
	Title         string         `json:"title"` // what is submitted, for people
	Content       string         `json:"content"`
	ContentSHA256 string         `json:"contentSha256"`
	Note          string         `json:"note"` // the author's note to approvers
	Status        ApprovalStatus `json:"status"`
	SubmittedBy   ID             `json:"submittedBy"`
	SubmitterName string         `json:"submitterName"`
	SubmittedAt   time.Time      `json:"submittedAt"`
	ClosedAt      time.Time      `json:"closedAt,omitzero"`
	Approvers     []Approver     `json:"approvers"`
	// AllowSelf lets the author be an approver: set by record types whose
	// approver is fixed by the record, such as the owner of a risk
	// approving its treatment plan.
	AllowSelf bool `json:"-"`
}

// Approver is one named approver of a submission and their decision.
type Approver struct {
	UserID    ID        `json:"userId"`
	Name      string    `json:"name"`
	Decision  Decision  `json:"decision"`
	Comment   string    `json:"comment"`
	DecidedAt time.Time `json:"decidedAt,omitzero"`
	// ContentSHA256 is the hash of the content this approver decided on.
	ContentSHA256 string `json:"contentSha256,omitempty"`
}

// ContentHash returns the hex SHA-256 of content.
func ContentHash(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])
}

// ValidateSubmission reports every problem with a new submission.
func (a *Approval) ValidateSubmission() error {
	p := Problems{}
	if len(a.Approvers) == 0 {
		p.Add("approvers", "Name at least one approver.")
	}
	seen := map[ID]bool{}
	for _, ap := range a.Approvers {
		switch {
		case ap.UserID == a.SubmittedBy && !a.AllowSelf:
			p.Add("approvers", "You cannot approve your own submission; name someone else.")
		case seen[ap.UserID]:
			p.Add("approvers", "Each approver may be named only once.")
		}
		seen[ap.UserID] = true
	}
	checkText(p, "note", "Note", a.Note)
	return p.Err()
}

// Decide records userID's decision at now and settles the status: rejected
// as soon as anyone rejects, approved once every approver has approved.
func (a *Approval) Decide(userID ID, d Decision, comment string, now time.Time) error {
	if a.Status != ApprovalPending {
		return Errorf(Conflict, "This submission is %s; it can no longer be decided.", a.Status)
	}
	if userID == a.SubmittedBy && !a.AllowSelf {
		return Errorf(Forbidden, "You cannot approve or reject your own submission.")
	}
	comment = strings.TrimSpace(comment)
	p := Problems{}
	if d != DecisionApprove && d != DecisionReject {
		p.Add("decision", "Choose approve or reject.")
	}
	if d == DecisionReject && comment == "" {
		p.Add("comment", "Say why you reject it, so the author can fix it.")
	}
	checkText(p, "comment", "Comment", comment)
	if err := p.Err(); err != nil {
		return err
	}
	i := a.approverIndex(userID)
	if i < 0 {
		return Errorf(Forbidden, "You are not an approver of this submission.")
	}
	if a.Approvers[i].Decision != DecisionNone {
		return Errorf(Conflict, "You have already decided on this submission.")
	}
	a.Approvers[i] = Approver{UserID: userID, Name: a.Approvers[i].Name, Decision: d,
		Comment: comment, DecidedAt: now, ContentSHA256: a.ContentSHA256}
	a.settle(now)
	return nil
}

func (a *Approval) approverIndex(userID ID) int {
	for i, ap := range a.Approvers {
		if ap.UserID == userID {
			return i
		}
	}
	return -1
}

func (a *Approval) settle(now time.Time) {
	all := true
	for _, ap := range a.Approvers {
		if ap.Decision == DecisionReject {
			a.Status, a.ClosedAt = ApprovalRejected, now
			return
		}
		all = all && ap.Decision == DecisionApprove
	}
	if all {
		a.Status, a.ClosedAt = ApprovalApproved, now
	}
}

// AwaitsDecisionFrom reports whether userID is a named approver who has not
// yet decided on this pending submission.
func (a *Approval) AwaitsDecisionFrom(userID ID) bool {
	i := a.approverIndex(userID)
	return a.Status == ApprovalPending && i >= 0 && a.Approvers[i].Decision == DecisionNone
}

// ApprovalFilter selects submissions of one organization; zero fields do not filter.
type ApprovalFilter struct {
	OrgID      ID
	Status     ApprovalStatus
	ObjectType string
	ObjectID   ID
	ApproverID ID // submissions naming this approver
	AwaitingID ID // pending submissions still awaiting this approver's decision
	Sort       string
	Limit      int
	Offset     int
}

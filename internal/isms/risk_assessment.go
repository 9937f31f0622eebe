// SPDX-License-Identifier: Apache-2.0

package isms

import "time"

// RiskAssessment is a dated, immutable snapshot of the risk register and
// its scores (27001 8.2): taken at planned intervals or after a
// significant change, with the reason. It is never changed or deleted.
type RiskAssessment struct {
	ID           ID     `json:"id"`
	OrgID        ID     `json:"organizationId"`
	Title        string `json:"title"`
	Reason       string `json:"reason"`
	PerformedOn  Date   `json:"performedOn"`
	MethodID     ID     `json:"methodId,omitempty"`
	MethodNumber int    `json:"methodVersion,omitempty"`
	RiskCount    int    `json:"riskCount"`
	// SHA256 is the hash of the snapshot's canonical JSON.
	SHA256        string            `json:"sha256"`
	Entries       []AssessmentEntry `json:"entries,omitempty"` // read with the detail
	CreatedBy     ID                `json:"createdBy"`
	CreatedByName string            `json:"createdByName"`
	CreatedAt     time.Time         `json:"createdAt"`
}

// AssessmentEntry is one risk as an assessment saw it.
type AssessmentEntry struct {
	RiskID        ID              `json:"riskId"`
	Ref           string          `json:"ref"`
	Title         string          `json:"title"`
	OwnerName     string          `json:"ownerName"`
	Status        RiskStatus      `json:"status"`
	Treatment     TreatmentOption `json:"treatment"`
	MethodNumber  int             `json:"methodVersion"`
	Inherent      RiskScore       `json:"inherent"`
	Residual      RiskScore       `json:"residual"`
	InherentLabel string          `json:"inherentLevel"`
	ResidualLabel string          `json:"residualLevel"`
	ActionsOpen   int             `json:"actionsOpen"`
	ActionsDone   int             `json:"actionsDone"`
	Accepted      bool            `json:"accepted"`
}

// EntryChange is a risk present in both assessments whose scores or
// status differ.
type EntryChange struct {
	Before AssessmentEntry `json:"before"`
	After  AssessmentEntry `json:"after"`
	// LevelChanged is set when the inherent or residual level label differs.
	LevelChanged bool `json:"levelChanged"`
}

// AssessmentDiff is what changed from one assessment to a later one.
type AssessmentDiff struct {
	Added    []AssessmentEntry `json:"added"`
	Removed  []AssessmentEntry `json:"removed"`
	Rescored []EntryChange     `json:"rescored"`
	// Progress is the share of treatment actions done, before and after,
	// in percent (floored).
	ProgressBefore int `json:"progressBefore"`
	ProgressAfter  int `json:"progressAfter"`
}

// SPDX-License-Identifier: Apache-2.0

package isms

import "time"

// SupportFacts are the facts the rules of clauses 7.1–7.5 read.
type SupportFacts struct {
	// Resources counts the resources recorded for the ISMS (7.1);
	// ResourcesApproved those approved or provided; ResourcesLastApproved
	// is the latest approval date among them (zero when none says).
	Resources             int
	ResourcesApproved     int
	ResourcesLastApproved Date

	// CompetenceRequirements counts the competence requirements of the
	// ISMS roles (7.2); CompetenceRolesHeld says whether an active person
	// holds a role that has one.
	CompetenceRequirements int
	CompetenceRolesHeld    bool
	// PeopleWithGaps are the active people with a requirement of one of
	// their roles that no valid training record meets.
	PeopleWithGaps RecordSet
	// TrainingRecords counts the training records; PeopleWithExpiredTraining
	// are the active people with a training record that has expired and
	// was not renewed.
	TrainingRecords           int
	PeopleWithExpiredTraining RecordSet

	// Campaigns counts the awareness campaigns, open or closed (7.3);
	// CampaignsLatestDue is the latest due date among them.
	Campaigns          int
	CampaignsLatestDue Date
	// CampaignsOverdue are the open campaigns past their due date that
	// some member of their audience has not fully acknowledged.
	CampaignsOverdue RecordSet
	// AwarenessPolicy is the information security policy when it has a
	// version in force (zero ID otherwise); AwarenessPolicyCampaigned
	// says whether a campaign asks for that version.
	AwarenessPolicy           RecordRef
	AwarenessPolicyCampaigned bool

	// CommunicationItems counts the lines of the communication plan
	// (7.4); CommunicationWithoutResponsible are those without someone
	// responsible who is still a member; CommunicationOverdue those with
	// a readable frequency that have not taken place within it
	// (CommunicationDue).
	CommunicationItems              int
	CommunicationWithoutResponsible RecordSet
	CommunicationOverdue            RecordSet

	// DocumentsInUse counts the documents not retired (7.5);
	// DocumentsExternal those of external origin.
	DocumentsInUse    int
	DocumentsExternal int
	// DocumentsTopicPolicies counts the topic-specific policies in force
	// (not retired, with an approved version).
	DocumentsTopicPolicies int
	// DocumentsUnapproved are the documents of the organization's own,
	// not retired, without an approved version (7.5.2).
	DocumentsUnapproved RecordSet
	// DocumentsWithoutOwner are the documents not retired whose owner is
	// no longer an enabled member; DocumentsWithoutReview the documents
	// of the organization's own, not retired, with neither a review
	// interval nor a review date.
	DocumentsWithoutOwner  RecordSet
	DocumentsWithoutReview RecordSet
	// DocumentsPastReview are the documents not retired whose review
	// date has passed (7.5.3).
	DocumentsPastReview RecordSet
	// RetentionRules counts the retention periods set by document type;
	// DocumentVersionsRetained counts the versions with a retention end
	// that are not disposed of; DocumentsDueForDisposal are the documents
	// with such a version whose retention has ended.
	RetentionRules           int
	DocumentVersionsRetained int
	DocumentsDueForDisposal  RecordSet
}

// supportRules are the readiness rules of clauses 7.1–7.5.
var supportRules = []Rule{
	{ID: "support.resources_recorded", Clause: "7.1", Severity: SeverityWarning,
		Checks: "The resources the ISMS needs are recorded.", Check: ruleResourcesRecorded},
	{ID: "support.resources_approved", Clause: "7.1", Severity: SeverityWarning,
		Checks: "At least one resource for the ISMS is approved or provided.", Check: ruleResourcesApproved},
	{ID: "support.resources_current", Clause: "7.1", Severity: SeverityHint,
		Checks: "Resources were approved within the last 12 months.", Check: ruleResourcesCurrent},
	{ID: "support.competence_defined", Clause: "7.2", Severity: SeverityBlocker,
		Checks: "Competence requirements are defined for the ISMS roles.", Check: ruleCompetenceDefined},
	{ID: "support.competence_holders", Clause: "7.2", Severity: SeverityWarning,
		Checks: "People who hold the roles with competence requirements are recorded.", Check: ruleCompetenceHolders},
	{ID: "support.competence_gaps", Clause: "7.2", Severity: SeverityBlocker,
		Checks: "Everyone in a role has a valid record for each of its competence requirements.", Check: ruleCompetenceGaps},
	{ID: "support.training_expired", Clause: "7.2", Severity: SeverityWarning,
		Checks: "Expired training records are renewed.", Check: ruleTrainingExpired},
	{ID: "support.awareness_campaign", Clause: "7.3", Severity: SeverityBlocker,
		Checks: "An awareness campaign exists.", Check: ruleAwarenessCampaign},
	{ID: "support.awareness_overdue", Clause: "7.3", Severity: SeverityWarning,
		Checks: "No open campaign is past its due date with acknowledgements missing.", Check: ruleAwarenessOverdue},
	{ID: "support.awareness_recent", Clause: "7.3", Severity: SeverityWarning,
		Checks: "An awareness campaign ran within the last 12 months.", Check: ruleAwarenessRecent},
	{ID: "support.awareness_policy", Clause: "7.3", Severity: SeverityWarning,
		Checks: "A campaign asks people to acknowledge the policy version in force.", Check: ruleAwarenessPolicy},
	{ID: "support.communication_plan", Clause: "7.4", Severity: SeverityWarning,
		Checks: "A communication plan exists.", Check: ruleCommunicationPlan},
	{ID: "support.communication_responsible", Clause: "7.4", Severity: SeverityHint,
		Checks: "Every planned communication has someone responsible.", Check: ruleCommunicationResponsible},
	{ID: "support.communication_held", Clause: "7.4", Severity: SeverityHint,
		Checks: "Planned communications take place as often as planned.", Check: ruleCommunicationHeld},
	{ID: "support.documents_topic_policies", Clause: "7.5.1", Severity: SeverityWarning,
		Checks: "Topic-specific policies are approved.", Check: ruleDocumentsTopicPolicies},
	{ID: "support.documents_approved", Clause: "7.5.2", Severity: SeverityWarning,
		Checks: "Every document in use has an approved version.", Check: ruleDocumentsApproved},
	{ID: "support.documents_owner", Clause: "7.5.2", Severity: SeverityHint,
		Checks: "Every document is owned by a current member.", Check: ruleDocumentsOwner},
	{ID: "support.documents_review_planned", Clause: "7.5.2", Severity: SeverityHint,
		Checks: "Every document of the organization's own has a review planned.", Check: ruleDocumentsReviewPlanned},
	{ID: "support.documents_review", Clause: "7.5.3", Severity: SeverityWarning,
		Checks: "No document is past its review date.", Check: ruleDocumentsReview},
	{ID: "support.retention_rules", Clause: "7.5.3", Severity: SeverityHint,
		Checks: "Retention periods are set for document types.", Check: ruleRetentionRules},
	{ID: "support.documents_disposal", Clause: "7.5.3", Severity: SeverityHint,
		Checks: "Versions past their retention are disposed of.", Check: ruleDocumentsDisposal},
	{ID: "support.documents_external", Clause: "7.5.3", Severity: SeverityHint,
		Checks: "Documents of external origin are registered.", Check: ruleDocumentsExternal},
}

// CommunicationDue returns the day by which a planned communication of
// frequency should next have taken place: one period after it was last
// held, or after the item was created when it never was. It is due the
// way a metric's next measurement is (Metric.NextDue). The zero Date when
// the frequency is not a rule ParseRecurrence reads ("on every major
// incident").
func CommunicationDue(frequency string, created time.Time, lastHeld Date) Date {
	r, err := ParseRecurrence(frequency)
	if err != nil {
		return Date{}
	}
	m := Metric{Frequency: r, CreatedAt: created}
	if lastHeld.IsZero() {
		return m.NextDue(nil)
	}
	return m.NextDue(&Measurement{MeasuredOn: lastHeld})
}

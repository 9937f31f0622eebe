// SPDX-License-Identifier: Apache-2.0

package isms

// LeadershipFacts are the facts the rules of clauses 5.1–5.3 read.
type LeadershipFacts struct {
	// Commitments counts the records of top management commitment (5.1).
	Commitments int
	// CommitmentLatest is the latest commitment record (empty ID when
	// none) and CommitmentLatestOn the day it was made.
	CommitmentLatest   RecordRef
	CommitmentLatestOn Date
	// CommitmentKindLatest is the day of the latest commitment of each
	// kind recorded.
	CommitmentKindLatest map[CommitmentKind]Date

	// Policy is the information security policy document (5.2); its ID is
	// empty when there is none.
	Policy RecordRef
	// PolicyApprovedVersion is the number of its version in force, 0 when
	// it was never approved.
	PolicyApprovedVersion int
	// PolicyNextReview is when the policy is next to be reviewed (zero
	// when it has no review interval).
	PolicyNextReview Date
	// PolicyObjectives counts the objectives, not cancelled, that name the
	// policy as the one they serve.
	PolicyObjectives int

	// ISMSRoles counts the ISMS roles (5.3).
	ISMSRoles int
	// ISMSRolesDefined counts the roles with both responsibilities and
	// authorities written.
	ISMSRolesDefined int
	// ISMSRolesIncomplete are the roles lacking responsibilities or
	// authorities.
	ISMSRolesIncomplete RecordSet
	// ISMSRolesUnappointed are the roles that do not say who appointed
	// them or when.
	ISMSRolesUnappointed RecordSet
	// ISMSRolesUnheld are the roles no active person of the people
	// register holds.
	ISMSRolesUnheld RecordSet
	// ISMSRolesReporting counts the roles whose responsibilities mention
	// reporting to (top) management or the board.
	ISMSRolesReporting int
	// RACIProcessesUnaccountable are the ISMS processes for which no role
	// is accountable (A) in the RACI.
	RACIProcessesUnaccountable RecordSet
}

// CommitmentWindow is how far back, in months, a record of top
// management commitment still counts as current evidence.
const CommitmentWindow = 12

// leadershipRules are the readiness rules of clauses 5.1–5.3.
var leadershipRules = []Rule{
	{ID: "leadership.commitment", Clause: "5.1", Severity: SeverityWarning, Check: ruleLeadershipCommitment,
		Checks: "Top management commitment is recorded within the last 12 months."},
	{ID: "leadership.commitment_kinds", Clause: "5.1", Severity: SeverityHint, Check: ruleLeadershipCommitmentKinds,
		Checks: "Within the last 12 months top management approved resources and communicated about the ISMS."},
	{ID: "leadership.policy", Clause: "5.2", Severity: SeverityBlocker, Check: ruleLeadershipPolicy,
		Checks: "An information security policy is approved."},
	{ID: "leadership.policy_review", Clause: "5.2", Severity: SeverityWarning, Check: ruleLeadershipPolicyReview,
		Checks: "The information security policy has a review date that has not passed."},
	{ID: "leadership.policy_objectives", Clause: "5.2", Severity: SeverityHint, Check: ruleLeadershipPolicyObjectives,
		Checks: "Objectives are linked to the information security policy (5.2 b)."},
	{ID: "leadership.roles", Clause: "5.3", Severity: SeverityBlocker, Check: ruleLeadershipRoles,
		Checks: "ISMS roles with responsibilities and authorities are defined."},
	{ID: "leadership.roles_complete", Clause: "5.3", Severity: SeverityWarning, Check: ruleLeadershipRolesComplete,
		Checks: "Every ISMS role states both its responsibilities and its authorities."},
	{ID: "leadership.roles_appointed", Clause: "5.3", Severity: SeverityWarning, Check: ruleLeadershipRolesAppointed,
		Checks: "Every ISMS role records who appointed it and when."},
	{ID: "leadership.roles_held", Clause: "5.3", Severity: SeverityWarning, Check: ruleLeadershipRolesHeld,
		Checks: "Every ISMS role is held by an active person."},
	{ID: "leadership.role_reporting", Clause: "5.3", Severity: SeverityHint, Check: ruleLeadershipRoleReporting,
		Checks: "A role is responsible for reporting ISMS performance to top management (5.3 b)."},
	{ID: "leadership.raci_accountable", Clause: "5.3", Severity: SeverityHint, Check: ruleLeadershipRACIAccountable,
		Checks: "A role is accountable for every ISMS process in the RACI."},
}

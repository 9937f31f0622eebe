// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// leadPolicyDoc is the information security policy of the tests.
var leadPolicyDoc = isms.RecordRef{Type: "document", ID: "doc_1", Ref: "DOC-1", Title: "Information security policy"}

// leadCommitment is a commitment record of the tests.
var leadCommitment = isms.RecordRef{Type: "commitment", ID: "mc_1", Ref: "MC-1", Title: "Budget approved"}

// leadershipFacts returns facts with the leadership part l.
func leadershipFacts(l isms.LeadershipFacts) isms.Facts { return isms.Facts{LeadershipFacts: l} }

func TestLeadershipRulesAreWellFormed(t *testing.T) {
	broken := isms.Facts{Today: factDay, LeadershipFacts: isms.LeadershipFacts{
		Commitments: 1, CommitmentLatest: leadCommitment, CommitmentLatestOn: factDay.AddDays(-400),
		Policy: leadPolicyDoc, ISMSRoles: 2, ISMSRolesIncomplete: recs("isms_role", "irole_1", "irole_2"),
		ISMSRolesUnappointed: recs("isms_role", "irole_1"), ISMSRolesUnheld: recs("isms_role", "irole_2"),
		RACIProcessesUnaccountable: recs("isms_process", "prc_1"),
	}, ContextFacts: isms.ContextFacts{ISMSProcesses: 1}}
	recent := isms.Facts{Today: factDay, PlanningFacts: isms.PlanningFacts{Objectives: 1}, LeadershipFacts: isms.LeadershipFacts{
		Commitments: 1, CommitmentLatest: leadCommitment, CommitmentLatestOn: factDay,
		CommitmentKindLatest: map[isms.CommitmentKind]isms.Date{isms.CommitmentDecision: factDay},
		Policy:               leadPolicyDoc, PolicyApprovedVersion: 1, ISMSRoles: 2, ISMSRolesDefined: 1,
		ISMSRolesIncomplete: recs("isms_role", "irole_2"),
	}}
	checkAreaRules(t, []string{"leadership."}, isms.Facts{Today: factDay}, broken, recent)
	checkEmptyEarnsNothing(t, "leadership.")
}

func TestRuleLeadershipCommitment(t *testing.T) {
	at := func(d isms.Date) isms.Facts {
		return leadershipFacts(isms.LeadershipFacts{Commitments: 3, CommitmentLatest: leadCommitment, CommitmentLatestOn: d})
	}
	checkRuleCases(t, "leadership.commitment", []factCase{
		{name: "no record fires", fire: true, message: "No record of top management commitment"},
		{name: "a record older than 12 months fires", facts: at(factDay.AddDate(-1, 0, -1)), fire: true,
			records: []isms.ID{"mc_1"}, message: "dates from 2025-03-01, more than 12 months ago"},
		{name: "a record of exactly 12 months ago passes", facts: at(factDay.AddDate(-1, 0, 0))},
		{name: "a recent record passes", facts: at(factDay.AddDays(-10))},
	})
}

func TestRuleLeadershipCommitmentKinds(t *testing.T) {
	kinds := func(k map[isms.CommitmentKind]isms.Date) isms.Facts {
		return leadershipFacts(isms.LeadershipFacts{Commitments: 3, CommitmentLatest: leadCommitment,
			CommitmentLatestOn: factDay, CommitmentKindLatest: k})
	}
	checkRuleCases(t, "leadership.commitment_kinds", []factCase{
		{name: "nothing to check: no record (leadership.commitment fires)", na: true},
		{name: "nothing to check: no record in the last 12 months (leadership.commitment fires)", na: true,
			facts: leadershipFacts(isms.LeadershipFacts{Commitments: 2, CommitmentLatest: leadCommitment,
				CommitmentLatestOn: factDay.AddDays(-400), CommitmentKindLatest: map[isms.CommitmentKind]isms.Date{
					isms.CommitmentDecision: factDay.AddDays(-400)}})},
		{name: "decisions only fire", facts: kinds(map[isms.CommitmentKind]isms.Date{isms.CommitmentDecision: factDay}),
			fire: true, message: "No resource approval or communication by top management"},
		{name: "an old communication still fires", facts: kinds(map[isms.CommitmentKind]isms.Date{
			isms.CommitmentResource: factDay, isms.CommitmentCommunication: factDay.AddDays(-500)}),
			fire: true, message: "No communication by"},
		{name: "recent resources and communication pass", facts: kinds(map[isms.CommitmentKind]isms.Date{
			isms.CommitmentResource: factDay.AddDays(-30), isms.CommitmentCommunication: factDay.AddDays(-90)})},
	})
}

func TestRuleLeadershipPolicy(t *testing.T) {
	checkRuleCases(t, "leadership.policy", []factCase{
		{name: "no policy fires", fire: true, message: "There is no information security policy"},
		{name: "an unapproved policy fires", facts: leadershipFacts(isms.LeadershipFacts{Policy: leadPolicyDoc}),
			fire: true, records: []isms.ID{"doc_1"}, message: "DOC-1 Information security policy has no approved version"},
		{name: "an approved policy passes", facts: leadershipFacts(isms.LeadershipFacts{Policy: leadPolicyDoc, PolicyApprovedVersion: 2})},
	})
}

func TestRuleLeadershipPolicyReview(t *testing.T) {
	review := func(d isms.Date) isms.Facts {
		return leadershipFacts(isms.LeadershipFacts{Policy: leadPolicyDoc, PolicyApprovedVersion: 1, PolicyNextReview: d})
	}
	checkRuleCases(t, "leadership.policy_review", []factCase{
		{name: "nothing to check: no policy (leadership.policy fires)", na: true},
		{name: "nothing to check: an unapproved policy (leadership.policy fires)", na: true,
			facts: leadershipFacts(isms.LeadershipFacts{Policy: leadPolicyDoc})},
		{name: "a review date passed fires", facts: review(factDay.AddDays(-1)), fire: true,
			records: []isms.ID{"doc_1"}, message: "was due for review on 2026-03-01"},
		{name: "no review date fires", facts: review(isms.Date{}), fire: true, records: []isms.ID{"doc_1"}, message: "has no review date"},
		{name: "a review due today passes", facts: review(factDay)},
	})
}

func TestRuleLeadershipPolicyObjectives(t *testing.T) {
	facts := func(objectives, linked int) isms.Facts {
		f := leadershipFacts(isms.LeadershipFacts{Policy: leadPolicyDoc, PolicyApprovedVersion: 1, PolicyObjectives: linked})
		f.Objectives = objectives
		return f
	}
	checkRuleCases(t, "leadership.policy_objectives", []factCase{
		{name: "nothing to check: no objective (planning.objectives fires)", na: true, facts: facts(0, 0)},
		{name: "nothing to check: no policy (leadership.policy fires)", na: true, facts: isms.Facts{
			PlanningFacts: isms.PlanningFacts{Objectives: 2}}},
		{name: "objectives none of which serves the policy fire", facts: facts(3, 0), fire: true,
			records: []isms.ID{"doc_1"}, message: "No objective is linked to the information security policy"},
		{name: "an objective serving the policy passes", facts: facts(3, 1)},
	})
}

func TestRuleLeadershipRoles(t *testing.T) {
	checkRuleCases(t, "leadership.roles", []factCase{
		{name: "no role fires", fire: true, message: "No ISMS role is defined"},
		{name: "roles without authorities fire and are listed", facts: leadershipFacts(isms.LeadershipFacts{
			ISMSRoles: 2, ISMSRolesIncomplete: recs("isms_role", "irole_1", "irole_2")}),
			fire: true, records: []isms.ID{"irole_1", "irole_2"}, message: "None of the 2 ISMS roles"},
		{name: "a defined role passes", facts: leadershipFacts(isms.LeadershipFacts{ISMSRoles: 2, ISMSRolesDefined: 1,
			ISMSRolesIncomplete: recs("isms_role", "irole_2")})},
	})
}

func TestRuleLeadershipRolesComplete(t *testing.T) {
	checkRuleCases(t, "leadership.roles_complete", []factCase{
		{name: "nothing to check: no role (leadership.roles fires)", na: true},
		{name: "not applicable when no role is defined (leadership.roles fires for the same roles)", na: true,
			facts: leadershipFacts(isms.LeadershipFacts{ISMSRoles: 1, ISMSRolesIncomplete: recs("isms_role", "irole_1")})},
		{name: "an incomplete role beside a defined one fires", facts: leadershipFacts(isms.LeadershipFacts{
			ISMSRoles: 2, ISMSRolesDefined: 1, ISMSRolesIncomplete: recs("isms_role", "irole_2")}),
			fire: true, records: []isms.ID{"irole_2"}, message: "1 ISMS role does not state both"},
		{name: "complete roles pass", facts: leadershipFacts(isms.LeadershipFacts{ISMSRoles: 2, ISMSRolesDefined: 2})},
	})
}

func TestRuleLeadershipRolesAppointed(t *testing.T) {
	checkRuleCases(t, "leadership.roles_appointed", []factCase{
		{name: "unappointed roles fire", facts: leadershipFacts(isms.LeadershipFacts{
			ISMSRoles: 3, ISMSRolesUnappointed: recs("isms_role", "irole_1", "irole_3")}),
			fire: true, records: []isms.ID{"irole_1", "irole_3"}, message: "2 ISMS roles do not record who appointed them"},
		{name: "appointed roles pass", facts: leadershipFacts(isms.LeadershipFacts{ISMSRoles: 3})},
		{name: "nothing to check: no role", na: true},
	})
}

func TestRuleLeadershipRolesHeld(t *testing.T) {
	checkRuleCases(t, "leadership.roles_held", []factCase{
		{name: "a role nobody holds fires", facts: leadershipFacts(isms.LeadershipFacts{
			ISMSRoles: 3, ISMSRolesUnheld: recs("isms_role", "irole_2")}),
			fire: true, records: []isms.ID{"irole_2"}, message: "1 ISMS role is held by no active person"},
		{name: "held roles pass", facts: leadershipFacts(isms.LeadershipFacts{ISMSRoles: 3})},
		{name: "nothing to check: no role", na: true},
	})
}

func TestRuleLeadershipRoleReporting(t *testing.T) {
	checkRuleCases(t, "leadership.role_reporting", []factCase{
		{name: "nothing to check: no role (leadership.roles fires)", na: true},
		{name: "roles none of which reports fire", facts: leadershipFacts(isms.LeadershipFacts{ISMSRoles: 3, ISMSRolesDefined: 3}),
			fire: true, message: "reporting to top management"},
		{name: "a reporting role passes", facts: leadershipFacts(isms.LeadershipFacts{ISMSRoles: 3, ISMSRolesReporting: 1})},
	})
}

func TestRuleLeadershipRACIAccountable(t *testing.T) {
	facts := func(roles, processes int, unaccountable ...isms.ID) isms.Facts {
		f := leadershipFacts(isms.LeadershipFacts{ISMSRoles: roles, RACIProcessesUnaccountable: recs("isms_process", unaccountable...)})
		f.ISMSProcesses = processes
		return f
	}
	checkRuleCases(t, "leadership.raci_accountable", []factCase{
		{name: "nothing to check: no role", na: true, facts: facts(0, 2, "prc_1")},
		{name: "nothing to check: no process", na: true, facts: facts(2, 0)},
		{name: "a process without an accountable role fires", facts: facts(2, 2, "prc_1"),
			fire: true, records: []isms.ID{"prc_1"}, message: "No role is accountable for 1 ISMS process"},
		{name: "accountable processes pass", facts: facts(2, 2)},
	})
}

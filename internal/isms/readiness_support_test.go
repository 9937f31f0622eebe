// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// supportFacts returns facts with the support part s.
func supportFacts(s isms.SupportFacts) isms.Facts { return isms.Facts{SupportFacts: s} }

// policyDoc is the information security policy in force in these tests.
var policyDoc = isms.RecordRef{Type: "document", ID: "doc_pol", Ref: "DOC-1", Title: "Information security policy"}

func TestSupportRulesAreWellFormed(t *testing.T) {
	broken := supportFacts(isms.SupportFacts{Resources: 2, ResourcesApproved: 1,
		ResourcesLastApproved: factDay.AddDate(-2, 0, 0), CompetenceRequirements: 3,
		CompetenceRolesHeld: true, PeopleWithGaps: recs("person", "per_1"),
		TrainingRecords: 3, PeopleWithExpiredTraining: recs("person", "per_2"),
		Campaigns: 1, CampaignsLatestDue: factDay.AddDate(-2, 0, 0), CampaignsOverdue: recs("campaign", "cmp_1"),
		AwarenessPolicy: policyDoc, CommunicationItems: 2,
		CommunicationWithoutResponsible: recs("communication_item", "ci_1"), CommunicationOverdue: recs("communication_item", "ci_2"),
		DocumentsInUse: 4, DocumentsUnapproved: recs("document", "doc_1"), DocumentsWithoutOwner: recs("document", "doc_2"),
		DocumentsWithoutReview: recs("document", "doc_3"), DocumentsPastReview: recs("document", "doc_4"),
		DocumentVersionsRetained: 2, DocumentsDueForDisposal: recs("document", "doc_5")})
	broken.Today = factDay
	unapproved := supportFacts(isms.SupportFacts{Resources: 1, CompetenceRequirements: 2})
	checkAreaRules(t, []string{"support."}, isms.Facts{Today: factDay}, broken, unapproved)
	checkEmptyEarnsNothing(t, "support.")
}

func TestRuleResourcesRecorded(t *testing.T) {
	checkRuleCases(t, "support.resources_recorded", []factCase{
		{name: "no resource fires", fire: true, message: "No resource for the ISMS is recorded"},
		{name: "a requested resource passes", facts: supportFacts(isms.SupportFacts{Resources: 1})},
	})
}

func TestRuleResourcesApproved(t *testing.T) {
	checkRuleCases(t, "support.resources_approved", []factCase{
		{name: "nothing to check: no resource at all (resources_recorded fires)", na: true},
		{name: "only requested resources fire", facts: supportFacts(isms.SupportFacts{Resources: 3}), fire: true,
			message: "No resource recorded for the ISMS is approved or provided (3 resources recorded)"},
		{name: "one approved resource passes", facts: supportFacts(isms.SupportFacts{Resources: 3, ResourcesApproved: 1})},
	})
}

func TestRuleResourcesCurrent(t *testing.T) {
	approved := func(d isms.Date) isms.Facts {
		return supportFacts(isms.SupportFacts{Resources: 1, ResourcesApproved: 1, ResourcesLastApproved: d})
	}
	checkRuleCases(t, "support.resources_current", []factCase{
		{name: "an approval over a year old fires", facts: approved(isms.NewDate(2025, time.March, 1)), fire: true,
			message: "latest resource approval dates from 2025-03-01"},
		{name: "an approval a year ago to the day passes", facts: approved(isms.NewDate(2025, time.March, 2))},
		{name: "nothing to check: no approval with a date", facts: approved(isms.Date{}), na: true},
		{name: "nothing to check: no approved resource", facts: supportFacts(isms.SupportFacts{Resources: 2}), na: true},
	})
}

func TestRuleCompetenceDefined(t *testing.T) {
	checkRuleCases(t, "support.competence_defined", []factCase{
		{name: "no requirement fires", fire: true, message: "No competence requirement is defined"},
		{name: "a requirement passes", facts: supportFacts(isms.SupportFacts{CompetenceRequirements: 1})},
	})
}

func TestRuleCompetenceHolders(t *testing.T) {
	checkRuleCases(t, "support.competence_holders", []factCase{
		{name: "nothing to check: no requirement (competence_defined fires)", na: true},
		{name: "requirements for roles nobody holds fire", facts: supportFacts(isms.SupportFacts{CompetenceRequirements: 2}),
			fire: true, message: "No active person holds a role"},
		{name: "a holder passes", facts: supportFacts(isms.SupportFacts{CompetenceRequirements: 2, CompetenceRolesHeld: true})},
	})
}

func TestRuleCompetenceGaps(t *testing.T) {
	checkRuleCases(t, "support.competence_gaps", []factCase{
		{name: "nothing to check: nobody holds a role with a requirement",
			facts: supportFacts(isms.SupportFacts{CompetenceRequirements: 2}), na: true},
		{name: "no gap passes", facts: supportFacts(isms.SupportFacts{CompetenceRequirements: 2, CompetenceRolesHeld: true})},
		{name: "two people with gaps fire", facts: supportFacts(isms.SupportFacts{CompetenceRolesHeld: true,
			PeopleWithGaps: recs("person", "per_1", "per_2")}),
			fire: true, records: []isms.ID{"per_1", "per_2"}, message: "2 people lack a valid record"},
		{name: "one person reads in the singular", facts: supportFacts(isms.SupportFacts{CompetenceRolesHeld: true,
			PeopleWithGaps: recs("person", "per_1")}),
			fire: true, records: []isms.ID{"per_1"}, message: "1 person lacks a valid record"},
	})
}

func TestRuleTrainingExpired(t *testing.T) {
	checkRuleCases(t, "support.training_expired", []factCase{
		{name: "nothing to check: no training record", na: true},
		{name: "no expired training passes", facts: supportFacts(isms.SupportFacts{TrainingRecords: 4})},
		{name: "expired training fires", facts: supportFacts(isms.SupportFacts{TrainingRecords: 4,
			PeopleWithExpiredTraining: recs("person", "per_3")}),
			fire: true, records: []isms.ID{"per_3"}, message: "1 person has training that has expired"},
	})
}

func TestRuleAwarenessCampaign(t *testing.T) {
	checkRuleCases(t, "support.awareness_campaign", []factCase{
		{name: "no campaign fires", fire: true, message: "No awareness campaign exists"},
		{name: "a closed campaign passes", facts: supportFacts(isms.SupportFacts{Campaigns: 1, CampaignsLatestDue: factDay})},
	})
}

func TestRuleAwarenessOverdue(t *testing.T) {
	checkRuleCases(t, "support.awareness_overdue", []factCase{
		{name: "nothing to check: no campaign (awareness_campaign fires)", na: true},
		{name: "campaigns acknowledged in time pass", facts: supportFacts(isms.SupportFacts{Campaigns: 2})},
		{name: "overdue campaigns fire", facts: supportFacts(isms.SupportFacts{Campaigns: 3,
			CampaignsOverdue: recs("campaign", "cmp_1", "cmp_2")}), fire: true, records: []isms.ID{"cmp_1", "cmp_2"},
			message: "2 campaigns are past due with acknowledgements still missing"},
	})
}

func TestRuleAwarenessRecent(t *testing.T) {
	due := func(d isms.Date) isms.Facts {
		return supportFacts(isms.SupportFacts{Campaigns: 4, CampaignsLatestDue: d})
	}
	checkRuleCases(t, "support.awareness_recent", []factCase{
		{name: "nothing to check: no campaign (awareness_campaign fires)", na: true},
		{name: "a campaign due over a year ago fires", facts: due(isms.NewDate(2025, time.February, 27)), fire: true,
			message: "latest awareness campaign was due on 2025-02-27"},
		{name: "a campaign due a year ago to the day passes", facts: due(isms.NewDate(2025, time.March, 2))},
		{name: "a campaign still running passes", facts: due(factDay.AddDays(20))},
	})
}

func TestRuleAwarenessPolicy(t *testing.T) {
	checkRuleCases(t, "support.awareness_policy", []factCase{
		{name: "nothing to check: no policy in force (the policy rules fire)", facts: supportFacts(isms.SupportFacts{Campaigns: 1}), na: true},
		{name: "nothing to check: no campaign (awareness_campaign fires)", facts: supportFacts(isms.SupportFacts{AwarenessPolicy: policyDoc}),
			na: true},
		{name: "a policy no campaign asks for fires", facts: supportFacts(isms.SupportFacts{Campaigns: 1, AwarenessPolicy: policyDoc}),
			fire: true, records: []isms.ID{"doc_pol"}, message: "No campaign asks people to acknowledge the information security policy"},
		{name: "a policy a campaign asks for passes", facts: supportFacts(isms.SupportFacts{Campaigns: 1,
			AwarenessPolicy: policyDoc, AwarenessPolicyCampaigned: true})},
	})
	f := supportFacts(isms.SupportFacts{Campaigns: 1, AwarenessPolicy: policyDoc})
	rule, _ := findRule("support.awareness_policy")
	if got := rule.Check(&f); len(got) != 1 || got[0].Fix != "/awareness/new?document=DOC-1" {
		t.Errorf("support.awareness_policy = %+v, want one finding fixed by a campaign for DOC-1", got)
	}
}

func TestRuleCommunicationPlan(t *testing.T) {
	checkRuleCases(t, "support.communication_plan", []factCase{
		{name: "no plan fires", fire: true, message: "There is no communication plan"},
		{name: "a plan passes", facts: supportFacts(isms.SupportFacts{CommunicationItems: 5})},
	})
}

func TestRuleCommunicationResponsible(t *testing.T) {
	checkRuleCases(t, "support.communication_responsible", []factCase{
		{name: "nothing to check: no communication plan", na: true},
		{name: "every item with someone responsible passes", facts: supportFacts(isms.SupportFacts{CommunicationItems: 5})},
		{name: "items without someone responsible fire", facts: supportFacts(isms.SupportFacts{CommunicationItems: 5,
			CommunicationWithoutResponsible: recs("communication_item", "ci_1", "ci_4")}), fire: true,
			records: []isms.ID{"ci_1", "ci_4"}, message: "2 planned communications have nobody responsible"},
	})
}

func TestRuleCommunicationHeld(t *testing.T) {
	checkRuleCases(t, "support.communication_held", []factCase{
		{name: "nothing to check: no communication plan", na: true},
		{name: "communications held on time pass", facts: supportFacts(isms.SupportFacts{CommunicationItems: 5})},
		{name: "communications not held fire", facts: supportFacts(isms.SupportFacts{CommunicationItems: 5,
			CommunicationOverdue: recs("communication_item", "ci_2")}), fire: true,
			records: []isms.ID{"ci_2"}, message: "1 planned communication has no record of taking place"},
	})
}

func TestCommunicationDue(t *testing.T) {
	created := time.Date(2025, time.October, 15, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		frequency string
		lastHeld  isms.Date
		want      isms.Date
	}{
		{"never held: one period after creation", "Quarterly", isms.Date{}, isms.NewDate(2026, time.January, 15)},
		{"held: one period after the last time", "every month", isms.NewDate(2026, time.February, 3), isms.NewDate(2026, time.March, 3)},
		{"an event-driven frequency has no due day", "On every major incident", isms.Date{}, isms.Date{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isms.CommunicationDue(tt.frequency, created, tt.lastHeld); got != tt.want {
				t.Errorf("CommunicationDue(%q, %v) = %v, want %v", tt.frequency, tt.lastHeld, got, tt.want)
			}
		})
	}
}

func TestRuleDocumentsTopicPolicies(t *testing.T) {
	checkRuleCases(t, "support.documents_topic_policies", []factCase{
		{name: "no topic-specific policy fires", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 9}), fire: true,
			message: "No topic-specific policy is approved"},
		{name: "an approved topic-specific policy passes", facts: supportFacts(isms.SupportFacts{DocumentsTopicPolicies: 2})},
	})
}

func TestRuleDocumentsApproved(t *testing.T) {
	checkRuleCases(t, "support.documents_approved", []factCase{
		{name: "nothing to check: no document", na: true},
		{name: "every document in force passes", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 3})},
		{name: "drafts fire", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 3, DocumentsUnapproved: recs("document", "doc_2", "doc_3")}),
			fire: true, records: []isms.ID{"doc_2", "doc_3"}, message: "2 documents have no approved version"},
	})
}

func TestRuleDocumentsOwner(t *testing.T) {
	checkRuleCases(t, "support.documents_owner", []factCase{
		{name: "nothing to check: no document", na: true},
		{name: "owned documents pass", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 3})},
		{name: "a document owned by a former member fires", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 3,
			DocumentsWithoutOwner: recs("document", "doc_1")}), fire: true, records: []isms.ID{"doc_1"},
			message: "1 document is owned by someone who is no longer an active member"},
	})
}

func TestRuleDocumentsReviewPlanned(t *testing.T) {
	checkRuleCases(t, "support.documents_review_planned", []factCase{
		{name: "nothing to check: external documents only", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 2,
			DocumentsExternal: 2}), na: true},
		{name: "documents with a review cycle pass", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 3})},
		{name: "documents never to be reviewed fire", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 3,
			DocumentsWithoutReview: recs("document", "doc_1", "doc_3")}), fire: true, records: []isms.ID{"doc_1", "doc_3"},
			message: "2 documents have neither a review interval nor a review date"},
	})
}

func TestRuleDocumentsReview(t *testing.T) {
	many := isms.RecordSet{Total: 25, Items: recs("document", "doc_1", "doc_2").Items}
	checkRuleCases(t, "support.documents_review", []factCase{
		{name: "nothing to check: no document", na: true},
		{name: "documents reviewed on time pass", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 3})},
		{name: "documents past review fire with their count", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 30,
			DocumentsPastReview: many}), fire: true, records: []isms.ID{"doc_1", "doc_2"},
			message: "25 documents are past review"},
	})
	f := supportFacts(isms.SupportFacts{DocumentsInUse: 30, DocumentsPastReview: many})
	rule, _ := findRule("support.documents_review")
	if got := rule.Check(&f); len(got) != 1 || got[0].More != 23 {
		t.Errorf("support.documents_review = %+v, want one finding with 23 more records", got)
	}
}

func TestRuleRetentionRules(t *testing.T) {
	checkRuleCases(t, "support.retention_rules", []factCase{
		{name: "no retention rule fires", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 3}), fire: true,
			message: "No retention period is set"},
		{name: "nothing to check: no document", na: true},
		{name: "a retention rule passes", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 3, RetentionRules: 1})},
	})
}

func TestRuleDocumentsDisposal(t *testing.T) {
	checkRuleCases(t, "support.documents_disposal", []factCase{
		{name: "nothing to check: no version kept until a retention end", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 3}),
			na: true},
		{name: "nothing due for disposal passes", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 3, DocumentVersionsRetained: 2})},
		{name: "versions past retention fire", facts: supportFacts(isms.SupportFacts{DocumentVersionsRetained: 2,
			DocumentsDueForDisposal: recs("document", "doc_9")}),
			fire: true, records: []isms.ID{"doc_9"}, message: "1 document has versions kept beyond their retention period"},
	})
}

func TestRuleDocumentsExternal(t *testing.T) {
	checkRuleCases(t, "support.documents_external", []factCase{
		{name: "nothing to check: no document (documents_topic_policies fires)", na: true},
		{name: "only internal documents fire", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 3}), fire: true,
			message: "No document of external origin is registered"},
		{name: "an external document passes", facts: supportFacts(isms.SupportFacts{DocumentsInUse: 3, DocumentsExternal: 1})},
	})
}

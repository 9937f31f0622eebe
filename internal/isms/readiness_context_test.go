// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// The helpers of this file serve the tests of the context, leadership
// and planning rules alike.

// factDay is the day the rule tests run on.
var factDay = isms.NewDate(2026, time.March, 2)

// factCase is one case of a rule's table test: the facts, whether the
// rule fires, the IDs of the records its finding lists and a part of its
// message. na marks a case with nothing to check: the rule must return
// isms.Inapplicable() (an empty, non-nil list).
type factCase struct {
	name    string
	facts   isms.Facts
	fire    bool
	na      bool
	records []isms.ID
	message string
}

// checkFactCases runs rule id of ReadinessRules over each case. A case
// that neither fires nor is na may pass or be not applicable; see
// checkRuleCases for the stricter check.
func checkFactCases(t *testing.T, id string, cases []factCase) {
	t.Helper()
	runFactCases(t, id, cases, false)
}

// checkRuleCases is checkFactCases, and also requires a case that
// neither fires nor is na to pass (nil), not to be not applicable.
func checkRuleCases(t *testing.T, id string, cases []factCase) {
	t.Helper()
	runFactCases(t, id, cases, true)
}

// runFactCases runs rule id over each case; strict tells a pass (nil)
// from not applicable (empty) in the cases that do not fire.
func runFactCases(t *testing.T, id string, cases []factCase, strict bool) {
	t.Helper()
	rule, ok := findRule(id)
	if !ok {
		t.Fatalf("no readiness rule %q", id)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.facts.Today.IsZero() {
				c.facts.Today = factDay
			}
			got := rule.Check(&c.facts)
			if (len(got) > 0) != c.fire {
				t.Fatalf("%s fired %v, want %v", id, got, c.fire)
			}
			switch {
			case c.na && got == nil:
				t.Fatalf("%s passed (nil), want not applicable (an empty list)", id)
			case !c.na && !c.fire && strict && got != nil:
				t.Fatalf("%s was not applicable, want a pass (nil)", id)
			}
			if !c.fire {
				return
			}
			var ids []isms.ID
			for _, r := range got[0].Records {
				ids = append(ids, r.ID)
			}
			if !slices.Equal(ids, c.records) {
				t.Errorf("%s records = %v, want %v", id, ids, c.records)
			}
			if !strings.Contains(got[0].Message, c.message) {
				t.Errorf("%s message = %q, want it to contain %q", id, got[0].Message, c.message)
			}
			if !strings.HasPrefix(got[0].Fix, "/") {
				t.Errorf("%s fix = %q, want a path", id, got[0].Fix)
			}
		})
	}
}

// findRule returns the readiness rule with id.
func findRule(id string) (isms.Rule, bool) {
	for _, r := range isms.ReadinessRules() {
		if r.ID == id {
			return r, true
		}
	}
	return isms.Rule{}, false
}

// recs returns a record set of records of type typ with ids, all listed.
func recs(typ string, ids ...isms.ID) isms.RecordSet {
	s := isms.RecordSet{Total: len(ids), Items: []isms.RecordRef{}}
	for _, id := range ids {
		s.Items = append(s.Items, isms.RecordRef{Type: typ, ID: id, Ref: strings.ToUpper(string(id)), Title: "Record " + string(id)})
	}
	return s
}

// checkAreaRules checks the rules whose IDs start with one of prefixes:
// unique IDs, a valid severity, a clause and a Checks text, and, over
// each of facts, findings with a fix path and records that have a page.
// Every rule must fire on at least one of facts.
func checkAreaRules(t *testing.T, prefixes []string, facts ...isms.Facts) {
	t.Helper()
	seen, fired := map[string]bool{}, map[string]bool{}
	for _, r := range isms.ReadinessRules() {
		if !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(r.ID, p) }) {
			continue
		}
		if seen[r.ID] {
			t.Errorf("rule %s is registered twice", r.ID)
		}
		seen[r.ID] = true
		if !r.Severity.Valid() || r.Clause == "" || r.Checks == "" || r.Check == nil {
			t.Errorf("rule %s: severity %q, clause %q, checks %q: want all set", r.ID, r.Severity, r.Clause, r.Checks)
		}
		for _, f := range facts {
			for _, x := range r.Check(&f) {
				fired[r.ID] = true
				if !strings.HasPrefix(x.Fix, "/") || x.Message == "" {
					t.Errorf("rule %s: fix %q, message %q; want a path and a message", r.ID, x.Fix, x.Message)
				}
				for _, rec := range x.Records {
					if rec.Path() == "" {
						t.Errorf("rule %s lists a %s record, which has no page", r.ID, rec.Type)
					}
				}
			}
		}
	}
	for id := range seen {
		if !fired[id] {
			t.Errorf("rule %s never fired on the area's facts", id)
		}
	}
	if len(seen) == 0 {
		t.Fatalf("no rule with prefixes %v", prefixes)
	}
}

// checkEmptyEarnsNothing checks that on the facts of an empty
// organization no rule whose ID starts with one of prefixes passes: each
// fires (the register is missing) or has nothing to check.
func checkEmptyEarnsNothing(t *testing.T, prefixes ...string) {
	t.Helper()
	empty := isms.Facts{Today: factDay}
	for _, r := range isms.ReadinessRules() {
		if slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(r.ID, p) }) && r.Check(&empty) == nil {
			t.Errorf("rule %s passes on an empty organization; want it to fire or be not applicable", r.ID)
		}
	}
}

// scopeV1 is an approved scope version of the tests.
var scopeV1 = isms.RecordRef{Type: "isms_scope", ID: "scope_1", Title: "ISMS scope v1"}

// scopeV2 is a draft scope version of the tests.
var scopeV2 = isms.RecordRef{Type: "isms_scope", ID: "scope_2", Title: "ISMS scope v2"}

func TestContextRulesAreWellFormed(t *testing.T) {
	broken := isms.Facts{Today: factDay, ContextFacts: isms.ContextFacts{
		IssuesInternal: 2, IssuesReviewOverdue: recs("context_issue", "ci_1"), IssuesUnlinked: recs("context_issue", "ci_2"),
		Parties: 1, PartiesWithoutRequirements: recs("interested_party", "ip_1"),
		PartyRequirements: 2, PartyRequirementsUndecided: recs("party_requirement", "rq_1"),
		PartyRequirementsAddressed: 1, PartyRequirementsUnlinked: recs("party_requirement", "rq_2"),
		ScopeApproved: scopeV1, ScopeExclusions: 1, ScopeUnjustified: []string{"Canteen"},
		ScopeDraft: scopeV2, ScopeDraftSince: factDay.AddDays(-200),
		ISMSProcesses: 1, ISMSProcessClauses: []string{"4.1"},
		ISMSProcessesWithoutOwner: recs("isms_process", "prc_1"), ISMSProcessesUndescribed: recs("isms_process", "prc_1"),
	}}
	checkAreaRules(t, []string{"context.", "scope.", "process."}, isms.Facts{Today: factDay}, broken)
	checkEmptyEarnsNothing(t, "context.", "scope.", "process.")
}

func TestRuleContextIssues(t *testing.T) {
	checkRuleCases(t, "context.issues", []factCase{
		{name: "no issue fires", fire: true, message: "No internal or external issue"},
		{name: "one external issue passes", facts: isms.Facts{ContextFacts: isms.ContextFacts{IssuesExternal: 1}}},
	})
}

func TestRuleContextIssueKinds(t *testing.T) {
	checkRuleCases(t, "context.issue_kinds", []factCase{
		{name: "nothing to check: no issue at all (context.issues fires)", na: true},
		{name: "internal issues only fire", facts: isms.Facts{ContextFacts: isms.ContextFacts{IssuesInternal: 3}},
			fire: true, message: "Only internal issues are recorded, no external one"},
		{name: "external issues only fire", facts: isms.Facts{ContextFacts: isms.ContextFacts{IssuesExternal: 1}},
			fire: true, message: "no internal one"},
		{name: "both kinds pass", facts: isms.Facts{ContextFacts: isms.ContextFacts{IssuesInternal: 1, IssuesExternal: 1}}},
	})
}

func TestRuleContextIssueReview(t *testing.T) {
	checkRuleCases(t, "context.issue_review", []factCase{
		{name: "issues past their review fire", facts: isms.Facts{ContextFacts: isms.ContextFacts{
			IssuesExternal: 3, IssuesReviewOverdue: recs("context_issue", "ci_1", "ci_3")}},
			fire: true, records: []isms.ID{"ci_1", "ci_3"}, message: "2 context issues are past their review date"},
		{name: "no issue past review passes", facts: isms.Facts{ContextFacts: isms.ContextFacts{IssuesExternal: 3}}},
		{name: "nothing to check: no issue", na: true},
	})
}

func TestRuleContextIssueLinks(t *testing.T) {
	checkRuleCases(t, "context.issue_links", []factCase{
		{name: "an unlinked issue fires", facts: isms.Facts{ContextFacts: isms.ContextFacts{
			IssuesInternal: 1, IssuesUnlinked: recs("context_issue", "ci_1")}},
			fire: true, records: []isms.ID{"ci_1"}, message: "1 context issue is not linked to any risk"},
		{name: "linked issues pass", facts: isms.Facts{ContextFacts: isms.ContextFacts{IssuesInternal: 1}}},
		{name: "nothing to check: no issue", na: true},
	})
}

func TestRuleContextClimate(t *testing.T) {
	checkRuleCases(t, "context.climate", []factCase{
		{name: "nothing to check: no issue at all (context.issues fires)", na: true},
		{name: "issues without a climate one fire", facts: isms.Facts{ContextFacts: isms.ContextFacts{IssuesInternal: 2}},
			fire: true, message: "climate change"},
		{name: "a climate issue passes", facts: isms.Facts{ContextFacts: isms.ContextFacts{IssuesExternal: 1, IssuesClimate: 1}}},
	})
}

func TestRuleContextParties(t *testing.T) {
	checkRuleCases(t, "context.parties", []factCase{
		{name: "no party fires", fire: true, message: "No interested party"},
		{name: "a party passes", facts: isms.Facts{ContextFacts: isms.ContextFacts{Parties: 1}}},
	})
}

func TestRuleContextPartyRequirements(t *testing.T) {
	checkRuleCases(t, "context.party_requirements", []factCase{
		{name: "parties without requirements fire", facts: isms.Facts{ContextFacts: isms.ContextFacts{
			Parties: 2, PartiesWithoutRequirements: recs("interested_party", "ip_2")}},
			fire: true, records: []isms.ID{"ip_2"}, message: "1 interested party has no requirement"},
		{name: "every party with a requirement passes", facts: isms.Facts{ContextFacts: isms.ContextFacts{Parties: 2}}},
		{name: "nothing to check: no party", na: true},
	})
}

func TestRuleContextRequirementsDecided(t *testing.T) {
	more := recs("party_requirement", "rq_1")
	more.Total = 25
	checkRuleCases(t, "context.requirements_decided", []factCase{
		{name: "undecided requirements fire and count those not listed", facts: isms.Facts{ContextFacts: isms.ContextFacts{
			PartyRequirements: 30, PartyRequirementsUndecided: more}},
			fire: true, records: []isms.ID{"rq_1"}, message: "25 requirements are neither addressed"},
		{name: "decided requirements pass", facts: isms.Facts{ContextFacts: isms.ContextFacts{PartyRequirements: 30}}},
		{name: "nothing to check: no requirement", na: true, facts: isms.Facts{ContextFacts: isms.ContextFacts{Parties: 2}}},
	})
}

func TestRuleContextComplianceRequirements(t *testing.T) {
	checkRuleCases(t, "context.compliance_requirements", []factCase{
		{name: "nothing to check: no party (context.parties fires)", na: true},
		{name: "parties without legal requirements fire", facts: isms.Facts{ContextFacts: isms.ContextFacts{
			Parties: 2, PartyRequirements: 3}}, fire: true, message: "A.5.31"},
		{name: "a contractual requirement passes", facts: isms.Facts{ContextFacts: isms.ContextFacts{
			Parties: 2, PartyRequirements: 3, PartyRequirementsCompliance: 1}}},
	})
}

func TestRuleContextRequirementsLinked(t *testing.T) {
	checkRuleCases(t, "context.requirements_linked", []factCase{
		{name: "addressed requirements without links fire", facts: isms.Facts{ContextFacts: isms.ContextFacts{
			PartyRequirements: 3, PartyRequirementsAddressed: 2, PartyRequirementsUnlinked: recs("party_requirement", "rq_1", "rq_2")}},
			fire: true, records: []isms.ID{"rq_1", "rq_2"}, message: "2 requirements the ISMS addresses have no control"},
		{name: "linked requirements pass", facts: isms.Facts{ContextFacts: isms.ContextFacts{PartyRequirements: 2, PartyRequirementsAddressed: 2}}},
		{name: "nothing to check: no requirement the ISMS addresses", na: true,
			facts: isms.Facts{ContextFacts: isms.ContextFacts{PartyRequirements: 2}}},
	})
}

func TestRuleScopeApproved(t *testing.T) {
	checkRuleCases(t, "scope.approved", []factCase{
		{name: "no scope at all fires", fire: true, message: "No scope of the ISMS has been approved"},
		{name: "a draft only fires and points at it", facts: isms.Facts{ContextFacts: isms.ContextFacts{ScopeDraft: scopeV2}},
			fire: true, records: []isms.ID{"scope_2"}, message: "Submit the draft"},
		{name: "an approved scope passes", facts: isms.Facts{ContextFacts: isms.ContextFacts{ScopeApproved: scopeV1}}},
	})
}

func TestRuleScopeExclusionsJustified(t *testing.T) {
	checkRuleCases(t, "scope.exclusions_justified", []factCase{
		{name: "nothing to check: no approved scope", na: true,
			facts: isms.Facts{ContextFacts: isms.ContextFacts{ScopeDraft: scopeV2, ScopeExclusions: 1, ScopeUnjustified: []string{"x"}}}},
		{name: "unjustified exclusions fire", facts: isms.Facts{ContextFacts: isms.ContextFacts{
			ScopeApproved: scopeV1, ScopeExclusions: 3, ScopeUnjustified: []string{"Canteen", "Lab"}}},
			fire: true, records: []isms.ID{"scope_1"}, message: "excludes 2 items without a justification: Canteen; Lab"},
		{name: "justified exclusions pass", facts: isms.Facts{ContextFacts: isms.ContextFacts{ScopeApproved: scopeV1, ScopeExclusions: 2}}},
		{name: "nothing to check: a scope that excludes nothing", na: true,
			facts: isms.Facts{ContextFacts: isms.ContextFacts{ScopeApproved: scopeV1}}},
	})
}

func TestRuleScopeStatement(t *testing.T) {
	checkRuleCases(t, "scope.statement", []factCase{
		{name: "nothing to check: no approved scope (scope.approved fires)", na: true},
		{name: "an approved scope without statement fires", facts: isms.Facts{ContextFacts: isms.ContextFacts{ScopeApproved: scopeV1}},
			fire: true, records: []isms.ID{"scope_1"}, message: "no scope statement"},
		{name: "a statement passes", facts: isms.Facts{ContextFacts: isms.ContextFacts{ScopeApproved: scopeV1, ScopeStatement: true}}},
	})
}

func TestRuleScopeBoundaries(t *testing.T) {
	checkRuleCases(t, "scope.boundaries", []factCase{
		{name: "nothing to check: no approved scope (scope.approved fires)", na: true},
		{name: "no unit, location or item fires", facts: isms.Facts{ContextFacts: isms.ContextFacts{ScopeApproved: scopeV1}},
			fire: true, records: []isms.ID{"scope_1"}, message: "no organizational unit, location"},
		{name: "a location passes", facts: isms.Facts{ContextFacts: isms.ContextFacts{ScopeApproved: scopeV1, ScopeBoundaries: 1}}},
	})
}

func TestRuleScopeInterfaces(t *testing.T) {
	checkRuleCases(t, "scope.interfaces", []factCase{
		{name: "nothing to check: no approved scope (scope.approved fires)", na: true},
		{name: "no interface fires", facts: isms.Facts{ContextFacts: isms.ContextFacts{ScopeApproved: scopeV1}},
			fire: true, records: []isms.ID{"scope_1"}, message: "no interface or dependency"},
		{name: "an interface passes", facts: isms.Facts{ContextFacts: isms.ContextFacts{ScopeApproved: scopeV1, ScopeInterfaces: 2}}},
	})
}

func TestRuleScopePendingDraft(t *testing.T) {
	draft := func(days int) isms.Facts {
		return isms.Facts{ContextFacts: isms.ContextFacts{ScopeApproved: scopeV1, ScopeDraft: scopeV2,
			ScopeDraftSince: factDay.AddDays(-days)}}
	}
	checkRuleCases(t, "scope.pending_draft", []factCase{
		{name: "a draft of 91 days fires", facts: draft(91), fire: true, records: []isms.ID{"scope_2"},
			message: "started 91 days ago"},
		{name: "a draft of 90 days passes", facts: draft(90)},
		{name: "nothing to check: a first draft with nothing approved (scope.approved fires)", na: true,
			facts: isms.Facts{ContextFacts: isms.ContextFacts{ScopeDraft: scopeV2, ScopeDraftSince: factDay.AddDays(-300)}}},
		{name: "nothing to check: no newer draft", na: true, facts: isms.Facts{ContextFacts: isms.ContextFacts{ScopeApproved: scopeV1}}},
	})
}

func TestRuleProcessDefined(t *testing.T) {
	checkRuleCases(t, "process.defined", []factCase{
		{name: "no process fires", fire: true, message: "No ISMS process"},
		{name: "a process passes", facts: isms.Facts{ContextFacts: isms.ContextFacts{ISMSProcesses: 1}}},
	})
}

func TestRuleProcessClauses(t *testing.T) {
	var all []string
	for _, c := range isms.ISMSClauses {
		all = append(all, c.Number)
	}
	someMissing := slices.DeleteFunc(slices.Clone(all), func(c string) bool { return c == "5.1" || c == "9.3" })
	checkRuleCases(t, "process.clauses", []factCase{
		{name: "nothing to check: no process (process.defined fires)", na: true},
		{name: "clauses without a process fire and are named", facts: isms.Facts{ContextFacts: isms.ContextFacts{
			ISMSProcesses: 4, ISMSProcessClauses: someMissing}}, fire: true, message: "serves clauses 5.1, 9.3."},
		{name: "every clause served passes", facts: isms.Facts{ContextFacts: isms.ContextFacts{ISMSProcesses: 9, ISMSProcessClauses: all}}},
	})
}

func TestRuleProcessOwner(t *testing.T) {
	checkRuleCases(t, "process.owner", []factCase{
		{name: "a process without owner fires", facts: isms.Facts{ContextFacts: isms.ContextFacts{
			ISMSProcesses: 2, ISMSProcessesWithoutOwner: recs("isms_process", "prc_2")}},
			fire: true, records: []isms.ID{"prc_2"}, message: "1 ISMS process has no owner"},
		{name: "owned processes pass", facts: isms.Facts{ContextFacts: isms.ContextFacts{ISMSProcesses: 2}}},
		{name: "nothing to check: no process", na: true},
	})
}

func TestRuleProcessDescribed(t *testing.T) {
	checkRuleCases(t, "process.described", []factCase{
		{name: "processes without inputs fire", facts: isms.Facts{ContextFacts: isms.ContextFacts{
			ISMSProcesses: 2, ISMSProcessesUndescribed: recs("isms_process", "prc_1", "prc_2")}},
			fire: true, records: []isms.ID{"prc_1", "prc_2"}, message: "2 ISMS processes do not state their purpose"},
		{name: "described processes pass", facts: isms.Facts{ContextFacts: isms.ContextFacts{ISMSProcesses: 2}}},
		{name: "nothing to check: no process", na: true},
	})
}

// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// programmeAP1 is the audit programme covering today in these tests.
var programmeAP1 = isms.RecordRef{Type: "audit_programme", ID: "ap_1", Ref: "AP-1", Title: "Programme 2026–2028"}

// auditFacts returns facts with the audit part a.
func auditFacts(a isms.AuditFacts) isms.Facts { return isms.Facts{AuditFacts: a} }

// currentCycle is a programme covering today over controls and heavy
// requirements, with every audit covering them.
func currentCycle() isms.AuditFacts {
	return isms.AuditFacts{AuditProgrammes: 1, AuditProgramme: programmeAP1, AuditCycleControls: 93, AuditCycleHeavy: 2}
}

// nothingCase is a "nothing to check" case of a rule's table test: facts
// on which the rule must return Inapplicable.
type nothingCase struct {
	name  string
	facts isms.Facts
}

// checkNothingToCheck runs rule id of ReadinessRules over each case (on
// factDay when its facts have no day) and wants Inapplicable: an empty,
// non-nil list, which Evaluate leaves out of the scores.
func checkNothingToCheck(t *testing.T, id string, cases ...nothingCase) {
	t.Helper()
	rule, ok := findRule(id)
	if !ok {
		t.Fatalf("no readiness rule %q", id)
	}
	for _, c := range cases {
		t.Run("nothing to check: "+c.name, func(t *testing.T) {
			if c.facts.Today.IsZero() {
				c.facts.Today = factDay
			}
			if got := rule.Check(&c.facts); got == nil || len(got) != 0 {
				t.Errorf("%s = %#v, want Inapplicable (an empty, non-nil list)", id, got)
			}
		})
	}
}

func TestAuditRulesAreWellFormed(t *testing.T) {
	a := currentCycle()
	a.AuditUncoveredClauses, a.AuditUncoveredControls = recs("requirement", "rq_4"), recs("requirement", "rq_a59")
	a.AuditBelowWeight, a.Audits, a.AuditsNotClosed = recs("requirement", "rq_a515"), 3, 2
	a.AuditsReported, a.AuditLastReported = 1, factDay.AddDate(-2, 0, 0)
	a.AuditsOverdue, a.AuditLeadConflicts = recs("internal_audit", "ia_1"), recs("internal_audit", "ia_2")
	broken := isms.Facts{Today: factDay, AuditFacts: a}
	stale := isms.Facts{Today: factDay, AuditFacts: isms.AuditFacts{AuditProgrammes: 2}}
	checkAreaRules(t, []string{"audit."}, isms.Facts{Today: factDay}, broken, stale)
}

func TestRuleAuditReported(t *testing.T) {
	checkFactCases(t, "audit.reported", []factCase{
		{name: "no audit reported fires", fire: true, message: "No internal audit has been carried out and reported"},
		{name: "one audit reported passes", facts: auditFacts(isms.AuditFacts{AuditsReported: 1, AuditLastReported: factDay})},
	})
}

func TestRuleAuditRecent(t *testing.T) {
	checkNothingToCheck(t, "audit.recent", nothingCase{name: "no audit reported (audit.reported fires)",
		facts: auditFacts(isms.AuditFacts{Audits: 2, AuditsNotClosed: 2})})
	checkFactCases(t, "audit.recent", []factCase{
		{name: "a report over a year old fires", facts: auditFacts(isms.AuditFacts{AuditsReported: 3,
			AuditLastReported: isms.NewDate(2025, 2, 28)}), fire: true, message: "reported on 2025-02-28, more than a year ago"},
		{name: "a report a year ago to the day passes", facts: auditFacts(isms.AuditFacts{AuditsReported: 1,
			AuditLastReported: isms.NewDate(2025, 3, 2)})},
	})
}

func TestRuleAuditOverdue(t *testing.T) {
	checkNothingToCheck(t, "audit.overdue", nothingCase{name: "no audit", facts: auditFacts(isms.AuditFacts{AuditProgrammes: 1})})
	checkFactCases(t, "audit.overdue", []factCase{
		{name: "audits past their end fire", facts: auditFacts(isms.AuditFacts{Audits: 2, AuditsNotClosed: 2,
			AuditsOverdue: recs("internal_audit", "ia_1", "ia_2")}),
			fire: true, records: []isms.ID{"ia_1", "ia_2"}, message: "2 internal audits are past their planned end"},
		{name: "no audit overdue passes", facts: auditFacts(isms.AuditFacts{Audits: 1, AuditsReported: 1})},
	})
}

func TestRuleAuditProgramme(t *testing.T) {
	checkFactCases(t, "audit.programme", []factCase{
		{name: "no programme fires", fire: true, message: "No internal audit programme is recorded"},
		{name: "a programme passes", facts: auditFacts(isms.AuditFacts{AuditProgrammes: 1})},
	})
}

func TestRuleAuditProgrammeCurrent(t *testing.T) {
	checkNothingToCheck(t, "audit.programme_current", nothingCase{name: "no programme (audit.programme fires)"})
	checkFactCases(t, "audit.programme_current", []factCase{
		{name: "programmes none of which covers today fire", facts: auditFacts(isms.AuditFacts{AuditProgrammes: 2}),
			fire: true, message: "None of the 2 audit programmes covers today"},
		{name: "a programme covering today passes", facts: auditFacts(isms.AuditFacts{AuditProgrammes: 2, AuditProgramme: programmeAP1})},
	})
}

// cycleWith returns facts with currentCycle changed by edit.
func cycleWith(edit func(a *isms.AuditFacts)) isms.Facts {
	a := currentCycle()
	edit(&a)
	return auditFacts(a)
}

// noCurrentProgramme is programmes none of which covers today.
var noCurrentProgramme = nothingCase{name: "no programme covers today", facts: auditFacts(isms.AuditFacts{AuditProgrammes: 2})}

func TestRuleAuditCoverageClauses(t *testing.T) {
	checkNothingToCheck(t, "audit.coverage_clauses", noCurrentProgramme)
	checkFactCases(t, "audit.coverage_clauses", []factCase{
		{name: "uncovered clauses fire", facts: cycleWith(func(a *isms.AuditFacts) {
			a.AuditUncoveredClauses = recs("requirement", "rq_9_3", "rq_10_2")
		}), fire: true, records: []isms.ID{"rq_9_3", "rq_10_2"}, message: "2 clauses of the standard are not planned in any audit of programme AP-1"},
		{name: "uncovered controls alone pass", facts: cycleWith(func(a *isms.AuditFacts) {
			a.AuditUncoveredControls = recs("requirement", "rq_a59")
		})},
	})
}

func TestRuleAuditCoverageControls(t *testing.T) {
	checkNothingToCheck(t, "audit.coverage_controls", noCurrentProgramme, nothingCase{name: "no control in the cycle",
		facts: cycleWith(func(a *isms.AuditFacts) { a.AuditCycleControls = 0 })})
	checkFactCases(t, "audit.coverage_controls", []factCase{
		{name: "an uncovered control fires", facts: cycleWith(func(a *isms.AuditFacts) {
			a.AuditUncoveredControls = recs("requirement", "rq_a59")
		}), fire: true, records: []isms.ID{"rq_a59"}, message: "1 control the SoA does not exclude is not planned"},
		{name: "full coverage passes", facts: cycleWith(func(*isms.AuditFacts) {})},
	})
}

func TestRuleAuditCoverageWeight(t *testing.T) {
	checkNothingToCheck(t, "audit.coverage_weight", noCurrentProgramme, nothingCase{name: "no requirement weighs high",
		facts: cycleWith(func(a *isms.AuditFacts) { a.AuditCycleHeavy = 0 })})
	checkFactCases(t, "audit.coverage_weight", []factCase{
		{name: "a heavy requirement skipped a year fires", facts: cycleWith(func(a *isms.AuditFacts) {
			a.AuditBelowWeight = recs("requirement", "rq_a515")
		}), fire: true, records: []isms.ID{"rq_a515"}, message: "1 requirement weighs high"},
		{name: "every heavy requirement yearly passes", facts: cycleWith(func(*isms.AuditFacts) {})},
	})
}

func TestRuleAuditIndependence(t *testing.T) {
	checkNothingToCheck(t, "audit.independence", nothingCase{name: "no audit"},
		nothingCase{name: "every audit closed", facts: auditFacts(isms.AuditFacts{Audits: 3, AuditsReported: 3})})
	checkFactCases(t, "audit.independence", []factCase{
		{name: "a lead auditing their own control fires", facts: auditFacts(isms.AuditFacts{Audits: 1, AuditsNotClosed: 1,
			AuditLeadConflicts: recs("internal_audit", "ia_3")}),
			fire: true, records: []isms.ID{"ia_3"}, message: "In 1 audit the lead auditor owns a control or ISMS process"},
		{name: "independent leads pass", facts: auditFacts(isms.AuditFacts{Audits: 2, AuditsNotClosed: 1, AuditsReported: 2})},
	})
}

func TestAuditCoverageFindingFixesTheProgramme(t *testing.T) {
	f := cycleWith(func(a *isms.AuditFacts) { a.AuditUncoveredClauses = recs("requirement", "rq_4") })
	rule, _ := findRule("audit.coverage_clauses")
	if got := rule.Check(&f); len(got) != 1 || got[0].Fix != "/audit-programmes/ap_1" {
		t.Errorf("audit.coverage_clauses = %+v, want one finding fixed on /audit-programmes/ap_1", got)
	}
}

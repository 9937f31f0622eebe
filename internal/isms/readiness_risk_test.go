// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// The tests of the rules of clauses 6.1.2, 6.1.3, 8.2 and 8.3 use the
// helpers of readiness_context_test.go (factCase, checkFactCases, recs,
// checkAreaRules).

// Records of the risk tests.
var (
	methodV2   = isms.RecordRef{Type: "risk_method", ID: "rm_2", Ref: "v2", Title: "Five by five"}
	methodV3   = isms.RecordRef{Type: "risk_method", ID: "rm_3", Ref: "v3", Title: "Five by five"}
	assessment = isms.RecordRef{Type: "risk_assessment", ID: "ra_1", Title: "Annual risk assessment"}
	riskDoc    = isms.RecordRef{Type: "document", ID: "doc_risk", Ref: "DOC-4", Title: "Risk assessment and treatment process"}
	soaV1      = isms.RecordRef{Type: "soa", ID: "soa_1", Ref: "v1", Title: "Statement of Applicability (ISO/IEC 27001:2022) v1"}
	soaV2      = isms.RecordRef{Type: "soa", ID: "soa_2", Ref: "v2", Title: "Statement of Applicability (ISO/IEC 27001:2022) v2"}
)

// riskLevels are the levels of the approved method of the tests: low may
// be retained and its owner accepts it, high an administrator accepts,
// critical nobody.
func riskLevels() []isms.RiskLevel {
	return []isms.RiskLevel{
		{Key: "low", Label: "Low", Retain: true, AcceptBy: isms.AcceptByOwner},
		{Key: "high", Label: "High", AcceptBy: isms.AcceptByAdmin},
		{Key: "critical", Label: "Critical", AcceptBy: isms.AcceptByNobody},
	}
}

// readyRisk returns the facts of a register every risk and SoA rule
// passes on: an approved, current method with acceptance criteria,
// owned and scored risks, a recent assessment, a documented treatment
// process and an approved SoA without issues.
func readyRisk() isms.RiskFacts {
	return isms.RiskFacts{
		RiskMethod: methodV2, RiskMethodApprovedOn: isms.NewDate(2025, time.September, 1), RiskMethodReviewMonths: 12,
		RiskMethodLevels: riskLevels(), RisksOpen: 12,
		RiskAssessmentLast: assessment, RiskAssessmentLastOn: isms.NewDate(2026, time.January, 15),
		RiskTreatmentDocument: riskDoc,
		SoAFacts: isms.SoAFacts{SoAFrameworkLoaded: true, SoAApproved: soaV1, SoAApprovedOn: isms.NewDate(2026, time.February, 1),
			SoAChecked: soaV1, SoALines: 93},
	}
}

// riskWith returns the ready facts changed by change.
func riskWith(change func(r *isms.RiskFacts)) isms.Facts {
	r := readyRisk()
	change(&r)
	return isms.Facts{Today: factDay, RiskFacts: r}
}

// riskReady is the ready register as facts.
var riskReady = riskWith(func(*isms.RiskFacts) {})

// emptyRegister is the ready facts without a risk: the rules over risks
// have nothing to check.
var emptyRegister = riskWith(func(r *isms.RiskFacts) { r.RisksOpen = 0 })

func TestRiskRulesAreWellFormed(t *testing.T) {
	broken := riskWith(func(r *isms.RiskFacts) {
		r.RiskMethodApprovedOn, r.RiskMethodLevels = isms.NewDate(2024, time.January, 10), []isms.RiskLevel{{Label: "Any"}}
		r.RisksWithoutOwner, r.RisksUnscored, r.RisksOtherMethod = recs("risk", "rsk_1"), recs("risk", "rsk_2"), recs("risk", "rsk_3")
		r.RisksReviewOverdue, r.RisksUntreated, r.RisksModifyWithoutMeans = recs("risk", "rsk_4"), recs("risk", "rsk_5"), recs("risk", "rsk_6")
		r.RisksPlanNotApproved, r.RisksNotAccepted, r.RisksAcceptanceExpired = recs("risk", "rsk_7"), recs("risk", "rsk_8"), recs("risk", "rsk_9")
		r.RisksResidualStale, r.RiskActionsOverdue = recs("risk", "rsk_10"), recs("task", "tsk_1")
		r.RiskAssessmentLastOn = isms.NewDate(2024, time.May, 1)
		r.SoADraft, r.SoADraftEdited = soaV2, recs("requirement", "req_1")
		r.SoAUndecided, r.SoAExclusionsUnjustified = recs("requirement", "req_2"), recs("requirement", "req_3")
		r.SoAInclusionsWithoutSource, r.SoAExcludedButTreated = recs("requirement", "req_4"), recs("requirement", "req_5")
		r.SoAApplicableWithoutControl, r.SoAImplementedWithoutControl = recs("requirement", "req_6"), recs("requirement", "req_7")
	})
	noSoA := riskWith(func(r *isms.RiskFacts) { r.SoAFacts = isms.SoAFacts{SoAFrameworkLoaded: true} })
	draftOnly := riskWith(func(r *isms.RiskFacts) {
		r.SoAFacts = isms.SoAFacts{SoAFrameworkLoaded: true, SoADraft: soaV1, SoAChecked: soaV1}
	})
	checkAreaRules(t, []string{"risk.", "soa."}, isms.Facts{Today: factDay}, broken, noSoA, draftOnly)
}

func TestRiskRulesPassOnAReadyRegister(t *testing.T) {
	for _, r := range isms.ReadinessRules() {
		if !strings.HasPrefix(r.ID, "risk.") && !strings.HasPrefix(r.ID, "soa.") {
			continue
		}
		if got := r.Check(&riskReady); got != nil {
			t.Errorf("%s = %v on the ready register, want a pass (nil)", r.ID, got)
		}
	}
}

func TestRiskRulesOfAnEmptyOrganization(t *testing.T) {
	missing := []string{"risk.method_approved", "risk.identified", "risk.treatment_process", "risk.assessment_recorded", "soa.framework"}
	f := isms.Facts{Today: factDay}
	for _, r := range isms.ReadinessRules() {
		if !strings.HasPrefix(r.ID, "risk.") && !strings.HasPrefix(r.ID, "soa.") {
			continue
		}
		got := r.Check(&f)
		switch fires := slices.Contains(missing, r.ID); {
		case fires && len(got) != 1:
			t.Errorf("%s = %v on an empty organization, want one finding", r.ID, got)
		case !fires && (got == nil || len(got) > 0):
			t.Errorf("%s = %#v on an empty organization, want not applicable (an empty list)", r.ID, got)
		}
	}
}

func TestRuleRiskMethodApproved(t *testing.T) {
	checkRuleCases(t, "risk.method_approved", []factCase{
		{name: "no method fires", facts: isms.Facts{}, fire: true, message: "No risk method is approved"},
		{name: "a draft only fires and names it", facts: riskWith(func(r *isms.RiskFacts) {
			r.RiskMethod, r.RiskMethodDraft = isms.RecordRef{}, methodV3
		}), fire: true, records: []isms.ID{"rm_3"}, message: "v3 is drafted but not approved"},
		{name: "an approved method passes", facts: riskReady},
		{name: "an approved method with a newer draft passes", facts: riskWith(func(r *isms.RiskFacts) { r.RiskMethodDraft = methodV3 })},
	})
}

func TestRuleRiskMethodCriteria(t *testing.T) {
	levels := func(change func(ls []isms.RiskLevel)) isms.Facts {
		return riskWith(func(r *isms.RiskFacts) { change(r.RiskMethodLevels) })
	}
	checkRuleCases(t, "risk.method_criteria", []factCase{
		{name: "no level that may be retained fires", facts: levels(func(ls []isms.RiskLevel) { ls[0].Retain = false }),
			fire: true, records: []isms.ID{"rm_2"}, message: "v2 lets no risk level be retained"},
		{name: "nobody to accept any level fires", facts: levels(func(ls []isms.RiskLevel) {
			for i := range ls {
				ls[i].AcceptBy = isms.AcceptByNobody
			}
		}), fire: true, records: []isms.ID{"rm_2"}, message: "lets nobody accept a residual risk"},
		{name: "a level without who may accept fires", facts: levels(func(ls []isms.RiskLevel) { ls[1].AcceptBy = "" }),
			fire: true, records: []isms.ID{"rm_2"}, message: "does not say who may accept a residual risk of level High"},
		{name: "a named person missing fires", facts: levels(func(ls []isms.RiskLevel) { ls[1].AcceptBy = isms.AcceptByPerson }),
			fire: true, records: []isms.ID{"rm_2"}, message: "level High"},
		{name: "criteria with a retained level and acceptors pass", facts: riskReady},
		{name: "no approved method is not applicable (risk.method_approved fires)", facts: isms.Facts{}, na: true},
	})
}

func TestRuleRiskMethodReview(t *testing.T) {
	approved := func(d isms.Date) isms.Facts { return riskWith(func(r *isms.RiskFacts) { r.RiskMethodApprovedOn = d }) }
	checkRuleCases(t, "risk.method_review", []factCase{
		{name: "a method past its interval fires", facts: approved(isms.NewDate(2024, time.December, 1)), fire: true,
			records: []isms.ID{"rm_2"}, message: "was due for review on 2025-12-01"},
		{name: "a method due today passes", facts: approved(isms.NewDate(2025, time.March, 2))},
		{name: "a method approved within its interval passes", facts: riskReady},
		{name: "no approved method is not applicable", facts: isms.Facts{}, na: true},
	})
}

func TestRuleRisksIdentified(t *testing.T) {
	checkRuleCases(t, "risk.identified", []factCase{
		{name: "an empty register fires", facts: riskWith(func(r *isms.RiskFacts) { r.RisksOpen = 0 }), fire: true,
			message: "holds no open risk"},
		{name: "open risks pass", facts: riskReady},
	})
}

func TestRuleRisksOwned(t *testing.T) {
	checkRuleCases(t, "risk.owners", []factCase{
		{name: "risks without an owner fire", facts: riskWith(func(r *isms.RiskFacts) { r.RisksWithoutOwner = recs("risk", "rsk_1", "rsk_2") }),
			fire: true, records: []isms.ID{"rsk_1", "rsk_2"}, message: "2 risks have no owner"},
		{name: "one risk reads in the singular", facts: riskWith(func(r *isms.RiskFacts) { r.RisksWithoutOwner = recs("risk", "rsk_1") }),
			fire: true, records: []isms.ID{"rsk_1"}, message: "1 risk has no owner"},
		{name: "owned risks pass", facts: riskReady},
		{name: "an empty register is not applicable", facts: emptyRegister, na: true},
	})
}

func TestRuleRisksScored(t *testing.T) {
	unscored := func(r *isms.RiskFacts) { r.RisksUnscored = recs("risk", "rsk_1", "rsk_2", "rsk_3") }
	checkRuleCases(t, "risk.scored", []factCase{
		{name: "unscored risks fire", facts: riskWith(unscored), fire: true, records: []isms.ID{"rsk_1", "rsk_2", "rsk_3"},
			message: "3 risks are not scored"},
		{name: "unscored risks without an approved method are not applicable", facts: riskWith(func(r *isms.RiskFacts) {
			unscored(r)
			r.RiskMethod = isms.RecordRef{}
		}), na: true},
		{name: "scored risks pass", facts: riskReady},
		{name: "an empty register is not applicable", facts: emptyRegister, na: true},
	})
}

func TestRuleRisksCurrentMethod(t *testing.T) {
	older := func(r *isms.RiskFacts) { r.RisksOtherMethod = recs("risk", "rsk_1") }
	checkRuleCases(t, "risk.method_current", []factCase{
		{name: "risks under an older version fire", facts: riskWith(older), fire: true, records: []isms.ID{"rsk_1"},
			message: "1 risk is scored under an earlier method version than v2"},
		{name: "no approved method is not applicable", facts: riskWith(func(r *isms.RiskFacts) { older(r); r.RiskMethod = isms.RecordRef{} }), na: true},
		{name: "risks under the version in force pass", facts: riskReady},
		{name: "an empty register is not applicable", facts: emptyRegister, na: true},
	})
}

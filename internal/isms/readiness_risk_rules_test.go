// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// The tests of the treatment (6.1.3), assessment (8.2) and operation
// (8.3) rules over the risk register.

func TestRuleRisksTreated(t *testing.T) {
	checkRuleCases(t, "risk.treated", []factCase{
		{name: "risks above the criteria without treatment fire", facts: riskWith(func(r *isms.RiskFacts) {
			r.RisksUntreated = recs("risk", "rsk_4", "rsk_9")
		}), fire: true, records: []isms.ID{"rsk_4", "rsk_9"}, message: "2 risks are above the acceptance criteria"},
		{name: "treated risks pass", facts: riskReady},
		{name: "an empty register is not applicable", facts: emptyRegister, na: true},
	})
}

func TestRuleRisksTreatmentMeans(t *testing.T) {
	checkRuleCases(t, "risk.treatment_means", []factCase{
		{name: "a risk to reduce without controls or actions fires", facts: riskWith(func(r *isms.RiskFacts) {
			r.RisksModifyWithoutMeans = recs("risk", "rsk_2")
		}), fire: true, records: []isms.ID{"rsk_2"}, message: "1 risk is to be reduced but has neither a control nor a treatment action"},
		{name: "risks with means pass", facts: riskReady},
		{name: "an empty register is not applicable", facts: emptyRegister, na: true},
	})
}

func TestRuleRisksPlanApproved(t *testing.T) {
	checkRuleCases(t, "risk.plan_approved", []factCase{
		{name: "plans never approved fire", facts: riskWith(func(r *isms.RiskFacts) {
			r.RisksPlanNotApproved = recs("risk", "rsk_1", "rsk_2")
		}), fire: true, records: []isms.ID{"rsk_1", "rsk_2"}, message: "2 risks have a treatment plan that was never approved"},
		{name: "approved plans pass", facts: riskReady},
		{name: "an empty register is not applicable", facts: emptyRegister, na: true},
	})
}

func TestRuleRisksResidualAccepted(t *testing.T) {
	checkRuleCases(t, "risk.residual_accepted", []factCase{
		{name: "residual risks nobody accepted fire", facts: riskWith(func(r *isms.RiskFacts) {
			r.RisksNotAccepted = recs("risk", "rsk_3")
		}), fire: true, records: []isms.ID{"rsk_3"}, message: "nobody accepted the residual risk"},
		{name: "accepted residual risks pass", facts: riskReady},
		{name: "an empty register is not applicable", facts: emptyRegister, na: true},
	})
}

func TestRuleRisksAcceptanceCurrent(t *testing.T) {
	checkRuleCases(t, "risk.acceptance_current", []factCase{
		{name: "lapsed acceptances fire", facts: riskWith(func(r *isms.RiskFacts) {
			r.RisksAcceptanceExpired = recs("risk", "rsk_5", "rsk_6", "rsk_7")
		}), fire: true, records: []isms.ID{"rsk_5", "rsk_6", "rsk_7"}, message: "The acceptance of 3 risks lapsed"},
		{name: "current acceptances pass", facts: riskReady},
		{name: "an empty register is not applicable", facts: emptyRegister, na: true},
	})
}

func TestRuleRiskTreatmentProcess(t *testing.T) {
	checkRuleCases(t, "risk.treatment_process", []factCase{
		{name: "no approved document for 6.1.3 fires", facts: riskWith(func(r *isms.RiskFacts) {
			r.RiskTreatmentDocument = isms.RecordRef{}
		}), fire: true, message: "No approved document describes the risk treatment process"},
		{name: "an approved procedure passes", facts: riskReady},
	})
}

func TestRuleRiskAssessmentRecorded(t *testing.T) {
	checkRuleCases(t, "risk.assessment_recorded", []factCase{
		{name: "no assessment fires", facts: riskWith(func(r *isms.RiskFacts) {
			r.RiskAssessmentLast, r.RiskAssessmentLastOn = isms.RecordRef{}, isms.Date{}
		}), fire: true, message: "No dated risk assessment is recorded"},
		{name: "a recorded assessment passes", facts: riskReady},
	})
}

func TestRuleRiskAssessmentCurrent(t *testing.T) {
	last := func(d isms.Date, months int) isms.Facts {
		return riskWith(func(r *isms.RiskFacts) { r.RiskAssessmentLastOn, r.RiskMethodReviewMonths = d, months })
	}
	checkRuleCases(t, "risk.assessment_current", []factCase{
		{name: "an assessment older than the interval fires", facts: last(isms.NewDate(2024, time.December, 1), 12), fire: true,
			records: []isms.ID{"ra_1"}, message: "performed on 2024-12-01, more than 12 months ago"},
		{name: "without a method the interval is 12 months", facts: riskWith(func(r *isms.RiskFacts) {
			r.RiskMethod, r.RiskMethodReviewMonths, r.RiskAssessmentLastOn = isms.RecordRef{}, 0, isms.NewDate(2025, time.February, 1)
		}), fire: true, records: []isms.ID{"ra_1"}, message: "was due on 2026-02-01"},
		{name: "a longer interval passes", facts: last(isms.NewDate(2024, time.June, 1), 24)},
		{name: "an assessment due today passes", facts: last(isms.NewDate(2025, time.March, 2), 12)},
		{name: "a recent assessment passes", facts: riskReady},
		{name: "no assessment is not applicable (risk.assessment_recorded fires)", facts: riskWith(func(r *isms.RiskFacts) {
			r.RiskAssessmentLast, r.RiskAssessmentLastOn = isms.RecordRef{}, isms.Date{}
		}), na: true},
	})
}

func TestRuleRisksReviewsCurrent(t *testing.T) {
	checkRuleCases(t, "risk.reviews_current", []factCase{
		{name: "risks past their review date fire", facts: riskWith(func(r *isms.RiskFacts) {
			r.RisksReviewOverdue = recs("risk", "rsk_1", "rsk_8")
		}), fire: true, records: []isms.ID{"rsk_1", "rsk_8"}, message: "2 risks are past their review date"},
		{name: "reviewed risks pass", facts: riskReady},
		{name: "an empty register is not applicable", facts: emptyRegister, na: true},
	})
}

func TestRuleRiskActionsOnTime(t *testing.T) {
	checkRuleCases(t, "risk.actions_on_time", []factCase{
		{name: "overdue treatment actions fire", facts: riskWith(func(r *isms.RiskFacts) {
			r.RiskActionsOverdue = recs("task", "tsk_1")
		}), fire: true, records: []isms.ID{"tsk_1"}, message: "1 treatment action is open past its due date"},
		{name: "actions on time pass", facts: riskReady},
		{name: "an empty register is not applicable", facts: emptyRegister, na: true},
	})
}

func TestRuleRisksResidualReevaluated(t *testing.T) {
	checkRuleCases(t, "risk.residual_reevaluated", []factCase{
		{name: "risks with every action done and a stale residual fire", facts: riskWith(func(r *isms.RiskFacts) {
			r.RisksResidualStale = recs("risk", "rsk_2")
		}), fire: true, records: []isms.ID{"rsk_2"}, message: "residual risk was not re-evaluated"},
		{name: "re-evaluated risks pass", facts: riskReady},
		{name: "an empty register is not applicable", facts: emptyRegister, na: true},
	})
}

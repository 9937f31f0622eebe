// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"fmt"
	"strings"
)

// The rules of the risk method, the risk register and its treatment
// (6.1.2, 6.1.3 a, b, e, f, 8.2, 8.3). The SoA's rules are in
// readiness_soa_rules.go. A rule over what does not exist yet (the
// method's criteria without a method, the risks' owners without risks)
// is not applicable: the rule about the missing record fires instead.

// defaultRiskReviewMonths is the reassessment interval assumed while no
// method is approved, as the risk register does.
const defaultRiskReviewMonths = 12

func ruleRiskMethodApproved(f *Facts) []Finding {
	if f.RiskMethod.ID != "" {
		return nil
	}
	if f.RiskMethodDraft.ID != "" {
		return One(false, fmt.Sprintf("Risk method %s is drafted but not approved. Until a version is approved, risks have no agreed "+
			"scales, levels or acceptance criteria to be assessed against, and clause 6.1.2 requires those criteria as documented information.",
			f.RiskMethodDraft.Ref), "/risk-method", f.RiskMethodDraft)
	}
	return One(false, "No risk method is approved. Without approved scales, levels and acceptance criteria, assessments are neither "+
		"consistent nor comparable, and the criteria clause 6.1.2 requires as documented information are missing.", "/risk-method")
}

func ruleRiskMethodCriteria(f *Facts) []Finding {
	if f.RiskMethod.ID == "" {
		return Inapplicable()
	}
	var retain, accept int
	var unset []string
	for _, l := range f.RiskMethodLevels {
		if l.Retain {
			retain++
		}
		switch {
		case !l.AcceptBy.Valid(), l.AcceptBy == AcceptByPerson && l.AcceptUserID == "":
			unset = append(unset, l.Label)
		case l.AcceptBy != AcceptByNobody:
			accept++
		}
	}
	var gaps []string
	if retain == 0 {
		gaps = append(gaps, "lets no risk level be retained without treatment")
	}
	if accept == 0 && len(unset) == 0 {
		gaps = append(gaps, "lets nobody accept a residual risk of any level")
	}
	if len(unset) > 0 {
		gaps = append(gaps, "does not say who may accept a residual risk of level "+strings.Join(unset, ", "))
	}
	return One(len(gaps) == 0, fmt.Sprintf("Risk method %s %s. Acceptance criteria are part of the risk criteria of clause 6.1.2 a): "+
		"without them nobody can tell which risks need treatment or who signs off what remains.", f.RiskMethod.Ref, strings.Join(gaps, "; it ")),
		"/risk-method", f.RiskMethod)
}

func ruleRiskMethodReview(f *Facts) []Finding {
	if f.RiskMethod.ID == "" || f.RiskMethodApprovedOn.IsZero() || f.RiskMethodReviewMonths <= 0 {
		return Inapplicable()
	}
	due := f.RiskMethodApprovedOn.AddDate(0, f.RiskMethodReviewMonths, 0)
	return One(!due.Before(f.Today), fmt.Sprintf("Risk method %s was approved on %s and was due for review on %s, after its "+
		"%d-month interval. Criteria that are not revisited drift away from the organization's context; review them and approve a new "+
		"version, even an unchanged one.", f.RiskMethod.Ref, f.RiskMethodApprovedOn, due, f.RiskMethodReviewMonths),
		"/risk-method", f.RiskMethod)
}

func ruleRisksIdentified(f *Facts) []Finding {
	return One(f.RisksOpen > 0, "The risk register holds no open risk. Clause 6.1.2 c) requires the risks to the confidentiality, "+
		"integrity and availability of the information in scope to be identified; without them there is nothing to treat, and "+
		"nothing to justify the Statement of Applicability with.", "/risks/new")
}

func ruleRisksOwned(f *Facts) []Finding {
	return riskFire(f, f.RisksWithoutOwner, fmt.Sprintf("%s no owner, or an owner who is no longer an active member. Clause 6.1.2 c) "+
		"requires an owner for each risk: the person accountable for it, who approves its treatment and accepts what remains.",
		plural(f.RisksWithoutOwner.Total, "risk has", "risks have")), "/risks?sort=owner")
}

func ruleRisksScored(f *Facts) []Finding {
	if f.RiskMethod.ID == "" {
		return Inapplicable()
	}
	return riskFire(f, f.RisksUnscored, fmt.Sprintf("%s not scored. Without a likelihood, an impact and the resulting level they "+
		"cannot be compared with the acceptance criteria or ranked for treatment (6.1.2 d, e).",
		plural(f.RisksUnscored.Total, "risk is", "risks are")), "/risks?sort=inherent")
}

func ruleRisksCurrentMethod(f *Facts) []Finding {
	if f.RiskMethod.ID == "" {
		return Inapplicable()
	}
	return riskFire(f, f.RisksOtherMethod, fmt.Sprintf("%s scored under an earlier method version than %s, the one in force. "+
		"Scores under different criteria are not comparable (6.1.2 b); re-score them under %s.",
		plural(f.RisksOtherMethod.Total, "risk is", "risks are"), f.RiskMethod.Ref, f.RiskMethod.Ref), "/risk-method")
}

func ruleRisksTreated(f *Facts) []Finding {
	if f.RiskMethod.ID == "" {
		return Inapplicable()
	}
	return riskFire(f, f.RisksUntreated, fmt.Sprintf("%s above the acceptance criteria, their level may not be retained, and no "+
		"treatment is chosen. Clause 6.1.3 a) requires a treatment option for every such risk.",
		plural(f.RisksUntreated.Total, "risk is", "risks are")), "/risks?treatment=none")
}

func ruleRisksTreatmentMeans(f *Facts) []Finding {
	return riskFire(f, f.RisksModifyWithoutMeans, fmt.Sprintf("%s to be reduced but %s neither a control nor a treatment action: "+
		"the treatment plan does not say how (6.1.3 b, e).", plural(f.RisksModifyWithoutMeans.Total, "risk is", "risks are"),
		numberForm(f.RisksModifyWithoutMeans.Total, "has", "have")), "/risks?treatment=modify")
}

func ruleRisksPlanApproved(f *Facts) []Finding {
	return riskFire(f, f.RisksPlanNotApproved, fmt.Sprintf("%s a treatment plan that was never approved. Clause 6.1.3 f) asks the risk "+
		"owners to approve the treatment plan: submit each plan to its owner.",
		plural(f.RisksPlanNotApproved.Total, "risk has", "risks have")), "/risks")
}

func ruleRisksResidualAccepted(f *Facts) []Finding {
	return riskFire(f, f.RisksNotAccepted, fmt.Sprintf("%s a treatment and a residual level, but nobody accepted the residual risk. "+
		"Clause 6.1.3 f) requires the risk owners to accept the residual risks, as the method's acceptance criteria allow.",
		plural(f.RisksNotAccepted.Total, "risk has", "risks have")), "/risks")
}

func ruleRisksAcceptanceCurrent(f *Facts) []Finding {
	return riskFire(f, f.RisksAcceptanceExpired, fmt.Sprintf("The acceptance of %s lapsed at its review date. A lapsed acceptance no "+
		"longer shows that the owner stands by the residual risk: review the risk and accept it again.",
		plural(f.RisksAcceptanceExpired.Total, "risk", "risks")), "/risks")
}

func ruleRiskTreatmentProcess(f *Facts) []Finding {
	return One(f.RiskTreatmentDocument.ID != "", "No approved document describes the risk treatment process. Clause 6.1.3 "+
		"requires it as documented information: how options are chosen, controls determined and compared with Annex A, and "+
		"residual risks accepted. Approve a procedure that lists clause 6.1.3 among the clauses it serves.",
		"/documents/new?template=risk-process")
}

func ruleRiskAssessmentRecorded(f *Facts) []Finding {
	return One(f.RiskAssessmentLast.ID != "", "No dated risk assessment is recorded. Clause 8.2 requires the results of risk "+
		"assessments to be kept as documented information; record an assessment to keep the register as assessed on that day.",
		"/risk-assessments")
}

func ruleRiskAssessmentCurrent(f *Facts) []Finding {
	if f.RiskAssessmentLast.ID == "" {
		return Inapplicable()
	}
	months := f.RiskMethodReviewMonths
	if months <= 0 {
		months = defaultRiskReviewMonths
	}
	due := f.RiskAssessmentLastOn.AddDate(0, months, 0)
	return One(!due.Before(f.Today), fmt.Sprintf("The last risk assessment was performed on %s, more than %d months ago: clause "+
		"8.2 requires assessments at planned intervals, and the method's interval was due on %s.",
		f.RiskAssessmentLastOn, months, due), "/risk-assessments", f.RiskAssessmentLast)
}

func ruleRisksReviewsCurrent(f *Facts) []Finding {
	return riskFire(f, f.RisksReviewOverdue, fmt.Sprintf("%s past %s review date: not reassessed within the method's interval, "+
		"%s scores and treatment may no longer hold (8.2).", plural(f.RisksReviewOverdue.Total, "risk is", "risks are"),
		numberForm(f.RisksReviewOverdue.Total, "its", "their"), numberForm(f.RisksReviewOverdue.Total, "its", "their")),
		"/risks?overdue=1&sort=nextReview")
}

func ruleRiskActionsOnTime(f *Facts) []Finding {
	return riskFire(f, f.RiskActionsOverdue, fmt.Sprintf("%s open past %s due date: the risk treatment plan is not carried "+
		"out as planned (8.3).", plural(f.RiskActionsOverdue.Total, "treatment action is", "treatment actions are"),
		numberForm(f.RiskActionsOverdue.Total, "its", "their")), "/tasks?link=risk&overdue=1")
}

func ruleRisksResidualReevaluated(f *Facts) []Finding {
	return riskFire(f, f.RisksResidualStale, fmt.Sprintf("%s every treatment action done, but the residual risk was not re-evaluated "+
		"since the last one was completed. Re-scoring it shows whether the treatment worked and what remains to accept.",
		plural(f.RisksResidualStale.Total, "risk has", "risks have")), "/risks")
}

// riskFire is Fire over a record set of the register's risks (or their
// actions): not applicable while the register holds no open risk.
func riskFire(f *Facts, s RecordSet, message, fix string) []Finding {
	if f.RisksOpen == 0 {
		return Inapplicable()
	}
	return Fire(s, message, fix)
}

// numberForm picks the singular or plural form for n things.
func numberForm(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

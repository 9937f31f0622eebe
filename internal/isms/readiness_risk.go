// SPDX-License-Identifier: Apache-2.0

package isms

// RiskFacts are the facts the rules of clauses 6.1.2, 6.1.3, 8.2 and 8.3
// read: the risk method in force, the risk register, its assessments,
// treatment and acceptances, and (SoAFacts) the Statement of
// Applicability. Record sets hold open risks only: a closed risk needs
// no owner, review or treatment.
type RiskFacts struct {
	// RiskMethod is the approved method version in force (Type
	// "risk_method", Ref "v2", Title its name); its ID is "" when no
	// version is approved. RiskMethodDraft is the newest version not yet
	// approved (ID "" when none).
	RiskMethod      RecordRef
	RiskMethodDraft RecordRef
	// RiskMethodApprovedOn is the day RiskMethod was approved (zero when
	// none); RiskMethodReviewMonths its reassessment interval in months.
	RiskMethodApprovedOn   Date
	RiskMethodReviewMonths int
	// RiskMethodLevels are RiskMethod's risk levels, lowest first, with
	// their acceptance criteria (which may be retained, who may accept).
	RiskMethodLevels []RiskLevel

	// RisksOpen counts the risks of the register that are not closed.
	RisksOpen int
	// RisksWithoutOwner have no owner, or one who is no longer an active
	// member of the organization.
	RisksWithoutOwner RecordSet
	// RisksUnscored have no inherent level yet.
	RisksUnscored RecordSet
	// RisksOtherMethod are scored under a method version other than
	// RiskMethod.
	RisksOtherMethod RecordSet
	// RisksReviewOverdue are past their next review date.
	RisksReviewOverdue RecordSet
	// RisksUntreated have an inherent level their method does not allow
	// to be retained, and no treatment chosen.
	RisksUntreated RecordSet
	// RisksModifyWithoutMeans are to be modified but have neither a
	// control nor a treatment action.
	RisksModifyWithoutMeans RecordSet
	// RisksPlanNotApproved have a treatment plan (modify, avoid or share)
	// that was never approved through a treatment plan approval.
	RisksPlanNotApproved RecordSet
	// RisksNotAccepted have a treatment chosen and a residual level, but
	// no acceptance of that residual risk.
	RisksNotAccepted RecordSet
	// RisksAcceptanceExpired have an acceptance that lapsed on or before
	// Today.
	RisksAcceptanceExpired RecordSet
	// RisksResidualStale have treatment actions, all of them done (none
	// open), and their residual level was not scored or the risk was not
	// updated since the last action was completed.
	RisksResidualStale RecordSet
	// RiskActionsOverdue are the treatment actions (Type "task") open
	// past their due date.
	RiskActionsOverdue RecordSet

	// RiskAssessmentLast is the latest dated risk assessment (Type
	// "risk_assessment"; ID "" when none is recorded), performed on
	// RiskAssessmentLastOn.
	RiskAssessmentLast   RecordRef
	RiskAssessmentLastOn Date
	// RiskTreatmentDocument is an approved, current document that serves
	// clause 6.1.3 (Type "document"; ID "" when there is none): the
	// documented risk treatment process.
	RiskTreatmentDocument RecordRef

	SoAFacts
}

// SoAFacts are the facts of the Statement of Applicability of ISO/IEC
// 27001:2022 the SoA rules read. The line sets are of SoAChecked, the
// version in force (else the draft), judged against the organization's
// controls and risk treatment plans as they stand on the day of the
// check. Their records are the lines' requirements (Type
// "requirement": "A.5.1 Policies for information security").
type SoAFacts struct {
	// SoAFrameworkLoaded is set when ISO/IEC 27001:2022 is among the
	// organization's frameworks.
	SoAFrameworkLoaded bool
	// SoAApproved is the approved version in force (Type "soa", Ref "v2";
	// ID "" when none), approved on SoAApprovedOn; SoADraft the draft
	// (ID "" when none).
	SoAApproved   RecordRef
	SoAApprovedOn Date
	SoADraft      RecordRef
	// SoAChecked is the version the line sets are of: SoAApproved, else
	// SoADraft (ID "" when there is neither). SoALines counts its lines.
	SoAChecked RecordRef
	SoALines   int
	// SoAUndecided await a decision: applicable or not.
	SoAUndecided RecordSet
	// SoAExclusionsUnjustified are excluded without a justification.
	SoAExclusionsUnjustified RecordSet
	// SoAInclusionsWithoutSource are applicable with neither a risk
	// treatment, an obligation, a business requirement nor good practice
	// behind them.
	SoAInclusionsWithoutSource RecordSet
	// SoAExcludedButTreated are excluded although a linked control is
	// used by the treatment plan of an open risk.
	SoAExcludedButTreated RecordSet
	// SoAApplicableWithoutControl are applicable with no control of the
	// organization linked to them.
	SoAApplicableWithoutControl RecordSet
	// SoAImplementedWithoutControl are marked implemented while none of
	// their linked controls is implemented.
	SoAImplementedWithoutControl RecordSet
	// SoADraftEdited are the lines of SoADraft changed since the draft
	// was started, when an approved version is in force (empty
	// otherwise).
	SoADraftEdited RecordSet
}

// riskRules are the readiness rules of clauses 6.1.2, 6.1.3, 8.2 and 8.3.
var riskRules = []Rule{
	{ID: "risk.method_approved", Clause: "6.1.2", Severity: SeverityBlocker,
		Checks: "An approved risk method sets the criteria risks are assessed against.", Check: ruleRiskMethodApproved},
	{ID: "risk.method_criteria", Clause: "6.1.2", Severity: SeverityBlocker,
		Checks: "The approved risk method says which levels may be retained and who may accept each level.", Check: ruleRiskMethodCriteria},
	{ID: "risk.method_review", Clause: "6.1.2", Severity: SeverityWarning,
		Checks: "The risk method was approved within its review interval.", Check: ruleRiskMethodReview},
	{ID: "risk.identified", Clause: "6.1.2", Severity: SeverityBlocker,
		Checks: "The risk register holds open risks.", Check: ruleRisksIdentified},
	{ID: "risk.owners", Clause: "6.1.2", Severity: SeverityBlocker,
		Checks: "Every open risk has an owner who is an active member.", Check: ruleRisksOwned},
	{ID: "risk.scored", Clause: "6.1.2", Severity: SeverityWarning,
		Checks: "Every open risk is scored under the approved method.", Check: ruleRisksScored},
	{ID: "risk.method_current", Clause: "6.1.2", Severity: SeverityWarning,
		Checks: "Open risks are scored under the method version in force.", Check: ruleRisksCurrentMethod},
	{ID: "risk.treated", Clause: "6.1.3", Severity: SeverityBlocker,
		Checks: "Every risk above the acceptance criteria has a treatment.", Check: ruleRisksTreated},
	{ID: "risk.treatment_means", Clause: "6.1.3", Severity: SeverityWarning,
		Checks: "Every risk to be modified has controls or treatment actions.", Check: ruleRisksTreatmentMeans},
	{ID: "risk.plan_approved", Clause: "6.1.3", Severity: SeverityWarning,
		Checks: "Risk owners approved the treatment plans.", Check: ruleRisksPlanApproved},
	{ID: "risk.residual_accepted", Clause: "6.1.3", Severity: SeverityBlocker,
		Checks: "Every residual risk of a treated risk is accepted.", Check: ruleRisksResidualAccepted},
	{ID: "risk.acceptance_current", Clause: "6.1.3", Severity: SeverityWarning,
		Checks: "No residual-risk acceptance has lapsed.", Check: ruleRisksAcceptanceCurrent},
	{ID: "risk.treatment_process", Clause: "6.1.3", Severity: SeverityBlocker,
		Checks: "An approved document describes the risk treatment process (clause 6.1.3).", Check: ruleRiskTreatmentProcess},
	{ID: "soa.framework", Clause: "6.1.3", Severity: SeverityBlocker,
		Checks: "ISO/IEC 27001:2022 is loaded, so the SoA can cover Annex A.", Check: ruleSoAFramework},
	{ID: "soa.exists", Clause: "6.1.3", Severity: SeverityBlocker,
		Checks: "A Statement of Applicability exists.", Check: ruleSoAExists},
	{ID: "soa.approved", Clause: "6.1.3", Severity: SeverityBlocker,
		Checks: "A version of the Statement of Applicability is approved.", Check: ruleSoAApproved},
	{ID: "soa.decided", Clause: "6.1.3", Severity: SeverityBlocker,
		Checks: "Every control of the SoA is decided applicable or not.", Check: ruleSoADecided},
	{ID: "soa.exclusions_justified", Clause: "6.1.3", Severity: SeverityBlocker,
		Checks: "Every exclusion in the SoA is justified.", Check: ruleSoAExclusionsJustified},
	{ID: "soa.excluded_treated", Clause: "6.1.3", Severity: SeverityBlocker,
		Checks: "No control a risk treatment plan uses is excluded in the SoA.", Check: ruleSoAExcludedTreated},
	{ID: "soa.inclusions_justified", Clause: "6.1.3", Severity: SeverityWarning,
		Checks: "Every applicable control of the SoA has a justification source.", Check: ruleSoAInclusionsJustified},
	{ID: "soa.applicable_controlled", Clause: "6.1.3", Severity: SeverityWarning,
		Checks: "Every applicable control of the SoA is carried out by a control of the organization.", Check: ruleSoAApplicableControlled},
	{ID: "soa.implemented_claims", Clause: "6.1.3", Severity: SeverityWarning,
		Checks: "Controls the SoA marks implemented have an implemented control behind them.", Check: ruleSoAImplementedClaims},
	{ID: "soa.draft_pending", Clause: "6.1.3", Severity: SeverityHint,
		Checks: "Changes drafted since the SoA in force was approved are approved in turn.", Check: ruleSoADraftPending},
	{ID: "risk.assessment_recorded", Clause: "8.2", Severity: SeverityBlocker,
		Checks: "A dated risk assessment is recorded.", Check: ruleRiskAssessmentRecorded},
	{ID: "risk.assessment_current", Clause: "8.2", Severity: SeverityWarning,
		Checks: "The last risk assessment is within the method's reassessment interval.", Check: ruleRiskAssessmentCurrent},
	{ID: "risk.reviews_current", Clause: "8.2", Severity: SeverityWarning,
		Checks: "No open risk is past its review date.", Check: ruleRisksReviewsCurrent},
	{ID: "risk.actions_on_time", Clause: "8.3", Severity: SeverityWarning,
		Checks: "No risk treatment action is open past its due date.", Check: ruleRiskActionsOnTime},
	{ID: "risk.residual_reevaluated", Clause: "8.3", Severity: SeverityHint,
		Checks: "Residual risks are re-evaluated once their treatment actions are done.", Check: ruleRisksResidualReevaluated},
}

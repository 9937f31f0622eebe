// SPDX-License-Identifier: Apache-2.0

package isms

import "fmt"

// ImprovementFacts are the facts the rules of clauses 10.1 and 10.2 read.
type ImprovementFacts struct {
	// Improvements counts the improvements recorded, whatever their
	// status; ImprovementsRecent those recorded in the last 12 months
	// (10.1).
	Improvements       int
	ImprovementsRecent int
	// ImprovementsUnevaluated are the improvements still proposed (not
	// evaluated and decided) more than ImprovementEvaluationDays after
	// they were recorded.
	ImprovementsUnevaluated RecordSet

	// NCs counts the nonconformities recorded, whatever their status;
	// NCsClosed those closed. NCActions counts the corrective actions of
	// nonconformities, whatever their status; NCFindings the audit
	// findings graded major or minor nonconformity (10.2).
	NCs        int
	NCsClosed  int
	NCActions  int
	NCFindings int
	// NCsWithoutRootCause are the nonconformities not closed, detected
	// more than NCRootCauseDays ago, with no root cause recorded (10.2).
	NCsWithoutRootCause RecordSet
	// NCsClosedUnchecked are the closed nonconformities with no effective
	// effectiveness check recorded.
	NCsClosedUnchecked RecordSet
	// NCsPastDeadline are the nonconformities not closed whose deadline is
	// before today.
	NCsPastDeadline RecordSet
	// NCActionsOverdue are the open corrective actions (tasks, with their
	// nonconformity's reference as Ref) whose due date is before today.
	NCActionsOverdue RecordSet
	// NCFindingsUnraised are the audit findings graded major or minor
	// nonconformity that no nonconformity comes from or is linked with.
	NCFindingsUnraised RecordSet
}

// The delays after which the improvement rules point at a record.
const (
	// ImprovementEvaluationDays is how long a proposal may await its
	// evaluation and decision.
	ImprovementEvaluationDays = 90
	// NCRootCauseDays is how long a nonconformity may stay without a root
	// cause analysis.
	NCRootCauseDays = 30
)

// improvementRules are the readiness rules of clauses 10.1 and 10.2. An
// improvement log and nonconformities are not required to exist, so no
// rule fires on an empty register: each is Inapplicable until there is
// what it checks.
var improvementRules = []Rule{
	{ID: "improvement.recent", Clause: "10.1", Severity: SeverityHint, Check: ruleImprovementRecent,
		Checks: "An improvement was recorded in the last 12 months."},
	{ID: "improvement.evaluated", Clause: "10.1", Severity: SeverityHint, Check: ruleImprovementEvaluated,
		Checks: "No improvement proposal has waited more than 90 days for its evaluation and decision."},
	// A closed nonconformity with no effective check is a blocker: 10.2
	// asks to review the effectiveness of the action taken (d) and to keep
	// its results (g), and closing without it is what auditors sample.
	{ID: "nonconformity.effectiveness", Clause: "10.2", Severity: SeverityBlocker, Check: ruleNCEffectiveness,
		Checks: "Every closed nonconformity has an effectiveness check that found its actions effective."},
	{ID: "nonconformity.raised", Clause: "10.2", Severity: SeverityWarning, Check: ruleNCRaised,
		Checks: "Every audit finding graded as a nonconformity has its nonconformity raised."},
	{ID: "nonconformity.root_cause", Clause: "10.2", Severity: SeverityWarning, Check: ruleNCRootCause,
		Checks: "No open nonconformity has gone more than 30 days without a root cause."},
	{ID: "nonconformity.deadline", Clause: "10.2", Severity: SeverityWarning, Check: ruleNCDeadline,
		Checks: "No open nonconformity is past its deadline."},
	{ID: "nonconformity.actions_overdue", Clause: "10.2", Severity: SeverityWarning, Check: ruleNCActionsOverdue,
		Checks: "No corrective action is past its due date."},
}

func ruleImprovementRecent(f *Facts) []Finding {
	if f.Improvements == 0 {
		return Inapplicable()
	}
	return One(f.ImprovementsRecent > 0, "No improvement has been recorded in the last 12 months. A log of "+
		"improvement ideas from audits, reviews, incidents and measurements, each evaluated and decided, is the "+
		"plainest evidence of continual improvement.", "/improvements/new")
}

func ruleImprovementEvaluated(f *Facts) []Finding {
	if f.Improvements == 0 {
		return Inapplicable()
	}
	n := f.ImprovementsUnevaluated.Total
	return Fire(f.ImprovementsUnevaluated, fmt.Sprintf("%s %s waited more than %d days for an evaluation and a "+
		"decision. Deciding on proposals, even to reject or defer them, shows that improvement is managed.",
		plural(n, "improvement proposal", "improvement proposals"), agree(n, "has", "have"), ImprovementEvaluationDays),
		"/improvements?status=proposed")
}

func ruleNCEffectiveness(f *Facts) []Finding {
	if f.NCsClosed == 0 {
		return Inapplicable()
	}
	n := f.NCsClosedUnchecked.Total
	return Fire(f.NCsClosedUnchecked, fmt.Sprintf("%s %s closed without an effectiveness check that found the "+
		"actions effective. The standard asks to verify that corrective actions worked and to keep the result; "+
		"record the check or reopen %s.", plural(n, "nonconformity", "nonconformities"), agree(n, "was", "were"),
		agree(n, "it", "them")), "/nonconformities?status=closed")
}

func ruleNCRaised(f *Facts) []Finding {
	if f.NCFindings == 0 {
		return Inapplicable()
	}
	n := f.NCFindingsUnraised.Total
	return Fire(f.NCFindingsUnraised, fmt.Sprintf("%s graded as a nonconformity %s no nonconformity raised. "+
		"Without one, the finding is neither corrected nor followed by corrective action.",
		plural(n, "audit finding", "audit findings"), agree(n, "has", "have")), "/findings")
}

func ruleNCRootCause(f *Facts) []Finding {
	if f.NCs == 0 {
		return Inapplicable()
	}
	n := f.NCsWithoutRootCause.Total
	return Fire(f.NCsWithoutRootCause, fmt.Sprintf("%s detected more than %d days ago %s no root cause recorded. "+
		"Corrective action must remove the cause, so that the nonconformity does not recur; analyse it first.",
		plural(n, "open nonconformity", "open nonconformities"), NCRootCauseDays, agree(n, "has", "have")),
		"/nonconformities?open=yes")
}

func ruleNCDeadline(f *Facts) []Finding {
	if f.NCs == 0 {
		return Inapplicable()
	}
	n := f.NCsPastDeadline.Total
	return Fire(f.NCsPastDeadline, fmt.Sprintf("%s %s past %s deadline. A certification body's deadlines in "+
		"particular are checked at the next visit; finish the actions or agree a new date.",
		plural(n, "open nonconformity", "open nonconformities"), agree(n, "is", "are"), agree(n, "its", "their")),
		"/nonconformities?open=yes")
}

func ruleNCActionsOverdue(f *Facts) []Finding {
	if f.NCActions == 0 {
		return Inapplicable()
	}
	n := f.NCActionsOverdue.Total
	return Fire(f.NCActionsOverdue, fmt.Sprintf("%s %s past %s due date. Corrective actions left open keep the "+
		"cause of the nonconformity in place; finish or replan %s.", plural(n, "corrective action", "corrective actions"),
		agree(n, "is", "are"), agree(n, "its", "their"), agree(n, "it", "them")), "/nonconformities?open=yes")
}

// SPDX-License-Identifier: Apache-2.0

package isms

// PlanningFacts are the facts the rules of clauses 6.1.1, 6.2 and 6.3 read.
type PlanningFacts struct {
	// ISMSRisks and ISMSOpportunities count the risks and the
	// opportunities for the ISMS itself (6.1.1).
	ISMSRisks         int
	ISMSOpportunities int
	// ISMSRisksActive counts those not closed, and ISMSRisksActed those
	// whose actions were carried out (addressed or closed).
	ISMSRisksActive int
	ISMSRisksActed  int
	// ISMSRisksOpen are those still open: no action planned for them yet.
	ISMSRisksOpen RecordSet
	// ISMSRisksUnevaluated are those whose actions were carried out
	// (addressed) but whose effectiveness was not evaluated.
	ISMSRisksUnevaluated RecordSet
	// ISMSRisksReviewOverdue are those not closed whose review date is
	// before today.
	ISMSRisksReviewOverdue RecordSet

	// Objectives counts the information security objectives that are not
	// cancelled (6.2).
	Objectives int
	// ObjectivesOpen counts the open objectives (planned or in progress).
	ObjectivesOpen int
	// ObjectiveMetrics counts the metrics measuring an objective that is
	// not cancelled.
	ObjectiveMetrics int
	// ObjectivesUnmeasured are those, not cancelled, that no metric
	// measures and whose target holds no figure.
	ObjectivesUnmeasured RecordSet
	// ObjectivesWithoutOwner are the open objectives (planned or in
	// progress) with no owner.
	ObjectivesWithoutOwner RecordSet
	// ObjectivesOverdue are the open objectives whose due date is before
	// today.
	ObjectivesOverdue RecordSet
	// ObjectivesWithoutResources are the open objectives that do not say
	// what resources they need.
	ObjectivesWithoutResources RecordSet
	// ObjectiveMetricsUnmeasured are the metrics measuring an objective
	// (not cancelled) that have no measurement.
	ObjectiveMetricsUnmeasured RecordSet

	// ISMSChangesPending counts the planned changes to the ISMS (6.3)
	// neither implemented nor cancelled; ISMSChangesUnderWay those
	// approved, in progress or implemented.
	ISMSChangesPending  int
	ISMSChangesUnderWay int
	// ISMSChangesOverdue are the planned changes to the ISMS (6.3) neither
	// implemented nor cancelled whose planned date is before today.
	ISMSChangesOverdue RecordSet
	// ISMSChangesUnconsidered are the approved, in progress or implemented
	// changes that do not state their consequences, resources or
	// responsibilities.
	ISMSChangesUnconsidered RecordSet
}

// planningRules are the readiness rules of clauses 6.1.1, 6.2 and 6.3.
var planningRules = []Rule{
	{ID: "planning.isms_risks", Clause: "6.1.1", Severity: SeverityWarning, Check: rulePlanningISMSRisks,
		Checks: "Risks and opportunities for the ISMS itself are recorded."},
	{ID: "planning.isms_opportunities", Clause: "6.1.1", Severity: SeverityHint, Check: rulePlanningISMSOpportunities,
		Checks: "Opportunities for the ISMS are recorded as well as risks."},
	{ID: "planning.isms_risks_planned", Clause: "6.1.1", Severity: SeverityHint, Check: rulePlanningISMSRisksPlanned,
		Checks: "Actions are planned for every ISMS risk and opportunity."},
	{ID: "planning.isms_risks_evaluated", Clause: "6.1.1", Severity: SeverityWarning, Check: rulePlanningISMSRisksEvaluated,
		Checks: "The effectiveness of the actions taken on ISMS risks and opportunities is evaluated."},
	{ID: "planning.isms_risks_review", Clause: "6.1.1", Severity: SeverityHint, Check: rulePlanningISMSRisksReview,
		Checks: "No ISMS risk or opportunity is past its review date."},
	{ID: "planning.objectives", Clause: "6.2", Severity: SeverityBlocker, Check: rulePlanningObjectives,
		Checks: "Information security objectives are set."},
	{ID: "planning.objectives_measurable", Clause: "6.2", Severity: SeverityWarning, Check: rulePlanningObjectivesMeasurable,
		Checks: "Every objective is measured by a metric or has a measurable target."},
	{ID: "planning.objectives_owner", Clause: "6.2", Severity: SeverityWarning, Check: rulePlanningObjectivesOwner,
		Checks: "Every open objective has an owner."},
	{ID: "planning.objectives_overdue", Clause: "6.2", Severity: SeverityWarning, Check: rulePlanningObjectivesOverdue,
		Checks: "No open objective is past its due date."},
	{ID: "planning.objectives_measured", Clause: "6.2", Severity: SeverityWarning, Check: rulePlanningObjectivesMeasured,
		Checks: "Every metric that measures an objective has measurements."},
	{ID: "planning.objectives_resources", Clause: "6.2", Severity: SeverityHint, Check: rulePlanningObjectivesResources,
		Checks: "Every open objective says what resources it needs."},
	{ID: "planning.changes_overdue", Clause: "6.3", Severity: SeverityWarning, Check: rulePlanningChangesOverdue,
		Checks: "No planned change to the ISMS is past its planned date without being completed."},
	{ID: "planning.changes_considered", Clause: "6.3", Severity: SeverityHint, Check: rulePlanningChangesConsidered,
		Checks: "Every change under way states its consequences, resources and responsibilities."},
}

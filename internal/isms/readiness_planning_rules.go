// SPDX-License-Identifier: Apache-2.0

package isms

import "fmt"

// The rules of clauses 6.1.1, 6.2 and 6.3: risks and opportunities for
// the ISMS, information security objectives, and planned changes.

func rulePlanningISMSRisks(f *Facts) []Finding {
	return One(f.ISMSRisks+f.ISMSOpportunities > 0, "No risk or opportunity for the ISMS itself is recorded. "+
		"Clause 6.1.1 asks what could keep the ISMS from its outcomes (lack of budget, key people leaving) and "+
		"what could improve it, apart from the information security risks.", "/isms-risks")
}

func rulePlanningISMSOpportunities(f *Facts) []Finding {
	if f.ISMSRisks+f.ISMSOpportunities == 0 {
		return Inapplicable() // planning.isms_risks fires
	}
	return One(f.ISMSRisks == 0 || f.ISMSOpportunities > 0, "Only risks to the ISMS are recorded, no opportunity. "+
		"Clause 6.1.1 covers both; opportunities (automation, customer trust) drive continual improvement.",
		"/isms-risks/new?kind=opportunity")
}

func rulePlanningISMSRisksPlanned(f *Facts) []Finding {
	if f.ISMSRisks+f.ISMSOpportunities == 0 {
		return Inapplicable()
	}
	n := f.ISMSRisksOpen.Total
	return Fire(f.ISMSRisksOpen, fmt.Sprintf("%s for the ISMS %s no action planned yet. Clause 6.1.1 d asks for "+
		"actions to address them and for how their effectiveness will be evaluated.",
		plural(n, "risk or opportunity", "risks and opportunities"), agree(n, "has", "have")), "/isms-risks?status=open")
}

func rulePlanningISMSRisksEvaluated(f *Facts) []Finding {
	if f.ISMSRisksActed == 0 {
		return Inapplicable() // no action carried out yet
	}
	n := f.ISMSRisksUnevaluated.Total
	return Fire(f.ISMSRisksUnevaluated, fmt.Sprintf("The actions on %s for the ISMS were carried out but their "+
		"effectiveness was not evaluated. Clause 6.1.1 e asks the organization to evaluate it; record the result.",
		plural(n, "risk or opportunity", "risks and opportunities")), "/isms-risks?evaluationDue=1")
}

func rulePlanningISMSRisksReview(f *Facts) []Finding {
	if f.ISMSRisksActive == 0 {
		return Inapplicable() // none, or all closed
	}
	n := f.ISMSRisksReviewOverdue.Total
	return Fire(f.ISMSRisksReviewOverdue, fmt.Sprintf("%s for the ISMS %s past %s review date. Review them so "+
		"that the planning of the ISMS stays current.", plural(n, "risk or opportunity", "risks and opportunities"),
		agree(n, "is", "are"), agree(n, "its", "their")), "/isms-risks")
}

func rulePlanningObjectives(f *Facts) []Finding {
	return One(f.Objectives > 0, "No information security objective is set. Objectives and the plans to achieve "+
		"them are mandatory documented information (6.2); an auditor cannot see where the ISMS is heading without them.",
		"/objectives")
}

func rulePlanningObjectivesMeasurable(f *Facts) []Finding {
	if f.Objectives == 0 {
		return Inapplicable() // planning.objectives fires
	}
	n := f.ObjectivesUnmeasured.Total
	return Fire(f.ObjectivesUnmeasured, fmt.Sprintf("%s %s no metric and no target with a figure. Clause 6.2 asks "+
		"for measurable objectives where practicable; link a metric or state a figure to reach.",
		plural(n, "objective", "objectives"), agree(n, "has", "have")), "/objectives")
}

func rulePlanningObjectivesOwner(f *Facts) []Finding {
	if f.ObjectivesOpen == 0 {
		return Inapplicable()
	}
	n := f.ObjectivesWithoutOwner.Total
	return Fire(f.ObjectivesWithoutOwner, fmt.Sprintf("%s %s no owner. Clause 6.2 asks who will be responsible "+
		"for each objective.", plural(n, "open objective", "open objectives"), agree(n, "has", "have")), "/objectives")
}

func rulePlanningObjectivesOverdue(f *Facts) []Finding {
	if f.ObjectivesOpen == 0 {
		return Inapplicable()
	}
	n := f.ObjectivesOverdue.Total
	return Fire(f.ObjectivesOverdue, fmt.Sprintf("%s %s past %s due date and still open. Evaluate the result "+
		"(achieved or not) or set a new date, so that the plan stays credible.",
		plural(n, "objective", "objectives"), agree(n, "is", "are"), agree(n, "its", "their")), "/objectives?overdue=1")
}

func rulePlanningObjectivesMeasured(f *Facts) []Finding {
	if f.ObjectiveMetrics == 0 {
		return Inapplicable() // no metric measures an objective
	}
	n := f.ObjectiveMetricsUnmeasured.Total
	return Fire(f.ObjectiveMetricsUnmeasured, fmt.Sprintf("%s that %s objectives %s no measurement recorded. "+
		"Without results an auditor cannot compare the objectives with what was achieved (6.2, 9.1).",
		plural(n, "metric", "metrics"), agree(n, "measures", "measure"), agree(n, "has", "have")), "/metrics")
}

func rulePlanningObjectivesResources(f *Facts) []Finding {
	if f.ObjectivesOpen == 0 {
		return Inapplicable()
	}
	n := f.ObjectivesWithoutResources.Total
	return Fire(f.ObjectivesWithoutResources, fmt.Sprintf("%s %s not say what resources %s. Clause 6.2 asks "+
		"the plan of each objective to state the resources required.",
		plural(n, "open objective", "open objectives"), agree(n, "does", "do"), agree(n, "it needs", "they need")),
		"/objectives")
}

func rulePlanningChangesOverdue(f *Facts) []Finding {
	if f.ISMSChangesPending == 0 {
		return Inapplicable() // changes are optional: none is pending
	}
	n := f.ISMSChangesOverdue.Total
	return Fire(f.ISMSChangesOverdue, fmt.Sprintf("%s to the ISMS %s past %s planned date and not completed. "+
		"Clause 6.3 asks for changes to be carried out in a planned manner; update the plan or complete them.",
		plural(n, "planned change", "planned changes"), agree(n, "is", "are"), agree(n, "its", "their")), "/isms-changes")
}

func rulePlanningChangesConsidered(f *Facts) []Finding {
	if f.ISMSChangesUnderWay == 0 {
		return Inapplicable() // changes are optional: none is under way
	}
	n := f.ISMSChangesUnconsidered.Total
	return Fire(f.ISMSChangesUnconsidered, fmt.Sprintf("%s to the ISMS %s not state %s consequences, resources "+
		"or responsibilities. Clause 6.3 asks that these be considered before a change is made.",
		plural(n, "change", "changes"), agree(n, "does", "do"), agree(n, "its", "their")), "/isms-changes")
}

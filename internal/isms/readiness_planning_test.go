// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// planningFacts returns facts with the planning part p.
func planningFacts(p isms.PlanningFacts) isms.Facts { return isms.Facts{PlanningFacts: p} }

func TestPlanningRulesAreWellFormed(t *testing.T) {
	broken := isms.Facts{Today: factDay, PlanningFacts: isms.PlanningFacts{
		ISMSRisks: 2, ISMSRisksActive: 2, ISMSRisksActed: 1, ISMSRisksOpen: recs("isms_risk", "ro_1"),
		ISMSRisksUnevaluated: recs("isms_risk", "ro_2"), ISMSRisksReviewOverdue: recs("isms_risk", "ro_1"),
		Objectives: 2, ObjectivesOpen: 2, ObjectiveMetrics: 1, ISMSChangesPending: 1, ISMSChangesUnderWay: 1,
		ObjectivesUnmeasured: recs("objective", "obj_1"), ObjectivesWithoutOwner: recs("objective", "obj_1"),
		ObjectivesOverdue: recs("objective", "obj_2"), ObjectivesWithoutResources: recs("objective", "obj_2"),
		ObjectiveMetricsUnmeasured: recs("metric", "met_1"), ISMSChangesOverdue: recs("isms_change", "chg_1"),
		ISMSChangesUnconsidered: recs("isms_change", "chg_1"),
	}}
	checkAreaRules(t, []string{"planning."}, isms.Facts{Today: factDay}, broken)
	checkEmptyEarnsNothing(t, "planning.")
}

func TestRulePlanningISMSRisks(t *testing.T) {
	checkRuleCases(t, "planning.isms_risks", []factCase{
		{name: "nothing recorded fires", fire: true, message: "No risk or opportunity for the ISMS itself"},
		{name: "an opportunity alone passes", facts: planningFacts(isms.PlanningFacts{ISMSOpportunities: 1})},
	})
}

func TestRulePlanningISMSOpportunities(t *testing.T) {
	checkRuleCases(t, "planning.isms_opportunities", []factCase{
		{name: "nothing to check: nothing recorded (planning.isms_risks fires)", na: true},
		{name: "opportunities alone pass", facts: planningFacts(isms.PlanningFacts{ISMSOpportunities: 2})},
		{name: "risks without opportunities fire", facts: planningFacts(isms.PlanningFacts{ISMSRisks: 4}),
			fire: true, message: "no opportunity"},
		{name: "risks and an opportunity pass", facts: planningFacts(isms.PlanningFacts{ISMSRisks: 4, ISMSOpportunities: 1})},
	})
}

func TestRulePlanningISMSRisksPlanned(t *testing.T) {
	checkRuleCases(t, "planning.isms_risks_planned", []factCase{
		{name: "open records fire", facts: planningFacts(isms.PlanningFacts{ISMSRisks: 2, ISMSRisksOpen: recs("isms_risk", "ro_1", "ro_2")}),
			fire: true, records: []isms.ID{"ro_1", "ro_2"}, message: "2 risks and opportunities for the ISMS have no action planned"},
		{name: "planned records pass", facts: planningFacts(isms.PlanningFacts{ISMSRisks: 2})},
		{name: "nothing to check: nothing recorded", na: true},
	})
}

func TestRulePlanningISMSRisksEvaluated(t *testing.T) {
	checkRuleCases(t, "planning.isms_risks_evaluated", []factCase{
		{name: "addressed records not evaluated fire", facts: planningFacts(isms.PlanningFacts{
			ISMSRisks: 2, ISMSRisksActed: 1, ISMSRisksUnevaluated: recs("isms_risk", "ro_2")}),
			fire: true, records: []isms.ID{"ro_2"}, message: "The actions on 1 risk or opportunity for the ISMS were carried out"},
		{name: "evaluated records pass", facts: planningFacts(isms.PlanningFacts{ISMSRisks: 2, ISMSRisksActed: 1})},
		{name: "nothing to check: no action carried out yet", na: true, facts: planningFacts(isms.PlanningFacts{
			ISMSRisks: 2, ISMSRisksActive: 2})},
	})
}

func TestRulePlanningISMSRisksReview(t *testing.T) {
	checkRuleCases(t, "planning.isms_risks_review", []factCase{
		{name: "records past their review fire", facts: planningFacts(isms.PlanningFacts{
			ISMSRisks: 2, ISMSRisksActive: 2, ISMSRisksReviewOverdue: recs("isms_risk", "ro_1")}),
			fire: true, records: []isms.ID{"ro_1"}, message: "is past its review date"},
		{name: "records reviewed in time pass", facts: planningFacts(isms.PlanningFacts{ISMSRisks: 2, ISMSRisksActive: 1})},
		{name: "nothing to check: every record closed", na: true, facts: planningFacts(isms.PlanningFacts{ISMSRisks: 2})},
	})
}

func TestRulePlanningObjectives(t *testing.T) {
	checkRuleCases(t, "planning.objectives", []factCase{
		{name: "no objective fires", fire: true, message: "No information security objective"},
		{name: "an objective passes", facts: planningFacts(isms.PlanningFacts{Objectives: 1})},
	})
}

func TestRulePlanningObjectivesMeasurable(t *testing.T) {
	checkRuleCases(t, "planning.objectives_measurable", []factCase{
		{name: "objectives without metric or figure fire", facts: planningFacts(isms.PlanningFacts{
			Objectives: 3, ObjectivesUnmeasured: recs("objective", "obj_2")}),
			fire: true, records: []isms.ID{"obj_2"}, message: "1 objective has no metric and no target with a figure"},
		{name: "measured objectives pass", facts: planningFacts(isms.PlanningFacts{Objectives: 3})},
		{name: "nothing to check: no objective (planning.objectives fires)", na: true},
	})
}

func TestRulePlanningObjectivesOwner(t *testing.T) {
	checkRuleCases(t, "planning.objectives_owner", []factCase{
		{name: "objectives without owner fire", facts: planningFacts(isms.PlanningFacts{
			Objectives: 3, ObjectivesOpen: 2, ObjectivesWithoutOwner: recs("objective", "obj_1", "obj_3")}),
			fire: true, records: []isms.ID{"obj_1", "obj_3"}, message: "2 open objectives have no owner"},
		{name: "owned objectives pass", facts: planningFacts(isms.PlanningFacts{Objectives: 3, ObjectivesOpen: 3})},
		{name: "nothing to check: no open objective", na: true, facts: planningFacts(isms.PlanningFacts{Objectives: 3})},
	})
}

func TestRulePlanningObjectivesOverdue(t *testing.T) {
	checkRuleCases(t, "planning.objectives_overdue", []factCase{
		{name: "overdue objectives fire", facts: planningFacts(isms.PlanningFacts{
			Objectives: 3, ObjectivesOpen: 1, ObjectivesOverdue: recs("objective", "obj_1")}),
			fire: true, records: []isms.ID{"obj_1"}, message: "1 objective is past its due date and still open"},
		{name: "objectives on time pass", facts: planningFacts(isms.PlanningFacts{Objectives: 3, ObjectivesOpen: 2})},
		{name: "nothing to check: no open objective", na: true, facts: planningFacts(isms.PlanningFacts{Objectives: 3})},
	})
}

func TestRulePlanningObjectivesMeasured(t *testing.T) {
	checkRuleCases(t, "planning.objectives_measured", []factCase{
		{name: "metrics without measurement fire", facts: planningFacts(isms.PlanningFacts{
			Objectives: 1, ObjectiveMetrics: 3, ObjectiveMetricsUnmeasured: recs("metric", "met_1", "met_2")}),
			fire: true, records: []isms.ID{"met_1", "met_2"}, message: "2 metrics that measure objectives have no measurement"},
		{name: "measured metrics pass", facts: planningFacts(isms.PlanningFacts{Objectives: 1, ObjectiveMetrics: 1})},
		{name: "nothing to check: no metric measures an objective", na: true, facts: planningFacts(isms.PlanningFacts{Objectives: 1})},
	})
}

func TestRulePlanningObjectivesResources(t *testing.T) {
	checkRuleCases(t, "planning.objectives_resources", []factCase{
		{name: "objectives without resources fire", facts: planningFacts(isms.PlanningFacts{
			Objectives: 1, ObjectivesOpen: 1, ObjectivesWithoutResources: recs("objective", "obj_1")}),
			fire: true, records: []isms.ID{"obj_1"}, message: "1 open objective does not say what resources it needs"},
		{name: "resourced objectives pass", facts: planningFacts(isms.PlanningFacts{Objectives: 1, ObjectivesOpen: 1})},
		{name: "nothing to check: no open objective", na: true, facts: planningFacts(isms.PlanningFacts{Objectives: 1})},
	})
}

func TestRulePlanningChangesOverdue(t *testing.T) {
	checkRuleCases(t, "planning.changes_overdue", []factCase{
		{name: "late changes fire", facts: planningFacts(isms.PlanningFacts{ISMSChangesPending: 2,
			ISMSChangesOverdue: recs("isms_change", "chg_1")}),
			fire: true, records: []isms.ID{"chg_1"}, message: "1 planned change to the ISMS is past its planned date"},
		{name: "changes on time pass", facts: planningFacts(isms.PlanningFacts{ISMSChangesPending: 2})},
		{name: "nothing to check: no pending change", na: true, facts: planningFacts(isms.PlanningFacts{ISMSChangesUnderWay: 1})},
	})
}

func TestRulePlanningChangesConsidered(t *testing.T) {
	checkRuleCases(t, "planning.changes_considered", []factCase{
		{name: "changes without resources fire", facts: planningFacts(isms.PlanningFacts{
			ISMSChangesUnderWay: 2, ISMSChangesUnconsidered: recs("isms_change", "chg_1", "chg_2")}),
			fire: true, records: []isms.ID{"chg_1", "chg_2"}, message: "2 changes to the ISMS do not state their consequences"},
		{name: "considered changes pass", facts: planningFacts(isms.PlanningFacts{ISMSChangesUnderWay: 1})},
		{name: "nothing to check: no change under way", na: true, facts: planningFacts(isms.PlanningFacts{ISMSChangesPending: 1})},
	})
}

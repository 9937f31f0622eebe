// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// operationFacts returns facts with the operation part o.
func operationFacts(o isms.OperationFacts) isms.Facts { return isms.Facts{OperationFacts: o} }

func TestOperationRulesAreWellFormed(t *testing.T) {
	broken := operationFacts(isms.OperationFacts{ControlsInUse: 10, ControlsImplemented: 4,
		ControlsNotImplemented: recs("control", "ctl_1"), ControlsUnowned: recs("control", "ctl_2"),
		ControlsPastReview: recs("control", "ctl_3"), ControlActivities: 5, ControlActivitiesOverdue: recs("task", "tsk_1")})
	checkAreaRules(t, []string{"operation."}, isms.Facts{Today: factDay}, broken)
	checkEmptyEarnsNothing(t, "operation.")
}

func TestRuleControlsRecorded(t *testing.T) {
	checkRuleCases(t, "operation.controls_recorded", []factCase{
		{name: "no control fires", fire: true, message: "No control is recorded"},
		{name: "a planned control passes", facts: operationFacts(isms.OperationFacts{ControlsInUse: 1})},
	})
}

func TestRuleControlsImplemented(t *testing.T) {
	checkRuleCases(t, "operation.controls_implemented", []factCase{
		{name: "nothing to check: no control (controls_recorded fires)", na: true},
		{name: "all applicable controls implemented pass", facts: operationFacts(isms.OperationFacts{ControlsInUse: 4, ControlsImplemented: 4})},
		{name: "planned controls fire", facts: operationFacts(isms.OperationFacts{ControlsInUse: 4,
			ControlsNotImplemented: recs("control", "ctl_1", "ctl_2")}), fire: true, records: []isms.ID{"ctl_1", "ctl_2"},
			message: "2 applicable controls are planned or in progress but not implemented"},
	})
}

func TestRuleControlActivitiesOverdue(t *testing.T) {
	checkRuleCases(t, "operation.activities_overdue", []factCase{
		{name: "nothing to check: no control activity", facts: operationFacts(isms.OperationFacts{ControlsInUse: 4}), na: true},
		{name: "activities on time pass", facts: operationFacts(isms.OperationFacts{ControlsInUse: 4, ControlSchedules: 2,
			ControlActivities: 6})},
		{name: "an overdue activity fires", facts: operationFacts(isms.OperationFacts{ControlsInUse: 4, ControlActivities: 6,
			ControlActivitiesOverdue: recs("task", "tsk_7")}), fire: true, records: []isms.ID{"tsk_7"},
			message: "1 control activity is overdue"},
	})
}

func TestRuleControlActivitiesPlanned(t *testing.T) {
	checkRuleCases(t, "operation.activities_planned", []factCase{
		{name: "nothing to check: no implemented control", facts: operationFacts(isms.OperationFacts{ControlsInUse: 4}), na: true},
		{name: "implemented controls without schedules fire", facts: operationFacts(isms.OperationFacts{ControlsInUse: 4,
			ControlsImplemented: 3}), fire: true, message: "No implemented control has a recurring activity scheduled (3 controls implemented)"},
		{name: "a schedule passes", facts: operationFacts(isms.OperationFacts{ControlsInUse: 4, ControlsImplemented: 3,
			ControlSchedules: 1})},
	})
}

func TestRuleControlsOwner(t *testing.T) {
	checkRuleCases(t, "operation.controls_owner", []factCase{
		{name: "nothing to check: no control (controls_recorded fires)", na: true},
		{name: "owned controls pass", facts: operationFacts(isms.OperationFacts{ControlsInUse: 4})},
		{name: "controls without an owner fire", facts: operationFacts(isms.OperationFacts{ControlsInUse: 4,
			ControlsUnowned: recs("control", "ctl_4", "ctl_5", "ctl_6")}), fire: true,
			records: []isms.ID{"ctl_4", "ctl_5", "ctl_6"}, message: "3 controls have no owner"},
	})
}

func TestRuleControlsReview(t *testing.T) {
	checkRuleCases(t, "operation.controls_review", []factCase{
		{name: "nothing to check: no control (controls_recorded fires)", na: true},
		{name: "controls reviewed on time pass", facts: operationFacts(isms.OperationFacts{ControlsInUse: 4})},
		{name: "a control past review fires", facts: operationFacts(isms.OperationFacts{ControlsInUse: 4,
			ControlsPastReview: recs("control", "ctl_8")}), fire: true, records: []isms.ID{"ctl_8"},
			message: "1 control is overdue for review"},
	})
}

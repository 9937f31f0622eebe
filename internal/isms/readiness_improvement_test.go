// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// improvementFacts returns facts with the improvement part i.
func improvementFacts(i isms.ImprovementFacts) isms.Facts { return isms.Facts{ImprovementFacts: i} }

// improvementsKept is improvement and nonconformity registers in use:
// improvements, nonconformities (some closed), their corrective actions
// and findings graded as nonconformities, nothing wrong with any.
func improvementsKept() isms.ImprovementFacts {
	return isms.ImprovementFacts{Improvements: 4, ImprovementsRecent: 1, NCs: 3, NCsClosed: 1, NCActions: 2, NCFindings: 1}
}

// keptWith returns facts with improvementsKept changed by edit.
func keptWith(edit func(i *isms.ImprovementFacts)) isms.Facts {
	i := improvementsKept()
	edit(&i)
	return improvementFacts(i)
}

// noImprovementRecord is facts with empty improvement and nonconformity
// registers.
var noImprovementRecord = nothingCase{name: "empty registers"}

func TestImprovementRulesAreWellFormed(t *testing.T) {
	broken := keptWith(func(i *isms.ImprovementFacts) {
		i.ImprovementsRecent, i.ImprovementsUnevaluated = 0, recs("improvement", "imp_1")
		i.NCsWithoutRootCause, i.NCsClosedUnchecked = recs("nonconformity", "nc_1"), recs("nonconformity", "nc_2")
		i.NCsPastDeadline, i.NCActionsOverdue = recs("nonconformity", "nc_3"), recs("task", "task_1")
		i.NCFindingsUnraised = recs("audit_finding", "f_1")
	})
	broken.Today = factDay
	checkAreaRules(t, []string{"improvement.", "nonconformity."}, isms.Facts{Today: factDay}, broken)
}

func TestRuleImprovementRecent(t *testing.T) {
	checkNothingToCheck(t, "improvement.recent", noImprovementRecord)
	checkFactCases(t, "improvement.recent", []factCase{
		{name: "no improvement in the year fires", facts: keptWith(func(i *isms.ImprovementFacts) { i.ImprovementsRecent = 0 }),
			fire: true, message: "No improvement has been recorded in the last 12 months"},
		{name: "one improvement in the year passes", facts: improvementFacts(improvementsKept())},
	})
}

func TestRuleImprovementEvaluated(t *testing.T) {
	checkNothingToCheck(t, "improvement.evaluated", noImprovementRecord)
	checkFactCases(t, "improvement.evaluated", []factCase{
		{name: "old proposals fire", facts: keptWith(func(i *isms.ImprovementFacts) {
			i.ImprovementsUnevaluated = recs("improvement", "imp_1", "imp_4")
		}), fire: true, records: []isms.ID{"imp_1", "imp_4"}, message: "2 improvement proposals have waited more than 90 days"},
		{name: "decided proposals pass", facts: improvementFacts(improvementsKept())},
	})
}

func TestRuleNCEffectiveness(t *testing.T) {
	checkNothingToCheck(t, "nonconformity.effectiveness", noImprovementRecord, nothingCase{name: "no nonconformity closed",
		facts: keptWith(func(i *isms.ImprovementFacts) { i.NCsClosed = 0 })})
	checkFactCases(t, "nonconformity.effectiveness", []factCase{
		{name: "a nonconformity closed unchecked fires", facts: keptWith(func(i *isms.ImprovementFacts) {
			i.NCsClosedUnchecked = recs("nonconformity", "nc_2")
		}), fire: true, records: []isms.ID{"nc_2"}, message: "1 nonconformity was closed without an effectiveness check"},
		{name: "checked closures pass", facts: improvementFacts(improvementsKept())},
	})
}

func TestRuleNCRaised(t *testing.T) {
	checkNothingToCheck(t, "nonconformity.raised", noImprovementRecord, nothingCase{name: "no finding graded as a nonconformity",
		facts: keptWith(func(i *isms.ImprovementFacts) { i.NCFindings = 0 })})
	checkFactCases(t, "nonconformity.raised", []factCase{
		{name: "nonconformity findings without their nonconformity fire", fire: true,
			facts: keptWith(func(i *isms.ImprovementFacts) {
				i.NCFindings, i.NCFindingsUnraised = 4, recs("audit_finding", "f_1", "f_2", "f_3")
			}),
			records: []isms.ID{"f_1", "f_2", "f_3"}, message: "3 audit findings graded as a nonconformity have no nonconformity raised"},
		{name: "raised nonconformities pass", facts: improvementFacts(improvementsKept())},
	})
}

func TestRuleNCRootCause(t *testing.T) {
	checkNothingToCheck(t, "nonconformity.root_cause", noImprovementRecord)
	checkFactCases(t, "nonconformity.root_cause", []factCase{
		{name: "an old nonconformity without root cause fires", facts: keptWith(func(i *isms.ImprovementFacts) {
			i.NCsWithoutRootCause = recs("nonconformity", "nc_1")
		}), fire: true, records: []isms.ID{"nc_1"}, message: "1 open nonconformity detected more than 30 days ago has no root cause"},
		{name: "analysed nonconformities pass", facts: improvementFacts(improvementsKept())},
	})
}

func TestRuleNCDeadline(t *testing.T) {
	checkNothingToCheck(t, "nonconformity.deadline", noImprovementRecord)
	checkFactCases(t, "nonconformity.deadline", []factCase{
		{name: "nonconformities past their deadline fire", facts: keptWith(func(i *isms.ImprovementFacts) {
			i.NCsPastDeadline = recs("nonconformity", "nc_3", "nc_5")
		}), fire: true, records: []isms.ID{"nc_3", "nc_5"}, message: "2 open nonconformities are past their deadline"},
		{name: "nonconformities on time pass", facts: improvementFacts(improvementsKept())},
	})
}

func TestRuleNCActionsOverdue(t *testing.T) {
	checkNothingToCheck(t, "nonconformity.actions_overdue", noImprovementRecord, nothingCase{name: "no corrective action",
		facts: keptWith(func(i *isms.ImprovementFacts) { i.NCActions = 0 })})
	checkFactCases(t, "nonconformity.actions_overdue", []factCase{
		{name: "an overdue corrective action fires", facts: keptWith(func(i *isms.ImprovementFacts) {
			i.NCActionsOverdue = recs("task", "task_1")
		}), fire: true, records: []isms.ID{"task_1"}, message: "1 corrective action is past its due date"},
		{name: "actions on time pass", facts: improvementFacts(improvementsKept())},
	})
}

// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/sqldb"
)

// buildHalfDoneOrg is an organization half way through its first year,
// started in January: its context and interested parties, an approved
// scope, policy and risk method, four risks (two treated and accepted,
// two not treated), ISO/IEC 27001:2022 with an SoA drafted but not
// approved, and two objectives nothing measures. It has held no internal
// audit and no management review.
func buildHalfDoneOrg(t *testing.T, db *sqldb.DB) *world {
	f := newReadinessFixture(newReadinessWorld(t, db, "2026-01-05", true))
	f.contextIssues(nil)
	f.parties(nil)
	f.approvedScope()
	f.approvedPolicy()
	f.method = f.approvedMethod(5)
	f.importISO()

	f.day("2026-02-02")
	f.implementedControls(true)
	f.treatedRisks(4, 2)
	f.soaDraft()
	f.objectives(false)

	f.day(readinessDay)
	return f.world
}

// buildReadyOrg is an organization ready for its stage 1 audit: a first
// year of the ISMS from September 2025, with every register in good
// shape on readinessDay (see each step).
func buildReadyOrg(t *testing.T, db *sqldb.DB) *world {
	f := newReadinessFixture(newReadinessWorld(t, db, "2025-09-01", true))
	f.readyPlan()
	f.readyOperation()
	f.readyEvaluation()
	f.day(readinessDay)
	return f.world
}

// readyPlan is the first quarter: leadership, context, scope, risks and
// the SoA.
func (f *readinessFixture) readyPlan() {
	f.t.Helper()
	f.approvedPolicy()
	f.ismsProcesses()
	f.rolesAndRACI()
	f.registerPeople()
	f.importISO()
	f.method = f.approvedMethod(5)

	f.day("2025-09-15")
	f.implementedControls(false)
	f.approvedScope()

	f.day("2025-10-01")
	f.contextIssues(f.ismsRisks())
	f.parties([]string{string(f.controls["A.5.31"].ID), string(f.controls["A.5.34"].ID)})

	f.day("2025-10-15")
	f.treatedRisks(len(readinessRisks), len(readinessRisks))
	f.assessment("First risk assessment")

	f.day("2025-11-03")
	f.approvedSoA()
	f.documents()
	f.objectives(true)
	f.resources()
	f.commitments()
}

// readyOperation is the year's running of the ISMS: the audit programme
// of three audits, one a year, the first carried out and reported, its
// nonconformity corrected and its improvement carried out.
func (f *readinessFixture) readyOperation() {
	f.t.Helper()
	f.day("2026-01-05")
	programme := f.auditProgramme()
	first := f.planAudit(programme, "Clauses 4 to 10 and organizational controls", "4-10, A.5.1-A.5.37", 56)
	f.planAudit(programme, "People, physical and technological controls", "A.5.15-A.5.18, A.6.1-A.8.34", 420)
	f.planAudit(programme, "Clauses 4 to 10 and access control", "4-10, A.5.15-A.5.18", 790)

	f.day("2026-03-02")
	f.carryOutAudit(first)

	f.day("2026-03-10")
	f.correct()

	f.day("2026-05-11")
	f.checkEffectiveness()
	f.improve()
}

// readyEvaluation is the last month before the check: evidence collected
// for every control, training renewed, the policy campaign, the change
// completed, the first quarterly access review done, the management
// review held, and the monthly measurements and communications of the
// year.
func (f *readinessFixture) readyEvaluation() {
	f.t.Helper()
	f.day("2026-05-15")
	f.controlEvidence()
	f.competence()
	f.campaign()
	f.plannedChange()
	activity := f.controlActivity()

	f.day("2026-05-20")
	f.managementReview()
	_, err := f.app.CompleteTask(f.ctx, f.itLead(), activity.ID, "Reviewed; two excess rights removed.")
	f.must("CompleteTask(access review)", err)

	f.day("2026-06-01")
	f.measure(-182, -151, -120, -92, -61, -31, 0)
	f.communication(-92, -61, -31, -3)
}

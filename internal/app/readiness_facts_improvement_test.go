// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// improvementFacts reads acme's improvement facts on the clock's day.
func (w *auditWorld) improvementFacts() isms.ImprovementFacts {
	w.t.Helper()
	f, err := w.app.GatherImprovementFactsForTest(w.ctx, w.org.ID, w.today())
	w.must("GatherImprovementFactsForTest", err)
	return f
}

// closeNCUnchecked closes n in the store with checks, as an import of
// older records might, bypassing the effectiveness check the application
// requires.
func (w *auditWorld) closeNCUnchecked(n *isms.Nonconformity, checks ...isms.EffectivenessCheck) {
	w.t.Helper()
	err := w.db.Update(w.ctx, func(tx *sqldb.Tx) error {
		got, err := tx.FindNonconformityByIDForUpdate(w.ctx, w.org.ID, n.ID)
		if err != nil {
			return err
		}
		got.Status, got.ClosedOn, got.Checks = isms.NCClosed, w.today(), append([]isms.EffectivenessCheck{}, checks...)
		return tx.UpdateNonconformity(w.ctx, got, got.Version)
	})
	w.must("closeNCUnchecked("+n.Ref+")", err)
}

// otherOrgImprovement gives globex an old proposal and a nonconformity
// past its deadline without root cause, which acme's facts must not count
// (nor count among acme's improvements and nonconformities).
func otherOrgImprovement(w *auditWorld) {
	g := w.globexAdmin()
	w.importBuiltinAs(g, "iso27001-2022")
	_, err := w.app.ProposeImprovement(w.ctx, g, app.ImprovementInput{Title: "Globex idea", Source: isms.ImpSuggestion})
	w.must("ProposeImprovement(globex)", err)
	_, err = w.app.RaiseNonconformity(w.ctx, g, app.NCInput{Title: "Globex lapse", Description: "Badges not returned.",
		Source: isms.NCMonitoring, Grade: isms.NCMinor, Requirements: "A.7.2", DetectedOn: w.today(), Deadline: w.today().AddDays(5)})
	w.must("RaiseNonconformity(globex)", err)
}

// improvementFixture fills acme's registers on the clock's day: IMP-1
// proposed; NC-1 with a deadline in 20 days; NC-2 with its root cause and
// a corrective action due in a week; NC-3, NC-4 and NC-5 closed in the
// store with no check, an effective one and an ineffective one; and F-1,
// a minor finding whose nonconformity was deleted.
func improvementFixture(w *auditWorld) {
	w.propose("Automate the access reviews")
	_, err := w.app.RaiseNonconformity(w.ctx, w.asContributor(), app.NCInput{Title: "Access reviews skipped",
		Description: "Quarterly access reviews were skipped.", Source: isms.NCMonitoring, Grade: isms.NCMinor,
		Requirements: "A.5.18", DetectedOn: w.today(), OwnerID: w.manager.ID, Deadline: w.today().AddDays(20)})
	w.must("RaiseNonconformity(NC-1)", err)
	n2 := w.raiseNC("Backups untested")
	n2, err = w.app.RecordRootCause(w.ctx, w.asManager(), n2.ID, n2.Version, app.StepInput{Text: "No restore test scheduled.",
		Method: isms.RCAFiveWhys})
	w.must("RecordRootCause(NC-2)", err)
	w.addAction(n2, "Schedule monthly restore tests")
	w.closeNCUnchecked(w.raiseNC("Visitor log incomplete"))
	w.closeNCUnchecked(w.raiseNC("Clean desk lapses"), isms.EffectivenessCheck{Step: isms.Step{On: w.today()}, Effective: true, Note: "Spot checks clean."})
	w.closeNCUnchecked(w.raiseNC("Patch delays"), isms.EffectivenessCheck{Step: isms.Step{On: w.today()}, Note: `"effective":true was hoped for.`})
	au := w.move(w.asManager(), w.planAudit(w.programme(), w.manager.ID, "A.5.15", isms.NewDate(2026, 2, 2)), isms.AuditInProgress, "")
	_, err = w.app.CreateFinding(w.ctx, w.asManager(), app.FindingInput{Audit: au.Ref, Grade: isms.FindingMinor,
		Title: "Leavers keep access", Description: "Two leavers kept their accounts.", Requirements: "A.5.15"})
	w.must("CreateFinding", err)
	w.must("DeleteNonconformity(NC-6)", w.app.DeleteNonconformity(w.ctx, w.asManager(), w.findNC("NC-6").NC.ID))
}

func TestGatherImprovementFacts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		f := w.improvementFacts()
		if f.Improvements != 0 || f.ImprovementsRecent != 0 || f.NCs != 0 || f.NCsClosed != 0 || f.NCActions != 0 || f.NCFindings != 0 {
			t.Errorf("counts of an empty organization = %+v, want none", f)
		}
		wantRecordSet(t, "NCsClosedUnchecked", f.NCsClosedUnchecked)
		wantRecordSet(t, "NCFindingsUnraised", f.NCFindingsUnraised)

		otherOrgImprovement(w)
		improvementFixture(w)
		f = w.improvementFacts()
		if f.Improvements != 1 || f.ImprovementsRecent != 1 {
			t.Errorf("Improvements = %d, ImprovementsRecent = %d; want 1, 1", f.Improvements, f.ImprovementsRecent)
		}
		if f.NCs != 5 || f.NCsClosed != 3 || f.NCActions != 1 || f.NCFindings != 1 {
			t.Errorf("nonconformities %d, closed %d, corrective actions %d, nonconformity findings %d; want 5, 3, 1, 1",
				f.NCs, f.NCsClosed, f.NCActions, f.NCFindings)
		}
		wantRecordSet(t, "ImprovementsUnevaluated (new)", f.ImprovementsUnevaluated)
		wantRecordSet(t, "NCsWithoutRootCause (new)", f.NCsWithoutRootCause)
		wantRecordSet(t, "NCsPastDeadline (new)", f.NCsPastDeadline)
		wantRecordSet(t, "NCActionsOverdue (new)", f.NCActionsOverdue)
		wantRecordSet(t, "NCsClosedUnchecked", f.NCsClosedUnchecked, "NC-3", "NC-5")
		wantRecordSet(t, "NCFindingsUnraised", f.NCFindingsUnraised, "F-1")

		w.clock.Advance(100 * 24 * time.Hour)
		w.propose("Phishing simulations")
		f = w.improvementFacts()
		if f.Improvements != 2 || f.ImprovementsRecent != 2 {
			t.Errorf("Improvements = %d, ImprovementsRecent = %d; want 2, 2", f.Improvements, f.ImprovementsRecent)
		}
		wantRecordSet(t, "ImprovementsUnevaluated", f.ImprovementsUnevaluated, "IMP-1")
		wantRecordSet(t, "NCsWithoutRootCause", f.NCsWithoutRootCause, "NC-1")
		wantRecordSet(t, "NCsPastDeadline", f.NCsPastDeadline, "NC-1")
		wantRecordSet(t, "NCActionsOverdue", f.NCActionsOverdue, "NC-2")
		if a := f.NCActionsOverdue.Items; len(a) == 1 && (a[0].Type != "task" || a[0].Title != "Schedule monthly restore tests") {
			t.Errorf("NCActionsOverdue = %+v, want the task of NC-2", a)
		}
	})
}

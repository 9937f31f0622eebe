// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// auditFacts reads acme's audit facts on the clock's day.
func (w *auditWorld) auditFacts() isms.AuditFacts {
	w.t.Helper()
	f, err := w.app.GatherAuditFactsForTest(w.ctx, w.org.ID, w.today())
	w.must("GatherAuditFactsForTest", err)
	return f
}

// planAudit plans an audit of p led by lead over scope from start to
// five days later.
func (w *auditWorld) planAudit(p *isms.AuditProgramme, lead isms.ID, scope string, start isms.Date) *isms.InternalAudit {
	w.t.Helper()
	in := w.auditInput(p, scope)
	in.LeadID, in.PlannedStart, in.PlannedEnd = lead, start, start.AddDays(4)
	return w.plan(in)
}

// otherOrgAudit gives globex a programme covering today and an audit past
// its planned end, which acme's facts must not count.
func otherOrgAudit(w *auditWorld) {
	g := w.globexAdmin()
	w.importBuiltinAs(g, "iso27001-2022")
	p, err := w.app.CreateProgramme(w.ctx, g, app.ProgrammeInput{Title: "Globex audits", Framework: "iso27001-2022",
		Start: isms.NewDate(2026, 1, 1), End: isms.NewDate(2026, 12, 31)})
	w.must("CreateProgramme(globex)", err)
	_, err = w.app.PlanAudit(w.ctx, g, app.AuditInput{Programme: p.Ref, LeadID: g.UserID, Title: "Globex audit", Criteria: "ISO/IEC 27001",
		Scope: "4.1", PlannedStart: isms.NewDate(2026, 1, 5), PlannedEnd: isms.NewDate(2026, 1, 9)})
	w.must("PlanAudit(globex)", err)
}

// reportAudit starts au as the manager, records every checklist item as
// conforming, raises a minor nonconformity finding against finding, and
// reports it.
func (w *auditWorld) reportAudit(au *isms.InternalAudit, finding string) *isms.InternalAudit {
	w.t.Helper()
	au = w.move(w.asManager(), au, isms.AuditInProgress, "")
	for _, it := range w.findAudit(au.Ref).Items {
		_, err := w.app.RecordAuditItem(w.ctx, w.asManager(), au.ID, it.RequirementID, it.Version,
			app.ItemInput{Result: isms.ItemConforming, Notes: "Sampled."})
		w.must("RecordAuditItem("+it.Ref+")", err)
	}
	_, err := w.app.CreateFinding(w.ctx, w.asManager(), app.FindingInput{Audit: au.Ref, Grade: isms.FindingMinor,
		Title: "Access rights not revoked", Description: "Two leavers kept their accounts.", Requirements: finding})
	w.must("CreateFinding", err)
	return w.move(w.asManager(), w.findAudit(au.Ref).Audit, isms.AuditReported, "Access control mostly conforms.")
}

func TestGatherAuditFacts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		f := w.auditFacts()
		if f.AuditProgrammes != 0 || f.AuditProgramme.ID != "" || f.Audits != 0 || f.AuditsNotClosed != 0 || f.AuditsReported != 0 ||
			!f.AuditLastReported.IsZero() || f.AuditCycleControls != 0 || f.AuditCycleHeavy != 0 {
			t.Errorf("facts of an organization without audits = %+v, want none", f)
		}
		for name, s := range map[string]isms.RecordSet{"AuditsOverdue": f.AuditsOverdue, "AuditLeadConflicts": f.AuditLeadConflicts,
			"AuditUncoveredClauses": f.AuditUncoveredClauses} {
			wantRecordSet(t, name, s)
		}

		otherOrgAudit(w)
		p := w.programme()
		ia1 := w.reportAudit(w.planAudit(p, w.manager.ID, "10.1, A.5.15", isms.NewDate(2026, 1, 12)), "A.5.15")
		w.planAudit(p, w.manager.ID, "4-9", isms.NewDate(2026, 2, 2))    // IA-2, past its end
		w.planAudit(p, w.manager.ID, "A.5.18", isms.NewDate(2026, 6, 1)) // IA-3: the manager owns A.5.18's control below
		in := w.auditInput(p, "A.5.1")
		in.LeadID, in.Processes, in.PlannedStart, in.PlannedEnd = w.eve.ID, w.process.Ref, isms.NewDate(2026, 9, 7), isms.NewDate(2026, 9, 11)
		conflicts, err := w.app.CheckIndependence(w.ctx, w.asManager(), in)
		w.must("CheckIndependence", err)
		in.Overrides = map[string]string{conflicts[0].Key(): "Eve only observes the process."}
		w.plan(in) // IA-4: Eve's conflict accepted with a reason
		_, err = w.app.UpdateControl(w.ctx, w.asManager(), w.reviews.ID, w.reviews.Version, app.ControlInput{Title: w.reviews.Title,
			Status: string(w.reviews.Status), OwnerID: string(w.manager.ID)})
		w.must("UpdateControl(owner)", err)

		f = w.auditFacts()
		if f.AuditProgrammes != 1 || f.AuditProgramme.Ref != p.Ref || f.AuditProgramme.Path() != "/audit-programmes/"+string(p.ID) {
			t.Errorf("programmes %d, current %+v; want 1, %s", f.AuditProgrammes, f.AuditProgramme, p.Ref)
		}
		if f.Audits != 4 || f.AuditsNotClosed != 4 || f.AuditsReported != 1 || f.AuditLastReported != ia1.ReportedOn ||
			ia1.ReportedOn != w.today() {
			t.Errorf("audits %d, not closed %d, reported %d, last on %s; want 4, 4, 1 on %s", f.Audits, f.AuditsNotClosed,
				f.AuditsReported, f.AuditLastReported, w.today())
		}
		if f.AuditCycleControls != 93 || f.AuditCycleHeavy != 1 {
			t.Errorf("cycle of %d controls, %d heavy requirements; want 93 and 1 (A.5.15)", f.AuditCycleControls, f.AuditCycleHeavy)
		}
		wantRecordSet(t, "AuditsOverdue", f.AuditsOverdue, "IA-2")
		wantRecordSet(t, "AuditLeadConflicts", f.AuditLeadConflicts, "IA-3")
		wantRecordSet(t, "AuditUncoveredClauses", f.AuditUncoveredClauses, "10.2")
		wantRecordSet(t, "AuditBelowWeight", f.AuditBelowWeight, "A.5.15")
		controls, total := recordSetRefs(f.AuditUncoveredControls)
		if total != 90 || len(controls) != isms.MaxFindingRecords || controls[0] != "A.5.2" || f.AuditUncoveredControls.Items[0].Type != "requirement" {
			t.Errorf("AuditUncoveredControls = %v (total %d), want 90 from A.5.2", controls, total)
		}
	})
}

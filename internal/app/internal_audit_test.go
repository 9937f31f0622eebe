// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// auditWorld is the test world with ISO/IEC 27001:2022, two auditors,
// a control "Access reviews" owned by the auditor Dana Ortiz and linked
// to A.5.18, a control "Access control" linked to A.5.15 that the
// treatment plan of a critical risk uses, and an ISMS process owned by
// the second auditor.
type auditWorld struct {
	*world
	iso             *isms.Framework
	dana, eve       *isms.User // auditors
	reviews, access *isms.Control
	process         *isms.ISMSProcess
}

func newAuditWorld(t *testing.T, db *sqldb.DB) *auditWorld {
	t.Helper()
	w := &auditWorld{world: newWorld(t, db)}
	w.iso = w.importBuiltin("iso27001-2022")
	w.dana = w.newMember(w.org, "Dana Ortiz", isms.RoleAuditor)
	w.eve = w.newMember(w.org, "Eve Auditor", isms.RoleAuditor)
	c, err := w.app.CreateControl(w.ctx, w.asContributor(), app.ControlInput{Title: "Access reviews", Status: "implemented",
		OwnerID: string(w.dana.ID)})
	if err != nil {
		t.Fatalf("CreateControl(Access reviews) = %v", err)
	}
	w.reviews = c
	w.link(w.reviews, w.requirement(w.iso.ID, "A.5.18").ID)
	w.access = w.control("Access control", isms.ControlImplemented)
	w.link(w.access, w.requirement(w.iso.ID, "A.5.15").ID)
	w.process, err = w.app.CreateProcess(w.ctx, w.asManager(), app.ProcessInput{Name: "Internal audit", OwnerID: string(w.eve.ID)})
	if err != nil {
		t.Fatalf("CreateProcess() = %v", err)
	}
	return w
}

func (w *auditWorld) asDana() isms.Actor { return w.as(w.dana, isms.RoleAuditor) }
func (w *auditWorld) asEve() isms.Actor  { return w.as(w.eve, isms.RoleAuditor) }

// programme creates AP-n over 2026–2028 as the manager.
func (w *auditWorld) programme() *isms.AuditProgramme {
	w.t.Helper()
	p, err := w.app.CreateProgramme(w.ctx, w.asManager(), app.ProgrammeInput{Title: "Internal audit programme 2026–2028",
		Description: "Every clause and control once a cycle.", Start: isms.NewDate(2026, 1, 1), End: isms.NewDate(2028, 12, 31),
		OwnerID: w.manager.ID})
	if err != nil {
		w.t.Fatalf("CreateProgramme() = %v", err)
	}
	return p
}

// auditInput is an audit of p led by the manager with scope.
func (w *auditWorld) auditInput(p *isms.AuditProgramme, scope string) app.AuditInput {
	return app.AuditInput{Programme: p.Ref, LeadID: w.manager.ID, Title: "Access control audit", Criteria: "ISO/IEC 27001:2022; access control policy",
		Units: "IT operations", Scope: scope, PlannedStart: isms.NewDate(2026, 3, 9), PlannedEnd: isms.NewDate(2026, 3, 13)}
}

// plan plans an audit as the manager.
func (w *auditWorld) plan(in app.AuditInput) *isms.InternalAudit {
	w.t.Helper()
	a, err := w.app.PlanAudit(w.ctx, w.asManager(), in)
	if err != nil {
		w.t.Fatalf("PlanAudit(%s) = %v (%v)", in.Scope, err, isms.ErrorFields(err))
	}
	return a
}

// move moves audit au as actor and returns it.
func (w *auditWorld) move(actor isms.Actor, au *isms.InternalAudit, to isms.AuditStatus, summary string) *isms.InternalAudit {
	w.t.Helper()
	got, err := w.app.MoveAudit(w.ctx, actor, au.ID, au.Version, to, summary)
	if err != nil {
		w.t.Fatalf("MoveAudit(%s → %s) = %v", au.Ref, to, err)
	}
	return got
}

// findAudit reads an audit as the viewer.
func (w *auditWorld) findAudit(id string) *app.AuditView {
	w.t.Helper()
	v, err := w.app.FindAudit(w.ctx, w.asViewer(), id)
	if err != nil {
		w.t.Fatalf("FindAudit(%s) = %v", id, err)
	}
	return v
}

// item returns the checklist item of v with ref.
func item(t *testing.T, v *app.AuditView, ref string) *app.AuditItemView {
	t.Helper()
	for _, it := range v.Items {
		if it.Ref == ref {
			return it
		}
	}
	t.Fatalf("%s has no checklist item %s", v.Audit.Ref, ref)
	return nil
}

func TestProgrammeLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		_, err := w.app.CreateProgramme(w.ctx, w.asManager(), app.ProgrammeInput{Framework: "nist-csf", OwnerID: w.owner.ID,
			Start: isms.NewDate(2026, 1, 1), End: isms.NewDate(2026, 1, 1)})
		wantFields(t, "CreateProgramme(everything wrong)", err, isms.Invalid, "title", "framework", "ownerId", "end")
		if f := isms.ErrorFields(err); f["framework"] != "No framework \u201cnist-csf\u201d in this organization." ||
			f["ownerId"] != "Choose a member of this organization." {
			t.Errorf("CreateProgramme(everything wrong) fields = %v", f)
		}
		_, err = w.app.CreateProgramme(w.ctx, w.asContributor(), app.ProgrammeInput{Title: "x"})
		wantCode(t, "CreateProgramme(contributor)", err, isms.Forbidden)

		p := w.programme()
		if p.Ref != "AP-1" || p.FrameworkID != w.iso.ID || p.OwnerName != "Bob Manager" || p.Years() != 3 {
			t.Errorf("CreateProgramme() = %s framework %s owner %q years %d; want AP-1, ISO, Bob Manager, 3", p.Ref, p.FrameworkID, p.OwnerName, p.Years())
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "audit_programme.create" || e.ObjectID != p.ID {
			t.Errorf("last event = %s %s, want audit_programme.create of %s", e.Action, e.ObjectID, p.ID)
		}
		up, err := w.app.UpdateProgramme(w.ctx, w.asAdmin(), "ap-1", p.Version, app.ProgrammeInput{Title: "Programme 2026–2028",
			Framework: "iso27001-2022", Start: p.Start, End: p.End})
		if err != nil || up.Title != "Programme 2026–2028" || up.OwnerID != "" || up.Version != 2 {
			t.Fatalf("UpdateProgramme() = %+v, %v; want the new title, no owner, version 2", up, err)
		}
		_, err = w.app.UpdateProgramme(w.ctx, w.asAdmin(), p.ID, p.Version, app.ProgrammeInput{Title: "Stale", Start: p.Start, End: p.End})
		wantCode(t, "UpdateProgramme(stale)", err, isms.Conflict)

		w.plan(w.auditInput(up, "4"))
		err = w.app.DeleteProgramme(w.ctx, w.asManager(), p.ID)
		if isms.ErrorCode(err) != isms.Conflict || isms.ErrorMessage(err) != "AP-1 holds 1 audit; delete them or keep the programme." {
			t.Errorf("DeleteProgramme(with an audit) = %v", err)
		}
		list, total, err := w.app.ListProgrammes(w.ctx, w.asViewer(), isms.ProgrammeFilter{})
		if err != nil || total != 1 || list[0].Audits != 1 {
			t.Fatalf("ListProgrammes() = %v, %d, %v; want AP-1 with 1 audit", list, total, err)
		}
		empty := w.programme()
		if err := w.app.DeleteProgramme(w.ctx, w.asManager(), isms.ID(empty.Ref)); err != nil {
			t.Fatalf("DeleteProgramme(AP-2) = %v", err)
		}
		if _, err := w.app.FindProgramme(w.ctx, w.asViewer(), "AP-2"); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("FindProgramme(deleted) = %v, want NotFound", err)
		}
	})
}

func TestProgrammeCoverage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		w.approvedMethod(5)
		w.newRisk(app.RiskInput{Title: "Accounts misused", InherentLikelihood: "5", InherentImpact: "5", Treatment: "modify",
			Controls: []string{w.access.Ref}})
		draft, err := w.app.GenerateSoA(w.ctx, w.asManager(), "", "")
		if err != nil {
			t.Fatalf("GenerateSoA() = %v", err)
		}
		a74 := w.requirement(w.iso.ID, "A.7.4")
		if _, err := w.app.UpdateSoALine(w.ctx, w.asManager(), draft.ID, a74.ID, 1, app.SoALineInput{Applicable: isms.SoAExcluded,
			Exclusion: "No premises."}); err != nil {
			t.Fatalf("UpdateSoALine(A.7.4) = %v", err)
		}
		p := w.programme()
		w.plan(w.auditInput(p, "4, 5, A.5.15-A.5.18"))

		v, err := w.app.FindProgramme(w.ctx, w.asViewer(), "AP-1")
		if err != nil {
			t.Fatalf("FindProgramme() = %v", err)
		}
		all, _, err := w.app.FindRequirements(w.ctx, w.asViewer(), isms.RequirementFilter{FrameworkID: w.iso.ID})
		if err != nil {
			t.Fatal(err)
		}
		clauses, controls := 0, 0
		for _, r := range all {
			switch r.Kind {
			case isms.KindClause:
				clauses++
			case isms.KindControl:
				controls++
			}
		}
		c := v.Coverage
		scoped := len(w.findAudit("IA-1").Items)
		if len(c.Rows) != clauses+controls-1 || c.Covered != scoped || c.Uncovered != clauses+controls-1-scoped || c.Years != 3 {
			t.Errorf("coverage rows %d covered %d uncovered %d years %d; want %d, %d, %d, 3 (%d clauses, %d controls, 1 excluded)",
				len(c.Rows), c.Covered, c.Uncovered, c.Years, clauses+controls-1, scoped, clauses+controls-1-scoped, clauses, controls)
		}
		var a515 *isms.CoverageRow
		for i, r := range c.Rows {
			if r.Ref == "A.7.4" {
				t.Errorf("coverage lists A.7.4, which the SoA draft excludes")
			}
			if r.Ref == "A.5.15" {
				a515 = &c.Rows[i]
			}
		}
		if a515 == nil || a515.HighRisks != 1 || a515.Weight != isms.WeightHigh || a515.Gap != isms.GapBelowWeight ||
			!slices.Equal(a515.PerYear, []int{1, 0, 0}) || c.BelowWeight != 1 {
			t.Errorf("A.5.15 = %+v, below weight %d; want 1 high risk, weight high, below weight in years 2 and 3", a515, c.BelowWeight)
		}
		if len(v.Audits) != 1 || v.Audits[0].Ref != "IA-1" {
			t.Errorf("FindProgramme() audits = %v, want IA-1", v.Audits)
		}
	})
}

func TestPlanAudit(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		p := w.programme()
		in := w.auditInput(p, "")
		in.Programme, in.LeadID = "AP-9", w.owner.ID
		_, err := w.app.PlanAudit(w.ctx, w.asManager(), in)
		wantFields(t, "PlanAudit(no programme, outsider lead)", err, isms.Invalid, "programme", "lead")

		in = w.auditInput(p, "4.1, 9.9, A.5.99")
		in.LeadID = w.manager.ID
		_, err = w.app.PlanAudit(w.ctx, w.asManager(), in)
		wantFields(t, "PlanAudit(unknown scope)", err, isms.Invalid, "scope")
		if got := isms.ErrorFields(err)["scope"]; got != `No requirement "9.9", "A.5.99" in this framework.` {
			t.Errorf("PlanAudit(unknown scope) scope problem = %q", got)
		}
		in.Scope = " "
		_, err = w.app.PlanAudit(w.ctx, w.asManager(), in)
		wantFields(t, "PlanAudit(no scope)", err, isms.Invalid, "scope")

		in.Scope, in.Processes = "4.1-4.2, A.5.15", "PRC-9"
		_, err = w.app.PlanAudit(w.ctx, w.asManager(), in)
		wantFields(t, "PlanAudit(unknown process)", err, isms.Invalid, "processes")

		_, err = w.app.PlanAudit(w.ctx, w.asContributor(), in)
		wantCode(t, "PlanAudit(contributor)", err, isms.Forbidden)
		_, err = w.app.PlanAudit(w.ctx, w.asDana(), in)
		wantCode(t, "PlanAudit(auditor)", err, isms.Forbidden)

		in.Processes, in.TeamIDs = "", []isms.ID{w.manager.ID, w.manager2.ID}
		au := w.plan(in)
		if au.Ref != "IA-1" || au.Status != isms.AuditPlanned || au.Items != 3 || !slices.Equal(au.TeamIDs, []isms.ID{w.manager2.ID}) {
			t.Errorf("PlanAudit() = %s %s items %d team %v; want IA-1 planned, 3 items, team Carol only", au.Ref, au.Status, au.Items, au.TeamIDs)
		}
		v := w.findAudit("ia-1")
		if v.Scope != "4.1, 4.2, A.5.15" || v.Programme.Ref != "AP-1" {
			t.Errorf("FindAudit() scope %q programme %s; want 4.1, 4.2, A.5.15 in AP-1", v.Scope, v.Programme.Ref)
		}
		src := item(t, v, "A.5.15").Sources
		if len(src.Controls) != 1 || src.Controls[0].Ref != w.access.Ref || src.Derived != isms.SoAImplemented {
			t.Errorf("A.5.15 sources = %+v, want %s implemented", src, w.access.Ref)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "internal_audit.create" || changes(t, e)["scope"].After != "4.1, 4.2, A.5.15" {
			t.Errorf("last event = %s %v, want internal_audit.create with the scope", e.Action, e.Changes)
		}
	})
}

func TestAuditIndependence(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		p := w.programme()
		in := w.auditInput(p, "A.5.15-A.5.18")
		in.LeadID, in.TeamIDs, in.Processes = w.dana.ID, []isms.ID{w.eve.ID}, w.process.Ref
		_, err := w.app.PlanAudit(w.ctx, w.asManager(), in)
		wantFields(t, "PlanAudit(conflicts)", err, isms.Invalid, "lead", "team")
		f := isms.ErrorFields(err)
		wantLead := "Dana Ortiz owns control " + w.reviews.Ref + " Access reviews, which this audit covers (A.5.18): choose another auditor, or accept the conflict with a reason."
		wantTeam := "Eve Auditor owns ISMS process " + w.process.Ref + " Internal audit, which this audit covers: choose another auditor, or accept the conflict with a reason."
		if f["lead"] != wantLead || f["team"] != wantTeam {
			t.Errorf("PlanAudit(conflicts) lead = %q\nteam = %q\nwant %q\nand %q", f["lead"], f["team"], wantLead, wantTeam)
		}

		conflicts, err := w.app.CheckIndependence(w.ctx, w.asManager(), in)
		if err != nil || len(conflicts) != 2 {
			t.Fatalf("CheckIndependence() = %v, %v; want 2 conflicts", conflicts, err)
		}
		in.Overrides = map[string]string{conflicts[0].Key(): "Dana is the only auditor trained in access control.", conflicts[1].Key(): " "}
		_, err = w.app.PlanAudit(w.ctx, w.asManager(), in)
		wantFields(t, "PlanAudit(one reason empty)", err, isms.Invalid, "team")

		in.Overrides[conflicts[1].Key()] = "Eve audits the process only as an observer."
		seq := w.seq()
		au := w.plan(in)
		if len(au.Overrides) != 2 || au.Overrides[0].Reason != "Dana is the only auditor trained in access control." ||
			au.Overrides[0].ByName != "Bob Manager" || au.Overrides[0].Label != w.reviews.Ref+" Access reviews" {
			t.Errorf("PlanAudit() overrides = %+v", au.Overrides)
		}
		events := w.events(string(w.org.ID), seq)
		if got := actions(events); !slices.Equal(got, []string{"internal_audit.create", "internal_audit.override", "internal_audit.override"}) {
			t.Errorf("events = %v", got)
		} else if changes(t, events[1])["reason"].After != "Dana is the only auditor trained in access control." {
			t.Errorf("override event = %v", events[1].Changes)
		}
		v := w.findAudit(au.Ref)
		if len(v.Conflicts) != 2 || len(isms.Unresolved(v.Conflicts, v.Audit.Overrides)) != 0 || len(v.Processes) != 1 {
			t.Errorf("FindAudit() conflicts %v overrides %v processes %v", v.Conflicts, v.Audit.Overrides, v.Processes)
		}

		// Without Eve on the team, her override is dropped; Dana's stays
		// without being given again.
		in.TeamIDs, in.Overrides = nil, nil
		up, err := w.app.UpdateAudit(w.ctx, w.asManager(), au.ID, au.Version, in)
		if err != nil || len(up.Overrides) != 1 || up.Overrides[0].UserID != w.dana.ID {
			t.Fatalf("UpdateAudit(without Eve) = %+v, %v; want Dana's override kept", up, err)
		}
	})
}

func TestAuditWork(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		p := w.programme()
		in := w.auditInput(p, "4.1, A.5.15")
		in.LeadID, in.TeamIDs = w.eve.ID, []isms.ID{w.manager2.ID}
		au := w.plan(in)
		a515 := w.requirement(w.iso.ID, "A.5.15")
		conforming := app.ItemInput{Result: isms.ItemConforming, Notes: "Sampled 5 accounts.", Sampling: "5 of 120"}

		_, err := w.app.RecordAuditItem(w.ctx, w.asEve(), au.ID, a515.ID, 1, conforming)
		if isms.ErrorCode(err) != isms.Conflict || isms.ErrorMessage(err) != "IA-1 is planned: start the audit before recording results." {
			t.Errorf("RecordAuditItem(planned) = %v", err)
		}
		_, err = w.app.MoveAudit(w.ctx, w.asDana(), au.ID, au.Version, isms.AuditInProgress, "")
		wantCode(t, "MoveAudit(auditor not lead)", err, isms.Forbidden)
		au = w.move(w.asEve(), au, isms.AuditInProgress, "")

		_, err = w.app.RecordAuditItem(w.ctx, w.asDana(), au.ID, a515.ID, 1, conforming)
		wantCode(t, "RecordAuditItem(auditor off the team)", err, isms.Forbidden)
		_, err = w.app.RecordAuditItem(w.ctx, w.asContributor(), au.ID, a515.ID, 1, conforming)
		wantCode(t, "RecordAuditItem(contributor)", err, isms.Forbidden)
		it, err := w.app.RecordAuditItem(w.ctx, w.asEve(), isms.ID(au.Ref), a515.ID, 1, conforming)
		if err != nil || it.Result != isms.ItemConforming || it.AuditedBy != w.eve.ID || it.Version != 2 {
			t.Fatalf("RecordAuditItem(lead) = %+v, %v", it, err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "internal_audit.item" || changes(t, e)["ref"].After != "A.5.15" ||
			changes(t, e)["result"].After != "conforming" {
			t.Errorf("last event = %s %v", e.Action, e.Changes)
		}
		_, err = w.app.RecordAuditItem(w.ctx, w.asEve(), au.ID, a515.ID, 1, conforming)
		wantCode(t, "RecordAuditItem(stale)", err, isms.Conflict)

		_, err = w.app.MoveAudit(w.ctx, w.asEve(), au.ID, au.Version, isms.AuditReported, "")
		wantFields(t, "MoveAudit(report without summary)", err, isms.Invalid, "summary")
		_, err = w.app.MoveAudit(w.ctx, w.asEve(), au.ID, au.Version, isms.AuditReported, "Access control conforms.")
		if want := "1 checklist item of IA-1 has no result yet (4.1): record a result for each, or mark it not audited, before reporting."; isms.ErrorMessage(err) != want {
			t.Errorf("MoveAudit(report with an open item) = %v, want %q", err, want)
		}
		a41 := w.requirement(w.iso.ID, "4.1")
		if _, err := w.app.RecordAuditItem(w.ctx, w.asManager2(), au.ID, a41.ID, 1, app.ItemInput{Result: isms.ItemNotAudited}); err != nil {
			t.Fatalf("RecordAuditItem(team member) = %v", err)
		}
		au = w.move(w.asEve(), au, isms.AuditReported, "Access control conforms.")
		if au.ReportedOn != isms.DateOf(w.clock.Now()) || au.Summary != "Access control conforms." {
			t.Errorf("MoveAudit(reported) = reported on %s summary %q", au.ReportedOn, au.Summary)
		}
		_, err = w.app.MoveAudit(w.ctx, w.asEve(), au.ID, au.Version, isms.AuditPlanned, "")
		if isms.ErrorMessage(err) != "IA-1 is reported; it cannot move to planned." {
			t.Errorf("MoveAudit(reported → planned) = %v", err)
		}
		err = w.app.DeleteAudit(w.ctx, w.asManager(), au.ID)
		if isms.ErrorMessage(err) != "IA-1 is reported; only a planned audit can be deleted." {
			t.Errorf("DeleteAudit(reported) = %v", err)
		}
		reported := au.ReportedOn
		au = w.move(w.asManager(), au, isms.AuditClosed, "")
		if au.ReportedOn != reported || reported.IsZero() {
			t.Errorf("MoveAudit(closed) reported on %s, want the day it was reported, %s", au.ReportedOn, reported)
		}
		_, err = w.app.UpdateAudit(w.ctx, w.asManager(), au.ID, au.Version, in)
		if isms.ErrorCode(err) != isms.Conflict || isms.ErrorMessage(err) != "IA-1 is closed; it can no longer change." {
			t.Errorf("UpdateAudit(closed) = %v", err)
		}
		_, err = w.app.MoveAudit(w.ctx, w.asManager(), au.ID, au.Version, isms.AuditReported, "")
		wantCode(t, "MoveAudit(closed)", err, isms.Conflict)
		if v := w.findAudit(au.Ref); v.CanRecord(w.asManager()) || v.CanRecord(w.asEve()) {
			t.Errorf("CanRecord(closed) = true, want false")
		}
	})
}

func TestAuditScopeChanges(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		p := w.programme()
		in := w.auditInput(p, "4.1, 4.2")
		in.LeadID = w.manager.ID
		au := w.plan(in)
		au = w.move(w.asManager(), au, isms.AuditInProgress, "")
		a41 := w.requirement(w.iso.ID, "4.1")
		if _, err := w.app.RecordAuditItem(w.ctx, w.asManager(), au.ID, a41.ID, 1, app.ItemInput{Result: isms.ItemConforming}); err != nil {
			t.Fatal(err)
		}
		in.Scope = "4.2, 4.3"
		_, err := w.app.UpdateAudit(w.ctx, w.asManager(), au.ID, au.Version, in)
		wantFields(t, "UpdateAudit(drops a recorded item)", err, isms.Invalid, "scope")
		if got := isms.ErrorFields(err)["scope"]; !strings.Contains(got, "4.1") {
			t.Errorf("UpdateAudit(drops a recorded item) scope problem = %q, want it to name 4.1", got)
		}
		in.Scope, in.Programme = "4.1, 4.3", ""
		up, err := w.app.UpdateAudit(w.ctx, w.asManager(), au.ID, au.Version, in)
		if err != nil || up.Items != 2 {
			t.Fatalf("UpdateAudit(4.2 → 4.3) = %+v, %v", up, err)
		}
		v := w.findAudit(au.Ref)
		if v.Scope != "4.1, 4.3" || item(t, v, "4.1").Result != isms.ItemConforming {
			t.Errorf("FindAudit() scope %q, 4.1 result %q; want 4.1, 4.3 with 4.1 kept", v.Scope, item(t, v, "4.1").Result)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "internal_audit.update" || changes(t, e)["scope"].Before != "4.1, 4.2" ||
			changes(t, e)["scope"].After != "4.1, 4.3" {
			t.Errorf("last event = %s %v", e.Action, e.Changes)
		}
	})
}

func TestAuditFindings(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		p := w.programme()
		in := w.auditInput(p, "A.5.15-A.5.18")
		in.LeadID = w.eve.ID
		au := w.plan(in)
		ev, err := w.app.CreateEvidence(w.ctx, w.asContributor(), app.EvidenceInput{Title: "Access review Q1", Kind: isms.EvidenceKindNote,
			Note: "Two reviews missing.", CollectedOn: isms.DateOf(w.clock.Now()), Source: isms.EvidenceSourceUpload}, nil)
		if err != nil {
			t.Fatal(err)
		}
		fin := app.FindingInput{Audit: au.Ref, Grade: isms.FindingMinor, Title: "Access reviews skipped",
			Description: "Two of four quarterly reviews were not held.", Requirements: "a.5.18, 9.2", Evidence: string(ev.ID)}
		_, err = w.app.CreateFinding(w.ctx, w.asEve(), fin)
		if isms.ErrorCode(err) != isms.Conflict || !strings.Contains(isms.ErrorMessage(err), "IA-1 is planned") {
			t.Errorf("CreateFinding(planned audit) = %v", err)
		}
		au = w.move(w.asEve(), au, isms.AuditInProgress, "")
		_, err = w.app.CreateFinding(w.ctx, w.asContributor(), fin)
		wantCode(t, "CreateFinding(contributor)", err, isms.Forbidden)
		_, err = w.app.CreateFinding(w.ctx, w.asDana(), fin)
		wantCode(t, "CreateFinding(auditor off the team)", err, isms.Forbidden)
		bad := fin
		bad.Requirements, bad.Evidence = "A.5.18, Z.1", "ev_missing"
		_, err = w.app.CreateFinding(w.ctx, w.asEve(), bad)
		wantFields(t, "CreateFinding(unknown requirement, evidence)", err, isms.Invalid, "requirements", "evidence")
		if got := isms.ErrorFields(err)["requirements"]; got != "No requirement \u201cZ.1\u201d in the framework of IA-1." {
			t.Errorf("CreateFinding() requirements problem = %q", got)
		}

		f, err := w.app.CreateFinding(w.ctx, w.asEve(), fin)
		if err != nil {
			t.Fatalf("CreateFinding() = %v", err)
		}
		if f.Ref != "F-1" || f.RaisedBy != w.eve.ID || len(f.Requirements) != 2 || f.Requirements[0].Ref != "A.5.18" {
			t.Errorf("CreateFinding() = %s raised by %s requirements %v", f.Ref, f.RaisedBy, f.Requirements)
		}
		got, err := w.app.FindFinding(w.ctx, w.asViewer(), "f-1")
		if err != nil || !slices.Equal(got.Evidence, []isms.ID{ev.ID}) || got.AuditRef != "IA-1" {
			t.Fatalf("FindFinding() = %+v, %v; want the evidence of IA-1", got, err)
		}
		fin.Grade, fin.Evidence = isms.FindingObservation, ""
		up, err := w.app.UpdateFinding(w.ctx, w.asManager(), f.ID, f.Version, fin)
		if err != nil || up.Grade != isms.FindingObservation || len(up.Evidence) != 0 {
			t.Fatalf("UpdateFinding() = %+v, %v", up, err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "audit_finding.update" || changes(t, e)["grade"].After != "observation" {
			t.Errorf("last event = %s %v", e.Action, e.Changes)
		}
		list, total, err := w.app.ListFindings(w.ctx, w.asViewer(), isms.FindingFilter{AuditID: au.ID})
		if err != nil || total != 1 || list[0].Ref != "F-1" {
			t.Errorf("ListFindings() = %v, %d, %v", list, total, err)
		}
		if err := w.app.DeleteAudit(w.ctx, w.asManager(), au.ID); isms.ErrorCode(err) != isms.Conflict {
			t.Errorf("DeleteAudit(with a finding) = %v, want Conflict", err)
		}
		if err := w.app.DeleteFinding(w.ctx, w.asDana(), f.ID); isms.ErrorCode(err) != isms.Forbidden {
			t.Errorf("DeleteFinding(auditor off the team) = %v, want Forbidden", err)
		}
		if err := w.app.DeleteFinding(w.ctx, w.asEve(), isms.ID(f.Ref)); err != nil {
			t.Fatalf("DeleteFinding() = %v", err)
		}
		if _, err := w.app.FindFinding(w.ctx, w.asViewer(), "F-1"); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("FindFinding(deleted) = %v, want NotFound", err)
		}
	})
}

func TestAuditOrganizationScope(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		p := w.programme()
		in := w.auditInput(p, "4.1")
		in.LeadID = w.manager.ID
		w.plan(in)
		other := w.globexAdmin()
		if _, err := w.app.FindAudit(w.ctx, other, "IA-1"); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("FindAudit(another organization) = %v, want NotFound", err)
		}
		if _, err := w.app.FindProgramme(w.ctx, other, "AP-1"); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("FindProgramme(another organization) = %v, want NotFound", err)
		}
		if list, total, err := w.app.ListAudits(w.ctx, other, isms.InternalAuditFilter{}); err != nil || total != 0 || len(list) != 0 {
			t.Errorf("ListAudits(another organization) = %v, %d, %v; want none", list, total, err)
		}
		emp := w.newMember(w.org, "Fay Employee", isms.RoleEmployee)
		if _, err := w.app.FindAudit(w.ctx, w.as(emp, isms.RoleEmployee), "IA-1"); isms.ErrorCode(err) != isms.Forbidden {
			t.Errorf("FindAudit(employee) = %v, want Forbidden", err)
		}
	})
}

func TestAuditLinkables(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		p := w.programme()
		in := w.auditInput(p, "4.1")
		in.LeadID = w.manager.ID
		au := w.plan(in)
		task, err := w.app.CreateTask(w.ctx, w.asManager(), app.TaskInput{Title: "Prepare the audit", OwnerID: w.manager.ID,
			Due: "2026-03-06", Link: "internal_audit:IA-1"})
		if err != nil || task.Link.ID != au.ID {
			t.Fatalf("CreateTask(linked to IA-1) = %+v, %v %v; want the link to %s", task, err, isms.ErrorFields(err), au.ID)
		}
		for _, l := range []string{"audit_programme:AP-1", "internal_audit:" + string(au.ID)} {
			if _, err := w.app.CreateTask(w.ctx, w.asManager(), app.TaskInput{Title: "x", OwnerID: w.manager.ID, Due: "2026-03-06", Link: l}); err != nil {
				t.Errorf("CreateTask(linked to %s) = %v", l, err)
			}
		}
	})
}

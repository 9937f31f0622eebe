// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// today is the test clock's day.
func (w *auditWorld) today() isms.Date { return isms.DateOf(w.clock.Now()) }

// raiseNC raises a minor nonconformity against A.5.18 owned by the
// manager, concerning the control "Access reviews", as the contributor.
func (w *auditWorld) raiseNC(title string) *isms.Nonconformity {
	w.t.Helper()
	n, err := w.app.RaiseNonconformity(w.ctx, w.asContributor(), app.NCInput{Title: title,
		Description: "Quarterly access reviews were skipped.", Source: isms.NCMonitoring, Grade: isms.NCMinor,
		Requirements: "a.5.18, 9.1", DetectedOn: w.today(), OwnerID: w.manager.ID, Records: w.reviews.Ref})
	if err != nil {
		w.t.Fatalf("RaiseNonconformity(%s) = %v (%v)", title, err, isms.ErrorFields(err))
	}
	return n
}

// findNC reads nonconformity id as the viewer.
func (w *auditWorld) findNC(id string) *app.NCView {
	w.t.Helper()
	v, err := w.app.FindNonconformity(w.ctx, w.asViewer(), id)
	if err != nil {
		w.t.Fatalf("FindNonconformity(%s) = %v", id, err)
	}
	return v
}

// wantMessage fails unless err has code and message msg.
func wantMessage(t *testing.T, call string, err error, code isms.Code, msg string) {
	t.Helper()
	if isms.ErrorCode(err) != code || isms.ErrorMessage(err) != msg {
		t.Errorf("%s = %v, want %s %q", call, err, code, msg)
	}
}

// addAction adds a corrective action of n for the contributor, due in a
// week, and returns it with n's new version.
func (w *auditWorld) addAction(n *isms.Nonconformity, title string) (*isms.NCAction, *isms.Nonconformity) {
	w.t.Helper()
	x, err := w.app.AddCorrectiveAction(w.ctx, w.asManager(), n.ID, n.Version, app.ActionInput{Title: title,
		OwnerID: w.contributor.ID, Due: w.today().AddDays(7), Changes: w.reviews.Ref + ", " + w.access.Ref})
	if err != nil {
		w.t.Fatalf("AddCorrectiveAction(%s) = %v (%v)", title, err, isms.ErrorFields(err))
	}
	return x, w.findNC(n.Ref).NC
}

func TestNCRaiseValidation(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		_, err := w.app.RaiseNonconformity(w.ctx, w.asContributor(), app.NCInput{Source: "rumour", Grade: "huge",
			Requirements: "A.5.18, Z.9", DetectedOn: w.today().AddDays(1), OwnerID: "usr_nobody", Records: "C-99, task:tsk_none"})
		wantFields(t, "RaiseNonconformity(everything wrong)", err, isms.Invalid,
			"title", "description", "source", "grade", "requirements", "detectedOn", "owner", "records")
		f := isms.ErrorFields(err)
		if f["requirements"] != "No requirement \u201cZ.9\u201d in ISO/IEC 27001 (2022)." {
			t.Errorf("requirements problem = %q", f["requirements"])
		}
		if f["records"] != "No record \u201cC-99\u201d, \u201ctask:tsk_none\u201d in this organization; name records by reference (C-3, R-12) or as type:ID." {
			t.Errorf("records problem = %q", f["records"])
		}
		n := w.raiseNC("Access reviews skipped")
		if n.Ref != "NC-1" || n.Status != isms.NCOpen || len(n.Requirements) != 2 || n.Requirements[0].Ref != "A.5.18" ||
			n.DetectedBy != w.contributor.ID || n.OwnerName != "Bob Manager" {
			t.Errorf("RaiseNonconformity() = %+v", n)
		}
		v := w.findNC("nc-1")
		if len(v.Links) != 1 || v.Links[0].Type != "control" || v.Links[0].ID != w.reviews.ID || !v.Links[0].Outgoing {
			t.Errorf("FindNonconformity(NC-1).Links = %+v, want the control %s", v.Links, w.reviews.Ref)
		}
		if v.Next != "Record the correction." {
			t.Errorf("Next = %q", v.Next)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "nonconformity.create" || e.ObjectID != n.ID {
			t.Errorf("last event = %s %s, want nonconformity.create", e.Action, e.ObjectID)
		}
		// Records of mixed types by type:id, then none.
		in := app.NCInput{Title: n.Title, Description: n.Description, Source: n.Source, Grade: isms.NCMajor,
			Requirements: "A.5.18", DetectedOn: n.DetectedOn, OwnerID: n.OwnerID, Records: "control:" + string(w.access.ID)}
		n, err = w.app.UpdateNonconformity(w.ctx, w.asManager(), n.ID, n.Version, in)
		if err != nil || n.Grade != isms.NCMajor || len(n.Requirements) != 1 {
			t.Fatalf("UpdateNonconformity() = %+v, %v", n, err)
		}
		if v := w.findNC(n.Ref); len(v.Links) != 1 || v.Links[0].ID != w.access.ID {
			t.Errorf("links after update = %+v, want only %s", v.Links, w.access.Ref)
		}
		_, err = w.app.UpdateNonconformity(w.ctx, w.asManager(), n.ID, n.Version-1, in)
		wantCode(t, "UpdateNonconformity(stale)", err, isms.Conflict)
		other := w.raiseNC("Other")
		_, err = w.app.RecordSimilar(w.ctx, w.asManager(), n.ID, n.Version, app.StepInput{Text: "Checked all teams.", Similar: "NC-1, NC-7"})
		wantFields(t, "RecordSimilar(itself, unknown)", err, isms.Invalid, "similarRefs")
		if n, err = w.app.RecordSimilar(w.ctx, w.asManager(), n.ID, n.Version, app.StepInput{Text: "Checked all teams.", Similar: other.Ref}); err != nil {
			t.Fatalf("RecordSimilar() = %v", err)
		}
		if !n.SimilarStep.Done() || n.SimilarStep.ByName != "Bob Manager" {
			t.Errorf("SimilarStep = %+v", n.SimilarStep)
		}
		if err := w.app.DeleteNonconformity(w.ctx, w.asContributor(), other.ID); err != nil {
			t.Errorf("DeleteNonconformity(no actions) = %v", err)
		}
	})
}

func TestNCWorkflow(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		n := w.raiseNC("Access reviews skipped")
		n, err := w.app.RecordCorrection(w.ctx, w.asContributor(), n.ID, n.Version, app.StepInput{Text: "Held the missing review."})
		if err != nil || n.Status != isms.NCInAction || n.CorrectionStep.On != w.today() || n.CorrectionStep.By != w.contributor.ID {
			t.Fatalf("RecordCorrection() = %+v, %v", n, err)
		}
		x, n := w.addAction(n, "Calendar the reviews")
		if x.Kind != isms.NCActionCorrective || x.OwnerID != w.contributor.ID || len(x.Changes) != 2 || n.ActionsOpen != 1 {
			t.Errorf("AddCorrectiveAction() = %+v; NC %+v", x, n)
		}
		task, err := w.app.FindTask(w.ctx, w.asContributor(), x.TaskID)
		if err != nil || task.Link != (isms.Link{Type: "nonconformity", ID: n.ID}) {
			t.Fatalf("FindTask(action) = %+v, %v", task, err)
		}
		_, err = w.app.CompleteTask(w.ctx, w.asContributor(), x.TaskID, "Done.")
		wantMessage(t, "CompleteTask(before root cause)", err, isms.Conflict,
			"Record the correction and the root cause of NC-1 before closing its corrective actions.")
		_, err = w.app.RecordRootCause(w.ctx, w.asContributor(), n.ID, n.Version, app.StepInput{Text: "No reminder."})
		wantFields(t, "RecordRootCause(no method)", err, isms.Invalid, "rcaMethod")
		if n, err = w.app.RecordRootCause(w.ctx, w.asContributor(), n.ID, n.Version,
			app.StepInput{Text: "No reminder in anyone's calendar.", Method: isms.RCAFiveWhys}); err != nil {
			t.Fatalf("RecordRootCause() = %v", err)
		}
		_, err = w.app.ScheduleEffectivenessCheck(w.ctx, w.asManager(), n.ID, n.Version, w.today().AddDays(30))
		wantCode(t, "ScheduleEffectivenessCheck(action open)", err, isms.Conflict)
		if _, err := w.app.CompleteTask(w.ctx, w.asContributor(), x.TaskID, "Recurring events set."); err != nil {
			t.Fatalf("CompleteTask(action) = %v", err)
		}
		if n = w.findNC(n.Ref).NC; n.Status != isms.NCVerifying || n.ActionsOpen != 0 || n.ActionsClosed != 1 {
			t.Fatalf("after the last action closed: %s, %d open, %d closed; want verifying", n.Status, n.ActionsOpen, n.ActionsClosed)
		}
		if v := w.findNC(n.Ref); v.Next != "Schedule the effectiveness check." {
			t.Errorf("Next = %q", v.Next)
		}
		// Reopening the action takes it back; closing it again moves it on.
		if _, err := w.app.ReopenTask(w.ctx, w.asManager(), x.TaskID); err != nil {
			t.Fatalf("ReopenTask(action) = %v", err)
		}
		if n = w.findNC(n.Ref).NC; n.Status != isms.NCInAction {
			t.Errorf("after reopening: %s, want in_action", n.Status)
		}
		if _, err := w.app.CompleteTask(w.ctx, w.asContributor(), x.TaskID, "Really done."); err != nil {
			t.Fatalf("CompleteTask(action again) = %v", err)
		}
		n = w.findNC(n.Ref).NC
		_, err = w.app.ScheduleEffectivenessCheck(w.ctx, w.asManager(), n.ID, n.Version, w.today().AddDays(-1))
		wantFields(t, "ScheduleEffectivenessCheck(yesterday)", err, isms.Invalid, "checkDue")
		n = w.scheduleCheck(n, 20)
		first := n.CheckTaskID
		n = w.scheduleCheck(n, 30)
		if old, _ := w.app.FindTask(w.ctx, w.asManager(), first); old.Status != isms.TaskCancelled || n.CheckDue != w.today().AddDays(30) {
			t.Errorf("rescheduled: old task %s, check due %s", old.Status, n.CheckDue)
		}
		_, err = w.app.CompleteTask(w.ctx, w.asManager(), n.CheckTaskID, "Looks fine.")
		wantMessage(t, "CompleteTask(check)", err, isms.Conflict, "Record the effectiveness check on NC-1's page.")

		// Ineffective: a new action is required, then it reopens.
		_, err = w.app.RecordEffectiveness(w.ctx, w.asManager(), n.ID, n.Version, app.CheckInput{Note: "One review missed again."})
		wantFields(t, "RecordEffectiveness(ineffective, no action)", err, isms.Invalid, "action.title")
		_, err = w.app.RecordEffectiveness(w.ctx, w.asManager(), n.ID, n.Version, app.CheckInput{Action: &app.ActionInput{Title: "Escalate"}})
		wantFields(t, "RecordEffectiveness(no note, incomplete action)", err, isms.Invalid, "note", "action.owner", "action.due")
		checkTask := n.CheckTaskID
		n, err = w.app.RecordEffectiveness(w.ctx, w.asManager(), n.ID, n.Version, app.CheckInput{Note: "One review missed again.",
			Action: &app.ActionInput{Title: "Escalate missed reviews", OwnerID: w.contributor.ID, Due: w.today().AddDays(14)}})
		if err != nil || n.Status != isms.NCInAction || len(n.Checks) != 1 || n.Checks[0].Effective || n.CheckTaskID != "" {
			t.Fatalf("RecordEffectiveness(ineffective) = %+v, %v", n, err)
		}
		if ct, _ := w.app.FindTask(w.ctx, w.asManager(), checkTask); ct.Status != isms.TaskDone || ct.CompletionNote != "One review missed again." {
			t.Errorf("check task after the check = %s %q, want done with the note", ct.Status, ct.CompletionNote)
		}
		v := w.findNC(n.Ref)
		escalate := actionTitled(v, "Escalate missed reviews")
		if len(v.Actions) != 4 || escalate == nil || escalate.Status != isms.TaskOpen || escalate.Kind != isms.NCActionCorrective {
			t.Fatalf("actions = %d, escalation %+v; want two checks and two actions, the new one open", len(v.Actions), escalate)
		}
		if _, err := w.app.CompleteTask(w.ctx, w.asContributor(), escalate.TaskID, "Escalation in place."); err != nil {
			t.Fatalf("CompleteTask(new action) = %v", err)
		}
		n = w.scheduleCheck(w.findNC(n.Ref).NC, 30)
		w.clock.Advance(30 * 24 * 3600e9)
		n, err = w.app.RecordEffectiveness(w.ctx, w.asContributor(), n.ID, n.Version, app.CheckInput{Effective: true, Note: "All reviews held."})
		if err != nil || n.Status != isms.NCClosed || n.ClosedOn != w.today() || len(n.Checks) != 2 || !n.Checks[1].Effective {
			t.Fatalf("RecordEffectiveness(effective) = %+v, %v", n, err)
		}
		_, err = w.app.ReopenTask(w.ctx, w.asManager(), escalate.TaskID)
		wantCode(t, "ReopenTask(action of a closed NC)", err, isms.Conflict)
		_, err = w.app.RecordCorrection(w.ctx, w.asManager(), n.ID, n.Version, app.StepInput{Text: "More."})
		wantMessage(t, "RecordCorrection(closed)", err, isms.Conflict, "NC-1 is closed; it can no longer change.")
		err = w.app.DeleteNonconformity(w.ctx, w.asManager(), n.ID)
		wantMessage(t, "DeleteNonconformity(with actions)", err, isms.Conflict, "NC-1 has corrective actions; it stays on record.")
		var acts []string
		for _, e := range w.events(string(w.org.ID), 0) {
			if e.ObjectType == "nonconformity" {
				acts = append(acts, e.Action)
			}
		}
		want := []string{"nonconformity.create", "nonconformity.correction", "nonconformity.action", "nonconformity.root_cause",
			"nonconformity.update", "nonconformity.update", "nonconformity.update", "nonconformity.check_scheduled",
			"nonconformity.check_scheduled", "nonconformity.check", "nonconformity.update", "nonconformity.check_scheduled", "nonconformity.check"}
		if len(acts) != len(want) {
			t.Errorf("nonconformity events = %v, want %v", acts, want)
		}
	})
}

// actionTitled returns the task of v titled title, nil when none.
func actionTitled(v *app.NCView, title string) *isms.NCAction {
	for _, x := range v.Actions {
		if x.Title == title {
			return x
		}
	}
	return nil
}

// scheduleCheck schedules n's check in days as its owner.
func (w *auditWorld) scheduleCheck(n *isms.Nonconformity, days int) *isms.Nonconformity {
	w.t.Helper()
	n, err := w.app.ScheduleEffectivenessCheck(w.ctx, w.asManager(), n.ID, n.Version, w.today().AddDays(days))
	if err != nil || n.CheckTaskID == "" || n.CheckDue != w.today().AddDays(days) {
		w.t.Fatalf("ScheduleEffectivenessCheck(+%d) = %+v, %v", days, n, err)
	}
	return n
}

func TestNCAuthorization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		n := w.raiseNC("Access reviews skipped")
		in := app.NCInput{Title: "X", Description: "Y", Source: isms.NCOther, Grade: isms.NCMinor, DetectedOn: w.today()}
		for _, actor := range []isms.Actor{w.asDana(), w.asViewer()} {
			_, err := w.app.RaiseNonconformity(w.ctx, actor, in)
			wantCode(t, "RaiseNonconformity("+string(actor.Role)+")", err, isms.Forbidden)
			_, err = w.app.RecordCorrection(w.ctx, actor, n.ID, n.Version, app.StepInput{Text: "Fixed."})
			wantCode(t, "RecordCorrection("+string(actor.Role)+")", err, isms.Forbidden)
			_, err = w.app.AddCorrectiveAction(w.ctx, actor, n.ID, n.Version, app.ActionInput{Title: "A"})
			wantCode(t, "AddCorrectiveAction("+string(actor.Role)+")", err, isms.Forbidden)
			err = w.app.DeleteNonconformity(w.ctx, actor, n.ID)
			wantCode(t, "DeleteNonconformity("+string(actor.Role)+")", err, isms.Forbidden)
			if _, err := w.app.FindNonconformity(w.ctx, actor, n.Ref); err != nil {
				t.Errorf("FindNonconformity(%s) = %v, want it readable", actor.Role, err)
			}
		}
		emp := w.as(w.newMember(w.org, "Fay Employee", isms.RoleEmployee), isms.RoleEmployee)
		_, err := w.app.FindNonconformity(w.ctx, emp, n.Ref)
		wantCode(t, "FindNonconformity(employee)", err, isms.Forbidden)
		_, _, err = w.app.ListNonconformities(w.ctx, emp, isms.NCFilter{})
		wantCode(t, "ListNonconformities(employee)", err, isms.Forbidden)

		beta := w.newOrg("beta", "Beta", w.owner)
		outsider := isms.Actor{UserID: w.owner.ID, Name: w.owner.Name, OrgID: beta.ID, Role: isms.RoleAdmin}
		_, err = w.app.FindNonconformity(w.ctx, outsider, n.Ref)
		wantCode(t, "FindNonconformity(other organization)", err, isms.NotFound)
		_, err = w.app.RecordCorrection(w.ctx, outsider, n.ID, n.Version, app.StepInput{Text: "Fixed."})
		wantCode(t, "RecordCorrection(other organization)", err, isms.NotFound)
		if list, total, err := w.app.ListNonconformities(w.ctx, outsider, isms.NCFilter{}); err != nil || total != 0 || len(list) != 0 {
			t.Errorf("ListNonconformities(other organization) = %d, %d, %v", len(list), total, err)
		}
	})
}

func TestNCFromFinding(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		in := w.auditInput(w.programme(), "A.5.15, A.5.18")
		in.LeadID = w.eve.ID
		au := w.move(w.asEve(), w.plan(in), isms.AuditInProgress, "")
		f, err := w.app.CreateFinding(w.ctx, w.asEve(), app.FindingInput{Audit: au.Ref, Grade: isms.FindingMinor,
			Title: "Access reviews skipped", Description: "Two of four reviews not held.", Requirements: "A.5.18"})
		if err != nil {
			t.Fatalf("CreateFinding(minor) = %v", err)
		}
		list, total, err := w.app.ListNonconformities(w.ctx, w.asViewer(), isms.NCFilter{Source: isms.NCInternalAudit})
		if err != nil || total != 1 {
			t.Fatalf("ListNonconformities(internal audit) = %d, %v; want the finding's", total, err)
		}
		n := list[0]
		if n.SourceRecord != (isms.Link{Type: "audit_finding", ID: f.ID}) || n.Grade != isms.NCMinor || n.Title != f.Title ||
			n.Description != f.Description || len(n.Requirements) != 1 || n.Requirements[0].Ref != "A.5.18" ||
			n.DetectedBy != w.eve.ID || n.DetectedOn != w.today() || n.Status != isms.NCOpen {
			t.Errorf("the finding's nonconformity = %+v", n)
		}
		links, err := w.app.RecordLinks(w.ctx, w.asViewer(), isms.Link{Type: "audit_finding", ID: f.ID})
		if err != nil || len(links) != 1 || links[0].Type != "nonconformity" || links[0].ID != n.ID || !links[0].Outgoing {
			t.Errorf("RecordLinks(finding) = %+v, %v; want its nonconformity", links, err)
		}
		if v := w.findNC(n.Ref); len(v.Links) != 1 || v.Links[0].ID != f.ID || v.Links[0].Outgoing {
			t.Errorf("FindNonconformity(%s).Links = %+v, want the finding (incoming)", n.Ref, v.Links)
		}
		// Editing the finding opens no second one.
		if _, err := w.app.UpdateFinding(w.ctx, w.asEve(), f.ID, f.Version, app.FindingInput{Grade: isms.FindingMajor,
			Title: f.Title, Description: "Three reviews not held.", Requirements: "A.5.18"}); err != nil {
			t.Fatalf("UpdateFinding(major) = %v", err)
		}
		// An observation regraded as a nonconformity opens one.
		obs, err := w.app.CreateFinding(w.ctx, w.asEve(), app.FindingInput{Audit: au.Ref, Grade: isms.FindingObservation,
			Title: "Review records informal"})
		if err != nil {
			t.Fatalf("CreateFinding(observation) = %v", err)
		}
		if _, total, _ := w.app.ListNonconformities(w.ctx, w.asViewer(), isms.NCFilter{}); total != 1 {
			t.Errorf("after an observation: %d nonconformities, want 1", total)
		}
		if _, err := w.app.UpdateFinding(w.ctx, w.asEve(), obs.ID, obs.Version, app.FindingInput{Grade: isms.FindingMajor,
			Title: obs.Title, Description: "No records at all.", Requirements: "7.5.3"}); err != nil {
			t.Fatalf("UpdateFinding(observation → major) = %v", err)
		}
		list, total, _ = w.app.ListNonconformities(w.ctx, w.asViewer(), isms.NCFilter{Sort: "ref"})
		if total != 2 || list[1].Grade != isms.NCMajor || list[1].SourceRecord.ID != obs.ID {
			t.Errorf("after regrading: %d nonconformities (%+v), want a major one from %s", total, list, obs.Ref)
		}
	})
}

func TestNCOverviewAndTrends(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		old, err := w.app.RaiseNonconformity(w.ctx, w.asContributor(), app.NCInput{Title: "Old", Description: "Old one.",
			Source: isms.NCIncident, Grade: isms.NCMajor, Requirements: "8.1", DetectedOn: w.today().AddDays(-100)})
		if err != nil {
			t.Fatal(err)
		}
		n := w.raiseNC("New") // minor, monitoring, A.5.18 and 9.1
		x, _ := w.addAction(n, "Late action")
		w.clock.Advance(10 * 24 * 3600e9) // the action is 3 days overdue
		ov, err := w.app.NonconformityOverview(w.ctx, w.asViewer())
		if err != nil {
			t.Fatalf("NonconformityOverview() = %v", err)
		}
		want := []app.NCAgeBand{{Label: "0–30 days", Minor: 1}, {Label: "31–90 days"}, {Label: "over 90 days", Major: 1}}
		if len(ov.OpenByAge) != 3 || ov.OpenByAge[0] != want[0] || ov.OpenByAge[1] != want[1] || ov.OpenByAge[2] != want[2] {
			t.Errorf("OpenByAge = %+v, want %+v", ov.OpenByAge, want)
		}
		if ov.OverdueTotal != 1 || len(ov.Overdue) != 1 || ov.Overdue[0].TaskID != x.TaskID || len(ov.ChecksDue) != 0 {
			t.Errorf("Overdue = %+v (%d), ChecksDue = %d", ov.Overdue, ov.OverdueTotal, len(ov.ChecksDue))
		}
		since := w.today().AddDays(-30)
		bySource, byClause, err := w.app.NonconformityTrends(w.ctx, w.asViewer(), since, w.today())
		if err != nil {
			t.Fatalf("NonconformityTrends() = %v", err)
		}
		counts := map[string][2]int{}
		for _, s := range bySource {
			counts[s.Key] = [2]int{s.Count, s.Previous}
		}
		if len(bySource) != len(isms.NCSources) || counts["monitoring"] != [2]int{1, 0} || counts["incident"] != [2]int{0, 0} {
			t.Errorf("bySource = %+v", bySource)
		}
		var keys []string
		for _, c := range byClause {
			keys = append(keys, c.Key)
			if c.Count != 1 || c.Previous != 0 {
				t.Errorf("clause %s = %d (previous %d), want 1 (0)", c.Key, c.Count, c.Previous)
			}
		}
		if len(keys) != 2 || keys[0] != "9" || keys[1] != "A.5" {
			t.Errorf("byClause keys = %v, want [9 A.5]", keys)
		}
		_, byClause, _ = w.app.NonconformityTrends(w.ctx, w.asViewer(), w.today().AddDays(-120), w.today())
		if len(byClause) != 3 || byClause[0].Key != "8" || byClause[0].Label == "8" {
			t.Errorf("byClause over 120 days = %+v, want 8 (labelled), 9, A.5", byClause)
		}
		_ = old
	})
}

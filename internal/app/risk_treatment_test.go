// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// addAction adds a treatment action to r as the manager.
func (w *world) addAction(r *isms.Risk, in app.TreatmentActionInput) *isms.TreatmentAction {
	w.t.Helper()
	x, err := w.app.AddTreatmentAction(w.ctx, w.asManager(), r.ID, in)
	if err != nil {
		w.t.Fatalf("AddTreatmentAction(%s) = %v", in.Title, err)
	}
	return x
}

// submitPlan submits r's treatment plan as actor to approvers.
func (w *world) submitPlan(actor isms.Actor, r *isms.Risk, approvers ...isms.ID) (*isms.Approval, error) {
	return w.app.SubmitForApproval(w.ctx, actor, app.SubmitInput{ObjectType: "risk_treatment", ObjectID: r.ID,
		Version: r.Version, ApproverIDs: approvers})
}

func TestTreatmentActionsAreTasksOfTheirOwners(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.approvedMethod(5)
		ctl := w.control("Endpoint detection", isms.ControlPlanned)
		r := w.newRisk(app.RiskInput{Title: "Ransomware", InherentLikelihood: "4", InherentImpact: "5", Treatment: "modify"})
		_, err := w.app.AddTreatmentAction(w.ctx, w.asManager(), r.ID, app.TreatmentActionInput{Title: "", Due: "soon", Control: "C-99"})
		wantFields(t, "AddTreatmentAction(bad)", err, isms.Invalid, "title", "due", "owner", "control")

		x := w.addAction(r, app.TreatmentActionInput{Title: "Roll out EDR", OwnerID: string(w.contributor.ID), Due: "2026-03-10", Control: ctl.Ref})
		if x.RiskID != r.ID || x.ControlID != ctl.ID || x.ControlRef != ctl.Ref || x.OwnerID != w.contributor.ID || x.Status != isms.TaskOpen {
			t.Errorf("action = %+v", x)
		}
		work, err := w.app.MyWork(w.ctx, w.asContributor(), 10, 0)
		if err != nil || work.Total != 1 || work.Tasks[0].ID != x.TaskID || work.Tasks[0].Link != (isms.Link{Type: "risk", ID: r.ID}) {
			t.Fatalf("the owner's work = %+v, %v; want the action, linked to the risk", work, err)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "risk.action.add" || e.ObjectID != r.ID {
			t.Errorf("last event %s on %s, want risk.action.add on the risk", e.Action, e.ObjectID)
		}

		w.clock.Advance(9 * 24 * time.Hour) // 11 March: overdue
		d := w.riskDetail(string(r.ID))
		if !hasFlag(d.Flags, isms.FlagActionOverdue) || d.Risk.OverdueActions != 1 || len(d.Actions) != 1 || !d.Actions[0].Overdue(isms.DateOf(w.clock.Now())) {
			t.Errorf("risk with an overdue action: flags %v, overdue %d, actions %+v", d.Flags, d.Risk.OverdueActions, d.Actions)
		}
		page, err := w.app.FindRisks(w.ctx, w.asViewer(), isms.RiskFilter{Overdue: true, Limit: 10})
		if err != nil || page.Total != 1 || !hasFlag(page.Rows[0].Flags, isms.FlagActionOverdue) {
			t.Errorf("FindRisks(overdue) = %+v, %v", page, err)
		}
		if counts, err := w.app.RiskFlagCounts(w.ctx, w.asViewer()); err != nil || counts[isms.FlagActionOverdue] != 1 {
			t.Errorf("RiskFlagCounts = %v, %v", counts, err)
		}

		if err := w.app.RemoveTreatmentAction(w.ctx, w.asManager(), r.ID, x.TaskID); err != nil {
			t.Fatal(err)
		}
		if task := w.task(x.TaskID); task.Status != isms.TaskCancelled || !strings.Contains(task.CompletionNote, "treatment plan") {
			t.Errorf("removed action's task: %s %q, want cancelled", task.Status, task.CompletionNote)
		}
		if d := w.riskDetail(string(r.ID)); len(d.Actions) != 0 || hasFlag(d.Flags, isms.FlagActionOverdue) {
			t.Errorf("after removal: %d actions, flags %v", len(d.Actions), d.Flags)
		}
		wantCode(t, "RemoveTreatmentAction(again)", w.app.RemoveTreatmentAction(w.ctx, w.asManager(), r.ID, x.TaskID), isms.NotFound)
	})
}

func TestTreatmentActionOwnerIsNotified(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		srv := w.withMail()
		r := w.newRisk(app.RiskInput{Title: "Ransomware", Treatment: "modify"})
		w.addAction(r, app.TreatmentActionInput{Title: "Test the restore of backups", OwnerID: string(w.contributor.ID), Due: "2026-04-30"})
		waitMail(t, srv, w.contributor, "New task for you: Test the restore of backups")
	})
}

func TestTreatmentPlanIsApprovedByTheRiskOwner(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.approvedMethod(5)
		owner := string(w.contributor.ID)
		r := w.newRisk(app.RiskInput{Title: "Ransomware", OwnerID: owner, InherentLikelihood: "4", InherentImpact: "5",
			ResidualLikelihood: "2", ResidualImpact: "3", Treatment: "modify", TreatmentPlan: "EDR on every endpoint."})
		w.addAction(r, app.TreatmentActionInput{Title: "Roll out EDR", OwnerID: owner, Due: "2026-06-30"})
		r = w.riskDetail(string(r.ID)).Risk

		_, err := w.submitPlan(w.asManager(), r, w.manager2.ID)
		wantFields(t, "submit to a non-owner", err, isms.Invalid, "approvers")
		if msg := isms.ErrorFields(err)["approvers"]; msg != "Only the risk owner, Dave Contributor, approves its treatment plan." {
			t.Errorf("message = %q", msg)
		}
		ap, err := w.submitPlan(w.asManager(), r, w.contributor.ID)
		if err != nil {
			t.Fatal(err)
		}
		var content struct {
			Ref           string `json:"ref"`
			ResidualLevel string `json:"residualLevel"`
			Actions       []struct{ Title, Owner string }
		}
		if err := json.Unmarshal([]byte(ap.Content), &content); err != nil || content.Ref != r.Ref || content.ResidualLevel != "Medium" ||
			len(content.Actions) != 1 || content.Actions[0].Owner != w.contributor.Name {
			t.Errorf("approval content = %s (%v)", ap.Content, err)
		}

		// While it is pending the plan cannot change.
		in := riskInput(r)
		in.TreatmentPlan = "Something else."
		wantCode(t, "UpdateRisk(pending)", func() error { _, err := w.app.UpdateRisk(w.ctx, w.asManager(), r.ID, r.Version, in); return err }(), isms.Conflict)
		wantCode(t, "AddTreatmentAction(pending)", func() error {
			_, err := w.app.AddTreatmentAction(w.ctx, w.asManager(), r.ID, app.TreatmentActionInput{Title: "X", OwnerID: owner, Due: "2026-06-30"})
			return err
		}(), isms.Conflict)
		wantCode(t, "DeleteRisk(submitted)", w.app.DeleteRisk(w.ctx, w.asManager(), r.ID), isms.Conflict)
		wantCode(t, "decided by a non-owner", func() error {
			_, err := w.app.DecideApproval(w.ctx, w.asManager2(), ap.ID, isms.DecisionApprove, "")
			return err
		}(), isms.Forbidden)

		// The owner approves, as a contributor who may not decide other approvals.
		if _, err := w.app.DecideApproval(w.ctx, w.asContributor(), ap.ID, isms.DecisionApprove, "Agreed."); err != nil {
			t.Fatalf("owner approves: %v", err)
		}
		d := w.riskDetail(string(r.ID))
		if d.Risk.Status != isms.RiskInTreatment || d.PlanApproval == nil || d.PlanApproval.Status != isms.ApprovalApproved {
			t.Errorf("after approval: status %s, plan approval %+v", d.Risk.Status, d.PlanApproval)
		}
	})
}

func TestRiskOwnerApprovesTheirOwnPlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		r := w.newRisk(app.RiskInput{Title: "Supplier outage", OwnerID: string(w.contributor.ID), Treatment: "share",
			TreatmentPlan: "Second supplier under contract."})
		ap, err := w.submitPlan(w.asContributor(), r, w.contributor.ID)
		if err != nil {
			t.Fatalf("the owner submits to themselves: %v", err)
		}
		if ap, err = w.app.DecideApproval(w.ctx, w.asContributor(), ap.ID, isms.DecisionApprove, ""); err != nil || ap.Status != isms.ApprovalApproved {
			t.Fatalf("the owner approves their own plan: %+v, %v", ap, err)
		}
		if d := w.riskDetail(string(r.ID)); d.Risk.Status != isms.RiskInTreatment {
			t.Errorf("status %s, want in treatment", d.Risk.Status)
		}
		undecided := w.newRisk(app.RiskInput{Title: "No treatment yet", OwnerID: string(w.contributor.ID)})
		_, err = w.submitPlan(w.asContributor(), undecided, w.contributor.ID)
		wantCode(t, "submit without treatment", err, isms.Invalid)
	})
}

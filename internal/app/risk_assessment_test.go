// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// assess records an assessment as the contributor.
func (w *world) assess(title string) *isms.RiskAssessment {
	w.t.Helper()
	as, err := w.app.CreateRiskAssessment(w.ctx, w.asContributor(), app.RiskAssessmentInput{Title: title, Reason: "Planned."})
	if err != nil {
		w.t.Fatalf("CreateRiskAssessment(%s) = %v", title, err)
	}
	return as
}

func TestRiskAssessmentsAreSnapshotsThatCompare(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.approvedMethod(5)
		owner := string(w.contributor.ID)
		r1 := w.newRisk(app.RiskInput{Title: "Ransomware", OwnerID: owner, InherentLikelihood: "4", InherentImpact: "5", Treatment: "modify"})
		r2 := w.newRisk(app.RiskInput{Title: "Laptop theft", InherentLikelihood: "2", InherentImpact: "2"})
		w.newRisk(app.RiskInput{Title: "Flood", InherentLikelihood: "1", InherentImpact: "3"})
		x := w.addAction(r1, app.TreatmentActionInput{Title: "Roll out EDR", OwnerID: owner, Due: "2026-04-30"})
		w.addAction(r1, app.TreatmentActionInput{Title: "Offline backups", OwnerID: owner, Due: "2026-04-30"})

		_, err := w.app.CreateRiskAssessment(w.ctx, w.asContributor(), app.RiskAssessmentInput{Title: " ", PerformedOn: "2027-01-01"})
		wantFields(t, "CreateRiskAssessment(bad)", err, isms.Invalid, "title", "performedOn")

		first := w.assess("Annual assessment 2026")
		if first.RiskCount != 3 || len(first.Entries) != 3 || first.MethodNumber != 1 || first.PerformedOn != isms.DateOf(w.clock.Now()) {
			t.Fatalf("assessment = %+v", first)
		}
		if e := first.Entries[0]; e.Ref != "R-1" || e.InherentLabel != "Critical" || e.ActionsOpen != 2 || e.OwnerName != w.contributor.Name {
			t.Errorf("entry R-1 = %+v", e)
		}
		stored, err := w.app.FindRiskAssessment(w.ctx, w.asViewer(), first.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(stored.Entries)
		if stored.SHA256 != first.SHA256 || isms.ContentHash(b) != stored.SHA256 || len(stored.Entries) != 3 {
			t.Errorf("stored assessment hash %s, entries hash %s, recorded %s", stored.SHA256, isms.ContentHash(b), first.SHA256)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "risk_assessment.create" || e.ObjectID != first.ID {
			t.Errorf("last event %s", e.Action)
		}

		// Between the two: one risk re-scored, one removed, one added, one
		// action done.
		w.clock.Advance(24 * time.Hour)
		in := riskInput(r2)
		in.InherentLikelihood = "4"
		if _, err := w.app.UpdateRisk(w.ctx, w.asContributor(), r2.ID, r2.Version, in); err != nil {
			t.Fatal(err)
		}
		if err := w.app.DeleteRisk(w.ctx, w.asContributor(), w.riskDetail("R-3").Risk.ID); err != nil {
			t.Fatal(err)
		}
		w.newRisk(app.RiskInput{Title: "Supplier outage"})
		if _, err := w.app.CompleteTask(w.ctx, w.asContributor(), x.TaskID, "Done."); err != nil {
			t.Fatal(err)
		}
		second := w.assess("After the supplier change")

		// Given newest first, they are compared oldest first.
		c, err := w.app.CompareRiskAssessments(w.ctx, w.asViewer(), second.ID, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Before.ID != first.ID || len(c.Diff.Added) != 1 || c.Diff.Added[0].Title != "Supplier outage" || len(c.Diff.Removed) != 1 ||
			c.Diff.Removed[0].Ref != "R-3" || len(c.Diff.Rescored) != 1 || c.Diff.Rescored[0].After.Ref != "R-2" ||
			!c.Diff.Rescored[0].LevelChanged || c.Diff.ProgressBefore != 0 || c.Diff.ProgressAfter != 50 {
			t.Errorf("comparison = before %s, diff %+v", c.Before.Title, c.Diff)
		}
		list, total, err := w.app.FindRiskAssessments(w.ctx, w.asViewer(), 10, 0)
		if err != nil || total != 2 || list[0].ID != second.ID {
			t.Errorf("FindRiskAssessments = %d, %v; want 2, newest first", total, err)
		}

		boss := w.newUser("Gina Globex", false)
		globex := w.newOrg("globex", "Globex", boss)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
		wantCode(t, "FindRiskAssessment(other org)", func() error { _, err := w.app.FindRiskAssessment(w.ctx, other, first.ID); return err }(), isms.NotFound)
		wantCode(t, "CompareRiskAssessments(other org)", func() error {
			_, err := w.app.CompareRiskAssessments(w.ctx, other, first.ID, second.ID)
			return err
		}(), isms.NotFound)
		if mine, err := w.app.CreateRiskAssessment(w.ctx, other, app.RiskAssessmentInput{Title: "Globex 2026"}); err != nil || mine.RiskCount != 0 {
			t.Errorf("Globex's assessment = %+v, %v; want none of Acme's risks", mine, err)
		}
	})
}

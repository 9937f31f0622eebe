// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// The 5×5 preset's levels: 1 very low and 2 low may be retained and are
// accepted by the owner, 3 medium by a manager, 4 high by an
// administrator, 5 critical by nobody.

// newRisk creates a risk as the contributor.
func (w *world) newRisk(in app.RiskInput) *isms.Risk {
	w.t.Helper()
	r, err := w.app.CreateRisk(w.ctx, w.asContributor(), in)
	if err != nil {
		w.t.Fatalf("CreateRisk(%s) = %v", in.Title, err)
	}
	return r
}

// riskDetail reads a risk by ID or reference as the viewer.
func (w *world) riskDetail(idOrRef string) *app.RiskDetail {
	w.t.Helper()
	d, err := w.app.FindRisk(w.ctx, w.asViewer(), idOrRef)
	if err != nil {
		w.t.Fatalf("FindRisk(%s) = %v", idOrRef, err)
	}
	return d
}

// task reads a task as the manager.
func (w *world) task(id isms.ID) *isms.Task {
	w.t.Helper()
	t, err := w.app.FindTask(w.ctx, w.asManager(), id)
	if err != nil {
		w.t.Fatalf("FindTask(%s) = %v", id, err)
	}
	return t
}

// riskInput is the input that keeps every field of r, as an edit form
// shows it.
func riskInput(r *isms.Risk) app.RiskInput {
	pos := func(n int) string {
		if n == 0 {
			return ""
		}
		return string(rune('0' + n))
	}
	return app.RiskInput{Ref: r.Ref, Title: r.Title, Kind: string(r.Kind), ThreatSource: r.ThreatSource, Event: r.Event,
		Consequence: r.Consequence, Threat: r.Threat, Vulnerability: r.Vulnerability, Description: r.Description,
		Category: r.Category, OwnerID: string(r.OwnerID),
		InherentLikelihood: pos(r.Inherent.Likelihood), InherentImpact: pos(r.Inherent.Impact),
		ResidualLikelihood: pos(r.Residual.Likelihood), ResidualImpact: pos(r.Residual.Impact),
		Treatment: string(r.Treatment), TreatmentPlan: r.TreatmentPlan, Status: string(r.Status),
		NextReview: r.NextReview.String()}
}

func hasFlag(flags []isms.RiskFlag, f isms.RiskFlag) bool { return slices.Contains(flags, f) }

func TestRiskLifecycle(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		ed := w.asContributor()
		today := isms.DateOf(w.clock.Now())

		// Before any method is approved, risks are recorded but not scored.
		r1 := w.newRisk(app.RiskInput{Title: "Ransomware on file servers", OwnerID: string(w.contributor.ID)})
		if r1.Ref != "R-1" || r1.Kind != isms.RiskScenario || r1.Status != isms.RiskIdentified || r1.MethodID != "" {
			t.Errorf("first risk = %s %s %s method %q, want R-1, scenario, identified, unscored", r1.Ref, r1.Kind, r1.Status, r1.MethodID)
		}
		if want := today.AddDate(0, 12, 0); r1.NextReview != want || r1.ReviewTaskID == "" {
			t.Fatalf("next review %s, task %q; want %s with a review task", r1.NextReview, r1.ReviewTaskID, want)
		}
		rt := w.task(r1.ReviewTaskID)
		if rt.Title != "Review risk R-1: Ransomware on file servers" || rt.OwnerID != w.contributor.ID || rt.Due != r1.NextReview || rt.Link != (isms.Link{Type: "risk", ID: r1.ID}) {
			t.Errorf("review task = %+v", rt)
		}
		_, err := w.app.CreateRisk(w.ctx, ed, app.RiskInput{Title: "Scored too early", InherentLikelihood: "3", InherentImpact: "3"})
		wantFields(t, "CreateRisk(scored without a method)", err, isms.Invalid, "inherentLikelihood")

		w.approvedMethod(5)
		r2 := w.newRisk(app.RiskInput{Ref: "R-7", Title: "Laptop stolen", Kind: "Asset-based", Threat: "Theft", Vulnerability: "No disk encryption",
			InherentLikelihood: "likely", InherentImpact: "4", Treatment: "Modify (reduce)"})
		if r2.Kind != isms.RiskAsset || r2.Inherent.Likelihood != 4 || r2.Inherent.Level != 4 || r2.Status != isms.RiskTreatmentPlanned || r2.MethodNumber != 1 || r2.ReviewTaskID != "" {
			t.Errorf("R-7 = %s %+v %s v%d task %q; want asset-based, likelihood 4 (Likely), level 4, treatment planned, v1, no review task without owner",
				r2.Kind, r2.Inherent, r2.Status, r2.MethodNumber, r2.ReviewTaskID)
		}
		if r := w.newRisk(app.RiskInput{Title: "Next"}); r.Ref != "R-8" {
			t.Errorf("next reference %s, want R-8", r.Ref)
		}

		_, err = w.app.CreateRisk(w.ctx, ed, app.RiskInput{Ref: "R-7", Title: "", Kind: "weird", OwnerID: "user_nobody",
			InherentLikelihood: "often", InherentImpact: "9", ResidualLikelihood: "2", Treatment: "ignore", Status: "accepted",
			NextReview: "soon", Assets: []string{"AS-404"}, Controls: []string{"C-404"}})
		wantFields(t, "CreateRisk(bad)", err, isms.Invalid, "ref", "title", "kind", "owner", "inherentLikelihood",
			"inherentImpact", "residualLikelihood", "treatment", "status", "nextReview", "assets", "controls")
		if f := isms.ErrorFields(err); !strings.Contains(f["assets"], "AS-404") || !strings.Contains(f["ref"], "Laptop stolen") {
			t.Errorf("problems = %v; want them to name the unknown asset and the risk that has R-7", f)
		}

		// An edit: stale versions conflict, an unchanged save writes nothing,
		// a new owner and date move the review task.
		before := w.seq()
		in := riskInput(r1)
		in.InherentLikelihood, in.InherentImpact, in.OwnerID, in.NextReview = "Possible", "Major", string(w.manager.ID), "2026-09-30"
		r, err := w.app.UpdateRisk(w.ctx, ed, r1.ID, r1.Version, in)
		if err != nil || r.Version != 2 || r.Inherent.Level != 4 || r.Status != isms.RiskAssessed || r.OwnerName != w.manager.Name {
			t.Fatalf("UpdateRisk = %+v, %v; want version 2, level 4 (3×4), assessed, owned by the manager", r, err)
		}
		if rt := w.task(r1.ReviewTaskID); rt.OwnerID != w.manager.ID || rt.Due.String() != "2026-09-30" {
			t.Errorf("review task after the edit: owner %s due %s; want the manager on 2026-09-30", rt.OwnerName, rt.Due)
		}
		wantCode(t, "UpdateRisk(stale)", func() error { _, err := w.app.UpdateRisk(w.ctx, ed, r1.ID, r1.Version, in); return err }(), isms.Conflict)
		mid := w.seq()
		if _, err := w.app.UpdateRisk(w.ctx, ed, r1.ID, r.Version, in); err != nil || w.seq() != mid {
			t.Errorf("unchanged update: %v, %d events; want none", err, w.seq()-mid)
		}
		if got := actions(w.events(string(w.org.ID), before)); !slices.Equal(got, []string{"task.update", "risk.update"}) {
			t.Errorf("events of the edit = %v, want task.update, risk.update", got)
		}

		// Closing cancels the review task.
		in.Status = "closed"
		if r, err = w.app.UpdateRisk(w.ctx, ed, r1.ID, r.Version, in); err != nil || r.Status != isms.RiskClosed {
			t.Fatalf("close: %v, %v", r, err)
		}
		if rt := w.task(r1.ReviewTaskID); rt.Status != isms.TaskCancelled {
			t.Errorf("review task of a closed risk is %s, want cancelled", rt.Status)
		}
		in.Status = "assessed"
		if r, err = w.app.UpdateRisk(w.ctx, ed, r1.ID, r.Version, in); err != nil || r.ReviewTaskID == r1.ReviewTaskID {
			t.Fatalf("reopen: %+v, %v; want a new review task", r, err)
		}
		if rt := w.task(r.ReviewTaskID); rt.Status != isms.TaskOpen || rt.Due.String() != "2026-09-30" {
			t.Errorf("review task of the reopened risk: %s due %s", rt.Status, rt.Due)
		}

		page, err := w.app.FindRisks(w.ctx, w.asViewer(), isms.RiskFilter{Level: 4, Basis: "inherent", Limit: 10})
		if err != nil || page.Total != 2 || page.Rows[0].Inherent == nil || page.Rows[0].Inherent.Key != "high" {
			t.Errorf("FindRisks(inherent level 4) = %+v, %v; want R-1 and R-7 at High", page, err)
		}
		if d := w.riskDetail("R-7"); d.Risk.ID != r2.ID || d.Method == nil || d.Method.Number != 1 || hasFlag(d.Flags, isms.FlagUntreated) {
			t.Errorf("FindRisk(R-7) = %+v, method %v, flags %v", d.Risk, d.Method, d.Flags)
		}
		if err := w.app.DeleteRisk(w.ctx, ed, r2.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "FindRisk(deleted)", func() error { _, err := w.app.FindRisk(w.ctx, w.asViewer(), "R-7"); return err }(), isms.NotFound)
	})
}

func TestRiskFlagsAndRegisterFilters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.approvedMethod(5)
		// Critical (5×5) may not be retained: without treatment it is flagged.
		crit := w.newRisk(app.RiskInput{Title: "Data centre fire", InherentLikelihood: "5", InherentImpact: "5", OwnerID: string(w.manager.ID)})
		w.newRisk(app.RiskInput{Title: "Printer jam", InherentLikelihood: "1", InherentImpact: "1",
			ResidualLikelihood: "1", ResidualImpact: "1", Treatment: "retain", NextReview: "2026-03-10"})
		d := w.riskDetail(string(crit.ID))
		if !hasFlag(d.Flags, isms.FlagUntreated) || hasFlag(d.Flags, isms.FlagAcceptanceMissing) {
			t.Errorf("critical untreated risk flags = %v, want untreated", d.Flags)
		}
		w.clock.Advance(10 * 24 * time.Hour) // 12 March: the printer's review is overdue
		d = w.riskDetail("R-2")
		if !hasFlag(d.Flags, isms.FlagReviewOverdue) || !hasFlag(d.Flags, isms.FlagAcceptanceMissing) || hasFlag(d.Flags, isms.FlagUntreated) {
			t.Errorf("low retained risk flags = %v, want review overdue and acceptance missing", d.Flags)
		}
		counts, err := w.app.RiskFlagCounts(w.ctx, w.asViewer())
		if err != nil || counts[isms.FlagUntreated] != 1 || counts[isms.FlagReviewOverdue] != 1 || counts[isms.FlagAcceptanceMissing] != 1 {
			t.Errorf("RiskFlagCounts = %v, %v", counts, err)
		}
		for _, c := range []struct {
			name string
			f    isms.RiskFilter
			want []string
		}{
			{"owner", isms.RiskFilter{OwnerID: w.manager.ID}, []string{"R-1"}},
			{"overdue", isms.RiskFilter{Overdue: true}, []string{"R-2"}},
			{"treatment", isms.RiskFilter{Treatment: isms.TreatmentRetain}, []string{"R-2"}},
			{"untreated", isms.RiskFilter{Untreated: true}, []string{"R-1"}},
			{"cell", isms.RiskFilter{Basis: "inherent", Likelihood: 5, Impact: 5}, []string{"R-1"}},
			{"residual level", isms.RiskFilter{Level: 1}, []string{"R-2"}},
			{"sorted", isms.RiskFilter{Sort: "-inherent"}, []string{"R-1", "R-2"}},
		} {
			c.f.Limit = 10
			page, err := w.app.FindRisks(w.ctx, w.asViewer(), c.f)
			var got []string
			for _, r := range page.Rows {
				got = append(got, r.Risk.Ref)
			}
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("FindRisks(%s) = %v, %v; want %v", c.name, got, err, c.want)
			}
		}
	})
}

func TestRiskHeatmap(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.newRisk(app.RiskInput{Title: "Unscored before the method"})
		w.approvedMethod(5)
		mine := string(w.contributor.ID)
		w.newRisk(app.RiskInput{Title: "A", InherentLikelihood: "4", InherentImpact: "5", ResidualLikelihood: "2", ResidualImpact: "3", OwnerID: mine})
		w.newRisk(app.RiskInput{Title: "B", InherentLikelihood: "4", InherentImpact: "5", OwnerID: mine})
		w.newRisk(app.RiskInput{Title: "C", InherentLikelihood: "1", InherentImpact: "2"})
		h, err := w.app.RiskHeatmap(w.ctx, w.asViewer(), isms.RiskFilter{})
		if err != nil || h.Method == nil {
			t.Fatalf("RiskHeatmap = %+v, %v", h, err)
		}
		if h.Inherent[3][4] != 2 || h.Inherent[0][1] != 1 || h.Residual[1][2] != 1 || h.Unscored != 1 || h.Other != 0 {
			t.Errorf("heatmap = inherent %v residual %v unscored %d other %d", h.Inherent, h.Residual, h.Unscored, h.Other)
		}
		h, err = w.app.RiskHeatmap(w.ctx, w.asViewer(), isms.RiskFilter{OwnerID: w.contributor.ID})
		if err != nil || h.Inherent[3][4] != 2 || h.Inherent[0][1] != 0 || h.Unscored != 0 {
			t.Errorf("heatmap of the contributor's risks = %v unscored %d, %v", h.Inherent, h.Unscored, err)
		}
		// A new version: risks scored under v1 count as other until re-scored.
		w.approvedMethod(0)
		h, err = w.app.RiskHeatmap(w.ctx, w.asViewer(), isms.RiskFilter{})
		if err != nil || h.Other != 3 || h.Unscored != 1 || h.Method.Number != 2 || h.Inherent[3][4] != 0 {
			t.Errorf("heatmap under v2 = other %d unscored %d v%d, %v; want 3 other, 1 unscored", h.Other, h.Unscored, h.Method.Number, err)
		}
	})
}

func TestRiskScoredUnderOlderMethodKeepsItsScores(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.approvedMethod(5)
		r := w.newRisk(app.RiskInput{Title: "Phishing", InherentLikelihood: "3", InherentImpact: "3"})
		w.approvedMethod(0)
		in := riskInput(r)
		in.Title = "Phishing of staff"
		r2, err := w.app.UpdateRisk(w.ctx, w.asContributor(), r.ID, r.Version, in)
		if err != nil || r2.MethodNumber != 1 || r2.Inherent != r.Inherent {
			t.Fatalf("UpdateRisk(title) under v2 = %+v, %v; want the v1 scores kept", r2, err)
		}
		if d := w.riskDetail("R-1"); !hasFlag(d.Flags, isms.FlagRescore) {
			t.Errorf("flags = %v, want rescore", d.Flags)
		}
		in.InherentLikelihood = "4"
		_, err = w.app.UpdateRisk(w.ctx, w.asContributor(), r.ID, r2.Version, in)
		wantFields(t, "UpdateRisk(scores under v1)", err, isms.Invalid, "inherentLikelihood")
		if msg := isms.ErrorFields(err)["inherentLikelihood"]; msg != "R-1 is scored under v1; re-score it under v2 first." {
			t.Errorf("message = %q", msg)
		}
	})
}

func TestRisksBelongToOneOrganization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.approvedMethod(5)
		asset := w.newAsset(app.AssetInput{Name: "Customer database", Type: "information"})
		ctl := w.control("Backups", isms.ControlImplemented)
		r := w.newRisk(app.RiskInput{Title: "Database lost", Assets: []string{asset.Ref}, Controls: []string{string(ctl.ID)}})
		if r.Assets != 1 || r.Controls != 1 {
			t.Errorf("links = %d assets, %d controls; want 1 and 1", r.Assets, r.Controls)
		}

		boss := w.newUser("Gina Globex", false)
		globex := w.newOrg("globex", "Globex", boss)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
		wantCode(t, "FindRisk(other org)", func() error { _, err := w.app.FindRisk(w.ctx, other, string(r.ID)); return err }(), isms.NotFound)
		wantCode(t, "UpdateRisk(other org)", func() error {
			_, err := w.app.UpdateRisk(w.ctx, other, r.ID, r.Version, riskInput(r))
			return err
		}(), isms.NotFound)
		wantCode(t, "DeleteRisk(other org)", w.app.DeleteRisk(w.ctx, other, r.ID), isms.NotFound)
		wantCode(t, "AcceptRisk(other org)", func() error { _, err := w.app.AcceptRisk(w.ctx, other, r.ID, app.AcceptInput{}); return err }(), isms.NotFound)
		if page, err := w.app.FindRisks(w.ctx, other, isms.RiskFilter{Limit: 10}); err != nil || page.Total != 0 {
			t.Errorf("FindRisks(other org) = %d, %v; want none", page.Total, err)
		}
		_, err := w.app.CreateRisk(w.ctx, other, app.RiskInput{Title: "Theirs", Assets: []string{string(asset.ID)},
			Controls: []string{ctl.Ref}, OwnerID: string(w.contributor.ID)})
		wantFields(t, "CreateRisk(links to another org)", err, isms.Invalid, "assets", "controls", "owner")
	})
}

func TestRiskPermissions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		r := w.newRisk(app.RiskInput{Title: "Flood"})
		v := w.asViewer()
		wantCode(t, "viewer CreateRisk", func() error { _, err := w.app.CreateRisk(w.ctx, v, app.RiskInput{Title: "X"}); return err }(), isms.Forbidden)
		wantCode(t, "viewer UpdateRisk", func() error { _, err := w.app.UpdateRisk(w.ctx, v, r.ID, r.Version, riskInput(r)); return err }(), isms.Forbidden)
		wantCode(t, "viewer DeleteRisk", w.app.DeleteRisk(w.ctx, v, r.ID), isms.Forbidden)
		wantCode(t, "viewer AddTreatmentAction", func() error {
			_, err := w.app.AddTreatmentAction(w.ctx, v, r.ID, app.TreatmentActionInput{Title: "X"})
			return err
		}(), isms.Forbidden)
		wantCode(t, "viewer ReviewRisk", func() error { _, err := w.app.ReviewRisk(w.ctx, v, r.ID, ""); return err }(), isms.Forbidden)
		wantCode(t, "viewer CreateRiskAssessment", func() error {
			_, err := w.app.CreateRiskAssessment(w.ctx, v, app.RiskAssessmentInput{Title: "X"})
			return err
		}(), isms.Forbidden)
		wantCode(t, "viewer ImportRisks", func() error { _, err := w.app.ImportRisks(w.ctx, v, "r.csv", []byte("ref,title\n"), true); return err }(), isms.Forbidden)
		wantCode(t, "viewer AddRisksFromLibrary", func() error {
			_, err := w.app.AddRisksFromLibrary(w.ctx, v, []string{"ransomware"}, "")
			return err
		}(), isms.Forbidden)
		employee := w.newMember(w.org, "Fay Employee", isms.RoleEmployee)
		e := w.as(employee, isms.RoleEmployee)
		wantCode(t, "employee FindRisks", func() error { _, err := w.app.FindRisks(w.ctx, e, isms.RiskFilter{}); return err }(), isms.Forbidden)
		wantCode(t, "employee ExportRisks", func() error { _, err := w.app.ExportRisks(w.ctx, e, isms.RiskFilter{}); return err }(), isms.Forbidden)
	})
}

func TestAddRisksFromLibrary(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		iso := w.importBuiltin("iso27001-2022")
		ctl := w.control("Malware protection", isms.ControlImplemented)
		w.link(ctl, w.requirement(iso.ID, "A.8.7").ID)
		_, err := w.app.AddRisksFromLibrary(w.ctx, w.asContributor(), []string{"ransomware", "no-such-thing"}, "")
		wantFields(t, "AddRisksFromLibrary(unknown key)", err, isms.Invalid, "keys")
		rs, err := w.app.AddRisksFromLibrary(w.ctx, w.asContributor(), []string{"ransomware", "phishing-credentials", "ransomware"}, w.manager.ID)
		if err != nil || len(rs) != 2 {
			t.Fatalf("AddRisksFromLibrary = %d, %v; want 2 risks", len(rs), err)
		}
		d := w.riskDetail(string(rs[0].ID))
		if d.Risk.Title != "Ransomware stops operations" || d.Risk.OwnerID != w.manager.ID || d.Risk.Event == "" ||
			len(d.Controls) != 1 || d.Controls[0].ID != ctl.ID || !strings.Contains(d.Risk.Description, "A.8.7") {
			t.Errorf("library risk = %+v with controls %v; want the scenario, owned by the manager, linked to the malware control", d.Risk, d.Controls)
		}
		if d.Risk.ReviewTaskID == "" {
			t.Errorf("a library risk with an owner has no review task")
		}
	})
}

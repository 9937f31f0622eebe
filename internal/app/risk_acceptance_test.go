// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// residualRisk creates a risk owned by the contributor with residual
// likelihood l and impact i, due for review on review.
func (w *world) residualRisk(title, l, i, review string) *isms.Risk {
	w.t.Helper()
	return w.newRisk(app.RiskInput{Title: title, OwnerID: string(w.contributor.ID), InherentLikelihood: "5",
		InherentImpact: "5", ResidualLikelihood: l, ResidualImpact: i, Treatment: "modify", NextReview: review})
}

func TestAcceptRiskNeedsAuthorityForItsLevel(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.approvedMethod(5)
		low := w.residualRisk("Low residual", "2", "2", "2026-12-01")           // level 2, low: the owner accepts
		medium := w.residualRisk("Medium residual", "3", "3", "2026-12-01")     // level 3, medium: a manager accepts
		critical := w.residualRisk("Critical residual", "5", "5", "2026-12-01") // level 5: nobody
		unscored := w.newRisk(app.RiskInput{Title: "Not scored", OwnerID: string(w.contributor.ID)})

		for _, c := range []struct {
			name  string
			actor isms.Actor
			r     *isms.Risk
			code  isms.Code
			msg   string
		}{
			{"a manager, low", w.asManager(), low, isms.Forbidden, "You may not accept a Low residual risk: under method v1 only the risk owner may."},
			{"the owner, medium", w.asContributor(), medium, isms.Forbidden, "You may not accept a Medium residual risk: under method v1 only"},
			{"an admin, critical", w.asAdmin(), critical, isms.Forbidden, "A Critical residual risk cannot be accepted under method v1: treat it further."},
			{"unscored", w.asManager(), unscored, isms.Invalid, "Score the residual risk of R-4 before accepting it."},
		} {
			_, err := w.app.AcceptRisk(w.ctx, c.actor, c.r.ID, app.AcceptInput{Version: c.r.Version})
			if isms.ErrorCode(err) != c.code || !strings.HasPrefix(isms.ErrorMessage(err), c.msg) {
				t.Errorf("AcceptRisk(%s) = %v; want %s %q", c.name, err, c.code, c.msg)
			}
		}
		if d := w.riskDetail(string(low.ID)); d.CanAccept == nil {
			t.Errorf("the viewer may accept R-1 according to FindRisk")
		}
		d, err := w.app.FindRisk(w.ctx, w.asContributor(), string(low.ID))
		if err != nil || d.CanAccept != nil {
			t.Errorf("FindRisk as the owner: CanAccept = %v, %v; want nil", d.CanAccept, err)
		}

		before := w.seq()
		acc, err := w.app.AcceptRisk(w.ctx, w.asContributor(), low.ID, app.AcceptInput{Comment: " Backups are tested monthly. ", Version: low.Version})
		if err != nil {
			t.Fatal(err)
		}
		if acc.AcceptedBy != w.contributor.ID || acc.LevelLabel != "Low" || acc.MethodNumber != 1 || acc.Comment != "Backups are tested monthly." ||
			acc.ExpiresOn.String() != "2026-12-01" || acc.Residual.Level != 2 {
			t.Errorf("acceptance = %+v", acc)
		}
		d = w.riskDetail(string(low.ID))
		if d.Risk.Status != isms.RiskAccepted || d.Risk.AcceptanceID != acc.ID || len(d.Acceptances) != 1 || hasFlag(d.Flags, isms.FlagAcceptanceMissing) {
			t.Errorf("accepted risk = %s, acceptance %q, %d records, flags %v", d.Risk.Status, d.Risk.AcceptanceID, len(d.Acceptances), d.Flags)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "risk.accept" || e.ObjectID != low.ID || w.seq()-before != 1 {
			t.Errorf("events = %d, last %s; want one risk.accept", w.seq()-before, e.Action)
		}
		if acc, err := w.app.AcceptRisk(w.ctx, w.asManager(), medium.ID, app.AcceptInput{Version: medium.Version}); err != nil || acc.LevelLabel != "Medium" {
			t.Errorf("manager accepts medium: %v, %v", acc, err)
		}
		wantCode(t, "AcceptRisk(stale version)", func() error {
			_, err := w.app.AcceptRisk(w.ctx, w.asContributor(), low.ID, app.AcceptInput{Version: low.Version})
			return err
		}(), isms.Conflict)
	})
}

func TestAcceptanceExpiresAtTheNextReview(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.approvedMethod(5)
		r := w.residualRisk("Low residual", "1", "2", "2026-04-01")
		if _, err := w.app.AcceptRisk(w.ctx, w.asContributor(), r.ID, app.AcceptInput{}); err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(29 * 24 * time.Hour) // 31 March
		if d := w.riskDetail(string(r.ID)); hasFlag(d.Flags, isms.FlagAcceptanceExpired) {
			t.Errorf("flags the day before expiry = %v", d.Flags)
		}
		w.clock.Advance(24 * time.Hour) // 1 April
		d := w.riskDetail(string(r.ID))
		if !hasFlag(d.Flags, isms.FlagAcceptanceExpired) || d.Risk.Status != isms.RiskAccepted {
			t.Errorf("flags on the review date = %v, status %s; want acceptance expired", d.Flags, d.Risk.Status)
		}
		if counts, err := w.app.RiskFlagCounts(w.ctx, w.asViewer()); err != nil || counts[isms.FlagAcceptanceExpired] != 1 {
			t.Errorf("RiskFlagCounts = %v, %v; want 1 expired acceptance", counts, err)
		}

		// Accepting after the review date passed starts a new cycle.
		acc, err := w.app.AcceptRisk(w.ctx, w.asContributor(), r.ID, app.AcceptInput{})
		if err != nil || acc.ExpiresOn.String() != "2027-04-01" {
			t.Fatalf("AcceptRisk again = %+v, %v; want expiry a year on", acc, err)
		}
		d = w.riskDetail(string(r.ID))
		if d.Risk.NextReview != acc.ExpiresOn || len(d.Acceptances) != 2 || d.Acceptances[1].EndReason != isms.AcceptanceReplaced {
			t.Errorf("after accepting again: next review %s, acceptances %+v", d.Risk.NextReview, d.Acceptances)
		}
		if rt := w.task(d.Risk.ReviewTaskID); rt.Due != acc.ExpiresOn {
			t.Errorf("review task due %s, want %s", rt.Due, acc.ExpiresOn)
		}
	})
}

func TestResidualChangeEndsTheAcceptance(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.approvedMethod(5)
		r := w.residualRisk("Low residual", "2", "2", "2026-12-01")
		if _, err := w.app.AcceptRisk(w.ctx, w.asContributor(), r.ID, app.AcceptInput{}); err != nil {
			t.Fatal(err)
		}
		r = w.riskDetail(string(r.ID)).Risk

		// Other edits leave it standing.
		in := riskInput(r)
		in.Description = "Seen in 2025."
		r, err := w.app.UpdateRisk(w.ctx, w.asContributor(), r.ID, r.Version, in)
		if err != nil || r.AcceptanceID == "" || r.Status != isms.RiskAccepted {
			t.Fatalf("description edit: %+v, %v; want the acceptance kept", r, err)
		}
		in.ResidualLikelihood = "3"
		r, err = w.app.UpdateRisk(w.ctx, w.asContributor(), r.ID, r.Version, in)
		if err != nil {
			t.Fatal(err)
		}
		d := w.riskDetail(string(r.ID))
		if d.Risk.AcceptanceID != "" || d.Risk.Status != isms.RiskTreatmentPlanned || d.Acceptances[0].EndReason != isms.AcceptanceScoreChanged ||
			d.Acceptances[0].EndedAt.IsZero() || !hasFlag(d.Flags, isms.FlagAcceptanceMissing) {
			t.Errorf("after the residual change: acceptance %q, status %s, record %+v, flags %v", d.Risk.AcceptanceID, d.Risk.Status, d.Acceptances[0], d.Flags)
		}
		ch := changes(t, w.lastEvent(string(w.org.ID)))
		if ch["acceptanceEnded"].After != isms.AcceptanceScoreChanged || ch["status"].Before != string(isms.RiskAccepted) {
			t.Errorf("audit changes = %v", ch)
		}
	})
}

func TestReviewRisk(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.approvedMethod(5)
		r := w.residualRisk("Reviewed yearly", "2", "2", "2026-03-20")
		first := r.ReviewTaskID
		wantCode(t, "ReviewRisk(by a viewer)", func() error { _, err := w.app.ReviewRisk(w.ctx, w.asViewer(), r.ID, ""); return err }(), isms.Forbidden)
		w.clock.Advance(5 * 24 * time.Hour)
		got, err := w.app.ReviewRisk(w.ctx, w.asContributor(), r.ID, "Still right.")
		if err != nil {
			t.Fatal(err)
		}
		if got.LastReviewed.String() != "2026-03-07" || got.NextReview.String() != "2027-03-07" || got.ReviewTaskID == first || got.ReviewTaskID == "" {
			t.Errorf("reviewed risk: last %s next %s task %s (was %s)", got.LastReviewed, got.NextReview, got.ReviewTaskID, first)
		}
		if old := w.task(first); old.Status != isms.TaskDone || old.CompletionNote != "Still right." {
			t.Errorf("old review task %s %q, want done with the note", old.Status, old.CompletionNote)
		}
		if next := w.task(got.ReviewTaskID); next.Due != got.NextReview || next.OwnerID != w.contributor.ID || next.Status != isms.TaskOpen {
			t.Errorf("next review task = %+v", next)
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "risk.review" {
			t.Errorf("last event %s, want risk.review", e.Action)
		}
	})
}

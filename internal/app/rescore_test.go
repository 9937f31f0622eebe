// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// scoredRisk is a risk scored under m: inherent and residual (likelihood,
// impact) positions, {0, 0} for unscored.
func (w *world) scoredRisk(m *isms.RiskMethod, n int, inherent, residual [2]int) *isms.Risk {
	r := &isms.Risk{ID: isms.NewID("rsk"), OrgID: w.org.ID, Ref: fmt.Sprintf("R-%d", n), Title: fmt.Sprintf("Risk %d", n),
		Kind: isms.RiskScenario, MethodID: m.ID, OwnerID: w.contributor.ID, CreatedBy: w.manager.ID,
		Inherent: isms.RiskScore{Likelihood: inherent[0], Impact: inherent[1]},
		Residual: isms.RiskScore{Likelihood: residual[0], Impact: residual[1]}}
	r.Score(m)
	r.AutoStatus()
	return r
}

// acceptRiskDirectly marks r accepted by the manager under m: r must be
// inserted after the call, the acceptance it returns after r.
func (w *world) acceptRiskDirectly(m *isms.RiskMethod, r *isms.Risk) *isms.RiskAcceptance {
	acc := &isms.RiskAcceptance{ID: isms.NewID("racc"), OrgID: w.org.ID, RiskID: r.ID, AcceptedBy: w.manager.ID,
		AcceptedByName: w.manager.Name, AcceptedAt: w.clock.Now(), MethodID: m.ID, MethodNumber: m.Number,
		Residual: r.Residual, LevelLabel: m.LevelLabel(r.Residual.Level), ExpiresOn: isms.DateOf(w.clock.Now()).AddDate(1, 0, 0)}
	r.Status, r.AcceptanceID, r.AcceptedUntil = isms.RiskAccepted, acc.ID, acc.ExpiresOn
	return acc
}

// storeRisks inserts risks, then acceptances, straight into the store.
func (w *world) storeRisks(risks []*isms.Risk, accs []*isms.RiskAcceptance) {
	w.t.Helper()
	err := w.db.Update(w.ctx, func(tx *sqldb.Tx) error {
		if err := tx.InsertRisks(w.ctx, risks); err != nil {
			return err
		}
		for _, a := range accs {
			if err := tx.InsertRiskAcceptance(w.ctx, a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		w.t.Fatalf("storing %d risks: %v", len(risks), err)
	}
}

// storedRisk reads a risk back from the store.
func (w *world) storedRisk(id isms.ID) *isms.Risk {
	w.t.Helper()
	var r *isms.Risk
	w.view(func(tx *sqldb.Tx) (err error) {
		r, err = tx.FindRiskByID(w.ctx, w.org.ID, id)
		return err
	})
	return r
}

func TestRescoreFromThreeByThreeToFiveByFive(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		v1 := w.approvedMethod(3)
		r1 := w.scoredRisk(v1, 1, [2]int{3, 3}, [2]int{2, 1})
		r2 := w.scoredRisk(v1, 2, [2]int{1, 2}, [2]int{})
		r3 := w.scoredRisk(v1, 3, [2]int{}, [2]int{})
		r4 := w.scoredRisk(v1, 4, [2]int{2, 2}, [2]int{1, 1})
		acc := w.acceptRiskDirectly(v1, r4)
		w.storeRisks([]*isms.Risk{r1, r2, r3, r4}, []*isms.RiskAcceptance{acc})

		_, err := w.app.RescorePreview(w.ctx, w.asManager(), v1.ID, nil)
		wantCode(t, "RescorePreview(v1) while v1 is current", err, isms.Conflict)
		v2 := w.approvedMethod(5)
		if d := w.methodDetail(v1.ID); d.Risks != 4 {
			t.Errorf("v1 scores %d risks, want 4", d.Risks)
		}

		plan, err := w.app.RescorePreview(w.ctx, w.asManager(), v1.ID, nil)
		if err != nil {
			t.Fatalf("RescorePreview(v1) = %v", err)
		}
		if fmt.Sprint(plan.Map.Likelihood, plan.Map.Impact) != "[1 3 5] [1 3 5]" || plan.From.ID != v1.ID || plan.To.ID != v2.ID || len(plan.Rows) != 4 {
			t.Errorf("preview = map %v %v, %d rows; want 1→1, 2→3, 3→5 both ways over 4 risks", plan.Map.Likelihood, plan.Map.Impact, len(plan.Rows))
		}
		for _, row := range plan.Rows {
			if row.Risk.ID == r1.ID && (row.Inherent.Likelihood != 5 || row.Inherent.Impact != 5 || row.Inherent.Level != v2.LevelOf(5, 5)) {
				t.Errorf("preview of R-1: inherent %+v, want (5, 5) at level %d", row.Inherent, v2.LevelOf(5, 5))
			}
		}
		if got := w.storedRisk(r1.ID); got.MethodID != v1.ID {
			t.Errorf("a preview changed R-1: method %s", got.MethodID)
		}
		_, err = w.app.RescorePreview(w.ctx, w.asManager(), v2.ID, nil)
		wantCode(t, "RescorePreview(current version)", err, isms.Conflict)
		_, err = w.app.RescorePreview(w.ctx, w.asManager(), v1.ID, &isms.RescoreMap{Likelihood: []int{1, 2}, Impact: []int{1, 2, 9}})
		wantFields(t, "RescorePreview(bad map)", err, isms.Invalid, "likelihood", "impact[2]")
		_, err = w.app.Rescore(w.ctx, w.asContributor(), v1.ID, plan.Map)
		wantCode(t, "Rescore as a contributor", err, isms.Forbidden)

		w.clock.Advance(time.Hour)
		head := w.head(string(w.org.ID))
		rm := isms.RescoreMap{Likelihood: []int{1, 2, 4}, Impact: []int{2, 3, 5}}
		n, err := w.app.Rescore(w.ctx, w.asManager(), v1.ID, rm)
		if err != nil || n != 4 {
			t.Fatalf("Rescore(v1) = %d, %v; want 4 risks", n, err)
		}
		for _, c := range []struct {
			r                  *isms.Risk
			inherent, residual [2]int
		}{{r1, [2]int{4, 5}, [2]int{2, 2}}, {r2, [2]int{1, 3}, [2]int{}}, {r3, [2]int{}, [2]int{}}, {r4, [2]int{2, 3}, [2]int{1, 2}}} {
			got := w.storedRisk(c.r.ID)
			in, res := got.Inherent, got.Residual
			if got.MethodID != v2.ID || got.MethodNumber != 2 || got.Version != c.r.Version+1 ||
				[2]int{in.Likelihood, in.Impact} != c.inherent || in.Level != v2.LevelOf(c.inherent[0], c.inherent[1]) ||
				[2]int{res.Likelihood, res.Impact} != c.residual || res.Level != v2.LevelOf(c.residual[0], c.residual[1]) {
				t.Errorf("%s after re-scoring: v%d version %d, inherent %+v, residual %+v; want v2, inherent %v, residual %v",
					got.Ref, got.MethodNumber, got.Version, in, res, c.inherent, c.residual)
			}
		}
		if got := w.storedRisk(r4.ID); got.AcceptanceID != "" || !got.AcceptedUntil.IsZero() || got.Status != isms.RiskAssessed {
			t.Errorf("accepted R-4 after re-scoring: acceptance %q until %v, status %s; want none, assessed", got.AcceptanceID, got.AcceptedUntil, got.Status)
		}
		w.view(func(tx *sqldb.Tx) error {
			a, err := tx.FindRiskAcceptanceByID(w.ctx, w.org.ID, acc.ID)
			if err == nil && (!a.EndedAt.Equal(w.clock.Now()) || a.EndReason != isms.AcceptanceMethodChange) {
				t.Errorf("R-4's acceptance ended %v because %q; want now, %q", a.EndedAt, a.EndReason, isms.AcceptanceMethodChange)
			}
			return err
		})

		es := w.events(string(w.org.ID), head.Seq)
		if got := fmt.Sprint(actions(es)); got != "[risk.rescore risk.rescore risk.rescore risk.rescore risk_method.rescore]" {
			t.Fatalf("events of Rescore = %s", got)
		}
		for _, e := range es[:4] {
			c := changes(t, e)
			if c["methodVersion"] != (isms.Change{Before: float64(1), After: float64(2)}) {
				t.Errorf("%s %s: methodVersion %v, want 1 → 2", e.Action, e.ObjectID, c["methodVersion"])
			}
			if e.ObjectID == r1.ID {
				after, _ := c["inherent"].After.(map[string]any)
				if after["likelihood"] != float64(4) || after["impact"] != float64(5) || after["level"] != v2.LevelLabel(v2.LevelOf(4, 5)) {
					t.Errorf("R-1 inherent after = %v", c["inherent"].After)
				}
			}
			if e.ObjectID == r4.ID && (c["acceptance"].Before != string(acc.ID) || c["status"].Before != "accepted") {
				t.Errorf("R-4 changes = %v, want its acceptance and status ended", c)
			}
		}
		if c := changes(t, es[4]); es[4].ObjectID != v1.ID || c["risks"].After != float64(4) {
			t.Errorf("summary event on %s = %v, want 4 risks on v1", es[4].ObjectID, c)
		}
		if d := w.methodDetail(v1.ID); d.Risks != 0 {
			t.Errorf("v1 scores %d risks after re-scoring, want 0", d.Risks)
		}
	})
}

// TestRescoreOfFiveThousandRisks re-scores a large register in one call
// and logs how long it took.
func TestRescoreOfFiveThousandRisks(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 5,000 risks")
	}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		v1 := w.approvedMethod(5)
		const n = 5000
		risks := make([]*isms.Risk, n)
		var accs []*isms.RiskAcceptance
		for k := range risks {
			risks[k] = w.scoredRisk(v1, k+1, [2]int{k%5 + 1, k/5%5 + 1}, [2]int{k%3 + 1, k%2 + 1})
			if k%10 == 0 {
				accs = append(accs, w.acceptRiskDirectly(v1, risks[k]))
			}
		}
		w.storeRisks(risks, accs)
		v2 := w.approvedMethod(3)
		start := time.Now()
		got, err := w.app.Rescore(context.Background(), w.asManager(), v1.ID, isms.DefaultRescoreMap(v1, v2))
		elapsed := time.Since(start)
		if err != nil || got != n {
			t.Fatalf("Rescore(%d risks) = %d, %v", n, got, err)
		}
		t.Logf("re-scored %d risks (%d acceptances ended) in %v", n, len(accs), elapsed.Round(time.Millisecond))
		if d := w.methodDetail(v2.ID); d.Risks != n {
			t.Errorf("v2 scores %d risks, want %d", d.Risks, n)
		}
	})
}

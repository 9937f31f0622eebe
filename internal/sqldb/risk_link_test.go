// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestRiskLinks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		fx := newRiskFixture(t, db)
		r2 := fx.risks["R-2"]
		a3 := newAsset(fx.org, "AS-3")
		c2 := newControl(fx.org, "C-2", isms.ControlPlanned)
		c10 := newControl(fx.org, "C-10", isms.ControlPlanned)
		update(t, db, func(tx *sqldb.Tx) error {
			if err := tx.InsertAsset(ctx, a3); err != nil {
				return err
			}
			if err := tx.InsertControls(ctx, []*isms.Control{c2, c10}); err != nil {
				return err
			}
			if err := tx.SetRiskAssets(ctx, fx.org.ID, r2.ID, []isms.ID{a3.ID, fx.a2.ID, a3.ID}); err != nil {
				return err
			}
			return tx.SetRiskControls(ctx, fx.org.ID, r2.ID, []isms.ID{c10.ID, c2.ID, fx.c1.ID})
		})
		view(t, db, func(tx *sqldb.Tx) error {
			as, err := tx.RiskAssets(ctx, fx.org.ID, r2.ID)
			if d := cmp.Diff([]string{"AS-2", "AS-3"}, assetRefs(as)); d != "" || err != nil {
				t.Errorf("RiskAssets after SetRiskAssets (-want +got):\n%s%v", d, err)
			}
			cs, err := tx.RiskControls(ctx, fx.org.ID, r2.ID)
			var refs []string
			for _, c := range cs {
				refs = append(refs, c.Ref)
			}
			if d := cmp.Diff([]string{"C-1", "C-2", "C-10"}, refs); d != "" || err != nil {
				t.Errorf("RiskControls (-want +got):\n%s%v", d, err)
			}
			as, err = tx.RiskAssets(ctx, fx.other.ID, r2.ID)
			if len(as) != 0 || err != nil {
				t.Errorf("RiskAssets of another organization = %v, %v; want none", assetRefs(as), err)
			}
			return nil
		})
		update(t, db, func(tx *sqldb.Tx) error {
			if err := tx.SetRiskAssets(ctx, fx.org.ID, r2.ID, nil); err != nil {
				return err
			}
			// Links stored already are left alone.
			return tx.InsertRiskLinks(ctx, fx.org.ID, nil, [][2]isms.ID{{r2.ID, c2.ID}, {r2.ID, c2.ID}})
		})
		list, _ := findRisks(t, db, isms.RiskFilter{OrgID: fx.org.ID, Search: "R-2"})
		if len(list) != 1 || list[0].Assets != 0 || list[0].Controls != 3 {
			t.Errorf("R-2 after clearing its assets: %+v; want 0 assets and 3 controls", list)
		}
	})
}

func TestRiskActions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		fx := newRiskFixture(t, db)
		r1 := fx.risks["R-1"]
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.RiskActions(ctx, fx.org.ID, r1.ID)
			if err != nil {
				return err
			}
			want := []isms.TreatmentAction{
				{TaskID: fx.done.ID, RiskID: r1.ID, Title: "Back up offline", OwnerID: fx.ann.ID, OwnerName: "Ann",
					Due: day(t, "2025-01-10"), Status: isms.TaskDone},
				{TaskID: got[1].TaskID, RiskID: r1.ID, ControlID: fx.c1.ID, ControlRef: "C-1", Title: "Patch servers",
					OwnerID: fx.ann.ID, OwnerName: "Ann", Due: day(t, "2025-02-15"), Status: isms.TaskOpen},
			}
			if d := cmp.Diff(want, got, equateDates); d != "" {
				t.Errorf("RiskActions (-want +got):\n%s", d)
			}
			one, err := tx.FindRiskAction(ctx, fx.org.ID, got[1].TaskID)
			if err != nil || !cmp.Equal(*one, want[1], equateDates) {
				t.Errorf("FindRiskAction = %+v, %v", one, err)
			}
			_, err = tx.FindRiskAction(ctx, fx.other.ID, got[1].TaskID)
			wantCode(t, "FindRiskAction(another organization)", err, isms.NotFound)
			totals, err := tx.RiskActionTotals(ctx, fx.org.ID)
			wantTotals := map[isms.ID][2]int{r1.ID: {1, 1}, fx.risks["R-3"].ID: {1, 0}, fx.risks["R-10"].ID: {1, 0}}
			if d := cmp.Diff(wantTotals, totals); d != "" || err != nil {
				t.Errorf("RiskActionTotals (-want +got):\n%s%v", d, err)
			}
			return nil
		})
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertRiskAction(ctx, fx.org.ID, r1.ID, fx.done.ID, "") })
		wantCode(t, "InsertRiskAction(task in a plan already)", err, isms.Conflict)
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteRiskAction(ctx, fx.other.ID, fx.done.ID) })
		wantCode(t, "DeleteRiskAction(another organization)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteRiskAction(ctx, fx.org.ID, fx.done.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.RiskActions(ctx, fx.org.ID, r1.ID)
			if err != nil || len(got) != 1 || got[0].Title != "Patch servers" {
				t.Errorf("RiskActions after removing one = %+v, %v", got, err)
			}
			return nil
		})
	})
}

func TestRiskAcceptances(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		fx := newRiskFixture(t, db)
		r3 := fx.risks["R-3"]
		first := &isms.RiskAcceptance{ID: isms.NewID("racc"), OrgID: fx.org.ID, RiskID: r3.ID, AcceptedBy: fx.ann.ID,
			AcceptedByName: "Ann", MethodID: fx.m.ID, MethodNumber: 2, Residual: r3.Residual, LevelLabel: "Low",
			Comment: "Low enough", ExpiresOn: day(t, "2025-09-01")}
		second := *first
		second.ID, second.AcceptedAt, second.Comment = isms.NewID("racc"), t0.Add(time.Hour+time.Nanosecond), "Again"
		second.Residual.C = 2
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertRiskAcceptance(ctx, first) })
		at := t0.Add(time.Hour)
		update(t, db, func(tx *sqldb.Tx) error {
			if err := tx.EndRiskAcceptance(ctx, fx.org.ID, first.ID, at, isms.AcceptanceReplaced); err != nil {
				return err
			}
			return tx.InsertRiskAcceptance(ctx, &second)
		})
		// Ending it again keeps the first end.
		update(t, db, func(tx *sqldb.Tx) error {
			return tx.EndRiskAcceptance(ctx, fx.org.ID, first.ID, at.Add(time.Hour), isms.AcceptanceScoreChanged)
		})
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			return tx.EndRiskAcceptance(ctx, fx.other.ID, second.ID, at, isms.AcceptanceReplaced)
		})
		wantCode(t, "EndRiskAcceptance(another organization)", err, isms.NotFound)
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.RiskAcceptances(ctx, fx.org.ID, r3.ID)
			if err != nil {
				return err
			}
			ended := *first
			ended.AcceptedAt, ended.EndedAt, ended.EndReason = t0, at, isms.AcceptanceReplaced
			second.AcceptedAt = t0.Add(time.Hour)
			if d := cmp.Diff([]*isms.RiskAcceptance{&second, &ended}, got, equateDates); d != "" {
				t.Errorf("RiskAcceptances (-want +got):\n%s", d)
			}
			one, err := tx.FindRiskAcceptanceByID(ctx, fx.org.ID, second.ID)
			if err != nil || one.Comment != "Again" || !one.EndedAt.IsZero() {
				t.Errorf("FindRiskAcceptanceByID = %+v, %v", one, err)
			}
			_, err = tx.FindRiskAcceptanceByID(ctx, fx.other.ID, second.ID)
			wantCode(t, "FindRiskAcceptanceByID(another organization)", err, isms.NotFound)
			return nil
		})
	})
}

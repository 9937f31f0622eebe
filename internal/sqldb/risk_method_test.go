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

// newRiskMethod returns an unsaved draft 5×5 method of org numbered n.
func newRiskMethod(t *testing.T, org *isms.Organization, n int) *isms.RiskMethod {
	t.Helper()
	m, err := isms.RiskMethodPreset(5)
	if err != nil {
		t.Fatal(err)
	}
	m.ID, m.OrgID, m.Number = isms.NewID("rmt"), org.ID, n
	return m
}

// insertRiskMethod stores m.
func insertRiskMethod(t *testing.T, db *sqldb.DB, m *isms.RiskMethod) *isms.RiskMethod {
	t.Helper()
	update(t, db, func(tx *sqldb.Tx) error { return tx.InsertRiskMethod(context.Background(), m) })
	return m
}

// cia2x2 returns a 2×2 method of org that assesses C, I and A separately,
// with a person named to accept its top level.
func cia2x2(org *isms.Organization, acceptor isms.ID) *isms.RiskMethod {
	scale := []isms.RiskScaleLevel{{Value: 1, Label: "Low", Criteria: "Rare"}, {Value: 2, Label: "High", Criteria: "Often"}}
	return &isms.RiskMethod{ID: isms.NewID("rmt"), OrgID: org.ID, Number: 1, Name: "Tiny", Description: "Two by two",
		Likelihood: scale, Impact: scale, CIA: true, ImpactRule: isms.ImpactMean,
		Levels: []isms.RiskLevel{
			{Key: "ok", Label: "OK", Color: "#2e7d32", Retain: true, AcceptBy: isms.AcceptByOwner},
			{Key: "bad", Label: "Bad", Color: "#b71c1c", AcceptBy: isms.AcceptByPerson, AcceptUserID: acceptor},
		},
		Matrix: [][]int{{1, 1}, {1, 2}}, ReviewMonths: 6, Status: isms.MethodDraft}
}

func TestRiskMethodStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := setClock(db)
		org := insertOrg(t, db, "acme", "Acme")
		other := insertOrg(t, db, "other", "Other")
		ann := insertUser(t, db, "ann@example.com", "Ann")
		var n int
		view(t, db, func(tx *sqldb.Tx) (err error) {
			n, err = tx.MaxRiskMethodNumber(ctx, org.ID)
			return err
		})
		if n != 0 {
			t.Errorf("MaxRiskMethodNumber of no methods = %d, want 0", n)
		}
		err := db.View(ctx, func(tx *sqldb.Tx) error { _, err := tx.FindCurrentRiskMethod(ctx, org.ID); return err })
		wantCode(t, "FindCurrentRiskMethod(none approved)", err, isms.NotFound)

		v1 := cia2x2(org, ann.ID)
		v1.CreatedBy = ann.ID
		insertRiskMethod(t, db, v1)
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindRiskMethodByID(ctx, org.ID, v1.ID)
			if err != nil {
				return err
			}
			if d := cmp.Diff(v1, got); d != "" {
				t.Errorf("FindRiskMethodByID (-want +got):\n%s", d)
			}
			_, err = tx.FindRiskMethodByID(ctx, other.ID, v1.ID)
			wantCode(t, "FindRiskMethodByID(another organization)", err, isms.NotFound)
			return nil
		})
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertRiskMethod(ctx, newRiskMethod(t, org, 1)) })
		wantCode(t, "InsertRiskMethod(number taken)", err, isms.Conflict)

		clk.Advance(time.Hour)
		v1.Status, v1.ApprovedAt, v1.ApprovalID, v1.Name = isms.MethodApproved, clk.Now(), "apr_1", "Tiny, approved"
		v1.Matrix[0][1] = 2
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateRiskMethod(ctx, v1, 1) })
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateRiskMethod(ctx, v1, 1) })
		wantCode(t, "UpdateRiskMethod(stale version)", err, isms.Conflict)
		v2 := insertRiskMethod(t, db, newRiskMethod(t, org, 2))
		insertRiskMethod(t, db, newRiskMethod(t, other, 7))
		update(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindRiskMethodByIDForUpdate(ctx, org.ID, v1.ID)
			if err != nil {
				return err
			}
			if d := cmp.Diff(v1, got); d != "" || got.Version != 2 {
				t.Errorf("after UpdateRiskMethod (-want +got):\n%s", d)
			}
			cur, err := tx.FindCurrentRiskMethod(ctx, org.ID)
			if err != nil || cur.ID != v1.ID {
				t.Errorf("FindCurrentRiskMethod = %v, %v; want v1 (v2 is a draft)", cur, err)
			}
			list, err := tx.FindRiskMethods(ctx, org.ID)
			if err != nil || len(list) != 2 || list[0].ID != v2.ID || list[1].ID != v1.ID {
				t.Errorf("FindRiskMethods = %v, %v; want v2, v1", list, err)
			}
			if n, err := tx.MaxRiskMethodNumber(ctx, org.ID); n != 2 || err != nil {
				t.Errorf("MaxRiskMethodNumber = %d, %v; want 2", n, err)
			}
			return nil
		})

		update(t, db, func(tx *sqldb.Tx) error {
			r := newRisk(org, "R-1")
			r.MethodID = v1.ID
			return tx.InsertRisks(ctx, []*isms.Risk{r, newRisk(org, "R-2")})
		})
		view(t, db, func(tx *sqldb.Tx) error {
			counts, err := tx.CountRisksByMethod(ctx, org.ID)
			if d := cmp.Diff(map[isms.ID]int{v1.ID: 1}, counts); d != "" || err != nil {
				t.Errorf("CountRisksByMethod (-want +got):\n%s%v", d, err)
			}
			return nil
		})

		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteRiskMethod(ctx, other.ID, v2.ID) })
		wantCode(t, "DeleteRiskMethod(another organization)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteRiskMethod(ctx, org.ID, v2.ID) })
		err = db.View(ctx, func(tx *sqldb.Tx) error { _, err := tx.FindRiskMethodByID(ctx, org.ID, v2.ID); return err })
		wantCode(t, "FindRiskMethodByID(deleted)", err, isms.NotFound)
	})
}

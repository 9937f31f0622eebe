// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// ismsRiskRefs returns the references of rs, in order.
func ismsRiskRefs(rs []*isms.ISMSRisk) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Ref)
	}
	return out
}

func TestISMSRiskStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db) // today is 2025-03-03
		f := newTaskFixture(t, db)
		rec := func(org *isms.Organization, n int, kind isms.ISMSRiskKind, title string, l, i isms.ISMSLevel, st isms.ISMSRiskStatus) *isms.ISMSRisk {
			return &isms.ISMSRisk{ID: isms.NewID("irisk"), OrgID: org.ID, Ref: "RO-" + strconv.Itoa(n), Number: n, Kind: kind, Title: title,
				Likelihood: l, Impact: i, Status: st}
		}
		leaves := rec(f.acme, 1, isms.ISMSKindRisk, "ISMS manager leaves", isms.ISMSMedium, isms.ISMSHigh, isms.ISMSRiskPlanned)
		leaves.OwnerID, leaves.EvaluationMethod, leaves.ReviewOn = f.ann.ID, "A deputy runs one audit", day(t, "2025-06-30")
		budget := rec(f.acme, 2, isms.ISMSKindRisk, "Budget cut", isms.ISMSLow, isms.ISMSHigh, isms.ISMSRiskAddressed)
		budget.EvaluationMethod = "Compare the budget"
		automate := rec(f.acme, 10, isms.ISMSKindOpportunity, "automate evidence", isms.ISMSHigh, isms.ISMSHigh, isms.ISMSRiskOpen)
		update(t, db, func(tx *sqldb.Tx) error {
			for _, r := range []*isms.ISMSRisk{leaves, budget, automate,
				rec(f.beta, 1, isms.ISMSKindRisk, "Elsewhere", isms.ISMSLow, isms.ISMSLow, isms.ISMSRiskOpen)} {
				if err := tx.InsertISMSRisk(ctx, r); err != nil {
					return err
				}
			}
			return nil
		})
		overdue, open, cancelled := newTask(t, f.acme, f.ann, "Name a deputy", "2025-03-01"),
			newTask(t, f.acme, f.ann, "Write the handbook", "2025-04-01"), newTask(t, f.acme, f.ann, "Hire", "2025-04-01")
		overdue.Link, open.Link = isms.Link{Type: "isms_risk", ID: leaves.ID}, isms.Link{Type: "isms_risk", ID: leaves.ID}
		cancelled.Link, cancelled.Status = isms.Link{Type: "isms_risk", ID: budget.ID}, isms.TaskCancelled
		insertTask(t, db, overdue, open, cancelled)

		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindISMSRisk(ctx, f.acme.ID, "ro-1")
			leaves.OwnerName, leaves.OpenActions, leaves.OverdueActions = "Ann Archer", 2, 1
			if d := cmp.Diff(leaves, got, equateDates); d != "" || err != nil {
				t.Errorf("FindISMSRisk(ro-1) (-want +got):\n%s%v", d, err)
			}
			if got, err := tx.FindISMSRisk(ctx, f.acme.ID, string(budget.ID)); err != nil || got.Ref != "RO-2" || got.OpenActions != 0 {
				t.Errorf("FindISMSRisk(ID) = %+v, %v", got, err)
			}
			_, err = tx.FindISMSRisk(ctx, f.beta.ID, string(leaves.ID))
			wantCode(t, "FindISMSRisk(another organization's)", err, isms.NotFound)
			for _, c := range []struct {
				f    isms.ISMSRiskFilter
				want []string
			}{
				{isms.ISMSRiskFilter{}, []string{"RO-1", "RO-2", "RO-10"}},
				{isms.ISMSRiskFilter{Sort: "-ref"}, []string{"RO-10", "RO-2", "RO-1"}},
				{isms.ISMSRiskFilter{Sort: "title"}, []string{"RO-10", "RO-2", "RO-1"}},
				{isms.ISMSRiskFilter{Sort: "-rating"}, []string{"RO-10", "RO-1", "RO-2"}},
				{isms.ISMSRiskFilter{Sort: "status"}, []string{"RO-10", "RO-1", "RO-2"}},
				{isms.ISMSRiskFilter{Sort: "owner"}, []string{"RO-1", "RO-2", "RO-10"}},
				{isms.ISMSRiskFilter{Sort: "review"}, []string{"RO-1", "RO-2", "RO-10"}},
				{isms.ISMSRiskFilter{Kind: isms.ISMSKindOpportunity}, []string{"RO-10"}},
				{isms.ISMSRiskFilter{Status: isms.ISMSRiskPlanned}, []string{"RO-1"}},
				{isms.ISMSRiskFilter{OwnerID: f.ann.ID}, []string{"RO-1"}},
				{isms.ISMSRiskFilter{Rating: isms.ISMSHigh}, []string{"RO-1", "RO-10"}},
				{isms.ISMSRiskFilter{Rating: isms.ISMSMedium}, []string{"RO-2"}},
				{isms.ISMSRiskFilter{Rating: isms.ISMSLow}, []string{}},
				{isms.ISMSRiskFilter{NoActions: true}, []string{"RO-2", "RO-10"}},
				{isms.ISMSRiskFilter{EvaluationDue: true}, []string{"RO-2"}},
				{isms.ISMSRiskFilter{NoActions: true, Kind: isms.ISMSKindRisk}, []string{"RO-2"}},
			} {
				c.f.OrgID = f.acme.ID
				got, total, err := tx.FindISMSRisks(ctx, c.f)
				if d := cmp.Diff(c.want, ismsRiskRefs(got)); d != "" || total != len(c.want) || err != nil {
					t.Errorf("FindISMSRisks(%+v) (-want +got):\n%s total %d, %v", c.f, d, total, err)
				}
			}
			page, total, err := tx.FindISMSRisks(ctx, isms.ISMSRiskFilter{OrgID: f.acme.ID, Limit: 1, Offset: 1})
			if d := cmp.Diff([]string{"RO-2"}, ismsRiskRefs(page)); d != "" || total != 3 || err != nil {
				t.Errorf("page 2 (-want +got):\n%s total %d, %v", d, total, err)
			}
			return nil
		})

		budget.Status, budget.Effective, budget.EvaluatedOn, budget.Evaluation = isms.ISMSRiskClosed, "yes", day(t, "2025-03-02"), "Kept"
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateISMSRisk(ctx, budget, 1) })
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateISMSRisk(ctx, budget, 1) })
		wantCode(t, "UpdateISMSRisk(stale)", err, isms.Conflict)
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindISMSRisk(ctx, f.acme.ID, "RO-2")
			if err != nil || got.Version != 2 || got.Status != isms.ISMSRiskClosed || got.EvaluatedOn.String() != "2025-03-02" {
				t.Errorf("after the update = %+v, %v", got, err)
			}
			return nil
		})
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteISMSRisk(ctx, f.beta.ID, budget.ID) })
		wantCode(t, "DeleteISMSRisk(from another organization)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteISMSRisk(ctx, f.acme.ID, budget.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindISMSRisk(ctx, f.acme.ID, "RO-2")
			wantCode(t, "FindISMSRisk(deleted)", err, isms.NotFound)
			return nil
		})
	})
}

func TestISMSChangeStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		f := newTaskFixture(t, db)
		chg := func(org *isms.Organization, n int, title string, st isms.ISMSChangeStatus, planned, completed string) *isms.ISMSChange {
			c := &isms.ISMSChange{ID: isms.NewID("chg"), OrgID: org.ID, Ref: "CHG-" + strconv.Itoa(n), Number: n, Title: title,
				Reason: "Because", Status: st}
			if planned != "" {
				c.PlannedOn = day(t, planned)
			}
			if completed != "" {
				c.CompletedOn = day(t, completed)
			}
			return c
		}
		site := chg(f.acme, 1, "New site in scope", isms.ChangeImplemented, "2025-01-15", "2025-02-10")
		site.OwnerID, site.Consequences, site.Resources, site.Responsibilities = f.ann.ID, "Risk register", "2 days", "Ann"
		tool := chg(f.acme, 2, "GRC tool", isms.ChangeInProgress, "2025-04-01", "")
		older := chg(f.acme, 3, "Old reorganisation", isms.ChangeImplemented, "2024-10-01", "2024-11-30")
		update(t, db, func(tx *sqldb.Tx) error {
			for _, c := range []*isms.ISMSChange{site, tool, older, chg(f.beta, 1, "Elsewhere", isms.ChangeImplemented, "", "2025-02-01")} {
				if err := tx.InsertISMSChange(ctx, c); err != nil {
					return err
				}
			}
			return nil
		})
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindISMSChange(ctx, f.acme.ID, "chg-1")
			site.OwnerName = "Ann Archer"
			if d := cmp.Diff(site, got, equateDates); d != "" || err != nil {
				t.Errorf("FindISMSChange(chg-1) (-want +got):\n%s%v", d, err)
			}
			_, err = tx.FindISMSChange(ctx, f.beta.ID, string(site.ID))
			wantCode(t, "FindISMSChange(another organization's)", err, isms.NotFound)
			for _, c := range []struct {
				f    isms.ISMSChangeFilter
				want []string
			}{
				{isms.ISMSChangeFilter{}, []string{"CHG-1", "CHG-2", "CHG-3"}},
				{isms.ISMSChangeFilter{Sort: "planned"}, []string{"CHG-3", "CHG-1", "CHG-2"}},
				{isms.ISMSChangeFilter{Sort: "-completed"}, []string{"CHG-2", "CHG-1", "CHG-3"}},
				{isms.ISMSChangeFilter{Sort: "status"}, []string{"CHG-2", "CHG-1", "CHG-3"}},
				{isms.ISMSChangeFilter{Status: isms.ChangeImplemented}, []string{"CHG-1", "CHG-3"}},
				{isms.ISMSChangeFilter{OwnerID: f.ann.ID}, []string{"CHG-1"}},
				{isms.ISMSChangeFilter{PlannedFrom: day(t, "2025-01-01")}, []string{"CHG-1", "CHG-2"}},
				{isms.ISMSChangeFilter{PlannedFrom: day(t, "2025-01-01"), PlannedTo: day(t, "2025-03-31")}, []string{"CHG-1"}},
			} {
				c.f.OrgID = f.acme.ID
				got, total, err := tx.FindISMSChanges(ctx, c.f)
				if d := cmp.Diff(c.want, ismsChangeRefs(got)); d != "" || total != len(c.want) || err != nil {
					t.Errorf("FindISMSChanges(%+v) (-want +got):\n%s total %d, %v", c.f, d, total, err)
				}
			}
			got2, err := tx.FindImplementedISMSChanges(ctx, f.acme.ID, day(t, "2025-02-10"))
			if d := cmp.Diff([]string{"CHG-1"}, ismsChangeRefs(got2)); d != "" || err != nil {
				t.Errorf("implemented since 2025-02-10 (-want +got):\n%s%v", d, err)
			}
			got2, err = tx.FindImplementedISMSChanges(ctx, f.acme.ID, isms.Date{})
			if d := cmp.Diff([]string{"CHG-3", "CHG-1"}, ismsChangeRefs(got2)); d != "" || err != nil {
				t.Errorf("every implemented change (-want +got):\n%s%v", d, err)
			}
			return nil
		})
		tool.Status, tool.Consequences, tool.CompletedOn = isms.ChangeImplemented, "Training", day(t, "2025-03-01")
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateISMSChange(ctx, tool, 1) })
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateISMSChange(ctx, tool, 1) })
		wantCode(t, "UpdateISMSChange(stale)", err, isms.Conflict)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteISMSChange(ctx, f.acme.ID, older.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindImplementedISMSChanges(ctx, f.acme.ID, isms.Date{})
			if d := cmp.Diff([]string{"CHG-1", "CHG-2"}, ismsChangeRefs(got)); d != "" || err != nil {
				t.Errorf("after the update and delete (-want +got):\n%s%v", d, err)
			}
			return nil
		})
	})
}

// ismsChangeRefs returns the references of cs, in order.
func ismsChangeRefs(cs []*isms.ISMSChange) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Ref)
	}
	return out
}

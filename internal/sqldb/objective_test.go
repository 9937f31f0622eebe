// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// objectiveRefs returns the references of os, in order.
func objectiveRefs(os []*isms.Objective) []string {
	out := []string{}
	for _, o := range os {
		out = append(out, o.Ref)
	}
	return out
}

// objectiveFixture is acme's objectives OBJ-1, OBJ-2 and OBJ-10 (owned by
// Ann, serving policy DOC-1, or neither), and OBJ-1 of another
// organization.
type objectiveFixture struct {
	org, other        *isms.Organization
	ann               *isms.User
	policy            *isms.Document
	o1, o2, o10, away *isms.Objective
}

func newObjectiveFixture(t *testing.T, db *sqldb.DB) *objectiveFixture {
	t.Helper()
	ctx := context.Background()
	f := &objectiveFixture{org: insertOrg(t, db, "acme", "Acme"), other: insertOrg(t, db, "other", "Other")}
	f.ann = insertUser(t, db, "ann@example.com", "Ann Archer")
	addMember(t, db, f.org.ID, f.ann.ID, isms.RoleManager)
	f.policy = newDocument(f.org, "DOC-1", f.ann)
	f.policy.Title = "Information security policy"
	obj := func(o *isms.Organization, ref, statement string, st isms.ObjectiveStatus, due string) *isms.Objective {
		x := &isms.Objective{ID: isms.NewID("obj"), OrgID: o.ID, Ref: ref, Statement: statement, Status: st, CreatedBy: f.ann.ID}
		if due != "" {
			x.DueOn = day(t, due)
		}
		return x
	}
	f.o1 = obj(f.org, "OBJ-1", "Patch critical vulnerabilities within 14 days", isms.ObjectiveInProgress, "2025-06-30")
	f.o1.PolicyID, f.o1.PolicyRef, f.o1.PolicyTitle = f.policy.ID, "DOC-1", f.policy.Title
	f.o1.OwnerID, f.o1.OwnerName, f.o1.Target, f.o1.Resources = f.ann.ID, f.ann.Name, "95% by mid-year", "Two admins, 10% of their time"
	f.o1.Evaluation = "Monthly patch report"
	f.o2 = obj(f.org, "OBJ-2", "All staff complete awareness training", isms.ObjectivePlanned, "2025-01-31")
	f.o10 = obj(f.org, "OBJ-10", "Answer incidents within 4 hours (100%_ pure)", isms.ObjectiveCancelled, "")
	f.away = obj(f.other, "OBJ-1", "Elsewhere", isms.ObjectivePlanned, "2025-01-01")
	update(t, db, func(tx *sqldb.Tx) error {
		if err := tx.InsertDocument(ctx, f.policy); err != nil {
			return err
		}
		for _, o := range []*isms.Objective{f.o10, f.o2, f.o1, f.away} {
			if err := tx.InsertObjective(ctx, o); err != nil {
				return err
			}
		}
		return nil
	})
	return f
}

func TestObjectiveStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		f := newObjectiveFixture(t, db)
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindObjectiveByID(ctx, f.org.ID, f.o1.ID)
			if d := cmp.Diff(f.o1, got, equateDates); d != "" || err != nil {
				t.Errorf("FindObjectiveByID (-want +got):\n%s%v", d, err)
			}
			if got.Number != 1 || f.o10.Number != 10 {
				t.Errorf("numbers %d and %d, want 1 and 10", got.Number, f.o10.Number)
			}
			got, err = tx.FindObjectiveByRef(ctx, f.org.ID, "OBJ-10")
			if d := cmp.Diff(f.o10, got, equateDates); d != "" || err != nil {
				t.Errorf("FindObjectiveByRef (-want +got):\n%s%v", d, err)
			}
			_, err = tx.FindObjectiveByID(ctx, f.other.ID, f.o1.ID)
			wantCode(t, "FindObjectiveByID(another organization)", err, isms.NotFound)
			got, err = tx.FindObjectiveByRef(ctx, f.other.ID, "OBJ-1")
			if err != nil || got.ID != f.away.ID {
				t.Errorf("FindObjectiveByRef(other, OBJ-1) = %v, %v; want the other organization's own", got, err)
			}
			_, err = tx.FindObjectiveByRef(ctx, f.org.ID, "OBJ-3")
			wantCode(t, "FindObjectiveByRef(OBJ-3)", err, isms.NotFound)
			return nil
		})
	})
}

func TestFindObjectives(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		f := newObjectiveFixture(t, db)
		view(t, db, func(tx *sqldb.Tx) error {
			for _, c := range []struct {
				name string
				f    isms.ObjectiveFilter
				want []string
			}{
				{"all, by reference in number order", isms.ObjectiveFilter{}, []string{"OBJ-1", "OBJ-2", "OBJ-10"}},
				{"descending reference", isms.ObjectiveFilter{Sort: "-ref"}, []string{"OBJ-10", "OBJ-2", "OBJ-1"}},
				{"statement", isms.ObjectiveFilter{Sort: "statement"}, []string{"OBJ-2", "OBJ-10", "OBJ-1"}},
				{"status in display order", isms.ObjectiveFilter{Sort: "status"}, []string{"OBJ-2", "OBJ-1", "OBJ-10"}},
				{"due date, none last", isms.ObjectiveFilter{Sort: "dueOn"}, []string{"OBJ-2", "OBJ-1", "OBJ-10"}},
				{"owner, none last", isms.ObjectiveFilter{Sort: "owner"}, []string{"OBJ-1", "OBJ-2", "OBJ-10"}},
				{"an unknown sort is by reference", isms.ObjectiveFilter{Sort: "x; DROP TABLE objectives"}, []string{"OBJ-1", "OBJ-2", "OBJ-10"}},
				{"status", isms.ObjectiveFilter{Status: isms.ObjectivePlanned}, []string{"OBJ-2"}},
				{"owner", isms.ObjectiveFilter{OwnerID: f.ann.ID}, []string{"OBJ-1"}},
				{"due before, excluding the day", isms.ObjectiveFilter{DueBefore: day(t, "2025-06-30")}, []string{"OBJ-2"}},
				{"overdue on a day: open ones only", isms.ObjectiveFilter{OverdueOn: day(t, "2025-07-01")}, []string{"OBJ-1", "OBJ-2"}},
				{"overdue early in the year", isms.ObjectiveFilter{OverdueOn: day(t, "2025-02-01")}, []string{"OBJ-2"}},
				{"search in the statement, any case", isms.ObjectiveFilter{Search: "PATCH"}, []string{"OBJ-1"}},
				{"search in the reference", isms.ObjectiveFilter{Search: "obj-10"}, []string{"OBJ-10"}},
				{"search in the target", isms.ObjectiveFilter{Search: "mid-year"}, []string{"OBJ-1"}},
				{"search takes % and _ literally", isms.ObjectiveFilter{Search: "%_ p"}, []string{"OBJ-10"}},
				{"search with nothing found", isms.ObjectiveFilter{Search: "firewall"}, []string{}},
				{"filters combine", isms.ObjectiveFilter{Status: isms.ObjectiveInProgress, Search: "awareness"}, []string{}},
			} {
				got, total, err := tx.FindObjectives(ctx, f.org.ID, c.f)
				if d := cmp.Diff(c.want, objectiveRefs(got)); d != "" || total != len(c.want) || err != nil {
					t.Errorf("%s: FindObjectives (-want +got):\n%s total %d, %v", c.name, d, total, err)
				}
			}
			got, total, err := tx.FindObjectives(ctx, f.org.ID, isms.ObjectiveFilter{Limit: 1, Offset: 1})
			if d := cmp.Diff([]string{"OBJ-2"}, objectiveRefs(got)); d != "" || total != 3 || err != nil {
				t.Errorf("FindObjectives page 2 (-want +got):\n%s total %d, %v", d, total, err)
			}
			got, total, err = tx.FindObjectives(ctx, f.org.ID, isms.ObjectiveFilter{Offset: 5})
			if len(got) != 0 || total != 3 || err != nil {
				t.Errorf("FindObjectives past the end = %v, total %d, %v", objectiveRefs(got), total, err)
			}
			got, _, err = tx.FindObjectives(ctx, f.other.ID, isms.ObjectiveFilter{})
			if d := cmp.Diff([]string{"OBJ-1"}, objectiveRefs(got)); d != "" || got[0].ID != f.away.ID || err != nil {
				t.Errorf("FindObjectives(other) (-want +got):\n%s%v", d, err)
			}
			return nil
		})
	})
}

func TestObjectiveUpdateDelete(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := setClock(db)
		f := newObjectiveFixture(t, db)
		later := clk.Advance(3600e9)
		o := *f.o1
		o.Statement, o.PolicyID, o.OwnerID, o.DueOn, o.Status = "Patch within 7 days", "", "", isms.Date{}, isms.ObjectiveAchieved
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateObjective(ctx, &o, 1) })
		if o.Version != 2 || !o.UpdatedAt.Equal(later) {
			t.Errorf("after update: version %d, updated %v", o.Version, o.UpdatedAt)
		}
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindObjectiveByID(ctx, f.org.ID, o.ID)
			if err != nil {
				return err
			}
			if got.Statement != "Patch within 7 days" || got.PolicyID != "" || got.PolicyRef != "" || got.OwnerID != "" ||
				got.OwnerName != "" || !got.DueOn.IsZero() || got.Status != isms.ObjectiveAchieved || got.Version != 2 || got.Ref != "OBJ-1" {
				t.Errorf("stored after update: %+v", got)
			}
			return nil
		})
		stale := *f.o1
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateObjective(ctx, &stale, 1) })
		wantCode(t, "UpdateObjective(stale)", err, isms.Conflict)
		away := *f.o1
		away.OrgID = f.other.ID
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateObjective(ctx, &away, 2) })
		wantCode(t, "UpdateObjective(another organization)", err, isms.Conflict)

		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteObjective(ctx, f.other.ID, f.o1.ID) })
		wantCode(t, "DeleteObjective(another organization)", err, isms.NotFound)
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteObjective(ctx, f.org.ID, f.o1.ID) })
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteObjective(ctx, f.org.ID, f.o1.ID) })
		wantCode(t, "DeleteObjective(again)", err, isms.NotFound)
		view(t, db, func(tx *sqldb.Tx) error {
			got, total, err := tx.FindObjectives(ctx, f.org.ID, isms.ObjectiveFilter{})
			if d := cmp.Diff([]string{"OBJ-2", "OBJ-10"}, objectiveRefs(got)); d != "" || total != 2 || err != nil {
				t.Errorf("after delete (-want +got):\n%s total %d, %v", d, total, err)
			}
			return nil
		})
	})
}

func TestObjectiveMetrics(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		setClock(db)
		f := newObjectiveFixture(t, db)
		monthly, err := isms.ParseRecurrence("every month")
		if err != nil {
			t.Fatal(err)
		}
		metric := func(o *isms.Organization, ref string, n int) *isms.Metric {
			return &isms.Metric{ID: isms.NewID("met"), OrgID: o.ID, Ref: ref, Number: n, Name: "Metric " + ref, Method: "Count",
				Direction: isms.HigherIsBetter, Target: 90, Frequency: monthly}
		}
		m2, m10, m3, away := metric(f.org, "M-2", 2), metric(f.org, "M-10", 10), metric(f.org, "M-3", 3), metric(f.other, "M-1", 1)
		update(t, db, func(tx *sqldb.Tx) error {
			for _, m := range []*isms.Metric{m10, m2, m3, away} {
				if err := tx.InsertMetric(ctx, m); err != nil {
					return err
				}
			}
			link := func(org *isms.Organization, o *isms.Objective, ms ...*isms.Metric) error {
				ids := []isms.ID{}
				for _, m := range ms {
					ids = append(ids, m.ID)
				}
				_, err := tx.SetRecordLinks(ctx, org.ID, isms.Link{Type: "objective", ID: o.ID}, "metric", ids)
				return err
			}
			if err := link(f.org, f.o1, m10, m2, m3); err != nil {
				return err
			}
			if err := link(f.org, f.o2, m3); err != nil {
				return err
			}
			_, err := tx.SetRecordLinks(ctx, f.org.ID, isms.Link{Type: "objective", ID: f.o2.ID}, "control", []isms.ID{"ctl_x"})
			if err != nil {
				return err
			}
			return link(f.other, f.away, away)
		})
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.ObjectiveMetrics(ctx, f.org.ID, []isms.ID{f.o1.ID, f.o2.ID, f.o10.ID, f.away.ID})
			want := map[isms.ID][]isms.ID{f.o1.ID: {m2.ID, m3.ID, m10.ID}, f.o2.ID: {m3.ID}}
			if d := cmp.Diff(want, got); d != "" || err != nil {
				t.Errorf("ObjectiveMetrics (-want +got):\n%s%v", d, err)
			}
			got, err = tx.ObjectiveMetrics(ctx, f.org.ID, nil)
			if len(got) != 0 || err != nil {
				t.Errorf("ObjectiveMetrics(none) = %v, %v", got, err)
			}
			return nil
		})
	})
}

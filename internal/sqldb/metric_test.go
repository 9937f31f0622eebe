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

func metricRefs(ms []*isms.Metric) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.Ref)
	}
	return out
}

// newMetric is a monthly metric of org where higher is better.
func newMetric(t *testing.T, org isms.ID, ref, name string) *isms.Metric {
	t.Helper()
	r, err := isms.ParseRecurrence("every month")
	if err != nil {
		t.Fatal(err)
	}
	return &isms.Metric{ID: isms.NewID("met"), OrgID: org, Ref: ref, Name: name, Method: "Count from the ticket system.",
		Direction: isms.HigherIsBetter, Target: 95, Frequency: r}
}

func TestMetricStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		ann := insertUser(t, db, "ann@example.com", "Ann")
		bob := insertUser(t, db, "bob@example.com", "Bob")
		patch := newMetric(t, org.ID, "M-2", "Patched within 30 days")
		w := 90.0
		patch.Unit, patch.Warning, patch.MeasuredBy, patch.AnalysedBy, patch.Description = "%", &w, ann.ID, bob.ID, "Critical patches"
		phish := newMetric(t, org.ID, "M-10", "phishing reports")
		phish.Direction, phish.Target, phish.MeasuredBy = isms.LowerIsBetter, 5, bob.ID
		backup := newMetric(t, org.ID, "M-3", "Backup restores tested")
		update(t, db, func(tx *sqldb.Tx) error {
			for _, m := range []*isms.Metric{patch, phish, backup, newMetric(t, other.ID, "M-1", "Elsewhere")} {
				if err := tx.InsertMetric(ctx, m); err != nil {
					return err
				}
			}
			return nil
		})
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertMetric(ctx, newMetric(t, org.ID, "M-3", "Twin")) })
		wantCode(t, "InsertMetric(taken reference)", err, isms.Conflict)
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindMetricByID(ctx, org.ID, patch.ID)
			want := *patch
			want.MeasuredByName, want.AnalysedByName, want.Number = "Ann", "Bob", 2
			if d := cmp.Diff(&want, got, equateDates); d != "" || err != nil {
				t.Errorf("FindMetricByID (-want +got):\n%s%v", d, err)
			}
			if got, err := tx.FindMetricByID(ctx, org.ID, "m-10"); err != nil || got.ID != phish.ID || got.Warning != nil {
				t.Errorf("FindMetricByID(m-10) = %+v, %v; want M-10 without a warning threshold", got, err)
			}
			_, err = tx.FindMetricByID(ctx, other.ID, patch.ID)
			wantCode(t, "FindMetricByID(another organization)", err, isms.NotFound)
			for _, c := range []struct {
				f      sqldb.MetricFilter
				sort   string
				limit  int
				offset int
				want   []string
				total  int
			}{
				{sqldb.MetricFilter{}, "", 50, 0, []string{"M-2", "M-3", "M-10"}, 3},
				{sqldb.MetricFilter{}, "-ref", 50, 0, []string{"M-10", "M-3", "M-2"}, 3},
				{sqldb.MetricFilter{}, "name", 50, 0, []string{"M-3", "M-2", "M-10"}, 3},
				{sqldb.MetricFilter{}, "", 1, 1, []string{"M-3"}, 3},
				{sqldb.MetricFilter{Text: "PATCH"}, "", 50, 0, []string{"M-2"}, 1},
				{sqldb.MetricFilter{Text: "m-1"}, "", 50, 0, []string{"M-10"}, 1},
				{sqldb.MetricFilter{Text: "100%"}, "", 50, 0, []string{}, 0},
				{sqldb.MetricFilter{MeasuredBy: bob.ID}, "", 50, 0, []string{"M-10"}, 1},
			} {
				got, total, err := tx.FindMetrics(ctx, org.ID, c.f, c.sort, c.limit, c.offset)
				if err != nil || total != c.total || !cmp.Equal(metricRefs(got), c.want) {
					t.Errorf("FindMetrics(%+v, %q, %d, %d) = %v, %d, %v; want %v, %d", c.f, c.sort, c.limit, c.offset,
						metricRefs(got), total, err, c.want, c.total)
				}
			}
			got2, err := tx.FindMetricsByIDs(ctx, org.ID, []isms.ID{phish.ID, "met_missing", patch.ID})
			if err != nil || !cmp.Equal(metricRefs(got2), []string{"M-2", "M-10"}) {
				t.Errorf("FindMetricsByIDs = %v, %v", metricRefs(got2), err)
			}
			return nil
		})

		clk.Advance(time.Hour)
		changed := *patch
		changed.Name, changed.Warning, changed.AnalysedBy = "Critical patches within 30 days", nil, ""
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateMetric(ctx, &changed, 1) })
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateMetric(ctx, &changed, 1) })
		wantCode(t, "UpdateMetric(stale version)", err, isms.Conflict)
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindMetricByID(ctx, org.ID, patch.ID)
			if err != nil || got.Version != 2 || got.Name != changed.Name || got.Warning != nil || got.AnalysedBy != "" || !got.UpdatedAt.Equal(clk.Now()) {
				t.Errorf("after UpdateMetric: %+v, %v", got, err)
			}
			return nil
		})
	})
}

func TestMeasurementStore(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		clk := setClock(db)
		org, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		ann := insertUser(t, db, "ann@example.com", "Ann")
		patch, phish := newMetric(t, org.ID, "M-1", "Patching"), newMetric(t, org.ID, "M-2", "Phishing")
		elsewhere := newMetric(t, other.ID, "M-1", "Elsewhere")
		update(t, db, func(tx *sqldb.Tx) error {
			for _, m := range []*isms.Metric{patch, phish, elsewhere} {
				if err := tx.InsertMetric(ctx, m); err != nil {
					return err
				}
			}
			return nil
		})
		record := func(m *isms.Metric, v float64, on string) *isms.Measurement {
			x := &isms.Measurement{ID: isms.NewID("msr"), OrgID: m.OrgID, MetricID: m.ID, Value: v, MeasuredOn: day(t, on),
				MeasuredBy: ann.ID, Comment: "from the report"}
			clk.Advance(time.Minute)
			update(t, db, func(tx *sqldb.Tx) error { return tx.InsertMeasurement(ctx, x) })
			return x
		}
		march := record(patch, 91.5, "2025-03-31")
		jan := record(patch, 88, "2025-01-31")
		feb := record(patch, 93, "2025-02-28")
		febAgain := record(patch, 94, "2025-02-28") // a second result on one day: the later recorded counts
		record(elsewhere, 1, "2025-04-30")
		view(t, db, func(tx *sqldb.Tx) error {
			list, total, err := tx.FindMeasurements(ctx, org.ID, patch.ID, 50, 0)
			ids := []isms.ID{}
			for _, x := range list {
				ids = append(ids, x.ID)
			}
			if err != nil || total != 4 || !cmp.Equal(ids, []isms.ID{march.ID, febAgain.ID, feb.ID, jan.ID}) {
				t.Errorf("FindMeasurements = %v, %d, %v; want the latest first", ids, total, err)
			}
			if list, total, _ := tx.FindMeasurements(ctx, org.ID, patch.ID, 2, 1); total != 4 || len(list) != 2 || list[0].ID != febAgain.ID || list[1].ID != feb.ID {
				t.Errorf("FindMeasurements(limit 2, offset 1) = %d of %d, want the two February results", len(list), total)
			}
			want := *march
			want.MeasuredByName = "Ann"
			got, err := tx.FindMeasurementByID(ctx, org.ID, march.ID)
			if d := cmp.Diff(&want, got, equateDates); d != "" || err != nil {
				t.Errorf("FindMeasurementByID (-want +got):\n%s%v", d, err)
			}
			_, err = tx.FindMeasurementByID(ctx, other.ID, march.ID)
			wantCode(t, "FindMeasurementByID(another organization)", err, isms.NotFound)
			latest, err := tx.LatestMeasurements(ctx, org.ID, []isms.ID{patch.ID, phish.ID, elsewhere.ID})
			if err != nil || len(latest) != 1 || latest[patch.ID].ID != march.ID {
				t.Errorf("LatestMeasurements = %v, %v; want only M-1's March result", latest, err)
			}
			days, err := tx.MeasuredDays(ctx, org.ID, patch.ID, []isms.Date{day(t, "2025-02-28"), day(t, "2025-04-30"), day(t, "2025-01-31")})
			if err != nil || !cmp.Equal(days, map[string]bool{"2025-02-28": true, "2025-01-31": true}) {
				t.Errorf("MeasuredDays = %v, %v", days, err)
			}
			return nil
		})
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteMeasurement(ctx, org.ID, march.ID) })
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.DeleteMeasurement(ctx, org.ID, march.ID) })
		wantCode(t, "DeleteMeasurement(deleted)", err, isms.NotFound)
		view(t, db, func(tx *sqldb.Tx) error {
			latest, err := tx.LatestMeasurements(ctx, org.ID, []isms.ID{patch.ID})
			if err != nil || latest[patch.ID].ID != febAgain.ID {
				t.Errorf("after deleting March the latest is %v, %v; want February's second result", latest[patch.ID], err)
			}
			return nil
		})
		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteMetric(ctx, org.ID, patch.ID) })
		view(t, db, func(tx *sqldb.Tx) error {
			if _, total, err := tx.FindMeasurements(ctx, org.ID, patch.ID, 50, 0); total != 0 || err != nil {
				t.Errorf("after DeleteMetric %d measurements remain (%v)", total, err)
			}
			if _, total, _ := tx.FindMeasurements(ctx, other.ID, elsewhere.ID, 50, 0); total != 1 {
				t.Errorf("the other organization's measurement is gone")
			}
			return nil
		})
	})
}

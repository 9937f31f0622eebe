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

func TestReadinessRunsKeepTheLatestOfEachDay(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		acme, other := insertOrg(t, db, "acme", "Acme"), insertOrg(t, db, "other", "Other")
		day1, day2 := isms.NewDate(2026, 3, 2), isms.NewDate(2026, 3, 3)
		morning := time.Date(2026, 3, 2, 9, 0, 0, 123456000, time.UTC)
		run := func(day isms.Date, at time.Time, score int) isms.ReadinessRun {
			return isms.ReadinessRun{Day: day, At: at, Score: score, Blockers: 100 - score, Warnings: 2, Hints: 1,
				Clauses: map[string]int{"4.1": score, "A": 100}}
		}
		set := func(org isms.ID, r isms.ReadinessRun) {
			t.Helper()
			update(t, db, func(tx *sqldb.Tx) error { return tx.SetReadinessRun(ctx, org, r) })
		}
		find := func(org isms.ID, since isms.Date) (runs []isms.ReadinessRun) {
			t.Helper()
			view(t, db, func(tx *sqldb.Tx) (err error) {
				runs, err = tx.FindReadinessRuns(ctx, org, since)
				return err
			})
			return runs
		}
		set(acme.ID, run(day1, morning, 40))
		set(acme.ID, run(day1, morning.Add(time.Hour), 55))    // later the same day: replaces
		set(acme.ID, run(day1, morning.Add(-time.Hour), 10))   // earlier than the kept one: ignored
		set(acme.ID, run(day2, morning.Add(24*time.Hour), 60)) // the next day: a second row
		set(other.ID, run(day2, morning.Add(24*time.Hour), 5))

		want := []isms.ReadinessRun{run(day1, morning.Add(time.Hour), 55), run(day2, morning.Add(24*time.Hour), 60)}
		if diff := cmp.Diff(want, find(acme.ID, day1), cmp.AllowUnexported(isms.Date{})); diff != "" {
			t.Errorf("runs since %s (-want +got):\n%s", day1, diff)
		}
		if got := find(acme.ID, day2); len(got) != 1 || got[0].Score != 60 {
			t.Errorf("runs since %s = %+v, want the run of that day only", day2, got)
		}
		if got := find(acme.ID, isms.Date{}); len(got) != 2 {
			t.Errorf("runs since the zero date = %d, want every run", len(got))
		}
		if got := find(other.ID, day1); len(got) != 1 || got[0].Score != 5 {
			t.Errorf("the other organization's runs = %+v, want its own run only", got)
		}
		if got := find(isms.ID("org_none"), day1); got == nil || len(got) != 0 {
			t.Errorf("runs of an unknown organization = %#v, want an empty list", got)
		}
	})
}

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

// newSchedule returns an active schedule of org every 3 months from start.
func newSchedule(t *testing.T, org *isms.Organization, owner *isms.User, title, start string) *isms.Schedule {
	return &isms.Schedule{ID: isms.NewID("sch"), OrgID: org.ID, Title: title, OwnerID: owner.ID, OwnerName: owner.Name,
		Rule: isms.Recurrence{Every: 3, Unit: isms.Months}, Start: day(t, start), LeadDays: 30, Active: true, CreatedBy: owner.ID}
}

func insertSchedule(t *testing.T, db *sqldb.DB, ss ...*isms.Schedule) {
	t.Helper()
	update(t, db, func(tx *sqldb.Tx) error {
		for _, s := range ss {
			if err := tx.InsertSchedule(context.Background(), s); err != nil {
				return err
			}
		}
		return nil
	})
}

func findSchedule(t *testing.T, db *sqldb.DB, org, id isms.ID) *isms.Schedule {
	t.Helper()
	var s *isms.Schedule
	view(t, db, func(tx *sqldb.Tx) (err error) {
		s, err = tx.FindScheduleByID(context.Background(), org, id)
		return err
	})
	return s
}

func TestInsertFindAndUpdateSchedule(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		fx := newTaskFixture(t, db)
		s := newSchedule(t, fx.acme, fx.ann, "Access review", "2025-04-01")
		s.Rule = isms.Recurrence{Nth: 1, Weekday: time.Monday, Period: isms.Quarter}
		s.Link = isms.Link{Type: "organization", ID: fx.acme.ID}
		insertSchedule(t, db, s)
		if diff := cmp.Diff(s, findSchedule(t, db, fx.acme.ID, s.ID), sameDate); diff != "" {
			t.Errorf("FindScheduleByID() mismatch (-want +got):\n%s", diff)
		}
		update(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindScheduleByIDForUpdate(ctx, fx.beta.ID, s.ID)
			wantCode(t, "FindScheduleByIDForUpdate(another organization)", err, isms.NotFound)
			return nil
		})

		stale := *s
		at := clk.Advance(time.Hour)
		s.Rule, s.LeadDays, s.Active, s.OwnerID, s.OwnerName = isms.Recurrence{Every: 1, Unit: isms.Years}, 60, false, fx.bob.ID, fx.bob.Name
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateSchedule(ctx, s) })
		if s.Version != 2 || !s.UpdatedAt.Equal(at) {
			t.Errorf("UpdateSchedule() left version %d, updated %v", s.Version, s.UpdatedAt)
		}
		if diff := cmp.Diff(s, findSchedule(t, db, fx.acme.ID, s.ID), sameDate); diff != "" {
			t.Errorf("after UpdateSchedule (-want +got):\n%s", diff)
		}
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateSchedule(ctx, &stale) })
		wantCode(t, "UpdateSchedule(stale)", err, isms.Conflict)

		update(t, db, func(tx *sqldb.Tx) error {
			return tx.SetScheduleLastOccurrence(ctx, fx.acme.ID, s.ID, day(t, "2025-04-01"))
		})
		got := findSchedule(t, db, fx.acme.ID, s.ID)
		if got.LastOccurrence.String() != "2025-04-01" || got.Version != s.Version {
			t.Errorf("after SetScheduleLastOccurrence: last %v, version %d; want 2025-04-01 and version %d unchanged",
				got.LastOccurrence, got.Version, s.Version)
		}
	})
}

func TestFindSchedules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		setClock(db)
		fx := newTaskFixture(t, db)
		a := newSchedule(t, fx.acme, fx.ann, "Access review", "2025-04-01")
		b := newSchedule(t, fx.acme, fx.bob, "backup test", "2025-01-15")
		b.Description = "Restore drill"
		b.Link = isms.Link{Type: "organization", ID: fx.acme.ID}
		c := newSchedule(t, fx.acme, fx.ann, "Clean desk walk", "2025-02-01")
		c.Active = false
		z := newSchedule(t, fx.beta, fx.bea, "Beta's", "2025-01-01")
		insertSchedule(t, db, a, b, c, z)
		active, inactive := true, false
		for _, tc := range []struct {
			name  string
			f     isms.ScheduleFilter
			want  []string
			total int
		}{
			{"by title", isms.ScheduleFilter{}, []string{a.Title, b.Title, c.Title}, 3},
			{"active only", isms.ScheduleFilter{Active: &active}, []string{a.Title, b.Title}, 2},
			{"inactive only", isms.ScheduleFilter{Active: &inactive}, []string{c.Title}, 1},
			{"one owner", isms.ScheduleFilter{OwnerID: fx.ann.ID}, []string{a.Title, c.Title}, 2},
			{"a linked record", isms.ScheduleFilter{LinkType: "organization", LinkID: fx.acme.ID}, []string{b.Title}, 1},
			{"search", isms.ScheduleFilter{Search: "DRILL"}, []string{b.Title}, 1},
			{"by start", isms.ScheduleFilter{Sort: "start"}, []string{b.Title, c.Title, a.Title}, 3},
			{"by owner, descending", isms.ScheduleFilter{Sort: "-owner"}, []string{b.Title, c.Title, a.Title}, 3},
			{"a page", isms.ScheduleFilter{Limit: 1, Offset: 1}, []string{b.Title}, 3},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.f.OrgID = fx.acme.ID
				var got []*isms.Schedule
				var total int
				view(t, db, func(tx *sqldb.Tx) (err error) {
					got, total, err = tx.FindSchedules(ctx, tc.f)
					return err
				})
				titles := []string{}
				for _, s := range got {
					titles = append(titles, s.Title)
				}
				if diff := cmp.Diff(tc.want, titles); diff != "" || total != tc.total {
					t.Errorf("FindSchedules(%+v): total %d, want %d (-want +got):\n%s", tc.f, total, tc.total, diff)
				}
			})
		}

		var refs []sqldb.ScheduleRef
		after := isms.ID("")
		for {
			var page []sqldb.ScheduleRef
			view(t, db, func(tx *sqldb.Tx) (err error) {
				page, err = tx.FindActiveScheduleRefs(ctx, after, 1)
				return err
			})
			if len(page) == 0 {
				break
			}
			refs, after = append(refs, page...), page[len(page)-1].ID
		}
		want := map[isms.ID]isms.ID{a.ID: fx.acme.ID, b.ID: fx.acme.ID, z.ID: fx.beta.ID}
		got := map[isms.ID]isms.ID{}
		for _, r := range refs {
			got[r.ID] = r.OrgID
		}
		if diff := cmp.Diff(want, got); diff != "" || len(refs) != 3 {
			t.Errorf("FindActiveScheduleRefs, one at a time: %d refs (-want +got):\n%s", len(refs), diff)
		}
	})
}

func TestInsertGeneratedTaskOncePerOccurrence(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		setClock(db)
		fx := newTaskFixture(t, db)
		s := newSchedule(t, fx.acme, fx.ann, "Access review", "2025-01-01")
		insertSchedule(t, db, s)
		gen := func(occ string) *isms.Task {
			k := newTask(t, fx.acme, fx.ann, s.Title, occ)
			k.ScheduleID, k.Occurrence, k.CreatedBy = s.ID, day(t, occ), ""
			return k
		}
		// Two tasks made by hand, without a schedule, never collide.
		insertTask(t, db, newTask(t, fx.acme, fx.ann, "by hand", "2025-01-01"), newTask(t, fx.acme, fx.ann, "by hand", "2025-01-01"))
		for i, want := range []bool{true, false} {
			update(t, db, func(tx *sqldb.Tx) error {
				ok, err := tx.InsertGeneratedTask(ctx, gen("2025-04-01"))
				if ok != want || err != nil {
					t.Errorf("InsertGeneratedTask(2025-04-01) run %d = %v, %v; want %v", i+1, ok, err, want)
				}
				return err
			})
		}
		later := gen("2025-07-01")
		update(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.InsertGeneratedTask(ctx, later)
			return err
		})
		later.Status = isms.TaskDone
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateTask(ctx, later) })
		update(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.InsertGeneratedTask(ctx, gen("2025-10-01"))
			return err
		})
		view(t, db, func(tx *sqldb.Tx) error {
			list, err := tx.FindOpenGeneratedTasks(ctx, fx.acme.ID, s.ID, day(t, "2025-04-01"))
			if err != nil || len(list) != 1 || list[0].Occurrence.String() != "2025-10-01" {
				t.Errorf("FindOpenGeneratedTasks(after 2025-04-01) = %v, %v; want the open task of 2025-10-01 only", list, err)
			}
			list, _, err = tx.FindTasks(ctx, isms.TaskFilter{OrgID: fx.acme.ID, ScheduleID: s.ID})
			if err != nil || len(list) != 3 {
				t.Errorf("FindTasks(schedule) = %d tasks, %v; want 3", len(list), err)
			}
			return nil
		})
	})
}

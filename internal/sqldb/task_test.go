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

// taskFixture is an organization with two members and a second
// organization with one.
type taskFixture struct {
	acme, beta *isms.Organization
	ann, bob   *isms.User // acme
	bea        *isms.User // beta
}

func newTaskFixture(t *testing.T, db *sqldb.DB) *taskFixture {
	t.Helper()
	f := &taskFixture{acme: insertOrg(t, db, "acme", "Acme"), beta: insertOrg(t, db, "beta", "Beta")}
	f.ann = insertUser(t, db, "ann@example.com", "Ann Archer")
	f.bob = insertUser(t, db, "bob@example.com", "bob Baker")
	f.bea = insertUser(t, db, "bea@example.com", "Bea Beta")
	addMember(t, db, f.acme.ID, f.ann.ID, isms.RoleManager)
	addMember(t, db, f.acme.ID, f.bob.ID, isms.RoleEmployee)
	addMember(t, db, f.beta.ID, f.bea.ID, isms.RoleAdmin)
	return f
}

// sameDate compares calendar dates in cmp.Diff.
var sameDate = cmp.Comparer(func(a, b isms.Date) bool { return a == b })

// day parses a YYYY-MM-DD literal.
func day(t *testing.T, s string) isms.Date {
	t.Helper()
	d, err := isms.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// newTask returns an open task of org owned by owner, due on due.
func newTask(t *testing.T, org *isms.Organization, owner *isms.User, title, due string) *isms.Task {
	return &isms.Task{ID: isms.NewID("tsk"), OrgID: org.ID, Title: title, OwnerID: owner.ID, OwnerName: owner.Name,
		Due: day(t, due), Status: isms.TaskOpen, CreatedBy: owner.ID}
}

// insertTask stores tasks.
func insertTask(t *testing.T, db *sqldb.DB, tasks ...*isms.Task) {
	t.Helper()
	update(t, db, func(tx *sqldb.Tx) error {
		for _, k := range tasks {
			if err := tx.InsertTask(context.Background(), k); err != nil {
				return err
			}
		}
		return nil
	})
}

// taskTitles returns the titles of tasks, in order.
func taskTitles(tasks []*isms.Task) []string {
	out := []string{}
	for _, k := range tasks {
		out = append(out, k.Title)
	}
	return out
}

func TestInsertAndFindTask(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		setClock(db)
		fx := newTaskFixture(t, db)
		k := newTask(t, fx.acme, fx.ann, "Review firewall rules", "2025-03-31")
		k.Description, k.Link = "Both data centres.", isms.Link{Type: "organization", ID: fx.acme.ID}
		insertTask(t, db, k)
		if k.Version != 1 || !k.CreatedAt.Equal(t0) || !k.UpdatedAt.Equal(t0) {
			t.Errorf("InsertTask() set version %d, times %v %v; want 1 and the clock's time", k.Version, k.CreatedAt, k.UpdatedAt)
		}
		var got *isms.Task
		view(t, db, func(tx *sqldb.Tx) (err error) {
			got, err = tx.FindTaskByID(ctx, fx.acme.ID, k.ID)
			return err
		})
		if diff := cmp.Diff(k, got, sameDate); diff != "" {
			t.Errorf("FindTaskByID() mismatch (-want +got):\n%s", diff)
		}
		update(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindTaskByID(ctx, fx.beta.ID, k.ID)
			wantCode(t, "FindTaskByID(another organization)", err, isms.NotFound)
			_, err = tx.FindTaskByIDForUpdate(ctx, fx.acme.ID, "tsk_nope")
			wantCode(t, "FindTaskByIDForUpdate(unknown)", err, isms.NotFound)
			if got, err := tx.FindTaskByIDForUpdate(ctx, fx.acme.ID, k.ID); err != nil || got.ID != k.ID {
				t.Errorf("FindTaskByIDForUpdate() = %v, %v", got, err)
			}
			return nil
		})
	})
}

func TestUpdateTask(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		fx := newTaskFixture(t, db)
		k := newTask(t, fx.acme, fx.ann, "Review firewall rules", "2025-03-31")
		insertTask(t, db, k)
		stale := *k

		at := clk.Advance(time.Hour)
		k.OwnerID, k.OwnerName, k.Status, k.CompletionNote = fx.bob.ID, fx.bob.Name, isms.TaskDone, "All rules justified."
		k.CompletedBy, k.CompletedByName, k.CompletedAt = fx.bob.ID, fx.bob.Name, at
		update(t, db, func(tx *sqldb.Tx) error { return tx.UpdateTask(ctx, k) })
		if k.Version != 2 || !k.UpdatedAt.Equal(at) {
			t.Errorf("UpdateTask() left version %d, updated %v; want 2 and %v", k.Version, k.UpdatedAt, at)
		}
		var got *isms.Task
		view(t, db, func(tx *sqldb.Tx) (err error) {
			got, err = tx.FindTaskByID(ctx, fx.acme.ID, k.ID)
			return err
		})
		if diff := cmp.Diff(k, got, sameDate); diff != "" {
			t.Errorf("after UpdateTask (-want +got):\n%s", diff)
		}
		stale.Title = "Lost update"
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateTask(ctx, &stale) })
		wantCode(t, "UpdateTask(stale version)", err, isms.Conflict)
		other := *k
		other.OrgID = fx.beta.ID
		err = db.Update(ctx, func(tx *sqldb.Tx) error { return tx.UpdateTask(ctx, &other) })
		wantCode(t, "UpdateTask(through another organization)", err, isms.Conflict)
	})
}

func TestFindTasks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		setClock(db)
		fx := newTaskFixture(t, db)
		a := newTask(t, fx.acme, fx.ann, "Access review Q1", "2025-02-28")
		a.Link = isms.Link{Type: "organization", ID: fx.acme.ID}
		b := newTask(t, fx.acme, fx.bob, "Backup restore test", "2025-03-15")
		b.Description = "Restore the CRM database from last night's backup."
		c := newTask(t, fx.acme, fx.ann, "close: 100%_done", "2025-03-01")
		c.Status = isms.TaskDone
		d := newTask(t, fx.acme, fx.bob, "Document review", "2025-04-01")
		d.Link = isms.Link{Type: "approval", ID: "appr_1"}
		e := newTask(t, fx.beta, fx.bea, "Beta's own task", "2025-01-01")
		insertTask(t, db, a, b, c, d, e)
		today := day(t, "2025-03-03")

		tests := []struct {
			name  string
			f     isms.TaskFilter
			want  []string
			total int
		}{
			{"every task of the organization in due order", isms.TaskFilter{}, []string{a.Title, c.Title, b.Title, d.Title}, 4},
			{"one owner", isms.TaskFilter{OwnerID: fx.bob.ID}, []string{b.Title, d.Title}, 2},
			{"open only", isms.TaskFilter{Status: isms.TaskOpen}, []string{a.Title, b.Title, d.Title}, 3},
			{"overdue: open and due before today", isms.TaskFilter{Overdue: true, Today: today}, []string{a.Title}, 1},
			{"due within a range, both ends inclusive", isms.TaskFilter{DueFrom: day(t, "2025-03-01"), DueTo: day(t, "2025-03-15")},
				[]string{c.Title, b.Title}, 2},
			{"linked to a record type", isms.TaskFilter{LinkType: "approval"}, []string{d.Title}, 1},
			{"linked to one record", isms.TaskFilter{LinkType: "organization", LinkID: fx.acme.ID}, []string{a.Title}, 1},
			{"linked to nothing", isms.TaskFilter{LinkType: isms.NoLink}, []string{c.Title, b.Title}, 2},
			{"search in the description, any case", isms.TaskFilter{Search: "crm DATABASE"}, []string{b.Title}, 1},
			{"search treats % and _ literally", isms.TaskFilter{Search: "100%_"}, []string{c.Title}, 1},
			{"by owner name then due date", isms.TaskFilter{Sort: "owner"}, []string{a.Title, c.Title, b.Title, d.Title}, 4},
			{"by title descending", isms.TaskFilter{Sort: "-title"}, []string{d.Title, c.Title, b.Title, a.Title}, 4},
			{"by status", isms.TaskFilter{Sort: "status"}, []string{c.Title, a.Title, b.Title, d.Title}, 4},
			{"a page", isms.TaskFilter{Limit: 2, Offset: 1}, []string{c.Title, b.Title}, 4},
			{"past the end", isms.TaskFilter{Offset: 10}, []string{}, 4},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				tc.f.OrgID = fx.acme.ID
				var got []*isms.Task
				var total int
				view(t, db, func(tx *sqldb.Tx) (err error) {
					got, total, err = tx.FindTasks(ctx, tc.f)
					return err
				})
				if diff := cmp.Diff(tc.want, taskTitles(got)); diff != "" || total != tc.total {
					t.Errorf("FindTasks(%+v): total %d, want %d; titles (-want +got):\n%s", tc.f, total, tc.total, diff)
				}
			})
		}
	})
}

func TestTaskCounts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		setClock(db)
		fx := newTaskFixture(t, db)
		today := day(t, "2025-03-03")
		late1 := newTask(t, fx.acme, fx.ann, "late 1", "2025-03-02")
		late2 := newTask(t, fx.acme, fx.bob, "late 2", "2025-02-01")
		late2.Link = isms.Link{Type: "approval", ID: "appr_1"}
		late3 := newTask(t, fx.acme, fx.ann, "late 3", "2025-01-01")
		late3.Link = isms.Link{Type: "approval", ID: "appr_2"}
		dueToday := newTask(t, fx.acme, fx.ann, "due today", "2025-03-03")
		doneLate := newTask(t, fx.acme, fx.ann, "done late", "2025-01-01")
		doneLate.Status = isms.TaskDone
		betaLate := newTask(t, fx.beta, fx.bea, "beta late", "2025-01-01")
		insertTask(t, db, late1, late2, late3, dueToday, doneLate, betaLate)

		view(t, db, func(tx *sqldb.Tx) error {
			open, overdue, err := tx.CountOpenTasks(ctx, fx.acme.ID, fx.ann.ID, today)
			if err != nil || open != 3 || overdue != 2 {
				t.Errorf("CountOpenTasks(ann) = %d, %d, %v; want 3 open, 2 overdue", open, overdue, err)
			}
			open, overdue, err = tx.CountOpenTasks(ctx, fx.beta.ID, fx.ann.ID, today)
			if err != nil || open != 0 || overdue != 0 {
				t.Errorf("CountOpenTasks(ann in beta) = %d, %d, %v; want none", open, overdue, err)
			}
			counts, err := tx.CountOverdueTasksByLinkType(ctx, fx.acme.ID, today)
			want := []isms.ModuleCount{{Module: "approval", Count: 2}, {Module: "", Count: 1}}
			if diff := cmp.Diff(want, counts); diff != "" || err != nil {
				t.Errorf("CountOverdueTasksByLinkType() = %v (-want +got):\n%s", err, diff)
			}
			return nil
		})
	})
}

func TestInsertTasksInBulk(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		setClock(db)
		fx := newTaskFixture(t, db)
		var tasks []*isms.Task
		for i := range 1201 { // three statements, the last a short one
			k := newTask(t, fx.acme, fx.ann, "bulk", "2025-03-31")
			k.Due = k.Due.AddDays(i % 30)
			tasks = append(tasks, k)
		}
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertTasks(ctx, tasks) })
		view(t, db, func(tx *sqldb.Tx) error {
			_, total, err := tx.FindTasks(ctx, isms.TaskFilter{OrgID: fx.acme.ID})
			if err != nil || total != 1201 {
				t.Errorf("FindTasks() after InsertTasks(1201) = %d tasks, %v", total, err)
			}
			got, err := tx.FindTaskByID(ctx, fx.acme.ID, tasks[1200].ID)
			if err != nil || got.Due != tasks[1200].Due || got.Version != 1 {
				t.Errorf("the last bulk task = %+v, %v", got, err)
			}
			return nil
		})
		dup := []*isms.Task{newTask(t, fx.acme, fx.ann, "new", "2025-03-31"), tasks[0]}
		err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertTasks(ctx, dup) })
		if err == nil {
			t.Error("InsertTasks with an ID that exists = nil, want an error")
		}
		view(t, db, func(tx *sqldb.Tx) error {
			if _, total, _ := tx.FindTasks(ctx, isms.TaskFilter{OrgID: fx.acme.ID}); total != 1201 {
				t.Errorf("after a failed bulk insert there are %d tasks, want 1201 (nothing of the failed batch)", total)
			}
			return nil
		})
	})
}

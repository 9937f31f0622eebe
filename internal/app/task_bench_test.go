// SPDX-License-Identifier: Apache-2.0

package app_test

// Benchmarks of "my work" and the task lists on a large organization
// (docs/performance.md has the figures and the commands): 2,000 members
// (the large demo's people) and 100,000 tasks, of which one member has 500
// open. They run on SQLite always and on PostgreSQL as well when
// ISMS_TEST_POSTGRES_URL is set. The tasks are bulk-loaded once per
// database, before b.Loop, which starts the timer only when the loop begins.
// Besides ns/op, each reports the 99th percentile of its calls (p99-ms).
//
//	go test ./internal/app -run '^$' -bench 'MyWork|TaskList|OverdueByModule' -benchtime 2s -count 5

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

const (
	benchTasks     = 100_000 // tasks of the organization
	benchMyOpen    = 500     // open tasks of the member whose work is read
	benchTaskBatch = 5_000   // tasks per transaction of the bulk load
)

// benchWork is the large organization with its tasks.
type benchWork struct {
	app        *app.App
	me         isms.Actor // the member with benchMyOpen open tasks
	meOverdue  int        // how many of them are overdue
	admin      isms.Actor
	orgOverdue int // overdue tasks of the organization
}

// benchEachWork runs fn as sub-benchmark "sqlite", and "postgres" when
// ISMS_TEST_POSTGRES_URL is set, each on a fresh database holding the large
// organization with its tasks.
func benchEachWork(b *testing.B, fn func(b *testing.B, w *benchWork)) {
	load := func(b *testing.B, url string) *benchWork {
		w, err := newBenchWork(context.Background(), sqldbtest.Open(b, url))
		if err != nil {
			b.Fatalf("load the organization's tasks: %v", err)
		}
		// Refresh the planner's statistics (and PostgreSQL's visibility map)
		// after the bulk load, as autovacuum does in a running installation
		// within a minute or so; without them PostgreSQL guesses its plans.
		maintenance := "ANALYZE"
		if sqldb.IsPostgres(url) {
			maintenance = "VACUUM ANALYZE"
		}
		if _, err := sqldbtest.Raw(b, url).Exec(maintenance); err != nil {
			b.Fatalf("%s: %v", maintenance, err)
		}
		return w
	}
	b.Run("sqlite", func(b *testing.B) { fn(b, load(b, sqldbtest.SQLiteURL(b))) })
	if sqldbtest.PostgresURL() != "" {
		b.Run("postgres", func(b *testing.B) { fn(b, load(b, sqldbtest.FreshSchema(b))) })
	}
}

// newBenchWork loads the large demo's organization and people, then
// bulk-loads benchTasks tasks: the first member after the administrator
// owns benchMyOpen open tasks (a fifth overdue) and as many closed ones;
// the rest go round the other members, about half open, a third of those
// overdue, a third linked to the organization profile.
func newBenchWork(ctx context.Context, db *sqldb.DB) (*benchWork, error) {
	a := app.New(db, app.Options{Now: func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) },
		PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
	res, err := a.LoadDemoWith(ctx, app.DemoLarge, app.DemoOptions{People: benchDemoPeople, OrgOnly: true}, nil)
	if err != nil {
		return nil, err
	}
	org, err := a.FindOrganizationBySlug(ctx, isms.SystemActor(""), res.OrgSlug)
	if err != nil {
		return nil, err
	}
	admin := isms.SystemActor(org.ID)
	var members []*isms.Member
	for offset := 0; ; offset += isms.MaxPageSize {
		page, _, err := a.FindMembers(ctx, admin, isms.MemberFilter{Sort: "joined", Limit: isms.MaxPageSize, Offset: offset})
		if err != nil {
			return nil, err
		}
		if members = append(members, page...); len(page) < isms.MaxPageSize {
			break
		}
	}
	me := members[1]
	w := &benchWork{app: a, admin: admin, me: isms.Actor{UserID: me.User.ID, Name: me.User.Name, OrgID: org.ID, Role: me.Role}}
	today := isms.NewDate(2026, 3, 2)
	tasks := make([]*isms.Task, 0, benchTaskBatch)
	for i := range benchTasks {
		t := benchTask(org.ID, members, me, i, today)
		if t.Overdue(today) {
			w.orgOverdue++
			if t.OwnerID == me.User.ID {
				w.meOverdue++
			}
		}
		if tasks = append(tasks, t); len(tasks) == benchTaskBatch || i == benchTasks-1 {
			if err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertTasks(ctx, tasks) }); err != nil {
				return nil, err
			}
			tasks = tasks[:0]
		}
	}
	return w, nil
}

// benchTask returns the i-th task of the fixture.
func benchTask(org isms.ID, members []*isms.Member, me *isms.Member, i int, today isms.Date) *isms.Task {
	owner, status := members[2+i%(len(members)-2)], isms.TaskOpen
	switch {
	case i < 2*benchMyOpen:
		owner = me
		if i >= benchMyOpen {
			status = isms.TaskDone
		}
	case i%2 == 0:
		status = isms.TaskDone
	case i%13 == 0:
		status = isms.TaskCancelled
	}
	due := today.AddDays(i%365 - 60) // a sixth before today
	t := &isms.Task{ID: isms.ID(fmt.Sprintf("tsk_bench%06d", i)), OrgID: org, Title: fmt.Sprintf("Generated task %d", i),
		Description: "Check the control and record the result.", OwnerID: owner.User.ID, OwnerName: owner.User.Name,
		Due: due, Status: status}
	if i%3 == 0 {
		t.Link = isms.Link{Type: "organization", ID: org}
	}
	if status != isms.TaskOpen {
		t.CompletionNote, t.CompletedBy, t.CompletedByName = "Done.", owner.User.ID, owner.User.Name
		t.CompletedAt = today.Time()
	}
	return t
}

// loopP99 runs fn in b.Loop and reports the 99th percentile of its calls.
func loopP99(b *testing.B, fn func()) {
	var times []time.Duration
	for b.Loop() {
		start := time.Now()
		fn()
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkMyWork reads the first page of 50 of the member's 500 open
// tasks with the counts, as GET /work and GET /api/v1/me/work do.
func BenchmarkMyWork(b *testing.B) {
	benchEachWork(b, func(b *testing.B, w *benchWork) {
		ctx := context.Background()
		loopP99(b, func() {
			wk, err := w.app.MyWork(ctx, w.me, 50, 0)
			if err != nil || len(wk.Tasks) != 50 || wk.Total != benchMyOpen || wk.Overdue != w.meOverdue {
				b.Fatalf("MyWork: %d tasks of %d, %d overdue, %v", len(wk.Tasks), wk.Total, wk.Overdue, err)
			}
		})
	})
}

// BenchmarkMyWorkConcurrent is BenchmarkMyWork with 32 callers at once,
// the concurrency of DESIGN §7's p99 target; ns/op is the time per call
// across all callers, p99-ms the 99th percentile of one call's latency.
func BenchmarkMyWorkConcurrent(b *testing.B) {
	benchEachWork(b, func(b *testing.B, w *benchWork) {
		ctx := context.Background()
		var mu sync.Mutex
		var times []time.Duration
		b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0)))
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			var mine []time.Duration
			for pb.Next() {
				start := time.Now()
				wk, err := w.app.MyWork(ctx, w.me, 50, 0)
				mine = append(mine, time.Since(start))
				if err != nil || len(wk.Tasks) != 50 {
					b.Errorf("MyWork: %v", err)
					return
				}
			}
			mu.Lock()
			times = append(times, mine...)
			mu.Unlock()
		})
		b.StopTimer()
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
	})
}

// BenchmarkTaskListOverdue reads the first page of the organization's
// overdue tasks in due order with the total, as GET /tasks?overdue=1 does.
func BenchmarkTaskListOverdue(b *testing.B) {
	benchEachWork(b, func(b *testing.B, w *benchWork) {
		ctx := context.Background()
		loopP99(b, func() {
			list, total, err := w.app.FindTasks(ctx, w.admin, isms.TaskFilter{Overdue: true, Limit: 50})
			if err != nil || len(list) != 50 || total != w.orgOverdue {
				b.Fatalf("FindTasks(overdue): %d of %d, %v", len(list), total, err)
			}
		})
	})
}

// BenchmarkOverdueByModule counts the organization's overdue tasks per
// module, as the dashboard does.
func BenchmarkOverdueByModule(b *testing.B) {
	benchEachWork(b, func(b *testing.B, w *benchWork) {
		ctx := context.Background()
		loopP99(b, func() {
			counts, err := w.app.OverdueByModule(ctx, w.admin)
			if err != nil || len(counts) != 2 {
				b.Fatalf("OverdueByModule: %v, %v", counts, err)
			}
		})
	})
}

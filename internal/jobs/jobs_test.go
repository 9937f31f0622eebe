// SPDX-License-Identifier: Apache-2.0

package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// The tests run River's real runner on each database: a working client
// polling every 20 ms, and an insert-only client like the one every
// process has.

const (
	poll    = 20 * time.Millisecond
	patient = 30 * time.Second // how long a test waits for the runner before it fails
)

// echoArgs is a test job that reports N to its handler.
type echoArgs struct {
	N int `json:"n"`
}

func (echoArgs) Kind() string { return "test.echo" }

// tickArgs is a test job for the periodic schedule.
type tickArgs struct{}

func (tickArgs) Kind() string { return "test.tick" }

// testContext returns a context that ends when the test has waited too
// long, so that a deadlock fails the test instead of hanging it.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), patient)
	t.Cleanup(cancel)
	return ctx
}

// start starts a working client of w over db and stops it when the test ends.
func start(t *testing.T, db *sqldb.DB, w *jobs.Workers, opts jobs.Options) *jobs.Client {
	t.Helper()
	if opts.PollInterval == 0 {
		opts.PollInterval = poll
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	c, err := jobs.New(db, w, opts)
	if err != nil {
		t.Fatalf("jobs.New: %v", err)
	}
	if err := c.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := c.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return c
}

// inserter returns an insert-only client over db.
func inserter(t *testing.T, db *sqldb.DB) *jobs.Client {
	t.Helper()
	c, err := jobs.New(db, nil, jobs.Options{})
	if err != nil {
		t.Fatalf("jobs.New(insert-only): %v", err)
	}
	return c
}

// receive waits for the next value on ch.
func receive[T any](t *testing.T, ctx context.Context, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		t.Fatalf("waited %v for %s", patient, what)
	}
	var zero T
	return zero
}

// counts returns the jobs of kind per state.
func counts(t *testing.T, ctx context.Context, c *jobs.Client, kind string) map[jobs.State]int {
	t.Helper()
	s, err := c.Summary(ctx)
	if err != nil {
		t.Fatalf("Summary: %v", err)
	}
	for _, k := range s.Kinds {
		if k.Kind == kind {
			return k.Counts
		}
	}
	return map[jobs.State]int{}
}

// waitFor polls cond until it holds.
func waitFor(t *testing.T, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("waited %v for %s", patient, what)
		case <-time.After(poll):
		}
	}
}

func total(m map[jobs.State]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func TestAJobExistsIfAndOnlyIfItsTransactionCommits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := testContext(t)
		got := make(chan int, 10)
		w := jobs.NewWorkers()
		jobs.Add(w, func(ctx context.Context, a echoArgs, attempt int) error {
			got <- a.N
			return nil
		})
		runner := start(t, db, w, jobs.Options{})
		ins := inserter(t, db)

		errRollBack := errors.New("the change fails")
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			if err := ins.InsertTx(ctx, tx, echoArgs{N: 2}, jobs.InsertOpts{}); err != nil {
				return err
			}
			return errRollBack
		})
		if !errors.Is(err, errRollBack) {
			t.Fatalf("Update(rolled back) = %v, want %v", err, errRollBack)
		}
		if err := db.Update(ctx, func(tx *sqldb.Tx) error {
			return ins.InsertTx(ctx, tx, echoArgs{N: 1}, jobs.InsertOpts{})
		}); err != nil {
			t.Fatalf("Update(committed): %v", err)
		}
		if n := receive(t, ctx, got, "the committed job"); n != 1 {
			t.Fatalf("the handler got %d first, want 1 (the committed job)", n)
		}
		waitFor(t, ctx, "the job to complete", func() bool { return counts(t, ctx, runner, "test.echo")[jobs.Completed] == 1 })
		if c := counts(t, ctx, runner, "test.echo"); total(c) != 1 {
			t.Errorf("jobs of test.echo = %v, want only the committed one", c)
		}
		select {
		case n := <-got:
			t.Errorf("the handler got %d as well, want only the committed job", n)
		default:
		}
	})
}

func TestAFailedJobIsRetriedWithBackoff(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := testContext(t)
		attempts := make(chan int, 10)
		w := jobs.NewWorkers()
		jobs.Add(w, func(ctx context.Context, a echoArgs, attempt int) error {
			attempts <- attempt
			if attempt == 1 {
				return errors.New("the mail server is down")
			}
			return nil
		})
		// River's clock stands still (a minute ahead, so that the job is
		// due) until the test moves it: the retry comes when it says.
		clk := &manualClock{t: time.Now().Add(time.Minute)}
		var log logBuffer
		runner := start(t, db, w, jobs.Options{Now: clk.Now, Logger: slog.New(slog.NewTextHandler(&log, nil))})
		if err := inserter(t, db).Insert(ctx, echoArgs{N: 1}, jobs.InsertOpts{}); err != nil {
			t.Fatal(err)
		}
		if a := receive(t, ctx, attempts, "attempt 1"); a != 1 {
			t.Fatalf("first attempt = %d, want 1", a)
		}
		waitFor(t, ctx, "the failure to show", func() bool {
			s, err := runner.Summary(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return len(s.Failures) == 1 && s.Failures[0].Kind == "test.echo" && s.Failures[0].Attempt == 1 &&
				s.Failures[0].Error == "the mail server is down" &&
				(s.Failures[0].State == jobs.Retryable || s.Failures[0].State == jobs.Available)
		})
		select {
		case a := <-attempts:
			t.Fatalf("attempt %d came before River's backoff of about a second had passed", a)
		case <-time.After(300 * time.Millisecond):
		}
		clk.Advance(2 * time.Second) // River's backoff: attempt⁴ seconds, ±10 %
		if a := receive(t, ctx, attempts, "attempt 2"); a != 2 {
			t.Fatalf("second attempt = %d, want 2", a)
		}
		waitFor(t, ctx, "the job to complete", func() bool { return counts(t, ctx, runner, "test.echo")[jobs.Completed] == 1 })
		want := `level=ERROR msg="job failed" kind=test.echo`
		if got := log.String(); !strings.Contains(got, want) || !strings.Contains(got, `attempt=1`) ||
			!strings.Contains(got, `err="the mail server is down"`) {
			t.Errorf("log = %q, want the failure logged: %s … attempt=1 … err=…", got, want)
		}
	})
}

// manualClock is a clock that moves only when told.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// logBuffer collects log output written from several goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestCancelStopsRetries(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := testContext(t)
		var mu sync.Mutex
		calls := 0
		w := jobs.NewWorkers()
		jobs.Add(w, func(ctx context.Context, a echoArgs, attempt int) error {
			mu.Lock()
			calls++
			mu.Unlock()
			return jobs.Cancel(fmt.Errorf("evidence %d no longer exists", a.N))
		})
		runner := start(t, db, w, jobs.Options{})
		if err := inserter(t, db).Insert(ctx, echoArgs{N: 7}, jobs.InsertOpts{}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, "the job to be cancelled", func() bool { return counts(t, ctx, runner, "test.echo")[jobs.Cancelled] == 1 })
		s, err := runner.Summary(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Failures) != 1 || s.Failures[0].State != jobs.Cancelled || s.Failures[0].Attempt != 1 ||
			!strings.Contains(s.Failures[0].Error, "evidence 7 no longer exists") || s.Failures[0].At.IsZero() {
			t.Errorf("Summary().Failures = %+v, want the cancelled job after attempt 1 with its error", s.Failures)
		}
		// A retry would come after about a second.
		time.Sleep(1500 * time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		if calls != 1 {
			t.Errorf("the handler ran %d times, want 1: a cancelled job is not retried", calls)
		}
	})
}

func TestAPeriodicJobRunsOnStart(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := testContext(t)
		ticks := make(chan struct{}, 10)
		w := jobs.NewWorkers()
		jobs.Add(w, func(ctx context.Context, a tickArgs, attempt int) error {
			ticks <- struct{}{}
			return nil
		})
		w.Periodic(time.Hour, tickArgs{}, true)
		runner := start(t, db, w, jobs.Options{})
		receive(t, ctx, ticks, "the periodic job run on start")
		waitFor(t, ctx, "the periodic job's latest run", func() bool {
			s, err := runner.Summary(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return len(s.Periodic) == 1 && s.Periodic[0].Kind == "test.tick" && s.Periodic[0].Every == time.Hour &&
				s.Periodic[0].LastState == jobs.Completed && !s.Periodic[0].LastAt.IsZero()
		})
		// Run now adds one run besides the schedule.
		if err := runner.RunPeriodicNow(ctx, "test.tick"); err != nil {
			t.Fatalf("RunPeriodicNow: %v", err)
		}
		receive(t, ctx, ticks, "the periodic job run now")
		// Once that run has finished, Run now runs it again.
		waitFor(t, ctx, "the run to complete", func() bool { return counts(t, ctx, runner, "test.tick")[jobs.Completed] == 2 })
		if err := runner.RunPeriodicNow(ctx, "test.tick"); err != nil {
			t.Fatalf("RunPeriodicNow: %v", err)
		}
		receive(t, ctx, ticks, "the periodic job run now again")
		if err := runner.RunPeriodicNow(ctx, "test.echo"); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("RunPeriodicNow(a kind that is not periodic) = %v, want NotFound", err)
		}
	})
}

func TestAUniqueEnqueueInsertsOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := testContext(t)
		w := jobs.NewWorkers()
		jobs.Add(w, func(ctx context.Context, a echoArgs, attempt int) error { return nil })
		w.Periodic(time.Hour, echoArgs{N: 0}, false)
		// Nothing works these jobs: they stay available.
		c, err := jobs.New(db, w, jobs.Options{InsertOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		unique := jobs.InsertOpts{UniqueByArgs: true}
		for range 3 {
			if err := c.Insert(ctx, echoArgs{N: 1}, unique); err != nil {
				t.Fatal(err)
			}
			if err := db.Update(ctx, func(tx *sqldb.Tx) error { return c.InsertTx(ctx, tx, echoArgs{N: 1}, unique) }); err != nil {
				t.Fatal(err)
			}
		}
		if err := c.Insert(ctx, echoArgs{N: 2}, unique); err != nil {
			t.Fatal(err)
		}
		if got := counts(t, ctx, c, "test.echo")[jobs.Available]; got != 2 {
			t.Errorf("available test.echo jobs = %d, want 2: one per distinct argument", got)
		}
		// Run now twice while the first waits: one job.
		for range 2 {
			if err := c.RunPeriodicNow(ctx, "test.echo"); err != nil {
				t.Fatal(err)
			}
		}
		if got := counts(t, ctx, c, "test.echo")[jobs.Available]; got != 3 {
			t.Errorf("available test.echo jobs after Run now twice = %d, want 3", got)
		}
		if err := c.Insert(ctx, tickArgs{}, jobs.InsertOpts{}); err == nil {
			t.Error("Insert(a kind the registry lacks) = nil, want an error")
		}
	})
}

func TestTheClockHookMovesRiversTime(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := testContext(t)
		got := make(chan int, 1)
		w := jobs.NewWorkers()
		jobs.Add(w, func(ctx context.Context, a echoArgs, attempt int) error {
			got <- a.N
			return nil
		})
		// River's clock runs two hours ahead: a job due in one hour is due now.
		start(t, db, w, jobs.Options{Now: func() time.Time { return time.Now().Add(2 * time.Hour) }})
		if err := inserter(t, db).Insert(ctx, echoArgs{N: 5}, jobs.InsertOpts{ScheduledAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if n := receive(t, ctx, got, "the job due in an hour"); n != 5 {
			t.Errorf("handler got %d, want 5", n)
		}
	})
}

func TestAnInsertOnlyClientDoesNotStart(t *testing.T) {
	db := sqldbtest.Open(t, sqldbtest.SQLiteURL(t))
	if err := inserter(t, db).Start(context.Background()); err == nil {
		t.Error("Start() on an insert-only client = nil, want an error")
	}
}

func TestMigrateIsIdempotentAndCheckNamesTheCommand(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := testContext(t)
		if done, err := jobs.Migrate(ctx, db); err != nil || len(done) != 0 {
			t.Errorf("Migrate() on a migrated database = %v, %v; want nothing applied", done, err)
		}
		if err := jobs.Check(ctx, db); err != nil {
			t.Errorf("Check() on a migrated database = %v, want nil", err)
		}
	})
	for name, url := range sqldbtest.URLs(t) {
		t.Run("empty "+name, func(t *testing.T) {
			db, err := sqldb.Open(url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx := testContext(t)
			if err := jobs.Check(ctx, db); err == nil || !strings.Contains(err.Error(), "isms migrate up") {
				t.Errorf("Check() on an empty database = %v, want an error that says to run isms migrate up", err)
			}
			done, err := jobs.Migrate(ctx, db)
			if err != nil || len(done) == 0 || !strings.HasPrefix(done[0], "job queue 001 ") {
				t.Errorf("Migrate() on an empty database = %v, %v; want River's migrations from 001", done, err)
			}
			if err := jobs.Check(ctx, db); err != nil {
				t.Errorf("Check() after Migrate = %v, want nil", err)
			}
		})
	}
}

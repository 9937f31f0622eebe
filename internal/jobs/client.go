// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Options configure a Client. Zero fields take the defaults.
type Options struct {
	// Logger receives River's own log lines: job failures, leadership,
	// maintenance. nil discards them.
	Logger *slog.Logger
	// Concurrency is how many jobs a working client runs at once. Default 4.
	Concurrency int
	// PollInterval is how often a working client looks for due jobs, so a
	// new job waits at most this long. Default 1s; tests shorten it.
	PollInterval time.Duration
	// InsertOnly makes a client that never works jobs although it is given
	// Workers: they then only name the known kinds (an insert of another
	// kind fails) and the periodic schedule, for Summary and RunPeriodicNow.
	InsertOnly bool
	// Now replaces River's clock, for tests only. nil is the system clock.
	Now func() time.Time
}

// Retention of finished jobs, after which River deletes them: long enough
// for operators to see a week of a daily job's runs and failures.
const (
	completedRetention = 7 * 24 * time.Hour
	cancelledRetention = 7 * 24 * time.Hour
	discardedRetention = 30 * 24 * time.Hour
)

// stopTimeout is how long Stop lets running jobs finish before it cancels
// their contexts.
const stopTimeout = 10 * time.Second

// Client enqueues jobs and, when working, runs them.
type Client struct {
	river   *river.Client[*sql.Tx]
	db      *sqldb.DB
	workers *Workers // nil for an insert-only client without a registry
	working bool
}

// New returns a client over db's job tables (see Migrate). With w nil or
// opts.InsertOnly it only enqueues, which is what every process needs;
// otherwise it works the jobs of w's kinds and enqueues w's periodic jobs
// once started. It fails only on a configuration River refuses, such as a
// kind name it does not accept.
func New(db *sqldb.DB, w *Workers, opts Options) (*Client, error) {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = time.Second
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg := &river.Config{
		Logger:                      logger,
		PollOnly:                    true,
		FetchPollInterval:           opts.PollInterval,
		FetchCooldown:               min(opts.PollInterval, 100*time.Millisecond),
		CompletedJobRetentionPeriod: completedRetention,
		CancelledJobRetentionPeriod: cancelledRetention,
		DiscardedJobRetentionPeriod: discardedRetention,
		SoftStopTimeout:             stopTimeout,
	}
	if opts.Logger != nil {
		cfg.ErrorHandler = failureLog{opts.Logger}
	}
	if opts.Now != nil {
		cfg.Test.Time = clock(opts.Now)
	}
	c := &Client{db: db, workers: w, working: w != nil && !opts.InsertOnly}
	if w != nil {
		cfg.Workers = w.river
	}
	if c.working {
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: opts.Concurrency}}
		cfg.PeriodicJobs = w.riverPeriodic()
	}
	rc, err := river.NewClient(driver(db), cfg)
	if err != nil {
		return nil, fmt.Errorf("job queue client: %w", err)
	}
	c.river = rc
	return c, nil
}

// driver returns River's driver for db: SQLite or PostgreSQL, both over
// database/sql, so that both give a River client of the same type.
func driver(db *sqldb.DB) riverdriver.Driver[*sql.Tx] {
	if db.Dialect() == sqldb.SQLite {
		return riversqlite.New(db.JobPool())
	}
	return riverdatabasesql.New(db.JobPool())
}

// failureLog logs every failed attempt at level ERROR, where River logs
// them at INFO, so that operators see failures in the server log as well as
// on the jobs page. It leaves the retry decision to River.
type failureLog struct{ log *slog.Logger }

func (f failureLog) HandleError(ctx context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	f.log.ErrorContext(ctx, "job failed", "kind", job.Kind, "job_id", job.ID,
		"attempt", job.Attempt, "max_attempts", job.MaxAttempts, "err", err)
	return nil
}

func (f failureLog) HandlePanic(ctx context.Context, job *rivertype.JobRow, panicVal any, trace string) *river.ErrorHandlerResult {
	f.log.ErrorContext(ctx, "job panicked", "kind", job.Kind, "job_id", job.ID,
		"attempt", job.Attempt, "max_attempts", job.MaxAttempts, "panic", panicVal, "trace", trace)
	return nil
}

// clock adapts a time function to River's time generator.
type clock func() time.Time

func (c clock) Now() time.Time { return c() }

func (c clock) NowOrNil() *time.Time {
	t := c()
	return &t
}

// InsertOpts adjust one enqueue. Zero fields take River's defaults.
type InsertOpts struct {
	// ScheduledAt delays the job until then; zero runs it as soon as possible.
	ScheduledAt time.Time
	// MaxAttempts bounds the attempts before the job is discarded. Default 25.
	MaxAttempts int
	// UniqueByArgs makes the enqueue idempotent: it does nothing while a job
	// of the same kind and the same arguments is scheduled, waiting,
	// running or retrying, or has completed and is still retained. Fields of
	// the arguments tagged `river:"unique"`, if any, are the only ones
	// compared.
	UniqueByArgs bool
	// UniquePeriod, when set, limits that to jobs due in the same period
	// (such as one reminder a day), or makes a kind unique within each
	// period when UniqueByArgs is not set.
	UniquePeriod time.Duration
	// UniqueWhileQueued limits uniqueness to jobs that have not finished:
	// once the earlier job completed, the same job may be enqueued again.
	// Alone it makes a kind unique while one of its jobs waits or runs.
	UniqueWhileQueued bool
}

// queuedStates are the states UniqueWhileQueued compares with: River
// requires at least these four and allows retryable too.
var queuedStates = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending,
	rivertype.JobStateRunning, rivertype.JobStateRetryable, rivertype.JobStateScheduled}

func (o InsertOpts) river() *river.InsertOpts {
	ro := &river.InsertOpts{ScheduledAt: o.ScheduledAt, MaxAttempts: o.MaxAttempts}
	ro.UniqueOpts = river.UniqueOpts{ByArgs: o.UniqueByArgs, ByPeriod: o.UniquePeriod}
	if o.UniqueWhileQueued {
		ro.UniqueOpts.ByState = queuedStates
	}
	return ro
}

// InsertTx enqueues a job in tx: it exists if and only if tx commits.
func (c *Client) InsertTx(ctx context.Context, tx *sqldb.Tx, args JobArgs, opts InsertOpts) error {
	if _, err := c.river.InsertTx(ctx, tx.SQLTx(), args, opts.river()); err != nil {
		return fmt.Errorf("enqueue job %s: %w", args.Kind(), err)
	}
	return nil
}

// Insert enqueues a job on its own, for work that follows no change.
func (c *Client) Insert(ctx context.Context, args JobArgs, opts InsertOpts) error {
	if _, err := c.river.Insert(ctx, args, opts.river()); err != nil {
		return fmt.Errorf("enqueue job %s: %w", args.Kind(), err)
	}
	return nil
}

// RunPeriodicNow enqueues the periodic job kind at once, besides its
// schedule, unless one started this way still waits or runs.
func (c *Client) RunPeriodicNow(ctx context.Context, kind string) error {
	var args JobArgs
	if c.workers != nil {
		args = c.workers.PeriodicArgs(kind)
	}
	if args == nil {
		return isms.Errorf(isms.NotFound, "There is no periodic job %q.", kind)
	}
	return c.Insert(ctx, args, RunNowOpts)
}

// RunNowOpts are the insert options of an extra run of a periodic job: a
// second one is not added while the first still waits or runs.
var RunNowOpts = InsertOpts{UniqueByArgs: true, UniqueWhileQueued: true}

// errInsertOnly is returned by Start on a client that only enqueues.
var errInsertOnly = errors.New("jobs: an insert-only client cannot work jobs")

// Start starts working jobs and, on the leader, enqueueing periodic ones.
// It returns at once; the client runs until Stop, whatever becomes of ctx.
func (c *Client) Start(ctx context.Context) error {
	if !c.working {
		return errInsertOnly
	}
	if err := c.river.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start job queue: %w", err)
	}
	return nil
}

// Stop stops fetching jobs and waits for running ones, cancelling their
// contexts after ten seconds; it returns early with ctx's error if ctx ends
// first.
func (c *Client) Stop(ctx context.Context) error {
	if !c.working {
		return nil
	}
	if err := c.river.Stop(ctx); err != nil {
		return fmt.Errorf("stop job queue: %w", err)
	}
	return nil
}

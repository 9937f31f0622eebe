// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Background jobs: a module declares its job kinds and periodic jobs in its
// own file, in an init function that calls registerJob, so no shared list
// grows with every module. Handlers call use cases (or the store) like any
// other caller, as the system actor, and must be idempotent: a job may run
// again after a crash. Use cases enqueue with a.enqueue inside their own
// transaction.

// jobRegistrars are the modules' job declarations, filled by init functions.
var jobRegistrars []func(a *App, w *jobs.Workers)

// registerJob adds fn, which registers job kinds (jobs.Add) and periodic
// jobs (w.Periodic) with handlers bound to a. Call it from an init function.
func registerJob(fn func(a *App, w *jobs.Workers)) {
	jobRegistrars = append(jobRegistrars, fn)
}

// initJobs builds the registry of every module's jobs and the insert-only
// client that every process has. Building the client does no I/O and fails
// only on a job kind River does not accept: a programmer error that stops
// the program at start-up, so that New keeps its signature.
func (a *App) initJobs() {
	a.workers = jobs.NewWorkers()
	for _, fn := range jobRegistrars {
		fn(a, a.workers)
	}
	c, err := jobs.New(a.db, a.workers, jobs.Options{InsertOnly: true})
	if err != nil {
		panic(fmt.Sprintf("app: %v", err))
	}
	a.jobs = c
}

// StartJobs starts working every registered job kind and enqueueing the
// periodic jobs (on one replica at a time), as isms serve does. The
// returned stop waits for running jobs, cancelling them after ten seconds.
func (a *App) StartJobs(ctx context.Context, opts jobs.Options) (stop func(context.Context) error, err error) {
	opts.InsertOnly = false
	c, err := jobs.New(a.db, a.workers, opts)
	if err != nil {
		return nil, err
	}
	if err := c.Start(ctx); err != nil {
		return nil, err
	}
	return c.Stop, nil
}

// enqueue adds a job in tx, the transaction of the change that causes it:
// the job exists if and only if the change commits.
func (a *App) enqueue(ctx context.Context, tx *sqldb.Tx, args jobs.JobArgs, opts jobs.InsertOpts) error {
	return a.jobs.InsertTx(ctx, tx, args, opts)
}

// JobStates lists the states of jobs in the order operators read them.
var JobStates = jobs.States

// JobSummary returns what operators see of the job queue: counts per kind
// and state, the periodic schedule and the latest failures. Installation
// owners only.
func (a *App) JobSummary(ctx context.Context, actor isms.Actor) (jobs.Summary, error) {
	if err := forbid(actor.CanReadInstallation(), "Only an installation owner may see the background jobs."); err != nil {
		return jobs.Summary{}, err
	}
	return a.jobs.Summary(ctx)
}

// RunJobNow enqueues the periodic job kind at once, besides its schedule,
// and records who asked. Nothing is enqueued while a job started this way
// still waits or runs. Installation owners only.
func (a *App) RunJobNow(ctx context.Context, actor isms.Actor, kind string) error {
	if err := forbid(actor.Can(isms.ManageInstallation), "Only an installation owner may run background jobs."); err != nil {
		return err
	}
	args := a.workers.PeriodicArgs(kind)
	if args == nil {
		return isms.Errorf(isms.NotFound, "There is no periodic job %q.", kind)
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := a.enqueue(ctx, tx, args, jobs.RunNowOpts); err != nil {
			return err
		}
		return audit(ctx, tx, isms.InstallationChain, actor, "job.run", "job", isms.ID(kind),
			isms.Created(map[string]any{"kind": kind}))
	})
}

// sessionCleanupArgs is the daily job that deletes expired sessions.
type sessionCleanupArgs struct{}

// Kind names the job.
func (sessionCleanupArgs) Kind() string { return "session.cleanup" }

func init() {
	registerJob(func(a *App, w *jobs.Workers) {
		jobs.Add(w, func(ctx context.Context, _ sessionCleanupArgs, _ int) error {
			return a.deleteExpiredSessions(ctx)
		})
		w.Periodic(24*time.Hour, sessionCleanupArgs{}, true)
	})
}

// deleteExpiredSessions removes sessions past their absolute expiry. They
// can no longer be used, so this is housekeeping, not a change anyone
// audits; running it twice does no harm.
func (a *App) deleteExpiredSessions(ctx context.Context) error {
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := tx.DeleteExpiredSessions(ctx, a.now()); err != nil {
			return fmt.Errorf("delete expired sessions: %w", err)
		}
		return nil
	})
}

// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/riverqueue/river"
)

// JobArgs are the arguments of one kind of job. They are stored as JSON, so
// they hold IDs and values, never live objects; Kind names the kind, such
// as "session.cleanup", and must never change once jobs of it exist.
// Implement it on a struct value type, not a pointer.
type JobArgs interface {
	Kind() string
}

// Workers is the registry of job kinds a client knows: a handler for each,
// and the periodic schedule. Build it once at start-up; it is not safe to
// change while a client uses it.
type Workers struct {
	river    *river.Workers
	kinds    []string
	periodic []PeriodicJob
}

// PeriodicJob is a job enqueued on a fixed interval.
type PeriodicJob struct {
	Kind       string
	Every      time.Duration
	RunOnStart bool // also enqueued when a client becomes the queue's leader, unless it ran in this interval
	args       JobArgs
}

// NewWorkers returns an empty registry.
func NewWorkers() *Workers { return &Workers{river: river.NewWorkers()} }

// Add registers fn as the handler of the job kind of T. attempt counts from
// 1. A nil error completes the job; an error retries it with backoff unless
// it is wrapped with Cancel. Add panics when the kind is registered twice, a
// programmer error at start-up; New refuses a kind name River does not
// accept.
func Add[T JobArgs](w *Workers, fn func(ctx context.Context, args T, attempt int) error) {
	var zero T
	kind := zero.Kind()
	if slices.Contains(w.kinds, kind) {
		panic(fmt.Sprintf("jobs: kind %q is registered twice", kind))
	}
	river.AddWorker(w.river, river.WorkFunc(func(ctx context.Context, job *river.Job[T]) error {
		return fn(ctx, job.Args, job.Attempt)
	}))
	w.kinds = append(w.kinds, kind)
	slices.Sort(w.kinds)
}

// Periodic enqueues args every interval, measured from when a client
// becomes the queue's leader, and at once then too when runOnStart is set.
// Only the leader enqueues, and each enqueue is unique within its period,
// the multiple of every in UTC that it falls in (the UTC day of a daily
// job), so several replicas or a change of leader do not run it twice in
// one period. The kind of args must be registered with Add first; every
// must be at least a second.
func (w *Workers) Periodic(every time.Duration, args JobArgs, runOnStart bool) {
	kind := args.Kind()
	switch {
	case !slices.Contains(w.kinds, kind):
		panic(fmt.Sprintf("jobs: periodic job %q has no handler: call Add first", kind))
	case every < time.Second:
		panic(fmt.Sprintf("jobs: periodic job %q runs every %v; the minimum is one second", kind, every))
	case w.periodicJob(kind) != nil:
		panic(fmt.Sprintf("jobs: periodic job %q is registered twice", kind))
	}
	w.periodic = append(w.periodic, PeriodicJob{Kind: kind, Every: every, RunOnStart: runOnStart, args: args})
	slices.SortFunc(w.periodic, func(a, b PeriodicJob) int { return cmp.Compare(a.Kind, b.Kind) })
}

// PeriodicArgs returns the arguments of the periodic job kind, or nil when
// kind is not periodic.
func (w *Workers) PeriodicArgs(kind string) JobArgs {
	if p := w.periodicJob(kind); p != nil {
		return p.args
	}
	return nil
}

// Kinds returns the registered job kinds, sorted.
func (w *Workers) Kinds() []string { return slices.Clone(w.kinds) }

// PeriodicJobs returns the periodic schedule, sorted by kind.
func (w *Workers) PeriodicJobs() []PeriodicJob { return slices.Clone(w.periodic) }

func (w *Workers) periodicJob(kind string) *PeriodicJob {
	for i := range w.periodic {
		if w.periodic[i].Kind == kind {
			return &w.periodic[i]
		}
	}
	return nil
}

// riverPeriodic returns the schedule as River's periodic jobs.
func (w *Workers) riverPeriodic() []*river.PeriodicJob {
	var out []*river.PeriodicJob
	for _, p := range w.periodic {
		opts := &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: p.Every}}
		out = append(out, river.NewPeriodicJob(river.PeriodicInterval(p.Every),
			func() (river.JobArgs, *river.InsertOpts) { return p.args, opts },
			&river.PeriodicJobOpts{ID: p.Kind, RunOnStart: p.RunOnStart}))
	}
	return out
}

// Cancel marks err as permanent: the job is cancelled instead of retried.
// Use it for failures that a retry cannot fix, such as a record that no
// longer exists.
func Cancel(err error) error { return river.JobCancel(err) }

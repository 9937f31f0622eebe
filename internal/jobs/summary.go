// SPDX-License-Identifier: Apache-2.0

package jobs

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// State is where a job stands: one of River's job states.
type State string

// The job states.
const (
	Scheduled State = "scheduled" // waiting for its time
	Available State = "available" // due, waiting for a worker
	Running   State = "running"
	Retryable State = "retryable" // failed; retried later with backoff
	Completed State = "completed"
	Cancelled State = "cancelled" // stopped for good by its handler (Cancel) or an operator
	Discarded State = "discarded" // failed on its last attempt
	Pending   State = "pending"   // held back until released; isms does not use it
)

// States lists the states isms uses, in the order an operator reads them.
var States = []State{Scheduled, Available, Running, Retryable, Completed, Cancelled, Discarded}

// Summary is what operators see of the queue. Finished jobs are kept for a
// while and then deleted: completed and cancelled ones for 7 days, discarded
// ones for 30, so the counts cover that time.
type Summary struct {
	Kinds    []KindCounts     // every known kind and every kind with jobs, by name
	Periodic []PeriodicStatus // the periodic schedule, by kind
	Failures []Failure        // the latest jobs whose last attempt failed, newest first
}

// KindCounts is how many jobs of one kind are in each state.
type KindCounts struct {
	Kind   string
	Counts map[State]int // states without jobs are absent
}

// PeriodicStatus is a periodic job and its latest run.
type PeriodicStatus struct {
	PeriodicJob
	LastState State     // the state of the kind's newest job; empty when none is kept
	LastAt    time.Time // when that job finished, started or is due
}

// Failure is a job whose last attempt failed.
type Failure struct {
	ID          int64
	Kind        string
	State       State // available or retryable (to be retried), cancelled or discarded
	Attempt     int
	MaxAttempts int
	Error       string // the last attempt's error
	At          time.Time
}

// maxFailures bounds Summary.Failures.
const maxFailures = 20

// Summary returns the job counts, the periodic schedule with each job's
// latest run, and the most recent failures.
func (c *Client) Summary(ctx context.Context) (Summary, error) {
	var s Summary
	var err error
	if s.Kinds, err = c.kindCounts(ctx); err != nil {
		return s, err
	}
	if s.Periodic, err = c.periodicStatus(ctx); err != nil {
		return s, err
	}
	s.Failures, err = c.failures(ctx)
	return s, err
}

func (c *Client) kindCounts(ctx context.Context) ([]KindCounts, error) {
	counts, err := c.db.JobCounts(ctx)
	if err != nil {
		return nil, err
	}
	byKind := map[string]map[State]int{}
	if c.workers != nil {
		for _, k := range c.workers.kinds {
			byKind[k] = map[State]int{}
		}
	}
	for _, n := range counts {
		if byKind[n.Kind] == nil {
			byKind[n.Kind] = map[State]int{}
		}
		byKind[n.Kind][State(n.State)] = n.Count
	}
	out := make([]KindCounts, 0, len(byKind))
	for k, m := range byKind {
		out = append(out, KindCounts{Kind: k, Counts: m})
	}
	slices.SortFunc(out, func(a, b KindCounts) int { return cmp.Compare(a.Kind, b.Kind) })
	return out, nil
}

func (c *Client) periodicStatus(ctx context.Context) ([]PeriodicStatus, error) {
	if c.workers == nil {
		return nil, nil
	}
	var out []PeriodicStatus
	for _, p := range c.workers.periodic {
		st := PeriodicStatus{PeriodicJob: p}
		res, err := c.river.JobList(ctx, river.NewJobListParams().Kinds(p.Kind).
			OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(1))
		if err != nil {
			return nil, fmt.Errorf("list jobs of %s: %w", p.Kind, err)
		}
		if len(res.Jobs) > 0 {
			j := res.Jobs[0]
			st.LastState, st.LastAt = State(j.State), jobTime(j)
		}
		out = append(out, st)
	}
	return out, nil
}

// jobTime is when j finished, or else when it last started, or else when
// it is due.
func jobTime(j *rivertype.JobRow) time.Time {
	switch {
	case j.FinalizedAt != nil:
		return *j.FinalizedAt
	case j.AttemptedAt != nil:
		return *j.AttemptedAt
	}
	return j.ScheduledAt
}

func (c *Client) failures(ctx context.Context) ([]Failure, error) {
	// A job that is not finished or running but was attempted failed its
	// last attempt: a retry soon after a failure is "available" at once (due
	// later), one after a longer backoff "retryable".
	res, err := c.river.JobList(ctx, river.NewJobListParams().
		States(rivertype.JobStateAvailable, rivertype.JobStateScheduled, rivertype.JobStateRetryable,
			rivertype.JobStateDiscarded, rivertype.JobStateCancelled).
		Where("attempt > 0").
		OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(maxFailures))
	if err != nil {
		return nil, fmt.Errorf("list failed jobs: %w", err)
	}
	out := []Failure{}
	for _, j := range res.Jobs {
		f := Failure{ID: j.ID, Kind: j.Kind, State: State(j.State), Attempt: j.Attempt, MaxAttempts: j.MaxAttempts, At: jobTime(j)}
		if n := len(j.Errors); n > 0 {
			f.Error, f.At = j.Errors[n-1].Error, j.Errors[n-1].At
		}
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b Failure) int { return b.At.Compare(a.At) })
	return out, nil
}

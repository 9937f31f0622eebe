// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"reflect"
	"time"
)

func (s *Server) adminJobOperations() []apiOperation {
	return []apiOperation{{
		Pattern: "GET /api/v1/admin/jobs", Access: SignedIn, Handler: s.apiAdminJobs,
		ID: "getJobSummary", Tag: "Installation", Summary: "Summarize the background jobs",
		Description: "Jobs per kind and state, the periodic schedule with each job's latest run, and the latest jobs whose last attempt failed. " +
			"Installation owners only. Finished jobs are kept for a week (discarded ones for a month), so the counts cover that time.",
		Result: reflect.TypeFor[jobSummaryAPI](), Errors: []int{http.StatusForbidden},
	}}
}

// jobSummaryAPI is the job queue as operators see it.
type jobSummaryAPI struct {
	Kinds    []jobKindAPI     `json:"kinds" openapi:"nonnull" doc:"Every known job kind and every kind with kept jobs, by name."`
	Periodic []jobPeriodicAPI `json:"periodic" openapi:"nonnull" doc:"The periodic schedule, by kind."`
	Failures []jobFailureAPI  `json:"failures" openapi:"nonnull" doc:"Up to 20 recent jobs whose last attempt failed, newest first."`
}

func (jobSummaryAPI) schemaName() string { return "JobSummary" }

type jobKindAPI struct {
	Kind   string         `json:"kind"`
	Counts map[string]int `json:"counts" openapi:"nonnull" doc:"Jobs per state (scheduled, available, running, retryable, completed, cancelled, discarded); states without jobs are absent."`
}

func (jobKindAPI) schemaName() string { return "JobKindCounts" }

type jobPeriodicAPI struct {
	Kind         string    `json:"kind"`
	EverySeconds int64     `json:"everySeconds" doc:"The interval between runs."`
	RunOnStart   bool      `json:"runOnStart" doc:"Whether it also runs when a server becomes the queue's leader, unless it already ran in the current interval."`
	LastState    string    `json:"lastState,omitempty" doc:"The state of the kind's newest kept job; absent when none is kept."`
	LastAt       time.Time `json:"lastAt,omitzero" doc:"When that job finished, started or is due."`
}

func (jobPeriodicAPI) schemaName() string { return "PeriodicJob" }

type jobFailureAPI struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	State       string    `json:"state" doc:"available or retryable (to be retried), cancelled (stopped for good) or discarded (failed its last attempt)."`
	Attempt     int       `json:"attempt"`
	MaxAttempts int       `json:"maxAttempts"`
	Error       string    `json:"error" doc:"The last attempt's error."`
	At          time.Time `json:"at" doc:"When the last attempt failed."`
}

func (jobFailureAPI) schemaName() string { return "JobFailure" }

func (s *Server) apiAdminJobs(w http.ResponseWriter, r *http.Request) (any, error) {
	sum, err := s.app.JobSummary(r.Context(), actor(r))
	if err != nil {
		return nil, err
	}
	out := jobSummaryAPI{Kinds: []jobKindAPI{}, Periodic: []jobPeriodicAPI{}, Failures: []jobFailureAPI{}}
	for _, k := range sum.Kinds {
		counts := map[string]int{}
		for st, n := range k.Counts {
			counts[string(st)] = n
		}
		out.Kinds = append(out.Kinds, jobKindAPI{Kind: k.Kind, Counts: counts})
	}
	for _, p := range sum.Periodic {
		out.Periodic = append(out.Periodic, jobPeriodicAPI{Kind: p.Kind, EverySeconds: int64(p.Every / time.Second),
			RunOnStart: p.RunOnStart, LastState: string(p.LastState), LastAt: p.LastAt})
	}
	for _, f := range sum.Failures {
		out.Failures = append(out.Failures, jobFailureAPI{ID: f.ID, Kind: f.Kind, State: string(f.State),
			Attempt: f.Attempt, MaxAttempts: f.MaxAttempts, Error: f.Error, At: f.At})
	}
	return out, nil
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/ismsproject/isms/internal/app"
)

// The background jobs page shows operators what the server does on its
// own: the periodic schedule with each job's latest run and a "Run now"
// button, the jobs per kind and state, and the latest failures. app lets
// installation owners only.

type adminJobsPage struct {
	basePage
	States   []string // the count columns, in reading order
	Kinds    []jobKindRow
	Periodic []jobPeriodicRow
	Failures []jobFailureRow
}

type jobKindRow struct {
	Kind   string
	Counts []int // per state, in the order of States
}

type jobPeriodicRow struct {
	Kind       string
	Every      string
	RunOnStart bool
	LastState  string
	LastChip   string
	LastAt     time.Time
}

type jobFailureRow struct {
	ID                   int64
	Kind, State, Chip    string
	Attempt, MaxAttempts int
	Error                string
	At                   time.Time
}

func (s *Server) handleAdminJobs(w http.ResponseWriter, r *http.Request) error {
	sum, err := s.app.JobSummary(r.Context(), actor(r))
	if err != nil {
		return err
	}
	p := &adminJobsPage{}
	for _, st := range app.JobStates {
		p.States = append(p.States, string(st))
	}
	for _, k := range sum.Kinds {
		row := jobKindRow{Kind: k.Kind}
		for _, st := range app.JobStates {
			row.Counts = append(row.Counts, k.Counts[st])
		}
		p.Kinds = append(p.Kinds, row)
	}
	for _, j := range sum.Periodic {
		p.Periodic = append(p.Periodic, jobPeriodicRow{Kind: j.Kind, Every: fmtEvery(j.Every), RunOnStart: j.RunOnStart,
			LastState: string(j.LastState), LastChip: jobChip(string(j.LastState)), LastAt: j.LastAt})
	}
	for _, f := range sum.Failures {
		p.Failures = append(p.Failures, jobFailureRow{ID: f.ID, Kind: f.Kind, State: string(f.State), Chip: jobChip(string(f.State)),
			Attempt: f.Attempt, MaxAttempts: f.MaxAttempts, Error: f.Error, At: f.At})
	}
	p.Title = "Background jobs"
	return s.render(w, r, http.StatusOK, "admin_jobs", p)
}

func (s *Server) handleAdminJobRun(w http.ResponseWriter, r *http.Request) error {
	kind := r.PathValue("kind")
	if err := s.app.RunJobNow(r.Context(), actor(r), kind); err != nil {
		return err
	}
	s.flash(w, "ok", "Job "+kind+" is queued and runs within seconds; reload this page to see its result.")
	http.Redirect(w, r, "/admin/jobs", http.StatusSeeOther)
	return nil
}

// jobChip is the status chip class of a job state.
func jobChip(state string) string {
	switch state {
	case "completed":
		return "chip-ok"
	case "retryable":
		return "chip-warn"
	case "cancelled", "discarded":
		return "chip-bad"
	case "":
		return ""
	}
	return "chip-info"
}

// fmtEvery says how often a periodic job runs, such as "daily" or "every 6 hours".
func fmtEvery(d time.Duration) string {
	unit := func(n int64, one, many string) string {
		if n == 1 {
			return one
		}
		return fmt.Sprintf("every %d %s", n, many)
	}
	switch {
	case d%(24*time.Hour) == 0:
		return unit(int64(d/(24*time.Hour)), "daily", "days")
	case d%time.Hour == 0:
		return unit(int64(d/time.Hour), "hourly", "hours")
	case d%time.Minute == 0:
		return unit(int64(d/time.Minute), "every minute", "minutes")
	}
	return "every " + d.String()
}

// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// startJobs starts the app's job runner, polling every 10 ms, and stops it
// when the test ends.
func (w *world) startJobs() {
	w.t.Helper()
	stop, err := w.app.StartJobs(w.ctx, jobs.Options{PollInterval: 10 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		w.t.Fatalf("StartJobs() = %v, want nil", err)
	}
	w.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := stop(ctx); err != nil {
			w.t.Errorf("stop jobs: %v", err)
		}
	})
}

// waitForJobs waits until no job of kind waits or runs and at least n have
// completed.
func (w *world) waitForJobs(kind string, n int) {
	w.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s, err := w.app.JobSummary(w.ctx, w.asOwner())
		if err != nil {
			w.t.Fatalf("JobSummary() = %v, want nil", err)
		}
		i := slices.IndexFunc(s.Kinds, func(k jobs.KindCounts) bool { return k.Kind == kind })
		if i >= 0 {
			c := s.Kinds[i].Counts
			if c[jobs.Completed] >= n && c[jobs.Available]+c[jobs.Running]+c[jobs.Scheduled]+c[jobs.Retryable] == 0 {
				return
			}
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("waited 30s for %d %s jobs to complete; summary %+v", n, kind, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// sessionUsers returns the users of the stored sessions, sorted.
func (w *world) sessionUsers() []string {
	w.t.Helper()
	rows, err := sqldbtest.Raw(w.t, w.db.URL()).QueryContext(w.ctx, `SELECT user_id FROM sessions ORDER BY user_id`)
	if err != nil {
		w.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			w.t.Fatal(err)
		}
		out = append(out, u)
	}
	return out
}

func TestTheSessionCleanupJobDeletesOnlyExpiredSessions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.signIn(w.admin) // expires 12 hours later (Options.SessionMax)
		w.clock.Advance(11 * time.Hour)
		w.signIn(w.manager)
		w.clock.Advance(2 * time.Hour) // the admin's session has expired, the manager's not
		if got := w.sessionUsers(); len(got) != 2 {
			t.Fatalf("sessions before the job = %v, want 2", got)
		}
		w.startJobs() // the daily job also runs at start
		w.waitForJobs("session.cleanup", 1)
		if got, want := w.sessionUsers(), []string{string(w.manager.ID)}; !slices.Equal(got, want) {
			t.Errorf("sessions after the job = %v, want only the manager's %v", got, want)
		}
	})
}

func TestOnlyOwnersSeeAndRunJobs(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		for _, who := range []isms.Actor{w.asAdmin(), w.asViewer()} {
			_, err := w.app.JobSummary(w.ctx, who)
			wantCode(t, "JobSummary(not an owner)", err, isms.Forbidden)
			wantCode(t, "RunJobNow(not an owner)", w.app.RunJobNow(w.ctx, who, "session.cleanup"), isms.Forbidden)
		}
		readOnly := w.asOwner()
		readOnly.Scope = isms.ScopeRead
		_, err := w.app.JobSummary(w.ctx, readOnly)
		wantCode(t, "JobSummary(owner with a read-only token)", err, "")
		wantCode(t, "RunJobNow(owner with a read-only token)", w.app.RunJobNow(w.ctx, readOnly, "session.cleanup"), isms.Forbidden)
		wantCode(t, "RunJobNow(unknown kind)", w.app.RunJobNow(w.ctx, w.asOwner(), "no.such"), isms.NotFound)

		before := w.head(isms.InstallationChain)
		wantCode(t, "RunJobNow(owner)", w.app.RunJobNow(w.ctx, w.asOwner(), "session.cleanup"), "")
		if h := w.head(isms.InstallationChain); h.Seq != before.Seq+1 {
			t.Errorf("installation chain head after RunJobNow = %d, want %d: one job.run event", h.Seq, before.Seq+1)
		}
		s, err := w.app.JobSummary(w.ctx, w.asOwner())
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(s.Periodic, func(p jobs.PeriodicStatus) bool { return p.Kind == "session.cleanup" })
		if i < 0 || s.Periodic[i].Every != 24*time.Hour || s.Periodic[i].LastState != jobs.Available {
			t.Errorf("JobSummary().Periodic = %+v, want session.cleanup daily, its run now waiting", s.Periodic)
		}
	})
}

// TestAppWritesGoOnWhileJobsRun signs people in, creates accounts and asks
// for job runs at once while the runner works, on SQLite through its one
// writer connection: no write may fail or hang.
func TestAppWritesGoOnWhileJobsRun(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.startJobs()
		const rounds = 30
		var wg sync.WaitGroup
		errs := make(chan error, 3*rounds)
		wg.Add(3)
		go func() {
			defer wg.Done()
			for range rounds {
				_, _, err := w.app.SignIn(w.ctx, w.admin.Email, password, clientAddr)
				errs <- err
			}
		}()
		go func() {
			defer wg.Done()
			for i := range rounds {
				u := &isms.User{Name: "Writer", Email: fmt.Sprintf("writer%d@example.com", i)}
				_, err := w.app.CreateUser(w.ctx, w.asOwner(), u, password)
				errs <- err
			}
		}()
		go func() {
			defer wg.Done()
			for range rounds {
				errs <- w.app.RunJobNow(w.ctx, w.asOwner(), "session.cleanup")
				time.Sleep(5 * time.Millisecond)
			}
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("an app write failed while jobs ran: %v", err)
			}
		}
		w.waitForJobs("session.cleanup", 2)
	})
}

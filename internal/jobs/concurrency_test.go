// SPDX-License-Identifier: Apache-2.0

package jobs_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// TestWritesGoOnWhileTheRunnerWorks runs product writes, enqueues in
// transactions and job handlers that write, all at once. On SQLite they all
// share the one writer connection with River's polling, fetching and
// completing: nothing may fail with "database is locked" or wait forever.
func TestWritesGoOnWhileTheRunnerWorks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := testContext(t)
		const writers, perWriter = 4, 25
		w := jobs.NewWorkers()
		jobs.Add(w, func(ctx context.Context, a echoArgs, attempt int) error {
			return db.Update(ctx, func(tx *sqldb.Tx) error {
				return tx.SetSetting(ctx, fmt.Sprintf("job-%d", a.N), "done")
			})
		})
		runner := start(t, db, w, jobs.Options{Concurrency: 4, PollInterval: 5 * time.Millisecond})
		ins := inserter(t, db)

		var wg sync.WaitGroup
		errs := make(chan error, 2*writers*perWriter)
		for g := range writers {
			wg.Add(2)
			go func() { // a use case that enqueues a job with its change
				defer wg.Done()
				for i := range perWriter {
					n := g*perWriter + i
					errs <- db.Update(ctx, func(tx *sqldb.Tx) error {
						if err := tx.SetSetting(ctx, fmt.Sprintf("change-%d", n), "made"); err != nil {
							return err
						}
						return ins.InsertTx(ctx, tx, echoArgs{N: n}, jobs.InsertOpts{})
					})
				}
			}()
			go func() { // a use case that only writes
				defer wg.Done()
				for i := range perWriter {
					errs <- db.Update(ctx, func(tx *sqldb.Tx) error {
						return tx.SetSetting(ctx, fmt.Sprintf("plain-%d-%d", g, i), "made")
					})
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("a write failed while the runner worked: %v", err)
			}
		}
		n := writers * perWriter
		waitFor(t, ctx, fmt.Sprintf("%d jobs to complete", n), func() bool {
			return counts(t, ctx, runner, "test.echo")[jobs.Completed] == n
		})
		if c := counts(t, ctx, runner, "test.echo"); total(c) != n {
			t.Errorf("test.echo jobs = %v, want %d completed and nothing else", c, n)
		}
		err := db.View(ctx, func(tx *sqldb.Tx) error {
			for i := range n {
				if v, err := tx.FindSetting(ctx, fmt.Sprintf("job-%d", i)); err != nil || v != "done" {
					return fmt.Errorf("job %d wrote %q, %v; want done", i, v, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	})
}

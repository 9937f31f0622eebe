// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"time"

	"github.com/ismsproject/isms/internal/jobs"
)

// recurringTasksArgs is the hourly job that generates the tasks of every
// active schedule that fall within its lead time, catching up missed
// occurrences. Generation is idempotent, so a second run creates nothing.
type recurringTasksArgs struct{}

// Kind names the job.
func (recurringTasksArgs) Kind() string { return "tasks.recurring" }

func init() {
	registerJob(func(a *App, w *jobs.Workers) {
		jobs.Add(w, func(ctx context.Context, _ recurringTasksArgs, _ int) error {
			_, err := a.GenerateRecurringTasks(ctx)
			return err
		})
		w.Periodic(time.Hour, recurringTasksArgs{}, true)
	})
}

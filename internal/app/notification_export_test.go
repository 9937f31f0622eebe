// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/jobs"
)

// RequeueAssigned queues the assignment notice of t once more, as a job
// that runs again after a crash would.
func (a *App) RequeueAssigned(ctx context.Context, t *isms.Task, by string) error {
	return a.jobs.Insert(ctx, assignedArgs{OrgID: t.OrgID, TaskID: t.ID, OwnerID: t.OwnerID, Version: t.Version, By: by}, jobs.InsertOpts{})
}

// RequeueDigest queues user's overdue digest of day once more.
func (a *App) RequeueDigest(ctx context.Context, user isms.ID, day isms.Date) error {
	return a.jobs.Insert(ctx, digestArgs{UserID: user, Date: day.String()}, jobs.InsertOpts{})
}

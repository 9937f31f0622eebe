// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// GatherLeadershipFactsForTest reads the leadership facts of org on today as the
// readiness check does, in a read transaction of its own.
func (a *App) GatherLeadershipFactsForTest(ctx context.Context, org isms.ID, today isms.Date) (isms.LeadershipFacts, error) {
	var f isms.LeadershipFacts
	err := a.db.View(ctx, func(tx *sqldb.Tx) error { return gatherLeadershipFacts(ctx, tx, org, today, &f) })
	return f, err
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// GatherPlanningFactsForTest reads the planning facts of org on today as the
// readiness check does, in a read transaction of its own.
func (a *App) GatherPlanningFactsForTest(ctx context.Context, org isms.ID, today isms.Date) (isms.PlanningFacts, error) {
	var f isms.PlanningFacts
	err := a.db.View(ctx, func(tx *sqldb.Tx) error { return gatherPlanningFacts(ctx, tx, org, today, &f) })
	return f, err
}

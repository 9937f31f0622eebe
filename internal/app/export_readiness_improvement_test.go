// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// GatherImprovementFactsForTest reads the improvement facts of org on today as the
// readiness check does, in a read transaction of its own.
func (a *App) GatherImprovementFactsForTest(ctx context.Context, org isms.ID, today isms.Date) (isms.ImprovementFacts, error) {
	var f isms.ImprovementFacts
	err := a.db.View(ctx, func(tx *sqldb.Tx) error { return gatherImprovementFacts(ctx, tx, org, today, &f) })
	return f, err
}

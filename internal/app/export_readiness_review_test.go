// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// GatherReviewFactsForTest reads the review facts of org on today as the
// readiness check does, in a read transaction of its own.
func (a *App) GatherReviewFactsForTest(ctx context.Context, org isms.ID, today isms.Date) (isms.ReviewFacts, error) {
	var f isms.ReviewFacts
	err := a.db.View(ctx, func(tx *sqldb.Tx) error { return gatherReviewFacts(ctx, tx, org, today, &f) })
	return f, err
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// GatherAnnexFactsForTest reads the Annex A facts of org on today as the
// readiness check does, in a read transaction of its own.
func (a *App) GatherAnnexFactsForTest(ctx context.Context, org isms.ID, today isms.Date) (isms.AnnexFacts, error) {
	var f isms.AnnexFacts
	err := a.db.View(ctx, func(tx *sqldb.Tx) error { return gatherAnnexFacts(ctx, tx, org, today, &f) })
	return f, err
}

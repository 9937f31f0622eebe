// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// GatherContextFactsForTest reads the context facts of org on today as the
// readiness check does, in a read transaction of its own.
func (a *App) GatherContextFactsForTest(ctx context.Context, org isms.ID, today isms.Date) (isms.ContextFacts, error) {
	var f isms.ContextFacts
	err := a.db.View(ctx, func(tx *sqldb.Tx) error { return gatherContextFacts(ctx, tx, org, today, &f) })
	return f, err
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// GatherOperationFactsForTest reads the operation facts of org on today as the
// readiness check does, in a read transaction of its own.
func (a *App) GatherOperationFactsForTest(ctx context.Context, org isms.ID, today isms.Date) (isms.OperationFacts, error) {
	var f isms.OperationFacts
	err := a.db.View(ctx, func(tx *sqldb.Tx) error { return gatherOperationFacts(ctx, tx, org, today, &f) })
	return f, err
}

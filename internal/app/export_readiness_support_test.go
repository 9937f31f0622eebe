// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// GatherSupportFactsForTest reads the support facts of org on today as the
// readiness check does, in a read transaction of its own.
func (a *App) GatherSupportFactsForTest(ctx context.Context, org isms.ID, today isms.Date) (isms.SupportFacts, error) {
	var f isms.SupportFacts
	err := a.db.View(ctx, func(tx *sqldb.Tx) error { return gatherSupportFacts(ctx, tx, org, today, &f) })
	return f, err
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// GatherAuditFactsForTest reads the audit facts of org on today as the
// readiness check does, in a read transaction of its own.
func (a *App) GatherAuditFactsForTest(ctx context.Context, org isms.ID, today isms.Date) (isms.AuditFacts, error) {
	var f isms.AuditFacts
	err := a.db.View(ctx, func(tx *sqldb.Tx) error { return gatherAuditFacts(ctx, tx, org, today, &f) })
	return f, err
}

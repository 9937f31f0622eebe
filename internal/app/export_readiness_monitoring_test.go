// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// GatherMonitoringFactsForTest reads the monitoring facts of org on today as the
// readiness check does, in a read transaction of its own.
func (a *App) GatherMonitoringFactsForTest(ctx context.Context, org isms.ID, today isms.Date) (isms.MonitoringFacts, error) {
	var f isms.MonitoringFacts
	err := a.db.View(ctx, func(tx *sqldb.Tx) error { return gatherMonitoringFacts(ctx, tx, org, today, &f) })
	return f, err
}

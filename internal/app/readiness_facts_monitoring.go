// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherMonitoringFacts reads the facts of the monitoring rules.
func gatherMonitoringFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.MonitoringFacts) error {
	return nil
}

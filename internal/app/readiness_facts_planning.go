// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherPlanningFacts reads the facts of the planning rules: ISMS risks
// and opportunities, objectives and their metrics, and planned changes.
func gatherPlanningFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.PlanningFacts) error {
	var err error
	if *f, err = tx.ReadinessPlanning(ctx, org, today); err != nil {
		return fmt.Errorf("readiness planning: %w", err)
	}
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherPlanningFacts reads the facts of the planning rules.
func gatherPlanningFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.PlanningFacts) error {
	return nil
}

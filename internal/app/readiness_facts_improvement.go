// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherImprovementFacts reads the facts of the improvement and
// nonconformity rules.
func gatherImprovementFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.ImprovementFacts) error {
	var err error
	if *f, err = tx.ReadinessImprovement(ctx, org, today); err != nil {
		return fmt.Errorf("readiness improvement: %w", err)
	}
	return nil
}

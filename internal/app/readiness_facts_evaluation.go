// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherEvaluationFacts reads the facts of the evaluation rules.
func gatherEvaluationFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.EvaluationFacts) error {
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherOperationFacts reads the facts of the operation rules.
func gatherOperationFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.OperationFacts) error {
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherOperationFacts reads the facts of the operation rules (8.1): the
// controls and their recurring activities, all counted by the store.
func gatherOperationFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.OperationFacts) error {
	var err error
	*f, err = tx.ReadinessOperation(ctx, org, today)
	return err
}

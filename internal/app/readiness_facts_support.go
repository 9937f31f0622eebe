// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherSupportFacts reads the facts of the support rules.
func gatherSupportFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.SupportFacts) error {
	return nil
}

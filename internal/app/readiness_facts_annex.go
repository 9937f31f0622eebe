// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherAnnexFacts reads the facts of the annex rules.
func gatherAnnexFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.AnnexFacts) error {
	return nil
}

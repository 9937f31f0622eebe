// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherAuditFacts reads the facts of the audit rules.
func gatherAuditFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.AuditFacts) error {
	return nil
}

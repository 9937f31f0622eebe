// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherLeadershipFacts reads the facts of the leadership rules.
func gatherLeadershipFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.LeadershipFacts) error {
	return nil
}

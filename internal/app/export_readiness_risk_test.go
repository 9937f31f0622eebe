// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// GatherRiskFactsForTest reads the facts of the risk and SoA rules of org
// on today, in one read transaction, as the readiness check does.
func GatherRiskFactsForTest(ctx context.Context, a *App, org isms.ID, today isms.Date) (*isms.RiskFacts, error) {
	f := &isms.RiskFacts{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) error { return gatherRiskFacts(ctx, tx, org, today, f) })
	return f, err
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// readinessFacts reads the facts of org's registers on today, in one read
// transaction: each area of the standard fills its part.
func readinessFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date) (*isms.Facts, error) {
	f := &isms.Facts{Today: today}
	var err error
	if f.People, err = tx.CountReadinessPeople(ctx, org); err != nil {
		return nil, err
	}
	for _, gather := range []func() error{
		func() error { return gatherContextFacts(ctx, tx, org, today, &f.ContextFacts) },
		func() error { return gatherLeadershipFacts(ctx, tx, org, today, &f.LeadershipFacts) },
		func() error { return gatherPlanningFacts(ctx, tx, org, today, &f.PlanningFacts) },
		func() error { return gatherRiskFacts(ctx, tx, org, today, &f.RiskFacts) },
		func() error { return gatherSupportFacts(ctx, tx, org, today, &f.SupportFacts) },
		func() error { return gatherOperationFacts(ctx, tx, org, today, &f.OperationFacts) },
		func() error { return gatherMonitoringFacts(ctx, tx, org, today, &f.MonitoringFacts) },
		func() error { return gatherAuditFacts(ctx, tx, org, today, &f.AuditFacts) },
		func() error { return gatherReviewFacts(ctx, tx, org, today, &f.ReviewFacts) },
		func() error { return gatherImprovementFacts(ctx, tx, org, today, &f.ImprovementFacts) },
		func() error { return gatherAnnexFacts(ctx, tx, org, today, &f.AnnexFacts) },
	} {
		if err := gather(); err != nil {
			return nil, err
		}
	}
	return f, nil
}

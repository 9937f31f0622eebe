// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherLeadershipFacts reads the facts of the leadership rules: the
// store's figures of commitments, roles and the RACI, and the
// information security policy as findPolicy finds it.
func gatherLeadershipFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.LeadershipFacts) error {
	var err error
	if *f, err = tx.ReadinessLeadership(ctx, org); err != nil {
		return fmt.Errorf("readiness leadership: %w", err)
	}
	d, err := findPolicy(ctx, tx, org)
	if err != nil {
		return fmt.Errorf("readiness policy: %w", err)
	}
	if d == nil {
		return nil
	}
	f.Policy = isms.RecordRef{Type: objectDocument, ID: d.ID, Ref: d.Ref, Title: d.Title}
	f.PolicyApprovedVersion, f.PolicyNextReview = d.ApprovedNumber, d.NextReview
	if f.PolicyObjectives, err = tx.ReadinessPolicyObjectives(ctx, org, d.ID); err != nil {
		return fmt.Errorf("readiness policy: %w", err)
	}
	return nil
}

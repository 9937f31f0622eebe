// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// ReadinessReviews returns the count of org's management reviews,
// whatever their status, and those still planned whose planned date is
// before today, oldest first. The last review held is LastHeldReview's.
func (tx *Tx) ReadinessReviews(ctx context.Context, org isms.ID, today isms.Date) (int, isms.RecordSet, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM management_reviews WHERE organization_id = ?`, org).Scan(&n)
	if err != nil {
		return 0, isms.RecordSet{}, fmt.Errorf("readiness reviews: %w", err)
	}
	overdue, err := tx.readinessSet(ctx, "management_review", `SELECT id, ref, title FROM management_reviews
		WHERE organization_id = ? AND status = ? AND planned_on < ? ORDER BY planned_on, number, id`,
		org, isms.ReviewPlanned, today)
	return n, overdue, err
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherReviewFacts reads the facts of the management review rules: the
// reviews counted, the review held last (on or before today) with its
// frozen pack, outputs and approval, and the planned reviews past their
// date.
func gatherReviewFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.ReviewFacts) error {
	var err error
	if f.Reviews, f.ReviewsOverdue, err = tx.ReadinessReviews(ctx, org, today); err != nil {
		return fmt.Errorf("readiness reviews: %w", err)
	}
	r, err := tx.LastHeldReview(ctx, org, today.AddDays(1))
	switch {
	case isms.ErrorCode(err) == isms.NotFound:
		return nil
	case err != nil:
		return fmt.Errorf("readiness last review: %w", err)
	}
	f.ReviewLast = isms.RecordRef{Type: objectReview, ID: r.ID, Ref: r.Ref, Title: r.Title}
	f.ReviewLastHeldOn, f.ReviewLastApproved, f.ReviewLastOutputs = r.HeldOn, r.Status == isms.ReviewApproved, r.Outputs
	for _, key := range isms.MissingReviewInputs(r.Pack) {
		h := packHeadings[key]
		f.ReviewLastMissingInputs = append(f.ReviewLastMissingInputs, h.clause+" "+h.title)
	}
	return nil
}

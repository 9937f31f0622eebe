// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// Management reviews (27001 9.3: management_reviews) and their outputs
// (review_outputs). The frozen pack is stored as JSON with its hash.
// Every query is scoped to its organization.

// InsertReview stores a new review.
func (tx *Tx) InsertReview(ctx context.Context, r *isms.ManagementReview) error {
	panic("not implemented")
}

// UpdateReview stores r (pack included), read at version; a newer stored
// one is a Conflict. It sets r.Version and r.UpdatedAt.
func (tx *Tx) UpdateReview(ctx context.Context, r *isms.ManagementReview, version int) error {
	panic("not implemented")
}

// DeleteReview deletes review id with its outputs.
func (tx *Tx) DeleteReview(ctx context.Context, org, id isms.ID) error {
	panic("not implemented")
}

// FindReviewByID returns review id with its chair's name and its pack;
// NotFound when there is none.
func (tx *Tx) FindReviewByID(ctx context.Context, org, id isms.ID) (*isms.ManagementReview, error) {
	panic("not implemented")
}

// FindReviewByIDForUpdate is FindReviewByID, locking the row on
// PostgreSQL.
func (tx *Tx) FindReviewByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.ManagementReview, error) {
	panic("not implemented")
}

// FindReviewByRef returns the review with reference ref ("MR-2",
// case-insensitive).
func (tx *Tx) FindReviewByRef(ctx context.Context, org isms.ID, ref string) (*isms.ManagementReview, error) {
	panic("not implemented")
}

// FindReviews returns a page of reviews (without their packs) and the
// total matching f.
func (tx *Tx) FindReviews(ctx context.Context, org isms.ID, f isms.ReviewFilter) ([]*isms.ManagementReview, int, error) {
	panic("not implemented")
}

// LastHeldReview returns the review held most recently before day (held
// or approved), or NotFound.
func (tx *Tx) LastHeldReview(ctx context.Context, org isms.ID, before isms.Date) (*isms.ManagementReview, error) {
	panic("not implemented")
}

// InsertReviewOutput stores a new output.
func (tx *Tx) InsertReviewOutput(ctx context.Context, o *isms.ReviewOutput) error {
	panic("not implemented")
}

// UpdateReviewOutput stores o, read at version; a newer stored one is a
// Conflict. It sets o.Version and o.UpdatedAt.
func (tx *Tx) UpdateReviewOutput(ctx context.Context, o *isms.ReviewOutput, version int) error {
	panic("not implemented")
}

// DeleteReviewOutput deletes output id.
func (tx *Tx) DeleteReviewOutput(ctx context.Context, org, id isms.ID) error {
	panic("not implemented")
}

// FindReviewOutputByID returns output id with its owner's name and its
// task's status.
func (tx *Tx) FindReviewOutputByID(ctx context.Context, org, id isms.ID) (*isms.ReviewOutput, error) {
	panic("not implemented")
}

// FindReviewOutputs returns the outputs of reviews (all of the
// organization's when reviews is empty) in creation order, with owner
// names and task statuses.
func (tx *Tx) FindReviewOutputs(ctx context.Context, org isms.ID, reviews []isms.ID) ([]*isms.ReviewOutput, error) {
	panic("not implemented")
}

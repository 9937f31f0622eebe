// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"io"

	"github.com/ismsproject/isms/internal/isms"
)

// Management review (27001 9.3): reviews planned (and reminded by a
// recurring activity), a pack compiled live for every 9.3.2 input, frozen
// and hashed when the review is held, outputs per 9.3.3 that can become
// tasks, and minutes approved by the chair through the shared approval
// mechanism.

// The object types of management review records in the audit trail and
// in links.
const (
	objectReview       = "management_review"
	objectReviewOutput = "review_output"
)

// ReviewInput is what people enter to plan a review.
type ReviewInput struct {
	Title     string
	PlannedOn isms.Date
	ChairID   isms.ID
	// RepeatMonths, when above zero on creation, schedules the review as a
	// recurring activity owned by the chair: a task "Prepare the management
	// review" every RepeatMonths months from PlannedOn, 30 days ahead.
	RepeatMonths int
}

// HoldInput is what is recorded when the review is held.
type HoldInput struct {
	HeldOn    isms.Date
	Attendees []string
	Minutes   string
}

// ReviewView is a review as its page shows it.
type ReviewView struct {
	Review *isms.ManagementReview
	// Pack is the frozen pack once held, else compiled live now.
	Pack    *isms.ReviewPack
	Live    bool
	Outputs []*isms.ReviewOutput
	// Approval is the latest submission of the minutes, or nil.
	Approval *isms.Approval
	// Previous is the review held before this one, or nil.
	Previous *isms.ManagementReview
}

// ReviewsOverview is the reviews page's header: the last review held and
// when the next is due.
type ReviewsOverview struct {
	LastHeld *isms.ManagementReview // nil when none
	// NextDue is the planned date of the next planned review, or, when
	// none is planned, 12 months after the last held; zero when neither.
	NextDue  isms.Date
	Overdue  bool
	Schedule *isms.Schedule // the recurring activity, or nil
}

// CreateReview plans a review (ManageReviews).
func (a *App) CreateReview(ctx context.Context, actor isms.Actor, in ReviewInput) (*isms.ManagementReview, error) {
	panic("not implemented")
}

// UpdateReview changes a planned review, read at version (ManageReviews);
// RepeatMonths is ignored.
func (a *App) UpdateReview(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ReviewInput) (*isms.ManagementReview, error) {
	panic("not implemented")
}

// DeleteReview deletes a planned review (ManageReviews).
func (a *App) DeleteReview(ctx context.Context, actor isms.Actor, id isms.ID) error {
	panic("not implemented")
}

// FindReview returns review id (its ID or reference "MR-2") to anyone who
// reads the ISMS.
func (a *App) FindReview(ctx context.Context, actor isms.Actor, id string) (*ReviewView, error) {
	panic("not implemented")
}

// ListReviews returns a page of reviews (without packs) and the total.
func (a *App) ListReviews(ctx context.Context, actor isms.Actor, f isms.ReviewFilter) ([]*isms.ManagementReview, int, error) {
	panic("not implemented")
}

// ReviewsDue returns the reviews overview.
func (a *App) ReviewsDue(ctx context.Context, actor isms.Actor) (*ReviewsOverview, error) {
	panic("not implemented")
}

// CompileReviewPack compiles review id's pack from the registers as of
// today, for the period since the previous review held (a year when
// none). Every 9.3.2 input has a section, in isms.ReviewInputs order;
// each section's items link to their source records.
func (a *App) CompileReviewPack(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.ReviewPack, error) {
	panic("not implemented")
}

// HoldReview records that planned review id, read at version, was held:
// date, attendees and minutes; it compiles and freezes the pack (hashed)
// in the same transaction (ManageReviews).
func (a *App) HoldReview(ctx context.Context, actor isms.Actor, id isms.ID, version int, in HoldInput) (*isms.ManagementReview, error) {
	panic("not implemented")
}

// UpdateMinutes changes a held review's attendees and minutes, read at
// version, until it is submitted (ManageReviews).
func (a *App) UpdateMinutes(ctx context.Context, actor isms.Actor, id isms.ID, version int, in HoldInput) (*isms.ManagementReview, error) {
	panic("not implemented")
}

// SubmitReview submits a held review's minutes (pack hash, attendees,
// minutes, outputs) to its chair for approval (ManageReviews and
// SubmitApprovals). Approval makes the review approved and immutable.
func (a *App) SubmitReview(ctx context.Context, actor isms.Actor, id isms.ID, version int, note string) (*isms.Approval, error) {
	panic("not implemented")
}

// OutputInput is what people enter for a review output.
type OutputInput struct {
	Kind        isms.OutputKind
	Description string
	OwnerID     isms.ID
	Due         isms.Date
}

// AddReviewOutput records an output of a held review (ManageReviews).
func (a *App) AddReviewOutput(ctx context.Context, actor isms.Actor, review isms.ID, in OutputInput) (*isms.ReviewOutput, error) {
	panic("not implemented")
}

// UpdateReviewOutput changes output id, read at version, while its review
// is held and not submitted (ManageReviews).
func (a *App) UpdateReviewOutput(ctx context.Context, actor isms.Actor, id isms.ID, version int, in OutputInput) (*isms.ReviewOutput, error) {
	panic("not implemented")
}

// DeleteReviewOutput deletes output id while its review is held and not
// submitted (ManageReviews).
func (a *App) DeleteReviewOutput(ctx context.Context, actor isms.Actor, id isms.ID) error {
	panic("not implemented")
}

// TrackReviewOutput turns output id into a task for its owner, due on its
// due date, linked to the review (ManageReviews); an output already
// tracked is a Conflict. It works on held and approved reviews.
func (a *App) TrackReviewOutput(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.Task, error) {
	panic("not implemented")
}

// ExportReview writes review id's "pack" or "minutes" as a PDF and
// returns the file name to offer ("management-review-mr-2-pack.pdf").
func (a *App) ExportReview(ctx context.Context, actor isms.Actor, id, what string, w io.Writer) (string, error) {
	panic("not implemented")
}

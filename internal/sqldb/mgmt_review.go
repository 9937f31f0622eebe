// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// Management reviews (27001 9.3: management_reviews) and their outputs
// (review_outputs). The frozen pack is stored as JSON with its hash.
// Every query is scoped to its organization. Outputs are in
// mgmt_review_output.go.

// reviewColumns are the columns a review is read from, with its chair's
// name (a scalar subquery, so that PostgreSQL can lock the row FOR
// UPDATE); %s is the pack column, or ” for lists that leave it out.
const reviewColumns = `r.id, r.organization_id, r.ref, r.number, r.title, r.planned_on, r.chair_id,
	COALESCE((SELECT u.name FROM users u WHERE u.id = r.chair_id), ''), r.status, r.held_on, r.attendees, r.minutes,
	%s, r.pack_sha256, r.schedule_id, r.approval_id, r.approved_at,
	(SELECT COUNT(*) FROM review_outputs o WHERE o.organization_id = r.organization_id AND o.review_id = r.id),
	r.created_by, r.version, r.created_at, r.updated_at`

// reviewWithPack and reviewWithoutPack are reviewColumns with and without
// the pack.
var (
	reviewWithPack    = fmt.Sprintf(reviewColumns, "r.pack")
	reviewWithoutPack = fmt.Sprintf(reviewColumns, "''")
)

const reviewFrom = ` FROM management_reviews r`

// reviewNotFound is the message of a review that is not the
// organization's.
const reviewNotFound = "No such management review in this organization."

func scanReview(s rowScanner) (*isms.ManagementReview, error) {
	var r isms.ManagementReview
	var attendees, pack string
	err := s.Scan(&r.ID, &r.OrgID, &r.Ref, &r.Number, &r.Title, &r.PlannedOn, &r.ChairID, &r.ChairName, &r.Status,
		&r.HeldOn, &attendees, &r.Minutes, &pack, &r.PackSHA256, &r.ScheduleID, &r.ApprovalID,
		(*timestamp)(&r.ApprovedAt), &r.Outputs, &r.CreatedBy, &r.Version, (*timestamp)(&r.CreatedAt), (*timestamp)(&r.UpdatedAt))
	if err != nil {
		return nil, err
	}
	if r.Attendees, err = readJSONList[string](attendees, "review attendees"); err != nil {
		return nil, fmt.Errorf("review %s: %w", r.Ref, err)
	}
	if pack != "" {
		r.Pack = &isms.ReviewPack{}
		if err := json.Unmarshal([]byte(pack), r.Pack); err != nil {
			return nil, fmt.Errorf("review %s: decode pack: %w", r.Ref, err)
		}
	}
	return &r, nil
}

// reviewJSON returns the attendees and pack columns of r; the pack is ""
// while there is none.
func reviewJSON(r *isms.ManagementReview) (attendees, pack string, err error) {
	if attendees, err = jsonList(r.Attendees, "review attendees"); err != nil {
		return "", "", err
	}
	if r.Pack == nil {
		return attendees, "", nil
	}
	b, err := json.Marshal(r.Pack)
	if err != nil {
		return "", "", fmt.Errorf("encode review pack: %w", err)
	}
	return attendees, string(b), nil
}

// InsertReview stores a new review.
func (tx *Tx) InsertReview(ctx context.Context, r *isms.ManagementReview) error {
	attendees, pack, err := reviewJSON(r)
	if err != nil {
		return err
	}
	r.Version, r.CreatedAt, r.UpdatedAt, r.Number = 1, tx.now, tx.now, refNumber(r.Ref)
	_, err = tx.exec(ctx, `INSERT INTO management_reviews (id, organization_id, ref, number, title, planned_on,
		chair_id, status, held_on, attendees, minutes, pack, pack_sha256, schedule_id, approval_id, approved_at,
		created_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.OrgID, r.Ref, r.Number, r.Title, r.PlannedOn, r.ChairID, r.Status, r.HeldOn, attendees, r.Minutes, pack,
		r.PackSHA256, r.ScheduleID, r.ApprovalID, tx.ts(r.ApprovedAt), r.CreatedBy, r.Version, tx.ts(r.CreatedAt),
		tx.ts(r.UpdatedAt))
	return inserted(err, "management_reviews", "management review")
}

// UpdateReview stores r (pack included), read at version; a newer stored
// one is a Conflict. It sets r.Version and r.UpdatedAt.
func (tx *Tx) UpdateReview(ctx context.Context, r *isms.ManagementReview, version int) error {
	attendees, pack, err := reviewJSON(r)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE management_reviews SET title = ?, planned_on = ?, chair_id = ?, status = ?,
		held_on = ?, attendees = ?, minutes = ?, pack = ?, pack_sha256 = ?, schedule_id = ?, approval_id = ?,
		approved_at = ?, version = version + 1, updated_at = ? WHERE organization_id = ? AND id = ? AND version = ?`,
		r.Title, r.PlannedOn, r.ChairID, r.Status, r.HeldOn, attendees, r.Minutes, pack, r.PackSHA256, r.ScheduleID,
		r.ApprovalID, tx.ts(r.ApprovedAt), tx.ts(tx.now), r.OrgID, r.ID, version)
	if err := tx.updated(ctx, res, err, rowKey{"management_reviews", r.OrgID, r.ID}, "management review", reviewNotFound); err != nil {
		return err
	}
	r.Version, r.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteReview deletes review id with its outputs.
func (tx *Tx) DeleteReview(ctx context.Context, org, id isms.ID) error {
	if _, err := tx.exec(ctx, `DELETE FROM review_outputs WHERE organization_id = ? AND review_id = ?`, org, id); err != nil {
		return fmt.Errorf("delete review outputs: %w", err)
	}
	return tx.deleteOne(ctx, "management_reviews", org, id, reviewNotFound)
}

// FindReviewByID returns review id with its chair's name and its pack;
// NotFound when there is none.
func (tx *Tx) FindReviewByID(ctx context.Context, org, id isms.ID) (*isms.ManagementReview, error) {
	return tx.findReview(ctx, "r.id = ?", org, id, "", reviewNotFound)
}

// FindReviewByIDForUpdate is FindReviewByID, locking the row on
// PostgreSQL.
func (tx *Tx) FindReviewByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.ManagementReview, error) {
	return tx.findReview(ctx, "r.id = ?", org, id, tx.forUpdate(), reviewNotFound)
}

// FindReviewByRef returns the review with reference ref ("MR-2",
// case-insensitive).
func (tx *Tx) FindReviewByRef(ctx context.Context, org isms.ID, ref string) (*isms.ManagementReview, error) {
	return tx.findReview(ctx, "LOWER(r.ref) = LOWER(?)", org, ref, "",
		fmt.Sprintf("The organization has no management review %q.", ref))
}

func (tx *Tx) findReview(ctx context.Context, cond string, org isms.ID, key any, lock, msg string) (*isms.ManagementReview, error) {
	r, err := scanReview(tx.queryRow(ctx, `SELECT `+reviewWithPack+reviewFrom+`
		WHERE r.organization_id = ? AND `+cond+lock, org, key))
	if err != nil {
		return nil, notFound(err, msg)
	}
	return r, nil
}

// reviewStatusOrder ranks the statuses in their order, for sorting.
const reviewStatusOrder = `CASE r.status WHEN 'planned' THEN 1 WHEN 'held' THEN 2 WHEN 'approved' THEN 3 ELSE 4 END`

// reviewSorts are the review list's sort keys; reviews not yet held sort
// last by date held.
var reviewSorts = map[string]string{
	"ref":       "r.number, r.ref",
	"title":     "LOWER(r.title), r.number",
	"plannedOn": "r.planned_on, r.number",
	"heldOn":    "r.held_on IS NULL, r.held_on, r.number",
	"status":    reviewStatusOrder + ", r.number",
	"updated":   "r.updated_at, r.number",
}

// defaultReviewSort puts the latest planned review first.
const defaultReviewSort = "-plannedOn"

// FindReviews returns a page of reviews (without their packs) and the
// total matching f.
func (tx *Tx) FindReviews(ctx context.Context, org isms.ID, f isms.ReviewFilter) ([]*isms.ManagementReview, int, error) {
	where, args := "r.organization_id = ?", []any{org}
	if f.Status != "" {
		where, args = where+" AND r.status = ?", append(args, f.Status)
	}
	where, args = searchIn(where, args, f.Search, "r.ref", "r.title")
	sort := f.Sort
	if _, ok := reviewSorts[strings.TrimPrefix(sort, "-")]; !ok {
		sort = defaultReviewSort
	}
	return findPage(ctx, tx, pageQuery{one: "management review", many: "management reviews", columns: reviewWithoutPack,
		from: reviewFrom, where: where, args: args, orderBy: order(sort, reviewSorts, "ref")},
		f.Limit, f.Offset, scanReview)
}

// LastHeldReview returns the review held most recently before day (held
// or approved), or NotFound.
func (tx *Tx) LastHeldReview(ctx context.Context, org isms.ID, before isms.Date) (*isms.ManagementReview, error) {
	r, err := scanReview(tx.queryRow(ctx, `SELECT `+reviewWithPack+reviewFrom+`
		WHERE r.organization_id = ? AND r.status IN (?, ?) AND r.held_on < ?
		ORDER BY r.held_on DESC, r.number DESC LIMIT 1`, org, isms.ReviewHeld, isms.ReviewApproved, before))
	if err != nil {
		return nil, notFound(err, "No management review was held before "+before.String()+".")
	}
	return r, nil
}

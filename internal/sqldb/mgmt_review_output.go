// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// The outputs of management reviews (review_outputs, 27001 9.3.3), read
// with their owner's name and the status of the task that tracks them.

const outputColumns = `o.id, o.organization_id, o.review_id, o.kind, o.description, COALESCE(o.owner_id, ''),
	COALESCE(u.name, ''), o.due_on, o.task_id, COALESCE(t.status, ''), o.created_by, o.version, o.created_at, o.updated_at`

const outputFrom = ` FROM review_outputs o LEFT JOIN users u ON u.id = o.owner_id
	LEFT JOIN tasks t ON t.organization_id = o.organization_id AND t.id = o.task_id`

// outputNotFound is the message of an output that is not the
// organization's.
const outputNotFound = "No such review output in this organization."

// maxReviewOutputs caps the outputs read at once: a review records a
// handful.
const maxReviewOutputs = 10000

func scanReviewOutput(s rowScanner) (*isms.ReviewOutput, error) {
	var o isms.ReviewOutput
	err := s.Scan(&o.ID, &o.OrgID, &o.ReviewID, &o.Kind, &o.Description, &o.OwnerID, &o.OwnerName, &o.Due, &o.TaskID,
		&o.TaskStatus, &o.CreatedBy, &o.Version, (*timestamp)(&o.CreatedAt), (*timestamp)(&o.UpdatedAt))
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// InsertReviewOutput stores a new output.
func (tx *Tx) InsertReviewOutput(ctx context.Context, o *isms.ReviewOutput) error {
	o.Version, o.CreatedAt, o.UpdatedAt = 1, tx.now, tx.now
	_, err := tx.exec(ctx, `INSERT INTO review_outputs (id, organization_id, review_id, kind, description, owner_id,
		due_on, task_id, created_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.OrgID, o.ReviewID, o.Kind, o.Description, nullID(o.OwnerID), o.Due, o.TaskID, o.CreatedBy, o.Version,
		tx.ts(o.CreatedAt), tx.ts(o.UpdatedAt))
	if err != nil {
		return fmt.Errorf("insert review output: %w", err)
	}
	return nil
}

// UpdateReviewOutput stores o, read at version; a newer stored one is a
// Conflict. It sets o.Version and o.UpdatedAt.
func (tx *Tx) UpdateReviewOutput(ctx context.Context, o *isms.ReviewOutput, version int) error {
	res, err := tx.exec(ctx, `UPDATE review_outputs SET kind = ?, description = ?, owner_id = ?, due_on = ?,
		task_id = ?, version = version + 1, updated_at = ? WHERE organization_id = ? AND id = ? AND version = ?`,
		o.Kind, o.Description, nullID(o.OwnerID), o.Due, o.TaskID, tx.ts(tx.now), o.OrgID, o.ID, version)
	if err := tx.updated(ctx, res, err, rowKey{"review_outputs", o.OrgID, o.ID}, "review output", outputNotFound); err != nil {
		return err
	}
	o.Version, o.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteReviewOutput deletes output id.
func (tx *Tx) DeleteReviewOutput(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "review_outputs", org, id, outputNotFound)
}

// FindReviewOutputByID returns output id with its owner's name and its
// task's status.
func (tx *Tx) FindReviewOutputByID(ctx context.Context, org, id isms.ID) (*isms.ReviewOutput, error) {
	o, err := scanReviewOutput(tx.queryRow(ctx, `SELECT `+outputColumns+outputFrom+`
		WHERE o.organization_id = ? AND o.id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, outputNotFound)
	}
	return o, nil
}

// FindReviewOutputs returns the outputs of reviews (all of the
// organization's when reviews is empty) in creation order, with owner
// names and task statuses.
func (tx *Tx) FindReviewOutputs(ctx context.Context, org isms.ID, reviews []isms.ID) ([]*isms.ReviewOutput, error) {
	where, args := "o.organization_id = ?", []any{org}
	if len(reviews) > 0 {
		where += " AND o.review_id IN (" + placeholders(len(reviews)) + ")"
		for _, id := range reviews {
			args = append(args, id)
		}
	}
	return selectRows(ctx, tx, "review output", "review outputs", `SELECT `+outputColumns+outputFrom+`
		WHERE `+where+` ORDER BY o.created_at, o.id LIMIT ?`, append(args, maxReviewOutputs), scanReviewOutput)
}

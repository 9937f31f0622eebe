// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ismsproject/isms/internal/isms"
)

const approvalColumns = `id, organization_id, object_type, object_id, object_version, title, content,
	content_sha256, note, status, submitted_by, submitter_name, submitted_at, closed_at`

func scanApproval(s interface{ Scan(...any) error }) (*isms.Approval, error) {
	var a isms.Approval
	err := s.Scan(&a.ID, &a.OrgID, &a.ObjectType, &a.ObjectID, &a.ObjectVersion, &a.Title, &a.Content,
		&a.ContentSHA256, &a.Note, &a.Status, &a.SubmittedBy, &a.SubmitterName,
		(*timestamp)(&a.SubmittedAt), (*timestamp)(&a.ClosedAt))
	return &a, err
}

// InsertApproval stores a new submission and its named approvers.
func (tx *Tx) InsertApproval(ctx context.Context, a *isms.Approval) error {
	a.SubmittedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO approvals (`+approvalColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.OrgID, a.ObjectType, a.ObjectID, a.ObjectVersion, a.Title, a.Content,
		a.ContentSHA256, a.Note, a.Status, a.SubmittedBy, a.SubmitterName, tx.ts(a.SubmittedAt), tx.ts(a.ClosedAt))
	if isPendingTaken(err) {
		return isms.Errorf(isms.Conflict, "This record already has a pending submission; it must be decided or withdrawn first.")
	}
	if err != nil {
		return fmt.Errorf("insert approval: %w", err)
	}
	for i, ap := range a.Approvers {
		_, err := tx.exec(ctx, `
			INSERT INTO approval_approvers (approval_id, organization_id, user_id, position, name)
			VALUES (?, ?, ?, ?, ?)`, a.ID, a.OrgID, ap.UserID, i, ap.Name)
		if err != nil {
			return fmt.Errorf("insert approver: %w", err)
		}
	}
	return nil
}

// FindApprovalByID returns submission id of org with its approvers.
func (tx *Tx) FindApprovalByID(ctx context.Context, org, id isms.ID) (*isms.Approval, error) {
	return tx.findApproval(ctx, org, id, "")
}

// FindApprovalByIDForUpdate is FindApprovalByID that also locks the
// submission's row until the transaction ends (PostgreSQL), so that two
// approvers deciding at the same moment see each other's decision.
func (tx *Tx) FindApprovalByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.Approval, error) {
	return tx.findApproval(ctx, org, id, tx.forUpdate())
}

func (tx *Tx) findApproval(ctx context.Context, org, id isms.ID, lock string) (*isms.Approval, error) {
	a, err := scanApproval(tx.queryRow(ctx, `SELECT `+approvalColumns+` FROM approvals
		WHERE organization_id = ? AND id = ?`+lock, org, id))
	if err != nil {
		return nil, notFound(err, "No such approval request.")
	}
	if err := tx.loadApprovers(ctx, []*isms.Approval{a}); err != nil {
		return nil, err
	}
	return a, nil
}

func (tx *Tx) loadApprovers(ctx context.Context, list []*isms.Approval) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[isms.ID]*isms.Approval{}
	ph := make([]string, len(list))
	args := []any{list[0].OrgID}
	for i, a := range list {
		byID[a.ID] = a
		ph[i] = "?"
		args = append(args, a.ID)
	}
	rows, err := tx.query(ctx, `
		SELECT approval_id, user_id, name, decision, comment, content_sha256, decided_at
		FROM approval_approvers
		WHERE organization_id = ? AND approval_id IN (`+strings.Join(ph, ", ")+`)
		ORDER BY approval_id, position`, args...)
	if err != nil {
		return fmt.Errorf("select approvers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id isms.ID
		var ap isms.Approver
		if err := rows.Scan(&id, &ap.UserID, &ap.Name, &ap.Decision, &ap.Comment, &ap.ContentSHA256,
			(*timestamp)(&ap.DecidedAt)); err != nil {
			return fmt.Errorf("scan approver: %w", err)
		}
		byID[id].Approvers = append(byID[id].Approvers, ap)
	}
	return rows.Err()
}

var approvalSorts = map[string]string{"submitted": "submitted_at, id", "status": "status, submitted_at", "title": "title, id"}

// FindApprovals returns a page of the submissions of f.OrgID, newest first
// by default, and the total matching.
func (tx *Tx) FindApprovals(ctx context.Context, f isms.ApprovalFilter) ([]*isms.Approval, int, error) {
	where, args := "organization_id = ?", []any{f.OrgID}
	if f.Status != "" {
		where += " AND status = ?"
		args = append(args, f.Status)
	}
	if f.ObjectType != "" {
		where += " AND object_type = ?"
		args = append(args, f.ObjectType)
	}
	if f.ObjectID != "" {
		where += " AND object_id = ?"
		args = append(args, f.ObjectID)
	}
	if f.ApproverID != "" {
		where += " AND id IN (SELECT approval_id FROM approval_approvers WHERE organization_id = ? AND user_id = ?)"
		args = append(args, f.OrgID, f.ApproverID)
	}
	if f.AwaitingID != "" {
		where += " AND status = ? AND id IN (SELECT approval_id FROM approval_approvers WHERE organization_id = ? AND user_id = ? AND decision = '')"
		args = append(args, isms.ApprovalPending, f.OrgID, f.AwaitingID)
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM approvals WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count approvals: %w", err)
	}
	sort := f.Sort
	if sort == "" {
		sort = "-submitted"
	}
	rows, err := tx.query(ctx, `SELECT `+approvalColumns+` FROM approvals WHERE `+where+
		order(sort, approvalSorts, "submitted")+` LIMIT ? OFFSET ?`,
		append(args, isms.ClampPage(f.Limit), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select approvals: %w", err)
	}
	var out []*isms.Approval
	for rows.Next() {
		a, err := scanApproval(rows)
		if err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("scan approval: %w", err)
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, tx.loadApprovers(ctx, out)
}

// FindLatestApproval returns the newest submission of an object, or NotFound.
func (tx *Tx) FindLatestApproval(ctx context.Context, org isms.ID, objectType string, objectID isms.ID) (*isms.Approval, error) {
	a, err := scanApproval(tx.queryRow(ctx, `SELECT `+approvalColumns+` FROM approvals
		WHERE organization_id = ? AND object_type = ? AND object_id = ?
		ORDER BY submitted_at DESC, object_version DESC, CASE WHEN status = 'pending' THEN 0 ELSE 1 END LIMIT 1`, org, objectType, objectID))
	if err != nil {
		return nil, notFound(err, "This record has never been submitted for approval.")
	}
	return a, tx.loadApprovers(ctx, []*isms.Approval{a})
}

// UpdateApprovalDecision stores the status of a and the decision of approver
// user. The submitted content is never rewritten.
func (tx *Tx) UpdateApprovalDecision(ctx context.Context, a *isms.Approval, user isms.ID) error {
	res, err := tx.exec(ctx, `UPDATE approvals SET status = ?, closed_at = ?
		WHERE organization_id = ? AND id = ? AND status = ?`,
		a.Status, tx.ts(a.ClosedAt), a.OrgID, a.ID, isms.ApprovalPending)
	if err != nil {
		return fmt.Errorf("update approval: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.Conflict, "This submission was decided or withdrawn meanwhile. Reload to see where it stands.")
	}
	for _, ap := range a.Approvers {
		if ap.UserID != user {
			continue
		}
		_, err := tx.exec(ctx, `UPDATE approval_approvers
			SET decision = ?, comment = ?, content_sha256 = ?, decided_at = ?
			WHERE approval_id = ? AND user_id = ? AND decision = ''`,
			ap.Decision, ap.Comment, ap.ContentSHA256, tx.ts(ap.DecidedAt), a.ID, user)
		if err != nil {
			return fmt.Errorf("update approver: %w", err)
		}
	}
	return nil
}

// CountPendingApprovalsFor returns how many pending submissions of org
// await a decision from user.
func (tx *Tx) CountPendingApprovalsFor(ctx context.Context, org, user isms.ID) (int, error) {
	var n int
	err := tx.queryRow(ctx, `
		SELECT COUNT(*) FROM approvals a JOIN approval_approvers p ON p.approval_id = a.id
		WHERE a.organization_id = ? AND a.status = ? AND p.user_id = ? AND p.decision = ''`,
		org, isms.ApprovalPending, user).Scan(&n)
	return n, err
}

// isPendingTaken reports whether err violates approvals_pending_key, the
// partial unique index that allows one pending submission per record.
func isPendingTaken(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505" && pgErr.ConstraintName == "approvals_pending_key"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: approvals.organization_id, approvals.object_type, approvals.object_id")
}

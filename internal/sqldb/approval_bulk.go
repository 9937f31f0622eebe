// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// Rows per statement of InsertApprovalRecords: 14 arguments a submission
// and 9 an approver keep every statement under 10,000 arguments.
const (
	approvalsPerInsert = 500
	approversPerInsert = 800
)

// InsertApprovalRecords stores many submissions as they stand, pending or
// decided, with their approvers and decisions, in multi-row INSERT
// statements: for bulk loads (generated demo history, benchmark fixtures)
// where the use cases would submit and decide each one in turn. A
// submission keeps the SubmittedAt the caller set, otherwise it gets the
// transaction's time. The caller records what the load means in the audit
// trail; a second pending submission of one record is a Conflict, as with
// InsertApproval.
func (tx *Tx) InsertApprovalRecords(ctx context.Context, list []*isms.Approval) error {
	var approvers []any
	for start := 0; start < len(list); start += approvalsPerInsert {
		batch := list[start:min(start+approvalsPerInsert, len(list))]
		args := make([]any, 0, 14*len(batch))
		for _, a := range batch {
			if a.SubmittedAt.IsZero() {
				a.SubmittedAt = tx.now
			}
			args = append(args, a.ID, a.OrgID, a.ObjectType, a.ObjectID, a.ObjectVersion, a.Title, a.Content,
				a.ContentSHA256, a.Note, a.Status, a.SubmittedBy, a.SubmitterName, tx.ts(a.SubmittedAt), tx.ts(a.ClosedAt))
			for i, ap := range a.Approvers {
				approvers = append(approvers, a.ID, a.OrgID, ap.UserID, i, ap.Name, ap.Decision, ap.Comment,
					ap.ContentSHA256, tx.ts(ap.DecidedAt))
			}
		}
		_, err := tx.exec(ctx, `INSERT INTO approvals (`+approvalColumns+`) VALUES `+repeatList(placeholderRow(14), len(batch)), args...)
		if isPendingTaken(err) {
			return isms.Errorf(isms.Conflict, "A record of submissions %d to %d already has a pending submission.", start+1, start+len(batch))
		}
		if err != nil {
			return fmt.Errorf("insert approvals %d to %d: %w", start+1, start+len(batch), err)
		}
	}
	if err := tx.insertRowsOf(ctx, `INSERT INTO approval_approvers (approval_id, organization_id, user_id, position, name,
		decision, comment, content_sha256, decided_at) VALUES `, 9, approversPerInsert, approvers); err != nil {
		return fmt.Errorf("insert approvers: %w", err)
	}
	return nil
}

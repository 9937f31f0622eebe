// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// auditStreamBatch is how many events a walk reads per query.
const auditStreamBatch = 2000

// WalkAuditEvents calls fn with every event of f.Chain that f selects
// (its object, actor, action and time filters; not its page) and whose
// sequence number is at most last, in sequence order. It reads in
// batches, so memory stays flat whatever the number of events; fn must
// not keep the event it is given. An error from fn stops the walk and is
// returned.
func (tx *Tx) WalkAuditEvents(ctx context.Context, f isms.AuditFilter, last int64, fn func(*isms.AuditEvent) error) error {
	where, args, _ := auditWhere(f)
	var after int64
	var e isms.AuditEvent
	for {
		rows, err := tx.query(ctx, `SELECT `+auditColumns+` FROM audit_events
			WHERE `+where+` AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
			append(args, after, last, auditStreamBatch)...)
		if err != nil {
			return fmt.Errorf("walk audit events: %w", err)
		}
		n, err := walkAuditRows(rows, &e, fn)
		if err != nil {
			return err
		}
		if n < auditStreamBatch {
			return nil
		}
		after = e.Seq
	}
}

// walkAuditRows calls fn with each row of rows read into e, and closes
// rows; it returns how many rows it read.
func walkAuditRows(rows *sql.Rows, e *isms.AuditEvent, fn func(*isms.AuditEvent) error) (int, error) {
	defer rows.Close()
	n := 0
	for rows.Next() {
		if err := scanAuditEvent(rows, e); err != nil {
			return n, fmt.Errorf("scan audit event: %w", err)
		}
		n++
		if err := fn(e); err != nil {
			return n, err
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("walk audit events: %w", err)
	}
	return n, nil
}

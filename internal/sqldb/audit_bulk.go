// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// auditRowsPerInsert is how many events one INSERT statement of
// InsertAuditEvents carries: 11 arguments a row keeps a full statement at
// 11,000 arguments, well under SQLite's 32,766 and PostgreSQL's 65,535.
const auditRowsPerInsert = 1000

// InsertAuditEvents appends events to chain, in the order given, in one go.
// Use it for bulk loads (generated demo data, imports) where one
// InsertAuditEvent per event would lock the head, insert one row and update
// the head again for every event; use InsertAuditEvent for the events of
// a use case.
//
// It locks the chain's head once, as InsertAuditEvent does, seals each event
// after the one before it, writes them with multi-row INSERT statements and
// moves the head once, so the chain stays valid and concurrent appends still
// queue behind the lock. Each event is sealed at its own Time when the caller
// set one (e.g. to spread generated history over the past), otherwise at the
// transaction's time; keep given times non-decreasing so that the trail reads
// in order. Chain, Seq, PrevHash and Hash are overwritten.
func (tx *Tx) InsertAuditEvents(ctx context.Context, chain string, events []*isms.AuditEvent) error {
	if len(events) == 0 {
		return nil
	}
	head, err := tx.lockChainHead(ctx, chain)
	if err != nil {
		return err
	}
	seq, hash := head.Seq, head.Hash
	for _, e := range events {
		at := e.Time
		if at.IsZero() {
			at = tx.now
		}
		e.Seal(chain, seq, hash, at)
		seq, hash = e.Seq, e.Hash
	}
	args := make([]any, 0, 11*min(len(events), auditRowsPerInsert))
	for start := 0; start < len(events); start += auditRowsPerInsert {
		batch := events[start:min(start+auditRowsPerInsert, len(events))]
		args = args[:0]
		for _, e := range batch {
			args = append(args, e.Chain, e.Seq, e.Time.Format(isms.TimeLayout), e.ActorID, e.ActorName,
				e.Action, e.ObjectType, e.ObjectID, e.Changes, e.PrevHash, e.Hash)
		}
		if _, err := tx.exec(ctx, tx.insertAuditEventsSQL(len(batch)), args...); err != nil {
			return fmt.Errorf("insert audit events %d to %d: %w", batch[0].Seq, batch[len(batch)-1].Seq, err)
		}
	}
	if _, err := tx.exec(ctx, `UPDATE audit_chains SET head_seq = ?, head_hash = ? WHERE chain = ?`,
		seq, hash, chain); err != nil {
		return fmt.Errorf("advance audit chain: %w", err)
	}
	return nil
}

// insertAuditEventsSQL returns the INSERT statement for n events. Only
// placeholders are repeated; every value is an argument.
//
// On SQLite it is INSERT OR ROLLBACK: a failing row ends the whole
// transaction, as any error does on PostgreSQL, rather than undoing the
// statement alone, so callers must return the error and never carry on.
// That spares SQLite the statement journal it otherwise writes for every
// multi-row INSERT in a transaction: about a fifth of a bulk load's CPU time.
func (tx *Tx) insertAuditEventsSQL(n int) string {
	const row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	var b strings.Builder
	b.Grow(120 + n*(len(row)+2))
	if tx.dialect == SQLite {
		b.WriteString(`INSERT OR ROLLBACK INTO audit_events (` + auditColumns + `) VALUES `)
	} else {
		b.WriteString(`INSERT INTO audit_events (` + auditColumns + `) VALUES `)
	}
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

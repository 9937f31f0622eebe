// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// There is deliberately no method that updates or deletes audit events;
// triggers in the schema refuse both as well.

// InsertAuditEvent appends e to its chain (e.Chain must be set) at the
// transaction's time. The chain's head row is locked first (SELECT … FOR
// UPDATE on PostgreSQL; SQLite has a single writer), so concurrent
// transactions append one after the other and never fork the chain.
func (tx *Tx) InsertAuditEvent(ctx context.Context, e *isms.AuditEvent) error {
	head, err := tx.lockChainHead(ctx, e.Chain)
	if err != nil {
		return err
	}
	e.Seal(e.Chain, head.Seq, head.Hash, tx.now)
	_, err = tx.exec(ctx, `
		INSERT INTO audit_events (chain, seq, time, actor_id, actor_name, action, object_type, object_id, changes, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Chain, e.Seq, e.Time.Format(isms.TimeLayout), e.ActorID, e.ActorName, e.Action,
		e.ObjectType, e.ObjectID, e.Changes, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("insert audit event: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE audit_chains SET head_seq = ?, head_hash = ? WHERE chain = ?`,
		e.Seq, e.Hash, e.Chain); err != nil {
		return fmt.Errorf("advance audit chain: %w", err)
	}
	return nil
}

func (tx *Tx) lockChainHead(ctx context.Context, chain string) (isms.ChainHead, error) {
	if chain == "" {
		return isms.ChainHead{}, errors.New("audit event without a chain")
	}
	if _, err := tx.exec(ctx, `INSERT INTO audit_chains (chain, head_seq, head_hash) VALUES (?, 0, ?)
		ON CONFLICT (chain) DO NOTHING`, chain, isms.GenesisHash); err != nil {
		return isms.ChainHead{}, fmt.Errorf("create audit chain: %w", err)
	}
	h := isms.ChainHead{Chain: chain}
	err := tx.queryRow(ctx, `SELECT head_seq, head_hash FROM audit_chains WHERE chain = ?`+tx.forUpdate(), chain).Scan(&h.Seq, &h.Hash)
	if err != nil {
		return h, fmt.Errorf("lock audit chain: %w", err)
	}
	return h, nil
}

// FindChainHead returns the head of chain; a chain without events has
// sequence 0 and the genesis hash.
func (tx *Tx) FindChainHead(ctx context.Context, chain string) (isms.ChainHead, error) {
	h := isms.ChainHead{Chain: chain}
	err := tx.queryRow(ctx, `SELECT head_seq, head_hash FROM audit_chains WHERE chain = ?`, chain).Scan(&h.Seq, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		h.Hash = isms.GenesisHash
		return h, nil
	}
	if err != nil {
		return h, fmt.Errorf("read audit chain head: %w", err)
	}
	return h, nil
}

// FindChainNames returns the name of every audit chain.
func (tx *Tx) FindChainNames(ctx context.Context) ([]string, error) {
	rows, err := tx.query(ctx, `SELECT chain FROM audit_chains ORDER BY chain LIMIT 100000`)
	if err != nil {
		return nil, fmt.Errorf("select audit chains: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

const auditColumns = `chain, seq, time, actor_id, actor_name, action, object_type, object_id, changes, prev_hash, hash`

func scanAuditEvent(s interface{ Scan(...any) error }, e *isms.AuditEvent) error {
	return s.Scan(&e.Chain, &e.Seq, (*timestamp)(&e.Time), &e.ActorID, &e.ActorName, &e.Action,
		&e.ObjectType, &e.ObjectID, &e.Changes, &e.PrevHash, &e.Hash)
}

func auditWhere(f isms.AuditFilter) (string, []any, bool) {
	where, args := "chain = ?", []any{f.Chain}
	filtered := false
	add := func(cond string, v any) {
		where += " AND " + cond
		args = append(args, v)
		filtered = true
	}
	if f.ObjectType != "" {
		add("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("object_id = ?", f.ObjectID)
	}
	if f.ActorID != "" {
		add("actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		add("time >= ?", f.From.UTC().Format(isms.TimeLayout))
	}
	if !f.To.IsZero() {
		add("time < ?", f.To.UTC().Format(isms.TimeLayout))
	}
	return where, args, filtered
}

// FindAuditEvents returns a page of events of f.Chain and the total matching.
func (tx *Tx) FindAuditEvents(ctx context.Context, f isms.AuditFilter) ([]*isms.AuditEvent, int, error) {
	where, args, filtered := auditWhere(f)
	var total int
	if filtered {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE `+where, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count audit events: %w", err)
		}
	} else {
		// The head's sequence number is the count of an intact chain, and
		// costs one row instead of a scan of a million.
		h, err := tx.FindChainHead(ctx, f.Chain)
		if err != nil {
			return nil, 0, err
		}
		total = int(h.Seq)
	}
	dir := ""
	if f.Desc {
		dir = " DESC"
	}
	rows, err := tx.query(ctx, `SELECT `+auditColumns+` FROM audit_events WHERE `+where+
		` ORDER BY seq`+dir+` LIMIT ? OFFSET ?`, append(args, isms.ClampPage(f.Limit), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select audit events: %w", err)
	}
	defer rows.Close()
	var out []*isms.AuditEvent
	for rows.Next() {
		var e isms.AuditEvent
		if err := scanAuditEvent(rows, &e); err != nil {
			return nil, 0, fmt.Errorf("scan audit event: %w", err)
		}
		out = append(out, &e)
	}
	return out, total, rows.Err()
}

// WalkAuditChain calls fn with every event of chain in sequence order,
// reading in batches so that memory stays flat whatever the chain's length.
// fn must not keep the event it is given; returning false stops the walk.
func (tx *Tx) WalkAuditChain(ctx context.Context, chain string, fn func(*isms.AuditEvent) bool) error {
	const batch = 5000
	var after int64 = -1 << 62
	var e isms.AuditEvent
	for {
		rows, err := tx.query(ctx, `SELECT `+auditColumns+` FROM audit_events
			WHERE chain = ? AND seq > ? ORDER BY seq LIMIT ?`, chain, after, batch)
		if err != nil {
			return fmt.Errorf("walk audit chain: %w", err)
		}
		n := 0
		for rows.Next() {
			if err := scanAuditEvent(rows, &e); err != nil {
				rows.Close()
				return fmt.Errorf("scan audit event: %w", err)
			}
			n++
			after = e.Seq
			if !fn(&e) {
				rows.Close()
				return nil
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("walk audit chain: %w", err)
		}
		if n < batch {
			return nil
		}
	}
}

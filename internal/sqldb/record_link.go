// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// Record links join two records of any modules (a requirement and the
// control that addresses it, an issue and the risk it gives rise to). Each
// link is stored once, from the record whose form edits it; both records
// show it.

// SetRecordLinks makes the links from record from to records of toType
// exactly to, adding and removing rows as needed. It returns the IDs
// linked before, sorted.
func (tx *Tx) SetRecordLinks(ctx context.Context, org isms.ID, from isms.Link, toType string, to []isms.ID) ([]isms.ID, error) {
	before, err := tx.recordLinkIDs(ctx, org, from, toType)
	if err != nil {
		return nil, err
	}
	want := map[isms.ID]bool{}
	for _, id := range to {
		want[id] = true
	}
	had := map[isms.ID]bool{}
	for _, id := range before {
		had[id] = true
		if !want[id] {
			if _, err := tx.exec(ctx, `DELETE FROM record_links WHERE organization_id = ? AND from_type = ? AND from_id = ?
				AND to_type = ? AND to_id = ?`, org, from.Type, from.ID, toType, id); err != nil {
				return nil, fmt.Errorf("delete record link: %w", err)
			}
		}
	}
	for id := range want {
		if had[id] {
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO record_links (organization_id, from_type, from_id, to_type, to_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, org, from.Type, from.ID, toType, id, tx.ts(tx.now)); err != nil {
			return nil, fmt.Errorf("insert record link: %w", err)
		}
	}
	return before, nil
}

func (tx *Tx) recordLinkIDs(ctx context.Context, org isms.ID, from isms.Link, toType string) ([]isms.ID, error) {
	rows, err := tx.query(ctx, `SELECT to_id FROM record_links WHERE organization_id = ? AND from_type = ? AND from_id = ?
		AND to_type = ? ORDER BY to_id`, org, from.Type, from.ID, toType)
	if err != nil {
		return nil, fmt.Errorf("select record links: %w", err)
	}
	defer rows.Close()
	var out []isms.ID
	for rows.Next() {
		var id isms.ID
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan record link: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// FindRecordLinks returns the records rec links to (outgoing) and the
// records that link to rec (incoming), each ordered by type then ID.
func (tx *Tx) FindRecordLinks(ctx context.Context, org isms.ID, rec isms.Link) (out, in []isms.Link, err error) {
	if out, err = tx.scanLinks(ctx, `SELECT to_type, to_id FROM record_links WHERE organization_id = ? AND from_type = ?
		AND from_id = ? ORDER BY to_type, to_id LIMIT 2000`, org, rec.Type, rec.ID); err != nil {
		return nil, nil, err
	}
	if in, err = tx.scanLinks(ctx, `SELECT from_type, from_id FROM record_links WHERE organization_id = ? AND to_type = ?
		AND to_id = ? ORDER BY from_type, from_id LIMIT 2000`, org, rec.Type, rec.ID); err != nil {
		return nil, nil, err
	}
	return out, in, nil
}

// FindRecordLinksTo returns the IDs of the records of fromType that link
// to rec, ordered.
func (tx *Tx) FindRecordLinksTo(ctx context.Context, org isms.ID, fromType string, rec isms.Link) ([]isms.ID, error) {
	links, err := tx.scanLinks(ctx, `SELECT from_type, from_id FROM record_links WHERE organization_id = ? AND to_type = ?
		AND to_id = ? AND from_type = ? ORDER BY from_id LIMIT 2000`, org, rec.Type, rec.ID, fromType)
	ids := make([]isms.ID, len(links))
	for i, l := range links {
		ids[i] = l.ID
	}
	return ids, err
}

// FindRecordLinksFrom returns the IDs of the records of toType that rec
// links to, ordered.
func (tx *Tx) FindRecordLinksFrom(ctx context.Context, org isms.ID, rec isms.Link, toType string) ([]isms.ID, error) {
	return tx.recordLinkIDs(ctx, org, rec, toType)
}

func (tx *Tx) scanLinks(ctx context.Context, query string, args ...any) ([]isms.Link, error) {
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("select record links: %w", err)
	}
	defer rows.Close()
	var out []isms.Link
	for rows.Next() {
		var l isms.Link
		if err := rows.Scan(&l.Type, &l.ID); err != nil {
			return nil, fmt.Errorf("scan record link: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// DeleteRecordLinks removes every link from or to rec, for when rec is
// deleted.
func (tx *Tx) DeleteRecordLinks(ctx context.Context, org isms.ID, rec isms.Link) error {
	if _, err := tx.exec(ctx, `DELETE FROM record_links WHERE organization_id = ?
		AND ((from_type = ? AND from_id = ?) OR (to_type = ? AND to_id = ?))`, org, rec.Type, rec.ID, rec.Type, rec.ID); err != nil {
		return fmt.Errorf("delete record links: %w", err)
	}
	return nil
}

// refTables are the tables whose records carry a human reference with a
// number column, for MaxRefNumber.
var refTables = map[string]bool{"context_issues": true, "interested_parties": true, "party_requirements": true,
	"isms_processes": true, "commitments": true, "isms_risks": true, "metrics": true, "objectives": true, "isms_changes": true,
	"audit_programmes": true, "internal_audits": true, "audit_findings": true, "management_reviews": true,
	"nonconformities": true, "improvements": true, "certificates": true, "external_audits": true,
	"external_findings": true, "evidence_requests": true}

// MaxRefNumber returns the highest reference number in use in table for
// org (0 when none). table is one of the registers with a number column.
func (tx *Tx) MaxRefNumber(ctx context.Context, table string, org isms.ID) (int, error) {
	if !refTables[table] {
		return 0, fmt.Errorf("max ref number: table %q has no reference numbers", table)
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(number), 0) FROM `+table+` WHERE organization_id = ?`, org).Scan(&n); err != nil {
		return 0, fmt.Errorf("max ref number of %s: %w", table, err)
	}
	return n, nil
}

// RefNumber is the numeric part at the end of a reference ("CI-12" → 12),
// stored in the number column for natural order.
func RefNumber(ref string) int { return refNumber(ref) }

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// Rows per statement of InsertEvidenceItems: 19 arguments an item, 12 a
// file and 5 a link keep every statement under 10,000 arguments, well
// below SQLite's 32,766 and PostgreSQL's 65,535.
const (
	evidenceItemsPerInsert = 500
	evidenceFilesPerInsert = 800
	evidenceLinksPerInsert = 2000
)

// InsertEvidenceItems stores many new items of org at version 1, each with
// its current file (e.File, whose version is e.CurrentVersion) when it has
// one and its links (e.Links), with multi-row INSERT statements: for bulk
// loads (generated demo data, benchmark fixtures) where one InsertEvidence
// per item would cost round trips each. An item keeps the CreatedAt the
// caller set (generated history), otherwise it gets the transaction's
// time; a file is uploaded and checked at its item's creation. The caller
// records what the load means in the audit trail.
func (tx *Tx) InsertEvidenceItems(ctx context.Context, org isms.ID, items []*isms.Evidence) error {
	if len(items) == 0 {
		return nil
	}
	var files []any
	var links []any
	for start := 0; start < len(items); start += evidenceItemsPerInsert {
		batch := items[start:min(start+evidenceItemsPerInsert, len(items))]
		args := make([]any, 0, 19*len(batch))
		for _, e := range batch {
			if e.OrgID != org {
				return fmt.Errorf("insert evidence %s: organization %s, not %s", e.ID, e.OrgID, org)
			}
			args = append(args, tx.evidenceItemArgs(e)...)
			if e.File != nil {
				files = append(files, tx.evidenceFileArgs(org, e)...)
			}
			for _, l := range e.Links {
				links = append(links, org, e.ID, l.Type, l.ID, tx.ts(e.CreatedAt))
			}
		}
		if _, err := tx.exec(ctx, `INSERT INTO evidence (id, organization_id, title, description, kind, url, note,
			owner_id, collected_on, valid_until, validity_days, source, current_version, file_missing,
			created_by, creator_name, version, created_at, updated_at) VALUES `+
			repeatList(placeholderRow(19), len(batch)), args...); err != nil {
			return fmt.Errorf("insert evidence %d to %d: %w", start+1, start+len(batch), err)
		}
	}
	if err := tx.insertRowsOf(ctx, `INSERT INTO evidence_files (`+evidenceFileColumns+`) VALUES `, 12, evidenceFilesPerInsert, files); err != nil {
		return fmt.Errorf("insert evidence files: %w", err)
	}
	if err := tx.insertRowsOf(ctx, `INSERT INTO evidence_links (organization_id, evidence_id, record_type, record_id, created_at) VALUES `,
		5, evidenceLinksPerInsert, links); err != nil {
		return fmt.Errorf("insert evidence links: %w", err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO evidence_counts (organization_id, items) VALUES (?, ?)
		ON CONFLICT (organization_id) DO UPDATE SET items = evidence_counts.items + excluded.items`, org, len(items)); err != nil {
		return fmt.Errorf("count evidence: %w", err)
	}
	return nil
}

// evidenceItemArgs returns the arguments of e's row and sets its version
// and times.
func (tx *Tx) evidenceItemArgs(e *isms.Evidence) []any {
	if e.CreatedAt.IsZero() {
		e.CreatedAt = tx.now
	}
	e.Version, e.UpdatedAt = 1, e.CreatedAt
	return []any{e.ID, e.OrgID, e.Title, e.Description, e.Kind, e.URL, e.Note,
		nullID(e.OwnerID), e.CollectedOn, e.ValidUntil, e.ValidityDays, e.Source, e.CurrentVersion, e.FileMissing(),
		e.CreatedBy, e.CreatorName, e.Version, tx.ts(e.CreatedAt), tx.ts(e.UpdatedAt)}
}

// evidenceFileArgs returns the arguments of the row of e's file and sets
// the file's item, version and times.
func (tx *Tx) evidenceFileArgs(org isms.ID, e *isms.Evidence) []any {
	f := e.File
	f.EvidenceID, f.Version, f.OrgID, f.UploadedAt, f.CheckedAt = e.ID, e.CurrentVersion, org, e.CreatedAt, e.CreatedAt
	return []any{f.EvidenceID, f.Version, f.SHA256, f.Size, f.MediaType, f.FileName, f.UploadedBy,
		f.UploaderName, tx.ts(f.UploadedAt), f.Integrity, tx.ts(f.CheckedAt), org}
}

// insertRowsOf runs head followed by rows of width arguments each, perInsert
// rows a statement, taking the arguments from args in order.
func (tx *Tx) insertRowsOf(ctx context.Context, head string, width, perInsert int, args []any) error {
	row := placeholderRow(width)
	for start := 0; start < len(args); start += width * perInsert {
		batch := args[start:min(start+width*perInsert, len(args))]
		if _, err := tx.exec(ctx, head+repeatList(row, len(batch)/width), batch...); err != nil {
			return fmt.Errorf("rows %d to %d: %w", start/width+1, (start+len(batch))/width, err)
		}
	}
	return nil
}

// placeholderRow returns a parenthesised row of n placeholders.
func placeholderRow(n int) string { return "(" + placeholders(n) + ")" }

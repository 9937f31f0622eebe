// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ismsproject/isms/internal/isms"
)

// File versions, links and the scheduled checks of evidence items.

const evidenceFileColumns = `evidence_id, version, sha256, size, media_type, file_name, uploaded_by,
	uploader_name, uploaded_at, integrity, checked_at, organization_id`

func scanEvidenceFile(s interface{ Scan(...any) error }) (*isms.EvidenceFile, error) {
	var f isms.EvidenceFile
	err := s.Scan(&f.EvidenceID, &f.Version, &f.SHA256, &f.Size, &f.MediaType, &f.FileName, &f.UploadedBy,
		&f.UploaderName, (*timestamp)(&f.UploadedAt), &f.Integrity, (*timestamp)(&f.CheckedAt), &f.OrgID)
	return &f, err
}

// InsertEvidenceFile stores a new file version of an item of org, uploaded
// and checked now. A version number already taken is a Conflict.
func (tx *Tx) InsertEvidenceFile(ctx context.Context, org isms.ID, f *isms.EvidenceFile) error {
	f.OrgID, f.UploadedAt, f.CheckedAt = org, tx.now, tx.now
	_, err := tx.exec(ctx, `INSERT INTO evidence_files (`+evidenceFileColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.EvidenceID, f.Version, f.SHA256, f.Size, f.MediaType, f.FileName, f.UploadedBy,
		f.UploaderName, tx.ts(f.UploadedAt), f.Integrity, tx.ts(f.CheckedAt), org)
	if isVersionTaken(err) {
		return isms.Errorf(isms.Conflict, "Someone uploaded a new version of this evidence at the same moment. Reload to see it, then upload yours again if it is still needed.")
	}
	if err != nil {
		return fmt.Errorf("insert evidence file: %w", err)
	}
	return nil
}

// isVersionTaken reports whether err violates evidence_files_version_key.
func isVersionTaken(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505" && pgErr.ConstraintName == "evidence_files_version_key"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: evidence_files.evidence_id, evidence_files.version")
}

// FindEvidenceFiles returns the file versions of an item of org, newest
// first (at most isms.MaxPageSize of them).
func (tx *Tx) FindEvidenceFiles(ctx context.Context, org, evidenceID isms.ID) ([]*isms.EvidenceFile, error) {
	rows, err := tx.query(ctx, `SELECT `+evidenceFileColumns+` FROM evidence_files
		WHERE organization_id = ? AND evidence_id = ? ORDER BY version DESC LIMIT ?`, org, evidenceID, isms.MaxPageSize)
	return collectEvidenceFiles(rows, err)
}

// FindEvidenceFile returns one file version of an item of org.
func (tx *Tx) FindEvidenceFile(ctx context.Context, org, evidenceID isms.ID, version int) (*isms.EvidenceFile, error) {
	f, err := scanEvidenceFile(tx.queryRow(ctx, `SELECT `+evidenceFileColumns+` FROM evidence_files
		WHERE organization_id = ? AND evidence_id = ? AND version = ?`, org, evidenceID, version))
	if err != nil {
		return nil, notFound(err, "This evidence has no such file version.")
	}
	return f, nil
}

// FindEvidenceFilesAfter returns up to limit file versions of org that
// follow (evidenceID, version) in key order: a walk over every stored
// version in pages, for the integrity check.
func (tx *Tx) FindEvidenceFilesAfter(ctx context.Context, org, evidenceID isms.ID, version, limit int) ([]*isms.EvidenceFile, error) {
	rows, err := tx.query(ctx, `SELECT `+evidenceFileColumns+` FROM evidence_files
		WHERE organization_id = ? AND (evidence_id > ? OR (evidence_id = ? AND version > ?))
		ORDER BY evidence_id, version LIMIT ?`, org, evidenceID, evidenceID, version, min(max(limit, 1), isms.MaxPageSize))
	return collectEvidenceFiles(rows, err)
}

// UpdateEvidenceFileIntegrity records the result of checking f's stored
// content now, provided its recorded result is still was; it reports
// whether it was, so that of two checks running at once only one records
// a change. When f is its item's current version, the item's file_missing
// follows. Neither the item's version nor its update time changes: a check
// is not an edit.
func (tx *Tx) UpdateEvidenceFileIntegrity(ctx context.Context, f *isms.EvidenceFile, was isms.IntegrityStatus) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE evidence_files SET integrity = ?, checked_at = ?
		WHERE organization_id = ? AND evidence_id = ? AND version = ? AND integrity = ?`,
		f.Integrity, tx.ts(tx.now), f.OrgID, f.EvidenceID, f.Version, was)
	if err != nil {
		return false, fmt.Errorf("update evidence file integrity: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	f.CheckedAt = tx.now
	if _, err := tx.exec(ctx, `UPDATE evidence SET file_missing = ?
		WHERE organization_id = ? AND id = ? AND current_version = ?`,
		f.Integrity.Failed(), f.OrgID, f.EvidenceID, f.Version); err != nil {
		return false, fmt.Errorf("update evidence file state: %w", err)
	}
	return true, nil
}

// InsertEvidenceLink links an item of org to a record; it reports false
// when the link already exists.
func (tx *Tx) InsertEvidenceLink(ctx context.Context, org, evidenceID isms.ID, l isms.Link) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO evidence_links (organization_id, evidence_id, record_type, record_id, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (evidence_id, record_type, record_id) DO NOTHING`,
		org, evidenceID, l.Type, l.ID, tx.ts(tx.now))
	if err != nil {
		return false, fmt.Errorf("insert evidence link: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// DeleteEvidenceLink removes a link of an item of org; it reports false
// when there was no such link.
func (tx *Tx) DeleteEvidenceLink(ctx context.Context, org, evidenceID isms.ID, l isms.Link) (bool, error) {
	res, err := tx.exec(ctx, `DELETE FROM evidence_links
		WHERE organization_id = ? AND evidence_id = ? AND record_type = ? AND record_id = ?`,
		org, evidenceID, l.Type, l.ID)
	if err != nil {
		return false, fmt.Errorf("delete evidence link: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// FindEvidenceLinks returns the links of an item of org in the order they
// were made (at most isms.MaxPageSize).
func (tx *Tx) FindEvidenceLinks(ctx context.Context, org, evidenceID isms.ID) ([]isms.Link, error) {
	rows, err := tx.query(ctx, `SELECT record_type, record_id FROM evidence_links
		WHERE organization_id = ? AND evidence_id = ? ORDER BY created_at, record_type, record_id LIMIT ?`,
		org, evidenceID, isms.MaxPageSize)
	if err != nil {
		return nil, fmt.Errorf("select evidence links: %w", err)
	}
	defer rows.Close()
	var out []isms.Link
	for rows.Next() {
		var l isms.Link
		if err := rows.Scan(&l.Type, &l.ID); err != nil {
			return nil, fmt.Errorf("scan evidence link: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// FindEvidenceToRenew returns up to limit items of org, after ID after in
// ID order, that have an owner, are valid until horizon or earlier, and
// have no renewal task for their current validity date yet.
func (tx *Tx) FindEvidenceToRenew(ctx context.Context, org isms.ID, horizon isms.Date, after isms.ID, limit int) ([]*isms.Evidence, error) {
	return tx.findEvidenceBatch(ctx, `e.organization_id = ? AND e.valid_until <= ? AND e.owner_id IS NOT NULL
		AND (e.renewal_for IS NULL OR e.renewal_for <> e.valid_until) AND e.id > ?`, org, horizon, after, limit)
}

// FindEvidenceExpiredUnrecorded returns up to limit items of org, after ID
// after in ID order, whose validity ended before today and whose expiry on
// that date has not been recorded yet.
func (tx *Tx) FindEvidenceExpiredUnrecorded(ctx context.Context, org isms.ID, today isms.Date, after isms.ID, limit int) ([]*isms.Evidence, error) {
	return tx.findEvidenceBatch(ctx, `e.organization_id = ? AND e.valid_until < ?
		AND (e.expiry_recorded_for IS NULL OR e.expiry_recorded_for <> e.valid_until) AND e.id > ?`, org, today, after, limit)
}

func (tx *Tx) findEvidenceBatch(ctx context.Context, where string, org isms.ID, day isms.Date, after isms.ID, limit int) ([]*isms.Evidence, error) {
	rows, err := tx.query(ctx, evidenceSelect+` WHERE `+where+` ORDER BY e.id LIMIT ?`,
		org, day, after, min(max(limit, 1), isms.MaxPageSize))
	if err != nil {
		return nil, fmt.Errorf("select evidence: %w", err)
	}
	defer rows.Close()
	var out []*isms.Evidence
	for rows.Next() {
		e, err := scanEvidence(rows)
		if err != nil {
			return nil, fmt.Errorf("scan evidence: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// MarkEvidenceRenewal records that a renewal task is due for the item's
// validity date until, provided the item is still valid until then and has
// no such record yet; it reports whether it recorded it, so that the
// caller makes the task once however many checks run.
func (tx *Tx) MarkEvidenceRenewal(ctx context.Context, org, id isms.ID, until isms.Date) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE evidence SET renewal_for = ?
		WHERE organization_id = ? AND id = ? AND valid_until = ? AND (renewal_for IS NULL OR renewal_for <> ?)`,
		until, org, id, until, until)
	if err != nil {
		return false, fmt.Errorf("mark evidence renewal: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// MarkEvidenceExpiryRecorded records that the item's expiry on until is in
// the audit trail, provided it is still valid until then and not yet
// recorded; it reports whether it recorded it.
func (tx *Tx) MarkEvidenceExpiryRecorded(ctx context.Context, org, id isms.ID, until isms.Date) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE evidence SET expiry_recorded_for = ?
		WHERE organization_id = ? AND id = ? AND valid_until = ? AND (expiry_recorded_for IS NULL OR expiry_recorded_for <> ?)`,
		until, org, id, until, until)
	if err != nil {
		return false, fmt.Errorf("mark evidence expiry: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// collectEvidenceFiles reads the file versions a query returned.
func collectEvidenceFiles(rows *sql.Rows, err error) ([]*isms.EvidenceFile, error) {
	if err != nil {
		return nil, fmt.Errorf("select evidence files: %w", err)
	}
	defer rows.Close()
	var out []*isms.EvidenceFile
	for rows.Next() {
		f, err := scanEvidenceFile(rows)
		if err != nil {
			return nil, fmt.Errorf("scan evidence file: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

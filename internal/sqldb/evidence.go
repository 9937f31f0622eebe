// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// evidenceSelect reads an item with its owner's name and its current file
// version, if any; scanEvidence reads a row of it. evidencePage reads the
// same for a page of IDs chosen first (a deferred join), so that a list
// joins the owner and the file of its page only, not of every match.
const (
	evidenceColumns = `SELECT e.id, e.organization_id, e.title, e.description, e.kind, e.url, e.note,
	e.owner_id, COALESCE(u.name, ''), e.collected_on, e.valid_until, e.validity_days, e.source,
	e.current_version, e.created_by, e.creator_name, e.created_at, e.updated_at, e.version,
	f.sha256, f.size, f.media_type, f.file_name, f.uploaded_by, f.uploader_name, f.uploaded_at,
	f.integrity, f.checked_at`
	evidenceJoins = `
	LEFT JOIN users u ON u.id = e.owner_id
	LEFT JOIN evidence_files f ON f.evidence_id = e.id AND f.version = e.current_version`
	evidenceSelect = evidenceColumns + ` FROM evidence e` + evidenceJoins
)

func scanEvidence(s interface{ Scan(...any) error }) (*isms.Evidence, error) {
	var e isms.Evidence
	var owner, sha, media, name, uploader, uploaderName, integrity sql.NullString
	var size sql.NullInt64
	var f isms.EvidenceFile
	err := s.Scan(&e.ID, &e.OrgID, &e.Title, &e.Description, &e.Kind, &e.URL, &e.Note,
		&owner, &e.OwnerName, &e.CollectedOn, &e.ValidUntil, &e.ValidityDays, &e.Source,
		&e.CurrentVersion, &e.CreatedBy, &e.CreatorName, (*timestamp)(&e.CreatedAt), (*timestamp)(&e.UpdatedAt), &e.Version,
		&sha, &size, &media, &name, &uploader, &uploaderName, (*timestamp)(&f.UploadedAt),
		&integrity, (*timestamp)(&f.CheckedAt))
	if err != nil {
		return nil, err
	}
	e.OwnerID = isms.ID(owner.String)
	if sha.Valid {
		f.EvidenceID, f.Version, f.SHA256, f.Size, f.MediaType, f.FileName = e.ID, e.CurrentVersion, sha.String, size.Int64, media.String, name.String
		f.UploadedBy, f.UploaderName, f.Integrity, f.OrgID = isms.ID(uploader.String), uploaderName.String, isms.IntegrityStatus(integrity.String), e.OrgID
		e.File = &f
	}
	return &e, nil
}

// nullID stores an empty ID as NULL, for columns that reference users.
func nullID(id isms.ID) any {
	if id == "" {
		return nil
	}
	return string(id)
}

// InsertEvidence stores a new item (without files or links) at version 1.
func (tx *Tx) InsertEvidence(ctx context.Context, e *isms.Evidence) error {
	e.Version, e.CreatedAt, e.UpdatedAt = 1, tx.now, tx.now
	_, err := tx.exec(ctx, `INSERT INTO evidence (id, organization_id, title, description, kind, url, note,
		owner_id, collected_on, valid_until, validity_days, source, current_version, file_missing,
		created_by, creator_name, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.OrgID, e.Title, e.Description, e.Kind, e.URL, e.Note,
		nullID(e.OwnerID), e.CollectedOn, e.ValidUntil, e.ValidityDays, e.Source, e.CurrentVersion, e.FileMissing(),
		e.CreatedBy, e.CreatorName, e.Version, tx.ts(e.CreatedAt), tx.ts(e.UpdatedAt))
	if err != nil {
		return fmt.Errorf("insert evidence: %w", err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO evidence_counts (organization_id, items) VALUES (?, 1)
		ON CONFLICT (organization_id) DO UPDATE SET items = evidence_counts.items + 1`, e.OrgID); err != nil {
		return fmt.Errorf("count evidence: %w", err)
	}
	return nil
}

// countAllEvidence returns how many items org has.
func (tx *Tx) countAllEvidence(ctx context.Context, org isms.ID) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT items FROM evidence_counts WHERE organization_id = ?`, org).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("count evidence: %w", err)
	}
	return n, nil
}

// FindEvidenceByID returns item id of org with its current file and links.
func (tx *Tx) FindEvidenceByID(ctx context.Context, org, id isms.ID) (*isms.Evidence, error) {
	return tx.findEvidence(ctx, org, id)
}

// FindEvidenceByIDForUpdate is FindEvidenceByID that also locks the item's
// row until the transaction ends (PostgreSQL), so that two uploads of a new
// version number theirs one after the other.
func (tx *Tx) FindEvidenceByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.Evidence, error) {
	if tx.dialect == Postgres {
		if _, err := tx.exec(ctx, `SELECT id FROM evidence WHERE organization_id = ? AND id = ? FOR UPDATE`, org, id); err != nil {
			return nil, fmt.Errorf("lock evidence: %w", err)
		}
	}
	return tx.findEvidence(ctx, org, id)
}

// findEvidence reads one item. Its query has outer joins, which PostgreSQL
// cannot lock, so FindEvidenceByIDForUpdate locks the row beforehand.
func (tx *Tx) findEvidence(ctx context.Context, org, id isms.ID) (*isms.Evidence, error) {
	e, err := scanEvidence(tx.queryRow(ctx, evidenceSelect+` WHERE e.organization_id = ? AND e.id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such evidence in this organization.")
	}
	if e.Links, err = tx.FindEvidenceLinks(ctx, org, id); err != nil {
		return nil, err
	}
	return e, nil
}

// UpdateEvidence stores the fields of e, which was read at version, and
// advances its version; a changed version is a Conflict. It keeps
// file_missing in step with e's current file.
func (tx *Tx) UpdateEvidence(ctx context.Context, e *isms.Evidence, version int) error {
	res, err := tx.exec(ctx, `UPDATE evidence SET title = ?, description = ?, url = ?, note = ?, owner_id = ?,
		collected_on = ?, valid_until = ?, validity_days = ?, current_version = ?, file_missing = ?,
		version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		e.Title, e.Description, e.URL, e.Note, nullID(e.OwnerID),
		e.CollectedOn, e.ValidUntil, e.ValidityDays, e.CurrentVersion, e.FileMissing(),
		tx.ts(tx.now), e.OrgID, e.ID, version)
	if err != nil {
		return fmt.Errorf("update evidence: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("evidence")
	}
	e.Version, e.UpdatedAt = version+1, tx.now
	return nil
}

// evidenceSorts are the list's sort keys: the ascending and the descending
// ORDER BY of each. Items without expiry sort after every date.
var evidenceSorts = map[string][2]string{
	"title":      {"e.title, e.id", "e.title DESC, e.id DESC"},
	"kind":       {"e.kind, e.title, e.id", "e.kind DESC, e.title DESC, e.id DESC"},
	"owner":      {"COALESCE(u.name, ''), e.title, e.id", "COALESCE(u.name, '') DESC, e.title DESC, e.id DESC"},
	"collected":  {"e.collected_on, e.id", "e.collected_on DESC, e.id DESC"},
	"validUntil": {"e.valid_until IS NULL, e.valid_until, e.id", "e.valid_until IS NULL DESC, e.valid_until DESC, e.id DESC"},
	"updated":    {"e.updated_at, e.id", "e.updated_at DESC, e.id DESC"},
}

// evidenceIndexOrders are the sort keys an index keeps in order, so that
// an unfiltered page is read straight off the index; evidence_*_idx of
// the migration.
var evidenceIndexOrders = map[string]bool{"": true, "title": true, "kind": true, "collected": true, "validUntil": true, "updated": true}

// evidenceOrder returns the ORDER BY clause of sort, title by default.
func evidenceOrder(sort string) string {
	o, ok := evidenceSorts[strings.TrimPrefix(sort, "-")]
	if !ok {
		return " ORDER BY " + evidenceSorts["title"][0]
	}
	if strings.HasPrefix(sort, "-") {
		return " ORDER BY " + o[1]
	}
	return " ORDER BY " + o[0]
}

// evidenceWhere returns the conditions and arguments of f. Freshness is
// computed in SQL as isms.EvidenceFreshness computes it in Go, from
// file_missing, valid_until, f.Today and f.WindowDays.
func evidenceWhere(f isms.EvidenceFilter) (string, []any) {
	where, args := "e.organization_id = ?", []any{f.OrgID}
	add := func(cond string, vs ...any) {
		where += " AND " + cond
		args = append(args, vs...)
	}
	if f.LinkType != "" && f.LinkID != "" {
		add("e.id IN (SELECT evidence_id FROM evidence_links WHERE organization_id = ? AND record_type = ? AND record_id = ?)", f.OrgID, f.LinkType, f.LinkID)
	} else if f.LinkType != "" {
		add("e.id IN (SELECT evidence_id FROM evidence_links WHERE organization_id = ? AND record_type = ?)", f.OrgID, f.LinkType)
	}
	if f.OwnerID != "" {
		add("e.owner_id = ?", f.OwnerID)
	}
	if f.Kind != "" {
		add("e.kind = ?", f.Kind)
	}
	if f.Query != "" {
		add(`LOWER(e.title) LIKE ? ESCAPE '\'`, like(f.Query))
	}
	horizon := f.Today.AddDays(f.WindowDays)
	switch f.Freshness {
	case isms.FreshnessMissing:
		add("e.file_missing = ?", true)
	case isms.FreshnessExpired:
		add("e.file_missing = ? AND e.valid_until < ?", false, f.Today)
	case isms.FreshnessExpiring:
		add("e.file_missing = ? AND e.valid_until >= ? AND e.valid_until <= ?", false, f.Today, horizon)
	case isms.FreshnessCurrent:
		add("e.file_missing = ? AND (e.valid_until IS NULL OR e.valid_until > ?)", false, horizon)
	}
	return where, args
}

// FindEvidence returns a page of the items of f.OrgID matching f, with
// their current files (not their links), and the total matching.
func (tx *Tx) FindEvidence(ctx context.Context, f isms.EvidenceFilter) ([]*isms.Evidence, int, error) {
	where, args := evidenceWhere(f)
	var total int
	var err error
	if len(args) == 1 { // no filter but the organization
		total, err = tx.countAllEvidence(ctx, f.OrgID)
	} else {
		err = tx.queryRow(ctx, `SELECT COUNT(*) FROM evidence e WHERE `+where, args...).Scan(&total)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("count evidence: %w", err)
	}
	if total == 0 || f.Offset >= total {
		return nil, total, nil
	}
	query := evidenceSelect + ` WHERE ` + where + evidenceOrder(f.Sort) + ` LIMIT ? OFFSET ?`
	if key := strings.TrimPrefix(f.Sort, "-"); len(args) > 1 || !evidenceIndexOrders[key] {
		// Choose the page's IDs first, then join only those.
		inner := `SELECT e.id FROM evidence e`
		if key == "owner" {
			inner += ` LEFT JOIN users u ON u.id = e.owner_id`
		}
		inner += ` WHERE ` + where + evidenceOrder(f.Sort) + ` LIMIT ? OFFSET ?`
		query = evidenceColumns + ` FROM (` + inner + `) page JOIN evidence e ON e.id = page.id` + evidenceJoins + evidenceOrder(f.Sort)
	}
	rows, err := tx.query(ctx, query, append(args, isms.ClampPage(f.Limit), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select evidence: %w", err)
	}
	defer rows.Close()
	var out []*isms.Evidence
	for rows.Next() {
		e, err := scanEvidence(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan evidence: %w", err)
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// EvidenceCounts counts an organization's items by freshness, and its
// stored file versions whose integrity check failed.
type EvidenceCounts struct {
	Total, Expiring, Expired, Missing int
	FailedFiles                       int
}

// CountEvidence counts the items of org by their freshness on today with a
// window of window days.
func (tx *Tx) CountEvidence(ctx context.Context, org isms.ID, today isms.Date, window int) (EvidenceCounts, error) {
	var c EvidenceCounts
	err := tx.queryRow(ctx, `SELECT
		(SELECT COALESCE(MAX(items), 0) FROM evidence_counts WHERE organization_id = ?),
		(SELECT COUNT(*) FROM evidence WHERE organization_id = ? AND file_missing = ? AND valid_until >= ? AND valid_until <= ?),
		(SELECT COUNT(*) FROM evidence WHERE organization_id = ? AND file_missing = ? AND valid_until < ?),
		(SELECT COUNT(*) FROM evidence WHERE organization_id = ? AND file_missing = ?),
		(SELECT COUNT(*) FROM evidence_files WHERE organization_id = ? AND integrity IN (?, ?))`,
		org, org, false, today, today.AddDays(window), org, false, today, org, true,
		org, isms.IntegrityMismatch, isms.IntegrityMissing).Scan(&c.Total, &c.Expiring, &c.Expired, &c.Missing, &c.FailedFiles)
	if err != nil {
		return c, fmt.Errorf("count evidence: %w", err)
	}
	return c, nil
}

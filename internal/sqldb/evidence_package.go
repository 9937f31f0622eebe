// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// ControlEvidenceFile is the current file of an evidence item linked to a
// control: what the audit package holds of the item.
type ControlEvidenceFile struct {
	ControlID     isms.ID
	EvidenceTitle string
	File          isms.EvidenceFile // EvidenceID names the item
}

// controlEvidenceBatch is how many links WalkControlEvidence reads per query.
const controlEvidenceBatch = 2000

// WalkControlEvidence calls fn once per link of an evidence item of org
// to a control, for the items that have a file, with the item's current
// file, ordered by item and control. It reads in batches along the
// links' unique index (a row-value comparison, which SQLite and
// PostgreSQL both take as a range of it), so memory stays flat; an error
// from fn stops the walk and is returned.
func (tx *Tx) WalkControlEvidence(ctx context.Context, org isms.ID, fn func(*ControlEvidenceFile) error) error {
	var afterItem, afterControl isms.ID
	for {
		rows, err := tx.query(ctx, `
			SELECT l.record_id, e.title, f.evidence_id, f.version, f.sha256, f.size, f.media_type, f.file_name,
			       f.uploaded_by, f.uploader_name, f.uploaded_at, f.integrity, f.checked_at, f.organization_id
			FROM evidence_links l
			JOIN evidence e ON e.id = l.evidence_id
			JOIN evidence_files f ON f.evidence_id = e.id AND f.version = e.current_version
			WHERE l.organization_id = ? AND l.record_type = ? AND e.organization_id = ?
			  AND (l.evidence_id, l.record_type, l.record_id) > (?, ?, ?)
			ORDER BY l.evidence_id, l.record_type, l.record_id
			LIMIT ?`, org, "control", org, afterItem, "control", afterControl, controlEvidenceBatch)
		if err != nil {
			return fmt.Errorf("walk control evidence: %w", err)
		}
		var last ControlEvidenceFile
		n, err := walkControlEvidenceRows(rows, &last, fn)
		if err != nil {
			return err
		}
		if n < controlEvidenceBatch {
			return nil
		}
		afterItem, afterControl = last.File.EvidenceID, last.ControlID
	}
}

// walkControlEvidenceRows calls fn with each row of rows read into c, and
// closes rows; it returns how many rows it read.
func walkControlEvidenceRows(rows *sql.Rows, c *ControlEvidenceFile, fn func(*ControlEvidenceFile) error) (int, error) {
	defer rows.Close()
	n := 0
	for rows.Next() {
		f := &c.File
		err := rows.Scan(&c.ControlID, &c.EvidenceTitle, &f.EvidenceID, &f.Version, &f.SHA256, &f.Size, &f.MediaType,
			&f.FileName, &f.UploadedBy, &f.UploaderName, (*timestamp)(&f.UploadedAt), &f.Integrity,
			(*timestamp)(&f.CheckedAt), &f.OrgID)
		if err != nil {
			return n, fmt.Errorf("scan control evidence: %w", err)
		}
		n++
		if err := fn(c); err != nil {
			return n, err
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("walk control evidence: %w", err)
	}
	return n, nil
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// versionColumns are the columns a document version is read from: the
// version joined to its author's account.
const versionColumns = `v.id, v.organization_id, v.document_id, v.number, v.status, v.format, v.body,
	v.file_name, v.file_sha256, v.file_size, v.media_type, v.change_summary, v.author_id, COALESCE(u.name, ''),
	v.approved_at, v.approval_id, v.retain_until, v.disposed_at, v.disposed_by, v.revision,
	v.created_at, v.updated_at`

const versionFrom = ` FROM document_versions v LEFT JOIN users u ON u.id = v.author_id`

func scanVersion(s interface{ Scan(...any) error }) (*isms.DocumentVersion, error) {
	var v isms.DocumentVersion
	err := s.Scan(&v.ID, &v.OrgID, &v.DocumentID, &v.Number, &v.Status, &v.Format, &v.Body,
		&v.FileName, &v.FileSHA256, &v.FileSize, &v.MediaType, &v.ChangeSummary, &v.AuthorID, &v.AuthorName,
		(*timestamp)(&v.ApprovedAt), &v.ApprovalID, &v.RetainUntil, (*timestamp)(&v.DisposedAt), &v.DisposedBy,
		&v.Revision, (*timestamp)(&v.CreatedAt), (*timestamp)(&v.UpdatedAt))
	return &v, err
}

const insertVersionSQL = `INSERT INTO document_versions (id, organization_id, document_id, number, status,
	format, body, file_name, file_sha256, file_size, media_type, change_summary, author_id, approved_at,
	approval_id, retain_until, disposed_at, disposed_by, revision, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// versionInsertColumns is how many arguments one version of
// insertVersionSQL takes.
const versionInsertColumns = 21

func (tx *Tx) insertVersionArgs(v *isms.DocumentVersion) []any {
	v.Revision, v.CreatedAt, v.UpdatedAt = 1, tx.now, tx.now
	return []any{v.ID, v.OrgID, v.DocumentID, v.Number, v.Status, v.Format, v.Body, v.FileName, v.FileSHA256,
		v.FileSize, v.MediaType, v.ChangeSummary, v.AuthorID, tx.ts(v.ApprovedAt), v.ApprovalID, v.RetainUntil,
		tx.ts(v.DisposedAt), v.DisposedBy, v.Revision, tx.ts(v.CreatedAt), tx.ts(v.UpdatedAt)}
}

const versionNumberIndex, versionNumberCols = "document_versions_number_key",
	"document_versions.document_id, document_versions.number"

// InsertDocumentVersion stores a new version at revision 1 and sets its
// times. A number the document has already is a Conflict.
func (tx *Tx) InsertDocumentVersion(ctx context.Context, v *isms.DocumentVersion) error {
	if _, err := tx.exec(ctx, insertVersionSQL, tx.insertVersionArgs(v)...); err != nil {
		if isUniqueIndex(err, versionNumberIndex, versionNumberCols) {
			return isms.Errorf(isms.Conflict, "The document has a version %d already; reload it to see the latest version.", v.Number)
		}
		return fmt.Errorf("insert document version: %w", err)
	}
	return nil
}

// versionsPerInsert is how many versions one statement of
// InsertDocumentVersions carries: 21 arguments a row, 10,500 a statement.
const versionsPerInsert = 500

// InsertDocumentVersions stores many new versions with multi-row INSERT
// statements, for bulk loads.
func (tx *Tx) InsertDocumentVersions(ctx context.Context, vs []*isms.DocumentVersion) error {
	row := "(" + placeholders(versionInsertColumns) + ")"
	head, _, _ := strings.Cut(insertVersionSQL, "VALUES")
	for start := 0; start < len(vs); start += versionsPerInsert {
		batch := vs[start:min(start+versionsPerInsert, len(vs))]
		args := make([]any, 0, versionInsertColumns*len(batch))
		for _, v := range batch {
			args = append(args, tx.insertVersionArgs(v)...)
		}
		if _, err := tx.exec(ctx, head+"VALUES "+repeatList(row, len(batch)), args...); err != nil {
			if isUniqueIndex(err, versionNumberIndex, versionNumberCols) {
				return isms.Errorf(isms.Conflict, "A version number of versions %d to %d is taken already.", start+1, start+len(batch))
			}
			return fmt.Errorf("insert document versions %d to %d: %w", start+1, start+len(batch), err)
		}
	}
	return nil
}

// UpdateDocumentVersion stores every mutable field of v (status, body or
// file, change summary, approval, retention and disposal), which was read
// at revision, and advances its revision; a changed revision is a
// Conflict.
func (tx *Tx) UpdateDocumentVersion(ctx context.Context, v *isms.DocumentVersion, revision int) error {
	res, err := tx.exec(ctx, `UPDATE document_versions SET status = ?, format = ?, body = ?, file_name = ?,
		file_sha256 = ?, file_size = ?, media_type = ?, change_summary = ?, approved_at = ?, approval_id = ?,
		retain_until = ?, disposed_at = ?, disposed_by = ?, revision = revision + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND revision = ?`,
		v.Status, v.Format, v.Body, v.FileName, v.FileSHA256, v.FileSize, v.MediaType, v.ChangeSummary,
		tx.ts(v.ApprovedAt), v.ApprovalID, v.RetainUntil, tx.ts(v.DisposedAt), v.DisposedBy,
		tx.ts(tx.now), v.OrgID, v.ID, revision)
	if err != nil {
		return fmt.Errorf("update document version: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("document version")
	}
	v.Revision, v.UpdatedAt = revision+1, tx.now
	return nil
}

// FindDocumentVersionByID returns version id of org with the names of
// its approvers.
func (tx *Tx) FindDocumentVersionByID(ctx context.Context, org, id isms.ID) (*isms.DocumentVersion, error) {
	return tx.findVersion(ctx, "v.id = ?", []any{org, id}, "")
}

// FindDocumentVersionByIDForUpdate is FindDocumentVersionByID that also
// locks the version's row until the transaction ends (PostgreSQL).
func (tx *Tx) FindDocumentVersionByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.DocumentVersion, error) {
	lock := ""
	if tx.dialect == Postgres {
		lock = " FOR UPDATE OF v"
	}
	return tx.findVersion(ctx, "v.id = ?", []any{org, id}, lock)
}

// FindDocumentVersion returns version number of document docID of org.
func (tx *Tx) FindDocumentVersion(ctx context.Context, org, docID isms.ID, number int) (*isms.DocumentVersion, error) {
	return tx.findVersion(ctx, "v.document_id = ? AND v.number = ?", []any{org, docID, number}, "")
}

func (tx *Tx) findVersion(ctx context.Context, cond string, args []any, lock string) (*isms.DocumentVersion, error) {
	v, err := scanVersion(tx.queryRow(ctx, `SELECT `+versionColumns+versionFrom+`
		WHERE v.organization_id = ? AND `+cond+lock, args...))
	if err != nil {
		return nil, notFound(err, "No such version of the document in this organization.")
	}
	if err := tx.loadVersionApprovers(ctx, []*isms.DocumentVersion{v}); err != nil {
		return nil, err
	}
	return v, nil
}

// maxVersions caps the versions read for one document.
const maxVersions = 10000

// DocumentVersions returns the versions of document docID of org, newest
// first, bodies included.
func (tx *Tx) DocumentVersions(ctx context.Context, org, docID isms.ID) ([]*isms.DocumentVersion, error) {
	return tx.versions(ctx, `SELECT `+versionColumns+versionFrom+`
		WHERE v.organization_id = ? AND v.document_id = ? ORDER BY v.number DESC LIMIT ?`, org, docID, maxVersions)
}

// VersionsDueForDisposal returns a page of org's versions whose retention
// ended before today and that are not disposed of yet, longest due first,
// and the total due.
func (tx *Tx) VersionsDueForDisposal(ctx context.Context, org isms.ID, today isms.Date, limit, offset int) ([]*isms.DocumentVersion, int, error) {
	const where = ` WHERE v.organization_id = ? AND v.retain_until IS NOT NULL AND v.retain_until < ? AND v.disposed_at IS NULL`
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM document_versions v`+where, org, today).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count versions due for disposal: %w", err)
	}
	if total == 0 || offset >= total {
		return nil, total, nil
	}
	list, err := tx.versions(ctx, `SELECT `+versionColumns+versionFrom+where+`
		ORDER BY v.retain_until, v.id LIMIT ? OFFSET ?`, org, today, isms.ClampPage(limit), offset)
	return list, total, err
}

func (tx *Tx) versions(ctx context.Context, q string, args ...any) ([]*isms.DocumentVersion, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("select document versions: %w", err)
	}
	var out []*isms.DocumentVersion
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan document version: %w", err)
		}
		out = append(out, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("select document versions: %w", err)
	}
	return out, tx.loadVersionApprovers(ctx, out)
}

// loadVersionApprovers sets the Approvers of the versions of list that
// went through an approval: the names of those who approved, in the order
// they were named.
func (tx *Tx) loadVersionApprovers(ctx context.Context, list []*isms.DocumentVersion) error {
	byApproval := map[isms.ID][]*isms.DocumentVersion{}
	var ids []isms.ID
	for _, v := range list {
		if v.ApprovalID == "" {
			continue
		}
		if byApproval[v.ApprovalID] == nil {
			ids = append(ids, v.ApprovalID)
		}
		byApproval[v.ApprovalID] = append(byApproval[v.ApprovalID], v)
	}
	if len(ids) == 0 {
		return nil
	}
	org := list[0].OrgID
	return chunkIDs(ids, func(idArgs []any) error {
		rows, err := tx.query(ctx, `SELECT approval_id, name FROM approval_approvers
			WHERE organization_id = ? AND decision = ? AND approval_id IN (`+placeholders(len(idArgs))+`)
			ORDER BY approval_id, position`, append([]any{org, isms.DecisionApprove}, idArgs...)...)
		if err != nil {
			return fmt.Errorf("select version approvers: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id isms.ID
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				return fmt.Errorf("scan version approver: %w", err)
			}
			for _, v := range byApproval[id] {
				v.Approvers = append(v.Approvers, name)
			}
		}
		return rows.Err()
	})
}

// InsertDocumentReview records a review of a document that found no
// change needed.
func (tx *Tx) InsertDocumentReview(ctx context.Context, r *isms.DocumentReview) error {
	r.ReviewedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO document_reviews (id, organization_id, document_id, version_id, reviewer_id,
		reviewer_name, reviewed_at, note, next_review) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.OrgID, r.DocumentID, r.VersionID, r.ReviewerID, r.ReviewerName, tx.ts(r.ReviewedAt), r.Note, r.NextReview)
	if err != nil {
		return fmt.Errorf("insert document review: %w", err)
	}
	return nil
}

// maxReviews caps the reviews read for one document.
const maxReviews = 10000

// DocumentReviews returns the reviews of document docID of org, newest
// first.
func (tx *Tx) DocumentReviews(ctx context.Context, org, docID isms.ID) ([]*isms.DocumentReview, error) {
	rows, err := tx.query(ctx, `SELECT id, organization_id, document_id, version_id, reviewer_id, reviewer_name,
		reviewed_at, note, next_review FROM document_reviews WHERE organization_id = ? AND document_id = ?
		ORDER BY reviewed_at DESC, id DESC LIMIT ?`, org, docID, maxReviews)
	if err != nil {
		return nil, fmt.Errorf("select document reviews: %w", err)
	}
	defer rows.Close()
	var out []*isms.DocumentReview
	for rows.Next() {
		var r isms.DocumentReview
		if err := rows.Scan(&r.ID, &r.OrgID, &r.DocumentID, &r.VersionID, &r.ReviewerID, &r.ReviewerName,
			(*timestamp)(&r.ReviewedAt), &r.Note, &r.NextReview); err != nil {
			return nil, fmt.Errorf("scan document review: %w", err)
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}

// RetentionRules returns the retention rules org has set, by type; types
// without a rule are left out.
func (tx *Tx) RetentionRules(ctx context.Context, org isms.ID) ([]isms.RetentionRule, error) {
	rows, err := tx.query(ctx, `SELECT type, months FROM retention_rules WHERE organization_id = ?
		ORDER BY type LIMIT ?`, org, isms.MaxPageSize)
	if err != nil {
		return nil, fmt.Errorf("select retention rules: %w", err)
	}
	defer rows.Close()
	var out []isms.RetentionRule
	for rows.Next() {
		var r isms.RetentionRule
		if err := rows.Scan(&r.Type, &r.Months); err != nil {
			return nil, fmt.Errorf("scan retention rule: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetRetentionRule sets how long org keeps the versions of type r.Type,
// replacing the rule it had.
func (tx *Tx) SetRetentionRule(ctx context.Context, org isms.ID, r isms.RetentionRule) error {
	_, err := tx.exec(ctx, `INSERT INTO retention_rules (organization_id, type, months) VALUES (?, ?, ?)
		ON CONFLICT (organization_id, type) DO UPDATE SET months = excluded.months`, org, r.Type, r.Months)
	if err != nil {
		return fmt.Errorf("set retention rule: %w", err)
	}
	return nil
}

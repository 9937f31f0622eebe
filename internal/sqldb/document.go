// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// docLatestStatus is the status of a document's latest version, "" when
// it has none.
const docLatestStatus = `COALESCE((SELECT v.status FROM document_versions v
	WHERE v.document_id = d.id ORDER BY v.number DESC LIMIT 1), '')`

// documentColumns are the columns a document is read from: the document
// joined to its owner's account, with the status of its latest version,
// the latest number and the number of the version in force.
const documentColumns = `d.id, d.organization_id, d.ref, d.title, d.type, d.description, d.owner_id,
	COALESCE(u.name, ''), d.classification, d.audience, d.review_months, d.next_review, d.clauses,
	d.external, d.source, d.external_version, d.retired, d.created_by, d.version, d.created_at, d.updated_at,
	` + docLatestStatus + `,
	COALESCE((SELECT MAX(v.number) FROM document_versions v WHERE v.document_id = d.id), 0),
	COALESCE((SELECT MAX(v.number) FROM document_versions v WHERE v.document_id = d.id
		AND v.status = '` + string(isms.VersionApproved) + `'), 0)`

const documentFrom = ` FROM documents d LEFT JOIN users u ON u.id = d.owner_id`

func scanDocument(s interface{ Scan(...any) error }) (*isms.Document, error) {
	var d isms.Document
	var audience, clauses string
	err := s.Scan(&d.ID, &d.OrgID, &d.Ref, &d.Title, &d.Type, &d.Description, &d.OwnerID, &d.OwnerName,
		&d.Classification, &audience, &d.ReviewMonths, &d.NextReview, &clauses,
		&d.External, &d.Source, &d.ExternalVersion, &d.Retired, &d.CreatedBy, &d.Version,
		(*timestamp)(&d.CreatedAt), (*timestamp)(&d.UpdatedAt), &d.Status, &d.LatestNumber, &d.ApprovedNumber)
	if err != nil {
		return nil, err
	}
	if err := readJSON(audience, "{}", &d.Audience); err != nil {
		return nil, fmt.Errorf("document %s audience: %w", d.ID, err)
	}
	if err := readJSON(clauses, "[]", &d.Clauses); err != nil {
		return nil, fmt.Errorf("document %s clauses: %w", d.ID, err)
	}
	return &d, nil
}

// jsonText returns v as the JSON text stored in a column, without the
// HTML escaping of json.Marshal, so that the text can be searched for a
// role or name as written.
func jsonText(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// readJSON decodes the JSON text s of a column into v, leaving v as it is
// when s is empty or the empty value.
func readJSON(s, empty string, v any) error {
	if s == "" || s == empty {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}

// listJSON returns list as a JSON array, "[]" when empty.
func listJSON[T any](list []T) (string, error) {
	if len(list) == 0 {
		return "[]", nil
	}
	return jsonText(list)
}

// contains returns a condition that the text hay holds the text needle
// (SQL expressions, such as a column and "?"), case-sensitively and
// without wildcards.
func (tx *Tx) contains(hay, needle string) string {
	if tx.dialect == Postgres {
		return "strpos(" + hay + ", " + needle + ") > 0"
	}
	return "instr(" + hay + ", " + needle + ") > 0"
}

const insertDocumentSQL = `INSERT INTO documents (id, organization_id, ref, number, title, type, description,
	owner_id, classification, audience, review_months, next_review, clauses, external, source,
	external_version, retired, created_by, version, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// documentInsertColumns is how many arguments one document of
// insertDocumentSQL takes.
const documentInsertColumns = 21

func (tx *Tx) insertDocumentArgs(d *isms.Document) ([]any, error) {
	audience, clauses, err := documentJSON(d)
	if err != nil {
		return nil, err
	}
	d.Version, d.CreatedAt, d.UpdatedAt = 1, tx.now, tx.now
	return []any{d.ID, d.OrgID, d.Ref, refNumber(d.Ref), d.Title, d.Type, d.Description,
		d.OwnerID, d.Classification, audience, d.ReviewMonths, d.NextReview, clauses, d.External, d.Source,
		d.ExternalVersion, d.Retired, d.CreatedBy, d.Version, tx.ts(d.CreatedAt), tx.ts(d.UpdatedAt)}, nil
}

// documentJSON returns the audience and clauses of d as stored.
func documentJSON(d *isms.Document) (audience, clauses string, err error) {
	if audience, err = jsonText(d.Audience); err != nil {
		return "", "", fmt.Errorf("document audience: %w", err)
	}
	if clauses, err = listJSON(d.Clauses); err != nil {
		return "", "", fmt.Errorf("document clauses: %w", err)
	}
	return audience, clauses, nil
}

const documentRefIndex, documentRefCols = "documents_ref_key", "documents.organization_id, documents.ref"

// duplicateDocumentRef turns a violation of documents_ref_key into a
// Conflict.
func duplicateDocumentRef(err error, ref string) error {
	if isUniqueIndex(err, documentRefIndex, documentRefCols) {
		return isms.Errorf(isms.Conflict, "Another document has the reference %q; choose another.", ref)
	}
	return err
}

// InsertDocument stores a new document at version 1 and sets its times.
func (tx *Tx) InsertDocument(ctx context.Context, d *isms.Document) error {
	args, err := tx.insertDocumentArgs(d)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, insertDocumentSQL, args...); err != nil {
		if err := duplicateDocumentRef(err, d.Ref); isms.ErrorCode(err) != "" {
			return err
		}
		return fmt.Errorf("insert document: %w", err)
	}
	return nil
}

// documentsPerInsert is how many documents one statement of
// InsertDocuments carries: 21 arguments a row, 10,500 a statement.
const documentsPerInsert = 500

// InsertDocuments stores many new documents with multi-row INSERT
// statements, for bulk loads.
func (tx *Tx) InsertDocuments(ctx context.Context, ds []*isms.Document) error {
	row := "(" + placeholders(documentInsertColumns) + ")"
	head, _, _ := strings.Cut(insertDocumentSQL, "VALUES")
	for start := 0; start < len(ds); start += documentsPerInsert {
		batch := ds[start:min(start+documentsPerInsert, len(ds))]
		args := make([]any, 0, documentInsertColumns*len(batch))
		for _, d := range batch {
			a, err := tx.insertDocumentArgs(d)
			if err != nil {
				return err
			}
			args = append(args, a...)
		}
		if _, err := tx.exec(ctx, head+"VALUES "+repeatList(row, len(batch)), args...); err != nil {
			if isUniqueIndex(err, documentRefIndex, documentRefCols) {
				return isms.Errorf(isms.Conflict, "A reference of documents %d to %d is taken already.", start+1, start+len(batch))
			}
			return fmt.Errorf("insert documents %d to %d: %w", start+1, start+len(batch), err)
		}
	}
	return nil
}

// UpdateDocument stores the fields of d, which was read at version, and
// advances its version; a changed version is a Conflict.
func (tx *Tx) UpdateDocument(ctx context.Context, d *isms.Document, version int) error {
	audience, clauses, err := documentJSON(d)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE documents SET ref = ?, number = ?, title = ?, type = ?, description = ?,
		owner_id = ?, classification = ?, audience = ?, review_months = ?, next_review = ?, clauses = ?,
		external = ?, source = ?, external_version = ?, retired = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		d.Ref, refNumber(d.Ref), d.Title, d.Type, d.Description, d.OwnerID, d.Classification, audience,
		d.ReviewMonths, d.NextReview, clauses, d.External, d.Source, d.ExternalVersion, d.Retired,
		tx.ts(tx.now), d.OrgID, d.ID, version)
	if err != nil {
		if err := duplicateDocumentRef(err, d.Ref); isms.ErrorCode(err) != "" {
			return err
		}
		return fmt.Errorf("update document: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("document")
	}
	d.Version, d.UpdatedAt = version+1, tx.now
	return nil
}

// FindDocumentByID returns document id of org.
func (tx *Tx) FindDocumentByID(ctx context.Context, org, id isms.ID) (*isms.Document, error) {
	return tx.findDocument(ctx, "d.id = ?", org, id, "", "No such document in this organization.")
}

// FindDocumentByIDForUpdate is FindDocumentByID that also locks the
// document's row until the transaction ends (PostgreSQL).
func (tx *Tx) FindDocumentByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.Document, error) {
	lock := ""
	if tx.dialect == Postgres {
		lock = " FOR UPDATE OF d"
	}
	return tx.findDocument(ctx, "d.id = ?", org, id, lock, "No such document in this organization.")
}

// FindDocumentByRef returns the document of org with reference ref.
func (tx *Tx) FindDocumentByRef(ctx context.Context, org isms.ID, ref string) (*isms.Document, error) {
	return tx.findDocument(ctx, "d.ref = ?", org, ref, "", fmt.Sprintf("The organization has no document %q.", ref))
}

func (tx *Tx) findDocument(ctx context.Context, cond string, org isms.ID, key any, lock, msg string) (*isms.Document, error) {
	d, err := scanDocument(tx.queryRow(ctx, `SELECT `+documentColumns+documentFrom+`
		WHERE d.organization_id = ? AND `+cond+lock, org, key))
	if err != nil {
		return nil, notFound(err, msg)
	}
	return d, nil
}

// MaxDocumentNumber returns the highest reference number of org's
// documents, 0 when it has none.
func (tx *Tx) MaxDocumentNumber(ctx context.Context, org isms.ID) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COALESCE(MAX(number), 0) FROM documents WHERE organization_id = ?`, org).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("max document number: %w", err)
	}
	return n, nil
}

// maxDocumentLinks caps the links read for one document.
const maxDocumentLinks = 10000

// SetDocumentLinks makes links the records document docID of org relates
// to, replacing the links it had; repeated links are stored once. The
// caller checks that the records belong to org.
func (tx *Tx) SetDocumentLinks(ctx context.Context, org, docID isms.ID, links []isms.Link) error {
	if _, err := tx.exec(ctx, `DELETE FROM document_links WHERE organization_id = ? AND document_id = ?`, org, docID); err != nil {
		return fmt.Errorf("delete document links: %w", err)
	}
	const perInsert = 2000 // 4 arguments a row
	for start := 0; start < len(links); start += perInsert {
		batch := links[start:min(start+perInsert, len(links))]
		args := make([]any, 0, 4*len(batch))
		for _, l := range batch {
			args = append(args, org, docID, l.Type, l.ID)
		}
		if _, err := tx.exec(ctx, `INSERT INTO document_links (organization_id, document_id, link_type, link_id)
			VALUES `+repeatList("(?, ?, ?, ?)", len(batch))+` ON CONFLICT (document_id, link_type, link_id) DO NOTHING`,
			args...); err != nil {
			return fmt.Errorf("insert document links: %w", err)
		}
	}
	return nil
}

// DocumentLinks returns the records document docID of org relates to, by
// type, then ID.
func (tx *Tx) DocumentLinks(ctx context.Context, org, docID isms.ID) ([]isms.Link, error) {
	rows, err := tx.query(ctx, `SELECT link_type, link_id FROM document_links
		WHERE organization_id = ? AND document_id = ? ORDER BY link_type, link_id LIMIT ?`, org, docID, maxDocumentLinks)
	if err != nil {
		return nil, fmt.Errorf("select document links: %w", err)
	}
	defer rows.Close()
	var out []isms.Link
	for rows.Next() {
		var l isms.Link
		if err := rows.Scan(&l.Type, &l.ID); err != nil {
			return nil, fmt.Errorf("scan document link: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// documentSorts are the register's sort keys. References sort by their
// number, so that DOC-2 comes before DOC-10.
var documentSorts = map[string]string{
	"ref":        "d.number, d.ref",
	"title":      "LOWER(d.title), d.id",
	"type":       "d.type, d.number, d.ref",
	"owner":      "u.name, d.number, d.ref",
	"status":     docLatestStatus + ", d.number, d.ref",
	"nextReview": "d.next_review IS NULL, d.next_review, d.number, d.ref",
	"updated":    "d.updated_at, d.id",
}

// documentWhere returns the conditions and arguments of f.
func (tx *Tx) documentWhere(f isms.DocumentFilter) (string, []any) {
	where, args := "d.organization_id = ?", []any{f.OrgID}
	add := func(cond string, vals ...any) {
		where += " AND " + cond
		args = append(args, vals...)
	}
	if f.Search != "" {
		s := like(f.Search)
		add(`(LOWER(d.ref) LIKE ? ESCAPE '\' OR LOWER(d.title) LIKE ? ESCAPE '\' OR LOWER(d.description) LIKE ? ESCAPE '\')`, s, s, s)
	}
	if f.Type != "" {
		add("d.type = ?", f.Type)
	}
	if f.OwnerID != "" {
		add("d.owner_id = ?", f.OwnerID)
	}
	if f.Status != "" {
		add(docLatestStatus+" = ?", f.Status)
	}
	if f.ReviewOverdue {
		add("d.retired = ? AND d.next_review IS NOT NULL AND d.next_review < ?", false, f.Today)
	}
	if f.External != nil {
		add("d.external = ?", *f.External)
	}
	if !f.Retired {
		add("d.retired = ?", false)
	}
	if f.InForce {
		add(`EXISTS (SELECT 1 FROM document_versions v WHERE v.document_id = d.id AND v.status = ?)`, isms.VersionApproved)
	}
	if f.Reader {
		// The audience is JSON such as {"everyone":false,"roles":["employee"],"people":["usr_…"]}.
		cond := `(d.owner_id = ? OR ` + tx.contains("d.audience", "?") + ` OR ` + tx.contains("d.audience", "?") +
			` OR ` + tx.contains("d.audience", "?") + `)`
		vals := []any{f.ReaderID, `"everyone":true`, `"` + string(f.ReaderRole) + `"`, `"` + string(f.ReaderID) + `"`}
		if f.ReaderRestrictedOnly {
			cond = `(d.classification <> ? OR ` + cond + `)`
			vals = append([]any{isms.ClassRestricted}, vals...)
		}
		add(cond, vals...)
	}
	return where, args
}

// FindDocuments returns a page of the documents of f.OrgID matching f, by
// reference by default, and the total matching.
func (tx *Tx) FindDocuments(ctx context.Context, f isms.DocumentFilter) ([]*isms.Document, int, error) {
	where, args := tx.documentWhere(f)
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM documents d WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count documents: %w", err)
	}
	if total == 0 || f.Offset >= total {
		return nil, total, nil
	}
	rows, err := tx.query(ctx, `SELECT `+documentColumns+documentFrom+` WHERE `+where+
		order(f.Sort, documentSorts, "ref")+` LIMIT ? OFFSET ?`, append(args, isms.ClampPage(f.Limit), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select documents: %w", err)
	}
	defer rows.Close()
	var out []*isms.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan document: %w", err)
		}
		out = append(out, d)
	}
	return out, total, rows.Err()
}

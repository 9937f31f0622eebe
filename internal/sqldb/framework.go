// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ismsproject/isms/internal/isms"
)

// frameworkColumns are the columns a framework is read from.
const frameworkColumns = `f.id, f.organization_id, f.key, f.name, f.edition, f.publisher, f.description,
	f.source, f.source_file, f.sha256, f.requirement_count, f.assessable_count, f.imported_by,
	f.created_at, f.updated_at, f.version`

func scanFramework(s interface{ Scan(...any) error }) (*isms.Framework, error) {
	var f isms.Framework
	err := s.Scan(&f.ID, &f.OrgID, &f.Key, &f.Name, &f.Edition, &f.Publisher, &f.Description,
		&f.Source, &f.SourceFile, &f.SHA256, &f.Requirements, &f.Assessable, &f.ImportedBy,
		(*timestamp)(&f.CreatedAt), (*timestamp)(&f.UpdatedAt), &f.Version)
	return &f, err
}

// isUniqueIndex reports whether err violates the unique index named index
// (PostgreSQL) over the columns cols, listed as SQLite reports them
// ("frameworks.organization_id, frameworks.key").
func isUniqueIndex(err error, index, cols string) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505" && pgErr.ConstraintName == index
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: "+cols)
}

// InsertFramework stores a new framework at version 1 and sets its times.
// Its requirement counts are kept by the requirement methods from then on.
func (tx *Tx) InsertFramework(ctx context.Context, f *isms.Framework) error {
	f.Version, f.CreatedAt, f.UpdatedAt = 1, tx.now, tx.now
	_, err := tx.exec(ctx, `INSERT INTO frameworks (id, organization_id, key, name, edition, publisher, description,
		source, source_file, sha256, requirement_count, assessable_count, imported_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.ID, f.OrgID, f.Key, f.Name, f.Edition, f.Publisher, f.Description,
		f.Source, f.SourceFile, f.SHA256, f.Requirements, f.Assessable, f.ImportedBy, f.Version,
		tx.ts(f.CreatedAt), tx.ts(f.UpdatedAt))
	if isUniqueIndex(err, "frameworks_key", "frameworks.organization_id, frameworks.key") {
		return isms.Errorf(isms.Conflict, "The organization has a framework with the key %q already; import the file again to update it.", f.Key)
	}
	if err != nil {
		return fmt.Errorf("insert framework: %w", err)
	}
	return nil
}

// UpdateFramework stores the descriptive fields of f (name, edition,
// publisher, description, source, source file, hash, importer), which was
// read at version, recounts its requirements into f and advances its
// version; a changed version is a Conflict.
func (tx *Tx) UpdateFramework(ctx context.Context, f *isms.Framework, version int) error {
	res, err := tx.exec(ctx, `UPDATE frameworks SET name = ?, edition = ?, publisher = ?, description = ?,
		source = ?, source_file = ?, sha256 = ?, imported_by = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		f.Name, f.Edition, f.Publisher, f.Description, f.Source, f.SourceFile, f.SHA256, f.ImportedBy,
		tx.ts(tx.now), f.OrgID, f.ID, version)
	if err != nil {
		return fmt.Errorf("update framework: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("framework")
	}
	if err := tx.recountFrameworks(ctx, f.OrgID, []isms.ID{f.ID}); err != nil {
		return err
	}
	err = tx.queryRow(ctx, `SELECT requirement_count, assessable_count FROM frameworks WHERE id = ?`, f.ID).
		Scan(&f.Requirements, &f.Assessable)
	if err != nil {
		return fmt.Errorf("read framework counts: %w", err)
	}
	f.Version, f.UpdatedAt = version+1, tx.now
	return nil
}

// recountFrameworks sets the requirement counts of the frameworks ids of
// org from their requirements.
func (tx *Tx) recountFrameworks(ctx context.Context, org isms.ID, ids []isms.ID) error {
	for _, id := range ids {
		_, err := tx.exec(ctx, `UPDATE frameworks SET
			requirement_count = (SELECT COUNT(*) FROM requirements r WHERE r.organization_id = ? AND r.framework_id = ?),
			assessable_count = (SELECT COUNT(*) FROM requirements r WHERE r.organization_id = ? AND r.framework_id = ? AND r.assessable = ?)
			WHERE organization_id = ? AND id = ?`, org, id, org, id, true, org, id)
		if err != nil {
			return fmt.Errorf("count requirements of framework %s: %w", id, err)
		}
	}
	return nil
}

// FindFrameworkByID returns framework id of org.
func (tx *Tx) FindFrameworkByID(ctx context.Context, org, id isms.ID) (*isms.Framework, error) {
	f, err := scanFramework(tx.queryRow(ctx, `SELECT `+frameworkColumns+` FROM frameworks f
		WHERE f.organization_id = ? AND f.id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such framework in this organization.")
	}
	return f, nil
}

// FindFrameworkByKey returns the framework of org with key.
func (tx *Tx) FindFrameworkByKey(ctx context.Context, org isms.ID, key string) (*isms.Framework, error) {
	f, err := scanFramework(tx.queryRow(ctx, `SELECT `+frameworkColumns+` FROM frameworks f
		WHERE f.organization_id = ? AND f.key = ?`, org, key))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("The organization has no framework with the key %q.", key))
	}
	return f, nil
}

var frameworkSorts = map[string]string{
	"name":    "LOWER(f.name), f.edition, f.id",
	"key":     "f.key, f.id",
	"updated": "f.updated_at, f.id",
}

// FindFrameworks returns a page of the frameworks of f.OrgID, by name by
// default, and the total matching.
func (tx *Tx) FindFrameworks(ctx context.Context, f isms.FrameworkFilter) ([]*isms.Framework, int, error) {
	where, args := "f.organization_id = ?", []any{f.OrgID}
	if f.Search != "" {
		where += ` AND (LOWER(f.key) LIKE ? ESCAPE '\' OR LOWER(f.name) LIKE ? ESCAPE '\')`
		args = append(args, like(f.Search), like(f.Search))
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM frameworks f WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count frameworks: %w", err)
	}
	if total == 0 || f.Offset >= total {
		return nil, total, nil
	}
	rows, err := tx.query(ctx, `SELECT `+frameworkColumns+` FROM frameworks f WHERE `+where+
		order(f.Sort, frameworkSorts, "name")+` LIMIT ? OFFSET ?`, append(args, isms.ClampPage(f.Limit), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select frameworks: %w", err)
	}
	defer rows.Close()
	var out []*isms.Framework
	for rows.Next() {
		fw, err := scanFramework(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan framework: %w", err)
		}
		out = append(out, fw)
	}
	return out, total, rows.Err()
}

// DeleteFramework deletes framework id of org with everything that depends
// on it: the control links to its requirements, the mapping sets from or
// to it with their mappings, any other mapping touching its requirements,
// its requirements, and the draft versions of its Statement of
// Applicability with their lines. Approved and superseded versions stay:
// they keep the framework's name and the requirements' references.
func (tx *Tx) DeleteFramework(ctx context.Context, org, id isms.ID) error {
	if _, err := tx.FindFrameworkByID(ctx, org, id); err != nil {
		return err
	}
	reqs := `SELECT id FROM requirements WHERE organization_id = ? AND framework_id = ?`
	sets := `SELECT id FROM mapping_sets WHERE organization_id = ? AND (source_framework_id = ? OR target_framework_id = ?)`
	drafts := `SELECT id FROM soas WHERE organization_id = ? AND framework_id = ? AND status = ?`
	steps := []struct {
		what, query string
		args        []any
	}{
		{"control links", `DELETE FROM control_links WHERE organization_id = ? AND requirement_id IN (` + reqs + `)`, []any{org, org, id}},
		{"mappings", `DELETE FROM mappings WHERE organization_id = ? AND set_id IN (` + sets + `)`, []any{org, org, id, id}},
		{"mappings", `DELETE FROM mappings WHERE organization_id = ? AND (source_id IN (` + reqs + `) OR target_id IN (` + reqs + `))`,
			[]any{org, org, id, org, id}},
		{"mapping sets", `DELETE FROM mapping_sets WHERE organization_id = ? AND (source_framework_id = ? OR target_framework_id = ?)`, []any{org, id, id}},
		{"requirements", `DELETE FROM requirements WHERE organization_id = ? AND framework_id = ?`, []any{org, id}},
		{"draft soa lines", `DELETE FROM soa_lines WHERE organization_id = ? AND soa_id IN (` + drafts + `)`, []any{org, org, id, isms.SoADraft}},
		{"draft soas", `DELETE FROM soas WHERE organization_id = ? AND framework_id = ? AND status = ?`, []any{org, id, isms.SoADraft}},
		{"framework", `DELETE FROM frameworks WHERE organization_id = ? AND id = ?`, []any{org, id}},
	}
	for _, s := range steps {
		if _, err := tx.exec(ctx, s.query, s.args...); err != nil {
			return fmt.Errorf("delete %s of framework %s: %w", s.what, id, err)
		}
	}
	return tx.recountMappingSets(ctx, org)
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

const orgColumns = `id, slug, name, legal_name, description, version, created_at, updated_at`

func scanOrg(s interface{ Scan(...any) error }) (*isms.Organization, error) {
	var o isms.Organization
	err := s.Scan(&o.ID, &o.Slug, &o.Name, &o.LegalName, &o.Description, &o.Version,
		(*timestamp)(&o.CreatedAt), (*timestamp)(&o.UpdatedAt))
	return &o, err
}

// InsertOrganization stores a new organization; a taken slug is a Conflict.
func (tx *Tx) InsertOrganization(ctx context.Context, o *isms.Organization) error {
	o.Version, o.CreatedAt, o.UpdatedAt = 1, tx.now, tx.now
	_, err := tx.exec(ctx, `
		INSERT INTO organizations (`+orgColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.Slug, o.Name, o.LegalName, o.Description, o.Version, tx.ts(o.CreatedAt), tx.ts(o.UpdatedAt))
	if isUnique(err, "organizations", "slug") {
		return &isms.Error{Code: isms.Conflict, Message: "An organization with this slug already exists.",
			Fields: map[string]string{"slug": "This slug is taken; choose another."}}
	}
	if err != nil {
		return fmt.Errorf("insert organization: %w", err)
	}
	return nil
}

// FindOrganizationByID returns one organization.
func (tx *Tx) FindOrganizationByID(ctx context.Context, id isms.ID) (*isms.Organization, error) {
	o, err := scanOrg(tx.queryRow(ctx, `SELECT `+orgColumns+` FROM organizations WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "No such organization.")
	}
	return o, nil
}

// FindOrganizationByIDForUpdate returns one organization and locks its row
// until the transaction ends (PostgreSQL; SQLite has a single writer). Use
// cases that check the organization's state before changing it (a profile
// edit against a pending submission, the last administrator) take this lock
// first, so concurrent ones run one after the other.
func (tx *Tx) FindOrganizationByIDForUpdate(ctx context.Context, id isms.ID) (*isms.Organization, error) {
	o, err := scanOrg(tx.queryRow(ctx, `SELECT `+orgColumns+` FROM organizations WHERE id = ?`+tx.forUpdate(), id))
	if err != nil {
		return nil, notFound(err, "No such organization.")
	}
	return o, nil
}

// FindOrganizationBySlug returns the organization with slug.
func (tx *Tx) FindOrganizationBySlug(ctx context.Context, slug string) (*isms.Organization, error) {
	o, err := scanOrg(tx.queryRow(ctx, `SELECT `+orgColumns+` FROM organizations WHERE slug = ?`, slug))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("No organization has the slug %q.", slug))
	}
	return o, nil
}

var orgSorts = map[string]string{"name": "LOWER(name), id", "slug": "slug", "created": "created_at, id"}

// FindOrganizations returns a page of organizations and the total matching.
func (tx *Tx) FindOrganizations(ctx context.Context, f isms.OrganizationFilter) ([]*isms.Organization, int, error) {
	where, args := "1 = 1", []any{}
	if f.Search != "" {
		where += ` AND (LOWER(name) LIKE ? ESCAPE '\' OR slug LIKE ? ESCAPE '\')`
		args = append(args, like(f.Search), like(f.Search))
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM organizations WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count organizations: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT `+orgColumns+` FROM organizations WHERE `+where+
		order(f.Sort, orgSorts, "name")+` LIMIT ? OFFSET ?`,
		append(args, isms.ClampPage(f.Limit), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select organizations: %w", err)
	}
	defer rows.Close()
	var out []*isms.Organization
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan organization: %w", err)
		}
		out = append(out, o)
	}
	return out, total, rows.Err()
}

// CountOrganizations returns how many organizations the installation has.
func (tx *Tx) CountOrganizations(ctx context.Context) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM organizations`).Scan(&n)
	return n, err
}

// UpdateOrganization stores o's profile if its stored version is still
// o.Version, and increments the version; otherwise it is a Conflict.
func (tx *Tx) UpdateOrganization(ctx context.Context, o *isms.Organization) error {
	res, err := tx.exec(ctx, `
		UPDATE organizations
		SET name = ?, legal_name = ?, description = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`,
		o.Name, o.LegalName, o.Description, tx.ts(tx.now), o.ID, o.Version)
	if err != nil {
		return fmt.Errorf("update organization: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("organization profile")
	}
	o.Version++
	o.UpdatedAt = tx.now
	return nil
}

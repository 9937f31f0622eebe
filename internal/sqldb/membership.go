// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// InsertMembership gives a user a role in an organization; an existing
// membership is a Conflict.
func (tx *Tx) InsertMembership(ctx context.Context, m *isms.Membership) error {
	m.Version, m.CreatedAt, m.UpdatedAt = 1, tx.now, tx.now
	res, err := tx.exec(ctx, `
		INSERT INTO memberships (organization_id, user_id, role, access_until, framework_id, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (organization_id, user_id) DO NOTHING`,
		m.OrgID, m.UserID, m.Role, m.AccessUntil, m.FrameworkID, m.Version, tx.ts(m.CreatedAt), tx.ts(m.UpdatedAt))
	if err != nil {
		return fmt.Errorf("insert membership: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.Conflict, "This account is already a member of the organization.")
	}
	return nil
}

// FindMembership returns the membership of user in org, expired or not.
func (tx *Tx) FindMembership(ctx context.Context, org, user isms.ID) (*isms.Membership, error) {
	var m isms.Membership
	err := tx.queryRow(ctx, `
		SELECT organization_id, user_id, role, access_until, framework_id, version, created_at, updated_at
		FROM memberships WHERE organization_id = ? AND user_id = ?`, org, user).Scan(
		&m.OrgID, &m.UserID, &m.Role, &m.AccessUntil, &m.FrameworkID, &m.Version,
		(*timestamp)(&m.CreatedAt), (*timestamp)(&m.UpdatedAt))
	if err != nil {
		return nil, notFound(err, "No such member in this organization.")
	}
	return &m, nil
}

var memberSorts = map[string]string{
	"name": "LOWER(u.name), u.id", "email": "u.email", "role": "m.role, LOWER(u.name)", "joined": "m.created_at, u.id",
}

// FindMembers returns a page of the members of f.OrgID and the total
// matching, with their memberships' limits (expired ones included).
func (tx *Tx) FindMembers(ctx context.Context, f isms.MemberFilter) ([]*isms.Member, int, error) {
	where, args := "m.organization_id = ?", []any{f.OrgID}
	if f.Search != "" {
		where += ` AND (LOWER(u.name) LIKE ? ESCAPE '\' OR u.email LIKE ? ESCAPE '\')`
		args = append(args, like(f.Search), like(f.Search))
	}
	if f.Role != "" {
		where += ` AND m.role = ?`
		args = append(args, f.Role)
	}
	switch f.Status {
	case "active":
		where += ` AND u.disabled = ?`
		args = append(args, false)
	case "disabled":
		where += ` AND u.disabled = ?`
		args = append(args, true)
	}
	from := ` FROM memberships m JOIN users u ON u.id = m.user_id WHERE ` + where
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count members: %w", err)
	}
	rows, err := tx.query(ctx, `
		SELECT u.id, u.email, u.name, u.owner, u.disabled, u.must_change_password, u.version,
		       u.created_at, u.updated_at, m.role, m.access_until, m.framework_id,
		       COALESCE((SELECT f.name FROM frameworks f WHERE f.organization_id = m.organization_id AND f.id = m.framework_id), ''),
		       m.version, m.created_at, (SELECT COUNT(*) FROM memberships o WHERE o.user_id = u.id)`+from+
		order(f.Sort, memberSorts, "name")+` LIMIT ? OFFSET ?`,
		append(args, isms.ClampPage(f.Limit), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select members: %w", err)
	}
	defer rows.Close()
	var out []*isms.Member
	for rows.Next() {
		var m isms.Member
		u := &m.User
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &u.Owner, &u.Disabled, &u.MustChangePassword,
			&u.Version, (*timestamp)(&u.CreatedAt), (*timestamp)(&u.UpdatedAt),
			&m.Role, &m.AccessUntil, &m.FrameworkID, &m.FrameworkName, &m.Version, (*timestamp)(&m.JoinedAt),
			&m.OrgCount); err != nil {
			return nil, 0, fmt.Errorf("scan member: %w", err)
		}
		out = append(out, &m)
	}
	return out, total, rows.Err()
}

// FindUserOrganizations returns every organization user belongs to, by
// name, with the memberships' limits (expired ones included).
func (tx *Tx) FindUserOrganizations(ctx context.Context, user isms.ID) ([]isms.OrgMembership, error) {
	rows, err := tx.query(ctx, `
		SELECT o.id, o.slug, o.name, o.legal_name, o.description, o.version, o.created_at, o.updated_at, m.role,
		       m.access_until, m.framework_id
		FROM memberships m JOIN organizations o ON o.id = m.organization_id
		WHERE m.user_id = ?
		ORDER BY LOWER(o.name), o.id
		LIMIT 1000`, user)
	if err != nil {
		return nil, fmt.Errorf("select user organizations: %w", err)
	}
	defer rows.Close()
	var out []isms.OrgMembership
	for rows.Next() {
		var om isms.OrgMembership
		o := &om.Org
		if err := rows.Scan(&o.ID, &o.Slug, &o.Name, &o.LegalName, &o.Description, &o.Version,
			(*timestamp)(&o.CreatedAt), (*timestamp)(&o.UpdatedAt), &om.Role, &om.AccessUntil, &om.FrameworkID); err != nil {
			return nil, fmt.Errorf("scan user organization: %w", err)
		}
		out = append(out, om)
	}
	return out, rows.Err()
}

// UpdateMembership changes the role, access end and framework of a
// membership if its stored version is still m.Version.
func (tx *Tx) UpdateMembership(ctx context.Context, m *isms.Membership) error {
	res, err := tx.exec(ctx, `
		UPDATE memberships SET role = ?, access_until = ?, framework_id = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND user_id = ? AND version = ?`,
		m.Role, m.AccessUntil, m.FrameworkID, tx.ts(tx.now), m.OrgID, m.UserID, m.Version)
	if err != nil {
		return fmt.Errorf("update membership: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("membership")
	}
	m.Version++
	m.UpdatedAt = tx.now
	return nil
}

// DeleteMembership removes user from org.
func (tx *Tx) DeleteMembership(ctx context.Context, org, user isms.ID) error {
	if _, err := tx.exec(ctx, `DELETE FROM memberships WHERE organization_id = ? AND user_id = ?`, org, user); err != nil {
		return fmt.Errorf("delete membership: %w", err)
	}
	return nil
}

// CountMembersWithRole returns how many enabled members of org hold role.
func (tx *Tx) CountMembersWithRole(ctx context.Context, org isms.ID, role isms.Role) (int, error) {
	var n int
	err := tx.queryRow(ctx, `
		SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.organization_id = ? AND m.role = ? AND u.disabled = ?`, org, role, false).Scan(&n)
	return n, err
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// ISMS roles (27001 5.3). Their holders live in the people register
// (people.roles); the RACI cells that name a role are in raci.go.

const ismsRoleColumns = `id, organization_id, name, responsibilities, authorities, appointed_by, appointed_on, position,
	created_by, version, created_at, updated_at`

func scanISMSRole(s interface{ Scan(...any) error }) (*isms.ISMSRole, error) {
	var r isms.ISMSRole
	err := s.Scan(&r.ID, &r.OrgID, &r.Name, &r.Responsibilities, &r.Authorities, &r.AppointedBy, &r.AppointedOn,
		&r.Position, &r.CreatedBy, &r.Version, (*timestamp)(&r.CreatedAt), (*timestamp)(&r.UpdatedAt))
	return &r, err
}

// roleSaveError turns a violation of the unique role name into an
// Invalid error on the name, and wraps any other error with what failed.
func roleSaveError(err error, what, name string) error {
	if isUniqueIndex(err, "isms_roles_name_key", "index 'isms_roles_name_key'") {
		return isms.Problems{"name": "There is already a role named " + name + "; choose another name."}.Err()
	}
	return fmt.Errorf("%s ISMS role: %w", what, err)
}

// InsertISMSRole stores a new role at version 1, after the other roles of
// its organization, and sets its times. A name already taken (without
// case) is an Invalid error on the name.
func (tx *Tx) InsertISMSRole(ctx context.Context, r *isms.ISMSRole) error {
	if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM isms_roles WHERE organization_id = ?`,
		r.OrgID).Scan(&r.Position); err != nil {
		return fmt.Errorf("next role position: %w", err)
	}
	r.Version, r.CreatedAt, r.UpdatedAt = 1, tx.now, tx.now
	_, err := tx.exec(ctx, `INSERT INTO isms_roles (`+ismsRoleColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.OrgID, r.Name, r.Responsibilities, r.Authorities, r.AppointedBy, r.AppointedOn, r.Position,
		r.CreatedBy, r.Version, tx.ts(r.CreatedAt), tx.ts(r.UpdatedAt))
	if err != nil {
		return roleSaveError(err, "insert", r.Name)
	}
	return nil
}

// UpdateISMSRole stores the fields of r, which was read at version, and
// advances its version; a changed version is a Conflict.
func (tx *Tx) UpdateISMSRole(ctx context.Context, r *isms.ISMSRole, version int) error {
	res, err := tx.exec(ctx, `UPDATE isms_roles SET name = ?, responsibilities = ?, authorities = ?, appointed_by = ?,
		appointed_on = ?, version = version + 1, updated_at = ? WHERE organization_id = ? AND id = ? AND version = ?`,
		r.Name, r.Responsibilities, r.Authorities, r.AppointedBy, r.AppointedOn, tx.ts(tx.now), r.OrgID, r.ID, version)
	if err != nil {
		return roleSaveError(err, "update", r.Name)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("role")
	}
	r.Version, r.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteISMSRole deletes role id of org; its RACI cells must be gone
// (DeleteRACICellsOfRole).
func (tx *Tx) DeleteISMSRole(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "isms_roles", org, id, "No such ISMS role in this organization.")
}

// FindISMSRoleByID returns role id of org.
func (tx *Tx) FindISMSRoleByID(ctx context.Context, org, id isms.ID) (*isms.ISMSRole, error) {
	return tx.findISMSRole(ctx, "id = ?", org, id)
}

// FindISMSRoleByName returns the role of org named name, compared
// without case.
func (tx *Tx) FindISMSRoleByName(ctx context.Context, org isms.ID, name string) (*isms.ISMSRole, error) {
	return tx.findISMSRole(ctx, "LOWER(name) = LOWER(?)", org, name)
}

func (tx *Tx) findISMSRole(ctx context.Context, cond string, org isms.ID, key any) (*isms.ISMSRole, error) {
	r, err := scanISMSRole(tx.queryRow(ctx, `SELECT `+ismsRoleColumns+` FROM isms_roles
		WHERE organization_id = ? AND `+cond, org, key))
	if err != nil {
		return nil, notFound(err, "No such ISMS role in this organization.")
	}
	return r, nil
}

// ismsRoleSorts are the list's sort keys; position is the order roles
// were added in, the columns of the RACI grid.
var ismsRoleSorts = map[string]string{
	"position":    "position, id",
	"name":        "LOWER(name), id",
	"appointedOn": "appointed_on IS NULL, appointed_on, position",
	"updated":     "updated_at, id",
}

// FindISMSRoles returns a page of the roles of org whose name,
// responsibilities or authorities hold search (all when empty), in sort
// order (position by default), and the total matching.
func (tx *Tx) FindISMSRoles(ctx context.Context, org isms.ID, search, sort string, limit, offset int) ([]*isms.ISMSRole, int, error) {
	where, args := "organization_id = ?", []any{org}
	if search != "" {
		s := like(search)
		where += ` AND (LOWER(name) LIKE ? ESCAPE '\' OR LOWER(responsibilities) LIKE ? ESCAPE '\' OR LOWER(authorities) LIKE ? ESCAPE '\')`
		args = append(args, s, s, s)
	}
	return findPage(ctx, tx, pageQuery{one: "ISMS role", many: "ISMS roles", columns: ismsRoleColumns,
		from: ` FROM isms_roles`, where: where, args: args, orderBy: order(sort, ismsRoleSorts, "position")},
		limit, offset, scanISMSRole)
}

// AllISMSRoles returns the roles of org in position order, at most
// isms.MaxPageSize of them: the columns of the RACI grid.
func (tx *Tx) AllISMSRoles(ctx context.Context, org isms.ID) ([]*isms.ISMSRole, error) {
	return tx.ismsRoles(ctx, `SELECT `+ismsRoleColumns+` FROM isms_roles WHERE organization_id = ?
		ORDER BY `+ismsRoleSorts["position"]+` LIMIT ?`, org, isms.MaxPageSize)
}

func (tx *Tx) ismsRoles(ctx context.Context, q string, args ...any) ([]*isms.ISMSRole, error) {
	return selectRows(ctx, tx, "ISMS role", "ISMS roles", q, args, scanISMSRole)
}

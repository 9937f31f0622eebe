// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// Planned changes to the ISMS (27001 6.3).

const ismsChangeColumns = `c.id, c.organization_id, c.ref, c.number, c.title, c.reason, c.consequences, c.resources,
	c.responsibilities, COALESCE(c.owner_id, ''), COALESCE(u.name, ''), c.planned_on, c.completed_on, c.status,
	c.created_by, c.version, c.created_at, c.updated_at`

const ismsChangeFrom = ` FROM isms_changes c LEFT JOIN users u ON u.id = c.owner_id`

func scanISMSChange(s interface{ Scan(...any) error }) (*isms.ISMSChange, error) {
	var c isms.ISMSChange
	err := s.Scan(&c.ID, &c.OrgID, &c.Ref, &c.Number, &c.Title, &c.Reason, &c.Consequences, &c.Resources,
		&c.Responsibilities, &c.OwnerID, &c.OwnerName, &c.PlannedOn, &c.CompletedOn, &c.Status,
		&c.CreatedBy, &c.Version, (*timestamp)(&c.CreatedAt), (*timestamp)(&c.UpdatedAt))
	return &c, err
}

// InsertISMSChange stores a new planned change at version 1 and sets its
// times.
func (tx *Tx) InsertISMSChange(ctx context.Context, c *isms.ISMSChange) error {
	c.Version, c.CreatedAt, c.UpdatedAt = 1, tx.now, tx.now
	_, err := tx.exec(ctx, `INSERT INTO isms_changes (id, organization_id, ref, number, title, reason, consequences,
		resources, responsibilities, owner_id, planned_on, completed_on, status, created_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.OrgID, c.Ref, c.Number, c.Title, c.Reason, c.Consequences, c.Resources, c.Responsibilities,
		nullID(c.OwnerID), c.PlannedOn, c.CompletedOn, c.Status, c.CreatedBy, c.Version, tx.ts(c.CreatedAt), tx.ts(c.UpdatedAt))
	if err != nil {
		return fmt.Errorf("insert ISMS change: %w", err)
	}
	return nil
}

// UpdateISMSChange stores the fields of c, which was read at version, and
// advances its version; a changed version is a Conflict.
func (tx *Tx) UpdateISMSChange(ctx context.Context, c *isms.ISMSChange, version int) error {
	res, err := tx.exec(ctx, `UPDATE isms_changes SET title = ?, reason = ?, consequences = ?, resources = ?,
		responsibilities = ?, owner_id = ?, planned_on = ?, completed_on = ?, status = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		c.Title, c.Reason, c.Consequences, c.Resources, c.Responsibilities, nullID(c.OwnerID), c.PlannedOn, c.CompletedOn,
		c.Status, tx.ts(tx.now), c.OrgID, c.ID, version)
	if err != nil {
		return fmt.Errorf("update ISMS change: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("planned change")
	}
	c.Version, c.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteISMSChange deletes planned change id of org.
func (tx *Tx) DeleteISMSChange(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "isms_changes", org, id, "No such planned change in this organization.")
}

// FindISMSChange returns the planned change of org whose ID or reference
// ("CHG-2", in any case) is key.
func (tx *Tx) FindISMSChange(ctx context.Context, org isms.ID, key string) (*isms.ISMSChange, error) {
	key = strings.TrimSpace(key)
	c, err := scanISMSChange(tx.queryRow(ctx, `SELECT `+ismsChangeColumns+ismsChangeFrom+`
		WHERE c.organization_id = ? AND (c.id = ? OR c.ref = ?)`, org, key, strings.ToUpper(key)))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("The organization has no planned change %q.", key))
	}
	return c, nil
}

// ismsChangeStatusOrder ranks the statuses in their order, for sorting.
const ismsChangeStatusOrder = `CASE c.status WHEN 'proposed' THEN 1 WHEN 'approved' THEN 2 WHEN 'in_progress' THEN 3
	WHEN 'implemented' THEN 4 ELSE 5 END`

// ismsChangeSorts are the list's sort keys.
var ismsChangeSorts = map[string]string{
	"ref":       "c.number, c.ref",
	"title":     "LOWER(c.title), c.number",
	"status":    ismsChangeStatusOrder + ", c.number",
	"owner":     "u.name IS NULL, u.name, c.number",
	"planned":   "c.planned_on IS NULL, c.planned_on, c.number",
	"completed": "c.completed_on IS NULL, c.completed_on, c.number",
	"updated":   "c.updated_at, c.number",
}

// ismsChangeWhere returns the conditions and arguments of f.
func ismsChangeWhere(f isms.ISMSChangeFilter) (string, []any) {
	where, args := "c.organization_id = ?", []any{f.OrgID}
	add := func(cond string, vals ...any) {
		where += " AND " + cond
		args = append(args, vals...)
	}
	if f.Status != "" {
		add("c.status = ?", f.Status)
	}
	if f.OwnerID != "" {
		add("c.owner_id = ?", f.OwnerID)
	}
	if !f.PlannedFrom.IsZero() {
		add("c.planned_on >= ?", f.PlannedFrom)
	}
	if !f.PlannedTo.IsZero() {
		add("c.planned_on <= ?", f.PlannedTo)
	}
	return where, args
}

// FindISMSChanges returns a page of the planned changes f selects, by
// reference by default, and the total matching.
func (tx *Tx) FindISMSChanges(ctx context.Context, f isms.ISMSChangeFilter) ([]*isms.ISMSChange, int, error) {
	where, args := ismsChangeWhere(f)
	return findPage(ctx, tx, pageQuery{one: "ISMS change", many: "ISMS changes", columns: ismsChangeColumns,
		from: ismsChangeFrom, count: ` FROM isms_changes c`, where: where, args: args,
		orderBy: order(f.Sort, ismsChangeSorts, "ref")}, f.Limit, f.Offset, scanISMSChange)
}

// FindImplementedISMSChanges returns the changes of org implemented on or
// after since (every implemented one when since is zero), in the order
// they were completed, at most isms.MaxPageSize.
func (tx *Tx) FindImplementedISMSChanges(ctx context.Context, org isms.ID, since isms.Date) ([]*isms.ISMSChange, error) {
	where, args := "c.organization_id = ? AND c.status = ?", []any{org, isms.ChangeImplemented}
	if !since.IsZero() {
		where, args = where+" AND c.completed_on >= ?", append(args, since)
	}
	return tx.scanISMSChanges(ctx, `SELECT `+ismsChangeColumns+ismsChangeFrom+` WHERE `+where+`
		ORDER BY c.completed_on, c.number LIMIT ?`, append(args, isms.MaxPageSize)...)
}

func (tx *Tx) scanISMSChanges(ctx context.Context, query string, args ...any) ([]*isms.ISMSChange, error) {
	return selectRows(ctx, tx, "ISMS change", "ISMS changes", query, args, scanISMSChange)
}

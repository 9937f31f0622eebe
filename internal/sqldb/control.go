// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// controlColumns are the columns a control is read from: the control
// joined to its owner's account, with its confirmed links counted.
const controlColumns = `c.id, c.organization_id, c.ref, c.title, c.description, COALESCE(c.owner_id, ''),
	COALESCE(u.name, ''), c.status, c.notes, c.review_months, c.next_review,
	(SELECT COUNT(*) FROM control_links l WHERE l.control_id = c.id AND l.inferred = ?),
	c.created_by, c.created_at, c.updated_at, c.version`

const controlFrom = ` FROM controls c LEFT JOIN users u ON u.id = c.owner_id`

func scanControl(s interface{ Scan(...any) error }) (*isms.Control, error) {
	var c isms.Control
	err := s.Scan(&c.ID, &c.OrgID, &c.Ref, &c.Title, &c.Description, &c.OwnerID, &c.OwnerName, &c.Status,
		&c.Notes, &c.ReviewMonths, &c.NextReview, &c.Requirements, &c.CreatedBy,
		(*timestamp)(&c.CreatedAt), (*timestamp)(&c.UpdatedAt), &c.Version)
	return &c, err
}

const insertControlSQL = `INSERT INTO controls (id, organization_id, ref, title, description, owner_id, status,
	notes, review_months, next_review, created_by, version, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func (tx *Tx) insertControlArgs(c *isms.Control) []any {
	c.Version, c.CreatedAt, c.UpdatedAt = 1, tx.now, tx.now
	return []any{c.ID, c.OrgID, c.Ref, c.Title, c.Description, nullID(c.OwnerID), c.Status,
		c.Notes, c.ReviewMonths, c.NextReview, c.CreatedBy, c.Version, tx.ts(c.CreatedAt), tx.ts(c.UpdatedAt)}
}

// duplicateControlRef turns a violation of controls_ref_key into a Conflict.
func duplicateControlRef(err error, ref string) error {
	if isUniqueIndex(err, "controls_ref_key", "controls.organization_id, controls.ref") {
		return isms.Errorf(isms.Conflict, "Another control has the reference %q; choose another.", ref)
	}
	return err
}

// InsertControl stores a new control at version 1 and sets its times.
func (tx *Tx) InsertControl(ctx context.Context, c *isms.Control) error {
	if _, err := tx.exec(ctx, insertControlSQL, tx.insertControlArgs(c)...); err != nil {
		if err := duplicateControlRef(err, c.Ref); isms.ErrorCode(err) != "" {
			return err
		}
		return fmt.Errorf("insert control: %w", err)
	}
	return nil
}

// controlsPerInsert is how many controls one statement of InsertControls
// carries: 14 arguments a row, 7,000 a statement.
const controlsPerInsert = 500

// InsertControls stores many new controls with multi-row INSERT statements,
// for bulk loads.
func (tx *Tx) InsertControls(ctx context.Context, cs []*isms.Control) error {
	const row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	head, _, _ := strings.Cut(insertControlSQL, "VALUES")
	for start := 0; start < len(cs); start += controlsPerInsert {
		batch := cs[start:min(start+controlsPerInsert, len(cs))]
		args := make([]any, 0, 14*len(batch))
		for _, c := range batch {
			args = append(args, tx.insertControlArgs(c)...)
		}
		q := head + "VALUES " + repeatList(row, len(batch))
		if _, err := tx.exec(ctx, q, args...); err != nil {
			if isUniqueIndex(err, "controls_ref_key", "controls.organization_id, controls.ref") {
				return isms.Errorf(isms.Conflict, "A reference of controls %d to %d is taken already.", start+1, start+len(batch))
			}
			return fmt.Errorf("insert controls %d to %d: %w", start+1, start+len(batch), err)
		}
	}
	return nil
}

// UpdateControl stores the fields of c, which was read at version, and
// advances its version; a changed version is a Conflict.
func (tx *Tx) UpdateControl(ctx context.Context, c *isms.Control, version int) error {
	res, err := tx.exec(ctx, `UPDATE controls SET ref = ?, title = ?, description = ?, owner_id = ?, status = ?,
		notes = ?, review_months = ?, next_review = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		c.Ref, c.Title, c.Description, nullID(c.OwnerID), c.Status, c.Notes, c.ReviewMonths, c.NextReview,
		tx.ts(tx.now), c.OrgID, c.ID, version)
	if err != nil {
		if err := duplicateControlRef(err, c.Ref); isms.ErrorCode(err) != "" {
			return err
		}
		return fmt.Errorf("update control: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("control")
	}
	c.Version, c.UpdatedAt = version+1, tx.now
	return nil
}

// FindControlByID returns control id of org.
func (tx *Tx) FindControlByID(ctx context.Context, org, id isms.ID) (*isms.Control, error) {
	c, err := scanControl(tx.queryRow(ctx, `SELECT `+controlColumns+controlFrom+`
		WHERE c.organization_id = ? AND c.id = ?`, false, org, id))
	if err != nil {
		return nil, notFound(err, "No such control in this organization.")
	}
	return c, nil
}

// FindControlByRef returns the control of org with reference ref.
func (tx *Tx) FindControlByRef(ctx context.Context, org isms.ID, ref string) (*isms.Control, error) {
	c, err := scanControl(tx.queryRow(ctx, `SELECT `+controlColumns+controlFrom+`
		WHERE c.organization_id = ? AND c.ref = ?`, false, org, ref))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("The organization has no control %q.", ref))
	}
	return c, nil
}

// controlSorts are the list's sort keys. References sort by length first,
// so that C-2 comes before C-10.
var controlSorts = map[string]string{
	"ref":        "LENGTH(c.ref), c.ref",
	"title":      "LOWER(c.title), c.id",
	"status":     "c.status, LENGTH(c.ref), c.ref",
	"owner":      "COALESCE(u.name, ''), LENGTH(c.ref), c.ref",
	"nextReview": "c.next_review IS NULL, c.next_review, c.id",
	"updated":    "c.updated_at, c.id",
}

// controlWhere returns the conditions and arguments of f. Unlinked keeps
// the controls without a confirmed link.
func controlWhere(f isms.ControlFilter) (string, []any) {
	where, args := "c.organization_id = ?", []any{f.OrgID}
	add := func(cond string, vals ...any) {
		where += " AND " + cond
		args = append(args, vals...)
	}
	if f.Search != "" {
		s := like(f.Search)
		add(`(LOWER(c.ref) LIKE ? ESCAPE '\' OR LOWER(c.title) LIKE ? ESCAPE '\' OR LOWER(c.description) LIKE ? ESCAPE '\')`, s, s, s)
	}
	if f.Status != "" {
		add("c.status = ?", f.Status)
	}
	if f.OwnerID != "" {
		add("c.owner_id = ?", f.OwnerID)
	}
	if f.RequirementID != "" {
		add("c.id IN (SELECT control_id FROM control_links WHERE organization_id = ? AND requirement_id = ?)", f.OrgID, f.RequirementID)
	}
	if f.FrameworkID != "" {
		add(`c.id IN (SELECT l.control_id FROM control_links l JOIN requirements r ON r.id = l.requirement_id
			WHERE l.organization_id = ? AND r.framework_id = ?)`, f.OrgID, f.FrameworkID)
	}
	if f.Unlinked {
		add("NOT EXISTS (SELECT 1 FROM control_links l WHERE l.control_id = c.id AND l.inferred = ?)", false)
	}
	return where, args
}

// FindControls returns a page of the controls of f.OrgID matching f, by
// reference by default, and the total matching.
func (tx *Tx) FindControls(ctx context.Context, f isms.ControlFilter) ([]*isms.Control, int, error) {
	where, args := controlWhere(f)
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM controls c WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count controls: %w", err)
	}
	if total == 0 || f.Offset >= total {
		return nil, total, nil
	}
	rows, err := tx.query(ctx, `SELECT `+controlColumns+controlFrom+` WHERE `+where+order(f.Sort, controlSorts, "ref")+
		` LIMIT ? OFFSET ?`, append(append([]any{false}, args...), isms.ClampPage(f.Limit), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select controls: %w", err)
	}
	defer rows.Close()
	var out []*isms.Control
	for rows.Next() {
		c, err := scanControl(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan control: %w", err)
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// DeleteControl deletes control id of org with its requirement links and
// its row of the RACI grid.
func (tx *Tx) DeleteControl(ctx context.Context, org, id isms.ID) error {
	if err := tx.deleteRACIRow(ctx, org, isms.RACIControl, id); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM control_links WHERE organization_id = ? AND control_id = ?`, org, id); err != nil {
		return fmt.Errorf("delete control links: %w", err)
	}
	res, err := tx.exec(ctx, `DELETE FROM controls WHERE organization_id = ? AND id = ?`, org, id)
	if err != nil {
		return fmt.Errorf("delete control: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.NotFound, "No such control in this organization.")
	}
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// controlLinkColumns are the columns a link is read from: the link joined
// to its control, its requirement and the requirement's framework.
const controlLinkColumns = `SELECT l.control_id, l.requirement_id, l.inferred, l.basis, l.created_at,
	c.ref, c.title, c.status, r.ref, r.title, f.id, f.name, f.edition
	FROM control_links l
	JOIN controls c ON c.id = l.control_id
	JOIN requirements r ON r.id = l.requirement_id
	JOIN frameworks f ON f.id = r.framework_id`

// maxControlLinks caps the links read at once for one framework.
const maxControlLinks = 100000

func scanControlLink(s interface{ Scan(...any) error }) (isms.ControlLink, error) {
	var l isms.ControlLink
	var fw isms.Framework
	err := s.Scan(&l.ControlID, &l.RequirementID, &l.Inferred, &l.Basis, (*timestamp)(&l.CreatedAt),
		&l.ControlRef, &l.ControlTitle, &l.ControlStatus, &l.RequirementRef, &l.RequirementText,
		&l.FrameworkID, &fw.Name, &fw.Edition)
	l.FrameworkName = fw.Title()
	return l, err
}

// controlLinksPerInsert is how many links one statement carries: 6
// arguments a row, 6,000 a statement.
const controlLinksPerInsert = 1000

// InsertControlLinks stores the links ls of org, leaving alone those whose
// control and requirement are linked already, and returns how many it
// added. The caller checks that both ends belong to org.
func (tx *Tx) InsertControlLinks(ctx context.Context, org isms.ID, ls []isms.ControlLink) (int, error) {
	const row = "(?, ?, ?, ?, ?, ?)"
	added := 0
	for start := 0; start < len(ls); start += controlLinksPerInsert {
		batch := ls[start:min(start+controlLinksPerInsert, len(ls))]
		args := make([]any, 0, 6*len(batch))
		for _, l := range batch {
			args = append(args, org, l.ControlID, l.RequirementID, l.Inferred, l.Basis, tx.ts(tx.now))
		}
		q := `INSERT INTO control_links (organization_id, control_id, requirement_id, inferred, basis, created_at)
			VALUES ` + repeatList(row, len(batch)) +
			` ON CONFLICT (control_id, requirement_id) DO NOTHING`
		res, err := tx.exec(ctx, q, args...)
		if err != nil {
			return added, fmt.Errorf("insert control links %d to %d: %w", start+1, start+len(batch), err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return added, fmt.Errorf("insert control links: %w", err)
		}
		added += int(n)
	}
	return added, nil
}

// DeleteControlLink deletes the link of control to requirement in org.
func (tx *Tx) DeleteControlLink(ctx context.Context, org, control, requirement isms.ID) error {
	res, err := tx.exec(ctx, `DELETE FROM control_links WHERE organization_id = ? AND control_id = ? AND requirement_id = ?`,
		org, control, requirement)
	if err != nil {
		return fmt.Errorf("delete control link: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.NotFound, "The control is not linked to this requirement.")
	}
	return nil
}

// ConfirmControlLinks turns the inferred links of control to requirements
// reqIDs into confirmed ones, keeping their basis, and returns how many it
// confirmed; reqIDs nil confirms every inferred link of the control.
func (tx *Tx) ConfirmControlLinks(ctx context.Context, org, control isms.ID, reqIDs []isms.ID) (int, error) {
	const q = `UPDATE control_links SET inferred = ? WHERE organization_id = ? AND control_id = ? AND inferred = ?`
	confirm := func(extra string, args ...any) (int, error) {
		res, err := tx.exec(ctx, q+extra, append([]any{false, org, control, true}, args...)...)
		if err != nil {
			return 0, fmt.Errorf("confirm control links: %w", err)
		}
		n, err := res.RowsAffected()
		return int(n), err
	}
	if reqIDs == nil {
		return confirm("")
	}
	total := 0
	err := chunkIDs(reqIDs, func(args []any) error {
		n, err := confirm(` AND requirement_id IN (`+placeholders(len(args))+`)`, args...)
		total += n
		return err
	})
	return total, err
}

// ControlLinksOf returns the links of control in org, confirmed first,
// then by framework and document order.
func (tx *Tx) ControlLinksOf(ctx context.Context, org, control isms.ID) ([]isms.ControlLink, error) {
	return tx.controlLinks(ctx, controlLinkColumns+` WHERE l.organization_id = ? AND l.control_id = ?
		ORDER BY l.inferred, LOWER(f.name), f.id, r.position LIMIT ?`, org, control, maxControlLinks)
}

// ControlLinksTo returns the links of org's controls to requirement,
// confirmed first, then by control reference.
func (tx *Tx) ControlLinksTo(ctx context.Context, org, requirement isms.ID) ([]isms.ControlLink, error) {
	return tx.controlLinks(ctx, controlLinkColumns+` WHERE l.organization_id = ? AND l.requirement_id = ?
		ORDER BY l.inferred, LENGTH(c.ref), c.ref LIMIT ?`, org, requirement, maxControlLinks)
}

// ControlLinksInFramework returns every link of org's controls to the
// requirements of framework, in document order.
func (tx *Tx) ControlLinksInFramework(ctx context.Context, org, framework isms.ID) ([]isms.ControlLink, error) {
	return tx.controlLinks(ctx, controlLinkColumns+` WHERE l.organization_id = ? AND r.framework_id = ?
		ORDER BY r.position, l.inferred, LENGTH(c.ref), c.ref LIMIT ?`, org, framework, maxControlLinks)
}

func (tx *Tx) controlLinks(ctx context.Context, query string, args ...any) ([]isms.ControlLink, error) {
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("select control links: %w", err)
	}
	defer rows.Close()
	var out []isms.ControlLink
	for rows.Next() {
		l, err := scanControlLink(rows)
		if err != nil {
			return nil, fmt.Errorf("scan control link: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

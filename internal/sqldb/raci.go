// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// The RACI grid (27001 5.3): one cell per ISMS role and subject, an ISMS
// process or a control, holding the letters R, A, C and I. The subjects
// are read from their own tables, for their references and names.

// raciSubjects says where the subjects of each kind live; subject_type
// in raci_cells is the short name.
var raciSubjects = map[string]struct{ short, table, name, order string }{
	isms.RACIProcess: {"process", "isms_processes", "name", "number, ref"},
	isms.RACIControl: {"control", "controls", "title", "LENGTH(ref), ref"},
}

// raciSubject returns where subjects of link type typ live.
func raciSubject(typ string) (short, table, name, order string, err error) {
	s, ok := raciSubjects[typ]
	if !ok {
		return "", "", "", "", isms.Errorf(isms.Invalid, "A RACI row is about an ISMS process or a control, not %q.", typ)
	}
	return s.short, s.table, s.name, s.order, nil
}

// deleteRACIRow removes the cells of the RACI row of subject id (of link
// type typ), for when the subject is deleted.
func (tx *Tx) deleteRACIRow(ctx context.Context, org isms.ID, typ string, id isms.ID) error {
	if _, err := tx.exec(ctx, `DELETE FROM raci_cells WHERE organization_id = ? AND subject_type = ? AND subject_id = ?`,
		org, raciSubjects[typ].short, id); err != nil {
		return fmt.Errorf("delete RACI cells of %s: %w", typ, err)
	}
	return nil
}

// RACISubjects returns a page of org's subjects of link type typ (ISMS
// processes or controls) whose reference or name holds search (all when
// empty), in reference order, without their letters, and the total.
func (tx *Tx) RACISubjects(ctx context.Context, org isms.ID, typ, search string, limit, offset int) ([]isms.RACIRow, int, error) {
	_, table, name, ord, err := raciSubject(typ)
	if err != nil {
		return nil, 0, err
	}
	where, args := "organization_id = ?", []any{org}
	if search != "" {
		s := like(search)
		where += ` AND (LOWER(ref) LIKE ? ESCAPE '\' OR LOWER(` + name + `) LIKE ? ESCAPE '\')`
		args = append(args, s, s)
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM `+table+` WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count RACI subjects: %w", err)
	}
	if total == 0 || offset >= total {
		return nil, total, nil
	}
	rows, err := tx.query(ctx, `SELECT id, ref, `+name+` FROM `+table+` WHERE `+where+` ORDER BY `+ord+` LIMIT ? OFFSET ?`,
		append(args, isms.ClampPage(limit), offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select RACI subjects: %w", err)
	}
	defer rows.Close()
	var out []isms.RACIRow
	for rows.Next() {
		r := isms.RACIRow{Subject: isms.Link{Type: typ}, Letters: map[isms.ID]string{}}
		if err := rows.Scan(&r.Subject.ID, &r.Ref, &r.Name); err != nil {
			return nil, 0, fmt.Errorf("scan RACI subject: %w", err)
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// FindRACISubject returns the subject of org of link type typ whose ID or
// reference (without case) is idOrRef, with its letters.
func (tx *Tx) FindRACISubject(ctx context.Context, org isms.ID, typ, idOrRef string) (isms.RACIRow, error) {
	_, table, name, _, err := raciSubject(typ)
	if err != nil {
		return isms.RACIRow{}, err
	}
	r := isms.RACIRow{Subject: isms.Link{Type: typ}, Letters: map[isms.ID]string{}}
	err = tx.queryRow(ctx, `SELECT id, ref, `+name+` FROM `+table+` WHERE organization_id = ? AND (id = ? OR LOWER(ref) = LOWER(?))
		ORDER BY id = ? DESC LIMIT 1`, org, idOrRef, idOrRef, idOrRef).Scan(&r.Subject.ID, &r.Ref, &r.Name)
	if err != nil {
		what := "ISMS process"
		if typ == isms.RACIControl {
			what = "control"
		}
		return isms.RACIRow{}, notFound(err, "No "+what+" "+idOrRef+" in this organization.")
	}
	rows := []isms.RACIRow{r}
	if err := tx.FillRACILetters(ctx, org, rows); err != nil {
		return isms.RACIRow{}, err
	}
	return rows[0], nil
}

// FillRACILetters reads the cells of rows (at most isms.MaxPageSize of
// them) into their Letters maps, which must not be nil.
func (tx *Tx) FillRACILetters(ctx context.Context, org isms.ID, rows []isms.RACIRow) error {
	byType := map[string][]any{}
	index := map[isms.Link]int{}
	for i, r := range rows {
		short, _, _, _, err := raciSubject(r.Subject.Type)
		if err != nil {
			return err
		}
		byType[short] = append(byType[short], r.Subject.ID)
		index[isms.Link{Type: short, ID: r.Subject.ID}] = i
	}
	for short, ids := range byType {
		if len(ids) > isms.MaxPageSize {
			return fmt.Errorf("read RACI letters: %d subjects, at most %d", len(ids), isms.MaxPageSize)
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
		q, err := tx.query(ctx, `SELECT subject_id, role_id, letters FROM raci_cells WHERE organization_id = ? AND subject_type = ?
			AND subject_id IN (`+marks+`) LIMIT ?`, append(append([]any{org, short}, ids...), len(ids)*isms.MaxPageSize)...)
		if err != nil {
			return fmt.Errorf("select RACI cells: %w", err)
		}
		for q.Next() {
			var subject, role isms.ID
			var letters string
			if err := q.Scan(&subject, &role, &letters); err != nil {
				q.Close()
				return fmt.Errorf("scan RACI cell: %w", err)
			}
			rows[index[isms.Link{Type: short, ID: subject}]].Letters[role] = letters
		}
		err = q.Err()
		q.Close()
		if err != nil {
			return fmt.Errorf("read RACI cells: %w", err)
		}
	}
	return nil
}

// SetRACICell makes the letters of role for subject letters; "" removes
// the cell.
func (tx *Tx) SetRACICell(ctx context.Context, org isms.ID, subject isms.Link, role isms.ID, letters string) error {
	short, _, _, _, err := raciSubject(subject.Type)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM raci_cells WHERE organization_id = ? AND subject_type = ? AND subject_id = ?
		AND role_id = ?`, org, short, subject.ID, role); err != nil {
		return fmt.Errorf("delete RACI cell: %w", err)
	}
	if letters == "" {
		return nil
	}
	if _, err := tx.exec(ctx, `INSERT INTO raci_cells (organization_id, role_id, subject_type, subject_id, letters)
		VALUES (?, ?, ?, ?, ?)`, org, role, short, subject.ID, letters); err != nil {
		return fmt.Errorf("insert RACI cell: %w", err)
	}
	return nil
}

// RACICell is one cell of the grid: a subject and the letters of one role.
type RACICell struct {
	Subject isms.Link
	Letters string
}

// RACICellsOfRole returns up to limit (at most isms.MaxPageSize) cells of
// role, by subject.
func (tx *Tx) RACICellsOfRole(ctx context.Context, org, role isms.ID, limit int) ([]RACICell, error) {
	rows, err := tx.query(ctx, `SELECT subject_type, subject_id, letters FROM raci_cells WHERE organization_id = ? AND role_id = ?
		ORDER BY subject_type, subject_id LIMIT ?`, org, role, isms.ClampPage(limit))
	if err != nil {
		return nil, fmt.Errorf("select RACI cells of role: %w", err)
	}
	defer rows.Close()
	var out []RACICell
	for rows.Next() {
		var c RACICell
		var short string
		if err := rows.Scan(&short, &c.Subject.ID, &c.Letters); err != nil {
			return nil, fmt.Errorf("scan RACI cell: %w", err)
		}
		for typ, s := range raciSubjects {
			if s.short == short {
				c.Subject.Type = typ
			}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CountRACICellsOfRole returns how many cells name role.
func (tx *Tx) CountRACICellsOfRole(ctx context.Context, org, role isms.ID) (int, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM raci_cells WHERE organization_id = ? AND role_id = ?`, org, role).Scan(&n); err != nil {
		return 0, fmt.Errorf("count RACI cells of role: %w", err)
	}
	return n, nil
}

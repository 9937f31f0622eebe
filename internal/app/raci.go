// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The RACI grid (27001 5.3) says, for each ISMS process and control,
// which ISMS roles are responsible (R), accountable (A), consulted (C) and
// informed (I). Exactly one role should be accountable for each. Whoever
// holds isms.ManageLeadership changes it, one row at a time.

// RACIGrid is the grid as its page shows it: the roles (its columns), the
// ISMS processes, and one page of the controls.
type RACIGrid struct {
	Roles        []*isms.ISMSRole `json:"roles" openapi:"nonnull"`
	Processes    []isms.RACIRow   `json:"processes" openapi:"nonnull"`
	Controls     []isms.RACIRow   `json:"controls" openapi:"nonnull"`
	ControlTotal int              `json:"controlTotal" doc:"How many controls match the search, across every page."`
}

// RACIFilter selects the controls of the grid: those whose reference or
// title holds Search, one page of them.
type RACIFilter struct {
	Search        string
	Limit, Offset int
}

// FindRACIGrid returns the roles, every ISMS process (up to
// isms.MaxPageSize) and the page of controls f selects, each row with its
// letters.
func (a *App) FindRACIGrid(ctx context.Context, actor isms.Actor, f RACIFilter) (*RACIGrid, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the RACI grid."); err != nil {
		return nil, err
	}
	g := &RACIGrid{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if g.Roles, err = tx.AllISMSRoles(ctx, actor.OrgID); err != nil {
			return err
		}
		if err := fillHolders(ctx, tx, actor.OrgID, g.Roles); err != nil {
			return err
		}
		if g.Processes, _, err = raciRows(ctx, tx, actor.OrgID, isms.RACIProcess, "", isms.MaxPageSize, 0); err != nil {
			return err
		}
		g.Controls, g.ControlTotal, err = raciRows(ctx, tx, actor.OrgID, isms.RACIControl, f.Search, f.Limit, f.Offset)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, list := range []*[]isms.RACIRow{&g.Processes, &g.Controls} {
		if *list == nil {
			*list = []isms.RACIRow{}
		}
	}
	if g.Roles == nil {
		g.Roles = []*isms.ISMSRole{}
	}
	return g, nil
}

// FindRACIRows returns a page of the rows of one kind of subject
// (isms.RACIProcess or isms.RACIControl) whose reference or name holds
// search, with their letters, and the total; for exports.
func (a *App) FindRACIRows(ctx context.Context, actor isms.Actor, typ, search string, limit, offset int) ([]isms.RACIRow, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the RACI grid."); err != nil {
		return nil, 0, err
	}
	var rows []isms.RACIRow
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		rows, total, err = raciRows(ctx, tx, actor.OrgID, typ, search, limit, offset)
		return err
	})
	return rows, total, err
}

func raciRows(ctx context.Context, tx *sqldb.Tx, org isms.ID, typ, search string, limit, offset int) ([]isms.RACIRow, int, error) {
	rows, total, err := tx.RACISubjects(ctx, org, typ, search, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	return rows, total, tx.FillRACILetters(ctx, org, rows)
}

// FindRACIRow returns the row of subject, whose ID may also be the
// subject's reference ("C-12", "PRC-3").
func (a *App) FindRACIRow(ctx context.Context, actor isms.Actor, subject isms.Link) (isms.RACIRow, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the RACI grid."); err != nil {
		return isms.RACIRow{}, err
	}
	var row isms.RACIRow
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		row, err = tx.FindRACISubject(ctx, actor.OrgID, subject.Type, string(subject.ID))
		return err
	})
	return row, err
}

// SetRACIRow sets the letters of the roles of one row: subject is an ISMS
// process or control (by ID or reference); letters maps role IDs (or
// names) to "R", "A", "C", "I" or a combination ("RA"); "" clears a cell.
// Roles not named keep their letters. The change is one "raci.update"
// event on the subject, each role's letters before and after.
func (a *App) SetRACIRow(ctx context.Context, actor isms.Actor, subject isms.Link, letters map[isms.ID]string) error {
	if err := forbid(actor.Can(isms.ManageLeadership), "You may not change the RACI grid."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		row, err := tx.FindRACISubject(ctx, actor.OrgID, subject.Type, string(subject.ID))
		if err != nil {
			return err
		}
		want, err := raciLetters(ctx, tx, actor.OrgID, letters)
		if err != nil {
			return err
		}
		ch := isms.Changes{}
		for _, c := range want {
			before := row.Letters[c.role.ID]
			if before == c.letters {
				continue
			}
			if err := tx.SetRACICell(ctx, actor.OrgID, row.Subject, c.role.ID, c.letters); err != nil {
				return err
			}
			ch[c.role.Name] = isms.Change{Before: before, After: c.letters}
		}
		if len(ch) == 0 {
			return nil
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "raci.update", row.Subject.Type, row.Subject.ID, ch)
	})
}

// raciCell is a role's wanted letters in a row.
type raciCell struct {
	role    *isms.ISMSRole
	letters string
}

// raciLetters resolves the roles and reads the letters of a row's input,
// every problem at once, each named "letters.<key>".
func raciLetters(ctx context.Context, tx *sqldb.Tx, org isms.ID, letters map[isms.ID]string) ([]raciCell, error) {
	roles, err := tx.AllISMSRoles(ctx, org)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*isms.ISMSRole{}
	for _, r := range roles {
		byKey[string(r.ID)], byKey[strings.ToLower(r.Name)] = r, r
	}
	p := isms.Problems{}
	var out []raciCell
	seen := map[isms.ID]bool{}
	for key, v := range letters {
		field := "letters." + string(key)
		r := byKey[string(key)]
		if r == nil {
			r = byKey[strings.ToLower(strings.TrimSpace(string(key)))]
		}
		l, err := isms.ParseRACILetters(v)
		switch {
		case r == nil:
			p.Add(field, "No ISMS role "+quote(string(key))+" in this organization.")
		case seen[r.ID]:
			p.Add(field, "The role "+r.Name+" is named twice.")
		case err != nil:
			p.Add(field, isms.ErrorMessage(err))
		default:
			seen[r.ID] = true
			out = append(out, raciCell{role: r, letters: l})
		}
	}
	return out, p.Err()
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// personGaps counts a person's competence gaps: the requirements of the
// organization whose role is one of the person's roles (compared without
// case in the roles' JSON text) that no record valid on a day meets.
// Inactive people have none. It takes two arguments: true, and the day.
// It is isms.CompetenceGaps in SQL, so that lists filter and sort by it.
func (tx *Tx) personGaps() string {
	return `(SELECT COUNT(*) FROM competence_requirements cr
		WHERE cr.organization_id = p.organization_id AND p.active = ?
		AND ` + tx.contains("LOWER(p.roles)", `'"' || LOWER(cr.role) || '"'`) + `
		AND NOT EXISTS (SELECT 1 FROM training_records t WHERE t.organization_id = p.organization_id
			AND t.person_id = p.id AND t.requirement_id = cr.id
			AND (t.expires_on IS NULL OR t.expires_on > ?)))`
}

// personColumns are the columns a person is read from, out of the derived
// table of personQuery.
const personColumns = `p.id, p.organization_id, p.name, p.email, COALESCE(p.user_id, ''), p.department, p.roles,
	p.start_date, p.active, p.gaps, p.version, p.created_at, p.updated_at`

// personQuery returns the query of the people of people p matching where,
// with their gaps as p.gaps, then outer (conditions on p.gaps) and rest
// (ORDER BY, LIMIT). Its arguments are true and the day of the gaps, then
// those of where and rest.
func (tx *Tx) personQuery(columns, where, outer, rest string) string {
	return `SELECT ` + columns + ` FROM (SELECT p.*, ` + tx.personGaps() + ` AS gaps FROM people p WHERE ` +
		where + `) p WHERE ` + outer + rest
}

func scanPerson(s interface{ Scan(...any) error }) (*isms.Person, error) {
	var p isms.Person
	var roles string
	err := s.Scan(&p.ID, &p.OrgID, &p.Name, &p.Email, &p.UserID, &p.Department, &roles,
		&p.StartDate, &p.Active, &p.Gaps, &p.Version, (*timestamp)(&p.CreatedAt), (*timestamp)(&p.UpdatedAt))
	if err != nil {
		return nil, err
	}
	if err := readJSON(roles, "[]", &p.Roles); err != nil {
		return nil, fmt.Errorf("person %s roles: %w", p.ID, err)
	}
	return &p, nil
}

// InsertPerson stores a new person at version 1 and sets their times.
func (tx *Tx) InsertPerson(ctx context.Context, p *isms.Person) error {
	roles, err := listJSON(p.Roles)
	if err != nil {
		return fmt.Errorf("person roles: %w", err)
	}
	p.Version, p.CreatedAt, p.UpdatedAt = 1, tx.now, tx.now
	_, err = tx.exec(ctx, `INSERT INTO people (id, organization_id, name, email, user_id, department, roles,
		start_date, active, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.OrgID, p.Name, p.Email, nullID(p.UserID), p.Department, roles, p.StartDate, p.Active,
		p.Version, tx.ts(p.CreatedAt), tx.ts(p.UpdatedAt))
	if err != nil {
		return fmt.Errorf("insert person: %w", err)
	}
	return nil
}

// UpdatePerson stores the fields of p, which was read at version, and
// advances its version; a changed version is a Conflict.
func (tx *Tx) UpdatePerson(ctx context.Context, p *isms.Person, version int) error {
	roles, err := listJSON(p.Roles)
	if err != nil {
		return fmt.Errorf("person roles: %w", err)
	}
	res, err := tx.exec(ctx, `UPDATE people SET name = ?, email = ?, user_id = ?, department = ?, roles = ?,
		start_date = ?, active = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		p.Name, p.Email, nullID(p.UserID), p.Department, roles, p.StartDate, p.Active, tx.ts(tx.now),
		p.OrgID, p.ID, version)
	if err != nil {
		return fmt.Errorf("update person: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("person")
	}
	p.Version, p.UpdatedAt = version+1, tx.now
	return nil
}

// FindPersonByID returns person id of org, with their gaps as of the
// transaction's day (UTC).
func (tx *Tx) FindPersonByID(ctx context.Context, org, id isms.ID) (*isms.Person, error) {
	return tx.findPerson(ctx, "p.id = ?", org, id, "No such person in this organization.")
}

// FindPersonByUserID returns the person of org who has account userID.
func (tx *Tx) FindPersonByUserID(ctx context.Context, org, userID isms.ID) (*isms.Person, error) {
	return tx.findPerson(ctx, "p.user_id = ?", org, userID, "No person of this organization has this account.")
}

func (tx *Tx) findPerson(ctx context.Context, cond string, org isms.ID, key any, msg string) (*isms.Person, error) {
	q := tx.personQuery(personColumns, "p.organization_id = ? AND "+cond, "1 = 1", " ORDER BY p.created_at, p.id LIMIT 1")
	p, err := scanPerson(tx.queryRow(ctx, q, true, isms.DateOf(tx.now), org, key))
	if err != nil {
		return nil, notFound(err, msg)
	}
	return p, nil
}

// personSorts are the list's sort keys.
var personSorts = map[string]string{
	"name":       "LOWER(p.name), p.id",
	"department": "LOWER(p.department), LOWER(p.name), p.id",
	"start":      "p.start_date IS NULL, p.start_date, LOWER(p.name), p.id",
	"gaps":       "p.gaps, LOWER(p.name), p.id",
}

// personWhere returns the conditions and arguments of f.
func (tx *Tx) personWhere(f isms.PersonFilter) (string, []any) {
	where, args := "p.organization_id = ?", []any{f.OrgID}
	add := func(cond string, vals ...any) {
		where += " AND " + cond
		args = append(args, vals...)
	}
	if f.Search != "" {
		s := like(f.Search)
		add(`(LOWER(p.name) LIKE ? ESCAPE '\' OR LOWER(p.email) LIKE ? ESCAPE '\' OR LOWER(p.department) LIKE ? ESCAPE '\')`, s, s, s)
	}
	if r := strings.TrimSpace(f.Role); r != "" {
		quoted, _ := jsonText(strings.ToLower(r))
		add(tx.contains("LOWER(p.roles)", "?"), quoted)
	}
	if d := strings.TrimSpace(f.Department); d != "" {
		add("LOWER(p.department) = ?", strings.ToLower(d))
	}
	if !f.Inactive {
		add("p.active = ?", true)
	}
	return where, args
}

// FindPeople returns a page of the people of f.OrgID matching f, by name
// by default, and the total matching; gaps are counted as of f.Today
// (the transaction's day when zero).
func (tx *Tx) FindPeople(ctx context.Context, f isms.PersonFilter) ([]*isms.Person, int, error) {
	where, args := tx.personWhere(f)
	today := f.Today
	if today.IsZero() {
		today = isms.DateOf(tx.now)
	}
	// Gaps are counted for the total only when they filter it.
	count, countArgs := `SELECT COUNT(*) FROM people p WHERE `+where, args
	args = append([]any{true, today}, args...)
	outer := "1 = 1"
	if f.WithGaps {
		outer = "p.gaps > 0"
		count, countArgs = tx.personQuery("COUNT(*)", where, outer, ""), args
	}
	var total int
	if err := tx.queryRow(ctx, count, countArgs...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count people: %w", err)
	}
	if total == 0 || f.Offset >= total {
		return nil, total, nil
	}
	q := tx.personQuery(personColumns, where, outer, order(f.Sort, personSorts, "name")+" LIMIT ? OFFSET ?")
	list, err := tx.people(ctx, q, append(args, isms.ClampPage(f.Limit), f.Offset)...)
	return list, total, err
}

// AllPeople returns every person of org, active or not, by name, without
// a page limit, for the competence gap view and exports; gaps are counted
// as of the transaction's day (UTC).
func (tx *Tx) AllPeople(ctx context.Context, org isms.ID) ([]*isms.Person, error) {
	q := tx.personQuery(personColumns, "p.organization_id = ?", "1 = 1", " ORDER BY "+personSorts["name"])
	return tx.people(ctx, q, true, isms.DateOf(tx.now), org)
}

func (tx *Tx) people(ctx context.Context, q string, args ...any) ([]*isms.Person, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("select people: %w", err)
	}
	defer rows.Close()
	var out []*isms.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, fmt.Errorf("scan person: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// DeletePerson deletes person id of org with their training records.
func (tx *Tx) DeletePerson(ctx context.Context, org, id isms.ID) error {
	if _, err := tx.exec(ctx, `DELETE FROM training_records WHERE organization_id = ? AND person_id = ?`, org, id); err != nil {
		return fmt.Errorf("delete training records of person: %w", err)
	}
	res, err := tx.exec(ctx, `DELETE FROM people WHERE organization_id = ? AND id = ?`, org, id)
	if err != nil {
		return fmt.Errorf("delete person: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.NotFound, "No such person in this organization.")
	}
	return nil
}

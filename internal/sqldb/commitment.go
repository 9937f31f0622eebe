// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strconv"

	"github.com/ismsproject/isms/internal/isms"
)

// Records of management commitment (27001 5.1).

const commitmentColumns = `id, organization_id, ref, made_on, kind, title, description, made_by, created_by,
	version, created_at, updated_at`

func scanCommitment(s interface{ Scan(...any) error }) (*isms.Commitment, error) {
	var c isms.Commitment
	err := s.Scan(&c.ID, &c.OrgID, &c.Ref, &c.MadeOn, &c.Kind, &c.Title, &c.Description, &c.MadeBy, &c.CreatedBy,
		&c.Version, (*timestamp)(&c.CreatedAt), (*timestamp)(&c.UpdatedAt))
	return &c, err
}

// InsertCommitment stores a new commitment record at version 1 and sets
// its times; its number is read from its reference. A reference already
// taken is a Conflict.
func (tx *Tx) InsertCommitment(ctx context.Context, c *isms.Commitment) error {
	c.Version, c.CreatedAt, c.UpdatedAt = 1, tx.now, tx.now
	_, err := tx.exec(ctx, `INSERT INTO commitments (id, organization_id, ref, number, made_on, kind, title, description,
		made_by, created_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.OrgID, c.Ref, refNumber(c.Ref), c.MadeOn, c.Kind, c.Title, c.Description, c.MadeBy, c.CreatedBy,
		c.Version, tx.ts(c.CreatedAt), tx.ts(c.UpdatedAt))
	if isUniqueIndex(err, "commitments_ref_key", "commitments.organization_id, commitments.ref") {
		return isms.Errorf(isms.Conflict, "Another commitment record took the reference %s at the same moment; save again.", c.Ref)
	}
	if err != nil {
		return fmt.Errorf("insert commitment: %w", err)
	}
	return nil
}

// UpdateCommitment stores the fields of c, which was read at version, and
// advances its version; a changed version is a Conflict. The reference
// never changes.
func (tx *Tx) UpdateCommitment(ctx context.Context, c *isms.Commitment, version int) error {
	res, err := tx.exec(ctx, `UPDATE commitments SET made_on = ?, kind = ?, title = ?, description = ?, made_by = ?,
		version = version + 1, updated_at = ? WHERE organization_id = ? AND id = ? AND version = ?`,
		c.MadeOn, c.Kind, c.Title, c.Description, c.MadeBy, tx.ts(tx.now), c.OrgID, c.ID, version)
	if err != nil {
		return fmt.Errorf("update commitment: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("commitment record")
	}
	c.Version, c.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteCommitment deletes commitment record id of org.
func (tx *Tx) DeleteCommitment(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "commitments", org, id, "No such commitment record in this organization.")
}

// FindCommitmentByID returns commitment record id of org.
func (tx *Tx) FindCommitmentByID(ctx context.Context, org, id isms.ID) (*isms.Commitment, error) {
	return tx.findCommitment(ctx, "id = ?", org, id)
}

// FindCommitmentByRef returns the commitment record of org with reference
// ref ("MC-3"), compared without case.
func (tx *Tx) FindCommitmentByRef(ctx context.Context, org isms.ID, ref string) (*isms.Commitment, error) {
	return tx.findCommitment(ctx, "LOWER(ref) = LOWER(?)", org, ref)
}

func (tx *Tx) findCommitment(ctx context.Context, cond string, org isms.ID, key any) (*isms.Commitment, error) {
	c, err := scanCommitment(tx.queryRow(ctx, `SELECT `+commitmentColumns+` FROM commitments
		WHERE organization_id = ? AND `+cond, org, key))
	if err != nil {
		return nil, notFound(err, "No such commitment record in this organization.")
	}
	return c, nil
}

// commitmentSorts are the list's sort keys; the newest first is the
// usual order (sort "-madeOn").
var commitmentSorts = map[string]string{
	"madeOn": "made_on, number, id",
	"ref":    "number, ref",
	"kind":   "kind, made_on, number",
	"title":  "LOWER(title), id",
	"madeBy": "LOWER(made_by), made_on, number",
}

// commitmentWhere returns the conditions and arguments of f.
func commitmentWhere(f isms.CommitmentFilter) (string, []any) {
	where, args := "organization_id = ?", []any{f.OrgID}
	if f.Kind != "" {
		where, args = where+" AND kind = ?", append(args, f.Kind)
	}
	if f.Year > 0 {
		where += " AND made_on >= ? AND made_on < ?"
		args = append(args, fmt.Sprintf("%04d-01-01", f.Year), strconv.Itoa(f.Year+1)+"-01-01")
	}
	if f.Search != "" {
		s := like(f.Search)
		where += ` AND (LOWER(ref) LIKE ? ESCAPE '\' OR LOWER(title) LIKE ? ESCAPE '\' OR LOWER(description) LIKE ? ESCAPE '\'
			OR LOWER(made_by) LIKE ? ESCAPE '\')`
		args = append(args, s, s, s, s)
	}
	return where, args
}

// FindCommitments returns a page of the commitment records of f.OrgID
// matching f, newest first by default, and the total matching.
func (tx *Tx) FindCommitments(ctx context.Context, f isms.CommitmentFilter) ([]*isms.Commitment, int, error) {
	where, args := commitmentWhere(f)
	sort := f.Sort
	if sort == "" {
		sort = "-madeOn"
	}
	return findPage(ctx, tx, pageQuery{one: "commitment", many: "commitments", columns: commitmentColumns,
		from: ` FROM commitments`, where: where, args: args, orderBy: order(sort, commitmentSorts, "madeOn")},
		f.Limit, f.Offset, scanCommitment)
}

// CommitmentYears returns the years in which org recorded commitments,
// newest first, for the list's year filter.
func (tx *Tx) CommitmentYears(ctx context.Context, org isms.ID) ([]int, error) {
	rows, err := tx.query(ctx, `SELECT DISTINCT SUBSTR(made_on, 1, 4) FROM commitments WHERE organization_id = ?
		ORDER BY 1 DESC LIMIT 200`, org)
	if err != nil {
		return nil, fmt.Errorf("select commitment years: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y string
		if err := rows.Scan(&y); err != nil {
			return nil, fmt.Errorf("scan commitment year: %w", err)
		}
		if n, err := strconv.Atoi(y); err == nil {
			out = append(out, n)
		}
	}
	return out, rows.Err()
}

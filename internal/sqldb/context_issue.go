// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// Context issues (27001 4.1), read with their owner's name.

const issueColumns = `c.id, c.organization_id, c.ref, c.number, c.title, c.kind, c.category, c.description, c.effect,
	c.climate, COALESCE(c.owner_id, ''), COALESCE(u.name, ''), c.review_on, c.created_by, c.version, c.created_at, c.updated_at`

const issueFrom = ` FROM context_issues c LEFT JOIN users u ON u.id = c.owner_id`

func scanContextIssue(s interface{ Scan(...any) error }) (*isms.ContextIssue, error) {
	var c isms.ContextIssue
	err := s.Scan(&c.ID, &c.OrgID, &c.Ref, &c.Number, &c.Title, &c.Kind, &c.Category, &c.Description, &c.Effect,
		&c.Climate, &c.OwnerID, &c.OwnerName, &c.ReviewOn, &c.CreatedBy, &c.Version, (*timestamp)(&c.CreatedAt), (*timestamp)(&c.UpdatedAt))
	return &c, err
}

// InsertContextIssue stores a new issue at version 1 and sets its times.
// Its reference must be free.
func (tx *Tx) InsertContextIssue(ctx context.Context, c *isms.ContextIssue) error {
	c.Version, c.CreatedAt, c.UpdatedAt, c.Number = 1, tx.now, tx.now, refNumber(c.Ref)
	_, err := tx.exec(ctx, `INSERT INTO context_issues (id, organization_id, ref, number, title, kind, category, description,
		effect, climate, owner_id, review_on, created_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.OrgID, c.Ref, c.Number, c.Title, c.Kind, c.Category, c.Description, c.Effect, c.Climate, nullID(c.OwnerID),
		c.ReviewOn, string(c.CreatedBy), c.Version, tx.ts(c.CreatedAt), tx.ts(c.UpdatedAt))
	if refClash(err, "context_issues") {
		return refTaken("context issue")
	}
	if err != nil {
		return fmt.Errorf("insert context issue: %w", err)
	}
	return nil
}

// refClash reports whether err violates the unique index on the
// organization and reference of table: PostgreSQL names the index
// <table>_ref_key, SQLite names both columns.
func refClash(err error, table string) bool {
	return isUnique(err, table, "ref") ||
		err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: "+table+".organization_id, "+table+".ref")
}

// refTaken is the error when another record took the same reference at
// the same moment: saving again takes the next one.
func refTaken(what string) error {
	return isms.Errorf(isms.Conflict, "Someone else recorded a %s at the same moment; save again.", what)
}

// UpdateContextIssue stores the fields of c, which was read at version,
// and advances its version; a changed version is a Conflict. The
// reference never changes.
func (tx *Tx) UpdateContextIssue(ctx context.Context, c *isms.ContextIssue, version int) error {
	res, err := tx.exec(ctx, `UPDATE context_issues SET title = ?, kind = ?, category = ?, description = ?, effect = ?,
		climate = ?, owner_id = ?, review_on = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		c.Title, c.Kind, c.Category, c.Description, c.Effect, c.Climate, nullID(c.OwnerID), c.ReviewOn, tx.ts(tx.now),
		c.OrgID, c.ID, version)
	if err != nil {
		return fmt.Errorf("update context issue: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("context issue")
	}
	c.Version, c.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteContextIssue deletes issue id of org.
func (tx *Tx) DeleteContextIssue(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "context_issues", org, id, "No such context issue in this organization.")
}

// FindContextIssueByID returns issue id of org.
func (tx *Tx) FindContextIssueByID(ctx context.Context, org, id isms.ID) (*isms.ContextIssue, error) {
	c, err := scanContextIssue(tx.queryRow(ctx, `SELECT `+issueColumns+issueFrom+`
		WHERE c.organization_id = ? AND c.id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such context issue in this organization.")
	}
	return c, nil
}

// FindContextIssueByRef returns the issue of org with reference ref.
func (tx *Tx) FindContextIssueByRef(ctx context.Context, org isms.ID, ref string) (*isms.ContextIssue, error) {
	c, err := scanContextIssue(tx.queryRow(ctx, `SELECT `+issueColumns+issueFrom+`
		WHERE c.organization_id = ? AND c.ref = ?`, org, ref))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("The organization has no context issue %q.", ref))
	}
	return c, nil
}

// issueSorts are the list's sort keys; references sort by their number.
// Issues without a review date come last.
var issueSorts = map[string]string{
	"ref":      "c.number, c.ref",
	"title":    "LOWER(c.title), c.number",
	"category": "c.category, c.number",
	"reviewOn": "c.review_on IS NULL, c.review_on, c.number",
	"updated":  "c.updated_at, c.number",
}

// issueWhere returns the conditions and arguments of f.
func issueWhere(f isms.ContextIssueFilter) (string, []any) {
	where, args := "c.organization_id = ?", []any{f.OrgID}
	add := func(cond string, vals ...any) {
		where += " AND " + cond
		args = append(args, vals...)
	}
	if f.Search != "" {
		s := like(f.Search)
		add(`(LOWER(c.ref) LIKE ? ESCAPE '\' OR LOWER(c.title) LIKE ? ESCAPE '\' OR LOWER(c.description) LIKE ? ESCAPE '\')`, s, s, s)
	}
	if f.Kind != "" {
		add("c.kind = ?", f.Kind)
	}
	if f.Category != "" {
		add("c.category = ?", f.Category)
	}
	if f.Effect != "" {
		add("c.effect = ?", f.Effect)
	}
	if f.OwnerID != "" {
		add("c.owner_id = ?", f.OwnerID)
	}
	switch f.Climate {
	case "yes":
		add("c.climate = ?", true)
	case "no":
		add("c.climate = ?", false)
	}
	if !f.ReviewBefore.IsZero() {
		add("c.review_on IS NOT NULL AND c.review_on < ?", f.ReviewBefore)
	}
	return where, args
}

// FindContextIssues returns a page of the issues f selects, by reference
// by default, and the total matching.
func (tx *Tx) FindContextIssues(ctx context.Context, f isms.ContextIssueFilter) ([]*isms.ContextIssue, int, error) {
	where, args := issueWhere(f)
	return findPage(ctx, tx, pageQuery{one: "context issue", many: "context issues", columns: issueColumns,
		from: issueFrom, count: ` FROM context_issues c`, where: where, args: args, orderBy: order(f.Sort, issueSorts, "ref")},
		f.Limit, f.Offset, scanContextIssue)
}

// CountClimateIssues returns how many issues of org concern climate
// change.
func (tx *Tx) CountClimateIssues(ctx context.Context, org isms.ID) (int, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM context_issues WHERE organization_id = ? AND climate = ?`, org, true).Scan(&n); err != nil {
		return 0, fmt.Errorf("count climate issues: %w", err)
	}
	return n, nil
}

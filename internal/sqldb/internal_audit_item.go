// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// The checklist of an audit (audit_items, one per requirement in scope)
// and its findings (audit_findings, numbered across the organization; the
// requirements they cite are a JSON column).

// itemColumns are the columns a checklist item is read from, with the
// name of who audited it (a scalar subquery, so that PostgreSQL can lock
// the item FOR UPDATE).
const itemColumns = `i.audit_id, i.organization_id, i.requirement_id, i.ref, i.title, i.position, i.result, i.notes,
	i.sampling, i.audited_by, COALESCE((SELECT u.name FROM users u WHERE u.id = i.audited_by), ''), i.version, i.updated_at`

// maxAuditItems caps the items read at once: one per requirement of a
// framework.
const maxAuditItems = maxRequirements

// auditItemsPerStatement is how many items one INSERT or DELETE carries:
// 12 arguments an item, 6,000 a statement, under SQLite's 32,766.
const auditItemsPerStatement = 500

func scanAuditItem(s rowScanner) (*isms.AuditItem, error) {
	var it isms.AuditItem
	err := s.Scan(&it.AuditID, &it.OrgID, &it.RequirementID, &it.Ref, &it.Title, &it.Position, &it.Result, &it.Notes,
		&it.Sampling, &it.AuditedBy, &it.AuditedByName, &it.Version, (*timestamp)(&it.UpdatedAt))
	if err != nil {
		return nil, err
	}
	return &it, nil
}

// InsertAuditItems stores checklist items (a new audit's, or those its
// scope gained).
func (tx *Tx) InsertAuditItems(ctx context.Context, items []*isms.AuditItem) error {
	const row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	for start := 0; start < len(items); start += auditItemsPerStatement {
		batch := items[start:min(start+auditItemsPerStatement, len(items))]
		args := make([]any, 0, 12*len(batch))
		for _, it := range batch {
			it.Version, it.UpdatedAt = 1, tx.now
			args = append(args, it.AuditID, it.OrgID, it.RequirementID, it.Ref, it.Title, it.Position, it.Result,
				it.Notes, it.Sampling, it.AuditedBy, it.Version, tx.ts(it.UpdatedAt))
		}
		_, err := tx.exec(ctx, `INSERT INTO audit_items (audit_id, organization_id, requirement_id, ref, title, position,
			result, notes, sampling, audited_by, version, updated_at) VALUES `+repeatList(row, len(batch)), args...)
		if err != nil {
			return fmt.Errorf("insert audit items %d to %d: %w", start+1, start+len(batch), err)
		}
	}
	return nil
}

// DeleteAuditItems deletes the items of audit for requirements.
func (tx *Tx) DeleteAuditItems(ctx context.Context, org, audit isms.ID, requirements []isms.ID) error {
	for start := 0; start < len(requirements); start += auditItemsPerStatement {
		batch := requirements[start:min(start+auditItemsPerStatement, len(requirements))]
		args := []any{org, audit}
		for _, id := range batch {
			args = append(args, id)
		}
		_, err := tx.exec(ctx, `DELETE FROM audit_items WHERE organization_id = ? AND audit_id = ?
			AND requirement_id IN (`+placeholders(len(batch))+`)`, args...)
		if err != nil {
			return fmt.Errorf("delete audit items: %w", err)
		}
	}
	return nil
}

// FindAuditItems returns the checklist of audit in position order, with
// the names of who audited each item.
func (tx *Tx) FindAuditItems(ctx context.Context, org, audit isms.ID) ([]*isms.AuditItem, error) {
	return selectRows(ctx, tx, "audit item", "audit items", `SELECT `+itemColumns+` FROM audit_items i
		WHERE i.organization_id = ? AND i.audit_id = ? ORDER BY i.position, i.ref, i.requirement_id LIMIT ?`,
		[]any{org, audit, maxAuditItems}, scanAuditItem)
}

// itemNotFound is the message of a requirement the checklist lacks.
const itemNotFound = "The audit's checklist has no such requirement."

// FindAuditItemForUpdate returns one item; NotFound when the audit has
// no item for requirement.
func (tx *Tx) FindAuditItemForUpdate(ctx context.Context, org, audit, requirement isms.ID) (*isms.AuditItem, error) {
	it, err := scanAuditItem(tx.queryRow(ctx, `SELECT `+itemColumns+` FROM audit_items i
		WHERE i.organization_id = ? AND i.audit_id = ? AND i.requirement_id = ?`+tx.forUpdate(), org, audit, requirement))
	if err != nil {
		return nil, notFound(err, itemNotFound)
	}
	return it, nil
}

// UpdateAuditItem stores item's result, notes, sampling and auditor,
// read at version; a newer stored one is a Conflict. It sets Version and
// UpdatedAt.
func (tx *Tx) UpdateAuditItem(ctx context.Context, item *isms.AuditItem, version int) error {
	res, err := tx.exec(ctx, `UPDATE audit_items SET result = ?, notes = ?, sampling = ?, audited_by = ?,
		version = version + 1, updated_at = ? WHERE organization_id = ? AND audit_id = ? AND requirement_id = ? AND version = ?`,
		item.Result, item.Notes, item.Sampling, item.AuditedBy, tx.ts(tx.now), item.OrgID, item.AuditID,
		item.RequirementID, version)
	if err != nil {
		return fmt.Errorf("update audit item: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := tx.FindAuditItemForUpdate(ctx, item.OrgID, item.AuditID, item.RequirementID); err != nil {
			return err
		}
		return staleVersion("checklist item")
	}
	item.Version, item.UpdatedAt = version+1, tx.now
	return nil
}

// findingColumns are the columns a finding is read from, with its
// audit's reference and the raiser's name.
const findingColumns = `f.id, f.organization_id, f.audit_id,
	COALESCE((SELECT a.ref FROM internal_audits a WHERE a.organization_id = f.organization_id AND a.id = f.audit_id), ''),
	f.ref, f.number, f.grade, f.title, f.description, f.requirements, f.raised_by,
	COALESCE((SELECT u.name FROM users u WHERE u.id = f.raised_by), ''), f.version, f.created_at, f.updated_at`

const findingFrom = ` FROM audit_findings f`

// findingNotFound is the message of a finding that is not the
// organization's.
const findingNotFound = "No such audit finding in this organization."

func scanFinding(s rowScanner) (*isms.AuditFinding, error) {
	var f isms.AuditFinding
	var reqs string
	err := s.Scan(&f.ID, &f.OrgID, &f.AuditID, &f.AuditRef, &f.Ref, &f.Number, &f.Grade, &f.Title, &f.Description,
		&reqs, &f.RaisedBy, &f.RaisedByName, &f.Version, (*timestamp)(&f.CreatedAt), (*timestamp)(&f.UpdatedAt))
	if err != nil {
		return nil, err
	}
	if f.Requirements, err = readJSONList[isms.RequirementRef](reqs, "finding requirements"); err != nil {
		return nil, fmt.Errorf("finding %s: %w", f.Ref, err)
	}
	return &f, nil
}

// InsertFinding stores a new finding.
func (tx *Tx) InsertFinding(ctx context.Context, f *isms.AuditFinding) error {
	reqs, err := jsonList(f.Requirements, "finding requirements")
	if err != nil {
		return err
	}
	f.Version, f.CreatedAt, f.UpdatedAt, f.Number = 1, tx.now, tx.now, refNumber(f.Ref)
	_, err = tx.exec(ctx, `INSERT INTO audit_findings (id, organization_id, audit_id, ref, number, grade, title,
		description, requirements, raised_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.ID, f.OrgID, f.AuditID, f.Ref, f.Number, f.Grade, f.Title, f.Description, reqs, f.RaisedBy, f.Version,
		tx.ts(f.CreatedAt), tx.ts(f.UpdatedAt))
	return inserted(err, "audit_findings", "audit finding")
}

// UpdateFinding stores f, read at version; a newer stored one is a
// Conflict. It sets f.Version and f.UpdatedAt.
func (tx *Tx) UpdateFinding(ctx context.Context, f *isms.AuditFinding, version int) error {
	reqs, err := jsonList(f.Requirements, "finding requirements")
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE audit_findings SET grade = ?, title = ?, description = ?, requirements = ?,
		raised_by = ?, version = version + 1, updated_at = ? WHERE organization_id = ? AND id = ? AND version = ?`,
		f.Grade, f.Title, f.Description, reqs, f.RaisedBy, tx.ts(tx.now), f.OrgID, f.ID, version)
	if err := tx.updated(ctx, res, err, rowKey{"audit_findings", f.OrgID, f.ID}, "finding", findingNotFound); err != nil {
		return err
	}
	f.Version, f.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteFinding deletes finding id.
func (tx *Tx) DeleteFinding(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "audit_findings", org, id, findingNotFound)
}

// FindFindingByID returns finding id with its audit's reference and the
// raiser's name; Evidence is not read (record links).
func (tx *Tx) FindFindingByID(ctx context.Context, org, id isms.ID) (*isms.AuditFinding, error) {
	return tx.findFinding(ctx, "f.id = ?", org, id, findingNotFound)
}

// FindFindingByRef returns the finding with reference ref ("F-7",
// case-insensitive).
func (tx *Tx) FindFindingByRef(ctx context.Context, org isms.ID, ref string) (*isms.AuditFinding, error) {
	return tx.findFinding(ctx, "LOWER(f.ref) = LOWER(?)", org, ref,
		fmt.Sprintf("The organization has no audit finding %q.", ref))
}

func (tx *Tx) findFinding(ctx context.Context, cond string, org isms.ID, key any, msg string) (*isms.AuditFinding, error) {
	f, err := scanFinding(tx.queryRow(ctx, `SELECT `+findingColumns+findingFrom+`
		WHERE f.organization_id = ? AND `+cond, org, key))
	if err != nil {
		return nil, notFound(err, msg)
	}
	return f, nil
}

// findingGradeOrder ranks the grades, most severe first, for sorting.
const findingGradeOrder = `CASE f.grade WHEN 'major' THEN 1 WHEN 'minor' THEN 2 WHEN 'observation' THEN 3
	WHEN 'ofi' THEN 4 ELSE 5 END`

// findingSorts are the finding list's sort keys.
var findingSorts = map[string]string{
	"ref":     "f.number, f.ref",
	"grade":   findingGradeOrder + ", f.number",
	"title":   "LOWER(f.title), f.number",
	"created": "f.created_at, f.number",
}

// FindFindings returns a page of findings and the total matching f.
func (tx *Tx) FindFindings(ctx context.Context, org isms.ID, f isms.FindingFilter) ([]*isms.AuditFinding, int, error) {
	where, args := "f.organization_id = ?", []any{org}
	if f.AuditID != "" {
		where, args = where+" AND f.audit_id = ?", append(args, f.AuditID)
	}
	if f.Grade != "" {
		where, args = where+" AND f.grade = ?", append(args, f.Grade)
	}
	if !f.Since.IsZero() {
		where, args = where+" AND f.created_at >= ?", append(args, tx.ts(f.Since.Time()))
	}
	where, args = searchIn(where, args, f.Search, "f.ref", "f.title", "f.description")
	return findPage(ctx, tx, pageQuery{one: "audit finding", many: "audit findings", columns: findingColumns,
		from: findingFrom, where: where, args: args, orderBy: order(f.Sort, findingSorts, "ref")},
		f.Limit, f.Offset, scanFinding)
}

// FindingCountsByRequirement counts, per requirement, the nonconformity
// findings (major and minor) of every audit of the organization; it
// weighs the coverage of the next programme.
func (tx *Tx) FindingCountsByRequirement(ctx context.Context, org isms.ID) (map[isms.ID]int, error) {
	lists, err := selectRows(ctx, tx, "finding requirements", "finding requirements", `SELECT f.requirements
		FROM audit_findings f WHERE f.organization_id = ? AND f.grade IN (?, ?)`,
		[]any{org, isms.FindingMajor, isms.FindingMinor}, func(s rowScanner) (string, error) {
			var text string
			err := s.Scan(&text)
			return text, err
		})
	if err != nil {
		return nil, err
	}
	out := map[isms.ID]int{}
	for _, text := range lists {
		refs, err := readJSONList[isms.RequirementRef](text, "finding requirements")
		if err != nil {
			return nil, err
		}
		seen := map[isms.ID]bool{}
		for _, r := range refs {
			if r.ID != "" && !seen[r.ID] {
				seen[r.ID] = true
				out[r.ID]++
			}
		}
	}
	return out, nil
}

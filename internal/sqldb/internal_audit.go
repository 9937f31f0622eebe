// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// Internal audit (27001 9.2): programmes (audit_programmes), audits
// (internal_audits), their checklist items (audit_items, one per
// requirement in scope) and findings (audit_findings). Every query is
// scoped to its organization. Items and findings are in
// internal_audit_item.go, the audits themselves in
// internal_audit_audit.go.

// programmeColumns are the columns a programme is read from, with its
// framework's name, its owner's name and its audit count. Scalar
// subqueries rather than joins keep every column of one table.
const programmeColumns = `p.id, p.organization_id, p.ref, p.number, p.title, p.description, p.framework_id,
	COALESCE((SELECT f.name FROM frameworks f WHERE f.organization_id = p.organization_id AND f.id = p.framework_id), ''),
	p.start_on, p.end_on, COALESCE(p.owner_id, ''), COALESCE((SELECT u.name FROM users u WHERE u.id = p.owner_id), ''),
	(SELECT COUNT(*) FROM internal_audits a WHERE a.organization_id = p.organization_id AND a.programme_id = p.id),
	p.created_by, p.version, p.created_at, p.updated_at`

const programmeFrom = ` FROM audit_programmes p`

// programmeNotFound is the message of a programme that is not the
// organization's.
const programmeNotFound = "No such audit programme in this organization."

func scanProgramme(s rowScanner) (*isms.AuditProgramme, error) {
	var p isms.AuditProgramme
	err := s.Scan(&p.ID, &p.OrgID, &p.Ref, &p.Number, &p.Title, &p.Description, &p.FrameworkID, &p.FrameworkName,
		&p.Start, &p.End, &p.OwnerID, &p.OwnerName, &p.Audits, &p.CreatedBy, &p.Version,
		(*timestamp)(&p.CreatedAt), (*timestamp)(&p.UpdatedAt))
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// InsertProgramme stores a new programme.
func (tx *Tx) InsertProgramme(ctx context.Context, p *isms.AuditProgramme) error {
	p.Version, p.CreatedAt, p.UpdatedAt, p.Number = 1, tx.now, tx.now, refNumber(p.Ref)
	_, err := tx.exec(ctx, `INSERT INTO audit_programmes (id, organization_id, ref, number, title, description,
		framework_id, start_on, end_on, owner_id, created_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.OrgID, p.Ref, p.Number, p.Title, p.Description, p.FrameworkID, p.Start, p.End, nullID(p.OwnerID),
		p.CreatedBy, p.Version, tx.ts(p.CreatedAt), tx.ts(p.UpdatedAt))
	return inserted(err, "audit_programmes", "audit programme")
}

// UpdateProgramme stores p, read at version; a newer stored one is a
// Conflict. It sets p.Version and p.UpdatedAt.
func (tx *Tx) UpdateProgramme(ctx context.Context, p *isms.AuditProgramme, version int) error {
	res, err := tx.exec(ctx, `UPDATE audit_programmes SET title = ?, description = ?, framework_id = ?, start_on = ?,
		end_on = ?, owner_id = ?, version = version + 1, updated_at = ? WHERE organization_id = ? AND id = ? AND version = ?`,
		p.Title, p.Description, p.FrameworkID, p.Start, p.End, nullID(p.OwnerID), tx.ts(tx.now), p.OrgID, p.ID, version)
	if err := tx.updated(ctx, res, err, rowKey{"audit_programmes", p.OrgID, p.ID}, "audit programme", programmeNotFound); err != nil {
		return err
	}
	p.Version, p.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteProgramme deletes programme id; it must hold no audits.
func (tx *Tx) DeleteProgramme(ctx context.Context, org, id isms.ID) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM internal_audits WHERE organization_id = ? AND programme_id = ?`,
		org, id).Scan(&n); err != nil {
		return fmt.Errorf("count programme audits: %w", err)
	}
	if n > 0 {
		return isms.Errorf(isms.Conflict, "The programme holds %d audits; delete them first.", n)
	}
	return tx.deleteOne(ctx, "audit_programmes", org, id, programmeNotFound)
}

// FindProgrammeByID returns programme id with its framework's name, owner
// name and audit count; NotFound when there is none.
func (tx *Tx) FindProgrammeByID(ctx context.Context, org, id isms.ID) (*isms.AuditProgramme, error) {
	return tx.findProgramme(ctx, "p.id = ?", org, id, programmeNotFound)
}

// FindProgrammeByRef returns the programme with reference ref ("AP-1",
// case-insensitive).
func (tx *Tx) FindProgrammeByRef(ctx context.Context, org isms.ID, ref string) (*isms.AuditProgramme, error) {
	return tx.findProgramme(ctx, "LOWER(p.ref) = LOWER(?)", org, ref,
		fmt.Sprintf("The organization has no audit programme %q.", ref))
}

func (tx *Tx) findProgramme(ctx context.Context, cond string, org isms.ID, key any, msg string) (*isms.AuditProgramme, error) {
	p, err := scanProgramme(tx.queryRow(ctx, `SELECT `+programmeColumns+programmeFrom+`
		WHERE p.organization_id = ? AND `+cond, org, key))
	if err != nil {
		return nil, notFound(err, msg)
	}
	return p, nil
}

// programmeSorts are the programme list's sort keys.
var programmeSorts = map[string]string{
	"ref":     "p.number, p.ref",
	"title":   "LOWER(p.title), p.number",
	"start":   "p.start_on, p.number",
	"end":     "p.end_on, p.number",
	"updated": "p.updated_at, p.number",
}

// FindProgrammes returns a page of programmes and the total matching f.
func (tx *Tx) FindProgrammes(ctx context.Context, org isms.ID, f isms.ProgrammeFilter) ([]*isms.AuditProgramme, int, error) {
	where, args := "p.organization_id = ?", []any{org}
	where, args = searchIn(where, args, f.Search, "p.ref", "p.title")
	return findPage(ctx, tx, pageQuery{one: "audit programme", many: "audit programmes", columns: programmeColumns,
		from: programmeFrom, where: where, args: args, orderBy: order(f.Sort, programmeSorts, "ref")},
		f.Limit, f.Offset, scanProgramme)
}

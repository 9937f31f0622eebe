// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// External findings: the findings of the certification body's audits,
// numbered "XF-n" across the organization; the requirements they cite
// are a JSON column.

// extFindingColumns are the columns an external finding is read from,
// with its audit's and nonconformity's references and the raiser's name.
var extFindingColumns = `f.id, f.organization_id, f.audit_id,
	COALESCE((SELECT e.ref FROM external_audits e WHERE e.organization_id = f.organization_id AND e.id = f.audit_id), ''),
	f.ref, f.number, f.grade, f.title, f.description, f.requirements, f.cap_due, f.nonconformity_id,
	COALESCE((SELECT n.ref FROM nonconformities n WHERE n.organization_id = f.organization_id AND n.id = f.nonconformity_id), ''),
	f.raised_by, ` + userName("f.raised_by") + `, f.version, f.created_at, f.updated_at`

const extFindingFrom = ` FROM external_findings f`

// extFindingNotFound is the message of an external finding that is not
// the organization's.
const extFindingNotFound = "No such external finding in this organization."

func scanExternalFinding(s rowScanner) (*isms.ExternalFinding, error) {
	var f isms.ExternalFinding
	var reqs string
	err := s.Scan(&f.ID, &f.OrgID, &f.AuditID, &f.AuditRef, &f.Ref, &f.Number, &f.Grade, &f.Title, &f.Description,
		&reqs, &f.CAPDue, &f.NonconformityID, &f.NonconformityRef, &f.RaisedBy, &f.RaisedByName, &f.Version,
		(*timestamp)(&f.CreatedAt), (*timestamp)(&f.UpdatedAt))
	if err != nil {
		return nil, err
	}
	if f.Requirements, err = readJSONList[isms.RequirementRef](reqs, "external finding requirements"); err != nil {
		return nil, fmt.Errorf("external finding %s: %w", f.Ref, err)
	}
	return &f, nil
}

// InsertExternalFinding stores a new external finding, numbering its
// reference "XF-n" within the organization.
func (tx *Tx) InsertExternalFinding(ctx context.Context, f *isms.ExternalFinding) error {
	reqs, err := jsonList(f.Requirements, "external finding requirements")
	if err != nil {
		return err
	}
	n, err := tx.numberRef(ctx, "external_findings", f.OrgID, "XF-", &f.Ref)
	if err != nil {
		return err
	}
	f.Version, f.CreatedAt, f.UpdatedAt, f.Number = 1, tx.now, tx.now, n
	_, err = tx.exec(ctx, `INSERT INTO external_findings (id, organization_id, audit_id, ref, number, grade, title,
		description, requirements, cap_due, nonconformity_id, raised_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.ID, f.OrgID, f.AuditID, f.Ref, f.Number, f.Grade, f.Title, f.Description, reqs, f.CAPDue, f.NonconformityID,
		f.RaisedBy, f.Version, tx.ts(f.CreatedAt), tx.ts(f.UpdatedAt))
	return inserted(err, "external_findings", "external finding")
}

// UpdateExternalFinding writes f when its stored version is version;
// Conflict otherwise, NotFound when it does not exist. It sets f.Version
// and f.UpdatedAt; the reference and the audit never change.
func (tx *Tx) UpdateExternalFinding(ctx context.Context, f *isms.ExternalFinding, version int) error {
	reqs, err := jsonList(f.Requirements, "external finding requirements")
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE external_findings SET grade = ?, title = ?, description = ?, requirements = ?,
		cap_due = ?, nonconformity_id = ?, raised_by = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		f.Grade, f.Title, f.Description, reqs, f.CAPDue, f.NonconformityID, f.RaisedBy, tx.ts(tx.now),
		f.OrgID, f.ID, version)
	if err := tx.updated(ctx, res, err, rowKey{"external_findings", f.OrgID, f.ID}, "external finding", extFindingNotFound); err != nil {
		return err
	}
	f.Version, f.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteExternalFinding removes an external finding.
func (tx *Tx) DeleteExternalFinding(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "external_findings", org, id, extFindingNotFound)
}

// FindExternalFindingByID returns a finding with its audit's reference,
// its nonconformity's reference and the name of who raised it.
func (tx *Tx) FindExternalFindingByID(ctx context.Context, org, id isms.ID) (*isms.ExternalFinding, error) {
	return tx.findExternalFinding(ctx, "f.id = ?", org, id, extFindingNotFound)
}

// FindExternalFindingByRef returns a finding by its reference ("XF-4",
// case-insensitive).
func (tx *Tx) FindExternalFindingByRef(ctx context.Context, org isms.ID, ref string) (*isms.ExternalFinding, error) {
	return tx.findExternalFinding(ctx, "LOWER(f.ref) = LOWER(?)", org, ref,
		fmt.Sprintf("The organization has no external finding %q.", ref))
}

func (tx *Tx) findExternalFinding(ctx context.Context, cond string, org isms.ID, key any, msg string) (*isms.ExternalFinding, error) {
	f, err := scanExternalFinding(tx.queryRow(ctx, `SELECT `+extFindingColumns+extFindingFrom+`
		WHERE f.organization_id = ? AND `+cond, org, key))
	if err != nil {
		return nil, notFound(err, msg)
	}
	return f, nil
}

// extFindingSorts are the external finding list's sort keys. A missing
// plan deadline sorts after every date on both databases.
var extFindingSorts = map[string]string{
	"ref":     "f.number, f.ref",
	"grade":   rankOf("f.grade", isms.FindingGrades) + ", f.number",
	"title":   "LOWER(f.title), f.number",
	"capDue":  "COALESCE(f.cap_due, '9999-12-31'), f.number",
	"created": "f.created_at, f.number",
}

// FindExternalFindings returns a page of findings and the total.
func (tx *Tx) FindExternalFindings(ctx context.Context, org isms.ID, f isms.ExternalFindingFilter) ([]*isms.ExternalFinding, int, error) {
	where, args := "f.organization_id = ?", []any{org}
	if f.AuditID != "" {
		where, args = where+" AND f.audit_id = ?", append(args, f.AuditID)
	}
	if f.Grade != "" {
		where, args = where+" AND f.grade = ?", append(args, f.Grade)
	}
	where, args = searchIn(where, args, f.Search, "f.ref", "f.title", "f.description")
	return findPage(ctx, tx, pageQuery{one: "external finding", many: "external findings", columns: extFindingColumns,
		from: extFindingFrom, where: where, args: args, orderBy: order(f.Sort, extFindingSorts, "ref")},
		f.Limit, f.Offset, scanExternalFinding)
}

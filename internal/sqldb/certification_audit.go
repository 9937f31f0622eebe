// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// External audits: the certification body's audits of a certificate's
// cycle, numbered "EA-n" across the organization.

// extAuditColumns are the columns an external audit is read from, with
// its certificate's reference and its finding count.
const extAuditColumns = `e.id, e.organization_id, e.ref, e.number, e.certificate_id,
	COALESCE((SELECT c.ref FROM certificates c WHERE c.organization_id = e.organization_id AND c.id = e.certificate_id), ''),
	e.kind, e.cycle, e.sequence, e.start_on, e.end_on, e.team, e.status, e.result, e.summary, e.reminder_task_id,
	(SELECT COUNT(*) FROM external_findings f WHERE f.organization_id = e.organization_id AND f.audit_id = e.id),
	e.created_by, e.version, e.created_at, e.updated_at`

const extAuditFrom = ` FROM external_audits e`

// extAuditNotFound is the message of an external audit that is not the
// organization's.
const extAuditNotFound = "No such external audit in this organization."

func scanExternalAudit(s rowScanner) (*isms.ExternalAudit, error) {
	var e isms.ExternalAudit
	err := s.Scan(&e.ID, &e.OrgID, &e.Ref, &e.Number, &e.CertificateID, &e.CertificateRef, &e.Kind, &e.Cycle,
		&e.Sequence, &e.StartOn, &e.EndOn, &e.Team, &e.Status, &e.Result, &e.Summary, &e.ReminderTaskID,
		&e.Findings, &e.CreatedBy, &e.Version, (*timestamp)(&e.CreatedAt), (*timestamp)(&e.UpdatedAt))
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// InsertExternalAudit stores a new external audit, numbering its
// reference "EA-n" within the organization.
func (tx *Tx) InsertExternalAudit(ctx context.Context, e *isms.ExternalAudit) error {
	n, err := tx.numberRef(ctx, "external_audits", e.OrgID, "EA-", &e.Ref)
	if err != nil {
		return err
	}
	e.Version, e.CreatedAt, e.UpdatedAt, e.Number = 1, tx.now, tx.now, n
	_, err = tx.exec(ctx, `INSERT INTO external_audits (id, organization_id, ref, number, certificate_id, kind, cycle,
		sequence, start_on, end_on, team, status, result, summary, reminder_task_id, created_by, version, created_at,
		updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.OrgID, e.Ref, e.Number, e.CertificateID, e.Kind, e.Cycle, e.Sequence, e.StartOn, e.EndOn, e.Team,
		e.Status, e.Result, e.Summary, e.ReminderTaskID, e.CreatedBy, e.Version, tx.ts(e.CreatedAt), tx.ts(e.UpdatedAt))
	return inserted(err, "external_audits", "external audit")
}

// UpdateExternalAudit writes e when its stored version is version;
// Conflict otherwise, NotFound when it does not exist. It sets e.Version
// and e.UpdatedAt; the reference never changes.
func (tx *Tx) UpdateExternalAudit(ctx context.Context, e *isms.ExternalAudit, version int) error {
	res, err := tx.exec(ctx, `UPDATE external_audits SET certificate_id = ?, kind = ?, cycle = ?, sequence = ?,
		start_on = ?, end_on = ?, team = ?, status = ?, result = ?, summary = ?, reminder_task_id = ?,
		version = version + 1, updated_at = ? WHERE organization_id = ? AND id = ? AND version = ?`,
		e.CertificateID, e.Kind, e.Cycle, e.Sequence, e.StartOn, e.EndOn, e.Team, e.Status, e.Result, e.Summary,
		e.ReminderTaskID, tx.ts(tx.now), e.OrgID, e.ID, version)
	if err := tx.updated(ctx, res, err, rowKey{"external_audits", e.OrgID, e.ID}, "external audit", extAuditNotFound); err != nil {
		return err
	}
	e.Version, e.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteExternalAudit removes an external audit that has no findings;
// Conflict when it has some.
func (tx *Tx) DeleteExternalAudit(ctx context.Context, org, id isms.ID) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM external_findings WHERE organization_id = ? AND audit_id = ?`,
		org, id).Scan(&n); err != nil {
		return fmt.Errorf("count external audit findings: %w", err)
	}
	if n > 0 {
		return isms.Errorf(isms.Conflict, "The external audit has findings: delete them first.")
	}
	return tx.deleteOne(ctx, "external_audits", org, id, extAuditNotFound)
}

// FindExternalAuditByID returns an external audit with its certificate's
// reference and its finding count.
func (tx *Tx) FindExternalAuditByID(ctx context.Context, org, id isms.ID) (*isms.ExternalAudit, error) {
	return tx.findExternalAudit(ctx, "e.id = ?", org, id, extAuditNotFound)
}

// FindExternalAuditByRef returns an external audit by its reference
// ("EA-2", case-insensitive).
func (tx *Tx) FindExternalAuditByRef(ctx context.Context, org isms.ID, ref string) (*isms.ExternalAudit, error) {
	return tx.findExternalAudit(ctx, "LOWER(e.ref) = LOWER(?)", org, ref,
		fmt.Sprintf("The organization has no external audit %q.", ref))
}

func (tx *Tx) findExternalAudit(ctx context.Context, cond string, org isms.ID, key any, msg string) (*isms.ExternalAudit, error) {
	e, err := scanExternalAudit(tx.queryRow(ctx, `SELECT `+extAuditColumns+extAuditFrom+`
		WHERE e.organization_id = ? AND `+cond, org, key))
	if err != nil {
		return nil, notFound(err, msg)
	}
	return e, nil
}

// extAuditSorts are the external audit list's sort keys.
var extAuditSorts = map[string]string{
	"ref":    "e.number, e.ref",
	"start":  "e.start_on, e.number",
	"kind":   rankOf("e.kind", isms.ExternalAuditKinds) + ", e.start_on, e.number",
	"status": rankOf("e.status", isms.ExternalAuditStatuses) + ", e.start_on, e.number",
}

// FindExternalAudits returns a page of external audits and the total.
func (tx *Tx) FindExternalAudits(ctx context.Context, org isms.ID, f isms.ExternalAuditFilter) ([]*isms.ExternalAudit, int, error) {
	where, args := "e.organization_id = ?", []any{org}
	if f.CertificateID != "" {
		where, args = where+" AND e.certificate_id = ?", append(args, f.CertificateID)
	}
	if f.Kind != "" {
		where, args = where+" AND e.kind = ?", append(args, f.Kind)
	}
	if f.Status != "" {
		where, args = where+" AND e.status = ?", append(args, f.Status)
	}
	where, args = searchIn(where, args, f.Search, "e.ref", "e.team", "e.summary")
	return findPage(ctx, tx, pageQuery{one: "external audit", many: "external audits", columns: extAuditColumns,
		from: extAuditFrom, where: where, args: args, orderBy: order(f.Sort, extAuditSorts, "ref")},
		f.Limit, f.Offset, scanExternalAudit)
}

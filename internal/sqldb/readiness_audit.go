// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// The readiness check's reads of internal audit (9.2): counts and short
// record lists, each one statement. The programme's coverage is computed
// by the application from the reads it already makes for the programme
// page.

// ReadinessAudit returns the internal audit facts the store reads on
// today: the programmes, the one whose period holds today (one over the
// framework with key prefer first), the audits (all, not closed and
// reported) and those past their planned end. The coverage and the
// independence conflicts are left to the application.
func (tx *Tx) ReadinessAudit(ctx context.Context, org isms.ID, today isms.Date, prefer string) (isms.AuditFacts, error) {
	var f isms.AuditFacts
	err := tx.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM audit_programmes WHERE organization_id = ?),
		COUNT(*), COUNT(CASE WHEN status <> ? THEN 1 END), COUNT(CASE WHEN status IN (?, ?) THEN 1 END),
		MAX(CASE WHEN status IN (?, ?) THEN reported_on END)
		FROM internal_audits WHERE organization_id = ?`,
		org, isms.AuditClosed, isms.AuditReported, isms.AuditClosed, isms.AuditReported, isms.AuditClosed, org).
		Scan(&f.AuditProgrammes, &f.Audits, &f.AuditsNotClosed, &f.AuditsReported, &f.AuditLastReported)
	if err != nil {
		return f, fmt.Errorf("readiness audit counts: %w", err)
	}
	if f.AuditProgramme, err = tx.readinessProgramme(ctx, org, today, prefer); err != nil {
		return f, err
	}
	f.AuditsOverdue, err = tx.readinessSet(ctx, "internal_audit", `SELECT id, ref, title FROM internal_audits
		WHERE organization_id = ? AND status IN (?, ?) AND planned_end < ? ORDER BY planned_end, number, id`,
		org, isms.AuditPlanned, isms.AuditInProgress, today)
	return f, err
}

// readinessProgramme returns the audit programme whose period holds
// today: one over the framework with key prefer first, then the latest
// started; a zero reference when there is none.
func (tx *Tx) readinessProgramme(ctx context.Context, org isms.ID, today isms.Date, prefer string) (isms.RecordRef, error) {
	r := isms.RecordRef{Type: "audit_programme"}
	err := tx.queryRow(ctx, `SELECT p.id, p.ref, p.title FROM audit_programmes p
		LEFT JOIN frameworks f ON f.organization_id = p.organization_id AND f.id = p.framework_id
		WHERE p.organization_id = ? AND p.start_on <= ? AND p.end_on >= ?
		ORDER BY CASE WHEN f.key = ? THEN 0 ELSE 1 END, p.start_on DESC, p.number DESC LIMIT 1`,
		org, today, today, prefer).Scan(&r.ID, &r.Ref, &r.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return isms.RecordRef{}, nil
	}
	if err != nil {
		return r, fmt.Errorf("readiness current programme: %w", err)
	}
	return r, nil
}

// ReadinessLeadConflict is one thing the lead auditor of an audit not yet
// closed owns and the audit covers: a control linked (confirmed) to a
// requirement in its scope, or an ISMS process in scope; with the
// overrides the audit holds.
type ReadinessLeadConflict struct {
	Audit isms.RecordRef
	// Conflict has the lead as UserID and what they own as Record.
	Conflict  isms.IndependenceConflict
	Overrides []isms.IndependenceOverride
}

// maxLeadConflicts bounds the conflicts ReadinessLeadConflicts reads.
const maxLeadConflicts = 2000

// ReadinessLeadConflicts returns the conflicts of the leads of org's
// audits not yet closed, by audit number.
func (tx *Tx) ReadinessLeadConflicts(ctx context.Context, org isms.ID) ([]ReadinessLeadConflict, error) {
	return selectRows(ctx, tx, "lead conflict", "lead conflicts", `SELECT DISTINCT a.id, a.ref, a.title, a.number, a.lead_id,
			a.overrides, 'control', c.id
		FROM internal_audits a JOIN audit_items i ON i.organization_id = a.organization_id AND i.audit_id = a.id
			JOIN control_links l ON l.organization_id = a.organization_id AND l.requirement_id = i.requirement_id
			JOIN controls c ON c.organization_id = a.organization_id AND c.id = l.control_id
		WHERE a.organization_id = ? AND a.status <> ? AND l.inferred = ? AND c.owner_id = a.lead_id
		UNION
		SELECT a.id, a.ref, a.title, a.number, a.lead_id, a.overrides, 'isms_process', p.id
		FROM internal_audits a JOIN record_links r ON r.organization_id = a.organization_id AND r.from_id = a.id
			JOIN isms_processes p ON p.organization_id = a.organization_id AND p.id = r.to_id
		WHERE a.organization_id = ? AND a.status <> ? AND r.from_type = ? AND r.to_type = ? AND p.owner_id = a.lead_id
		ORDER BY 4, 1, 7, 8 LIMIT ?`,
		[]any{org, isms.AuditClosed, false, org, isms.AuditClosed, "internal_audit", "isms_process", maxLeadConflicts},
		scanLeadConflict)
}

func scanLeadConflict(s rowScanner) (ReadinessLeadConflict, error) {
	c := ReadinessLeadConflict{Audit: isms.RecordRef{Type: "internal_audit"}}
	var number int
	var overrides string
	err := s.Scan(&c.Audit.ID, &c.Audit.Ref, &c.Audit.Title, &number, &c.Conflict.UserID, &overrides,
		&c.Conflict.Record.Type, &c.Conflict.Record.ID)
	if err != nil {
		return c, err
	}
	c.Overrides, err = readJSONList[isms.IndependenceOverride](overrides, "audit overrides")
	return c, err
}

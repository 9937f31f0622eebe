// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// The audits of a programme (internal_audits). The team and the accepted
// independence overrides are JSON columns.

// internalAuditColumns are the columns an audit is read from, with its programme's
// reference and framework, its lead's name and its item and finding
// counts. Scalar subqueries rather than joins let PostgreSQL lock the row
// FOR UPDATE.
const internalAuditColumns = `a.id, a.organization_id, a.ref, a.number, a.programme_id,
	COALESCE((SELECT p.ref FROM audit_programmes p WHERE p.organization_id = a.organization_id AND p.id = a.programme_id), ''),
	COALESCE((SELECT p.framework_id FROM audit_programmes p WHERE p.organization_id = a.organization_id AND p.id = a.programme_id), ''),
	a.title, a.criteria, a.units, a.lead_id, COALESCE((SELECT u.name FROM users u WHERE u.id = a.lead_id), ''), a.team,
	a.planned_start, a.planned_end, a.status, a.summary, a.reported_on, a.overrides,
	(SELECT COUNT(*) FROM audit_items i WHERE i.organization_id = a.organization_id AND i.audit_id = a.id),
	(SELECT COUNT(*) FROM audit_findings f WHERE f.organization_id = a.organization_id AND f.audit_id = a.id),
	a.created_by, a.version, a.created_at, a.updated_at`

const internalAuditFrom = ` FROM internal_audits a`

// auditNotFound is the message of an audit that is not the organization's.
const auditNotFound = "No such internal audit in this organization."

// scanAudit reads one audit; TeamNames are filled by teamNames.
func scanAudit(s rowScanner) (*isms.InternalAudit, error) {
	var a isms.InternalAudit
	var team, overrides string
	err := s.Scan(&a.ID, &a.OrgID, &a.Ref, &a.Number, &a.ProgrammeID, &a.ProgrammeRef, &a.FrameworkID, &a.Title,
		&a.Criteria, &a.Units, &a.LeadID, &a.LeadName, &team, &a.PlannedStart, &a.PlannedEnd, &a.Status, &a.Summary,
		&a.ReportedOn, &overrides, &a.Items, &a.Findings, &a.CreatedBy, &a.Version,
		(*timestamp)(&a.CreatedAt), (*timestamp)(&a.UpdatedAt))
	if err != nil {
		return nil, err
	}
	if a.TeamIDs, err = readJSONList[isms.ID](team, "audit team"); err != nil {
		return nil, fmt.Errorf("audit %s: %w", a.Ref, err)
	}
	if a.Overrides, err = readJSONList[isms.IndependenceOverride](overrides, "audit overrides"); err != nil {
		return nil, fmt.Errorf("audit %s: %w", a.Ref, err)
	}
	return &a, nil
}

// auditJSON returns the team and overrides columns of a.
func auditJSON(a *isms.InternalAudit) (team, overrides string, err error) {
	if team, err = jsonList(a.TeamIDs, "audit team"); err != nil {
		return "", "", err
	}
	overrides, err = jsonList(a.Overrides, "audit overrides")
	return team, overrides, err
}

// InsertInternalAudit stores a new audit (its items separately).
func (tx *Tx) InsertInternalAudit(ctx context.Context, a *isms.InternalAudit) error {
	team, overrides, err := auditJSON(a)
	if err != nil {
		return err
	}
	a.Version, a.CreatedAt, a.UpdatedAt, a.Number = 1, tx.now, tx.now, refNumber(a.Ref)
	_, err = tx.exec(ctx, `INSERT INTO internal_audits (id, organization_id, ref, number, programme_id, title, criteria,
		units, lead_id, team, planned_start, planned_end, status, summary, reported_on, overrides, created_by, version,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.OrgID, a.Ref, a.Number, a.ProgrammeID, a.Title, a.Criteria, a.Units, a.LeadID, team, a.PlannedStart,
		a.PlannedEnd, a.Status, a.Summary, a.ReportedOn, overrides, a.CreatedBy, a.Version, tx.ts(a.CreatedAt),
		tx.ts(a.UpdatedAt))
	return inserted(err, "internal_audits", "internal audit")
}

// UpdateInternalAudit stores a, read at version; a newer stored one is a
// Conflict. It sets a.Version and a.UpdatedAt.
func (tx *Tx) UpdateInternalAudit(ctx context.Context, a *isms.InternalAudit, version int) error {
	team, overrides, err := auditJSON(a)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE internal_audits SET programme_id = ?, title = ?, criteria = ?, units = ?,
		lead_id = ?, team = ?, planned_start = ?, planned_end = ?, status = ?, summary = ?, reported_on = ?,
		overrides = ?, version = version + 1, updated_at = ? WHERE organization_id = ? AND id = ? AND version = ?`,
		a.ProgrammeID, a.Title, a.Criteria, a.Units, a.LeadID, team, a.PlannedStart, a.PlannedEnd, a.Status, a.Summary,
		a.ReportedOn, overrides, tx.ts(tx.now), a.OrgID, a.ID, version)
	if err := tx.updated(ctx, res, err, rowKey{"internal_audits", a.OrgID, a.ID}, "internal audit", auditNotFound); err != nil {
		return err
	}
	a.Version, a.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteInternalAudit deletes audit id with its items and findings.
func (tx *Tx) DeleteInternalAudit(ctx context.Context, org, id isms.ID) error {
	for _, table := range []string{"audit_items", "audit_findings"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE organization_id = ? AND audit_id = ?`, org, id); err != nil {
			return fmt.Errorf("delete audit's %s: %w", table, err)
		}
	}
	return tx.deleteOne(ctx, "internal_audits", org, id, auditNotFound)
}

// FindInternalAuditByID returns audit id with its programme's reference
// and framework, the lead's and team's names, and its item and finding
// counts; NotFound when there is none.
func (tx *Tx) FindInternalAuditByID(ctx context.Context, org, id isms.ID) (*isms.InternalAudit, error) {
	return tx.findAudit(ctx, "a.id = ?", org, id, "", auditNotFound)
}

// FindInternalAuditByIDForUpdate is FindInternalAuditByID, locking the
// row on PostgreSQL.
func (tx *Tx) FindInternalAuditByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.InternalAudit, error) {
	return tx.findAudit(ctx, "a.id = ?", org, id, tx.forUpdate(), auditNotFound)
}

// FindInternalAuditByRef returns the audit with reference ref ("IA-3",
// case-insensitive).
func (tx *Tx) FindInternalAuditByRef(ctx context.Context, org isms.ID, ref string) (*isms.InternalAudit, error) {
	return tx.findAudit(ctx, "LOWER(a.ref) = LOWER(?)", org, ref, "",
		fmt.Sprintf("The organization has no internal audit %q.", ref))
}

func (tx *Tx) findAudit(ctx context.Context, cond string, org isms.ID, key any, lock, msg string) (*isms.InternalAudit, error) {
	a, err := scanAudit(tx.queryRow(ctx, `SELECT `+internalAuditColumns+internalAuditFrom+`
		WHERE a.organization_id = ? AND `+cond+lock, org, key))
	if err != nil {
		return nil, notFound(err, msg)
	}
	if err := tx.teamNames(ctx, []*isms.InternalAudit{a}); err != nil {
		return nil, err
	}
	return a, nil
}

// teamNames sets the TeamNames of audits, in TeamIDs order ("" for an
// account that no longer exists).
func (tx *Tx) teamNames(ctx context.Context, audits []*isms.InternalAudit) error {
	var ids []isms.ID
	for _, a := range audits {
		ids = append(ids, a.TeamIDs...)
	}
	names, err := tx.userNames(ctx, ids)
	if err != nil {
		return fmt.Errorf("audit team: %w", err)
	}
	for _, a := range audits {
		a.TeamNames = make([]string, len(a.TeamIDs))
		for i, id := range a.TeamIDs {
			a.TeamNames[i] = names[id]
		}
	}
	return nil
}

// auditStatusOrder ranks the statuses in their order, for sorting.
const auditStatusOrder = `CASE a.status WHEN 'planned' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'reported' THEN 3
	WHEN 'closed' THEN 4 ELSE 5 END`

// auditSorts are the audit list's sort keys.
var auditSorts = map[string]string{
	"ref":          "a.number, a.ref",
	"title":        "LOWER(a.title), a.number",
	"plannedStart": "a.planned_start, a.number",
	"status":       auditStatusOrder + ", a.number",
	"updated":      "a.updated_at, a.number",
}

// internalAuditWhere returns the condition and arguments selecting the audits of
// org that f selects. A team member is found in the JSON list by its
// quoted ID.
func internalAuditWhere(org isms.ID, f isms.InternalAuditFilter) (string, []any) {
	where, args := "a.organization_id = ?", []any{org}
	if f.ProgrammeID != "" {
		where, args = where+" AND a.programme_id = ?", append(args, f.ProgrammeID)
	}
	if f.Status != "" {
		where, args = where+" AND a.status = ?", append(args, f.Status)
	}
	if f.AuditorID != "" {
		where = where + ` AND (a.lead_id = ? OR LOWER(a.team) LIKE ? ESCAPE '\')`
		args = append(args, f.AuditorID, like(`"`+string(f.AuditorID)+`"`))
	}
	return searchIn(where, args, f.Search, "a.ref", "a.title", "a.units")
}

// FindInternalAudits returns a page of audits and the total matching f.
func (tx *Tx) FindInternalAudits(ctx context.Context, org isms.ID, f isms.InternalAuditFilter) ([]*isms.InternalAudit, int, error) {
	where, args := internalAuditWhere(org, f)
	list, total, err := findPage(ctx, tx, pageQuery{one: "internal audit", many: "internal audits", columns: internalAuditColumns,
		from: internalAuditFrom, where: where, args: args, orderBy: order(f.Sort, auditSorts, "ref")},
		f.Limit, f.Offset, scanAudit)
	if err != nil {
		return nil, 0, err
	}
	if err := tx.teamNames(ctx, list); err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// maxProgrammeAudits caps the audits ProgrammeAudits reads: a programme
// plans a few dozen.
const maxProgrammeAudits = 10000

// ProgrammeAudits returns every audit of programme with the requirements
// in its scope, for coverage, ordered by planned start.
func (tx *Tx) ProgrammeAudits(ctx context.Context, org, programme isms.ID) ([]isms.CoverageAudit, error) {
	audits, err := selectRows(ctx, tx, "programme audit", "programme audits", `SELECT a.id, a.ref, a.status
		FROM internal_audits a WHERE a.organization_id = ? AND a.programme_id = ?
		ORDER BY a.planned_start, a.number, a.id LIMIT ?`, []any{org, programme, maxProgrammeAudits},
		func(s rowScanner) (isms.CoverageAudit, error) {
			c := isms.CoverageAudit{Requirements: []isms.ID{}}
			err := s.Scan(&c.ID, &c.Ref, &c.Status)
			return c, err
		})
	if err != nil || len(audits) == 0 {
		return audits, err
	}
	at := map[isms.ID]int{}
	for i, a := range audits {
		at[a.ID] = i
	}
	type pair struct{ audit, requirement isms.ID }
	pairs, err := selectRows(ctx, tx, "audit item", "audit items", `SELECT i.audit_id, i.requirement_id
		FROM audit_items i JOIN internal_audits a ON a.organization_id = i.organization_id AND a.id = i.audit_id
		WHERE i.organization_id = ? AND a.programme_id = ? ORDER BY i.audit_id, i.position, i.requirement_id`,
		[]any{org, programme}, func(s rowScanner) (pair, error) {
			var p pair
			err := s.Scan(&p.audit, &p.requirement)
			return p, err
		})
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		if i, ok := at[p.audit]; ok {
			audits[i].Requirements = append(audits[i].Requirements, p.requirement)
		}
	}
	return audits, nil
}

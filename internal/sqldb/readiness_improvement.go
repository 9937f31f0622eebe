// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// The readiness check's reads of improvement (10.1) and nonconformity and
// corrective action (10.2): the counts, in one statement, and short
// record lists, each one statement.

// effectiveCheck matches the checks column of a nonconformity that holds
// an effectiveness check that found its actions effective (the JSON of
// isms.EffectivenessCheck, which Go writes without spaces; a note quoting
// it is escaped and does not match).
const effectiveCheck = `%"effective":true%`

// ReadinessImprovement returns the improvement and nonconformity facts of
// org on today.
func (tx *Tx) ReadinessImprovement(ctx context.Context, org isms.ID, today isms.Date) (isms.ImprovementFacts, error) {
	var f isms.ImprovementFacts
	err := tx.queryRow(ctx, `SELECT COUNT(*), COUNT(CASE WHEN created_at >= ? THEN 1 END),
			(SELECT COUNT(*) FROM nonconformities WHERE organization_id = ?),
			(SELECT COUNT(*) FROM nonconformities WHERE organization_id = ? AND status = ?),
			(SELECT COUNT(*) FROM nc_actions WHERE organization_id = ? AND kind = ?),
			(SELECT COUNT(*) FROM audit_findings WHERE organization_id = ? AND grade IN (?, ?))
		FROM improvements WHERE organization_id = ?`,
		tx.ts(today.AddDate(-1, 0, 0).Time()), org, org, isms.NCClosed, org, isms.NCActionCorrective,
		org, isms.FindingMajor, isms.FindingMinor, org).
		Scan(&f.Improvements, &f.ImprovementsRecent, &f.NCs, &f.NCsClosed, &f.NCActions, &f.NCFindings)
	if err != nil {
		return f, fmt.Errorf("readiness improvement counts: %w", err)
	}
	sets := []struct {
		set   *isms.RecordSet
		typ   string
		query string
		args  []any
	}{
		{&f.ImprovementsUnevaluated, "improvement", `SELECT id, ref, title FROM improvements
			WHERE organization_id = ? AND status = ? AND created_at < ? ORDER BY number, id`,
			[]any{org, isms.ImpProposed, tx.ts(today.AddDays(-isms.ImprovementEvaluationDays).Time())}},
		{&f.NCsWithoutRootCause, "nonconformity", `SELECT id, ref, title FROM nonconformities
			WHERE organization_id = ? AND status <> ? AND root_cause = '' AND detected_on < ? ORDER BY number, id`,
			[]any{org, isms.NCClosed, today.AddDays(-isms.NCRootCauseDays)}},
		{&f.NCsClosedUnchecked, "nonconformity", `SELECT id, ref, title FROM nonconformities
			WHERE organization_id = ? AND status = ? AND checks NOT LIKE ? ORDER BY number, id`,
			[]any{org, isms.NCClosed, effectiveCheck}},
		{&f.NCsPastDeadline, "nonconformity", `SELECT id, ref, title FROM nonconformities
			WHERE organization_id = ? AND status <> ? AND deadline < ? ORDER BY deadline, number, id`,
			[]any{org, isms.NCClosed, today}},
		{&f.NCActionsOverdue, "task", `SELECT t.id, n.ref, t.title FROM nc_actions x
			JOIN tasks t ON t.organization_id = x.organization_id AND t.id = x.task_id
			JOIN nonconformities n ON n.organization_id = x.organization_id AND n.id = x.nonconformity_id
			WHERE x.organization_id = ? AND x.kind = ? AND t.status = ? AND t.due_date < ?
			ORDER BY t.due_date, n.number, t.id`,
			[]any{org, isms.NCActionCorrective, isms.TaskOpen, today}},
		{&f.NCFindingsUnraised, "audit_finding", readinessUnraisedFindings,
			[]any{org, isms.FindingMajor, isms.FindingMinor, "audit_finding", "audit_finding", "nonconformity",
				"audit_finding", "nonconformity"}},
	}
	for _, s := range sets {
		if *s.set, err = tx.readinessSet(ctx, s.typ, s.query, s.args...); err != nil {
			return f, err
		}
	}
	return f, nil
}

// readinessUnraisedFindings selects the findings graded as a
// nonconformity that no nonconformity comes from (its source) or is
// linked with (a record link either way).
const readinessUnraisedFindings = `SELECT f.id, f.ref, f.title FROM audit_findings f
	WHERE f.organization_id = ? AND f.grade IN (?, ?)
		AND NOT EXISTS (SELECT 1 FROM nonconformities n
			WHERE n.organization_id = f.organization_id AND n.source_type = ? AND n.source_id = f.id)
		AND NOT EXISTS (SELECT 1 FROM record_links r WHERE r.organization_id = f.organization_id
			AND (r.from_type = ? AND r.from_id = f.id AND r.to_type = ? OR r.to_type = ? AND r.to_id = f.id AND r.from_type = ?))
	ORDER BY f.number, f.id`

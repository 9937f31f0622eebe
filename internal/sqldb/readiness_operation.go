// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// soaExcludes is the condition that an approved Statement of
// Applicability of the organization in column org excludes the
// requirement in column req. It takes two arguments: "approved" and the
// excluded applicability.
func soaExcludes(req, org string) string {
	return `EXISTS (SELECT 1 FROM soa_lines sl JOIN soas so ON so.id = sl.soa_id AND so.organization_id = sl.organization_id
		WHERE sl.organization_id = ` + org + ` AND sl.requirement_id = ` + req + ` AND so.status = ? AND sl.applicable = ?)`
}

// ReadinessOperation reads the readiness facts of clause 8.1 of org on
// today.
func (tx *Tx) ReadinessOperation(ctx context.Context, org isms.ID, today isms.Date) (isms.OperationFacts, error) {
	var f isms.OperationFacts
	err := tx.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM controls WHERE organization_id = ? AND status <> ?),
		(SELECT COUNT(*) FROM controls WHERE organization_id = ? AND status = ?),
		(SELECT COUNT(*) FROM schedules WHERE organization_id = ? AND active = ? AND link_type = 'control')`,
		org, isms.ControlNotApplicable, org, isms.ControlImplemented, org, true).
		Scan(&f.ControlsInUse, &f.ControlsImplemented, &f.ControlSchedules)
	if err != nil {
		return f, fmt.Errorf("readiness operation: %w", err)
	}
	if f.ControlsInUse == 0 {
		return f, nil
	}
	if err := tx.readinessControlSets(ctx, org, today, &f); err != nil {
		return f, fmt.Errorf("readiness operation: %w", err)
	}
	return f, nil
}

// readinessControlSets reads the controls not implemented, without an
// owner or past review, counts the control activities and reads the
// overdue ones.
func (tx *Tx) readinessControlSets(ctx context.Context, org isms.ID, today isms.Date, f *isms.OperationFacts) error {
	// A control counts as excluded when it has confirmed requirement
	// links and the approved SoA excludes every one of them.
	confirmed := `FROM control_links cl WHERE cl.organization_id = c.organization_id AND cl.control_id = c.id AND cl.inferred = ?`
	excluded := `EXISTS (SELECT 1 ` + confirmed + `) AND NOT EXISTS (SELECT 1 ` + confirmed + `
		AND NOT ` + soaExcludes("cl.requirement_id", "c.organization_id") + `)`
	sets := []struct {
		into *isms.RecordSet
		cond string
		args []any
	}{
		{&f.ControlsNotImplemented, `c.status IN (?, ?) AND NOT (` + excluded + `)`, []any{isms.ControlPlanned,
			isms.ControlInProgress, false, false, isms.SoAApproved, isms.SoAExcluded}},
		{&f.ControlsUnowned, `c.status <> ? AND ` + notMember("c.owner_id", "c.organization_id"),
			[]any{isms.ControlNotApplicable, false}},
		{&f.ControlsPastReview, `c.status <> ? AND c.next_review IS NOT NULL AND c.next_review < ?`,
			[]any{isms.ControlNotApplicable, today}},
	}
	qs := make([]readinessQuery, len(sets))
	for i, s := range sets {
		qs[i] = readinessQuery{dst: s.into, typ: "control", query: `SELECT c.id, c.ref, c.title FROM controls c
			WHERE c.organization_id = ? AND ` + s.cond + ` ORDER BY ` + controlSorts["ref"],
			args: append([]any{org}, s.args...)}
	}
	if err := tx.fillReadinessSets(ctx, qs); err != nil {
		return err
	}
	const activity = `(t.link_type = 'control' OR (t.schedule_id IS NOT NULL AND t.link_type <> 'metric'))`
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM tasks t WHERE t.organization_id = ? AND `+activity, org).
		Scan(&f.ControlActivities)
	if err != nil || f.ControlActivities == 0 {
		return err
	}
	f.ControlActivitiesOverdue, err = tx.readinessSet(ctx, "task", `SELECT t.id, '' AS ref, t.title FROM tasks t
		WHERE t.organization_id = ? AND t.status = ? AND t.due_date < ? AND `+activity+`
		ORDER BY t.due_date, t.id`, org, isms.TaskOpen, today)
	return err
}

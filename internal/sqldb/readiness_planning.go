// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// The readiness facts of clauses 6.1.1, 6.2 and 6.3: the risks and
// opportunities for the ISMS, the objectives and the metrics that
// measure them, and the planned changes.

// ReadinessPlanning returns the planning facts of org on today.
func (tx *Tx) ReadinessPlanning(ctx context.Context, org isms.ID, today isms.Date) (isms.PlanningFacts, error) {
	var f isms.PlanningFacts
	if err := tx.readinessPlanningCounts(ctx, org, &f); err != nil {
		return f, err
	}
	if err := tx.fillReadinessSets(ctx, readinessISMSRiskQueries(org, today, &f)); err != nil {
		return f, err
	}
	if err := tx.fillReadinessSets(ctx, tx.readinessObjectiveQueries(org, today, &f)); err != nil {
		return f, err
	}
	return f, tx.fillReadinessSets(ctx, readinessChangeQueries(org, today, &f))
}

// readinessPlanningCounts reads the figures of the planning facts: how
// many ISMS risks and opportunities, objectives, objective metrics and
// changes there are, in the states the rules check.
func (tx *Tx) readinessPlanningCounts(ctx context.Context, org isms.ID, f *isms.PlanningFacts) error {
	err := tx.queryRow(ctx, `SELECT r.*, o.*, m.*, c.* FROM
		(SELECT COUNT(CASE WHEN kind = ? THEN 1 END) AS risks, COUNT(CASE WHEN kind = ? THEN 1 END) AS opportunities,
			COUNT(CASE WHEN status <> ? THEN 1 END) AS active, COUNT(CASE WHEN status IN (?, ?) THEN 1 END) AS acted
			FROM isms_risks WHERE organization_id = ?) r,
		(SELECT COUNT(CASE WHEN status <> ? THEN 1 END) AS objectives, COUNT(CASE WHEN status IN (?, ?) THEN 1 END) AS open_objectives
			FROM objectives WHERE organization_id = ?) o,
		(SELECT COUNT(*) AS metrics FROM metrics WHERE organization_id = ?
			AND id IN (`+objectiveMetricIDs+`)) m,
		(SELECT COUNT(CASE WHEN status IN (?, ?, ?) THEN 1 END) AS pending,
			COUNT(CASE WHEN status IN (?, ?, ?) THEN 1 END) AS under_way
			FROM isms_changes WHERE organization_id = ?) c`,
		isms.ISMSKindRisk, isms.ISMSKindOpportunity, isms.ISMSRiskClosed, isms.ISMSRiskAddressed, isms.ISMSRiskClosed, org,
		isms.ObjectiveCancelled, isms.ObjectivePlanned, isms.ObjectiveInProgress, org,
		org, org, isms.ObjectiveCancelled,
		isms.ChangeProposed, isms.ChangeApproved, isms.ChangeInProgress,
		isms.ChangeApproved, isms.ChangeInProgress, isms.ChangeImplemented, org,
	).Scan(&f.ISMSRisks, &f.ISMSOpportunities, &f.ISMSRisksActive, &f.ISMSRisksActed, &f.Objectives,
		&f.ObjectivesOpen, &f.ObjectiveMetrics, &f.ISMSChangesPending, &f.ISMSChangesUnderWay)
	if err != nil {
		return fmt.Errorf("readiness planning counts: %w", err)
	}
	return nil
}

// readinessISMSRiskQueries are the record lists of the ISMS risks and
// opportunities.
func readinessISMSRiskQueries(org isms.ID, today isms.Date, f *isms.PlanningFacts) []readinessQuery {
	return []readinessQuery{
		{&f.ISMSRisksOpen, "isms_risk", `SELECT id, ref, title FROM isms_risks
			WHERE organization_id = ? AND status = ? ORDER BY number, ref`, []any{org, isms.ISMSRiskOpen}},
		{&f.ISMSRisksUnevaluated, "isms_risk", `SELECT id, ref, title FROM isms_risks
			WHERE organization_id = ? AND status = ? AND effective = '' ORDER BY number, ref`,
			[]any{org, isms.ISMSRiskAddressed}},
		{&f.ISMSRisksReviewOverdue, "isms_risk", `SELECT id, ref, title FROM isms_risks
			WHERE organization_id = ? AND status <> ? AND review_on IS NOT NULL AND review_on <> '' AND review_on < ?
			ORDER BY number, ref`, []any{org, isms.ISMSRiskClosed, today}},
	}
}

// objectiveMetricIDs selects the IDs of the metrics linked from an
// objective that is not cancelled; its arguments are the organization
// and isms.ObjectiveCancelled.
const objectiveMetricIDs = `SELECT l.to_id FROM record_links l
	JOIN objectives o ON o.organization_id = l.organization_id AND o.id = l.from_id
	WHERE l.organization_id = ? AND l.from_type = 'objective' AND l.to_type = 'metric' AND o.status <> ?`

// objectiveTitle is how an objective is named in a finding: the start of
// its statement.
const objectiveTitle = `SUBSTR(o.statement, 1, 160)`

// readinessObjectiveQueries are the record lists of the objectives and
// of the metrics that measure them. Open objectives are planned or in
// progress (isms.ObjectiveStatus.Open).
func (tx *Tx) readinessObjectiveQueries(org isms.ID, today isms.Date, f *isms.PlanningFacts) []readinessQuery {
	open := []any{isms.ObjectivePlanned, isms.ObjectiveInProgress}
	digits := make([]string, 10)
	for i := range digits {
		digits[i] = tx.contains("o.target", fmt.Sprintf("'%d'", i))
	}
	return []readinessQuery{
		{&f.ObjectivesUnmeasured, "objective", `SELECT o.id, o.ref, ` + objectiveTitle + ` FROM objectives o
			WHERE o.organization_id = ? AND o.status <> ?
			AND o.id NOT IN (SELECT l.from_id FROM record_links l WHERE l.organization_id = ?
				AND l.from_type = 'objective' AND l.to_type = 'metric')
			AND NOT (` + strings.Join(digits, " OR ") + `)
			ORDER BY o.number, o.ref`, []any{org, isms.ObjectiveCancelled, org}},
		{&f.ObjectivesWithoutOwner, "objective", `SELECT o.id, o.ref, ` + objectiveTitle + ` FROM objectives o
			WHERE o.organization_id = ? AND o.status IN (?, ?) AND COALESCE(o.owner_id, '') = ''
			ORDER BY o.number, o.ref`, append([]any{org}, open...)},
		{&f.ObjectivesOverdue, "objective", `SELECT o.id, o.ref, ` + objectiveTitle + ` FROM objectives o
			WHERE o.organization_id = ? AND o.status IN (?, ?)
			AND o.due_on IS NOT NULL AND o.due_on <> '' AND o.due_on < ?
			ORDER BY o.number, o.ref`, append(append([]any{org}, open...), today)},
		{&f.ObjectivesWithoutResources, "objective", `SELECT o.id, o.ref, ` + objectiveTitle + ` FROM objectives o
			WHERE o.organization_id = ? AND o.status IN (?, ?) AND TRIM(o.resources) = ''
			ORDER BY o.number, o.ref`, append([]any{org}, open...)},
		{&f.ObjectiveMetricsUnmeasured, "metric", `SELECT m.id, m.ref, m.name FROM metrics m
			WHERE m.organization_id = ?
			AND m.id IN (` + objectiveMetricIDs + `)
			AND NOT EXISTS (SELECT 1 FROM measurements x WHERE x.organization_id = m.organization_id AND x.metric_id = m.id)
			ORDER BY m.number, m.ref`, []any{org, org, isms.ObjectiveCancelled}},
	}
}

// readinessChangeQueries are the record lists of the planned changes.
func readinessChangeQueries(org isms.ID, today isms.Date, f *isms.PlanningFacts) []readinessQuery {
	return []readinessQuery{
		{&f.ISMSChangesOverdue, "isms_change", `SELECT id, ref, title FROM isms_changes
			WHERE organization_id = ? AND status IN (?, ?, ?)
			AND planned_on IS NOT NULL AND planned_on <> '' AND planned_on < ?
			ORDER BY number, ref`, []any{org, isms.ChangeProposed, isms.ChangeApproved, isms.ChangeInProgress, today}},
		{&f.ISMSChangesUnconsidered, "isms_change", `SELECT id, ref, title FROM isms_changes
			WHERE organization_id = ? AND status IN (?, ?, ?)
			AND (TRIM(consequences) = '' OR TRIM(resources) = '' OR TRIM(responsibilities) = '')
			ORDER BY number, ref`, []any{org, isms.ChangeApproved, isms.ChangeInProgress, isms.ChangeImplemented}},
	}
}

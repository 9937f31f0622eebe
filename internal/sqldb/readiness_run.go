// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// maxReadinessRuns bounds the runs one read returns: more days than the
// longest trend (two years).
const maxReadinessRuns = 1000

// SetReadinessRun keeps run as org's run of run.Day: it replaces a run of
// the same day unless that one is later, so the day keeps its latest.
func (tx *Tx) SetReadinessRun(ctx context.Context, org isms.ID, run isms.ReadinessRun) error {
	clauses, err := jsonText(run.Clauses)
	if err != nil {
		return fmt.Errorf("set readiness run: %w", err)
	}
	_, err = tx.exec(ctx, `
		INSERT INTO readiness_runs (organization_id, day, run_at, score, blockers, warnings, hints, clauses)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (organization_id, day) DO UPDATE SET
			run_at = excluded.run_at,
			score = excluded.score,
			blockers = excluded.blockers,
			warnings = excluded.warnings,
			hints = excluded.hints,
			clauses = excluded.clauses
		WHERE readiness_runs.run_at <= excluded.run_at`,
		org, run.Day, tx.ts(run.At), run.Score, run.Blockers, run.Warnings, run.Hints, clauses)
	if err != nil {
		return fmt.Errorf("set readiness run: %w", err)
	}
	return nil
}

// FindReadinessRuns returns org's runs from day since on (all of them
// when since is zero), oldest first.
func (tx *Tx) FindReadinessRuns(ctx context.Context, org isms.ID, since isms.Date) ([]isms.ReadinessRun, error) {
	rows, err := tx.query(ctx, `
		SELECT day, run_at, score, blockers, warnings, hints, clauses
		FROM readiness_runs
		WHERE organization_id = ? AND day >= ?
		ORDER BY day
		LIMIT ?`, org, since.String(), maxReadinessRuns)
	if err != nil {
		return nil, fmt.Errorf("select readiness runs: %w", err)
	}
	defer rows.Close()
	runs := []isms.ReadinessRun{}
	for rows.Next() {
		var run isms.ReadinessRun
		var clauses string
		if err := rows.Scan(&run.Day, (*timestamp)(&run.At), &run.Score, &run.Blockers, &run.Warnings, &run.Hints, &clauses); err != nil {
			return nil, fmt.Errorf("scan readiness run: %w", err)
		}
		run.Clauses = map[string]int{}
		if err := readJSON(clauses, "{}", &run.Clauses); err != nil {
			return nil, fmt.Errorf("readiness run %s clauses: %w", run.Day, err)
		}
		runs = append(runs, run)
	}
	return runs, rows.Err()
}

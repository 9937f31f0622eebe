// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// riskStatusOrder ranks the statuses in the order a risk moves through
// them, for sorting.
const riskStatusOrder = `CASE r.status WHEN 'identified' THEN 1 WHEN 'assessed' THEN 2 WHEN 'treatment_planned' THEN 3
	WHEN 'in_treatment' THEN 4 WHEN 'accepted' THEN 5 ELSE 6 END`

// riskSorts are the register's sort keys. References sort by their
// number, so that R-2 comes before R-10; levels by level, then reference.
// Unowned risks come first by owner. No key may contain a comma inside an
// expression: order splits on commas to make a key descending.
var riskSorts = map[string]string{
	"ref":        "r.number, r.ref",
	"title":      "LOWER(r.title), r.id",
	"owner":      "u.name IS NOT NULL, u.name, r.number, r.ref",
	"status":     riskStatusOrder + ", r.number, r.ref",
	"inherent":   "r.inherent_level, r.number, r.ref",
	"residual":   "r.residual_level, r.number, r.ref",
	"nextReview": "r.next_review IS NULL, r.next_review, r.number, r.ref",
	"updated":    "r.updated_at, r.id",
}

// riskBasis returns the likelihood, impact and level columns of basis:
// "inherent", or residual for anything else.
func riskBasis(basis string) (likelihood, impact, level string) {
	if basis == "inherent" {
		return "r.inherent_likelihood", "r.inherent_impact", "r.inherent_level"
	}
	return "r.residual_likelihood", "r.residual_impact", "r.residual_level"
}

// overdueActionRisks selects the risks of an organization (first
// argument) with a treatment action open before a day (second argument).
// It starts from the organization's overdue tasks (tasks_status_idx),
// which are few, rather than from every action of the register.
const overdueActionRisks = `SELECT x.risk_id FROM tasks t JOIN risk_actions x ON x.task_id = t.id
	WHERE t.organization_id = ? AND t.status = '` + string(isms.TaskOpen) + `' AND t.due_date < ?`

// riskWhere returns the conditions and arguments of f.
func riskWhere(f isms.RiskFilter) (string, []any) {
	where, args := "r.organization_id = ?", []any{f.OrgID}
	add := func(cond string, vals ...any) {
		where += " AND " + cond
		args = append(args, vals...)
	}
	if f.Search != "" {
		s := like(f.Search)
		add(`(LOWER(r.ref) LIKE ? ESCAPE '\' OR LOWER(r.title) LIKE ? ESCAPE '\' OR LOWER(r.event) LIKE ? ESCAPE '\'
			OR LOWER(r.threat) LIKE ? ESCAPE '\' OR LOWER(r.vulnerability) LIKE ? ESCAPE '\')`, s, s, s, s, s)
	}
	for _, c := range []struct {
		col string
		v   string
	}{{"r.owner_id", string(f.OwnerID)}, {"r.status", string(f.Status)}, {"r.treatment", string(f.Treatment)},
		{"r.kind", string(f.Kind)}, {"r.category", f.Category}} {
		if c.v != "" {
			add(c.col+" = ?", c.v)
		}
	}
	if f.Untreated {
		add("r.treatment = ''")
	}
	lcol, icol, levelCol := riskBasis(f.Basis)
	if f.Level > 0 {
		add(levelCol+" = ?", f.Level)
	}
	if f.Likelihood > 0 {
		add(lcol+" = ?", f.Likelihood)
	}
	if f.Impact > 0 {
		add(icol+" = ?", f.Impact)
	}
	if f.MethodID != "" && (f.Level > 0 || f.Likelihood > 0 || f.Impact > 0) {
		add("r.method_id = ?", f.MethodID)
	}
	if f.AssetID != "" {
		add("r.id IN (SELECT risk_id FROM risk_assets WHERE organization_id = ? AND asset_id = ?)", f.OrgID, f.AssetID)
	}
	if f.ControlID != "" {
		add("r.id IN (SELECT risk_id FROM risk_controls WHERE organization_id = ? AND control_id = ?)", f.OrgID, f.ControlID)
	}
	if f.Overdue {
		add(`r.status <> '`+string(isms.RiskClosed)+`' AND (r.next_review < ? OR r.id IN (`+overdueActionRisks+`))`,
			f.Today, f.OrgID, f.Today)
	}
	return where, args
}

// FindRisks returns a page of the risks of f.OrgID matching f, by
// reference by default, and the total matching. OverdueActions counts are
// as of f.Today.
func (tx *Tx) FindRisks(ctx context.Context, f isms.RiskFilter) ([]*isms.Risk, int, error) {
	where, args := riskWhere(f)
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM risks r WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count risks: %w", err)
	}
	if total == 0 || f.Offset >= total {
		return nil, total, nil
	}
	// The page's rows are chosen first, by ID, so that the counts of the
	// outer query are computed for those rows only, whatever the sort.
	sort := order(f.Sort, riskSorts, "ref")
	q := `SELECT ` + riskColumns + ` FROM (SELECT r.id FROM risks r LEFT JOIN users u ON u.id = r.owner_id WHERE ` +
		where + sort + ` LIMIT ? OFFSET ?) page JOIN risks r ON r.id = page.id` + riskJoins + sort
	list, err := tx.risks(ctx, q, append(append([]any{f.Today}, args...), isms.ClampPage(f.Limit), f.Offset)...)
	return list, total, err
}

// maxHeatCells caps the cells of a heatmap: a 10 × 10 matrix.
const maxHeatCells = isms.MaxScaleLevels * isms.MaxScaleLevels

// RiskHeatmap counts the risks f selects, ignoring its Level, Likelihood
// and Impact, per (likelihood, impact) cell of method version f.MethodID,
// on basis "inherent" or "residual". Only cells with risks scored on both
// axes are returned, by likelihood, then impact.
func (tx *Tx) RiskHeatmap(ctx context.Context, f isms.RiskFilter, basis string) ([]isms.HeatCell, error) {
	f.Level, f.Likelihood, f.Impact = 0, 0, 0
	where, args := riskWhere(f)
	lcol, icol, _ := riskBasis(basis)
	rows, err := tx.query(ctx, `SELECT `+lcol+`, `+icol+`, COUNT(*) FROM risks r WHERE `+where+
		` AND r.method_id = ? AND `+lcol+` > 0 AND `+icol+` > 0 GROUP BY `+lcol+`, `+icol+
		` ORDER BY `+lcol+`, `+icol+` LIMIT ?`, append(args, f.MethodID, maxHeatCells)...)
	if err != nil {
		return nil, fmt.Errorf("select risk heatmap: %w", err)
	}
	defer rows.Close()
	var out []isms.HeatCell
	for rows.Next() {
		var c isms.HeatCell
		if err := rows.Scan(&c.Likelihood, &c.Impact, &c.Count); err != nil {
			return nil, fmt.Errorf("scan heat cell: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// RiskFlagCounts counts org's open (not closed) risks per flag, as of
// today. FlagUntreated counts the risks scored under currentMethod whose
// inherent level is one of untreatedLevels (the levels that may not be
// retained) with no treatment chosen; FlagRescore the risks scored under
// another version than currentMethod. Both are 0 when currentMethod is "".
func (tx *Tx) RiskFlagCounts(ctx context.Context, org isms.ID, currentMethod isms.ID, untreatedLevels []int, today isms.Date) (map[isms.RiskFlag]int, error) {
	var sums []string
	var args []any
	sum := func(cond string, vals ...any) {
		sums = append(sums, `COALESCE(SUM(CASE WHEN `+cond+` THEN 1 ELSE 0 END), 0)`)
		args = append(args, vals...)
	}
	untreated, rescore := "1 = 0", "1 = 0"
	var untreatedArgs []any
	if currentMethod != "" && len(untreatedLevels) > 0 {
		untreated = `r.method_id = ? AND r.treatment = '' AND r.inherent_level IN (` + placeholders(len(untreatedLevels)) + `)`
		untreatedArgs = append(untreatedArgs, currentMethod)
		for _, l := range untreatedLevels {
			untreatedArgs = append(untreatedArgs, l)
		}
	}
	var rescoreArgs []any
	if currentMethod != "" {
		rescore, rescoreArgs = "r.method_id IS NOT NULL AND r.method_id <> ?", []any{currentMethod}
	}
	sum(untreated, untreatedArgs...)
	sum(`r.id IN (`+overdueActionRisks+`)`, org, today)
	sum(`r.next_review < ?`, today)
	sum(`r.acceptance_id = '' AND r.residual_level > 0`)
	sum(`r.acceptance_id <> '' AND (r.accepted_until IS NULL OR r.accepted_until <= ?)`, today)
	sum(rescore, rescoreArgs...)
	flags := []isms.RiskFlag{isms.FlagUntreated, isms.FlagActionOverdue, isms.FlagReviewOverdue,
		isms.FlagAcceptanceMissing, isms.FlagAcceptanceExpired, isms.FlagRescore}
	counts := make([]int, len(flags))
	dest := make([]any, len(flags))
	for i := range counts {
		dest[i] = &counts[i]
	}
	err := tx.queryRow(ctx, `SELECT `+strings.Join(sums, ", ")+` FROM risks r
		WHERE r.organization_id = ? AND r.status <> ?`, append(args, org, isms.RiskClosed)...).Scan(dest...)
	if err != nil {
		return nil, fmt.Errorf("count risk flags: %w", err)
	}
	out := make(map[isms.RiskFlag]int, len(flags))
	for i, f := range flags {
		out[f] = counts[i]
	}
	return out, nil
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// ISMS risks and opportunities (27001 6.1.1). Their actions are tasks
// linked to them (link type isms_risk); each record is read with how
// many of those are open and overdue.

// ismsRiskLinkType is the link type of tasks about an ISMS risk.
const ismsRiskLinkType = "isms_risk"

// ismsRiskColumns are the columns a record is read from, joined to its
// owner's account. The first placeholder is today, for the overdue count.
const ismsRiskColumns = `r.id, r.organization_id, r.ref, r.number, r.kind, r.title, r.description, r.likelihood, r.impact,
	COALESCE(r.owner_id, ''), COALESCE(u.name, ''), r.status, r.evaluation_method, r.evaluation, r.evaluated_on,
	r.effective, r.review_on, r.created_by, r.version, r.created_at, r.updated_at,
	(SELECT COUNT(*) FROM tasks t WHERE t.organization_id = r.organization_id AND t.link_type = '` + ismsRiskLinkType + `'
		AND t.link_id = r.id AND t.status = '` + string(isms.TaskOpen) + `'),
	(SELECT COUNT(*) FROM tasks t WHERE t.organization_id = r.organization_id AND t.link_type = '` + ismsRiskLinkType + `'
		AND t.link_id = r.id AND t.status = '` + string(isms.TaskOpen) + `' AND t.due_date < ?)`

const ismsRiskFrom = ` FROM isms_risks r LEFT JOIN users u ON u.id = r.owner_id`

// ismsRiskScore is the product of the weights of likelihood and impact
// (isms.ISMSRating), for filtering and sorting by rating.
const ismsRiskScore = `((CASE r.likelihood WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 ELSE 0 END) *
	(CASE r.impact WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 ELSE 0 END))`

func scanISMSRisk(s interface{ Scan(...any) error }) (*isms.ISMSRisk, error) {
	var r isms.ISMSRisk
	err := s.Scan(&r.ID, &r.OrgID, &r.Ref, &r.Number, &r.Kind, &r.Title, &r.Description, &r.Likelihood, &r.Impact,
		&r.OwnerID, &r.OwnerName, &r.Status, &r.EvaluationMethod, &r.Evaluation, &r.EvaluatedOn,
		&r.Effective, &r.ReviewOn, &r.CreatedBy, &r.Version, (*timestamp)(&r.CreatedAt), (*timestamp)(&r.UpdatedAt),
		&r.OpenActions, &r.OverdueActions)
	return &r, err
}

// InsertISMSRisk stores a new record at version 1 and sets its times.
func (tx *Tx) InsertISMSRisk(ctx context.Context, r *isms.ISMSRisk) error {
	r.Version, r.CreatedAt, r.UpdatedAt = 1, tx.now, tx.now
	_, err := tx.exec(ctx, `INSERT INTO isms_risks (id, organization_id, ref, number, kind, title, description, likelihood,
		impact, owner_id, status, evaluation_method, evaluation, evaluated_on, effective, review_on, created_by, version,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.OrgID, r.Ref, r.Number, r.Kind, r.Title, r.Description, r.Likelihood, r.Impact, nullID(r.OwnerID),
		r.Status, r.EvaluationMethod, r.Evaluation, r.EvaluatedOn, r.Effective, r.ReviewOn, r.CreatedBy, r.Version,
		tx.ts(r.CreatedAt), tx.ts(r.UpdatedAt))
	if err != nil {
		return fmt.Errorf("insert ISMS risk: %w", err)
	}
	return nil
}

// UpdateISMSRisk stores the fields of r, which was read at version, and
// advances its version; a changed version is a Conflict.
func (tx *Tx) UpdateISMSRisk(ctx context.Context, r *isms.ISMSRisk, version int) error {
	res, err := tx.exec(ctx, `UPDATE isms_risks SET kind = ?, title = ?, description = ?, likelihood = ?, impact = ?,
		owner_id = ?, status = ?, evaluation_method = ?, evaluation = ?, evaluated_on = ?, effective = ?, review_on = ?,
		version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		r.Kind, r.Title, r.Description, r.Likelihood, r.Impact, nullID(r.OwnerID), r.Status, r.EvaluationMethod,
		r.Evaluation, r.EvaluatedOn, r.Effective, r.ReviewOn, tx.ts(tx.now), r.OrgID, r.ID, version)
	if err != nil {
		return fmt.Errorf("update ISMS risk: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("ISMS risk or opportunity")
	}
	r.Version, r.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteISMSRisk deletes record id of org.
func (tx *Tx) DeleteISMSRisk(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "isms_risks", org, id, "No such ISMS risk or opportunity in this organization.")
}

// FindISMSRisk returns the record of org whose ID or reference ("RO-3",
// in any case) is key.
func (tx *Tx) FindISMSRisk(ctx context.Context, org isms.ID, key string) (*isms.ISMSRisk, error) {
	key = strings.TrimSpace(key)
	r, err := scanISMSRisk(tx.queryRow(ctx, `SELECT `+ismsRiskColumns+ismsRiskFrom+`
		WHERE r.organization_id = ? AND (r.id = ? OR r.ref = ?)`, isms.DateOf(tx.now), org, key, strings.ToUpper(key)))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("The organization has no ISMS risk or opportunity %q.", key))
	}
	return r, nil
}

// ismsRiskStatusOrder ranks the statuses in their order, for sorting.
const ismsRiskStatusOrder = `CASE r.status WHEN 'open' THEN 1 WHEN 'planned' THEN 2 WHEN 'addressed' THEN 3 ELSE 4 END`

// ismsRiskSorts are the list's sort keys.
var ismsRiskSorts = map[string]string{
	"ref":     "r.number, r.ref",
	"title":   "LOWER(r.title), r.number",
	"kind":    "r.kind, r.number",
	"rating":  ismsRiskScore + ", r.number",
	"status":  ismsRiskStatusOrder + ", r.number",
	"owner":   "u.name IS NULL, u.name, r.number",
	"review":  "r.review_on IS NULL, r.review_on, r.number",
	"updated": "r.updated_at, r.number",
}

// ismsRiskWhere returns the conditions and arguments of f.
func ismsRiskWhere(f isms.ISMSRiskFilter) (string, []any) {
	where, args := "r.organization_id = ?", []any{f.OrgID}
	add := func(cond string, vals ...any) {
		where += " AND " + cond
		args = append(args, vals...)
	}
	if f.Kind != "" {
		add("r.kind = ?", f.Kind)
	}
	if f.Status != "" {
		add("r.status = ?", f.Status)
	}
	if f.OwnerID != "" {
		add("r.owner_id = ?", f.OwnerID)
	}
	if f.Rating != "" {
		b := isms.ISMSRatingScores[f.Rating]
		add(ismsRiskScore+" BETWEEN ? AND ?", b[0], b[1])
	}
	if f.NoActions {
		add(`NOT EXISTS (SELECT 1 FROM tasks t WHERE t.organization_id = r.organization_id AND t.link_type = '` +
			ismsRiskLinkType + `' AND t.link_id = r.id AND t.status <> '` + string(isms.TaskCancelled) + `')`)
	}
	if f.EvaluationDue {
		add("r.status = ? AND r.effective = ''", isms.ISMSRiskAddressed)
	}
	return where, args
}

// FindISMSRisks returns a page of the records f selects, by reference by
// default, and the total matching.
func (tx *Tx) FindISMSRisks(ctx context.Context, f isms.ISMSRiskFilter) ([]*isms.ISMSRisk, int, error) {
	where, args := ismsRiskWhere(f)
	return findPage(ctx, tx, pageQuery{one: "ISMS risk", many: "ISMS risks", columns: ismsRiskColumns,
		columnArgs: []any{isms.DateOf(tx.now)}, from: ismsRiskFrom, count: ` FROM isms_risks r`, where: where, args: args,
		orderBy: order(f.Sort, ismsRiskSorts, "ref")}, f.Limit, f.Offset, scanISMSRisk)
}

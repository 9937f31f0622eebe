// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// riskColumns are the columns a risk is read from: the risk joined to its
// owner's account and its method version, then its linked assets and
// controls and its open and overdue treatment actions counted. The last
// count takes one argument, the day before which an open action is
// overdue.
const riskColumns = `r.id, r.organization_id, r.ref, r.title, r.kind, r.threat_source, r.event, r.consequence,
	r.threat, r.vulnerability, r.description, r.category, COALESCE(r.owner_id, ''), COALESCE(u.name, ''),
	COALESCE(r.method_id, ''), COALESCE(m.number, 0),
	r.inherent_likelihood, r.inherent_impact, r.inherent_c, r.inherent_i, r.inherent_a, r.inherent_level,
	r.residual_likelihood, r.residual_impact, r.residual_c, r.residual_i, r.residual_a, r.residual_level,
	r.treatment, r.treatment_plan, r.status, r.next_review, r.last_reviewed, r.review_task_id,
	r.acceptance_id, r.accepted_until, r.created_by, r.version, r.created_at, r.updated_at,
	(SELECT COUNT(*) FROM risk_assets x WHERE x.risk_id = r.id),
	(SELECT COUNT(*) FROM risk_controls x WHERE x.risk_id = r.id),
	(SELECT COUNT(*) FROM risk_actions x JOIN tasks t ON t.id = x.task_id
		WHERE x.organization_id = r.organization_id AND x.risk_id = r.id AND t.status = '` + string(isms.TaskOpen) + `'),
	(SELECT COUNT(*) FROM risk_actions x JOIN tasks t ON t.id = x.task_id
		WHERE x.organization_id = r.organization_id AND x.risk_id = r.id AND t.status = '` + string(isms.TaskOpen) + `'
		AND t.due_date < ?)`

const riskJoins = ` LEFT JOIN users u ON u.id = r.owner_id LEFT JOIN risk_methods m ON m.id = r.method_id`

const riskFrom = ` FROM risks r` + riskJoins

func scanRisk(s interface{ Scan(...any) error }) (*isms.Risk, error) {
	var r isms.Risk
	in, re := &r.Inherent, &r.Residual
	err := s.Scan(&r.ID, &r.OrgID, &r.Ref, &r.Title, &r.Kind, &r.ThreatSource, &r.Event, &r.Consequence,
		&r.Threat, &r.Vulnerability, &r.Description, &r.Category, &r.OwnerID, &r.OwnerName,
		&r.MethodID, &r.MethodNumber,
		&in.Likelihood, &in.Impact, &in.C, &in.I, &in.A, &in.Level,
		&re.Likelihood, &re.Impact, &re.C, &re.I, &re.A, &re.Level,
		&r.Treatment, &r.TreatmentPlan, &r.Status, &r.NextReview, &r.LastReviewed, &r.ReviewTaskID,
		&r.AcceptanceID, &r.AcceptedUntil, &r.CreatedBy, &r.Version,
		(*timestamp)(&r.CreatedAt), (*timestamp)(&r.UpdatedAt),
		&r.Assets, &r.Controls, &r.OpenActions, &r.OverdueActions)
	return &r, err
}

const insertRiskSQL = `INSERT INTO risks (id, organization_id, ref, number, title, kind, threat_source, event,
	consequence, threat, vulnerability, description, category, owner_id, method_id,
	inherent_likelihood, inherent_impact, inherent_c, inherent_i, inherent_a, inherent_level,
	residual_likelihood, residual_impact, residual_c, residual_i, residual_a, residual_level,
	treatment, treatment_plan, status, next_review, last_reviewed, review_task_id, acceptance_id,
	accepted_until, created_by, version, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// riskInsertColumns is how many arguments one risk of insertRiskSQL takes.
const riskInsertColumns = 39

func (tx *Tx) insertRiskArgs(r *isms.Risk) []any {
	r.Version, r.CreatedAt, r.UpdatedAt = 1, tx.now, tx.now
	in, re := r.Inherent, r.Residual
	return []any{r.ID, r.OrgID, r.Ref, refNumber(r.Ref), r.Title, r.Kind, r.ThreatSource, r.Event,
		r.Consequence, r.Threat, r.Vulnerability, r.Description, r.Category, nullID(r.OwnerID), nullID(r.MethodID),
		in.Likelihood, in.Impact, in.C, in.I, in.A, in.Level,
		re.Likelihood, re.Impact, re.C, re.I, re.A, re.Level,
		r.Treatment, r.TreatmentPlan, r.Status, r.NextReview, r.LastReviewed, r.ReviewTaskID, r.AcceptanceID,
		r.AcceptedUntil, r.CreatedBy, r.Version, tx.ts(r.CreatedAt), tx.ts(r.UpdatedAt)}
}

// duplicateRiskRef turns a violation of risks_ref_key into a Conflict.
func duplicateRiskRef(err error, ref string) error {
	if isUniqueIndex(err, "risks_ref_key", "risks.organization_id, risks.ref") {
		return isms.Errorf(isms.Conflict, "Another risk has the reference %q; choose another.", ref)
	}
	return err
}

// InsertRisk stores a new risk at version 1 and sets its times.
func (tx *Tx) InsertRisk(ctx context.Context, r *isms.Risk) error {
	if _, err := tx.exec(ctx, insertRiskSQL, tx.insertRiskArgs(r)...); err != nil {
		if err := duplicateRiskRef(err, r.Ref); isms.ErrorCode(err) != "" {
			return err
		}
		return fmt.Errorf("insert risk: %w", err)
	}
	return nil
}

// risksPerInsert is how many risks one statement of InsertRisks carries:
// 39 arguments a row, 19,500 a statement, under SQLite's 32,766.
const risksPerInsert = 500

// InsertRisks stores many new risks with multi-row INSERT statements, for
// bulk loads and imports.
func (tx *Tx) InsertRisks(ctx context.Context, rs []*isms.Risk) error {
	row := "(" + placeholders(riskInsertColumns) + ")"
	head, _, _ := strings.Cut(insertRiskSQL, "VALUES")
	for start := 0; start < len(rs); start += risksPerInsert {
		batch := rs[start:min(start+risksPerInsert, len(rs))]
		args := make([]any, 0, riskInsertColumns*len(batch))
		for _, r := range batch {
			args = append(args, tx.insertRiskArgs(r)...)
		}
		if _, err := tx.exec(ctx, head+"VALUES "+repeatList(row, len(batch)), args...); err != nil {
			if isUniqueIndex(err, "risks_ref_key", "risks.organization_id, risks.ref") {
				return isms.Errorf(isms.Conflict, "A reference of risks %d to %d is taken already.", start+1, start+len(batch))
			}
			return fmt.Errorf("insert risks %d to %d: %w", start+1, start+len(batch), err)
		}
	}
	return nil
}

// UpdateRisk stores the fields of r, which was read at version, and
// advances its version; a changed version is a Conflict.
func (tx *Tx) UpdateRisk(ctx context.Context, r *isms.Risk, version int) error {
	in, re := r.Inherent, r.Residual
	res, err := tx.exec(ctx, `UPDATE risks SET ref = ?, number = ?, title = ?, kind = ?, threat_source = ?, event = ?,
		consequence = ?, threat = ?, vulnerability = ?, description = ?, category = ?, owner_id = ?, method_id = ?,
		inherent_likelihood = ?, inherent_impact = ?, inherent_c = ?, inherent_i = ?, inherent_a = ?, inherent_level = ?,
		residual_likelihood = ?, residual_impact = ?, residual_c = ?, residual_i = ?, residual_a = ?, residual_level = ?,
		treatment = ?, treatment_plan = ?, status = ?, next_review = ?, last_reviewed = ?, review_task_id = ?,
		acceptance_id = ?, accepted_until = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		r.Ref, refNumber(r.Ref), r.Title, r.Kind, r.ThreatSource, r.Event,
		r.Consequence, r.Threat, r.Vulnerability, r.Description, r.Category, nullID(r.OwnerID), nullID(r.MethodID),
		in.Likelihood, in.Impact, in.C, in.I, in.A, in.Level,
		re.Likelihood, re.Impact, re.C, re.I, re.A, re.Level,
		r.Treatment, r.TreatmentPlan, r.Status, r.NextReview, r.LastReviewed, r.ReviewTaskID,
		r.AcceptanceID, r.AcceptedUntil, tx.ts(tx.now), r.OrgID, r.ID, version)
	if err != nil {
		if err := duplicateRiskRef(err, r.Ref); isms.ErrorCode(err) != "" {
			return err
		}
		return fmt.Errorf("update risk: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("risk")
	}
	r.Version, r.UpdatedAt = version+1, tx.now
	return nil
}

// FindRiskByID returns risk id of org. Its OverdueActions count is as of
// the transaction's day (UTC).
func (tx *Tx) FindRiskByID(ctx context.Context, org, id isms.ID) (*isms.Risk, error) {
	return tx.findRisk(ctx, "r.id = ?", org, id, "", "No such risk in this organization.")
}

// FindRiskByIDForUpdate is FindRiskByID that also locks the risk's row
// until the transaction ends (PostgreSQL).
func (tx *Tx) FindRiskByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.Risk, error) {
	lock := ""
	if tx.dialect == Postgres {
		lock = " FOR UPDATE OF r"
	}
	return tx.findRisk(ctx, "r.id = ?", org, id, lock, "No such risk in this organization.")
}

// FindRiskByRef returns the risk of org with reference ref.
func (tx *Tx) FindRiskByRef(ctx context.Context, org isms.ID, ref string) (*isms.Risk, error) {
	return tx.findRisk(ctx, "r.ref = ?", org, ref, "", fmt.Sprintf("The organization has no risk %q.", ref))
}

func (tx *Tx) findRisk(ctx context.Context, cond string, org isms.ID, key any, lock, msg string) (*isms.Risk, error) {
	r, err := scanRisk(tx.queryRow(ctx, `SELECT `+riskColumns+riskFrom+`
		WHERE r.organization_id = ? AND `+cond+lock, isms.DateOf(tx.now), org, key))
	if err != nil {
		return nil, notFound(err, msg)
	}
	return r, nil
}

// FindRisksByMethod returns every risk of org scored under method version
// methodID, by reference, without a page limit: re-scoring moves them all.
func (tx *Tx) FindRisksByMethod(ctx context.Context, org, methodID isms.ID) ([]*isms.Risk, error) {
	return tx.risks(ctx, `SELECT `+riskColumns+riskFrom+` WHERE r.organization_id = ? AND r.method_id = ?
		ORDER BY r.number, r.ref`, isms.DateOf(tx.now), org, methodID)
}

// AllRisks returns every risk of org, by reference, without a page limit,
// for assessment snapshots and exports. OverdueActions counts are as of the
// transaction's day (UTC).
func (tx *Tx) AllRisks(ctx context.Context, org isms.ID) ([]*isms.Risk, error) {
	return tx.risks(ctx, `SELECT `+riskColumns+riskFrom+` WHERE r.organization_id = ?
		ORDER BY r.number, r.ref`, isms.DateOf(tx.now), org)
}

func (tx *Tx) risks(ctx context.Context, q string, args ...any) ([]*isms.Risk, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("select risks: %w", err)
	}
	defer rows.Close()
	var out []*isms.Risk
	for rows.Next() {
		r, err := scanRisk(rows)
		if err != nil {
			return nil, fmt.Errorf("scan risk: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DeleteRisk deletes risk id of org with its links to assets and
// controls, its treatment-action rows (the tasks themselves stay) and its
// acceptance records.
func (tx *Tx) DeleteRisk(ctx context.Context, org, id isms.ID) error {
	for _, table := range []string{"risk_assets", "risk_controls", "risk_actions", "risk_acceptances"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE organization_id = ? AND risk_id = ?`, org, id); err != nil {
			return fmt.Errorf("delete %s of risk: %w", table, err)
		}
	}
	res, err := tx.exec(ctx, `DELETE FROM risks WHERE organization_id = ? AND id = ?`, org, id)
	if err != nil {
		return fmt.Errorf("delete risk: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.NotFound, "No such risk in this organization.")
	}
	return nil
}

// MaxRiskNumber returns the highest reference number of org's risks, 0
// when it has none.
func (tx *Tx) MaxRiskNumber(ctx context.Context, org isms.ID) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COALESCE(MAX(number), 0) FROM risks WHERE organization_id = ?`, org).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("max risk number: %w", err)
	}
	return n, nil
}

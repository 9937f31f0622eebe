// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// Information security objectives (27001 6.2), read with their owner's
// name and the reference and title of the policy they serve.

const objectiveColumns = `o.id, o.organization_id, o.ref, o.number, o.statement, COALESCE(o.policy_id, ''),
	COALESCE(d.ref, ''), COALESCE(d.title, ''), o.target, COALESCE(o.owner_id, ''), COALESCE(u.name, ''),
	o.resources, o.due_on, o.evaluation, o.status, o.created_by, o.version, o.created_at, o.updated_at`

const objectiveFrom = ` FROM objectives o LEFT JOIN users u ON u.id = o.owner_id
	LEFT JOIN documents d ON d.organization_id = o.organization_id AND d.id = o.policy_id`

func scanObjective(s interface{ Scan(...any) error }) (*isms.Objective, error) {
	var o isms.Objective
	err := s.Scan(&o.ID, &o.OrgID, &o.Ref, &o.Number, &o.Statement, &o.PolicyID, &o.PolicyRef, &o.PolicyTitle,
		&o.Target, &o.OwnerID, &o.OwnerName, &o.Resources, &o.DueOn, &o.Evaluation, &o.Status, &o.CreatedBy,
		&o.Version, (*timestamp)(&o.CreatedAt), (*timestamp)(&o.UpdatedAt))
	return &o, err
}

// InsertObjective stores a new objective at version 1 and sets its times
// and its reference number.
func (tx *Tx) InsertObjective(ctx context.Context, o *isms.Objective) error {
	o.Version, o.CreatedAt, o.UpdatedAt, o.Number = 1, tx.now, tx.now, refNumber(o.Ref)
	_, err := tx.exec(ctx, `INSERT INTO objectives (id, organization_id, ref, number, statement, policy_id, target,
		owner_id, resources, due_on, evaluation, status, created_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.OrgID, o.Ref, o.Number, o.Statement, nullID(o.PolicyID), o.Target, nullID(o.OwnerID), o.Resources,
		o.DueOn, o.Evaluation, o.Status, o.CreatedBy, o.Version, tx.ts(o.CreatedAt), tx.ts(o.UpdatedAt))
	if err != nil {
		return fmt.Errorf("insert objective: %w", err)
	}
	return nil
}

// UpdateObjective stores the fields of o, which was read at version, and
// advances its version; a changed version is a Conflict. The reference
// never changes.
func (tx *Tx) UpdateObjective(ctx context.Context, o *isms.Objective, version int) error {
	res, err := tx.exec(ctx, `UPDATE objectives SET statement = ?, policy_id = ?, target = ?, owner_id = ?,
		resources = ?, due_on = ?, evaluation = ?, status = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		o.Statement, nullID(o.PolicyID), o.Target, nullID(o.OwnerID), o.Resources, o.DueOn, o.Evaluation, o.Status,
		tx.ts(tx.now), o.OrgID, o.ID, version)
	if err != nil {
		return fmt.Errorf("update objective: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("objective")
	}
	o.Version, o.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteObjective deletes objective id of org.
func (tx *Tx) DeleteObjective(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "objectives", org, id, "No such objective in this organization.")
}

// FindObjectiveByID returns objective id of org.
func (tx *Tx) FindObjectiveByID(ctx context.Context, org, id isms.ID) (*isms.Objective, error) {
	o, err := scanObjective(tx.queryRow(ctx, `SELECT `+objectiveColumns+objectiveFrom+`
		WHERE o.organization_id = ? AND o.id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such objective in this organization.")
	}
	return o, nil
}

// FindObjectiveByRef returns the objective of org with reference ref
// ("OBJ-3").
func (tx *Tx) FindObjectiveByRef(ctx context.Context, org isms.ID, ref string) (*isms.Objective, error) {
	o, err := scanObjective(tx.queryRow(ctx, `SELECT `+objectiveColumns+objectiveFrom+`
		WHERE o.organization_id = ? AND o.ref = ?`, org, ref))
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("The organization has no objective %q.", ref))
	}
	return o, nil
}

// objectiveStatusOrder ranks the statuses in display order, for sorting.
const objectiveStatusOrder = `CASE o.status WHEN 'planned' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'achieved' THEN 3
	WHEN 'not_achieved' THEN 4 ELSE 5 END`

// objectiveSorts are the list's sort keys. Objectives without a due date
// or an owner come last.
var objectiveSorts = map[string]string{
	"ref":       "o.number, o.ref",
	"statement": "LOWER(o.statement), o.number",
	"status":    objectiveStatusOrder + ", o.number",
	"owner":     "u.name IS NULL, u.name, o.number",
	"dueOn":     "o.due_on IS NULL, o.due_on, o.number",
	"updated":   "o.updated_at, o.number",
}

// objectiveWhere returns the condition and arguments selecting the
// objectives of org that f selects.
func objectiveWhere(org isms.ID, f isms.ObjectiveFilter) (string, []any) {
	where, args := []string{"o.organization_id = ?"}, []any{org}
	if f.Status != "" {
		where, args = append(where, "o.status = ?"), append(args, f.Status)
	}
	if f.OwnerID != "" {
		where, args = append(where, "o.owner_id = ?"), append(args, f.OwnerID)
	}
	if !f.DueBefore.IsZero() {
		where, args = append(where, "o.due_on < ?"), append(args, f.DueBefore)
	}
	if !f.OverdueOn.IsZero() {
		where = append(where, "o.due_on < ? AND o.status IN (?, ?)")
		args = append(args, f.OverdueOn, isms.ObjectivePlanned, isms.ObjectiveInProgress)
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		p := like(s)
		where = append(where, `(LOWER(o.ref) LIKE ? ESCAPE '\' OR LOWER(o.statement) LIKE ? ESCAPE '\'
			OR LOWER(o.target) LIKE ? ESCAPE '\')`)
		args = append(args, p, p, p)
	}
	return strings.Join(where, " AND "), args
}

// FindObjectives returns a page of the objectives of org that f selects,
// by reference by default, and the total matching.
func (tx *Tx) FindObjectives(ctx context.Context, org isms.ID, f isms.ObjectiveFilter) ([]*isms.Objective, int, error) {
	where, args := objectiveWhere(org, f)
	return findPage(ctx, tx, pageQuery{one: "objective", many: "objectives", columns: objectiveColumns,
		from: objectiveFrom, where: where, args: args, orderBy: order(f.Sort, objectiveSorts, "ref")},
		f.Limit, f.Offset, scanObjective)
}

// maxObjectiveMetricLinks caps the links ObjectiveMetrics reads.
const maxObjectiveMetricLinks = 10000

// ObjectiveMetrics returns, for each of the objectives ids of org, the
// IDs of the metrics that measure it (record links objective → metric),
// ordered by metric reference number. Objectives without one are absent.
func (tx *Tx) ObjectiveMetrics(ctx context.Context, org isms.ID, ids []isms.ID) (map[isms.ID][]isms.ID, error) {
	out := map[isms.ID][]isms.ID{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{org}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := tx.query(ctx, `SELECT l.from_id, l.to_id FROM record_links l
		LEFT JOIN metrics m ON m.organization_id = l.organization_id AND m.id = l.to_id
		WHERE l.organization_id = ? AND l.from_type = 'objective' AND l.to_type = 'metric'
		AND l.from_id IN (`+placeholders(len(ids))+`)
		ORDER BY l.from_id, m.number, l.to_id LIMIT `+fmt.Sprint(maxObjectiveMetricLinks), args...)
	if err != nil {
		return nil, fmt.Errorf("select objective metrics: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var from, to isms.ID
		if err := rows.Scan(&from, &to); err != nil {
			return nil, fmt.Errorf("scan objective metric: %w", err)
		}
		out[from] = append(out[from], to)
	}
	return out, rows.Err()
}

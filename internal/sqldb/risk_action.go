// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// riskActionColumns are the columns a treatment action is read from: its
// row joined to its task, the task's owner and the control it carries out.
const riskActionColumns = `SELECT t.id, x.risk_id, COALESCE(x.control_id, ''), COALESCE(c.ref, ''), t.title,
	t.owner_id, u.name, t.due_date, t.status
	FROM risk_actions x
	JOIN tasks t ON t.id = x.task_id
	JOIN users u ON u.id = t.owner_id
	LEFT JOIN controls c ON c.id = x.control_id`

// maxRiskActions caps the actions read for one risk.
const maxRiskActions = 10000

func scanRiskAction(s interface{ Scan(...any) error }) (isms.TreatmentAction, error) {
	var a isms.TreatmentAction
	err := s.Scan(&a.TaskID, &a.RiskID, &a.ControlID, &a.ControlRef, &a.Title, &a.OwnerID, &a.OwnerName, &a.Due, &a.Status)
	return a, err
}

// InsertRiskAction makes task taskID an action of the treatment plan of
// risk riskID of org, carrying out control controlID ("" for none). The
// caller checks that all three belong to org.
func (tx *Tx) InsertRiskAction(ctx context.Context, org, riskID, taskID, controlID isms.ID) error {
	_, err := tx.exec(ctx, `INSERT INTO risk_actions (task_id, organization_id, risk_id, control_id) VALUES (?, ?, ?, ?)`,
		taskID, org, riskID, nullID(controlID))
	if isUniqueIndex(err, "risk_actions_pkey", "risk_actions.task_id") {
		return isms.Errorf(isms.Conflict, "This task is an action of a treatment plan already.")
	}
	if err != nil {
		return fmt.Errorf("insert risk action: %w", err)
	}
	return nil
}

// DeleteRiskAction removes task taskID of org from the treatment plan it
// belongs to; the task itself stays.
func (tx *Tx) DeleteRiskAction(ctx context.Context, org, taskID isms.ID) error {
	res, err := tx.exec(ctx, `DELETE FROM risk_actions WHERE organization_id = ? AND task_id = ?`, org, taskID)
	if err != nil {
		return fmt.Errorf("delete risk action: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.NotFound, "No such action in a treatment plan of this organization.")
	}
	return nil
}

// RiskActions returns the actions of the treatment plan of risk riskID of
// org, by due date.
func (tx *Tx) RiskActions(ctx context.Context, org, riskID isms.ID) ([]isms.TreatmentAction, error) {
	rows, err := tx.query(ctx, riskActionColumns+` WHERE x.organization_id = ? AND x.risk_id = ?
		ORDER BY t.due_date, t.id LIMIT ?`, org, riskID, maxRiskActions)
	if err != nil {
		return nil, fmt.Errorf("select risk actions: %w", err)
	}
	defer rows.Close()
	var out []isms.TreatmentAction
	for rows.Next() {
		a, err := scanRiskAction(rows)
		if err != nil {
			return nil, fmt.Errorf("scan risk action: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindRiskAction returns the treatment action that task taskID of org is.
func (tx *Tx) FindRiskAction(ctx context.Context, org, taskID isms.ID) (*isms.TreatmentAction, error) {
	a, err := scanRiskAction(tx.queryRow(ctx, riskActionColumns+` WHERE x.organization_id = ? AND x.task_id = ?`, org, taskID))
	if err != nil {
		return nil, notFound(err, "No such action in a treatment plan of this organization.")
	}
	return &a, nil
}

// RiskActionTotals returns, for each risk of org with treatment actions,
// how many of its actions are open ([0]) and done ([1]); cancelled actions
// are not counted. Assessment snapshots use it.
func (tx *Tx) RiskActionTotals(ctx context.Context, org isms.ID) (map[isms.ID][2]int, error) {
	rows, err := tx.query(ctx, `SELECT x.risk_id,
		COALESCE(SUM(CASE WHEN t.status = ? THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN t.status = ? THEN 1 ELSE 0 END), 0)
		FROM risk_actions x JOIN tasks t ON t.id = x.task_id
		WHERE x.organization_id = ? GROUP BY x.risk_id`, isms.TaskOpen, isms.TaskDone, org)
	if err != nil {
		return nil, fmt.Errorf("count risk actions: %w", err)
	}
	defer rows.Close()
	out := map[isms.ID][2]int{}
	for rows.Next() {
		var id isms.ID
		var n [2]int
		if err := rows.Scan(&id, &n[0], &n[1]); err != nil {
			return nil, fmt.Errorf("scan risk action count: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

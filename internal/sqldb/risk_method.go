// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// riskMethodContent is what the content column of risk_methods holds: the
// scales, levels and matrix of one version as JSON. The other fields of a
// method have columns of their own.
type riskMethodContent struct {
	Likelihood []isms.RiskScaleLevel `json:"likelihood"`
	Impact     []isms.RiskScaleLevel `json:"impact"`
	CIA        bool                  `json:"cia"`
	ImpactRule isms.ImpactRule       `json:"impactRule,omitempty"`
	Levels     []isms.RiskLevel      `json:"levels"`
	Matrix     [][]int               `json:"matrix"`
}

// riskMethodColumns are the columns a method version is read from.
const riskMethodColumns = `m.id, m.organization_id, m.number, m.name, m.description, m.content, m.review_months,
	m.status, m.approved_at, m.approval_id, m.created_by, m.version, m.created_at, m.updated_at`

// maxRiskMethods caps the versions read at once; an organization makes a
// few in its life.
const maxRiskMethods = 1000

func scanRiskMethod(s interface{ Scan(...any) error }) (*isms.RiskMethod, error) {
	var m isms.RiskMethod
	var content string
	err := s.Scan(&m.ID, &m.OrgID, &m.Number, &m.Name, &m.Description, &content, &m.ReviewMonths,
		&m.Status, (*timestamp)(&m.ApprovedAt), &m.ApprovalID, &m.CreatedBy, &m.Version,
		(*timestamp)(&m.CreatedAt), (*timestamp)(&m.UpdatedAt))
	if err != nil {
		return nil, err
	}
	var c riskMethodContent
	if err := json.Unmarshal([]byte(content), &c); err != nil {
		return nil, fmt.Errorf("risk method %s: content: %w", m.ID, err)
	}
	m.Likelihood, m.Impact, m.CIA, m.ImpactRule, m.Levels, m.Matrix = c.Likelihood, c.Impact, c.CIA, c.ImpactRule, c.Levels, c.Matrix
	return &m, nil
}

// riskMethodJSON returns the content column of m.
func riskMethodJSON(m *isms.RiskMethod) (string, error) {
	b, err := json.Marshal(riskMethodContent{m.Likelihood, m.Impact, m.CIA, m.ImpactRule, m.Levels, m.Matrix})
	if err != nil {
		return "", fmt.Errorf("encode risk method: %w", err)
	}
	return string(b), nil
}

// InsertRiskMethod stores a new method version at edit revision 1 and sets
// its times. A number the organization has used already is a Conflict.
func (tx *Tx) InsertRiskMethod(ctx context.Context, m *isms.RiskMethod) error {
	content, err := riskMethodJSON(m)
	if err != nil {
		return err
	}
	m.Version, m.CreatedAt, m.UpdatedAt = 1, tx.now, tx.now
	_, err = tx.exec(ctx, `INSERT INTO risk_methods (id, organization_id, number, name, description, content,
		review_months, status, approved_at, approval_id, created_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.OrgID, m.Number, m.Name, m.Description, content, m.ReviewMonths, m.Status,
		tx.ts(m.ApprovedAt), m.ApprovalID, m.CreatedBy, m.Version, tx.ts(m.CreatedAt), tx.ts(m.UpdatedAt))
	if isUniqueIndex(err, "risk_methods_number_key", "risk_methods.organization_id, risk_methods.number") {
		return isms.Errorf(isms.Conflict, "Version %d of the risk method exists already; reload the page and try again.", m.Number)
	}
	if err != nil {
		return fmt.Errorf("insert risk method: %w", err)
	}
	return nil
}

// UpdateRiskMethod stores every field of m, which was read at version, and
// advances its version; a changed version is a Conflict.
func (tx *Tx) UpdateRiskMethod(ctx context.Context, m *isms.RiskMethod, version int) error {
	content, err := riskMethodJSON(m)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE risk_methods SET name = ?, description = ?, content = ?, review_months = ?,
		status = ?, approved_at = ?, approval_id = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		m.Name, m.Description, content, m.ReviewMonths, m.Status, tx.ts(m.ApprovedAt), m.ApprovalID,
		tx.ts(tx.now), m.OrgID, m.ID, version)
	if err != nil {
		return fmt.Errorf("update risk method: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("risk method")
	}
	m.Version, m.UpdatedAt = version+1, tx.now
	return nil
}

// FindRiskMethodByID returns method version id of org.
func (tx *Tx) FindRiskMethodByID(ctx context.Context, org, id isms.ID) (*isms.RiskMethod, error) {
	return tx.findRiskMethod(ctx, org, id, "")
}

// FindRiskMethodByIDForUpdate is FindRiskMethodByID that also locks the
// row until the transaction ends (PostgreSQL).
func (tx *Tx) FindRiskMethodByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.RiskMethod, error) {
	return tx.findRiskMethod(ctx, org, id, tx.forUpdate())
}

func (tx *Tx) findRiskMethod(ctx context.Context, org, id isms.ID, lock string) (*isms.RiskMethod, error) {
	m, err := scanRiskMethod(tx.queryRow(ctx, `SELECT `+riskMethodColumns+` FROM risk_methods m
		WHERE m.organization_id = ? AND m.id = ?`+lock, org, id))
	if err != nil {
		return nil, notFound(err, "No such risk method version in this organization.")
	}
	return m, nil
}

// FindRiskMethods returns every version of org's method, newest first.
func (tx *Tx) FindRiskMethods(ctx context.Context, org isms.ID) ([]*isms.RiskMethod, error) {
	rows, err := tx.query(ctx, `SELECT `+riskMethodColumns+` FROM risk_methods m
		WHERE m.organization_id = ? ORDER BY m.number DESC LIMIT ?`, org, maxRiskMethods)
	if err != nil {
		return nil, fmt.Errorf("select risk methods: %w", err)
	}
	defer rows.Close()
	var out []*isms.RiskMethod
	for rows.Next() {
		m, err := scanRiskMethod(rows)
		if err != nil {
			return nil, fmt.Errorf("scan risk method: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// FindCurrentRiskMethod returns org's approved method version, the one new
// scores use; NotFound when none is approved yet.
func (tx *Tx) FindCurrentRiskMethod(ctx context.Context, org isms.ID) (*isms.RiskMethod, error) {
	m, err := scanRiskMethod(tx.queryRow(ctx, `SELECT `+riskMethodColumns+` FROM risk_methods m
		WHERE m.organization_id = ? AND m.status = ? ORDER BY m.number DESC LIMIT 1`, org, isms.MethodApproved))
	if err != nil {
		return nil, notFound(err, "The organization has no approved risk method yet. Create one and submit it for approval.")
	}
	return m, nil
}

// MaxRiskMethodNumber returns the highest version number of org's method,
// 0 when it has none.
func (tx *Tx) MaxRiskMethodNumber(ctx context.Context, org isms.ID) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COALESCE(MAX(number), 0) FROM risk_methods WHERE organization_id = ?`, org).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("max risk method number: %w", err)
	}
	return n, nil
}

// DeleteRiskMethod deletes method version id of org. The caller makes
// sure it is a draft no risk is scored under.
func (tx *Tx) DeleteRiskMethod(ctx context.Context, org, id isms.ID) error {
	res, err := tx.exec(ctx, `DELETE FROM risk_methods WHERE organization_id = ? AND id = ?`, org, id)
	if err != nil {
		return fmt.Errorf("delete risk method: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return isms.Errorf(isms.NotFound, "No such risk method version in this organization.")
	}
	return nil
}

// CountRisksByMethod returns how many of org's risks are scored under each
// method version; versions without risks are absent.
func (tx *Tx) CountRisksByMethod(ctx context.Context, org isms.ID) (map[isms.ID]int, error) {
	rows, err := tx.query(ctx, `SELECT method_id, COUNT(*) FROM risks
		WHERE organization_id = ? AND method_id IS NOT NULL GROUP BY method_id LIMIT ?`, org, maxRiskMethods)
	if err != nil {
		return nil, fmt.Errorf("count risks by method: %w", err)
	}
	defer rows.Close()
	out := map[isms.ID]int{}
	for rows.Next() {
		var id isms.ID
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("scan risk count: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

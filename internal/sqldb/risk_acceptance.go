// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// riskAcceptanceColumns are the columns an acceptance is read from.
const riskAcceptanceColumns = `SELECT id, organization_id, risk_id, accepted_by, accepted_by_name, accepted_at,
	method_id, method_number, residual_likelihood, residual_impact, residual_c, residual_i, residual_a,
	residual_level, level_label, comment, expires_on, ended_at, end_reason FROM risk_acceptances`

// maxRiskAcceptances caps the acceptances read for one risk.
const maxRiskAcceptances = 1000

func scanRiskAcceptance(s interface{ Scan(...any) error }) (*isms.RiskAcceptance, error) {
	var a isms.RiskAcceptance
	re := &a.Residual
	err := s.Scan(&a.ID, &a.OrgID, &a.RiskID, &a.AcceptedBy, &a.AcceptedByName, (*timestamp)(&a.AcceptedAt),
		&a.MethodID, &a.MethodNumber, &re.Likelihood, &re.Impact, &re.C, &re.I, &re.A,
		&re.Level, &a.LevelLabel, &a.Comment, &a.ExpiresOn, (*timestamp)(&a.EndedAt), &a.EndReason)
	return &a, err
}

// InsertRiskAcceptance stores a new acceptance; a zero AcceptedAt becomes
// the transaction's time.
func (tx *Tx) InsertRiskAcceptance(ctx context.Context, a *isms.RiskAcceptance) error {
	a.AcceptedAt = a.AcceptedAt.UTC().Truncate(time.Microsecond)
	if a.AcceptedAt.IsZero() {
		a.AcceptedAt = tx.now
	}
	re := a.Residual
	_, err := tx.exec(ctx, `INSERT INTO risk_acceptances (id, organization_id, risk_id, accepted_by, accepted_by_name,
		accepted_at, method_id, method_number, residual_likelihood, residual_impact, residual_c, residual_i, residual_a,
		residual_level, level_label, comment, expires_on, ended_at, end_reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.OrgID, a.RiskID, a.AcceptedBy, a.AcceptedByName, tx.ts(a.AcceptedAt),
		a.MethodID, a.MethodNumber, re.Likelihood, re.Impact, re.C, re.I, re.A,
		re.Level, a.LevelLabel, a.Comment, a.ExpiresOn, tx.ts(a.EndedAt), a.EndReason)
	if err != nil {
		return fmt.Errorf("insert risk acceptance: %w", err)
	}
	return nil
}

// EndRiskAcceptance records that acceptance id of org stopped counting at
// at, for reason. An acceptance that ended already keeps its first end.
func (tx *Tx) EndRiskAcceptance(ctx context.Context, org, id isms.ID, at time.Time, reason string) error {
	res, err := tx.exec(ctx, `UPDATE risk_acceptances SET ended_at = ?, end_reason = ?
		WHERE organization_id = ? AND id = ? AND ended_at IS NULL`, tx.ts(at), reason, org, id)
	if err != nil {
		return fmt.Errorf("end risk acceptance: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		_, err := tx.FindRiskAcceptanceByID(ctx, org, id)
		return err
	}
	return nil
}

// RiskAcceptances returns the acceptances of risk riskID of org, newest
// first.
func (tx *Tx) RiskAcceptances(ctx context.Context, org, riskID isms.ID) ([]*isms.RiskAcceptance, error) {
	rows, err := tx.query(ctx, riskAcceptanceColumns+` WHERE organization_id = ? AND risk_id = ?
		ORDER BY accepted_at DESC, id DESC LIMIT ?`, org, riskID, maxRiskAcceptances)
	if err != nil {
		return nil, fmt.Errorf("select risk acceptances: %w", err)
	}
	defer rows.Close()
	var out []*isms.RiskAcceptance
	for rows.Next() {
		a, err := scanRiskAcceptance(rows)
		if err != nil {
			return nil, fmt.Errorf("scan risk acceptance: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindRiskAcceptanceByID returns acceptance id of org.
func (tx *Tx) FindRiskAcceptanceByID(ctx context.Context, org, id isms.ID) (*isms.RiskAcceptance, error) {
	a, err := scanRiskAcceptance(tx.queryRow(ctx, riskAcceptanceColumns+` WHERE organization_id = ? AND id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such risk acceptance in this organization.")
	}
	return a, nil
}

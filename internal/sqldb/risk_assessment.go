// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// riskAssessmentColumns are the columns an assessment is read from,
// without its snapshot.
const riskAssessmentColumns = `id, organization_id, title, reason, performed_on, COALESCE(method_id, ''), method_number,
	risk_count, sha256, created_by, created_by_name, created_at`

func scanRiskAssessment(s interface{ Scan(...any) error }, extra ...any) (*isms.RiskAssessment, error) {
	var a isms.RiskAssessment
	err := s.Scan(append([]any{&a.ID, &a.OrgID, &a.Title, &a.Reason, &a.PerformedOn, &a.MethodID, &a.MethodNumber,
		&a.RiskCount, &a.SHA256, &a.CreatedBy, &a.CreatedByName, (*timestamp)(&a.CreatedAt)}, extra...)...)
	return &a, err
}

// InsertRiskAssessment stores a new assessment with its entries as the
// snapshot. It sets RiskCount to the number of entries, CreatedAt to the
// transaction's time and, when empty, SHA256 to the hash of the stored
// snapshot. Assessments are never changed afterwards.
func (tx *Tx) InsertRiskAssessment(ctx context.Context, a *isms.RiskAssessment) error {
	entries := a.Entries
	if entries == nil {
		entries = []isms.AssessmentEntry{}
	}
	snapshot, err := json.Marshal(entries)
	if err != nil {
		return fmt.Errorf("encode risk assessment: %w", err)
	}
	if a.SHA256 == "" {
		sum := sha256.Sum256(snapshot)
		a.SHA256 = hex.EncodeToString(sum[:])
	}
	a.RiskCount, a.CreatedAt = len(a.Entries), tx.now
	_, err = tx.exec(ctx, `INSERT INTO risk_assessments (id, organization_id, title, reason, performed_on, method_id,
		method_number, risk_count, snapshot, sha256, created_by, created_by_name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.OrgID, a.Title, a.Reason, a.PerformedOn, nullID(a.MethodID), a.MethodNumber, a.RiskCount,
		string(snapshot), a.SHA256, a.CreatedBy, a.CreatedByName, tx.ts(a.CreatedAt))
	if err != nil {
		return fmt.Errorf("insert risk assessment: %w", err)
	}
	return nil
}

// FindRiskAssessments returns a page of org's assessments, newest first,
// without their entries, and how many there are.
func (tx *Tx) FindRiskAssessments(ctx context.Context, org isms.ID, limit, offset int) ([]*isms.RiskAssessment, int, error) {
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM risk_assessments WHERE organization_id = ?`, org).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count risk assessments: %w", err)
	}
	if total == 0 || offset >= total {
		return nil, total, nil
	}
	rows, err := tx.query(ctx, `SELECT `+riskAssessmentColumns+` FROM risk_assessments WHERE organization_id = ?
		ORDER BY performed_on DESC, created_at DESC, id DESC LIMIT ? OFFSET ?`, org, isms.ClampPage(limit), offset)
	if err != nil {
		return nil, 0, fmt.Errorf("select risk assessments: %w", err)
	}
	defer rows.Close()
	var out []*isms.RiskAssessment
	for rows.Next() {
		a, err := scanRiskAssessment(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan risk assessment: %w", err)
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// FindRiskAssessmentByID returns assessment id of org with its entries.
func (tx *Tx) FindRiskAssessmentByID(ctx context.Context, org, id isms.ID) (*isms.RiskAssessment, error) {
	var snapshot string
	a, err := scanRiskAssessment(tx.queryRow(ctx, `SELECT `+riskAssessmentColumns+`, snapshot FROM risk_assessments
		WHERE organization_id = ? AND id = ?`, org, id), &snapshot)
	if err != nil {
		return nil, notFound(err, "No such risk assessment in this organization.")
	}
	if err := json.Unmarshal([]byte(snapshot), &a.Entries); err != nil {
		return nil, fmt.Errorf("risk assessment %s: snapshot: %w", id, err)
	}
	return a, nil
}

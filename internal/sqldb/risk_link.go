// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// maxRiskLinks caps the assets or controls read for one risk.
const maxRiskLinks = 10000

// riskLinksPerInsert is how many links one statement carries: 3 arguments
// a row, 6,000 a statement.
const riskLinksPerInsert = 2000

// insertRiskLinks stores the pairs (risk, other) of org into table, whose
// second key column is col, leaving alone the pairs stored already.
func (tx *Tx) insertRiskLinks(ctx context.Context, table, col string, org isms.ID, pairs [][2]isms.ID) error {
	for start := 0; start < len(pairs); start += riskLinksPerInsert {
		batch := pairs[start:min(start+riskLinksPerInsert, len(pairs))]
		args := make([]any, 0, 3*len(batch))
		for _, p := range batch {
			args = append(args, org, p[0], p[1])
		}
		q := `INSERT INTO ` + table + ` (organization_id, risk_id, ` + col + `) VALUES ` +
			repeatList("(?, ?, ?)", len(batch)) + ` ON CONFLICT (risk_id, ` + col + `) DO NOTHING`
		if _, err := tx.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("insert %s %d to %d: %w", table, start+1, start+len(batch), err)
		}
	}
	return nil
}

// InsertRiskLinks adds many links of org at once (demo data, imports):
// assets holds (risk, asset) pairs and controls (risk, control) pairs.
// Links stored already are left alone. The caller checks that both ends
// belong to org.
func (tx *Tx) InsertRiskLinks(ctx context.Context, org isms.ID, assets, controls [][2]isms.ID) error {
	if err := tx.insertRiskLinks(ctx, "risk_assets", "asset_id", org, assets); err != nil {
		return err
	}
	return tx.insertRiskLinks(ctx, "risk_controls", "control_id", org, controls)
}

// setRiskLinks replaces the links of risk riskID in table by ones to ids.
func (tx *Tx) setRiskLinks(ctx context.Context, table, col string, org, riskID isms.ID, ids []isms.ID) error {
	if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE organization_id = ? AND risk_id = ?`, org, riskID); err != nil {
		return fmt.Errorf("delete %s: %w", table, err)
	}
	pairs := make([][2]isms.ID, len(ids))
	for i, id := range ids {
		pairs[i] = [2]isms.ID{riskID, id}
	}
	return tx.insertRiskLinks(ctx, table, col, org, pairs)
}

// SetRiskAssets makes assetIDs the assets linked to risk riskID of org,
// replacing the links it had. The caller checks that they belong to org.
func (tx *Tx) SetRiskAssets(ctx context.Context, org, riskID isms.ID, assetIDs []isms.ID) error {
	return tx.setRiskLinks(ctx, "risk_assets", "asset_id", org, riskID, assetIDs)
}

// SetRiskControls makes controlIDs the controls linked to risk riskID of
// org, replacing the links it had. The caller checks that they belong to
// org.
func (tx *Tx) SetRiskControls(ctx context.Context, org, riskID isms.ID, controlIDs []isms.ID) error {
	return tx.setRiskLinks(ctx, "risk_controls", "control_id", org, riskID, controlIDs)
}

// RiskAssets returns the assets linked to risk riskID of org, by
// reference.
func (tx *Tx) RiskAssets(ctx context.Context, org, riskID isms.ID) ([]*isms.Asset, error) {
	return tx.assets(ctx, `SELECT `+assetColumns+assetFrom+` WHERE a.organization_id = ? AND a.id IN
		(SELECT asset_id FROM risk_assets WHERE organization_id = ? AND risk_id = ?)
		ORDER BY a.number, a.ref LIMIT ?`, org, org, riskID, maxRiskLinks)
}

// RiskControls returns the controls linked to risk riskID of org, by
// reference.
func (tx *Tx) RiskControls(ctx context.Context, org, riskID isms.ID) ([]*isms.Control, error) {
	rows, err := tx.query(ctx, `SELECT `+controlColumns+controlFrom+` WHERE c.organization_id = ? AND c.id IN
		(SELECT control_id FROM risk_controls WHERE organization_id = ? AND risk_id = ?)
		ORDER BY LENGTH(c.ref), c.ref LIMIT ?`, false, org, org, riskID, maxRiskLinks)
	if err != nil {
		return nil, fmt.Errorf("select risk controls: %w", err)
	}
	defer rows.Close()
	var out []*isms.Control
	for rows.Next() {
		c, err := scanControl(rows)
		if err != nil {
			return nil, fmt.Errorf("scan control: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// SoAExcludedRequirements returns the requirements that the approved SoA
// versions of org exclude (lines decided not applicable): those of
// framework, or of every framework for "".
func (tx *Tx) SoAExcludedRequirements(ctx context.Context, org, framework isms.ID) ([]isms.ID, error) {
	q := `SELECT l.requirement_id FROM soa_lines l JOIN soas s ON s.id = l.soa_id AND s.organization_id = l.organization_id
		WHERE s.organization_id = ? AND s.status = ? AND l.applicable = ?`
	args := []any{org, isms.SoAApproved, isms.SoAExcluded}
	if framework != "" {
		q += ` AND s.framework_id = ?`
		args = append(args, framework)
	}
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("select excluded soa requirements: %w", err)
	}
	defer rows.Close()
	var out []isms.ID
	for rows.Next() {
		var id isms.ID
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan excluded soa requirement: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

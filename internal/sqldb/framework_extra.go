// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// MaxControlNumber returns the largest n of the organization's control
// references "<prefix><n>" (0 when there is none), so that a new control
// can take the next one.
func (tx *Tx) MaxControlNumber(ctx context.Context, org isms.ID, prefix string) (int, error) {
	rows, err := tx.query(ctx, `SELECT ref FROM controls WHERE organization_id = ? AND ref LIKE ? LIMIT ?`,
		org, prefix+"%", maxControlLinks)
	if err != nil {
		return 0, fmt.Errorf("select control refs: %w", err)
	}
	defer rows.Close()
	highest := 0
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			return 0, fmt.Errorf("scan control ref: %w", err)
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(ref, prefix)); err == nil && n > highest {
			highest = n
		}
	}
	return highest, rows.Err()
}

// FrameworkGroups returns the top-level requirements (depth 0) of
// framework in org, or of every framework of org when framework is "", by
// framework and in document order. Only their ID, framework, reference
// and title are read.
func (tx *Tx) FrameworkGroups(ctx context.Context, org, framework isms.ID) (map[isms.ID][]isms.Requirement, error) {
	q, args := `SELECT id, framework_id, ref, title FROM requirements WHERE organization_id = ? AND depth = 0`, []any{org}
	if framework != "" {
		q += ` AND framework_id = ?`
		args = append(args, framework)
	}
	rows, err := tx.query(ctx, q+` ORDER BY framework_id, position LIMIT ?`, append(args, maxRequirements)...)
	if err != nil {
		return nil, fmt.Errorf("select framework groups: %w", err)
	}
	defer rows.Close()
	out := map[isms.ID][]isms.Requirement{}
	for rows.Next() {
		var r isms.Requirement
		if err := rows.Scan(&r.ID, &r.FrameworkID, &r.Ref, &r.Title); err != nil {
			return nil, fmt.Errorf("scan framework group: %w", err)
		}
		r.OrgID, r.GroupRef = org, r.Ref
		out[r.FrameworkID] = append(out[r.FrameworkID], r)
	}
	return out, rows.Err()
}

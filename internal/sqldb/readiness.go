// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// CountReadinessPeople counts org's active people, or its members when it
// records no person: the readiness check's size class.
func (tx *Tx) CountReadinessPeople(ctx context.Context, org isms.ID) (int, error) {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM people WHERE organization_id = ? AND active = ?`, org, true).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return n, nil
	}
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM memberships WHERE organization_id = ?`, org).Scan(&n)
	return n, err
}

// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestCountReadinessPeople(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		var n int
		err := db.View(ctx, func(tx *sqldb.Tx) (err error) {
			n, err = tx.CountReadinessPeople(ctx, isms.ID("org_none"))
			return err
		})
		if err != nil || n != 0 {
			t.Fatalf("people of an unknown organization = %d, %v; want 0", n, err)
		}
	})
}

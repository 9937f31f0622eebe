// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
)

// ServerVersion returns the version of the database system behind db, as
// it reports it: "3.50.4" for SQLite, "15.20" (or a longer string with the
// distribution's build) for PostgreSQL.
func (db *DB) ServerVersion(ctx context.Context) (string, error) {
	q := `SELECT sqlite_version()`
	if db.dialect == Postgres {
		q = `SHOW server_version`
	}
	var v string
	if err := db.read.QueryRowContext(ctx, q).Scan(&v); err != nil {
		return "", fmt.Errorf("read the %s server version: %w", db.dialect, err)
	}
	return v, nil
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"
)

// Analyze refreshes the query planner's statistics of the product's
// tables, for use after a bulk load has changed their sizes by orders of
// magnitude: ANALYZE on SQLite (which keeps no statistics otherwise);
// VACUUM (ANALYZE) of the tables of the current schema on PostgreSQL,
// which also marks the new pages visible to every transaction so that
// index-only scans need not visit them. PostgreSQL's autovacuum gets there
// in its own time; until then plans over the new rows can be slower by
// orders of magnitude.
func (db *DB) Analyze(ctx context.Context) error {
	if db.dialect == SQLite {
		if _, err := db.write.ExecContext(ctx, "ANALYZE"); err != nil {
			return fmt.Errorf("analyze: %w", err)
		}
		return nil
	}
	rows, err := db.write.QueryContext(ctx, `SELECT quote_ident(tablename) FROM pg_tables
		WHERE schemaname = current_schema() ORDER BY tablename`)
	if err != nil {
		return fmt.Errorf("list tables to analyze: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return fmt.Errorf("list tables to analyze: %w", err)
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(tables) == 0 {
		return err
	}
	if _, err := db.write.ExecContext(ctx, "VACUUM (ANALYZE) "+strings.Join(tables, ", ")); err != nil {
		return fmt.Errorf("vacuum and analyze: %w", err)
	}
	return nil
}

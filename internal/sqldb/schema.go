// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"sort"
)

// Tables returns the names of the product's tables, sorted. The job
// queue's tables (river_*) are River's, migrated by River per dialect, and
// left out.
func (db *DB) Tables(ctx context.Context) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'river\_%' ESCAPE '\'`
	if db.dialect == Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'river\_%' ESCAPE '\'`
	}
	rows, err := db.read.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	sort.Strings(out)
	return out, rows.Err()
}

// Columns returns each table's column names in declaration order.
func (db *DB) Columns(ctx context.Context) (map[string][]string, error) {
	tables, err := db.Tables(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, t := range tables {
		q := `SELECT name FROM pragma_table_info(?) ORDER BY cid`
		if db.dialect == Postgres {
			q = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`
		}
		rows, err := db.read.QueryContext(ctx, q, t)
		if err != nil {
			return nil, fmt.Errorf("list columns of %s: %w", t, err)
		}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return nil, err
			}
			out[t] = append(out[t], c)
		}
		rows.Close()
	}
	return out, nil
}

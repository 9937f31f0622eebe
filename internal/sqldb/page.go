// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// rowScanner is what a scan function reads one row from: *sql.Row or
// *sql.Rows.
type rowScanner = interface{ Scan(...any) error }

// pageQuery describes one page of a register's list: the rows of from
// that match where, in the order of orderBy.
type pageQuery struct {
	// one and many name a row and the rows in errors ("metric", "metrics").
	one, many string
	// columns is the select list; its placeholders, if any, take
	// columnArgs, which come before args.
	columns    string
	columnArgs []any
	// from is the FROM clause the page is read from, with the joins the
	// columns need; count is the one the total is counted over (from when
	// empty).
	from, count string
	// where and args select the rows; orderBy is an ORDER BY clause.
	where   string
	args    []any
	orderBy string
}

// findPage counts the rows q selects, then reads the page of them at
// offset, at most limit (isms.ClampPage) rows, scanning each with scan.
// It returns nothing but the total when no row matches or offset is past
// the end.
func findPage[T any](ctx context.Context, tx *Tx, q pageQuery, limit, offset int, scan func(rowScanner) (T, error)) ([]T, int, error) {
	count := q.count
	if count == "" {
		count = q.from
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*)`+count+` WHERE `+q.where, q.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count %s: %w", q.many, err)
	}
	if total == 0 || offset >= total {
		return nil, total, nil
	}
	args := append(append(append([]any{}, q.columnArgs...), q.args...), isms.ClampPage(limit), offset)
	out, err := selectRows(ctx, tx, q.one, q.many, `SELECT `+q.columns+q.from+` WHERE `+q.where+q.orderBy+
		` LIMIT ? OFFSET ?`, args, scan)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// selectRows runs query and scans each row it returns with scan; errors
// say whether selecting the rows (many) or scanning one (one) failed.
func selectRows[T any](ctx context.Context, tx *Tx, one, many, query string, args []any, scan func(rowScanner) (T, error)) ([]T, error) {
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("select %s: %w", many, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("scan %s: %w", one, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// The small pieces the audit and review stores share: reference clashes,
// version checks that tell a stale version from a missing row, search
// conditions and JSON list columns.

// inserted turns the error of inserting a numbered record of table into
// a Conflict when its reference was taken, and wraps any other.
func inserted(err error, table, what string) error {
	if refClash(err, table) {
		return refTaken(what)
	}
	if err != nil {
		return fmt.Errorf("insert %s: %w", what, err)
	}
	return nil
}

// rowKey names one row of an organization's table by ID.
type rowKey struct {
	table   string
	org, id isms.ID
}

// updated checks the result of a versioned UPDATE of row k: an error is
// wrapped; no row changed is NotFound with missing when the row does not
// exist, else a stale-version Conflict about what.
func (tx *Tx) updated(ctx context.Context, res sql.Result, err error, k rowKey, what, missing string) error {
	if err != nil {
		return fmt.Errorf("update %s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM `+k.table+` WHERE organization_id = ? AND id = ?`,
		k.org, k.id).Scan(&n); err != nil {
		return fmt.Errorf("find %s: %w", what, err)
	}
	if n == 0 {
		return isms.Errorf(isms.NotFound, "%s", missing)
	}
	return staleVersion(what)
}

// searchIn adds to where a case-insensitive substring match of search in
// any of columns; a blank search adds nothing.
func searchIn(where string, args []any, search string, columns ...string) (string, []any) {
	if strings.TrimSpace(search) == "" {
		return where, args
	}
	p := like(search)
	conds := make([]string, len(columns))
	for i, c := range columns {
		conds[i] = "LOWER(" + c + `) LIKE ? ESCAPE '\'`
		args = append(args, p)
	}
	return where + " AND (" + strings.Join(conds, " OR ") + ")", args
}

// jsonList returns the JSON of a list column: "[]" for a nil list.
func jsonList[T any](list []T, what string) (string, error) {
	if list == nil {
		list = []T{}
	}
	b, err := json.Marshal(list)
	if err != nil {
		return "", fmt.Errorf("encode %s: %w", what, err)
	}
	return string(b), nil
}

// readJSONList decodes a list column; an empty column or a JSON null
// gives an empty, non-nil list.
func readJSONList[T any](text, what string) ([]T, error) {
	out := []T{}
	if text != "" {
		if err := json.Unmarshal([]byte(text), &out); err != nil {
			return nil, fmt.Errorf("decode %s: %w", what, err)
		}
	}
	if out == nil {
		out = []T{}
	}
	return out, nil
}

// userNames returns the names of the accounts ids, by ID; unknown IDs are
// absent.
func (tx *Tx) userNames(ctx context.Context, ids []isms.ID) (map[isms.ID]string, error) {
	out := map[isms.ID]string{}
	seen := map[isms.ID]bool{}
	var args []any
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			args = append(args, id)
		}
	}
	if len(args) == 0 {
		return out, nil
	}
	rows, err := tx.query(ctx, `SELECT id, name FROM users WHERE id IN (`+placeholders(len(args))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("select user names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id isms.ID
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("scan user name: %w", err)
		}
		out[id] = name
	}
	return out, rows.Err()
}

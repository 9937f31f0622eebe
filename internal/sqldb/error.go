// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ismsproject/isms/internal/isms"
)

// isUnique reports whether err violates the unique index on table(column).
// Migrations name every unique index <table>_<column>_key. PostgreSQL reports
// that name; SQLite reports "UNIQUE constraint failed: <table>.<column>".
func isUnique(err error, table, column string) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505" && pgErr.ConstraintName == table+"_"+column+"_key"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: "+table+"."+column)
}

// notFound turns sql.ErrNoRows into a NotFound *isms.Error with msg.
func notFound(err error, msg string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return isms.Errorf(isms.NotFound, "%s", msg)
	}
	return err
}

// staleVersion is the conflict returned when a record changed since it was read.
func staleVersion(what string) error {
	return isms.Errorf(isms.Conflict, "Someone else changed this %s while you were editing it. Reload to see their changes, then make yours again.", what)
}

// order returns an ORDER BY clause for sort, a key of allowed optionally
// prefixed with "-" for descending, falling back to def. Only the constant
// column lists of allowed reach the SQL.
func order(sort string, allowed map[string]string, def string) string {
	desc := strings.HasPrefix(sort, "-")
	cols, ok := allowed[strings.TrimPrefix(sort, "-")]
	if !ok {
		return " ORDER BY " + allowed[def]
	}
	if desc {
		parts := splitTopLevel(cols)
		for i, p := range parts {
			parts[i] = strings.TrimSpace(p) + " DESC"
		}
		cols = strings.Join(parts, ", ")
	}
	return " ORDER BY " + cols
}

// splitTopLevel splits a column list at the commas outside parentheses,
// so that "COALESCE(u.name, x), c.ref" gives two columns.
func splitTopLevel(cols string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range cols {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				parts = append(parts, cols[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, cols[start:])
}

// like returns a case-insensitive substring pattern for s, with LIKE's
// wildcards escaped (queries use ESCAPE '\').
func like(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(strings.TrimSpace(s))) + "%"
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"fmt"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// ts returns t as a query argument of the dialect: fixed-width text for
// SQLite, time.Time for PostgreSQL, NULL when t is zero.
func (tx *Tx) ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	if tx.dialect == Postgres {
		return t.UTC()
	}
	return t.UTC().Format(isms.TimeLayout)
}

// timestamp scans a time stored as text (SQLite, audit times) or as
// TIMESTAMPTZ (PostgreSQL); NULL gives the zero time.
type timestamp time.Time

// Scan implements sql.Scanner.
func (t *timestamp) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*t = timestamp(time.Time{})
	case time.Time:
		*t = timestamp(v.UTC())
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	default:
		return fmt.Errorf("scan timestamp: unsupported type %T", v)
	}
	return nil
}

func (t *timestamp) parse(s string) error {
	p, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("scan timestamp %q: %w", s, err)
	}
	*t = timestamp(p.UTC())
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

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

// readinessSet runs query, which selects the id, ref and title of the
// records of type typ that meet a condition, in the register's order, and
// returns the first isms.MaxFindingRecords of them with their total. Use
// ” AS ref for records without a reference.
func (tx *Tx) readinessSet(ctx context.Context, typ, query string, args ...any) (isms.RecordSet, error) {
	s := isms.RecordSet{Items: []isms.RecordRef{}}
	rows, err := tx.query(ctx, `SELECT q.*, COUNT(*) OVER () FROM (`+query+`) q LIMIT ?`,
		append(args, isms.MaxFindingRecords)...)
	if err != nil {
		return s, fmt.Errorf("readiness %s: %w", typ, err)
	}
	defer rows.Close()
	for rows.Next() {
		r := isms.RecordRef{Type: typ}
		if err := rows.Scan(&r.ID, &r.Ref, &r.Title, &s.Total); err != nil {
			return s, fmt.Errorf("readiness %s: %w", typ, err)
		}
		s.Items = append(s.Items, r)
	}
	return s, rows.Err()
}

// readinessQuery is one record list of the readiness facts: the query
// (see readinessSet) of the records of type typ that go into dst.
type readinessQuery struct {
	dst   *isms.RecordSet
	typ   string
	query string
	args  []any
}

// fillReadinessSets runs each query of qs into its record set.
func (tx *Tx) fillReadinessSets(ctx context.Context, qs []readinessQuery) error {
	for _, q := range qs {
		var err error
		if *q.dst, err = tx.readinessSet(ctx, q.typ, q.query, q.args...); err != nil {
			return err
		}
	}
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// bulkEvents returns n events numbered from first, one minute apart from
// start; with a zero start they carry no time.
func bulkEvents(first, n int, start time.Time) []*isms.AuditEvent {
	out := make([]*isms.AuditEvent, n)
	for i := range out {
		k := first + i
		actor := isms.Actor{UserID: isms.ID(fmt.Sprintf("user_%d", k%7)), Name: fmt.Sprintf("Person %d", k%7)}
		e := isms.NewAuditEvent(actor, "membership.update", "user", isms.ID(fmt.Sprintf("user_%d", k%11)),
			isms.Changes{"role": {Before: "viewer", After: fmt.Sprintf("role %d", k)}})
		if !start.IsZero() {
			e.Time = start.Add(time.Duration(k) * time.Minute)
		}
		out[i] = &e
	}
	return out
}

// bulkVerify walks chain like an auditor's verifier and reports an error
// unless it verifies with n events ending at its recorded head.
func bulkVerify(t *testing.T, db *sqldb.DB, chain string, n int64) isms.ChainHead {
	t.Helper()
	ctx := context.Background()
	v := isms.NewChainVerifier(chain)
	var head isms.ChainHead
	err := db.View(ctx, func(tx *sqldb.Tx) error {
		if err := tx.WalkAuditChain(ctx, chain, v.Next); err != nil {
			return err
		}
		var err error
		head, err = tx.FindChainHead(ctx, chain)
		v.Finish(head)
		return err
	})
	if err != nil {
		t.Fatalf("verify chain %s: %v", chain, err)
	}
	if v.Break != nil || v.Checked != n || head.Seq != n {
		t.Errorf("verify chain %s = break %+v after %d events, head %d; want no break after %d events", chain, v.Break, v.Checked, head.Seq, n)
	}
	return head
}

// bulkUpdate runs fn in a read-write transaction and stops the test if it fails.
func bulkUpdate(t *testing.T, db *sqldb.DB, fn func(ctx context.Context, tx *sqldb.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := db.Update(ctx, func(tx *sqldb.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func TestInsertAuditEventsBulkKeepsTheChainValid(t *testing.T) {
	if testing.Short() {
		t.Skip("appends 10,000 events")
	}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		chain := string(isms.NewID("org"))
		start := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
		const n, batch = 10000, 2500 // batches that end inside a multi-row statement
		for first := 0; first < n; first += batch {
			events := bulkEvents(first, batch, start)
			bulkUpdate(t, db, func(ctx context.Context, tx *sqldb.Tx) error {
				return tx.InsertAuditEvents(ctx, chain, events)
			})
			if last := events[batch-1]; last.Seq != int64(first+batch) || last.Chain != chain {
				t.Fatalf("last event of batch at %d sealed as %s/%d, want %s/%d", first, last.Chain, last.Seq, chain, first+batch)
			}
		}
		bulkVerify(t, db, chain, n)

		one := isms.NewAuditEvent(isms.Actor{UserID: "user_1", Name: "Person 1"}, "organization.update", "organization",
			isms.ID(chain), isms.Changes{"name": {Before: "Old", After: "New"}})
		one.Chain = chain
		bulkUpdate(t, db, func(ctx context.Context, tx *sqldb.Tx) error { return tx.InsertAuditEvent(ctx, &one) })
		if one.Seq != n+1 {
			t.Errorf("InsertAuditEvent after a bulk insert: seq %d, want %d", one.Seq, n+1)
		}
		bulkVerify(t, db, chain, n+1)

		more := bulkEvents(n, 3, time.Time{})
		bulkUpdate(t, db, func(ctx context.Context, tx *sqldb.Tx) error { return tx.InsertAuditEvents(ctx, chain, more) })
		if more[0].PrevHash != one.Hash {
			t.Errorf("bulk insert after InsertAuditEvent: previous hash %s, want %s", more[0].PrevHash, one.Hash)
		}
		bulkVerify(t, db, chain, n+4)
	})
}

func TestInsertAuditEventsBulkTimesAndChains(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		now := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		a, b := string(isms.NewID("org")), string(isms.NewID("org"))
		given := time.Date(2025, 1, 2, 3, 4, 5, 123456789, time.UTC)
		events := bulkEvents(0, 2, time.Time{})
		events[0].Time = given
		other := bulkEvents(0, 5, given)
		bulkUpdate(t, db, func(ctx context.Context, tx *sqldb.Tx) error {
			if err := tx.InsertAuditEvents(ctx, a, nil); err != nil {
				return err
			}
			if err := tx.InsertAuditEvents(ctx, a, events); err != nil {
				return err
			}
			return tx.InsertAuditEvents(ctx, b, other)
		})
		if want := given.Truncate(time.Microsecond); !events[0].Time.Equal(want) {
			t.Errorf("event with a time sealed at %v, want %v", events[0].Time, want)
		}
		if !events[1].Time.Equal(now) {
			t.Errorf("event without a time sealed at %v, want the transaction's %v", events[1].Time, now)
		}
		bulkVerify(t, db, a, 2)
		bulkVerify(t, db, b, 5)

		var stored []*isms.AuditEvent
		err := db.View(context.Background(), func(tx *sqldb.Tx) (err error) {
			stored, _, err = tx.FindAuditEvents(context.Background(), isms.AuditFilter{Chain: a, Limit: 10})
			return err
		})
		if err != nil {
			t.Fatalf("FindAuditEvents: %v", err)
		}
		if len(stored) != 2 || stored[0].Hash != events[0].Hash || !stored[0].Time.Equal(events[0].Time) ||
			stored[1].Changes != events[1].Changes || stored[1].ActorName != events[1].ActorName {
			t.Errorf("stored events differ from the sealed ones:\nstored %+v\nsealed %+v %+v", stored, events[0], events[1])
		}
	})
}

func TestInsertAuditEventsBulkFailsWhole(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		chain := string(isms.NewID("org"))
		bulkUpdate(t, db, func(ctx context.Context, tx *sqldb.Tx) error {
			return tx.InsertAuditEvents(ctx, chain, bulkEvents(0, 3, time.Time{}))
		})
		// Someone with database access stores event 1,503 behind the
		// store's back: the bulk insert that reaches it must leave nothing.
		driver, dsn := "pgx", db.URL()
		query := `INSERT INTO audit_events (chain, seq, time, action, prev_hash, hash) VALUES ($1, 1503, 'x', 'x', 'x', 'x')`
		if db.Dialect() == sqldb.SQLite {
			driver, dsn = "sqlite", "file:"+sqldb.SQLitePath(db.URL())+"?_pragma=busy_timeout(10000)"
			query = strings.NewReplacer("$1", "?").Replace(query)
		}
		raw, err := sql.Open(driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		if _, err := raw.Exec(query, chain); err != nil {
			t.Fatalf("raw insert: %v", err)
		}
		ctx := context.Background()
		err = db.Update(ctx, func(tx *sqldb.Tx) error {
			if err := tx.InsertAuditEvents(ctx, chain, bulkEvents(3, 2, time.Time{})); err != nil {
				return err
			}
			return tx.InsertAuditEvents(ctx, chain, bulkEvents(5, 2500, time.Time{}))
		})
		if err == nil {
			t.Fatal("bulk insert over a stored sequence number succeeded, want an error")
		}
		var head isms.ChainHead
		var count int
		err = db.View(ctx, func(tx *sqldb.Tx) (err error) {
			if head, err = tx.FindChainHead(ctx, chain); err != nil {
				return err
			}
			_, count, err = tx.FindAuditEvents(ctx, isms.AuditFilter{Chain: chain, Action: "membership.update", Limit: 1})
			return err
		})
		if err != nil || head.Seq != 3 || count != 3 {
			t.Errorf("after the failed bulk insert: head %d, %d events stored (%v); want head 3 and 3 events", head.Seq, count, err)
		}
	})
}

// SPDX-License-Identifier: Apache-2.0

package sqldb_test

// Benchmarks of the audit trail and member list stores (DESIGN §7;
// docs/performance.md has the figures and the commands that produced them).
// They run on SQLite always and on PostgreSQL as well when
// ISMS_TEST_POSTGRES_URL is set, as sub-benchmarks "sqlite" and "postgres".
// Large fixtures are built once per benchmark, before b.Loop, which starts
// the timer only when the loop begins.
//
//	go test ./internal/sqldb -run '^$' -bench . -benchtime 2s -count 5

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

const (
	benchChainLength = 100_000 // events of the chain the read benchmarks use
	benchBulkBatch   = 1_000   // events per InsertAuditEvents call
	benchEditors     = 200     // actors of most events, as in the large demo
	benchMembers     = 2_000   // members of the large organization
)

// benchEachDB runs fn as sub-benchmark "sqlite" on a fresh SQLite file, and
// as "postgres" on a fresh schema when ISMS_TEST_POSTGRES_URL is set.
func benchEachDB(b *testing.B, fn func(b *testing.B, db *sqldb.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, sqldbtest.Open(b, sqldbtest.SQLiteURL(b))) })
	if sqldbtest.PostgresURL() != "" {
		b.Run("postgres", func(b *testing.B) { fn(b, sqldbtest.Open(b, sqldbtest.FreshSchema(b))) })
	}
}

// benchActor returns the actor of the k-th generated event. Like the large
// demo, where 200 administrators and managers do most of the work, 85 % of
// events are by one of benchEditors people and the rest by anyone, so one
// editor has about 0.4 % of the chain.
func benchActor(k int) isms.Actor {
	n := k % benchEditors
	if k%20 >= 17 {
		n = (k * 7) % benchMembers
	}
	return isms.Actor{UserID: isms.ID(fmt.Sprintf("user_bench%04d", n)), Name: fmt.Sprintf("Person %04d", n)}
}

// benchEvent returns the k-th generated event: a role change with a
// realistic changes document.
func benchEvent(k int) *isms.AuditEvent {
	e := isms.NewAuditEvent(benchActor(k), "membership.update", "user",
		isms.ID(fmt.Sprintf("user_bench%04d", k%benchMembers)),
		isms.Changes{"role": {Before: "viewer", After: "contributor"}})
	return &e
}

// benchEvents returns n generated events numbered from first, one second
// apart from a fixed start.
func benchEvents(first, n int) []*isms.AuditEvent {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]*isms.AuditEvent, n)
	for i := range out {
		out[i] = benchEvent(first + i)
		out[i].Time = start.Add(time.Duration(first+i) * time.Second)
	}
	return out
}

// benchChain appends n generated events to a new chain, in transactions of
// 5,000 (as the large demo is loaded), and returns the chain's name.
func benchChain(b *testing.B, db *sqldb.DB, n int) string {
	b.Helper()
	ctx := context.Background()
	chain := string(isms.NewID("org"))
	const perTx = 5000
	for first := 0; first < n; first += perTx {
		events := benchEvents(first, min(perTx, n-first))
		if err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertAuditEvents(ctx, chain, events) }); err != nil {
			b.Fatalf("build a chain of %d events: %v", n, err)
		}
	}
	return chain
}

// benchPerEvent reports the time per audit event and the events per
// second when each loop iteration handled perIter of them.
func benchPerEvent(b *testing.B, perIter int) {
	events := float64(b.N) * float64(perIter)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/events, "ns/event")
	b.ReportMetric(events/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkInsertAuditEvent appends one event per transaction, as every use
// case does: lock the chain's head, insert the row, move the head, commit.
func BenchmarkInsertAuditEvent(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *sqldb.DB) {
		ctx := context.Background()
		chain := string(isms.NewID("org"))
		k := 0
		for b.Loop() {
			e := benchEvent(k)
			e.Chain = chain
			k++
			if err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertAuditEvent(ctx, e) }); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkInsertAuditEventsBulk appends batches of 1,000 events, one
// transaction each; ns/event and events/s are the figures to compare.
func BenchmarkInsertAuditEventsBulk(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *sqldb.DB) {
		ctx := context.Background()
		chain := string(isms.NewID("org"))
		k := 0
		for b.Loop() {
			b.StopTimer()
			events := benchEvents(k, benchBulkBatch) // generating them is the caller's work
			k += benchBulkBatch
			b.StartTimer()
			if err := db.Update(ctx, func(tx *sqldb.Tx) error { return tx.InsertAuditEvents(ctx, chain, events) }); err != nil {
				b.Fatal(err)
			}
		}
		benchPerEvent(b, benchBulkBatch)
	})
}

// BenchmarkVerifyAuditChain reads a 100,000-event chain in sequence order
// and checks every link and hash, as "isms audit verify" and GET
// /api/v1/audit-events/verify do; ns/event and events/s are the figures to
// compare.
func BenchmarkVerifyAuditChain(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *sqldb.DB) {
		ctx := context.Background()
		chain := benchChain(b, db, benchChainLength)
		for b.Loop() {
			v := isms.NewChainVerifier(chain)
			err := db.View(ctx, func(tx *sqldb.Tx) error {
				head, err := tx.FindChainHead(ctx, chain)
				if err != nil {
					return err
				}
				if err := tx.WalkAuditChain(ctx, chain, v.Next); err != nil {
					return err
				}
				v.Finish(head)
				return nil
			})
			if err != nil || v.Break != nil || v.Checked != benchChainLength {
				b.Fatalf("verify: %v, break %+v after %d events", err, v.Break, v.Checked)
			}
		}
		benchPerEvent(b, benchChainLength)
	})
}

// BenchmarkFindAuditEventsFirstPage reads the newest 50 events of a
// 100,000-event chain and the total, as the audit page and GET
// /api/v1/audit-events do: unfiltered, and filtered by one editor (about
// 400 events, 0.4 % of the chain, as in the large demo).
func BenchmarkFindAuditEventsFirstPage(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *sqldb.DB) {
		ctx := context.Background()
		chain := benchChain(b, db, benchChainLength)
		for _, f := range []struct {
			name   string
			filter isms.AuditFilter
		}{
			{"unfiltered", isms.AuditFilter{Chain: chain, Desc: true, Limit: 50}},
			{"actor", isms.AuditFilter{Chain: chain, ActorID: benchActor(7).UserID, Desc: true, Limit: 50}},
		} {
			b.Run(f.name, func(b *testing.B) {
				for b.Loop() {
					var list []*isms.AuditEvent
					var total int
					err := db.View(ctx, func(tx *sqldb.Tx) (err error) {
						list, total, err = tx.FindAuditEvents(ctx, f.filter)
						return err
					})
					if err != nil || len(list) != 50 || total < 50 {
						b.Fatalf("FindAuditEvents: %d events of %d, %v", len(list), total, err)
					}
				}
			})
		}
	})
}

// BenchmarkFindMembers reads the first page of 50 of an organization's
// 2,000 members, sorted by name, and the total, as GET /api/v1/members does.
func BenchmarkFindMembers(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *sqldb.DB) {
		ctx := context.Background()
		org := &isms.Organization{ID: isms.NewID("org"), Slug: "bench", Name: "Bench Corporation"}
		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			if err := tx.InsertOrganization(ctx, org); err != nil {
				return err
			}
			for i := range benchMembers {
				u := &isms.User{ID: isms.NewID("user"), Email: fmt.Sprintf("person%04d@bench.example", i), Name: fmt.Sprintf("Person %04d", i)}
				if err := tx.InsertUser(ctx, u, "not a hash"); err != nil {
					return err
				}
				if err := tx.InsertMembership(ctx, &isms.Membership{OrgID: org.ID, UserID: u.ID, Role: isms.RoleEmployee}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatalf("add %d members: %v", benchMembers, err)
		}
		f := isms.MemberFilter{OrgID: org.ID, Limit: 50}
		for b.Loop() {
			var list []*isms.Member
			var total int
			err := db.View(ctx, func(tx *sqldb.Tx) (err error) {
				list, total, err = tx.FindMembers(ctx, f)
				return err
			})
			if err != nil || len(list) != 50 || total != benchMembers {
				b.Fatalf("FindMembers: %d members of %d, %v", len(list), total, err)
			}
		}
	})
}

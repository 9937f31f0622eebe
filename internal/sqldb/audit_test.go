// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// appendEvent appends one event to chain in a transaction of its own and
// returns it as the store sealed it.
func appendEvent(t *testing.T, db *sqldb.DB, chain string, actor isms.Actor, action, objectType string, objectID isms.ID) *isms.AuditEvent {
	t.Helper()
	e := isms.NewAuditEvent(actor, action, objectType, objectID,
		isms.Changes{"name": {Before: "old " + action, After: "new " + action}})
	e.Chain = chain
	update(t, db, func(tx *sqldb.Tx) error { return tx.InsertAuditEvent(context.Background(), &e) })
	return &e
}

// verifyChain checks every stored event of chain and its head the way an
// auditor's verifier does, and returns the verifier.
func verifyChain(t *testing.T, db *sqldb.DB, chain string) *isms.ChainVerifier {
	t.Helper()
	ctx := context.Background()
	v := isms.NewChainVerifier(chain)
	view(t, db, func(tx *sqldb.Tx) error {
		if err := tx.WalkAuditChain(ctx, chain, v.Next); err != nil {
			return err
		}
		head, err := tx.FindChainHead(ctx, chain)
		if err != nil {
			return err
		}
		v.Finish(head)
		return nil
	})
	return v
}

// wantIntact reports an error unless chain verifies with n events.
func wantIntact(t *testing.T, db *sqldb.DB, chain string, n int64) {
	t.Helper()
	if v := verifyChain(t, db, chain); v.Break != nil || v.Checked != n {
		t.Errorf("verify chain %s = break %+v after %d events, want no break after %d", chain, v.Break, v.Checked, n)
	}
}

// chainHead returns the head of chain.
func chainHead(t *testing.T, db *sqldb.DB, chain string) isms.ChainHead {
	t.Helper()
	var h isms.ChainHead
	view(t, db, func(tx *sqldb.Tx) (err error) {
		h, err = tx.FindChainHead(context.Background(), chain)
		return err
	})
	return h
}

// storedEvents returns up to isms.MaxPageSize events of chain in sequence order.
func storedEvents(t *testing.T, db *sqldb.DB, chain string) []*isms.AuditEvent {
	t.Helper()
	var list []*isms.AuditEvent
	view(t, db, func(tx *sqldb.Tx) (err error) {
		list, _, err = tx.FindAuditEvents(context.Background(), isms.AuditFilter{Chain: chain, Limit: isms.MaxPageSize})
		return err
	})
	return list
}

func TestInsertAuditEventChainsEvents(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		orgA, orgB := string(isms.NewID("org")), string(isms.NewID("org"))
		actor := isms.Actor{UserID: "usr_alice", Name: "Alice", OrgID: isms.ID(orgA)}

		// Interleave the chains so that each append follows an append to
		// another chain.
		want := map[string][]*isms.AuditEvent{}
		var times []time.Time
		for i, chain := range []string{orgA, orgB, orgA, isms.InstallationChain, orgA, orgB, orgA, isms.InstallationChain, orgA} {
			times = append(times, clk.Advance(time.Second))
			e := appendEvent(t, db, chain, actor, "organization.update", "organization", isms.ID(chain))
			want[chain] = append(want[chain], e)
			if !e.Time.Equal(times[i]) {
				t.Errorf("InsertAuditEvent() #%d time = %v, want the transaction time %v", i, e.Time, times[i])
			}
		}

		for chain, events := range want {
			prev := isms.GenesisHash
			for i, e := range events {
				if e.Chain != chain || e.Seq != int64(i+1) || e.PrevHash != prev || e.Hash != e.ComputeHash() {
					t.Errorf("event %d of chain %s = chain %s, seq %d, prev %s, hash %s; want seq %d, prev %s and its computed hash",
						i, chain, e.Chain, e.Seq, e.PrevHash, e.Hash, i+1, prev)
				}
				prev = e.Hash
			}
			last := events[len(events)-1]
			if got, want := chainHead(t, db, chain), (isms.ChainHead{Chain: chain, Seq: int64(len(events)), Hash: last.Hash}); got != want {
				t.Errorf("FindChainHead(%s) = %+v, want %+v", chain, got, want)
			}
			if diff := cmp.Diff(events, storedEvents(t, db, chain)); diff != "" {
				t.Errorf("FindAuditEvents(%s) differs from the events inserted (-want +got):\n%s", chain, diff)
			}
			wantIntact(t, db, chain, int64(len(events)))
		}
		if n := len(want[orgA]); n != 5 {
			t.Fatalf("chain A has %d events, want 5", n)
		}

		view(t, db, func(tx *sqldb.Tx) error {
			head, err := tx.FindChainHead(ctx, "org_never_used")
			if want := (isms.ChainHead{Chain: "org_never_used", Seq: 0, Hash: isms.GenesisHash}); err != nil || head != want {
				t.Errorf("FindChainHead(unused chain) = %+v, %v, want %+v", head, err, want)
			}
			names, err := tx.FindChainNames(ctx)
			wantNames := []string{isms.InstallationChain, orgA, orgB}
			if orgB < orgA {
				wantNames = []string{isms.InstallationChain, orgB, orgA}
			}
			if err != nil || !cmp.Equal(names, wantNames) {
				t.Errorf("FindChainNames() = %v, %v, want %v", names, err, wantNames)
			}
			return nil
		})
		wantIntact(t, db, "org_never_used", 0)
	})
}

func TestInsertAuditEventInOneTransaction(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		at := clk.Advance(time.Second)
		chain := string(isms.NewID("org"))
		var events []*isms.AuditEvent
		update(t, db, func(tx *sqldb.Tx) error {
			for _, action := range []string{"membership.create", "membership.update", "membership.delete"} {
				e := isms.NewAuditEvent(isms.SystemActor(isms.ID(chain)), action, "user", "usr_bob", nil)
				e.Chain = chain
				if err := tx.InsertAuditEvent(ctx, &e); err != nil {
					return err
				}
				events = append(events, &e)
			}
			return nil
		})
		for i, e := range events {
			if e.Seq != int64(i+1) || !e.Time.Equal(at) || e.Changes != "{}" {
				t.Errorf("event %d = seq %d, time %v, changes %s; want seq %d, time %v, changes {}", i, e.Seq, e.Time, e.Changes, i+1, at)
			}
		}
		wantIntact(t, db, chain, 3)

		err := db.Update(ctx, func(tx *sqldb.Tx) error {
			e := isms.NewAuditEvent(isms.SystemActor(""), "x.y", "", "", nil)
			return tx.InsertAuditEvent(ctx, &e)
		})
		if err == nil {
			t.Errorf("InsertAuditEvent(event without a chain) = nil, want an error")
		}
	})
}

// TestWalkAuditChainCrossesBatches walks a chain longer than one batch of
// WalkAuditChain (5,000 events).
func TestWalkAuditChainCrossesBatches(t *testing.T) {
	if testing.Short() {
		t.Skip("appends 5,001 events")
	}
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		setClock(db)
		chain := string(isms.NewID("org"))
		const n = 5001
		update(t, db, func(tx *sqldb.Tx) error {
			for range n {
				e := isms.NewAuditEvent(isms.SystemActor(isms.ID(chain)), "demo.create", "demo", "", nil)
				e.Chain = chain
				if err := tx.InsertAuditEvent(ctx, &e); err != nil {
					return err
				}
			}
			return nil
		})
		wantIntact(t, db, chain, n)

		var seen int
		view(t, db, func(tx *sqldb.Tx) error {
			return tx.WalkAuditChain(ctx, chain, func(e *isms.AuditEvent) bool {
				seen++
				return e.Seq < 10
			})
		})
		if seen != 10 {
			t.Errorf("WalkAuditChain(fn stopping at seq 10) called fn %d times, want 10", seen)
		}
	})
}

func TestAuditEventsAreAppendOnly(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock(db)
		chain := string(isms.NewID("org"))
		for range 3 {
			appendEvent(t, db, chain, isms.SystemActor(""), "organization.update", "organization", isms.ID(chain))
		}
		raw := rawDB(t, db)
		if err := rawExec(db, raw, `UPDATE audit_events SET actor_name = ? WHERE chain = ? AND seq = 2`, "mallory", chain); err == nil {
			t.Errorf("raw UPDATE of audit_events = nil, want the trigger's error")
		}
		if err := rawExec(db, raw, `DELETE FROM audit_events WHERE chain = ? AND seq = 3`, chain); err == nil {
			t.Errorf("raw DELETE of audit_events = nil, want the trigger's error")
		}
		if err := rawExec(db, raw, `DELETE FROM audit_events`); err == nil {
			t.Errorf("raw DELETE of every audit event = nil, want the trigger's error")
		}
		wantIntact(t, db, chain, 3)
	})
}

func TestChainVerifierDetectsTampering(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		setClock(db)
		raw := rawDB(t, db)
		drop := `DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete`
		if db.Dialect() == sqldb.Postgres {
			drop = `DROP TRIGGER audit_events_no_change ON audit_events`
		}
		if _, err := raw.Exec(drop); err != nil {
			t.Fatalf("drop the audit triggers: %v", err)
		}

		// exec returns a tampering step that runs statements, in which ? is the chain.
		exec := func(stmts ...string) func(t *testing.T, chain string) {
			return func(t *testing.T, chain string) {
				for _, q := range stmts {
					if err := rawExec(db, raw, q, chain); err != nil {
						t.Fatalf("tamper %q: %v", q, err)
					}
				}
			}
		}
		// Each case tampers with a fresh chain of five events.
		tests := []struct {
			name   string
			tamper func(t *testing.T, chain string)
			// wantSeq and wantReason describe the break the verifier must report.
			wantSeq    int64
			wantReason string
		}{
			{
				name:       "an altered event breaks at its own seq",
				tamper:     exec(`UPDATE audit_events SET actor_name = 'mallory', changes = '{}' WHERE chain = ? AND seq = 3`),
				wantSeq:    3,
				wantReason: "altered",
			},
			{
				name: "an altered event with a recomputed hash breaks at the next event",
				tamper: func(t *testing.T, chain string) {
					e := *storedEvents(t, db, chain)[2]
					e.ActorName = "mallory"
					e.Hash = e.ComputeHash()
					q := `UPDATE audit_events SET actor_name = ?, hash = ? WHERE chain = ? AND seq = 3`
					if err := rawExec(db, raw, q, e.ActorName, e.Hash, chain); err != nil {
						t.Fatalf("tamper %q: %v", q, err)
					}
				},
				wantSeq:    4,
				wantReason: "does not follow",
			},
			{
				name:       "a deleted middle event breaks at its seq",
				tamper:     exec(`DELETE FROM audit_events WHERE chain = ? AND seq = 3`),
				wantSeq:    3,
				wantReason: "missing",
			},
			{
				name:       "a deleted first event breaks at seq 1",
				tamper:     exec(`DELETE FROM audit_events WHERE chain = ? AND seq = 1`),
				wantSeq:    1,
				wantReason: "missing",
			},
			{
				name:       "a deleted last event breaks at the head",
				tamper:     exec(`DELETE FROM audit_events WHERE chain = ? AND seq = 5`),
				wantSeq:    5,
				wantReason: "head is event 5",
			},
			{
				name: "two swapped events break at the first of them",
				tamper: exec(
					`UPDATE audit_events SET seq = -1 WHERE chain = ? AND seq = 2`,
					`UPDATE audit_events SET seq = 2 WHERE chain = ? AND seq = 3`,
					`UPDATE audit_events SET seq = 3 WHERE chain = ? AND seq = -1`,
				),
				wantSeq:    2,
				wantReason: "does not follow",
			},
			{
				name:       "an event moved to another chain breaks where it is missing",
				tamper:     exec(`UPDATE audit_events SET chain = 'elsewhere' WHERE chain = ? AND seq = 4`),
				wantSeq:    4,
				wantReason: "missing",
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				chain := string(isms.NewID("org"))
				for range 5 {
					appendEvent(t, db, chain, isms.Actor{UserID: "usr_alice", Name: "Alice"}, "risk.update", "risk", "risk_1")
				}
				wantIntact(t, db, chain, 5)
				tt.tamper(t, chain)
				v := verifyChain(t, db, chain)
				if v.Break == nil {
					t.Fatalf("verify chain after tampering = no break, want a break at seq %d", tt.wantSeq)
				}
				if v.Break.Seq != tt.wantSeq || !strings.Contains(v.Break.Reason, tt.wantReason) {
					t.Errorf("verify chain after tampering = break at seq %d (%s), want seq %d mentioning %q",
						v.Break.Seq, v.Break.Reason, tt.wantSeq, tt.wantReason)
				}
			})
		}
	})
}

func TestConcurrentAppendsKeepOneChain(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		setClock(db)
		chain := string(isms.NewID("org")) // not created yet: the first appends race to create it
		const writers, perWriter = 8, 25
		var wg sync.WaitGroup
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range perWriter {
					err := db.Update(ctx, func(tx *sqldb.Tx) error {
						e := isms.NewAuditEvent(isms.Actor{UserID: "usr_w", Name: "writer"}, "demo.create", "demo", "", nil)
						e.Chain = chain
						return tx.InsertAuditEvent(ctx, &e)
					})
					if err != nil {
						t.Errorf("writer %d, append %d: InsertAuditEvent() = %v", w, i, err)
						return
					}
				}
			}()
		}
		wg.Wait()

		const n = writers * perWriter
		if got := chainHead(t, db, chain); got.Seq != n {
			t.Errorf("FindChainHead() seq = %d, want %d", got.Seq, n)
		}
		events := storedEvents(t, db, chain)
		if len(events) != n {
			t.Fatalf("stored %d events, want %d", len(events), n)
		}
		for i, e := range events {
			if e.Seq != int64(i+1) {
				t.Fatalf("event %d has seq %d, want %d", i, e.Seq, i+1)
			}
		}
		wantIntact(t, db, chain, n)
	})
}

func TestFindAuditEvents(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		chain, other := string(isms.NewID("org")), string(isms.NewID("org"))
		alice := isms.Actor{UserID: "usr_alice", Name: "Alice"}
		bob := isms.Actor{UserID: "usr_bob", Name: "Bob"}
		system := isms.SystemActor(isms.ID(chain))
		// One event a minute from t0+1m: seq n happens at t0 + n minutes.
		at := func(seq int) time.Time { return t0.Add(time.Duration(seq) * time.Minute) }
		for _, e := range []struct {
			actor              isms.Actor
			action, objectType string
			objectID           isms.ID
		}{
			{alice, "organization.update", "organization", "org_1"},
			{bob, "membership.create", "user", "usr_x"},
			{alice, "membership.update", "user", "usr_x"},
			{system, "organization.update", "organization", "org_1"},
			{bob, "approval.submit", "approval", "apr_1"},
		} {
			clk.Advance(time.Minute)
			appendEvent(t, db, chain, e.actor, e.action, e.objectType, e.objectID)
			// The same kinds of event in another chain must never show.
			appendEvent(t, db, other, e.actor, e.action, e.objectType, e.objectID)
		}

		tests := []struct {
			name      string
			f         isms.AuditFilter
			want      []int64 // seqs
			wantTotal int
		}{
			{"no filter lists the chain in sequence order", isms.AuditFilter{}, []int64{1, 2, 3, 4, 5}, 5},
			{"Desc lists newest first", isms.AuditFilter{Desc: true}, []int64{5, 4, 3, 2, 1}, 5},
			{"object type selects events on that kind of object", isms.AuditFilter{ObjectType: "user"}, []int64{2, 3}, 2},
			{"object type and ID select one object's history", isms.AuditFilter{ObjectType: "organization", ObjectID: "org_1"}, []int64{1, 4}, 2},
			{"an object ID alone selects by ID", isms.AuditFilter{ObjectID: "apr_1"}, []int64{5}, 1},
			{"actor selects the actor's events", isms.AuditFilter{ActorID: "usr_alice"}, []int64{1, 3}, 2},
			{"action selects that action", isms.AuditFilter{Action: "organization.update"}, []int64{1, 4}, 2},
			{"From is inclusive and To exclusive", isms.AuditFilter{From: at(2), To: at(4)}, []int64{2, 3}, 2},
			{"From alone selects from that time", isms.AuditFilter{From: at(4)}, []int64{4, 5}, 2},
			{"To alone selects before that time", isms.AuditFilter{To: at(2)}, []int64{1}, 1},
			{"a time range in another zone means the same instants", isms.AuditFilter{From: at(2).In(time.FixedZone("CET", 3600)), To: at(3).In(time.FixedZone("CET", 3600))}, []int64{2}, 1},
			{"filters combine", isms.AuditFilter{ActorID: "usr_bob", ObjectType: "user", From: at(1)}, []int64{2}, 1},
			{"a page has Limit events from Offset and the full total", isms.AuditFilter{Limit: 2, Offset: 1}, []int64{2, 3}, 5},
			{"a newest-first page", isms.AuditFilter{Desc: true, Limit: 2}, []int64{5, 4}, 5},
			{"a filtered page keeps the filtered total", isms.AuditFilter{ActorID: "usr_bob", Limit: 1, Offset: 1}, []int64{5}, 2},
			{"a page past the end is empty", isms.AuditFilter{Offset: 5}, nil, 5},
			{"no match gives nothing", isms.AuditFilter{Action: "nothing.happened"}, nil, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.f.Chain = chain
				view(t, db, func(tx *sqldb.Tx) error {
					list, total, err := tx.FindAuditEvents(ctx, tt.f)
					if err != nil {
						t.Fatalf("FindAuditEvents(%+v) = %v", tt.f, err)
					}
					var got []int64
					for _, e := range list {
						got = append(got, e.Seq)
						if e.Chain != chain {
							t.Errorf("FindAuditEvents(%+v) returned an event of chain %s", tt.f, e.Chain)
						}
					}
					if !cmp.Equal(got, tt.want) || total != tt.wantTotal {
						t.Errorf("FindAuditEvents(%+v) = seqs %v, total %d, want %v, total %d", tt.f, got, total, tt.want, tt.wantTotal)
					}
					return nil
				})
			})
		}

		t.Run("the unfiltered total is the head's sequence number", func(t *testing.T) {
			view(t, db, func(tx *sqldb.Tx) error {
				_, total, err := tx.FindAuditEvents(ctx, isms.AuditFilter{Chain: chain, Limit: 1})
				head, herr := tx.FindChainHead(ctx, chain)
				if err != nil || herr != nil || int64(total) != head.Seq {
					t.Errorf("FindAuditEvents(unfiltered) total = %d, %v; head seq = %d, %v; want them equal", total, err, head.Seq, herr)
				}
				list, total, err := tx.FindAuditEvents(ctx, isms.AuditFilter{Chain: "org_never_used"})
				if len(list) != 0 || total != 0 || err != nil {
					t.Errorf("FindAuditEvents(unused chain) = %d events, total %d, %v, want none", len(list), total, err)
				}
				return nil
			})
		})
	})
}

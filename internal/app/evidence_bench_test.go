// SPDX-License-Identifier: Apache-2.0

package app_test

// Benchmarks of the evidence register on 100,000 items in one organization
// (DESIGN §7; docs/performance.md has the figures and the command): the
// first page in the default order and the first page of expiring items,
// as GET /api/v1/evidence serves them, through the use case (permission
// check and freshness included). Besides ns/op they report the latency
// percentiles p50-ms and p99-ms, one sequential client in the Sequential
// benchmarks and 32 at once in the Parallel ones.
//
//	go test ./internal/app -run '^$' -bench Evidence -benchtime 2s -count 3

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/blob"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

const (
	benchEvidence       = 100_000 // items of the organization
	benchEvidenceOwners = 50
)

// benchEvidenceWorld is an organization with benchEvidence items and its
// administrator.
type benchEvidenceWorld struct {
	app   *app.App
	admin isms.Actor
}

// benchEachEvidence runs fn as sub-benchmark "sqlite" on a fresh SQLite
// file, and as "postgres" on a fresh schema when ISMS_TEST_POSTGRES_URL is
// set, each holding the generated organization.
func benchEachEvidence(b *testing.B, fn func(b *testing.B, w *benchEvidenceWorld)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, loadBenchEvidence(b, sqldbtest.Open(b, sqldbtest.SQLiteURL(b)))) })
	if sqldbtest.PostgresURL() != "" {
		b.Run("postgres", func(b *testing.B) { fn(b, loadBenchEvidence(b, sqldbtest.Open(b, sqldbtest.FreshSchema(b)))) })
	}
}

// loadBenchEvidence generates the organization in db with the large
// demo's evidence generator (a mix of files, links and notes, about 2.5 %
// expiring within the freshness window), writing straight to the store in
// its batches, the files to a file store of their own.
func loadBenchEvidence(b *testing.B, db *sqldb.DB) *benchEvidenceWorld {
	b.Helper()
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	store, err := blob.NewFS(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	a := app.New(db, app.Options{Now: func() time.Time { return now }, Blobs: store, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
	sys := isms.SystemActor("")
	admin := &isms.User{Email: "admin@bench.example", Name: "Bench Admin"}
	if _, err := a.CreateUser(ctx, sys, admin, "correct horse battery staple"); err != nil {
		b.Fatal(err)
	}
	org := &isms.Organization{Slug: "bench", Name: "Bench"}
	if err := a.CreateOrganization(ctx, sys, org, admin.ID); err != nil {
		b.Fatal(err)
	}
	owners := []*isms.User{admin}
	for i := 1; i < benchEvidenceOwners; i++ {
		u := &isms.User{Email: fmt.Sprintf("owner%02d@bench.example", i), Name: fmt.Sprintf("Owner %02d", i)}
		if _, err := a.CreateUser(ctx, sys, u, "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
		if err := a.AddMemberByID(ctx, isms.SystemActor(org.ID), org.ID, u.ID, isms.RoleContributor); err != nil {
			b.Fatal(err)
		}
		owners = append(owners, u)
	}
	if err := a.GenerateEvidence(ctx, org.ID, owners, benchEvidence, app.DefaultDemoSeed); err != nil {
		b.Fatalf("generate evidence: %v", err)
	}
	if db.Dialect() == sqldb.Postgres {
		if _, err := sqldbtest.Raw(b, db.URL()).Exec(`VACUUM ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	return &benchEvidenceWorld{app: a, admin: isms.Actor{UserID: admin.ID, Name: admin.Name, OrgID: org.ID, Role: isms.RoleAdmin}}
}

// benchEvidenceFilters are the lists measured: the register's first page
// in its default order, and its first page of expiring evidence.
var benchEvidenceFilters = []struct {
	name     string
	filter   isms.EvidenceFilter
	min, max int // the total expected
}{
	{"default", isms.EvidenceFilter{Limit: 50}, benchEvidence, benchEvidence},
	{"expiring", isms.EvidenceFilter{Freshness: isms.FreshnessExpiring, Limit: 50}, 1_000, 5_000},
}

// latencies collects the duration of each operation of a benchmark.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

// report adds the median and the 99th percentile, in milliseconds.
func (l *latencies) report(b *testing.B) {
	if len(l.d) == 0 {
		return
	}
	slices.Sort(l.d)
	at := func(q float64) float64 {
		return float64(l.d[min(len(l.d)-1, int(q*float64(len(l.d))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// findEvidencePage reads one page and checks it.
func findEvidencePage(b *testing.B, w *benchEvidenceWorld, f isms.EvidenceFilter, lo, hi int) {
	list, total, err := w.app.FindEvidence(context.Background(), w.admin, f)
	if err != nil || len(list) != 50 || total < lo || total > hi {
		b.Fatalf("FindEvidence: %d items of %d, %v; want 50 of %d to %d", len(list), total, err, lo, hi)
	}
}

// BenchmarkFindEvidenceSequential reads the first page of 50 and the total,
// one request at a time.
func BenchmarkFindEvidenceSequential(b *testing.B) {
	benchEachEvidence(b, func(b *testing.B, w *benchEvidenceWorld) {
		for _, tc := range benchEvidenceFilters {
			b.Run(tc.name, func(b *testing.B) {
				var l latencies
				for b.Loop() {
					start := time.Now()
					findEvidencePage(b, w, tc.filter, tc.min, tc.max)
					l.add(time.Since(start))
				}
				l.report(b)
			})
		}
	})
}

// BenchmarkFindEvidenceParallel reads the first page with 32 clients at
// once (16 goroutines per CPU on the 2-CPU machine of docs/performance.md).
func BenchmarkFindEvidenceParallel(b *testing.B) {
	benchEachEvidence(b, func(b *testing.B, w *benchEvidenceWorld) {
		for _, tc := range benchEvidenceFilters {
			b.Run(tc.name, func(b *testing.B) {
				var l latencies
				b.SetParallelism(16)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						start := time.Now()
						findEvidencePage(b, w, tc.filter, tc.min, tc.max)
						l.add(time.Since(start))
					}
				})
				l.report(b)
			})
		}
	})
}

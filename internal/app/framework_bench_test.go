// SPDX-License-Identifier: Apache-2.0

package app_test

// Benchmarks of framework imports and the posture (docs/performance.md has
// the figures and the commands). They run on SQLite always and on
// PostgreSQL as well when ISMS_TEST_POSTGRES_URL is set, as sub-benchmarks
// "sqlite" and "postgres". BenchmarkImport80053Moderate needs NIST's
// reference data (ISMS_TEST_SHARED_DATA) and skips without it.
//
//	go test ./internal/app -run '^$' -bench 'ImportBuiltinISO|Posture|Import80053' -benchtime 2s -count 5

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// benchEachDB runs fn as sub-benchmark "sqlite" on a fresh SQLite file and
// as "postgres" on a fresh schema when ISMS_TEST_POSTGRES_URL is set.
func benchEachDB(b *testing.B, fn func(b *testing.B, db *sqldb.DB, url string)) {
	b.Run("sqlite", func(b *testing.B) {
		url := sqldbtest.SQLiteURL(b)
		fn(b, sqldbtest.Open(b, url), url)
	})
	if sqldbtest.PostgresURL() != "" {
		b.Run("postgres", func(b *testing.B) {
			url := sqldbtest.FreshSchema(b)
			fn(b, sqldbtest.Open(b, url), url)
		})
	}
}

// benchApp returns an app over db with a cheap password cost and a fixed
// clock.
func benchApp(db *sqldb.DB) *app.App {
	return app.New(db, app.Options{Now: func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) },
		PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
}

// benchOrgs creates organizations for an import benchmark, one a call,
// all administered by one account.
type benchOrgs struct {
	b     *testing.B
	app   *app.App
	admin *isms.User
	n     int
}

func newBenchOrgs(b *testing.B, a *app.App) *benchOrgs {
	u := &isms.User{Name: "Bench Admin", Email: "bench.admin@example.com"}
	if _, err := a.CreateUser(context.Background(), isms.SystemActor(""), u, "correct horse battery staple"); err != nil {
		b.Fatal(err)
	}
	return &benchOrgs{b: b, app: a, admin: u}
}

// next returns the administrator's actor in a new organization.
func (o *benchOrgs) next() isms.Actor {
	o.n++
	org := &isms.Organization{Slug: fmt.Sprintf("bench-%d", o.n), Name: fmt.Sprintf("Bench %d", o.n)}
	if err := o.app.CreateOrganization(context.Background(), isms.SystemActor(""), org, o.admin.ID); err != nil {
		o.b.Fatal(err)
	}
	return isms.Actor{UserID: o.admin.ID, Name: o.admin.Name, OrgID: org.ID, Role: isms.RoleAdmin}
}

// BenchmarkImportBuiltinISO imports ISO/IEC 27001:2022 into a new
// organization each time (the organization is made with the timer
// stopped): 138 requirements, the framework row and its audit event.
func BenchmarkImportBuiltinISO(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *sqldb.DB, _ string) {
		a := benchApp(db)
		orgs := newBenchOrgs(b, a)
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		var cpu time.Duration
		for range b.N {
			b.StopTimer()
			actor := orgs.next()
			start := cpuTime()
			b.StartTimer()
			if _, _, err := a.ImportBuiltinFramework(ctx, actor, catalog.KeyISO2022); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			cpu += cpuTime() - start
			b.StartTimer()
		}
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	})
}

// BenchmarkPosture reads the posture of every framework of the large
// demo organization (ISO/IEC 27001:2022 and 2013 and three generated
// frameworks: about 2,000 requirements, 400 controls and their links)
// through app.Posture, as the dashboard and GET /api/v1/posture do:
// "full" on an App that has no posture of the organization yet, so that
// each call computes it, as the first view after a change does; "repeat"
// views it again with nothing changed, which reads the kept result's key
// and copies the result. Each reports cpu-ms/op beside ns/op and p99-ms.
func BenchmarkPosture(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *sqldb.DB, url string) {
		a := benchApp(db)
		admin := loadLargeFrameworks(b, a, url)
		reqs, links := postureSize(b, a, admin)
		b.Run("full", func(b *testing.B) {
			benchPosture(b, admin, reqs, links, func() *app.App { return benchApp(db) })
		})
		// The first view, which computes the result that "repeat" reads.
		if _, err := a.Posture(context.Background(), admin); err != nil {
			b.Fatalf("Posture: %v", err)
		}
		b.Run("repeat", func(b *testing.B) { benchPosture(b, admin, reqs, links, func() *app.App { return a }) })
	})
}

// benchPosture measures Posture as actor on the App that each call of
// next returns, and reports the organization's requirements and links.
func benchPosture(b *testing.B, actor isms.Actor, reqs, links int, next func() *app.App) {
	ctx := context.Background()
	start, n := cpuTime(), 0
	loopP99(b, func() {
		n++
		p, err := next().Posture(ctx, actor)
		if err != nil || len(p) != 5 {
			b.Fatalf("Posture = %d frameworks, %v; want 5", len(p), err)
		}
	})
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(n), "cpu-ms/op")
	b.ReportMetric(float64(reqs), "requirements")
	b.ReportMetric(float64(links), "links")
}

// loadLargeFrameworks loads the large demo with few people and events
// (its frameworks and controls are the same whatever their number) and
// returns its administrator, after refreshing the planner's statistics.
func loadLargeFrameworks(b *testing.B, a *app.App, url string) isms.Actor {
	b.Helper()
	ctx := context.Background()
	res, err := a.LoadDemoWith(ctx, app.DemoLarge, app.DemoOptions{People: 50, Events: 100}, nil)
	if err != nil {
		b.Fatalf("load the large demo: %v", err)
	}
	org, err := a.FindOrganizationBySlug(ctx, isms.SystemActor(""), res.OrgSlug)
	if err != nil {
		b.Fatal(err)
	}
	maintenance := "ANALYZE"
	if sqldb.IsPostgres(url) {
		maintenance = "VACUUM ANALYZE"
	}
	if _, err := sqldbtest.Raw(b, url).Exec(maintenance); err != nil {
		b.Fatalf("%s: %v", maintenance, err)
	}
	return isms.SystemActor(org.ID)
}

// postureSize counts the requirements of the organization's frameworks
// and the links of its controls.
func postureSize(b *testing.B, a *app.App, actor isms.Actor) (reqs, links int) {
	ctx := context.Background()
	fws, _, err := a.FindFrameworks(ctx, actor, isms.FrameworkFilter{Limit: 50})
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range fws {
		reqs += f.Requirements
	}
	cs, _, err := a.FindControls(ctx, actor, isms.ControlFilter{Limit: 500})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range cs {
		links += c.Requirements
	}
	return reqs, links
}

// The NIST files of BenchmarkImport80053Moderate.
const (
	nistCatalog  = "NIST_SP-800-53_rev5_catalog_5.0.1_2021-06-08.json"
	nistModerate = "NIST_SP-800-53_rev5_MODERATE-baseline_profile.json"
)

// memLoader serves the documents a profile imports from memory, by the
// last element of their reference.
type memLoader map[string][]byte

func (m memLoader) Load(href, base string) (string, []byte, error) {
	name := filepath.Base(href)
	data, ok := m[name]
	if !ok {
		return "", nil, fmt.Errorf("%w: %s", catalog.ErrNotFound, name)
	}
	return name, bytes.Clone(data), nil
}

// BenchmarkImport80053Moderate imports NIST SP 800-53's MODERATE baseline:
// "read" is the floor, reading both files with catalog.Read (unmarshal,
// schema validation, decoding); "import" reads the profile as a framework,
// resolving it against the 5.0.1 catalog, and imports it into a new
// organization. Both report the peak heap in use while they ran.
func BenchmarkImport80053Moderate(b *testing.B) {
	dir := sharedData(b, "nist-800-53-rev5")
	cat, err := os.ReadFile(filepath.Join(dir, nistCatalog))
	if err != nil {
		b.Fatal(err)
	}
	prof, err := os.ReadFile(filepath.Join(dir, nistModerate))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("read", func(b *testing.B) {
		peak := startPeakHeap()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := catalog.Read(nistCatalog, cat); err != nil {
				b.Fatal(err)
			}
			if _, err := catalog.Read(nistModerate, prof); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(peak(), "peak-heap-MB")
	})
	loader := memLoader{"NIST_SP-800-53_rev5_catalog.json": cat}
	b.Run("import", func(b *testing.B) {
		benchEachDB(b, func(b *testing.B, db *sqldb.DB, _ string) {
			a := benchApp(db)
			orgs := newBenchOrgs(b, a)
			ctx := context.Background()
			peak := startPeakHeap()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				actor := orgs.next()
				b.StartTimer()
				fw, err := a.ReadFrameworkFile(nistModerate, prof, catalog.ReadOptions{Loader: loader})
				if err != nil {
					b.Fatal(err)
				}
				f, _, err := a.ImportFramework(ctx, actor, fw)
				if err != nil || f.Assessable < 287 {
					b.Fatalf("ImportFramework = %+v, %v; want the 287 MODERATE controls", f, err)
				}
			}
			b.StopTimer()
			b.ReportMetric(peak(), "peak-heap-MB")
		})
	})
}

// startPeakHeap collects garbage, then samples the heap in use every
// millisecond until the returned function is called, which returns the
// highest sample in MB.
func startPeakHeap() func() float64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var mu sync.Mutex
	var peak uint64
	read := func() {
		metrics.Read(sample)
		mu.Lock()
		peak = max(peak, sample[0].Value.Uint64())
		mu.Unlock()
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() float64 {
		close(done)
		<-stopped
		read()
		return float64(peak) / (1 << 20)
	}
}

// cpuTime is the CPU time the process has used, user and system: on a
// busy machine it tells the work of an operation apart from its waiting
// (for SQLite, which runs in the process; PostgreSQL's work is not in it).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

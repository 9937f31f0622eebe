// SPDX-License-Identifier: Apache-2.0

package app_test

// The benchmark of the readiness check on the large demo organization
// (docs/performance.md, "Readiness check", has the figures and the
// command). It runs on SQLite always and on PostgreSQL as well when
// ISMS_TEST_POSTGRES_URL is set, as sub-benchmarks "sqlite" and
// "postgres". The target is 200 ms per check.
//
//	go test -run '^$' -bench BenchmarkReadinessCheck -benchtime 20x ./internal/app/

import (
	"context"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// readinessBenchEvents is the audit trail of the benchmark's demo: the
// check never reads audit events, so the million of the documented large
// demo would only slow the loading down.
const readinessBenchEvents = 1_000

// BenchmarkReadinessCheck runs one readiness check of the whole large
// demo organization (2,000 people; its risks, assets, controls, evidence,
// documents, audits and reviews as "isms demo --size large" makes them)
// through app.Check, as GET /readiness does. It reports the findings,
// blockers and rules of the result beside ns/op and p99-ms, and cpu-ms/op:
// the test process's CPU time per check, which on SQLite includes the
// database's work and on PostgreSQL only the client's.
func BenchmarkReadinessCheck(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *sqldb.DB, url string) {
		ctx := context.Background()
		a, admin := loadReadinessDemo(b, db, url)
		var r *isms.Readiness
		start, n := cpuTime(), 0
		loopP99(b, func() {
			var err error
			if r, err = a.Check(ctx, admin, app.ReadinessFilter{}); err != nil {
				b.Fatalf("Check: %v", err)
			}
			n++
		})
		b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(n), "cpu-ms/op")
		b.ReportMetric(float64(len(r.Findings)), "findings")
		b.ReportMetric(float64(r.Blockers), "blockers")
		b.ReportMetric(float64(r.Rules), "rules")
	})
}

// loadReadinessDemo loads the large demo with benchDemoPeople people and
// readinessBenchEvents events into db, refreshes the planner's
// statistics, and returns the app with its administrator's actor.
func loadReadinessDemo(b *testing.B, db *sqldb.DB, url string) (*app.App, isms.Actor) {
	b.Helper()
	ctx := context.Background()
	a := app.New(db, app.Options{PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
	res, err := a.LoadDemoWith(ctx, app.DemoLarge, app.DemoOptions{People: benchDemoPeople, Events: readinessBenchEvents}, nil)
	if err != nil {
		b.Fatalf("load the large demo: %v", err)
	}
	analyze(b, url)
	sid, _, err := a.SignIn(ctx, res.AdminEmail, app.DemoPassword, "192.0.2.10")
	if err != nil {
		b.Fatalf("sign in as %s: %v", res.AdminEmail, err)
	}
	st, err := a.Authenticate(ctx, sid)
	if err != nil {
		b.Fatalf("authenticate: %v", err)
	}
	return a, st.Actor
}

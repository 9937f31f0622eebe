// SPDX-License-Identifier: Apache-2.0

package app_test

// The benchmark of the readiness check on the large demo organization
// (docs/performance.md, "Readiness check", has the figures and the
// command). It runs on SQLite always and on PostgreSQL as well when
// ISMS_TEST_POSTGRES_URL is set, as sub-benchmarks "sqlite" and
// "postgres". The target is 200 ms per full check.
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

// BenchmarkReadinessCheck runs the readiness check of the whole large
// demo organization (2,000 people; its risks, assets, controls, evidence,
// documents, audits and reviews as "isms demo --size large" makes them)
// through app.Check, as GET /readiness and the dashboard do: "full" on an
// App that has no result of the organization yet, so that each call
// gathers the facts, evaluates every rule and keeps the day's run, as the
// first view after a change does; "repeat" views it again with nothing
// changed, which reads the cache's key and copies the kept result. Each
// reports the findings, blockers and rules of the result beside ns/op and
// p99-ms, and cpu-ms/op: the test process's CPU time per check, which on
// SQLite includes the database's work and on PostgreSQL only the
// client's.
func BenchmarkReadinessCheck(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *sqldb.DB, url string) {
		a, admin := loadReadinessDemo(b, db, url)
		b.Run("full", func(b *testing.B) {
			benchCheck(b, admin, func() *app.App {
				return app.New(db, app.Options{PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
			})
		})
		b.Run("repeat", func(b *testing.B) { benchCheck(b, admin, func() *app.App { return a }) })
	})
}

// benchCheck measures Check as admin on the App that each call of next
// returns.
func benchCheck(b *testing.B, admin isms.Actor, next func() *app.App) {
	ctx := context.Background()
	var r *isms.Readiness
	start, n := cpuTime(), 0
	loopP99(b, func() {
		var err error
		if r, err = next().Check(ctx, admin, app.ReadinessFilter{}); err != nil {
			b.Fatalf("Check: %v", err)
		}
		n++
	})
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(n), "cpu-ms/op")
	b.ReportMetric(float64(len(r.Findings)), "findings")
	b.ReportMetric(float64(r.Blockers), "blockers")
	b.ReportMetric(float64(r.Rules), "rules")
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

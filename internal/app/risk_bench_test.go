// SPDX-License-Identifier: Apache-2.0

package app_test

// Benchmarks of the risk register, the heatmap and the asset list on the
// large demo organization (docs/performance.md has the figures and the
// commands): 2,000 members, 20,000 assets and 5,000 risks owned by 200 of
// them, with their links, treatment actions and acceptances, loaded with
// the large demo's batch inserts. They run on SQLite always and on
// PostgreSQL as well when ISMS_TEST_POSTGRES_URL is set. The organization
// is loaded once per database, before b.Loop; each benchmark reports the
// 99th percentile of its calls (p99-ms) besides ns/op.
//
//	go test ./internal/app -run '^$' -bench 'RiskRegister|RiskHeatmap|RiskFlagCounts|AssetList' -benchtime 2s -count 5

import (
	"context"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// benchRiskOrg is the large demo organization as its administrator sees it.
type benchRiskOrg struct {
	app    *app.App
	admin  isms.Actor
	owner  isms.ID // a member who owns risks
	method *isms.RiskMethod
	high   int // the number of the level "high" of the current method
}

// benchEachRiskOrg runs fn as sub-benchmark "sqlite", and "postgres" when
// ISMS_TEST_POSTGRES_URL is set, each on a fresh database holding the large
// demo organization (with a short history: the audit trail is not what is
// measured).
func benchEachRiskOrg(b *testing.B, fn func(b *testing.B, o *benchRiskOrg)) {
	load := func(b *testing.B, url string) *benchRiskOrg {
		o, err := newBenchRiskOrg(context.Background(), sqldbtest.Open(b, url))
		if err != nil {
			b.Fatalf("load the large demo: %v", err)
		}
		// Statistics as autovacuum keeps them in a running installation.
		maintenance := "ANALYZE"
		if sqldb.IsPostgres(url) {
			maintenance = "VACUUM ANALYZE"
		}
		if _, err := sqldbtest.Raw(b, url).Exec(maintenance); err != nil {
			b.Fatalf("%s: %v", maintenance, err)
		}
		return o
	}
	b.Run("sqlite", func(b *testing.B) { fn(b, load(b, sqldbtest.SQLiteURL(b))) })
	if sqldbtest.PostgresURL() != "" {
		b.Run("postgres", func(b *testing.B) { fn(b, load(b, sqldbtest.FreshSchema(b))) })
	}
}

// newBenchRiskOrg loads the large demo with 2,000 people and 100 events
// and returns its administrator, the owner of the first risk and the
// current method.
func newBenchRiskOrg(ctx context.Context, db *sqldb.DB) (*benchRiskOrg, error) {
	a := app.New(db, app.Options{Now: func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) },
		PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
	res, err := a.LoadDemoWith(ctx, app.DemoLarge, app.DemoOptions{People: 2000, Events: 100, Evidence: 100}, nil)
	if err != nil {
		return nil, err
	}
	org, err := a.FindOrganizationBySlug(ctx, isms.SystemActor(""), res.OrgSlug)
	if err != nil {
		return nil, err
	}
	u, err := a.FindUserByEmail(ctx, isms.SystemActor(""), res.AdminEmail)
	if err != nil {
		return nil, err
	}
	o := &benchRiskOrg{app: a, admin: isms.Actor{UserID: u.ID, Name: u.Name, OrgID: org.ID, Role: isms.RoleAdmin}}
	if o.method, err = a.CurrentRiskMethod(ctx, o.admin); err != nil {
		return nil, err
	}
	o.high = o.method.LevelByKey("high")
	page, err := a.FindRisks(ctx, o.admin, isms.RiskFilter{Sort: "ref", Limit: 1})
	if err != nil {
		return nil, err
	}
	o.owner = page.Rows[0].Risk.OwnerID
	return o, nil
}

// BenchmarkRiskRegister reads the first page of 50 of the register with
// its total, as GET /risks and GET /api/v1/risks do: unfiltered, and
// filtered by owner, by residual level, by status and by overdue.
func BenchmarkRiskRegister(b *testing.B) {
	benchEachRiskOrg(b, func(b *testing.B, o *benchRiskOrg) {
		filters := []struct {
			name string
			f    isms.RiskFilter
			min  int // the least the total may be
		}{
			{"unfiltered", isms.RiskFilter{}, 5000},
			{"owner", isms.RiskFilter{OwnerID: o.owner}, 1},
			{"level", isms.RiskFilter{Level: o.high, Basis: "residual"}, 50},
			{"status", isms.RiskFilter{Status: isms.RiskInTreatment}, 50},
			{"overdue", isms.RiskFilter{Overdue: true}, 50},
		}
		for _, x := range filters {
			b.Run(x.name, func(b *testing.B) {
				ctx := context.Background()
				f := x.f
				f.Sort, f.Limit = "ref", 50
				loopP99(b, func() {
					page, err := o.app.FindRisks(ctx, o.admin, f)
					if err != nil || page.Total < x.min || len(page.Rows) != min(50, page.Total) {
						b.Fatalf("FindRisks(%s): %d rows of %d, %v", x.name, len(page.Rows), page.Total, err)
					}
				})
			})
		}
	})
}

// BenchmarkRiskHeatmap counts the register's risks per cell of the
// current method, inherent and residual, as GET /risks/heatmap does.
func BenchmarkRiskHeatmap(b *testing.B) {
	benchEachRiskOrg(b, func(b *testing.B, o *benchRiskOrg) {
		ctx := context.Background()
		loopP99(b, func() {
			h, err := o.app.RiskHeatmap(ctx, o.admin, isms.RiskFilter{})
			if err != nil || len(h.Inherent) != 5 || len(h.Residual) != 5 {
				b.Fatalf("RiskHeatmap: %+v, %v", h, err)
			}
		})
	})
}

// BenchmarkRiskFlagCounts counts the open risks per flag, as the
// dashboard does.
func BenchmarkRiskFlagCounts(b *testing.B) {
	benchEachRiskOrg(b, func(b *testing.B, o *benchRiskOrg) {
		ctx := context.Background()
		loopP99(b, func() {
			counts, err := o.app.RiskFlagCounts(ctx, o.admin)
			if err != nil || counts[isms.FlagReviewOverdue] == 0 {
				b.Fatalf("RiskFlagCounts: %v, %v", counts, err)
			}
		})
	})
}

// BenchmarkAssetList reads the first page of 50 of the 20,000 assets with
// the total, unfiltered and filtered by type, as GET /assets does.
func BenchmarkAssetList(b *testing.B) {
	benchEachRiskOrg(b, func(b *testing.B, o *benchRiskOrg) {
		for _, x := range []struct {
			name string
			f    isms.AssetFilter
		}{{"unfiltered", isms.AssetFilter{}}, {"type", isms.AssetFilter{Type: isms.AssetSoftware}}} {
			b.Run(x.name, func(b *testing.B) {
				ctx := context.Background()
				f := x.f
				f.Sort, f.Limit = "ref", 50
				loopP99(b, func() {
					list, total, err := o.app.FindAssets(ctx, o.admin, f)
					if err != nil || len(list) != 50 || total < 1000 {
						b.Fatalf("FindAssets(%s): %d of %d, %v", x.name, len(list), total, err)
					}
				})
			})
		}
	})
}

// SPDX-License-Identifier: Apache-2.0

package sqldb_test

// Benchmarks of the risk register store at the size of the large demo:
// 5,000 risks and 20,000 assets (docs/performance.md has the figures).
//
//	go test ./internal/sqldb -run '^$' -bench BenchmarkFindRisks -benchtime 2s

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

const (
	benchRisks       = 5_000
	benchAssets      = 20_000
	benchRiskOwners  = 40 // people who own risks and assets
	benchRiskActions = 2  // treatment actions of every other risk
)

// riskBench is the register the benchmarks read.
type riskBench struct {
	org    isms.ID
	method *isms.RiskMethod
	owner  isms.ID // one of the owners
	today  isms.Date
}

// newRiskBench stores an approved 5×5 method and a register of benchRisks
// risks over benchAssets assets, each risk linked to three assets and one
// of 200 controls, every other one with treatment actions.
func newRiskBench(b *testing.B, db *sqldb.DB) *riskBench {
	b.Helper()
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(1, 2))
	org := &isms.Organization{ID: isms.NewID("org"), Slug: "bench", Name: "Bench"}
	var owners []isms.ID
	m, err := isms.RiskMethodPreset(5)
	if err != nil {
		b.Fatal(err)
	}
	m.ID, m.OrgID, m.Number, m.Status = isms.NewID("rmt"), org.ID, 1, isms.MethodApproved
	err = db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := tx.InsertOrganization(ctx, org); err != nil {
			return err
		}
		for i := range benchRiskOwners {
			u := &isms.User{ID: isms.NewID("usr"), Email: fmt.Sprintf("owner%d@example.com", i), Name: fmt.Sprintf("Owner %02d", i)}
			if err := tx.InsertUser(ctx, u, "x"); err != nil {
				return err
			}
			owners = append(owners, u.ID)
		}
		if err := tx.InsertRiskMethod(ctx, m); err != nil {
			return err
		}
		assets := make([]*isms.Asset, benchAssets)
		for i := range assets {
			assets[i] = &isms.Asset{ID: isms.NewID("ast"), OrgID: org.ID, Ref: fmt.Sprintf("AS-%d", i+1),
				Name: fmt.Sprintf("Asset %d", i+1), Type: isms.AssetTypes[i%len(isms.AssetTypes)], OwnerID: owners[i%len(owners)],
				C: 1 + i%5, I: 1 + i%4, A: 1 + i%3}
			if i >= 100 {
				assets[i].ParentID = assets[i%100].ID
			}
		}
		if err := tx.InsertAssets(ctx, assets); err != nil {
			return err
		}
		controls := make([]*isms.Control, 200)
		for i := range controls {
			controls[i] = &isms.Control{ID: isms.NewID("ctl"), OrgID: org.ID, Ref: fmt.Sprintf("C-%d", i+1),
				Title: fmt.Sprintf("Control %d", i+1), Status: isms.ControlImplemented}
		}
		if err := tx.InsertControls(ctx, controls); err != nil {
			return err
		}
		return insertBenchRisks(ctx, tx, rnd, org.ID, m, owners, assets, controls)
	})
	if err != nil {
		b.Fatal(err)
	}
	return &riskBench{org: org.ID, method: m, owner: owners[7], today: isms.NewDate(2025, 6, 1)}
}

// insertBenchRisks stores the risks of newRiskBench with their links and
// actions.
func insertBenchRisks(ctx context.Context, tx *sqldb.Tx, rnd *rand.Rand, org isms.ID, m *isms.RiskMethod,
	owners []isms.ID, assets []*isms.Asset, controls []*isms.Control) error {
	risks := make([]*isms.Risk, benchRisks)
	var assetLinks, controlLinks [][2]isms.ID
	var tasks []*isms.Task
	statuses := isms.RiskStatuses
	for i := range risks {
		r := &isms.Risk{ID: isms.NewID("rsk"), OrgID: org, Ref: fmt.Sprintf("R-%d", i+1), Title: fmt.Sprintf("Risk %d", i+1),
			Kind: isms.RiskScenario, Event: "Something happens", OwnerID: owners[i%len(owners)], MethodID: m.ID,
			Treatment: isms.TreatmentOptions[i%len(isms.TreatmentOptions)], Status: statuses[i%len(statuses)],
			NextReview: isms.NewDate(2025, time.Month(1+i%12), 1+i%28)}
		r.Inherent = isms.RiskScore{Likelihood: 1 + rnd.IntN(5), Impact: 1 + rnd.IntN(5)}
		r.Residual = isms.RiskScore{Likelihood: 1 + rnd.IntN(r.Inherent.Likelihood), Impact: 1 + rnd.IntN(r.Inherent.Impact)}
		r.Score(m)
		risks[i] = r
		for k := range 3 {
			assetLinks = append(assetLinks, [2]isms.ID{r.ID, assets[(i*3+k*7)%len(assets)].ID})
		}
		controlLinks = append(controlLinks, [2]isms.ID{r.ID, controls[i%len(controls)].ID})
		if i%2 == 0 {
			for k := range benchRiskActions {
				tasks = append(tasks, &isms.Task{ID: isms.NewID("tsk"), OrgID: org, Title: fmt.Sprintf("Action %d of %s", k, r.Ref),
					OwnerID: r.OwnerID, Due: isms.NewDate(2025, time.Month(1+(i+k)%12), 1), Status: isms.TaskOpen,
					Link: isms.Link{Type: "risk", ID: r.ID}})
			}
		}
	}
	if err := tx.InsertRisks(ctx, risks); err != nil {
		return err
	}
	if err := tx.InsertRiskLinks(ctx, org, assetLinks, controlLinks); err != nil {
		return err
	}
	if err := tx.InsertTasks(ctx, tasks); err != nil {
		return err
	}
	for _, k := range tasks {
		if err := tx.InsertRiskAction(ctx, org, k.Link.ID, k.ID, ""); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkFindRisks reads the first page of 50 of the register filtered
// by owner, by residual level, by overdue and unfiltered, the first page of
// the assets, the residual heatmap and the flag counts.
func BenchmarkFindRisks(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *sqldb.DB) {
		ctx := context.Background()
		rb := newRiskBench(b, db)
		page := func(b *testing.B, f isms.RiskFilter) {
			f.OrgID, f.Today, f.Limit = rb.org, rb.today, 50
			for b.Loop() {
				err := db.View(ctx, func(tx *sqldb.Tx) error {
					list, total, err := tx.FindRisks(ctx, f)
					if err == nil && (len(list) == 0 || total == 0) {
						err = fmt.Errorf("no risks in the page")
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		b.Run("owner", func(b *testing.B) { page(b, isms.RiskFilter{OwnerID: rb.owner}) })
		b.Run("level", func(b *testing.B) { page(b, isms.RiskFilter{Level: 4, MethodID: rb.method.ID}) })
		b.Run("all", func(b *testing.B) { page(b, isms.RiskFilter{}) })
		b.Run("all-by-title", func(b *testing.B) { page(b, isms.RiskFilter{Sort: "title"}) })
		b.Run("overdue", func(b *testing.B) { page(b, isms.RiskFilter{Overdue: true}) })
		assets := func(b *testing.B, f isms.AssetFilter) {
			f.OrgID, f.Limit = rb.org, 50
			for b.Loop() {
				err := db.View(ctx, func(tx *sqldb.Tx) error {
					list, _, err := tx.FindAssets(ctx, f)
					if err == nil && len(list) == 0 {
						err = fmt.Errorf("no assets in the page")
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		b.Run("assets", func(b *testing.B) { assets(b, isms.AssetFilter{}) })
		b.Run("assets-by-name", func(b *testing.B) { assets(b, isms.AssetFilter{Sort: "name"}) })
		b.Run("assets-owner", func(b *testing.B) { assets(b, isms.AssetFilter{OwnerID: rb.owner}) })
		b.Run("heatmap", func(b *testing.B) {
			for b.Loop() {
				err := db.View(ctx, func(tx *sqldb.Tx) error {
					_, err := tx.RiskHeatmap(ctx, isms.RiskFilter{OrgID: rb.org, MethodID: rb.method.ID}, "residual")
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("flags", func(b *testing.B) {
			for b.Loop() {
				err := db.View(ctx, func(tx *sqldb.Tx) error {
					_, err := tx.RiskFlagCounts(ctx, rb.org, rb.method.ID, []int{3, 4, 5}, rb.today)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

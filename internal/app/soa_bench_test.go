// SPDX-License-Identifier: Apache-2.0

package app_test

// Benchmarks of the Statement of Applicability (docs/performance.md has
// the figures and the commands): building the view of ISO/IEC 27001:2022's
// 93 Annex A lines and exporting it as XLSX for an organization with 400
// controls linked to Annex A and 5,000 risks whose treatment plans use
// them, and exporting the small demo company's SoA as PDF. They run on
// SQLite always and on PostgreSQL as well when ISMS_TEST_POSTGRES_URL is
// set; the records are loaded once, with the store's batch inserts,
// before b.Loop.
//
//	go test ./internal/app -run '^$' -bench SoA -benchtime 10x

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

const (
	benchSoAControls = 400
	benchSoARisks    = 5_000
)

// BenchmarkSoAViewAndXLSX reads the SoA draft with every line's sources
// derived live (FindSoA, as GET /soa/{id} does) and exports it as XLSX.
func BenchmarkSoAViewAndXLSX(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *sqldb.DB, url string) {
		ctx := context.Background()
		a := benchApp(db)
		admin := newBenchOrgs(b, a).next()
		loadBenchSoARecords(b, a, db, admin)
		analyze(b, url)
		if _, err := a.GenerateSoA(ctx, admin, "", ""); err != nil {
			b.Fatal(err)
		}
		loopP99(b, func() {
			v, err := a.FindSoA(ctx, admin, "", "")
			if err != nil || len(v.Lines) != 93 || v.Counts.Applicable == 0 {
				b.Fatalf("FindSoA: %v", err)
			}
			var buf bytes.Buffer
			if _, err := a.ExportSoA(ctx, admin, "", "", "xlsx", &buf); err != nil || buf.Len() == 0 {
				b.Fatalf("ExportSoA(xlsx): %d bytes, %v", buf.Len(), err)
			}
		})
	})
}

// BenchmarkSoAPDF exports the small demo company's SoA as PDF, as GET
// /soa/export.pdf does.
func BenchmarkSoAPDF(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *sqldb.DB, url string) {
		ctx := context.Background()
		a := benchApp(db)
		res, err := a.LoadDemoWith(ctx, app.DemoSmall, app.DemoOptions{}, nil)
		if err != nil {
			b.Fatalf("load the small demo: %v", err)
		}
		org, err := a.FindOrganizationBySlug(ctx, isms.SystemActor(""), res.OrgSlug)
		if err != nil {
			b.Fatal(err)
		}
		actor := isms.SystemActor(org.ID)
		if _, err := a.FindSoA(ctx, actor, "", ""); isms.ErrorCode(err) == isms.NotFound {
			_, err = a.GenerateSoA(ctx, actor, "", "")
			if err != nil {
				b.Fatal(err)
			}
		} else if err != nil {
			b.Fatal(err)
		}
		loopP99(b, func() {
			var buf bytes.Buffer
			if _, err := a.ExportSoA(ctx, actor, "", "", "pdf", &buf); err != nil || buf.Len() == 0 {
				b.Fatalf("ExportSoA(pdf): %d bytes, %v", buf.Len(), err)
			}
		})
	})
}

// loadBenchSoARecords imports ISO/IEC 27001:2022 into the actor's
// organization and stores benchSoAControls controls, each linked to one
// to three Annex A controls, and benchSoARisks risks, each treated with
// one to three of them; one risk in ten is closed.
func loadBenchSoARecords(b *testing.B, a *app.App, db *sqldb.DB, admin isms.Actor) {
	b.Helper()
	ctx := context.Background()
	iso, _, err := a.ImportBuiltinFramework(ctx, admin, "iso27001-2022")
	if err != nil {
		b.Fatal(err)
	}
	statuses := []isms.ControlStatus{isms.ControlImplemented, isms.ControlImplemented, isms.ControlInProgress, isms.ControlPlanned}
	err = db.Update(ctx, func(tx *sqldb.Tx) error {
		annexA, err := tx.SoARequirements(ctx, admin.OrgID, iso.ID)
		if err != nil {
			return err
		}
		controls := make([]*isms.Control, benchSoAControls)
		var links []isms.ControlLink
		for i := range controls {
			controls[i] = &isms.Control{ID: isms.NewID("ctl"), OrgID: admin.OrgID, Ref: fmt.Sprintf("C-%d", i+1),
				Title: fmt.Sprintf("Control %d", i+1), Status: statuses[i%len(statuses)], ReviewMonths: 12, CreatedBy: admin.UserID}
			for k := range 1 + i%3 {
				links = append(links, isms.ControlLink{ControlID: controls[i].ID, RequirementID: annexA[(i*7+k*31)%len(annexA)].ID})
			}
		}
		if err := tx.InsertControls(ctx, controls); err != nil {
			return err
		}
		if _, err := tx.InsertControlLinks(ctx, admin.OrgID, links); err != nil {
			return err
		}
		risks := make([]*isms.Risk, benchSoARisks)
		var uses [][2]isms.ID
		for i := range risks {
			status := isms.RiskInTreatment
			if i%10 == 9 {
				status = isms.RiskClosed
			}
			risks[i] = &isms.Risk{ID: isms.NewID("rsk"), OrgID: admin.OrgID, Ref: fmt.Sprintf("R-%d", i+1),
				Title: fmt.Sprintf("Risk %d", i+1), Kind: isms.RiskScenario, Status: status, CreatedBy: admin.UserID}
			for k := range 1 + i%3 {
				uses = append(uses, [2]isms.ID{risks[i].ID, controls[(i*13+k*97)%len(controls)].ID})
			}
		}
		if err := tx.InsertRisks(ctx, risks); err != nil {
			return err
		}
		return tx.InsertRiskLinks(ctx, admin.OrgID, nil, uses)
	})
	if err != nil {
		b.Fatalf("load the SoA's records: %v", err)
	}
}

// analyze refreshes the planner's statistics, as autovacuum keeps them in
// a running installation.
func analyze(b *testing.B, url string) {
	b.Helper()
	maintenance := "ANALYZE"
	if sqldb.IsPostgres(url) {
		maintenance = "VACUUM ANALYZE"
	}
	if _, err := sqldbtest.Raw(b, url).Exec(maintenance); err != nil {
		b.Fatalf("%s: %v", maintenance, err)
	}
}

// SPDX-License-Identifier: Apache-2.0

package app_test

// Benchmarks of internal audit and management review (docs/performance.md
// has the figures and the commands), on the SoA benchmarks' organization
// (ISO/IEC 27001:2022, 400 controls linked to Annex A, 5,000 risks whose
// treatment plans use them) with a three-year programme of 12 audits of 30
// requirements each: reading the programme with its coverage, as GET
// /audit-programmes/{id} does, and compiling a management review's pack,
// as GET /management-reviews/{id} does while the review is planned.
//
//	go test ./internal/app -run '^$' -bench 'Programme|ReviewPack' -benchtime 10x

import (
	"context"
	"fmt"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

const benchAudits = 12

// BenchmarkProgrammeCoverage reads the programme with its audits and its
// coverage of the framework's clauses and applicable controls.
func BenchmarkProgrammeCoverage(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *sqldb.DB, url string) {
		ctx := context.Background()
		a := benchApp(db)
		admin := newBenchOrgs(b, a).next()
		loadBenchSoARecords(b, a, db, admin)
		prog := loadBenchProgramme(b, a, admin)
		analyze(b, url)
		loopP99(b, func() {
			v, err := a.FindProgramme(ctx, admin, string(prog.ID))
			if err != nil || len(v.Audits) != benchAudits || v.Coverage.Covered == 0 {
				b.Fatalf("FindProgramme: %v", err)
			}
		})
	})
}

// BenchmarkCompileReviewPack compiles the pack of a planned review from
// every register.
func BenchmarkCompileReviewPack(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *sqldb.DB, url string) {
		ctx := context.Background()
		a := benchApp(db)
		admin := newBenchOrgs(b, a).next()
		loadBenchSoARecords(b, a, db, admin)
		loadBenchProgramme(b, a, admin)
		r, err := a.CreateReview(ctx, admin, app.ReviewInput{Title: "Yearly management review",
			PlannedOn: isms.NewDate(2026, 3, 20), ChairID: admin.UserID})
		if err != nil {
			b.Fatal(err)
		}
		analyze(b, url)
		loopP99(b, func() {
			p, err := a.CompileReviewPack(ctx, admin, r.ID)
			if err != nil || len(p.Sections) != len(isms.ReviewInputs) {
				b.Fatalf("CompileReviewPack: %v", err)
			}
		})
	})
}

// loadBenchProgramme plans a three-year programme of benchAudits audits,
// each of 30 Annex A controls, the first reported.
func loadBenchProgramme(b *testing.B, a *app.App, admin isms.Actor) *isms.AuditProgramme {
	b.Helper()
	ctx := context.Background()
	start := isms.NewDate(2025, 1, 1)
	prog, err := a.CreateProgramme(ctx, admin, app.ProgrammeInput{Title: "Internal audit programme",
		Framework: "iso27001-2022", Start: start, End: start.AddDate(3, 0, -1)})
	if err != nil {
		b.Fatal(err)
	}
	for i := range benchAudits {
		first := (i * 30) % 90
		day := start.AddDate(0, i*3, 0)
		_, err := a.PlanAudit(ctx, admin, app.AuditInput{Programme: prog.Ref, Title: fmt.Sprintf("Audit %d", i+1),
			Criteria: "ISO/IEC 27001:2022", Scope: annexRef(first) + "-" + annexRef(first+29),
			LeadID: admin.UserID, PlannedStart: day, PlannedEnd: day.AddDays(2)})
		if err != nil {
			b.Fatalf("plan audit %d: %v", i+1, err)
		}
	}
	return prog
}

// annexRef names the n-th Annex A control (0-based, wrapping after the
// 93rd): "A.5.1" … "A.8.34", themes 5 (37 controls), 6 (8), 7 (14), 8 (34).
func annexRef(n int) string {
	n %= 93
	for i, size := range []int{37, 8, 14, 34} {
		if n < size {
			return fmt.Sprintf("A.%d.%d", 5+i, n+1)
		}
		n -= size
	}
	panic("unreachable")
}

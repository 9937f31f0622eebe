// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestSmallDemoHasAuditAndReview(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		a, sys := loadDemoOrg(t, db, app.DemoSmall, app.DemoOptions{})
		wantDemoRows(t, db, map[string]int{"audit_programmes": 1, "internal_audits": 2, "audit_items": 38 + 9,
			"audit_findings": 4, "management_reviews": 1, "review_outputs": 0})
		today := isms.DateOf(newClock().Now())
		checkDemoProgramme(t, a, sys, today)
		checkDemoReportedAudit(t, a, sys, today)
		checkDemoPlannedAudit(t, a, sys)
		checkDemoReviews(t, a, sys, today)
	})
}

// checkDemoProgramme checks AP-1: three years from five months ago, two
// audits, and a coverage with gaps: the clauses and a few controls
// covered, most controls not, A.5.18 below its weight.
func checkDemoProgramme(t *testing.T, a *app.App, sys isms.Actor, today isms.Date) {
	t.Helper()
	v, err := a.FindProgramme(context.Background(), sys, "AP-1")
	if err != nil {
		t.Fatal(err)
	}
	p, c := v.Programme, v.Coverage
	if p.Title != "Internal audit programme" || p.OwnerName != "Priya Natarajan" || p.Start != today.AddDate(0, -5, 0) ||
		p.Years() != 3 || p.YearOf(today) != 1 || len(v.Audits) != 2 {
		t.Errorf("AP-1 is %q owned by %q from %s, %d years, today in year %d, %d audits; want the ISMS manager's three-year programme from five months ago with 2 audits",
			p.Title, p.OwnerName, p.Start, p.Years(), p.YearOf(today), len(v.Audits))
	}
	// 34 clauses and the 91 controls the draft SoA does not exclude; IA-1
	// covers the clauses and A.5.15 to A.5.18, IA-2 nine controls.
	if len(c.Rows) != 125 || c.Covered != 47 || c.Uncovered != 78 || c.BelowWeight < 1 || c.Complete() {
		t.Errorf("AP-1's coverage has %d rows, %d covered, %d uncovered, %d below weight; want 125, 47, 78 and some below weight",
			len(c.Rows), c.Covered, c.Uncovered, c.BelowWeight)
	}
	for _, row := range c.Rows {
		if row.Ref == "A.5.18" && (row.Weight != isms.WeightHigh || row.Gap != isms.GapBelowWeight || row.Nonconformities != 1) {
			t.Errorf("A.5.18's coverage row is %+v; want weighted high after its nonconformity, below weight", row)
		}
	}
}

// checkDemoReportedAudit checks IA-1: carried out from Monday 2026-01-05
// and reported ten days later by its lead, the internal auditor, with her
// accepted conflict, its checklist filled and four findings.
func checkDemoReportedAudit(t *testing.T, a *app.App, sys isms.Actor, today isms.Date) {
	t.Helper()
	v, err := a.FindAudit(context.Background(), sys, "IA-1")
	if err != nil {
		t.Fatal(err)
	}
	ia := v.Audit
	if ia.Status != isms.AuditReported || ia.LeadName != "Aiko Tanaka" || ia.Summary == "" ||
		ia.PlannedStart.String() != "2026-01-05" || ia.ReportedOn.String() != "2026-01-16" {
		t.Errorf("IA-1 is %s, led by %q, from %s, reported on %s; want reported on 2026-01-16 by Aiko Tanaka after starting on 2026-01-05",
			ia.Status, ia.LeadName, ia.PlannedStart, ia.ReportedOn)
	}
	if len(ia.Overrides) != 1 || ia.Overrides[0].UserName != "Aiko Tanaka" || ia.Overrides[0].Reason == "" ||
		ia.Overrides[0].ByName != "Priya Natarajan" || len(isms.Unresolved(v.Conflicts, ia.Overrides)) != 0 {
		t.Errorf("IA-1's overrides are %+v for conflicts %+v; want Aiko's conflict accepted by the ISMS manager with a reason", ia.Overrides, v.Conflicts)
	}
	results := map[isms.ItemResult]int{}
	for _, it := range v.Items {
		results[it.Result]++
		if it.Notes == "" || it.AuditedByName != "Aiko Tanaka" {
			t.Errorf("item %s has notes %q, audited by %q; want notes by Aiko Tanaka", it.Ref, it.Notes, it.AuditedByName)
		}
	}
	want := map[isms.ItemResult]int{isms.ItemConforming: 30, isms.ItemNonconforming: 1, isms.ItemObservation: 3, isms.ItemNotAudited: 4}
	if len(v.Items) != 38 || len(results) != len(want) {
		t.Errorf("IA-1 has %d items with results %v; want 38: %v", len(v.Items), results, want)
	}
	for r, n := range want {
		if results[r] != n {
			t.Errorf("IA-1 has %d items %s, want %d", results[r], r, n)
		}
	}
	grades := map[isms.FindingGrade]int{}
	for _, f := range v.Findings {
		grades[f.Grade]++
		if f.Grade == isms.FindingMinor && (len(f.Requirements) != 1 || f.Requirements[0].Ref != "A.5.18") {
			t.Errorf("the minor nonconformity %s is against %+v, want A.5.18", f.Ref, f.Requirements)
		}
	}
	if len(v.Findings) != 4 || grades[isms.FindingMinor] != 1 || grades[isms.FindingObservation] != 3 {
		t.Errorf("IA-1 has findings %v, want one minor nonconformity and three observations", grades)
	}
	f, err := a.FindFinding(context.Background(), sys, "F-2")
	if err != nil || len(f.Evidence) != 1 {
		t.Errorf("F-2 = %+v, %v; want the MFA enrolment report as its evidence", f, err)
	}
}

// checkDemoPlannedAudit checks IA-2: planned in a few weeks, led by the
// CISO, without independence conflicts.
func checkDemoPlannedAudit(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	v, err := a.FindAudit(context.Background(), sys, "IA-2")
	if err != nil {
		t.Fatal(err)
	}
	ia := v.Audit
	if ia.Status != isms.AuditPlanned || ia.LeadName != "Marco Reyes" || len(v.Items) != 9 || len(v.Conflicts) != 0 ||
		len(v.Processes) != 1 || !ia.PlannedStart.After(isms.DateOf(newClock().Now())) {
		t.Errorf("IA-2 is %s from %s, led by %q, %d items, %d processes, conflicts %+v; want planned ahead by Marco Reyes, 9 items, 1 process, no conflict",
			ia.Status, ia.PlannedStart, ia.LeadName, len(v.Items), len(v.Processes), v.Conflicts)
	}
}

// checkDemoReviews checks MR-1, the first management review: planned on
// Wednesday 2026-03-25 as a recurring activity, chaired by the CISO, not
// yet held, its live pack covering the year before it.
func checkDemoReviews(t *testing.T, a *app.App, sys isms.Actor, today isms.Date) {
	t.Helper()
	ctx := context.Background()
	v, err := a.FindReview(ctx, sys, "MR-1")
	if err != nil {
		t.Fatal(err)
	}
	r := v.Review
	if r.Status != isms.ReviewPlanned || r.PlannedOn.String() != "2026-03-25" || r.ChairName != "Marco Reyes" || r.ScheduleID == "" ||
		!r.HeldOn.IsZero() || !v.Live || v.Previous != nil || len(v.Outputs) != 0 {
		t.Errorf("MR-1 is %s on %s, chaired by %q, schedule %q, held %s, live %v, previous %v, %d outputs; want planned on 2026-03-25 by the CISO, recurring, not held",
			r.Status, r.PlannedOn, r.ChairName, r.ScheduleID, r.HeldOn, v.Live, v.Previous, len(v.Outputs))
	}
	due, err := a.ReviewsDue(ctx, sys)
	if err != nil || due.LastHeld != nil || due.NextDue != r.PlannedOn || due.Overdue || due.Schedule == nil {
		t.Errorf("ReviewsDue = %+v, %v; want none held and MR-1 due on its planned date, not overdue", due, err)
	}
	if !r.PlannedOn.After(today) {
		t.Errorf("MR-1 is planned on %s, want after today (%s)", r.PlannedOn, today)
	}
}

// checkLargeDemoAudit checks the large demo's programme, audits, findings
// and reviews.
func checkLargeDemoAudit(t *testing.T, db *sqldb.DB, a *app.App, sys isms.Actor) {
	t.Helper()
	wantDemoRows(t, db, map[string]int{"audit_programmes": 1, "internal_audits": 12, "audit_items": 12 * 30,
		"audit_findings": 60, "management_reviews": 4, "review_outputs": 3})
	ctx := context.Background()
	v, err := a.FindProgramme(ctx, sys, "AP-1")
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[isms.AuditStatus]int{}
	for _, ia := range v.Audits {
		statuses[ia.Status]++
	}
	if statuses[isms.AuditClosed] != 7 || statuses[isms.AuditReported] != 1 || statuses[isms.AuditInProgress] != 1 ||
		statuses[isms.AuditPlanned] != 3 || v.Coverage.Covered == 0 {
		t.Errorf("the large programme's audits are %v with %d requirements covered; want 7 closed, 1 reported, 1 in progress, 3 planned", statuses, v.Coverage.Covered)
	}
	reviews, n, err := a.ListReviews(ctx, sys, isms.ReviewFilter{Status: isms.ReviewApproved})
	if err != nil || n != 3 || len(reviews) != 3 {
		t.Errorf("the large demo has %d approved reviews, %v; want 3", n, err)
	}
}

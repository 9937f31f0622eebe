// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestSmallDemoHasContext(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		a, sys := loadDemoOrg(t, db, app.DemoSmall, app.DemoOptions{})
		wantDemoRows(t, db, map[string]int{"context_issues": 12, "interested_parties": 8, "party_requirements": 12,
			"isms_scopes": 2, "isms_processes": 10, "isms_roles": 6, "raci_cells": 33, "commitments": 4, "isms_risks": 6,
			"metrics": 5, "measurements": 29, "objectives": 4, "isms_changes": 3})
		wantDemoLinks(t, db, map[string]int{"context_issue→risk": 12, "party_requirement→control": 13,
			"party_requirement→document": 4, "party_requirement→risk": 4, "isms_process→isms_process": 11,
			"isms_risk→context_issue": 7, "isms_risk→party_requirement": 2, "metric→control": 5, "metric→isms_process": 5,
			"objective→metric": 5, "isms_change→risk": 2, "isms_change→isms_risk": 1, "isms_change→document": 1,
			"internal_audit→isms_process": 3, "audit_finding→evidence": 1,
			"audit_finding→nonconformity": 1, "audit_finding→improvement": 1, "metric→improvement": 1,
			"nonconformity→control": 2, "task→control": 2, "improvement→isms_change": 1, "evidence_request→evidence": 2})
		checkDemoScope(t, a, sys)
		checkDemoMeasurement(t, a, sys)
		checkDemoLeadership(t, a, sys, db)

		if n, err := a.ClimateIssueCount(ctx, sys); err != nil || n != 1 {
			t.Errorf("the demo has %d issues about climate change, %v; want 1", n, err)
		}
		actions, _, err := a.FindTasks(ctx, sys, isms.TaskFilter{LinkType: "isms_risk", Limit: 50})
		done := 0
		for _, x := range actions {
			if x.Status == isms.TaskDone {
				done++
			}
		}
		if err != nil || len(actions) != 7 || done != 3 {
			t.Errorf("the demo's ISMS risks have %d actions (%d done), %v; want 7, 3 done", len(actions), done, err)
		}
		changes, err := a.ImplementedChanges(ctx, sys, isms.DateOf(newClock().Now()).AddDays(-365))
		if err != nil || len(changes) != 1 || changes[0].Title != "Warm standby for production in a second region" {
			t.Errorf("changes implemented in the last year = %v, %v; want the warm standby", changes, err)
		}
		verify, err := a.VerifyAuditChain(ctx, sys, string(sys.OrgID))
		if err != nil || !verify.OK() {
			t.Errorf("the demo's audit chain does not verify: %+v, %v", verify.Break, err)
		}
	})
}

// wantDemoRows reports an error for each table of db whose row count is
// not the one wanted.
func wantDemoRows(t *testing.T, db *sqldb.DB, want map[string]int) {
	t.Helper()
	for table, n := range want {
		rows, err := db.TableRows(context.Background(), table)
		if err != nil || len(rows) != n {
			t.Errorf("table %s has %d rows, %v; want %d", table, len(rows), err, n)
		}
	}
}

// wantDemoLinks checks how many record links of each kind ("from→to")
// db holds; kinds not named must not occur.
func wantDemoLinks(t *testing.T, db *sqldb.DB, want map[string]int) {
	t.Helper()
	rows, err := db.TableRows(context.Background(), "record_links")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range rows { // organization_id, from_type, from_id, to_type, to_id, created_at
		got[fmt.Sprint(r[1])+"→"+fmt.Sprint(r[3])]++
	}
	for kind, n := range want {
		if got[kind] != n {
			t.Errorf("%d record links %s, want %d", got[kind], kind, n)
		}
	}
	for kind, n := range got {
		if _, ok := want[kind]; !ok {
			t.Errorf("%d record links %s, want none", n, kind)
		}
	}
}

// checkDemoScope checks that v1 is approved through an approval and v2,
// with the Lisbon office, is a draft.
func checkDemoScope(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	approved, draft, err := a.CurrentScope(context.Background(), sys)
	if err != nil || approved == nil || draft == nil {
		t.Fatalf("the demo's scope: approved %v, draft %v, %v; want both", approved, draft, err)
	}
	if approved.Number != 1 || approved.Status != isms.ScopeApproved || approved.ApprovalID == "" || len(approved.Exclusions) != 1 {
		t.Errorf("scope v1 = number %d, %s, approval %q, %d exclusions; want v1 approved with one exclusion",
			approved.Number, approved.Status, approved.ApprovalID, len(approved.Exclusions))
	}
	if draft.Number != 2 || len(draft.Locations) != len(approved.Locations)+1 {
		t.Errorf("scope draft = number %d with locations %v; want v2 adding the Lisbon office to %v", draft.Number, draft.Locations, approved.Locations)
	}
}

// checkDemoMeasurement checks the metrics' states and the objectives'
// progress: two metrics on target, one in warning, one off target, one
// overdue.
func checkDemoMeasurement(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	metrics, total, err := a.FindMetrics(ctx, sys, app.MetricFilter{Sort: "ref", Limit: 20})
	if err != nil || total != 5 {
		t.Fatalf("the demo has %d metrics, %v; want 5", total, err)
	}
	var states []isms.MetricState
	for _, m := range metrics {
		states = append(states, m.State)
	}
	want := []isms.MetricState{isms.MetricOnTarget, isms.MetricOffTarget, isms.MetricOnTarget, isms.MetricOverdue, isms.MetricWarning}
	if fmt.Sprint(states) != fmt.Sprint(want) {
		t.Errorf("the demo metrics' states = %v, want %v", states, want)
	}
	objectives, _, err := a.FindObjectives(ctx, sys, app.ObjectiveFilter{ObjectiveFilter: isms.ObjectiveFilter{Sort: "ref", Limit: 20}})
	var progress []isms.ObjectiveProgress
	for _, o := range objectives {
		progress = append(progress, o.Progress)
		if o.Objective.PolicyRef != "DOC-1" {
			t.Errorf("objective %s serves policy %q, want DOC-1", o.Objective.Ref, o.Objective.PolicyRef)
		}
	}
	wantProgress := []isms.ObjectiveProgress{isms.ProgressOnTrack, isms.ProgressAtRisk, isms.ProgressAtRisk, isms.ProgressWatch}
	if err != nil || fmt.Sprint(progress) != fmt.Sprint(wantProgress) {
		t.Errorf("the demo objectives' progress = %v, %v; want %v", progress, err, wantProgress)
	}
}

// checkDemoLeadership checks the RACI (one role accountable in every
// row) and the evidence supporting commitments.
func checkDemoLeadership(t *testing.T, a *app.App, sys isms.Actor, db *sqldb.DB) {
	t.Helper()
	rows, total, err := a.FindRACIRows(context.Background(), sys, isms.RACIProcess, "", 50, 0)
	if err != nil || total != 10 {
		t.Fatalf("the demo's RACI has %d process rows, %v; want 10", total, err)
	}
	for _, r := range rows {
		if p := r.AccountableProblem(); p != "" {
			t.Errorf("RACI row %s %s: %s", r.Ref, r.Name, p)
		}
	}
	links, err := db.TableRows(context.Background(), "evidence_links")
	if err != nil {
		t.Fatal(err)
	}
	supporting := 0
	for _, l := range links { // organization_id, evidence_id, record_type, record_id, created_at
		if l[2] == "commitment" {
			supporting++
		}
	}
	if supporting != 2 {
		t.Errorf("%d evidence items support commitments, want 2", supporting)
	}
}

func checkLargeDemoContext(t *testing.T, db *sqldb.DB, a *app.App, sys isms.Actor) {
	ctx := context.Background()
	wantDemoRows(t, db, map[string]int{"context_issues": 200, "interested_parties": 150, "party_requirements": 600,
		"isms_scopes": 1, "isms_processes": 40, "isms_roles": 7, "commitments": 24, "isms_risks": 100, "metrics": 60,
		"measurements": 1440, "objectives": 30, "isms_changes": 50})
	approved, _, err := a.CurrentScope(ctx, sys)
	if err != nil || approved == nil {
		t.Errorf("the large demo's approved scope = %v, %v", approved, err)
	}
	rows, total, err := a.FindRACIRows(ctx, sys, isms.RACIProcess, "", 50, 0)
	if err != nil || total != 40 || rows[0].AccountableProblem() != "" {
		t.Errorf("the large demo's RACI has %d process rows, %v; want 40, each with one role accountable", total, err)
	}
	overdue, _, err := a.FindMetrics(ctx, sys, app.MetricFilter{State: isms.MetricOverdue, Limit: 100})
	if err != nil || len(overdue) != 10 {
		t.Errorf("the large demo has %d overdue metrics, %v; want 10", len(overdue), err)
	}
	objective, err := a.FindObjective(ctx, sys, "OBJ-1")
	if err != nil || len(objective.Metrics) == 0 {
		t.Errorf("OBJ-1 of the large demo = %+v, %v; want it measured by metrics", objective, err)
	}
	verify, err := a.VerifyAuditChain(ctx, sys, string(sys.OrgID))
	if err != nil || !verify.OK() {
		t.Errorf("the large demo's audit chain does not verify: %+v, %v", verify.Break, err)
	}
}

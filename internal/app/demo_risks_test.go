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

// loadDemoOrg loads the demo of size into a fresh app over db and returns
// the app and the system acting in the demo organization.
func loadDemoOrg(t *testing.T, db *sqldb.DB, size app.DemoSize, opts app.DemoOptions) (*app.App, isms.Actor) {
	t.Helper()
	ctx := context.Background()
	a := app.New(db, app.Options{Now: newClock().Now, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
	res, err := a.LoadDemoWith(ctx, size, opts, nil)
	if err != nil {
		t.Fatalf("LoadDemo(%s) = %v", size, err)
	}
	org, err := a.FindOrganizationBySlug(ctx, isms.SystemActor(""), res.OrgSlug)
	if err != nil {
		t.Fatal(err)
	}
	return a, isms.SystemActor(org.ID)
}

// demoRegister reads every risk of the organization.
func demoRegister(t *testing.T, a *app.App, sys isms.Actor) []app.RiskRow {
	t.Helper()
	var rows []app.RiskRow
	for {
		page, err := a.FindRisks(context.Background(), sys, isms.RiskFilter{Sort: "ref", Limit: isms.MaxPageSize, Offset: len(rows)})
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, page.Rows...)
		if len(page.Rows) == 0 || len(rows) >= page.Total {
			return rows
		}
	}
}

func TestSmallDemoHasRiskManagement(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		a, sys := loadDemoOrg(t, db, app.DemoSmall, app.DemoOptions{})
		checkDemoMethods(t, a, sys)
		rows := demoRegister(t, a, sys)
		if len(rows) < 35 || len(rows) > 45 {
			t.Errorf("the demo register has %d risks, want about 40", len(rows))
		}
		statuses, kinds, flags := map[isms.RiskStatus]int{}, map[isms.RiskKind]int{}, map[isms.RiskFlag]int{}
		v1 := 0
		for _, r := range rows {
			statuses[r.Risk.Status]++
			kinds[r.Risk.Kind]++
			for _, f := range r.Flags {
				flags[f]++
			}
			if r.Risk.MethodNumber == 1 {
				v1++
			}
		}
		for _, s := range isms.RiskStatuses {
			if statuses[s] == 0 {
				t.Errorf("no demo risk is %s: %v", s, statuses)
			}
		}
		if kinds[isms.RiskScenario] == 0 || kinds[isms.RiskAsset] == 0 {
			t.Errorf("the demo risks are of the kinds %v, want both", kinds)
		}
		for _, f := range isms.RiskFlags {
			if flags[f] == 0 {
				t.Errorf("no demo risk has the flag %s: %v", f, flags)
			}
		}
		if v1 != 3 || flags[isms.FlagRescore] != 3 {
			t.Errorf("%d demo risks are scored under v1 and %d flagged for re-scoring, want 3 and 3", v1, flags[isms.FlagRescore])
		}
		checkDemoAssets(t, a, sys)
		checkDemoAssessments(t, a, sys)
		pending, _, err := a.FindApprovals(ctx, sys, isms.ApprovalFilter{ObjectType: "risk_treatment", Status: isms.ApprovalPending})
		if err != nil || len(pending) != 1 {
			t.Errorf("pending treatment plan approvals = %d, %v; want 1", len(pending), err)
		}
		verify, err := a.VerifyAuditChain(ctx, sys, string(sys.OrgID))
		if err != nil || !verify.OK() {
			t.Errorf("the demo's audit chain does not verify: %+v, %v", verify.Break, err)
		}
	})
}

// checkDemoMethods checks the small demo's two method versions: v1 (3×3)
// superseded by the approved v2 (5×5), each approved through an approval.
func checkDemoMethods(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	methods, err := a.RiskMethods(context.Background(), sys)
	if err != nil || len(methods) != 2 {
		t.Fatalf("the demo has %d method versions, %v; want 2", len(methods), err)
	}
	v2, v1 := methods[0], methods[1]
	if v2.Number != 2 || v2.Status != isms.MethodApproved || len(v2.Likelihood) != 5 || len(v2.Impact) != 5 || v2.ApprovalID == "" {
		t.Errorf("method v2 = number %d, %s, %d×%d, approval %q; want the approved 5×5", v2.Number, v2.Status, len(v2.Likelihood), len(v2.Impact), v2.ApprovalID)
	}
	if v1.Number != 1 || v1.Status != isms.MethodSuperseded || len(v1.Likelihood) != 3 || v1.ApprovalID == "" {
		t.Errorf("method v1 = number %d, %s, %d levels, approval %q; want the superseded 3×3", v1.Number, v1.Status, len(v1.Likelihood), v1.ApprovalID)
	}
}

// checkDemoAssets checks that the demo's assets are of every type, with
// owners, C/I/A values, parents and dependencies.
func checkDemoAssets(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	list, total, err := a.FindAssets(ctx, sys, isms.AssetFilter{Sort: "ref", Limit: isms.MaxPageSize})
	if err != nil || total < 55 || total > 65 {
		t.Fatalf("the demo has %d assets, %v; want about 60", total, err)
	}
	types, parents, linked := map[isms.AssetType]bool{}, 0, 0
	for _, as := range list {
		types[as.Type] = true
		if as.OwnerID == "" || as.C == 0 || as.I == 0 || as.A == 0 {
			t.Errorf("asset %s %s has owner %q and C/I/A %d/%d/%d, want all set", as.Ref, as.Name, as.OwnerID, as.C, as.I, as.A)
		}
		if as.ParentID != "" {
			parents++
		}
		if as.Risks > 0 {
			linked++
		}
	}
	if len(types) != len(isms.AssetTypes) || parents < 10 || linked < 20 {
		t.Errorf("the demo assets have %d types, %d with a parent, %d with risks; want every type, some of each", len(types), parents, linked)
	}
	d, err := a.FindAsset(ctx, sys, "AS-18") // the customer portal
	if err != nil || len(d.Dependencies) != 2 || d.Parent == nil {
		t.Errorf("AS-18 = %+v, %v; want a parent and two dependencies", d, err)
	}
}

// checkDemoAssessments checks the two dated assessments and what their
// comparison shows.
func checkDemoAssessments(t *testing.T, a *app.App, sys isms.Actor) {
	t.Helper()
	ctx := context.Background()
	list, total, err := a.FindRiskAssessments(ctx, sys, 10, 0)
	if err != nil || total != 2 {
		t.Fatalf("the demo has %d assessments, %v; want 2", total, err)
	}
	after, before := list[0], list[1]
	today := isms.DateOf(newClock().Now())
	if before.PerformedOn != today.AddDays(-150) || after.PerformedOn != today.AddDays(-10) {
		t.Errorf("the assessments were performed on %s and %s, want 150 and 10 days ago", before.PerformedOn, after.PerformedOn)
	}
	cmp, err := a.CompareRiskAssessments(ctx, sys, before.ID, after.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff; len(d.Added) < 10 || len(d.Removed) != 0 || len(d.Rescored) < 5 || d.ProgressAfter <= d.ProgressBefore {
		t.Errorf("comparing the assessments: %d added, %d removed, %d re-scored, progress %d%% → %d%%; want additions, changes and progress",
			len(d.Added), len(d.Removed), len(d.Rescored), d.ProgressBefore, d.ProgressAfter)
	}
}

func checkLargeDemoRisks(t *testing.T, a *app.App, sys isms.Actor) {
	ctx := context.Background()
	_, assets, err := a.FindAssets(ctx, sys, isms.AssetFilter{Limit: 1})
	if err != nil || assets != 20_000 {
		t.Errorf("the large demo has %d assets, %v; want 20,000", assets, err)
	}
	rows := demoRegister(t, a, sys)
	statuses, owners := map[isms.RiskStatus]int{}, map[isms.ID]bool{}
	for _, r := range rows {
		statuses[r.Risk.Status]++
		owners[r.Risk.OwnerID] = true
	}
	if len(rows) != 5000 || len(statuses) != len(isms.RiskStatuses) || len(owners) < 150 {
		t.Errorf("the large demo has %d risks in statuses %v owned by %d people; want 5,000 in every status, about 200 owners",
			len(rows), statuses, len(owners))
	}
	counts, err := a.RiskFlagCounts(ctx, sys)
	if err != nil || counts[isms.FlagActionOverdue] == 0 || counts[isms.FlagReviewOverdue] == 0 || counts[isms.FlagAcceptanceMissing] == 0 {
		t.Errorf("the large demo's flag counts = %v, %v; want overdue actions and reviews and missing acceptances", counts, err)
	}
	h, err := a.RiskHeatmap(ctx, sys, isms.RiskFilter{})
	if err != nil || h.Unscored == 0 || len(h.Inherent) != 5 {
		t.Errorf("the large demo's heatmap = %+v, %v", h, err)
	}
	verify, err := a.VerifyAuditChain(ctx, sys, string(sys.OrgID))
	if err != nil || !verify.OK() {
		t.Errorf("the large demo's audit chain does not verify: %+v, %v", verify.Break, err)
	}
}

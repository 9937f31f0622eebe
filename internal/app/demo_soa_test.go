// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestSmallDemoHasSoA(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		a, sys := loadDemoOrg(t, db, app.DemoSmall, app.DemoOptions{})
		wantDemoRows(t, db, map[string]int{"soas": 1, "soa_lines": 93})
		list, err := a.SoAVersions(ctx, sys, "")
		if err != nil || len(list) != 1 {
			t.Fatalf("the demo's SoA versions = %v, %v; want v1 alone", list, err)
		}
		v1 := list[0]
		if v1.Status != isms.SoADraft || v1.Number != 1 || v1.ApprovedBy != "" || v1.Frozen {
			t.Errorf("the demo's SoA is %s %s (approved by %q, frozen %v); want v1, a draft not yet approved",
				v1.VersionLabel(), v1.Status, v1.ApprovedBy, v1.Frozen)
		}
		checkDemoSoADraft(t, a, sys, v1.ID)
	})
}

// checkDemoSoADraft checks the small demo's draft v1: most lines decided,
// three awaiting a decision, two excluded with a justification, one status
// overridden with a reason, three applicable lines without their reason.
func checkDemoSoADraft(t *testing.T, a *app.App, sys isms.Actor, id isms.ID) {
	t.Helper()
	v, err := a.FindSoA(context.Background(), sys, "", string(id))
	if err != nil {
		t.Fatal(err)
	}
	c := v.Counts
	if c.Applicable != 88 || c.Excluded != 2 || c.Undecided != 3 || c.Errors != 6 {
		t.Errorf("the draft's counts are %+v; want 88 applicable, 2 excluded, 3 awaiting a decision and 3 without a reason (the errors)", c)
	}
	var overridden, justified, business, practice, unexplained int
	var undecided []string
	for _, l := range v.Lines {
		if l.Override != "" && l.OverrideReason != "" {
			overridden++
		}
		if l.Applicable == isms.SoAExcluded && l.Exclusion != "" {
			justified++
		}
		if l.Applicable == isms.SoAUndecided {
			undecided = append(undecided, l.Ref)
		}
		if l.Business {
			business++
		}
		if l.Practice {
			practice++
		}
		if l.Applicable == isms.SoAApplicable && l.Reason == "" && (l.Ref == "A.5.6" || l.Ref == "A.5.13" || l.Ref == "A.7.3") {
			unexplained++
		}
	}
	if overridden != 1 || justified != 2 || business < 10 || practice < 10 || unexplained != 3 ||
		strings.Join(undecided, " ") != "A.7.8 A.7.11 A.7.13" {
		t.Errorf("the draft has %d overridden statuses, %d justified exclusions, %d business and %d good-practice reasons, %d of three lines without a reason, undecided %v;"+
			" want 1, 2, some of each, 3 and A.7.8, A.7.11, A.7.13", overridden, justified, business, practice, unexplained, undecided)
	}
}

// checkLargeDemoSoA checks the large demo's approved SoA.
func checkLargeDemoSoA(t *testing.T, a *app.App, sys isms.Actor) {
	v, err := a.FindSoA(context.Background(), sys, "", "current")
	if err != nil {
		t.Fatalf("the large demo's approved SoA: %v", err)
	}
	c := v.Counts
	if v.SoA.Status != isms.SoAApproved || v.SoA.ApprovedBy == "" || c.Lines != 93 || c.Undecided != 0 || c.Errors != 0 || c.Applicable < 80 {
		t.Errorf("the large demo's SoA is %s %s (approved by %q) with counts %+v; want an approved, consistent v1 of 93 lines",
			v.SoA.VersionLabel(), v.SoA.Status, v.SoA.ApprovedBy, c)
	}
}

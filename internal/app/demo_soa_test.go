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

func TestSmallDemoHasSoA(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		a, sys := loadDemoOrg(t, db, app.DemoSmall, app.DemoOptions{})
		wantDemoRows(t, db, map[string]int{"soas": 2, "soa_lines": 186})
		list, err := a.SoAVersions(ctx, sys, "")
		if err != nil || len(list) != 2 {
			t.Fatalf("the demo's SoA versions = %v, %v; want v2 and v1", list, err)
		}
		v2, v1 := list[0], list[1]
		if v1.Status != isms.SoAApproved || v1.ApprovedBy != "Marco Reyes" || !v1.Frozen || v2.Status != isms.SoADraft || v2.Number != 2 {
			t.Errorf("the demo's SoA versions are %s %s (approved by %q, frozen %v) and %s %s; want v1 approved by the CISO, v2 a draft",
				v1.VersionLabel(), v1.Status, v1.ApprovedBy, v1.Frozen, v2.VersionLabel(), v2.Status)
		}

		approved, err := a.FindSoA(ctx, sys, "", "")
		if err != nil {
			t.Fatal(err)
		}
		c := approved.Counts
		if approved.SoA.ID != v1.ID || c.Applicable != 91 || c.Excluded != 2 || c.Undecided != 0 || c.Errors != 0 || approved.Pending {
			t.Errorf("the current SoA is %s with counts %+v (pending %v); want v1: 91 applicable, 2 excluded, consistent",
				approved.SoA.VersionLabel(), c, approved.Pending)
		}
		checkDemoSoADraft(t, a, sys, v2.ID)

		cmp, err := a.CompareSoAs(ctx, sys, v1.ID, v2.ID)
		if err != nil || len(cmp.Lines) != 5 || cmp.Lines[len(cmp.Lines)-1].Ref != "A.8.16" || cmp.Lines[0].Reason == "" {
			t.Errorf("v1 → v2 = %+v, %v; want five changed lines with their reasons, A.8.16 last", cmp, err)
		}
	})
}

// checkDemoSoADraft checks the small demo's v2: most lines decided, three
// awaiting a decision, two excluded with a justification, one status
// overridden with a reason.
func checkDemoSoADraft(t *testing.T, a *app.App, sys isms.Actor, id isms.ID) {
	t.Helper()
	v, err := a.FindSoA(context.Background(), sys, "", string(id))
	if err != nil {
		t.Fatal(err)
	}
	c := v.Counts
	if c.Applicable != 88 || c.Excluded != 2 || c.Undecided != 3 || c.Errors != 3 {
		t.Errorf("the draft's counts are %+v; want 88 applicable, 2 excluded, 3 awaiting a decision (the only errors)", c)
	}
	var overridden, justified, business, practice int
	for _, l := range v.Lines {
		if l.Override != "" && l.OverrideReason != "" {
			overridden++
		}
		if l.Applicable == isms.SoAExcluded && l.Exclusion != "" {
			justified++
		}
		if l.Business {
			business++
		}
		if l.Practice {
			practice++
		}
	}
	if overridden != 1 || justified != 2 || business < 10 || practice < 10 {
		t.Errorf("the draft has %d overridden statuses, %d justified exclusions, %d business and %d good-practice reasons; want 1, 2 and some of each",
			overridden, justified, business, practice)
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

// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func findRisks(t *testing.T, db *sqldb.DB, f isms.RiskFilter) ([]*isms.Risk, int) {
	t.Helper()
	var list []*isms.Risk
	var total int
	view(t, db, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindRisks(context.Background(), f)
		return err
	})
	return list, total
}

func TestFindRisksFilters(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := newRiskFixture(t, db)
		m, m0 := fx.m.ID, fx.m0.ID
		all := []string{"R-1", "R-2", "R-3", "R-4", "R-5", "R-6", "R-10"}
		for _, c := range []struct {
			name  string
			f     isms.RiskFilter
			want  []string
			total int
		}{
			{"by reference", isms.RiskFilter{}, all, 7},
			{"a page", isms.RiskFilter{Limit: 2, Offset: 2}, []string{"R-3", "R-4"}, 7},
			{"by reference descending", isms.RiskFilter{Sort: "-ref", Limit: 2}, []string{"R-10", "R-6"}, 7},
			{"by title", isms.RiskFilter{Sort: "title", Limit: 3}, []string{"R-6", "R-10", "R-2"}, 7},
			{"by owner", isms.RiskFilter{Sort: "owner", Limit: 5}, []string{"R-4", "R-5", "R-6", "R-10", "R-1"}, 7},
			{"by status", isms.RiskFilter{Sort: "status"}, []string{"R-4", "R-2", "R-5", "R-10", "R-1", "R-3", "R-6"}, 7},
			{"by inherent level", isms.RiskFilter{Sort: "inherent", Limit: 4}, []string{"R-4", "R-6", "R-3", "R-2"}, 7},
			{"by residual level descending", isms.RiskFilter{Sort: "-residual", Limit: 3}, []string{"R-10", "R-1", "R-3"}, 7},
			{"by next review", isms.RiskFilter{Sort: "nextReview", Limit: 5}, []string{"R-6", "R-1", "R-3", "R-2", "R-4"}, 7},
			{"unknown sort", isms.RiskFilter{Sort: "-r.id; --"}, all, 7},
			{"search title", isms.RiskFilter{Search: "PHISH"}, []string{"R-4"}, 1},
			{"search event", isms.RiskFilter{Search: "encrypts"}, []string{"R-1"}, 1},
			{"search vulnerability", isms.RiskFilter{Search: "unencrypted"}, []string{"R-2"}, 1},
			{"search threat", isms.RiskFilter{Search: "theft"}, []string{"R-2"}, 1},
			{"search reference", isms.RiskFilter{Search: "r-1"}, []string{"R-1", "R-10"}, 2},
			{"search wildcard", isms.RiskFilter{Search: "_"}, []string{}, 0},
			{"owner", isms.RiskFilter{OwnerID: fx.ann.ID}, []string{"R-1", "R-3"}, 2},
			{"status", isms.RiskFilter{Status: isms.RiskAssessed}, []string{"R-2", "R-5"}, 2},
			{"treatment", isms.RiskFilter{Treatment: isms.TreatmentRetain}, []string{"R-3"}, 1},
			{"untreated", isms.RiskFilter{Untreated: true}, []string{"R-2", "R-4", "R-5"}, 3},
			{"kind", isms.RiskFilter{Kind: isms.RiskAsset}, []string{"R-2"}, 1},
			{"category", isms.RiskFilter{Category: "Cyber"}, []string{"R-1"}, 1},
			{"residual level", isms.RiskFilter{Level: 3, MethodID: m}, []string{"R-1", "R-10"}, 2},
			{"inherent level", isms.RiskFilter{Level: 5, Basis: "inherent", MethodID: m}, []string{"R-1", "R-10"}, 2},
			{"inherent level of v1", isms.RiskFilter{Level: 5, Basis: "inherent", MethodID: m0}, []string{"R-5"}, 1},
			{"inherent cell", isms.RiskFilter{Likelihood: 4, Impact: 5, Basis: "inherent", MethodID: m}, []string{"R-1", "R-10"}, 2},
			{"residual cell", isms.RiskFilter{Likelihood: 2, Impact: 2, Basis: "residual", MethodID: m}, []string{"R-3"}, 1},
			{"cell of another version", isms.RiskFilter{Likelihood: 4, Impact: 5, Basis: "inherent", MethodID: m0}, []string{}, 0},
			{"asset", isms.RiskFilter{AssetID: fx.a1.ID}, []string{"R-1", "R-2"}, 2},
			{"control", isms.RiskFilter{ControlID: fx.c1.ID}, []string{"R-1"}, 1},
			{"overdue", isms.RiskFilter{Overdue: true, Today: day(t, "2025-03-03")}, []string{"R-1", "R-3"}, 2},
			{"overdue a month earlier", isms.RiskFilter{Overdue: true, Today: day(t, "2025-02-03")}, []string{"R-1"}, 1},
			{"combined", isms.RiskFilter{OwnerID: fx.ann.ID, Level: 2, MethodID: m}, []string{"R-3"}, 1},
			{"page past the end", isms.RiskFilter{Offset: 7}, []string{}, 7},
		} {
			c.f.OrgID = fx.org.ID
			list, total := findRisks(t, db, c.f)
			if d := cmp.Diff(c.want, riskRefs(list)); d != "" || total != c.total {
				t.Errorf("%s: total %d, want %d; refs (-want +got):\n%s", c.name, total, c.total, d)
			}
		}
		list, _ := findRisks(t, db, isms.RiskFilter{OrgID: fx.org.ID, Today: day(t, "2025-03-03")})
		type counts struct{ Assets, Controls, Open, Overdue int }
		got := map[string]counts{}
		for _, r := range list {
			got[r.Ref] = counts{r.Assets, r.Controls, r.OpenActions, r.OverdueActions}
		}
		want := map[string]counts{"R-1": {1, 1, 1, 1}, "R-2": {2, 0, 0, 0}, "R-3": {0, 0, 1, 1}, "R-4": {}, "R-5": {},
			"R-6": {}, "R-10": {0, 0, 1, 0}}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("FindRisks counts (-want +got):\n%s", d)
		}
		if r := list[0]; r.OwnerName != "Ann" || r.MethodNumber != 2 || list[4].MethodNumber != 1 {
			t.Errorf("FindRisks names: R-1 owner %q method v%d, R-5 method v%d; want Ann, v2, v1", r.OwnerName, r.MethodNumber, list[4].MethodNumber)
		}
	})
}

func TestRiskHeatmap(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := newRiskFixture(t, db)
		for _, c := range []struct {
			name  string
			f     isms.RiskFilter
			basis string
			want  []isms.HeatCell
		}{
			{"inherent", isms.RiskFilter{MethodID: fx.m.ID}, "inherent",
				[]isms.HeatCell{{Likelihood: 1, Impact: 1, Count: 1}, {Likelihood: 2, Impact: 2, Count: 1},
					{Likelihood: 3, Impact: 3, Count: 1}, {Likelihood: 4, Impact: 5, Count: 2}}},
			{"residual", isms.RiskFilter{MethodID: fx.m.ID}, "residual",
				[]isms.HeatCell{{Likelihood: 2, Impact: 2, Count: 1}, {Likelihood: 2, Impact: 3, Count: 1}, {Likelihood: 3, Impact: 3, Count: 1}}},
			{"cell and level filters ignored", isms.RiskFilter{MethodID: fx.m.ID, Level: 2, Likelihood: 2, Impact: 2}, "residual",
				[]isms.HeatCell{{Likelihood: 2, Impact: 2, Count: 1}, {Likelihood: 2, Impact: 3, Count: 1}, {Likelihood: 3, Impact: 3, Count: 1}}},
			{"by owner", isms.RiskFilter{MethodID: fx.m.ID, OwnerID: fx.ann.ID}, "inherent",
				[]isms.HeatCell{{Likelihood: 2, Impact: 2, Count: 1}, {Likelihood: 4, Impact: 5, Count: 1}}},
			{"open only", isms.RiskFilter{MethodID: fx.m.ID, Status: isms.RiskAssessed}, "inherent",
				[]isms.HeatCell{{Likelihood: 3, Impact: 3, Count: 1}}},
			{"first version", isms.RiskFilter{MethodID: fx.m0.ID}, "inherent", []isms.HeatCell{{Likelihood: 5, Impact: 5, Count: 1}}},
			{"another organization", isms.RiskFilter{MethodID: fx.m.ID, OrgID: fx.other.ID}, "inherent", nil},
		} {
			if c.f.OrgID == "" {
				c.f.OrgID = fx.org.ID
			}
			var got []isms.HeatCell
			view(t, db, func(tx *sqldb.Tx) (err error) {
				got, err = tx.RiskHeatmap(context.Background(), c.f, c.basis)
				return err
			})
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("%s: RiskHeatmap (-want +got):\n%s", c.name, d)
			}
		}
	})
}

func TestRiskFlagCounts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := newRiskFixture(t, db)
		for _, c := range []struct {
			name    string
			current isms.ID
			levels  []int
			today   string
			want    map[isms.RiskFlag]int
		}{
			{"today", fx.m.ID, []int{3, 4, 5}, "2025-03-03", map[isms.RiskFlag]int{isms.FlagUntreated: 1, isms.FlagActionOverdue: 2,
				isms.FlagReviewOverdue: 1, isms.FlagAcceptanceMissing: 2, isms.FlagAcceptanceExpired: 1, isms.FlagRescore: 1}},
			{"a day earlier", fx.m.ID, []int{3, 4, 5}, "2025-03-02", map[isms.RiskFlag]int{isms.FlagUntreated: 1, isms.FlagActionOverdue: 2,
				isms.FlagReviewOverdue: 1, isms.FlagAcceptanceMissing: 2, isms.FlagAcceptanceExpired: 0, isms.FlagRescore: 1}},
			{"every level retainable", fx.m.ID, nil, "2025-03-03", map[isms.RiskFlag]int{isms.FlagUntreated: 0, isms.FlagActionOverdue: 2,
				isms.FlagReviewOverdue: 1, isms.FlagAcceptanceMissing: 2, isms.FlagAcceptanceExpired: 1, isms.FlagRescore: 1}},
			{"under the first version", fx.m0.ID, []int{5}, "2025-03-03", map[isms.RiskFlag]int{isms.FlagUntreated: 1, isms.FlagActionOverdue: 2,
				isms.FlagReviewOverdue: 1, isms.FlagAcceptanceMissing: 2, isms.FlagAcceptanceExpired: 1, isms.FlagRescore: 4}},
			{"no approved method", "", []int{3, 4, 5}, "2025-03-03", map[isms.RiskFlag]int{isms.FlagUntreated: 0, isms.FlagActionOverdue: 2,
				isms.FlagReviewOverdue: 1, isms.FlagAcceptanceMissing: 2, isms.FlagAcceptanceExpired: 1, isms.FlagRescore: 0}},
		} {
			var got map[isms.RiskFlag]int
			view(t, db, func(tx *sqldb.Tx) (err error) {
				got, err = tx.RiskFlagCounts(context.Background(), fx.org.ID, c.current, c.levels, day(t, c.today))
				return err
			})
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("%s: RiskFlagCounts (-want +got):\n%s", c.name, d)
			}
		}
		var got map[isms.RiskFlag]int
		view(t, db, func(tx *sqldb.Tx) (err error) {
			got, err = tx.RiskFlagCounts(context.Background(), fx.other.ID, fx.m.ID, []int{3}, day(t, "2025-03-03"))
			return err
		})
		for f, n := range got {
			if n != 0 {
				t.Errorf("RiskFlagCounts of another organization: %s = %d, want 0", f, n)
			}
		}
	})
}

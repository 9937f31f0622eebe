// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// guideSubclauses are the sub-clauses of ISO/IEC 27001 that have
// requirements.
var guideSubclauses = []string{"6.1.1", "6.1.2", "6.1.3", "7.5.1", "7.5.2", "7.5.3", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3"}

// guideSizes are the size classes, smallest first.
var guideSizes = []isms.OrgSize{isms.OrgSmall, isms.OrgMedium, isms.OrgLarge}

func TestGuideForCoversEveryClauseAndSize(t *testing.T) {
	clauses := []string{isms.AnnexAClause, "A.8.15"}
	for _, c := range isms.ISMSClauses {
		clauses = append(clauses, c.Number)
	}
	clauses = append(clauses, guideSubclauses...)
	for _, c := range clauses {
		seen := map[string]isms.OrgSize{}
		for _, size := range guideSizes {
			g := isms.GuideFor(c, size)
			if g.Clause != c || g.Title == "" || g.What == "" || g.Why == "" || g.Proportionate == "" {
				t.Errorf("GuideFor(%q, %s) = %+v, want its clause and every text", c, size, g)
			}
			if prev, dup := seen[g.Proportionate]; dup {
				t.Errorf("GuideFor(%q): %s and %s share the proportionate guidance %q", c, prev, size, g.Proportionate)
			}
			seen[g.Proportionate] = size
		}
	}
}

func TestGuideForSubclausesAndControls(t *testing.T) {
	for _, c := range guideSubclauses {
		if isms.ClauseColumn(c) == "" || isms.ClauseColumn(c) == c {
			t.Fatalf("%s is not a sub-clause", c)
		}
	}
	tests := []struct {
		name, clause, like, title string
		own                       bool // has a What of its own, unlike like's
	}{
		{"a general sub-clause takes its clause's texts", "9.2.1", "9.2", "Internal audit: general", false},
		{"a sub-clause with its own text keeps it", "9.2.2", "9.2", "Internal audit programme", true},
		{"the risk assessment differs from risks and opportunities", "6.1.2", "6.1", "Information security risk assessment", true},
		{"a clause has the title of ISMSClauses", "7.5", "7.5", "Documented information", false},
		{"an Annex A control shares the guide of Annex A", "A.5.9", "A", "Annex A control A.5.9", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, like := isms.GuideFor(tt.clause, isms.OrgMedium), isms.GuideFor(tt.like, isms.OrgMedium)
			if g.Title != tt.title {
				t.Errorf("GuideFor(%q).Title = %q, want %q", tt.clause, g.Title, tt.title)
			}
			if own := g.What != like.What; own != tt.own {
				t.Errorf("GuideFor(%q).What differs from %s's: %v, want %v", tt.clause, tt.like, own, tt.own)
			}
		})
	}
}

func TestGuideForScalesWithSize(t *testing.T) {
	small, large := isms.GuideFor("9.3", isms.OrgSmall), isms.GuideFor("9.3", isms.OrgLarge)
	if small.What != large.What || small.Why != large.Why {
		t.Error("the size changed what 9.3 asks for or why; only the proportionate guidance should change")
	}
	if !strings.Contains(strings.ToLower(small.Proportionate), "one management review a year") {
		t.Errorf("a small organization's 9.3 guidance = %q, want one management review a year", small.Proportionate)
	}
	if !strings.Contains(isms.GuideFor("9.2", isms.OrgLarge).Proportionate, "several audits") {
		t.Errorf("a large organization's 9.2 guidance = %q, want a programme of several audits", isms.GuideFor("9.2", isms.OrgLarge).Proportionate)
	}
}

func TestGuideForUnknownClause(t *testing.T) {
	if g := isms.GuideFor("11.1", isms.OrgSmall); g != (isms.ClauseGuide{Clause: "11.1"}) {
		t.Errorf("GuideFor(11.1) = %+v, want the number only", g)
	}
}

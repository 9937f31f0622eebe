// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func TestProgrammeCoverage(t *testing.T) {
	reqs := []isms.CoverageRequirement{
		{ID: "r4", Ref: "4.1", Kind: isms.KindClause},
		{ID: "r5", Ref: "5.2", Kind: isms.KindClause, Nonconformities: 2},
		{ID: "a15", Ref: "A.5.15", Kind: isms.KindControl, HighRisks: 1},
		{ID: "a18", Ref: "A.5.18", Kind: isms.KindControl, HighRisks: 3, Nonconformities: 1},
		{ID: "a31", Ref: "A.5.31", Kind: isms.KindControl},
	}
	audits := []isms.CoverageAudit{
		{ID: "ia1", Ref: "IA-1", Year: 1, Requirements: []isms.ID{"r4", "r5", "a18"}},
		{ID: "ia2", Ref: "IA-2", Year: 2, Requirements: []isms.ID{"a18", "a15"}},
		{ID: "ia3", Ref: "IA-3", Year: 3, Requirements: []isms.ID{"a18", "r5"}},
		{ID: "ia9", Ref: "IA-9", Year: 0, Requirements: []isms.ID{"a31"}}, // outside the period
		{ID: "ia8", Ref: "IA-8", Year: 4, Requirements: []isms.ID{"a31"}}, // after it
	}
	c := isms.ProgrammeCoverage(3, reqs, audits)
	type row struct {
		Ref     string
		Weight  isms.Weight
		Reason  string
		PerYear []int
		Audits  []string
		Gap     isms.CoverageGap
	}
	var got []row
	for _, r := range c.Rows {
		got = append(got, row{r.Ref, r.Weight, r.WeightReason, r.PerYear, r.Audits, r.Gap})
	}
	want := []row{
		{"4.1", isms.WeightNormal, "", []int{1, 0, 0}, []string{"IA-1"}, isms.GapNone},
		{"5.2", isms.WeightHigh, "2 nonconformities in earlier audits", []int{1, 0, 1}, []string{"IA-1", "IA-3"}, isms.GapBelowWeight},
		{"A.5.15", isms.WeightHigh, "1 risk above acceptance uses its controls", []int{0, 1, 0}, []string{"IA-2"}, isms.GapBelowWeight},
		{"A.5.18", isms.WeightHigh, "3 risks above acceptance use its controls; 1 nonconformity in earlier audits",
			[]int{1, 1, 1}, []string{"IA-1", "IA-2", "IA-3"}, isms.GapNone},
		{"A.5.31", isms.WeightNormal, "", []int{0, 0, 0}, []string{}, isms.GapUncovered},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ProgrammeCoverage() rows (-want +got):\n%s", diff)
	}
	if c.Years != 3 || c.Covered != 4 || c.Uncovered != 1 || c.BelowWeight != 2 || c.Complete() {
		t.Errorf("ProgrammeCoverage() = years %d, covered %d, uncovered %d, below weight %d, complete %v; want 3, 4, 1, 2, false",
			c.Years, c.Covered, c.Uncovered, c.BelowWeight, c.Complete())
	}
}

func TestProgrammeCoverageComplete(t *testing.T) {
	reqs := []isms.CoverageRequirement{{ID: "r4", Ref: "4.1", Kind: isms.KindClause}}
	c := isms.ProgrammeCoverage(1, reqs, []isms.CoverageAudit{{Ref: "IA-1", Year: 1, Requirements: []isms.ID{"r4"}}})
	if !c.Complete() || c.Covered != 1 {
		t.Errorf("ProgrammeCoverage() covered %d, complete %v; want 1, true", c.Covered, c.Complete())
	}
	if empty := isms.ProgrammeCoverage(3, nil, nil); len(empty.Rows) != 0 || !empty.Complete() {
		t.Errorf("ProgrammeCoverage(no requirements) = %+v, want no rows, complete", empty)
	}
}

// scopeFramework is a small framework in document order: clauses 4 and
// 5 with sub-clauses, and Annex A with a theme of controls.
func scopeFramework() []*isms.Requirement {
	r := func(ref string, kind isms.RequirementKind, depth int) *isms.Requirement {
		return &isms.Requirement{ID: isms.ID("req_" + ref), Ref: ref, Kind: kind, Depth: depth}
	}
	return []*isms.Requirement{
		r("4", isms.KindGroup, 0), r("4.1", isms.KindClause, 1), r("4.2", isms.KindClause, 1),
		r("5", isms.KindGroup, 0), r("5.1", isms.KindClause, 1), r("5.2", isms.KindClause, 1), r("5.2.1", isms.KindClause, 2),
		r("5.3", isms.KindClause, 1),
		r("A", isms.KindGroup, 0), r("A.5", isms.KindGroup, 1), r("A.5.15", isms.KindControl, 2), r("A.5.16", isms.KindControl, 2),
		r("A.5.17", isms.KindControl, 2), r("A.5.18", isms.KindControl, 2),
	}
}

func TestExpandScope(t *testing.T) {
	reqs := scopeFramework()
	tests := []struct {
		name string
		expr string
		want []string
	}{
		{"a group brings its clauses", "4", []string{"4.1", "4.2"}},
		{"a clause brings what lies below it", "5.2", []string{"5.2", "5.2.1"}},
		{"a range includes both ends and what lies below the last", "5.1-5.2", []string{"5.1", "5.2", "5.2.1"}},
		{"an en dash makes a range too", "A.5.16–A.5.17", []string{"A.5.16", "A.5.17"}},
		{"a reversed range reads the same", "A.5.17 - A.5.15", []string{"A.5.15", "A.5.16", "A.5.17"}},
		{"items are listed once, in document order", "A.5.18, 4.2, a.5.18, 4", []string{"4.1", "4.2", "A.5.18"}},
		{"the whole annex", "A", []string{"A.5.15", "A.5.16", "A.5.17", "A.5.18"}},
		{"empty items are ignored", " , 5.3,, ", []string{"5.3"}},
		{"nothing names nothing", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := isms.ExpandScope(tt.expr, reqs)
			if err != nil {
				t.Fatalf("ExpandScope(%q) = %v", tt.expr, err)
			}
			var refs []string
			for _, r := range got {
				refs = append(refs, r.Ref)
			}
			if diff := cmp.Diff(tt.want, refs); diff != "" {
				t.Errorf("ExpandScope(%q) (-want +got):\n%s", tt.expr, diff)
			}
		})
	}
}

func TestExpandScopeUnknown(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"4, 9.9", `No requirement "9.9" in this framework.`},
		{"A.5.15-A.5.99, 11", `No requirement "A.5.99", "11" in this framework.`},
		{"X-Y", `No requirement "X", "Y" in this framework.`},
	}
	for _, tt := range tests {
		got, err := isms.ExpandScope(tt.expr, scopeFramework())
		if isms.ErrorCode(err) != isms.Invalid || isms.ErrorMessage(err) != tt.want || got != nil {
			t.Errorf("ExpandScope(%q) = %v, %v; want nil and Invalid %q", tt.expr, got, err, tt.want)
		}
	}
}

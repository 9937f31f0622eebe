// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"slices"
	"strings"
	"testing"
)

func TestDeriveSoAStatus(t *testing.T) {
	for _, tc := range []struct {
		controls []ControlStatus
		want     SoAImplStatus
	}{
		{nil, SoANotStarted},
		{[]ControlStatus{ControlNotApplicable}, SoANotStarted},
		{[]ControlStatus{ControlImplemented}, SoAImplemented},
		{[]ControlStatus{ControlImplemented, ControlNotApplicable}, SoAImplemented},
		{[]ControlStatus{ControlImplemented, ControlPlanned}, SoAPartial},
		{[]ControlStatus{ControlInProgress, ControlPlanned}, SoAPartial},
		{[]ControlStatus{ControlPlanned, ControlPlanned}, SoAPlanned},
	} {
		if got := DeriveSoAStatus(tc.controls); got != tc.want {
			t.Errorf("DeriveSoAStatus(%v) = %s, want %s", tc.controls, got, tc.want)
		}
	}
}

// soaLine is a line of reference ref with the given decision and sources.
func soaLine(ref string, a Applicability, src SoASources) *SoALine {
	return &SoALine{RequirementID: ID("req-" + ref), Ref: ref, Applicable: a, Sources: src}
}

func TestCheckSoA(t *testing.T) {
	risk := []SoARef{{ID: "r1", Ref: "R-1"}}
	implemented := []SoAControl{{ID: "c1", Ref: "C-1", Status: ControlImplemented}}
	planned := []SoAControl{{ID: "c2", Ref: "C-2", Status: ControlPlanned}}
	justified := soaLine("A.7.6", SoAExcluded, SoASources{})
	justified.Exclusion = "No secure areas of our own."
	business := soaLine("A.5.1", SoAApplicable, SoASources{Controls: implemented, Derived: SoAImplemented})
	business.Business, business.Reason = true, "Customers ask for it."
	overridden := soaLine("A.8.13", SoAApplicable, SoASources{Risks: risk, Controls: planned, Derived: SoAPlanned})
	overridden.Override, overridden.OverrideReason = SoAImplemented, "Done outside the controls."
	for _, tc := range []struct {
		name string
		line *SoALine
		want []string // rules found, in order
	}{
		{"undecided", soaLine("A.5.7", SoAUndecided, SoASources{Risks: risk}), []string{SoARuleUndecided}},
		{"excluded but treated", soaLine("A.5.15", SoAExcluded, SoASources{Risks: risk}), []string{SoARuleExcludedButTreated, SoARuleExclusionUnjustified}},
		{"excluded with justification", justified, nil},
		{"applicable without source", soaLine("A.5.2", SoAApplicable, SoASources{Controls: implemented, Derived: SoAImplemented}), []string{SoARuleInclusionNoSource}},
		{"applicable for a business reason", business, nil},
		{"applicable from a risk, no control", soaLine("A.5.3", SoAApplicable, SoASources{Risks: risk}), []string{SoARuleApplicableNoControl}},
		{"implemented by hand, no implemented control", overridden, []string{SoARuleImplementedNoControl}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, i := range CheckSoA([]*SoALine{tc.line}) {
				got = append(got, i.Rule)
				if i.Ref != tc.line.Ref || !strings.Contains(i.Message, tc.line.Ref) {
					t.Errorf("issue %+v does not name line %s", i, tc.line.Ref)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("rules = %v, want %v", got, tc.want)
			}
		})
	}
	issues := CheckSoA([]*SoALine{soaLine("A.5.3", SoAApplicable, SoASources{Risks: risk}), soaLine("A.5.7", SoAUndecided, SoASources{})})
	if n := SoAErrors(issues); n != 1 || len(issues) != 2 {
		t.Errorf("%d errors among %d issues, want 1 of 2 (the other a warning)", n, len(issues))
	}
}

func TestSoALineValidate(t *testing.T) {
	l := &SoALine{Ref: "A.7.6", Applicable: SoAExcluded, Practice: true, Override: "done"}
	fields := ErrorFields(l.Validate())
	for _, f := range []string{"exclusion", "reason", "statusOverride", "overrideReason"} {
		if fields[f] == "" {
			t.Errorf("no problem on %s: %v", f, fields)
		}
	}
	ok := &SoALine{Ref: "A.5.1", Applicable: SoAApplicable, Business: true, Reason: "Contracts require it."}
	if err := ok.Validate(); err != nil {
		t.Errorf("a justified line: %v", err)
	}
}

func TestCompareSoALines(t *testing.T) {
	src := SoASources{Risks: []SoARef{{ID: "r1", Ref: "R-1"}}, Controls: []SoAControl{{ID: "c1", Ref: "C-1", Status: ControlImplemented}}, Derived: SoAImplemented}
	a1 := soaLine("A.5.1", SoAApplicable, src)
	b1 := soaLine("A.7.6", SoAApplicable, src)
	gone := soaLine("A.9.9", SoAApplicable, src)
	a2 := soaLine("A.5.1", SoAApplicable, src)
	b2 := soaLine("A.7.6", SoAExcluded, SoASources{})
	b2.Exclusion, b2.ChangeReason = "We left the office.", "Remote-first since March."
	diffs := CompareSoALines([]*SoALine{a1, b1, gone}, []*SoALine{a2, b2})
	if len(diffs) != 2 || diffs[0].Ref != "A.7.6" || diffs[1].Ref != "A.9.9" {
		t.Fatalf("diffs = %+v, want A.7.6 changed and A.9.9 gone", diffs)
	}
	if diffs[0].Reason != b2.ChangeReason || diffs[0].Fields[0].Label != "Applicable" || diffs[0].Fields[0].After != "Not applicable" {
		t.Errorf("A.7.6 diff = %+v", diffs[0])
	}
}

func TestWorkingSoA(t *testing.T) {
	draft, approved := &SoA{Number: 3, Status: SoADraft}, &SoA{Number: 2, Status: SoAApproved}
	superseded := &SoA{Number: 1, Status: SoASuperseded}
	for _, tc := range []struct {
		name     string
		versions []*SoA
		want     *SoA
	}{
		{"no version gives none", nil, nil},
		{"a draft comes first", []*SoA{draft, approved, superseded}, draft},
		{"without a draft the approved version", []*SoA{approved, superseded}, approved},
		{"with neither the newest", []*SoA{superseded}, superseded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := WorkingSoA(tc.versions); got != tc.want {
				t.Errorf("WorkingSoA = %+v, want %+v", got, tc.want)
			}
		})
	}
}

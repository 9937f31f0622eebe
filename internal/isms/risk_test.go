// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

// testRisk returns a valid scenario risk scored under m.
func testRisk(m *isms.RiskMethod) *isms.Risk {
	r := &isms.Risk{ID: "rsk_1", Ref: "R-1", Title: "Ransomware", Kind: isms.RiskScenario, Status: isms.RiskAssessed,
		ThreatSource: "Criminals", Event: "Encrypt servers", Consequence: "Work stops",
		Inherent: isms.RiskScore{Likelihood: 3, Impact: 4}, Residual: isms.RiskScore{Likelihood: 2, Impact: 2},
		NextReview: isms.NewDate(2027, time.January, 15)}
	if m != nil {
		r.MethodID = m.ID
		r.Score(m)
	}
	return r
}

func TestRiskValidate(t *testing.T) {
	five := testMethod(5, 5, 5)
	cia := testMethod(5, 5, 5)
	cia.CIA, cia.ImpactRule = true, isms.ImpactHighest
	tests := []struct {
		name string
		m    *isms.RiskMethod
		edit func(r *isms.Risk)
		want map[string]string
	}{
		{"a scored scenario risk is valid", five, nil, nil},
		{"an asset-based risk is valid", five, func(r *isms.Risk) {
			r.Kind, r.Threat, r.Vulnerability, r.Treatment, r.Status = isms.RiskAsset, "Theft", "No lock", isms.TreatmentModify, isms.RiskInTreatment
		}, nil},
		{"an unscored risk is valid without a method", nil, func(r *isms.Risk) { r.Inherent, r.Residual = isms.RiskScore{}, isms.RiskScore{} }, nil},
		{"a scored risk needs an approved method", nil, nil, map[string]string{"inherentLikelihood": "Approve a risk method before scoring risks."}},
		{"a residual score alone needs a method too", nil, func(r *isms.Risk) { r.Inherent = isms.RiskScore{} },
			map[string]string{"inherentLikelihood": "Approve a risk method before scoring risks."}},
		{"reference and title are required", five, func(r *isms.Risk) { r.Ref, r.Title = "", "  " }, map[string]string{
			"ref":   "Reference is required, such as R-12.",
			"title": "Title is required.",
		}},
		{"a reference with a space is refused", five, func(r *isms.Risk) { r.Ref = "R 1" },
			map[string]string{"ref": "Reference must be at most 40 characters, without spaces."}},
		{"a reference of 41 characters is refused", five, func(r *isms.Risk) { r.Ref = strings.Repeat("R", 41) },
			map[string]string{"ref": "Reference must be at most 40 characters, without spaces."}},
		{"an unknown kind is refused", five, func(r *isms.Risk) { r.Kind = "threat" }, map[string]string{"kind": "Kind must be scenario or asset."}},
		{"long texts are refused", five, func(r *isms.Risk) {
			long := strings.Repeat("x", 20001)
			r.ThreatSource, r.Event, r.Consequence, r.Threat, r.Vulnerability, r.Description, r.TreatmentPlan = long, long, long, long, long, long, long
			r.Category = strings.Repeat("c", 201)
		}, map[string]string{
			"threatSource":  "Threat source must be at most 20,000 characters.",
			"event":         "Event must be at most 20,000 characters.",
			"consequence":   "Consequence must be at most 20,000 characters.",
			"threat":        "Threat must be at most 20,000 characters.",
			"vulnerability": "Vulnerability must be at most 20,000 characters.",
			"description":   "Description must be at most 20,000 characters.",
			"treatmentPlan": "Treatment plan must be at most 20,000 characters.",
			"category":      "Category must be at most 200 characters.",
		}},
		{"unknown status and treatment are refused", five, func(r *isms.Risk) { r.Status, r.Treatment = "open", "transfer" }, map[string]string{
			"status":    "Status must be identified, assessed, treatment planned, in treatment, accepted or closed.",
			"treatment": "Treatment must be modify, retain, avoid or share.",
		}},
		{"positions outside the scales are refused", five, func(r *isms.Risk) {
			r.Inherent.Likelihood, r.Residual.Impact, r.Residual.C = 6, -1, 7
		}, map[string]string{
			"inherentLikelihood": "Likelihood must be a level from 1 to 5.",
			"residualImpact":     "Impact must be a level from 1 to 5.",
			"residualImpactC":    "C impact must be a level from 1 to 5.",
		}},
		{"likelihood without impact is refused", five, func(r *isms.Risk) { r.Inherent.Impact = 0 },
			map[string]string{"inherentLikelihood": "Give both likelihood and impact, or neither."}},
		{"impact without likelihood is refused", five, func(r *isms.Risk) { r.Residual.Likelihood = 0 },
			map[string]string{"residualLikelihood": "Give both likelihood and impact, or neither."}},
		{"under a CIA method, C, I or A stand for the impact", cia, func(r *isms.Risk) {
			r.Inherent = isms.RiskScore{Likelihood: 2, A: 4}
		}, nil},
		{"under a plain method, C, I and A do not", five, func(r *isms.Risk) { r.Inherent = isms.RiskScore{Likelihood: 2, A: 4} },
			map[string]string{"inherentLikelihood": "Give both likelihood and impact, or neither."}},
		{"a review date in 1999 is refused", five, func(r *isms.Risk) { r.NextReview = isms.NewDate(1999, time.December, 31) },
			map[string]string{"nextReview": "Next review must be between 2000 and 2199."}},
		{"no review date is fine", five, func(r *isms.Risk) { r.NextReview = isms.Date{} }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRisk(five)
			if tt.edit != nil {
				tt.edit(r)
			}
			err := r.Validate(tt.m)
			if diff := cmp.Diff(tt.want, isms.ErrorFields(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if (err == nil) != (tt.want == nil) {
				t.Errorf("Validate = %v", err)
			}
		})
	}
}

func TestRiskNormalize(t *testing.T) {
	r := &isms.Risk{Ref: " R-1 ", Title: "\tTitle\n", Category: " Cyber ", TreatmentPlan: " plan "}
	r.Normalize()
	if r.Ref != "R-1" || r.Title != "Title" || r.Category != "Cyber" || r.TreatmentPlan != "plan" {
		t.Errorf("not trimmed: %+v", r)
	}
}

func TestRiskCurrentLevel(t *testing.T) {
	r := &isms.Risk{Inherent: isms.RiskScore{Level: 4}}
	if r.CurrentLevel() != 4 {
		t.Errorf("without a residual score the inherent level counts; got %d", r.CurrentLevel())
	}
	r.Residual.Level = 2
	if r.CurrentLevel() != 2 {
		t.Errorf("the residual level counts once scored; got %d", r.CurrentLevel())
	}
}

func TestRiskAutoStatus(t *testing.T) {
	tests := []struct {
		name      string
		status    isms.RiskStatus
		level     int
		treatment isms.TreatmentOption
		want      isms.RiskStatus
	}{
		{"a new unscored risk is identified", "", 0, "", isms.RiskIdentified},
		{"a new scored risk is assessed", "", 3, "", isms.RiskAssessed},
		{"an identified risk becomes assessed once scored", isms.RiskIdentified, 2, "", isms.RiskAssessed},
		{"an assessed risk with a treatment has its treatment planned", isms.RiskAssessed, 2, isms.TreatmentModify, isms.RiskTreatmentPlanned},
		{"an identified risk scored and treated at once is planned", isms.RiskIdentified, 5, isms.TreatmentShare, isms.RiskTreatmentPlanned},
		{"a planned risk whose treatment is withdrawn is assessed again", isms.RiskTreatmentPlanned, 2, "", isms.RiskAssessed},
		{"an assessed risk whose score is removed is identified again", isms.RiskAssessed, 0, "", isms.RiskIdentified},
		{"in treatment is left alone", isms.RiskInTreatment, 0, "", isms.RiskInTreatment},
		{"accepted is left alone", isms.RiskAccepted, 2, "", isms.RiskAccepted},
		{"closed is left alone", isms.RiskClosed, 0, "", isms.RiskClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &isms.Risk{Status: tt.status, Treatment: tt.treatment, Inherent: isms.RiskScore{Level: tt.level}}
			r.AutoStatus()
			if r.Status != tt.want {
				t.Errorf("AutoStatus: %q → %q, want %q", tt.status, r.Status, tt.want)
			}
		})
	}
}

func TestRiskFlags(t *testing.T) {
	today := isms.NewDate(2026, time.June, 10)
	m := testMethod(5, 5, 5)
	m.Levels[0].Retain, m.Levels[1].Retain = true, true
	newer := testMethod(5, 5, 5)
	newer.ID = "rmt_2"
	// ok is a risk with no flag: treated, accepted until later, reviewed in time.
	ok := func() *isms.Risk {
		return &isms.Risk{ID: "rsk_1", Status: isms.RiskAccepted, MethodID: m.ID, Treatment: isms.TreatmentModify,
			Inherent: isms.RiskScore{Likelihood: 5, Impact: 5, Level: 5}, Residual: isms.RiskScore{Likelihood: 1, Impact: 2, Level: 1},
			NextReview: today.AddDays(30), AcceptanceID: "racc_1", AcceptedUntil: today.AddDays(30)}
	}
	tests := []struct {
		name    string
		edit    func(r *isms.Risk)
		m, cur  *isms.RiskMethod
		want    []isms.RiskFlag
		comment string
	}{
		{name: "a treated, accepted, reviewed risk has no flag", m: m, cur: m},
		{name: "a high risk without treatment is untreated", edit: func(r *isms.Risk) {
			r.Treatment, r.Residual, r.AcceptanceID, r.AcceptedUntil = "", isms.RiskScore{}, "", isms.Date{}
		}, m: m, cur: m, want: []isms.RiskFlag{isms.FlagUntreated}},
		{name: "a retainable risk without treatment is not untreated", edit: func(r *isms.Risk) {
			r.Treatment, r.Inherent = "", isms.RiskScore{Likelihood: 1, Impact: 2, Level: 2}
		}, m: m, cur: m},
		{name: "an unscored risk is not untreated", edit: func(r *isms.Risk) { r.Treatment, r.Inherent = "", isms.RiskScore{} }, m: m, cur: m},
		{name: "without its method nothing is untreated", edit: func(r *isms.Risk) { r.Treatment = "" }, m: nil, cur: nil},
		{name: "an overdue action", edit: func(r *isms.Risk) { r.OverdueActions = 2 }, m: m, cur: m,
			want: []isms.RiskFlag{isms.FlagActionOverdue}},
		{name: "a review date passed", edit: func(r *isms.Risk) { r.NextReview = today.AddDays(-1) }, m: m, cur: m,
			want: []isms.RiskFlag{isms.FlagReviewOverdue}},
		{name: "a review due today is not yet overdue", edit: func(r *isms.Risk) { r.NextReview = today }, m: m, cur: m},
		{name: "a scored residual risk nobody accepted", edit: func(r *isms.Risk) { r.AcceptanceID, r.AcceptedUntil = "", isms.Date{} },
			m: m, cur: m, want: []isms.RiskFlag{isms.FlagAcceptanceMissing}},
		{name: "an unscored residual risk needs no acceptance yet", edit: func(r *isms.Risk) {
			r.AcceptanceID, r.AcceptedUntil, r.Residual = "", isms.Date{}, isms.RiskScore{}
		}, m: m, cur: m},
		{name: "an acceptance lapses on its expiry date", edit: func(r *isms.Risk) { r.AcceptedUntil = today },
			m: m, cur: m, want: []isms.RiskFlag{isms.FlagAcceptanceExpired}},
		{name: "an acceptance without expiry date stands", edit: func(r *isms.Risk) { r.AcceptedUntil = isms.Date{} }, m: m, cur: m},
		{name: "a risk under an older method needs re-scoring", m: m, cur: newer, want: []isms.RiskFlag{isms.FlagRescore}},
		{name: "without a current method nothing needs re-scoring", m: m, cur: nil},
		{name: "an unscored risk without method needs no re-scoring", edit: func(r *isms.Risk) {
			r.MethodID, r.Inherent, r.Residual = "", isms.RiskScore{}, isms.RiskScore{}
		}, m: nil, cur: newer},
		{name: "every flag at once, in display order", edit: func(r *isms.Risk) {
			r.Treatment, r.OverdueActions, r.NextReview, r.AcceptanceID = "", 1, today.AddDays(-5), ""
		}, m: m, cur: newer, want: []isms.RiskFlag{isms.FlagUntreated, isms.FlagActionOverdue, isms.FlagReviewOverdue,
			isms.FlagAcceptanceMissing, isms.FlagRescore}},
		{name: "a closed risk has no flags", edit: func(r *isms.Risk) {
			r.Status, r.Treatment, r.OverdueActions, r.NextReview, r.AcceptanceID = isms.RiskClosed, "", 1, today.AddDays(-5), ""
		}, m: m, cur: newer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok()
			if tt.edit != nil {
				tt.edit(r)
			}
			got := r.Flags(tt.m, tt.cur, today)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("flags (-want +got):\n%s", diff)
			}
		})
	}
	for _, f := range isms.RiskFlags {
		if f.Label() == string(f) {
			t.Errorf("flag %q has no label", f)
		}
	}
}

func TestRiskEnums(t *testing.T) {
	for _, s := range isms.RiskStatuses {
		if !s.Valid() || s.Label() == string(s) {
			t.Errorf("status %q: valid %v, label %q", s, s.Valid(), s.Label())
		}
	}
	for _, o := range isms.TreatmentOptions {
		if !o.Valid() || o.Label() == "Not decided" {
			t.Errorf("treatment %q: valid %v, label %q", o, o.Valid(), o.Label())
		}
	}
	if !isms.TreatmentNone.Valid() || isms.TreatmentOption("x").Valid() || isms.RiskStatus("x").Valid() || isms.RiskKind("x").Valid() {
		t.Error("unexpected validity of undecided or unknown values")
	}
	if isms.RiskAsset.Label() != "Asset-based" || isms.RiskScenario.Label() != "Event scenario" {
		t.Error("kind labels")
	}
}

func TestTreatmentActionOverdue(t *testing.T) {
	today := isms.NewDate(2026, time.June, 10)
	tests := []struct {
		status isms.TaskStatus
		due    isms.Date
		want   bool
	}{
		{isms.TaskOpen, today.AddDays(-1), true},
		{isms.TaskOpen, today, false},
		{isms.TaskDone, today.AddDays(-1), false},
		{isms.TaskCancelled, today.AddDays(-9), false},
	}
	for _, tt := range tests {
		a := isms.TreatmentAction{Status: tt.status, Due: tt.due}
		if got := a.Overdue(today); got != tt.want {
			t.Errorf("%s action due %s: overdue %v, want %v", tt.status, tt.due, got, tt.want)
		}
	}
}

func TestCompareRefs(t *testing.T) {
	refs := []string{"R-10", "R-2", "AS-1", "R-1", "r-3", "R-02", "R-100", "R-9a", "R-9", "R", "R-", "X-1", "R-18446744073709551616", ""}
	slices.SortFunc(refs, isms.CompareRefs)
	want := []string{"", "AS-1", "R", "R-", "R-1", "R-02", "R-2", "r-3", "R-9", "R-9a", "R-10", "R-100", "R-18446744073709551616", "X-1"}
	if diff := cmp.Diff(want, refs); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	for _, p := range [][2]string{{"R-1", "R-1"}, {"", ""}} {
		if isms.CompareRefs(p[0], p[1]) != 0 {
			t.Errorf("%q and %q should compare equal", p[0], p[1])
		}
	}
	if isms.CompareRefs("R-1", "r-1") == 0 || isms.CompareRefs("R-1", "r-1") != -isms.CompareRefs("r-1", "R-1") {
		t.Error("references differing only in case must order consistently, not as equal")
	}
}

// entry returns an assessment entry of risk n.
func entry(n int, ref string, l, i int, label string) isms.AssessmentEntry {
	return isms.AssessmentEntry{RiskID: isms.ID("rsk_" + ref), Ref: ref, Title: "Risk " + ref, Status: isms.RiskAssessed,
		Inherent: isms.RiskScore{Likelihood: l, Impact: i, Level: n}, InherentLabel: label}
}

func TestCompareAssessments(t *testing.T) {
	same := entry(2, "R-3", 2, 2, "Low")
	moved := entry(2, "R-10", 2, 2, "Low")
	movedAfter := entry(4, "R-10", 4, 4, "High")
	statusOnly := entry(3, "R-2", 3, 3, "Medium")
	statusAfter := statusOnly
	statusAfter.Status, statusAfter.Treatment = isms.RiskInTreatment, isms.TreatmentModify
	sameLevel := entry(3, "R-4", 3, 2, "Medium")
	sameLevelAfter := entry(3, "R-4", 2, 3, "Medium")
	residual := entry(3, "R-5", 3, 3, "Medium")
	residualAfter := residual
	residualAfter.Residual, residualAfter.ResidualLabel = isms.RiskScore{Likelihood: 1, Impact: 1, Level: 1}, "Very low"
	titleOnly := entry(1, "R-6", 1, 1, "Very low")
	titleAfter := titleOnly
	titleAfter.Title, titleAfter.OwnerName, titleAfter.ActionsDone = "Renamed", "Ann", 3
	gone1, gone2 := entry(1, "R-11", 1, 1, "Very low"), entry(1, "R-7", 1, 1, "Very low")
	new1, new2 := entry(1, "R-20", 1, 1, "Very low"), entry(1, "R-12", 1, 1, "Very low")

	before := []isms.AssessmentEntry{gone1, moved, same, statusOnly, sameLevel, residual, titleOnly, gone2}
	after := []isms.AssessmentEntry{new1, residualAfter, movedAfter, sameLevelAfter, same, statusAfter, titleAfter, new2}
	before[3].ActionsOpen, before[3].ActionsDone = 2, 1
	after[5].ActionsOpen, after[5].ActionsDone = 1, 2

	got := isms.CompareAssessments(before, after)
	want := isms.AssessmentDiff{
		Added:   []isms.AssessmentEntry{new2, new1},
		Removed: []isms.AssessmentEntry{gone2, gone1},
		Rescored: []isms.EntryChange{
			{Before: before[3], After: after[5]},
			{Before: sameLevel, After: sameLevelAfter},
			{Before: residual, After: residualAfter, LevelChanged: true},
			{Before: moved, After: movedAfter, LevelChanged: true},
		},
		ProgressBefore: 33, // 1 of 3
		ProgressAfter:  83, // 5 of 6 (2 + the 3 of R-6)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diff (-want +got):\n%s", diff)
	}
}

func TestCompareAssessmentsEdges(t *testing.T) {
	if d := isms.CompareAssessments(nil, nil); d.Added != nil || d.Removed != nil || d.Rescored != nil || d.ProgressBefore != 0 || d.ProgressAfter != 0 {
		t.Errorf("two empty assessments differ: %+v", d)
	}
	a := entry(1, "R-1", 1, 1, "Low")
	a.ActionsDone = 4
	if d := isms.CompareAssessments(nil, []isms.AssessmentEntry{a}); len(d.Added) != 1 || d.ProgressAfter != 100 {
		t.Errorf("all actions done should be 100%%: %+v", d)
	}
	// Entries without ID match by reference.
	x, y := entry(1, "R-1", 1, 1, "Low"), entry(2, "R-1", 2, 2, "Medium")
	x.RiskID, y.RiskID = "", ""
	if d := isms.CompareAssessments([]isms.AssessmentEntry{x}, []isms.AssessmentEntry{y}); len(d.Rescored) != 1 || !d.Rescored[0].LevelChanged {
		t.Errorf("entries without ID should match by reference: %+v", d)
	}
	// A risk renumbered keeps its identity.
	r1, r2 := entry(1, "R-1", 1, 1, "Low"), entry(1, "R-1", 1, 1, "Low")
	r2.Ref = "R-99"
	if d := isms.CompareAssessments([]isms.AssessmentEntry{r1}, []isms.AssessmentEntry{r2}); len(d.Added)+len(d.Removed)+len(d.Rescored) != 0 {
		t.Errorf("a renamed reference is not a change of score: %+v", d)
	}
}

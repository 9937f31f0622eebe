// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"slices"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

func TestISMSRating(t *testing.T) {
	const l, m, h = isms.ISMSLow, isms.ISMSMedium, isms.ISMSHigh
	for _, c := range []struct {
		likelihood, impact, want isms.ISMSLevel
	}{
		{l, l, l}, {l, m, l}, {m, l, l},
		{l, h, m}, {h, l, m}, {m, m, m},
		{m, h, h}, {h, m, h}, {h, h, h},
		{"", h, ""}, {h, "severe", ""},
	} {
		if got := isms.ISMSRating(c.likelihood, c.impact); got != c.want {
			t.Errorf("ISMSRating(%q, %q) = %q, want %q", c.likelihood, c.impact, got, c.want)
		}
	}
	// Every rating's score bounds hold the products that give it.
	for _, a := range isms.ISMSLevels {
		for i, b := range isms.ISMSLevels {
			score := (slices.Index(isms.ISMSLevels, a) + 1) * (i + 1)
			bounds := isms.ISMSRatingScores[isms.ISMSRating(a, b)]
			if score < bounds[0] || score > bounds[1] {
				t.Errorf("%s×%s: score %d outside the bounds %v of %s", a, b, score, bounds, isms.ISMSRating(a, b))
			}
		}
	}
}

// validISMSRisk is an open risk with nothing wrong.
func validISMSRisk() *isms.ISMSRisk {
	return &isms.ISMSRisk{Kind: isms.ISMSKindRisk, Title: "The ISMS manager leaves", Likelihood: isms.ISMSMedium,
		Impact: isms.ISMSHigh, Status: isms.ISMSRiskOpen}
}

func TestISMSRiskValidate(t *testing.T) {
	day := isms.NewDate(2026, 3, 1)
	for _, c := range []struct {
		name   string
		change func(r *isms.ISMSRisk)
		want   []string // the fields with a problem
	}{
		{"valid", func(r *isms.ISMSRisk) {}, nil},
		{"everything missing", func(r *isms.ISMSRisk) { *r = isms.ISMSRisk{} },
			[]string{"impact", "kind", "likelihood", "status", "title"}},
		{"planned without a way to evaluate", func(r *isms.ISMSRisk) { r.Status = isms.ISMSRiskPlanned }, []string{"evaluationMethod"}},
		{"planned", func(r *isms.ISMSRisk) {
			r.Status, r.EvaluationMethod = isms.ISMSRiskPlanned, "Deputy can run the audit"
		}, nil},
		{"addressed without a way to evaluate", func(r *isms.ISMSRisk) { r.Status = isms.ISMSRiskAddressed }, []string{"evaluationMethod"}},
		{"closed without an evaluation", func(r *isms.ISMSRisk) { r.Status, r.EvaluationMethod = isms.ISMSRiskClosed, "Check" },
			[]string{"effective"}},
		{"closed and effective", func(r *isms.ISMSRisk) {
			r.Status, r.EvaluationMethod, r.Effective, r.EvaluatedOn = isms.ISMSRiskClosed, "Check", isms.EffectiveYes, day
		}, nil},
		{"closed, not effective, unexplained", func(r *isms.ISMSRisk) {
			r.Status, r.EvaluationMethod, r.Effective, r.EvaluatedOn = isms.ISMSRiskClosed, "Check", isms.EffectiveNo, day
		}, []string{"evaluation"}},
		{"closed, not effective, explained", func(r *isms.ISMSRisk) {
			r.Status, r.EvaluationMethod, r.Effective, r.EvaluatedOn = isms.ISMSRiskClosed, "Check", isms.EffectiveNo, day
			r.Evaluation = "The risk no longer exists: the audit moved to an outside firm."
		}, nil},
		{"effective without a date", func(r *isms.ISMSRisk) { r.Effective = isms.EffectiveYes }, []string{"evaluatedOn"}},
		{"unknown answer and far dates", func(r *isms.ISMSRisk) {
			r.Effective, r.EvaluatedOn, r.ReviewOn = "maybe", day, isms.NewDate(1999, 1, 1)
		}, []string{"effective", "reviewOn"}},
	} {
		r := validISMSRisk()
		c.change(r)
		if got := ismsRiskProblemFields(r.Validate()); !slices.Equal(got, c.want) {
			t.Errorf("%s: problems on %v, want %v", c.name, got, c.want)
		}
	}
	r := validISMSRisk()
	if r.Rating() != isms.ISMSHigh || r.EvaluationDue() {
		t.Errorf("rating %s, evaluation due %v; want high and no", r.Rating(), r.EvaluationDue())
	}
	r.Status = isms.ISMSRiskAddressed
	if !r.EvaluationDue() {
		t.Error("an addressed record without evaluation is not due for evaluation")
	}
}

func TestISMSChangeValidate(t *testing.T) {
	day := isms.NewDate(2026, 3, 1)
	valid := func() *isms.ISMSChange {
		return &isms.ISMSChange{Title: "Extend the scope to the Lyon site", Reason: "The Lyon site opens in May.",
			Status: isms.ChangeProposed}
	}
	for _, c := range []struct {
		name   string
		change func(x *isms.ISMSChange)
		want   []string
	}{
		{"valid", func(x *isms.ISMSChange) {}, nil},
		{"nothing", func(x *isms.ISMSChange) { *x = isms.ISMSChange{} }, []string{"reason", "status", "title"}},
		{"approved without consequences", func(x *isms.ISMSChange) { x.Status = isms.ChangeApproved }, []string{"consequences"}},
		{"implemented without a date", func(x *isms.ISMSChange) {
			x.Status, x.Consequences = isms.ChangeImplemented, "New site in the risk register."
		}, []string{"completedOn"}},
		{"implemented", func(x *isms.ISMSChange) {
			x.Status, x.Consequences, x.CompletedOn = isms.ChangeImplemented, "New site in the risk register.", day
		}, nil},
		{"completed but still proposed", func(x *isms.ISMSChange) { x.CompletedOn = day }, []string{"completedOn"}},
		{"cancelled, planned far away", func(x *isms.ISMSChange) {
			x.Status, x.PlannedOn = isms.ChangeCancelled, isms.NewDate(2300, 1, 1)
		}, []string{"plannedOn"}},
	} {
		x := valid()
		c.change(x)
		if got := ismsRiskProblemFields(x.Validate()); !slices.Equal(got, c.want) {
			t.Errorf("%s: problems on %v, want %v", c.name, got, c.want)
		}
	}
	if isms.ChangeInProgress.Label() != "In progress" || isms.ChangeProposed.Label() != "Proposed" {
		t.Errorf("labels %q, %q", isms.ChangeInProgress.Label(), isms.ChangeProposed.Label())
	}
}

// ismsRiskProblemFields returns the fields of err's problems, sorted; nil
// when there are none.
func ismsRiskProblemFields(err error) []string {
	var out []string
	for f := range isms.ErrorFields(err) {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

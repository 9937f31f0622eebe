// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"slices"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// reviewMR2 is the review held last in these tests.
var reviewMR2 = isms.RecordRef{Type: "management_review", ID: "mr_2", Ref: "MR-2", Title: "Management review 2026"}

// reviewFacts returns facts with the review part r.
func reviewFacts(r isms.ReviewFacts) isms.Facts { return isms.Facts{ReviewFacts: r} }

// heldReview is a review held on held with its minutes approved, an
// output and every input, the second review recorded.
func heldReview(held isms.Date) isms.ReviewFacts {
	return isms.ReviewFacts{Reviews: 2, ReviewLast: reviewMR2, ReviewLastHeldOn: held, ReviewLastApproved: true, ReviewLastOutputs: 1}
}

// reviewPlannedOnly is a review planned and not yet held.
var reviewPlannedOnly = nothingCase{name: "no review held (review.held fires)", facts: reviewFacts(isms.ReviewFacts{Reviews: 1})}

func TestReviewRulesAreWellFormed(t *testing.T) {
	broken := isms.Facts{Today: factDay, ReviewFacts: isms.ReviewFacts{Reviews: 3, ReviewLast: reviewMR2,
		ReviewLastHeldOn: factDay.AddDate(-2, 0, 0), ReviewLastMissingInputs: []string{"9.3.2 e Feedback from interested parties"},
		ReviewsOverdue: recs("management_review", "mr_3")}}
	checkAreaRules(t, []string{"review."}, isms.Facts{Today: factDay}, broken)
}

func TestMissingReviewInputs(t *testing.T) {
	full := &isms.ReviewPack{}
	for _, key := range isms.ReviewInputs {
		full.Sections = append(full.Sections, isms.PackSection{Key: key, Summary: "Read from the registers."})
	}
	partial := &isms.ReviewPack{Sections: slices.Clone(full.Sections)}
	partial.Sections = slices.DeleteFunc(partial.Sections, func(s isms.PackSection) bool { return s.Key == isms.InputIssues })
	partial.Section(isms.InputFeedback).Summary = " "
	partial.Section(isms.InputRisks).Summary = ""
	partial.Section(isms.InputRisks).Figures = []isms.PackFigure{{Label: "Open risks", Value: "3"}}
	for _, c := range []struct {
		name string
		pack *isms.ReviewPack
		want []string
	}{
		{"a full pack misses nothing", full, nil},
		{"no pack misses every input", nil, isms.ReviewInputs},
		{"absent and empty sections are missing, a section with figures is not", partial,
			[]string{isms.InputIssues, isms.InputFeedback}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := isms.MissingReviewInputs(c.pack); !slices.Equal(got, c.want) {
				t.Errorf("MissingReviewInputs = %v, want %v", got, c.want)
			}
		})
	}
}

func TestRuleReviewHeld(t *testing.T) {
	checkFactCases(t, "review.held", []factCase{
		{name: "no review held fires", fire: true, message: "No management review has been held"},
		{name: "a review held over a year ago fires", facts: reviewFacts(heldReview(isms.NewDate(2025, 3, 1))),
			fire: true, records: []isms.ID{"mr_2"}, message: "MR-2, was held on 2025-03-01, more than a year ago"},
		{name: "a review held within the year passes", facts: reviewFacts(heldReview(isms.NewDate(2025, 3, 2)))},
	})
}

func TestRuleReviewOverdue(t *testing.T) {
	checkNothingToCheck(t, "review.overdue", nothingCase{name: "no review"})
	checkFactCases(t, "review.overdue", []factCase{
		{name: "a planned review past its date fires", facts: reviewFacts(isms.ReviewFacts{Reviews: 1,
			ReviewsOverdue: recs("management_review", "mr_3")}),
			fire: true, records: []isms.ID{"mr_3"}, message: "1 management review is past its planned date"},
		{name: "reviews on schedule pass", facts: reviewFacts(heldReview(factDay))},
	})
}

func TestRuleReviewInputs(t *testing.T) {
	missing := heldReview(factDay)
	missing.ReviewLastMissingInputs = []string{"9.3.2 c Changes in needs and expectations of interested parties", "9.3.2 e Feedback from interested parties"}
	checkNothingToCheck(t, "review.inputs", reviewPlannedOnly)
	checkFactCases(t, "review.inputs", []factCase{
		{name: "missing inputs fire, by name", facts: reviewFacts(missing), fire: true, records: []isms.ID{"mr_2"},
			message: "lacks 2 inputs: 9.3.2 c Changes in needs and expectations of interested parties; 9.3.2 e Feedback"},
		{name: "every input passes", facts: reviewFacts(heldReview(factDay))},
	})
}

func TestRuleReviewOutputs(t *testing.T) {
	none := heldReview(factDay)
	none.ReviewLastOutputs = 0
	checkNothingToCheck(t, "review.outputs", reviewPlannedOnly)
	checkFactCases(t, "review.outputs", []factCase{
		{name: "a review without outputs fires", facts: reviewFacts(none), fire: true, records: []isms.ID{"mr_2"},
			message: "MR-2 recorded no decision or action"},
		{name: "a review with an output passes", facts: reviewFacts(heldReview(factDay))},
	})
}

func TestRuleReviewApproved(t *testing.T) {
	pending := heldReview(factDay)
	pending.ReviewLastApproved = false
	checkNothingToCheck(t, "review.approved", reviewPlannedOnly)
	checkFactCases(t, "review.approved", []factCase{
		{name: "minutes awaiting approval fire", facts: reviewFacts(pending), fire: true, records: []isms.ID{"mr_2"},
			message: "The minutes of MR-2 are not approved"},
		{name: "approved minutes pass", facts: reviewFacts(heldReview(factDay))},
	})
}

// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"fmt"
	"strings"
)

// ReviewFacts are the facts the rules of clause 9.3 read.
type ReviewFacts struct {
	// Reviews counts the organization's management reviews, whatever
	// their status.
	Reviews int
	// ReviewLast is the management review held most recently, on or
	// before today; its ID is empty when none was held. ReviewLastHeldOn
	// is the day it was held.
	ReviewLast       RecordRef
	ReviewLastHeldOn Date
	// ReviewLastApproved reports whether its minutes are approved.
	ReviewLastApproved bool
	// ReviewLastOutputs counts its outputs: the decisions and actions
	// recorded (9.3.3).
	ReviewLastOutputs int
	// ReviewLastMissingInputs names, in the standard's order, the 9.3.2
	// inputs its frozen pack lacks or leaves empty (MissingReviewInputs):
	// "9.3.2 b Changes in external and internal issues".
	ReviewLastMissingInputs []string
	// ReviewsOverdue are the reviews still planned whose planned date is
	// before today.
	ReviewsOverdue RecordSet
}

// reviewRules are the readiness rules of clause 9.3. review.held fires
// when no review was held; the others are Inapplicable until there is a
// review (review.overdue) or a review held (the rules of its inputs,
// outputs and minutes).
var reviewRules = []Rule{
	{ID: "review.held", Clause: "9.3.1", Severity: SeverityBlocker, Check: ruleReviewHeld,
		Checks: "Top management held a management review in the last 12 months."},
	{ID: "review.overdue", Clause: "9.3.1", Severity: SeverityWarning, Check: ruleReviewOverdue,
		Checks: "No planned management review is past its date without being held."},
	{ID: "review.inputs", Clause: "9.3.2", Severity: SeverityWarning, Check: ruleReviewInputs,
		Checks: "The last management review considered every input 9.3.2 lists."},
	{ID: "review.outputs", Clause: "9.3.3", Severity: SeverityWarning, Check: ruleReviewOutputs,
		Checks: "The last management review recorded its decisions or actions."},
	{ID: "review.approved", Clause: "9.3.3", Severity: SeverityHint, Check: ruleReviewApproved,
		Checks: "The minutes of the last management review are approved."},
}

// MissingReviewInputs returns the keys of ReviewInputs, in order, that
// pack has no section for or whose section is empty (no summary, figure
// or item); every key when there is no pack.
func MissingReviewInputs(pack *ReviewPack) []string {
	var out []string
	for _, key := range ReviewInputs {
		var s *PackSection
		if pack != nil {
			s = pack.Section(key)
		}
		if s == nil || strings.TrimSpace(s.Summary) == "" && len(s.Figures) == 0 && len(s.Items) == 0 {
			out = append(out, key)
		}
	}
	return out
}

func ruleReviewHeld(f *Facts) []Finding {
	if f.ReviewLast.ID == "" {
		return One(false, "No management review has been held. Top management must review the ISMS at planned "+
			"intervals, and a certification body expects one held, with its results recorded, before it certifies.",
			"/management-reviews/new")
	}
	return One(!f.ReviewLastHeldOn.Before(f.Today.AddDate(-1, 0, 0)), fmt.Sprintf("The last management review, %s, "+
		"was held on %s, more than a year ago. Reviews take place at planned intervals, at least once a year, so that "+
		"top management keeps the ISMS suitable and effective.", f.ReviewLast.Ref, f.ReviewLastHeldOn),
		"/management-reviews/new", f.ReviewLast)
}

func ruleReviewOverdue(f *Facts) []Finding {
	if f.Reviews == 0 {
		return Inapplicable()
	}
	n := f.ReviewsOverdue.Total
	return Fire(f.ReviewsOverdue, fmt.Sprintf("%s %s past %s planned date and not held. Hold %s or move the date: "+
		"a review that slips without a decision reads as reviews not taking place at planned intervals.",
		plural(n, "management review", "management reviews"), agree(n, "is", "are"), agree(n, "its", "their"),
		agree(n, "it", "them")), "/management-reviews")
}

func ruleReviewInputs(f *Facts) []Finding {
	if f.ReviewLast.ID == "" {
		return Inapplicable()
	}
	missing := f.ReviewLastMissingInputs
	return One(len(missing) == 0, fmt.Sprintf("The pack of %s lacks %s: %s. The review must consider every input the "+
		"standard lists; note the missing ones in the minutes of the next review.", f.ReviewLast.Ref,
		plural(len(missing), "input", "inputs"), strings.Join(missing, "; ")), f.ReviewLast.Path(), f.ReviewLast)
}

func ruleReviewOutputs(f *Facts) []Finding {
	if f.ReviewLast.ID == "" {
		return Inapplicable()
	}
	return One(f.ReviewLastOutputs > 0, fmt.Sprintf("%s recorded no decision or action. "+
		"The results of a review are decisions on improvement and on changes to the ISMS; record them as outputs "+
		"so that they are followed up.", f.ReviewLast.Ref), f.ReviewLast.Path(), f.ReviewLast)
}

func ruleReviewApproved(f *Facts) []Finding {
	if f.ReviewLast.ID == "" {
		return Inapplicable()
	}
	return One(f.ReviewLastApproved, fmt.Sprintf("The minutes of %s are not approved. "+
		"The chair's approval makes them the final record of the review's results.", f.ReviewLast.Ref),
		f.ReviewLast.Path(), f.ReviewLast)
}

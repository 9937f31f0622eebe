// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"slices"
	"sort"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

func TestManagementReviewValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(r *isms.ManagementReview)
		want []string // fields with a problem, sorted
	}{
		{"a planned review needs no date held", func(r *isms.ManagementReview) {}, nil},
		{"a held review needs its date and attendees", func(r *isms.ManagementReview) { r.Status = isms.ReviewHeld }, []string{"attendees", "heldOn"}},
		{"a held review with both is valid", func(r *isms.ManagementReview) {
			r.Status, r.HeldOn, r.Attendees = isms.ReviewHeld, isms.NewDate(2026, 3, 2), []string{"Dana Ortiz (CEO)"}
		}, nil},
		{"an implausible date held", func(r *isms.ManagementReview) {
			r.Status, r.HeldOn, r.Attendees = isms.ReviewApproved, isms.NewDate(1999, 12, 31), []string{"Dana"}
		}, []string{"heldOn"}},
		{"no title, date, chair or known status", func(r *isms.ManagementReview) {
			r.Title, r.PlannedOn, r.ChairID, r.Status = "  ", isms.Date{}, "", "cancelled"
		}, []string{"chair", "plannedOn", "status", "title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &isms.ManagementReview{Title: "Review 2026", PlannedOn: isms.NewDate(2026, 3, 10), ChairID: "usr_1", Status: isms.ReviewPlanned}
			tt.edit(r)
			var got []string
			for f := range isms.ErrorFields(r.Validate()) {
				got = append(got, f)
			}
			sort.Strings(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Validate() fields = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReviewOutputValidate(t *testing.T) {
	o := &isms.ReviewOutput{Kind: "wish", Description: "  ", Due: isms.NewDate(2300, 1, 1)}
	fields := isms.ErrorFields(o.Validate())
	if len(fields) != 3 || fields["kind"] == "" || fields["description"] != "Say what was decided." || fields["due"] == "" {
		t.Errorf("Validate() fields = %v, want kind, description and due", fields)
	}
	o = &isms.ReviewOutput{Kind: isms.OutputChange, Description: " Extend the scope "}
	if err := o.Validate(); err != nil || o.Description != "Extend the scope" {
		t.Errorf("Validate() = %v, description %q; want valid and trimmed", err, o.Description)
	}
}

func TestPackHash(t *testing.T) {
	p := &isms.ReviewPack{Since: isms.NewDate(2025, 3, 6), Until: isms.NewDate(2026, 3, 5),
		Sections: []isms.PackSection{{Key: isms.InputIssues, Clause: "9.3.2 b", Title: "Issues", Summary: "None."}}}
	a, err := isms.PackHash(p)
	if err != nil || len(a) != 64 {
		t.Fatalf("PackHash = %q, %v", a, err)
	}
	if b, _ := isms.PackHash(p); b != a {
		t.Errorf("PackHash is not stable: %s then %s", a, b)
	}
	p.Sections[0].Summary = "One."
	if c, _ := isms.PackHash(p); c == a {
		t.Errorf("PackHash did not change with the summary")
	}
	if s := p.Section(isms.InputIssues); s == nil || s.Clause != "9.3.2 b" || p.Section(isms.InputRisks) != nil {
		t.Errorf("Section(b) = %+v, Section(f) should be nil", s)
	}
}

// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

// quarterly returns a schedule every 3 months from start with a lead time.
func quarterly(t *testing.T, start string, lead int) *isms.Schedule {
	return &isms.Schedule{Title: "Access review", OwnerID: "user_ann", Rule: isms.Recurrence{Every: 3, Unit: isms.Months},
		Start: date(t, start), LeadDays: lead, Active: true}
}

func TestScheduleValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*isms.Schedule)
		fields []string
	}{
		{"a complete schedule is valid", func(*isms.Schedule) {}, []string{}},
		{"title, owner, rule and start are required", func(s *isms.Schedule) {
			s.Title, s.OwnerID, s.Rule, s.Start = "", "", isms.Recurrence{}, isms.Date{}
		}, []string{"owner", "rule", "start", "title"}},
		{"a lead time beyond a year is refused", func(s *isms.Schedule) { s.LeadDays = 367 }, []string{"leadDays"}},
		{"a negative lead time is refused", func(s *isms.Schedule) { s.LeadDays = -1 }, []string{"leadDays"}},
		{"no lead time generates on the due day", func(s *isms.Schedule) { s.LeadDays = 0 }, []string{}},
		{"a half-made rule is refused", func(s *isms.Schedule) { s.Rule = isms.Recurrence{Every: 3} }, []string{"rule"}},
		{"a start in the distant past is refused", func(s *isms.Schedule) { s.Start = isms.NewDate(1990, 1, 1) }, []string{"start"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := quarterly(t, "2026-01-15", 30)
			tc.change(s)
			got := []string{}
			for f := range isms.ErrorFields(s.Validate()) {
				got = append(got, f)
			}
			slices.Sort(got)
			if diff := cmp.Diff(tc.fields, got); diff != "" {
				t.Errorf("Validate() fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSchedulePending(t *testing.T) {
	tests := []struct {
		name  string
		start string
		lead  int
		last  string // LastOccurrence
		today string
		want  []string
	}{
		{"a new schedule generates what falls due within the lead time", "2026-03-15", 30, "", "2026-03-02",
			[]string{"2026-03-15"}},
		{"nothing yet when the first occurrence is beyond the lead time", "2026-06-15", 30, "", "2026-03-02", []string{}},
		{"a start in the past catches up missed occurrences", "2025-09-15", 30, "", "2026-03-02",
			[]string{"2025-09-15", "2025-12-15", "2026-03-15"}},
		{"after the last generated occurrence", "2025-09-15", 30, "2025-12-15", "2026-03-20",
			[]string{"2026-03-15"}},
		{"nothing twice", "2025-09-15", 30, "2026-03-15", "2026-03-20", []string{}},
		{"a longer lead time reaches further", "2026-03-15", 100, "2026-03-15", "2026-03-20", []string{"2026-06-15"}},
		{"a last occurrence before a later start is ignored", "2026-03-15", 30, "2025-12-15", "2026-03-02", []string{"2026-03-15"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := quarterly(t, tc.start, tc.lead)
			if tc.last != "" {
				s.LastOccurrence = date(t, tc.last)
			}
			if diff := cmp.Diff(tc.want, dates(s.Pending(date(t, tc.today)))); diff != "" {
				t.Errorf("Pending(%s) mismatch (-want +got):\n%s", tc.today, diff)
			}
		})
	}
}

func TestScheduleMatches(t *testing.T) {
	s := quarterly(t, "2026-01-31", 30)
	for d, want := range map[string]bool{"2026-01-31": true, "2026-04-30": true, "2026-07-31": true, "2026-02-28": false,
		"2025-10-31": false, "2026-05-01": false} {
		if got := s.Matches(date(t, d)); got != want {
			t.Errorf("every 3 months from 2026-01-31: Matches(%s) = %v, want %v", d, got, want)
		}
	}
}

func TestScheduleUpdateApply(t *testing.T) {
	s := quarterly(t, "2026-01-15", 30)
	rule, start, lead := "every 6 months", "2026-02-01", 14
	p := isms.Problems{}
	c := isms.ScheduleUpdate{Rule: &rule, Start: &start, LeadDays: &lead}.Apply(s, p)
	want := isms.Changes{
		"rule":     {Before: "every 3 months", After: "every 6 months"},
		"start":    {Before: "2026-01-15", After: "2026-02-01"},
		"leadDays": {Before: 30, After: 14},
	}
	if diff := cmp.Diff(want, c); diff != "" || len(p) != 0 {
		t.Errorf("Apply() mismatch (-want +got):\n%s\nproblems %v", diff, p)
	}
	badRule, badStart := "whenever", "soon"
	c = isms.ScheduleUpdate{Rule: &badRule, Start: &badStart}.Apply(s, p)
	if len(c) != 0 || p["rule"] == "" || p["start"] == "" || s.Rule.String() != "every 6 months" {
		t.Errorf("Apply(bad rule and start) = %v, problems %v, rule %s; want no change and both problems", c, p, s.Rule)
	}
}

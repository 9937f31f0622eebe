// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func TestObjectiveValidate(t *testing.T) {
	measurable := "An objective must be measurable: link at least one metric (such as M-3), or say under evaluation how its results are evaluated."
	tests := []struct {
		name     string
		measured bool
		edit     func(o *isms.Objective)
		want     map[string]string
	}{
		{"an objective measured by a metric is valid", true, nil, nil},
		{"an objective evaluated in words is valid", false, func(o *isms.Objective) { o.Evaluation = "Quarterly review of the audit report." }, nil},
		{"an objective neither measured nor evaluated is refused", false, nil, map[string]string{"metrics": measurable}},
		{"spaces do not count as an evaluation", false, func(o *isms.Objective) { o.Evaluation = "  \n " }, map[string]string{"metrics": measurable}},
		{"the statement is required", true, func(o *isms.Objective) { o.Statement = " " },
			map[string]string{"statement": "Statement is required: say what the organization wants to achieve."}},
		{"a long statement is refused", true, func(o *isms.Objective) { o.Statement = strings.Repeat("s", 1001) },
			map[string]string{"statement": "Statement must be at most 1,000 characters."}},
		{"a statement of 1,000 characters is fine", true, func(o *isms.Objective) { o.Statement = strings.Repeat("é", 1000) }, nil},
		{"a long target is refused", true, func(o *isms.Objective) { o.Target = strings.Repeat("t", 201) },
			map[string]string{"target": "Target must be at most 200 characters."}},
		{"an unknown status is refused", true, func(o *isms.Objective) { o.Status = "done" },
			map[string]string{"status": "Status must be planned, in progress, achieved, not achieved or cancelled."}},
		{"the due date is required", true, func(o *isms.Objective) { o.DueOn = isms.Date{} },
			map[string]string{"dueOn": "Due date is required: say by when the objective is to be achieved."}},
		{"a cancelled objective needs no due date", true, func(o *isms.Objective) { o.DueOn, o.Status = isms.Date{}, isms.ObjectiveCancelled }, nil},
		{"a due date in 2200 is refused", true, func(o *isms.Objective) { o.DueOn = isms.NewDate(2200, time.January, 1) },
			map[string]string{"dueOn": "Due date must be between 2000 and 2199."}},
		{"long resources and evaluation are refused", true, func(o *isms.Objective) {
			o.Resources, o.Evaluation = strings.Repeat("r", 20001), strings.Repeat("e", 20001)
		}, map[string]string{"resources": "Resources must be at most 20,000 characters.", "evaluation": "Evaluation must be at most 20,000 characters."}},
		{"every problem at once", false, func(o *isms.Objective) { o.Statement, o.Status, o.DueOn = "", "", isms.Date{} }, map[string]string{
			"statement": "Statement is required: say what the organization wants to achieve.",
			"status":    "Status must be planned, in progress, achieved, not achieved or cancelled.",
			"dueOn":     "Due date is required: say by when the objective is to be achieved.",
			"metrics":   measurable,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &isms.Objective{Statement: "Patch critical vulnerabilities within 14 days", Target: "95% by 2027-06-30",
				Status: isms.ObjectiveInProgress, DueOn: isms.NewDate(2027, time.June, 30)}
			if tt.edit != nil {
				tt.edit(o)
			}
			if diff := cmp.Diff(tt.want, isms.ErrorFields(o.Validate(tt.measured))); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestObjectiveValidateTrims(t *testing.T) {
	o := &isms.Objective{Statement: " Train everyone ", Target: " 100% ", Resources: " 2 days ", Evaluation: " Survey ",
		Status: isms.ObjectivePlanned, DueOn: isms.NewDate(2026, time.December, 31)}
	if err := o.Validate(false); err != nil {
		t.Fatal(err)
	}
	if o.Statement != "Train everyone" || o.Target != "100%" || o.Resources != "2 days" || o.Evaluation != "Survey" {
		t.Errorf("not trimmed: %+v", o)
	}
}

func TestObjectiveOverdue(t *testing.T) {
	today := isms.NewDate(2026, time.March, 10)
	for _, c := range []struct {
		status isms.ObjectiveStatus
		due    isms.Date
		want   bool
	}{
		{isms.ObjectivePlanned, today.AddDays(-1), true},
		{isms.ObjectiveInProgress, today.AddDays(-30), true},
		{isms.ObjectiveInProgress, today, false},
		{isms.ObjectiveInProgress, today.AddDays(1), false},
		{isms.ObjectiveAchieved, today.AddDays(-1), false},
		{isms.ObjectiveNotAchieved, today.AddDays(-1), false},
		{isms.ObjectiveCancelled, today.AddDays(-1), false},
		{isms.ObjectiveCancelled, isms.Date{}, false},
	} {
		o := &isms.Objective{Status: c.status, DueOn: c.due}
		if got := o.Overdue(today); got != c.want {
			t.Errorf("Overdue(%s, due %s) = %v, want %v", c.status, c.due, got, c.want)
		}
	}
}

func TestProgressOf(t *testing.T) {
	const (
		on, warn, off, late, none = isms.MetricOnTarget, isms.MetricWarning, isms.MetricOffTarget, isms.MetricOverdue, isms.MetricNoData
	)
	for _, c := range []struct {
		states []isms.MetricState
		want   isms.ObjectiveProgress
	}{
		{nil, isms.ProgressUnknown},
		{[]isms.MetricState{on}, isms.ProgressOnTrack},
		{[]isms.MetricState{on, on, on}, isms.ProgressOnTrack},
		{[]isms.MetricState{none}, isms.ProgressUnknown},
		{[]isms.MetricState{on, none}, isms.ProgressUnknown},
		{[]isms.MetricState{on, warn}, isms.ProgressWatch},
		{[]isms.MetricState{none, warn}, isms.ProgressWatch},
		{[]isms.MetricState{on, off}, isms.ProgressAtRisk},
		{[]isms.MetricState{warn, late, on}, isms.ProgressAtRisk},
		{[]isms.MetricState{none, late}, isms.ProgressAtRisk},
		{[]isms.MetricState{"something new"}, isms.ProgressUnknown},
	} {
		if got := isms.ProgressOf(c.states); got != c.want {
			t.Errorf("ProgressOf(%v) = %s, want %s", c.states, got, c.want)
		}
	}
}

func TestObjectiveLabels(t *testing.T) {
	var got []string
	for _, s := range isms.ObjectiveStatuses {
		got = append(got, s.Label())
	}
	for _, p := range isms.ObjectiveProgresses {
		got = append(got, p.Label())
	}
	want := []string{"Planned", "In progress", "Achieved", "Not achieved", "Cancelled", "On track", "Needs attention", "At risk", "Unknown"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	for _, s := range isms.ObjectiveStatuses {
		if want := s == isms.ObjectivePlanned || s == isms.ObjectiveInProgress; s.Open() != want {
			t.Errorf("%s.Open() = %v", s, s.Open())
		}
	}
}

// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func TestNonconformityValidate(t *testing.T) {
	valid := func() *isms.Nonconformity {
		return &isms.Nonconformity{Ref: "NC-1", Title: " Access reviews skipped ", Description: "Two reviews missed.",
			Source: isms.NCInternalAudit, Grade: isms.NCMinor, DetectedOn: day(2026, 3, 2), Status: isms.NCOpen}
	}
	tests := []struct {
		name string
		edit func(n *isms.Nonconformity)
		want map[string]string
	}{
		{"a raised nonconformity is valid", func(n *isms.Nonconformity) {}, nil},
		{"title, description, source, grade, detection date and status are required",
			func(n *isms.Nonconformity) { *n = isms.Nonconformity{} },
			map[string]string{"title": "Title is required.",
				"description": "Describe the nonconformity: what was required, what was found, the evidence.",
				"source":      "Source must be internal_audit, external_audit, incident, management_review, monitoring, complaint or other.",
				"grade":       "Grade must be major or minor.",
				"detectedOn":  "Say when it was detected.",
				"status":      "Status must be open, in_action, verifying or closed."}},
		{"an observation is no nonconformity grade", func(n *isms.Nonconformity) { n.Grade = "observation" },
			map[string]string{"grade": "Grade must be major or minor."}},
		{"dates must be plausible", func(n *isms.Nonconformity) { n.DetectedOn, n.Deadline = day(1999, 12, 31), day(2300, 1, 1) },
			map[string]string{"detectedOn": "Detection date must be between 2000 and 2199.", "deadline": "Deadline must be between 2000 and 2199."}},
		{"the root cause method must be known", func(n *isms.Nonconformity) { n.RCAMethod = "guess" },
			map[string]string{"rcaMethod": "Method must be five_whys, cause_effect or other."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := valid()
			tt.edit(n)
			if diff := cmp.Diff(tt.want, isms.ErrorFields(n.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
	n := valid()
	if err := n.Validate(); err != nil || n.Title != "Access reviews skipped" {
		t.Errorf("Validate() = %v, title %q; want nil and the title trimmed", err, n.Title)
	}
}

func TestNonconformityReadyToCloseActions(t *testing.T) {
	done := isms.Step{On: day(2026, 3, 2), By: "usr_1"}
	tests := []struct {
		name            string
		correction, rca isms.Step
		want            bool
	}{
		{"nothing recorded", isms.Step{}, isms.Step{}, false},
		{"only the correction", done, isms.Step{}, false},
		{"only the root cause", isms.Step{}, done, false},
		{"correction and root cause", done, done, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := &isms.Nonconformity{CorrectionStep: tt.correction, RCAStep: tt.rca}
			if got := n.ReadyToCloseActions(); got != tt.want {
				t.Errorf("ReadyToCloseActions() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNonconformityAgeDays(t *testing.T) {
	tests := []struct {
		name     string
		status   isms.NCStatus
		closedOn isms.Date
		want     int
	}{
		{"an open one ages until today", isms.NCInAction, isms.Date{}, 40},
		{"a closed one stops ageing when it closed", isms.NCClosed, day(2026, 2, 1), 31},
		{"a closed one without a date ages until today", isms.NCClosed, isms.Date{}, 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := &isms.Nonconformity{DetectedOn: day(2026, 1, 1), Status: tt.status, ClosedOn: tt.closedOn}
			if got := n.AgeDays(day(2026, 2, 10)); got != tt.want {
				t.Errorf("AgeDays(2026-02-10) = %d, want %d", got, tt.want)
			}
		})
	}
}

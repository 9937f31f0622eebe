// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func TestImprovementValidate(t *testing.T) {
	valid := func() *isms.Improvement {
		return &isms.Improvement{Ref: "IMP-1", Title: " Use a checklist template ", Source: isms.ImpAudit, Status: isms.ImpProposed}
	}
	tests := []struct {
		name string
		edit func(im *isms.Improvement)
		want map[string]string
	}{
		{"a proposed opportunity is valid", func(im *isms.Improvement) {}, nil},
		{"title, source and status are required", func(im *isms.Improvement) { *im = isms.Improvement{} },
			map[string]string{"title": "Title is required.",
				"source": "Source must be audit, management_review, measurement, nonconformity or suggestion.",
				"status": "Status must be proposed, accepted, in_progress, done, rejected or deferred."}},
		{"rejecting needs a reason", func(im *isms.Improvement) { im.Status = isms.ImpRejected },
			map[string]string{"decisionReason": "Say why it is rejected."}},
		{"deferring needs a reason", func(im *isms.Improvement) { im.Status, im.DecisionReason = isms.ImpDeferred, "  " },
			map[string]string{"decisionReason": "Say why it is deferred."}},
		{"accepting needs none", func(im *isms.Improvement) { im.Status = isms.ImpAccepted }, nil},
		{"the due date must be plausible", func(im *isms.Improvement) { im.Due = day(2300, 1, 1) },
			map[string]string{"due": "Due date must be between 2000 and 2199."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			im := valid()
			tt.edit(im)
			if diff := cmp.Diff(tt.want, isms.ErrorFields(im.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
	im := valid()
	if err := im.Validate(); err != nil || im.Title != "Use a checklist template" {
		t.Errorf("Validate() = %v, title %q; want nil and the title trimmed", err, im.Title)
	}
}

func TestImprovementStatusRules(t *testing.T) {
	tests := []struct {
		s                                     isms.ImprovementStatus
		open, decidable, decision, actionable bool
	}{
		{isms.ImpProposed, true, true, false, false},
		{isms.ImpAccepted, true, false, true, true},
		{isms.ImpInProgress, true, false, false, true},
		{isms.ImpDone, false, false, false, false},
		{isms.ImpRejected, false, false, true, false},
		{isms.ImpDeferred, true, true, true, false},
	}
	for _, tt := range tests {
		if got := [4]bool{tt.s.Open(), tt.s.Decidable(), tt.s.Decision(), tt.s.Actionable()}; got != [4]bool{tt.open, tt.decidable, tt.decision, tt.actionable} {
			t.Errorf("%s: Open, Decidable, Decision, Actionable = %v; want %v", tt.s, got, [4]bool{tt.open, tt.decidable, tt.decision, tt.actionable})
		}
	}
}

func TestImprovementDecide(t *testing.T) {
	step := isms.Step{On: day(2026, 5, 4), By: "usr_1", ByName: "Bob Manager"}
	tests := []struct {
		name    string
		from    isms.ImprovementStatus
		to      isms.ImprovementStatus
		reason  string
		code    isms.Code
		message string
		fields  map[string]string
	}{
		{"accept a proposal", isms.ImpProposed, isms.ImpAccepted, "", "", "", nil},
		{"defer with a reason", isms.ImpProposed, isms.ImpDeferred, "After the audit.", "", "", nil},
		{"decide a deferred one again", isms.ImpDeferred, isms.ImpRejected, "Too costly.", "", "", nil},
		{"reject without a reason", isms.ImpProposed, isms.ImpRejected, " ", isms.Invalid, "",
			map[string]string{"decisionReason": "Say why it is rejected."}},
		{"not a decision", isms.ImpProposed, isms.ImpDone, "", isms.Invalid, "",
			map[string]string{"status": "Decide to accept, reject or defer."}},
		{"an accepted one is decided already", isms.ImpAccepted, isms.ImpRejected, "No.", isms.Conflict,
			"IMP-2 is accepted; only a proposed or deferred improvement is decided.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			im := &isms.Improvement{Ref: "IMP-2", Title: "SSO", Source: isms.ImpSuggestion, Status: tt.from}
			err := im.Decide(tt.to, tt.reason, step)
			if isms.ErrorCode(err) != tt.code || (tt.message != "" && isms.ErrorMessage(err) != tt.message) {
				t.Fatalf("Decide(%s) = %v; want code %q %q", tt.to, err, tt.code, tt.message)
			}
			if diff := cmp.Diff(tt.fields, isms.ErrorFields(err)); diff != "" {
				t.Errorf("Decide(%s) fields (-want +got):\n%s", tt.to, diff)
			}
			want := tt.to
			if err != nil {
				want = tt.from
			}
			if im.Status != want || (err == nil) != (im.DecisionStep == step) {
				t.Errorf("after Decide(%s): status %s, step %+v; want %s, the step only on success", tt.to, im.Status, im.DecisionStep, want)
			}
		})
	}
}

func TestImprovementComplete(t *testing.T) {
	im := &isms.Improvement{Ref: "IMP-1", Status: isms.ImpAccepted}
	if err := im.Complete(); isms.ErrorCode(err) != isms.Conflict ||
		isms.ErrorMessage(err) != "IMP-1 is accepted; only an improvement in progress can be completed." {
		t.Errorf("Complete() of an accepted one = %v; want the Conflict", err)
	}
	im.Status = isms.ImpInProgress
	if err := im.Complete(); err != nil || im.Status != isms.ImpDone {
		t.Errorf("Complete() = %v, status %s; want nil and done", err, im.Status)
	}
}

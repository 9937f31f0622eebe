// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func TestEvidenceRequestValidate(t *testing.T) {
	valid := func() *isms.EvidenceRequest {
		return &isms.EvidenceRequest{Title: " Access review records ", Detail: " The last two quarters. ",
			Requirement: isms.RequirementRef{ID: "req_1", Ref: "A.5.18"}, FrameworkID: "fw_1",
			DueOn: day(2026, 3, 31), OwnerID: "usr_1", Status: isms.RequestOpen, Round: 1}
	}
	tests := []struct {
		name string
		edit func(r *isms.EvidenceRequest)
		want map[string]string
	}{
		{"a request for a requirement is valid", func(r *isms.EvidenceRequest) {}, nil},
		{"a request for a control alone is valid", func(r *isms.EvidenceRequest) {
			r.Requirement, r.FrameworkID, r.ControlID = isms.RequirementRef{}, "", "ctl_1"
		}, nil},
		{"every status is valid", func(r *isms.EvidenceRequest) { r.Status = isms.RequestCancelled }, nil},
		{"an empty request names every problem", func(r *isms.EvidenceRequest) { *r = isms.EvidenceRequest{} },
			map[string]string{"title": "Title is required.",
				"requirement": "Name the requirement or the control the evidence is for.",
				"dueOn":       "Give the date the evidence is due.", "ownerId": "Choose who answers the request.",
				"status": "Status must be open, answered, accepted or cancelled."}},
		{"a title of spaces is no title", func(r *isms.EvidenceRequest) { r.Title = "   " },
			map[string]string{"title": "Title is required."}},
		{"a title is at most 200 characters", func(r *isms.EvidenceRequest) { r.Title = strings.Repeat("x", 201) },
			map[string]string{"title": "Title must be at most 200 characters."}},
		{"a detail is at most 20,000 characters", func(r *isms.EvidenceRequest) { r.Detail = strings.Repeat("x", 20001) },
			map[string]string{"detail": "Detail must be at most 20,000 characters."}},
		{"an unknown status is refused", func(r *isms.EvidenceRequest) { r.Status = "closed" },
			map[string]string{"status": "Status must be open, answered, accepted or cancelled."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid()
			tt.edit(r)
			got := isms.ErrorFields(r.Validate())
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
	r := valid()
	if err := r.Validate(); err != nil || r.Title != "Access review records" || r.Detail != "The last two quarters." {
		t.Errorf("Validate() = %v, title %q, detail %q; want nil and both trimmed", err, r.Title, r.Detail)
	}
}

func TestEvidenceRequestOverdue(t *testing.T) {
	today := day(2026, 3, 10)
	tests := []struct {
		name   string
		status isms.RequestStatus
		due    isms.Date
		want   bool
	}{
		{"an open request due yesterday is overdue", isms.RequestOpen, day(2026, 3, 9), true},
		{"an open request due today is not overdue yet", isms.RequestOpen, today, false},
		{"an open request due tomorrow is not overdue", isms.RequestOpen, day(2026, 3, 11), false},
		{"an answered request waits for the auditor, not the owner", isms.RequestAnswered, day(2026, 3, 1), false},
		{"an accepted request is never overdue", isms.RequestAccepted, day(2026, 3, 1), false},
		{"a cancelled request is never overdue", isms.RequestCancelled, day(2026, 3, 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &isms.EvidenceRequest{Status: tt.status, DueOn: tt.due}
			if got := r.Overdue(today); got != tt.want {
				t.Errorf("Overdue(%s) with status %s due %s = %v, want %v", today, tt.status, tt.due, got, tt.want)
			}
		})
	}
}

func TestRequestStatusLabel(t *testing.T) {
	want := map[isms.RequestStatus]string{isms.RequestOpen: "Open", isms.RequestAnswered: "Answered",
		isms.RequestAccepted: "Accepted", isms.RequestCancelled: "Cancelled", "other": "other"}
	for s, label := range want {
		if got := s.Label(); got != label {
			t.Errorf("RequestStatus(%q).Label() = %q, want %q", s, got, label)
		}
		if got, valid := s.Valid(), s != "other"; got != valid {
			t.Errorf("RequestStatus(%q).Valid() = %v, want %v", s, got, valid)
		}
	}
}

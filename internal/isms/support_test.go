// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func TestResourceValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(r *isms.Resource)
		want map[string]string
	}{
		{"a requested resource needs no approver", nil, nil},
		{"an approved resource with its approver is valid", func(r *isms.Resource) {
			r.Status, r.ApprovedBy, r.ApprovedOn = isms.ResourceApproved, "CEO", isms.NewDate(2026, time.January, 20)
		}, nil},
		{"title is required", func(r *isms.Resource) { r.Title = "  " }, map[string]string{"title": "Title is required."}},
		{"unknown kind and status are refused", func(r *isms.Resource) { r.Kind, r.Status = "money", "done" }, map[string]string{
			"kind":   "Kind must be people, budget, tool, infrastructure or external.",
			"status": "Status must be requested, approved, provided or rejected.",
		}},
		{"an approved resource needs its approver", func(r *isms.Resource) { r.Status = isms.ResourceApproved },
			map[string]string{"approvedBy": "Say who approved it."}},
		{"a provided resource needs its approver", func(r *isms.Resource) { r.Status, r.ApprovedBy = isms.ResourceProvided, "  " },
			map[string]string{"approvedBy": "Say who approved it."}},
		{"a rejected resource needs no approver", func(r *isms.Resource) { r.Status = isms.ResourceRejected }, nil},
		{"a long amount is refused", func(r *isms.Resource) { r.Amount = strings.Repeat("1", 201) },
			map[string]string{"amount": "Amount and approver must be at most 200 characters each."}},
		{"an approval date in 1999 is refused", func(r *isms.Resource) { r.ApprovedOn = isms.NewDate(1999, time.May, 1) },
			map[string]string{"approvedOn": "Approval date must be between 2000 and 2199."}},
		{"long notes are refused", func(r *isms.Resource) { r.Notes = strings.Repeat("n", 20001) },
			map[string]string{"notes": "Notes must be at most 20,000 characters."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &isms.Resource{Title: "SIEM licence", Kind: isms.ResourceTool, Amount: "EUR 12,000 a year", Status: isms.ResourceRequested}
			if tt.edit != nil {
				tt.edit(r)
			}
			if diff := cmp.Diff(tt.want, isms.ErrorFields(r.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestResourceValidateTrims(t *testing.T) {
	r := &isms.Resource{Title: " SIEM ", Kind: isms.ResourceTool, Status: isms.ResourceApproved, ApprovedBy: " CEO ", Amount: " 1 ", Notes: " n "}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	if r.Title != "SIEM" || r.ApprovedBy != "CEO" || r.Amount != "1" || r.Notes != "n" {
		t.Errorf("not trimmed: %+v", r)
	}
}

func TestCommunicationItemValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(c *isms.CommunicationItem)
		want map[string]string
	}{
		{"a complete item is valid", nil, nil},
		{"topic, audience, frequency and channel are required", func(c *isms.CommunicationItem) {
			c.Topic, c.Audience, c.Frequency, c.Channel = "", " ", "", "\t"
		}, map[string]string{
			"topic": "Topic is required.", "audience": "Audience is required.",
			"frequency": "When or how often is required.", "channel": "Channel is required.",
		}},
		{"a long topic is refused", func(c *isms.CommunicationItem) { c.Topic = strings.Repeat("t", 201) },
			map[string]string{"topic": "Topic must be at most 200 characters."}},
		{"long notes are refused", func(c *isms.CommunicationItem) { c.Notes = strings.Repeat("n", 20001) },
			map[string]string{"notes": "Notes must be at most 20,000 characters."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &isms.CommunicationItem{Topic: "Security newsletter", Audience: "All staff", Frequency: "Quarterly", Channel: "E-mail"}
			if tt.edit != nil {
				tt.edit(c)
			}
			if diff := cmp.Diff(tt.want, isms.ErrorFields(c.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

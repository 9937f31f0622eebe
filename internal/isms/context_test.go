// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func TestContextIssueValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(c *isms.ContextIssue)
		want map[string]string
	}{
		{"a complete issue is valid", nil, nil},
		{"a climate issue with a review date is valid", func(c *isms.ContextIssue) {
			c.Category, c.Climate, c.ReviewOn = isms.IssueEnvironmental, true, isms.NewDate(2026, time.September, 1)
		}, nil},
		{"title is required", func(c *isms.ContextIssue) { c.Title = " \t" }, map[string]string{"title": "Title is required."}},
		{"a long title is refused", func(c *isms.ContextIssue) { c.Title = strings.Repeat("t", 201) },
			map[string]string{"title": "Title must be at most 200 characters."}},
		{"kind, category and effect must be known", func(c *isms.ContextIssue) { c.Kind, c.Category, c.Effect = "inside", "weather", "" },
			map[string]string{
				"kind":     "Say whether the issue is internal or external.",
				"category": "Category must be political, economic, social, technological, legal, environmental, organizational or other.",
				"effect":   "Say whether the issue helps (positive) or hinders (negative) the ISMS.",
			}},
		{"a long description is refused", func(c *isms.ContextIssue) { c.Description = strings.Repeat("d", 20001) },
			map[string]string{"description": "Description must be at most 20,000 characters."}},
		{"a review date in 1990 is refused", func(c *isms.ContextIssue) { c.ReviewOn = isms.NewDate(1990, time.January, 1) },
			map[string]string{"reviewOn": "Review date must be between 2000 and 2199."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &isms.ContextIssue{Title: "New EU AI Act", Kind: isms.ContextExternal, Category: isms.IssueLegal,
				Effect: isms.EffectNegative, Description: "Obligations for the AI features we sell."}
			if tt.edit != nil {
				tt.edit(c)
			}
			if diff := cmp.Diff(tt.want, isms.ErrorFields(c.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestContextIssueTrimsAndReviewDue(t *testing.T) {
	c := &isms.ContextIssue{Title: "  Hybrid work ", Kind: isms.ContextInternal, Category: isms.IssueOrganizational,
		Effect: isms.EffectPositive, Description: " More laptops leave the office. "}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Title != "Hybrid work" || c.Description != "More laptops leave the office." {
		t.Errorf("not trimmed: %q, %q", c.Title, c.Description)
	}
	today := isms.NewDate(2026, time.March, 2)
	for _, tt := range []struct {
		review isms.Date
		want   bool
	}{{isms.Date{}, false}, {today, false}, {today.AddDays(-1), true}, {today.AddDays(30), false}} {
		c.ReviewOn = tt.review
		if got := c.ReviewDue(today); got != tt.want {
			t.Errorf("ReviewDue with review on %q = %v, want %v", tt.review, got, tt.want)
		}
	}
}

func TestInterestedPartyValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *isms.InterestedParty)
		want map[string]string
	}{
		{"a complete party is valid", nil, nil},
		{"name is required", func(p *isms.InterestedParty) { p.Name = "" }, map[string]string{"name": "Name is required."}},
		{"kind and category must be known", func(p *isms.InterestedParty) { p.Kind, p.Category = "both", "friend" },
			map[string]string{
				"kind":     "Say whether the party is internal or external.",
				"category": "Category must be customer, regulator, employee, supplier, shareholder, partner, authority, public or other.",
			}},
		{"a long contact is refused", func(p *isms.InterestedParty) { p.Contact = strings.Repeat("c", 201) },
			map[string]string{"contact": "Contact must be at most 200 characters."}},
		{"a long description is refused", func(p *isms.InterestedParty) { p.Description = strings.Repeat("d", 20001) },
			map[string]string{"description": "Description must be at most 20,000 characters."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &isms.InterestedParty{Name: "Customers", Kind: isms.ContextExternal, Category: isms.PartyCustomer,
				Contact: "Key account managers"}
			if tt.edit != nil {
				tt.edit(p)
			}
			if diff := cmp.Diff(tt.want, isms.ErrorFields(p.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPartyRequirementValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(q *isms.PartyRequirement)
		want map[string]string
	}{
		{"an addressed requirement needs no explanation", nil, nil},
		{"a requirement not addressed says why", func(q *isms.PartyRequirement) {
			q.Addressed, q.How = false, "The contract ended in 2025."
		}, nil},
		{"a requirement not addressed without a reason is refused", func(q *isms.PartyRequirement) { q.Addressed, q.How = false, "  " },
			map[string]string{"how": "Say why the ISMS does not address this requirement."}},
		{"title and type are required", func(q *isms.PartyRequirement) { q.Title, q.Type = "", "moral" },
			map[string]string{"title": "Title is required.", "type": "Type must be legal, regulatory, contractual or other."}},
		{"a long source is refused", func(q *isms.PartyRequirement) { q.Source = strings.Repeat("s", 201) },
			map[string]string{"source": "Source must be at most 200 characters."}},
		{"a long how is refused", func(q *isms.PartyRequirement) { q.How = strings.Repeat("h", 20001) },
			map[string]string{"how": "How must be at most 20,000 characters."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := &isms.PartyRequirement{Title: "Report personal data breaches within 72 hours", Type: isms.RequirementLegal,
				Source: "GDPR Art. 33", Addressed: true}
			if tt.edit != nil {
				tt.edit(q)
			}
			if diff := cmp.Diff(tt.want, isms.ErrorFields(q.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestContextLabels(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{isms.ContextExternal.Label(), "External"},
		{isms.IssueLegal.Label(), "Legal and regulatory"},
		{isms.IssueEnvironmental.Label(), "Environmental"},
		{isms.EffectNegative.Label(), "Hinders"},
		{isms.PartyAuthority.Label(), "Authority or law enforcement"},
		{isms.PartyCustomer.Label(), "Customer"},
		{isms.RequirementContractual.Label(), "Contractual"},
	} {
		if tt.got != tt.want {
			t.Errorf("label %q, want %q", tt.got, tt.want)
		}
	}
	if len(isms.IssueCategories) != 8 || len(isms.PartyCategories) != 9 || len(isms.RequirementTypes) != 4 {
		t.Errorf("lists: %d categories of issues, %d of parties, %d types", len(isms.IssueCategories), len(isms.PartyCategories), len(isms.RequirementTypes))
	}
}

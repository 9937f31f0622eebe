// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func TestCampaignValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(c *isms.Campaign)
		want map[string]string
	}{
		{"a complete campaign is valid", nil, nil},
		{"roles alone are an audience", func(c *isms.Campaign) {
			c.Audience = isms.Audience{Roles: []isms.Role{isms.RoleEmployee}}
		}, nil},
		{"named people alone are an audience", func(c *isms.Campaign) { c.Audience = isms.Audience{People: []isms.ID{"usr_1"}} }, nil},
		{"title, documents, audience and due date are required", func(c *isms.Campaign) {
			c.Title, c.Documents, c.Audience, c.Due = "", nil, isms.Audience{}, isms.Date{}
		}, map[string]string{
			"title":     "Title is required.",
			"documents": "Choose at least one approved document to acknowledge.",
			"audience":  "Say who must acknowledge: everyone, roles or named people.",
			"due":       "Due date is required.",
		}},
		{"an unknown role is refused", func(c *isms.Campaign) { c.Audience = isms.Audience{Roles: []isms.Role{"staff"}} },
			map[string]string{"audience": "Audience roles must be roles of the organization."}},
		{"a due date in 2200 is refused", func(c *isms.Campaign) { c.Due = isms.NewDate(2200, time.January, 1) },
			map[string]string{"due": "Due date must be between 2000 and 2199."}},
		{"a long description is refused", func(c *isms.Campaign) { c.Description = strings.Repeat("x", 20001) },
			map[string]string{"description": "Description must be at most 20,000 characters."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &isms.Campaign{Title: "Annual policy read", Documents: []isms.ID{"doc_1"}, Audience: isms.Audience{Everyone: true},
				Due: isms.NewDate(2026, time.July, 1)}
			if tt.edit != nil {
				tt.edit(c)
			}
			if diff := cmp.Diff(tt.want, isms.ErrorFields(c.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCampaignNormalize(t *testing.T) {
	c := &isms.Campaign{Title: " Read ", Description: "\tplease\n"}
	c.Normalize()
	if c.Title != "Read" || c.Description != "please" {
		t.Errorf("not trimmed: %q %q", c.Title, c.Description)
	}
}

func TestCampaignPercent(t *testing.T) {
	for _, tt := range []struct{ expected, acknowledged, want int }{
		{0, 0, 0}, {0, 3, 0}, {4, 0, 0}, {4, 2, 50}, {3, 2, 66}, {3, 3, 100}, {2, 3, 100}, {200, 1, 0},
	} {
		c := &isms.Campaign{Expected: tt.expected, Acknowledged: tt.acknowledged}
		if got := c.Percent(); got != tt.want {
			t.Errorf("%d of %d: Percent = %d, want %d", tt.acknowledged, tt.expected, got, tt.want)
		}
	}
}

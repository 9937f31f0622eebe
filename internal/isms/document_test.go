// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

// testDocument returns a valid document.
func testDocument() *isms.Document {
	return &isms.Document{ID: "doc_1", Ref: "DOC-1", Title: "Information security policy", Type: isms.DocPolicy,
		OwnerID: "usr_1", Classification: isms.ClassInternal, Audience: isms.Audience{Everyone: true},
		ReviewMonths: 12, NextReview: isms.NewDate(2027, time.March, 1), Clauses: []string{"5.2"}}
}

func TestDocumentValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(d *isms.Document)
		want map[string]string
	}{
		{"a complete document is valid", nil, nil},
		{"an external document with its source is valid", func(d *isms.Document) {
			d.External, d.Source, d.ExternalVersion, d.Type = true, "EU GDPR (Regulation 2016/679)", "2016", isms.DocOther
		}, nil},
		{"no review interval and no date is fine", func(d *isms.Document) { d.ReviewMonths, d.NextReview = 0, isms.Date{} }, nil},
		{"reference, title and owner are required", func(d *isms.Document) { d.Ref, d.Title, d.OwnerID = "", " ", "" }, map[string]string{
			"ref": "Reference is required, such as DOC-3.", "title": "Title is required.", "owner": "Choose who owns the document.",
		}},
		{"a reference with a space is refused", func(d *isms.Document) { d.Ref = "DOC 1" },
			map[string]string{"ref": "Reference must be at most 40 characters, without spaces."}},
		{"a reference of 41 characters is refused", func(d *isms.Document) { d.Ref = strings.Repeat("D", 41) },
			map[string]string{"ref": "Reference must be at most 40 characters, without spaces."}},
		{"a title of 201 characters is refused", func(d *isms.Document) { d.Title = strings.Repeat("t", 201) },
			map[string]string{"title": "Title must be at most 200 characters."}},
		{"a long description is refused", func(d *isms.Document) { d.Description = strings.Repeat("x", 20001) },
			map[string]string{"description": "Description must be at most 20,000 characters."}},
		{"unknown type and classification are refused", func(d *isms.Document) { d.Type, d.Classification = "memo", "secret" }, map[string]string{
			"type":           "Type must be policy, topic-specific policy, procedure, standard, plan, record, report or other.",
			"classification": "Classification must be public, internal, confidential or restricted.",
		}},
		{"an unknown audience role is refused", func(d *isms.Document) {
			d.Audience = isms.Audience{Roles: []isms.Role{isms.RoleEmployee, "intern"}}
		}, map[string]string{"audience": "Audience roles must be roles of the organization."}},
		{"a review interval beyond 60 months is refused", func(d *isms.Document) { d.ReviewMonths = 61 },
			map[string]string{"reviewMonths": "Review interval must be between 0 (none) and 60 months."}},
		{"a negative review interval is refused", func(d *isms.Document) { d.ReviewMonths = -1 },
			map[string]string{"reviewMonths": "Review interval must be between 0 (none) and 60 months."}},
		{"a review date in 1999 is refused", func(d *isms.Document) { d.NextReview = isms.NewDate(1999, time.January, 1) },
			map[string]string{"nextReview": "Next review must be between 2000 and 2199."}},
		{"an external document needs its source", func(d *isms.Document) { d.External = true },
			map[string]string{"source": "Say where an external document comes from (the law, standard or supplier)."}},
		{"a long external version is refused", func(d *isms.Document) {
			d.External, d.Source, d.ExternalVersion = true, "ISO", strings.Repeat("v", 201)
		},
			map[string]string{"source": "Source and external version must be at most 200 characters each."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testDocument()
			if tt.edit != nil {
				tt.edit(d)
			}
			err := d.Validate()
			if diff := cmp.Diff(tt.want, isms.ErrorFields(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if (err == nil) != (tt.want == nil) {
				t.Errorf("Validate = %v", err)
			}
		})
	}
}

func TestDocumentNormalize(t *testing.T) {
	d := &isms.Document{Ref: " DOC-1 ", Title: "\tPolicy\n", Description: " d ", Source: " EU ", ExternalVersion: " 2016 ", Clauses: []string{" 5.2 ", "A.5.1"}}
	d.Normalize()
	got := []any{d.Ref, d.Title, d.Description, d.Source, d.ExternalVersion, d.Clauses}
	want := []any{"DOC-1", "Policy", "d", "EU", "2016", []string{"5.2", "A.5.1"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}
}

func TestDocumentReviewOverdue(t *testing.T) {
	today := isms.NewDate(2026, time.June, 10)
	tests := []struct {
		name    string
		next    isms.Date
		retired bool
		want    bool
	}{
		{"due yesterday", today.AddDays(-1), false, true},
		{"due today is not yet overdue", today, false, false},
		{"due tomorrow", today.AddDays(1), false, false},
		{"no review date", isms.Date{}, false, false},
		{"a retired document is never overdue", today.AddDays(-30), true, false},
	}
	for _, tt := range tests {
		d := &isms.Document{NextReview: tt.next, Retired: tt.retired}
		if got := d.ReviewOverdue(today); got != tt.want {
			t.Errorf("%s: ReviewOverdue = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestAudienceIncludes(t *testing.T) {
	tests := []struct {
		name     string
		audience isms.Audience
		role     isms.Role
		user     isms.ID
		want     bool
	}{
		{"everyone includes an employee", isms.Audience{Everyone: true}, isms.RoleEmployee, "usr_9", true},
		{"a named role includes its members", isms.Audience{Roles: []isms.Role{isms.RoleContributor, isms.RoleEmployee}}, isms.RoleEmployee, "usr_9", true},
		{"a named role leaves out others", isms.Audience{Roles: []isms.Role{isms.RoleContributor}}, isms.RoleEmployee, "usr_9", false},
		{"a named person is included whatever the role", isms.Audience{People: []isms.ID{"usr_1", "usr_9"}}, isms.RoleEmployee, "usr_9", true},
		{"another person is not", isms.Audience{People: []isms.ID{"usr_1"}}, isms.RoleEmployee, "usr_9", false},
		{"an empty audience includes nobody", isms.Audience{}, isms.RoleAdmin, "usr_1", false},
		{"an empty user ID matches no named person", isms.Audience{People: []isms.ID{"usr_1"}}, isms.RoleViewer, "", false},
	}
	for _, tt := range tests {
		if got := tt.audience.Includes(tt.role, tt.user); got != tt.want {
			t.Errorf("%s: Includes = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestDocumentLabels(t *testing.T) {
	for typ, want := range map[isms.DocumentType]string{
		isms.DocPolicy: "Policy", isms.DocTopicPolicy: "Topic-specific policy", isms.DocProcedure: "Procedure", "": "",
	} {
		if got := typ.Label(); got != want {
			t.Errorf("%q.Label() = %q, want %q", typ, got, want)
		}
	}
	for s, want := range map[isms.VersionStatus]string{
		isms.VersionDraft: "Draft", isms.VersionInReview: "In review", isms.VersionSuperseded: "Superseded", "": "",
	} {
		if got := s.Label(); got != want {
			t.Errorf("%q.Label() = %q, want %q", s, got, want)
		}
	}
	for _, typ := range isms.DocumentTypes {
		if !typ.Valid() {
			t.Errorf("%q is listed but not valid", typ)
		}
	}
	if isms.DocumentType("memo").Valid() {
		t.Errorf("an unknown type is valid")
	}
}

// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func TestCommitmentValidate(t *testing.T) {
	today := isms.NewDate(2026, time.March, 2)
	tests := []struct {
		name string
		edit func(c *isms.Commitment)
		want map[string]string
	}{
		{"a complete record is valid", nil, nil},
		{"a record of today is valid", func(c *isms.Commitment) { c.MadeOn = today }, nil},
		{"title, kind and who made it are required", func(c *isms.Commitment) { c.Title, c.Kind, c.MadeBy = " ", "", "" },
			map[string]string{"title": "Title is required.", "madeBy": "Made by is required.",
				"kind": "Kind must be decision, resource, communication, review or other."}},
		{"the date is required", func(c *isms.Commitment) { c.MadeOn = isms.Date{} },
			map[string]string{"madeOn": "Date is required: the day the commitment was made."}},
		{"a date in the future is refused", func(c *isms.Commitment) { c.MadeOn = today.AddDays(1) },
			map[string]string{"madeOn": "Date must not be in the future: record a commitment once it is made."}},
		{"a date in 1999 is refused", func(c *isms.Commitment) { c.MadeOn = isms.NewDate(1999, time.December, 31) },
			map[string]string{"madeOn": "Date must be between 2000 and 2199."}},
		{"a long description is refused", func(c *isms.Commitment) { c.Description = strings.Repeat("d", 20001) },
			map[string]string{"description": "Description must be at most 20,000 characters."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &isms.Commitment{MadeOn: isms.NewDate(2026, time.February, 10), Kind: isms.CommitmentResource,
				Title: " ISMS budget approved ", MadeBy: "Board"}
			if tt.edit != nil {
				tt.edit(c)
			}
			got := isms.ErrorFields(c.Validate(today))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if tt.want == nil && c.Title != "ISMS budget approved" {
				t.Errorf("title = %q, want it trimmed", c.Title)
			}
		})
	}
}

func TestCommitmentKinds(t *testing.T) {
	for _, k := range isms.CommitmentKinds {
		if !k.Valid() || k.Label() == "" || k.Label() == string(k) {
			t.Errorf("kind %q: valid %v, label %q", k, k.Valid(), k.Label())
		}
	}
	if isms.CommitmentKind("promise").Valid() {
		t.Error("an unknown kind is valid")
	}
}

func TestISMSRoleValidate(t *testing.T) {
	r := &isms.ISMSRole{Name: "  ISMS   manager ", Responsibilities: " Runs the ISMS "}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	if r.Name != "ISMS manager" || r.Responsibilities != "Runs the ISMS" {
		t.Errorf("role = %q, %q; want spaces tidied", r.Name, r.Responsibilities)
	}
	bad := &isms.ISMSRole{Name: "Owner; auditor", AppointedBy: strings.Repeat("b", 201), AppointedOn: isms.NewDate(1990, time.May, 1)}
	want := map[string]string{
		"name":        "Name may not hold commas or semicolons, which separate roles in the people register.",
		"appointedBy": "Appointed by must be at most 200 characters.",
		"appointedOn": "Appointment date must be between 2000 and 2199.",
	}
	if diff := cmp.Diff(want, isms.ErrorFields(bad.Validate())); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if got := isms.ErrorFields((&isms.ISMSRole{}).Validate()); got["name"] != "Name is required." {
		t.Errorf("an unnamed role: %v", got)
	}
	if !r.HeldBy([]string{"Internal auditor", " isms MANAGER"}) || r.HeldBy([]string{"ISMS managers"}) {
		t.Error("HeldBy compares whole names without case")
	}
}

func TestParseRACILetters(t *testing.T) {
	for in, want := range map[string]string{"": "", "-": "", "—": "", "r": "R", "A": "A", "ar": "RA", "R+A": "RA",
		"i, c": "CI", "ICAR": "RACI", " a / r ": "RA"} {
		got, err := isms.ParseRACILetters(in)
		if err != nil || got != want {
			t.Errorf("ParseRACILetters(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"RR", "X", "R-A", "accountable"} {
		if _, err := isms.ParseRACILetters(in); isms.ErrorCode(err) != isms.Invalid {
			t.Errorf("ParseRACILetters(%q) = %v, want Invalid", in, err)
		}
	}
}

func TestRACIRowAccountable(t *testing.T) {
	for _, tt := range []struct {
		letters map[isms.ID]string
		want    string
	}{
		{map[isms.ID]string{}, "No role is accountable"},
		{map[isms.ID]string{"a": "R", "b": "CI"}, "No role is accountable"},
		{map[isms.ID]string{"a": "RA", "b": "C"}, ""},
		{map[isms.ID]string{"a": "A", "b": "RA"}, "More than one role is accountable"},
	} {
		if got := (isms.RACIRow{Letters: tt.letters}).AccountableProblem(); got != tt.want {
			t.Errorf("AccountableProblem(%v) = %q, want %q", tt.letters, got, tt.want)
		}
	}
}

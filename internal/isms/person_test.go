// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func TestPersonValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *isms.Person)
		want map[string]string
	}{
		{"a complete person is valid", nil, nil},
		{"a person without e-mail is valid", func(p *isms.Person) { p.Email = "" }, nil},
		{"a name is required", func(p *isms.Person) { p.Name = "" }, map[string]string{"name": "Name is required."}},
		{"a bad e-mail is refused", func(p *isms.Person) { p.Email = "ana at example" },
			map[string]string{"email": "Enter an e-mail address such as name@example.com."}},
		{"long department and role are refused", func(p *isms.Person) {
			p.Department, p.Roles = strings.Repeat("d", 201), []string{strings.Repeat("r", 201)}
		}, map[string]string{"department": "Department must be at most 200 characters.", "roles": "Each role must be at most 200 characters."}},
		{"a start date in 1990 is refused", func(p *isms.Person) { p.StartDate = isms.NewDate(1990, time.May, 1) },
			map[string]string{"startDate": "Start date must be between 2000 and 2199."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &isms.Person{Name: "Ana Silva", Email: "ana@example.com", Department: "IT", Roles: []string{"ISMS manager"},
				StartDate: isms.NewDate(2021, time.April, 1), Active: true}
			if tt.edit != nil {
				tt.edit(p)
			}
			if diff := cmp.Diff(tt.want, isms.ErrorFields(p.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPersonNormalize(t *testing.T) {
	p := &isms.Person{Name: " Ana ", Email: " Ana@Example.COM ", Department: " IT ", Roles: []string{" Internal auditor", "", "internal AUDITOR ", "ISMS manager"}}
	p.Normalize()
	got := []any{p.Name, p.Email, p.Department, p.Roles}
	want := []any{"Ana", "ana@example.com", "IT", []string{"Internal auditor", "ISMS manager"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}
	empty := &isms.Person{Name: "Ben"}
	empty.Normalize()
	if len(empty.Roles) != 0 {
		t.Errorf("roles = %q", empty.Roles)
	}
}

func TestCompetenceRequirementValidate(t *testing.T) {
	ok := &isms.CompetenceRequirement{Role: "Internal auditor", Skill: "Lead auditor course"}
	if err := ok.Validate(); err != nil {
		t.Errorf("Validate = %v", err)
	}
	bad := &isms.CompetenceRequirement{Description: strings.Repeat("x", 20001)}
	want := map[string]string{"role": "Role is required.", "skill": "Competence is required.", "description": "Description must be at most 20,000 characters."}
	if diff := cmp.Diff(want, isms.ErrorFields(bad.Validate())); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestTrainingRecordValidate(t *testing.T) {
	done := isms.NewDate(2025, time.March, 3)
	tests := []struct {
		name string
		edit func(r *isms.TrainingRecord)
		want map[string]string
	}{
		{"a record without expiry is valid", nil, nil},
		{"an expiry after completion is valid", func(r *isms.TrainingRecord) { r.ExpiresOn = done.AddDate(3, 0, 0) }, nil},
		{"course and completion are required", func(r *isms.TrainingRecord) { r.Course, r.CompletedOn = "", isms.Date{} },
			map[string]string{"course": "Course is required.", "completedOn": "Completion date is required."}},
		{"a completion in 1999 is refused", func(r *isms.TrainingRecord) { r.CompletedOn = isms.NewDate(1999, time.June, 1) },
			map[string]string{"completedOn": "Completion date must be between 2000 and 2199."}},
		{"an expiry on the completion day is refused", func(r *isms.TrainingRecord) { r.ExpiresOn = done },
			map[string]string{"expiresOn": "Expiry must be after the completion date."}},
		{"an expiry before completion is refused", func(r *isms.TrainingRecord) { r.ExpiresOn = done.AddDays(-1) },
			map[string]string{"expiresOn": "Expiry must be after the completion date."}},
		{"long notes are refused", func(r *isms.TrainingRecord) { r.Notes = strings.Repeat("n", 20001) },
			map[string]string{"notes": "Notes must be at most 20,000 characters."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &isms.TrainingRecord{PersonID: "per_1", Course: "Security awareness", CompletedOn: done}
			if tt.edit != nil {
				tt.edit(r)
			}
			if diff := cmp.Diff(tt.want, isms.ErrorFields(r.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTrainingRecordValid(t *testing.T) {
	today := isms.NewDate(2026, time.June, 10)
	tests := []struct {
		name              string
		completed, expiry isms.Date
		valid, expired    bool
	}{
		{"no expiry", today.AddDate(-5, 0, 0), isms.Date{}, true, false},
		{"expires tomorrow", today.AddDate(-1, 0, 0), today.AddDays(1), true, false},
		{"expires today", today.AddDate(-1, 0, 0), today, false, true},
		{"expired yesterday", today.AddDate(-1, 0, 0), today.AddDays(-1), false, true},
		{"completed today", today, isms.Date{}, true, false},
		{"completed next week does not count yet", today.AddDays(7), today.AddDate(1, 0, 0), false, false},
	}
	for _, tt := range tests {
		r := &isms.TrainingRecord{CompletedOn: tt.completed, ExpiresOn: tt.expiry}
		if got := r.Valid(today); got != tt.valid {
			t.Errorf("%s: Valid = %v, want %v", tt.name, got, tt.valid)
		}
		if got := r.Expired(today); got != tt.expired {
			t.Errorf("%s: Expired = %v, want %v", tt.name, got, tt.expired)
		}
	}
}

// gapKey names a gap for comparison: "person/requirement", with
// "(expired YYYY-MM-DD)" when it has expired.
func gapKeys(gaps []isms.CompetenceGap) []string {
	var out []string
	for _, g := range gaps {
		k := string(g.Person.ID) + "/" + string(g.Requirement.ID)
		if g.Expired {
			k += " (expired " + g.ExpiredOn.String() + ")"
		}
		out = append(out, k)
	}
	return out
}

func TestCompetenceGaps(t *testing.T) {
	today := isms.NewDate(2026, time.June, 10)
	past, future := today.AddDate(-1, 0, 0), today.AddDate(1, 0, 0)
	reqs := []*isms.CompetenceRequirement{
		{ID: "creq_audit", Role: "Internal auditor", Skill: "Lead auditor course"},
		{ID: "creq_ethics", Role: "internal auditor", Skill: "Audit ethics"},
		{ID: "creq_risk", Role: "ISMS manager", Skill: "Risk management"},
		{ID: "creq_aware", Role: "Staff", Skill: "Security awareness"},
	}
	people := []*isms.Person{
		{ID: "per_ana", Name: "Ana", Roles: []string{"ISMS manager", "INTERNAL AUDITOR"}, Active: true},
		{ID: "per_ben", Name: "Ben", Roles: []string{"Staff"}, Active: true},
		{ID: "per_cai", Name: "Cai", Roles: []string{"Staff", "staff"}, Active: true},
		{ID: "per_dee", Name: "Dee", Roles: []string{"Internal auditor"}, Active: false},
		{ID: "per_eve", Name: "Eve", Roles: []string{"Visitor"}, Active: true},
		{ID: "per_fay", Name: "Fay", Roles: []string{"Staff"}, Active: true},
	}
	records := []*isms.TrainingRecord{
		// Ana: audit course valid; ethics expired twice (the later expiry is shown); risk missing.
		{PersonID: "per_ana", RequirementID: "creq_audit", CompletedOn: past, ExpiresOn: future},
		{PersonID: "per_ana", RequirementID: "creq_ethics", CompletedOn: past.AddDate(-3, 0, 0), ExpiresOn: past.AddDate(-1, 0, 0)},
		{PersonID: "per_ana", RequirementID: "creq_ethics", CompletedOn: past.AddDate(-1, 0, 0), ExpiresOn: today.AddDays(-2)},
		// Ben: an expired record and a renewed one: no gap.
		{PersonID: "per_ben", RequirementID: "creq_aware", CompletedOn: past.AddDate(-1, 0, 0), ExpiresOn: past},
		{PersonID: "per_ben", RequirementID: "creq_aware", CompletedOn: past, ExpiresOn: future},
		// Cai: a record without requirement does not count; the repeated role gives one gap.
		{PersonID: "per_cai", Course: "Security awareness", CompletedOn: past},
		// Fay: booked for next week, which does not count yet and is no expiry.
		{PersonID: "per_fay", RequirementID: "creq_aware", CompletedOn: today.AddDays(7), ExpiresOn: future},
		// Someone else's record does not count for Fay.
		{PersonID: "per_ben", RequirementID: "creq_risk", CompletedOn: past},
	}
	got := gapKeys(isms.CompetenceGaps(people, reqs, records, today))
	want := []string{
		"per_ana/creq_risk",
		"per_ana/creq_ethics (expired 2026-06-08)",
		"per_cai/creq_aware",
		"per_fay/creq_aware",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("gaps (-want +got):\n%s", diff)
	}
	if gaps := isms.CompetenceGaps(people, nil, records, today); len(gaps) != 0 {
		t.Errorf("without requirements there are no gaps: %v", gapKeys(gaps))
	}
}

// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

func day(y int, m time.Month, d int) isms.Date { return isms.NewDate(y, m, d) }

func TestAuditProgrammeValidate(t *testing.T) {
	valid := func() *isms.AuditProgramme {
		return &isms.AuditProgramme{Title: " Programme 2025–2027 ", FrameworkID: "fw_1", Start: day(2025, 1, 1), End: day(2027, 12, 31)}
	}
	tests := []struct {
		name string
		edit func(p *isms.AuditProgramme)
		want map[string]string
	}{
		{"a three-year programme is valid", func(p *isms.AuditProgramme) {}, nil},
		{"a title, framework and dates are required", func(p *isms.AuditProgramme) { *p = isms.AuditProgramme{} },
			map[string]string{"title": "Title is required.", "framework": "Choose the framework the programme covers.",
				"start": "Start date is required.", "end": "End date is required."}},
		{"the end must follow the start", func(p *isms.AuditProgramme) { p.End = p.Start },
			map[string]string{"end": "End date must be after the start date."}},
		{"a programme spans at most six years", func(p *isms.AuditProgramme) { p.End = day(2031, 1, 2) },
			map[string]string{"end": "A programme spans at most 6 years; plan the next cycle as a new programme."}},
		{"dates must be plausible", func(p *isms.AuditProgramme) { p.Start = day(1999, 1, 1) },
			map[string]string{"start": "Start date must be between 2000 and 2199."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valid()
			tt.edit(p)
			got := isms.ErrorFields(p.Validate())
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
	p := valid()
	if err := p.Validate(); err != nil || p.Title != "Programme 2025–2027" {
		t.Errorf("Validate() = %v, title %q; want nil and the title trimmed", err, p.Title)
	}
}

func TestAuditProgrammeYears(t *testing.T) {
	tests := []struct {
		name       string
		start, end isms.Date
		want       int
	}{
		{"three calendar years", day(2025, 1, 1), day(2027, 12, 31), 3},
		{"a day into a fourth year counts it", day(2025, 1, 1), day(2028, 1, 1), 4},
		{"one year from mid-year", day(2025, 7, 1), day(2026, 6, 30), 1},
		{"a short period is one year", day(2025, 3, 1), day(2025, 3, 31), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &isms.AuditProgramme{Start: tt.start, End: tt.end}
			if got := p.Years(); got != tt.want {
				t.Errorf("Years() of %s to %s = %d, want %d", tt.start, tt.end, got, tt.want)
			}
		})
	}
}

func TestAuditProgrammeYearOf(t *testing.T) {
	p := &isms.AuditProgramme{Start: day(2025, 4, 1), End: day(2028, 3, 31)}
	tests := []struct {
		name string
		d    isms.Date
		want int
	}{
		{"the first day is year 1", day(2025, 4, 1), 1},
		{"the day before the anniversary is year 1", day(2026, 3, 31), 1},
		{"the anniversary starts year 2", day(2026, 4, 1), 2},
		{"the last day is year 3", day(2028, 3, 31), 3},
		{"before the period is 0", day(2025, 3, 31), 0},
		{"after the period is 0", day(2028, 4, 1), 0},
		{"no date is 0", isms.Date{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.YearOf(tt.d); got != tt.want {
				t.Errorf("YearOf(%s) = %d, want %d", tt.d, got, tt.want)
			}
		})
	}
}

func TestAuditStatusCanMove(t *testing.T) {
	allowed := map[[2]isms.AuditStatus]bool{
		{isms.AuditPlanned, isms.AuditInProgress}:  true,
		{isms.AuditInProgress, isms.AuditReported}: true,
		{isms.AuditInProgress, isms.AuditPlanned}:  true,
		{isms.AuditReported, isms.AuditClosed}:     true,
		{isms.AuditReported, isms.AuditInProgress}: true,
	}
	for _, from := range isms.AuditStatuses {
		for _, to := range append(isms.AuditStatuses, "cancelled") {
			want := allowed[[2]isms.AuditStatus{from, to}]
			if got := from.CanMove(to); got != want {
				t.Errorf("%s.CanMove(%s) = %v, want %v", from, to, got, want)
			}
		}
	}
}

func TestInternalAuditValidate(t *testing.T) {
	valid := func() *isms.InternalAudit {
		return &isms.InternalAudit{Title: "Access control", Criteria: "ISO/IEC 27001:2022", ProgrammeID: "prog_1", LeadID: "usr_1",
			PlannedStart: day(2025, 5, 5), PlannedEnd: day(2025, 5, 9), Status: isms.AuditPlanned}
	}
	tests := []struct {
		name string
		edit func(a *isms.InternalAudit)
		want map[string]string
	}{
		{"a planned audit is valid", func(a *isms.InternalAudit) {}, nil},
		{"a one-day audit is valid", func(a *isms.InternalAudit) { a.PlannedEnd = a.PlannedStart }, nil},
		{"criteria, programme, lead and dates are required", func(a *isms.InternalAudit) {
			*a = isms.InternalAudit{Title: "x", Status: isms.AuditPlanned}
		}, map[string]string{
			"criteria":     "Say what the audit checks against, such as the standard and the policies that apply.",
			"programme":    "Choose the programme the audit belongs to.",
			"lead":         "Choose the lead auditor.",
			"plannedStart": "Start date is required.",
			"plannedEnd":   "End date is required.",
		}},
		{"the end cannot precede the start", func(a *isms.InternalAudit) { a.PlannedEnd = day(2025, 5, 4) },
			map[string]string{"plannedEnd": "End date must be on or after the start date."}},
		{"an unknown status", func(a *isms.InternalAudit) { a.Status = "done" },
			map[string]string{"status": "Status must be planned, in_progress, reported or closed."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			tt.edit(a)
			if diff := cmp.Diff(tt.want, isms.ErrorFields(a.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInternalAuditAuditors(t *testing.T) {
	a := &isms.InternalAudit{LeadID: "usr_lead", TeamIDs: []isms.ID{"usr_b", "usr_lead", "usr_c", "usr_b", ""}}
	if diff := cmp.Diff([]isms.ID{"usr_lead", "usr_b", "usr_c"}, a.Auditors()); diff != "" {
		t.Errorf("Auditors() (-want +got):\n%s", diff)
	}
	if !a.OnTeam("usr_c") || !a.OnTeam("usr_lead") || a.OnTeam("usr_x") {
		t.Errorf("OnTeam: usr_c %v, usr_lead %v, usr_x %v; want true, true, false", a.OnTeam("usr_c"), a.OnTeam("usr_lead"), a.OnTeam("usr_x"))
	}
}

func TestUnresolved(t *testing.T) {
	control := isms.IndependenceConflict{UserID: "usr_dana", Record: isms.Link{Type: "control", ID: "ctl_4"}}
	process := isms.IndependenceConflict{UserID: "usr_dana", Record: isms.Link{Type: "isms_process", ID: "proc_2"}}
	other := isms.IndependenceConflict{UserID: "usr_eve", Record: isms.Link{Type: "control", ID: "ctl_4"}}
	conflicts := []isms.IndependenceConflict{control, process, other}
	if got := control.Key(); got != "usr_dana:control:ctl_4" {
		t.Errorf("Key() = %q, want usr_dana:control:ctl_4", got)
	}
	tests := []struct {
		name      string
		overrides []isms.IndependenceOverride
		want      []isms.IndependenceConflict
	}{
		{"no override leaves every conflict", nil, conflicts},
		{"an override accepts its conflict only", []isms.IndependenceOverride{{UserID: "usr_dana", Record: control.Record}},
			[]isms.IndependenceConflict{process, other}},
		{"an override of another record accepts nothing", []isms.IndependenceOverride{{UserID: "usr_dana", Record: isms.Link{Type: "control", ID: "ctl_9"}}},
			conflicts},
		{"all accepted", []isms.IndependenceOverride{{UserID: "usr_dana", Record: control.Record},
			{UserID: "usr_dana", Record: process.Record}, {UserID: "usr_eve", Record: other.Record}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, isms.Unresolved(conflicts, tt.overrides)); diff != "" {
				t.Errorf("Unresolved() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAuditItemValidate(t *testing.T) {
	tests := []struct {
		name string
		item isms.AuditItem
		want map[string]string
	}{
		{"an open item is valid", isms.AuditItem{}, nil},
		{"conforming without notes is valid", isms.AuditItem{Result: isms.ItemConforming}, nil},
		{"a nonconformity needs notes", isms.AuditItem{Result: isms.ItemNonconforming, Notes: "  "},
			map[string]string{"notes": "Say what does not conform: the notes are the evidence of the nonconformity."}},
		{"an unknown result", isms.AuditItem{Result: "passed"},
			map[string]string{"result": "Result must be conforming, nonconforming, observation or not_audited."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, isms.ErrorFields(tt.item.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAuditFindingValidate(t *testing.T) {
	req := []isms.RequirementRef{{ID: "req_1", Ref: "A.5.18"}}
	tests := []struct {
		name    string
		finding isms.AuditFinding
		want    map[string]string
	}{
		{"a minor nonconformity with requirement and description", isms.AuditFinding{Grade: isms.FindingMinor, Title: "Reviews late",
			Description: "Two quarterly reviews were skipped.", Requirements: req}, nil},
		{"an opportunity needs no requirement", isms.AuditFinding{Grade: isms.FindingOFI, Title: "Automate reviews"}, nil},
		{"a nonconformity names a requirement and is described", isms.AuditFinding{Grade: isms.FindingMajor, Title: "No reviews"},
			map[string]string{"requirements": "Name the requirement the nonconformity does not meet.",
				"description": "Describe the nonconformity: what was required, what was found, the evidence seen."}},
		{"a grade is required", isms.AuditFinding{Title: "x"},
			map[string]string{"grade": "Grade must be major, minor, observation or ofi."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, isms.ErrorFields(tt.finding.Validate())); diff != "" {
				t.Errorf("Validate() fields (-want +got):\n%s", diff)
			}
		})
	}
	for _, g := range isms.FindingGrades {
		if want := g == isms.FindingMajor || g == isms.FindingMinor; g.Nonconformity() != want || strings.HasPrefix(g.Label(), string(g)) {
			t.Errorf("%s: Nonconformity() = %v, want %v; Label() = %q, want words", g, g.Nonconformity(), want, g.Label())
		}
	}
}

// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

func TestScopeValidate(t *testing.T) {
	s := &isms.Scope{Statement: "  ", Units: []string{strings.Repeat("x", 201)},
		Interfaces: []isms.ScopeInterface{{Party: "Group HR", Description: "Payroll"}, {Party: "", Description: "Hosting"}},
		Exclusions: []isms.ScopeExclusion{{Item: "Canteen", Justification: "No information handled"}, {Item: "Physical archive"}}}
	s.Normalize()
	err := s.Validate()
	got := isms.ErrorFields(err)
	for _, f := range []string{"statement", "units", "interfaces[1].party", "exclusions[1].justification"} {
		if got[f] == "" {
			t.Errorf("no problem on %s; problems: %v", f, got)
		}
	}
	if len(got) != 4 {
		t.Errorf("problems = %v, want exactly 4", got)
	}
	if !strings.Contains(got["exclusions[1].justification"], "Exclusion 2") {
		t.Errorf("exclusion problem %q does not name its row", got["exclusions[1].justification"])
	}

	ok := &isms.Scope{Statement: "The ISMS of Acme covering its cloud platform.", Units: isms.SplitLines("Engineering\r\n\n  Operations \n"),
		Exclusions: []isms.ScopeExclusion{{Item: " Canteen ", Justification: " No information handled "}}}
	ok.Normalize()
	if err := ok.Validate(); err != nil {
		t.Fatalf("Validate(valid) = %v", err)
	}
	if want := []string{"Engineering", "Operations"}; !reflect.DeepEqual(ok.Units, want) {
		t.Errorf("units = %q, want %q", ok.Units, want)
	}
	if ok.Exclusions[0].Item != "Canteen" || ok.Locations == nil || ok.Interfaces == nil {
		t.Errorf("normalized = %+v, want trimmed rows and empty (not nil) lists", ok)
	}
}

func TestScopeApprovalContentAndText(t *testing.T) {
	s := &isms.Scope{Number: 2, Statement: "Acme cloud platform", Units: []string{"Engineering"},
		Interfaces: []isms.ScopeInterface{{Party: "Cloud provider", Description: "Hosting"}},
		Exclusions: []isms.ScopeExclusion{{Item: "Canteen", Justification: "No information"}}}
	s.Normalize()
	var c map[string]any
	if err := json.Unmarshal(s.ApprovalContent(), &c); err != nil {
		t.Fatal(err)
	}
	if c["number"] != float64(2) || c["statement"] != "Acme cloud platform" || c["locations"] == nil {
		t.Errorf("approval content = %v", c)
	}
	again := s.NextDraft(3)
	again.Number = 2
	if string(again.ApprovalContent()) != string(s.ApprovalContent()) {
		t.Error("a copy of the version does not give the same approval content")
	}
	text := s.Text()
	for _, want := range []string{"Scope statement\n  Acme cloud platform\n", "- Engineering\n", "Locations\n  (none)\n",
		"- Cloud provider: Hosting\n", "- Canteen (excluded because: No information)\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if s.VersionLabel() != "v2" {
		t.Errorf("label = %q", s.VersionLabel())
	}
}

func TestParseClauses(t *testing.T) {
	got, bad := isms.ParseClauses([]string{"9.2", "clause 6.1.2", "10.1", "6.1.2", "§ 4.4", "11.1", "4", "A.5.1", ""})
	if want := []string{"4.4", "6.1.2", "9.2", "10.1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("clauses = %q, want %q", got, want)
	}
	if want := []string{"11.1", "4", "A.5.1"}; !reflect.DeepEqual(bad, want) {
		t.Errorf("bad = %q, want %q", bad, want)
	}
	for c, col := range map[string]string{"6.1.2": "6.1", "9.3.3": "9.3", "10.2": "10.2", "6.4": "", "6.1.4": ""} {
		if got := isms.ClauseColumn(c); got != col {
			t.Errorf("ClauseColumn(%s) = %q, want %q", c, got, col)
		}
	}
	p := &isms.ISMSProcess{Name: " Risk management ", Clauses: []string{"6.1.2", "8.2"}}
	if err := p.Validate(); err != nil || p.Name != "Risk management" {
		t.Errorf("Validate = %v, name %q", err, p.Name)
	}
	if !p.Serves("6.1") || !p.Serves("8.2") || p.Serves("6.2") {
		t.Errorf("Serves is wrong for %v", p.Clauses)
	}
	p.Clauses, p.Name = []string{"12.1"}, ""
	if f := isms.ErrorFields(p.Validate()); f["name"] == "" || f["clauses"] == "" {
		t.Errorf("problems = %v, want name and clauses", f)
	}
}

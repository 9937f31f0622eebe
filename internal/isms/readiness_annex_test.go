// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// annex returns an applicable Annex A control ref carried out by
// controls (listed as the findings list them), evidenced of which have
// evidence and current of which have current evidence.
func annex(ref string, evidenced, current int, controls ...isms.ID) isms.AnnexControl {
	return isms.AnnexControl{RequirementID: isms.ID("rq_" + ref), Ref: ref, Title: "Control " + ref,
		Controls: recs("control", controls...), Evidenced: evidenced, Current: current}
}

// annexFacts returns facts with the Annex A part a.
func annexFacts(a isms.AnnexFacts) isms.Facts { return isms.Facts{AnnexFacts: a} }

// annexOK is an applicable A.5.9 and A.5.31 with everything in place.
var annexOK = isms.AnnexFacts{AnnexControls: []isms.AnnexControl{annex("A.5.9", 1, 1, "ctl_1"), annex("A.5.31", 1, 1, "ctl_2")},
	Assets: 4}

// annexNoSoA is facts without an SoA: no Annex A control is applicable.
var annexNoSoA = nothingCase{name: "no SoA"}

func TestAnnexRulesAreWellFormed(t *testing.T) {
	broken := isms.Facts{Today: factDay, AnnexFacts: isms.AnnexFacts{AnnexControls: []isms.AnnexControl{
		annex("A.5.9", 0, 0), annex("A.5.31", 0, 0, "ctl_1"), annex("A.8.15", 2, 0, "ctl_2", "ctl_3")}}}
	owners := isms.Facts{Today: factDay, AnnexFacts: annexOK}
	owners.AssetsWithoutOwner = recs("asset", "as_1")
	checkAreaRules(t, []string{"annex."}, isms.Facts{Today: factDay}, broken, owners)
	for _, r := range isms.ReadinessRules() {
		if strings.HasPrefix(r.ID, "annex.") && r.Clause != isms.AnnexAClause {
			t.Errorf("rule %s has clause %q, want %q", r.ID, r.Clause, isms.AnnexAClause)
		}
	}
}

// annexClauses returns the clauses of the findings of rule id over f.
func annexClauses(t *testing.T, id string, f isms.Facts) []string {
	t.Helper()
	rule, ok := findRule(id)
	if !ok {
		t.Fatalf("no readiness rule %q", id)
	}
	var out []string
	for _, x := range rule.Check(&f) {
		out = append(out, x.Clause)
	}
	return out
}

func TestRuleAnnexEvidence(t *testing.T) {
	gap := annexFacts(isms.AnnexFacts{AnnexControls: []isms.AnnexControl{annex("A.5.15", 1, 1, "ctl_1"),
		annex("A.8.15", 0, 0, "ctl_2", "ctl_3"), annex("A.5.7", 0, 0)}})
	checkNothingToCheck(t, "annex.evidence", annexNoSoA, nothingCase{name: "no applicable control carried out by a control",
		facts: annexFacts(isms.AnnexFacts{AnnexControls: []isms.AnnexControl{annex("A.5.7", 0, 0)}})})
	checkFactCases(t, "annex.evidence", []factCase{
		{name: "controls without evidence fire, listing them", facts: gap, fire: true, records: []isms.ID{"ctl_2", "ctl_3"},
			message: "None of the controls carrying out A.8.15 has evidence linked"},
		{name: "evidenced controls pass, beside one no control carries out", facts: annexFacts(isms.AnnexFacts{
			AnnexControls: []isms.AnnexControl{annex("A.5.7", 0, 0), annex("A.8.15", 1, 1, "ctl_1")}})},
		{name: "evidenced controls pass", facts: annexFacts(annexOK)},
	})
	rule, _ := findRule("annex.evidence")
	if got := rule.Check(&gap); len(got) != 1 || got[0].Clause != "A.8.15" || got[0].Fix != "/controls/ctl_2" {
		t.Errorf("annex.evidence = %+v, want one finding on A.8.15 fixed on the first control's page", got)
	}
}

func TestRuleAnnexEvidenceCurrent(t *testing.T) {
	stale := annexFacts(isms.AnnexFacts{AnnexControls: []isms.AnnexControl{annex("A.8.13", 2, 0, "ctl_4", "ctl_5"),
		annex("A.8.15", 2, 1, "ctl_2", "ctl_3")}})
	checkNothingToCheck(t, "annex.evidence_current", annexNoSoA, nothingCase{name: "no evidence at all (annex.evidence fires)",
		facts: annexFacts(isms.AnnexFacts{AnnexControls: []isms.AnnexControl{annex("A.8.15", 0, 0, "ctl_2")}})})
	checkFactCases(t, "annex.evidence_current", []factCase{
		{name: "only expired evidence fires", facts: stale, fire: true, records: []isms.ID{"ctl_4", "ctl_5"},
			message: "The evidence of the controls carrying out A.8.13 has all expired"},
		{name: "some current evidence passes", facts: annexFacts(annexOK)},
	})
	if got := annexClauses(t, "annex.evidence_current", stale); !slices.Equal(got, []string{"A.8.13"}) {
		t.Errorf("annex.evidence_current clauses = %v, want [A.8.13]", got)
	}
}

func TestRuleAnnexAssetInventory(t *testing.T) {
	empty := annexOK
	empty.Assets = 0
	notApplicable := empty
	notApplicable.AnnexControls = []isms.AnnexControl{annex("A.5.31", 1, 1, "ctl_2")}
	checkNothingToCheck(t, "annex.asset_inventory", annexNoSoA, nothingCase{name: "A.5.9 not applicable", facts: annexFacts(notApplicable)})
	checkFactCases(t, "annex.asset_inventory", []factCase{
		{name: "A.5.9 applicable with no asset fires", facts: annexFacts(empty), fire: true,
			message: "A.5.9 is applicable, but the asset inventory is empty"},
		{name: "assets recorded pass", facts: annexFacts(annexOK)},
	})
	if got := annexClauses(t, "annex.asset_inventory", annexFacts(empty)); !slices.Equal(got, []string{"A.5.9"}) {
		t.Errorf("annex.asset_inventory clauses = %v, want [A.5.9]", got)
	}
}

func TestRuleAnnexAssetOwners(t *testing.T) {
	unowned := annexOK
	unowned.AssetsWithoutOwner = recs("asset", "as_1", "as_2")
	notApplicable := unowned
	notApplicable.AnnexControls = []isms.AnnexControl{annex("A.5.31", 1, 1, "ctl_2")}
	noAsset := annexOK
	noAsset.Assets = 0
	checkNothingToCheck(t, "annex.asset_owners", annexNoSoA, nothingCase{name: "A.5.9 not applicable", facts: annexFacts(notApplicable)},
		nothingCase{name: "no asset (annex.asset_inventory fires)", facts: annexFacts(noAsset)})
	checkFactCases(t, "annex.asset_owners", []factCase{
		{name: "assets without owner fire", facts: annexFacts(unowned), fire: true, records: []isms.ID{"as_1", "as_2"},
			message: "2 assets in the inventory have no owner"},
		{name: "owned assets pass", facts: annexFacts(annexOK)},
	})
	if got := annexClauses(t, "annex.asset_owners", annexFacts(unowned)); !slices.Equal(got, []string{"A.5.9"}) {
		t.Errorf("annex.asset_owners clauses = %v, want [A.5.9]", got)
	}
}

func TestAnnexFindingsAreCapped(t *testing.T) {
	var cs []isms.AnnexControl
	for i := 1; i <= 35; i++ {
		cs = append(cs, annex(fmt.Sprintf("A.8.%d", i), 0, 0, isms.ID(fmt.Sprintf("ctl_%d", i))))
	}
	f := annexFacts(isms.AnnexFacts{AnnexControls: cs})
	rule, _ := findRule("annex.evidence")
	got := rule.Check(&f)
	if len(got) != isms.MaxAnnexFindings+1 {
		t.Fatalf("annex.evidence gave %d findings, want %d", len(got), isms.MaxAnnexFindings+1)
	}
	last := got[len(got)-1]
	if last.Clause != "" || last.Fix != "/soa" || len(last.Records) != isms.MaxFindingRecords || last.More != 5 ||
		last.Records[0].ID != "rq_A.8.11" || !strings.Contains(last.Message, "25 more applicable Annex A controls have no evidence") {
		t.Errorf("annex.evidence's last finding = %+v, want the 25 others counted, 20 listed from A.8.11, on /soa", last)
	}
	if got[0].Clause != "A.8.1" || got[isms.MaxAnnexFindings-1].Clause != "A.8.10" {
		t.Errorf("annex.evidence's findings run from %s to %s, want A.8.1 to A.8.10", got[0].Clause, got[isms.MaxAnnexFindings-1].Clause)
	}
	r := isms.Evaluate(&isms.Facts{AnnexFacts: f.AnnexFacts}, []isms.Rule{rule}, at)
	summary := slices.IndexFunc(r.Findings, func(x isms.Finding) bool { return x.Clause == isms.AnnexAClause })
	if r.Warnings != isms.MaxAnnexFindings+1 || summary < 0 {
		t.Errorf("Evaluate = %d warnings, summary at %d; want %d and the summary under %q", r.Warnings, summary,
			isms.MaxAnnexFindings+1, isms.AnnexAClause)
	}
}

func TestAnnexControlsToList(t *testing.T) {
	var cs []isms.AnnexControl
	for i := 1; i <= 12; i++ {
		cs = append(cs, annex(fmt.Sprintf("A.5.%d", i), 0, 0, "ctl_1"))
	}
	cs = append(cs, annex("A.8.1", 1, 0, "ctl_2"), annex("A.8.2", 1, 1, "ctl_3"), annex("A.8.3", 0, 0))
	got := isms.AnnexControlsToList(cs)
	want := []isms.ID{"rq_A.5.1", "rq_A.5.2", "rq_A.5.3", "rq_A.5.4", "rq_A.5.5", "rq_A.5.6", "rq_A.5.7", "rq_A.5.8",
		"rq_A.5.9", "rq_A.5.10", "rq_A.8.1"}
	if !slices.Equal(got, want) {
		t.Errorf("AnnexControlsToList = %v, want %v", got, want)
	}
}

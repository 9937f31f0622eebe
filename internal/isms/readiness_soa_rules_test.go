// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// The tests of the Statement of Applicability's rules (6.1.3 c, d).

// soaWith returns the ready facts with the SoA facts changed by change.
func soaWith(change func(s *isms.SoAFacts)) isms.Facts {
	return riskWith(func(r *isms.RiskFacts) { change(&r.SoAFacts) })
}

// draftOnlySoA is an SoA whose only version is draft v1.
func draftOnlySoA(s *isms.SoAFacts) {
	*s = isms.SoAFacts{SoAFrameworkLoaded: true, SoADraft: soaV1, SoAChecked: soaV1, SoALines: 93}
}

func TestRuleSoAFramework(t *testing.T) {
	checkRuleCases(t, "soa.framework", []factCase{
		{name: "no ISO/IEC 27001:2022 fires", facts: isms.Facts{}, fire: true, message: "ISO/IEC 27001:2022 is not among"},
		{name: "the framework loaded passes", facts: riskReady},
	})
}

func TestRuleSoAExists(t *testing.T) {
	checkRuleCases(t, "soa.exists", []factCase{
		{name: "no version fires", facts: soaWith(func(s *isms.SoAFacts) { *s = isms.SoAFacts{SoAFrameworkLoaded: true} }),
			fire: true, message: "There is no Statement of Applicability"},
		{name: "a draft passes", facts: soaWith(draftOnlySoA)},
		{name: "an approved version passes", facts: riskReady},
		{name: "no framework is not applicable (soa.framework fires)", facts: isms.Facts{}, na: true},
	})
}

func TestRuleSoAApproved(t *testing.T) {
	checkRuleCases(t, "soa.approved", []factCase{
		{name: "a draft only fires and names it", facts: soaWith(draftOnlySoA), fire: true, records: []isms.ID{"soa_1"},
			message: "draft v1 is not approved yet"},
		{name: "an approved version passes", facts: riskReady},
		{name: "an approved version and a newer draft pass", facts: soaWith(func(s *isms.SoAFacts) { s.SoADraft = soaV2 })},
		{name: "no SoA is not applicable (soa.exists fires)", facts: soaWith(func(s *isms.SoAFacts) { *s = isms.SoAFacts{SoAFrameworkLoaded: true} }), na: true},
	})
}

func TestRuleSoADecided(t *testing.T) {
	checkRuleCases(t, "soa.decided", []factCase{
		{name: "lines awaiting a decision fire", facts: soaWith(func(s *isms.SoAFacts) {
			s.SoAUndecided = recs("requirement", "req_a51", "req_a52")
		}), fire: true, records: []isms.ID{"req_a51", "req_a52"}, message: "In SoA v1, 2 controls await a decision"},
		{name: "lines of the approved version call for a new version", facts: soaWith(func(s *isms.SoAFacts) {
			s.SoAUndecided = recs("requirement", "req_a51")
		}), fire: true, records: []isms.ID{"req_a51"}, message: "v1 is approved and cannot change: correct it in a new version"},
		{name: "lines of a draft fire too", facts: soaWith(func(s *isms.SoAFacts) {
			draftOnlySoA(s)
			s.SoAUndecided = recs("requirement", "req_a51")
		}), fire: true, records: []isms.ID{"req_a51"}, message: "In SoA v1, 1 control awaits a decision, applicable or not. The statement must cover every Annex A control (6.1.3 d)."},
		{name: "every line decided passes", facts: riskReady},
		{name: "no SoA is not applicable", facts: soaWith(func(s *isms.SoAFacts) { *s = isms.SoAFacts{SoAFrameworkLoaded: true} }), na: true},
	})
}

func TestRuleSoAExclusionsJustified(t *testing.T) {
	checkRuleCases(t, "soa.exclusions_justified", []factCase{
		{name: "an unjustified exclusion fires", facts: soaWith(func(s *isms.SoAFacts) {
			s.SoAExclusionsUnjustified = recs("requirement", "req_a76")
		}), fire: true, records: []isms.ID{"req_a76"}, message: "1 control is excluded without a justification"},
		{name: "justified exclusions pass", facts: riskReady},
		{name: "no SoA is not applicable", facts: soaWith(func(s *isms.SoAFacts) { *s = isms.SoAFacts{SoAFrameworkLoaded: true} }), na: true},
	})
}

func TestRuleSoAExcludedTreated(t *testing.T) {
	checkRuleCases(t, "soa.excluded_treated", []factCase{
		{name: "an exclusion a treatment plan relies on fires", facts: soaWith(func(s *isms.SoAFacts) {
			s.SoAExcludedButTreated = recs("requirement", "req_a813")
		}), fire: true, records: []isms.ID{"req_a813"}, message: "excluded although the treatment plan of an open risk relies on"},
		{name: "exclusions no plan uses pass", facts: riskReady},
		{name: "no SoA is not applicable", facts: soaWith(func(s *isms.SoAFacts) { *s = isms.SoAFacts{SoAFrameworkLoaded: true} }), na: true},
	})
}

func TestRuleSoAInclusionsJustified(t *testing.T) {
	checkRuleCases(t, "soa.inclusions_justified", []factCase{
		{name: "applicable lines without a source fire", facts: soaWith(func(s *isms.SoAFacts) {
			s.SoAInclusionsWithoutSource = recs("requirement", "req_a51", "req_a59", "req_a815")
		}), fire: true, records: []isms.ID{"req_a51", "req_a59", "req_a815"}, message: "3 controls are applicable without a justification"},
		{name: "justified inclusions pass", facts: riskReady},
		{name: "no SoA is not applicable", facts: soaWith(func(s *isms.SoAFacts) { *s = isms.SoAFacts{SoAFrameworkLoaded: true} }), na: true},
	})
}

func TestRuleSoAApplicableControlled(t *testing.T) {
	checkRuleCases(t, "soa.applicable_controlled", []factCase{
		{name: "applicable lines without a control fire", facts: soaWith(func(s *isms.SoAFacts) {
			s.SoAApplicableWithoutControl = recs("requirement", "req_a512")
		}), fire: true, records: []isms.ID{"req_a512"}, message: "no control of the organization carries it out"},
		{name: "controlled lines pass", facts: riskReady},
		{name: "no SoA is not applicable", facts: soaWith(func(s *isms.SoAFacts) { *s = isms.SoAFacts{SoAFrameworkLoaded: true} }), na: true},
	})
}

func TestRuleSoAImplementedClaims(t *testing.T) {
	checkRuleCases(t, "soa.implemented_claims", []factCase{
		{name: "an implemented line without an implemented control fires", facts: soaWith(func(s *isms.SoAFacts) {
			s.SoAImplementedWithoutControl = recs("requirement", "req_a88")
		}), fire: true, records: []isms.ID{"req_a88"}, message: "1 control is marked implemented while none of its linked controls is"},
		{name: "implemented lines with implemented controls pass", facts: riskReady},
		{name: "no SoA is not applicable", facts: soaWith(func(s *isms.SoAFacts) { *s = isms.SoAFacts{SoAFrameworkLoaded: true} }), na: true},
	})
}

func TestRuleSoADraftPending(t *testing.T) {
	checkRuleCases(t, "soa.draft_pending", []factCase{
		{name: "a draft that changes lines fires", facts: soaWith(func(s *isms.SoAFacts) {
			s.SoADraft, s.SoADraftEdited = soaV2, recs("requirement", "req_a813", "req_a816")
		}), fire: true, records: []isms.ID{"req_a813", "req_a816"}, message: "Draft v2 changes 2 lines"},
		{name: "a draft without changes passes", facts: soaWith(func(s *isms.SoAFacts) { s.SoADraft = soaV2 })},
		{name: "no draft passes", facts: riskReady},
		{name: "a draft without an approved version is not applicable (soa.approved fires)", facts: soaWith(draftOnlySoA), na: true},
	})
}

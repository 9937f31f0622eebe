// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

// at is the time of the checks in these tests.
var at = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// clauseScore returns the score of clause c in r.
func clauseScore(t *testing.T, r *isms.Readiness, c string) isms.ClauseScore {
	t.Helper()
	for _, s := range r.Clauses {
		if s.Clause == c {
			return s
		}
	}
	t.Fatalf("no score for clause %s", c)
	return isms.ClauseScore{}
}

func TestEvaluateWithoutRules(t *testing.T) {
	r := isms.Evaluate(&isms.Facts{People: 12}, nil, at)
	if r.Score != 100 || r.Rules != 0 || r.Size != isms.OrgSmall || !r.At.Equal(at) || r.Findings == nil || len(r.Findings) != 0 {
		t.Errorf("Evaluate without rules = %+v, want score 100 for a small organization and an empty list", r)
	}
	if len(r.Clauses) != len(isms.ISMSClauses)+1 || r.Clauses[len(r.Clauses)-1].Clause != isms.AnnexAClause {
		t.Errorf("Evaluate gives %d clause scores, want one per clause and Annex A last", len(r.Clauses))
	}
	for _, c := range r.Clauses {
		if c.Score != 100 || c.Title == "" {
			t.Errorf("clause %s = %+v, want 100 with a title", c.Clause, c)
		}
	}
}

func TestEvaluateWeighsSeverities(t *testing.T) {
	rules := []isms.Rule{
		firing("context.issues", "4.1", isms.SeverityBlocker, "/context-issues"), // 10 lost
		passing("context.issue_kinds", "4.1", isms.SeverityWarning),              // 3 kept
		firing("policy.hint", "5.2", isms.SeverityHint, "/documents"),            // 1 lost
		firing("risk.owners", "6.1.2", isms.SeverityWarning, "/risks"),           // 3 lost, counts to 6.1
		passing("risk.identified", "6.1.2", isms.SeverityBlocker),                // 10 kept
	}
	r := isms.Evaluate(&isms.Facts{}, rules, at)
	// kept 13 of 27 → 48; 4.1 kept 3 of 13 → 23; 6.1 kept 10 of 13 → 76.
	if r.Score != 48 || r.Blockers != 1 || r.Warnings != 1 || r.Hints != 1 || r.Rules != 5 {
		t.Errorf("Evaluate = score %d, %d blockers, %d warnings, %d hints, %d rules; want 48, 1, 1, 1, 5",
			r.Score, r.Blockers, r.Warnings, r.Hints, r.Rules)
	}
	want := map[string]isms.ClauseScore{
		"4.1": {Clause: "4.1", Title: "Organization and its context", Score: 23, Applicable: 2, Blockers: 1},
		"5.2": {Clause: "5.2", Title: "Policy", Score: 0, Applicable: 1, Hints: 1},
		"6.1": {Clause: "6.1", Title: "Risks and opportunities", Score: 76, Applicable: 2, Warnings: 1},
		"4.2": {Clause: "4.2", Title: "Interested parties", Score: 100},
	}
	for c, w := range want {
		if diff := cmp.Diff(w, clauseScore(t, r, c)); diff != "" {
			t.Errorf("clause %s (-want +got):\n%s", c, diff)
		}
	}
}

func TestEvaluateFillsFindings(t *testing.T) {
	annex := isms.Rule{ID: "annex.evidence", Clause: isms.AnnexAClause, Severity: isms.SeverityWarning, Checks: "Controls have evidence.",
		Check: func(*isms.Facts) []isms.Finding {
			return []isms.Finding{{Clause: "A.8.15", Message: "Logging has no evidence.", Fix: "/controls"},
				{Clause: "A.5.9", Message: "The inventory has no evidence.", Fix: "/controls"}}
		}}
	r := isms.Evaluate(&isms.Facts{}, []isms.Rule{annex, firing("scope.approved", "4.3", isms.SeverityBlocker, "/scope/edit")}, at)
	want := []isms.Finding{
		{Rule: "scope.approved", Clause: "4.3", Severity: isms.SeverityBlocker, Message: "scope.approved fired.", Records: []isms.RecordRef{}, Fix: "/scope/edit"},
		{Rule: "annex.evidence", Clause: "A.5.9", Severity: isms.SeverityWarning, Message: "The inventory has no evidence.", Records: []isms.RecordRef{}, Fix: "/controls"},
		{Rule: "annex.evidence", Clause: "A.8.15", Severity: isms.SeverityWarning, Message: "Logging has no evidence.", Records: []isms.RecordRef{}, Fix: "/controls"},
	}
	if diff := cmp.Diff(want, r.Findings); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if a := clauseScore(t, r, isms.AnnexAClause); a.Warnings != 2 || a.Score != 0 {
		t.Errorf("Annex A = %+v, want both control findings counted and score 0", a)
	}
}

func TestEvaluateSortsFindings(t *testing.T) {
	rules := []isms.Rule{
		firing("improvement.log", "10.1", isms.SeverityHint, "/improvements"),
		firing("monitoring.hint", "9.1", isms.SeverityHint, "/metrics"),
		firing("monitoring.b", "9.1", isms.SeverityBlocker, "/metrics"),
		firing("monitoring.a", "9.1", isms.SeverityBlocker, "/metrics"),
		firing("audit.programme", "9.2.2", isms.SeverityWarning, "/audit-programmes"),
		firing("audit.general", "9.2", isms.SeverityWarning, "/internal-audits"),
		firing("annex.x", "A", isms.SeverityBlocker, "/controls"),
	}
	var got []string
	for _, f := range isms.Evaluate(&isms.Facts{}, rules, at).Findings {
		got = append(got, f.Clause+" "+f.Rule)
	}
	want := []string{"9.1 monitoring.b", "9.1 monitoring.a", "9.1 monitoring.hint", "9.2 audit.general", "9.2.2 audit.programme",
		"10.1 improvement.log", "A annex.x"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("finding order (-want +got):\n%s", diff)
	}
}

func TestFireAndOne(t *testing.T) {
	items := make([]isms.RecordRef, isms.MaxFindingRecords)
	for i := range items {
		items[i] = isms.RecordRef{Type: "risk", ID: isms.ID("rsk_" + string(rune('a'+i))), Ref: "R-1", Title: "Risk"}
	}
	if f := isms.Fire(isms.RecordSet{Items: []isms.RecordRef{}}, "none", "/risks"); f != nil {
		t.Errorf("Fire(empty set) = %v, want nil", f)
	}
	f := isms.Fire(isms.RecordSet{Total: 25, Items: items}, "25 risks have no owner.", "/risks")
	if len(f) != 1 || len(f[0].Records) != isms.MaxFindingRecords || f[0].More != 5 || f[0].Fix != "/risks" {
		t.Errorf("Fire(25 records) = %+v, want one finding listing 20 and 5 more", f)
	}
	if f := isms.One(true, "fine", "/scope"); f != nil {
		t.Errorf("One(true) = %v, want nil", f)
	}
	if f := isms.One(false, "No scope.", "/scope/edit", items[0]); len(f) != 1 || f[0].Message != "No scope." || len(f[0].Records) != 1 {
		t.Errorf("One(false) = %+v, want one finding with its record", f)
	}
}

func TestSizeOfAndScoreClause(t *testing.T) {
	for n, want := range map[int]isms.OrgSize{0: isms.OrgSmall, 50: isms.OrgSmall, 51: isms.OrgMedium, 250: isms.OrgMedium, 251: isms.OrgLarge} {
		if got := isms.SizeOf(n); got != want {
			t.Errorf("SizeOf(%d) = %s, want %s", n, got, want)
		}
	}
	for c, want := range map[string]string{"6.1.2": "6.1", "9.2.2": "9.2", "4.3": "4.3", "A": "A", "A.8.15": "A", "11.1": ""} {
		if got := isms.ScoreClause(c); got != want {
			t.Errorf("ScoreClause(%q) = %q, want %q", c, got, want)
		}
	}
}

func TestEvaluateLeavesInapplicableRulesOut(t *testing.T) {
	nothing := isms.Rule{ID: "risk.owners", Clause: "6.1.2", Severity: isms.SeverityBlocker, Checks: "Risks have owners.",
		Check: func(*isms.Facts) []isms.Finding { return isms.Inapplicable() }}
	rules := []isms.Rule{
		firing("context.issues", "4.1", isms.SeverityBlocker, "/context-issues"), // 10 lost
		passing("context.issue_kinds", "4.1", isms.SeverityWarning),              // 3 kept
		nothing, // not counted
	}
	r := isms.Evaluate(&isms.Facts{}, rules, time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC))
	// kept 3 of 13 → 23: the inapplicable blocker neither helps nor hurts.
	if r.Score != 23 || r.Blockers != 1 || len(r.Findings) != 1 {
		t.Errorf("Evaluate = score %d, %d blockers, %d findings; want 23, 1, 1", r.Score, r.Blockers, len(r.Findings))
	}
	if len(r.NotApplicable) != 1 || r.NotApplicable[0] != "risk.owners" {
		t.Errorf("NotApplicable = %v, want [risk.owners]", r.NotApplicable)
	}
	if c := clauseScore(t, r, "6.1"); c.Score != 100 || c.Applicable != 0 {
		t.Errorf("clause 6.1 = %+v, want 100 with no applicable rule", c)
	}
}

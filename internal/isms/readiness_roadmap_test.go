// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"slices"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// firing returns a rule that always finds something, on clause's page fix.
func firing(id, clause string, sev isms.Severity, fix string) isms.Rule {
	return isms.Rule{ID: id, Clause: clause, Severity: sev, Checks: "Test rule " + id + ".",
		Check: func(*isms.Facts) []isms.Finding { return []isms.Finding{{Message: id + " fired.", Fix: fix}} }}
}

// passing returns a rule that never finds anything.
func passing(id, clause string, sev isms.Severity) isms.Rule {
	return isms.Rule{ID: id, Clause: clause, Severity: sev, Checks: "Test rule " + id + ".",
		Check: func(*isms.Facts) []isms.Finding { return nil }}
}

// roadmapOf evaluates rules over empty facts of a small organization and
// returns the roadmap.
func roadmapOf(rules []isms.Rule) []isms.RoadmapStep {
	r := isms.Evaluate(&isms.Facts{}, rules, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	return isms.Roadmap(r, rules)
}

// stepOfRule returns the number of the step whose findings hold rule's,
// or 0.
func stepOfRule(steps []isms.RoadmapStep, rule string) int {
	for _, st := range steps {
		if slices.ContainsFunc(st.Findings, func(f isms.Finding) bool { return f.Rule == rule }) {
			return st.Number
		}
	}
	return 0
}

func TestRoadmapGivesEachRuleToItsStep(t *testing.T) {
	tests := []struct {
		id, clause string
		step       int
	}{
		{"context.issues", "4.1", 1}, {"context.parties", "4.2", 1}, {"scope.approved", "4.3", 1}, {"process.defined", "4.4", 1},
		{"leadership.commitment", "5.1", 2}, {"policy.approved", "5.2", 2}, {"roles.assigned", "5.3", 2},
		{"risk.method_approved", "6.1.2", 3}, {"risk.method_criteria", "6.1.2", 3}, {"risk.method_review", "6.1.2", 3},
		{"risk.identified", "6.1.2", 4}, {"risk.owners", "6.1.2", 4}, {"risk.method_current", "6.1.2", 4},
		{"ismsrisk.recorded", "6.1.1", 4}, {"risk.assessment_recorded", "8.2", 4},
		{"risk.treated", "6.1.3", 5}, {"soa.approved", "6.1.3", 5}, {"risk.actions_on_time", "8.3", 5},
		{"objectives.set", "6.2", 6}, {"changes.planned", "6.3", 6},
		{"resources.planned", "7.1", 7}, {"competence.records", "7.2", 7}, {"awareness.campaign", "7.3", 7},
		{"communication.plan", "7.4", 7}, {"documents.approved", "7.5.2", 7}, {"documents.retention", "7.5.3", 7},
		{"operation.planned", "8.1", 8}, {"annex.evidence", isms.AnnexAClause, 8},
		{"monitoring.metrics", "9.1", 9}, {"audit.programme", "9.2.2", 9}, {"audit.held", "9.2", 9},
		{"review.held", "9.3", 9}, {"review.inputs", "9.3.2", 9},
		{"improvement.log", "10.1", 10}, {"nc.corrective", "10.2", 10},
	}
	var rules []isms.Rule
	for _, tt := range tests {
		rules = append(rules, firing(tt.id, tt.clause, isms.SeverityWarning, "/tasks"))
	}
	steps := roadmapOf(rules)
	for _, tt := range tests {
		if got := stepOfRule(steps, tt.id); got != tt.step {
			t.Errorf("rule %s of clause %s is in step %d, want step %d", tt.id, tt.clause, got, tt.step)
		}
	}
}

// TestRoadmapPlacesEveryReadinessRule fires every rule of the real list
// and checks that each finding lands in a step, and that the risk method
// rules the roadmap names still exist.
func TestRoadmapPlacesEveryReadinessRule(t *testing.T) {
	rules := isms.ReadinessRules()
	ids := map[string]string{}
	for i, r := range rules {
		ids[r.ID] = r.Clause
		rules[i] = firing(r.ID, r.Clause, r.Severity, "/tasks")
	}
	steps := roadmapOf(rules)
	for _, r := range rules {
		if stepOfRule(steps, r.ID) == 0 {
			t.Errorf("rule %s (clause %s) belongs to no step of the roadmap", r.ID, r.Clause)
		}
	}
	for _, id := range []string{"risk.method_approved", "risk.method_criteria", "risk.method_review"} {
		if c, ok := ids[id]; len(rules) > 0 && (!ok || c != "6.1.2") {
			t.Errorf("the roadmap gives rule %s to the risk method, but ReadinessRules has it as clause %q (present %v)", id, c, ok)
		}
	}
}

func TestRoadmapSteps(t *testing.T) {
	steps := roadmapOf(nil)
	keys := []string{"context", "leadership", "method", "assessment", "treatment", "objectives", "support", "operation", "evaluation", "improvement"}
	if len(steps) != len(keys) {
		t.Fatalf("Roadmap has %d steps, want %d", len(steps), len(keys))
	}
	for i, st := range steps {
		if st.Number != i+1 || st.Key != keys[i] || st.Title == "" || len(st.Clauses) == 0 || st.Fix == "" || st.Action == "" {
			t.Errorf("step %d = %+v, want number %d, key %s, a title, clauses, a page and an action", i, st, i+1, keys[i])
		}
		if st.Status != isms.StepDone || st.Findings == nil || len(st.Findings) != 0 {
			t.Errorf("step %s without rules: status %s, findings %v; want done with an empty list", st.Key, st.Status, st.Findings)
		}
		if len(st.Guide) != len(st.Clauses) {
			t.Errorf("step %s has %d guides for its %d clauses", st.Key, len(st.Guide), len(st.Clauses))
		}
		for j, g := range st.Guide {
			if g.Clause != st.Clauses[j] || g.What == "" || g.Proportionate == "" {
				t.Errorf("step %s: guide %d = %+v, want the guide of %s", st.Key, j, g, st.Clauses[j])
			}
		}
	}
	if !slices.Contains(steps[2].Clauses, "6.1.2") || !slices.Contains(steps[3].Clauses, "6.1.2") {
		t.Errorf("clause 6.1.2 belongs to steps 3 (%v) and 4 (%v)", steps[2].Clauses, steps[3].Clauses)
	}
}

func TestRoadmapStatus(t *testing.T) {
	b1, b2 := "context.issues", "scope.approved"
	rules := func(fire ...string) []isms.Rule {
		def := []struct {
			id, clause string
			sev        isms.Severity
		}{{b1, "4.1", isms.SeverityBlocker}, {"context.parties", "4.2", isms.SeverityWarning},
			{b2, "4.3", isms.SeverityBlocker}, {"process.owner", "4.4", isms.SeverityHint}, {"roles.raci", "5.3", isms.SeverityWarning}}
		var out []isms.Rule
		for _, d := range def {
			if slices.Contains(fire, d.id) {
				out = append(out, firing(d.id, d.clause, d.sev, "/scope/edit"))
			} else {
				out = append(out, passing(d.id, d.clause, d.sev))
			}
		}
		return out
	}
	tests := []struct {
		name              string
		fire              []string
		context, leadship isms.StepStatus
	}{
		{"nothing found: done", nil, isms.StepDone, isms.StepDone},
		{"only a hint: done", []string{"process.owner"}, isms.StepDone, isms.StepDone},
		{"a warning: in progress", []string{"context.parties"}, isms.StepInProgress, isms.StepDone},
		{"one of two blockers: in progress", []string{b1}, isms.StepInProgress, isms.StepDone},
		{"every blocker: not started", []string{b1, b2, "context.parties"}, isms.StepNotStarted, isms.StepDone},
		{"a warning of a step without blocker rules: in progress", []string{"roles.raci"}, isms.StepDone, isms.StepInProgress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps := roadmapOf(rules(tt.fire...))
			if steps[0].Status != tt.context || steps[1].Status != tt.leadship {
				t.Errorf("statuses = %s, %s; want %s, %s", steps[0].Status, steps[1].Status, tt.context, tt.leadship)
			}
			if len(steps[0].Findings)+len(steps[1].Findings) != len(tt.fire) {
				t.Errorf("findings %v, %v; want those of %v", steps[0].Findings, steps[1].Findings, tt.fire)
			}
		})
	}
}

func TestRoadmapNextAction(t *testing.T) {
	tests := []struct {
		name        string
		rules       []isms.Rule
		fix, action string
	}{
		{"no finding: the step's page", nil, "/context-issues", "Record context issues"},
		{"the blocker comes before an earlier hint", []isms.Rule{
			firing("context.climate", "4.1", isms.SeverityHint, "/context-issues/new"),
			firing("scope.approved", "4.3", isms.SeverityBlocker, "/scope/edit")}, "/scope/edit", "Write the scope"},
		{"a query keeps its page's action", []isms.Rule{
			firing("context.issue_review", "4.1", isms.SeverityWarning, "/context-issues?review=due")}, "/context-issues?review=due", "Record context issues"},
		{"a form counts as its register", []isms.Rule{
			firing("context.parties", "4.2", isms.SeverityBlocker, "/interested-parties/new")}, "/interested-parties/new", "Record interested parties"},
		{"an unknown page gets the step's action", []isms.Rule{
			firing("context.other", "4.2", isms.SeverityWarning, "/elsewhere")}, "/elsewhere", "Record context issues"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := roadmapOf(tt.rules)[0]
			if st.Fix != tt.fix || st.Action != tt.action {
				t.Errorf("step 1: fix %q, action %q; want %q, %q", st.Fix, st.Action, tt.fix, tt.action)
			}
		})
	}
}

func TestRoadmapGuideFollowsSize(t *testing.T) {
	rules := []isms.Rule{passing("context.issues", "4.1", isms.SeverityBlocker)}
	large := isms.Evaluate(&isms.Facts{People: 900}, rules, time.Time{})
	st := isms.Roadmap(large, rules)[8]
	if want := isms.GuideFor("9.2", isms.OrgLarge); st.Guide[1] != want {
		t.Errorf("step 9's guide of 9.2 = %+v, want the large organization's %+v", st.Guide[1], want)
	}
}

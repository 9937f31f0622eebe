// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"slices"
	"strings"
)

// StepStatus is where a roadmap step stands.
type StepStatus string

// The statuses: done when none of the step's rules finds a blocker or a
// warning; not started when every applicable blocker rule of the step fires; in
// progress otherwise.
const (
	StepDone       StepStatus = "done"
	StepInProgress StepStatus = "in_progress"
	StepNotStarted StepStatus = "not_started"
)

// RoadmapStep is one step of a first implementation, in the order of
// ISO/IEC 27003: context and scope, leadership and policy, risk method,
// risk assessment, risk treatment and SoA, objectives, support,
// operation, performance evaluation, improvement.
type RoadmapStep struct {
	Number  int      `json:"number"` // 1 …
	Key     string   `json:"key"`    // "context"
	Title   string   `json:"title"`  // "Context and scope"
	Clauses []string `json:"clauses"`
	// Fix is the page where the step's work is done; Action its button.
	Fix    string     `json:"fix"`
	Action string     `json:"action"`
	Status StepStatus `json:"status"`
	// Findings are the check's findings in the step's clauses: what is
	// still missing.
	Findings []Finding `json:"findings"`
	// Guide explains the step's clauses, scaled to the organization.
	Guide []ClauseGuide `json:"guide"`
}

// roadmapStep is a step as defined, before a check's findings are known.
type roadmapStep struct {
	key, title string
	clauses    []string // the clauses it explains, in order
	fix        string   // where its work starts when no finding says better
	action     string   // the button of fix
}

// roadmapSteps are the steps in order (the project's domain reference,
// §2.8, after ISO/IEC 27003).
var roadmapSteps = []roadmapStep{
	{"context", "Context and scope", []string{"4.1", "4.2", "4.3", "4.4"}, "/context-issues", "Record context issues"},
	{"leadership", "Leadership and policy", []string{"5.1", "5.2", "5.3"}, "/leadership", "Record leadership commitment"},
	{"method", "Risk method", []string{"6.1.2"}, "/risk-method", "Define the risk method"},
	{"assessment", "Risk assessment", []string{"6.1.1", "6.1.2", "8.2"}, "/risks", "Assess the risks"},
	{"treatment", "Risk treatment and Statement of Applicability", []string{"6.1.3", "8.3"}, "/soa", "Complete the Statement of Applicability"},
	{"objectives", "Objectives and planned changes", []string{"6.2", "6.3"}, "/objectives", "Set objectives"},
	{"support", "Support", []string{"7.1", "7.2", "7.3", "7.4", "7.5"}, "/resources", "Plan resources"},
	{"operation", "Operation and controls", []string{"8.1", AnnexAClause}, "/controls", "Implement controls"},
	{"evaluation", "Performance evaluation", []string{"9.1", "9.2", "9.3"}, "/metrics", "Measure performance"},
	{"improvement", "Improvement", []string{"10.1", "10.2"}, "/nonconformities", "Handle nonconformities"},
}

// roadmapClauseSteps gives the rules of each clause to a step, by its
// key. A sub-clause not listed counts as its clause ("7.5.3" → "7.5"), an
// Annex A control as Annex A.
var roadmapClauseSteps = map[string]string{
	"4.1": "context", "4.2": "context", "4.3": "context", "4.4": "context",
	"5.1": "leadership", "5.2": "leadership", "5.3": "leadership",
	"6.1": "assessment", "6.1.1": "assessment", "6.1.2": "assessment", "8.2": "assessment",
	"6.1.3": "treatment", "8.3": "treatment",
	"6.2": "objectives", "6.3": "objectives",
	"7.1": "support", "7.2": "support", "7.3": "support", "7.4": "support", "7.5": "support",
	"8.1": "operation", AnnexAClause: "operation",
	"9.1": "evaluation", "9.2": "evaluation", "9.3": "evaluation",
	"10.1": "improvement", "10.2": "improvement",
}

// roadmapRuleSteps give single rules to another step than their clause
// does. Clause 6.1.2 is both the risk method (step 3: defining and
// approving it) and the risk assessment that applies it (step 4): the
// rules about the method itself are listed here, by ID.
var roadmapRuleSteps = map[string]string{
	"risk.method_approved": "method",
	"risk.method_criteria": "method",
	"risk.method_review":   "method",
}

// roadmapStepOf returns the key of the step that owns the rule with id of
// clause, or "" when none does.
func roadmapStepOf(id, clause string) string {
	if k, ok := roadmapRuleSteps[id]; ok {
		return k
	}
	if k, ok := roadmapClauseSteps[clause]; ok {
		return k
	}
	return roadmapClauseSteps[ScoreClause(clause)]
}

// Roadmap returns the steps with their status from r, the result of
// running rules. r must hold every finding (not narrowed by a filter).
func Roadmap(r *Readiness, rules []Rule) []RoadmapStep {
	owner := map[string]string{}      // rule ID → step key
	blockers := map[string][]string{} // step key → its applicable blocker rules
	for _, rule := range rules {
		k := roadmapStepOf(rule.ID, rule.Clause)
		owner[rule.ID] = k
		if rule.Severity == SeverityBlocker && !slices.Contains(r.NotApplicable, rule.ID) {
			blockers[k] = append(blockers[k], rule.ID)
		}
	}
	found, fired := map[string][]Finding{}, map[string]bool{}
	for _, f := range r.Findings {
		k, ok := owner[f.Rule]
		if !ok {
			k = roadmapStepOf(f.Rule, f.Clause)
		}
		found[k] = append(found[k], f)
		fired[f.Rule] = true
	}
	steps := make([]RoadmapStep, len(roadmapSteps))
	for i, d := range roadmapSteps {
		st := RoadmapStep{Number: i + 1, Key: d.key, Title: d.title, Clauses: slices.Clone(d.clauses),
			Findings: found[d.key], Guide: []ClauseGuide{}}
		if st.Findings == nil {
			st.Findings = []Finding{}
		}
		st.Status = stepStatus(st.Findings, blockers[d.key], fired)
		st.Fix, st.Action = d.next(st.Findings)
		for _, c := range d.clauses {
			st.Guide = append(st.Guide, GuideFor(c, r.Size))
		}
		steps[i] = st
	}
	return steps
}

// stepStatus is the status of a step with findings whose blocker rules
// are blockers, fired holding the rules that found something.
func stepStatus(findings []Finding, blockers []string, fired map[string]bool) StepStatus {
	if !slices.ContainsFunc(findings, func(f Finding) bool { return f.Severity != SeverityHint }) {
		return StepDone
	}
	if len(blockers) > 0 && !slices.ContainsFunc(blockers, func(id string) bool { return !fired[id] }) {
		return StepNotStarted
	}
	return StepInProgress
}

// next returns where the step's work goes on and the button that leads
// there: the page of its most serious finding (the first of that
// severity), or the step's own page when nothing is found.
func (d roadmapStep) next(findings []Finding) (fix, action string) {
	for _, sev := range Severities {
		i := slices.IndexFunc(findings, func(f Finding) bool { return f.Severity == sev && f.Fix != "" })
		if i < 0 {
			continue
		}
		fix = findings[i].Fix
		if action = actionFor(fix); action == "" {
			action = d.action
		}
		return fix, action
	}
	return d.fix, d.action
}

// actionFor returns the button text of the page at path (which may carry
// a query), or "" for a page it does not know. A form ("…/new") or a
// record's page counts as its register's page.
func actionFor(path string) string {
	path, _, _ = strings.Cut(path, "?")
	path, _, _ = strings.Cut(path, "#")
	if a, ok := roadmapActions[path]; ok {
		return a
	}
	if a, ok := roadmapActions[strings.TrimSuffix(path, "/new")]; ok {
		return a
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return roadmapActions["/"+first]
}

// roadmapActions are the buttons of the pages where findings are fixed.
var roadmapActions = map[string]string{
	"/context-issues": "Record context issues", "/interested-parties": "Record interested parties",
	"/party-requirements": "Record the parties' requirements", "/scope": "Approve the scope", "/scope/edit": "Write the scope",
	"/isms-processes": "Define the ISMS processes", "/leadership": "Record leadership commitment",
	"/commitments": "Record management commitment", "/isms-roles": "Assign the ISMS roles", "/raci": "Complete the RACI",
	"/documents": "Write and approve the documents", "/documents/retention": "Set retention periods",
	"/risk-method": "Approve the risk method", "/risk-methods": "Approve the risk method", "/assets": "Record the assets",
	"/risks": "Assess the risks", "/risk-assessments": "Run a risk assessment",
	"/isms-risks": "Record ISMS risks and opportunities", "/soa": "Complete the Statement of Applicability",
	"/objectives": "Set objectives", "/isms-changes": "Plan ISMS changes", "/resources": "Plan resources",
	"/people": "Record the people", "/competence": "Record competence", "/awareness": "Run an awareness campaign",
	"/acknowledgements": "Collect acknowledgements", "/communication": "Plan communication",
	"/controls": "Implement controls", "/evidence": "Collect evidence", "/tasks": "Complete the tasks",
	"/schedules": "Schedule recurring work", "/metrics": "Measure performance",
	"/audit-programmes": "Plan internal audits", "/internal-audits": "Run internal audits",
	"/findings": "Follow up audit findings", "/management-reviews": "Hold a management review",
	"/nonconformities": "Handle nonconformities", "/improvements": "Record improvements",
	"/frameworks": "Load the framework",
}

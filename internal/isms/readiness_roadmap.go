// SPDX-License-Identifier: Apache-2.0

package isms

// StepStatus is where a roadmap step stands.
type StepStatus string

// The statuses: done when none of the step's rules finds a blocker or a
// warning; not started when every blocker rule of the step fires; in
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

// Roadmap returns the steps with their status from r, the result of
// running rules.
func Roadmap(r *Readiness, rules []Rule) []RoadmapStep {
	panic("not yet")
}

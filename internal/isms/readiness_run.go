// SPDX-License-Identifier: Apache-2.0

package isms

import "time"

// ReadinessRun is what is kept of one day's readiness check for the
// trend: the day's latest score, its counts and each clause's score.
type ReadinessRun struct {
	Day      Date           `json:"day"`
	At       time.Time      `json:"at"`
	Score    int            `json:"score"`
	Blockers int            `json:"blockers"`
	Warnings int            `json:"warnings"`
	Hints    int            `json:"hints"`
	Clauses  map[string]int `json:"clauses"` // "4.1" → 80
}

// RunOf returns the run to keep of r, checked on day.
func RunOf(r *Readiness, day Date) ReadinessRun {
	run := ReadinessRun{Day: day, At: r.At, Score: r.Score, Blockers: r.Blockers, Warnings: r.Warnings,
		Hints: r.Hints, Clauses: map[string]int{}}
	for _, c := range r.Clauses {
		run.Clauses[c.Clause] = c.Score
	}
	return run
}

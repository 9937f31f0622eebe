// SPDX-License-Identifier: Apache-2.0

package isms

// LeadershipFacts are the facts the rules of clauses 5.1–5.3 read.
type LeadershipFacts struct{}

// leadershipRules are the readiness rules of clauses 5.1–5.3.
var leadershipRules = []Rule{}

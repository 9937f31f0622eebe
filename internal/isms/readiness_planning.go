// SPDX-License-Identifier: Apache-2.0

package isms

// PlanningFacts are the facts the rules of clauses 6.1–6.3, 8.2 and 8.3 read.
type PlanningFacts struct{}

// planningRules are the readiness rules of clauses 6.1–6.3, 8.2 and 8.3.
var planningRules = []Rule{}

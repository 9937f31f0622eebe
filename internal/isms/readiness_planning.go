// SPDX-License-Identifier: Apache-2.0

package isms

// PlanningFacts are the facts the rules of clauses 6.1.1, 6.2 and 6.3 read.
type PlanningFacts struct{}

// planningRules are the readiness rules of clauses 6.1.1, 6.2 and 6.3.
var planningRules = []Rule{}

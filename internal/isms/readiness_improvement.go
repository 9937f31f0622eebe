// SPDX-License-Identifier: Apache-2.0

package isms

// ImprovementFacts are the facts the rules of clauses 10.1 and 10.2 read.
type ImprovementFacts struct{}

// improvementRules are the readiness rules of clauses 10.1 and 10.2.
var improvementRules = []Rule{}

// SPDX-License-Identifier: Apache-2.0

package isms

// EvaluationFacts are the facts the rules of clauses 9.1–9.3 read.
type EvaluationFacts struct{}

// evaluationRules are the readiness rules of clauses 9.1–9.3.
var evaluationRules = []Rule{}

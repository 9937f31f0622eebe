// SPDX-License-Identifier: Apache-2.0

package isms

// ContextFacts are the facts the rules of clauses 4.1–4.4 read.
type ContextFacts struct{}

// contextRules are the readiness rules of clauses 4.1–4.4.
var contextRules = []Rule{}

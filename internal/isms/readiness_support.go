// SPDX-License-Identifier: Apache-2.0

package isms

// SupportFacts are the facts the rules of clauses 7.1–7.5 read.
type SupportFacts struct{}

// supportRules are the readiness rules of clauses 7.1–7.5.
var supportRules = []Rule{}

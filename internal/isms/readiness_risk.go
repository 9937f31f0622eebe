// SPDX-License-Identifier: Apache-2.0

package isms

// RiskFacts are the facts the rules of clauses 6.1.2, 6.1.3, 8.2 and 8.3 read.
type RiskFacts struct{}

// riskRules are the readiness rules of clauses 6.1.2, 6.1.3, 8.2 and 8.3.
var riskRules = []Rule{}

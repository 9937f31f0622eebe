// SPDX-License-Identifier: Apache-2.0

package isms

// ReviewFacts are the facts the rules of clause 9.3 read.
type ReviewFacts struct{}

// reviewRules are the readiness rules of clause 9.3.
var reviewRules = []Rule{}

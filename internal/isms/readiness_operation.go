// SPDX-License-Identifier: Apache-2.0

package isms

// OperationFacts are the facts the rules of clause 8.1 read.
type OperationFacts struct{}

// operationRules are the readiness rules of clause 8.1.
var operationRules = []Rule{}

// SPDX-License-Identifier: Apache-2.0

package isms

// AuditFacts are the facts the rules of clause 9.2 read.
type AuditFacts struct{}

// auditRules are the readiness rules of clause 9.2.
var auditRules = []Rule{}

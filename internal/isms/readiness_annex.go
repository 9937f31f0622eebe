// SPDX-License-Identifier: Apache-2.0

package isms

// AnnexFacts are the facts the rules of clauses Annex A read.
type AnnexFacts struct{}

// annexRules are the readiness rules of clauses Annex A.
var annexRules = []Rule{}

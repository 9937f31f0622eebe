// SPDX-License-Identifier: Apache-2.0

package isms

// ClauseGuide explains one clause in our own words: what it asks for, why
// it matters, and how much of it an organization of this size needs
// (ISO/IEC 27003 asks for proportionate effort).
type ClauseGuide struct {
	Clause        string `json:"clause"`
	Title         string `json:"title"`
	What          string `json:"what"`
	Why           string `json:"why"`
	Proportionate string `json:"proportionate"`
}

// GuideFor returns the guide of clause (a clause, a sub-clause such as
// "6.1.2", or an Annex A control such as "A.8.15") for an organization
// of size.
func GuideFor(clause string, size OrgSize) ClauseGuide {
	panic("not yet")
}

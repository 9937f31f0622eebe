// SPDX-License-Identifier: Apache-2.0

package isms

import "strings"

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
// of size. A sub-clause without guidance of its own takes its clause's;
// every Annex A control shares the guide of Annex A. An unknown clause
// gives a guide with its number only.
func GuideFor(clause string, size OrgSize) ClauseGuide {
	key := clause
	if ScoreClause(clause) == AnnexAClause {
		key = AnnexAClause
	}
	own, parent := guideTexts[key], guideTexts[ClauseColumn(key)]
	title := own.title
	if key != clause {
		title = "" // a control of Annex A: named by its number
	}
	pick := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	return ClauseGuide{
		Clause:        clause,
		Title:         guideTitle(clause, title),
		What:          pick(own.what, parent.what),
		Why:           pick(own.why, parent.why),
		Proportionate: pick(own.forSize(size), parent.forSize(size)),
	}
}

// forSize returns the proportionate guidance for size.
func (g guideText) forSize(size OrgSize) string {
	switch size {
	case OrgLarge:
		return g.large
	case OrgMedium:
		return g.medium
	}
	return g.small
}

// guideTitle returns the title of clause: its guide's own, the title of
// a clause of ISMSClauses, or one naming an Annex A control.
func guideTitle(clause, own string) string {
	if own != "" {
		return own
	}
	if strings.HasPrefix(clause, AnnexAClause+".") {
		return "Annex A control " + clause
	}
	for _, c := range ISMSClauses {
		if c.Number == clause {
			return c.Title
		}
	}
	return ""
}

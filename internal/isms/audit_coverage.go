// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"fmt"
	"strings"
)

// A programme must cover every clause and every applicable control of its
// framework at least once in its cycle, and audit the important ones more
// often (9.2.2: "based on the importance of the processes concerned and
// the results of previous audits"). ProgrammeCoverage computes, from the
// audits planned, which requirements each programme year covers, what is
// missing and what is audited less often than its weight suggests.

// CoverageRequirement is one requirement a programme must cover, with
// what weighs on how often it should be audited.
type CoverageRequirement struct {
	ID    ID              `json:"id"`
	Ref   string          `json:"ref"`
	Title string          `json:"title"`
	Kind  RequirementKind `json:"kind"`
	// HighRisks counts the risks at or above the method's acceptance
	// threshold whose treatment plans use a control linked to it.
	HighRisks int `json:"highRisks"`
	// Nonconformities counts the nonconformity findings of earlier
	// audits against it.
	Nonconformities int `json:"nonconformities"`
}

// CoverageAudit is one audit of the programme as coverage counts it.
type CoverageAudit struct {
	ID           ID          `json:"id"`
	Ref          string      `json:"ref"`
	Year         int         `json:"year"` // the programme year of its planned start
	Status       AuditStatus `json:"status"`
	Requirements []ID        `json:"requirements"`
}

// Weight says how often a requirement should be audited in a cycle.
type Weight string

// The weights: high is audited every programme year, normal at least once
// per cycle.
const (
	WeightHigh   Weight = "high"
	WeightNormal Weight = "normal"
)

// CoverageGap says what is missing on a row.
type CoverageGap string

// The gaps.
const (
	GapNone        CoverageGap = ""
	GapUncovered   CoverageGap = "uncovered"    // no audit covers it in the cycle
	GapBelowWeight CoverageGap = "below_weight" // weighted high, but some years have no audit of it
)

// CoverageRow is one requirement's coverage.
type CoverageRow struct {
	CoverageRequirement
	Weight Weight `json:"weight"`
	// WeightReason says why in people's words.
	WeightReason string `json:"weightReason,omitempty"`
	// PerYear counts the audits covering it in each programme year
	// (index 0 is year 1).
	PerYear []int       `json:"perYear"`
	Audits  []string    `json:"audits"` // the references of the audits covering it
	Gap     CoverageGap `json:"gap"`
}

// AuditCoverage is a programme's coverage of its framework.
type AuditCoverage struct {
	Years int           `json:"years"`
	Rows  []CoverageRow `json:"rows"`
	// Covered counts the rows with at least one audit; Uncovered those
	// with none; BelowWeight those weighted high but not covered every
	// year.
	Covered     int `json:"covered"`
	Uncovered   int `json:"uncovered"`
	BelowWeight int `json:"belowWeight"`
}

// Complete reports whether every requirement is covered as its weight
// asks.
func (c *AuditCoverage) Complete() bool { return c.Uncovered == 0 && c.BelowWeight == 0 }

// ProgrammeCoverage computes the coverage of reqs (in document order) by
// audits over a programme of years. Audits outside the period (Year 0)
// do not count.
func ProgrammeCoverage(years int, reqs []CoverageRequirement, audits []CoverageAudit) *AuditCoverage {
	c := &AuditCoverage{Years: years, Rows: make([]CoverageRow, 0, len(reqs))}
	byReq := map[ID][]CoverageAudit{}
	for _, a := range audits {
		if a.Year < 1 || a.Year > years {
			continue
		}
		for _, r := range a.Requirements {
			byReq[r] = append(byReq[r], a)
		}
	}
	for _, r := range reqs {
		row := CoverageRow{CoverageRequirement: r, Weight: WeightNormal, PerYear: make([]int, years), Audits: []string{}}
		if reason := weightReason(r); reason != "" {
			row.Weight, row.WeightReason = WeightHigh, reason
		}
		for _, a := range byReq[r.ID] {
			row.PerYear[a.Year-1]++
			row.Audits = append(row.Audits, a.Ref)
		}
		row.Gap = coverageGap(row)
		switch row.Gap {
		case GapUncovered:
			c.Uncovered++
		case GapBelowWeight:
			c.BelowWeight++
		}
		if len(row.Audits) > 0 {
			c.Covered++
		}
		c.Rows = append(c.Rows, row)
	}
	return c
}

// weightReason returns why r weighs high, or "" when it does not.
func weightReason(r CoverageRequirement) string {
	var why []string
	if r.HighRisks > 0 {
		why = append(why, plural(r.HighRisks, "risk above acceptance uses", "risks above acceptance use")+" its controls")
	}
	if r.Nonconformities > 0 {
		why = append(why, plural(r.Nonconformities, "nonconformity", "nonconformities")+" in earlier audits")
	}
	return strings.Join(why, "; ")
}

// coverageGap returns what row lacks.
func coverageGap(row CoverageRow) CoverageGap {
	if len(row.Audits) == 0 {
		return GapUncovered
	}
	if row.Weight == WeightHigh {
		for _, n := range row.PerYear {
			if n == 0 {
				return GapBelowWeight
			}
		}
	}
	return GapNone
}

// plural writes n with the singular or plural noun: "1 risk", "3 risks".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ExpandScope reads an audit scope as people write it, such as
// "4, 5.2, 6.1.2-6.1.3, A.5.15-A.5.18", against reqs, the framework's
// requirements in document order. Each item is a reference (the
// requirement and everything below it) or a range FROM-TO of references
// (every requirement from FROM to TO in document order, with what lies
// below them; an en dash "–" reads as "-"). It returns the auditable
// requirements (kind clause or control) in document order, each once, or
// an Invalid error naming each reference it does not know.
func ExpandScope(expr string, reqs []*Requirement) ([]*Requirement, error) {
	index := map[string]int{}
	for i, r := range reqs {
		index[strings.ToLower(r.Ref)] = i
	}
	picked := make([]bool, len(reqs))
	var unknown []string
	for _, item := range strings.Split(expr, ",") {
		// A range may be written with an en dash, as printed standards do.
		item = strings.TrimSpace(strings.ReplaceAll(item, "–", "-"))
		if item == "" {
			continue
		}
		from, to, isRange := strings.Cut(item, "-")
		from, to = strings.TrimSpace(from), strings.TrimSpace(to)
		if !isRange {
			to = from
		}
		i, ok1 := index[strings.ToLower(from)]
		j, ok2 := index[strings.ToLower(to)]
		if !ok1 {
			unknown = append(unknown, from)
		}
		if isRange && !ok2 && from != to {
			unknown = append(unknown, to)
		}
		if !ok1 || !ok2 {
			continue
		}
		if j < i {
			i, j = j, i
		}
		// Everything below the last one of the range comes with it: in
		// document order, a requirement's descendants follow it, deeper.
		for end := j; j+1 < len(reqs) && reqs[j+1].Depth > reqs[end].Depth; {
			j++
		}
		for k := i; k <= j; k++ {
			picked[k] = true
		}
	}
	if len(unknown) > 0 {
		return nil, Errorf(Invalid, "No requirement %s in this framework.", strings.Join(quoteAll(unknown), ", "))
	}
	var out []*Requirement
	for i, r := range reqs {
		if picked[i] && (r.Kind == KindClause || r.Kind == KindControl) {
			out = append(out, r)
		}
	}
	return out, nil
}

// quoteAll quotes each string.
func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

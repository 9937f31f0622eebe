// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"math"
	"slices"
	"time"
)

// The readiness check answers "what would a stage 1 auditor say today?".
// Small rules, each a function over Facts (the organization's registers
// read on one day), return findings; Evaluate runs every rule and scores
// the result per clause and overall.

// Severity is how much a finding matters to a certification auditor.
type Severity string

// The severities: a blocker is what an auditor would raise as a
// nonconformity; a warning is likely an observation; a hint is good
// practice from ISO/IEC 27003.
const (
	SeverityBlocker Severity = "blocker"
	SeverityWarning Severity = "warning"
	SeverityHint    Severity = "hint"
)

// Severities lists the severities, most serious first.
var Severities = []Severity{SeverityBlocker, SeverityWarning, SeverityHint}

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool { return slices.Contains(Severities, s) }

// Label is the severity as people read it.
func (s Severity) Label() string {
	switch s {
	case SeverityBlocker:
		return "Blocker"
	case SeverityWarning:
		return "Warning"
	case SeverityHint:
		return "Hint"
	}
	return string(s)
}

// Weight is what a rule of this severity counts in a score: blockers
// weigh most.
func (s Severity) Weight() int {
	switch s {
	case SeverityBlocker:
		return 10
	case SeverityWarning:
		return 3
	case SeverityHint:
		return 1
	}
	return 0
}

// MaxFindingRecords bounds the records a finding lists; RecordSet.Total
// and Finding.More say how many there are in all.
const MaxFindingRecords = 20

// RecordRef names one record a finding concerns.
type RecordRef struct {
	Type  string `json:"type"` // a record type of RecordPath: "risk", "document" …
	ID    ID     `json:"id"`
	Ref   string `json:"ref,omitempty"` // "R-12"; empty for records without one
	Title string `json:"title"`
}

// Path is the record's web page, or "" when its type has none.
func (r RecordRef) Path() string { return RecordPath(Link{Type: r.Type, ID: r.ID}) }

// Label is how a list names the record: "R-12 Laptop theft".
func (r RecordRef) Label() string {
	if r.Ref == "" {
		return r.Title
	}
	return r.Ref + " " + r.Title
}

// RecordSet is the records that meet a condition: at most
// MaxFindingRecords of them in Items (in the register's order) and how
// many there are in Total.
type RecordSet struct {
	Total int         `json:"total"`
	Items []RecordRef `json:"items"`
}

// Empty reports whether no record meets the condition.
func (s RecordSet) Empty() bool { return s.Total == 0 }

// Finding is one thing the check found missing or wrong.
type Finding struct {
	Rule     string   `json:"rule"`     // the rule's ID: "scope.approved"
	Clause   string   `json:"clause"`   // "6.1.2", or an Annex A control: "A.8.15"
	Severity Severity `json:"severity"` // blocker, warning or hint
	// Message says, in our words, what is missing and why it matters.
	Message string `json:"message"`
	// Records are the records concerned (at most MaxFindingRecords); More
	// counts those not listed.
	Records []RecordRef `json:"records"`
	More    int         `json:"more,omitempty"`
	// Fix is the path of the page that fixes it: "/scope/edit".
	Fix string `json:"fix"`
}

// Rule is one readiness rule. Check returns nil when the rule passes, one
// finding (or, for rules over Annex A controls, one per control) when it
// fires, and Inapplicable() when what it checks does not exist yet (no
// risk for "every risk has an owner"), so that an empty register earns
// no credit. Evaluate fills each finding's Rule and Severity, and its
// Clause when the rule left it empty.
type Rule struct {
	ID       string   // "scope.approved": area.what, unique
	Clause   string   // "4.3", "6.1.2" or "A" for Annex A
	Severity Severity // the severity of its findings
	// Checks says in one line what the rule checks, for the rules list
	// and the documentation: "An approved scope statement exists."
	Checks string
	Check  func(f *Facts) []Finding
}

// ClauseScore is the readiness of one clause: the share, weighted by
// severity, of its applicable rules that pass. A clause none of whose
// rules has anything to check yet scores 100 with Applicable 0.
type ClauseScore struct {
	Clause     string `json:"clause"` // a number of ISMSClauses, or "A" for Annex A
	Title      string `json:"title"`
	Score      int    `json:"score"`      // 0 to 100
	Applicable int    `json:"applicable"` // the rules that had something to check
	Blockers   int    `json:"blockers"`
	Warnings   int    `json:"warnings"`
	Hints      int    `json:"hints"`
}

// Inapplicable is what a rule returns when what it checks does not exist
// yet: the rule neither passes nor fires, and is left out of the scores.
// (It is an empty, non-nil list; a passing rule returns nil.)
func Inapplicable() []Finding { return []Finding{} }

// Readiness is the result of one check.
type Readiness struct {
	At       time.Time     `json:"at"`
	Score    int           `json:"score"` // 0 to 100
	Blockers int           `json:"blockers"`
	Warnings int           `json:"warnings"`
	Hints    int           `json:"hints"`
	Clauses  []ClauseScore `json:"clauses"`
	Findings []Finding     `json:"findings"`
	// Rules counts the rules run; NotApplicable names those that had
	// nothing to check yet, left out of the scores. Size is the
	// organization's size class, which scales the guidance.
	Rules         int      `json:"rules"`
	NotApplicable []string `json:"notApplicable"`
	Size          OrgSize  `json:"size"`
}

// AnnexAClause is the score clause of the rules over Annex A controls.
const AnnexAClause = "A"

// ScoreClauses are the clauses scores are given for: ISMSClauses and
// Annex A.
func ScoreClauses() []ISMSClause {
	return append(slices.Clone(ISMSClauses), ISMSClause{Number: AnnexAClause, Title: "Annex A controls"})
}

// ScoreClause returns the clause of ScoreClauses that a rule's or a
// finding's clause counts toward: "6.1.2" → "6.1", "A.8.15" → "A".
func ScoreClause(c string) string {
	if c == AnnexAClause || len(c) > 2 && c[:2] == "A." {
		return AnnexAClause
	}
	return ClauseColumn(c)
}

// Evaluate runs rules over f and scores the result. Findings come in
// clause order, then severity, then rule order.
func Evaluate(f *Facts, rules []Rule, at time.Time) *Readiness {
	r := &Readiness{At: at, Rules: len(rules), Size: f.Size(), Findings: []Finding{}, NotApplicable: []string{}}
	type tally struct{ total, lost int }
	byClause := map[string]*tally{}
	all := &tally{}
	counts := map[string]*ClauseScore{}
	for _, c := range ScoreClauses() {
		byClause[c.Number] = &tally{}
		counts[c.Number] = &ClauseScore{Clause: c.Number, Title: c.Title}
	}
	for _, rule := range rules {
		found := rule.Check(f)
		if found != nil && len(found) == 0 {
			r.NotApplicable = append(r.NotApplicable, rule.ID)
			continue
		}
		w := rule.Severity.Weight()
		col := ScoreClause(rule.Clause)
		t := byClause[col]
		counts[col].Applicable++
		t.total += w
		all.total += w
		if len(found) == 0 {
			continue
		}
		t.lost += w
		all.lost += w
		for _, x := range found {
			x.Rule, x.Severity = rule.ID, rule.Severity
			if x.Clause == "" {
				x.Clause = rule.Clause
			}
			if x.Records == nil {
				x.Records = []RecordRef{}
			}
			r.Findings = append(r.Findings, x)
			r.count(counts[col], x.Severity)
		}
	}
	r.Score = percent(all.total-all.lost, all.total)
	for _, c := range ScoreClauses() {
		cs := counts[c.Number]
		cs.Score = percent(byClause[c.Number].total-byClause[c.Number].lost, byClause[c.Number].total)
		r.Clauses = append(r.Clauses, *cs)
	}
	sortFindings(r.Findings, rules)
	return r
}

// count adds one finding of severity s to the totals and to c.
func (r *Readiness) count(c *ClauseScore, s Severity) {
	switch s {
	case SeverityBlocker:
		r.Blockers++
		c.Blockers++
	case SeverityWarning:
		r.Warnings++
		c.Warnings++
	default:
		r.Hints++
		c.Hints++
	}
}

// percent is 100·n/total rounded down, and 100 when there is nothing to
// count.
func percent(n, total int) int {
	if total == 0 {
		return 100
	}
	return int(math.Floor(100 * float64(n) / float64(total)))
}

// sortFindings orders findings by clause, then severity, then the order
// of their rules.
func sortFindings(fs []Finding, rules []Rule) {
	order := map[string]int{}
	for i, r := range rules {
		order[r.ID] = i
	}
	sev := map[Severity]int{SeverityBlocker: 0, SeverityWarning: 1, SeverityHint: 2}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if c := compareClauses(a.Clause, b.Clause); c != 0 {
			return c
		}
		if c := sev[a.Severity] - sev[b.Severity]; c != 0 {
			return c
		}
		return order[a.Rule] - order[b.Rule]
	})
}

// compareClauses orders clause numbers as numbers, with Annex A controls
// after clause 10.
func compareClauses(a, b string) int {
	ka, kb := clauseKey(a), clauseKey(b)
	return slices.Compare(ka, kb)
}

// clauseKey is the sort key of a clause number: "9.2.1" → [9 2 1],
// "A.8.15" → [100 8 15].
func clauseKey(c string) []int {
	var k []int
	n, digits := 0, false
	for i := 0; i <= len(c); i++ {
		switch {
		case i < len(c) && c[i] == 'A':
			k = append(k, 100)
		case i < len(c) && c[i] >= '0' && c[i] <= '9':
			n, digits = n*10+int(c[i]-'0'), true
		default:
			if digits {
				k = append(k, n)
			}
			n, digits = 0, false
		}
	}
	return k
}

// Fire returns the finding of a rule over a set of records, listing them
// and counting those not listed, or nil when the set is empty.
func Fire(s RecordSet, message, fix string) []Finding {
	if s.Empty() {
		return nil
	}
	f := Finding{Message: message, Fix: fix, Records: s.Items}
	if more := s.Total - len(s.Items); more > 0 {
		f.More = more
	}
	return []Finding{f}
}

// One returns the single finding of a rule that fires, or nil when ok.
// It keeps rule functions to one line for conditions without records.
func One(ok bool, message, fix string, records ...RecordRef) []Finding {
	if ok {
		return nil
	}
	return []Finding{{Message: message, Fix: fix, Records: records}}
}

// OrgSize is the organization's size class; guidance is proportionate
// to it (ISO/IEC 27003).
type OrgSize string

// The size classes, by the people recorded as active in the
// organization: up to 50, up to 250, more.
const (
	OrgSmall  OrgSize = "small"
	OrgMedium OrgSize = "medium"
	OrgLarge  OrgSize = "large"
)

// SizeOf returns the size class of an organization of n people.
func SizeOf(n int) OrgSize {
	switch {
	case n <= 50:
		return OrgSmall
	case n <= 250:
		return OrgMedium
	}
	return OrgLarge
}

// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The scope of the ISMS (27001 4.3) says what the management system
// covers: the scope statement a certificate carries, the organizational
// units and locations, what is in scope, the interfaces and dependencies
// with what is outside, and what is excluded and why. Each change makes a
// new numbered version that top management approves; the approved
// version is the scope in force.

// ScopeStatus is where one version of the scope stands.
type ScopeStatus string

// The scope statuses: a draft is edited and submitted for approval; the
// approved version is the scope in force; an approved version becomes
// superseded when a newer one is approved.
const (
	ScopeDraft      ScopeStatus = "draft"
	ScopeApproved   ScopeStatus = "approved"
	ScopeSuperseded ScopeStatus = "superseded"
)

// ScopeStatuses lists the statuses in display order.
var ScopeStatuses = []ScopeStatus{ScopeDraft, ScopeApproved, ScopeSuperseded}

// Limits of a scope version.
const (
	MaxScopeItems = 200 // items in each list of a version
)

// ScopeInterface is an interface or dependency between what is in scope
// and something outside it: a group function, a cloud provider, an
// outsourced service.
type ScopeInterface struct {
	Party       string `json:"party"`       // who or what is outside: "Group HR", "Cloud hosting provider"
	Description string `json:"description"` // the nature of the interface or dependency
}

// ScopeExclusion is something left out of the scope, with why.
type ScopeExclusion struct {
	Item          string `json:"item"`
	Justification string `json:"justification"`
}

// Scope is one version of an organization's ISMS scope.
type Scope struct {
	ID         ID               `json:"id"`
	OrgID      ID               `json:"organizationId"`
	Number     int              `json:"number"`    // 1 for v1, 2 for v2 …
	Statement  string           `json:"statement"` // the scope statement, as a certificate would carry it
	Units      []string         `json:"units"`     // organizational units
	Locations  []string         `json:"locations"`
	InScope    []string         `json:"inScope"` // assets, services and processes in scope
	Interfaces []ScopeInterface `json:"interfaces"`
	Exclusions []ScopeExclusion `json:"exclusions"`
	Status     ScopeStatus      `json:"status"`
	ApprovedAt time.Time        `json:"approvedAt,omitzero"`
	ApprovalID ID               `json:"approvalId,omitempty"`
	// ApprovedBy names who approved the version, read from its approval.
	ApprovedBy string    `json:"approvedBy,omitempty"`
	CreatedBy  ID        `json:"createdBy,omitempty"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
	Version    int       `json:"version"` // edit revision; optimistic concurrency
}

// VersionLabel is how people name the version: "v2".
func (s *Scope) VersionLabel() string { return fmt.Sprintf("v%d", s.Number) }

// Normalize trims every text and drops empty items from the lists. Rows
// of interfaces and exclusions are kept, so that a half-filled row is
// reported where it is.
func (s *Scope) Normalize() {
	s.Statement = strings.TrimSpace(strings.ReplaceAll(s.Statement, "\r\n", "\n"))
	s.Units, s.Locations, s.InScope = cleanItems(s.Units), cleanItems(s.Locations), cleanItems(s.InScope)
	for i := range s.Interfaces {
		x := &s.Interfaces[i]
		x.Party, x.Description = strings.TrimSpace(x.Party), strings.TrimSpace(x.Description)
	}
	for i := range s.Exclusions {
		x := &s.Exclusions[i]
		x.Item, x.Justification = strings.TrimSpace(x.Item), strings.TrimSpace(x.Justification)
	}
	if s.Interfaces == nil {
		s.Interfaces = []ScopeInterface{}
	}
	if s.Exclusions == nil {
		s.Exclusions = []ScopeExclusion{}
	}
}

// cleanItems trims items and drops the empty ones; never nil.
func cleanItems(items []string) []string {
	out := []string{}
	for _, x := range items {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// SplitLines reads a list written one item per line: items trimmed,
// empty lines dropped.
func SplitLines(s string) []string {
	return cleanItems(strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n"))
}

// Validate reports every problem with s at once. A row's problems are
// named after the row ("exclusions[2].justification").
func (s *Scope) Validate() error {
	p := Problems{}
	if s.Statement == "" {
		p.Add("statement", "Write the scope statement: what the ISMS covers, in a sentence or two.")
	}
	checkText(p, "statement", "Scope statement", s.Statement)
	for _, l := range []struct {
		field, label string
		items        []string
	}{{"units", "Organizational units", s.Units}, {"locations", "Locations", s.Locations}, {"inScope", "What is in scope", s.InScope}} {
		checkItems(p, l.field, l.label, l.items)
	}
	if len(s.Interfaces) > MaxScopeItems {
		p.Add("interfaces", "Interfaces and dependencies must be at most 200.")
	}
	for i, x := range s.Interfaces {
		f := fmt.Sprintf("interfaces[%d]", i)
		if x.Party == "" {
			p.Add(f+".party", fmt.Sprintf("Interface %d: say who or what is outside the scope.", i+1))
		} else if utf8.RuneCountInString(x.Party) > MaxNameLen {
			p.Add(f+".party", fmt.Sprintf("Interface %d: the party must be at most 200 characters.", i+1))
		}
		if x.Description == "" {
			p.Add(f+".description", fmt.Sprintf("Interface %d: describe the interface or dependency.", i+1))
		}
		checkText(p, f+".description", fmt.Sprintf("Interface %d", i+1), x.Description)
	}
	if len(s.Exclusions) > MaxScopeItems {
		p.Add("exclusions", "Exclusions must be at most 200.")
	}
	for i, x := range s.Exclusions {
		f := fmt.Sprintf("exclusions[%d]", i)
		if x.Item == "" {
			p.Add(f+".item", fmt.Sprintf("Exclusion %d: say what is excluded.", i+1))
		} else if utf8.RuneCountInString(x.Item) > MaxNameLen {
			p.Add(f+".item", fmt.Sprintf("Exclusion %d: what is excluded must be at most 200 characters.", i+1))
		}
		if x.Justification == "" {
			p.Add(f+".justification", fmt.Sprintf("Exclusion %d: an exclusion needs a justification; say why it is left out.", i+1))
		}
		checkText(p, f+".justification", fmt.Sprintf("Exclusion %d", i+1), x.Justification)
	}
	return p.Err()
}

// checkItems records a problem when a list has too many items or an item
// is too long.
func checkItems(p Problems, field, label string, items []string) {
	if len(items) > MaxScopeItems {
		p.Add(field, label+" must be at most 200 lines.")
	}
	for i, x := range items {
		if utf8.RuneCountInString(x) > MaxNameLen {
			p.Add(field, fmt.Sprintf("%s: line %d is longer than 200 characters; split it.", label, i+1))
		}
	}
}

// scopeContent is what approving a version approves.
type scopeContent struct {
	Number     int              `json:"number"`
	Statement  string           `json:"statement"`
	Units      []string         `json:"units"`
	Locations  []string         `json:"locations"`
	InScope    []string         `json:"inScope"`
	Interfaces []ScopeInterface `json:"interfaces"`
	Exclusions []ScopeExclusion `json:"exclusions"`
}

// ApprovalContent returns the canonical bytes of what approving this
// version approves: its number and every part of the scope.
func (s *Scope) ApprovalContent() []byte {
	c := scopeContent{s.Number, s.Statement, nonNil(s.Units), nonNil(s.Locations), nonNil(s.InScope),
		s.Interfaces, s.Exclusions}
	if c.Interfaces == nil {
		c.Interfaces = []ScopeInterface{}
	}
	if c.Exclusions == nil {
		c.Exclusions = []ScopeExclusion{}
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		panic(err) // plain data; cannot fail
	}
	return b
}

func nonNil(items []string) []string {
	if items == nil {
		return []string{}
	}
	return items
}

// Text renders the version as plain text, one item per line under a
// heading per part, for reading and for comparing versions line by line.
func (s *Scope) Text() string {
	var b strings.Builder
	b.WriteString("Scope statement\n")
	for _, l := range strings.Split(s.Statement, "\n") {
		b.WriteString("  " + l + "\n")
	}
	section := func(title string, lines []string) {
		b.WriteString("\n" + title + "\n")
		if len(lines) == 0 {
			b.WriteString("  (none)\n")
		}
		for _, l := range lines {
			b.WriteString("- " + strings.ReplaceAll(l, "\n", " ") + "\n")
		}
	}
	section("Organizational units", s.Units)
	section("Locations", s.Locations)
	section("In scope", s.InScope)
	var lines []string
	for _, x := range s.Interfaces {
		lines = append(lines, x.Party+": "+x.Description)
	}
	section("Interfaces and dependencies", lines)
	lines = nil
	for _, x := range s.Exclusions {
		lines = append(lines, x.Item+" (excluded because: "+x.Justification+")")
	}
	section("Exclusions", lines)
	return b.String()
}

// NextDraft returns a draft copy of s numbered number, for the next version.
func (s *Scope) NextDraft(number int) *Scope {
	return &Scope{OrgID: s.OrgID, Number: number, Statement: s.Statement,
		Units: append([]string{}, s.Units...), Locations: append([]string{}, s.Locations...),
		InScope: append([]string{}, s.InScope...), Interfaces: append([]ScopeInterface{}, s.Interfaces...),
		Exclusions: append([]ScopeExclusion{}, s.Exclusions...), Status: ScopeDraft}
}

// ISMSClause is a clause of ISO/IEC 27001 with requirements (4.1 to
// 10.2), with a short title of our own for tables.
type ISMSClause struct {
	Number string `json:"number"`
	Title  string `json:"title"`
}

// ISMSClauses lists the clauses with requirements, in order: the columns
// of the process map. Their sub-clauses (6.1.2, 9.2.2 …) count as them.
var ISMSClauses = []ISMSClause{
	{"4.1", "Organization and its context"}, {"4.2", "Interested parties"}, {"4.3", "Scope"}, {"4.4", "ISMS and its processes"},
	{"5.1", "Leadership and commitment"}, {"5.2", "Policy"}, {"5.3", "Roles and responsibilities"},
	{"6.1", "Risks and opportunities"}, {"6.2", "Objectives"}, {"6.3", "Planning of changes"},
	{"7.1", "Resources"}, {"7.2", "Competence"}, {"7.3", "Awareness"}, {"7.4", "Communication"}, {"7.5", "Documented information"},
	{"8.1", "Operational planning and control"}, {"8.2", "Risk assessment"}, {"8.3", "Risk treatment"},
	{"9.1", "Monitoring and measurement"}, {"9.2", "Internal audit"}, {"9.3", "Management review"},
	{"10.1", "Continual improvement"}, {"10.2", "Nonconformity and corrective action"},
}

// ismsSubclauses are the sub-clauses a process may name, by the clause
// they belong to.
var ismsSubclauses = map[string]string{
	"6.1.1": "6.1", "6.1.2": "6.1", "6.1.3": "6.1", "7.5.1": "7.5", "7.5.2": "7.5", "7.5.3": "7.5",
	"9.2.1": "9.2", "9.2.2": "9.2", "9.3.1": "9.3", "9.3.2": "9.3", "9.3.3": "9.3",
}

// ClauseColumn returns the clause of ISMSClauses that clause number c
// belongs to ("6.1.2" → "6.1"), or "" when c is not a clause with
// requirements.
func ClauseColumn(c string) string {
	if col, ok := ismsSubclauses[c]; ok {
		return col
	}
	for _, x := range ISMSClauses {
		if x.Number == c {
			return c
		}
	}
	return ""
}

// ParseClauses reads clause numbers as people write them ("6.1.2",
// "clause 9.2", "§ 8.2"): it returns the valid ones in clause order,
// without repeats, and those that are not clauses 4.1 to 10.2.
func ParseClauses(items []string) (clauses, bad []string) {
	seen := map[string]bool{}
	clauses = []string{}
	for _, x := range items {
		c := strings.TrimSpace(x)
		c = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(c), "clause"), "§"))
		c = strings.TrimSuffix(c, ".")
		switch {
		case c == "":
		case ClauseColumn(c) == "":
			bad = append(bad, strings.TrimSpace(x))
		case !seen[c]:
			seen[c] = true
			clauses = append(clauses, c)
		}
	}
	sortClauses(clauses)
	return clauses, bad
}

// sortClauses sorts clause numbers by their parts as numbers (9.2 before
// 10.1).
func sortClauses(cs []string) {
	key := func(c string) []int {
		var k []int
		for _, part := range strings.Split(c, ".") {
			n, _ := strconv.Atoi(part)
			k = append(k, n)
		}
		return k
	}
	slices.SortFunc(cs, func(a, b string) int { return slices.Compare(key(a), key(b)) })
}

// ISMSProcess is a process the ISMS needs (27001 4.4): what it is for,
// which clauses it serves, who owns it, what goes in and comes out, and
// how it interacts with other processes. The processes it interacts with
// are record links from it.
type ISMSProcess struct {
	ID           ID        `json:"id"`
	OrgID        ID        `json:"organizationId"`
	Ref          string    `json:"ref"` // "PRC-3", assigned on creation
	Number       int       `json:"-"`
	Name         string    `json:"name"`
	Purpose      string    `json:"purpose"`
	Clauses      []string  `json:"clauses"` // clause numbers in order: "6.1.2", "8.2"
	OwnerID      ID        `json:"ownerId,omitempty"`
	OwnerName    string    `json:"ownerName,omitempty"` // read with the process
	Inputs       string    `json:"inputs"`
	Outputs      string    `json:"outputs"`
	Interactions string    `json:"interactions"` // in words; the linked processes are record links
	CreatedBy    ID        `json:"createdBy,omitempty"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
	Version      int       `json:"version"`
}

// Serves reports whether p serves clause column col ("6.1" is served by
// a process naming 6.1 or 6.1.2).
func (p *ISMSProcess) Serves(col string) bool {
	for _, c := range p.Clauses {
		if ClauseColumn(c) == col {
			return true
		}
	}
	return false
}

// Validate trims p's texts and reports every problem at once. Clauses
// must already be parsed (ParseClauses).
func (p *ISMSProcess) Validate() error {
	pr := Problems{}
	p.Name, p.Purpose = strings.TrimSpace(p.Name), strings.TrimSpace(p.Purpose)
	p.Inputs, p.Outputs, p.Interactions = strings.TrimSpace(p.Inputs), strings.TrimSpace(p.Outputs), strings.TrimSpace(p.Interactions)
	checkName(pr, "name", "Name", p.Name)
	checkText(pr, "purpose", "Purpose", p.Purpose)
	checkText(pr, "inputs", "Inputs", p.Inputs)
	checkText(pr, "outputs", "Outputs", p.Outputs)
	checkText(pr, "interactions", "Interactions", p.Interactions)
	for _, c := range p.Clauses {
		if ClauseColumn(c) == "" {
			pr.Add("clauses", "Clause "+c+" is not a clause of ISO/IEC 27001 with requirements; use 4.1 to 10.2.")
		}
	}
	if p.Clauses == nil {
		p.Clauses = []string{}
	}
	return pr.Err()
}

// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// The Statement of Applicability (27001 6.1.3 d) has one line per control
// of a framework (the Annex A controls of ISO/IEC 27001:2022, or the
// requirements of any framework the organization chooses): whether it
// applies, why it is included (the risks whose treatment plans use it, the
// obligations it meets, a business requirement or good practice) or why
// it is excluded, how far it is implemented, the organization's controls
// that carry it out and their evidence. Each version is numbered; a draft
// is edited, submitted through the shared approval mechanism and, once
// approved, is immutable and supersedes the version before it.

// SoAStatus is where one version of an SoA stands.
type SoAStatus string

// The SoA statuses. A draft awaiting approval is still a draft; whether a
// submission is pending is read from its approvals.
const (
	SoADraft      SoAStatus = "draft"
	SoAApproved   SoAStatus = "approved"
	SoASuperseded SoAStatus = "superseded"
)

// SoAStatuses lists the statuses in display order.
var SoAStatuses = []SoAStatus{SoADraft, SoAApproved, SoASuperseded}

// SoA is one version of an organization's Statement of Applicability for
// one framework.
type SoA struct {
	ID            ID        `json:"id"`
	OrgID         ID        `json:"organizationId"`
	FrameworkID   ID        `json:"frameworkId"`
	FrameworkName string    `json:"frameworkName"` // kept with the version: an approved SoA outlives its framework
	Number        int       `json:"number"`        // 1 for v1, 2 for v2 … per framework
	Status        SoAStatus `json:"status"`
	Note          string    `json:"note"` // what this version changes and why
	// Frozen is set when the draft is submitted: every line's Sources then
	// hold what was recorded for approval. Any edit clears it.
	Frozen     bool      `json:"frozen"`
	ApprovedAt time.Time `json:"approvedAt,omitzero"`
	ApprovalID ID        `json:"approvalId,omitempty"`
	// ApprovedBy names who approved the version, read from its approval.
	ApprovedBy string    `json:"approvedBy,omitempty"`
	CreatedBy  ID        `json:"createdBy,omitempty"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
	Version    int       `json:"version"` // edit revision; optimistic concurrency
}

// VersionLabel is how people name the version: "v2".
func (s *SoA) VersionLabel() string { return fmt.Sprintf("v%d", s.Number) }

// Live reports whether the version's lines show sources derived from the
// current records rather than those recorded for approval.
func (s *SoA) Live() bool { return s.Status == SoADraft && !s.Frozen }

// WorkingSoA returns the version of a framework's SoA that people work on:
// its draft if any, else its approved version, else the newest of
// versions (newest first); nil when there is none.
func WorkingSoA(versions []*SoA) *SoA {
	for _, st := range []SoAStatus{SoADraft, SoAApproved} {
		for _, x := range versions {
			if x.Status == st {
				return x
			}
		}
	}
	if len(versions) > 0 {
		return versions[0]
	}
	return nil
}

// Validate reports every problem with the version's own fields.
func (s *SoA) Validate() error {
	p := Problems{}
	checkText(p, "note", "Note", s.Note)
	return p.Err()
}

// Applicability is the decision on one line: applicable, excluded, or not
// decided yet.
type Applicability string

// The decisions.
const (
	SoAUndecided  Applicability = ""
	SoAApplicable Applicability = "yes"
	SoAExcluded   Applicability = "no"
)

// Label names the decision for people.
func (a Applicability) Label() string {
	switch a {
	case SoAApplicable:
		return "Applicable"
	case SoAExcluded:
		return "Not applicable"
	}
	return "Awaiting decision"
}

// ParseApplicability reads a decision as forms, the API and files give
// it: yes/no/"" and their usual spellings.
func ParseApplicability(s string) (Applicability, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "true", "applicable", "included", "1":
		return SoAApplicable, true
	case "no", "n", "false", "not applicable", "not_applicable", "excluded", "0":
		return SoAExcluded, true
	case "", "undecided", "awaiting decision":
		return SoAUndecided, true
	}
	return "", false
}

// SoAImplStatus is how far an applicable control is implemented.
type SoAImplStatus string

// The implementation statuses of a line.
const (
	SoAImplemented SoAImplStatus = "implemented"
	SoAPartial     SoAImplStatus = "partial"
	SoAPlanned     SoAImplStatus = "planned"
	SoANotStarted  SoAImplStatus = "not_started"
)

// SoAImplStatuses lists the statuses in display order.
var SoAImplStatuses = []SoAImplStatus{SoAImplemented, SoAPartial, SoAPlanned, SoANotStarted}

// Valid reports whether s is a known status.
func (s SoAImplStatus) Valid() bool {
	for _, x := range SoAImplStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Label names the status for people.
func (s SoAImplStatus) Label() string {
	switch s {
	case SoAImplemented:
		return "Implemented"
	case SoAPartial:
		return "Partially implemented"
	case SoAPlanned:
		return "Planned"
	case SoANotStarted:
		return "Not started"
	}
	return string(s)
}

// DeriveSoAStatus returns a line's implementation status from the statuses
// of its linked controls: implemented when all are implemented, partially
// implemented when some are implemented or in progress, planned when all
// are planned, not started when there are none. Controls marked not
// applicable are left out.
func DeriveSoAStatus(controls []ControlStatus) SoAImplStatus {
	n, implemented, started := 0, 0, 0
	for _, c := range controls {
		switch c {
		case ControlNotApplicable:
			continue
		case ControlImplemented:
			implemented++
			started++
		case ControlInProgress:
			started++
		}
		n++
	}
	switch {
	case n == 0:
		return SoANotStarted
	case implemented == n:
		return SoAImplemented
	case started > 0:
		return SoAPartial
	}
	return SoAPlanned
}

// SoARef names a record a line's justification rests on.
type SoARef struct {
	ID    ID     `json:"id"`
	Ref   string `json:"ref"` // "R-12", "RQ-3", "C-4"
	Title string `json:"title"`
}

// SoAControl is an organization control linked to a line's requirement.
type SoAControl struct {
	ID     ID            `json:"id"`
	Ref    string        `json:"ref"`
	Title  string        `json:"title"`
	Status ControlStatus `json:"status"`
}

// SoASources is what a line derives from the organization's records: live
// while the version is a draft, recorded when it is submitted.
type SoASources struct {
	// Risks are the risks (not closed) whose treatment plans use a
	// control linked to the line's requirement.
	Risks []SoARef `json:"risks"`
	// Obligations are the addressed interested-party requirements (legal,
	// regulatory, contractual, other) linked to such a control.
	Obligations []SoARef `json:"obligations"`
	// Controls are the organization's controls linked (confirmed, not
	// inferred) to the requirement.
	Controls []SoAControl `json:"controls"`
	// Derived is DeriveSoAStatus of the controls.
	Derived SoAImplStatus `json:"derivedStatus"`
	// Evidence counts the evidence items linked to the controls; Fresh
	// those still valid on the day the sources were read; Newest is the
	// newest item's date (zero when none).
	Evidence int  `json:"evidence"`
	Fresh    int  `json:"freshEvidence"`
	Newest   Date `json:"newestEvidence,omitzero"`
	// ReadOn is the day the sources were read.
	ReadOn Date `json:"readOn,omitzero"`
}

// SoALine is one line of an SoA version: one requirement of its framework.
type SoALine struct {
	SoAID         ID     `json:"soaId"`
	OrgID         ID     `json:"-"`
	RequirementID ID     `json:"requirementId"`
	Ref           string `json:"ref"`   // the requirement's reference, kept with the line
	Title         string `json:"title"` // the requirement's title, kept with the line
	Position      int    `json:"position"`
	// Applicable is the decision.
	Applicable Applicability `json:"applicable"`
	// Business and Practice are the justifications for inclusion besides
	// the derived sources: a business requirement, good practice. Reason
	// explains them.
	Business bool   `json:"businessRequirement"`
	Practice bool   `json:"goodPractice"`
	Reason   string `json:"reason"`
	// Exclusion justifies a line that is not applicable.
	Exclusion string `json:"exclusion"`
	// Override replaces the derived implementation status, with why.
	Override       SoAImplStatus `json:"statusOverride,omitempty"`
	OverrideReason string        `json:"overrideReason,omitempty"`
	OwnerID        ID            `json:"ownerId,omitempty"`
	OwnerName      string        `json:"ownerName,omitempty"` // read with the line
	// ChangeReason says why the line changed in this version.
	ChangeReason string     `json:"changeReason"`
	Sources      SoASources `json:"sources"`
	UpdatedBy    ID         `json:"updatedBy,omitempty"`
	UpdatedAt    time.Time  `json:"updatedAt"`
	Version      int        `json:"version"`
}

// Limits of an SoA line.
const (
	MaxSoAJustificationLen = 4000 // reason, exclusion, override reason, change reason
)

// Status is the line's implementation status: the override when set,
// otherwise the derived one.
func (l *SoALine) Status() SoAImplStatus {
	if l.Override != "" {
		return l.Override
	}
	if l.Sources.Derived == "" {
		return SoANotStarted
	}
	return l.Sources.Derived
}

// Normalize trims the line's texts.
func (l *SoALine) Normalize() {
	for _, s := range []*string{&l.Reason, &l.Exclusion, &l.OverrideReason, &l.ChangeReason} {
		*s = strings.TrimSpace(strings.ReplaceAll(*s, "\r\n", "\n"))
	}
}

// Validate reports every problem with the line's own fields at once. It
// does not judge consistency with the records (see CheckSoA): a draft may
// be saved half decided.
func (l *SoALine) Validate() error {
	p := Problems{}
	switch l.Applicable {
	case SoAUndecided, SoAApplicable, SoAExcluded:
	default:
		p.Add("applicable", "Choose applicable, not applicable, or leave the decision open.")
	}
	if l.Applicable == SoAExcluded && l.Exclusion == "" {
		p.Add("exclusion", "Justify the exclusion: say why "+l.Ref+" does not apply to the organization.")
	}
	if (l.Business || l.Practice) && l.Reason == "" {
		p.Add("reason", "Say which business requirement or good practice makes "+l.Ref+" applicable.")
	}
	if l.Override != "" && !l.Override.Valid() {
		p.Add("statusOverride", "Choose implemented, partially implemented, planned or not started.")
	}
	if l.Override != "" && l.OverrideReason == "" {
		p.Add("overrideReason", "Say why the status differs from the one derived from the controls.")
	}
	for _, f := range []struct{ field, label, s string }{
		{"reason", "The justification", l.Reason}, {"exclusion", "The justification for exclusion", l.Exclusion},
		{"overrideReason", "The reason for the status", l.OverrideReason}, {"changeReason", "The reason for the change", l.ChangeReason},
	} {
		if utf8.RuneCountInString(f.s) > MaxSoAJustificationLen {
			p.Add(f.field, f.label+" must be at most 4,000 characters.")
		}
	}
	return p.Err()
}

// Justification is the line's justification as one text for exports: the
// sources of an inclusion, or the justification of an exclusion.
func (l *SoALine) Justification() string {
	switch l.Applicable {
	case SoAExcluded:
		return "Excluded: " + l.Exclusion
	case SoAUndecided:
		return ""
	}
	var parts []string
	if len(l.Sources.Risks) > 0 {
		parts = append(parts, "Risk treatment: "+joinRefs(l.Sources.Risks))
	}
	if len(l.Sources.Obligations) > 0 {
		parts = append(parts, "Legal, regulatory or contractual: "+joinRefs(l.Sources.Obligations))
	}
	switch {
	case l.Business && l.Practice:
		parts = append(parts, "Business requirement and good practice: "+l.Reason)
	case l.Business:
		parts = append(parts, "Business requirement: "+l.Reason)
	case l.Practice:
		parts = append(parts, "Good practice: "+l.Reason)
	}
	return strings.Join(parts, "; ")
}

// ControlRefs lists the line's linked controls by reference: "C-3, C-12".
func (l *SoALine) ControlRefs() string {
	refs := make([]string, len(l.Sources.Controls))
	for i, c := range l.Sources.Controls {
		refs[i] = c.Ref
	}
	return strings.Join(refs, ", ")
}

func joinRefs(refs []SoARef) string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Ref
	}
	return strings.Join(out, ", ")
}

// SoASeverity is how serious an inconsistency is: an error blocks
// submission; a warning is shown.
type SoASeverity string

// The severities.
const (
	SoAError   SoASeverity = "error"
	SoAWarning SoASeverity = "warning"
)

// The consistency rules of an SoA.
const (
	SoARuleUndecided            = "undecided"             // a line awaits a decision
	SoARuleExcludedButTreated   = "excluded-but-treated"  // excluded, yet a risk treatment plan uses it
	SoARuleExclusionUnjustified = "exclusion-unjustified" // excluded without justification
	SoARuleInclusionNoSource    = "inclusion-without-source"
	SoARuleImplementedNoControl = "implemented-without-implemented-control"
	SoARuleApplicableNoControl  = "applicable-without-control"
)

// SoAIssue is one inconsistency of a line.
type SoAIssue struct {
	RequirementID ID          `json:"requirementId"`
	Ref           string      `json:"ref"`
	Rule          string      `json:"rule"`
	Severity      SoASeverity `json:"severity"`
	Message       string      `json:"message"`
}

// CheckSoA applies the consistency rules to lines, in line order:
//   - every line is decided;
//   - a control used in a risk treatment plan cannot be excluded;
//   - every exclusion has a justification, every inclusion a source;
//   - "implemented" needs a linked control that is implemented;
//   - an applicable line without a linked control is flagged (warning).
func CheckSoA(lines []*SoALine) []SoAIssue {
	var out []SoAIssue
	add := func(l *SoALine, rule string, sev SoASeverity, msg string) {
		out = append(out, SoAIssue{RequirementID: l.RequirementID, Ref: l.Ref, Rule: rule, Severity: sev, Message: msg})
	}
	for _, l := range lines {
		switch l.Applicable {
		case SoAUndecided:
			add(l, SoARuleUndecided, SoAError, l.Ref+" awaits a decision: applicable or not.")
			continue
		case SoAExcluded:
			if len(l.Sources.Risks) > 0 {
				add(l, SoARuleExcludedButTreated, SoAError, fmt.Sprintf("%s is excluded, but the treatment plans of %s use it: include it, or change those plans.", l.Ref, joinRefs(l.Sources.Risks)))
			}
			if l.Exclusion == "" {
				add(l, SoARuleExclusionUnjustified, SoAError, l.Ref+" is excluded without a justification.")
			}
			continue
		}
		if len(l.Sources.Risks) == 0 && len(l.Sources.Obligations) == 0 && !l.Business && !l.Practice {
			add(l, SoARuleInclusionNoSource, SoAError, l.Ref+" is applicable without a source: link a risk treatment or obligation, or give the business requirement or good practice.")
		}
		if l.Status() == SoAImplemented && !hasImplemented(l.Sources.Controls) {
			add(l, SoARuleImplementedNoControl, SoAError, l.Ref+" is marked implemented, but none of its linked controls is implemented.")
		}
		if len(l.Sources.Controls) == 0 {
			add(l, SoARuleApplicableNoControl, SoAWarning, l.Ref+" is applicable but no control of the organization carries it out.")
		}
	}
	return out
}

func hasImplemented(cs []SoAControl) bool {
	for _, c := range cs {
		if c.Status == ControlImplemented {
			return true
		}
	}
	return false
}

// SoAErrors counts the issues of severity error.
func SoAErrors(issues []SoAIssue) int {
	n := 0
	for _, i := range issues {
		if i.Severity == SoAError {
			n++
		}
	}
	return n
}

// soaApprovalContent is what an approval of an SoA version covers.
type soaApprovalContent struct {
	Framework string     `json:"framework"`
	Version   string     `json:"version"`
	Note      string     `json:"note"`
	Lines     []*SoALine `json:"lines"`
}

// ApprovalContent is the canonical content an approval of the version
// covers: the version and its lines as recorded (sources included), in
// line order. The same records give the same bytes.
func (s *SoA) ApprovalContent(lines []*SoALine) []byte {
	b, err := json.Marshal(soaApprovalContent{Framework: s.FrameworkName, Version: s.VersionLabel(), Note: s.Note, Lines: lines})
	if err != nil {
		panic(err) // plain data: cannot fail
	}
	return b
}

// SoAFieldDiff is one field of a line that differs between two versions.
type SoAFieldDiff struct {
	Label  string `json:"label"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// SoALineDiff is how one line differs between two versions, with the
// newer version's reason for the change.
type SoALineDiff struct {
	Ref    string         `json:"ref"`
	Title  string         `json:"title"`
	Fields []SoAFieldDiff `json:"fields"`
	Reason string         `json:"reason"`
}

// CompareSoALines compares the lines of two versions (matched by
// requirement), in the newer version's line order followed by lines only
// the older one has. Lines that do not differ are left out.
func CompareSoALines(older, newer []*SoALine) []SoALineDiff {
	old := make(map[ID]*SoALine, len(older))
	for _, l := range older {
		old[l.RequirementID] = l
	}
	var out []SoALineDiff
	seen := map[ID]bool{}
	for _, n := range newer {
		seen[n.RequirementID] = true
		if d := diffLine(old[n.RequirementID], n); len(d.Fields) > 0 {
			out = append(out, d)
		}
	}
	for _, o := range older {
		if !seen[o.RequirementID] {
			out = append(out, diffLine(o, nil))
		}
	}
	return out
}

// soaLineFields are the fields of a line that comparisons show.
func soaLineFields(l *SoALine) [][2]string {
	if l == nil {
		return [][2]string{{"Applicable", ""}, {"Justification", ""}, {"Status", ""}, {"Controls", ""}, {"Owner", ""}}
	}
	status := ""
	if l.Applicable == SoAApplicable {
		status = l.Status().Label()
		if l.Override != "" {
			status += " (set: " + l.OverrideReason + ")"
		}
	}
	return [][2]string{{"Applicable", l.Applicable.Label()}, {"Justification", l.Justification()},
		{"Status", status}, {"Controls", l.ControlRefs()}, {"Owner", l.OwnerName}}
}

func diffLine(o, n *SoALine) SoALineDiff {
	d := SoALineDiff{}
	switch {
	case n != nil:
		d.Ref, d.Title, d.Reason = n.Ref, n.Title, n.ChangeReason
	default:
		d.Ref, d.Title, d.Reason = o.Ref, o.Title, "No longer in the framework."
	}
	before, after := soaLineFields(o), soaLineFields(n)
	for i := range before {
		if before[i][1] != after[i][1] {
			d.Fields = append(d.Fields, SoAFieldDiff{Label: before[i][0], Before: before[i][1], After: after[i][1]})
		}
	}
	return d
}

// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// A risk method is how an organization assesses risk (27001 6.1.2 a–b):
// its likelihood and impact scales, the matrix that turns a (likelihood,
// impact) pair into a risk level, the acceptance criteria of each level and
// the reassessment interval. Each change makes a new numbered version; a
// version is used for scoring only once approved, and risks keep the
// version they were scored under.

// RiskMethodStatus is where one version of a method stands.
type RiskMethodStatus string

// The method statuses: a draft is edited and submitted for approval; the
// approved version is the one risks are scored under; an approved version
// becomes superseded when a newer one is approved.
const (
	MethodDraft      RiskMethodStatus = "draft"
	MethodApproved   RiskMethodStatus = "approved"
	MethodSuperseded RiskMethodStatus = "superseded"
)

// Scale sizes and level counts a method may have.
const (
	MinScaleLevels = 2
	MaxScaleLevels = 10
)

// RiskScaleLevel is one level of a likelihood or impact scale. Levels are
// referred to by their position, 1 for the lowest.
type RiskScaleLevel struct {
	Value    int    `json:"value"`    // the level's number in reports and scores, ascending
	Label    string `json:"label"`    // "Unlikely"
	Criteria string `json:"criteria"` // what makes a risk this level
}

// AcceptBy says who may accept a residual risk of one level.
type AcceptBy string

// Who may accept: the risk owner; an ISMS manager or administrator; an
// administrator (top management); one named person; or nobody (the level
// must be treated further).
const (
	AcceptByOwner   AcceptBy = "owner"
	AcceptByManager AcceptBy = "manager"
	AcceptByAdmin   AcceptBy = "admin"
	AcceptByPerson  AcceptBy = "person"
	AcceptByNobody  AcceptBy = "nobody"
)

// AcceptByValues lists the choices in display order.
var AcceptByValues = []AcceptBy{AcceptByOwner, AcceptByManager, AcceptByAdmin, AcceptByPerson, AcceptByNobody}

// Valid reports whether a is a known choice.
func (a AcceptBy) Valid() bool {
	for _, x := range AcceptByValues {
		if a == x {
			return true
		}
	}
	return false
}

// Label names the choice for people.
func (a AcceptBy) Label() string {
	switch a {
	case AcceptByOwner:
		return "The risk owner"
	case AcceptByManager:
		return "An ISMS manager or administrator"
	case AcceptByAdmin:
		return "An administrator (top management)"
	case AcceptByPerson:
		return "A named person"
	case AcceptByNobody:
		return "Nobody: treat further"
	}
	return string(a)
}

// RiskLevel is one level of risk the matrix yields, lowest first, with
// its acceptance criteria.
type RiskLevel struct {
	Key   string `json:"key"`   // "low", unique in the method
	Label string `json:"label"` // "Low"
	Color string `json:"color"` // "#2e7d32"
	// Retain is set when a risk of this level may be retained without
	// treatment.
	Retain bool `json:"retain"`
	// AcceptBy is who may accept a residual risk of this level;
	// AcceptUserID the person when AcceptBy is AcceptByPerson.
	AcceptBy     AcceptBy `json:"acceptBy"`
	AcceptUserID ID       `json:"acceptUserId,omitempty"`
}

// ImpactRule says how one impact follows from separate confidentiality,
// integrity and availability impacts.
type ImpactRule string

// The rules: the highest of the three, or their mean rounded up. Impacts
// left unset (0) are ignored.
const (
	ImpactHighest ImpactRule = "highest"
	ImpactMean    ImpactRule = "mean"
)

// RiskMethod is one version of an organization's risk method.
type RiskMethod struct {
	ID          ID     `json:"id"`
	OrgID       ID     `json:"organizationId"`
	Number      int    `json:"number"` // 1 for v1, 2 for v2 …
	Name        string `json:"name"`
	Description string `json:"description"`
	// Likelihood and Impact are the scales, lowest first.
	Likelihood []RiskScaleLevel `json:"likelihood"`
	Impact     []RiskScaleLevel `json:"impact"`
	// CIA is set when impact is assessed separately for confidentiality,
	// integrity and availability, combined by ImpactRule.
	CIA        bool        `json:"cia"`
	ImpactRule ImpactRule  `json:"impactRule"`
	Levels     []RiskLevel `json:"levels"`
	// Matrix[l-1][i-1] is the level number (1-based position in Levels) of
	// likelihood position l and impact position i.
	Matrix [][]int `json:"matrix"`
	// ReviewMonths is the reassessment interval of risks scored under it.
	ReviewMonths int              `json:"reviewMonths"`
	Status       RiskMethodStatus `json:"status"`
	ApprovedAt   time.Time        `json:"approvedAt,omitzero"`
	ApprovalID   ID               `json:"approvalId,omitempty"`
	CreatedBy    ID               `json:"createdBy,omitempty"`
	CreatedAt    time.Time        `json:"createdAt"`
	UpdatedAt    time.Time        `json:"updatedAt"`
	Version      int              `json:"version"` // edit revision; optimistic concurrency
}

// VersionLabel is how people name the version: "v2".
func (m *RiskMethod) VersionLabel() string { return fmt.Sprintf("v%d", m.Number) }

// Normalize trims the text fields.
func (m *RiskMethod) Normalize() {
	m.Name, m.Description = strings.TrimSpace(m.Name), strings.TrimSpace(m.Description)
	for _, s := range [][]RiskScaleLevel{m.Likelihood, m.Impact} {
		for i := range s {
			s[i].Label, s[i].Criteria = strings.TrimSpace(s[i].Label), strings.TrimSpace(s[i].Criteria)
		}
	}
	for i := range m.Levels {
		l := &m.Levels[i]
		l.Key, l.Label = strings.TrimSpace(strings.ToLower(l.Key)), strings.TrimSpace(l.Label)
		l.Color = strings.TrimSpace(strings.ToLower(l.Color))
		if l.AcceptBy != AcceptByPerson {
			l.AcceptUserID = ""
		}
	}
	if !m.CIA {
		m.ImpactRule = ""
	} else if m.ImpactRule == "" {
		m.ImpactRule = ImpactHighest
	}
}

var (
	levelKeyRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)
	colorRE    = regexp.MustCompile(`^#[0-9a-f]{6}$`)
)

// Validate reports every problem with m at once. Fields are named as a
// form or JSON body gives them: "likelihood[2].label", "matrix[1][3]",
// "levels[0].color".
func (m *RiskMethod) Validate() error {
	p := Problems{}
	checkName(p, "name", "Name", m.Name)
	checkText(p, "description", "Description", m.Description)
	checkScale(p, "likelihood", "Likelihood", m.Likelihood)
	checkScale(p, "impact", "Impact", m.Impact)
	if m.CIA && m.ImpactRule != ImpactHighest && m.ImpactRule != ImpactMean {
		p.Add("impactRule", "Choose how the C, I and A impacts combine: the highest or the mean.")
	}
	m.checkLevels(p)
	m.checkMatrix(p)
	if m.ReviewMonths < 1 || m.ReviewMonths > 60 {
		p.Add("reviewMonths", "Reassessment interval must be 1 to 60 months.")
	}
	return p.Err()
}

func checkScale(p Problems, field, label string, s []RiskScaleLevel) {
	if len(s) < MinScaleLevels || len(s) > MaxScaleLevels {
		p.Add(field, fmt.Sprintf("%s scale must have 2 to 10 levels; it has %d.", label, len(s)))
	}
	labels := map[string]bool{}
	for i, l := range s {
		f := fmt.Sprintf("%s[%d]", field, i)
		checkName(p, f+".label", fmt.Sprintf("%s level %d label", label, i+1), l.Label)
		checkText(p, f+".criteria", "Criteria", l.Criteria)
		if labels[strings.ToLower(l.Label)] && l.Label != "" {
			p.Add(f+".label", fmt.Sprintf("%s level label %q is used twice.", label, l.Label))
		}
		labels[strings.ToLower(l.Label)] = true
		if i > 0 && l.Value <= s[i-1].Value {
			p.Add(f+".value", fmt.Sprintf("%s level %d value must be greater than level %d's (%d).", label, i+1, i, s[i-1].Value))
		}
	}
}

func (m *RiskMethod) checkLevels(p Problems) {
	if len(m.Levels) < MinScaleLevels || len(m.Levels) > MaxScaleLevels {
		p.Add("levels", fmt.Sprintf("Define 2 to 10 risk levels; there are %d.", len(m.Levels)))
	}
	keys := map[string]bool{}
	for i, l := range m.Levels {
		f := fmt.Sprintf("levels[%d]", i)
		if !levelKeyRE.MatchString(l.Key) {
			p.Add(f+".key", fmt.Sprintf("Level %d key must be 1 to 40 lower-case letters, digits, - or _.", i+1))
		} else if keys[l.Key] {
			p.Add(f+".key", fmt.Sprintf("Level key %q is used twice.", l.Key))
		}
		keys[l.Key] = true
		checkName(p, f+".label", fmt.Sprintf("Level %d label", i+1), l.Label)
		if !colorRE.MatchString(l.Color) {
			p.Add(f+".color", fmt.Sprintf("Level %d colour must be written #rrggbb.", i+1))
		}
		if !l.AcceptBy.Valid() {
			p.Add(f+".acceptBy", fmt.Sprintf("Level %d: say who may accept it (owner, manager, admin, person or nobody).", i+1))
		} else if l.AcceptBy == AcceptByPerson && l.AcceptUserID == "" {
			p.Add(f+".acceptUserId", fmt.Sprintf("Level %d: choose the person who may accept it.", i+1))
		}
		if l.Retain && l.AcceptBy == AcceptByNobody {
			p.Add(f+".retain", fmt.Sprintf("Level %d cannot be retained without treatment when nobody may accept it.", i+1))
		}
	}
}

func (m *RiskMethod) checkMatrix(p Problems) {
	if len(m.Matrix) != len(m.Likelihood) {
		p.Add("matrix", fmt.Sprintf("The matrix must have one row per likelihood level (%d); it has %d.", len(m.Likelihood), len(m.Matrix)))
		return
	}
	for l, row := range m.Matrix {
		if len(row) != len(m.Impact) {
			p.Add(fmt.Sprintf("matrix[%d]", l), fmt.Sprintf("Matrix row %d must have one cell per impact level (%d); it has %d.", l+1, len(m.Impact), len(row)))
			continue
		}
		for i, v := range row {
			if v < 1 || v > len(m.Levels) {
				p.Add(fmt.Sprintf("matrix[%d][%d]", l, i), fmt.Sprintf("Matrix cell (likelihood %d, impact %d) must name a risk level from 1 to %d.", l+1, i+1, len(m.Levels)))
			}
		}
	}
}

// LevelOf returns the level number of likelihood position l and impact
// position i, or 0 when either is unset or out of the scales.
func (m *RiskMethod) LevelOf(l, i int) int {
	if l < 1 || i < 1 || l > len(m.Matrix) || i > len(m.Matrix[l-1]) {
		return 0
	}
	return m.Matrix[l-1][i-1]
}

// Level returns level number n, or nil for 0 or out of range.
func (m *RiskMethod) Level(n int) *RiskLevel {
	if n < 1 || n > len(m.Levels) {
		return nil
	}
	return &m.Levels[n-1]
}

// LevelLabel returns the label of level number n, "" when unset.
func (m *RiskMethod) LevelLabel(n int) string {
	if l := m.Level(n); l != nil {
		return l.Label
	}
	return ""
}

// LevelByKey returns the number of the level with key k, or 0.
func (m *RiskMethod) LevelByKey(k string) int {
	for i, l := range m.Levels {
		if l.Key == k {
			return i + 1
		}
	}
	return 0
}

// CombineImpact returns the impact position that separate C, I and A
// impacts give under the method's rule, ignoring unset (0) values; 0 when
// all are unset.
func (m *RiskMethod) CombineImpact(c, i, a int) int {
	var n, sum, hi int
	for _, v := range []int{c, i, a} {
		if v <= 0 {
			continue
		}
		n, sum = n+1, sum+v
		hi = max(hi, v)
	}
	if n == 0 {
		return 0
	}
	if m.ImpactRule == ImpactMean {
		return (sum + n - 1) / n
	}
	return hi
}

// MayRetain reports whether a risk of level n may be retained without
// treatment.
func (m *RiskMethod) MayRetain(n int) bool {
	l := m.Level(n)
	return l != nil && l.Retain
}

// CanAccept returns nil when a person with role r and ID user may accept a
// residual risk of level n owned by owner, and a Forbidden error that says
// who may otherwise.
func (m *RiskMethod) CanAccept(n int, r Role, user, owner ID) error {
	l := m.Level(n)
	if l == nil {
		return Errorf(Invalid, "Score the residual risk before accepting it.")
	}
	ok := false
	switch l.AcceptBy {
	case AcceptByOwner:
		ok = owner != "" && user == owner
	case AcceptByManager:
		ok = r == RoleManager || r == RoleAdmin
	case AcceptByAdmin:
		ok = r == RoleAdmin
	case AcceptByPerson:
		ok = l.AcceptUserID != "" && user == l.AcceptUserID
	}
	if ok {
		return nil
	}
	if l.AcceptBy == AcceptByNobody {
		return Errorf(Forbidden, "A %s residual risk cannot be accepted under method %s: treat it further.", l.Label, m.VersionLabel())
	}
	return Errorf(Forbidden, "You may not accept a %s residual risk: under method %s only %s may.", l.Label, m.VersionLabel(), lowerFirst(l.AcceptBy.Label()))
}

// lowerFirst lower-cases the first letter of s, for a label inside a
// sentence ("An ISMS manager" → "an ISMS manager").
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// methodContent is what an approval of a method version covers.
type methodContent struct {
	Number       int              `json:"number"`
	Name         string           `json:"name"`
	Description  string           `json:"description"`
	Likelihood   []RiskScaleLevel `json:"likelihood"`
	Impact       []RiskScaleLevel `json:"impact"`
	CIA          bool             `json:"cia"`
	ImpactRule   ImpactRule       `json:"impactRule,omitempty"`
	Levels       []RiskLevel      `json:"levels"`
	Matrix       [][]int          `json:"matrix"`
	ReviewMonths int              `json:"reviewMonths"`
}

// ApprovalContent returns the canonical bytes of what approving this
// version approves: scales, levels, matrix, criteria and interval.
func (m *RiskMethod) ApprovalContent() []byte {
	b, err := json.MarshalIndent(methodContent{m.Number, m.Name, m.Description, m.Likelihood, m.Impact,
		m.CIA, m.ImpactRule, m.Levels, m.Matrix, m.ReviewMonths}, "", "  ")
	if err != nil {
		panic(err) // plain data; cannot fail
	}
	return b
}

// NextDraft returns a draft copy of m numbered number, for the next version.
func (m *RiskMethod) NextDraft(number int) *RiskMethod {
	d := &RiskMethod{OrgID: m.OrgID, Number: number, Name: m.Name, Description: m.Description,
		Likelihood: append([]RiskScaleLevel(nil), m.Likelihood...), Impact: append([]RiskScaleLevel(nil), m.Impact...),
		CIA: m.CIA, ImpactRule: m.ImpactRule, Levels: append([]RiskLevel(nil), m.Levels...),
		ReviewMonths: m.ReviewMonths, Status: MethodDraft}
	for _, row := range m.Matrix {
		d.Matrix = append(d.Matrix, append([]int(nil), row...))
	}
	return d
}

// RescoreMap says which position of a new method each position of an old
// one becomes: Likelihood[k] is the new position of old likelihood
// position k+1, and likewise Impact.
type RescoreMap struct {
	Likelihood []int `json:"likelihood"`
	Impact     []int `json:"impact"`
}

// DefaultRescoreMap proposes a mapping from old's scales to next's: each
// old position goes to the new position at the same relative height,
// rounded to the nearest (1 → 1, top → top).
func DefaultRescoreMap(old, next *RiskMethod) RescoreMap {
	return RescoreMap{Likelihood: stretch(len(old.Likelihood), len(next.Likelihood)),
		Impact: stretch(len(old.Impact), len(next.Impact))}
}

func stretch(from, to int) []int {
	out := make([]int, from)
	for k := range out {
		if from == 1 {
			out[k] = 1
			continue
		}
		// round(k*(to-1)/(from-1)) + 1, in integers
		out[k] = (2*k*(to-1)+(from-1))/(2*(from-1)) + 1
	}
	return out
}

// Validate reports every problem with rm as a mapping from old to next.
func (rm RescoreMap) Validate(old, next *RiskMethod) error {
	p := Problems{}
	checkMap(p, "likelihood", "likelihood", rm.Likelihood, len(old.Likelihood), len(next.Likelihood))
	checkMap(p, "impact", "impact", rm.Impact, len(old.Impact), len(next.Impact))
	return p.Err()
}

func checkMap(p Problems, field, label string, m []int, from, to int) {
	if len(m) != from {
		p.Add(field, fmt.Sprintf("Map each of the %d old %s levels; %d are mapped.", from, label, len(m)))
		return
	}
	for k, v := range m {
		if v < 1 || v > to {
			p.Add(fmt.Sprintf("%s[%d]", field, k), fmt.Sprintf("Old %s level %d must map to a new level from 1 to %d.", label, k+1, to))
		}
	}
}

// apply maps one position; 0 stays 0.
func (rm RescoreMap) apply(m []int, pos int) int {
	if pos < 1 || pos > len(m) {
		return 0
	}
	return m[pos-1]
}

// Apply returns s re-scored under next: each position mapped, the impact
// recombined from C, I and A when next assesses them, the level looked up.
func (rm RescoreMap) Apply(s RiskScore, next *RiskMethod) RiskScore {
	out := RiskScore{Likelihood: rm.apply(rm.Likelihood, s.Likelihood), Impact: rm.apply(rm.Impact, s.Impact)}
	if next.CIA {
		out.C, out.I, out.A = rm.apply(rm.Impact, s.C), rm.apply(rm.Impact, s.I), rm.apply(rm.Impact, s.A)
	}
	out.Score(next)
	return out
}

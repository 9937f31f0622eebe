// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"fmt"
	"strings"
	"time"
)

// RiskKind is how a risk was identified (ISO 27005 8.2): from an event
// scenario or from an asset, its threat and its vulnerability. Both kinds
// live in one register.
type RiskKind string

// The risk kinds.
const (
	RiskScenario RiskKind = "scenario"
	RiskAsset    RiskKind = "asset"
)

// Valid reports whether k is a known kind.
func (k RiskKind) Valid() bool { return k == RiskScenario || k == RiskAsset }

// Label names the kind for people.
func (k RiskKind) Label() string {
	if k == RiskAsset {
		return "Asset-based"
	}
	return "Event scenario"
}

// RiskStatus is where a risk stands in its life.
type RiskStatus string

// The risk statuses, in the order a risk usually moves through them.
const (
	RiskIdentified       RiskStatus = "identified"
	RiskAssessed         RiskStatus = "assessed"
	RiskTreatmentPlanned RiskStatus = "treatment_planned"
	RiskInTreatment      RiskStatus = "in_treatment"
	RiskAccepted         RiskStatus = "accepted"
	RiskClosed           RiskStatus = "closed"
)

// RiskStatuses lists the statuses in display order.
var RiskStatuses = []RiskStatus{RiskIdentified, RiskAssessed, RiskTreatmentPlanned, RiskInTreatment, RiskAccepted, RiskClosed}

// Valid reports whether s is a known status.
func (s RiskStatus) Valid() bool {
	for _, x := range RiskStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Label names the status for people.
func (s RiskStatus) Label() string {
	switch s {
	case RiskIdentified:
		return "Identified"
	case RiskAssessed:
		return "Assessed"
	case RiskTreatmentPlanned:
		return "Treatment planned"
	case RiskInTreatment:
		return "In treatment"
	case RiskAccepted:
		return "Accepted"
	case RiskClosed:
		return "Closed"
	}
	return string(s)
}

// TreatmentOption is the chosen way to deal with a risk (ISO 27005 10.2).
type TreatmentOption string

// The treatment options; TreatmentNone while undecided.
const (
	TreatmentNone   TreatmentOption = ""
	TreatmentModify TreatmentOption = "modify"
	TreatmentRetain TreatmentOption = "retain"
	TreatmentAvoid  TreatmentOption = "avoid"
	TreatmentShare  TreatmentOption = "share"
)

// TreatmentOptions lists the decided options in display order.
var TreatmentOptions = []TreatmentOption{TreatmentModify, TreatmentRetain, TreatmentAvoid, TreatmentShare}

// Valid reports whether t is a known option or undecided.
func (t TreatmentOption) Valid() bool {
	if t == TreatmentNone {
		return true
	}
	for _, x := range TreatmentOptions {
		if t == x {
			return true
		}
	}
	return false
}

// Label names the option for people.
func (t TreatmentOption) Label() string {
	switch t {
	case TreatmentModify:
		return "Modify (reduce)"
	case TreatmentRetain:
		return "Retain"
	case TreatmentAvoid:
		return "Avoid"
	case TreatmentShare:
		return "Share"
	}
	return "Not decided"
}

// RiskScore is a likelihood and impact, as positions on a method's scales
// (1 for the lowest; 0 unset), and the level the matrix gives. C, I and A
// are the separate impacts of a method that assesses them.
type RiskScore struct {
	Likelihood int `json:"likelihood"`
	Impact     int `json:"impact"`
	C          int `json:"c,omitempty"`
	I          int `json:"i,omitempty"`
	A          int `json:"a,omitempty"`
	Level      int `json:"level"`
}

// IsZero reports whether nothing is scored.
func (s RiskScore) IsZero() bool {
	return s.Likelihood == 0 && s.Impact == 0 && s.C == 0 && s.I == 0 && s.A == 0
}

// Score sets the impact from C, I and A when m assesses them and any is
// set, then the level from the matrix (0 while either axis is unset).
func (s *RiskScore) Score(m *RiskMethod) {
	if m.CIA && (s.C > 0 || s.I > 0 || s.A > 0) {
		s.Impact = m.CombineImpact(s.C, s.I, s.A)
	}
	if !m.CIA {
		s.C, s.I, s.A = 0, 0, 0
	}
	s.Level = m.LevelOf(s.Likelihood, s.Impact)
}

// check records a problem for each position outside m's scales; prefix is
// "inherent" or "residual".
func (s RiskScore) check(p Problems, prefix string, m *RiskMethod) {
	checkPos(p, prefix+"Likelihood", "Likelihood", s.Likelihood, len(m.Likelihood))
	checkPos(p, prefix+"Impact", "Impact", s.Impact, len(m.Impact))
	for _, x := range []struct {
		f string
		v int
	}{{"C", s.C}, {"I", s.I}, {"A", s.A}} {
		checkPos(p, prefix+"Impact"+x.f, x.f+" impact", x.v, len(m.Impact))
	}
	hasImpact := s.Impact != 0 || (m.CIA && (s.C != 0 || s.I != 0 || s.A != 0))
	if (s.Likelihood != 0) != hasImpact {
		p.Add(prefix+"Likelihood", "Give both likelihood and impact, or neither.")
	}
}

func checkPos(p Problems, field, label string, v, n int) {
	if v < 0 || v > n {
		p.Add(field, fmt.Sprintf("%s must be a level from 1 to %d.", label, n))
	}
}

// Risk is one entry of the risk register.
type Risk struct {
	ID    ID       `json:"id"`
	OrgID ID       `json:"organizationId"`
	Ref   string   `json:"ref"` // "R-12", unique in the organization
	Title string   `json:"title"`
	Kind  RiskKind `json:"kind"`
	// An event scenario: who or what causes it, what happens, with what
	// consequence.
	ThreatSource string `json:"threatSource"`
	Event        string `json:"event"`
	Consequence  string `json:"consequence"`
	// An asset-based risk: the threat and the vulnerability it exploits
	// (the assets are linked).
	Threat        string `json:"threat"`
	Vulnerability string `json:"vulnerability"`
	Description   string `json:"description"`
	Category      string `json:"category"`
	OwnerID       ID     `json:"ownerId,omitempty"`
	OwnerName     string `json:"ownerName,omitempty"`
	// MethodID is the method version the risk is scored under;
	// MethodNumber its number, read with the risk.
	MethodID      ID              `json:"methodId,omitempty"`
	MethodNumber  int             `json:"methodVersion,omitempty"`
	Inherent      RiskScore       `json:"inherent"`
	Residual      RiskScore       `json:"residual"`
	Treatment     TreatmentOption `json:"treatment"`
	TreatmentPlan string          `json:"treatmentPlan"`
	Status        RiskStatus      `json:"status"`
	NextReview    Date            `json:"nextReview,omitzero"`
	LastReviewed  Date            `json:"lastReviewed,omitzero"`
	// ReviewTaskID is the open task of the next review.
	ReviewTaskID ID `json:"reviewTaskId,omitempty"`
	// AcceptanceID is the current residual-risk acceptance and
	// AcceptedUntil when it lapses; both empty when none stands.
	AcceptanceID  ID   `json:"acceptanceId,omitempty"`
	AcceptedUntil Date `json:"acceptedUntil,omitzero"`
	// Counts read with lists.
	Assets         int       `json:"assets"`
	Controls       int       `json:"controls"`
	OpenActions    int       `json:"openActions"`
	OverdueActions int       `json:"overdueActions"`
	CreatedBy      ID        `json:"createdBy,omitempty"`
	CreatedAt      time.Time `json:"createdAt"`
	UpdatedAt      time.Time `json:"updatedAt"`
	Version        int       `json:"version"`
}

// Normalize trims the text fields.
func (r *Risk) Normalize() {
	for _, s := range []*string{&r.Ref, &r.Title, &r.ThreatSource, &r.Event, &r.Consequence, &r.Threat,
		&r.Vulnerability, &r.Description, &r.Category, &r.TreatmentPlan} {
		*s = strings.TrimSpace(*s)
	}
}

// Validate reports every problem with r at once; m is the method it is
// scored under (nil when it is not scored yet).
func (r *Risk) Validate(m *RiskMethod) error {
	p := Problems{}
	if r.Ref == "" {
		p.Add("ref", "Reference is required, such as R-12.")
	} else if len(r.Ref) > 40 || strings.ContainsAny(r.Ref, " \t\r\n") {
		p.Add("ref", "Reference must be at most 40 characters, without spaces.")
	}
	checkName(p, "title", "Title", r.Title)
	if !r.Kind.Valid() {
		p.Add("kind", "Kind must be scenario or asset.")
	}
	for _, f := range []struct{ field, label, v string }{{"threatSource", "Threat source", r.ThreatSource},
		{"event", "Event", r.Event}, {"consequence", "Consequence", r.Consequence}, {"threat", "Threat", r.Threat},
		{"vulnerability", "Vulnerability", r.Vulnerability}, {"description", "Description", r.Description},
		{"treatmentPlan", "Treatment plan", r.TreatmentPlan}} {
		checkText(p, f.field, f.label, f.v)
	}
	if len(r.Category) > MaxNameLen {
		p.Add("category", "Category must be at most 200 characters.")
	}
	if !r.Status.Valid() {
		p.Add("status", "Status must be identified, assessed, treatment planned, in treatment, accepted or closed.")
	}
	if !r.Treatment.Valid() {
		p.Add("treatment", "Treatment must be modify, retain, avoid or share.")
	}
	if m == nil && !(r.Inherent.IsZero() && r.Residual.IsZero()) {
		p.Add("inherentLikelihood", "Approve a risk method before scoring risks.")
	}
	if m != nil {
		r.Inherent.check(p, "inherent", m)
		r.Residual.check(p, "residual", m)
	}
	if !r.NextReview.IsZero() && !plausibleDate(r.NextReview) {
		p.Add("nextReview", "Next review must be between 2000 and 2199.")
	}
	return p.Err()
}

// Score recomputes both levels under m.
func (r *Risk) Score(m *RiskMethod) {
	r.Inherent.Score(m)
	r.Residual.Score(m)
}

// CurrentLevel is the level that counts now: the residual one once scored,
// else the inherent one.
func (r *Risk) CurrentLevel() int {
	if r.Residual.Level > 0 {
		return r.Residual.Level
	}
	return r.Inherent.Level
}

// AutoStatus moves a risk that is still being worked up to the status its
// data says: identified until scored, assessed once scored, treatment
// planned once a treatment is chosen. In treatment, accepted and closed
// are set by what people do and are left alone.
func (r *Risk) AutoStatus() {
	switch r.Status {
	case "", RiskIdentified, RiskAssessed, RiskTreatmentPlanned:
	default:
		return
	}
	switch {
	case r.Inherent.Level == 0:
		r.Status = RiskIdentified
	case r.Treatment == TreatmentNone:
		r.Status = RiskAssessed
	default:
		r.Status = RiskTreatmentPlanned
	}
}

// RiskFlag is a condition of a risk the rest of the product reports on.
type RiskFlag string

// The flags.
const (
	// FlagUntreated: its level may not be retained and no treatment is chosen.
	FlagUntreated RiskFlag = "untreated"
	// FlagActionOverdue: a treatment action is open past its due date.
	FlagActionOverdue RiskFlag = "action_overdue"
	// FlagReviewOverdue: the review date has passed.
	FlagReviewOverdue RiskFlag = "review_overdue"
	// FlagAcceptanceMissing: the residual risk is scored but nobody accepted it.
	FlagAcceptanceMissing RiskFlag = "acceptance_missing"
	// FlagAcceptanceExpired: the acceptance lapsed at the review date.
	FlagAcceptanceExpired RiskFlag = "acceptance_expired"
	// FlagRescore: scored under a method version other than the current one.
	FlagRescore RiskFlag = "rescore"
)

// RiskFlags lists the flags in display order.
var RiskFlags = []RiskFlag{FlagUntreated, FlagActionOverdue, FlagReviewOverdue, FlagAcceptanceMissing, FlagAcceptanceExpired, FlagRescore}

// Label describes the flag for people.
func (f RiskFlag) Label() string {
	switch f {
	case FlagUntreated:
		return "Above acceptance criteria without treatment"
	case FlagActionOverdue:
		return "Treatment action overdue"
	case FlagReviewOverdue:
		return "Review date passed"
	case FlagAcceptanceMissing:
		return "Residual risk not accepted"
	case FlagAcceptanceExpired:
		return "Acceptance expired"
	case FlagRescore:
		return "Scored under an older method"
	}
	return string(f)
}

// Flags returns the conditions that hold for r today; m is the method r is
// scored under (nil if none) and current the organization's current
// approved method (nil if none). A closed risk has no flags.
func (r *Risk) Flags(m, current *RiskMethod, today Date) []RiskFlag {
	if r.Status == RiskClosed {
		return nil
	}
	var out []RiskFlag
	if m != nil && r.Inherent.Level > 0 && !m.MayRetain(r.Inherent.Level) && r.Treatment == TreatmentNone {
		out = append(out, FlagUntreated)
	}
	if r.OverdueActions > 0 {
		out = append(out, FlagActionOverdue)
	}
	if !r.NextReview.IsZero() && r.NextReview.Before(today) {
		out = append(out, FlagReviewOverdue)
	}
	switch {
	case r.AcceptanceID == "" && r.Residual.Level > 0:
		out = append(out, FlagAcceptanceMissing)
	case r.AcceptanceID != "" && !r.AcceptedUntil.IsZero() && !today.Before(r.AcceptedUntil):
		out = append(out, FlagAcceptanceExpired)
	}
	if current != nil && r.MethodID != "" && r.MethodID != current.ID {
		out = append(out, FlagRescore)
	}
	return out
}

// RiskFilter selects risks of one organization; zero fields do not filter.
type RiskFilter struct {
	OrgID     ID
	Search    string // in reference, title, scenario, threat, vulnerability
	OwnerID   ID
	Status    RiskStatus
	Treatment TreatmentOption
	// Untreated selects risks with no treatment chosen.
	Untreated bool
	Kind      RiskKind
	Category  string
	// Level selects risks whose Basis level ("inherent" or "residual";
	// residual by default) is this level number of MethodID.
	Level    int
	Basis    string
	MethodID ID
	// Likelihood and Impact select one heatmap cell: risks of MethodID
	// whose Basis likelihood and impact are these positions.
	Likelihood int
	Impact     int
	AssetID    ID
	// ControlID selects risks linked to the control.
	ControlID ID
	// Overdue selects open risks whose review date is before Today or that
	// have a treatment action open past its due date.
	Overdue bool
	Today   Date
	// Sort: "ref", "title", "owner", "status", "inherent", "residual",
	// "nextReview", "updated"; "-" prefix for descending.
	Sort   string
	Limit  int
	Offset int
}

// HeatCell is how many risks sit at one (likelihood, impact) position.
type HeatCell struct {
	Likelihood int `json:"likelihood"`
	Impact     int `json:"impact"`
	Count      int `json:"count"`
}

// RiskAcceptance records that someone with authority accepted a risk's
// residual level (27001 6.1.3 f). It lapses at ExpiresOn (the risk's next
// review date) or when the residual score or method changes; EndedAt and
// EndReason say when and why it stopped counting.
type RiskAcceptance struct {
	ID             ID        `json:"id"`
	OrgID          ID        `json:"organizationId"`
	RiskID         ID        `json:"riskId"`
	AcceptedBy     ID        `json:"acceptedBy"`
	AcceptedByName string    `json:"acceptedByName"`
	AcceptedAt     time.Time `json:"acceptedAt"`
	MethodID       ID        `json:"methodId"`
	MethodNumber   int       `json:"methodVersion"`
	Residual       RiskScore `json:"residual"`
	LevelLabel     string    `json:"levelLabel"`
	Comment        string    `json:"comment"`
	ExpiresOn      Date      `json:"expiresOn"`
	EndedAt        time.Time `json:"endedAt,omitzero"`
	EndReason      string    `json:"endReason,omitempty"`
}

// Why an acceptance ended.
const (
	AcceptanceScoreChanged = "residual score changed"
	AcceptanceMethodChange = "re-scored under a new method"
	AcceptanceReplaced     = "accepted again"
	AcceptanceReopened     = "risk reopened"
)

// TreatmentAction is one action of a risk's treatment plan: a task linked
// to the risk, optionally carrying out one control.
type TreatmentAction struct {
	TaskID     ID         `json:"taskId"`
	RiskID     ID         `json:"riskId"`
	ControlID  ID         `json:"controlId,omitempty"`
	ControlRef string     `json:"controlRef,omitempty"`
	Title      string     `json:"title"`
	OwnerID    ID         `json:"ownerId"`
	OwnerName  string     `json:"ownerName"`
	Due        Date       `json:"due"`
	Status     TaskStatus `json:"status"`
}

// Overdue reports whether the action is open past its due date.
func (a *TreatmentAction) Overdue(today Date) bool {
	return a.Status == TaskOpen && a.Due.Before(today)
}

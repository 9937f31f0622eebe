// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
	"unicode/utf8"
)

// The context of the organization (27001 4.1 and 4.2): the internal and
// external issues that bear on what the ISMS can achieve, the interested
// parties, and the requirements of those parties, with whether the ISMS
// addresses each one.

// ContextKind says whether an issue or a party lies inside the
// organization or outside it.
type ContextKind string

// The kinds of issues and parties.
const (
	ContextInternal ContextKind = "internal"
	ContextExternal ContextKind = "external"
)

// ContextKinds lists the kinds in display order.
var ContextKinds = []ContextKind{ContextInternal, ContextExternal}

// Label returns the kind as people read it.
func (k ContextKind) Label() string { return contextLabel(string(k)) }

// IssueCategory groups context issues, after PESTLE with the
// organization's own matters added.
type IssueCategory string

// The issue categories.
const (
	IssuePolitical      IssueCategory = "political"
	IssueEconomic       IssueCategory = "economic"
	IssueSocial         IssueCategory = "social"
	IssueTechnological  IssueCategory = "technological"
	IssueLegal          IssueCategory = "legal"
	IssueEnvironmental  IssueCategory = "environmental"
	IssueOrganizational IssueCategory = "organizational"
	IssueOther          IssueCategory = "other"
)

// IssueCategories lists the categories in display order.
var IssueCategories = []IssueCategory{IssuePolitical, IssueEconomic, IssueSocial, IssueTechnological, IssueLegal,
	IssueEnvironmental, IssueOrganizational, IssueOther}

// Label returns the category as people read it.
func (c IssueCategory) Label() string {
	if c == IssueLegal {
		return "Legal and regulatory"
	}
	return contextLabel(string(c))
}

// IssueEffect says whether an issue helps or hinders the ISMS.
type IssueEffect string

// The effects of an issue.
const (
	EffectPositive IssueEffect = "positive"
	EffectNegative IssueEffect = "negative"
)

// IssueEffects lists the effects in display order.
var IssueEffects = []IssueEffect{EffectNegative, EffectPositive}

// Label returns the effect as people read it.
func (e IssueEffect) Label() string {
	switch e {
	case EffectPositive:
		return "Helps"
	case EffectNegative:
		return "Hinders"
	}
	return string(e)
}

// ContextIssue is an internal or external issue relevant to the
// organization's purpose that affects the outcomes of its ISMS. Issues
// are conditions, not risks: the risks and opportunities that arise from
// them are linked to them.
type ContextIssue struct {
	ID          ID            `json:"id"`
	OrgID       ID            `json:"organizationId"`
	Ref         string        `json:"ref"` // "CI-3"; never changes
	Number      int           `json:"-"`
	Title       string        `json:"title"`
	Kind        ContextKind   `json:"kind"`
	Category    IssueCategory `json:"category"`
	Description string        `json:"description"`
	Effect      IssueEffect   `json:"effect"`
	// Climate marks an issue about climate change, which the organization
	// must decide about since 27001 Amd 1:2024.
	Climate   bool      `json:"climate"`
	OwnerID   ID        `json:"ownerId,omitempty"`
	OwnerName string    `json:"ownerName,omitempty"`
	ReviewOn  Date      `json:"reviewOn,omitzero"` // when the issue is next looked at again
	CreatedBy ID        `json:"createdBy,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int       `json:"version"`
}

// Validate reports every problem with c at once. The owner is checked by
// the use case, which knows the members.
func (c *ContextIssue) Validate() error {
	p := Problems{}
	c.Title, c.Description = strings.TrimSpace(c.Title), strings.TrimSpace(c.Description)
	checkName(p, "title", "Title", c.Title)
	if !oneOf(c.Kind, ContextKinds) {
		p.Add("kind", "Say whether the issue is internal or external.")
	}
	if !oneOf(c.Category, IssueCategories) {
		p.Add("category", "Category must be political, economic, social, technological, legal, environmental, organizational or other.")
	}
	if !oneOf(c.Effect, IssueEffects) {
		p.Add("effect", "Say whether the issue helps (positive) or hinders (negative) the ISMS.")
	}
	checkText(p, "description", "Description", c.Description)
	if !c.ReviewOn.IsZero() && !plausibleDate(c.ReviewOn) {
		p.Add("reviewOn", "Review date must be between 2000 and 2199.")
	}
	return p.Err()
}

// ReviewDue reports whether the issue should have been reviewed before
// today.
func (c *ContextIssue) ReviewDue(today Date) bool {
	return !c.ReviewOn.IsZero() && c.ReviewOn.Before(today)
}

// PartyCategory groups interested parties.
type PartyCategory string

// The party categories.
const (
	PartyCustomer    PartyCategory = "customer"
	PartyRegulator   PartyCategory = "regulator"
	PartyEmployee    PartyCategory = "employee"
	PartySupplier    PartyCategory = "supplier"
	PartyShareholder PartyCategory = "shareholder"
	PartyPartner     PartyCategory = "partner"
	PartyAuthority   PartyCategory = "authority"
	PartyPublic      PartyCategory = "public"
	PartyOther       PartyCategory = "other"
)

// PartyCategories lists the categories in display order.
var PartyCategories = []PartyCategory{PartyCustomer, PartyRegulator, PartyEmployee, PartySupplier, PartyShareholder,
	PartyPartner, PartyAuthority, PartyPublic, PartyOther}

// Label returns the category as people read it.
func (c PartyCategory) Label() string {
	switch c {
	case PartyEmployee:
		return "Employees and contractors"
	case PartySupplier:
		return "Supplier or outsourcer"
	case PartyShareholder:
		return "Owners and shareholders"
	case PartyAuthority:
		return "Authority or law enforcement"
	case PartyPublic:
		return "The public and media"
	}
	return contextLabel(string(c))
}

// InterestedParty is a person or organization that can affect, be
// affected by, or believe itself affected by the ISMS.
type InterestedParty struct {
	ID          ID            `json:"id"`
	OrgID       ID            `json:"organizationId"`
	Ref         string        `json:"ref"` // "IP-2"; never changes
	Number      int           `json:"-"`
	Name        string        `json:"name"`
	Kind        ContextKind   `json:"kind"`
	Category    PartyCategory `json:"category"`
	Description string        `json:"description"`
	Contact     string        `json:"contact"` // who to talk to there, how to reach them
	OwnerID     ID            `json:"ownerId,omitempty"`
	OwnerName   string        `json:"ownerName,omitempty"`
	// Requirements is how many requirements the party has, read with it.
	Requirements int       `json:"requirements"`
	CreatedBy    ID        `json:"createdBy,omitempty"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
	Version      int       `json:"version"`
}

// Validate reports every problem with ip at once.
func (ip *InterestedParty) Validate() error {
	p := Problems{}
	ip.Name, ip.Description, ip.Contact = strings.TrimSpace(ip.Name), strings.TrimSpace(ip.Description), strings.TrimSpace(ip.Contact)
	checkName(p, "name", "Name", ip.Name)
	if !oneOf(ip.Kind, ContextKinds) {
		p.Add("kind", "Say whether the party is internal or external.")
	}
	if !oneOf(ip.Category, PartyCategories) {
		p.Add("category", "Category must be customer, regulator, employee, supplier, shareholder, partner, authority, public or other.")
	}
	checkText(p, "description", "Description", ip.Description)
	if utf8.RuneCountInString(ip.Contact) > MaxNameLen {
		p.Add("contact", "Contact must be at most 200 characters.")
	}
	return p.Err()
}

// RequirementType says where a party's requirement comes from.
type RequirementType string

// The requirement types.
const (
	RequirementLegal       RequirementType = "legal"
	RequirementRegulatory  RequirementType = "regulatory"
	RequirementContractual RequirementType = "contractual"
	RequirementOther       RequirementType = "other"
)

// RequirementTypes lists the types in display order.
var RequirementTypes = []RequirementType{RequirementLegal, RequirementRegulatory, RequirementContractual, RequirementOther}

// Label returns the type as people read it.
func (t RequirementType) Label() string { return contextLabel(string(t)) }

// PartyRequirement is a need or expectation of an interested party that
// is relevant to information security: a law, a regulation, a contract
// clause, a customer's expectation. The organization decides whether its
// ISMS addresses it and says how, or why not; the controls, documents and
// risks that address it are record links from it.
type PartyRequirement struct {
	ID          ID              `json:"id"`
	OrgID       ID              `json:"organizationId"`
	PartyID     ID              `json:"partyId"`
	PartyRef    string          `json:"partyRef"`  // read with the requirement
	PartyName   string          `json:"partyName"` // read with the requirement
	Ref         string          `json:"ref"`       // "RQ-7"; never changes
	Number      int             `json:"-"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Type        RequirementType `json:"type"`
	Source      string          `json:"source"` // the law, the contract clause: "GDPR Art. 33", "MSA §12.3"
	Addressed   bool            `json:"addressed"`
	How         string          `json:"how"` // how the ISMS addresses it, or why it does not
	OwnerID     ID              `json:"ownerId,omitempty"`
	OwnerName   string          `json:"ownerName,omitempty"`
	// Links is how many controls, documents and risks address it, read
	// with it.
	Links     int       `json:"links"`
	CreatedBy ID        `json:"createdBy,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int       `json:"version"`
}

// Validate reports every problem with q at once. The party and the owner
// are checked by the use case.
func (q *PartyRequirement) Validate() error {
	p := Problems{}
	q.Title, q.Description = strings.TrimSpace(q.Title), strings.TrimSpace(q.Description)
	q.Source, q.How = strings.TrimSpace(q.Source), strings.TrimSpace(q.How)
	checkName(p, "title", "Title", q.Title)
	if !oneOf(q.Type, RequirementTypes) {
		p.Add("type", "Type must be legal, regulatory, contractual or other.")
	}
	checkText(p, "description", "Description", q.Description)
	if utf8.RuneCountInString(q.Source) > MaxNameLen {
		p.Add("source", "Source must be at most 200 characters.")
	}
	checkText(p, "how", "How", q.How)
	if !q.Addressed && q.How == "" {
		p.Add("how", "Say why the ISMS does not address this requirement.")
	}
	return p.Err()
}

// contextLabel returns a value with its first letter in upper case.
func contextLabel(s string) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ContextIssueFilter selects context issues of an organization.
type ContextIssueFilter struct {
	OrgID    ID
	Kind     ContextKind
	Category IssueCategory
	Effect   IssueEffect
	OwnerID  ID
	Climate  string // "yes" or "no" for issues that do or do not concern climate change; "" for both
	// ReviewBefore, when set, selects issues whose review date is before
	// it (today, for reviews due).
	ReviewBefore Date
	Search       string // in reference, title and description
	Sort         string // "ref", "title", "category", "reviewOn", "updated"; "-" prefix for descending
	Limit        int
	Offset       int
}

// PartyFilter selects interested parties of an organization.
type PartyFilter struct {
	OrgID    ID
	Kind     ContextKind
	Category PartyCategory
	Search   string // in reference, name, description and contact
	Sort     string // "ref", "name", "category", "requirements", "updated"; "-" prefix for descending
	Limit    int
	Offset   int
}

// PartyRequirementFilter selects requirements of interested parties.
type PartyRequirementFilter struct {
	OrgID     ID
	PartyID   ID
	Type      RequirementType
	Addressed string // "yes" or "no"; "" for both
	// Unlinked selects requirements the ISMS addresses that no control,
	// document or risk is linked to yet.
	Unlinked bool
	// LinkedTo, when set, selects requirements linked to that record (a
	// control that addresses them).
	LinkedTo Link
	Search   string // in reference, title, description and source
	Sort     string // "ref", "title", "party", "type", "addressed", "updated"; "-" prefix for descending
	Limit    int
	Offset   int
}

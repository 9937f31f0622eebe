// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
)

// Competence (27001 7.2): the people whose work affects information
// security, the competence each ISMS role requires, and the training and
// qualification records that show they have it.

// Person is someone whose competence the ISMS tracks, with or without an
// account.
type Person struct {
	ID         ID     `json:"id"`
	OrgID      ID     `json:"organizationId"`
	Name       string `json:"name"`
	Email      string `json:"email,omitempty"`
	UserID     ID     `json:"userId,omitempty"` // the account, when they have one
	Department string `json:"department"`
	// Roles are the ISMS roles they hold ("ISMS manager", "Internal
	// auditor"), as the organization names them.
	Roles     []string  `json:"roles"`
	StartDate Date      `json:"startDate,omitzero"`
	Active    bool      `json:"active"`
	Gaps      int       `json:"gaps"` // missing or expired requirements, read with lists
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int       `json:"version"`
}

// Normalize trims the text fields and drops empty or repeated roles.
func (p *Person) Normalize() {
	p.Name, p.Email, p.Department = strings.TrimSpace(p.Name), NormalizeEmail(p.Email), strings.TrimSpace(p.Department)
	seen := map[string]bool{}
	roles := p.Roles[:0]
	for _, r := range p.Roles {
		r = strings.TrimSpace(r)
		if r != "" && !seen[strings.ToLower(r)] {
			seen[strings.ToLower(r)] = true
			roles = append(roles, r)
		}
	}
	p.Roles = roles
}

// Validate reports every problem with p at once.
func (p *Person) Validate() error {
	pr := Problems{}
	checkName(pr, "name", "Name", p.Name)
	if p.Email != "" {
		checkEmail(pr, "email", p.Email)
	}
	if len(p.Department) > MaxNameLen {
		pr.Add("department", "Department must be at most 200 characters.")
	}
	for _, r := range p.Roles {
		if len(r) > MaxNameLen {
			pr.Add("roles", "Each role must be at most 200 characters.")
		}
	}
	if !p.StartDate.IsZero() && !plausibleDate(p.StartDate) {
		pr.Add("startDate", "Start date must be between 2000 and 2199.")
	}
	return pr.Err()
}

// PersonFilter selects people of one organization.
type PersonFilter struct {
	OrgID      ID
	Search     string // in name, e-mail and department
	Role       string // holds this ISMS role
	Department string
	Inactive   bool // include people who left
	WithGaps   bool // only people with a competence gap on Today
	Today      Date
	Sort       string // "name", "department", "start", "gaps"; "-" for descending
	Limit      int
	Offset     int
}

// CompetenceRequirement is a competence an ISMS role requires.
type CompetenceRequirement struct {
	ID          ID        `json:"id"`
	OrgID       ID        `json:"organizationId"`
	Role        string    `json:"role"`  // "Internal auditor"
	Skill       string    `json:"skill"` // "ISO/IEC 27001 lead auditor course"
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"createdAt"`
	Version     int       `json:"version"`
}

// Validate reports every problem with c at once.
func (c *CompetenceRequirement) Validate() error {
	p := Problems{}
	checkName(p, "role", "Role", c.Role)
	checkName(p, "skill", "Competence", c.Skill)
	checkText(p, "description", "Description", c.Description)
	return p.Err()
}

// TrainingRecord is a course, qualification or assessment a person
// completed, optionally meeting one requirement, with its evidence.
type TrainingRecord struct {
	ID            ID        `json:"id"`
	OrgID         ID        `json:"organizationId"`
	PersonID      ID        `json:"personId"`
	PersonName    string    `json:"personName,omitempty"`
	RequirementID ID        `json:"requirementId,omitempty"`
	Skill         string    `json:"skill,omitempty"` // the requirement's skill, read with it
	Course        string    `json:"course"`
	CompletedOn   Date      `json:"completedOn"`
	ExpiresOn     Date      `json:"expiresOn,omitzero"`
	EvidenceID    ID        `json:"evidenceId,omitempty"`
	Notes         string    `json:"notes"`
	CreatedAt     time.Time `json:"createdAt"`
}

// Validate reports every problem with t at once.
func (t *TrainingRecord) Validate() error {
	p := Problems{}
	checkName(p, "course", "Course", t.Course)
	checkText(p, "notes", "Notes", t.Notes)
	if t.CompletedOn.IsZero() {
		p.Add("completedOn", "Completion date is required.")
	} else if !plausibleDate(t.CompletedOn) {
		p.Add("completedOn", "Completion date must be between 2000 and 2199.")
	}
	if !t.ExpiresOn.IsZero() && !t.ExpiresOn.After(t.CompletedOn) {
		p.Add("expiresOn", "Expiry must be after the completion date.")
	}
	return p.Err()
}

// Valid reports whether the record counts on today: it was completed by
// then and has not expired (a record expires on its ExpiresOn day).
func (t *TrainingRecord) Valid(today Date) bool {
	return !t.CompletedOn.After(today) && (t.ExpiresOn.IsZero() || today.Before(t.ExpiresOn))
}

// Expired reports whether the record has expired by today.
func (t *TrainingRecord) Expired(today Date) bool {
	return !t.ExpiresOn.IsZero() && !today.Before(t.ExpiresOn)
}

// CompetenceGap is a requirement of one of a person's roles that no valid
// training record meets.
type CompetenceGap struct {
	Person      *Person                `json:"person"`
	Requirement *CompetenceRequirement `json:"requirement"`
	// Expired is set when a record met it but has expired (ExpiredOn).
	Expired   bool `json:"expired"`
	ExpiredOn Date `json:"expiredOn,omitzero"`
}

// CompetenceGaps returns, for each person, every requirement of their
// roles that none of their records valid on today meets; records are
// matched by RequirementID. Roles match case-insensitively. Inactive
// people have no gaps.
func CompetenceGaps(people []*Person, reqs []*CompetenceRequirement, records []*TrainingRecord, today Date) []CompetenceGap {
	byRole := map[string][]*CompetenceRequirement{}
	for _, r := range reqs {
		k := strings.ToLower(r.Role)
		byRole[k] = append(byRole[k], r)
	}
	type key struct{ person, req ID }
	valid, expired := map[key]bool{}, map[key]Date{}
	for _, t := range records {
		if t.RequirementID == "" {
			continue
		}
		k := key{t.PersonID, t.RequirementID}
		if t.Valid(today) {
			valid[k] = true
		} else if t.Expired(today) && t.ExpiresOn.After(expired[k]) {
			expired[k] = t.ExpiresOn
		}
	}
	var out []CompetenceGap
	for _, p := range people {
		if !p.Active {
			continue
		}
		seen := map[ID]bool{}
		for _, role := range p.Roles {
			for _, r := range byRole[strings.ToLower(role)] {
				k := key{p.ID, r.ID}
				if seen[r.ID] || valid[k] {
					continue
				}
				seen[r.ID] = true
				g := CompetenceGap{Person: p, Requirement: r}
				if d, ok := expired[k]; ok {
					g.Expired, g.ExpiredOn = true, d
				}
				out = append(out, g)
			}
		}
	}
	return out
}

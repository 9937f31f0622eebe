// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"encoding/json"
	"strings"
	"time"
)

// Organization is one ISMS: everything else belongs to exactly one.
// Its profile (name, legal name, description) is a record that goes through
// approval like any other.
type Organization struct {
	ID          ID        `json:"id"`
	Slug        string    `json:"slug"`
	Name        string    `json:"name"`
	LegalName   string    `json:"legalName"`
	Description string    `json:"description"`
	Version     int       `json:"version"` // optimistic concurrency; +1 on every change
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
}

// Normalize trims surrounding spaces from every text field.
func (o *Organization) Normalize() {
	o.Slug = strings.ToLower(strings.TrimSpace(o.Slug))
	o.Name = strings.TrimSpace(o.Name)
	o.LegalName = strings.TrimSpace(o.LegalName)
	o.Description = strings.TrimSpace(o.Description)
}

// Validate reports every problem with o at once.
func (o *Organization) Validate() error {
	p := Problems{}
	checkName(p, "name", "Name", o.Name)
	if !ValidSlug(o.Slug) {
		p.Add("slug", "Slug must be 1–50 lowercase letters, digits or hyphens, starting and ending with a letter or digit.")
	}
	if len(o.LegalName) > MaxNameLen {
		p.Add("legalName", "Legal name must be at most 200 characters.")
	}
	checkText(p, "description", "Description", o.Description)
	return p.Err()
}

// ApprovalContent returns the canonical bytes of the organization's profile
// that an approval covers: the fields people decide on, not bookkeeping.
func (o *Organization) ApprovalContent() []byte {
	b, _ := json.Marshal(struct {
		Name        string `json:"name"`
		LegalName   string `json:"legalName"`
		Description string `json:"description"`
	}{o.Name, o.LegalName, o.Description})
	return b
}

// OrganizationUpdate holds the profile fields to change; nil leaves a field.
type OrganizationUpdate struct {
	Name        *string `json:"name,omitempty"`
	LegalName   *string `json:"legalName,omitempty"`
	Description *string `json:"description,omitempty"`
	Version     int     `json:"version"` // the version the change was made against
}

// Apply changes o as upd says and returns the before/after of each field
// that changed.
func (upd OrganizationUpdate) Apply(o *Organization) Changes {
	c := Changes{}
	c.Set("name", &o.Name, upd.Name)
	c.Set("legalName", &o.LegalName, upd.LegalName)
	c.Set("description", &o.Description, upd.Description)
	return c
}

// OrganizationFilter selects organizations of the installation; zero fields
// do not filter.
type OrganizationFilter struct {
	Search string
	Sort   string // "name", "slug", "created"; "-" prefix for descending
	Limit  int
	Offset int
}

// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
)

// User is a person's account in the installation. A user reaches an
// organization through a Membership.
type User struct {
	ID       ID     `json:"id"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Owner    bool   `json:"owner"`    // an installation owner
	Disabled bool   `json:"disabled"` // cannot sign in; sessions and tokens are gone
	// MustChangePassword is set when someone else chose the password.
	MustChangePassword bool      `json:"mustChangePassword"`
	Version            int       `json:"version"`
	CreatedAt          time.Time `json:"createdAt"`
	UpdatedAt          time.Time `json:"updatedAt"`
}

// Normalize trims the name and normalizes the e-mail address.
func (u *User) Normalize() {
	u.Email = NormalizeEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
}

// Validate reports every problem with u at once.
func (u *User) Validate() error {
	p := Problems{}
	checkEmail(p, "email", u.Email)
	checkName(p, "name", "Name", u.Name)
	return p.Err()
}

// UserFilter selects accounts across the installation; zero fields do not filter.
type UserFilter struct {
	Search   string // in name or e-mail
	Disabled *bool
	Sort     string // "name", "email", "created"; "-" prefix for descending
	Limit    int
	Offset   int
}

// Membership gives a user a role in an organization.
type Membership struct {
	OrgID  ID   `json:"organizationId"`
	UserID ID   `json:"userId"`
	Role   Role `json:"role"`
	// AccessUntil, when set, is the last day the membership gives access;
	// from the day after, the member is denied at once, sessions and API
	// tokens included. External auditors get time-bound access.
	AccessUntil Date `json:"accessUntil,omitzero"`
	// FrameworkID, when set, limits what the member sees of frameworks to
	// that one framework (an auditor certifying against one standard).
	FrameworkID ID        `json:"frameworkId,omitempty"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
}

// Expired reports whether the membership no longer gives access on today.
func (m *Membership) Expired(today Date) bool {
	return !m.AccessUntil.IsZero() && m.AccessUntil.Before(today)
}

// Member is a membership with the account it belongs to, as organization
// pages show it.
type Member struct {
	User User `json:"user"`
	Role Role `json:"role"`
	// AccessUntil and FrameworkID are the membership's limits (Membership).
	AccessUntil   Date      `json:"accessUntil,omitzero"`
	FrameworkID   ID        `json:"frameworkId,omitempty"`
	FrameworkName string    `json:"frameworkName,omitempty"`
	Version       int       `json:"version"`
	JoinedAt      time.Time `json:"joinedAt"`
	OrgCount      int       `json:"organizationCount"` // organizations the user belongs to
}

// MemberFilter selects members of one organization; zero fields do not filter.
type MemberFilter struct {
	OrgID  ID
	Search string // in name or e-mail
	Role   Role
	Status string // "active" or "disabled"
	Sort   string // "name", "email", "role", "joined"; "-" prefix for descending
	Limit  int
	Offset int
}

// OrgMembership is one organization a user belongs to, for the switcher.
type OrgMembership struct {
	Org  Organization `json:"organization"`
	Role Role         `json:"role"`
	// AccessUntil and FrameworkID are the membership's limits (Membership).
	AccessUntil Date `json:"accessUntil,omitzero"`
	FrameworkID ID   `json:"frameworkId,omitempty"`
}

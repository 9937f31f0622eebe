// SPDX-License-Identifier: Apache-2.0

package isms

import "time"

// Session is a signed-in browser. Its ID is secret and stored only hashed.
type Session struct {
	UserID     ID
	OrgID      ID // the organization the user currently works in; may be empty
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // the absolute expiry
	ClientAddr string
}

// APIToken is a personal access token for the REST API. Its secret is shown
// once and stored only hashed. A token acts for its user in one organization.
type APIToken struct {
	ID         ID         `json:"id"`
	UserID     ID         `json:"userId"`
	OrgID      ID         `json:"organizationId"`
	Name       string     `json:"name"`
	Scope      TokenScope `json:"scope"`
	Prefix     string     `json:"prefix"` // the first characters of the secret, to recognise it
	ExpiresAt  time.Time  `json:"expiresAt"`
	LastUsedAt time.Time  `json:"lastUsedAt,omitzero"`
	RevokedAt  time.Time  `json:"revokedAt,omitzero"`
	CreatedAt  time.Time  `json:"createdAt"`
}

// Active reports whether the token may be used at now.
func (t *APIToken) Active(now time.Time) bool {
	return t.RevokedAt.IsZero() && now.Before(t.ExpiresAt)
}

// MaxTokenDays is the longest lifetime of an API token.
const MaxTokenDays = 366

// Validate reports every problem with a new token.
func (t *APIToken) Validate(now time.Time) error {
	p := Problems{}
	checkName(p, "name", "Name", t.Name)
	if !t.Scope.Valid() {
		p.Add("scope", "Choose read-only or read-write.")
	}
	switch {
	case !t.ExpiresAt.After(now):
		p.Add("expiresAt", "Expiry must be in the future.")
	case t.ExpiresAt.After(now.AddDate(0, 0, MaxTokenDays)):
		p.Add("expiresAt", "Expiry must be within a year.")
	}
	return p.Err()
}

// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
)

// Awareness (27001 7.3): campaigns that ask a group of members to read and
// acknowledge approved document versions by a date.

// Campaign asks its audience to acknowledge approved document versions.
type Campaign struct {
	ID          ID     `json:"id"`
	OrgID       ID     `json:"organizationId"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// Documents are the documents to acknowledge; Versions the approved
	// version IDs asked for, one per document, read with the campaign.
	Documents []ID     `json:"documents"`
	Versions  []ID     `json:"versions,omitempty"`
	Audience  Audience `json:"audience"`
	Due       Date     `json:"due"`
	// FollowNewVersions asks for acknowledgement again when a newer
	// version of one of its documents is approved.
	FollowNewVersions bool      `json:"followNewVersions"`
	Closed            bool      `json:"closed"`
	CreatedBy         ID        `json:"createdBy,omitempty"`
	CreatedAt         time.Time `json:"createdAt"`
	UpdatedAt         time.Time `json:"updatedAt"`
	Version           int       `json:"version"`
	// Read with lists: how many acknowledgements are asked for and done.
	Expected     int `json:"expected"`
	Acknowledged int `json:"acknowledged"`
}

// Normalize trims the text fields.
func (c *Campaign) Normalize() {
	c.Title, c.Description = strings.TrimSpace(c.Title), strings.TrimSpace(c.Description)
}

// Validate reports every problem with c at once.
func (c *Campaign) Validate() error {
	p := Problems{}
	checkName(p, "title", "Title", c.Title)
	checkText(p, "description", "Description", c.Description)
	if len(c.Documents) == 0 {
		p.Add("documents", "Choose at least one approved document to acknowledge.")
	}
	if !c.Audience.Everyone && len(c.Audience.Roles) == 0 && len(c.Audience.People) == 0 {
		p.Add("audience", "Say who must acknowledge: everyone, roles or named people.")
	}
	for _, r := range c.Audience.Roles {
		if !r.Valid() {
			p.Add("audience", "Audience roles must be roles of the organization.")
		}
	}
	if c.Due.IsZero() {
		p.Add("due", "Due date is required.")
	} else if !plausibleDate(c.Due) {
		p.Add("due", "Due date must be between 2000 and 2199.")
	}
	return p.Err()
}

// Percent is the share of asked acknowledgements done, floored, at most
// 100 (acknowledgements of members who have since left the audience
// still count as records).
func (c *Campaign) Percent() int {
	if c.Expected <= 0 {
		return 0
	}
	return min(100, 100*c.Acknowledged/c.Expected)
}

// Acknowledgement records that a member read and acknowledged one
// document version.
type Acknowledgement struct {
	ID            ID        `json:"id"`
	OrgID         ID        `json:"organizationId"`
	CampaignID    ID        `json:"campaignId"`
	UserID        ID        `json:"userId"`
	UserName      string    `json:"userName"`
	DocumentID    ID        `json:"documentId"`
	VersionID     ID        `json:"versionId"`
	VersionNumber int       `json:"versionNumber"`
	At            time.Time `json:"at"`
}

// PendingAcknowledgement is one document version a member still has to
// acknowledge for one campaign.
type PendingAcknowledgement struct {
	CampaignID    ID     `json:"campaignId"`
	CampaignTitle string `json:"campaignTitle"`
	DocumentID    ID     `json:"documentId"`
	DocumentRef   string `json:"documentRef"`
	DocumentTitle string `json:"documentTitle"`
	VersionID     ID     `json:"versionId"`
	VersionNumber int    `json:"versionNumber"`
	Due           Date   `json:"due"`
}

// CampaignMember is one member of a campaign's audience and how far they
// got.
type CampaignMember struct {
	UserID       ID        `json:"userId"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	Acknowledged int       `json:"acknowledged"` // of the campaign's versions
	Expected     int       `json:"expected"`
	LastAt       time.Time `json:"lastAt,omitzero"`
	Overdue      bool      `json:"overdue"`
}

// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
)

// Schedule is a recurring activity attached to a record: a quarterly access
// review, a yearly risk assessment, the review of a document. It generates
// a task for each occurrence of its rule, LeadDays before the task is due,
// so that people see it coming; occurrences nobody completed stay as
// overdue tasks.
type Schedule struct {
	ID          ID     `json:"id"`
	OrgID       ID     `json:"organizationId"`
	Title       string `json:"title"` // the title of every task it generates
	Description string `json:"description"`
	OwnerID     ID     `json:"ownerId"`
	OwnerName   string `json:"ownerName"`
	// Link is the record the activity concerns; zero when none. Generated
	// tasks carry it.
	Link  Link       `json:"link,omitzero"`
	Rule  Recurrence `json:"rule"`
	Start Date       `json:"start"` // no occurrence falls before it
	// LeadDays is how many days before its due date a task is generated.
	LeadDays int  `json:"leadDays"`
	Active   bool `json:"active"`
	// LastOccurrence is the latest occurrence generation has dealt with;
	// the next run starts the day after it.
	LastOccurrence Date      `json:"lastOccurrence,omitzero"`
	CreatedBy      ID        `json:"createdBy,omitempty"`
	CreatedAt      time.Time `json:"createdAt"`
	UpdatedAt      time.Time `json:"updatedAt"`
	Version        int       `json:"version"` // optimistic concurrency; +1 on every change
}

// Lead times of schedules, in days.
const (
	DefaultLeadDays = 30
	MaxLeadDays     = 366
)

// Normalize trims surrounding spaces from the text fields.
func (s *Schedule) Normalize() {
	s.Title = strings.TrimSpace(s.Title)
	s.Description = strings.TrimSpace(s.Description)
}

// Validate reports every problem with s at once.
func (s *Schedule) Validate() error {
	p := Problems{}
	checkName(p, "title", "Title", s.Title)
	checkText(p, "description", "Description", s.Description)
	if s.OwnerID == "" {
		p.Add("owner", "Choose who owns the generated tasks.")
	}
	if !s.Rule.Valid() {
		p.Add("rule", `Say how often, such as "every 3 months" or "first monday of each quarter".`)
	}
	if s.Start.IsZero() {
		p.Add("start", "Start date is required.")
	} else if !plausibleDate(s.Start) {
		p.Add("start", "Start date must be between 2000 and 2199.")
	}
	if s.LeadDays < 0 || s.LeadDays > MaxLeadDays {
		p.Add("leadDays", "Lead time must be 0 to 366 days.")
	}
	return p.Err()
}

// Horizon returns the last due date for which a task exists by today: the
// schedule generates a task LeadDays before it is due.
func (s *Schedule) Horizon(today Date) Date { return today.AddDays(s.LeadDays) }

// Pending returns the occurrences generation has yet to turn into tasks by
// today: those after LastOccurrence up to the horizon, at most
// MaxOccurrences of them, earliest first. Missed occurrences come first,
// and become overdue tasks.
func (s *Schedule) Pending(today Date) []Date {
	from := s.Start
	if !s.LastOccurrence.IsZero() && !s.LastOccurrence.Before(from) {
		from = s.LastOccurrence.AddDays(1)
	}
	return s.Rule.Occurrences(s.Start, from, s.Horizon(today))
}

// Matches reports whether d is an occurrence of the schedule.
func (s *Schedule) Matches(d Date) bool {
	occ := s.Rule.Occurrences(s.Start, d, d)
	return len(occ) == 1 && occ[0] == d
}

// ScheduleUpdate holds the fields of a schedule to change; nil leaves a
// field. The rule and start date are given as people write them ("every 6
// months", "2026-01-15").
type ScheduleUpdate struct {
	Title       *string `json:"title,omitempty"`
	Description *string `json:"description,omitempty"`
	OwnerID     *ID     `json:"ownerId,omitempty"`
	Link        *string `json:"link,omitempty"` // "type:id"; "" removes the link
	Rule        *string `json:"rule,omitempty"`
	Start       *string `json:"start,omitempty"`
	LeadDays    *int    `json:"leadDays,omitempty"`
	Version     int     `json:"version"`
}

// Apply changes the title, description, rule, start date and lead time of s
// as upd says, recording unreadable values in p, and returns the
// before/after of each field that changed. Owner and link are resolved by
// the application.
func (upd ScheduleUpdate) Apply(s *Schedule, p Problems) Changes {
	c := Changes{}
	c.Set("title", &s.Title, upd.Title)
	c.Set("description", &s.Description, upd.Description)
	if upd.Rule != nil {
		r, err := ParseRecurrence(*upd.Rule)
		switch {
		case err != nil:
			p.Add("rule", ErrorMessage(err))
		case r != s.Rule:
			c["rule"] = Change{Before: s.Rule.String(), After: r.String()}
			s.Rule = r
		}
	}
	if upd.Start != nil {
		d, err := ParseDate(strings.TrimSpace(*upd.Start))
		switch {
		case err != nil:
			p.Add("start", "Enter the start date as YYYY-MM-DD.")
		case d != s.Start:
			c["start"] = Change{Before: s.Start.String(), After: d.String()}
			s.Start = d
		}
	}
	if upd.LeadDays != nil && *upd.LeadDays != s.LeadDays {
		c["leadDays"] = Change{Before: s.LeadDays, After: *upd.LeadDays}
		s.LeadDays = *upd.LeadDays
	}
	return c
}

// ScheduleFilter selects schedules of one organization; zero fields do not
// filter.
type ScheduleFilter struct {
	OrgID    ID
	OwnerID  ID
	Active   *bool
	LinkType string
	LinkID   ID
	Search   string // in title and description
	Sort     string // "title", "start", "owner", "created"; "-" prefix for descending
	Limit    int
	Offset   int
}

// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"fmt"
	"time"
)

// NotificationKind names one kind of e-mail the product sends on its own.
type NotificationKind string

// The kinds of notification, each of which a person may turn off.
const (
	NotifyAssigned NotificationKind = "assigned" // a task was given to them
	NotifyDueSoon  NotificationKind = "due"      // their open tasks due within their lead time
	NotifyDigest   NotificationKind = "digest"   // a daily list of their overdue tasks
	NotifyApproval NotificationKind = "approval" // they are asked to approve a record
)

// NotificationKinds lists the kinds in display order.
var NotificationKinds = []NotificationKind{NotifyAssigned, NotifyDueSoon, NotifyDigest, NotifyApproval}

// Valid reports whether k is a known kind.
func (k NotificationKind) Valid() bool {
	for _, x := range NotificationKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Label describes the kind for people, as the unsubscribe page names it.
func (k NotificationKind) Label() string {
	switch k {
	case NotifyAssigned:
		return "mails when a task is given to you"
	case NotifyDueSoon:
		return "reminders before a task is due"
	case NotifyDigest:
		return "the daily list of your overdue tasks"
	case NotifyApproval:
		return "mails when you are asked to approve something"
	}
	return string(k)
}

// Bounds and default of the due-date reminder's lead time, in days.
const (
	DefaultDueSoonDays = 3
	MaxDueSoonDays     = 60
)

// NotificationPrefs are what one person wants to hear about by e-mail.
// They hold for every organization the person belongs to.
type NotificationPrefs struct {
	UserID ID `json:"userId"`
	// Assigned: a mail when someone else gives them a task.
	Assigned bool `json:"assigned"`
	// DueSoonDays: one reminder per task this many days before it is
	// due; 0 turns reminders off.
	DueSoonDays int `json:"dueSoonDays"`
	// Digest: at most one mail a day listing their overdue tasks.
	Digest bool `json:"digest"`
	// Approvals: a mail when they are named as an approver.
	Approvals bool `json:"approvals"`
	// UnsubscribeNonce is part of the signature of their unsubscribe
	// links; it never leaves the server.
	UnsubscribeNonce string    `json:"-"`
	Version          int       `json:"version"` // 0 until first stored
	UpdatedAt        time.Time `json:"updatedAt,omitzero"`
}

// DefaultNotificationPrefs are the preferences of someone who never
// changed them: everything on, reminders three days ahead.
func DefaultNotificationPrefs(user ID) NotificationPrefs {
	return NotificationPrefs{UserID: user, Assigned: true, DueSoonDays: DefaultDueSoonDays, Digest: true, Approvals: true}
}

// Validate reports a lead time outside 0 to MaxDueSoonDays.
func (p NotificationPrefs) Validate() error {
	if p.DueSoonDays < 0 || p.DueSoonDays > MaxDueSoonDays {
		return Problems{"dueSoonDays": fmt.Sprintf("Give a number of days from 1 to %d, or 0 for no reminders.", MaxDueSoonDays)}.Err()
	}
	return nil
}

// Wants reports whether the person wants notifications of kind k.
func (p NotificationPrefs) Wants(k NotificationKind) bool {
	switch k {
	case NotifyAssigned:
		return p.Assigned
	case NotifyDueSoon:
		return p.DueSoonDays > 0
	case NotifyDigest:
		return p.Digest
	case NotifyApproval:
		return p.Approvals
	}
	return false
}

// TurnOff turns kind k off, or every kind when k is "".
func (p *NotificationPrefs) TurnOff(k NotificationKind) {
	if k == "" || k == NotifyAssigned {
		p.Assigned = false
	}
	if k == "" || k == NotifyDueSoon {
		p.DueSoonDays = 0
	}
	if k == "" || k == NotifyDigest {
		p.Digest = false
	}
	if k == "" || k == NotifyApproval {
		p.Approvals = false
	}
}

// Changes returns what differs between p (before) and q (after), for the
// audit trail.
func (p NotificationPrefs) Changes(q NotificationPrefs) Changes {
	c := Changes{}
	for field, v := range map[string][2]any{"assigned": {p.Assigned, q.Assigned},
		"dueSoonDays": {p.DueSoonDays, q.DueSoonDays}, "digest": {p.Digest, q.Digest},
		"approvals": {p.Approvals, q.Approvals}} {
		if v[0] != v[1] {
			c[field] = Change{Before: v[0], After: v[1]}
		}
	}
	return c
}

// NotifiedTask is an open task as a notification lists it, across the
// person's organizations.
type NotifiedTask struct {
	ID        ID
	OrgID     ID
	OrgName   string
	Title     string
	Due       Date
	UpdatedAt time.Time
}

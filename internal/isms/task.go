// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"strings"
	"time"
)

// TaskStatus is where a task stands.
type TaskStatus string

// The task statuses. An open task is work to do; done and cancelled tasks
// are closed and keep who closed them, when and why.
const (
	TaskOpen      TaskStatus = "open"
	TaskDone      TaskStatus = "done"
	TaskCancelled TaskStatus = "cancelled"
)

// TaskStatuses lists the statuses in display order.
var TaskStatuses = []TaskStatus{TaskOpen, TaskDone, TaskCancelled}

// Valid reports whether s is a known status.
func (s TaskStatus) Valid() bool {
	return s == TaskOpen || s == TaskDone || s == TaskCancelled
}

// Task is anything someone has to do by a date: review a document, carry out
// an access review, follow up a finding. It may concern one record of any
// module through Link. A schedule generates a task for each of its
// occurrences; such a task carries the schedule's ID and the occurrence.
type Task struct {
	ID          ID         `json:"id"`
	OrgID       ID         `json:"organizationId"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	OwnerID     ID         `json:"ownerId"`
	OwnerName   string     `json:"ownerName"`
	Due         Date       `json:"due"`
	Status      TaskStatus `json:"status"`
	// Link is the record the task concerns; zero when it concerns none.
	Link Link `json:"link,omitzero"`
	// ScheduleID and Occurrence are set on tasks a schedule generated.
	ScheduleID ID   `json:"scheduleId,omitempty"`
	Occurrence Date `json:"occurrence,omitzero"`
	// CompletionNote, CompletedBy and CompletedAt record who closed the
	// task, when and with what note: for a cancelled task, the reason.
	CompletionNote  string    `json:"completionNote"`
	CompletedBy     ID        `json:"completedBy,omitempty"`
	CompletedByName string    `json:"completedByName,omitempty"`
	CompletedAt     time.Time `json:"completedAt,omitzero"`
	// CreatedBy is empty for tasks the product generated from a schedule.
	CreatedBy ID        `json:"createdBy,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	Version   int       `json:"version"` // optimistic concurrency; +1 on every change
}

// Normalize trims surrounding spaces from the text fields.
func (t *Task) Normalize() {
	t.Title = strings.TrimSpace(t.Title)
	t.Description = strings.TrimSpace(t.Description)
	t.CompletionNote = strings.TrimSpace(t.CompletionNote)
}

// Validate reports every problem with t at once.
func (t *Task) Validate() error {
	p := Problems{}
	checkName(p, "title", "Title", t.Title)
	checkText(p, "description", "Description", t.Description)
	checkText(p, "completionNote", "Note", t.CompletionNote)
	if t.OwnerID == "" {
		p.Add("owner", "Choose who owns the task.")
	}
	if t.Due.IsZero() {
		p.Add("due", "Due date is required.")
	} else if !plausibleDate(t.Due) {
		p.Add("due", "Due date must be between 2000 and 2199.")
	}
	if !t.Status.Valid() {
		p.Add("status", "Status must be open, done or cancelled.")
	}
	return p.Err()
}

// plausibleDate reports whether d is a date a plan can mean: years
// 2000–2199, which also keeps date arithmetic far from overflow.
func plausibleDate(d Date) bool {
	y := d.Time().Year()
	return y >= 2000 && y < 2200
}

// Overdue reports whether the task is open and was due before today.
func (t *Task) Overdue(today Date) bool {
	return t.Status == TaskOpen && t.Due.Before(today)
}

// ModuleOther is the module of tasks that concern no record.
const ModuleOther = "other"

// Module returns the module the task belongs to on the dashboard: the
// record type of its link (each module owns its record types), or
// ModuleOther when it concerns no record.
func (t *Task) Module() string { return LinkModule(t.Link.Type) }

// LinkModule returns the module of a linked record type, ModuleOther for
// none.
func LinkModule(recordType string) string {
	if recordType == "" {
		return ModuleOther
	}
	return recordType
}

// TaskUpdate holds the fields of a task to change; nil leaves a field.
// Dates and links are given as people write them ("2026-03-31",
// "risk:rsk_1"), so that every way in reports a bad one the same way.
type TaskUpdate struct {
	Title       *string `json:"title,omitempty"`
	Description *string `json:"description,omitempty"`
	OwnerID     *ID     `json:"ownerId,omitempty"`
	Due         *string `json:"due,omitempty"`
	// Link is the new link in "type:id" form; "" removes the link.
	Link    *string `json:"link,omitempty"`
	Version int     `json:"version"` // the version the change was made against
}

// Apply changes the title, description and due date of t as upd says,
// recording a due date that is not a date in p, and returns the
// before/after of each field that changed. Owner and link are resolved by
// the application, which knows the organization's members and records.
func (upd TaskUpdate) Apply(t *Task, p Problems) Changes {
	c := Changes{}
	c.Set("title", &t.Title, upd.Title)
	c.Set("description", &t.Description, upd.Description)
	if upd.Due != nil {
		due, err := ParseDate(strings.TrimSpace(*upd.Due))
		switch {
		case err != nil:
			p.Add("due", "Enter the due date as YYYY-MM-DD.")
		case due != t.Due:
			c["due"] = Change{Before: t.Due.String(), After: due.String()}
			t.Due = due
		}
	}
	return c
}

// NoLink is the TaskFilter.LinkType that selects tasks concerning no record.
const NoLink = "none"

// TaskFilter selects tasks of one organization; zero fields do not filter.
type TaskFilter struct {
	OrgID   ID
	OwnerID ID
	Status  TaskStatus
	// Overdue selects open tasks due before Today.
	Overdue bool
	Today   Date
	// DueFrom and DueTo bound the due date, both inclusive.
	DueFrom, DueTo Date
	LinkType       string // a record type, or NoLink
	LinkID         ID
	ScheduleID     ID
	Search         string // in title and description
	Sort           string // "due", "title", "status", "owner", "created"; "-" prefix for descending
	Limit          int
	Offset         int
}

// ModuleCount is how many tasks of one module match, for the dashboard.
type ModuleCount struct {
	Module string `json:"module"`
	Count  int    `json:"count"`
}

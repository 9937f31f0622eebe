// SPDX-License-Identifier: Apache-2.0

package app

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/mail"
)

// The mails, plain text: a subject starting with the organization's name
// in brackets, what happened, the link to act on it, and a footer saying
// why the mail came and how to stop it.

// dayText writes a date for people, such as "Tue 31 Mar 2026".
func dayText(d isms.Date) string { return d.Time().Format("Mon 2 Jan 2006") }

// link returns the absolute URL of path, or path itself when no base URL
// is known.
func (m mailer) link(path string) string { return m.base + path }

// message builds a mail to r about kind, with the footer and, for a kind
// one can turn off, the unsubscribe link and headers (RFC 8058).
func message(m mailer, r recipient, kind isms.NotificationKind, subject, body string) mail.Message {
	msg := mail.Message{To: []mail.Address{{Name: r.user.Name, Email: r.user.Email}}, Subject: subject}
	var b strings.Builder
	b.WriteString("Hello " + r.user.Name + ",\n\n")
	b.WriteString(body)
	b.WriteString("\n-- \n")
	if kind == "" {
		b.WriteString("This mail was sent from the mail settings page of isms.\n")
		msg.Text = b.String()
		return msg
	}
	fmt.Fprintf(&b, "You get this mail because your notification settings include %s.\n", kind.Label())
	fmt.Fprintf(&b, "Choose what you receive: %s\n", m.link("/account/notifications"))
	if r.secret != "" && r.prefs != nil {
		u := m.link("/unsubscribe/" + unsubscribeToken(r.secret, r.user.ID, r.prefs.UnsubscribeNonce) + "?kind=" + url.QueryEscape(string(kind)))
		fmt.Fprintf(&b, "Stop these mails: %s\n", u)
		if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
			msg.Headers = map[string]string{"List-Unsubscribe": "<" + u + ">", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
		}
	}
	msg.Text = b.String()
	return msg
}

// assignedMail tells the owner of t that by gave it to them.
func assignedMail(m mailer, r recipient, org *isms.Organization, t *isms.Task, by string) mail.Message {
	var b strings.Builder
	if t.ScheduleID != "" && by == isms.SystemActor("").Name {
		fmt.Fprintf(&b, "A recurring activity in %s has a new task for you:\n\n", org.Name)
	} else {
		fmt.Fprintf(&b, "%s gave you a task in %s:\n\n", by, org.Name)
	}
	fmt.Fprintf(&b, "  %s\n  Due: %s\n\n", t.Title, dayText(t.Due))
	if t.Description != "" {
		b.WriteString(indent(t.Description) + "\n\n")
	}
	fmt.Fprintf(&b, "Open the task: %s\n", m.link("/tasks/"+string(t.ID)))
	fmt.Fprintf(&b, "All your work: %s\n", m.link("/work"))
	return message(m, r, isms.NotifyAssigned, fmt.Sprintf("[%s] New task for you: %s", org.Name, t.Title), b.String())
}

// approvalMail asks an approver to decide on ap.
func approvalMail(m mailer, r recipient, org *isms.Organization, ap *isms.Approval) mail.Message {
	var b strings.Builder
	fmt.Fprintf(&b, "%s asks you to approve version %d of this record in %s:\n\n  %s\n\n", ap.SubmitterName, ap.ObjectVersion, org.Name, ap.Title)
	if ap.Note != "" {
		b.WriteString("Their note:\n" + indent(ap.Note) + "\n\n")
	}
	fmt.Fprintf(&b, "Review it and approve or reject it: %s\n", m.link("/approvals/"+string(ap.ID)))
	return message(m, r, isms.NotifyApproval, fmt.Sprintf("[%s] Approval requested: %s", org.Name, ap.Title), b.String())
}

// dueSoonMail reminds r of tasks due soon.
func dueSoonMail(m mailer, r recipient, day isms.Date, tasks []isms.NotifiedTask) mail.Message {
	var b strings.Builder
	if len(tasks) == 1 {
		b.WriteString("A task of yours is due soon:\n\n")
	} else {
		fmt.Fprintf(&b, "%d tasks of yours are due soon:\n\n", len(tasks))
	}
	writeTasks(&b, m, day, tasks)
	fmt.Fprintf(&b, "All your work: %s\n", m.link("/work"))
	subject := fmt.Sprintf("[%s] Due soon: %s", orgNames(tasks), countTasks(len(tasks)))
	if len(tasks) == 1 {
		subject = fmt.Sprintf("[%s] Due %s: %s", orgNames(tasks), dayText(tasks[0].Due), tasks[0].Title)
	}
	return message(m, r, isms.NotifyDueSoon, subject, b.String())
}

// digestMail lists r's overdue tasks.
func digestMail(m mailer, r recipient, day isms.Date, tasks []isms.NotifiedTask) mail.Message {
	var b strings.Builder
	fmt.Fprintf(&b, "On %s, %s of yours %s overdue:\n\n", dayText(day), countTasks(len(tasks)), map[bool]string{true: "is", false: "are"}[len(tasks) == 1])
	writeTasks(&b, m, day, tasks)
	if len(tasks) == isms.MaxPageSize {
		fmt.Fprintf(&b, "Only the first %d are listed.\n", isms.MaxPageSize)
	}
	fmt.Fprintf(&b, "All your work, overdue first: %s\n", m.link("/work"))
	return message(m, r, isms.NotifyDigest, fmt.Sprintf("[%s] Overdue: %s", orgNames(tasks), countTasks(len(tasks))), b.String())
}

// testMail is the test of the mail settings.
func testMail(m mailer, r recipient, _ []string) mail.Message {
	body := "This is a test message: the mail settings of isms work.\n\n"
	if m.base != "" {
		body += "Links in notifications start with " + m.base + "/\n"
	} else {
		body += "No base URL is set, so links in notifications are not clickable: set ISMS_BASE_URL or the base URL in the mail settings.\n"
	}
	return message(m, r, "", "[isms] Test message", body)
}

// writeTasks lists tasks with their organization, due date and link.
func writeTasks(b *strings.Builder, m mailer, day isms.Date, tasks []isms.NotifiedTask) {
	for _, t := range tasks {
		when := "due " + dayText(t.Due)
		switch n := t.Due.DaysUntil(day); {
		case n == 1:
			when += ", 1 day overdue"
		case n > 1:
			when += fmt.Sprintf(", %d days overdue", n)
		case n == 0:
			when += ", today"
		}
		fmt.Fprintf(b, "- %s (%s, %s)\n  %s\n", t.Title, t.OrgName, when, m.link("/tasks/"+string(t.ID)))
	}
	b.WriteString("\n")
}

// orgNames lists the organizations of tasks, in order of first mention.
func orgNames(tasks []isms.NotifiedTask) string {
	var names []string
	for _, t := range tasks {
		if !slices.Contains(names, t.OrgName) {
			names = append(names, t.OrgName)
		}
	}
	return strings.Join(names, ", ")
}

func countTasks(n int) string {
	if n == 1 {
		return "1 task"
	}
	return fmt.Sprintf("%d tasks", n)
}

// indent indents every line of s by two spaces.
func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n  ")
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// demoSchedule is a recurring activity of the small demo organization.
type demoSchedule struct {
	title, description, rule string
	owner                    int                             // index in demoPeople
	start                    func(today isms.Date) isms.Date // the first due date
	lead                     int
	link                     bool // concerns the organization profile
}

// demoSchedules are the small demo's recurring activities. Interval rules
// start in the past, so that generation catches up occurrences: the oldest
// of each is then completed, the others stay overdue or open. How many
// tasks they generate does not depend on the day the demo is loaded, so
// neither does the demo's history.
var demoSchedules = []demoSchedule{
	{"Quarterly user access review", "Review who has access to production, the CRM and the finance share; remove leavers and excess rights. Record the reviewed lists as evidence.",
		"every 3 months", 3, func(d isms.Date) isms.Date { return d.AddDate(0, -7, 0) }, 30, false},
	{"Yearly risk assessment", "Reassess every risk in the register against the current methodology and update treatment plans; present the results to the management review.",
		"every year", 2, func(d isms.Date) isms.Date { return d.AddDays(45) }, 60, true},
	{"Management review", "Hold the management review (ISO/IEC 27001 9.3) with the CISO, the ISMS manager and the board representative; record decisions and actions.",
		"every 6 months", 1, func(d isms.Date) isms.Date { return d.AddDays(-170) }, 30, true},
	{"Backup restore test", "Restore last night's backup of the CRM database to the test environment and check it; note how long it took.",
		"first monday of each quarter", 3, quarterAfterNext, 30, false},
}

// quarterAfterNext returns the first day of the quarter after the next
// one: far enough ahead that no task is due within a lead time of 30 days.
func quarterAfterNext(today isms.Date) isms.Date {
	t := today.Time()
	first := (int(t.Month())-1)/3*3 + 1
	return isms.NewDate(t.Year(), time.Month(first+6), 1)
}

// demoTask is a one-off task of the small demo organization.
type demoTask struct {
	title, description string
	owner, by          int // indexes in demoPeople: the owner and who assigned it
	dueDays            int // from today
	done               string
}

var demoTasks = []demoTask{
	{"Collect signed NDAs from the three new starters", "HR onboarding checklist, step 4.", 4, 2, -5, ""},
	{"Read the updated acceptable use policy", "Version 3 adds rules for AI tools. Acknowledge it once read.", 9, 2, -2, ""},
	{"Complete the secure coding refresher", "The 40-minute module on the learning portal.", 8, 3, 10, ""},
	{"Test the fire alarm and log the result", "Leeds office, monthly test.", 5, 2, -20, "Alarm sounded on all floors; logged in the facilities book, page 31."},
	{"Plan the internal audit of access control", "Audit programme item 3: controls A.5.15 to A.5.18, sample ten accounts.", 6, 1, 30, ""},
	{"Renew the penetration test contract", "Current contract ends next quarter; get two quotes.", 3, 1, -12, ""},
}

// loadDemoWork gives the small organization its work through the use
// cases: recurring activities that have generated tasks (some done, some
// overdue) and one-off tasks across its members.
func (a *App) loadDemoWork(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson) error {
	as := func(i int) isms.Actor {
		return isms.Actor{UserID: users[i].ID, Name: users[i].Name, OrgID: org.ID, Role: people[i].role}
	}
	manager, today := as(2), a.today()
	for _, d := range demoSchedules {
		lead, link := d.lead, ""
		if d.link {
			link = objectOrganization + ":" + string(org.ID)
		}
		s, _, err := a.CreateSchedule(ctx, manager, ScheduleInput{Title: d.title, Description: d.description,
			OwnerID: users[d.owner].ID, Rule: d.rule, Start: d.start(today).String(),
			LeadDays: &lead, Link: link})
		if err != nil {
			return fmt.Errorf("demo schedule %s: %w", d.title, err)
		}
		list, _, err := a.FindTasks(ctx, manager, isms.TaskFilter{ScheduleID: s.ID, Sort: "due", Limit: 1})
		if err != nil {
			return err
		}
		if len(list) > 0 && list[0].Due.Before(today) {
			if _, err := a.CompleteTask(ctx, as(d.owner), list[0].ID, "Done and recorded; see the evidence attached to the review."); err != nil {
				return err
			}
		}
	}
	for _, d := range demoTasks {
		t, err := a.CreateTask(ctx, as(d.by), TaskInput{Title: d.title, Description: d.description,
			OwnerID: users[d.owner].ID, Due: today.AddDays(d.dueDays).String()})
		if err != nil {
			return fmt.Errorf("demo task %s: %w", d.title, err)
		}
		if d.done != "" {
			if _, err := a.CompleteTask(ctx, as(d.owner), t.ID, d.done); err != nil {
				return err
			}
		}
	}
	return nil
}

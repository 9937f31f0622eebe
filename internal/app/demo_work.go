// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// demoSchedule is a recurring activity of the small demo organization.
type demoSchedule struct {
	title, description, rule string
	owner                    int                             // index in demoPeople
	start                    func(today isms.Date) isms.Date // the first due date
	lead                     int
	link                     string // the title of the control it keeps operating; "" for the organization
	done                     []int  // the occurrences carried out, oldest first from 0; the others are missed or open
	note                     string // the owner's note on each one carried out
}

// demoSchedules are the small demo's recurring activities of the ISMS as
// a whole; those of its controls (demoControlSchedules) are added with
// the controls. The first yearly risk assessment was the one that started
// the register, so the schedule's first task is months ahead.
var demoSchedules = []demoSchedule{
	{title: "Yearly risk assessment", rule: "every year", owner: 2, lead: 60,
		description: "Reassess every risk in the register against the current methodology and update treatment plans; present the results to the management review.",
		start:       func(d isms.Date) isms.Date { return d.AddDays(demoFirstAssessment + 365) }},
}

// demoFirstAssessment is the day, from today, of the small demo's first
// risk assessment.
const demoFirstAssessment = -150

// demoTask is a one-off task of the small demo organization.
type demoTask struct {
	title, description string
	owner, by          int // indexes in demoPeople: the owner and who assigned it
	dueDays            int // from today
	done               string
}

var demoTasks = []demoTask{
	{"Collect signed NDAs from the three new starters", "HR onboarding checklist, step 4.", 4, 2, -5, ""},
	{"Read the updated acceptable use policy", "It now says which AI tools may be used and with what data. Acknowledge it once read.", 9, 2, -2, ""},
	{"Complete the secure coding refresher", "The 40-minute module on the learning portal.", 8, 3, 10, ""},
	{"Test the fire alarm and log the result", "Leeds office, monthly test.", 5, 2, -20, "Alarm sounded on all floors; logged in the facilities book, page 31."},
	{"Agree the sample for the supplier audit", "IA-2 covers suppliers, backups and monitoring: pick the suppliers and the backup records to sample.", 6, 1, 30, ""},
	{"Renew the penetration test contract", "Current contract ends next quarter; get two quotes.", 3, 1, -12, ""},
}

// loadDemoWork gives the small organization its work through the use
// cases: the recurring activities of the ISMS as a whole and one-off tasks
// across its members (some done, some overdue).
func (a *App) loadDemoWork(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson) error {
	as := func(i int) isms.Actor {
		return isms.Actor{UserID: users[i].ID, Name: users[i].Name, OrgID: org.ID, Role: people[i].role}
	}
	link := objectOrganization + ":" + string(org.ID)
	for _, d := range demoSchedules {
		if err := a.demoSchedule(ctx, as, users, d, link); err != nil {
			return err
		}
	}
	today := a.today()
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

// demoSchedule has the ISMS manager create schedule d concerning the
// record link; its owner then completes the occurrences d carried out,
// each dated two days after it was due. The rules start in the past at a
// distance from today counted in months, and the lead times are shorter
// than the gap to the next occurrence, so how many tasks a schedule
// generates does not depend on the day the demo is loaded.
func (a *App) demoSchedule(ctx context.Context, as func(int) isms.Actor, users []*isms.User, d demoSchedule, link string) error {
	manager, today := as(2), a.today()
	lead := d.lead
	s, _, err := a.CreateSchedule(ctx, manager, ScheduleInput{Title: d.title, Description: d.description,
		OwnerID: users[d.owner].ID, Rule: d.rule, Start: d.start(today).String(), LeadDays: &lead, Link: link})
	if err != nil {
		return fmt.Errorf("demo schedule %s: %w", d.title, err)
	}
	if len(d.done) == 0 {
		return nil
	}
	list, _, err := a.FindTasks(ctx, manager, isms.TaskFilter{ScheduleID: s.ID, Sort: "due", Limit: 20})
	if err != nil {
		return err
	}
	for _, i := range d.done {
		if i >= len(list) {
			return fmt.Errorf("demo schedule %s generated %d tasks, not occurrence %d", d.title, len(list), i)
		}
		if _, err := a.CompleteTask(ctx, as(d.owner), list[i].ID, d.note); err != nil {
			return err
		}
		if err := a.dateDemoTask(ctx, manager, list[i].ID, list[i].Due, list[i].Due.AddDays(2)); err != nil {
			return err
		}
	}
	return nil
}

// dateDemoTask dates task id as it happened: due on due and, when it is
// closed, completed on done. The use cases date every step today, so the
// demo stores what changes with one task.update event, as actor.
func (a *App) dateDemoTask(ctx context.Context, actor isms.Actor, id isms.ID, due, done isms.Date) error {
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		t, err := tx.FindTaskByIDForUpdate(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		c := isms.Changes{}
		if t.Due != due {
			c["due"] = isms.Change{Before: t.Due.String(), After: due.String()}
			t.Due = due
		}
		if !t.CompletedAt.IsZero() {
			at := done.Time().Add(16 * time.Hour)
			c["completedAt"] = isms.Change{Before: t.CompletedAt.UTC().Format(isms.TimeLayout), After: at.Format(isms.TimeLayout)}
			t.CompletedAt = at
		}
		if err := tx.UpdateTask(ctx, t); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(actor.OrgID), actor, "task.update", objectTask, t.ID, c)
	})
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The large demo's recurring control activities: every control implemented
// or in progress has a schedule for its periodic check, owned by the
// control's owner (monthly, quarterly, half-yearly or yearly, started up
// to two years ago), and the tasks it generated up to its horizon: those
// due before today done but for one in twelve of the latest, left open and
// overdue; those due later open.
var largeCheckRules = []struct {
	rule  string
	title string
}{
	{"every month", "Monthly check"}, {"every 3 months", "Quarterly check"}, {"every 3 months", "Quarterly check"},
	{"every 3 months", "Quarterly check"}, {"every 6 months", "Half-yearly check"}, {"every 6 months", "Half-yearly check"},
	{"every year", "Yearly check"}, {"every year", "Yearly check"},
}

// largeScheduleGen generates the schedules and their tasks from the load's
// seed.
type largeScheduleGen struct {
	rng       *rand.Rand
	org       isms.ID
	admin     isms.ID
	today     isms.Date
	schedules []*isms.Schedule
	tasks     []*isms.Task
}

// loadLargeSchedules gives the large organization's controls their
// recurring checks and generated tasks in one transaction, recorded in one
// audit event.
func (a *App) loadLargeSchedules(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, progress func(string)) error {
	progress("adding the controls' recurring checks and the tasks they generated")
	admin := isms.Actor{UserID: users[0].ID, Name: users[0].Name, OrgID: org.ID, Role: people[0].role}
	g := &largeScheduleGen{rng: rand.New(rand.NewPCG(seed, 8008)), org: org.ID, admin: admin.UserID, today: a.today()}
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		controls, _, err := tx.FindControls(ctx, isms.ControlFilter{OrgID: org.ID, Sort: "ref", Limit: isms.MaxPageSize})
		if err != nil {
			return err
		}
		for _, c := range controls {
			if c.Status == isms.ControlImplemented || c.Status == isms.ControlInProgress {
				if err := g.schedule(c); err != nil {
					return err
				}
			}
		}
		for _, s := range g.schedules {
			if err := tx.InsertSchedule(ctx, s); err != nil {
				return err
			}
		}
		if err := tx.InsertTasks(ctx, g.tasks); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(org.ID), admin, "schedule.import", objectOrganization, org.ID,
			isms.Changes{"schedules": {After: len(g.schedules)}, "tasks": {After: len(g.tasks)}})
	})
	if err != nil {
		return fmt.Errorf("large demo schedules: %w", err)
	}
	return nil
}

// schedule generates the schedule of control c's periodic check and its
// tasks.
func (g *largeScheduleGen) schedule(c *isms.Control) error {
	r := largeCheckRules[g.rng.IntN(len(largeCheckRules))]
	rule, err := isms.ParseRecurrence(r.rule)
	if err != nil {
		return err
	}
	s := &isms.Schedule{ID: isms.NewID("sch"), OrgID: g.org, Title: fmt.Sprintf("%s of %s", r.title, c.Ref),
		Description: fmt.Sprintf("Check that %s works as described and record the result as evidence.", c.Title),
		OwnerID:     c.OwnerID, OwnerName: c.OwnerName, Link: isms.Link{Type: objectControl, ID: c.ID}, Rule: rule,
		Start: g.today.AddDays(-30 - g.rng.IntN(700)), LeadDays: []int{7, 14, 30}[g.rng.IntN(3)], Active: true,
		CreatedBy: g.admin}
	occ := s.Pending(g.today)
	for k, d := range occ {
		t := &isms.Task{ID: isms.NewID("tsk"), OrgID: g.org, Title: s.Title, Description: s.Description,
			OwnerID: s.OwnerID, OwnerName: s.OwnerName, Due: d, Status: isms.TaskOpen, Link: s.Link,
			ScheduleID: s.ID, Occurrence: d}
		latest := k >= len(occ)-2
		if d.Before(g.today) && !(latest && g.rng.IntN(12) == 0) {
			t.Status, t.CompletionNote = isms.TaskDone, "Checked; the control works as described."
			t.CompletedBy, t.CompletedByName, t.CompletedAt = s.OwnerID, s.OwnerName, d.AddDays(-g.rng.IntN(5)).Time()
		}
		g.tasks = append(g.tasks, t)
	}
	if len(occ) > 0 {
		s.LastOccurrence = occ[len(occ)-1]
	}
	g.schedules = append(g.schedules, s)
	return nil
}

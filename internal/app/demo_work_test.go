// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestSmallDemoHasWork(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c := newClock()
		a := app.New(db, app.Options{Now: c.Now, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
		res, err := a.LoadDemo(ctx, app.DemoSmall, nil)
		if err != nil {
			t.Fatalf("LoadDemo(small) = %v", err)
		}
		org, err := a.FindOrganizationBySlug(ctx, isms.SystemActor(""), res.OrgSlug)
		if err != nil {
			t.Fatal(err)
		}
		sys := isms.SystemActor(org.ID)
		schedules, n, err := a.FindSchedules(ctx, sys, isms.ScheduleFilter{})
		if err != nil || n != 10 {
			t.Fatalf("the demo has %d schedules, %v; want 10 (the yearly risk assessment, three of controls, one per metric and the management review)", n, err)
		}
		generating := 0
		for _, s := range schedules {
			if _, total, _ := a.FindTasks(ctx, sys, isms.TaskFilter{ScheduleID: s.ID}); total > 0 {
				generating++
			}
		}
		if generating != 4 {
			t.Errorf("%d of the demo's schedules generated tasks, want 4 (the three of controls and the management review's)", generating)
		}
		count := func(f isms.TaskFilter) int {
			t.Helper()
			_, total, err := a.FindTasks(ctx, sys, f)
			if err != nil {
				t.Fatal(err)
			}
			return total
		}
		overdue, done, open := count(isms.TaskFilter{Overdue: true}), count(isms.TaskFilter{Status: isms.TaskDone}), count(isms.TaskFilter{Status: isms.TaskOpen})
		if overdue < 3 || done < 3 || open-overdue < 2 {
			t.Errorf("the demo has %d overdue, %d done and %d open tasks; want some of each", overdue, done, open)
		}
		employee, err := a.FindUserByEmail(ctx, isms.SystemActor(""), "support@demo.example")
		if err != nil {
			t.Fatal(err)
		}
		work, err := a.MyWork(ctx, isms.Actor{UserID: employee.ID, Name: employee.Name, OrgID: org.ID, Role: isms.RoleEmployee}, 10, 0)
		if err != nil || work.Overdue != 2 {
			t.Errorf("the demo employee's work = %+v, %v; want two overdue tasks (a policy to read and the campaign's)", work, err)
		}
		verify, err := a.VerifyAuditChain(ctx, sys, string(org.ID))
		if err != nil || !verify.OK() {
			t.Errorf("the demo's audit chain does not verify: %+v, %v", verify.Break, err)
		}
	})
}

// TestSmallDemoHistoryDoesNotDependOnTheDay loads the small demo on days
// around month, quarter and year ends: its work, and so its history, is the
// same size whatever the day.
func TestSmallDemoHistoryDoesNotDependOnTheDay(t *testing.T) {
	t.Parallel()
	events := map[string]int{}
	for _, day := range []string{"2026-03-02", "2026-01-01", "2026-03-31", "2026-06-29", "2026-08-31", "2026-12-31", "2028-02-29"} {
		d, err := isms.ParseDate(day)
		if err != nil {
			t.Fatal(err)
		}
		now := d.Time().Add(15 * time.Hour)
		a := app.New(sqldbtest.Open(t, sqldbtest.SQLiteURL(t)), app.Options{Now: func() time.Time { return now },
			PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
		res, err := a.LoadDemo(context.Background(), app.DemoSmall, nil)
		if err != nil {
			t.Fatalf("LoadDemo(small) on %s = %v", day, err)
		}
		events[day] = res.Events
	}
	for day, n := range events {
		if n != events["2026-03-02"] {
			t.Errorf("the small demo loaded on %s has %d audit events, on 2026-03-02 %d", day, n, events["2026-03-02"])
		}
	}
}

// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// schedule creates a schedule as the manager and fails the test on error;
// it returns the schedule and how many tasks it generated.
func (w *workWorld) schedule(in app.ScheduleInput) (*isms.Schedule, int) {
	w.t.Helper()
	s, n, err := w.app.CreateSchedule(w.ctx, w.asManager(), in)
	if err != nil {
		w.t.Fatalf("CreateSchedule(%s) = %v", in.Title, err)
	}
	return s, n
}

// occurrences returns "occurrence status" of every task s generated, by
// occurrence.
func (w *workWorld) occurrences(s *isms.Schedule) []string {
	w.t.Helper()
	list, _, err := w.app.FindTasks(w.ctx, w.asManager(), isms.TaskFilter{ScheduleID: s.ID, Limit: isms.MaxPageSize})
	if err != nil {
		w.t.Fatalf("FindTasks(schedule) = %v", err)
	}
	out := []string{}
	for _, t := range list {
		out = append(out, t.Occurrence.String()+" "+string(t.Status))
	}
	slices.Sort(out)
	return out
}

// advanceTo moves the clock to 09:00 UTC of day.
func (w *workWorld) advanceTo(day string) {
	w.t.Helper()
	d, err := isms.ParseDate(day)
	if err != nil {
		w.t.Fatal(err)
	}
	w.clock.Advance(d.Time().Add(9 * time.Hour).Sub(w.clock.Now()))
}

func TestCreateScheduleGeneratesWithinTheLeadTime(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorkWorld(t, db) // today is 2026-03-02
		lead := 30
		s, n := w.schedule(app.ScheduleInput{Title: "Quarterly access review", OwnerID: w.contributor.ID,
			Rule: "every 3 months", Start: "2026-03-15", LeadDays: &lead, Link: "organization:acme"})
		if n != 1 || s.LastOccurrence.String() != "2026-03-15" || !s.Active || s.Version != 1 || s.OwnerName != w.contributor.Name {
			t.Errorf("CreateSchedule() = %+v, %d generated; want the 2026-03-15 task", s, n)
		}
		tasks, _, _ := w.app.FindTasks(w.ctx, w.asManager(), isms.TaskFilter{ScheduleID: s.ID})
		if len(tasks) != 1 {
			t.Fatalf("generated %d tasks, want 1", len(tasks))
		}
		k := tasks[0]
		if k.Title != s.Title || k.OwnerID != w.contributor.ID || k.Due.String() != "2026-03-15" || k.Occurrence.String() != "2026-03-15" ||
			k.Link != s.Link || k.CreatedBy != "" || k.ScheduleID != s.ID {
			t.Errorf("generated task = %+v", k)
		}
		if got := actions(w.events(string(w.org.ID), w.head(string(w.org.ID)).Seq-2)); !slices.Equal(got, []string{"schedule.create", "task.create"}) {
			t.Errorf("audit trail ends with %v, want schedule.create, task.create", got)
		}

		// A start in the past catches up: the missed occurrences are overdue tasks.
		past, n := w.schedule(app.ScheduleInput{Title: "Management review", OwnerID: w.manager.ID, Rule: "every 6 months", Start: "2025-01-10"})
		if n != 3 || !slices.Equal(w.occurrences(past), []string{"2025-01-10 open", "2025-07-10 open", "2026-01-10 open"}) {
			t.Errorf("schedule from 2025-01-10 generated %d: %v", n, w.occurrences(past))
		}
		if work, _ := w.app.MyWork(w.ctx, w.asManager(), 10, 0); work.Overdue != 3 {
			t.Errorf("the manager has %d overdue tasks, want the 3 missed reviews", work.Overdue)
		}

		bad := -5
		_, _, err := w.app.CreateSchedule(w.ctx, w.asManager(), app.ScheduleInput{Title: "", OwnerID: w.otherAdm.ID,
			Rule: "now and then", Start: "soon", LeadDays: &bad, Link: "risk:r1"})
		wantFields(t, "CreateSchedule(everything wrong)", err, isms.Invalid, "title", "owner", "rule", "start", "leadDays", "link")
		_, _, err = w.app.CreateSchedule(w.ctx, w.asEmployee(), app.ScheduleInput{Title: "x", OwnerID: w.employee.ID, Rule: "every day", Start: "2026-03-02"})
		wantCode(t, "CreateSchedule as an employee", err, isms.Forbidden)
	})
}

func TestGenerateRecurringTasks(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorkWorld(t, db) // 2026-03-02, a Monday
		lead := 7
		weekly, _ := w.schedule(app.ScheduleInput{Title: "Weekly log review", OwnerID: w.contributor.ID, Rule: "every week",
			Start: "2026-03-02", LeadDays: &lead})
		firstMonday, _ := w.schedule(app.ScheduleInput{Title: "Patch review", OwnerID: w.manager.ID, Rule: "first monday of each month",
			Start: "2026-03-01", LeadDays: &lead})
		globex, _, err := w.app.CreateSchedule(w.ctx, w.asOther(), app.ScheduleInput{Title: "Globex review",
			OwnerID: w.otherAdm.ID, Rule: "every day", Start: "2026-03-02", LeadDays: new(int)})
		if err != nil {
			t.Fatal(err)
		}
		wantWeekly := []string{"2026-03-02 open", "2026-03-09 open"}
		if got := w.occurrences(weekly); !slices.Equal(got, wantWeekly) {
			t.Errorf("weekly after creation = %v, want %v", got, wantWeekly)
		}
		if n, err := w.app.GenerateRecurringTasks(w.ctx); n != 0 || err != nil {
			t.Errorf("GenerateRecurringTasks() right after creation = %d, %v; want nothing new", n, err)
		}

		// Three weeks pass without a run: the missed weeks are caught up.
		w.advanceTo("2026-03-23")
		n, err := w.app.GenerateRecurringTasks(w.ctx)
		// weekly: 16, 23, 30; first Monday: none (6 April is beyond the week's
		// lead time); globex: 3 to 23 March.
		if err != nil || n != 3+21 {
			t.Errorf("GenerateRecurringTasks() three weeks later = %d, %v; want 24", n, err)
		}
		if n, err := w.app.GenerateRecurringTasks(w.ctx); n != 0 || err != nil {
			t.Errorf("GenerateRecurringTasks() again = %d, %v; want nothing new", n, err)
		}
		wantWeekly = append(wantWeekly, "2026-03-16 open", "2026-03-23 open", "2026-03-30 open")
		if got := w.occurrences(weekly); !slices.Equal(got, wantWeekly) {
			t.Errorf("weekly = %v, want %v", got, wantWeekly)
		}
		if got := w.occurrences(firstMonday); !slices.Equal(got, []string{"2026-03-02 open"}) {
			t.Errorf("first Monday = %v, want only 2 March", got)
		}
		list, _, _ := w.app.FindTasks(w.ctx, w.asOther(), isms.TaskFilter{ScheduleID: globex.ID, Overdue: true})
		if len(list) != 21 {
			t.Errorf("globex has %d overdue daily tasks, want 21 (2 to 22 March)", len(list))
		}
		last := w.lastEvent(string(w.other.ID))
		if last.Action != "task.create" || last.ActorName != "system" {
			t.Errorf("globex's last event = %s by %s, want task.create by the system", last.Action, last.ActorName)
		}

		// Deactivated schedules generate nothing more.
		if _, err := w.app.DeactivateSchedule(w.ctx, w.asManager(), weekly.ID); err != nil {
			t.Fatal(err)
		}
		w.advanceTo("2026-04-20")
		if _, err := w.app.GenerateRecurringTasks(w.ctx); err != nil {
			t.Fatal(err)
		}
		if got := w.occurrences(weekly); len(got) != 5 {
			t.Errorf("a deactivated schedule generated more: %v", got)
		}
		if got := w.occurrences(firstMonday); !slices.Equal(got, []string{"2026-03-02 open", "2026-04-06 open"}) {
			t.Errorf("first Monday = %v, want 2 March and 6 April", got)
		}
	})
}

func TestConcurrentGenerationCreatesEachOccurrenceOnce(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorkWorld(t, db)
		s, _ := w.schedule(app.ScheduleInput{Title: "Daily check", OwnerID: w.manager.ID, Rule: "every day", Start: "2026-03-02"})
		w.advanceTo("2026-05-01")
		var n1, n2 int
		var err1, err2 error
		race(func() { n1, err1 = w.app.GenerateRecurringTasks(w.ctx) }, func() { n2, err2 = w.app.GenerateRecurringTasks(w.ctx) })
		if err1 != nil || err2 != nil || n1+n2 != 60 {
			t.Errorf("two concurrent runs = %d, %v and %d, %v; want 60 tasks between them (2 April to 31 May)", n1, err1, n2, err2)
		}
		if got := w.occurrences(s); len(got) != 91 {
			t.Errorf("the schedule has %d tasks, want 91 (2 March to 31 May)", len(got))
		}
	})
}

func TestUpdateScheduleDoesNotDuplicateOpenTasks(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorkWorld(t, db) // 2026-03-02
		lead := 120
		s, _ := w.schedule(app.ScheduleInput{Title: "Access review", OwnerID: w.contributor.ID, Rule: "every month",
			Start: "2026-01-15", LeadDays: &lead})
		// 15 Jan, 15 Feb overdue; 15 Mar, 15 Apr, 15 May, 15 Jun ahead.
		byOcc := func() map[string]*isms.Task {
			list, _, _ := w.app.FindTasks(w.ctx, w.asManager(), isms.TaskFilter{ScheduleID: s.ID, Limit: 500})
			m := map[string]*isms.Task{}
			for _, k := range list {
				m[k.Occurrence.String()] = k
			}
			return m
		}
		tasks := byOcc()
		if _, err := w.app.CompleteTask(w.ctx, w.asContributor(), tasks["2026-01-15"].ID, "Reviewed."); err != nil {
			t.Fatal(err)
		}

		rule, owner := "every 2 months", w.manager2.ID
		s2, n, err := w.app.UpdateSchedule(w.ctx, w.asManager(), s.ID, isms.ScheduleUpdate{Rule: &rule, OwnerID: &owner, Version: s.Version})
		if err != nil {
			t.Fatalf("UpdateSchedule() = %v", err)
		}
		// Every 2 months from 15 Jan: 15 Mar, 15 May are kept; 15 Apr and 15 Jun
		// no longer match; 15 Jul comes within the lead time.
		want := []string{"2026-01-15 done", "2026-02-15 open", "2026-03-15 open", "2026-04-15 cancelled",
			"2026-05-15 open", "2026-06-15 cancelled"}
		if got := w.occurrences(s2); !slices.Equal(got, want) || n != 0 {
			t.Errorf("after the rule change: %v, %d generated; want %v", got, n, want)
		}
		tasks = byOcc()
		if k := tasks["2026-04-15"]; k.CompletionNote != "schedule changed" || k.CompletedBy != w.manager.ID {
			t.Errorf("the cancelled task = %+v, want the note \"schedule changed\"", k)
		}
		if tasks["2026-03-15"].OwnerID != w.manager2.ID || tasks["2026-05-15"].OwnerID != w.manager2.ID {
			t.Errorf("future tasks were not reassigned to the new owner")
		}
		if tasks["2026-02-15"].OwnerID != w.contributor.ID || tasks["2026-02-15"].Status != isms.TaskOpen {
			t.Errorf("the overdue task changed: %+v", tasks["2026-02-15"])
		}

		// Back to monthly: the tasks the change cancelled come back, nothing is duplicated.
		monthly := "every month"
		s3, _, err := w.app.UpdateSchedule(w.ctx, w.asManager(), s.ID, isms.ScheduleUpdate{Rule: &monthly, Version: s2.Version})
		if err != nil {
			t.Fatal(err)
		}
		want = []string{"2026-01-15 done", "2026-02-15 open", "2026-03-15 open", "2026-04-15 open", "2026-05-15 open", "2026-06-15 open"}
		if got := w.occurrences(s3); !slices.Equal(got, want) {
			t.Errorf("after changing back: %v, want %v", got, want)
		}

		_, _, err = w.app.UpdateSchedule(w.ctx, w.asManager(), s.ID, isms.ScheduleUpdate{Rule: &rule, Version: s2.Version})
		wantCode(t, "UpdateSchedule(stale)", err, isms.Conflict)
		bad := "sometimes"
		_, _, err = w.app.UpdateSchedule(w.ctx, w.asManager(), s.ID, isms.ScheduleUpdate{Rule: &bad, Version: s3.Version})
		wantFields(t, "UpdateSchedule(bad rule)", err, isms.Invalid, "rule")

		// A longer lead time generates further ahead; a start moved later cancels what falls before it.
		longer, start := 200, "2026-05-01"
		s4, n, err := w.app.UpdateSchedule(w.ctx, w.asManager(), s.ID, isms.ScheduleUpdate{LeadDays: &longer, Start: &start, Version: s3.Version})
		if err != nil {
			t.Fatal(err)
		}
		// From 1 May monthly: 1 May … 1 Sep; the 15th's future tasks no longer match.
		want = []string{"2026-01-15 done", "2026-02-15 open", "2026-03-15 cancelled", "2026-04-15 cancelled",
			"2026-05-01 open", "2026-05-15 cancelled", "2026-06-01 open", "2026-06-15 cancelled", "2026-07-01 open",
			"2026-08-01 open", "2026-09-01 open"}
		if got := w.occurrences(s4); !slices.Equal(got, want) || n != 5 {
			t.Errorf("after moving the start: %v, %d generated; want %v", got, n, want)
		}

		d, err := w.app.DeactivateSchedule(w.ctx, w.asManager(), s.ID)
		if err != nil || d.Active {
			t.Fatalf("DeactivateSchedule() = %+v, %v", d, err)
		}
		want = []string{"2026-01-15 done", "2026-02-15 open", "2026-03-15 cancelled", "2026-04-15 cancelled",
			"2026-05-01 cancelled", "2026-05-15 cancelled", "2026-06-01 cancelled", "2026-06-15 cancelled", "2026-07-01 cancelled",
			"2026-08-01 cancelled", "2026-09-01 cancelled"}
		if got := w.occurrences(s4); !slices.Equal(got, want) {
			t.Errorf("after deactivating: %v, want %v", got, want)
		}
		_, err = w.app.DeactivateSchedule(w.ctx, w.asManager(), s.ID)
		wantCode(t, "DeactivateSchedule(again)", err, isms.Conflict)
		_, _, err = w.app.UpdateSchedule(w.ctx, w.asManager(), s.ID, isms.ScheduleUpdate{Rule: &rule, Version: d.Version})
		wantCode(t, "UpdateSchedule(deactivated)", err, isms.Conflict)
	})
}

func TestFindSchedules(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorkWorld(t, db)
		s, _ := w.schedule(app.ScheduleInput{Title: "Yearly risk assessment", OwnerID: w.manager.ID, Rule: "every year",
			Start: "2026-11-02", Link: "organization:" + string(w.org.ID)})
		d, err := w.app.FindScheduleDetail(w.ctx, w.asViewer(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		next := []string{}
		for _, x := range d.Next {
			next = append(next, x.String())
		}
		if diff := cmp.Diff([]string{"2026-11-02", "2027-11-02", "2028-11-02", "2029-11-02", "2030-11-02"}, next); diff != "" {
			t.Errorf("next occurrences (-want +got):\n%s", diff)
		}
		if d.Link == nil || d.Link.Title != "Organization profile: Acme" {
			t.Errorf("link = %+v", d.Link)
		}
		list, total, err := w.app.FindSchedules(w.ctx, w.asViewer(), isms.ScheduleFilter{})
		if err != nil || total != 1 || list[0].ID != s.ID {
			t.Errorf("FindSchedules() = %d, %v", total, err)
		}
		_, _, err = w.app.FindSchedules(w.ctx, w.asEmployee(), isms.ScheduleFilter{})
		wantCode(t, "FindSchedules as an employee", err, isms.Forbidden)
		_, err = w.app.FindSchedule(w.ctx, w.asOther(), s.ID)
		wantCode(t, "FindSchedule from another organization", err, isms.NotFound)
		k, err := w.app.CreateTask(w.ctx, w.asManager(), app.TaskInput{Title: "Prepare the risk workshop", OwnerID: w.manager.ID,
			Due: "2026-10-15", Link: "schedule:" + string(s.ID)})
		if err != nil || k.Link.Type != "schedule" {
			t.Errorf("CreateTask(linked to a schedule) = %+v, %v", k, err)
		}
	})
}

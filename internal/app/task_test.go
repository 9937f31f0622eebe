// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// workWorld is the test world with an employee and a second organization.
type workWorld struct {
	*world
	employee *isms.User
	other    *isms.Organization // with its own administrator
	otherAdm *isms.User
}

func newWorkWorld(t *testing.T, db *sqldb.DB) *workWorld {
	t.Helper()
	w := &workWorld{world: newWorld(t, db)}
	w.employee = w.newMember(w.org, "Fay Employee", isms.RoleEmployee)
	w.otherAdm = w.newUser("Gus Globex", false)
	w.other = w.newOrg("globex", "Globex", w.otherAdm)
	return w
}

func (w *workWorld) asEmployee() isms.Actor { return w.as(w.employee, isms.RoleEmployee) }

// asOther returns the actor of the other organization's administrator.
func (w *workWorld) asOther() isms.Actor {
	return isms.Actor{UserID: w.otherAdm.ID, Name: w.otherAdm.Name, OrgID: w.other.ID, Role: isms.RoleAdmin}
}

// task creates a task as the manager and fails the test on error.
func (w *workWorld) task(title string, owner *isms.User, due string) *isms.Task {
	w.t.Helper()
	t, err := w.app.CreateTask(w.ctx, w.asManager(), app.TaskInput{Title: title, OwnerID: owner.ID, Due: due})
	if err != nil {
		w.t.Fatalf("CreateTask(%s) = %v", title, err)
	}
	return t
}

// reload returns a task as stored.
func (w *workWorld) reload(id isms.ID) *isms.Task {
	w.t.Helper()
	t, err := w.app.FindTask(w.ctx, isms.SystemActor(w.org.ID), id)
	if err != nil {
		w.t.Fatalf("FindTask(%s) = %v", id, err)
	}
	return t
}

var sameDate = cmp.Comparer(func(a, b isms.Date) bool { return a == b })

func TestCreateTask(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorkWorld(t, db)
		chain := string(w.org.ID)
		head := w.head(chain)
		in := app.TaskInput{Title: "  Review supplier contracts ", Description: "Check the security clauses.",
			OwnerID: w.employee.ID, Due: "2026-03-31", Link: "organization:acme"}
		got, err := w.app.CreateTask(w.ctx, w.asManager(), in)
		if err != nil {
			t.Fatalf("CreateTask() = %v", err)
		}
		want := &isms.Task{ID: got.ID, OrgID: w.org.ID, Title: "Review supplier contracts", Description: in.Description,
			OwnerID: w.employee.ID, OwnerName: w.employee.Name, Due: isms.NewDate(2026, 3, 31), Status: isms.TaskOpen,
			Link: isms.Link{Type: "organization", ID: w.org.ID}, CreatedBy: w.manager.ID,
			CreatedAt: w.clock.Now(), UpdatedAt: w.clock.Now(), Version: 1}
		if diff := cmp.Diff(want, got, sameDate); diff != "" {
			t.Errorf("CreateTask() mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, w.reload(got.ID), sameDate); diff != "" {
			t.Errorf("stored task mismatch (-want +got):\n%s", diff)
		}
		events := w.events(chain, head.Seq)
		if len(events) != 1 || events[0].Action != "task.create" || events[0].ObjectID != got.ID {
			t.Fatalf("events after CreateTask = %v, want one task.create", actions(events))
		}
		c := changes(t, events[0])
		if c["owner"].After != w.employee.Name || c["due"].After != "2026-03-31" || c["link"].After != "organization:"+string(w.org.ID) {
			t.Errorf("task.create changes = %v", c)
		}
	})
}

func TestCreateTaskReportsEveryProblemAndChangesNothing(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorkWorld(t, db)
		if err := w.app.SetUserDisabled(w.ctx, w.asAdmin(), w.contributor.ID, true); err != nil {
			t.Fatal(err)
		}
		head := w.head(string(w.org.ID))
		for _, tc := range []struct {
			name   string
			in     app.TaskInput
			fields []string
		}{
			{"nothing given", app.TaskInput{}, []string{"due", "owner", "title"}},
			{"a date in another format and a link without a type", app.TaskInput{Title: "x", OwnerID: w.manager.ID, Due: "31.03.2026", Link: "tsk_1"},
				[]string{"due", "link"}},
			{"an owner of another organization", app.TaskInput{Title: "x", OwnerID: w.otherAdm.ID, Due: "2026-03-31"}, []string{"owner"}},
			{"a disabled owner", app.TaskInput{Title: "x", OwnerID: w.contributor.ID, Due: "2026-03-31"}, []string{"owner"}},
			{"a record type nobody links to", app.TaskInput{Title: "x", OwnerID: w.manager.ID, Due: "2026-03-31", Link: "spaceship:enterprise"}, []string{"link"}},
			{"a record of another organization", app.TaskInput{Title: "x", OwnerID: w.manager.ID, Due: "2026-03-31", Link: "organization:" + string(w.other.ID)}, []string{"link"}},
			{"a title too long", app.TaskInput{Title: strings.Repeat("t", 201), OwnerID: w.manager.ID, Due: "2026-03-31"}, []string{"title"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := w.app.CreateTask(w.ctx, w.asManager(), tc.in)
				wantFields(t, "CreateTask("+tc.name+")", err, isms.Invalid, tc.fields...)
			})
		}
		for _, actor := range []isms.Actor{w.asViewer(), w.asEmployee(), w.asOwner()} {
			_, err := w.app.CreateTask(w.ctx, actor, app.TaskInput{Title: "x", OwnerID: w.manager.ID, Due: "2026-03-31"})
			wantCode(t, "CreateTask as "+string(actor.Role), err, isms.Forbidden)
		}
		if got := w.head(string(w.org.ID)); got != head {
			t.Errorf("refused CreateTask calls moved the chain from %d to %d", head.Seq, got.Seq)
		}
	})
}

func TestTasksOfOthersAreNotFoundForEmployees(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorkWorld(t, db)
		mine := w.task("Read the acceptable use policy", w.employee, "2026-03-10")
		theirs := w.task("Quarterly access review", w.contributor, "2026-03-10")

		list, total, err := w.app.FindTasks(w.ctx, w.asEmployee(), isms.TaskFilter{OwnerID: w.contributor.ID})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != mine.ID {
			t.Errorf("FindTasks(owner: contributor) as the employee = %d of %d, %v; want only their own task", len(list), total, err)
		}
		if _, err := w.app.FindTask(w.ctx, w.asEmployee(), theirs.ID); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("FindTask(someone else's) as the employee = %v, want not found", err)
		}
		if d, err := w.app.FindTaskDetail(w.ctx, w.asEmployee(), mine.ID); err != nil || d.Task.ID != mine.ID {
			t.Errorf("FindTaskDetail(own) as the employee = %v", err)
		}
		_, total, err = w.app.FindTasks(w.ctx, w.asViewer(), isms.TaskFilter{})
		if err != nil || total != 2 {
			t.Errorf("FindTasks() as a viewer = %d tasks, %v; want all 2", total, err)
		}
		if _, err := w.app.FindTask(w.ctx, w.asOther(), mine.ID); isms.ErrorCode(err) != isms.NotFound {
			t.Errorf("FindTask() from another organization = %v, want not found", err)
		}
		_, err = w.app.CompleteTask(w.ctx, w.asEmployee(), theirs.ID, "done")
		wantCode(t, "CompleteTask(someone else's) as the employee", err, isms.NotFound)
		_, err = w.app.CompleteTask(w.ctx, w.asViewer(), theirs.ID, "done")
		wantCode(t, "CompleteTask(someone else's) as a viewer", err, isms.Forbidden)
		if got := w.reload(theirs.ID); got.Status != isms.TaskOpen || got.Version != 1 {
			t.Errorf("after refused completions the task is %s, version %d", got.Status, got.Version)
		}
	})
}

func TestTaskLifecycle(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorkWorld(t, db)
		k := w.task("Test the backup restore", w.employee, "2026-03-10")
		w.clock.Advance(time.Hour)

		readOnly := w.asEmployee()
		readOnly.Scope = isms.ScopeRead
		_, err := w.app.CompleteTask(w.ctx, readOnly, k.ID, "done")
		wantCode(t, "CompleteTask through a read-only token", err, isms.Forbidden)

		done, err := w.app.CompleteTask(w.ctx, w.asEmployee(), k.ID, " Restored the CRM database in 40 minutes. ")
		if err != nil {
			t.Fatalf("CompleteTask() by the owner = %v", err)
		}
		if done.Status != isms.TaskDone || done.CompletionNote != "Restored the CRM database in 40 minutes." ||
			done.CompletedBy != w.employee.ID || done.CompletedByName != w.employee.Name || !done.CompletedAt.Equal(w.clock.Now()) || done.Version != 2 {
			t.Errorf("CompleteTask() = %+v", done)
		}
		e := w.lastEvent(string(w.org.ID))
		if c := changes(t, e); e.Action != "task.complete" || c["status"].Before != "open" || c["status"].After != "done" || c["note"].After != done.CompletionNote {
			t.Errorf("last event %s %v, want task.complete with status and note", e.Action, c)
		}
		_, err = w.app.CompleteTask(w.ctx, w.asEmployee(), k.ID, "again")
		wantCode(t, "CompleteTask(done)", err, isms.Conflict)
		_, err = w.app.UpdateTask(w.ctx, w.asManager(), k.ID, isms.TaskUpdate{Version: done.Version})
		wantCode(t, "UpdateTask(done)", err, isms.Conflict)

		reopened, err := w.app.ReopenTask(w.ctx, w.asEmployee(), k.ID)
		if err != nil || reopened.Status != isms.TaskOpen || reopened.CompletionNote != "" || !reopened.CompletedAt.IsZero() || reopened.CompletedBy != "" {
			t.Fatalf("ReopenTask() by the owner of a done task = %+v, %v", reopened, err)
		}

		_, err = w.app.CancelTask(w.ctx, w.asManager(), k.ID, "  ")
		wantFields(t, "CancelTask(no reason)", err, isms.Invalid, "reason")
		_, err = w.app.CancelTask(w.ctx, w.asEmployee(), k.ID, "not needed")
		wantCode(t, "CancelTask as the owner without the right to assign work", err, isms.Forbidden)
		cancelled, err := w.app.CancelTask(w.ctx, w.asManager(), k.ID, "The backup system is being replaced.")
		if err != nil || cancelled.Status != isms.TaskCancelled || cancelled.CompletionNote != "The backup system is being replaced." || cancelled.CompletedBy != w.manager.ID {
			t.Fatalf("CancelTask() = %+v, %v", cancelled, err)
		}
		_, err = w.app.ReopenTask(w.ctx, w.asEmployee(), k.ID)
		wantCode(t, "ReopenTask(cancelled) as the owner", err, isms.Forbidden)
		if _, err := w.app.ReopenTask(w.ctx, w.asManager(), k.ID); err != nil {
			t.Errorf("ReopenTask(cancelled) as a manager = %v", err)
		}
		_, err = w.app.ReopenTask(w.ctx, w.asManager(), k.ID)
		wantCode(t, "ReopenTask(open)", err, isms.Conflict)
		got := actions(w.events(string(w.org.ID), w.head(string(w.org.ID)).Seq-5))
		want := []string{"task.complete", "task.reopen", "task.cancel", "task.reopen"}
		if diff := cmp.Diff(want, got[len(got)-4:]); diff != "" {
			t.Errorf("audit trail (-want +got):\n%s", diff)
		}
	})
}

func TestUpdateTask(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorkWorld(t, db)
		k := w.task("Review firewall rules", w.employee, "2026-03-10")
		other := w.task("Linked target", w.manager, "2026-03-11")
		title, due, link, owner := "Review firewall and VPN rules", "2026-03-20", "task:"+string(other.ID), w.contributor.ID
		got, err := w.app.UpdateTask(w.ctx, w.asManager(), k.ID, isms.TaskUpdate{Title: &title, Due: &due, Link: &link, OwnerID: &owner, Version: 1})
		if err != nil {
			t.Fatalf("UpdateTask() = %v", err)
		}
		if got.Title != title || got.Due.String() != due || got.Link != (isms.Link{Type: "task", ID: other.ID}) ||
			got.OwnerID != w.contributor.ID || got.OwnerName != w.contributor.Name || got.Version != 2 {
			t.Errorf("UpdateTask() = %+v", got)
		}
		c := changes(t, w.lastEvent(string(w.org.ID)))
		wantChanges := map[string]isms.Change{
			"title": {Before: "Review firewall rules", After: title}, "due": {Before: "2026-03-10", After: due},
			"link": {Before: "", After: link}, "owner": {Before: w.employee.Name, After: w.contributor.Name},
		}
		if diff := cmp.Diff(wantChanges, c); diff != "" {
			t.Errorf("task.update changes (-want +got):\n%s", diff)
		}

		_, err = w.app.UpdateTask(w.ctx, w.asManager(), k.ID, isms.TaskUpdate{Title: &title, Version: 1})
		wantCode(t, "UpdateTask(stale version)", err, isms.Conflict)
		bad, none, empty := "soon", "", isms.ID("")
		_, err = w.app.UpdateTask(w.ctx, w.asManager(), k.ID, isms.TaskUpdate{Due: &bad, OwnerID: &empty, Version: 2})
		wantFields(t, "UpdateTask(bad due, no owner)", err, isms.Invalid, "due", "owner")
		unlinked, err := w.app.UpdateTask(w.ctx, w.asManager(), k.ID, isms.TaskUpdate{Link: &none, Version: 2})
		if err != nil || !unlinked.Link.IsZero() || unlinked.Version != 3 {
			t.Errorf("UpdateTask(remove the link) = %+v, %v", unlinked, err)
		}
		head := w.head(string(w.org.ID))
		same, err := w.app.UpdateTask(w.ctx, w.asManager(), k.ID, isms.TaskUpdate{Title: &title, Version: 3})
		if err != nil || same.Version != 3 || w.head(string(w.org.ID)) != head {
			t.Errorf("UpdateTask(nothing changes) = version %d, %v; want no new version and no event", same.Version, err)
		}
		_, err = w.app.UpdateTask(w.ctx, w.asEmployee(), other.ID, isms.TaskUpdate{Title: &title, Version: 1})
		wantCode(t, "UpdateTask as an employee", err, isms.Forbidden)
	})
}

func TestMyWorkAndOverdueCounts(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorkWorld(t, db) // today is 2026-03-02
		soon := w.task("Due soon", w.employee, "2026-03-05")
		late := w.task("Long overdue", w.employee, "2026-01-15")
		today := w.task("Due today", w.employee, "2026-03-02")
		lateToo := w.task("Overdue", w.employee, "2026-02-20")
		done := w.task("Done", w.employee, "2026-01-01")
		if _, err := w.app.CompleteTask(w.ctx, w.asEmployee(), done.ID, ""); err != nil {
			t.Fatal(err)
		}
		w.task("Someone else's", w.manager, "2026-01-01")
		linked, err := w.app.CreateTask(w.ctx, w.asManager(), app.TaskInput{Title: "Linked", OwnerID: w.manager.ID, Due: "2026-02-01", Link: "task:" + string(soon.ID)})
		if err != nil {
			t.Fatal(err)
		}
		_ = linked

		work, err := w.app.MyWork(w.ctx, w.asEmployee(), 3, 0)
		if err != nil {
			t.Fatalf("MyWork() = %v", err)
		}
		ids := []isms.ID{}
		for _, k := range work.Tasks {
			ids = append(ids, k.ID)
		}
		if diff := cmp.Diff([]isms.ID{late.ID, lateToo.ID, today.ID}, ids); diff != "" || work.Total != 4 || work.Overdue != 2 {
			t.Errorf("MyWork(first 3): total %d, overdue %d; order (-want +got):\n%s", work.Total, work.Overdue, diff)
		}
		work, _ = w.app.MyWork(w.ctx, w.asEmployee(), 3, 3)
		if len(work.Tasks) != 1 || work.Tasks[0].ID != soon.ID {
			t.Errorf("MyWork(second page) = %v, want the task due soon", work.Tasks)
		}

		counts, err := w.app.OverdueByModule(w.ctx, w.asViewer())
		want := []app.ModuleOverdue{
			{Module: isms.ModuleOther, Label: "Not linked to a record", LinkType: isms.NoLink, Count: 3},
			{Module: "task", Label: "task", LinkType: "task", Count: 1},
		}
		if diff := cmp.Diff(want, counts); diff != "" || err != nil {
			t.Errorf("OverdueByModule() = %v (-want +got):\n%s", err, diff)
		}
		_, err = w.app.OverdueByModule(w.ctx, w.asEmployee())
		wantCode(t, "OverdueByModule as an employee", err, isms.Forbidden)

		d, err := w.app.FindDashboard(w.ctx, w.asEmployee())
		if err != nil || d.MyOpen != 4 || d.MyOverdue != 2 || d.Overdue != nil {
			t.Errorf("FindDashboard() as the employee = open %d, overdue %d, by module %v, %v; want 4, 2 and no organization counts",
				d.MyOpen, d.MyOverdue, d.Overdue, err)
		}
		d, err = w.app.FindDashboard(w.ctx, w.asManager())
		if err != nil || d.MyOpen != 2 || d.MyOverdue != 2 || len(d.Overdue) != 2 {
			t.Errorf("FindDashboard() as the manager = open %d, overdue %d, by module %v, %v", d.MyOpen, d.MyOverdue, d.Overdue, err)
		}
	})
}

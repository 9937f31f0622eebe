// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"sort"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Reading tasks: one task, the task list, "my work" and the overdue counts
// of the dashboard.

// FindTask returns one task of the actor's organization: any task for
// those who may read the ISMS, otherwise only the actor's own.
func (a *App) FindTask(ctx context.Context, actor isms.Actor, id isms.ID) (*isms.Task, error) {
	d, err := a.FindTaskDetail(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return d.Task, nil
}

// TaskDetail is a task with what its page shows around it.
type TaskDetail struct {
	Task *isms.Task
	// Link is the record the task concerns with its current title; nil
	// when it concerns none.
	Link *ResolvedLink
	// Schedule is the schedule that generated the task, for those who may
	// read the ISMS; nil otherwise.
	Schedule *isms.Schedule
	Overdue  bool
}

// FindTaskDetail returns a task as FindTask does, with its link and
// schedule described.
func (a *App) FindTaskDetail(ctx context.Context, actor isms.Actor, id isms.ID) (*TaskDetail, error) {
	if err := forbid(actor.OrgID != "" && actor.Can(isms.ReadOwnWork), "You may not see tasks."); err != nil {
		return nil, err
	}
	d := &TaskDetail{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		t, err := tx.FindTaskByID(ctx, actor.OrgID, id)
		if err != nil {
			return err
		}
		if t.OwnerID != actor.UserID && !actor.Can(isms.ReadISMS) {
			return isms.Errorf(isms.NotFound, "No such task.")
		}
		d.Task, d.Overdue = t, t.Overdue(a.today())
		if !t.Link.IsZero() {
			links, err := describeLinks(ctx, tx, actor.OrgID, []isms.Link{t.Link})
			if err != nil {
				return err
			}
			d.Link = &links[0]
		}
		if t.ScheduleID != "" && actor.Can(isms.ReadISMS) {
			d.Schedule, err = tx.FindScheduleByID(ctx, actor.OrgID, t.ScheduleID)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// FindTasks lists tasks of the actor's organization: every task for those
// who may read the ISMS, otherwise only the actor's own, whatever the
// filter says. f.Overdue counts from today.
func (a *App) FindTasks(ctx context.Context, actor isms.Actor, f isms.TaskFilter) ([]*isms.Task, int, error) {
	if err := forbid(actor.OrgID != "" && actor.Can(isms.ReadOwnWork), "You may not see tasks."); err != nil {
		return nil, 0, err
	}
	f.OrgID, f.Today = actor.OrgID, a.today()
	if !actor.Can(isms.ReadISMS) {
		f.OwnerID = actor.UserID
	}
	var list []*isms.Task
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindTasks(ctx, f)
		return err
	})
	return list, total, err
}

// Work is one person's open tasks: "my work".
type Work struct {
	// Tasks is the requested page, overdue first, then by due date.
	Tasks []*isms.Task
	// Total counts the person's open tasks, Overdue those due before Today.
	Total   int
	Overdue int
	Today   isms.Date
}

// MyWork returns a page of the actor's open tasks in their organization:
// overdue first, then by due date (due order puts the overdue first).
func (a *App) MyWork(ctx context.Context, actor isms.Actor, limit, offset int) (*Work, error) {
	if err := forbid(actor.OrgID != "" && actor.Can(isms.ReadOwnWork), "You may not see tasks."); err != nil {
		return nil, err
	}
	w := &Work{Today: a.today()}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if w.Total, w.Overdue, err = tx.CountOpenTasks(ctx, actor.OrgID, actor.UserID, w.Today); err != nil || w.Total == 0 {
			return err
		}
		w.Tasks, _, err = tx.FindTasks(ctx, isms.TaskFilter{OrgID: actor.OrgID, OwnerID: actor.UserID,
			Status: isms.TaskOpen, Sort: "due", Limit: limit, Offset: offset})
		return err
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// ModuleOverdue is how many of the organization's tasks of one module are
// overdue.
type ModuleOverdue struct {
	Module string `json:"module"` // isms.LinkModule of the linked record type
	Label  string `json:"label"`  // the module's name for people
	// LinkType selects the module's tasks in a task filter: the record
	// type, or isms.NoLink for tasks that concern no record.
	LinkType string `json:"linkType"`
	Count    int    `json:"count"`
}

// OverdueByModule counts the organization's overdue tasks per module,
// most first; modules without overdue tasks are left out.
func (a *App) OverdueByModule(ctx context.Context, actor isms.Actor) ([]ModuleOverdue, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the organization's tasks."); err != nil {
		return nil, err
	}
	var out []ModuleOverdue
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		out, err = overdueByModule(ctx, tx, actor.OrgID, a.today())
		return err
	})
	return out, err
}

func overdueByModule(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date) ([]ModuleOverdue, error) {
	counts, err := tx.CountOverdueTasksByLinkType(ctx, org, today)
	if err != nil {
		return nil, err
	}
	index := map[string]int{} // module → its position in out
	var out []ModuleOverdue
	for _, c := range counts {
		module := isms.LinkModule(c.Module)
		if i, ok := index[module]; ok {
			out[i].Count += c.Count
			continue
		}
		m := ModuleOverdue{Module: module, Label: LinkLabel(c.Module), LinkType: c.Module, Count: c.Count}
		if c.Module == "" {
			m.Label, m.LinkType = "Not linked to a record", isms.NoLink
		}
		index[module] = len(out)
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out, nil
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// A metric's frequency and measurer drive a schedule (a recurring
// activity, schedule.go) that gives the measurer a "Measure <name>" task
// linked to the metric whenever a measurement falls due. The schedule
// belongs to the metric: it is created, changed and deactivated in the
// transaction that saves or deletes the metric, with its own audit
// events, so a metric never exists without its tasks or the other way
// round. Whoever may edit metrics may do this; the roles that edit
// metrics also assign work. Recording a measurement completes the task it
// satisfies (completeMeasureTask).

// measureLeadDays is how many days before a measurement falls due its
// task appears.
const measureLeadDays = 14

// measureTitle is the title of a metric's measure tasks.
func measureTitle(m *isms.Metric) string {
	t := "Measure " + m.Name
	if utf8.RuneCountInString(t) > isms.MaxNameLen {
		t = string([]rune(t)[:isms.MaxNameLen-1]) + "…"
	}
	return t
}

// syncMetricSchedule brings m's schedule in line with its name, frequency
// and measurer, creating it when m has none (or it was deactivated).
func (a *App) syncMetricSchedule(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, m *isms.Metric) error {
	if m.ScheduleID != "" {
		s, err := tx.FindScheduleByIDForUpdate(ctx, m.OrgID, m.ScheduleID)
		switch {
		case err == nil && s.Active:
			return a.updateMetricSchedule(ctx, tx, actor, m, s)
		case err != nil && isms.ErrorCode(err) != isms.NotFound:
			return err
		}
	}
	return a.createMetricSchedule(ctx, tx, actor, m)
}

// createMetricSchedule creates m's schedule, first due one period after
// the metric was created (or today, when that has passed), generates its
// first tasks and records it on m.
func (a *App) createMetricSchedule(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, m *isms.Metric) error {
	today := a.today()
	start := m.NextDue(nil)
	if start.Before(today) {
		start = today
	}
	s := &isms.Schedule{ID: isms.NewID("sch"), OrgID: m.OrgID, Title: measureTitle(m),
		Description: fmt.Sprintf("Measure metric %s as its method says and record the result on the metric's page.", m.Ref),
		OwnerID:     m.MeasuredBy, OwnerName: m.MeasuredByName, Link: isms.Link{Type: objectMetric, ID: m.ID},
		Rule: m.Frequency, Start: start, LeadDays: measureLeadDays, Active: true, CreatedBy: actor.UserID}
	if err := s.Validate(); err != nil {
		return fmt.Errorf("schedule of metric %s: %w", m.Ref, err)
	}
	if err := tx.InsertSchedule(ctx, s); err != nil {
		return err
	}
	if err := audit(ctx, tx, orgChain(s.OrgID), actor, "schedule.create", objectSchedule, s.ID, scheduleCreated(s)); err != nil {
		return err
	}
	created, err := generate(ctx, tx, actor, s, today)
	if err != nil {
		return err
	}
	m.ScheduleID = s.ID
	if err := tx.SetMetricSchedule(ctx, m.OrgID, m.ID, s.ID); err != nil {
		return err
	}
	return a.enqueueAssigned(ctx, tx, actor, created...)
}

// updateMetricSchedule carries m's name, frequency and measurer to its
// active schedule s as UpdateSchedule would: open tasks still to come
// follow, those no longer matching the new frequency are cancelled.
func (a *App) updateMetricSchedule(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, m *isms.Metric, s *isms.Schedule) error {
	title, rule, owner := measureTitle(m), m.Frequency.String(), m.MeasuredBy
	upd := isms.ScheduleUpdate{Title: &title, Rule: &rule, OwnerID: &owner}
	p := isms.Problems{}
	changes := upd.Apply(s, p)
	if err := a.applyScheduleOwnerAndLink(ctx, tx, s, upd, changes, p); err != nil {
		return err
	}
	if err := p.Err(); err != nil {
		return fmt.Errorf("schedule of metric %s: %w", m.Ref, err)
	}
	if len(changes) == 0 {
		return nil
	}
	today := a.today()
	if _, ok := changes["rule"]; ok {
		s.LastOccurrence = today.AddDays(-1) // generate from today under the new rule
	}
	if err := tx.UpdateSchedule(ctx, s); err != nil {
		return err
	}
	if err := audit(ctx, tx, orgChain(s.OrgID), actor, "schedule.update", objectSchedule, s.ID, changes); err != nil {
		return err
	}
	reassigned, err := syncFutureTasks(ctx, tx, actor, s, today)
	if err != nil {
		return err
	}
	created, err := generate(ctx, tx, actor, s, today)
	if err != nil {
		return err
	}
	return a.enqueueAssigned(ctx, tx, actor, append(reassigned, created...)...)
}

// stopMetricSchedule deactivates m's schedule, as DeactivateSchedule
// would, when m is deleted.
func (a *App) stopMetricSchedule(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, m *isms.Metric) error {
	if m.ScheduleID == "" {
		return nil
	}
	s, err := tx.FindScheduleByIDForUpdate(ctx, m.OrgID, m.ScheduleID)
	if isms.ErrorCode(err) == isms.NotFound || (err == nil && !s.Active) {
		return nil
	} else if err != nil {
		return err
	}
	s.Active = false
	if err := tx.UpdateSchedule(ctx, s); err != nil {
		return err
	}
	if err := audit(ctx, tx, orgChain(s.OrgID), actor, "schedule.deactivate", objectSchedule, s.ID,
		isms.Changes{"active": {Before: true, After: false}}); err != nil {
		return err
	}
	list, err := tx.FindOpenGeneratedTasks(ctx, s.OrgID, s.ID, a.today())
	if err != nil {
		return err
	}
	for _, t := range list {
		if err := closeTaskIn(ctx, tx, actor, t, isms.TaskCancelled, noteScheduleDeactivated, "task.cancel"); err != nil {
			return err
		}
	}
	return nil
}

// completeMeasureTask completes the earliest open measure task of m that
// measurement x satisfies: one of m's schedule falling due no later than
// one period after x was taken (so that an old result imported late does
// not close today's task). It returns the task completed, or nil.
func completeMeasureTask(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, m *isms.Metric, x *isms.Measurement) (*isms.Task, error) {
	due := m.NextDue(x)
	if m.ScheduleID == "" || due.IsZero() {
		return nil, nil
	}
	list, _, err := tx.FindTasks(ctx, isms.TaskFilter{OrgID: m.OrgID, ScheduleID: m.ScheduleID, Status: isms.TaskOpen,
		DueTo: due, Sort: "due", Limit: 1})
	if err != nil || len(list) == 0 {
		return nil, err
	}
	t := list[0]
	note := "Measurement recorded: " + measuredText(m, x) + "."
	return t, closeTaskIn(ctx, tx, actor, t, isms.TaskDone, note, "task.complete")
}

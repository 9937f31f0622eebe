// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// taskColumns are the columns a task is read from: the task joined to its
// owner's account for the owner's current name.
const taskColumns = `t.id, t.organization_id, t.title, t.description, t.owner_id, u.name, t.due_date, t.status,
	t.link_type, t.link_id, COALESCE(t.schedule_id, ''), t.occurrence, t.completion_note, t.completed_by,
	t.completed_by_name, t.completed_at, t.created_by, t.created_at, t.updated_at, t.version`

const taskFrom = ` FROM tasks t JOIN users u ON u.id = t.owner_id`

func scanTask(s interface{ Scan(...any) error }) (*isms.Task, error) {
	var t isms.Task
	err := s.Scan(&t.ID, &t.OrgID, &t.Title, &t.Description, &t.OwnerID, &t.OwnerName, &t.Due, &t.Status,
		&t.Link.Type, &t.Link.ID, &t.ScheduleID, &t.Occurrence, &t.CompletionNote, &t.CompletedBy,
		&t.CompletedByName, (*timestamp)(&t.CompletedAt), &t.CreatedBy, (*timestamp)(&t.CreatedAt),
		(*timestamp)(&t.UpdatedAt), &t.Version)
	return &t, err
}

// scheduleArg is a task's schedule as a query argument: NULL for a task
// made by hand, so that the unique index on (schedule_id, occurrence)
// leaves such tasks alone.
func scheduleArg(id isms.ID) any {
	if id == "" {
		return nil
	}
	return string(id)
}

const insertTaskSQL = `INSERT INTO tasks (id, organization_id, title, description, owner_id, due_date, status,
	link_type, link_id, schedule_id, occurrence, completion_note, completed_by, completed_by_name,
	completed_at, created_by, version, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func (tx *Tx) insertTaskArgs(t *isms.Task) []any {
	t.Version, t.CreatedAt, t.UpdatedAt = 1, tx.now, tx.now
	return []any{t.ID, t.OrgID, t.Title, t.Description, t.OwnerID, t.Due, t.Status,
		t.Link.Type, t.Link.ID, scheduleArg(t.ScheduleID), t.Occurrence, t.CompletionNote, t.CompletedBy, t.CompletedByName,
		tx.ts(t.CompletedAt), t.CreatedBy, t.Version, tx.ts(t.CreatedAt), tx.ts(t.UpdatedAt)}
}

// InsertTask stores a new task and sets its version and times.
func (tx *Tx) InsertTask(ctx context.Context, t *isms.Task) error {
	if _, err := tx.exec(ctx, insertTaskSQL, tx.insertTaskArgs(t)...); err != nil {
		return fmt.Errorf("insert task: %w", err)
	}
	return nil
}

// tasksPerInsert is how many tasks one statement of InsertTasks carries:
// 19 arguments a row, 9,500 a statement, well under both databases' limits.
const tasksPerInsert = 500

// InsertTasks stores many new tasks with multi-row INSERT statements, for
// bulk loads (generated data, imports, benchmark fixtures) where one
// InsertTask per task would cost a round trip each. The caller records
// what the load means in the audit trail.
func (tx *Tx) InsertTasks(ctx context.Context, tasks []*isms.Task) error {
	const row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	head, _, _ := strings.Cut(insertTaskSQL, "VALUES")
	for start := 0; start < len(tasks); start += tasksPerInsert {
		batch := tasks[start:min(start+tasksPerInsert, len(tasks))]
		args := make([]any, 0, 19*len(batch))
		for _, t := range batch {
			args = append(args, tx.insertTaskArgs(t)...)
		}
		q := head + "VALUES " + repeatList(row, len(batch))
		if _, err := tx.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("insert tasks %d to %d: %w", start+1, start+len(batch), err)
		}
	}
	return nil
}

// InsertGeneratedTask stores the task of one occurrence of a schedule
// unless that occurrence has a task already, and reports whether it did.
// The unique index on (schedule_id, occurrence) decides, so two runs of
// the generation at the same moment cannot both create it.
func (tx *Tx) InsertGeneratedTask(ctx context.Context, t *isms.Task) (bool, error) {
	if t.ScheduleID == "" || t.Occurrence.IsZero() {
		return false, fmt.Errorf("insert generated task: schedule and occurrence are required")
	}
	res, err := tx.exec(ctx, insertTaskSQL+` ON CONFLICT (schedule_id, occurrence) DO NOTHING`, tx.insertTaskArgs(t)...)
	if err != nil {
		return false, fmt.Errorf("insert generated task: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FindTaskByID returns task id of org.
func (tx *Tx) FindTaskByID(ctx context.Context, org, id isms.ID) (*isms.Task, error) {
	return tx.findTask(ctx, org, id, "")
}

// FindTaskByIDForUpdate is FindTaskByID that also locks the task's row
// until the transaction ends (PostgreSQL).
func (tx *Tx) FindTaskByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.Task, error) {
	return tx.findTask(ctx, org, id, " FOR UPDATE OF t")
}

func (tx *Tx) findTask(ctx context.Context, org, id isms.ID, lock string) (*isms.Task, error) {
	if tx.dialect != Postgres {
		lock = ""
	}
	t, err := scanTask(tx.queryRow(ctx, `SELECT `+taskColumns+taskFrom+`
		WHERE t.organization_id = ? AND t.id = ?`+lock, org, id))
	if err != nil {
		return nil, notFound(err, "No such task.")
	}
	return t, nil
}

// FindGeneratedTask returns the task schedule generated for occurrence.
func (tx *Tx) FindGeneratedTask(ctx context.Context, org, schedule isms.ID, occurrence isms.Date) (*isms.Task, error) {
	t, err := scanTask(tx.queryRow(ctx, `SELECT `+taskColumns+taskFrom+`
		WHERE t.organization_id = ? AND t.schedule_id = ? AND t.occurrence = ?`, org, schedule, occurrence))
	if err != nil {
		return nil, notFound(err, "The schedule has no task for this occurrence.")
	}
	return t, nil
}

var taskSorts = map[string]string{
	"due":     "t.due_date, t.id",
	"title":   "LOWER(t.title), t.id",
	"status":  "t.status, t.due_date, t.id",
	"owner":   "LOWER(u.name), t.due_date, t.id",
	"created": "t.created_at, t.id",
}

// taskWhere returns the conditions and arguments of f.
func taskWhere(f isms.TaskFilter) (string, []any) {
	where, args := "t.organization_id = ?", []any{f.OrgID}
	add := func(cond string, vals ...any) {
		where += " AND " + cond
		args = append(args, vals...)
	}
	if f.OwnerID != "" {
		add("t.owner_id = ?", f.OwnerID)
	}
	if f.Overdue {
		add("t.status = ? AND t.due_date < ?", isms.TaskOpen, f.Today)
	} else if f.Status != "" {
		add("t.status = ?", f.Status)
	}
	if !f.DueFrom.IsZero() {
		add("t.due_date >= ?", f.DueFrom)
	}
	if !f.DueTo.IsZero() {
		add("t.due_date <= ?", f.DueTo)
	}
	switch f.LinkType {
	case "":
	case isms.NoLink:
		add("t.link_type = ''")
	default:
		add("t.link_type = ?", f.LinkType)
	}
	if f.LinkID != "" {
		add("t.link_id = ?", f.LinkID)
	}
	if f.ScheduleID != "" {
		add("t.schedule_id = ?", f.ScheduleID)
	}
	if f.Search != "" {
		add(`(LOWER(t.title) LIKE ? ESCAPE '\' OR LOWER(t.description) LIKE ? ESCAPE '\')`, like(f.Search), like(f.Search))
	}
	return where, args
}

// FindTasks returns a page of the tasks of f.OrgID, in due order by
// default, and the total matching.
func (tx *Tx) FindTasks(ctx context.Context, f isms.TaskFilter) ([]*isms.Task, int, error) {
	where, args := taskWhere(f)
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM tasks t WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count tasks: %w", err)
	}
	if total == 0 || f.Offset >= total {
		return nil, total, nil
	}
	rows, err := tx.query(ctx, `SELECT `+taskColumns+taskFrom+` WHERE `+where+
		order(f.Sort, taskSorts, "due")+` LIMIT ? OFFSET ?`, append(args, isms.ClampPage(f.Limit), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select tasks: %w", err)
	}
	defer rows.Close()
	out := make([]*isms.Task, 0, min(total-f.Offset, isms.ClampPage(f.Limit)))
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan task: %w", err)
		}
		out = append(out, t)
	}
	return out, total, rows.Err()
}

// UpdateTask stores every field of t that can change if its stored version
// is still t.Version, then advances t's version.
func (tx *Tx) UpdateTask(ctx context.Context, t *isms.Task) error {
	res, err := tx.exec(ctx, `UPDATE tasks SET title = ?, description = ?, owner_id = ?, due_date = ?, status = ?,
		link_type = ?, link_id = ?, completion_note = ?, completed_by = ?, completed_by_name = ?, completed_at = ?,
		version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		t.Title, t.Description, t.OwnerID, t.Due, t.Status, t.Link.Type, t.Link.ID, t.CompletionNote,
		t.CompletedBy, t.CompletedByName, tx.ts(t.CompletedAt), tx.ts(tx.now), t.OrgID, t.ID, t.Version)
	if err != nil {
		return fmt.Errorf("update task: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("task")
	}
	t.Version++
	t.UpdatedAt = tx.now
	return nil
}

// CountOpenTasks returns how many open tasks of org owner has, and how many
// of them were due before today.
func (tx *Tx) CountOpenTasks(ctx context.Context, org, owner isms.ID, today isms.Date) (open, overdue int, err error) {
	err = tx.queryRow(ctx, `
		SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_date < ? THEN 1 ELSE 0 END), 0)
		FROM tasks WHERE organization_id = ? AND owner_id = ? AND status = ?`,
		today, org, owner, isms.TaskOpen).Scan(&open, &overdue)
	if err != nil {
		return 0, 0, fmt.Errorf("count open tasks: %w", err)
	}
	return open, overdue, nil
}

// CountOverdueTasksByLinkType returns how many open tasks of org were due
// before today, per record type they are linked to ("" for none), most
// first.
func (tx *Tx) CountOverdueTasksByLinkType(ctx context.Context, org isms.ID, today isms.Date) ([]isms.ModuleCount, error) {
	rows, err := tx.query(ctx, `
		SELECT link_type, COUNT(*) FROM tasks`+tx.statusIndex()+`
		WHERE organization_id = ? AND status = ? AND due_date < ?
		GROUP BY link_type
		ORDER BY COUNT(*) DESC, link_type
		LIMIT 500`, org, isms.TaskOpen, today)
	if err != nil {
		return nil, fmt.Errorf("count overdue tasks: %w", err)
	}
	defer rows.Close()
	var out []isms.ModuleCount
	for rows.Next() {
		var c isms.ModuleCount
		if err := rows.Scan(&c.Module, &c.Count); err != nil {
			return nil, fmt.Errorf("scan overdue count: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// statusIndex pins SQLite to tasks_status_idx for the overdue counts. With
// statistics (after ANALYZE) its planner would rather walk tasks_link_idx,
// which yields the groups in order, and so read every task of the
// organization instead of the overdue ones: 100 times slower on 100,000
// tasks. PostgreSQL plans the query well by itself.
func (tx *Tx) statusIndex() string {
	if tx.dialect == SQLite {
		return " INDEXED BY tasks_status_idx"
	}
	return ""
}

// FindOpenGeneratedTasks returns the open tasks that schedule generated for
// occurrences after day after, by occurrence, at most isms.MaxOccurrences.
func (tx *Tx) FindOpenGeneratedTasks(ctx context.Context, org, schedule isms.ID, after isms.Date) ([]*isms.Task, error) {
	rows, err := tx.query(ctx, `SELECT `+taskColumns+taskFrom+`
		WHERE t.organization_id = ? AND t.schedule_id = ? AND t.status = ? AND t.occurrence > ?
		ORDER BY t.occurrence, t.id
		LIMIT ?`, org, schedule, isms.TaskOpen, after, isms.MaxOccurrences)
	if err != nil {
		return nil, fmt.Errorf("select generated tasks: %w", err)
	}
	defer rows.Close()
	var out []*isms.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, fmt.Errorf("scan task: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

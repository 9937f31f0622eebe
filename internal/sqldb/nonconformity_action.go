// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ismsproject/isms/internal/isms"
)

// The tasks of nonconformities (nc_actions: corrective actions and
// effectiveness checks), read with the tasks' own fields, and the counts
// behind the nonconformity trends.

// ncActionColumns are the columns an action is read from, with its task's
// title, owner, owner name, due date and status.
const ncActionColumns = `a.nonconformity_id, a.task_id, a.kind, t.title, t.owner_id,
	COALESCE((SELECT u.name FROM users u WHERE u.id = t.owner_id), ''), t.due_date, t.status`

const ncActionFrom = ` FROM nc_actions a JOIN tasks t ON t.organization_id = a.organization_id AND t.id = a.task_id`

// maxNCActions caps the tasks FindNCActions reads: a nonconformity has a
// handful of actions and checks.
const maxNCActions = 1000

func scanNCAction(s rowScanner) (*isms.NCAction, error) {
	var a isms.NCAction
	err := s.Scan(&a.NonconformityID, &a.TaskID, &a.Kind, &a.Title, &a.OwnerID, &a.OwnerName, &a.Due, &a.Status)
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// InsertNCAction records that task is a corrective action or the
// effectiveness check (kind) of nonconformity nc.
func (tx *Tx) InsertNCAction(ctx context.Context, org, nc, task isms.ID, kind isms.NCActionKind) error {
	_, err := tx.exec(ctx, `INSERT INTO nc_actions (organization_id, nonconformity_id, task_id, kind, created_at)
		VALUES (?, ?, ?, ?, ?)`, org, nc, task, kind, tx.ts(tx.now))
	if actionTaken(err) {
		return isms.Errorf(isms.Conflict, "The task already belongs to a nonconformity.")
	}
	if err != nil {
		return fmt.Errorf("insert nonconformity action: %w", err)
	}
	return nil
}

// actionTaken reports whether err violates the primary key or the task
// index of nc_actions: the task already belongs to a nonconformity.
func actionTaken(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505" && pgErr.TableName == "nc_actions"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: nc_actions.")
}

// FindNCActions returns the tasks of nonconformity nc, oldest first, with
// the tasks' title, owner (and name), due date and status; Changes is not
// read (record links).
func (tx *Tx) FindNCActions(ctx context.Context, org, nc isms.ID) ([]*isms.NCAction, error) {
	return selectRows(ctx, tx, "nonconformity action", "nonconformity actions", `SELECT `+ncActionColumns+ncActionFrom+`
		WHERE a.organization_id = ? AND a.nonconformity_id = ? ORDER BY a.created_at, a.task_id LIMIT ?`,
		[]any{org, nc, maxNCActions}, scanNCAction)
}

// FindNCActionByTask returns the nc_actions row of task, or NotFound when
// the task is not a nonconformity's.
func (tx *Tx) FindNCActionByTask(ctx context.Context, org, task isms.ID) (*isms.NCAction, error) {
	a, err := scanNCAction(tx.queryRow(ctx, `SELECT `+ncActionColumns+ncActionFrom+`
		WHERE a.organization_id = ? AND a.task_id = ?`, org, task))
	if err != nil {
		return nil, notFound(err, "The task is not a nonconformity's.")
	}
	return a, nil
}

// OverdueNCActions returns the open corrective actions (kind action) of
// open nonconformities due before today, earliest first, at most limit,
// and how many there are.
func (tx *Tx) OverdueNCActions(ctx context.Context, org isms.ID, today isms.Date, limit int) ([]*isms.NCAction, int, error) {
	return findPage(ctx, tx, pageQuery{one: "overdue corrective action", many: "overdue corrective actions",
		columns: ncActionColumns, from: ncActionFrom + ` JOIN nonconformities n ON n.organization_id = a.organization_id
		AND n.id = a.nonconformity_id`,
		where:   `a.organization_id = ? AND a.kind = ? AND t.status = ? AND t.due_date < ? AND n.status <> ?`,
		args:    []any{org, isms.NCActionCorrective, isms.TaskOpen, today, isms.NCClosed},
		orderBy: " ORDER BY t.due_date, n.number, a.created_at, a.task_id"}, limit, 0, scanNCAction)
}

// NCCounts counts the organization's nonconformities detected in
// [since, until] by source, and by requirement reference (each reference
// of each nonconformity once), for trends. A zero since or until leaves
// that end open.
func (tx *Tx) NCCounts(ctx context.Context, org isms.ID, since, until isms.Date) (bySource, byRef map[string]int, err error) {
	type row struct{ source, reqs string }
	to := until.String()
	if until.IsZero() {
		to = "9999-12-31" // no end
	}
	rows, err := selectRows(ctx, tx, "nonconformity", "nonconformities", `SELECT n.source, n.requirements
		FROM nonconformities n WHERE n.organization_id = ? AND n.detected_on >= ? AND n.detected_on <= ?`,
		[]any{org, since.String(), to}, func(s rowScanner) (row, error) {
			var r row
			err := s.Scan(&r.source, &r.reqs)
			return r, err
		})
	if err != nil {
		return nil, nil, err
	}
	bySource, byRef = map[string]int{}, map[string]int{}
	for _, r := range rows {
		bySource[r.source]++
		refs, err := readJSONList[isms.RequirementRef](r.reqs, "nonconformity requirements")
		if err != nil {
			return nil, nil, err
		}
		seen := map[string]bool{}
		for _, ref := range refs {
			if ref.Ref != "" && !seen[ref.Ref] {
				seen[ref.Ref] = true
				byRef[ref.Ref]++
			}
		}
	}
	return bySource, byRef, nil
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// scheduleColumns are the columns a schedule is read from: the schedule
// joined to its owner's account for the owner's current name.
const scheduleColumns = `s.id, s.organization_id, s.title, s.description, s.owner_id, u.name, s.link_type, s.link_id,
	s.rule, s.start_date, s.lead_days, s.active, s.last_occurrence, s.created_by, s.created_at, s.updated_at, s.version`

const scheduleFrom = ` FROM schedules s JOIN users u ON u.id = s.owner_id`

func scanSchedule(sc interface{ Scan(...any) error }) (*isms.Schedule, error) {
	var s isms.Schedule
	var rule string
	err := sc.Scan(&s.ID, &s.OrgID, &s.Title, &s.Description, &s.OwnerID, &s.OwnerName, &s.Link.Type, &s.Link.ID,
		&rule, &s.Start, &s.LeadDays, &s.Active, &s.LastOccurrence, &s.CreatedBy, (*timestamp)(&s.CreatedAt),
		(*timestamp)(&s.UpdatedAt), &s.Version)
	if err != nil {
		return nil, err
	}
	if s.Rule, err = isms.ParseRecurrence(rule); err != nil {
		return nil, fmt.Errorf("schedule %s: stored rule %q: %w", s.ID, rule, err)
	}
	return &s, nil
}

// InsertSchedule stores a new schedule and sets its version and times.
func (tx *Tx) InsertSchedule(ctx context.Context, s *isms.Schedule) error {
	s.Version, s.CreatedAt, s.UpdatedAt = 1, tx.now, tx.now
	_, err := tx.exec(ctx, `INSERT INTO schedules (id, organization_id, title, description, owner_id, link_type, link_id,
		rule, start_date, lead_days, active, last_occurrence, created_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.OrgID, s.Title, s.Description, s.OwnerID, s.Link.Type, s.Link.ID, s.Rule.String(), s.Start,
		s.LeadDays, s.Active, s.LastOccurrence, s.CreatedBy, s.Version, tx.ts(s.CreatedAt), tx.ts(s.UpdatedAt))
	if err != nil {
		return fmt.Errorf("insert schedule: %w", err)
	}
	return nil
}

// FindScheduleByID returns schedule id of org.
func (tx *Tx) FindScheduleByID(ctx context.Context, org, id isms.ID) (*isms.Schedule, error) {
	return tx.findSchedule(ctx, org, id, "")
}

// FindScheduleByIDForUpdate is FindScheduleByID that also locks the
// schedule's row until the transaction ends (PostgreSQL), so that
// generation and edits of one schedule take turns.
func (tx *Tx) FindScheduleByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.Schedule, error) {
	return tx.findSchedule(ctx, org, id, " FOR UPDATE OF s")
}

func (tx *Tx) findSchedule(ctx context.Context, org, id isms.ID, lock string) (*isms.Schedule, error) {
	if tx.dialect != Postgres {
		lock = ""
	}
	s, err := scanSchedule(tx.queryRow(ctx, `SELECT `+scheduleColumns+scheduleFrom+`
		WHERE s.organization_id = ? AND s.id = ?`+lock, org, id))
	if err != nil {
		return nil, notFound(err, "No such schedule.")
	}
	return s, nil
}

var scheduleSorts = map[string]string{
	"title":   "LOWER(s.title), s.id",
	"start":   "s.start_date, s.id",
	"owner":   "LOWER(u.name), LOWER(s.title), s.id",
	"created": "s.created_at, s.id",
}

// FindSchedules returns a page of the schedules of f.OrgID, by title by
// default, and the total matching.
func (tx *Tx) FindSchedules(ctx context.Context, f isms.ScheduleFilter) ([]*isms.Schedule, int, error) {
	where, args := "s.organization_id = ?", []any{f.OrgID}
	if f.OwnerID != "" {
		where += " AND s.owner_id = ?"
		args = append(args, f.OwnerID)
	}
	if f.Active != nil {
		where += " AND s.active = ?"
		args = append(args, *f.Active)
	}
	if f.LinkType != "" {
		where += " AND s.link_type = ?"
		args = append(args, f.LinkType)
	}
	if f.LinkID != "" {
		where += " AND s.link_id = ?"
		args = append(args, f.LinkID)
	}
	if f.Search != "" {
		where += ` AND (LOWER(s.title) LIKE ? ESCAPE '\' OR LOWER(s.description) LIKE ? ESCAPE '\')`
		args = append(args, like(f.Search), like(f.Search))
	}
	var total int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM schedules s WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count schedules: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT `+scheduleColumns+scheduleFrom+` WHERE `+where+
		order(f.Sort, scheduleSorts, "title")+` LIMIT ? OFFSET ?`, append(args, isms.ClampPage(f.Limit), f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("select schedules: %w", err)
	}
	defer rows.Close()
	var out []*isms.Schedule
	for rows.Next() {
		s, err := scanSchedule(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("scan schedule: %w", err)
		}
		out = append(out, s)
	}
	return out, total, rows.Err()
}

// UpdateSchedule stores every field of s that people change, and whether
// it is active, if its stored version is still s.Version; then it advances
// s's version.
func (tx *Tx) UpdateSchedule(ctx context.Context, s *isms.Schedule) error {
	res, err := tx.exec(ctx, `UPDATE schedules SET title = ?, description = ?, owner_id = ?, link_type = ?, link_id = ?,
		rule = ?, start_date = ?, lead_days = ?, active = ?, last_occurrence = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		s.Title, s.Description, s.OwnerID, s.Link.Type, s.Link.ID, s.Rule.String(), s.Start, s.LeadDays, s.Active,
		s.LastOccurrence, tx.ts(tx.now), s.OrgID, s.ID, s.Version)
	if err != nil {
		return fmt.Errorf("update schedule: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("schedule")
	}
	s.Version++
	s.UpdatedAt = tx.now
	return nil
}

// SetScheduleLastOccurrence records the latest occurrence generation has
// dealt with. It is bookkeeping, not an edit: the version stays, so that
// generation never makes someone's open edit form stale.
func (tx *Tx) SetScheduleLastOccurrence(ctx context.Context, org, id isms.ID, last isms.Date) error {
	if _, err := tx.exec(ctx, `UPDATE schedules SET last_occurrence = ? WHERE organization_id = ? AND id = ?`,
		last, org, id); err != nil {
		return fmt.Errorf("update schedule: %w", err)
	}
	return nil
}

// ScheduleRef names one schedule of one organization.
type ScheduleRef struct {
	OrgID, ID isms.ID
}

// FindActiveScheduleRefs returns up to limit active schedules of every
// organization, in ID order after the ID after. It is the one query of
// schedules across organizations: the generation job walks them with it and
// then reads each within its organization.
func (tx *Tx) FindActiveScheduleRefs(ctx context.Context, after isms.ID, limit int) ([]ScheduleRef, error) {
	rows, err := tx.query(ctx, `SELECT organization_id, id FROM schedules
		WHERE active = ? AND id > ?
		ORDER BY id
		LIMIT ?`, true, after, isms.ClampPage(limit))
	if err != nil {
		return nil, fmt.Errorf("select active schedules: %w", err)
	}
	defer rows.Close()
	var out []ScheduleRef
	for rows.Next() {
		var r ScheduleRef
		if err := rows.Scan(&r.OrgID, &r.ID); err != nil {
			return nil, fmt.Errorf("scan schedule: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

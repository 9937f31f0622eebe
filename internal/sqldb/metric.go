// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// Metrics (27001 9.1): what the ISMS measures. Measurements are in
// measurement.go.

// metricColumns are the columns a metric is read from, joined to the
// accounts of who measures and who analyses.
const metricColumns = `m.id, m.organization_id, m.ref, m.number, m.name, m.description, m.method, m.unit,
	m.direction, m.target, m.warning, m.frequency, COALESCE(m.schedule_id, ''), COALESCE(m.measured_by, ''),
	COALESCE(um.name, ''), COALESCE(m.analysed_by, ''), COALESCE(ua.name, ''), m.analysis, m.created_by,
	m.version, m.created_at, m.updated_at`

const metricFrom = ` FROM metrics m LEFT JOIN users um ON um.id = m.measured_by LEFT JOIN users ua ON ua.id = m.analysed_by`

func scanMetric(s interface{ Scan(...any) error }) (*isms.Metric, error) {
	var m isms.Metric
	var warning sql.NullFloat64
	var freq string
	err := s.Scan(&m.ID, &m.OrgID, &m.Ref, &m.Number, &m.Name, &m.Description, &m.Method, &m.Unit,
		&m.Direction, &m.Target, &warning, &freq, &m.ScheduleID, &m.MeasuredBy, &m.MeasuredByName,
		&m.AnalysedBy, &m.AnalysedByName, &m.Analysis, &m.CreatedBy, &m.Version,
		(*timestamp)(&m.CreatedAt), (*timestamp)(&m.UpdatedAt))
	if err != nil {
		return nil, err
	}
	if warning.Valid {
		w := warning.Float64
		m.Warning = &w
	}
	if m.Frequency, err = isms.ParseRecurrence(freq); err != nil {
		return nil, fmt.Errorf("metric %s: stored frequency %q: %w", m.ID, freq, err)
	}
	return &m, nil
}

func nullFloat(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// InsertMetric stores a new metric at version 1 and sets its times and
// number (from its reference); a reference already taken is a Conflict.
func (tx *Tx) InsertMetric(ctx context.Context, m *isms.Metric) error {
	m.Version, m.CreatedAt, m.UpdatedAt, m.Number = 1, tx.now, tx.now, refNumber(m.Ref)
	_, err := tx.exec(ctx, `INSERT INTO metrics (id, organization_id, ref, number, name, description, method, unit,
		direction, target, warning, frequency, schedule_id, measured_by, analysed_by, analysis, created_by, version,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.OrgID, m.Ref, m.Number, m.Name, m.Description, m.Method, m.Unit, m.Direction, m.Target,
		nullFloat(m.Warning), m.Frequency.String(), nullID(m.ScheduleID), nullID(m.MeasuredBy), nullID(m.AnalysedBy),
		m.Analysis, m.CreatedBy, m.Version, tx.ts(m.CreatedAt), tx.ts(m.UpdatedAt))
	if refClash(err, "metrics") {
		return refTaken("metric")
	}
	if err != nil {
		return fmt.Errorf("insert metric: %w", err)
	}
	return nil
}

// UpdateMetric stores the fields of m, which was read at version, and
// advances its version; a changed version is a Conflict.
func (tx *Tx) UpdateMetric(ctx context.Context, m *isms.Metric, version int) error {
	res, err := tx.exec(ctx, `UPDATE metrics SET name = ?, description = ?, method = ?, unit = ?, direction = ?,
		target = ?, warning = ?, frequency = ?, schedule_id = ?, measured_by = ?, analysed_by = ?, analysis = ?,
		version = version + 1, updated_at = ? WHERE organization_id = ? AND id = ? AND version = ?`,
		m.Name, m.Description, m.Method, m.Unit, m.Direction, m.Target, nullFloat(m.Warning), m.Frequency.String(),
		nullID(m.ScheduleID), nullID(m.MeasuredBy), nullID(m.AnalysedBy), m.Analysis, tx.ts(tx.now),
		m.OrgID, m.ID, version)
	if err != nil {
		return fmt.Errorf("update metric: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleVersion("metric")
	}
	m.Version, m.UpdatedAt = version+1, tx.now
	return nil
}

// SetMetricSchedule records the recurring activity that creates metric
// id's "measure" tasks, without changing its version.
func (tx *Tx) SetMetricSchedule(ctx context.Context, org, id, schedule isms.ID) error {
	if _, err := tx.exec(ctx, `UPDATE metrics SET schedule_id = ? WHERE organization_id = ? AND id = ?`,
		nullID(schedule), org, id); err != nil {
		return fmt.Errorf("set metric schedule: %w", err)
	}
	return nil
}

// DeleteMetric deletes metric id of org and its measurements.
func (tx *Tx) DeleteMetric(ctx context.Context, org, id isms.ID) error {
	if _, err := tx.exec(ctx, `DELETE FROM measurements WHERE organization_id = ? AND metric_id = ?`, org, id); err != nil {
		return fmt.Errorf("delete measurements: %w", err)
	}
	return tx.deleteOne(ctx, "metrics", org, id, "No such metric in this organization.")
}

// FindMetricByID returns metric id of org; id may also be its reference
// ("M-3", any case).
func (tx *Tx) FindMetricByID(ctx context.Context, org, id isms.ID) (*isms.Metric, error) {
	m, err := scanMetric(tx.queryRow(ctx, `SELECT `+metricColumns+metricFrom+`
		WHERE m.organization_id = ? AND (m.id = ? OR m.ref = ?)`, org, id, strings.ToUpper(strings.TrimSpace(string(id)))))
	if err != nil {
		return nil, notFound(err, "No such metric in this organization.")
	}
	return m, nil
}

// MetricFilter selects metrics: text in the reference, name or
// description, and who measures them.
type MetricFilter struct {
	Text       string
	MeasuredBy isms.ID
}

// metricSorts are the list's sort keys.
var metricSorts = map[string]string{
	"ref":     "m.number, m.ref",
	"name":    "LOWER(m.name), m.number",
	"updated": "m.updated_at, m.number",
}

// FindMetrics returns up to limit metrics of org matching f, in the order
// of sort (by reference by default), and the total matching.
func (tx *Tx) FindMetrics(ctx context.Context, org isms.ID, f MetricFilter, sort string, limit, offset int) ([]*isms.Metric, int, error) {
	where, args := "m.organization_id = ?", []any{org}
	if s := strings.TrimSpace(f.Text); s != "" {
		p := like(s)
		where += ` AND (LOWER(m.ref) LIKE ? ESCAPE '\' OR LOWER(m.name) LIKE ? ESCAPE '\' OR LOWER(m.description) LIKE ? ESCAPE '\')`
		args = append(args, p, p, p)
	}
	if f.MeasuredBy != "" {
		where, args = where+" AND m.measured_by = ?", append(args, f.MeasuredBy)
	}
	return findPage(ctx, tx, pageQuery{one: "metric", many: "metrics", columns: metricColumns, from: metricFrom,
		count: ` FROM metrics m`, where: where, args: args, orderBy: order(sort, metricSorts, "ref")},
		limit, offset, scanMetric)
}

// FindMetricsByIDs returns the metrics of org among ids, in no set order;
// unknown IDs are skipped. At most isms.MaxPageSize are read.
func (tx *Tx) FindMetricsByIDs(ctx context.Context, org isms.ID, ids []isms.ID) ([]*isms.Metric, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := []any{org}
	for _, id := range ids {
		args = append(args, id)
	}
	return tx.scanMetrics(ctx, `SELECT `+metricColumns+metricFrom+` WHERE m.organization_id = ? AND m.id IN (`+
		placeholders(len(ids))+`) ORDER BY m.number LIMIT `+fmt.Sprint(isms.MaxPageSize), args...)
}

func (tx *Tx) scanMetrics(ctx context.Context, q string, args ...any) ([]*isms.Metric, error) {
	return selectRows(ctx, tx, "metric", "metrics", q, args, scanMetric)
}

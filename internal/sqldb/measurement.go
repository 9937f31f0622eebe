// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// Measurements are the results of a metric over time.

const measurementColumns = `x.id, x.organization_id, x.metric_id, x.value, x.measured_on, COALESCE(x.measured_by, ''),
	COALESCE(u.name, ''), x.comment, COALESCE(x.evidence_id, ''), x.created_by, x.created_at`

const measurementFrom = ` FROM measurements x LEFT JOIN users u ON u.id = x.measured_by`

func scanMeasurement(s interface{ Scan(...any) error }) (*isms.Measurement, error) {
	var x isms.Measurement
	err := s.Scan(&x.ID, &x.OrgID, &x.MetricID, &x.Value, &x.MeasuredOn, &x.MeasuredBy, &x.MeasuredByName,
		&x.Comment, &x.EvidenceID, &x.CreatedBy, (*timestamp)(&x.CreatedAt))
	return &x, err
}

// InsertMeasurement stores a new measurement and sets its time.
func (tx *Tx) InsertMeasurement(ctx context.Context, x *isms.Measurement) error {
	x.CreatedAt = tx.now
	_, err := tx.exec(ctx, `INSERT INTO measurements (id, organization_id, metric_id, value, measured_on, measured_by,
		comment, evidence_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		x.ID, x.OrgID, x.MetricID, x.Value, x.MeasuredOn, nullID(x.MeasuredBy), x.Comment, nullID(x.EvidenceID),
		x.CreatedBy, tx.ts(x.CreatedAt))
	if err != nil {
		return fmt.Errorf("insert measurement: %w", err)
	}
	return nil
}

// FindMeasurementByID returns measurement id of org.
func (tx *Tx) FindMeasurementByID(ctx context.Context, org, id isms.ID) (*isms.Measurement, error) {
	x, err := scanMeasurement(tx.queryRow(ctx, `SELECT `+measurementColumns+measurementFrom+`
		WHERE x.organization_id = ? AND x.id = ?`, org, id))
	if err != nil {
		return nil, notFound(err, "No such measurement in this organization.")
	}
	return x, nil
}

// DeleteMeasurement deletes measurement id of org.
func (tx *Tx) DeleteMeasurement(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "measurements", org, id, "No such measurement in this organization.")
}

// FindMeasurements returns a page of the measurements of metric, the
// latest first, and how many it has in all.
func (tx *Tx) FindMeasurements(ctx context.Context, org, metric isms.ID, limit, offset int) ([]*isms.Measurement, int, error) {
	return findPage(ctx, tx, pageQuery{one: "measurement", many: "measurements", columns: measurementColumns,
		from: measurementFrom, count: ` FROM measurements x`, where: "x.organization_id = ? AND x.metric_id = ?",
		args: []any{org, metric}, orderBy: " ORDER BY x.measured_on DESC, x.created_at DESC, x.id DESC"},
		limit, offset, scanMeasurement)
}

// LatestMeasurements returns the latest measurement of each of metrics
// of org that has one, by metric ID.
func (tx *Tx) LatestMeasurements(ctx context.Context, org isms.ID, metrics []isms.ID) (map[isms.ID]*isms.Measurement, error) {
	out := map[isms.ID]*isms.Measurement{}
	if len(metrics) == 0 {
		return out, nil
	}
	args := []any{org}
	for _, id := range metrics {
		args = append(args, id)
	}
	rows, err := tx.query(ctx, `SELECT `+measurementColumns+` FROM (SELECT y.*, ROW_NUMBER() OVER (PARTITION BY y.metric_id
		ORDER BY y.measured_on DESC, y.created_at DESC, y.id DESC) AS rn FROM measurements y
		WHERE y.organization_id = ? AND y.metric_id IN (`+placeholders(len(metrics))+`)) x
		LEFT JOIN users u ON u.id = x.measured_by WHERE x.rn = 1 LIMIT `+fmt.Sprint(isms.MaxPageSize), args...)
	if err != nil {
		return nil, fmt.Errorf("select latest measurements: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		x, err := scanMeasurement(rows)
		if err != nil {
			return nil, fmt.Errorf("scan measurement: %w", err)
		}
		out[x.MetricID] = x
	}
	return out, rows.Err()
}

// MeasuredDays returns which of days already have a measurement of
// metric, as YYYY-MM-DD.
func (tx *Tx) MeasuredDays(ctx context.Context, org, metric isms.ID, days []isms.Date) (map[string]bool, error) {
	out := map[string]bool{}
	if len(days) == 0 {
		return out, nil
	}
	args := []any{org, metric}
	for _, d := range days {
		args = append(args, d)
	}
	rows, err := tx.query(ctx, `SELECT DISTINCT measured_on FROM measurements WHERE organization_id = ? AND metric_id = ?
		AND measured_on IN (`+placeholders(len(days))+`) LIMIT `+fmt.Sprint(len(days)), args...)
	if err != nil {
		return nil, fmt.Errorf("select measured days: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d isms.Date
		if err := rows.Scan(&d); err != nil {
			return nil, fmt.Errorf("scan measured day: %w", err)
		}
		out[d.String()] = true
	}
	return out, rows.Err()
}

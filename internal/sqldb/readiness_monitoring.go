// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// metricMeasured is the condition that metric m has a measurement.
const metricMeasured = `EXISTS (SELECT 1 FROM measurements x WHERE x.organization_id = m.organization_id AND x.metric_id = m.id)`

// ReadinessMonitoring reads the readiness facts of clause 9.1 of org that
// SQL can tell: the metrics, those measured, and those without who
// measures and analyses them or without an analysis. Whether a metric is
// measured as often as its frequency says is the application's to work
// out (isms.Metric.State).
func (tx *Tx) ReadinessMonitoring(ctx context.Context, org isms.ID) (isms.MonitoringFacts, error) {
	var f isms.MonitoringFacts
	err := tx.queryRow(ctx, `SELECT COUNT(*), COUNT(CASE WHEN `+metricMeasured+` THEN 1 END)
		FROM metrics m WHERE m.organization_id = ?`, org).Scan(&f.Metrics, &f.MetricsMeasured)
	if err != nil || f.Metrics == 0 {
		return f, wrapReadiness("monitoring", err)
	}
	q := `SELECT m.id, m.ref, m.name FROM metrics m WHERE m.organization_id = ? AND %s ORDER BY ` + metricSorts["ref"]
	roles := `(` + notMember("m.measured_by", "m.organization_id") + ` OR ` + notMember("m.analysed_by", "m.organization_id") + `)`
	if f.MetricsWithoutRoles, err = tx.readinessSet(ctx, "metric", fmt.Sprintf(q, roles), org, false, false); err != nil {
		return f, wrapReadiness("monitoring", err)
	}
	f.MetricsWithoutAnalysis, err = tx.readinessSet(ctx, "metric", fmt.Sprintf(q, `m.analysis = '' AND `+metricMeasured), org)
	return f, wrapReadiness("monitoring", err)
}

// ReadinessLastMeasured returns the day of the latest measurement of each
// metric of org that has one, by metric ID: all the readiness check needs
// to tell whether a metric is measured as often as it should be.
func (tx *Tx) ReadinessLastMeasured(ctx context.Context, org isms.ID) (map[isms.ID]isms.Date, error) {
	rows, err := tx.query(ctx, `SELECT metric_id, MAX(measured_on) FROM measurements WHERE organization_id = ?
		GROUP BY metric_id LIMIT ?`, org, isms.MaxPageSize)
	if err != nil {
		return nil, wrapReadiness("last measurements", err)
	}
	defer rows.Close()
	out := map[isms.ID]isms.Date{}
	for rows.Next() {
		var id isms.ID
		var day isms.Date
		if err := rows.Scan(&id, &day); err != nil {
			return nil, wrapReadiness("last measurements", err)
		}
		out[id] = day
	}
	return out, wrapReadiness("last measurements", rows.Err())
}

// wrapReadiness names the readiness area of err, nil when err is.
func wrapReadiness(area string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("readiness %s: %w", area, err)
}

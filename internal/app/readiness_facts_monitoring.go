// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// gatherMonitoringFacts reads the facts of the monitoring rules (9.1):
// the store's figures, then the metrics whose measurement is overdue by
// their state today (isms.Metric.State), split into those never measured
// and those measured before. An organization keeps dozens of metrics; at
// most isms.MaxPageSize are read.
func gatherMonitoringFacts(ctx context.Context, tx *sqldb.Tx, org isms.ID, today isms.Date, f *isms.MonitoringFacts) error {
	var err error
	if *f, err = tx.ReadinessMonitoring(ctx, org); err != nil {
		return err
	}
	f.MetricsNeverMeasured, f.MetricsOverdue = readinessRecords(nil), readinessRecords(nil)
	if f.Metrics == 0 {
		return nil
	}
	list, _, err := tx.FindMetrics(ctx, org, sqldb.MetricFilter{}, "ref", isms.MaxPageSize, 0)
	if err != nil {
		return err
	}
	last, err := tx.ReadinessLastMeasured(ctx, org)
	if err != nil {
		return err
	}
	var never, late []isms.RecordRef
	for _, m := range list {
		var l *isms.Measurement // only its day matters to whether it is overdue
		if day, ok := last[m.ID]; ok {
			l = &isms.Measurement{MeasuredOn: day}
		}
		if m.State(l, today) != isms.MetricOverdue {
			continue
		}
		ref := isms.RecordRef{Type: objectMetric, ID: m.ID, Ref: m.Ref, Title: m.Name}
		if l == nil {
			never = append(never, ref)
		} else {
			late = append(late, ref)
		}
	}
	f.MetricsNeverMeasured, f.MetricsOverdue = readinessRecords(never), readinessRecords(late)
	return nil
}

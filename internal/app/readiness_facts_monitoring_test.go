// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// monitoringDay is the day the monitoring facts are read on (the clock
// stands at 2026-03-02, when the metrics are defined).
var monitoringDay = isms.NewDate(2026, time.March, 20)

func TestGatherMonitoringFacts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		f, err := w.app.GatherMonitoringFactsForTest(w.ctx, w.org.ID, monitoringDay)
		if err != nil {
			t.Fatal(err)
		}
		if f.Metrics != 0 || f.MetricsMeasured != 0 || !f.MetricsOverdue.Empty() || !f.MetricsWithoutRoles.Empty() {
			t.Errorf("facts of an empty organization = %+v, want none", f)
		}
		otherOrgMonitoring(t, w)
		monitoringFixture(t, w)
		if f, err = w.app.GatherMonitoringFactsForTest(w.ctx, w.org.ID, monitoringDay); err != nil {
			t.Fatal(err)
		}
		if f.Metrics != 4 || f.MetricsMeasured != 2 {
			t.Errorf("metrics = %d, %d measured; want 4, 2", f.Metrics, f.MetricsMeasured)
		}
		wantRecordSet(t, "MetricsNeverMeasured", f.MetricsNeverMeasured, "M-4")
		wantRecordSet(t, "MetricsOverdue", f.MetricsOverdue, "M-1")
		wantRecordSet(t, "MetricsWithoutRoles", f.MetricsWithoutRoles, "M-3")
		wantRecordSet(t, "MetricsWithoutAnalysis", f.MetricsWithoutAnalysis, "M-1")
	})
}

// monitoringFixture defines four metrics on 2026-03-02: M-1, weekly,
// measured that day and not analysed; M-2, monthly, measured the day
// before and analysed; M-3, quarterly, not measured yet (its first
// measurement falls in June), analysed by a member who then leaves; and
// M-4, weekly, never measured.
func monitoringFixture(t *testing.T, w *world) {
	t.Helper()
	m := w.asManager()
	metric := func(name, freq, analyst, analysis string) *isms.Metric {
		t.Helper()
		x, err := w.app.CreateMetric(w.ctx, m, app.MetricInput{Name: name, Method: "Counted from the tool's report.",
			Unit: "%", Direction: "higher", Target: "95", Frequency: freq, MeasuredBy: string(w.manager.ID),
			AnalysedBy: analyst, Analysis: analysis})
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	backups := metric("Backup success", "every week", string(w.manager2.ID), "")
	patches := metric("Patches on time", "every month", string(w.manager2.ID), "Stable for six months.")
	metric("Phishing reports", "quarterly", string(w.contributor.ID), "")
	metric("Training completion", "every week", string(w.manager2.ID), "")
	for _, x := range []struct {
		metric *isms.Metric
		day    string
	}{{backups, "2026-03-02"}, {patches, "2026-03-01"}} {
		if _, err := w.app.RecordMeasurement(w.ctx, m, x.metric.ID, app.MeasurementInput{Value: "97", MeasuredOn: x.day}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.app.RemoveMember(w.ctx, w.asAdmin(), w.contributor.ID); err != nil {
		t.Fatal(err)
	}
}

// otherOrgMonitoring gives globex a weekly metric never measured, which
// acme's facts must leave out.
func otherOrgMonitoring(t *testing.T, w *world) {
	t.Helper()
	boss := w.newUser("Gina Globex", false)
	globex := w.newOrg("globex", "Globex", boss)
	g := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
	if _, err := w.app.CreateMetric(w.ctx, g, app.MetricInput{Name: "Globex uptime", Method: "Monitoring tool.", Unit: "%",
		Direction: "higher", Target: "99", Frequency: "every week", MeasuredBy: string(boss.ID), AnalysedBy: string(boss.ID)}); err != nil {
		t.Fatal(err)
	}
	f, err := w.app.GatherMonitoringFactsForTest(w.ctx, globex.ID, monitoringDay)
	if err != nil {
		t.Fatal(err)
	}
	if f.Metrics != 1 || f.MetricsMeasured != 0 {
		t.Errorf("globex metrics = %+v, want its own only", f)
	}
	wantRecordSet(t, "globex MetricsNeverMeasured", f.MetricsNeverMeasured, "M-1")
	wantRecordSet(t, "globex MetricsWithoutRoles", f.MetricsWithoutRoles)
}

// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// patchMetric is a monthly metric measured by the contributor and
// analysed by the manager: the share of critical patches applied within
// 30 days, 95 % wanted, below 90 % off target.
func (w *world) patchMetric() app.MetricInput {
	return app.MetricInput{Name: "Critical patches within 30 days", Method: "Share of critical patches closed within 30 days in the patch tool's monthly report.",
		Unit: "%", Direction: "higher", Target: "95", Warning: "90", Frequency: "every month",
		MeasuredBy: string(w.contributor.ID), AnalysedBy: string(w.manager.ID)}
}

// metricTasks returns the tasks of the metric's schedule, by due date.
func (w *world) metricTasks(m *isms.Metric) []*isms.Task {
	w.t.Helper()
	list, _, err := w.app.FindTasks(w.ctx, w.asAdmin(), isms.TaskFilter{ScheduleID: m.ScheduleID, Sort: "due", Limit: 50})
	if err != nil {
		w.t.Fatal(err)
	}
	return list
}

func TestMetricRegister(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		ed := w.asContributor()
		_, err := w.app.CreateMetric(w.ctx, ed, app.MetricInput{Name: " ", Direction: "up", Target: "a lot", Warning: "x",
			Frequency: "now and then", MeasuredBy: "usr_nope", Controls: []string{"C-99"}})
		wantFields(t, "CreateMetric(everything wrong)", err, isms.Invalid, "name", "method", "direction", "target", "warning",
			"frequency", "measuredBy", "analysedBy")
		in := w.patchMetric()
		in.Warning = "96"
		_, err = w.app.CreateMetric(w.ctx, ed, in)
		if msg := isms.ErrorFields(err)["warning"]; !strings.Contains(msg, "below the target") {
			t.Errorf("CreateMetric(warning above the target) = %v, want the warning threshold refused", err)
		}
		in.Warning, in.Controls = "90", []string{"C-99"}
		_, err = w.app.CreateMetric(w.ctx, ed, in)
		wantFields(t, "CreateMetric(unknown control)", err, isms.Invalid, "controls")
		_, err = w.app.CreateMetric(w.ctx, w.asViewer(), w.patchMetric())
		wantCode(t, "CreateMetric as viewer", err, isms.Forbidden)

		ctl, err := w.app.CreateControl(w.ctx, ed, app.ControlInput{Ref: "C-10", Title: "Patch management"})
		if err != nil {
			t.Fatal(err)
		}
		in.Controls = []string{"C-10"}
		m, err := w.app.CreateMetric(w.ctx, ed, in)
		if err != nil {
			t.Fatal(err, isms.ErrorFields(err))
		}
		if m.Ref != "M-1" || m.Warning == nil || *m.Warning != 90 || m.Target != 95 || m.MeasuredByName != "Dave Contributor" || m.ScheduleID == "" {
			t.Errorf("metric = %+v, want M-1 with its numbers, measurer and schedule", m)
		}
		links, err := w.app.RecordLinks(w.ctx, w.asViewer(), isms.Link{Type: "metric", ID: m.ID})
		if err != nil || len(links) != 1 || links[0].ID != ctl.ID || app.LinkedRefs(links, "control") != "C-10" {
			t.Errorf("links = %+v, %v; want C-10", links, err)
		}
		if got := actions(w.events(string(w.org.ID), w.head(string(w.org.ID)).Seq-2)); strings.Join(got, " ") != "schedule.create metric.create" {
			t.Errorf("last events = %v, want the schedule and the metric created together", got)
		}
		s, err := w.app.FindSchedule(w.ctx, w.asAdmin(), m.ScheduleID)
		if err != nil || s.Title != "Measure Critical patches within 30 days" || s.OwnerID != w.contributor.ID ||
			s.Link != (isms.Link{Type: "metric", ID: m.ID}) || s.Rule.String() != "every month" || s.Start.String() != "2026-04-02" || !s.Active {
			t.Errorf("schedule = %+v, %v; want the contributor's monthly measure task from 2026-04-02", s, err)
		}
		if got, err := w.app.FindMetric(w.ctx, w.asViewer(), "m-1"); err != nil || got.ID != m.ID {
			t.Errorf("FindMetric(m-1) = %v, %v", got, err)
		}
		m2, err := w.app.CreateMetric(w.ctx, ed, app.MetricInput{Name: "Phishing click rate", Method: "Clicks in the quarterly simulation / recipients.",
			Direction: "lower", Target: "5", Warning: "8,5", Frequency: "quarterly", MeasuredBy: string(w.manager.ID), AnalysedBy: string(w.manager.ID)})
		if err != nil || m2.Ref != "M-2" || *m2.Warning != 8.5 {
			t.Fatalf("second metric = %+v, %v; want M-2 with a warning threshold of 8.5", m2, err)
		}

		// The first task appears 14 days before the first measurement falls due.
		w.clock.Advance(18 * 24 * time.Hour) // 2026-03-20
		if _, err := w.app.GenerateRecurringTasks(w.ctx); err != nil {
			t.Fatal(err)
		}
		tasks := w.metricTasks(m)
		if len(tasks) != 1 || tasks[0].Due.String() != "2026-04-02" || tasks[0].OwnerID != w.contributor.ID {
			t.Fatalf("tasks = %+v, want the contributor's task due 2026-04-02", tasks)
		}

		// A new measurer and frequency carry to the schedule and the task to come.
		in.MeasuredBy, in.Frequency, in.Name = string(w.manager2.ID), "every 2 months", "Critical patches in 30 days"
		_, err = w.app.UpdateMetric(w.ctx, ed, m.ID, 2, in)
		wantCode(t, "UpdateMetric(stale version)", err, isms.Conflict)
		m, err = w.app.UpdateMetric(w.ctx, ed, m.ID, 1, in)
		if err != nil {
			t.Fatal(err)
		}
		s, _ = w.app.FindSchedule(w.ctx, w.asAdmin(), m.ScheduleID)
		if s.OwnerID != w.manager2.ID || s.Rule.String() != "every 2 months" || s.Title != "Measure Critical patches in 30 days" {
			t.Errorf("schedule after the change = %+v", s)
		}
		if got := actions(w.events(string(w.org.ID), w.head(string(w.org.ID)).Seq-3)); !strings.HasSuffix(strings.Join(got, " "), "metric.update") ||
			!strings.Contains(strings.Join(got, " "), "schedule.update") {
			t.Errorf("events of the change = %v, want schedule.update and metric.update", got)
		}
		for _, task := range w.metricTasks(m) {
			if task.Status == isms.TaskOpen && task.OwnerID != w.manager2.ID {
				t.Errorf("open task %s due %s belongs to %s, want the new measurer", task.Title, task.Due, task.OwnerName)
			}
		}

		// Deleting the metric deactivates its schedule and cancels the task to come.
		w.clock.Advance(30 * 24 * time.Hour)
		w.app.GenerateRecurringTasks(w.ctx)
		if err := w.app.DeleteMetric(w.ctx, w.asViewer(), m.ID); isms.ErrorCode(err) != isms.Forbidden {
			t.Errorf("DeleteMetric as viewer = %v", err)
		}
		if err := w.app.DeleteMetric(w.ctx, ed, m.ID); err != nil {
			t.Fatal(err)
		}
		s, _ = w.app.FindSchedule(w.ctx, w.asAdmin(), m.ScheduleID)
		if s.Active {
			t.Error("the deleted metric's schedule is still active")
		}
		for _, task := range w.metricTasks(m) {
			if task.Status == isms.TaskOpen && task.Due.After(isms.DateOf(w.clock.Now())) {
				t.Errorf("task due %s is still open after the metric was deleted", task.Due)
			}
		}
		if e := w.lastEvent(string(w.org.ID)); e.Action != "metric.delete" || e.ObjectID != m.ID {
			t.Errorf("last event = %s, want metric.delete", e.Action)
		}
		if links, _ := w.app.RecordLinks(w.ctx, w.asViewer(), isms.Link{Type: "control", ID: ctl.ID}); len(links) != 0 {
			t.Errorf("control still links to the deleted metric: %+v", links)
		}
		_, err = w.app.FindMetric(w.ctx, w.asViewer(), m.ID)
		wantCode(t, "FindMetric(deleted)", err, isms.NotFound)

		boss := w.newUser("Gina Globex", false)
		globex := w.newOrg("globex", "Globex", boss)
		other := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
		_, err = w.app.FindMetric(w.ctx, other, m2.ID)
		wantCode(t, "FindMetric(acme's from globex)", err, isms.NotFound)
		if sums, _ := w.app.MetricSummaries(w.ctx, other, []isms.ID{m2.ID}); len(sums) != 0 {
			t.Errorf("globex sees acme's metric in summaries: %+v", sums)
		}
	})
}

func TestMeasurements(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		ed := w.asContributor()
		m, err := w.app.CreateMetric(w.ctx, ed, w.patchMetric())
		if err != nil {
			t.Fatal(err)
		}
		quiet, err := w.app.CreateMetric(w.ctx, ed, app.MetricInput{Name: "Restores tested", Method: "Count of restore tests in the log.",
			Direction: "higher", Target: "1", Frequency: "every week", MeasuredBy: string(w.manager.ID), AnalysedBy: string(w.manager.ID)})
		if err != nil {
			t.Fatal(err, isms.ErrorFields(err))
		}
		sums, err := w.app.MetricSummaries(w.ctx, w.asViewer(), []isms.ID{quiet.ID, "met_nope", m.ID})
		if err != nil || len(sums) != 2 || sums[0].Metric.ID != quiet.ID || sums[1].State != isms.MetricNoData || sums[1].Latest != nil {
			t.Errorf("summaries = %+v, %v; want both in order, without data", sums, err)
		}

		_, err = w.app.RecordMeasurement(w.ctx, ed, m.ID, app.MeasurementInput{Value: "ninety", MeasuredOn: "2026-03-03", EvidenceID: "evd_nope"})
		wantFields(t, "RecordMeasurement(bad value, future date, unknown evidence)", err, isms.Invalid, "value", "measuredOn", "evidenceId")
		_, err = w.app.RecordMeasurement(w.ctx, w.asViewer(), m.ID, app.MeasurementInput{Value: "97"})
		wantCode(t, "RecordMeasurement as viewer", err, isms.Forbidden)

		w.clock.Advance(18 * 24 * time.Hour) // 2026-03-20: the task due 2026-04-02 exists
		w.app.GenerateRecurringTasks(w.ctx)
		ev, err := w.app.CreateEvidence(w.ctx, w.asManager(), app.EvidenceInput{Title: "Patch report March", Kind: isms.EvidenceKindNote, Note: "n",
			Source: isms.EvidenceSourceUpload, OwnerID: w.manager.ID}, nil)
		if err != nil {
			t.Fatal(err, isms.ErrorFields(err))
		}
		x, err := w.app.RecordMeasurement(w.ctx, ed, m.ID, app.MeasurementInput{Value: "92,5", Comment: "Two servers late", EvidenceID: string(ev.ID)})
		if err != nil {
			t.Fatal(err)
		}
		if x.Value != 92.5 || x.MeasuredOn.String() != "2026-03-20" || x.MeasuredBy != w.contributor.ID || x.EvidenceID != ev.ID {
			t.Errorf("measurement = %+v, want 92.5 today by the contributor with the evidence", x)
		}
		tasks := w.metricTasks(m)
		if len(tasks) != 1 || tasks[0].Status != isms.TaskDone || !strings.Contains(tasks[0].CompletionNote, "92.5 % on 2026-03-20") {
			t.Errorf("tasks = %+v, want the measure task done", tasks)
		}
		e := w.lastEvent(string(w.org.ID))
		if e.Action != "task.complete" {
			t.Errorf("last event = %s, want task.complete", e.Action)
		}
		d, err := w.app.FindMetricDetail(w.ctx, w.asViewer(), m.ID, 50)
		if err != nil || d.State != isms.MetricWarning || d.Total != 1 || d.Latest.ID != x.ID || d.NextDue.String() != "2026-04-20" {
			t.Errorf("detail = %+v, %v; want warning with one measurement, next due 2026-04-20", d, err)
		}
		// An old result recorded late completes nothing.
		w.clock.Advance(31 * 24 * time.Hour) // 2026-04-20: the task due 2026-05-02 appears
		w.app.GenerateRecurringTasks(w.ctx)
		if _, err := w.app.RecordMeasurement(w.ctx, ed, m.ID, app.MeasurementInput{Value: "80", MeasuredOn: "2025-12-31"}); err != nil {
			t.Fatal(err)
		}
		if tasks := w.metricTasks(m); len(tasks) != 2 || tasks[1].Status != isms.TaskOpen {
			t.Errorf("tasks = %+v, want May's task still open", tasks)
		}

		list, total, err := w.app.FindMetrics(w.ctx, w.asViewer(), app.MetricFilter{State: isms.MetricWarning})
		if err != nil || total != 1 || list[0].Metric.ID != m.ID || list[0].Latest.ID != x.ID {
			t.Errorf("warning metrics = %+v (%d), %v; want M-1 with its March result", list, total, err)
		}
		list, total, _ = w.app.FindMetrics(w.ctx, w.asViewer(), app.MetricFilter{Sort: "-state"})
		if total != 2 || list[0].Metric.ID != quiet.ID || list[0].State != isms.MetricOverdue {
			t.Errorf("by state descending = %+v; want the overdue weekly metric first", list)
		}
		_, _, err = w.app.FindMetrics(w.ctx, w.asViewer(), app.MetricFilter{State: "great"})
		wantFields(t, "FindMetrics(unknown state)", err, isms.Invalid, "state")

		if err := w.app.DeleteMeasurement(w.ctx, w.asViewer(), x.ID); isms.ErrorCode(err) != isms.Forbidden {
			t.Errorf("DeleteMeasurement as viewer = %v", err)
		}
		if err := w.app.DeleteMeasurement(w.ctx, ed, x.ID); err != nil {
			t.Fatal(err)
		}
		e = w.lastEvent(string(w.org.ID))
		if ch := changes(t, e); e.Action != "measurement.delete" || e.ObjectID != m.ID || ch["value"].Before != "92.5" {
			t.Errorf("last event = %s on %s %v, want measurement.delete on the metric", e.Action, e.ObjectID, ch)
		}
		if d, _ := w.app.FindMetricDetail(w.ctx, w.asViewer(), m.ID, 50); d.Total != 1 || d.Latest.Value != 80 {
			t.Errorf("after the delete the latest is %+v, want the December result", d.Latest)
		}
	})
}

func TestImportMeasurements(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		ed := w.asContributor()
		m, err := w.app.CreateMetric(w.ctx, ed, w.patchMetric())
		if err != nil {
			t.Fatal(err)
		}
		bad := "date,value,comment\n2026-01-31,91,ok\n31/01/2026,90,\n2026-02-28,,missing\n2026-01-31,93,twice\n2027-01-01,95,future\n"
		_, err = w.app.ImportMeasurements(w.ctx, ed, m.ID, "patch.csv", []byte(bad))
		want := map[string]string{
			"patch.csv:3: column date":  "Enter the date measured as YYYY-MM-DD.",
			"patch.csv:4: column value": "Value is required.",
			"patch.csv:5: column date":  "2026-01-31 is also on line 2; give each day one row.",
			"patch.csv:6: column date":  "Date measured cannot be in the future.",
		}
		if got := isms.ErrorFields(err); len(got) != len(want) {
			t.Errorf("import problems = %v, want %v", got, want)
		} else {
			for k, v := range want {
				if got[k] != v {
					t.Errorf("problem at %s = %q, want %q", k, got[k], v)
				}
			}
		}
		if d, _ := w.app.FindMetricDetail(w.ctx, ed, m.ID, 50); d.Total != 0 {
			t.Errorf("a refused import stored %d measurements", d.Total)
		}
		_, err = w.app.ImportMeasurements(w.ctx, ed, m.ID, "patch.csv", []byte("day,value\n2026-01-31,91\n"))
		if got := isms.ErrorFields(err); len(got) == 0 || isms.ErrorCode(err) != isms.Invalid {
			t.Errorf("import with a wrong column = %v, want the column named", err)
		}
		_, err = w.app.ImportMeasurements(w.ctx, w.asViewer(), m.ID, "patch.csv", []byte("date,value\n2026-01-31,91\n"))
		wantCode(t, "ImportMeasurements as viewer", err, isms.Forbidden)

		good := "Date,Value,Comment\n2026-01-31,91,January\n2025-12-31,88.5,\n2026-02-28,96,February\n"
		res, err := w.app.ImportMeasurements(w.ctx, ed, m.ID, "patch.csv", []byte(good))
		if err != nil || res.Imported != 3 || res.First.String() != "2025-12-31" || res.Last.String() != "2026-02-28" {
			t.Fatalf("import = %+v, %v; want 3 from 2025-12-31 to 2026-02-28", res, err)
		}
		e := w.lastEvent(string(w.org.ID))
		if ch := changes(t, e); e.Action != "measurement.import" || e.ObjectID != m.ID || ch["imported"].After != 3.0 {
			t.Errorf("last event = %s %v, want measurement.import of 3", e.Action, ch)
		}
		d, _ := w.app.FindMetricDetail(w.ctx, ed, m.ID, 50)
		if d.Total != 3 || d.Latest.Value != 96 || d.State != isms.MetricOnTarget || d.Measurements[0].Value != 88.5 {
			t.Errorf("detail = %+v, want three results, latest 96 on target", d)
		}
		_, err = w.app.ImportMeasurements(w.ctx, ed, m.ID, "patch.csv", []byte(good))
		if got := isms.ErrorFields(err); got["patch.csv:2: column date"] == "" || len(got) != 3 {
			t.Errorf("importing again = %v, want every day refused as already measured", got)
		}
	})
}

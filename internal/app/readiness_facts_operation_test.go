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

// operationDay is the day the operation facts are read on (the clock
// stands at 2026-03-02).
var operationDay = isms.NewDate(2026, time.March, 20)

func TestGatherOperationFacts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		// C-1 access control (implemented), C-2 legal register and C-3
		// logging (planned), none with an owner.
		w := newSoAWorld(t, db)
		otherOrgOperation(t, w.world)
		backups, overdue := operationFixture(t, w.world)
		f, err := w.app.GatherOperationFactsForTest(w.ctx, w.org.ID, operationDay)
		if err != nil {
			t.Fatal(err)
		}
		if f.ControlsInUse != 4 || f.ControlsImplemented != 2 || f.ControlSchedules != 1 || f.ControlActivities != 3 {
			t.Errorf("controls = %d in use, %d implemented, %d schedules, %d activities; want 4, 2, 1, 3",
				f.ControlsInUse, f.ControlsImplemented, f.ControlSchedules, f.ControlActivities)
		}
		wantRecordSet(t, "ControlsNotImplemented", f.ControlsNotImplemented, "C-2", "C-3")
		wantRecordSet(t, "ControlsUnowned", f.ControlsUnowned, "C-1", "C-2", "C-3")
		wantRecordSet(t, "ControlsPastReview", f.ControlsPastReview, backups.Ref)
		wantRecordSet(t, "ControlActivitiesOverdue", f.ControlActivitiesOverdue, overdue...)

		// An approved SoA excludes A.8.15, the only requirement of C-3.
		v, err := w.app.GenerateSoA(w.ctx, w.asManager(), "", "")
		if err != nil {
			t.Fatal(err)
		}
		draft := w.findSoA("")
		w.setLine(draft.SoA, soaLine(t, draft, "A.8.15"), app.SoALineInput{Applicable: isms.SoAExcluded,
			Exclusion: "Logging is the cloud provider's."})
		w.decideAll(w.findSoA(""))
		w.decide(w.submitSoA(v), isms.DecisionApprove)
		if f, err = w.app.GatherOperationFactsForTest(w.ctx, w.org.ID, operationDay); err != nil {
			t.Fatal(err)
		}
		wantRecordSet(t, "ControlsNotImplemented with the SoA", f.ControlsNotImplemented, "C-2")
	})
}

// operationFixture adds to acme a not applicable control; C-5 backups,
// implemented, owned, past its review date, with a monthly schedule and
// a task; an unlinked task; and a weekly metric, whose measurement tasks
// are clause 9.1's. It returns the backups control and the titles of the
// overdue control activities.
func operationFixture(t *testing.T, w *world) (*isms.Control, []string) {
	t.Helper()
	w.control("Teleworking", isms.ControlNotApplicable)
	backups, err := w.app.CreateControl(w.ctx, w.asContributor(), app.ControlInput{Title: "Backups",
		Status: string(isms.ControlImplemented), OwnerID: string(w.manager.ID), NextReview: "2026-03-15"})
	if err != nil {
		t.Fatal(err)
	}
	m := w.asManager()
	link := "control:" + backups.Ref
	if _, _, err := w.app.CreateSchedule(w.ctx, m, app.ScheduleInput{Title: "Restore test", OwnerID: w.manager.ID,
		Link: link, Rule: "every month", Start: "2026-03-05"}); err != nil {
		t.Fatal(err)
	}
	for _, in := range []app.TaskInput{{Title: "Check backup logs", OwnerID: w.manager.ID, Due: "2026-03-10", Link: link},
		{Title: "Tidy the wiki", OwnerID: w.manager.ID, Due: "2026-03-10"},
		{Title: "Rotate backup keys", OwnerID: w.manager.ID, Due: "2026-04-10", Link: link}} {
		if _, err := w.app.CreateTask(w.ctx, m, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.app.CreateMetric(w.ctx, m, app.MetricInput{Name: "Backup success", Method: "Successful jobs / all jobs",
		Unit: "%", Direction: "higher", Target: "99", Frequency: "every week", MeasuredBy: string(w.manager.ID), AnalysedBy: string(w.manager2.ID)}); err != nil {
		t.Fatal(err)
	}
	return backups, []string{"Restore test", "Check backup logs"}
}

// otherOrgOperation gives globex a planned control without an owner and
// an overdue task on it, which acme's facts must leave out.
func otherOrgOperation(t *testing.T, w *world) {
	t.Helper()
	boss := w.newUser("Gina Globex", false)
	globex := w.newOrg("globex", "Globex", boss)
	g := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
	c, err := w.app.CreateControl(w.ctx, g, app.ControlInput{Title: "Globex firewall", Status: "planned", NextReview: "2026-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.CreateTask(w.ctx, g, app.TaskInput{Title: "Globex firewall review", OwnerID: boss.ID,
		Due: "2026-03-03", Link: "control:" + c.Ref}); err != nil {
		t.Fatal(err)
	}
	f, err := w.app.GatherOperationFactsForTest(w.ctx, globex.ID, operationDay)
	if err != nil {
		t.Fatal(err)
	}
	if f.ControlsInUse != 1 || f.ControlsImplemented != 0 || f.ControlActivities != 1 {
		t.Errorf("globex controls = %+v, want its own only", f)
	}
	wantRecordSet(t, "globex ControlActivitiesOverdue", f.ControlActivitiesOverdue, "Globex firewall review")
	wantRecordSet(t, "globex ControlsPastReview", f.ControlsPastReview, "C-1")
}

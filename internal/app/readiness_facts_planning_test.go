// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestGatherPlanningFacts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		f, err := w.app.GatherPlanningFactsForTest(w.ctx, w.org.ID, w.today())
		if err != nil {
			t.Fatal(err)
		}
		if f.ISMSRisks != 0 || f.ISMSOpportunities != 0 || f.ISMSRisksActive != 0 || f.ISMSRisksActed != 0 ||
			f.Objectives != 0 || f.ObjectivesOpen != 0 || f.ObjectiveMetrics != 0 || f.ISMSChangesPending != 0 ||
			f.ISMSChangesUnderWay != 0 || !f.ISMSRisksOpen.Empty() || !f.ObjectiveMetricsUnmeasured.Empty() ||
			!f.ISMSChangesOverdue.Empty() {
			t.Errorf("facts of an empty organization = %+v", f)
		}
		otherOrgPlanning(w)
		planningFixture(w)
		f, err = w.app.GatherPlanningFactsForTest(w.ctx, w.org.ID, w.today())
		if err != nil {
			t.Fatal(err)
		}
		if f.ISMSRisks != 2 || f.ISMSOpportunities != 1 || f.Objectives != 3 {
			t.Errorf("ISMS risks %d, opportunities %d, objectives %d; want 2, 1, 3", f.ISMSRisks, f.ISMSOpportunities, f.Objectives)
		}
		if f.ISMSRisksActive != 2 || f.ISMSRisksActed != 2 || f.ObjectivesOpen != 2 || f.ObjectiveMetrics != 2 ||
			f.ISMSChangesPending != 2 || f.ISMSChangesUnderWay != 2 {
			t.Errorf("ISMS risks active %d, acted on %d; objectives open %d, metrics %d; changes pending %d, under way %d; "+
				"want 2, 2; 2, 2; 2, 2", f.ISMSRisksActive, f.ISMSRisksActed, f.ObjectivesOpen, f.ObjectiveMetrics,
				f.ISMSChangesPending, f.ISMSChangesUnderWay)
		}
		wantRecordSet(t, "ISMSRisksOpen", f.ISMSRisksOpen, "RO-1")
		wantRecordSet(t, "ISMSRisksUnevaluated", f.ISMSRisksUnevaluated, "RO-2")
		wantRecordSet(t, "ISMSRisksReviewOverdue", f.ISMSRisksReviewOverdue, "RO-2")
		wantRecordSet(t, "ObjectivesUnmeasured", f.ObjectivesUnmeasured, "OBJ-2")
		wantRecordSet(t, "ObjectivesWithoutOwner", f.ObjectivesWithoutOwner, "OBJ-2")
		wantRecordSet(t, "ObjectivesOverdue", f.ObjectivesOverdue, "OBJ-2")
		wantRecordSet(t, "ObjectivesWithoutResources", f.ObjectivesWithoutResources, "OBJ-2")
		wantRecordSet(t, "ObjectiveMetricsUnmeasured", f.ObjectiveMetricsUnmeasured, "M-1")
		wantRecordSet(t, "ISMSChangesOverdue", f.ISMSChangesOverdue, "CHG-1")
		wantRecordSet(t, "ISMSChangesUnconsidered", f.ISMSChangesUnconsidered, "CHG-2")
		if got := f.ObjectivesUnmeasured.Items[0]; got.Type != "objective" || got.Title != "Reduce security incidents" {
			t.Errorf("unmeasured objective = %+v, want an objective named by its statement", got)
		}
	})
}

// otherOrgPlanning fills Globex's planning registers, which acme's facts
// must never count.
func otherOrgPlanning(w *world) {
	g := w.globexAdmin()
	_, err := w.app.CreateISMSRisk(w.ctx, g, app.ISMSRiskInput{Kind: "risk", Title: "Globex budget cut",
		Likelihood: "high", Impact: "high", Status: "open", ReviewOn: "2025-01-01"})
	w.must("CreateISMSRisk(globex)", err)
	_, err = w.app.CreateObjective(w.ctx, g, app.ObjectiveInput{Statement: "Globex objective", DueOn: "2025-06-30",
		Status: "planned", Evaluation: "Yearly."})
	w.must("CreateObjective(globex)", err)
	_, err = w.app.CreateChange(w.ctx, g, app.ChangeInput{Title: "Globex change", Reason: "Growth.", PlannedOn: "2025-01-01"})
	w.must("CreateChange(globex)", err)
}

// planningFixture fills acme's planning registers: an open ISMS risk, an
// addressed one not evaluated and past its review, an opportunity closed
// after evaluation (its old review date no longer matters); an objective
// measured by a metric without measurement, one with neither metric nor
// figure, no owner, no resources and overdue, an achieved one with a
// figure and a measured metric, a cancelled one; a proposed change past
// its date, an approved one without resources, a completed one.
func planningFixture(w *world) {
	m := w.asManager()
	for _, in := range []app.ISMSRiskInput{
		{Kind: "risk", Title: "ISMS manager leaves", Likelihood: "medium", Impact: "high", Status: "open"},
		{Kind: "risk", Title: "Budget cut", Likelihood: "low", Impact: "high", Status: "addressed",
			EvaluationMethod: "Budget approved next year.", ReviewOn: "2026-02-01"},
		{Kind: "opportunity", Title: "Automate evidence", Likelihood: "high", Impact: "medium", Status: "closed",
			EvaluationMethod: "Hours saved.", Evaluation: "Saved 10 hours a month.", EvaluatedOn: "2026-02-20",
			Effective: "yes", ReviewOn: "2026-01-01"},
	} {
		_, err := w.app.CreateISMSRisk(w.ctx, m, in)
		w.must("CreateISMSRisk("+in.Title+")", err)
	}
	ed := w.asContributor()
	in := w.patchMetric()
	_, err := w.app.CreateMetric(w.ctx, ed, in)
	w.must("CreateMetric(M-1)", err)
	in.Name = "Phishing click rate"
	m2, err := w.app.CreateMetric(w.ctx, ed, in)
	w.must("CreateMetric(M-2)", err)
	_, err = w.app.RecordMeasurement(w.ctx, ed, m2.ID, app.MeasurementInput{Value: "4", MeasuredOn: "2026-03-01"})
	w.must("RecordMeasurement(M-2)", err)
	owner := string(w.contributor.ID)
	for _, o := range []app.ObjectiveInput{
		{Statement: "Keep systems patched", Target: "95 % within 30 days", OwnerID: owner, Resources: "Ops team",
			DueOn: "2026-12-31", Status: "in_progress", Metrics: []string{"M-1"}},
		{Statement: "Reduce security incidents", Target: "Fewer incidents", DueOn: "2026-02-28", Status: "planned",
			Evaluation: "Management review."},
		{Statement: "Cut phishing clicks", Target: "Below 5 %", OwnerID: owner, DueOn: "2026-01-31", Status: "achieved",
			Metrics: []string{"M-2"}},
		{Statement: "Dropped idea", Status: "cancelled", Evaluation: "None."},
	} {
		_, err := w.app.CreateObjective(w.ctx, m, o)
		w.must("CreateObjective("+o.Statement+")", err)
	}
	for _, c := range []app.ChangeInput{
		{Title: "Add the Lyon site", Reason: "New office.", PlannedOn: "2026-02-01"},
		{Title: "New risk method", Reason: "Audit finding.", Consequences: "Reassess all risks.", PlannedOn: "2026-06-01",
			Status: "approved", Responsibilities: "ISMS manager."},
		{Title: "New policy owner", Reason: "Reorganisation.", Consequences: "Update the RACI.", Resources: "None.",
			Responsibilities: "CEO.", PlannedOn: "2026-01-01", CompletedOn: "2026-01-20", Status: "implemented"},
	} {
		_, err := w.app.CreateChange(w.ctx, m, c)
		w.must("CreateChange("+c.Title+")", err)
	}
}

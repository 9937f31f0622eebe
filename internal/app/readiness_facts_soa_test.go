// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// soaFacts reads the SoA facts of the world's organization today.
func (w *soaWorld) soaFacts() isms.SoAFacts {
	w.t.Helper()
	return w.riskFactsOn(isms.DateOf(w.clock.Now())).SoAFacts
}

// reqID returns the ID of ISO/IEC 27001:2022's requirement ref.
func (w *soaWorld) reqID(ref string) isms.ID { return w.requirement(w.iso.ID, ref).ID }

func TestGatherSoAFactsOfADraft(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newSoAWorld(t, db)
		other := w.globexAdmin()
		_, _, err := w.app.ImportBuiltinFramework(w.ctx, other, "iso27001-2022")
		w.mustRisk("ImportBuiltinFramework(globex)", err)
		_, err = w.app.GenerateSoA(w.ctx, other, "", "Globex's SoA.")
		w.mustRisk("GenerateSoA(globex)", err)
		if f := w.soaFacts(); !f.SoAFrameworkLoaded || f.SoAApproved.ID != "" || f.SoADraft.ID != "" || f.SoAChecked.ID != "" {
			t.Fatalf("facts before the SoA = %+v, want the framework alone", f)
		}
		s, err := w.app.GenerateSoA(w.ctx, w.asManager(), "", "First version.")
		w.mustRisk("GenerateSoA", err)
		f := w.soaFacts()
		if f.SoADraft.ID != s.ID || f.SoAChecked.ID != s.ID || f.SoAChecked.Type != "soa" || f.SoAChecked.Ref != "v1" || f.SoALines != 93 {
			t.Errorf("draft, checked, lines = %+v, %+v, %d; want v1 twice and 93 lines", f.SoADraft, f.SoAChecked, f.SoALines)
		}
		// A.5.15 (a risk's treatment) and A.5.31 (an addressed obligation) are proposed applicable.
		if f.SoAUndecided.Total != 91 || len(f.SoAUndecided.Items) != isms.MaxFindingRecords || f.SoAUndecided.Items[0].Ref != "A.5.1" ||
			f.SoAUndecided.Items[0].Type != "requirement" || f.SoAUndecided.Items[0].Title == "" {
			t.Errorf("SoAUndecided = %d, first %+v; want 91 from A.5.1", f.SoAUndecided.Total, f.SoAUndecided.Items)
		}
		checkRiskSet(t, "SoAApplicableWithoutControl", f.SoAApplicableWithoutControl)

		v := w.findSoA(string(s.ID))
		w.setLine(s, soaLine(t, v, "A.5.15"), app.SoALineInput{Applicable: isms.SoAExcluded, Exclusion: "We think not."})
		w.setLine(s, soaLine(t, v, "A.8.15"), app.SoALineInput{Applicable: isms.SoAApplicable})
		w.setLine(s, soaLine(t, v, "A.5.1"), app.SoALineInput{Applicable: isms.SoAApplicable, Practice: true, Reason: "Baseline.",
			Override: isms.SoAImplemented, OverrideReason: "Policies are published."})
		f = w.soaFacts()
		checkRiskSet(t, "SoAExcludedButTreated", f.SoAExcludedButTreated, w.reqID("A.5.15"))
		checkRiskSet(t, "SoAInclusionsWithoutSource", f.SoAInclusionsWithoutSource, w.reqID("A.8.15"))
		checkRiskSet(t, "SoAApplicableWithoutControl", f.SoAApplicableWithoutControl, w.reqID("A.5.1"))
		checkRiskSet(t, "SoAImplementedWithoutControl", f.SoAImplementedWithoutControl, w.reqID("A.5.1"))
		checkRiskSet(t, "SoAExclusionsUnjustified", f.SoAExclusionsUnjustified)
		checkRiskSet(t, "SoADraftEdited (no approved version)", f.SoADraftEdited)
		if f.SoAUndecided.Total != 89 {
			t.Errorf("SoAUndecided = %d, want 89", f.SoAUndecided.Total)
		}
	})
}

func TestGatherSoAFactsOfTheVersionInForce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newSoAWorld(t, db)
		s, err := w.app.GenerateSoA(w.ctx, w.asManager(), "", "First version.")
		w.mustRisk("GenerateSoA", err)
		w.decideAll(w.findSoA(string(s.ID)))
		w.decide(w.submitSoA(s), isms.DecisionApprove)
		f := w.soaFacts()
		if f.SoAApproved.ID != s.ID || f.SoAChecked.ID != s.ID || f.SoADraft.ID != "" || f.SoAApprovedOn.IsZero() {
			t.Errorf("approved, checked, draft = %+v, %+v, %+v; want v1 approved and checked", f.SoAApproved, f.SoAChecked, f.SoADraft)
		}
		checkRiskSet(t, "SoAUndecided", f.SoAUndecided)
		checkRiskSet(t, "SoAInclusionsWithoutSource", f.SoAInclusionsWithoutSource)

		// The approved v1 is judged against the records as they stand:
		// once R-1 is closed, nothing justifies A.5.15 any more.
		in := riskInput(w.risk)
		in.Status = "closed"
		_, err = w.app.UpdateRisk(w.ctx, w.asManager(), w.risk.ID, w.risk.Version, in)
		w.mustRisk("UpdateRisk(close R-1)", err)
		d, err := w.app.GenerateSoA(w.ctx, w.asManager(), "", "Second version.")
		w.mustRisk("GenerateSoA(v2)", err)
		v := w.findSoA(string(d.ID))
		w.setLine(d, soaLine(t, v, "A.5.15"), app.SoALineInput{Applicable: isms.SoAApplicable, Business: true,
			Reason: "Customers require access reviews.", ChangeReason: "R-1 is closed."})
		f = w.soaFacts()
		if f.SoAChecked.ID != s.ID || f.SoADraft.ID != d.ID || f.SoADraft.Ref != "v2" {
			t.Errorf("checked, draft = %+v, %+v; want v1 checked and draft v2", f.SoAChecked, f.SoADraft)
		}
		checkRiskSet(t, "SoAInclusionsWithoutSource", f.SoAInclusionsWithoutSource, w.reqID("A.5.15"))
		checkRiskSet(t, "SoADraftEdited", f.SoADraftEdited, w.reqID("A.5.15"))
	})
}

// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// riskFactsOn reads the risk facts of the world's organization on day.
func (w *world) riskFactsOn(day isms.Date) *isms.RiskFacts {
	w.t.Helper()
	f, err := app.GatherRiskFactsForTest(w.ctx, w.app, w.org.ID, day)
	if err != nil {
		w.t.Fatalf("gatherRiskFacts(%s) = %v", day, err)
	}
	return f
}

// checkRiskSet reports whether set lists exactly the records with want
// IDs, in that order, and counts them.
func checkRiskSet(t *testing.T, name string, set isms.RecordSet, want ...isms.ID) {
	t.Helper()
	var got []isms.ID
	for _, r := range set.Items {
		got = append(got, r.ID)
	}
	if !slices.Equal(got, want) || set.Total != len(want) {
		t.Errorf("%s = %v (total %d), want %v", name, got, set.Total, want)
	}
}

// mustRisk fails the test when call returned err.
func (w *world) mustRisk(call string, err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatalf("%s = %v", call, err)
	}
}

// doneAction adds an action to r owned by its owner, the contributor,
// who completes it a minute later.
func (w *world) doneAction(r *isms.Risk, title string) {
	w.t.Helper()
	x := w.addAction(r, app.TreatmentActionInput{Title: title, OwnerID: string(w.contributor.ID), Due: "2026-03-20"})
	w.clock.Advance(time.Minute)
	_, err := w.app.CompleteTask(w.ctx, w.asContributor(), x.TaskID, "Done.")
	w.mustRisk("CompleteTask("+title+")", err)
}

// ownerApprovesPlan submits r's treatment plan as the manager and has its
// owner, the contributor, approve it.
func (w *world) ownerApprovesPlan(r *isms.Risk) {
	w.t.Helper()
	ap, err := w.submitPlan(w.asManager(), w.riskDetail(string(r.ID)).Risk, w.contributor.ID)
	w.mustRisk("SubmitForApproval(plan of "+r.Ref+")", err)
	_, err = w.app.DecideApproval(w.ctx, w.asContributor(), ap.ID, isms.DecisionApprove, "Agreed.")
	w.mustRisk("DecideApproval(plan of "+r.Ref+")", err)
}

func TestGatherRiskFactsOfAnEmptyOrganization(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		other := w.globexAdmin()
		_, _, err := w.app.ImportBuiltinFramework(w.ctx, other, "iso27001-2022")
		w.mustRisk("ImportBuiltinFramework(globex)", err)
		_, err = w.app.CreateRisk(w.ctx, other, app.RiskInput{Title: "Globex's unowned risk"})
		w.mustRisk("CreateRisk(globex)", err)
		f := w.riskFactsOn(isms.DateOf(w.clock.Now()))
		if f.RiskMethod.ID != "" || f.RiskMethodDraft.ID != "" || f.RisksOpen != 0 || f.RiskAssessmentLast.ID != "" ||
			f.RiskTreatmentDocument.ID != "" || f.SoAFrameworkLoaded || f.SoAChecked.ID != "" {
			t.Errorf("facts of an empty organization = %+v, want none", f)
		}
		checkRiskSet(t, "RisksWithoutOwner", f.RisksWithoutOwner)
		checkRiskSet(t, "RisksUnscored", f.RisksUnscored)
	})
}

// riskRegister is the register of TestGatherRiskFactsOfTheRegister, scored
// under the 5×5 preset: each risk meets the conditions its name says.
type riskRegister struct {
	unowned, leaver, unscored, bare, treated, stale, late, acting *isms.Risk
}

// riskRegister records the risks of a riskRegister, a closed one without
// owner, and Globex's unowned risk; the second manager, who owns the
// leaver's risk, then leaves acme.
func (w *world) riskRegister() riskRegister {
	w.t.Helper()
	_, err := w.app.CreateRisk(w.ctx, w.globexAdmin(), app.RiskInput{Title: "Globex's unowned risk"})
	w.mustRisk("CreateRisk(globex)", err)
	w.approvedMethod(5)
	scored := func(title, owner, l, i, treatment string) app.RiskInput {
		return app.RiskInput{Title: title, OwnerID: owner, InherentLikelihood: l, InherentImpact: i, Treatment: treatment}
	}
	owner, mfa := string(w.contributor.ID), w.control("Multi-factor authentication", isms.ControlImplemented)
	var x riskRegister
	x.unowned = w.newRisk(scored("Unowned and untreated", "", "5", "5", ""))
	x.leaver = w.newRisk(scored("Owned by a leaver", string(w.manager2.ID), "1", "1", ""))
	x.unscored = w.newRisk(app.RiskInput{Title: "Not scored", OwnerID: owner})
	in := scored("To reduce, without means", owner, "4", "4", "modify")
	in.ResidualLikelihood, in.ResidualImpact = "2", "2"
	x.bare = w.newRisk(in)
	in = scored("Treated and accepted", owner, "4", "4", "modify")
	in.ResidualLikelihood, in.ResidualImpact, in.NextReview, in.Controls = "1", "1", "2026-06-01", []string{mfa.Ref}
	x.treated = w.newRisk(in)
	in = scored("Done, not re-scored", owner, "4", "4", "modify")
	in.ResidualLikelihood, in.ResidualImpact = "1", "1"
	x.stale = w.newRisk(in)
	in = scored("Past its review", owner, "1", "1", "")
	in.NextReview = "2026-01-15"
	x.late = w.newRisk(in)
	x.acting = w.newRisk(scored("Acting on it", owner, "4", "4", "modify"))
	in = scored("Closed", "", "5", "5", "")
	in.Status = "closed"
	w.newRisk(in)
	w.doneAction(x.treated, "Roll out MFA")
	w.ownerApprovesPlan(x.treated)
	w.clock.Advance(time.Minute)
	_, err = w.app.AcceptRisk(w.ctx, w.asContributor(), x.treated.ID, app.AcceptInput{Comment: "Within our criteria."})
	w.mustRisk("AcceptRisk", err)
	w.doneAction(x.stale, "Patch the servers")
	w.addAction(x.acting, app.TreatmentActionInput{Title: "Train the staff", OwnerID: owner, Due: "2026-04-01"})
	w.mustRisk("RemoveMember", w.app.RemoveMember(w.ctx, w.asAdmin(), w.manager2.ID))
	return x
}

func TestGatherRiskFactsOfTheRegister(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		x := w.riskRegister()
		today := isms.DateOf(w.clock.Now())
		f := w.riskFactsOn(today)
		if f.RiskMethod.Ref != "v1" || f.RiskMethodReviewMonths != 12 || len(f.RiskMethodLevels) != 5 || f.RiskMethodApprovedOn != today {
			t.Errorf("method = %+v, approved %s, %d months, %d levels; want v1 approved today, 12 months, 5 levels",
				f.RiskMethod, f.RiskMethodApprovedOn, f.RiskMethodReviewMonths, len(f.RiskMethodLevels))
		}
		if f.RisksOpen != 8 {
			t.Errorf("RisksOpen = %d, want 8", f.RisksOpen)
		}
		checkRiskSet(t, "RisksWithoutOwner", f.RisksWithoutOwner, x.unowned.ID, x.leaver.ID)
		checkRiskSet(t, "RisksUnscored", f.RisksUnscored, x.unscored.ID)
		checkRiskSet(t, "RisksOtherMethod", f.RisksOtherMethod)
		checkRiskSet(t, "RisksReviewOverdue", f.RisksReviewOverdue, x.late.ID)
		checkRiskSet(t, "RisksUntreated", f.RisksUntreated, x.unowned.ID)
		checkRiskSet(t, "RisksModifyWithoutMeans", f.RisksModifyWithoutMeans, x.bare.ID)
		checkRiskSet(t, "RisksPlanNotApproved", f.RisksPlanNotApproved, x.bare.ID, x.stale.ID, x.acting.ID)
		checkRiskSet(t, "RisksNotAccepted", f.RisksNotAccepted, x.bare.ID, x.stale.ID)
		checkRiskSet(t, "RisksAcceptanceExpired", f.RisksAcceptanceExpired)
		checkRiskSet(t, "RisksResidualStale", f.RisksResidualStale, x.stale.ID)
		checkRiskSet(t, "RiskActionsOverdue", f.RiskActionsOverdue)

		w.mustRisk("SetUserDisabled", w.app.SetUserDisabled(w.ctx, w.asAdmin(), w.contributor.ID, true))
		later := w.riskFactsOn(isms.NewDate(2026, time.July, 1))
		checkRiskSet(t, "RisksAcceptanceExpired in July", later.RisksAcceptanceExpired, x.treated.ID)
		if later.RiskActionsOverdue.Total != 1 || later.RiskActionsOverdue.Items[0].Type != "task" ||
			later.RiskActionsOverdue.Items[0].Title != "Train the staff" {
			t.Errorf("RiskActionsOverdue in July = %+v, want the task Train the staff", later.RiskActionsOverdue)
		}
		if later.RisksWithoutOwner.Total != 8 {
			t.Errorf("RisksWithoutOwner once the contributor is disabled = %d, want all 8", later.RisksWithoutOwner.Total)
		}
	})
}

func TestGatherRiskFactsOfMethodsAssessmentsAndProcess(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		draft := w.methodDraft(5)
		f := w.riskFactsOn(isms.DateOf(w.clock.Now()))
		if f.RiskMethod.ID != "" || f.RiskMethodDraft.ID != draft.ID || f.RiskMethodDraft.Ref != "v1" {
			t.Errorf("method, draft = %+v, %+v; want none, draft v1", f.RiskMethod, f.RiskMethodDraft)
		}
		w.approveMethodDraft(draft)
		r := w.newRisk(app.RiskInput{Title: "Scored under v1", OwnerID: string(w.contributor.ID), InherentLikelihood: "2", InherentImpact: "2"})
		v2 := w.approvedMethod(3)
		as := w.assess("Annual risk assessment")
		doc, ver, err := w.app.CreateDocument(w.ctx, w.asManager(), app.DocumentInput{Title: "Risk treatment process",
			Type: "procedure", OwnerID: string(w.manager.ID), Classification: "internal", ReviewMonths: "12",
			AudienceEveryone: true, Clauses: []string{"6.1.2", "6.1.3"}},
			app.DocumentBodyInput{Markdown: "# Risk treatment\n\nHow we treat risks.\n", ChangeSummary: "First issue."})
		w.mustRisk("CreateDocument", err)
		today := isms.DateOf(w.clock.Now())
		f = w.riskFactsOn(today)
		if f.RiskMethod.ID != v2.ID || f.RiskMethod.Ref != "v2" || f.RiskMethodDraft.ID != "" || len(f.RiskMethodLevels) != 3 {
			t.Errorf("method, draft = %+v, %+v, %d levels; want v2 with 3 levels and no draft", f.RiskMethod, f.RiskMethodDraft, len(f.RiskMethodLevels))
		}
		checkRiskSet(t, "RisksOtherMethod", f.RisksOtherMethod, r.ID)
		if f.RiskAssessmentLast.ID != as.ID || f.RiskAssessmentLastOn != today {
			t.Errorf("last assessment = %+v on %s, want %s today", f.RiskAssessmentLast, f.RiskAssessmentLastOn, as.ID)
		}
		if f.RiskTreatmentDocument.ID != "" {
			t.Errorf("treatment document before approval = %+v, want none", f.RiskTreatmentDocument)
		}
		w.approve(ver)
		if f = w.riskFactsOn(today); f.RiskTreatmentDocument.ID != doc.ID {
			t.Errorf("treatment document = %+v, want %s", f.RiskTreatmentDocument, doc.ID)
		}
	})
}

// BenchmarkGatherRiskFacts reads the risk and SoA facts of the large demo
// organization (5,000 risks, an approved SoA of ISO/IEC 27001:2022), as
// the readiness check does:
//
//	go test ./internal/app -run '^$' -bench GatherRiskFacts -benchtime 20x
func BenchmarkGatherRiskFacts(b *testing.B) {
	benchEachRiskOrg(b, func(b *testing.B, o *benchRiskOrg) {
		ctx, today := context.Background(), isms.NewDate(2026, time.March, 2)
		loopP99(b, func() {
			f, err := app.GatherRiskFactsForTest(ctx, o.app, o.admin.OrgID, today)
			if err != nil || f.RisksOpen == 0 || f.SoAChecked.ID == "" {
				b.Fatalf("gatherRiskFacts: %d open risks, SoA %q, %v", f.RisksOpen, f.SoAChecked.ID, err)
			}
		})
	})
}

// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
)

// auditProgramme records a three-year programme starting today, owned by
// the ISMS manager, and returns its reference.
func (f *readinessFixture) auditProgramme() string {
	f.t.Helper()
	p, err := f.app.CreateProgramme(f.ctx, f.ismsManager(), app.ProgrammeInput{Title: "Internal audit programme",
		Description: "Every clause and every applicable Annex A control audited within the three years of the certification cycle, " +
			"by an auditor independent of the area; results reported to the CISO and to the management review.",
		Framework: catalog.KeyISO2022, Start: f.today(), End: f.today().AddDate(3, 0, -1), OwnerID: f.manager.ID})
	f.must("CreateProgramme", err)
	return p.Ref
}

// planAudit plans an audit of programme led by the internal auditor,
// starting start days from today for two days.
func (f *readinessFixture) planAudit(programme, title, scope string, start int) *isms.InternalAudit {
	f.t.Helper()
	from := f.today().AddDays(start)
	a, err := f.app.PlanAudit(f.ctx, f.ismsManager(), app.AuditInput{Programme: programme, Title: title,
		Criteria: "ISO/IEC 27001:2022 and Acme's policies.", Units: "The whole organization.", Scope: scope,
		LeadID: f.auditor.ID, PlannedStart: from, PlannedEnd: from.AddDays(2)})
	f.must("PlanAudit("+title+")", err)
	return a
}

// carryOutAudit has the lead auditor start a, find every item conforming,
// raise a minor nonconformity and an opportunity for improvement, and
// report it.
func (f *readinessFixture) carryOutAudit(a *isms.InternalAudit) {
	f.t.Helper()
	lead := f.asAuditor()
	a, err := f.app.MoveAudit(f.ctx, lead, a.ID, a.Version, isms.AuditInProgress, "")
	f.must("MoveAudit(in progress)", err)
	v, err := f.app.FindAudit(f.ctx, lead, string(a.ID))
	f.must("FindAudit", err)
	for _, it := range v.Items {
		_, err := f.app.RecordAuditItem(f.ctx, lead, a.ID, it.RequirementID, it.Version, app.ItemInput{Result: isms.ItemConforming,
			Notes: "Records examined and discussed with the owner; they match the requirement.", Sampling: "Records of the last year."})
		f.must("RecordAuditItem("+it.Ref+")", err)
	}
	for _, x := range []app.FindingInput{
		{Grade: isms.FindingMinor, Title: "Two leavers kept access for a week", Requirements: "A.5.18",
			Description: "Two of ten leavers sampled kept their accounts for a week after their last day."},
		{Grade: isms.FindingOFI, Title: "Automate the access review", Requirements: "A.5.18",
			Description: "The quarterly access review is done by hand from exports."},
	} {
		x.Audit = a.Ref
		_, err := f.app.CreateFinding(f.ctx, lead, x)
		f.must("CreateFinding("+x.Title+")", err)
	}
	v, err = f.app.FindAudit(f.ctx, lead, string(a.ID))
	f.must("FindAudit", err)
	_, err = f.app.MoveAudit(f.ctx, lead, a.ID, v.Audit.Version, isms.AuditReported,
		"The ISMS conforms; one minor nonconformity on leavers' access and one opportunity for improvement.")
	f.must("MoveAudit(reported)", err)
}

// nonconformity returns the only nonconformity of acme.
func (f *readinessFixture) nonconformity() *isms.Nonconformity {
	f.t.Helper()
	list, _, err := f.app.ListNonconformities(f.ctx, f.ismsManager(), isms.NCFilter{})
	f.must("ListNonconformities", err)
	if len(list) != 1 {
		f.t.Fatalf("ListNonconformities() = %d nonconformities, want 1", len(list))
	}
	return list[0]
}

// correct has the IT lead own the audit's nonconformity, correct it, find
// its root cause and carry out the corrective action.
func (f *readinessFixture) correct() {
	f.t.Helper()
	n := f.nonconformity()
	in := app.NCInput{Title: n.Title, Description: n.Description, Source: n.Source, Grade: n.Grade, Requirements: "A.5.18",
		DetectedOn: n.DetectedOn, DetectedBy: n.DetectedBy, OwnerID: f.contributor.ID, Deadline: f.today().AddDays(60),
		SourceRecord: n.SourceRecord.String()}
	n, err := f.app.UpdateNonconformity(f.ctx, f.ismsManager(), n.ID, n.Version, in)
	f.must("UpdateNonconformity", err)
	n, err = f.app.RecordCorrection(f.ctx, f.itLead(), n.ID, n.Version, app.StepInput{Text: "Both accounts were removed."})
	f.must("RecordCorrection", err)
	n, err = f.app.RecordRootCause(f.ctx, f.itLead(), n.ID, n.Version, app.StepInput{Method: isms.RCAFiveWhys,
		Text: "Leavers were removed from a weekly report, not from the HR system's leaver event."})
	f.must("RecordRootCause", err)
	act, err := f.app.AddCorrectiveAction(f.ctx, f.ismsManager(), n.ID, n.Version, app.ActionInput{Title: "Remove accounts from the HR leaver event",
		OwnerID: f.contributor.ID, Due: f.today().AddDays(20)})
	f.must("AddCorrectiveAction", err)
	_, err = f.app.CompleteTask(f.ctx, f.itLead(), act.TaskID, "Accounts now follow the HR system.")
	f.must("CompleteTask(corrective action)", err)
}

// checkEffectiveness has the IT lead check that the corrective action
// worked, which closes the nonconformity.
func (f *readinessFixture) checkEffectiveness() {
	f.t.Helper()
	n := f.nonconformity()
	n, err := f.app.ScheduleEffectivenessCheck(f.ctx, f.itLead(), n.ID, n.Version, f.today())
	f.must("ScheduleEffectivenessCheck", err)
	_, err = f.app.RecordEffectiveness(f.ctx, f.itLead(), n.ID, n.Version, app.CheckInput{Effective: true,
		Note: "No leaver kept access in the two months since."})
	f.must("RecordEffectiveness", err)
}

// improve has the CISO accept the improvement the audit opened, and the
// ISMS manager carry it out.
func (f *readinessFixture) improve() {
	f.t.Helper()
	list, _, err := f.app.ListImprovements(f.ctx, f.ismsManager(), isms.ImprovementFilter{})
	f.must("ListImprovements", err)
	if len(list) != 1 {
		f.t.Fatalf("ListImprovements() = %d improvements, want 1", len(list))
	}
	im, err := f.app.DecideImprovement(f.ctx, f.ciso(), list[0].ID, list[0].Version, isms.ImpAccepted, "Worth doing.")
	f.must("DecideImprovement", err)
	t, err := f.app.AddImprovementTask(f.ctx, f.ismsManager(), im.ID, im.Version, app.TaskInput{Title: "Script the access review",
		OwnerID: f.manager.ID, Due: f.date(20)})
	f.must("AddImprovementTask", err)
	_, err = f.app.CompleteTask(f.ctx, f.ismsManager(), t.ID, "The review is generated from the identity provider.")
	f.must("CompleteTask(improvement)", err)
	v, err := f.app.FindImprovement(f.ctx, f.ismsManager(), string(im.ID))
	f.must("FindImprovement", err)
	_, err = f.app.CompleteImprovement(f.ctx, f.ismsManager(), im.ID, v.Improvement.Version, "The access review takes an hour instead of a day.")
	f.must("CompleteImprovement", err)
}

// controlActivity schedules the quarterly access review of the A.5.18
// control, first due in five days, and returns its first task.
func (f *readinessFixture) controlActivity() *isms.Task {
	f.t.Helper()
	lead := 14
	s, n, err := f.app.CreateSchedule(f.ctx, f.ismsManager(), app.ScheduleInput{Title: "Quarterly access review",
		Description: "Owners confirm who has access to production and the business applications.", OwnerID: f.contributor.ID,
		Link: "control:" + string(f.controls["A.5.18"].ID), Rule: "every 3 months", Start: f.date(5), LeadDays: &lead})
	f.must("CreateSchedule", err)
	tasks, _, err := f.app.FindTasks(f.ctx, f.ismsManager(), isms.TaskFilter{ScheduleID: s.ID, Limit: 1})
	f.must("FindTasks", err)
	if n != 1 || len(tasks) != 1 {
		f.t.Fatalf("CreateSchedule generated %d tasks, want 1", n)
	}
	return tasks[0]
}

// managementReview has top management hold a review today, chaired by
// the administrator, review the policy, record and track its decisions,
// and approve its minutes.
func (f *readinessFixture) managementReview() {
	f.t.Helper()
	r, err := f.app.CreateReview(f.ctx, f.ismsManager(), app.ReviewInput{Title: "Yearly management review", PlannedOn: f.today(),
		ChairID: f.admin.ID})
	f.must("CreateReview", err)
	r, err = f.app.HoldReview(f.ctx, f.ismsManager(), r.ID, r.Version, app.HoldInput{HeldOn: f.today(),
		Attendees: []string{"Alice Admin (CEO)", "Carol Manager (CISO)", "Bob Manager (ISMS manager)"},
		Minutes:   "The ISMS is suitable, adequate and effective. The objectives stand; one resource added."})
	f.must("HoldReview", err)
	_, err = f.app.ReviewDocumentNoChange(f.ctx, f.ismsManager(), f.policy.ID, "Reviewed at the management review: still right.")
	f.must("ReviewDocumentNoChange(policy)", err)
	for _, x := range []app.OutputInput{
		{Kind: isms.OutputImprovement, Description: "Extend the access review to the finance system"},
		{Kind: isms.OutputResource, Description: "A second security engineer next year"},
	} {
		x.OwnerID, x.Due = f.manager.ID, f.today().AddDays(90)
		o, err := f.app.AddReviewOutput(f.ctx, f.ismsManager(), r.ID, x)
		f.must("AddReviewOutput", err)
		_, err = f.app.TrackReviewOutput(f.ctx, f.ismsManager(), o.ID)
		f.must("TrackReviewOutput", err)
	}
	v, err := f.app.FindReview(f.ctx, f.ismsManager(), string(r.ID))
	f.must("FindReview", err)
	sub, err := f.app.SubmitReview(f.ctx, f.ismsManager(), r.ID, v.Review.Version, "The minutes, for approval.")
	f.must("SubmitReview", err)
	_, err = f.app.DecideApproval(f.ctx, f.asAdmin(), sub.ID, isms.DecisionApprove, "Approved.")
	f.must("DecideApproval(review)", err)
}

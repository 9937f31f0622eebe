// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"context"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// backupAudit fills the tables of internal audit and management review: a
// programme with one audit (a checklist item recorded, a finding raised)
// and a held review with one output.
func backupAudit(t *testing.T, ctx context.Context, a *app.App, admin, manager isms.Actor) {
	t.Helper()
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v %v", what, err, isms.ErrorFields(err))
		}
	}
	today := isms.DateOf(time.Now())
	p, err := a.CreateProgramme(ctx, admin, app.ProgrammeInput{Title: "Certification cycle", Framework: "iso27001-2022",
		Start: today, End: today.AddDate(3, 0, -1), OwnerID: admin.UserID})
	check("CreateProgramme", err)
	au, err := a.PlanAudit(ctx, admin, app.AuditInput{Programme: p.Ref, Title: "Internal audit", Criteria: "ISO/IEC 27001:2022",
		Scope: "9.2, 9.3", LeadID: manager.UserID, PlannedStart: today, PlannedEnd: today})
	check("PlanAudit", err)
	au, err = a.MoveAudit(ctx, admin, au.ID, au.Version, isms.AuditInProgress, "")
	check("MoveAudit", err)
	v, err := a.FindAudit(ctx, admin, string(au.ID))
	check("FindAudit", err)
	it := v.Items[0]
	_, err = a.RecordAuditItem(ctx, admin, au.ID, it.RequirementID, it.Version, app.ItemInput{Result: isms.ItemConforming,
		Notes: "Programme approved.", Sampling: "The last two audits"})
	check("RecordAuditItem", err)
	_, err = a.CreateFinding(ctx, admin, app.FindingInput{Audit: au.Ref, Grade: isms.FindingMinor, Title: "Late report",
		Description: "The audit report was issued six weeks late.", Requirements: "9.2"})
	check("CreateFinding", err)
	r, err := a.CreateReview(ctx, admin, app.ReviewInput{Title: "Management review", PlannedOn: today, ChairID: admin.UserID})
	check("CreateReview", err)
	r, err = a.HoldReview(ctx, admin, r.ID, r.Version, app.HoldInput{HeldOn: today, Attendees: []string{"Olga Owner (CEO)"},
		Minutes: "Reviewed the ISMS."})
	check("HoldReview", err)
	_, err = a.AddReviewOutput(ctx, admin, r.ID, app.OutputInput{Kind: isms.OutputResource, Description: "A second administrator",
		OwnerID: manager.UserID, Due: today.AddDate(0, 3, 0)})
	check("AddReviewOutput", err)
}

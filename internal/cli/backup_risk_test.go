// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"context"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// backupRisks fills every risk table: an approved method, two assets (one
// depending on the other), a scored risk linked to both and to control
// C-1, a treatment action, an acceptance and an assessment.
func backupRisks(t *testing.T, ctx context.Context, a *app.App, admin, manager isms.Actor) {
	t.Helper()
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	m, err := a.CreateRiskMethodDraft(ctx, admin, app.RiskMethodDraftInput{Preset: 3})
	check("CreateRiskMethodDraft", err)
	ap, err := a.SubmitForApproval(ctx, admin, app.SubmitInput{ObjectType: "risk_method", ObjectID: m.ID,
		ApproverIDs: []isms.ID{manager.UserID}})
	check("SubmitForApproval risk_method", err)
	_, err = a.DecideApproval(ctx, manager, ap.ID, isms.DecisionApprove, "")
	check("DecideApproval risk_method", err)
	server, err := a.CreateAsset(ctx, admin, app.AssetInput{Name: "File server", Type: "hardware", C: "2", I: "2", A: "3"})
	check("CreateAsset", err)
	files, err := a.CreateAsset(ctx, admin, app.AssetInput{Name: "Customer files", Type: "information",
		Dependencies: []string{server.Ref}})
	check("CreateAsset with a dependency", err)
	r, err := a.CreateRisk(ctx, admin, app.RiskInput{Title: "Ransomware on the file server", OwnerID: string(admin.UserID),
		InherentLikelihood: "2", InherentImpact: "3", Treatment: "modify", ResidualLikelihood: "1", ResidualImpact: "1",
		Assets: []string{server.Ref, files.Ref}, Controls: []string{"C-1"}})
	check("CreateRisk", err)
	_, err = a.AddTreatmentAction(ctx, admin, r.ID, app.TreatmentActionInput{Title: "Offline backups",
		OwnerID: string(manager.UserID), Due: "2027-01-31", Control: "C-1"})
	check("AddTreatmentAction", err)
	_, err = a.AcceptRisk(ctx, admin, r.ID, app.AcceptInput{Comment: "Low after backups."})
	check("AcceptRisk", err)
	_, err = a.CreateRiskAssessment(ctx, admin, app.RiskAssessmentInput{Title: "Yearly assessment", Reason: "planned"})
	check("CreateRiskAssessment", err)
}

// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"context"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// backupContext fills every table of context, leadership, planning and
// measurement: an issue, a party with a requirement addressed by control
// C-1 and the policy DOC-1 (record links), an approved scope, a process
// with its RACI row for an ISMS role, a commitment, a risk for the ISMS
// derived from the issue, a metric with a measurement, an objective it
// measures and a planned change.
func backupContext(t *testing.T, ctx context.Context, a *app.App, admin, manager isms.Actor) {
	t.Helper()
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v %v", what, err, isms.ErrorFields(err))
		}
	}
	owner := string(manager.UserID)
	issue, err := a.CreateContextIssue(ctx, admin, app.ContextIssueInput{Title: "Customers ask for certification", Kind: "external",
		Category: "economic", Effect: "positive", OwnerID: owner, ReviewOn: "2027-01-15"})
	check("CreateContextIssue", err)
	party, err := a.CreateParty(ctx, admin, app.PartyInput{Name: "Customers", Kind: "external", Category: "customer", OwnerID: owner})
	check("CreateParty", err)
	req, err := a.CreatePartyRequirement(ctx, admin, app.PartyRequirementInput{PartyID: party.Ref, Title: "Incident notice within 24 hours",
		Type: "contractual", Source: "MSA 11.4", Addressed: true, How: "Incident procedure.", OwnerID: owner,
		Controls: []string{"C-1"}, Documents: []string{"DOC-1"}})
	check("CreatePartyRequirement", err)

	backupScope(t, ctx, a, admin, manager)
	proc, err := a.CreateProcess(ctx, admin, app.ProcessInput{Name: "Internal audit", Purpose: "Check the ISMS.", OwnerID: owner,
		Clauses: []string{"9.2"}})
	check("CreateProcess", err)
	role, err := a.CreateISMSRole(ctx, admin, app.ISMSRoleInput{Name: "ISMS manager", Responsibilities: "Runs the ISMS.",
		AppointedBy: "Board", AppointedOn: "2026-01-05"})
	check("CreateISMSRole", err)
	check("SetRACIRow", a.SetRACIRow(ctx, admin, isms.Link{Type: "isms_process", ID: proc.ID}, map[isms.ID]string{role.ID: "RA"}))
	_, err = a.CreateCommitment(ctx, admin, app.CommitmentInput{MadeOn: "2026-01-10", Kind: "resource", Title: "Budget approved",
		MadeBy: "Board"})
	check("CreateCommitment", err)
	_, err = a.CreateISMSRisk(ctx, admin, app.ISMSRiskInput{Kind: "risk", Title: "Audit slips", Likelihood: "medium", Impact: "high",
		OwnerID: owner, Status: "open", Issues: []string{issue.Ref}, Requirements: []string{req.Ref}})
	check("CreateISMSRisk", err)

	m, err := a.CreateMetric(ctx, admin, app.MetricInput{Name: "Training done", Method: "Training records", Unit: "%",
		Direction: "higher", Target: "95", Warning: "90", Frequency: "every month", MeasuredBy: owner, AnalysedBy: owner, Controls: []string{"C-1"}})
	check("CreateMetric", err)
	_, err = a.RecordMeasurement(ctx, admin, m.ID, app.MeasurementInput{Value: "93.5", MeasuredOn: "2025-12-01", MeasuredBy: owner})
	check("RecordMeasurement", err)
	_, err = a.CreateObjective(ctx, admin, app.ObjectiveInput{Statement: "Everyone trained", PolicyID: "DOC-1", Target: "95 %",
		OwnerID: owner, DueOn: "2027-06-30", Status: "in_progress", Metrics: []string{m.Ref}})
	check("CreateObjective", err)
	_, err = a.CreateChange(ctx, admin, app.ChangeInput{Title: "New office", Reason: "Growth", Consequences: "Scope v2",
		OwnerID: owner, PlannedOn: "2027-03-01", Status: "approved", Documents: []string{"DOC-1"}})
	check("CreateChange", err)
}

// backupScope writes a scope and has the manager approve it.
func backupScope(t *testing.T, ctx context.Context, a *app.App, admin, manager isms.Actor) {
	t.Helper()
	scope, err := a.SaveScopeDraft(ctx, admin, 0, app.ScopeInput{Statement: "Development and operation of the platform.",
		Units: []string{"Engineering"}, Locations: []string{"Head office"}, InScope: []string{"The platform"},
		Interfaces: []isms.ScopeInterface{{Party: "Cloud provider", Description: "Hosting"}},
		Exclusions: []isms.ScopeExclusion{{Item: "Payroll", Justification: "Outsourced"}}})
	if err != nil {
		t.Fatalf("SaveScopeDraft: %v", err)
	}
	ap, err := a.SubmitForApproval(ctx, admin, app.SubmitInput{ObjectType: "isms_scope", ObjectID: scope.ID, Version: scope.Version,
		ApproverIDs: []isms.ID{manager.UserID}})
	if err != nil {
		t.Fatalf("SubmitForApproval isms_scope: %v", err)
	}
	if _, err := a.DecideApproval(ctx, manager, ap.ID, isms.DecisionApprove, "Approved."); err != nil {
		t.Fatalf("DecideApproval isms_scope: %v", err)
	}
}

// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"context"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// backupSupport fills every table of the support processes: a policy
// linked to control C-1, approved by the manager and reviewed without
// change, a retention rule, a person with a competence requirement and a
// training record, a campaign the administrator acknowledged, a resource,
// and a communication item with a record of it held.
func backupSupport(t *testing.T, ctx context.Context, a *app.App, admin, manager isms.Actor) {
	t.Helper()
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	doc, v, err := a.CreateDocument(ctx, admin, app.DocumentInput{Title: "Information security policy", Type: "policy",
		OwnerID: string(admin.UserID), Classification: "internal", ReviewMonths: "12", AudienceEveryone: true,
		Clauses: []string{"5.2"}, Links: []string{"control:C-1"}},
		app.DocumentBodyInput{Markdown: "# Information security policy\n\nWe protect the information we hold.", ChangeSummary: "First version."})
	check("CreateDocument", err)
	ap, err := a.SubmitDocumentVersion(ctx, admin, v.ID, []isms.ID{manager.UserID}, "Please approve.")
	check("SubmitDocumentVersion", err)
	_, err = a.DecideApproval(ctx, manager, ap.ID, isms.DecisionApprove, "Approved.")
	check("DecideApproval document_version", err)
	_, err = a.ReviewDocumentNoChange(ctx, admin, doc.ID, "Still right.")
	check("ReviewDocumentNoChange", err)
	check("SetRetentionRule", a.SetRetentionRule(ctx, admin, isms.DocPolicy, 60))

	person, err := a.CreatePerson(ctx, admin, app.PersonInput{Name: "A manager", Email: "manager@example.com",
		UserID: string(manager.UserID), Department: "Security", Roles: []string{"ISMS manager"}, Active: true, StartDate: "2024-02-01"})
	check("CreatePerson", err)
	req, err := a.CreateCompetenceRequirement(ctx, admin, app.RequirementInput{Role: "ISMS manager", Skill: "ISO/IEC 27001 lead implementer"})
	check("CreateCompetenceRequirement", err)
	_, err = a.AddTrainingRecord(ctx, admin, app.TrainingInput{PersonID: string(person.ID), RequirementID: string(req.ID),
		Course: "Lead implementer course", CompletedOn: "2025-03-14", ExpiresOn: "2028-03-14"})
	check("AddTrainingRecord", err)

	c, err := a.CreateCampaign(ctx, admin, app.CampaignInput{Title: "Read the policy", Due: "2027-01-31",
		Documents: []string{doc.Ref}, AudienceEveryone: true})
	check("CreateCampaign", err)
	_, err = a.Acknowledge(ctx, admin, c.ID, v.ID)
	check("Acknowledge", err)

	_, err = a.CreateResource(ctx, admin, app.ResourceInput{Title: "Security tooling budget", Kind: "budget", Amount: "EUR 12,000 a year",
		Status: "approved", ApprovedBy: "Board", ApprovedOn: "2026-01-10"})
	check("CreateResource", err)
	item, err := a.CreateCommunicationItem(ctx, admin, app.CommunicationInput{Topic: "Security update", Audience: "All staff",
		Frequency: "Monthly", Channel: "All-hands meeting", ResponsibleID: string(manager.UserID)})
	check("CreateCommunicationItem", err)
	_, err = a.RecordCommunication(ctx, admin, item.ID, app.CommunicationRecordInput{HeldOn: "2026-03-02", Summary: "Phishing trends."})
	check("RecordCommunication", err)
}

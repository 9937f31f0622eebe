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

// supportDay is the day the support facts are read on, past the fixture's
// campaign and communication dates (the clock stands at 2026-03-02).
var supportDay = isms.NewDate(2026, time.June, 10)

// supportDocs are the documents of the support fixture.
type supportDocs struct {
	policy, risk, topic, external *isms.Document
	riskV2                        *isms.DocumentVersion
}

func TestGatherSupportFacts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		f := gatherSupport(t, w)
		if f.Resources != 0 || f.CompetenceRequirements != 0 || f.Campaigns != 0 || f.CommunicationItems != 0 ||
			f.DocumentsInUse != 0 || f.RetentionRules != 0 || f.AwarenessPolicy.ID != "" || f.TrainingRecords != 0 ||
			f.DocumentVersionsRetained != 0 {
			t.Errorf("facts of an empty organization = %+v, want none", f)
		}
		otherOrgSupport(t, w)
		docs := supportFixture(t, w)
		fay := w.newMember(w.org, "Fay Employee", isms.RoleEmployee)
		campaign, err := w.app.CreateCampaign(w.ctx, w.asManager(), app.CampaignInput{Title: "Procedures", Due: "2026-03-31",
			Documents: []string{docs.risk.Ref}, AudienceRoles: []string{"employee"}})
		if err != nil {
			t.Fatal(err)
		}
		f = gatherSupport(t, w)
		checkSupportRegisters(t, f)
		checkSupportDocuments(t, f, docs)
		if f.Campaigns != 1 || f.CampaignsLatestDue.String() != "2026-03-31" || f.AwarenessPolicy.ID != docs.policy.ID ||
			f.AwarenessPolicyCampaigned {
			t.Errorf("awareness = %d campaigns due %v, policy %+v campaigned %v; want 1 due 2026-03-31, %s not campaigned",
				f.Campaigns, f.CampaignsLatestDue, f.AwarenessPolicy, f.AwarenessPolicyCampaigned, docs.policy.Ref)
		}
		wantRecordSet(t, "CampaignsOverdue", f.CampaignsOverdue, "Procedures")
		followUpSupport(t, w, w.as(fay, isms.RoleEmployee), campaign, docs)
	})
}

// gatherSupport reads acme's support facts on supportDay.
func gatherSupport(t *testing.T, w *world) isms.SupportFacts {
	t.Helper()
	f, err := w.app.GatherSupportFactsForTest(w.ctx, w.org.ID, supportDay)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// followUpSupport has fay acknowledge the overdue campaign, starts one
// for the policy running until July, and closes Ann's gap; then no
// campaign is overdue, the policy is campaigned, and nobody has a gap
// although the role is still held.
func followUpSupport(t *testing.T, w *world, fay isms.Actor, campaign *isms.Campaign, docs supportDocs) {
	t.Helper()
	if _, err := w.app.Acknowledge(w.ctx, fay, campaign.ID, docs.riskV2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.CreateCampaign(w.ctx, w.asManager(), app.CampaignInput{Title: "Policy 2026", Due: "2026-07-31",
		Documents: []string{docs.policy.Ref}, AudienceEveryone: true}); err != nil {
		t.Fatal(err)
	}
	closeAnnsGap(t, w)
	f := gatherSupport(t, w)
	if f.Campaigns != 2 || f.CampaignsLatestDue.String() != "2026-07-31" || !f.AwarenessPolicyCampaigned {
		t.Errorf("awareness = %d campaigns due %v, policy campaigned %v; want 2 due 2026-07-31, campaigned",
			f.Campaigns, f.CampaignsLatestDue, f.AwarenessPolicyCampaigned)
	}
	wantRecordSet(t, "CampaignsOverdue after the acknowledgement", f.CampaignsOverdue)
	wantRecordSet(t, "PeopleWithGaps after Ann's course", f.PeopleWithGaps)
	if !f.CompetenceRolesHeld {
		t.Error("CompetenceRolesHeld = false, want true")
	}
}

// closeAnnsGap records that Ann completed the course her role requires.
func closeAnnsGap(t *testing.T, w *world) {
	t.Helper()
	reqs, err := w.app.CompetenceRequirements(w.ctx, w.asManager())
	if err != nil || len(reqs) != 1 {
		t.Fatalf("CompetenceRequirements = %v, %v; want one", reqs, err)
	}
	people, _, err := w.app.FindPeople(w.ctx, w.asManager(), isms.PersonFilter{Search: "Ann"})
	if err != nil || len(people) != 1 {
		t.Fatalf("FindPeople(Ann) = %v, %v; want one", people, err)
	}
	w.training(app.TrainingInput{PersonID: string(people[0].ID), RequirementID: string(reqs[0].ID), Course: "Lead auditor",
		CompletedOn: "2026-03-01"})
}

// checkSupportRegisters checks the resources, competence and
// communication facts of supportFixture.
func checkSupportRegisters(t *testing.T, f isms.SupportFacts) {
	t.Helper()
	if f.Resources != 2 || f.ResourcesApproved != 1 || f.ResourcesLastApproved.String() != "2025-01-10" {
		t.Errorf("resources = %d, %d approved, last %v; want 2, 1, 2025-01-10", f.Resources, f.ResourcesApproved, f.ResourcesLastApproved)
	}
	if f.CompetenceRequirements != 1 || !f.CompetenceRolesHeld {
		t.Errorf("competence = %d requirements, roles held %v; want 1, held", f.CompetenceRequirements, f.CompetenceRolesHeld)
	}
	wantRecordSet(t, "PeopleWithGaps", f.PeopleWithGaps, "Ann Auditor")
	wantRecordSet(t, "PeopleWithExpiredTraining", f.PeopleWithExpiredTraining, "Ben Auditor")
	if f.TrainingRecords != 4 {
		t.Errorf("training records = %d, want 4", f.TrainingRecords)
	}
	if f.CommunicationItems != 3 {
		t.Errorf("communication items = %d, want 3", f.CommunicationItems)
	}
	wantRecordSet(t, "CommunicationWithoutResponsible", f.CommunicationWithoutResponsible, "Incident notices")
	wantRecordSet(t, "CommunicationOverdue", f.CommunicationOverdue, "Security newsletter")
}

// checkSupportDocuments checks the documented information facts of
// supportFixture.
func checkSupportDocuments(t *testing.T, f isms.SupportFacts, d supportDocs) {
	t.Helper()
	if f.DocumentsInUse != 4 || f.DocumentsExternal != 1 || f.DocumentsTopicPolicies != 0 || f.RetentionRules != 1 ||
		f.DocumentVersionsRetained != 1 {
		t.Errorf("documents = %d in use, %d external, %d topic policies, %d retention rules, %d versions retained; want 4, 1, 0, 1, 1",
			f.DocumentsInUse, f.DocumentsExternal, f.DocumentsTopicPolicies, f.RetentionRules, f.DocumentVersionsRetained)
	}
	wantRecordSet(t, "DocumentsUnapproved", f.DocumentsUnapproved, d.topic.Ref)
	wantRecordSet(t, "DocumentsWithoutOwner", f.DocumentsWithoutOwner, d.topic.Ref)
	wantRecordSet(t, "DocumentsWithoutReview", f.DocumentsWithoutReview, d.risk.Ref)
	wantRecordSet(t, "DocumentsPastReview", f.DocumentsPastReview, d.topic.Ref)
	wantRecordSet(t, "DocumentsDueForDisposal", f.DocumentsDueForDisposal, d.risk.Ref)
}

// supportFixture gives acme its support registers: resources, people and
// their competence, a communication plan and documents.
func supportFixture(t *testing.T, w *world) supportDocs {
	t.Helper()
	m := w.asManager()
	for _, in := range []app.ResourceInput{{Title: "ISMS manager time", Kind: "people", Status: "requested"},
		{Title: "GRC tool", Kind: "tool", Status: "approved", ApprovedBy: "CEO", ApprovedOn: "2025-01-10"}} {
		if _, err := w.app.CreateResource(w.ctx, m, in); err != nil {
			t.Fatal(err)
		}
	}
	supportCompetence(w)
	supportCommunication(t, w)
	return supportDocuments(t, w)
}

// supportCompetence records Ann, an internal auditor without the
// required course; Ben, who has it but whose first aid course expired;
// Cid, a developer who renewed his secure coding course; and Dee, an
// internal auditor who left.
func supportCompetence(w *world) {
	req := w.competence("Internal auditor", "Lead auditor course")
	w.person(app.PersonInput{Name: "Ann Auditor", Roles: []string{"internal auditor"}})
	ben := w.person(app.PersonInput{Name: "Ben Auditor", Roles: []string{"Internal auditor"}})
	w.training(app.TrainingInput{PersonID: string(ben.ID), RequirementID: string(req.ID), Course: "Lead auditor", CompletedOn: "2025-06-01"})
	w.training(app.TrainingInput{PersonID: string(ben.ID), Course: "First aid", CompletedOn: "2024-01-01", ExpiresOn: "2025-01-01"})
	cid := w.person(app.PersonInput{Name: "Cid Developer", Roles: []string{"Developer"}})
	w.training(app.TrainingInput{PersonID: string(cid.ID), Course: "Secure coding", CompletedOn: "2024-02-01", ExpiresOn: "2025-02-01"})
	w.training(app.TrainingInput{PersonID: string(cid.ID), Course: "secure coding", CompletedOn: "2025-02-01", ExpiresOn: "2027-02-01"})
	if _, err := w.app.CreatePerson(w.ctx, w.asManager(), app.PersonInput{Name: "Dee Former", Roles: []string{"Internal auditor"}}); err != nil {
		w.t.Fatal(err)
	}
}

// supportCommunication plans a quarterly newsletter never sent, incident
// notices without someone responsible, and a yearly report last given on
// 2026-02-27.
func supportCommunication(t *testing.T, w *world) {
	t.Helper()
	m := w.asManager()
	items := []app.CommunicationInput{
		{Topic: "Security newsletter", Audience: "All staff", Frequency: "Quarterly", Channel: "E-mail", ResponsibleID: string(w.manager.ID)},
		{Topic: "Incident notices", Audience: "Customers", Frequency: "On every major incident", Channel: "E-mail"},
		{Topic: "Management report", Audience: "Board", Frequency: "every year", Channel: "Meeting", ResponsibleID: string(w.manager2.ID)},
	}
	for i, in := range items {
		c, err := w.app.CreateCommunicationItem(w.ctx, m, in)
		if err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			if _, err := w.app.RecordCommunication(w.ctx, m, c.ID, app.CommunicationRecordInput{HeldOn: "2026-02-27"}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// supportDocuments writes the policy and the risk process (both approved;
// the process, without a review cycle, has its first version superseded
// and, kept zero months, due for disposal), a draft topic-specific policy
// past review whose owner leaves, and an external document.
func supportDocuments(t *testing.T, w *world) supportDocs {
	t.Helper()
	var d supportDocs
	d.policy, _ = w.approvedDocument("Information security policy")
	m := w.asManager()
	risk, v1, err := w.app.CreateDocument(w.ctx, m, app.DocumentInput{Title: "Risk assessment and treatment process",
		Type: "procedure", OwnerID: string(w.manager.ID), ReviewMonths: "0", Clauses: []string{"6.1.2", "6.1.3"},
		AudienceEveryone: true}, app.DocumentBodyInput{Markdown: "# Risk process\n\nWe assess risks yearly.\n"})
	if err != nil {
		t.Fatal(err)
	}
	w.approve(v1)
	if err := w.app.SetRetentionRule(w.ctx, m, isms.DocProcedure, 0); err != nil {
		t.Fatal(err)
	}
	v2, err := w.app.NewDocumentVersion(w.ctx, m, risk.ID, "Quarterly reviews.")
	if err != nil {
		t.Fatal(err)
	}
	if v2, err = w.app.SaveDraft(w.ctx, m, v2.ID, v2.Revision, app.DocumentBodyInput{
		Markdown: "# Risk process\n\nWe assess risks every quarter.\n", ChangeSummary: "Quarterly reviews."}); err != nil {
		t.Fatal(err)
	}
	d.risk, d.riskV2 = risk, w.approve(v2)
	if d.topic, _, err = w.app.CreateDocument(w.ctx, m, app.DocumentInput{Title: "Access control policy", Type: "topic_policy",
		OwnerID: string(w.contributor.ID), Classification: "internal", NextReview: "2026-04-01", AudienceEveryone: true},
		app.DocumentBodyInput{Markdown: "# Access control\n"}); err != nil {
		t.Fatal(err)
	}
	if d.external, _, err = w.app.CreateDocument(w.ctx, m, app.DocumentInput{Title: "GDPR", Type: "other",
		OwnerID: string(w.manager.ID), External: true, Source: "European Union", AudienceEveryone: true},
		app.DocumentBodyInput{Markdown: "Regulation (EU) 2016/679\n"}); err != nil {
		t.Fatal(err)
	}
	if err := w.app.RemoveMember(w.ctx, w.asAdmin(), w.contributor.ID); err != nil {
		t.Fatal(err)
	}
	return d
}

// otherOrgSupport gives globex support records of every kind acme's
// facts must leave out.
func otherOrgSupport(t *testing.T, w *world) {
	t.Helper()
	boss := w.newUser("Gina Globex", false)
	globex := w.newOrg("globex", "Globex", boss)
	g := isms.Actor{UserID: boss.ID, Name: boss.Name, OrgID: globex.ID, Role: isms.RoleAdmin}
	calls := []func() error{
		func() error {
			_, err := w.app.CreateResource(w.ctx, g, app.ResourceInput{Title: "Budget", Kind: "budget", Status: "approved",
				ApprovedBy: "Board", ApprovedOn: "2026-01-05"})
			return err
		},
		func() error {
			_, err := w.app.CreateCompetenceRequirement(w.ctx, g, app.RequirementInput{Role: "Internal auditor", Skill: "Audit"})
			return err
		},
		func() error {
			gus, err := w.app.CreatePerson(w.ctx, g, app.PersonInput{Name: "Gus Globex", Roles: []string{"Internal auditor"}, Active: true})
			if err != nil {
				return err
			}
			_, err = w.app.AddTrainingRecord(w.ctx, g, app.TrainingInput{PersonID: string(gus.ID), Course: "First aid",
				CompletedOn: "2024-01-01", ExpiresOn: "2025-01-01"})
			return err
		},
		func() error {
			_, err := w.app.CreateCommunicationItem(w.ctx, g, app.CommunicationInput{Topic: "Globex news", Audience: "Staff",
				Frequency: "monthly", Channel: "E-mail"})
			return err
		},
		func() error {
			_, _, err := w.app.CreateDocument(w.ctx, g, app.DocumentInput{Title: "Globex draft", Type: "topic_policy",
				OwnerID: string(boss.ID), NextReview: "2026-01-01"}, app.DocumentBodyInput{Markdown: "Draft\n"})
			return err
		},
		func() error { return w.app.SetRetentionRule(w.ctx, g, isms.DocRecord, 12) },
	}
	for _, call := range calls {
		if err := call(); err != nil {
			t.Fatal(err)
		}
	}
	f, err := w.app.GatherSupportFactsForTest(w.ctx, globex.ID, supportDay)
	if err != nil {
		t.Fatal(err)
	}
	if f.Resources != 1 || f.CommunicationItems != 1 || f.DocumentsInUse != 1 || f.RetentionRules != 1 || f.TrainingRecords != 1 {
		t.Errorf("globex facts = %+v, want its own records only", f)
	}
	wantRecordSet(t, "globex PeopleWithGaps", f.PeopleWithGaps, "Gus Globex")
}

// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The rows of the authorization table (authz_test.go) for people and
// competence, awareness campaigns and acknowledgements, resources and the
// communication plan. Readers of the ISMS see them; administrators and
// ISMS managers change them; every member acknowledges what a campaign
// asks of them, employees included, and employees see nothing else here.
func init() {
	for pattern, row := range supportAuthzRows {
		authzTable[pattern] = row
	}
	for pattern, row := range supportAPIAuthzRows {
		authzTable[pattern] = row
	}
	authzWorldHooks = append(authzWorldHooks, newAuthzSupport)
	for t, name := range map[authzTarget]string{targetPerson: "person", targetCompetenceRequirement: "requirement", targetCampaign: "campaign",
		targetResource: "resource", targetCommunication: "communication", targetTraining: "training"} {
		authzTargetIDs[t] = func(f *authzFixture, x authzWho) string { return string(f.ids[name]) }
	}
	authzPathVars["training"] = func(f *authzFixture, x authzWho) string { return string(f.ids["training"]) }
}

// The targets: A's person Pat, an ISMS manager with a training record
// that meets no requirement (so Pat has a gap); A's requirement of ISMS
// managers; A's open campaign for everyone, asking for the approved
// version 1 of A's policy; A's resource; A's planned communication; and
// Pat's training record.
const (
	targetPerson authzTarget = 610 + iota
	targetCompetenceRequirement
	targetCampaign
	targetResource
	targetCommunication
	targetTraining
)

const (
	readSupport   = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:A"
	readSupportID = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:D other:N"
	manage        = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:A"
	manageID      = "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:N"
	acknowledge   = "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:A other:N"
)

var supportAuthzRows = map[string]authzRow{
	"GET /people":                                  {cells: readSupport},
	"GET /people/new":                              {cells: manage},
	"POST /people":                                 {cells: manage, body: authzPersonForm},
	"GET /people/{id}":                             {cells: readSupportID, id: targetPerson},
	"GET /people/{id}/edit":                        {cells: manageID, id: targetPerson},
	"POST /people/{id}":                            {cells: manageID, id: targetPerson, body: authzPersonUpdateForm},
	"POST /people/{id}/delete":                     {cells: manageID, id: targetPerson},
	"POST /people/{id}/training":                   {cells: manageID, id: targetPerson, body: authzTrainingForm},
	"POST /people/{id}/training/{training}/delete": {cells: manageID, id: targetPerson, note: "{training} is Pat's record"},
	"GET /competence":                              {cells: readSupport},
	"POST /competence/requirements":                {cells: manage, body: authzRequirementForm},
	"GET /competence/requirements/{id}/edit":       {cells: manageID, id: targetCompetenceRequirement},
	"POST /competence/requirements/{id}":           {cells: manageID, id: targetCompetenceRequirement, body: authzRequirementUpdateForm},
	"POST /competence/requirements/{id}/delete":    {cells: manageID, id: targetCompetenceRequirement},
	"POST /competence/gaps/task": {cells: "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:D", body: authzGapTaskForm,
		note: "the gap is A's: not found for other"},

	"GET /awareness":                  {cells: readSupport},
	"GET /awareness/new":              {cells: manage},
	"POST /awareness":                 {cells: manage, body: authzCampaignForm, note: "other's campaign asks for B's own approved policy"},
	"GET /awareness/{id}":             {cells: readSupportID, id: targetCampaign},
	"GET /awareness/{id}/edit":        {cells: manageID, id: targetCampaign},
	"POST /awareness/{id}":            {cells: manageID, id: targetCampaign, body: authzCampaignUpdateForm},
	"POST /awareness/{id}/close":      {cells: manageID, id: targetCampaign},
	"GET /acknowledgements":           {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:A other:A"},
	"GET /acknowledgements/{id}":      {cells: acknowledge, id: targetCampaign, note: "the campaign asks everyone in A"},
	"POST /acknowledgements/{id}":     {cells: acknowledge, id: targetCampaign, body: authzAcknowledgeForm},
	"GET /resources":                  {cells: readSupport},
	"GET /resources/new":              {cells: manage},
	"POST /resources":                 {cells: manage, body: authzResourceForm},
	"GET /resources/{id}/edit":        {cells: manageID, id: targetResource},
	"POST /resources/{id}":            {cells: manageID, id: targetResource, body: authzResourceUpdateForm},
	"POST /resources/{id}/delete":     {cells: manageID, id: targetResource},
	"GET /communication":              {cells: readSupport},
	"GET /communication/new":          {cells: manage},
	"POST /communication":             {cells: manage, body: authzCommunicationForm},
	"GET /communication/{id}":         {cells: readSupportID, id: targetCommunication},
	"GET /communication/{id}/edit":    {cells: manageID, id: targetCommunication},
	"POST /communication/{id}":        {cells: manageID, id: targetCommunication, body: authzCommunicationUpdateForm},
	"POST /communication/{id}/delete": {cells: manageID, id: targetCommunication},
	"POST /communication/{id}/records": {cells: manageID, id: targetCommunication, body: func(f *authzFixture, x authzWho) any {
		return url.Values{"heldOn": {"2026-03-01"}, "summary": {"All-hands talk on phishing."}}
	}},
}

var supportAPIAuthzRows = map[string]authzRow{
	"GET /api/v1/people": {cells: readSupport},
	"POST /api/v1/people": {cells: manage, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"name": "Sam Example", "roles": []string{"Internal auditor"}}
	}},
	"GET /api/v1/people/{id}": {cells: readSupportID, id: targetPerson},
	"PUT /api/v1/people/{id}": {cells: manageID, id: targetPerson, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"name": "Pat Example", "roles": []string{"ISMS manager"}, "department": "IT", "version": f.personVersion()}
	}},
	"DELETE /api/v1/people/{id}": {cells: manageID, id: targetPerson, prep: authzDeleteTraining, note: "as POST /people/{id}/delete"},
	"POST /api/v1/people/{id}/training-records": {cells: manageID, id: targetPerson, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"course": "Phishing awareness", "completedOn": "2026-02-01"}
	}},
	"DELETE /api/v1/training-records/{id}": {cells: manageID, id: targetTraining},
	"GET /api/v1/competence-requirements":  {cells: readSupport},
	"POST /api/v1/competence-requirements": {cells: manage, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"role": "Internal auditor", "skill": "Auditor course"}
	}},
	"PUT /api/v1/competence-requirements/{id}": {cells: manageID, id: targetCompetenceRequirement, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"role": "ISMS manager", "skill": "ISO/IEC 27001 implementer course", "version": f.requirementVersion()}
	}},
	"DELETE /api/v1/competence-requirements/{id}": {cells: manageID, id: targetCompetenceRequirement},
	"GET /api/v1/competence-gaps":                 {cells: readSupport},
	"POST /api/v1/competence-gaps/tasks": {cells: "anon:D owner:D admin:A mgr:A contrib:D aud:D view:D emp:D other:D", body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"personId": f.ids["person"], "requirementId": f.ids["requirement"], "ownerId": f.assignee(x), "due": "2026-04-30"}
	}, note: "as POST /competence/gaps/task"},
	"GET /api/v1/campaigns": {cells: readSupport},
	"POST /api/v1/campaigns": {cells: manage, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Read the policy", "due": "2026-04-30", "documents": []isms.ID{f.policyOf(x)}, "audience": map[string]any{"everyone": true}}
	}},
	"GET /api/v1/campaigns/{id}": {cells: readSupportID, id: targetCampaign},
	"PUT /api/v1/campaigns/{id}": {cells: manageID, id: targetCampaign, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Read the policy, please", "due": "2026-05-15", "documents": []isms.ID{f.ids["policy"]},
			"audience": map[string]any{"everyone": true}, "version": f.campaignVersion()}
	}},
	"POST /api/v1/campaigns/{id}/close": {cells: manageID, id: targetCampaign},
	"GET /api/v1/me/acknowledgements":   {cells: "anon:D owner:D admin:A mgr:A contrib:A aud:A view:A emp:A other:A"},
	"POST /api/v1/campaigns/{id}/acknowledgements": {cells: acknowledge, id: targetCampaign, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"versionId": f.ids["policy-v1"]}
	}},
	"GET /api/v1/resources": {cells: readSupport},
	"POST /api/v1/resources": {cells: manage, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "Scanner licence", "kind": "tool", "status": "requested"}
	}},
	"GET /api/v1/resources/{id}": {cells: readSupportID, id: targetResource},
	"PUT /api/v1/resources/{id}": {cells: manageID, id: targetResource, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"title": "ISMS manager time", "kind": "people", "amount": "0.5 FTE", "status": "approved",
			"approvedBy": "The board", "version": f.resourceVersion()}
	}},
	"DELETE /api/v1/resources/{id}":   {cells: manageID, id: targetResource},
	"GET /api/v1/communication-items": {cells: readSupport},
	"POST /api/v1/communication-items": {cells: manage, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"topic": "Security newsletter", "audience": "All staff", "frequency": "Monthly", "channel": "E-mail"}
	}},
	"GET /api/v1/communication-items/{id}": {cells: readSupportID, id: targetCommunication},
	"PUT /api/v1/communication-items/{id}": {cells: manageID, id: targetCommunication, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"topic": "Policy briefing", "audience": "All staff", "frequency": "Twice a year", "channel": "All-hands meeting",
			"version": f.communicationVersion()}
	}},
	"DELETE /api/v1/communication-items/{id}": {cells: manageID, id: targetCommunication},
	"POST /api/v1/communication-items/{id}/records": {cells: manageID, id: targetCommunication, body: func(f *authzFixture, x authzWho) any {
		return map[string]any{"heldOn": "2026-03-01", "summary": "Held."}
	}},
}

// authzApprovedPolicy creates a policy in x's organization, approved in
// version 1 by approver, and returns its ID and version 1's.
func authzApprovedPolicy(h *harness, w *authzWorld, x authzWho, approver *isms.User) (doc, version isms.ID) {
	h.t.Helper()
	ctx, by := context.Background(), w.actor(x)
	d, v, err := h.app.CreateDocument(ctx, by, app.DocumentInput{Title: "Information security policy", Type: "policy",
		OwnerID: string(by.UserID), AudienceEveryone: true}, app.DocumentBodyInput{Markdown: "# Purpose\n\nWe protect information."})
	if err != nil {
		h.t.Fatalf("CreateDocument: %v", err)
	}
	ap, err := h.app.SubmitDocumentVersion(ctx, by, v.ID, []isms.ID{approver.ID}, "")
	if err != nil {
		h.t.Fatalf("SubmitDocumentVersion: %v", err)
	}
	m := isms.Actor{UserID: approver.ID, Name: approver.Name, OrgID: by.OrgID, Role: isms.RoleManager}
	if _, err := h.app.DecideApproval(ctx, m, ap.ID, isms.DecisionApprove, "Approved."); err != nil {
		h.t.Fatalf("DecideApproval(document_version): %v", err)
	}
	return d.ID, v.ID
}

// newAuthzSupport gives A the support targets, and B an approved policy
// for its own campaigns.
func newAuthzSupport(h *harness, w *authzWorld) {
	h.t.Helper()
	ctx, admin := context.Background(), w.actor(asAdmin)
	w.ids["policy"], w.ids["policy-v1"] = authzApprovedPolicy(h, w, asAdmin, w.users[asMgr])
	w.ids["policy-b"], _ = authzApprovedPolicy(h, w, asOther, w.bManager)
	p, err := h.app.CreatePerson(ctx, admin, app.PersonInput{Name: "Pat Example", Roles: []string{"ISMS manager"}, Active: true})
	if err != nil {
		h.t.Fatalf("CreatePerson: %v", err)
	}
	q, err := h.app.CreateCompetenceRequirement(ctx, admin, app.RequirementInput{Role: "ISMS manager", Skill: "ISO/IEC 27001 course"})
	if err != nil {
		h.t.Fatalf("CreateCompetenceRequirement: %v", err)
	}
	t, err := h.app.AddTrainingRecord(ctx, admin, app.TrainingInput{PersonID: string(p.ID), Course: "Security basics", CompletedOn: "2026-01-15"})
	if err != nil {
		h.t.Fatalf("AddTrainingRecord: %v", err)
	}
	c, err := h.app.CreateCampaign(ctx, admin, app.CampaignInput{Title: "Policy acknowledgement", Due: "2026-04-30",
		Documents: []string{string(w.ids["policy"])}, AudienceEveryone: true})
	if err != nil {
		h.t.Fatalf("CreateCampaign: %v", err)
	}
	res, err := h.app.CreateResource(ctx, admin, app.ResourceInput{Title: "ISMS manager time", Kind: "people", Status: "requested"})
	if err != nil {
		h.t.Fatalf("CreateResource: %v", err)
	}
	com, err := h.app.CreateCommunicationItem(ctx, admin, app.CommunicationInput{Topic: "Policy briefing", Audience: "All staff",
		Frequency: "Yearly", Channel: "All-hands meeting"})
	if err != nil {
		h.t.Fatalf("CreateCommunicationItem: %v", err)
	}
	w.ids["person"], w.ids["requirement"], w.ids["training"], w.ids["campaign"] = p.ID, q.ID, t.ID, c.ID
	w.ids["resource"], w.ids["communication"] = res.ID, com.ID
}

// authzDeleteTraining deletes Pat's training record, so that Pat may be
// deleted.
func authzDeleteTraining(f *authzFixture) {
	f.h.t.Helper()
	if err := f.h.app.DeleteTrainingRecord(context.Background(), f.actor(asAdmin), f.ids["training"]); err != nil {
		f.h.t.Fatalf("DeleteTrainingRecord: %v", err)
	}
}

// policyOf is the approved policy of x's organization.
func (f *authzFixture) policyOf(x authzWho) isms.ID {
	if x == asOther {
		return f.ids["policy-b"]
	}
	return f.ids["policy"]
}

func (f *authzFixture) personVersion() int {
	f.h.t.Helper()
	d, err := f.h.app.FindPerson(context.Background(), isms.SystemActor(f.a.ID), f.ids["person"])
	if err != nil {
		f.h.t.Fatalf("FindPerson: %v", err)
	}
	return d.Person.Version
}

func (f *authzFixture) requirementVersion() int {
	f.h.t.Helper()
	reqs, err := f.h.app.CompetenceRequirements(context.Background(), isms.SystemActor(f.a.ID))
	if err != nil {
		f.h.t.Fatalf("CompetenceRequirements: %v", err)
	}
	for _, q := range reqs {
		if q.ID == f.ids["requirement"] {
			return q.Version
		}
	}
	f.h.t.Fatal("the requirement is gone")
	return 0
}

func (f *authzFixture) campaignVersion() int {
	f.h.t.Helper()
	d, err := f.h.app.FindCampaign(context.Background(), isms.SystemActor(f.a.ID), f.ids["campaign"])
	if err != nil {
		f.h.t.Fatalf("FindCampaign: %v", err)
	}
	return d.Campaign.Version
}

func (f *authzFixture) resourceVersion() int {
	f.h.t.Helper()
	x, err := f.h.app.FindResource(context.Background(), isms.SystemActor(f.a.ID), f.ids["resource"])
	if err != nil {
		f.h.t.Fatalf("FindResource: %v", err)
	}
	return x.Version
}

func (f *authzFixture) communicationVersion() int {
	f.h.t.Helper()
	d, err := f.h.app.FindCommunicationItem(context.Background(), isms.SystemActor(f.a.ID), f.ids["communication"])
	if err != nil {
		f.h.t.Fatalf("FindCommunicationItem: %v", err)
	}
	return d.Item.Version
}

func authzPersonForm(f *authzFixture, x authzWho) any {
	return url.Values{"name": {"Sam Example"}, "roles": {"Internal auditor"}, "active": {"1"}}
}

func authzPersonUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"name": {"Pat Example"}, "roles": {"ISMS manager"}, "department": {"IT"}, "active": {"1"},
		"version": {strconv.Itoa(f.personVersion())}}
}

func authzTrainingForm(f *authzFixture, x authzWho) any {
	return url.Values{"course": {"ISO/IEC 27001 course"}, "requirementId": {string(f.ids["requirement"])}, "completedOn": {"2026-02-20"}}
}

func authzRequirementForm(f *authzFixture, x authzWho) any {
	return url.Values{"role": {"Internal auditor"}, "skill": {"Auditor course"}}
}

func authzRequirementUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"role": {"ISMS manager"}, "skill": {"ISO/IEC 27001 implementer course"}, "version": {strconv.Itoa(f.requirementVersion())}}
}

func authzGapTaskForm(f *authzFixture, x authzWho) any {
	return url.Values{"gap": {string(f.ids["person"]) + "/" + string(f.ids["requirement"])}, "owner": {string(f.assignee(x))}, "due": {"2026-04-30"}}
}

func authzCampaignForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Read the policy"}, "due": {"2026-04-30"}, "documents": {string(f.policyOf(x))}, "audience": {"1"}}
}

func authzCampaignUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Read the policy, please"}, "due": {"2026-05-15"}, "documents": {string(f.ids["policy"])}, "audience": {"1"},
		"version": {strconv.Itoa(f.campaignVersion())}}
}

func authzAcknowledgeForm(f *authzFixture, x authzWho) any {
	return url.Values{"version": {string(f.ids["policy-v1"])}}
}

func authzResourceForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"Scanner licence"}, "kind": {"tool"}, "status": {"requested"}}
}

func authzResourceUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"title": {"ISMS manager time"}, "kind": {"people"}, "amount": {"0.5 FTE"}, "status": {"approved"},
		"approvedBy": {"The board"}, "version": {strconv.Itoa(f.resourceVersion())}}
}

func authzCommunicationForm(f *authzFixture, x authzWho) any {
	return url.Values{"topic": {"Security newsletter"}, "audience": {"All staff"}, "frequency": {"Monthly"}, "channel": {"E-mail"}}
}

func authzCommunicationUpdateForm(f *authzFixture, x authzWho) any {
	return url.Values{"topic": {"Policy briefing"}, "audience": {"All staff"}, "frequency": {"Twice a year"}, "channel": {"All-hands meeting"},
		"version": {strconv.Itoa(f.communicationVersion())}}
}

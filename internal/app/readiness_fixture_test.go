// SPDX-License-Identifier: Apache-2.0

package app_test

// The registers of the readiness data sets, area by area, written through
// the use cases as acme's people would: Bob Manager keeps the registers,
// Carol Manager (the CISO) approves, Alice Admin is top management, Dave
// Contributor runs IT and Ivy Auditor audits. Each helper advances the
// clock to the day its work is done, so that dates compare with the
// check's day (readinessDay) as they would in a real first year.

import (
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// readinessFixture is acme with the records its helpers made, for the
// helpers that link to them.
type readinessFixture struct {
	*world
	auditor   *isms.User
	fw        *isms.Framework
	method    *isms.RiskMethod
	policy    *isms.Document
	controls  map[string]*isms.Control // by the Annex A reference it carries out
	risks     []*isms.Risk
	metrics   []*isms.Metric
	processes []*isms.ISMSProcess
	people    []*isms.Person
}

// newReadinessFixture returns acme with its team and an internal auditor,
// on start.
func newReadinessFixture(w *world) *readinessFixture {
	f := &readinessFixture{world: w, controls: map[string]*isms.Control{}}
	f.auditor = w.newMember(w.org, "Ivy Auditor", isms.RoleAuditor)
	return f
}

// Who does the work: the ISMS manager, the CISO, top management, the IT
// lead and the internal auditor.
func (f *readinessFixture) ismsManager() isms.Actor { return f.asManager() }
func (f *readinessFixture) ciso() isms.Actor        { return f.asManager2() }
func (f *readinessFixture) itLead() isms.Actor      { return f.asContributor() }
func (f *readinessFixture) asAuditor() isms.Actor   { return f.as(f.auditor, isms.RoleAuditor) }

// today is the clock's day.
func (f *readinessFixture) today() isms.Date { return isms.DateOf(f.clock.Now()) }

// date returns the day n days from the clock's day as a form gives it.
func (f *readinessFixture) date(n int) string { return f.today().AddDays(n).String() }

// ids returns the IDs of users as a form gives them.
func ids(users ...*isms.User) []isms.ID {
	out := make([]isms.ID, len(users))
	for i, u := range users {
		out[i] = u.ID
	}
	return out
}

// contextIssues records the internal and external issues, climate change
// among them, each owned, due for review after the check and linked to
// ismsRisks (IDs).
func (f *readinessFixture) contextIssues(ismsRisks []string) {
	f.t.Helper()
	for _, x := range []app.ContextIssueInput{
		{Title: "Customers ask for ISO/IEC 27001 certification", Kind: "external", Category: "economic", Effect: "positive",
			Description: "Most tenders now score certification."},
		{Title: "Data protection law keeps changing", Kind: "external", Category: "legal", Effect: "negative",
			Description: "Regulators publish new guidance every year."},
		{Title: "Climate change: heatwaves and floods", Kind: "external", Category: "environmental", Effect: "negative", Climate: true,
			Description: "Judged relevant: the office lies near a river; production runs in cloud regions with their own resilience plans."},
		{Title: "A small security team", Kind: "internal", Category: "organizational", Effect: "negative",
			Description: "Two people carry the ISMS besides their other work."},
		{Title: "Everything runs in one public cloud", Kind: "internal", Category: "technological", Effect: "negative",
			Description: "Production, backups and identity depend on one provider."},
	} {
		x.OwnerID, x.ReviewOn, x.ISMSRisks = string(f.manager.ID), f.date(300), ismsRisks
		_, err := f.app.CreateContextIssue(f.ctx, f.ismsManager(), x)
		f.must("CreateContextIssue("+x.Title+")", err)
	}
}

// parties records the interested parties and their requirements, each
// addressed by the ISMS and linked to controls (IDs).
func (f *readinessFixture) parties(controls []string) {
	f.t.Helper()
	for _, x := range []struct{ name, kind, category, req, typ, source string }{
		{"Customers", "external", "customer", "Protect our data and report incidents within 24 hours", "contractual", "Master services agreement"},
		{"Data protection authority", "external", "regulator", "Comply with data protection law", "legal", "GDPR"},
		{"Staff", "internal", "employee", "Clear rules for remote work", "other", "Staff survey"},
		{"Board", "internal", "shareholder", "A yearly report on security performance", "other", "Board resolution"},
	} {
		p, err := f.app.CreateParty(f.ctx, f.ismsManager(), app.PartyInput{Name: x.name, Kind: x.kind, Category: x.category,
			Description: "An interested party of acme.", OwnerID: string(f.manager.ID)})
		f.must("CreateParty("+x.name+")", err)
		_, err = f.app.CreatePartyRequirement(f.ctx, f.ismsManager(), app.PartyRequirementInput{PartyID: string(p.ID), Title: x.req,
			Type: x.typ, Source: x.source, OwnerID: string(f.manager.ID), Addressed: true, Controls: controls,
			How: "Through the policy, the risk treatment plan and the controls of the SoA."})
		f.must("CreatePartyRequirement("+x.req+")", err)
	}
}

// approvedScope has the ISMS manager write the scope and the CISO
// approve it.
func (f *readinessFixture) approvedScope() {
	f.t.Helper()
	s, err := f.app.SaveScopeDraft(f.ctx, f.ismsManager(), 0, app.ScopeInput{
		Statement: "The ISMS of Acme covers the development, operation and support of its software service, " +
			"the people who do that work and the systems they use.",
		Units:      []string{"Engineering", "Operations", "Support"},
		Locations:  []string{"Head office", "Production in the public cloud"},
		InScope:    []string{"The software service and its API", "Staff laptops and business applications"},
		Interfaces: []isms.ScopeInterface{{Party: "Cloud provider", Description: "Everything below our cloud accounts."}},
		Exclusions: []isms.ScopeExclusion{{Item: "Payroll", Justification: "Outsourced; only the monthly file we send is in scope."}},
	})
	f.must("SaveScopeDraft", err)
	sub, err := f.app.SubmitForApproval(f.ctx, f.ismsManager(), app.SubmitInput{ObjectType: "isms_scope", ObjectID: s.ID,
		Version: s.Version, ApproverIDs: ids(f.manager2), Note: "The scope we certify."})
	f.must("SubmitForApproval(scope)", err)
	_, err = f.app.DecideApproval(f.ctx, f.ciso(), sub.ID, isms.DecisionApprove, "Approved.")
	f.must("DecideApproval(scope)", err)
}

// processes records the ISMS processes with the clauses they serve, each
// interacting with the first.
func (f *readinessFixture) ismsProcesses() {
	f.t.Helper()
	for _, x := range []struct{ name, clauses string }{
		{"Context and leadership", "4.1 4.2 4.3 4.4 5.1 5.2 5.3"},
		{"Risk management", "6.1 6.1.1 6.1.2 6.1.3 8.1 8.2 8.3"},
		{"Objectives and measurement", "6.2 6.3 9.1"},
		{"Support", "7.1 7.2 7.3 7.4 7.5"},
		{"Audit, review and improvement", "9.2 9.3 10.1 10.2"},
	} {
		in := app.ProcessInput{Name: x.name, Purpose: "Runs the " + x.name + " part of the ISMS.", OwnerID: string(f.manager.ID),
			Inputs: "Records of the other processes", Outputs: "Records of this process", Clauses: strings.Fields(x.clauses)}
		if len(f.processes) > 0 {
			in.InteractsWith = []string{string(f.processes[0].ID)}
		}
		p, err := f.app.CreateProcess(f.ctx, f.ismsManager(), in)
		f.must("CreateProcess("+x.name+")", err)
		f.processes = append(f.processes, p)
	}
}

// rolesAndRACI records the ISMS roles, appointed by top management, and
// gives every process an accountable and a responsible role.
func (f *readinessFixture) rolesAndRACI() {
	f.t.Helper()
	var roles []*isms.ISMSRole
	for _, x := range readinessRoles {
		r, err := f.app.CreateISMSRole(f.ctx, f.ciso(), app.ISMSRoleInput{Name: x.name, Responsibilities: x.responsibilities,
			Authorities: "As the ISMS charter grants.", AppointedBy: f.admin.Name, AppointedOn: f.date(0)})
		f.must("CreateISMSRole("+x.name+")", err)
		roles = append(roles, r)
	}
	for _, p := range f.processes {
		letters := map[isms.ID]string{roles[0].ID: "R", roles[1].ID: "A", roles[3].ID: "I"}
		f.must("SetRACIRow("+p.Name+")", f.app.SetRACIRow(f.ctx, f.ciso(), isms.Link{Type: "isms_process", ID: p.ID}, letters))
	}
}

// commitments records top management's commitments of the year.
func (f *readinessFixture) commitments() {
	f.t.Helper()
	for _, x := range []app.CommitmentInput{
		{Kind: "resource", Title: "Budget for the ISMS approved", Description: "Tools, training and the certification audit."},
		{Kind: "decision", Title: "Information security policy approved", Description: "The board approved the policy."},
		{Kind: "communication", Title: "ISMS kick-off message to all staff", Description: "Why certification matters."},
	} {
		x.MadeOn, x.MadeBy = f.date(0), f.admin.Name
		_, err := f.app.CreateCommitment(f.ctx, f.ciso(), x)
		f.must("CreateCommitment("+x.Title+")", err)
	}
}

// policy writes the information security policy, serving clause 5.2, and
// has the CISO and top management approve it.
func (f *readinessFixture) approvedPolicy() {
	f.t.Helper()
	d, v, err := f.app.CreateDocument(f.ctx, f.ismsManager(), app.DocumentInput{Title: "Information security policy", Type: "policy",
		OwnerID: string(f.manager2.ID), Classification: "public", ReviewMonths: "12", AudienceEveryone: true, Clauses: []string{"5.2", "A.5.1"}},
		app.DocumentBodyInput{Markdown: readinessPolicyText, ChangeSummary: "First issue."})
	f.must("CreateDocument(policy)", err)
	f.approveVersion(v, f.manager2, f.admin)
	f.policy = d
}

// readinessPolicyText is the policy's body.
const readinessPolicyText = `# Information security policy

Acme protects the information of its customers and its own. Top management
sets information security objectives each year at the management review,
commits to meeting the requirements that apply to us, and to improving the
ISMS continually. Every member of staff follows this policy and the
topic-specific policies under it.
`

// approveVersion has the ISMS manager submit version v to approvers, each
// of whom approves it.
func (f *readinessFixture) approveVersion(v *isms.DocumentVersion, approvers ...*isms.User) {
	f.t.Helper()
	sub, err := f.app.SubmitDocumentVersion(f.ctx, f.ismsManager(), v.ID, ids(approvers...), "Please approve.")
	f.must("SubmitDocumentVersion", err)
	for _, u := range approvers {
		role := isms.RoleManager
		if u.ID == f.admin.ID {
			role = isms.RoleAdmin
		}
		_, err := f.app.DecideApproval(f.ctx, f.as(u, role), sub.ID, isms.DecisionApprove, "Approved.")
		f.must("DecideApproval(document)", err)
	}
}

// ismsRisks records the risks and opportunities for the ISMS (6.1.1),
// each with an action its owner has done and an evaluation of it, and
// returns their IDs.
func (f *readinessFixture) ismsRisks() []string {
	f.t.Helper()
	var out []string
	for _, x := range []app.ISMSRiskInput{
		{Kind: "risk", Title: "The certification slips because the team is stretched", Likelihood: "medium", Impact: "high"},
		{Kind: "opportunity", Title: "Certification wins new customers", Likelihood: "high", Impact: "high"},
	} {
		x.Description, x.OwnerID, x.Status, x.ReviewOn = "Affects whether the ISMS reaches its outcomes.", string(f.manager2.ID), "addressed", f.date(300)
		x.EvaluationMethod = "Compare the plan's milestones with the dates reached, each month."
		x.Evaluation, x.Effective, x.EvaluatedOn = "The milestones were met.", "yes", f.date(0)
		r, err := f.app.CreateISMSRisk(f.ctx, f.ismsManager(), x)
		f.must("CreateISMSRisk("+x.Title+")", err)
		out = append(out, string(r.ID))
		t, err := f.app.CreateTask(f.ctx, f.ismsManager(), app.TaskInput{Title: "Act on: " + x.Title, OwnerID: f.manager2.ID,
			Due: f.date(30), Link: "isms_risk:" + string(r.ID)})
		f.must("CreateTask(ISMS risk action)", err)
		_, err = f.app.CompleteTask(f.ctx, f.ciso(), t.ID, "Done.")
		f.must("CompleteTask(ISMS risk action)", err)
	}
	return out
}

// plannedChange records a change to the ISMS (6.3), planned and then
// carried out.
func (f *readinessFixture) plannedChange() {
	f.t.Helper()
	_, err := f.app.CreateChange(f.ctx, f.ismsManager(), app.ChangeInput{Title: "Move backups to a second region",
		Reason: "One region is a single point of failure.", Consequences: "The restore procedure changes.",
		Resources: "Two engineers for a month", Responsibilities: "The IT lead runs it.", OwnerID: string(f.contributor.ID),
		PlannedOn: f.date(-30), CompletedOn: f.date(-5), Status: "implemented"})
	f.must("CreateChange", err)
}

// itoa formats n for a form.
func itoa(n int) string { return strconv.Itoa(n) }

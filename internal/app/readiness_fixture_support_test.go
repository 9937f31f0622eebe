// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// readinessRoles are the ISMS roles of acme: the first reports to top
// management.
var readinessRoles = []struct{ name, responsibilities string }{
	{"ISMS manager", "Runs the ISMS day to day and reports its performance to top management at each management review."},
	{"CISO", "Directs information security and chairs the steering group."},
	{"Internal auditor", "Plans and carries out internal audits outside their own work."},
	{"All staff", "Follow the policies, complete the awareness training and report anything suspicious."},
}

// people records acme's members in the people register, each holding
// "All staff" and their ISMS role.
func (f *readinessFixture) registerPeople() {
	f.t.Helper()
	for _, x := range []struct {
		u    *isms.User
		role string
	}{{f.admin, ""}, {f.manager, "ISMS manager"}, {f.manager2, "CISO"}, {f.contributor, ""}, {f.viewer, ""}, {f.auditor, "Internal auditor"}} {
		roles := []string{"All staff"}
		if x.role != "" {
			roles = append(roles, x.role)
		}
		p, err := f.app.CreatePerson(f.ctx, f.ismsManager(), app.PersonInput{Name: x.u.Name, Email: x.u.Email, UserID: string(x.u.ID),
			Department: "Operations", StartDate: f.date(-400), Roles: roles, Active: true})
		f.must("CreatePerson("+x.u.Name+")", err)
		f.people = append(f.people, p)
	}
}

// competence defines what each ISMS role needs and records the training
// that meets it for everyone who holds the role, valid for two years.
func (f *readinessFixture) competence() {
	f.t.Helper()
	for _, x := range []struct{ role, skill string }{
		{"All staff", "Security awareness training"},
		{"ISMS manager", "ISO/IEC 27001 lead implementer"},
		{"CISO", "Information security leadership"},
		{"Internal auditor", "ISO/IEC 27001 internal auditor course"},
	} {
		req, err := f.app.CreateCompetenceRequirement(f.ctx, f.ismsManager(), app.RequirementInput{Role: x.role, Skill: x.skill,
			Description: "What the " + x.role + " role needs."})
		f.must("CreateCompetenceRequirement("+x.skill+")", err)
		for _, p := range f.people {
			if !holds(p, x.role) {
				continue
			}
			_, err := f.app.AddTrainingRecord(f.ctx, f.ismsManager(), app.TrainingInput{PersonID: string(p.ID), RequirementID: string(req.ID),
				Course: x.skill, CompletedOn: f.date(-10), ExpiresOn: f.today().AddDate(2, 0, -10).String()})
			f.must("AddTrainingRecord("+p.Name+")", err)
		}
	}
}

// holds reports whether p holds role.
func holds(p *isms.Person, role string) bool {
	for _, r := range p.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// resources records what the ISMS needs, approved by the board.
func (f *readinessFixture) resources() {
	f.t.Helper()
	for _, x := range []app.ResourceInput{
		{Title: "ISMS manager, half time", Kind: string(isms.ResourcePeople), Amount: "0.5 FTE", Status: string(isms.ResourceProvided)},
		{Title: "Security tooling budget", Kind: string(isms.ResourceBudget), Amount: "EUR 30,000 a year", Status: string(isms.ResourceApproved)},
	} {
		x.ApprovedBy, x.ApprovedOn = "Board", f.date(0)
		_, err := f.app.CreateResource(f.ctx, f.ismsManager(), x)
		f.must("CreateResource("+x.Title+")", err)
	}
}

// readinessDocs are acme's documents besides the policy: the risk
// process serves 6.1.2 and 6.1.3; the last is of external origin.
var readinessDocs = []app.DocumentInput{
	{Title: "Risk assessment and treatment process", Type: "procedure", Clauses: []string{"6.1.2", "6.1.3", "8.2", "8.3"}},
	{Title: "Access control policy", Type: "topic_policy", Clauses: []string{"A.5.15", "A.5.18"}},
	{Title: "Acceptable use policy", Type: "topic_policy", Clauses: []string{"A.5.10"}},
	{Title: "Incident response procedure", Type: "procedure", Clauses: []string{"A.5.24", "A.5.26"}},
	{Title: "Document control procedure", Type: "procedure", Clauses: []string{"7.5"}},
	{Title: "Cloud provider security whitepaper", Type: "other", External: true, Source: "Cloud provider", ExternalVersion: "2026-01"},
}

// documents writes acme's documents, each approved by the CISO, and sets
// the retention of each type of document.
func (f *readinessFixture) documents() {
	f.t.Helper()
	for _, x := range readinessDocs {
		x.OwnerID, x.Classification, x.ReviewMonths, x.AudienceEveryone = string(f.manager.ID), "internal", "12", true
		x.Description = "A document of Acme's ISMS."
		_, v, err := f.app.CreateDocument(f.ctx, f.ismsManager(), x, app.DocumentBodyInput{Markdown: "# " + x.Title + "\n\nHow we do it.\n",
			ChangeSummary: "First issue."})
		f.must("CreateDocument("+x.Title+")", err)
		f.approveVersion(v, f.manager2)
	}
	for _, t := range []isms.DocumentType{isms.DocPolicy, isms.DocTopicPolicy, isms.DocProcedure, isms.DocRecord} {
		f.must("SetRetentionRule", f.app.SetRetentionRule(f.ctx, f.ismsManager(), t, 72))
	}
}

// campaign asks everyone to acknowledge the policy, due in two weeks;
// every member does.
func (f *readinessFixture) campaign() {
	f.t.Helper()
	c, err := f.app.CreateCampaign(f.ctx, f.ismsManager(), app.CampaignInput{Title: "Yearly policy acknowledgement",
		Description: "Read the information security policy and confirm it.", Due: f.date(14), AudienceEveryone: true,
		FollowNewVersions: true, Documents: []string{f.policy.Ref}})
	f.must("CreateCampaign", err)
	detail, err := f.app.FindCampaign(f.ctx, f.ismsManager(), c.ID)
	f.must("FindCampaign", err)
	for _, actor := range []isms.Actor{f.asAdmin(), f.asManager(), f.asManager2(), f.asContributor(), f.asViewer(), f.asAuditor()} {
		for _, v := range detail.Versions {
			_, err := f.app.Acknowledge(f.ctx, actor, c.ID, v.ID)
			f.must("Acknowledge("+actor.Name+")", err)
		}
	}
}

// communication writes the communication plan; each line was held on
// each of the days given, in days from today.
func (f *readinessFixture) communication(held ...int) {
	f.t.Helper()
	for _, x := range []app.CommunicationInput{
		{Topic: "Security update at the all-hands meeting", Audience: "All staff", Frequency: "Monthly", Channel: "All-hands meeting"},
		{Topic: "ISMS performance report", Audience: "Board", Frequency: "Every six months", Channel: "Board meeting"},
	} {
		x.ResponsibleID = string(f.manager.ID)
		item, err := f.app.CreateCommunicationItem(f.ctx, f.ismsManager(), x)
		f.must("CreateCommunicationItem("+x.Topic+")", err)
		for _, days := range held {
			_, err := f.app.RecordCommunication(f.ctx, f.ismsManager(), item.ID, app.CommunicationRecordInput{HeldOn: f.date(days),
				Summary: "Held as planned."})
			f.must("RecordCommunication("+x.Topic+")", err)
		}
	}
}

// readinessMetrics are the metrics of the objectives, measured monthly.
var readinessMetrics = []app.MetricInput{
	{Name: "Staff with current awareness training", Unit: "%", Direction: "higher", Target: "95", Warning: "90"},
	{Name: "Critical vulnerabilities fixed within seven days", Unit: "%", Direction: "higher", Target: "95", Warning: "85"},
}

// objectives sets the objectives, serving the policy; with measured, each
// is measured by its metric, with a measurement each month since the
// metric was defined.
func (f *readinessFixture) objectives(measured bool) {
	f.t.Helper()
	for i, x := range []app.ObjectiveInput{
		{Statement: "Everyone completes the yearly awareness training", Target: "95 % of staff with current training"},
		{Statement: "Fix critical vulnerabilities within seven days", Target: "95 % fixed within seven days"},
	} {
		x.PolicyID, x.OwnerID, x.Resources, x.DueOn, x.Status = string(f.policy.ID), string(f.manager.ID), "The ISMS manager's time", f.date(330), "in_progress"
		x.Evaluation = "Reviewed each month at the steering group and judged at the management review."
		if measured {
			m := readinessMetrics[i]
			m.Description, m.Method, m.Frequency = "How the objective is met.", "Read from the register on the first of the month.", "every month"
			m.MeasuredBy, m.AnalysedBy, m.Analysis = string(f.manager.ID), string(f.manager2.ID), "On target."
			metric, err := f.app.CreateMetric(f.ctx, f.ismsManager(), m)
			f.must("CreateMetric("+m.Name+")", err)
			f.metrics = append(f.metrics, metric)
			x.Metrics = []string{string(metric.ID)}
		}
		_, err := f.app.CreateObjective(f.ctx, f.ismsManager(), x)
		f.must("CreateObjective("+x.Statement+")", err)
	}
}

// measure records a measurement of every metric on each of the days
// given, in days from today.
func (f *readinessFixture) measure(days ...int) {
	f.t.Helper()
	for _, m := range f.metrics {
		for i, d := range days {
			_, err := f.app.RecordMeasurement(f.ctx, f.ismsManager(), m.ID, app.MeasurementInput{Value: itoa(90 + i), MeasuredOn: f.date(d),
				MeasuredBy: string(f.manager.ID)})
			f.must("RecordMeasurement("+m.Name+")", err)
		}
	}
}

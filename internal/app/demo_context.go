// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// demoContextLoader gives the small demo organization its context,
// leadership, planning and measurement through the use cases, as its
// people would have done it: the issues and interested parties with their
// requirements, the scope approved by the CISO and the administrator (and
// a second version in draft), the ISMS processes, the records of
// management commitment, the ISMS roles and the RACI, the risks and
// opportunities for the ISMS with their actions, metrics with their
// measurements since the project started, the objectives they measure,
// and two planned changes.
// Dates are relative to the app's clock, and nothing depends on the day.
type demoContextLoader struct {
	a      *App
	org    *isms.Organization
	users  []*isms.User
	people []demoPerson
	today  isms.Date
	// IDs by title of the records the other demo steps made, and of those
	// this one makes, for links.
	ids map[string]map[string]isms.ID
}

// loadDemoContext loads the small demo's context, leadership, planning and
// measurement.
func (a *App) loadDemoContext(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson) error {
	d := &demoContextLoader{a: a, org: org, users: users, people: people, today: a.today(), ids: map[string]map[string]isms.ID{}}
	steps := []struct {
		what string
		run  func(context.Context) error
	}{
		{"lookups", d.lookups},
		{"issues", d.issues},
		{"interested parties", d.parties},
		{"scope", d.scope},
		{"processes", d.processes},
		{"roles and RACI", d.roles},
		{"commitments", d.commitments},
		{"ISMS risks", d.ismsRisks},
		{"metrics", d.metrics},
		{"objectives", d.objectives},
		{"changes", d.changes},
	}
	for _, s := range steps {
		if err := s.run(ctx); err != nil {
			return fmt.Errorf("demo context, %s: %w", s.what, err)
		}
	}
	return nil
}

// as returns demo person i acting in the organization.
func (d *demoContextLoader) as(i int) isms.Actor {
	return isms.Actor{UserID: d.users[i].ID, Name: d.users[i].Name, OrgID: d.org.ID, Role: d.people[i].role}
}

// manager is the ISMS manager, who keeps the registers; ciso approves.
func (d *demoContextLoader) manager() isms.Actor { return d.as(2) }
func (d *demoContextLoader) ciso() isms.Actor    { return d.as(1) }

// user returns the ID of demo person i as a form gives it.
func (d *demoContextLoader) user(i int) string { return string(d.users[i].ID) }

// day returns the date n days from today as a form gives it.
func (d *demoContextLoader) day(n int) string { return d.today.AddDays(n).String() }

// remember records the ID of a record of kind by its title.
func (d *demoContextLoader) remember(kind, title string, id isms.ID) {
	if d.ids[kind] == nil {
		d.ids[kind] = map[string]isms.ID{}
	}
	d.ids[kind][title] = id
}

// refs returns the IDs of the records of kind named in titles
// ("|"-separated); a title the demo lacks is an error in its data.
func (d *demoContextLoader) refs(kind, titles string) ([]string, error) {
	var out []string
	for _, t := range splitList(titles, "|") {
		id, ok := d.ids[kind][t]
		if !ok {
			return nil, fmt.Errorf("no demo %s %q", kind, t)
		}
		out = append(out, string(id))
	}
	return out, nil
}

// lookups reads the controls, risks and documents the other demo steps
// made.
func (d *demoContextLoader) lookups(ctx context.Context) error {
	controls, _, err := d.a.FindControls(ctx, d.manager(), isms.ControlFilter{Limit: isms.MaxPageSize})
	if err != nil {
		return err
	}
	for _, c := range controls {
		d.remember("control", c.Title, c.ID)
	}
	for offset := 0; ; {
		page, err := d.a.FindRisks(ctx, d.manager(), isms.RiskFilter{Sort: "ref", Limit: isms.MaxPageSize, Offset: offset})
		if err != nil {
			return err
		}
		for _, r := range page.Rows {
			d.remember("risk", r.Risk.Title, r.Risk.ID)
		}
		if offset += len(page.Rows); len(page.Rows) == 0 || offset >= page.Total {
			break
		}
	}
	docs, _, err := d.a.FindDocuments(ctx, d.manager(), isms.DocumentFilter{Retired: true, Limit: isms.MaxPageSize})
	for _, doc := range docs {
		d.remember("document", doc.Title, doc.ID)
	}
	return err
}

// issues records the internal and external issues.
func (d *demoContextLoader) issues(ctx context.Context) error {
	for _, x := range demoIssues {
		risks, err := d.refs("risk", x.risks)
		if err != nil {
			return err
		}
		issue, err := d.a.CreateContextIssue(ctx, d.manager(), ContextIssueInput{Title: x.title, Kind: x.kind, Category: x.category,
			Description: x.description, Effect: x.effect, Climate: x.climate, OwnerID: d.user(x.owner), ReviewOn: d.day(x.review), Risks: risks})
		if err != nil {
			return fmt.Errorf("issue %s: %w", x.title, err)
		}
		d.remember("issue", x.title, issue.ID)
	}
	return nil
}

// parties records the interested parties and their requirements, with
// the controls, documents and risks that address each.
func (d *demoContextLoader) parties(ctx context.Context) error {
	for _, x := range demoParties {
		party, err := d.a.CreateParty(ctx, d.manager(), PartyInput{Name: x.name, Kind: x.kind, Category: x.category,
			Description: x.description, Contact: x.contact, OwnerID: d.user(x.owner)})
		if err != nil {
			return fmt.Errorf("party %s: %w", x.name, err)
		}
		for _, r := range x.reqs {
			if err := d.requirement(ctx, party, r); err != nil {
				return fmt.Errorf("requirement %s: %w", r.title, err)
			}
		}
	}
	return nil
}

// requirement records one requirement of party.
func (d *demoContextLoader) requirement(ctx context.Context, party *isms.InterestedParty, r demoPartyReq) error {
	in := PartyRequirementInput{PartyID: string(party.ID), Title: r.title, Description: r.description, Type: r.typ,
		Source: r.source, How: r.how, OwnerID: d.user(r.owner), Addressed: r.addressed}
	var err error
	if in.Controls, err = d.refs("control", r.controls); err != nil {
		return err
	}
	if in.Documents, err = d.refs("document", r.documents); err != nil {
		return err
	}
	if in.Risks, err = d.refs("risk", r.risks); err != nil {
		return err
	}
	req, err := d.a.CreatePartyRequirement(ctx, d.manager(), in)
	if err == nil {
		d.remember("requirement", r.title, req.ID)
	}
	return err
}

// scope has the ISMS manager write the scope and submit it to the CISO and
// the administrator, who approve it; then starts version 2 with the
// Lisbon office, still a draft.
func (d *demoContextLoader) scope(ctx context.Context) error {
	v1 := demoScopeV1
	v1.Interfaces = []isms.ScopeInterface{
		{Party: "Cloud provider", Description: "Everything below our cloud accounts; see the shared-responsibility register."},
		{Party: "Payroll provider", Description: "The monthly payroll file the HR lead sends."}}
	v1.Exclusions = []isms.ScopeExclusion{
		{Item: "Payroll processing", Justification: "Outsourced to a certified provider; only the file we send is in scope."}}
	draft, err := d.a.SaveScopeDraft(ctx, d.manager(), 0, v1)
	if err != nil {
		return err
	}
	sub, err := d.a.SubmitForApproval(ctx, d.manager(), SubmitInput{ObjectType: "isms_scope", ObjectID: draft.ID, Version: draft.Version,
		ApproverIDs: []isms.ID{d.users[1].ID, d.users[0].ID}, Note: "First scope of the ISMS, as agreed at the steering group."})
	if err != nil {
		return err
	}
	for _, p := range []int{1, 0} {
		if _, err := d.a.DecideApproval(ctx, d.as(p), sub.ID, isms.DecisionApprove, "Approved: this is the scope we take to certification."); err != nil {
			return err
		}
	}
	v2 := v1
	v2.Locations = demoScopeV2Locations
	_, err = d.a.SaveScopeDraft(ctx, d.manager(), 0, v2)
	return err
}

// processes records the ISMS processes and how they interact.
func (d *demoContextLoader) processes(ctx context.Context) error {
	for _, x := range demoProcesses {
		var with []string
		for _, i := range x.with {
			with = append(with, string(d.ids["process"][demoProcesses[i].name]))
		}
		p, err := d.a.CreateProcess(ctx, d.manager(), ProcessInput{Name: x.name, Purpose: x.purpose, OwnerID: d.user(x.owner),
			Inputs: x.inputs, Outputs: x.outputs, Interactions: x.interactions, Clauses: strings.Fields(x.clauses), InteractsWith: with})
		if err != nil {
			return fmt.Errorf("process %s: %w", x.name, err)
		}
		d.remember("process", x.name, p.ID)
	}
	return nil
}

// roles records the ISMS roles and fills the RACI of every process.
func (d *demoContextLoader) roles(ctx context.Context) error {
	for _, r := range demoISMSRoles {
		role, err := d.a.CreateISMSRole(ctx, d.ciso(), ISMSRoleInput{Name: r.name, Responsibilities: r.responsibilities,
			Authorities: r.authorities, AppointedBy: d.users[r.appointedBy].Name, AppointedOn: d.day(r.appointed)})
		if err != nil {
			return fmt.Errorf("role %s: %w", r.name, err)
		}
		d.remember("role", r.name, role.ID)
	}
	for _, p := range demoProcesses {
		letters := map[isms.ID]string{}
		for name, l := range p.raci {
			id, ok := d.ids["role"][name]
			if !ok {
				return fmt.Errorf("no demo role %q", name)
			}
			letters[id] = l
		}
		subject := isms.Link{Type: "isms_process", ID: d.ids["process"][p.name]}
		if err := d.a.SetRACIRow(ctx, d.ciso(), subject, letters); err != nil {
			return fmt.Errorf("RACI of %s: %w", p.name, err)
		}
	}
	return nil
}

// commitments records top management's commitments, with the evidence
// that supports some of them.
func (d *demoContextLoader) commitments(ctx context.Context) error {
	for _, x := range demoCommitments {
		c, err := d.a.CreateCommitment(ctx, d.ciso(), CommitmentInput{MadeOn: d.day(x.days), Kind: x.kind, Title: x.title,
			Description: x.description, MadeBy: x.madeBy})
		if err != nil {
			return fmt.Errorf("commitment %s: %w", x.title, err)
		}
		if x.evidence == "" {
			continue
		}
		if _, err := d.a.CreateEvidence(ctx, d.manager(), EvidenceInput{Title: x.evidence, Kind: isms.EvidenceKindLink, URL: x.url,
			OwnerID: d.users[1].ID, CollectedOn: d.today.AddDays(x.days), Source: isms.EvidenceSourceUpload,
			Links: []isms.Link{{Type: "commitment", ID: c.ID}}}, nil); err != nil {
			return fmt.Errorf("evidence %s: %w", x.evidence, err)
		}
	}
	return nil
}

// ismsRisks records the risks and opportunities for the ISMS and their
// actions as tasks, some of them done.
func (d *demoContextLoader) ismsRisks(ctx context.Context) error {
	for _, x := range demoISMSRisks {
		in := ISMSRiskInput{Kind: x.kind, Title: x.title, Description: x.description, Likelihood: x.likelihood, Impact: x.impact,
			OwnerID: d.user(x.owner), Status: x.status, EvaluationMethod: x.method, Evaluation: x.evaluation,
			Effective: x.effective, ReviewOn: d.day(x.review)}
		if x.effective != "" {
			in.EvaluatedOn = d.day(x.evaluated)
		}
		var err error
		if in.Issues, err = d.refs("issue", x.issues); err != nil {
			return err
		}
		if in.Requirements, err = d.refs("requirement", x.requirements); err != nil {
			return err
		}
		r, err := d.a.CreateISMSRisk(ctx, d.manager(), in)
		if err != nil {
			return fmt.Errorf("ISMS risk %s: %w", x.title, err)
		}
		d.remember("isms_risk", x.title, r.ID)
		for _, act := range x.actions {
			if err := d.action(ctx, r.ID, act); err != nil {
				return fmt.Errorf("action %s: %w", act.title, err)
			}
		}
	}
	return nil
}

// action creates the task of an ISMS risk's action, and completes it
// when it is done.
func (d *demoContextLoader) action(ctx context.Context, risk isms.ID, x demoISMSAction) error {
	t, err := d.a.CreateTask(ctx, d.manager(), TaskInput{Title: x.title, Description: x.description, OwnerID: d.users[x.owner].ID,
		Due: d.day(x.due), Link: "isms_risk:" + string(risk)})
	if err != nil || !x.done {
		return err
	}
	_, err = d.a.CompleteTask(ctx, d.as(x.owner), t.ID, "Done.")
	return err
}

// metrics records the metrics and their measurements.
func (d *demoContextLoader) metrics(ctx context.Context) error {
	for _, x := range demoMetrics {
		in := MetricInput{Name: x.name, Description: x.description, Method: x.method, Unit: x.unit, Direction: x.direction,
			Target: x.target, Warning: x.warning, Frequency: x.frequency, MeasuredBy: d.user(x.measuredBy),
			AnalysedBy: d.user(x.analysedBy), Analysis: x.analysis}
		var err error
		if in.Controls, err = d.refs("control", x.controls); err != nil {
			return err
		}
		if in.Processes, err = d.refs("process", x.processes); err != nil {
			return err
		}
		m, err := d.a.CreateMetric(ctx, d.manager(), in)
		if err != nil {
			return fmt.Errorf("metric %s: %w", x.name, err)
		}
		d.remember("metric", x.name, m.ID)
		last := d.today.AddDays(-x.lastDays)
		for i, v := range x.values {
			on := last.AddDate(0, -x.step*(len(x.values)-1-i), 0)
			if _, err := d.a.RecordMeasurement(ctx, d.as(x.measuredBy), m.ID, MeasurementInput{Value: strconv.FormatFloat(v, 'f', -1, 64),
				MeasuredOn: on.String(), MeasuredBy: d.user(x.measuredBy)}); err != nil {
				return fmt.Errorf("measurement %d of %s: %w", i+1, x.name, err)
			}
		}
	}
	return nil
}

// objectives records the objectives, each serving the information
// security policy and measured by its metrics.
func (d *demoContextLoader) objectives(ctx context.Context) error {
	policy := d.ids["document"]["Information security policy"]
	for _, x := range demoObjectives {
		metrics, err := d.refs("metric", x.metrics)
		if err != nil {
			return err
		}
		evaluation := x.evaluation
		if evaluation == "" {
			evaluation = "The metrics are reviewed each month at the steering group and the result judged at the management review."
		}
		if _, err := d.a.CreateObjective(ctx, d.manager(), ObjectiveInput{Statement: x.statement, PolicyID: string(policy),
			Target: x.target, OwnerID: d.user(x.owner), Resources: x.resources, DueOn: d.day(x.due), Evaluation: evaluation,
			Status: x.status, Metrics: metrics}); err != nil {
			return fmt.Errorf("objective %s: %w", x.statement, err)
		}
	}
	return nil
}

// changes records the planned changes to the ISMS.
func (d *demoContextLoader) changes(ctx context.Context) error {
	for _, x := range demoChanges {
		in := ChangeInput{Title: x.title, Reason: x.reason, Consequences: x.consequences, Resources: x.resources,
			Responsibilities: x.responsibilities, OwnerID: d.user(x.owner), PlannedOn: d.day(x.planned), Status: x.status}
		if x.completed != 0 {
			in.CompletedOn = d.day(x.completed)
		}
		var err error
		if in.Risks, err = d.refs("risk", x.risks); err != nil {
			return err
		}
		if in.ISMSRisks, err = d.refs("isms_risk", x.ismsRisks); err != nil {
			return err
		}
		if in.Documents, err = d.refs("document", x.documents); err != nil {
			return err
		}
		if _, err := d.a.CreateChange(ctx, d.manager(), in); err != nil {
			return fmt.Errorf("change %s: %w", x.title, err)
		}
	}
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The large demo's context, leadership, planning and measurement: issues,
// interested parties and their requirements, an approved scope, processes
// with their RACI, commitments, ISMS risks and opportunities, metrics with
// two years of monthly measurements, objectives and planned changes, in
// proportion to its size.
const (
	largeDemoIssues       = 200
	largeDemoParties      = 150
	largeDemoPartyReqs    = 600
	largeDemoProcesses    = 40
	largeDemoCommitments  = 24
	largeDemoISMSRisks    = 100
	largeDemoChanges      = 50
	largeDemoMetrics      = 60
	largeDemoMeasurements = 24 // per metric, one a month
	largeDemoObjectives   = 30
)

var (
	largeContextRoles = append([]string{"Top management", "ISMS manager"}, largeISMSRoles...)
	largeIssueThemes  = []string{"New regulation", "Customer demand", "Supplier concentration", "Skills shortage", "Cloud migration",
		"Office move", "Merger integration", "Threat landscape", "Energy costs", "Remote work"}
	largePartyNames = []string{"Customer", "Regulator", "Supplier", "Works council", "Insurer", "Shareholder", "Partner", "Carrier"}
	largeClauses    = []string{"4.1", "4.2", "5.1", "6.1.2", "6.1.3", "6.2", "7.2", "7.5", "8.1", "9.1", "9.2", "9.3", "10.2"}
)

// largeLinks are the record links from one record to records of one type.
type largeLinks struct {
	from   isms.Link
	toType string
	to     []isms.ID
}

// largeRACICell is one cell of the generated RACI.
type largeRACICell struct {
	subject isms.Link
	role    isms.ID
	letters string
}

// largeContextData is what loadLargeContext generates before storing it.
type largeContextData struct {
	issues       []*isms.ContextIssue
	parties      []*isms.InterestedParty
	reqs         []*isms.PartyRequirement
	scope        *isms.Scope
	processes    []*isms.ISMSProcess
	roles        []*isms.ISMSRole
	raci         []largeRACICell
	commitments  []*isms.Commitment
	risks        []*isms.ISMSRisk
	changes      []*isms.ISMSChange
	schedules    []*isms.Schedule
	metrics      []*isms.Metric
	measurements []*isms.Measurement
	objectives   []*isms.Objective
	links        []largeLinks
}

// loadLargeContext gives the large organization its context, leadership,
// planning and measurement in one transaction, the same on every load
// with the same seed. One audit event records it.
func (a *App) loadLargeContext(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, progress func(string)) error {
	progress(fmt.Sprintf("adding %d context issues, %d interested parties, %d metrics and %d objectives",
		largeDemoIssues, largeDemoParties, largeDemoMetrics, largeDemoObjectives))
	admin := isms.Actor{UserID: users[0].ID, Name: users[0].Name, OrgID: org.ID, Role: people[0].role}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		controls, _, err := tx.FindControls(ctx, isms.ControlFilter{OrgID: org.ID, Sort: "ref", Limit: isms.MaxPageSize})
		if err != nil {
			return err
		}
		risks, _, err := tx.FindRisks(ctx, isms.RiskFilter{OrgID: org.ID, Sort: "ref", Limit: isms.MaxPageSize})
		if err != nil {
			return err
		}
		g := &largeContextGen{rng: rand.New(rand.NewPCG(seed, 4004)), org: org.ID, users: users, admin: admin.UserID,
			now: a.now(), today: a.today(), controls: demoIDs(controls, func(c *isms.Control) isms.ID { return c.ID }),
			risks: demoIDs(risks, func(r *isms.Risk) isms.ID { return r.ID })}
		data, err := g.generate()
		if err != nil {
			return err
		}
		if err := storeLargeContext(ctx, tx, data); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(org.ID), admin, "context.import", objectOrganization, org.ID, isms.Changes{
			"issues": {After: len(data.issues)}, "parties": {After: len(data.parties)}, "requirements": {After: len(data.reqs)},
			"processes": {After: len(data.processes)}, "roles": {After: len(data.roles)}, "raciCells": {After: len(data.raci)},
			"commitments": {After: len(data.commitments)}, "ismsRisks": {After: len(data.risks)}, "changes": {After: len(data.changes)},
			"metrics": {After: len(data.metrics)}, "measurements": {After: len(data.measurements)},
			"objectives": {After: len(data.objectives)}, "scope": {After: data.scope.VersionLabel()}})
	})
}

// demoIDs returns the IDs of list.
func demoIDs[T any](list []T, id func(T) isms.ID) []isms.ID {
	out := make([]isms.ID, len(list))
	for i, x := range list {
		out[i] = id(x)
	}
	return out
}

// storeLargeContext writes the generated data, parents before children.
func storeLargeContext(ctx context.Context, tx *sqldb.Tx, d *largeContextData) error {
	var steps []func() error
	add := func(n int, insert func(i int) error) {
		steps = append(steps, func() error {
			for i := range n {
				if err := insert(i); err != nil {
					return err
				}
			}
			return nil
		})
	}
	add(len(d.issues), func(i int) error { return tx.InsertContextIssue(ctx, d.issues[i]) })
	add(len(d.parties), func(i int) error { return tx.InsertParty(ctx, d.parties[i]) })
	add(len(d.reqs), func(i int) error { return tx.InsertPartyRequirement(ctx, d.reqs[i]) })
	add(1, func(int) error { return tx.InsertScope(ctx, d.scope) })
	add(len(d.processes), func(i int) error { return tx.InsertISMSProcess(ctx, d.processes[i]) })
	add(len(d.roles), func(i int) error { return tx.InsertISMSRole(ctx, d.roles[i]) })
	add(len(d.raci), func(i int) error {
		c := d.raci[i]
		return tx.SetRACICell(ctx, d.scope.OrgID, c.subject, c.role, c.letters)
	})
	add(len(d.commitments), func(i int) error { return tx.InsertCommitment(ctx, d.commitments[i]) })
	add(len(d.risks), func(i int) error { return tx.InsertISMSRisk(ctx, d.risks[i]) })
	add(len(d.changes), func(i int) error { return tx.InsertISMSChange(ctx, d.changes[i]) })
	add(len(d.schedules), func(i int) error { return tx.InsertSchedule(ctx, d.schedules[i]) })
	add(len(d.metrics), func(i int) error { return tx.InsertMetric(ctx, d.metrics[i]) })
	add(len(d.measurements), func(i int) error { return tx.InsertMeasurement(ctx, d.measurements[i]) })
	add(len(d.objectives), func(i int) error { return tx.InsertObjective(ctx, d.objectives[i]) })
	add(len(d.links), func(i int) error {
		l := d.links[i]
		_, err := tx.SetRecordLinks(ctx, d.scope.OrgID, l.from, l.toType, l.to)
		return err
	})
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

// largeContextGen generates the large demo's context data from the
// load's seed.
type largeContextGen struct {
	rng             *rand.Rand
	org, admin      isms.ID
	users           []*isms.User
	controls, risks []isms.ID
	now             time.Time
	today           isms.Date
	data            largeContextData
}

// generate makes every record, in the order their links need.
func (g *largeContextGen) generate() (*largeContextData, error) {
	for i := range largeDemoIssues {
		g.issue(i)
	}
	for i := range largeDemoParties {
		g.party(i)
	}
	for i := range largeDemoPartyReqs {
		g.requirement(i)
	}
	g.scope()
	for i := range largeDemoProcesses {
		g.process(i)
	}
	g.roles()
	for i := range largeDemoCommitments {
		g.commitment(i)
	}
	for i := range largeDemoISMSRisks {
		g.ismsRisk(i)
	}
	for i := range largeDemoChanges {
		g.change(i)
	}
	for i := range largeDemoMetrics {
		if err := g.metric(i); err != nil {
			return nil, err
		}
	}
	for i := range largeDemoObjectives {
		g.objective(i)
	}
	return &g.data, nil
}

// owner returns one of the first 200 members.
func (g *largeContextGen) owner() isms.ID { return g.users[g.rng.IntN(min(200, len(g.users)))].ID }

// pick returns up to n distinct IDs of from, chosen at random.
func (g *largeContextGen) pick(from []isms.ID, n int) []isms.ID {
	seen := map[isms.ID]bool{}
	var out []isms.ID
	for range n {
		if len(from) == 0 {
			break
		}
		if id := from[g.rng.IntN(len(from))]; !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// link records links from rec to the records to of toType, if any.
func (g *largeContextGen) link(typ string, id isms.ID, toType string, to []isms.ID) {
	if len(to) > 0 {
		g.data.links = append(g.data.links, largeLinks{from: isms.Link{Type: typ, ID: id}, toType: toType, to: to})
	}
}

// issue generates the i-th context issue; one in three gives rise to a
// risk of the register.
func (g *largeContextGen) issue(i int) {
	rng := g.rng
	c := &isms.ContextIssue{ID: isms.NewID("ci"), OrgID: g.org, Ref: fmt.Sprintf("CI-%d", i+1), Number: i + 1,
		Title:       fmt.Sprintf("%s: %s %d", largeIssueThemes[rng.IntN(len(largeIssueThemes))], largeTopics[rng.IntN(len(largeTopics))], i+1),
		Kind:        isms.ContextKinds[rng.IntN(len(isms.ContextKinds))],
		Category:    isms.IssueCategories[rng.IntN(len(isms.IssueCategories))],
		Effect:      isms.IssueEffects[rng.IntN(len(isms.IssueEffects))],
		Description: "Generated for the large demo organization.", OwnerID: g.owner(),
		ReviewOn: g.today.AddDays(rng.IntN(400) - 40), CreatedBy: g.admin}
	c.Climate = c.Category == isms.IssueEnvironmental && rng.IntN(2) == 0
	g.data.issues = append(g.data.issues, c)
	if rng.IntN(3) == 0 {
		g.link("context_issue", c.ID, "risk", g.pick(g.risks, 2))
	}
}

// party generates the i-th interested party.
func (g *largeContextGen) party(i int) {
	rng := g.rng
	p := &isms.InterestedParty{ID: isms.NewID("ip"), OrgID: g.org, Ref: fmt.Sprintf("IP-%d", i+1), Number: i + 1,
		Name:     fmt.Sprintf("%s %d", largePartyNames[rng.IntN(len(largePartyNames))], i+1),
		Kind:     isms.ContextKinds[rng.IntN(len(isms.ContextKinds))],
		Category: isms.PartyCategories[rng.IntN(len(isms.PartyCategories))], Description: "Generated for the large demo organization.",
		Contact: "Generated contact", OwnerID: g.owner(), CreatedBy: g.admin}
	g.data.parties = append(g.data.parties, p)
}

// requirement generates the i-th requirement of a party: nine in ten are
// addressed, most by one or two controls, some by a risk as well.
func (g *largeContextGen) requirement(i int) {
	rng := g.rng
	party := g.data.parties[rng.IntN(len(g.data.parties))]
	q := &isms.PartyRequirement{ID: isms.NewID("preq"), OrgID: g.org, PartyID: party.ID, Ref: fmt.Sprintf("RQ-%d", i+1), Number: i + 1,
		Title: fmt.Sprintf("Requirement %d of %s", i+1, party.Name), Description: "Generated for the large demo organization.",
		Type: isms.RequirementTypes[rng.IntN(len(isms.RequirementTypes))], Source: fmt.Sprintf("Clause %d.%d", 1+rng.IntN(20), 1+rng.IntN(9)),
		Addressed: rng.IntN(10) != 0, How: "Generated answer.", OwnerID: g.owner(), CreatedBy: g.admin}
	g.data.reqs = append(g.data.reqs, q)
	if q.Addressed {
		g.link("party_requirement", q.ID, objectControl, g.pick(g.controls, 1+rng.IntN(2)))
		if rng.IntN(4) == 0 {
			g.link("party_requirement", q.ID, "risk", g.pick(g.risks, 1))
		}
	}
}

// scope generates the approved first version of the scope.
func (g *largeContextGen) scope() {
	g.data.scope = &isms.Scope{ID: isms.NewID("scope"), OrgID: g.org, Number: 1, Status: isms.ScopeApproved, ApprovedAt: g.now,
		Statement: "The ISMS covers the logistics and analytics software of Large Demo Corporation, its cloud operations, " +
			"customer support and the Frankfurt data centre.",
		Units: []string{"Product development", "Cloud operations", "Customer support"}, Locations: []string{"Frankfurt data centre", "Six offices"},
		InScope:    []string{"Every product and its customer data", "Staff devices and business applications"},
		Interfaces: []isms.ScopeInterface{{Party: "Payroll provider", Description: "Monthly payroll file."}},
		Exclusions: []isms.ScopeExclusion{{Item: "Payroll processing", Justification: "Outsourced to a certified provider."}},
		CreatedBy:  g.admin}
}

// process generates the i-th ISMS process, interacting with up to two
// earlier ones.
func (g *largeContextGen) process(i int) {
	rng := g.rng
	p := &isms.ISMSProcess{ID: isms.NewID("proc"), OrgID: g.org, Ref: fmt.Sprintf("PRC-%d", i+1), Number: i + 1,
		Name: fmt.Sprintf("%s process %d", largeTopics[i%len(largeTopics)], i+1), Purpose: "Generated for the large demo organization.",
		Clauses: []string{largeClauses[i%len(largeClauses)]}, OwnerID: g.owner(), Inputs: "Generated inputs", Outputs: "Generated outputs",
		CreatedBy: g.admin}
	g.data.processes = append(g.data.processes, p)
	if i > 0 {
		earlier := demoIDs(g.data.processes[:i], func(p *isms.ISMSProcess) isms.ID { return p.ID })
		g.link("isms_process", p.ID, "isms_process", g.pick(earlier, rng.IntN(3)))
	}
}

// roles generates the ISMS roles and a RACI row for every process: one
// role accountable, one or two responsible, others consulted or informed.
func (g *largeContextGen) roles() {
	for i, name := range largeContextRoles {
		g.data.roles = append(g.data.roles, &isms.ISMSRole{ID: isms.NewID("irole"), OrgID: g.org, Name: name, Position: i + 1,
			Responsibilities: "Generated for the large demo organization.", AppointedBy: "Board", AppointedOn: g.today.AddDays(-700),
			CreatedBy: g.admin})
	}
	for i, p := range g.data.processes {
		letters := map[isms.ID]string{g.data.roles[i%2].ID: "A"}
		for _, r := range g.data.roles[2:] {
			switch g.rng.IntN(4) {
			case 0:
				letters[r.ID] += "R"
			case 1:
				letters[r.ID] += "C"
			case 2:
				letters[r.ID] += "I"
			}
		}
		for role, l := range letters {
			if l, err := isms.ParseRACILetters(l); err == nil && l != "" {
				g.data.raci = append(g.data.raci, largeRACICell{subject: isms.Link{Type: isms.RACIProcess, ID: p.ID}, role: role, letters: l})
			}
		}
	}
}

// commitment generates the i-th record of management commitment, one a
// month.
func (g *largeContextGen) commitment(i int) {
	kind := isms.CommitmentKinds[i%len(isms.CommitmentKinds)]
	g.data.commitments = append(g.data.commitments, &isms.Commitment{ID: isms.NewID("cmt"), OrgID: g.org, Ref: fmt.Sprintf("MC-%d", i+1),
		MadeOn: g.today.AddDate(0, -i, -3), Kind: kind, Title: fmt.Sprintf("%s %d", kind.Label(), i+1),
		Description: "Generated for the large demo organization.", MadeBy: "Executive board", CreatedBy: g.admin})
}

// ismsRisk generates the i-th risk or opportunity for the ISMS, derived
// from one or two issues; those past open have a way to evaluate them, and
// the addressed and closed ones have been evaluated.
func (g *largeContextGen) ismsRisk(i int) {
	rng := g.rng
	r := &isms.ISMSRisk{ID: isms.NewID("irisk"), OrgID: g.org, Ref: fmt.Sprintf("RO-%d", i+1), Number: i + 1,
		Kind: isms.ISMSRiskKinds[rng.IntN(len(isms.ISMSRiskKinds))], Title: fmt.Sprintf("%s for the ISMS %d", largeIssueThemes[i%len(largeIssueThemes)], i+1),
		Description: "Generated for the large demo organization.", Likelihood: isms.ISMSLevels[rng.IntN(len(isms.ISMSLevels))],
		Impact: isms.ISMSLevels[rng.IntN(len(isms.ISMSLevels))], OwnerID: g.owner(),
		Status: isms.ISMSRiskStatuses[rng.IntN(len(isms.ISMSRiskStatuses))], ReviewOn: g.today.AddDays(rng.IntN(300) - 30), CreatedBy: g.admin}
	if r.Status != isms.ISMSRiskOpen {
		r.EvaluationMethod = "Generated evaluation method."
	}
	if r.Status == isms.ISMSRiskAddressed || r.Status == isms.ISMSRiskClosed {
		r.Evaluation, r.EvaluatedOn, r.Effective = "Generated evaluation.", g.today.AddDays(-rng.IntN(200)), isms.EffectiveYes
	}
	g.data.risks = append(g.data.risks, r)
	issues := demoIDs(g.data.issues, func(c *isms.ContextIssue) isms.ID { return c.ID })
	g.link("isms_risk", r.ID, "context_issue", g.pick(issues, 1+rng.IntN(2)))
}

// change generates the i-th planned change; the older half are
// implemented.
func (g *largeContextGen) change(i int) {
	rng := g.rng
	c := &isms.ISMSChange{ID: isms.NewID("chg"), OrgID: g.org, Ref: fmt.Sprintf("CHG-%d", i+1), Number: i + 1,
		Title: fmt.Sprintf("Change %d: %s", i+1, largeTopics[rng.IntN(len(largeTopics))]), Reason: "Generated reason.",
		Consequences: "Generated consequences.", OwnerID: g.owner(), PlannedOn: g.today.AddDays(15*i - 360),
		Status: isms.ISMSChangeStatuses[rng.IntN(3)], CreatedBy: g.admin}
	if i < largeDemoChanges/2 {
		c.Status, c.CompletedOn = isms.ChangeImplemented, c.PlannedOn.AddDays(rng.IntN(30))
	}
	g.data.changes = append(g.data.changes, c)
	g.link("isms_change", c.ID, "risk", g.pick(g.risks, rng.IntN(3)))
}

// metric generates the i-th metric with its schedule and two years of
// monthly measurements; one in six has not been measured for three
// months.
func (g *largeContextGen) metric(i int) error {
	rng := g.rng
	freq, err := isms.ParseRecurrence("every month")
	if err != nil {
		return err
	}
	warning := 80.0
	m := &isms.Metric{ID: isms.NewID("met"), OrgID: g.org, Ref: fmt.Sprintf("M-%d", i+1), Number: i + 1,
		Name: fmt.Sprintf("%s coverage %d", largeTopics[i%len(largeTopics)], i+1), Description: "Generated for the large demo organization.",
		Method: "Generated method.", Unit: "%", Direction: isms.HigherIsBetter, Target: 90, Warning: &warning, Frequency: freq,
		MeasuredBy: g.owner(), AnalysedBy: g.owner(), CreatedBy: g.admin, CreatedAt: g.now}
	last := g.today.AddDays(-rng.IntN(20))
	if i%6 == 5 {
		last = last.AddDate(0, -3, 0)
	}
	var latest *isms.Measurement
	for k := largeDemoMeasurements - 1; k >= 0; k-- {
		latest = &isms.Measurement{ID: isms.NewID("msr"), OrgID: g.org, MetricID: m.ID, Value: float64(60 + rng.IntN(41)),
			MeasuredOn: last.AddDate(0, -k, 0), MeasuredBy: m.MeasuredBy, CreatedBy: g.admin}
		g.data.measurements = append(g.data.measurements, latest)
	}
	start := m.NextDue(latest)
	if start.Before(g.today) {
		start = g.today
	}
	s := &isms.Schedule{ID: isms.NewID("sch"), OrgID: g.org, Title: measureTitle(m), OwnerID: m.MeasuredBy,
		Description: fmt.Sprintf("Measure metric %s as its method says and record the result on the metric's page.", m.Ref),
		Link:        isms.Link{Type: objectMetric, ID: m.ID}, Rule: freq, Start: start, LeadDays: measureLeadDays, Active: true,
		CreatedBy: g.admin}
	m.ScheduleID = s.ID
	g.data.schedules, g.data.metrics = append(g.data.schedules, s), append(g.data.metrics, m)
	g.link(objectMetric, m.ID, objectControl, g.pick(g.controls, 1+rng.IntN(2)))
	g.link(objectMetric, m.ID, "isms_process", []isms.ID{g.data.processes[i%len(g.data.processes)].ID})
	return nil
}

// objective generates the i-th objective, measured by one to three
// metrics.
func (g *largeContextGen) objective(i int) {
	rng := g.rng
	o := &isms.Objective{ID: isms.NewID("obj"), OrgID: g.org, Ref: fmt.Sprintf("OBJ-%d", i+1), Number: i + 1,
		Statement: fmt.Sprintf("Raise %s to target, objective %d", largeTopics[i%len(largeTopics)], i+1), Target: "90 % or better",
		OwnerID: g.owner(), Resources: "Generated resources.", DueOn: g.today.AddDays(30*(i%12) - 60),
		Evaluation: "Generated evaluation.", Status: isms.ObjectiveStatuses[rng.IntN(4)], CreatedBy: g.admin}
	g.data.objectives = append(g.data.objectives, o)
	metrics := demoIDs(g.data.metrics, func(m *isms.Metric) isms.ID { return m.ID })
	g.link(objectObjective, o.ID, objectMetric, g.pick(metrics, 1+rng.IntN(3)))
}

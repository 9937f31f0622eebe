// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The large demo's certification: ISO/IEC 27001:2022 certified twenty
// months ago; its stage 1, stage 2 and first surveillance audits
// completed, the second surveillance and the recertification planned,
// each with its preparation task; twelve findings on the completed
// audits, the first nonconformities of source external audit opened by
// findings graded minor, the others observations and opportunities for
// improvement; sixty evidence requests, thirty of the first surveillance
// (accepted, one in ten cancelled) and thirty of the second (open, some
// overdue, answered and accepted), every answer with a generated evidence
// note linked to the request's control; and two external auditors
// limited to ISO/IEC 27001:2022, the first surveillance's, whose access
// ended, and the second's.
const (
	largeDemoExtFindings = 12
	largeDemoExtNCs      = 4 // at most, findings that opened a nonconformity
	largeDemoRequests    = 60
	largeDemoCertBody    = "Orrin Peak Assurance Ltd"
)

// largeCertGen generates the large demo's certification, the same on
// every load with the same seed.
type largeCertGen struct {
	rng    *rand.Rand
	org    isms.ID
	admin  isms.Actor
	today  isms.Date
	fw     isms.ID
	fwName string                 // the framework's title, as membership events record it
	links  []isms.ControlLink     // the framework's links between controls and requirements
	owners map[isms.ID]*isms.User // control ID -> its owner, when they may answer requests
	names  map[isms.ID]string     // user ID -> name
	ncs    []*isms.Nonconformity  // the nonconformities from external audits, by reference

	cert      *isms.Certificate
	audits    []*isms.ExternalAudit // by start date
	auditors  []*isms.User          // the first surveillance's, the second's
	findings  []*isms.ExternalFinding
	requests  []*isms.EvidenceRequest
	evidence  []*isms.Evidence
	evLinks   []isms.Link // the control each evidence item supports, in evidence order
	tasks     []*isms.Task
	changedNC []*isms.Nonconformity
}

// loadLargeCertification gives the large organization its certification
// in one transaction, recorded in one audit event, and the external
// auditors' memberships with theirs.
func (a *App) loadLargeCertification(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, progress func(string)) error {
	progress(fmt.Sprintf("adding a certificate with its external audits, %d findings and %d evidence requests", largeDemoExtFindings, largeDemoRequests))
	admin := isms.Actor{UserID: users[0].ID, Name: users[0].Name, OrgID: org.ID, Role: people[0].role}
	hashed := hashPassword(DemoPassword, a.opts.PasswordCost)
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		g, err := newLargeCertGen(ctx, tx, admin, users, people, a.today(), seed)
		if err != nil {
			return err
		}
		g.generate(users, people)
		if err := g.store(ctx, tx, hashed); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(org.ID), admin, "certification.import", objectOrganization, org.ID, isms.Changes{
			"certificates": {After: 1}, "externalAudits": {After: len(g.audits)}, "externalFindings": {After: len(g.findings)},
			"evidenceRequests": {After: len(g.requests)}, "evidence": {After: len(g.evidence)}, "tasks": {After: len(g.tasks)}})
	})
	if err != nil {
		return fmt.Errorf("large demo certification: %w", err)
	}
	return nil
}

// newLargeCertGen reads what the generator needs: the framework's control
// links, the owners of controls who may answer, and the nonconformities
// from external audits.
func newLargeCertGen(ctx context.Context, tx *sqldb.Tx, admin isms.Actor, users []*isms.User, people []demoPerson, today isms.Date, seed uint64) (*largeCertGen, error) {
	fw, err := tx.FindFrameworkByKey(ctx, admin.OrgID, catalog.KeyISO2022)
	if err != nil {
		return nil, err
	}
	g := &largeCertGen{rng: rand.New(rand.NewPCG(seed, 1303)), org: admin.OrgID, admin: admin, today: today, fw: fw.ID, fwName: fw.Title(),
		owners: map[isms.ID]*isms.User{}, names: map[isms.ID]string{}}
	if g.links, err = tx.ControlLinksInFramework(ctx, admin.OrgID, fw.ID); err != nil {
		return nil, err
	}
	answer := map[isms.ID]*isms.User{}
	for i, u := range users {
		g.names[u.ID] = u.Name
		if people[i].role.Allows(isms.EditEvidence) {
			answer[u.ID] = u
		}
	}
	controls, _, err := tx.FindControls(ctx, isms.ControlFilter{OrgID: admin.OrgID, Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	for _, c := range controls {
		if u := answer[c.OwnerID]; u != nil {
			g.owners[c.ID] = u
		}
	}
	g.ncs, _, err = tx.FindNonconformities(ctx, admin.OrgID, isms.NCFilter{Source: isms.NCExternalAudit, Sort: "ref", Limit: largeDemoExtNCs})
	return g, err
}

// generate makes the certificate and its audits, the auditors, the
// findings and the requests.
func (g *largeCertGen) generate(users []*isms.User, people []demoPerson) {
	owner := users[0]
	for i, p := range people {
		if p.role == isms.RoleManager {
			owner = users[i]
			break
		}
	}
	issued := demoMonday(g.today.AddDate(0, -20, 0))
	g.cert = &isms.Certificate{ID: isms.NewID("cert"), OrgID: g.org, CertNumber: "OPA-27K-88310", Body: largeDemoCertBody,
		Standard: "ISO/IEC 27001:2022", FrameworkID: g.fw, Scope: "The information security management system of Large Demo Corporation: " +
			"every product, cloud operations, customer support and the Frankfurt data centre.",
		IssuedOn: issued, ExpiresOn: issued.AddDate(isms.CertificateYears, 0, -1), Status: isms.CertActive,
		OwnerID: owner.ID, CreatedBy: g.admin.UserID}
	g.generateAudits()
	for i := range 2 {
		g.auditors = append(g.auditors, &isms.User{ID: isms.NewID("user"), Email: fmt.Sprintf("auditor%d@orrinpeak.example", i+1),
			Name: []string{"Nadia Stroud", "Felix Amberley"}[i]})
		g.names[g.auditors[i].ID] = g.auditors[i].Name
	}
	g.generateFindings()
	for i := range largeDemoRequests {
		g.request(i)
	}
}

// generateAudits makes the stage 1 and 2 audits before the issue date and
// the cycle isms.PlanCycle plans after it; those started before today
// are completed. Each has its preparation task, done for those completed.
func (g *largeCertGen) generateAudits() {
	c := g.cert
	stage2 := c.IssuedOn.AddDays(-42)
	initial := []isms.ExternalAudit{
		{Kind: isms.ExtStage1, Cycle: 1, StartOn: stage2.AddDays(-56), EndOn: stage2.AddDays(-55)},
		{Kind: isms.ExtStage2, Cycle: 1, StartOn: stage2, EndOn: stage2.AddDays(2)},
	}
	for _, p := range isms.PlanCycle(c, initial, isms.Date{}) {
		initial = append(initial, isms.ExternalAudit{Kind: p.Kind, Cycle: p.Cycle, Sequence: p.Sequence, StartOn: p.StartOn, EndOn: p.EndOn})
	}
	for i := range initial {
		e := &initial[i]
		e.ID, e.OrgID, e.CertificateID, e.CreatedBy, e.Status = isms.NewID("ea"), g.org, c.ID, g.admin.UserID, isms.ExtPlanned
		t := &isms.Task{ID: isms.NewID("tsk"), OrgID: g.org, Title: preparationTitle(c, e),
			OwnerID: c.OwnerID, Due: e.StartOn.AddDays(-isms.ReminderDays), Status: isms.TaskOpen,
			Link: isms.Link{Type: objectExternalAudit, ID: e.ID}, CreatedBy: g.admin.UserID}
		if t.Due.Before(g.today) && !e.StartOn.Before(g.today) {
			t.Due = g.today
		}
		if e.StartOn.Before(g.today) {
			e.Status, e.Result, e.Team = isms.ExtCompleted, isms.ExtRecommended, "Generated audit team"
			e.Summary = "Generated summary: the ISMS conforms, with the findings listed."
			t.Status, t.CompletionNote, t.CompletedBy, t.CompletedAt = isms.TaskDone, "Generated: prepared.", c.OwnerID, t.Due.Time()
		}
		e.ReminderTaskID = t.ID
		g.audits, g.tasks = append(g.audits, e), append(g.tasks, t)
	}
	g.audits[1].Result = isms.ExtRecommendedCondition
}

// generateFindings makes the findings: first those that opened the
// nonconformities from external audits, each on the last completed audit
// that started before it was detected (else stage 2), then observations
// and opportunities for improvement on stage 2 and the first surveillance.
func (g *largeCertGen) generateFindings() {
	for _, n := range g.ncs {
		e := g.audits[1]
		for _, a := range g.audits[1:] {
			if a.Status == isms.ExtCompleted && !a.StartOn.After(n.DetectedOn) {
				e = a
			}
		}
		f := g.finding(e, isms.FindingMinor, n.Title, n.Description, n.Requirements)
		f.CAPDue, f.NonconformityID = e.EndOn.AddDays(30), n.ID
		n.SourceRecord, n.Deadline = isms.Link{Type: objectExternalFinding, ID: f.ID}, f.CAPDue
		g.changedNC = append(g.changedNC, n)
	}
	for i := len(g.findings); i < largeDemoExtFindings; i++ {
		l := g.links[g.rng.IntN(len(g.links))]
		grade := []isms.FindingGrade{isms.FindingObservation, isms.FindingOFI}[i%2]
		g.finding(g.audits[1+i%2], grade, fmt.Sprintf("%s on %s", grade.Label(), l.RequirementRef),
			fmt.Sprintf("Generated finding against %s %s.", l.RequirementRef, l.RequirementText),
			[]isms.RequirementRef{{ID: l.RequirementID, Ref: l.RequirementRef}})
	}
}

// finding appends a finding of audit e raised by its auditor.
func (g *largeCertGen) finding(e *isms.ExternalAudit, grade isms.FindingGrade, title, description string, reqs []isms.RequirementRef) *isms.ExternalFinding {
	f := &isms.ExternalFinding{ID: isms.NewID("xf"), OrgID: g.org, AuditID: e.ID, Grade: grade, Title: clipRunes(title, isms.MaxNameLen),
		Description: description, Requirements: reqs, RaisedBy: g.auditors[0].ID}
	g.findings = append(g.findings, f)
	return f
}

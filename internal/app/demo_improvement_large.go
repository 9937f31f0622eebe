// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The large demo's nonconformities and improvements: forty
// nonconformities over two years (a fifth open, two fifths in corrective
// action, a fifth in their effectiveness check, a fifth closed), the first
// from the audit findings graded major or minor and linked to them, each
// with its corrective actions (tasks) and, once verified, its check; and
// thirty improvements across every status, those from audits linked to
// the findings graded opportunity for improvement.
const (
	largeDemoNCs          = 40
	largeDemoImprovements = 30
)

// largeImprovementGen generates the large demo's nonconformities and
// improvements, the same on every load with the same seed.
type largeImprovementGen struct {
	rng      *rand.Rand
	org      isms.ID
	admin    isms.Actor
	owners   []*isms.User
	today    isms.Date
	ncs      []*isms.AuditFinding // findings graded major or minor, in order
	ofis     []*isms.AuditFinding // findings graded opportunity for improvement
	findings []*isms.AuditFinding // every finding, for requirements

	nonconformities []*isms.Nonconformity
	improvements    []*isms.Improvement
	tasks           []*isms.Task
	actions         []largeNCAction
	links           []largeLinks
}

// largeNCAction is a row of nc_actions.
type largeNCAction struct {
	nc, task isms.ID
	kind     isms.NCActionKind
}

// loadLargeImprovement gives the large organization its nonconformities
// and improvements in one transaction, recorded in one audit event.
func (a *App) loadLargeImprovement(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, progress func(string)) error {
	progress(fmt.Sprintf("adding %d nonconformities with their corrective actions and %d improvements", largeDemoNCs, largeDemoImprovements))
	admin := isms.Actor{UserID: users[0].ID, Name: users[0].Name, OrgID: org.ID, Role: people[0].role}
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		findings, _, err := tx.FindFindings(ctx, org.ID, isms.FindingFilter{Sort: "ref", Limit: isms.MaxPageSize})
		if err != nil {
			return err
		}
		g := &largeImprovementGen{rng: rand.New(rand.NewPCG(seed, 1002)), org: org.ID, admin: admin,
			owners: users[:min(200, len(users))], today: a.today(), findings: findings}
		for _, f := range findings {
			switch f.Grade {
			case isms.FindingMajor, isms.FindingMinor:
				g.ncs = append(g.ncs, f)
			case isms.FindingOFI:
				g.ofis = append(g.ofis, f)
			}
		}
		g.generate()
		if err := g.store(ctx, tx); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(org.ID), admin, "improvement.import", objectOrganization, org.ID, isms.Changes{
			"nonconformities": {After: len(g.nonconformities)}, "tasks": {After: len(g.tasks)},
			"improvements": {After: len(g.improvements)}})
	})
	if err != nil {
		return fmt.Errorf("large demo improvement: %w", err)
	}
	return nil
}

// store writes what generate made, parents before children.
func (g *largeImprovementGen) store(ctx context.Context, tx *sqldb.Tx) error {
	for _, n := range g.nonconformities {
		if err := tx.InsertNonconformity(ctx, n); err != nil {
			return err
		}
	}
	for _, im := range g.improvements {
		if err := tx.InsertImprovement(ctx, im); err != nil {
			return err
		}
	}
	if err := tx.InsertTasks(ctx, g.tasks); err != nil {
		return err
	}
	for _, x := range g.actions {
		if err := tx.InsertNCAction(ctx, g.org, x.nc, x.task, x.kind); err != nil {
			return err
		}
	}
	for _, l := range g.links {
		if _, err := tx.SetRecordLinks(ctx, g.org, l.from, l.toType, l.to); err != nil {
			return err
		}
	}
	return nil
}

// generate makes the nonconformities, then the improvements.
func (g *largeImprovementGen) generate() {
	for i := range largeDemoNCs {
		g.nonconformity(i)
	}
	for i := range largeDemoImprovements {
		g.improvement(i)
	}
}

func (g *largeImprovementGen) owner() isms.ID { return g.owners[g.rng.IntN(len(g.owners))].ID }

// past returns d, or yesterday when d is later: what is done happened.
func (g *largeImprovementGen) past(d isms.Date) isms.Date {
	if y := g.today.AddDays(-1); d.After(y) {
		return y
	}
	return d
}

// largeNCStatuses gives nonconformity i its status by i modulo 10.
var largeNCStatuses = []isms.NCStatus{isms.NCOpen, isms.NCOpen, isms.NCInAction, isms.NCInAction, isms.NCInAction,
	isms.NCInAction, isms.NCVerifying, isms.NCVerifying, isms.NCClosed, isms.NCClosed}

// largeNCSources are the sources of the nonconformities not opened by a
// finding.
var largeNCSources = []isms.NCSource{isms.NCExternalAudit, isms.NCIncident, isms.NCIncident, isms.NCManagementReview,
	isms.NCMonitoring, isms.NCMonitoring, isms.NCComplaint, isms.NCOther}

// nonconformity generates nonconformity i: detected between two years
// and a week ago (the closed ones earliest in their tenth), with steps and
// tasks as far as its status.
func (g *largeImprovementGen) nonconformity(i int) {
	status := largeNCStatuses[i%len(largeNCStatuses)]
	detected := g.today.AddDays(-7 - (largeDemoNCs-i)*17 - g.rng.IntN(10))
	n := &isms.Nonconformity{ID: isms.NewID("nc"), OrgID: g.org, Ref: fmt.Sprintf("NC-%d", i+1), Number: i + 1,
		Grade: isms.NCMinor, DetectedOn: detected, DetectedBy: g.owner(), OwnerID: g.owner(), Status: status,
		CreatedBy: g.admin.UserID, Checks: []isms.EffectivenessCheck{}}
	if i%2 == 0 && i/2 < len(g.ncs) {
		f := g.ncs[i/2]
		n.Source, n.SourceRecord, n.Requirements = isms.NCInternalAudit, isms.Link{Type: objectFinding, ID: f.ID}, f.Requirements
		n.Title, n.Description = "Audit "+f.Title, f.Description
		if f.Grade == isms.FindingMajor {
			n.Grade = isms.NCMajor
		}
		g.links = append(g.links, largeLinks{from: isms.Link{Type: objectFinding, ID: f.ID}, toType: objectNonconformity, to: []isms.ID{n.ID}})
	} else {
		n.Source = largeNCSources[g.rng.IntN(len(largeNCSources))]
		n.Requirements = g.findings[g.rng.IntN(len(g.findings))].Requirements
		n.Title = fmt.Sprintf("%s nonconformity %d on %s", n.Source.Label(), i+1, n.Requirements[0].Ref)
		n.Description = fmt.Sprintf("Generated nonconformity against %s, found by %s.", n.Requirements[0].Ref, n.Source.Label())
		if g.rng.IntN(6) == 0 {
			n.Grade = isms.NCMajor
		}
	}
	if status != isms.NCOpen {
		g.steps(n)
	}
	g.nonconformities = append(g.nonconformities, n)
}

// steps records the correction and root cause of n, its two corrective
// actions (the second open while it is in corrective action, overdue for
// one in three), and for those verified their check: scheduled for half
// of those in their check, recorded effective for the closed ones.
func (g *largeImprovementGen) steps(n *isms.Nonconformity) {
	by := isms.Step{On: n.DetectedOn.AddDays(3), By: n.OwnerID}
	n.Correction, n.CorrectionStep = "Generated correction: the immediate fix was applied and checked.", by
	n.RCAMethod, n.RootCause, n.RCAStep = isms.RCAFiveWhys, "Generated root cause: a step of the procedure had no owner.", isms.Step{On: by.On.AddDays(7), By: n.OwnerID}
	for k := range 2 {
		due := n.DetectedOn.AddDays(45 + 30*k)
		done := n.Status != isms.NCInAction || k == 0
		if !done && n.Number%3 != 0 && due.Before(g.today) {
			due = g.today.AddDays(14 + n.Number)
		}
		g.task(n, isms.NCActionCorrective, fmt.Sprintf("Corrective action %d of %s", k+1, n.Ref), n.OwnerID, due, done)
	}
	switch {
	case n.Status == isms.NCVerifying && n.Number%2 == 0:
		n.CheckDue = g.today.AddDays(n.Number % 20)
		n.CheckTaskID = g.task(n, isms.NCActionCheck, "Effectiveness check of "+n.Ref, n.OwnerID, n.CheckDue, false)
	case n.Status == isms.NCClosed:
		on := g.past(n.DetectedOn.AddDays(120))
		task := g.task(n, isms.NCActionCheck, "Effectiveness check of "+n.Ref, n.OwnerID, on, true)
		n.CheckDue, n.ClosedOn = on, on
		n.Checks = append(n.Checks, isms.EffectivenessCheck{Step: isms.Step{On: on, By: n.OwnerID}, Effective: true,
			Note: "Generated check: the records since the actions show the requirement met.", TaskID: task})
	}
}

// task generates a task of nonconformity n (a corrective action or its
// check) and returns its ID.
func (g *largeImprovementGen) task(n *isms.Nonconformity, kind isms.NCActionKind, title string, owner isms.ID, due isms.Date, done bool) isms.ID {
	t := &isms.Task{ID: isms.NewID("tsk"), OrgID: g.org, Title: title, OwnerID: owner, Due: due, Status: isms.TaskOpen,
		Link: isms.Link{Type: objectNonconformity, ID: n.ID}, CreatedBy: g.admin.UserID}
	if done {
		t.Status, t.CompletionNote, t.CompletedBy = isms.TaskDone, "Generated: done.", owner
		t.CompletedAt = g.past(due).Time()
	}
	g.tasks = append(g.tasks, t)
	g.actions = append(g.actions, largeNCAction{nc: n.ID, task: t.ID, kind: kind})
	return t.ID
}

// largeImpStatuses gives improvement i its status by i modulo 6.
var largeImpStatuses = []isms.ImprovementStatus{isms.ImpProposed, isms.ImpAccepted, isms.ImpInProgress, isms.ImpDone,
	isms.ImpRejected, isms.ImpDeferred}

// improvement generates improvement i; those in progress or done have a
// task, open or done.
func (g *largeImprovementGen) improvement(i int) {
	status := largeImpStatuses[i%len(largeImpStatuses)]
	source := isms.ImprovementSources[i%len(isms.ImprovementSources)]
	im := &isms.Improvement{ID: isms.NewID("imp"), OrgID: g.org, Ref: fmt.Sprintf("IMP-%d", i+1), Number: i + 1,
		Title: fmt.Sprintf("%s improvement %d", source.Label(), i+1), Description: "Generated opportunity for improvement.",
		Source: source, ProposedBy: g.owner(), OwnerID: g.owner(), Status: status, CreatedBy: g.admin.UserID}
	if source == isms.ImpAudit && i/len(isms.ImprovementSources) < len(g.ofis) {
		f := g.ofis[i/len(isms.ImprovementSources)]
		im.SourceRecord, im.Title = isms.Link{Type: objectFinding, ID: f.ID}, "Audit "+f.Title
		g.links = append(g.links, largeLinks{from: im.SourceRecord, toType: objectImprovement, to: []isms.ID{im.ID}})
	}
	if status != isms.ImpProposed {
		im.Evaluation = "Generated evaluation: worth its effort."
		im.DecisionStep = isms.Step{On: g.today.AddDays(-300 + 9*i), By: g.admin.UserID}
		im.DecisionReason = "Generated reason."
		im.Due = g.today.AddDays(-200 + 12*i)
	}
	if status == isms.ImpInProgress || status == isms.ImpDone {
		t := &isms.Task{ID: isms.NewID("tsk"), OrgID: g.org, Title: "Carry out " + im.Ref, OwnerID: im.OwnerID, Due: im.Due,
			Status: isms.TaskOpen, Link: isms.Link{Type: objectImprovement, ID: im.ID}, CreatedBy: g.admin.UserID}
		if status == isms.ImpDone {
			t.Status, t.CompletionNote, t.CompletedBy, t.CompletedAt = isms.TaskDone, "Generated: done.", im.OwnerID, g.past(im.Due).Time()
		}
		g.tasks = append(g.tasks, t)
	}
	g.improvements = append(g.improvements, im)
}

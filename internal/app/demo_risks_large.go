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

// The large demo's risk management at full size (DESIGN §7;
// DemoOptions.Scale shrinks the register): an approved 5×5 method, 20,000
// assets and 5,000 risks owned by 200 people, with links, treatment actions
// and acceptances.
const (
	largeDemoAssets     = 20_000
	largeDemoRisks      = 5_000
	largeRiskOwners     = 200
	largeTopAssets      = 2_000 // assets without a parent; the others may sit under one of them
	largeDemoInsertSize = 2_000 // rows per batch insert
)

var (
	largeAssetNouns = map[isms.AssetType][]string{
		isms.AssetInformation: {"Customer records", "Order history", "Price lists", "Contracts", "Shipment manifests", "Invoices"},
		isms.AssetSoftware:    {"Route planner", "Billing service", "Warehouse app", "Reporting job", "Integration adapter", "Scanner firmware"},
		isms.AssetHardware:    {"Warehouse scanner", "Server", "Fleet tablet", "Switch", "Laptop pool", "Label printer"},
		isms.AssetService:     {"Cloud account", "Managed database", "SaaS tenant", "Message queue", "CDN zone"},
		isms.AssetPeople:      {"Dispatch team", "Depot staff", "Developers", "Support agents"},
		isms.AssetSite:        {"Depot", "Office", "Data centre hall", "Cross-dock"},
		isms.AssetProcess:     {"Order intake", "Returns handling", "Payroll", "Customer onboarding"},
		isms.AssetSupplier:    {"Carrier", "Hosting provider", "Software vendor", "Cleaning contractor"},
	}
	largeAssetTypes = []isms.AssetType{isms.AssetInformation, isms.AssetInformation, isms.AssetSoftware, isms.AssetSoftware,
		isms.AssetHardware, isms.AssetHardware, isms.AssetHardware, isms.AssetService, isms.AssetPeople, isms.AssetSite,
		isms.AssetProcess, isms.AssetSupplier}
	largeThreats = []string{"Ransomware", "Data leak", "Outage", "Account takeover", "Supplier failure", "Insider misuse",
		"Misconfiguration", "Exploited vulnerability", "Payment fraud", "Physical damage"}
	largeStatuses = []isms.RiskStatus{isms.RiskIdentified, isms.RiskAssessed, isms.RiskAssessed, isms.RiskAssessed,
		isms.RiskTreatmentPlanned, isms.RiskTreatmentPlanned, isms.RiskTreatmentPlanned, isms.RiskTreatmentPlanned,
		isms.RiskInTreatment, isms.RiskInTreatment, isms.RiskInTreatment, isms.RiskInTreatment, isms.RiskInTreatment, isms.RiskInTreatment,
		isms.RiskAccepted, isms.RiskAccepted, isms.RiskAccepted, isms.RiskAccepted, isms.RiskClosed, isms.RiskClosed}
	largeTreatments = []isms.TreatmentOption{tModify, tModify, tModify, tModify, tModify, tModify, tRetain, tRetain, tShare, tAvoid}
)

// largeRiskData is what loadLargeRisks generates before storing it.
type largeRiskData struct {
	method      *isms.RiskMethod
	assets      []*isms.Asset
	risks       []*isms.Risk
	assetLinks  [][2]isms.ID
	ctrlLinks   [][2]isms.ID
	tasks       []*isms.Task
	actions     [][3]isms.ID // risk, task, control
	acceptances []*isms.RiskAcceptance
	approvals   []*isms.Approval // of the treatment plans
}

// loadLargeRisks gives the large organization its risk management, with
// the assets and risks of size, in one transaction, with bulk inserts; the
// content is the same for every load with the same seed and size, the
// approvals of the treatment plans included. Two audit events record it:
// the method's approval and the import of the register.
func (a *App) loadLargeRisks(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, size largeDemoSize, progress func(string)) error {
	progress(fmt.Sprintf("adding a 5×5 risk method, %s assets and %s risks", thousands(size.assets), thousands(size.risks)))
	admin := isms.Actor{UserID: users[0].ID, Name: users[0].Name, OrgID: org.ID, Role: people[0].role}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		controls, _, err := tx.FindControls(ctx, isms.ControlFilter{OrgID: org.ID, Sort: "ref", Limit: isms.MaxPageSize})
		if err != nil {
			return err
		}
		g := &largeRiskGen{rng: rand.New(rand.NewPCG(seed, 5000)), org: org.ID, users: users, controls: controls,
			size: size, now: a.now(), today: a.today()}
		data, err := g.generate(admin)
		if err != nil {
			return err
		}
		if err := storeLargeRisks(ctx, tx, data); err != nil {
			return err
		}
		if err := audit(ctx, tx, orgChain(org.ID), admin, "risk_method.approve", objectRiskMethod, data.method.ID,
			isms.Changes{"status": {Before: string(isms.MethodDraft), After: string(isms.MethodApproved)}, "number": {After: 1}}); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(org.ID), admin, "risk.import", objectOrganization, org.ID, isms.Changes{
			"assets": {After: len(data.assets)}, "risks": {After: len(data.risks)}, "assetLinks": {After: len(data.assetLinks)},
			"controlLinks": {After: len(data.ctrlLinks)}, "actions": {After: len(data.actions)}, "acceptances": {After: len(data.acceptances)},
			"treatmentApprovals": {After: len(data.approvals)}})
	})
}

// storeLargeRisks writes the generated data with the batch inserts.
func storeLargeRisks(ctx context.Context, tx *sqldb.Tx, d *largeRiskData) error {
	if err := tx.InsertRiskMethod(ctx, d.method); err != nil {
		return err
	}
	for from := 0; from < len(d.assets); from += largeDemoInsertSize {
		if err := tx.InsertAssets(ctx, d.assets[from:min(from+largeDemoInsertSize, len(d.assets))]); err != nil {
			return err
		}
	}
	for from := 0; from < len(d.risks); from += largeDemoInsertSize {
		if err := tx.InsertRisks(ctx, d.risks[from:min(from+largeDemoInsertSize, len(d.risks))]); err != nil {
			return err
		}
	}
	if err := tx.InsertRiskLinks(ctx, d.method.OrgID, d.assetLinks, d.ctrlLinks); err != nil {
		return err
	}
	if err := tx.InsertTasks(ctx, d.tasks); err != nil {
		return err
	}
	for _, x := range d.actions {
		if err := tx.InsertRiskAction(ctx, d.method.OrgID, x[0], x[1], x[2]); err != nil {
			return err
		}
	}
	for _, acc := range d.acceptances {
		if err := tx.InsertRiskAcceptance(ctx, acc); err != nil {
			return err
		}
	}
	return tx.InsertApprovalRecords(ctx, d.approvals)
}

// largeRiskGen generates the large demo's risk data from the load's seed.
type largeRiskGen struct {
	rng      *rand.Rand
	org      isms.ID
	users    []*isms.User
	controls []*isms.Control
	byID     map[isms.ID]*isms.Control
	size     largeDemoSize
	now      time.Time
	today    isms.Date
	data     largeRiskData
}

// generate makes the method, the assets and the risks.
func (g *largeRiskGen) generate(admin isms.Actor) (*largeRiskData, error) {
	m, err := isms.RiskMethodPreset(5)
	if err != nil {
		return nil, err
	}
	m.ID, m.OrgID, m.Number, m.Name = isms.NewID("rmt"), g.org, 1, "Risk assessment method"
	m.Status, m.ApprovedAt, m.CreatedBy, m.CreatedAt, m.UpdatedAt = isms.MethodApproved, g.now, admin.UserID, g.now, g.now
	m.Version = 1
	g.data.method = m
	for i := range g.size.assets {
		g.data.assets = append(g.data.assets, g.asset(i, admin.UserID))
	}
	g.byID = map[isms.ID]*isms.Control{}
	for _, c := range g.controls {
		g.byID[c.ID] = c
	}
	for i := range g.size.risks {
		if err := g.risk(i, admin); err != nil {
			return nil, err
		}
	}
	return &g.data, nil
}

// asset returns the i-th asset: the first size.topAssets stand alone, the
// others sit under one of them half the time, and one in five depends on
// one of them.
func (g *largeRiskGen) asset(i int, by isms.ID) *isms.Asset {
	rng := g.rng
	typ := largeAssetTypes[rng.IntN(len(largeAssetTypes))]
	nouns := largeAssetNouns[typ]
	created := g.now.Add(-time.Duration(rng.IntN(700*24)) * time.Hour)
	a := &isms.Asset{ID: isms.NewID("ast"), OrgID: g.org, Ref: fmt.Sprintf("AS-%d", i+1),
		Name: fmt.Sprintf("%s %s %d", nouns[rng.IntN(len(nouns))], largeSystems[rng.IntN(len(largeSystems))], i+1), Type: typ,
		OwnerID: g.users[rng.IntN(len(g.users))].ID, Classification: isms.Classifications[rng.IntN(len(isms.Classifications))],
		C: 1 + rng.IntN(5), I: 1 + rng.IntN(5), A: 1 + rng.IntN(5), Location: largeTopics[rng.IntN(len(largeTopics))],
		CreatedBy: by, CreatedAt: created, UpdatedAt: created, Version: 1}
	if top := g.size.topAssets; i >= top {
		if rng.IntN(2) == 0 {
			a.ParentID = g.data.assets[rng.IntN(top)].ID
		}
		if rng.IntN(5) == 0 {
			a.Dependencies = []isms.ID{g.data.assets[rng.IntN(top)].ID}
		}
	}
	return a
}

// risk generates the i-th risk with its links, actions, acceptance and
// the approval of its treatment plan.
func (g *largeRiskGen) risk(i int, admin isms.Actor) error {
	rng, m := g.rng, g.data.method
	owner := g.users[1+rng.IntN(min(largeRiskOwners, len(g.users)-1))]
	created := g.now.Add(-time.Duration(rng.IntN(700*24)) * time.Hour)
	r := &isms.Risk{ID: isms.NewID("rsk"), OrgID: g.org, Ref: fmt.Sprintf("R-%d", i+1), OwnerID: owner.ID, OwnerName: owner.Name,
		Title:    fmt.Sprintf("%s: %s, unit %d", largeThreats[rng.IntN(len(largeThreats))], largeSystems[rng.IntN(len(largeSystems))], i%97+1),
		Category: largeTopics[rng.IntN(len(largeTopics))], Kind: isms.RiskScenario, Status: largeStatuses[rng.IntN(len(largeStatuses))],
		MethodID: m.ID, MethodNumber: m.Number, NextReview: g.today.AddDays(rng.IntN(425) - 60),
		CreatedBy: admin.UserID, CreatedAt: created, UpdatedAt: created, Version: 1}
	if i%2 == 1 {
		r.Kind, r.Threat, r.Vulnerability = isms.RiskAsset, "Exploitation of a weakness", "Generated for the large demo organization."
	} else {
		r.ThreatSource, r.Event, r.Consequence = "Generated source", "Generated event", "Generated consequence"
	}
	if r.Status != isms.RiskIdentified {
		r.Inherent = isms.RiskScore{Likelihood: 1 + rng.IntN(5), Impact: 1 + rng.IntN(5)}
	}
	if r.Status != isms.RiskIdentified && r.Status != isms.RiskAssessed {
		r.Treatment = largeTreatments[rng.IntN(len(largeTreatments))]
		r.TreatmentPlan = "Generated treatment plan."
		r.Residual = isms.RiskScore{Likelihood: 1 + rng.IntN(r.Inherent.Likelihood), Impact: 1 + rng.IntN(r.Inherent.Impact)}
	}
	r.Score(m)
	if r.Status == isms.RiskAccepted && !g.acceptance(r, admin) {
		r.Status = isms.RiskInTreatment
	}
	links, actions := len(g.data.ctrlLinks), len(g.data.actions)
	g.links(r)
	if r.Status == isms.RiskTreatmentPlanned || r.Status == isms.RiskInTreatment {
		g.action(r, i)
	}
	g.data.risks = append(g.data.risks, r)
	if r.Treatment == isms.TreatmentNone {
		return nil
	}
	var controls []*isms.Control
	for _, l := range g.data.ctrlLinks[links:] {
		controls = append(controls, g.byID[l[1]])
	}
	var steps []isms.TreatmentAction
	for k, x := range g.data.actions[actions:] {
		t := g.data.tasks[actions+k] // action appends a task with each action
		steps = append(steps, isms.TreatmentAction{Title: t.Title, OwnerName: t.OwnerName, Due: t.Due, ControlRef: g.refOf(x[2])})
	}
	return g.planApproval(r, admin, controls, steps)
}

// refOf returns the reference of control id; "" when id is empty.
func (g *largeRiskGen) refOf(id isms.ID) string {
	if c := g.byID[id]; c != nil {
		return c.Ref
	}
	return ""
}

// acceptance records that the administrator accepted r's residual level,
// when the method lets anyone accept it.
func (g *largeRiskGen) acceptance(r *isms.Risk, admin isms.Actor) bool {
	m := g.data.method
	level := m.Level(r.Residual.Level)
	if level == nil || level.AcceptBy == isms.AcceptByNobody {
		return false
	}
	acc := &isms.RiskAcceptance{ID: isms.NewID("racc"), OrgID: g.org, RiskID: r.ID, AcceptedBy: admin.UserID,
		AcceptedByName: admin.Name, AcceptedAt: r.CreatedAt, MethodID: m.ID, MethodNumber: m.Number, Residual: r.Residual,
		LevelLabel: level.Label, Comment: "Accepted at the yearly review.", ExpiresOn: r.NextReview}
	r.AcceptanceID, r.AcceptedUntil = acc.ID, acc.ExpiresOn
	g.data.acceptances = append(g.data.acceptances, acc)
	return true
}

// links links r to one to three assets and up to two controls.
func (g *largeRiskGen) links(r *isms.Risk) {
	seen := map[isms.ID]bool{}
	for n := 1 + g.rng.IntN(3); n > 0; n-- {
		id := g.data.assets[g.rng.IntN(len(g.data.assets))].ID
		if !seen[id] {
			seen[id] = true
			g.data.assetLinks = append(g.data.assetLinks, [2]isms.ID{r.ID, id})
			r.Assets++
		}
	}
	for n := g.rng.IntN(3); n > 0 && len(g.controls) > 0; n-- {
		id := g.controls[g.rng.IntN(len(g.controls))].ID
		if !seen[id] {
			seen[id] = true
			g.data.ctrlLinks = append(g.data.ctrlLinks, [2]isms.ID{r.ID, id})
			r.Controls++
		}
	}
}

// action gives r a treatment action owned by its owner, due within four
// months either side of today; every third one is done.
func (g *largeRiskGen) action(r *isms.Risk, i int) {
	t := &isms.Task{ID: isms.NewID("tsk"), OrgID: g.org, Title: "Carry out the treatment of " + r.Ref,
		Description: "Generated treatment action.", OwnerID: r.OwnerID, OwnerName: r.OwnerName,
		Due: g.today.AddDays(g.rng.IntN(240) - 120), Status: isms.TaskOpen, Link: isms.Link{Type: objectRisk, ID: r.ID},
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, UpdatedAt: r.CreatedAt, Version: 1}
	if i%3 == 0 {
		t.Status, t.CompletionNote, t.CompletedBy, t.CompletedByName, t.CompletedAt = isms.TaskDone, "Done.", r.OwnerID, r.OwnerName, g.now
	}
	var control isms.ID
	if len(g.controls) > 0 && g.rng.IntN(2) == 0 {
		control = g.controls[g.rng.IntN(len(g.controls))].ID
	}
	g.data.tasks = append(g.data.tasks, t)
	g.data.actions = append(g.data.actions, [3]isms.ID{r.ID, t.ID, control})
}

// loadLargeAssessment records the large organization's yearly risk
// assessment through the use case, two weeks ago: a snapshot of the
// register as loaded.
func (a *App) loadLargeAssessment(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, _ uint64, progress func(string)) error {
	progress("recording the yearly risk assessment: a snapshot of the register")
	admin := isms.Actor{UserID: users[0].ID, Name: users[0].Name, OrgID: org.ID, Role: people[0].role}
	on := a.today().AddDays(-14)
	_, err := a.CreateRiskAssessment(ctx, admin, RiskAssessmentInput{Title: fmt.Sprintf("Annual risk assessment %d", on.Time().Year()),
		Reason: "The yearly assessment of every risk in the register, as the risk method requires.", PerformedOn: on.String()})
	if err != nil {
		return fmt.Errorf("large demo risk assessment: %w", err)
	}
	return nil
}

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

// The large demo's internal audit and management review: a three-year
// programme in its third year with an audit a quarter (seven closed, one
// reported, one in progress, three planned), about thirty checklist items
// each, sixty findings, and four management reviews (three held and
// approved, one planned).
const (
	largeDemoAudits   = 12
	largeDemoItems    = 30 // per audit
	largeDemoFindings = 60
	largeDemoReviews  = 4
	largeDemoPast     = 8 // audits reported; the programme started 2 years and 20 days ago
)

// largeItemResults weighs the results of the items audited.
var largeItemResults = []isms.ItemResult{isms.ItemConforming, isms.ItemConforming, isms.ItemConforming, isms.ItemConforming,
	isms.ItemConforming, isms.ItemConforming, isms.ItemConforming, isms.ItemConforming, isms.ItemConforming, isms.ItemConforming,
	isms.ItemConforming, isms.ItemConforming, isms.ItemConforming, isms.ItemConforming, isms.ItemConforming, isms.ItemConforming,
	isms.ItemNonconforming, isms.ItemObservation, isms.ItemObservation, isms.ItemNotAudited}

// largeFindingGrades weighs the grades of the findings.
var largeFindingGrades = []isms.FindingGrade{isms.FindingMajor, isms.FindingMinor, isms.FindingMinor, isms.FindingMinor,
	isms.FindingMinor, isms.FindingObservation, isms.FindingObservation, isms.FindingObservation, isms.FindingOFI, isms.FindingOFI}

// largeAuditGen generates the large demo's programme, audits, items and
// findings, the same on every load with the same seed.
type largeAuditGen struct {
	rng      *rand.Rand
	org      isms.ID
	admin    isms.ID
	today    isms.Date
	reqs     []*isms.Requirement // the clauses and applicable controls, in document order
	auditors []isms.ID           // auditors who own no control
}

// loadLargeAudit gives the large organization its internal audits in one
// transaction, recorded in one audit event, then its management reviews
// through the use cases.
func (a *App) loadLargeAudit(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson, seed uint64, progress func(string)) error {
	progress(fmt.Sprintf("adding an audit programme with %d audits, %d findings and %d management reviews",
		largeDemoAudits, largeDemoFindings, largeDemoReviews))
	admin := isms.Actor{UserID: users[0].ID, Name: users[0].Name, OrgID: org.ID, Role: people[0].role}
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		g, err := newLargeAuditGen(ctx, tx, admin, users, people, a.today(), seed)
		if err != nil {
			return err
		}
		return g.store(ctx, tx, admin)
	})
	if err != nil {
		return fmt.Errorf("large demo audits: %w", err)
	}
	if err := a.loadLargeReviews(ctx, admin, users[largeSoAApprover(people)]); err != nil {
		return fmt.Errorf("large demo reviews: %w", err)
	}
	return nil
}

// newLargeAuditGen reads what the generator needs: the requirements the
// programme covers and the auditors free to audit them.
func newLargeAuditGen(ctx context.Context, tx *sqldb.Tx, admin isms.Actor, users []*isms.User, people []demoPerson, today isms.Date, seed uint64) (*largeAuditGen, error) {
	fw, err := tx.FindFrameworkByKey(ctx, admin.OrgID, catalog.KeyISO2022)
	if err != nil {
		return nil, err
	}
	all, _, err := tx.FindRequirements(ctx, isms.RequirementFilter{OrgID: admin.OrgID, FrameworkID: fw.ID})
	if err != nil {
		return nil, err
	}
	excluded, err := tx.SoAExcludedRequirements(ctx, admin.OrgID, fw.ID)
	if err != nil {
		return nil, err
	}
	g := &largeAuditGen{rng: rand.New(rand.NewPCG(seed, 9002)), org: admin.OrgID, admin: admin.UserID, today: today}
	out := map[isms.ID]bool{}
	for _, id := range excluded {
		out[id] = true
	}
	for _, r := range all {
		if (r.Kind == isms.KindClause || r.Kind == isms.KindControl) && !out[r.ID] {
			g.reqs = append(g.reqs, r)
		}
	}
	g.auditors, err = largeFreeAuditors(ctx, tx, admin.OrgID, users, people)
	return g, err
}

// largeFreeAuditors returns the members with the auditor role who own no
// control, so that no audit has an independence conflict; when every
// auditor owns one, the auditors.
func largeFreeAuditors(ctx context.Context, tx *sqldb.Tx, org isms.ID, users []*isms.User, people []demoPerson) ([]isms.ID, error) {
	controls, _, err := tx.FindControls(ctx, isms.ControlFilter{OrgID: org, Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	owners := map[isms.ID]bool{}
	for _, c := range controls {
		owners[c.OwnerID] = true
	}
	var free, any []isms.ID
	for i, p := range people {
		if p.role != isms.RoleAuditor {
			continue
		}
		any = append(any, users[i].ID)
		if !owners[users[i].ID] {
			free = append(free, users[i].ID)
		}
	}
	if len(free) == 0 {
		return any, nil
	}
	return free, nil
}

// store writes the programme, its audits with their items and findings,
// and one audit event.
func (g *largeAuditGen) store(ctx context.Context, tx *sqldb.Tx, admin isms.Actor) error {
	start := g.today.AddDate(-2, 0, -20)
	p := &isms.AuditProgramme{ID: isms.NewID("prog"), OrgID: g.org, Ref: "AP-1", Title: "Group internal audit programme",
		Description: "Every clause and applicable control audited at least once in the certification cycle, one audit a quarter.",
		FrameworkID: g.reqs[0].FrameworkID, Start: start, End: start.AddDate(3, 0, -1), OwnerID: g.admin, CreatedBy: g.admin}
	if err := tx.InsertProgramme(ctx, p); err != nil {
		return err
	}
	var items []*isms.AuditItem
	audits := make([]*isms.InternalAudit, largeDemoAudits)
	for i := range audits {
		audits[i] = g.audit(p, i)
		if err := tx.InsertInternalAudit(ctx, audits[i]); err != nil {
			return err
		}
		items = append(items, g.items(audits[i], i)...)
	}
	if err := tx.InsertAuditItems(ctx, items); err != nil {
		return err
	}
	for i := range largeDemoFindings {
		if err := tx.InsertFinding(ctx, g.finding(audits, items, i)); err != nil {
			return err
		}
	}
	return audit(ctx, tx, orgChain(g.org), admin, "audit_programme.create", objectProgramme, p.ID, isms.Created(map[string]any{
		"ref": p.Ref, "title": p.Title, "audits": len(audits), "items": len(items), "findings": largeDemoFindings}))
}

// audit returns audit i of programme p: one a quarter from its start;
// the seventh before last quarter's are closed, last quarter's is
// reported, this quarter's in progress and the others planned.
func (g *largeAuditGen) audit(p *isms.AuditProgramme, i int) *isms.InternalAudit {
	start := p.Start.AddDate(0, 3*i, 10)
	a := &isms.InternalAudit{ID: isms.NewID("audit"), OrgID: g.org, Ref: fmt.Sprintf("IA-%d", i+1), ProgrammeID: p.ID,
		FrameworkID: p.FrameworkID, Title: fmt.Sprintf("Quarterly audit %d", i+1),
		Criteria: "ISO/IEC 27001:2022 and the group's security policies.", Units: "Generated for the large demo organization.",
		LeadID: g.auditors[i%len(g.auditors)], PlannedStart: start, PlannedEnd: start.AddDays(4), Status: isms.AuditPlanned,
		CreatedBy: g.admin}
	switch {
	case i < largeDemoPast-1:
		a.Status = isms.AuditClosed
	case i == largeDemoPast-1:
		a.Status = isms.AuditReported
	case i == largeDemoPast:
		a.Status = isms.AuditInProgress
	}
	if a.Status == isms.AuditClosed || a.Status == isms.AuditReported {
		a.ReportedOn, a.Summary = start.AddDays(20), "Generated summary: the areas audited conform, with the findings listed."
	}
	return a
}

// items returns the checklist of audit a, the i-th: largeDemoItems
// requirements from where the previous audit stopped, with results for
// the part audited.
func (g *largeAuditGen) items(a *isms.InternalAudit, i int) []*isms.AuditItem {
	out := make([]*isms.AuditItem, largeDemoItems)
	for k := range out {
		r := g.reqs[(i*largeDemoItems+k)%len(g.reqs)]
		it := &isms.AuditItem{AuditID: a.ID, OrgID: g.org, RequirementID: r.ID, Ref: r.Ref, Title: r.Title, Position: k + 1}
		audited := a.Status == isms.AuditClosed || a.Status == isms.AuditReported ||
			(a.Status == isms.AuditInProgress && k < largeDemoItems/2)
		if audited {
			it.Result, it.AuditedBy = largeItemResults[g.rng.IntN(len(largeItemResults))], a.LeadID
			it.Notes, it.Sampling = "Generated result.", "Generated sample."
		}
		out[k] = it
	}
	return out
}

// finding returns finding i, raised on one of the audits that started,
// against one of its items.
func (g *largeAuditGen) finding(audits []*isms.InternalAudit, items []*isms.AuditItem, i int) *isms.AuditFinding {
	started := 0
	for _, a := range audits {
		if a.Status != isms.AuditPlanned {
			started++
		}
	}
	k := i % started
	it := items[k*largeDemoItems+g.rng.IntN(largeDemoItems)]
	grade := largeFindingGrades[g.rng.IntN(len(largeFindingGrades))]
	return &isms.AuditFinding{ID: isms.NewID("afnd"), OrgID: g.org, AuditID: audits[k].ID, Ref: fmt.Sprintf("F-%d", i+1),
		Grade: grade, Title: fmt.Sprintf("%s on %s", grade.Label(), it.Ref),
		Description:  fmt.Sprintf("Generated finding against %s %s.", it.Ref, it.Title),
		Requirements: []isms.RequirementRef{{ID: it.RequirementID, Ref: it.Ref}}, RaisedBy: audits[k].LeadID}
}

// loadLargeReviews has the administrator plan and hold a management
// review a year for the last three years, each approved by chair, and
// plan the next one.
func (a *App) loadLargeReviews(ctx context.Context, admin isms.Actor, chairUser *isms.User) error {
	chair := chairUser.ID
	chairActor := isms.Actor{UserID: chair, Name: chairUser.Name, OrgID: admin.OrgID, Role: isms.RoleManager}
	today := a.today()
	for i := largeDemoReviews - 1; i >= 0; i-- {
		on := today.AddDate(-i+1, -1, 0)
		r, err := a.CreateReview(ctx, admin, ReviewInput{Title: fmt.Sprintf("Management review %d", largeDemoReviews-i),
			PlannedOn: on, ChairID: chair})
		if err != nil || i == 0 {
			return err
		}
		if r, err = a.HoldReview(ctx, admin, r.ID, r.Version, HoldInput{HeldOn: on,
			Attendees: []string{"Chief executive", "CISO", "ISMS manager"}, Minutes: "Generated minutes."}); err != nil {
			return err
		}
		if _, err := a.AddReviewOutput(ctx, admin, r.ID, OutputInput{Kind: isms.OutputImprovement,
			Description: "Generated decision.", OwnerID: chair, Due: on.AddDate(0, 3, 0)}); err != nil {
			return err
		}
		sub, err := a.SubmitReview(ctx, admin, r.ID, r.Version, "Minutes for approval.")
		if err != nil {
			return err
		}
		if _, err := a.DecideApproval(ctx, chairActor, sub.ID, isms.DecisionApprove, "Approved."); err != nil {
			return err
		}
	}
	return nil
}

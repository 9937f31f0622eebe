// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// demoAuditLoader gives the small demo organization its internal audit
// and management review through the use cases: a three-year programme on
// ISO/IEC 27001:2022 started five months ago; IA-1, the first audit,
// carried out seven weeks ago and reported with its checklist filled and
// three findings (one independence conflict accepted with a reason); IA-2
// planned in a few weeks; and MR-1, the first management review, planned
// a few weeks ahead as a recurring activity: none has been held yet. How
// many records and events it makes does not depend on the day.
type demoAuditLoader struct {
	a      *App
	org    *isms.Organization
	users  []*isms.User
	people []demoPerson
	today  isms.Date
}

// as returns demo member i as an actor.
func (d *demoAuditLoader) as(i int) isms.Actor {
	u := d.users[i]
	return isms.Actor{UserID: u.ID, Name: u.Name, OrgID: d.org.ID, Role: d.people[i].role}
}

// manager is the ISMS manager, who plans audits and reviews.
func (d *demoAuditLoader) manager() isms.Actor { return d.as(2) }

// loadDemoAudit loads the small demo's internal audit and management
// review.
func (a *App) loadDemoAudit(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson) error {
	d := &demoAuditLoader{a: a, org: org, users: users, people: people, today: a.today()}
	p, err := d.a.CreateProgramme(ctx, d.manager(), ProgrammeInput{Title: "Internal audit programme", Description: demoProgrammeDescription,
		Framework: catalog.KeyISO2022, Start: d.today.AddDate(0, -5, 0), End: d.today.AddDate(3, -5, -1), OwnerID: users[2].ID})
	if err != nil {
		return fmt.Errorf("demo audit programme: %w", err)
	}
	if err := d.reportedAudit(ctx, p.Ref); err != nil {
		return fmt.Errorf("demo audit IA-1: %w", err)
	}
	if _, err := d.plan(ctx, p.Ref, demoAudits[1]); err != nil {
		return fmt.Errorf("demo audit IA-2: %w", err)
	}
	_, err = a.CreateReview(ctx, d.manager(), ReviewInput{Title: demoReviewTitle, PlannedOn: demoReviewOn(d.today),
		ChairID: users[1].ID, RepeatMonths: 6})
	if err != nil {
		return fmt.Errorf("demo management review MR-1: %w", err)
	}
	return nil
}

// plan plans audit x of programme, accepting its independence conflicts
// with demoOverrideReason.
func (d *demoAuditLoader) plan(ctx context.Context, programme string, x demoAuditPlan) (*isms.InternalAudit, error) {
	start := x.start(d.today)
	in := AuditInput{Programme: programme, Title: x.title, Criteria: x.criteria, Units: x.units, Scope: x.scope,
		Processes: x.processes, LeadID: d.users[x.lead].ID, PlannedStart: start, PlannedEnd: start.AddDays(x.days)}
	for _, i := range x.team {
		in.TeamIDs = append(in.TeamIDs, d.users[i].ID)
	}
	conflicts, err := d.a.CheckIndependence(ctx, d.manager(), in)
	if err != nil {
		return nil, err
	}
	for _, c := range conflicts {
		if in.Overrides == nil {
			in.Overrides = map[string]string{}
		}
		in.Overrides[c.Key()] = demoOverrideReason
	}
	return d.a.PlanAudit(ctx, d.manager(), in)
}

// reportedAudit plans IA-1, has its lead record the checklist and the
// findings, and reports it.
func (d *demoAuditLoader) reportedAudit(ctx context.Context, programme string) error {
	x := demoAudits[0]
	ia, err := d.plan(ctx, programme, x)
	if err != nil {
		return err
	}
	lead := d.as(x.lead)
	if ia, err = d.a.MoveAudit(ctx, lead, ia.ID, ia.Version, isms.AuditInProgress, ""); err != nil {
		return err
	}
	if err := d.checklist(ctx, lead, ia.ID); err != nil {
		return err
	}
	for _, f := range demoFindings {
		in := FindingInput{Audit: ia.Ref, Grade: f.grade, Title: f.title, Description: f.description, Requirements: f.reqs}
		if in.Evidence, err = d.evidenceRef(ctx, f.evidence); err != nil {
			return err
		}
		if _, err := d.a.CreateFinding(ctx, lead, in); err != nil {
			return fmt.Errorf("finding %q: %w", f.title, err)
		}
	}
	v, err := d.a.FindAudit(ctx, lead, string(ia.ID))
	if err != nil {
		return err
	}
	if ia, err = d.a.MoveAudit(ctx, lead, ia.ID, v.Audit.Version, isms.AuditReported, demoAuditSummary); err != nil {
		return err
	}
	return d.reportedOn(ctx, lead, ia.ID, demoIA1Reported(d.today))
}

// checklist records the lead's result on every item of audit.
func (d *demoAuditLoader) checklist(ctx context.Context, lead isms.Actor, audit isms.ID) error {
	v, err := d.a.FindAudit(ctx, lead, string(audit))
	if err != nil {
		return err
	}
	for _, it := range v.Items {
		x, ok := demoItems[it.Ref]
		if !ok {
			x = demoItemDefault
		}
		in := ItemInput{Result: x.result, Notes: x.notes, Sampling: x.sampling}
		if _, err := d.a.RecordAuditItem(ctx, lead, audit, it.RequirementID, it.Version, in); err != nil {
			return fmt.Errorf("item %s: %w", it.Ref, err)
		}
	}
	return nil
}

// evidenceRef returns the ID of the demo's evidence item titled
// title, or "" when there is none (file items need a file store).
func (d *demoAuditLoader) evidenceRef(ctx context.Context, title string) (string, error) {
	if title == "" {
		return "", nil
	}
	list, _, err := d.a.FindEvidence(ctx, d.manager(), isms.EvidenceFilter{Query: title, Limit: 10})
	if err != nil {
		return "", err
	}
	for _, e := range list {
		if e.Title == title {
			return string(e.ID), nil
		}
	}
	return "", nil
}

// reportedOn dates audit's report on day, as it was: MoveAudit always
// reports today, so the demo writes the date as it would have been
// stored then, with its audit event.
func (d *demoAuditLoader) reportedOn(ctx context.Context, lead isms.Actor, id isms.ID, day isms.Date) error {
	return d.a.db.Update(ctx, func(tx *sqldb.Tx) error {
		ia, err := tx.FindInternalAuditByIDForUpdate(ctx, d.org.ID, id)
		if err != nil {
			return err
		}
		before := ia.ReportedOn
		ia.ReportedOn = day
		if err := tx.UpdateInternalAudit(ctx, ia, ia.Version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(d.org.ID), lead, "internal_audit.update", objectAudit, ia.ID,
			isms.Changes{"reportedOn": {Before: before.String(), After: day.String()}})
	})
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// demoImprovementLoader gives the small demo organization its
// nonconformities and improvements through the use cases: NC-1, which
// IA-1's minor nonconformity opened, in corrective action (correction and
// root cause recorded, one action done, one open); NC-2 from an incident
// early in the ISMS project, closed three months ago after an effective
// check; NC-3 from a monitoring result, open; and four improvements (one
// from an audit observation in progress as a task, one from a metric
// carried out as a planned change, one proposed, one rejected). The use
// cases date every
// step today; the steps of the past are then dated as they happened, each
// nonconformity in one event. How many records and events it makes does
// not depend on the day.
type demoImprovementLoader struct {
	a      *App
	org    *isms.Organization
	users  []*isms.User
	people []demoPerson
	today  isms.Date
}

// as returns demo member i as an actor.
func (d *demoImprovementLoader) as(i int) isms.Actor {
	u := d.users[i]
	return isms.Actor{UserID: u.ID, Name: u.Name, OrgID: d.org.ID, Role: d.people[i].role}
}

// manager is the ISMS manager, who keeps the registers.
func (d *demoImprovementLoader) manager() isms.Actor { return d.as(2) }

// loadDemoImprovement loads the small demo's nonconformities and
// improvements; it runs after the internal audit's.
func (a *App) loadDemoImprovement(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson) error {
	d := &demoImprovementLoader{a: a, org: org, users: users, people: people, today: a.today()}
	steps := []struct {
		what string
		run  func(context.Context) error
	}{
		{"the audit's nonconformity", d.auditNC},
		{"the incident's nonconformity", d.incidentNC},
		{"the monitoring nonconformity", d.monitoringNC},
		{"improvements", d.improvements},
	}
	for _, s := range steps {
		if err := s.run(ctx); err != nil {
			return fmt.Errorf("demo improvement, %s: %w", s.what, err)
		}
	}
	return nil
}

// auditNC takes the nonconformity IA-1's finding F-1 opened: the IT lead
// owns it, it concerns the access review control, its correction and
// root cause are recorded, and of its two actions the first is done.
func (d *demoImprovementLoader) auditNC(ctx context.Context) error {
	mgr := d.manager()
	f, err := d.a.FindFinding(ctx, mgr, "F-1")
	if err != nil {
		return err
	}
	nc, err := d.a.findNCBySource(ctx, d.org.ID, isms.Link{Type: objectFinding, ID: f.ID})
	if err != nil {
		return fmt.Errorf("the nonconformity opened by F-1: %w", err)
	}
	in := ncInputOf(nc)
	detected := demoIA1Start(d.today).AddDays(demoIA1Days)
	in.OwnerID, in.DetectedOn, in.Deadline = d.users[3].ID, detected, detected.AddDays(90)
	if in.Records, err = d.controlRefs(ctx, demoAccessControl); err != nil {
		return err
	}
	if nc, err = d.a.UpdateNonconformity(ctx, mgr, nc.ID, nc.Version, in); err != nil {
		return err
	}
	if nc, err = d.a.RecordCorrection(ctx, d.as(3), nc.ID, nc.Version, StepInput{Text: demoAccessCorrection}); err != nil {
		return err
	}
	if nc, err = d.a.RecordRootCause(ctx, mgr, nc.ID, nc.Version, StepInput{Text: demoAccessRootCause, Method: isms.RCAFiveWhys}); err != nil {
		return err
	}
	for _, x := range demoAccessActions {
		changes, err := d.controlRefs(ctx, x.control)
		if err != nil {
			return err
		}
		act, err := d.a.AddCorrectiveAction(ctx, mgr, nc.ID, nc.Version,
			ActionInput{Title: x.title, OwnerID: d.users[x.owner].ID, Due: d.today.AddDays(x.due), Changes: changes})
		if err != nil {
			return fmt.Errorf("action %q: %w", x.title, err)
		}
		if x.done {
			if _, err := d.a.CompleteTask(ctx, d.as(x.owner), act.TaskID, x.note); err != nil {
				return fmt.Errorf("complete %q: %w", x.title, err)
			}
		}
		if nc, err = d.reload(ctx, nc.ID); err != nil {
			return err
		}
	}
	return d.dateSteps(ctx, nc.ID, func(n *isms.Nonconformity) {
		n.CorrectionStep.On, n.RCAStep.On = detected.AddDays(6), detected.AddDays(20)
	})
}

// incidentNC raises the incident's nonconformity as it was seven months
// ago, takes it through every step and closes it with an effective check
// three months after its corrective action, then dates the steps as they
// happened.
func (d *demoImprovementLoader) incidentNC(ctx context.Context) error {
	mgr, hr := d.manager(), d.as(4)
	detected := d.today.AddDays(demoIncidentDetected)
	nc, err := d.a.RaiseNonconformity(ctx, mgr, NCInput{Title: demoIncidentTitle, Description: demoIncidentDescription,
		Source: isms.NCIncident, Grade: isms.NCMinor, Requirements: "A.5.11, A.6.5", DetectedOn: detected,
		DetectedBy: d.users[5].ID, OwnerID: hr.UserID, Deadline: detected.AddDays(60)})
	if err != nil {
		return err
	}
	if nc, err = d.a.RecordCorrection(ctx, d.as(5), nc.ID, nc.Version, StepInput{Text: demoIncidentCorrection}); err != nil {
		return err
	}
	if nc, err = d.a.RecordRootCause(ctx, hr, nc.ID, nc.Version, StepInput{Text: demoIncidentRootCause, Method: isms.RCACauseEffect}); err != nil {
		return err
	}
	if nc, err = d.a.RecordSimilar(ctx, hr, nc.ID, nc.Version, StepInput{Text: demoIncidentSimilar}); err != nil {
		return err
	}
	act, err := d.a.AddCorrectiveAction(ctx, mgr, nc.ID, nc.Version, ActionInput{Title: demoIncidentAction,
		OwnerID: hr.UserID, Due: detected.AddDays(30)})
	if err != nil {
		return err
	}
	if _, err := d.a.CompleteTask(ctx, hr, act.TaskID, "The checklist has the step; facilities get the HR leaver event."); err != nil {
		return err
	}
	if nc, err = d.reload(ctx, nc.ID); err != nil {
		return err
	}
	if nc, err = d.a.ScheduleEffectivenessCheck(ctx, hr, nc.ID, nc.Version, d.today); err != nil {
		return err
	}
	if nc, err = d.a.RecordEffectiveness(ctx, hr, nc.ID, nc.Version, CheckInput{Effective: true, Note: demoIncidentCheck}); err != nil {
		return err
	}
	return d.dateSteps(ctx, nc.ID, func(n *isms.Nonconformity) {
		n.CorrectionStep.On, n.RCAStep.On, n.SimilarStep.On = detected.AddDays(1), detected.AddDays(8), detected.AddDays(9)
		n.ClosedOn = detected.AddDays(120)
		for i := range n.Checks {
			n.Checks[i].On = n.ClosedOn
		}
	})
}

// monitoringNC raises the open nonconformity of the warehouse restore,
// five weeks ago: its root cause waits for the warehouse vendor.
func (d *demoImprovementLoader) monitoringNC(ctx context.Context) error {
	records, err := d.controlRefs(ctx, "Nightly encrypted backups with quarterly restore tests")
	if err != nil {
		return err
	}
	_, err = d.a.RaiseNonconformity(ctx, d.manager(), NCInput{Title: demoMonitoringTitle, Description: demoMonitoringDescription,
		Source: isms.NCMonitoring, Grade: isms.NCMinor, Requirements: "A.8.13", DetectedOn: d.today.AddDays(demoMonitoringDetected),
		OwnerID: d.users[3].ID, Deadline: d.today.AddDays(demoMonitoringDetected + 70), Records: records})
	return err
}

// improvements proposes, decides and carries out the improvements.
func (d *demoImprovementLoader) improvements(ctx context.Context) error {
	for _, x := range demoImprovements {
		if err := d.improvement(ctx, x); err != nil {
			return fmt.Errorf("%q: %w", x.title, err)
		}
	}
	return nil
}

// improvement proposes x, has the CISO decide it, and carries it out.
func (d *demoImprovementLoader) improvement(ctx context.Context, x demoImprovement) error {
	in := ImprovementInput{Title: x.title, Description: x.description, Source: x.source, SourceRecord: x.sourceRecord,
		Evaluation: x.evaluation, OwnerID: d.users[x.owner].ID}
	if x.due != 0 {
		in.Due = d.today.AddDays(x.due)
	}
	im, err := d.a.ProposeImprovement(ctx, d.as(x.proposer), in)
	if err != nil || x.decision == "" {
		return err
	}
	if im, err = d.a.DecideImprovement(ctx, d.as(1), im.ID, im.Version, x.decision, x.reason); err != nil {
		return err
	}
	if x.task != "" {
		_, err = d.a.AddImprovementTask(ctx, d.manager(), im.ID, im.Version, TaskInput{Title: x.task,
			OwnerID: im.OwnerID, Due: in.Due.String()})
	}
	if x.change {
		_, err = d.a.PlanImprovementChange(ctx, d.manager(), im.ID, im.Version)
	}
	return err
}

// controlRefs returns the references of the demo's controls titled titles
// ("|"-separated), comma-separated as a form takes them.
func (d *demoImprovementLoader) controlRefs(ctx context.Context, titles string) (string, error) {
	var refs []string
	for _, title := range splitList(titles, "|") {
		list, _, err := d.a.FindControls(ctx, d.manager(), isms.ControlFilter{Search: title, Limit: 10})
		if err != nil {
			return "", err
		}
		ref := ""
		for _, c := range list {
			if c.Title == title {
				ref = c.Ref
			}
		}
		if ref == "" {
			return "", fmt.Errorf("no demo control %q", title)
		}
		refs = append(refs, ref)
	}
	return strings.Join(refs, ", "), nil
}

// reload returns nonconformity id as stored now.
func (d *demoImprovementLoader) reload(ctx context.Context, id isms.ID) (*isms.Nonconformity, error) {
	v, err := d.a.FindNonconformity(ctx, d.manager(), string(id))
	if err != nil {
		return nil, err
	}
	return v.NC, nil
}

// dateSteps dates the steps of nonconformity id as they happened: the
// use cases date them today. It stores what date changes with one
// nonconformity.update event, as the ISMS manager.
func (d *demoImprovementLoader) dateSteps(ctx context.Context, id isms.ID, date func(n *isms.Nonconformity)) error {
	return d.a.db.Update(ctx, func(tx *sqldb.Tx) error {
		n, err := tx.FindNonconformityByIDForUpdate(ctx, d.org.ID, id)
		if err != nil {
			return err
		}
		before := ncStepDates(n)
		date(n)
		after := ncStepDates(n)
		c := isms.Changes{}
		for k, b := range before {
			if a := after[k]; a != b {
				c[k] = isms.Change{Before: b, After: a}
			}
		}
		if err := tx.UpdateNonconformity(ctx, n, n.Version); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(d.org.ID), d.manager(), "nonconformity.update", objectNonconformity, n.ID, c)
	})
}

// ncStepDates returns the dates of n's steps by field, "" when not set.
func ncStepDates(n *isms.Nonconformity) map[string]string {
	s := func(d isms.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	out := map[string]string{"correctionStep.on": s(n.CorrectionStep.On), "rcaStep.on": s(n.RCAStep.On),
		"similarStep.on": s(n.SimilarStep.On), "checkDue": s(n.CheckDue), "closedOn": s(n.ClosedOn)}
	for i, c := range n.Checks {
		out[fmt.Sprintf("checks.%d.on", i)] = s(c.On)
	}
	return out
}

// findNCBySource returns the nonconformity opened from record src.
func (a *App) findNCBySource(ctx context.Context, org isms.ID, src isms.Link) (n *isms.Nonconformity, err error) {
	err = a.db.View(ctx, func(tx *sqldb.Tx) error {
		n, err = tx.FindNonconformityBySource(ctx, org, src)
		return err
	})
	return n, err
}

// ncInputOf returns the description fields of n as a form gives them.
func ncInputOf(n *isms.Nonconformity) NCInput {
	refs := make([]string, len(n.Requirements))
	for i, r := range n.Requirements {
		refs[i] = r.Ref
	}
	in := NCInput{Title: n.Title, Description: n.Description, Source: n.Source, Grade: n.Grade,
		Requirements: strings.Join(refs, ", "), DetectedOn: n.DetectedOn, DetectedBy: n.DetectedBy,
		OwnerID: n.OwnerID, Deadline: n.Deadline}
	if !n.SourceRecord.IsZero() {
		in.SourceRecord = n.SourceRecord.String()
	}
	return in
}

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// demoCertificationLoader gives the small demo organization its
// certification through the use cases: CERT-1, ISO/IEC 27001:2022 issued
// about ten and a half months ago for the approved scope and owned by the
// ISMS manager; its stage 1 audit (recommended) and stage 2 audit
// (recommended subject to the corrective action plan) with a minor
// nonconformity XF-1, whose nonconformity record is in corrective action,
// and an observation XF-2; the rest of the cycle planned from the
// certificate (surveillance 1 in a few weeks, surveillance 2 and the
// recertification), each with its preparation task; the body's lead
// auditor, a member with the auditor role limited to ISO/IEC 27001:2022
// for 60 days (password DemoPassword); and her request list for the
// surveillance audit: one request accepted, one answered, two open (one
// overdue).
//
// The use cases date every step today. The loader then dates as they
// happened, each with its own audit event: the preparation tasks of the
// past audits (due and completed before the audits), the correction and
// root cause of XF-1's nonconformity, and the overdue request's due date.
// The audit events themselves, the completion of the corrective action
// done, and the requests' threads stay dated today. How many records and
// events it makes does not depend on the day.
type demoCertificationLoader struct {
	demoImprovementLoader
	framework isms.ID
	cert      *isms.Certificate
	auditor   isms.Actor
}

// loadDemoCertification loads the small demo's certification; it runs
// after the nonconformities', whose helpers it shares.
func (a *App) loadDemoCertification(ctx context.Context, org *isms.Organization, users []*isms.User, people []demoPerson) error {
	d := &demoCertificationLoader{demoImprovementLoader: demoImprovementLoader{a: a, org: org, users: users, people: people, today: a.today()}}
	steps := []struct {
		what string
		run  func(context.Context) error
	}{
		{"the certificate", d.certificate},
		{"the stage 1 and stage 2 audits", d.initialAudits},
		{"the cycle", d.planCycle},
		{"the external auditor", d.inviteAuditor},
		{"the evidence requests", d.evidenceRequests},
	}
	for _, s := range steps {
		if err := s.run(ctx); err != nil {
			return fmt.Errorf("demo certification, %s: %w", s.what, err)
		}
	}
	return nil
}

// demoCertIssued is the issue date of the demo's certificate on today:
// the Monday of the week ten and a half months ago, so that the first
// surveillance audit (eleven months after issue) is a few weeks ahead and
// the initial audits, whole weeks before it, start on Mondays.
func demoCertIssued(today isms.Date) isms.Date { return demoMonday(today.AddDate(0, -10, -14)) }

// demoMonday returns the Monday of d's week.
func demoMonday(d isms.Date) isms.Date {
	return d.AddDays(-(int(d.Weekday()) + 6) % 7)
}

// certificate records CERT-1 for the approved scope, as the ISMS manager.
func (d *demoCertificationLoader) certificate(ctx context.Context) error {
	mgr := d.manager()
	scope, _, err := d.a.CurrentScope(ctx, mgr)
	if err != nil {
		return err
	}
	if scope == nil {
		return fmt.Errorf("the demo has no approved scope")
	}
	fw, err := d.a.FindFramework(ctx, mgr, catalog.KeyISO2022)
	if err != nil {
		return err
	}
	d.framework = fw.ID
	issued := demoCertIssued(d.today)
	d.cert, err = d.a.CreateCertificate(ctx, mgr, CertificateInput{Body: demoCertBody, CertNumber: demoCertNumber,
		Standard: demoCertStandard, Framework: string(fw.ID), Scope: scope.Statement, IssuedOn: issued.String(),
		ExpiresOn: issued.AddDate(isms.CertificateYears, 0, -1).String(), Status: string(isms.CertActive), Owner: string(mgr.UserID)})
	return err
}

// initialAudits records the stage 1 and stage 2 audits before the issue
// date, the stage 2 findings and the nonconformity XF-1 opened.
func (d *demoCertificationLoader) initialAudits(ctx context.Context) error {
	stage2 := d.cert.IssuedOn.AddDays(-35)
	stage1 := stage2.AddDays(-56)
	if _, err := d.audit(ctx, isms.ExtStage1, stage1, 1, isms.ExtRecommended, demoStage1Summary); err != nil {
		return fmt.Errorf("stage 1: %w", err)
	}
	ea, err := d.audit(ctx, isms.ExtStage2, stage2, 2, isms.ExtResultNone, "")
	if err != nil {
		return fmt.Errorf("stage 2: %w", err)
	}
	for _, f := range demoExternalFindings {
		in := ExternalFindingInput{Audit: ea.Ref, Grade: string(f.grade), Title: f.title, Description: f.description, Requirements: f.reqs}
		if f.capDue != 0 {
			in.CAPDue = ea.EndOn.AddDays(f.capDue).String()
		}
		if _, err := d.a.CreateExternalFinding(ctx, d.manager(), in); err != nil {
			return fmt.Errorf("finding %q: %w", f.title, err)
		}
	}
	in := externalAuditInput(ea)
	in.Status, in.Result, in.Summary = string(isms.ExtCompleted), string(isms.ExtRecommendedCondition), demoStage2Summary
	if _, err := d.a.UpdateExternalAudit(ctx, d.manager(), ea.ID, ea.Version, in); err != nil {
		return fmt.Errorf("complete stage 2: %w", err)
	}
	return d.supplierNC(ctx, ea)
}

// audit records a past audit of kind from start, lasting days, as the
// ISMS manager: completed with result, or in progress when result is
// none. Its preparation task was done a week before the audit.
func (d *demoCertificationLoader) audit(ctx context.Context, kind isms.ExternalAuditKind, start isms.Date, days int,
	result isms.ExternalAuditResult, summary string) (*isms.ExternalAudit, error) {
	status := isms.ExtCompleted
	if result == isms.ExtResultNone {
		status = isms.ExtInProgress
	}
	ea, err := d.a.CreateExternalAudit(ctx, d.manager(), ExternalAuditInput{Certificate: d.cert.Ref, Kind: string(kind), Cycle: "1",
		StartOn: start.String(), EndOn: start.AddDays(days - 1).String(), Team: demoCertTeam, Status: string(status),
		Result: string(result), Summary: summary})
	if err != nil {
		return nil, err
	}
	if _, err := d.a.CompleteTask(ctx, d.manager(), ea.ReminderTaskID, "Documents sent to the body; rooms and interviews booked."); err != nil {
		return nil, err
	}
	return ea, d.dateTask(ctx, ea.ReminderTaskID, start.AddDays(-isms.ReminderDays), start.AddDays(-7))
}

// externalAuditInput returns ea as its form gives it.
func externalAuditInput(ea *isms.ExternalAudit) ExternalAuditInput {
	in := ExternalAuditInput{Certificate: string(ea.CertificateID), Kind: string(ea.Kind), Cycle: strconv.Itoa(ea.Cycle),
		StartOn: ea.StartOn.String(), EndOn: ea.EndOn.String(), Team: ea.Team, Status: string(ea.Status),
		Result: string(ea.Result), Summary: ea.Summary}
	if ea.Sequence > 0 {
		in.Sequence = strconv.Itoa(ea.Sequence)
	}
	return in
}

// dateTask dates task id as it happened: due on due and, when it is
// closed, completed on done. It stores what changes with one task.update
// event, as the ISMS manager.
func (d *demoCertificationLoader) dateTask(ctx context.Context, id isms.ID, due, done isms.Date) error {
	return d.a.db.Update(ctx, func(tx *sqldb.Tx) error {
		t, err := tx.FindTaskByIDForUpdate(ctx, d.org.ID, id)
		if err != nil {
			return err
		}
		c := isms.Changes{"due": {Before: t.Due.String(), After: due.String()}}
		if !t.CompletedAt.IsZero() {
			at := done.Time().Add(16 * time.Hour)
			c["completedAt"] = isms.Change{Before: t.CompletedAt.UTC().Format(isms.TimeLayout), After: at.Format(isms.TimeLayout)}
			t.CompletedAt = at
		}
		t.Due = due
		if err := tx.UpdateTask(ctx, t); err != nil {
			return err
		}
		return audit(ctx, tx, orgChain(d.org.ID), d.manager(), "task.update", objectTask, t.ID, c)
	})
}

// supplierNC takes the nonconformity XF-1 opened into corrective action:
// correction and root cause recorded a week and three weeks after the
// audit, the first of two actions done.
func (d *demoCertificationLoader) supplierNC(ctx context.Context, ea *isms.ExternalAudit) error {
	mgr := d.manager()
	f, err := d.a.FindExternalFinding(ctx, mgr, "XF-1")
	if err != nil {
		return err
	}
	nc, err := d.reload(ctx, f.NonconformityID)
	if err != nil {
		return fmt.Errorf("the nonconformity opened by XF-1: %w", err)
	}
	if nc, err = d.a.RecordCorrection(ctx, mgr, nc.ID, nc.Version, StepInput{Text: demoSupplierCorrection}); err != nil {
		return err
	}
	if nc, err = d.a.RecordRootCause(ctx, mgr, nc.ID, nc.Version, StepInput{Text: demoSupplierRootCause, Method: isms.RCAFiveWhys}); err != nil {
		return err
	}
	changes, err := d.controlRefs(ctx, demoSupplierControl)
	if err != nil {
		return err
	}
	for _, x := range demoSupplierActions {
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
	end := ea.EndOn
	return d.dateSteps(ctx, nc.ID, func(n *isms.Nonconformity) {
		n.CorrectionStep.On, n.RCAStep.On = end.AddDays(7), end.AddDays(21)
	})
}

// planCycle plans the rest of the cycle from the certificate, and names
// the lead auditor the body announced for the first surveillance audit.
func (d *demoCertificationLoader) planCycle(ctx context.Context) error {
	planned, err := d.a.PlanCertificationCycle(ctx, d.manager(), d.cert.ID, "")
	if err != nil {
		return err
	}
	if len(planned) != 3 {
		return fmt.Errorf("planned %d audits, want surveillance 1 and 2 and the recertification", len(planned))
	}
	in := externalAuditInput(planned[0])
	in.Team = demoSurveillanceTeam
	_, err = d.a.UpdateExternalAudit(ctx, d.manager(), planned[0].ID, planned[0].Version, in)
	return err
}

// inviteAuditor gives the body's lead auditor access until 60 days from
// today, limited to ISO/IEC 27001:2022, and sets her password to the
// demo's, as if she had chosen it at her first sign-in.
func (d *demoCertificationLoader) inviteAuditor(ctx context.Context) error {
	res, err := d.a.InviteAuditor(ctx, d.manager(), AuditorInput{Email: demoAuditorEmail, Name: demoAuditorName,
		AccessUntil: d.today.AddDays(demoAuditorDays).String(), Framework: string(d.framework)})
	if err != nil {
		return err
	}
	d.auditor = isms.Actor{UserID: res.User.ID, Name: res.User.Name, OrgID: d.org.ID, Role: isms.RoleAuditor,
		FrameworkID: d.framework, Watched: true}
	hashed := hashPassword(DemoPassword, d.a.opts.PasswordCost)
	return d.a.db.Update(ctx, func(tx *sqldb.Tx) error {
		if err := tx.SetPassword(ctx, res.User.ID, hashed, false); err != nil {
			return err
		}
		return audit(ctx, tx, isms.InstallationChain, isms.Actor{Name: "demo loader", System: true}, "user.reset_password", "user",
			res.User.ID, isms.Changes{"mustChangePassword": {Before: true, After: false}})
	})
}

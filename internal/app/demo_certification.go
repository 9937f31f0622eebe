// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strconv"

	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// demoCertificationLoader gives the small demo organization its
// certification as it stands mid-way through the first implementation,
// through the use cases: no certificate yet, but CERT-1, the
// certification being pursued with the body the board chose, for the
// approved scope and owned by the ISMS manager; its stage 1 audit planned
// about four months ahead and the stage 2 audit six weeks after it, each
// with its preparation task; the body's lead auditor, a member with the
// auditor role limited to ISO/IEC 27001:2022 until the end of stage 2
// (password DemoPassword); and the documents she asked for ahead of stage
// 1: one request accepted, one answered, three open (one overdue).
//
// The use cases date every step today. The loader then dates the overdue
// request as it was asked, with its own audit event. How many records and
// events it makes does not depend on the day.
type demoCertificationLoader struct {
	demoImprovementLoader
	framework isms.ID
	cert      *isms.Certificate
	stage1    *isms.ExternalAudit
	until     isms.Date // the last day of the auditor's access: the end of stage 2
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
		{"the certification pursued", d.certificate},
		{"the stage 1 and stage 2 audits", d.planAudits},
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

// demoStage1 is the first day of the stage 1 audit on today: the Monday
// of the week four months ahead, after IA-2 and the first management
// review.
func demoStage1(today isms.Date) isms.Date { return demoMonday(today.AddDate(0, 4, 0)) }

// demoMonday returns the Monday of d's week.
func demoMonday(d isms.Date) isms.Date {
	return d.AddDays(-(int(d.Weekday()) + 6) % 7)
}

// certificate records CERT-1, pursued for the approved scope, as the ISMS
// manager: no number or dates until the body issues it.
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
	d.cert, err = d.a.CreateCertificate(ctx, mgr, CertificateInput{Body: demoCertBody, Standard: demoCertStandard,
		Framework: string(fw.ID), Scope: scope.Statement, Status: string(isms.CertPursuing), Owner: string(mgr.UserID)})
	return err
}

// planAudits plans the stage 1 and stage 2 audits from the stage 1 date
// the body confirmed, and names the lead auditor it announced for them.
func (d *demoCertificationLoader) planAudits(ctx context.Context) error {
	planned, err := d.a.PlanCertificationCycle(ctx, d.manager(), d.cert.ID, demoStage1(d.today).String())
	if err != nil {
		return err
	}
	if len(planned) != 2 {
		return fmt.Errorf("planned %d audits, want stage 1 and stage 2", len(planned))
	}
	for i, ea := range planned {
		in := externalAuditInput(ea)
		in.Team = demoCertTeam
		if planned[i], err = d.a.UpdateExternalAudit(ctx, d.manager(), ea.ID, ea.Version, in); err != nil {
			return err
		}
	}
	d.stage1, d.until = planned[0], planned[1].EndOn
	return nil
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

// inviteAuditor gives the body's lead auditor access until the end of the
// stage 2 audit, limited to ISO/IEC 27001:2022, and sets her password to
// the demo's, as if she had chosen it at her first sign-in.
func (d *demoCertificationLoader) inviteAuditor(ctx context.Context) error {
	res, err := d.a.InviteAuditor(ctx, d.manager(), AuditorInput{Email: demoAuditorEmail, Name: demoAuditorName,
		AccessUntil: d.until.String(), Framework: string(d.framework)})
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

// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Every external audit comes with a preparation task for the owner of its
// certificate, due isms.ReminderDays before the audit starts: the cycle
// is planned as audits, and the audits reach people's work as tasks. The
// task follows the audit: a new start date moves it, cancelling the audit
// cancels it, deleting the audit cancels it.

// PlanCertificationCycle creates the external audits the certificate's
// cycle calls for and does not hold yet (isms.PlanCycle), each with its
// preparation task for the certificate's owner due isms.ReminderDays
// before it starts. stage1 (YYYY-MM-DD) is the stage 1 date of a
// certificate being pursued; it is ignored for an issued one.
func (a *App) PlanCertificationCycle(ctx context.Context, actor isms.Actor, id isms.ID, stage1 string) ([]*isms.ExternalAudit, error) {
	if err := forbid(actor.Can(isms.ManageCertification), "You may not plan external audits"+needManageCertification); err != nil {
		return nil, err
	}
	p := isms.Problems{}
	day := auditDay(stage1, "stage1", "date of the stage 1 audit", p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	created := []*isms.ExternalAudit{}
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		c, err := findCertificateByIDOrRef(ctx, tx, actor.OrgID, string(id))
		if err != nil {
			return err
		}
		planned, err := cyclePlan(ctx, tx, c, day)
		if err != nil {
			return err
		}
		refs := make([]string, 0, len(planned))
		for _, pa := range planned {
			e := &isms.ExternalAudit{ID: isms.NewID("ea"), OrgID: c.OrgID, CertificateID: c.ID, CertificateRef: c.Ref,
				Kind: pa.Kind, Cycle: pa.Cycle, Sequence: pa.Sequence, StartOn: pa.StartOn, EndOn: pa.EndOn,
				Status: isms.ExtPlanned, CreatedBy: actor.UserID}
			if err := a.insertExternalAudit(ctx, tx, actor, c, e); err != nil {
				return err
			}
			created, refs = append(created, e), append(refs, e.Ref)
		}
		if len(created) == 0 {
			return nil
		}
		return audit(ctx, tx, orgChain(c.OrgID), actor, "certificate.plan", objectCertificate, c.ID,
			isms.Changes{"audits": {After: strings.Join(refs, ", ")}})
	})
	if err != nil {
		return nil, err
	}
	return created, nil
}

// cyclePlan returns the audits c's cycle still calls for; stage1 is the
// date of the stage 1 audit of a certificate being pursued, required
// unless that audit is planned already.
func cyclePlan(ctx context.Context, tx *sqldb.Tx, c *isms.Certificate, stage1 isms.Date) ([]isms.PlannedAudit, error) {
	if c.Status == isms.CertWithdrawn || c.Status == isms.CertExpired {
		return nil, isms.Errorf(isms.Conflict, "%s is %s: its cycle calls for no more audits.", c.Ref, strings.ToLower(c.Status.Label()))
	}
	audits, err := certificateAudits(ctx, tx, c)
	if err != nil {
		return nil, err
	}
	existing := auditValues(audits)
	if (c.Status == isms.CertPursuing || c.IssuedOn.IsZero()) && stage1.IsZero() && !hasStage1(existing) {
		return nil, isms.Problems{"stage1": "Give the date of the stage 1 audit."}.Err()
	}
	return isms.PlanCycle(c, existing, stage1), nil
}

// hasStage1 reports whether audits hold a stage 1 audit that is not
// cancelled.
func hasStage1(audits []isms.ExternalAudit) bool {
	for _, e := range audits {
		if e.Kind == isms.ExtStage1 && e.Status != isms.ExtCancelled {
			return true
		}
	}
	return false
}

// insertExternalAudit checks e against its certificate c, opens its
// preparation task, stores it and records "external_audit.create".
func (a *App) insertExternalAudit(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, c *isms.Certificate, e *isms.ExternalAudit) error {
	if err := checkExternalAudit(e, c, isms.Problems{}); err != nil {
		return err
	}
	if err := a.openPreparation(ctx, tx, actor, c, e); err != nil {
		return err
	}
	if err := tx.InsertExternalAudit(ctx, e); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(e.OrgID), actor, "external_audit.create", objectExternalAudit, e.ID,
		createdSupport(externalAuditFields(e)))
}

// checkExternalAudit adds to p the problems of e's own fields and, when c
// is known, of its dates against c, and returns them all.
func checkExternalAudit(e *isms.ExternalAudit, c *isms.Certificate, p isms.Problems) error {
	if err := addProblems(p, e.Validate()); err != nil {
		return err
	}
	if c == nil {
		return p.Err()
	}
	return mergeProblems(p, e.ValidateAgainst(c))
}

// preparationDue is when the preparation of an audit starting on start
// is due: isms.ReminderDays before, or today when that is past.
func preparationDue(start, today isms.Date) isms.Date {
	if due := start.AddDays(-isms.ReminderDays); due.After(today) {
		return due
	}
	return today
}

// preparationTitle is the title of e's preparation task.
func preparationTitle(c *isms.Certificate, e *isms.ExternalAudit) string {
	return clipRunes("Prepare for "+e.Title()+" ("+c.Body+")", isms.MaxNameLen)
}

// openPreparation creates the preparation task of e for the owner of its
// certificate c, linked to e, and sets e.ReminderTaskID.
func (a *App) openPreparation(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, c *isms.Certificate, e *isms.ExternalAudit) error {
	t := &isms.Task{ID: isms.NewID("tsk"), OrgID: e.OrgID, Title: preparationTitle(c, e),
		Description: "Get the records, evidence and people ready for the certification body's audit against " + c.Standard + ".",
		OwnerID:     c.OwnerID, Due: preparationDue(e.StartOn, a.today()), Status: isms.TaskOpen,
		Link: isms.Link{Type: objectExternalAudit, ID: e.ID}, CreatedBy: actor.UserID}
	if err := insertTask(ctx, tx, actor, t, isms.Problems{}); err != nil {
		if isms.ErrorFields(err)["owner"] != "" {
			return isms.Errorf(isms.Conflict, "The preparation task of the audit goes to the owner of %s, %s, whose account is disabled or no longer a member; choose another owner for the certificate first.", c.Ref, c.OwnerName)
		}
		return err
	}
	e.ReminderTaskID = t.ID
	return a.enqueueAssigned(ctx, tx, actor, t)
}

// followPreparation brings the preparation task of e in line with a
// change of e whose status was wasCancelled and whose start was
// startBefore: cancelling e cancels the open task, restoring it reopens
// the cancelled one, and a new start date moves the due date.
func (a *App) followPreparation(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, e *isms.ExternalAudit, wasCancelled bool, startBefore isms.Date) error {
	if e.ReminderTaskID == "" {
		return nil
	}
	t, err := tx.FindTaskByIDForUpdate(ctx, e.OrgID, e.ReminderTaskID)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil
	} else if err != nil {
		return err
	}
	cancelled := e.Status == isms.ExtCancelled
	switch {
	case cancelled && !wasCancelled && t.Status == isms.TaskOpen:
		return closeTaskIn(ctx, tx, actor, t, isms.TaskCancelled, e.Ref+" was cancelled.", "task.cancel")
	case !cancelled && wasCancelled && t.Status == isms.TaskCancelled:
		if err := reopenTaskIn(ctx, tx, actor, t); err != nil {
			return err
		}
	case cancelled || t.Status != isms.TaskOpen || e.StartOn == startBefore:
		return nil
	}
	if due := preparationDue(e.StartOn, a.today()); due != t.Due {
		return moveTaskDue(ctx, tx, actor, t, due)
	}
	return nil
}

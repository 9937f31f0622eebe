// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// External audits are the certification body's audits of a certificate's
// cycle. Planning and changing them needs ManageCertification; each has a
// preparation task (certification_plan.go).

func init() {
	linkables[objectExternalAudit] = linkable{
		label: "external audit",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			e, err := findExternalAuditByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return e.ID, "External audit " + e.Ref + ": " + e.Title(), nil
		},
	}
}

// ExternalAuditInput is the external audit form as typed. Certificate is
// a certificate's ID or reference.
type ExternalAuditInput struct {
	Certificate, Kind, Cycle, Sequence, StartOn, EndOn, Team, Status, Result, Summary string
}

// ExternalAuditView is an external audit with its certificate, findings
// and evidence requests.
type ExternalAuditView struct {
	*isms.ExternalAudit
	Certificate *isms.Certificate
	Findings    []*isms.ExternalFinding
	Requests    []*isms.EvidenceRequest
}

// findExternalAuditByIDOrRef returns an external audit by its ID or,
// failing that, its reference ("EA-2", in any case).
func findExternalAuditByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.ExternalAudit, error) {
	return byIDOrRef(ctx, org, s, tx.FindExternalAuditByID, tx.FindExternalAuditByRef)
}

// externalAuditKind is the register of external audits for the generic
// use cases.
var externalAuditKind = recordKind[*isms.ExternalAudit]{
	object: objectExternalAudit, label: "external audit", edit: isms.ManageCertification,
	id:     func(e *isms.ExternalAudit) isms.ID { return e.ID },
	ver:    func(e *isms.ExternalAudit) int { return e.Version },
	fields: externalAuditFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.ExternalAudit, error) {
		return findExternalAuditByIDOrRef(ctx, tx, org, string(id))
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, e *isms.ExternalAudit) error {
		return tx.InsertExternalAudit(ctx, e)
	},
	update: func(ctx context.Context, tx *sqldb.Tx, e *isms.ExternalAudit, v int) error {
		return tx.UpdateExternalAudit(ctx, e, v)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error {
		return tx.DeleteExternalAudit(ctx, org, id)
	},
}

// externalAuditFields are the fields of e as the audit trail records them.
func externalAuditFields(e *isms.ExternalAudit) []fieldDiff {
	return []fieldDiff{{"ref", nil, e.Ref}, {"certificate", nil, e.CertificateRef}, {"kind", nil, string(e.Kind)},
		{"cycle", nil, e.Cycle}, {"sequence", nil, e.Sequence}, {"startOn", nil, e.StartOn.String()},
		{"endOn", nil, e.EndOn.String()}, {"team", nil, e.Team}, {"status", nil, string(e.Status)},
		{"result", nil, string(e.Result)}, {"summary", nil, e.Summary}}
}

// apply sets the fields of e from in, recording what cannot be read in p.
// A blank status is planned, a blank cycle 1.
func (in ExternalAuditInput) apply(e *isms.ExternalAudit, p isms.Problems) {
	e.Kind, e.Status, e.Result = isms.ExternalAuditKind(enumWord(in.Kind)), isms.ExternalAuditStatus(enumWord(in.Status)), isms.ExternalAuditResult(enumWord(in.Result))
	if e.Status == "" {
		e.Status = isms.ExtPlanned
	}
	e.Cycle = wholeNumber(in.Cycle, 1, "cycle", "Enter the cycle as a whole number from 1: 1 for the initial certification.", p)
	e.Sequence = wholeNumber(in.Sequence, 0, "sequence", "Enter the sequence as a whole number: 1 or 2 for the surveillance audits of a cycle.", p)
	e.StartOn = auditDay(in.StartOn, "startOn", "start date", p)
	e.EndOn = auditDay(in.EndOn, "endOn", "end date", p)
	e.Team, e.Summary = in.Team, in.Summary
}

// wholeNumber reads a typed whole number no smaller than least; blank
// gives least. Anything else records msg on field.
func wholeNumber(s string, least int, field, msg string, p isms.Problems) int {
	if s = strings.TrimSpace(s); s == "" {
		return least
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < least {
		p.Add(field, msg)
		return least
	}
	return n
}

// auditDay reads a date written YYYY-MM-DD, recording a problem on field
// when it is not one; a blank one is the zero Date.
func auditDay(s, field, what string, p isms.Problems) isms.Date {
	d, err := isms.ParseDate(strings.TrimSpace(s))
	if err != nil {
		p.Add(field, "Enter the "+what+" as YYYY-MM-DD.")
	}
	return d
}

// fillExternalAudit returns the fill of the generic use cases: it
// resolves the certificate, applies in, checks e against the certificate
// and opens (creating) or follows (updating) the preparation task.
func (a *App) fillExternalAudit(ctx context.Context, actor isms.Actor, in ExternalAuditInput, creating bool) fillFunc[*isms.ExternalAudit] {
	return func(tx *sqldb.Tx, e *isms.ExternalAudit) (isms.Changes, error) {
		wasCancelled, startBefore := e.Status == isms.ExtCancelled, e.StartOn
		p := isms.Problems{}
		c, err := externalAuditCertificate(ctx, tx, e, in.Certificate, creating, p)
		if err != nil {
			return nil, err
		}
		in.apply(e, p)
		if err := checkExternalAudit(e, c, p); err != nil {
			return nil, err
		}
		if creating {
			return nil, a.openPreparation(ctx, tx, actor, c, e)
		}
		return nil, a.followPreparation(ctx, tx, actor, e, wasCancelled, startBefore)
	}
}

// externalAuditCertificate returns the certificate of e: the one s names
// for a new audit (nil, with a problem in p, when it names none), e's own
// otherwise, which s may name again but not change.
func externalAuditCertificate(ctx context.Context, tx *sqldb.Tx, e *isms.ExternalAudit, s string, creating bool, p isms.Problems) (*isms.Certificate, error) {
	var named *isms.Certificate
	if s = strings.TrimSpace(s); s != "" {
		c, err := findCertificateByIDOrRef(ctx, tx, e.OrgID, s)
		if isms.ErrorCode(err) == isms.NotFound {
			p.Add("certificateId", "No certificate "+quote(s)+" in this organization.")
		} else if err != nil {
			return nil, err
		}
		named = c
	}
	if creating {
		if named != nil {
			e.CertificateID, e.CertificateRef = named.ID, named.Ref
		}
		return named, nil
	}
	c, err := tx.FindCertificateByID(ctx, e.OrgID, e.CertificateID)
	if err != nil {
		return nil, err
	}
	if named != nil && named.ID != c.ID {
		p.Add("certificateId", e.Ref+" is an audit of "+c.Ref+"; it cannot move to another certificate.")
	}
	return c, nil
}

// CreateExternalAudit plans an external audit with its preparation task.
func (a *App) CreateExternalAudit(ctx context.Context, actor isms.Actor, in ExternalAuditInput) (*isms.ExternalAudit, error) {
	if err := forbid(actor.Can(isms.ManageCertification), "You may not plan external audits"+needManageCertification); err != nil {
		return nil, err
	}
	e := &isms.ExternalAudit{ID: isms.NewID("ea"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	return createRecord(ctx, a, actor, externalAuditKind, e, a.fillExternalAudit(ctx, actor, in, true))
}

// UpdateExternalAudit changes an external audit; a new start date moves
// its preparation task.
func (a *App) UpdateExternalAudit(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ExternalAuditInput) (*isms.ExternalAudit, error) {
	if err := forbid(actor.Can(isms.ManageCertification), "You may not change external audits"+needManageCertification); err != nil {
		return nil, err
	}
	return updateRecord(ctx, a, actor, externalAuditKind, id, version, a.fillExternalAudit(ctx, actor, in, false))
}

// DeleteExternalAudit removes an external audit without findings, and
// cancels its preparation task.
func (a *App) DeleteExternalAudit(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.ManageCertification), "You may not delete external audits"+needManageCertification); err != nil {
		return err
	}
	return deleteRecord(ctx, a, actor, externalAuditKind, id, func(tx *sqldb.Tx, e *isms.ExternalAudit) error {
		if e.Findings > 0 {
			return isms.Errorf(isms.Conflict, "%s has %s; delete them first, or cancel the audit.",
				e.Ref, plural(e.Findings, "finding", "findings"))
		}
		if _, n, err := tx.FindEvidenceRequests(ctx, e.OrgID, isms.EvidenceRequestFilter{AuditID: e.ID, Limit: 1}); err != nil {
			return err
		} else if n > 0 {
			return isms.Errorf(isms.Conflict, "%s has %s; cancel the audit instead, which keeps them.",
				e.Ref, plural(n, "evidence request", "evidence requests"))
		}
		return cancelOpenTask(ctx, tx, actor, e.OrgID, e.ReminderTaskID, e.Ref+" was deleted.")
	})
}

// FindExternalAudit returns an external audit by ID or reference.
func (a *App) FindExternalAudit(ctx context.Context, actor isms.Actor, id string) (*ExternalAuditView, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see external audits"+needReadISMS); err != nil {
		return nil, err
	}
	v := &ExternalAuditView{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if v.ExternalAudit, err = findExternalAuditByIDOrRef(ctx, tx, actor.OrgID, id); err != nil {
			return err
		}
		if v.Certificate, err = tx.FindCertificateByID(ctx, actor.OrgID, v.CertificateID); err != nil {
			return err
		}
		if v.Findings, _, err = tx.FindExternalFindings(ctx, actor.OrgID, isms.ExternalFindingFilter{AuditID: v.ID,
			Limit: isms.MaxPageSize}); err != nil {
			return err
		}
		v.Requests, _, err = tx.FindEvidenceRequests(ctx, actor.OrgID, isms.EvidenceRequestFilter{AuditID: v.ID,
			Limit: isms.MaxPageSize})
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// ListExternalAudits returns a page of external audits and the total.
func (a *App) ListExternalAudits(ctx context.Context, actor isms.Actor, f isms.ExternalAuditFilter) ([]*isms.ExternalAudit, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see external audits"+needReadISMS); err != nil {
		return nil, 0, err
	}
	var list []*isms.ExternalAudit
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindExternalAudits(ctx, actor.OrgID, f)
		return err
	})
	return list, total, err
}

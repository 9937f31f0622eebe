// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Certification: certificates and the cycle of external audits planned
// from them. Managing them needs ManageCertification; everyone who reads
// the ISMS reads them.

// The object types of certification records in the audit trail and in
// links.
const (
	objectCertificate     = "certificate"
	objectExternalAudit   = "external_audit"
	objectExternalFinding = "external_finding"
)

// The Forbidden messages of certification, saying what is needed.
const (
	needManageCertification = ": that needs the permission to manage certification (administrators and ISMS managers)."
	needReadISMS            = ": that needs read access to the ISMS."
)

func init() {
	linkables[objectCertificate] = linkable{
		label: "certificate",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			c, err := findCertificateByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return c.ID, "Certificate " + c.Ref + ": " + c.Standard + " (" + c.Body + ")", nil
		},
	}
}

// CertificateInput is the certificate form as typed. Framework is a
// framework's ID or reference, or blank; Owner a member's ID or e-mail.
type CertificateInput struct {
	Body, CertNumber, Standard, Framework, Scope, IssuedOn, ExpiresOn, Status, Owner string
}

// CertificateView is a certificate with its external audits (by start
// date) and the audits its cycle still calls for.
type CertificateView struct {
	*isms.Certificate
	Audits []*isms.ExternalAudit
	Next   []isms.PlannedAudit
}

// findCertificateByIDOrRef returns a certificate by its ID or, failing
// that, its reference ("CERT-1", in any case).
func findCertificateByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.Certificate, error) {
	return byIDOrRef(ctx, org, s, tx.FindCertificateByID, tx.FindCertificateByRef)
}

// certificateKind is the register of certificates for the generic use
// cases.
var certificateKind = recordKind[*isms.Certificate]{
	object: objectCertificate, label: "certificate", edit: isms.ManageCertification,
	id:     func(c *isms.Certificate) isms.ID { return c.ID },
	ver:    func(c *isms.Certificate) int { return c.Version },
	fields: certificateFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.Certificate, error) {
		return findCertificateByIDOrRef(ctx, tx, org, string(id))
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, c *isms.Certificate) error {
		return tx.InsertCertificate(ctx, c)
	},
	update: func(ctx context.Context, tx *sqldb.Tx, c *isms.Certificate, v int) error {
		return tx.UpdateCertificate(ctx, c, v)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error {
		return tx.DeleteCertificate(ctx, org, id)
	},
}

// certificateFields are the fields of c as the audit trail records them.
func certificateFields(c *isms.Certificate) []fieldDiff {
	return []fieldDiff{{"ref", nil, c.Ref}, {"body", nil, c.Body}, {"certificateNumber", nil, c.CertNumber},
		{"standard", nil, c.Standard}, {"frameworkId", nil, string(c.FrameworkID)}, {"scope", nil, c.Scope},
		{"issuedOn", nil, c.IssuedOn.String()}, {"expiresOn", nil, c.ExpiresOn.String()}, {"status", nil, string(c.Status)},
		{"owner", nil, c.OwnerName}}
}

// fillCertificate returns the fill of the generic use cases: it applies
// in, resolves the framework and the owner and validates, reporting every
// problem at once.
func fillCertificate(ctx context.Context, in CertificateInput) fillFunc[*isms.Certificate] {
	return func(tx *sqldb.Tx, c *isms.Certificate) (isms.Changes, error) {
		p := isms.Problems{}
		c.Body, c.CertNumber, c.Standard, c.Scope = in.Body, in.CertNumber, in.Standard, in.Scope
		c.Status = isms.CertificateStatus(enumWord(in.Status))
		c.IssuedOn = planningDate(in.IssuedOn, "issuedOn", "issue date", p)
		c.ExpiresOn = planningDate(in.ExpiresOn, "expiresOn", "expiry date", p)
		if err := certificateFramework(ctx, tx, c, in.Framework, p); err != nil {
			return nil, err
		}
		if err := certificateOwner(ctx, tx, c, in.Owner, p); err != nil {
			return nil, err
		}
		return nil, mergeProblems(p, c.Validate())
	}
}

// enumWord reads a typed enumeration value: trimmed, lower case.
func enumWord(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// certificateFramework sets the framework of c from s, a framework's ID
// or key ("" for none), recording a problem on "frameworkId" when it
// names none.
func certificateFramework(ctx context.Context, tx *sqldb.Tx, c *isms.Certificate, s string, p isms.Problems) error {
	s, c.FrameworkID = strings.TrimSpace(s), ""
	if s == "" {
		return nil
	}
	f, err := findFrameworkByIDOrKey(ctx, tx, c.OrgID, strings.ToLower(s))
	if isms.ErrorCode(err) == isms.NotFound {
		p.Add("frameworkId", "No framework "+quote(s)+" in this organization.")
		return nil
	} else if err != nil {
		return err
	}
	c.FrameworkID = f.ID
	return nil
}

// certificateOwner sets the owner of c from s, a member's ID or e-mail
// address. A new owner must be an active member, a problem on "ownerId"
// otherwise; none at all is Validate's problem.
func certificateOwner(ctx context.Context, tx *sqldb.Tx, c *isms.Certificate, s string, p isms.Problems) error {
	if s = strings.TrimSpace(s); s == "" {
		c.OwnerID, c.OwnerName = "", ""
		return nil
	}
	id, err := memberByIDOrEmail(ctx, tx, c.OrgID, s)
	if err != nil {
		return err
	}
	if id == "" {
		p.Add("ownerId", "Choose a member of this organization.")
		return nil
	}
	return planningOwner(ctx, tx, c.OrgID, &c.OwnerID, &c.OwnerName, string(id), "ownerId", p)
}

// CreateCertificate records a certificate (or one being pursued).
func (a *App) CreateCertificate(ctx context.Context, actor isms.Actor, in CertificateInput) (*isms.Certificate, error) {
	if err := forbid(actor.Can(isms.ManageCertification), "You may not create certificates"+needManageCertification); err != nil {
		return nil, err
	}
	c := &isms.Certificate{ID: isms.NewID("cert"), OrgID: actor.OrgID, CreatedBy: actor.UserID}
	return createRecord(ctx, a, actor, certificateKind, c, fillCertificate(ctx, in))
}

// UpdateCertificate changes a certificate against the version the form was made from.
func (a *App) UpdateCertificate(ctx context.Context, actor isms.Actor, id isms.ID, version int, in CertificateInput) (*isms.Certificate, error) {
	if err := forbid(actor.Can(isms.ManageCertification), "You may not change certificates"+needManageCertification); err != nil {
		return nil, err
	}
	return updateRecord(ctx, a, actor, certificateKind, id, version, fillCertificate(ctx, in))
}

// DeleteCertificate removes a certificate without external audits.
func (a *App) DeleteCertificate(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.ManageCertification), "You may not delete certificates"+needManageCertification); err != nil {
		return err
	}
	return deleteRecord(ctx, a, actor, certificateKind, id, func(_ *sqldb.Tx, c *isms.Certificate) error {
		if c.Audits > 0 {
			return isms.Errorf(isms.Conflict, "%s has %s; delete them first, or keep the certificate on record.",
				c.Ref, plural(c.Audits, "external audit", "external audits"))
		}
		return nil
	})
}

// FindCertificate returns a certificate by ID or reference, with its audits.
func (a *App) FindCertificate(ctx context.Context, actor isms.Actor, id string) (*CertificateView, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see certificates"+needReadISMS); err != nil {
		return nil, err
	}
	v := &CertificateView{}
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if v.Certificate, err = findCertificateByIDOrRef(ctx, tx, actor.OrgID, id); err != nil {
			return err
		}
		v.Audits, err = certificateAudits(ctx, tx, v.Certificate)
		return err
	})
	if err != nil {
		return nil, err
	}
	v.Next = isms.PlanCycle(v.Certificate, auditValues(v.Audits), isms.Date{})
	return v, nil
}

// certificateAudits returns the external audits of c by start date.
func certificateAudits(ctx context.Context, tx *sqldb.Tx, c *isms.Certificate) ([]*isms.ExternalAudit, error) {
	list, _, err := tx.FindExternalAudits(ctx, c.OrgID, isms.ExternalAuditFilter{CertificateID: c.ID, Sort: "start",
		Limit: isms.MaxPageSize})
	if list == nil {
		list = []*isms.ExternalAudit{}
	}
	return list, err
}

// auditValues copies audits for isms.PlanCycle.
func auditValues(audits []*isms.ExternalAudit) []isms.ExternalAudit {
	out := make([]isms.ExternalAudit, len(audits))
	for i, e := range audits {
		out[i] = *e
	}
	return out
}

// ListCertificates returns a page of certificates and the total.
func (a *App) ListCertificates(ctx context.Context, actor isms.Actor, f isms.CertificateFilter) ([]*isms.Certificate, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see certificates"+needReadISMS); err != nil {
		return nil, 0, err
	}
	var list []*isms.Certificate
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindCertificates(ctx, actor.OrgID, f)
		return err
	})
	return list, total, err
}

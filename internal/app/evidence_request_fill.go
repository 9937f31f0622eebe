// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// A request form names its target the way people know it: the external
// audit and the control by reference, the requirement by its reference in
// a framework (the audit certificate's, else the framework the member is
// limited to, else ISO/IEC 27001:2022), the owner by e-mail address or
// not at all. fillRequest resolves them all and reports every problem at
// once, keyed by the form's fields.

// fillRequest sets r's audit, target, wording, due date and owner from
// in, within tx. A blank owner keeps r's owner, or for a new request
// takes the default one.
func (a *App) fillRequest(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.EvidenceRequest, in EvidenceRequestInput) error {
	p := isms.Problems{}
	r.Title, r.Detail = in.Title, in.Detail
	cert, err := requestAudit(ctx, tx, r, in.Audit, p)
	if err != nil {
		return err
	}
	if err := requestRequirement(ctx, tx, actor, r, cert, in, p); err != nil {
		return err
	}
	c, err := requestControl(ctx, tx, r, in.Control, p)
	if err != nil {
		return err
	}
	r.DueOn = a.requestDue(in.DueOn, r.DueOn, p)
	if err := a.requestOwner(ctx, tx, r, in.Owner, c, cert, p); err != nil {
		return err
	}
	addValidation(p, r.Validate(), in)
	return p.Err()
}

// addValidation adds the problems of r.Validate() to p, but for those a
// problem of the target already explains: a requirement or control typed
// but not found is not missing, and no default owner can be found for
// a target that is not.
func addValidation(p isms.Problems, err error, in EvidenceRequestInput) {
	typed := strings.TrimSpace(in.Requirement+in.Control) != ""
	unresolved := false
	for _, f := range []string{"audit", "framework", "requirement", "control"} {
		if _, bad := p[f]; bad {
			unresolved = true
		}
	}
	for f, msg := range isms.ErrorFields(err) {
		if (f == "requirement" && typed) || (f == "ownerId" && unresolved) {
			continue
		}
		p.Add(f, msg)
	}
}

// requestAudit sets the external audit of r that s names (blank for
// none) and returns the audit's certificate.
func requestAudit(ctx context.Context, tx *sqldb.Tx, r *isms.EvidenceRequest, s string, p isms.Problems) (*isms.Certificate, error) {
	r.AuditID, r.AuditRef = "", ""
	if s = strings.TrimSpace(s); s == "" {
		return nil, nil
	}
	au, err := byIDOrRef(ctx, r.OrgID, s, tx.FindExternalAuditByID, tx.FindExternalAuditByRef)
	if isms.ErrorCode(err) == isms.NotFound {
		p.Add("audit", "No external audit "+quote(s)+" in this organization.")
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	r.AuditID, r.AuditRef = au.ID, au.Ref
	return tx.FindCertificateByID(ctx, r.OrgID, au.CertificateID)
}

// requestRequirement sets the requirement of r that in names, and its
// framework; a request without a requirement has no framework.
func requestRequirement(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, r *isms.EvidenceRequest, cert *isms.Certificate, in EvidenceRequestInput, p isms.Problems) error {
	r.Requirement, r.FrameworkID = isms.RequirementRef{}, ""
	ref := strings.TrimSpace(in.Requirement)
	fw, err := requestFramework(ctx, tx, actor, cert, in.Framework, ref != "", p)
	if err != nil || fw == nil || ref == "" {
		return err
	}
	out, unknown, err := requirementRefsIn(ctx, tx, r.OrgID, fw.ID, []string{ref})
	if err != nil {
		return err
	}
	if len(unknown) > 0 {
		p.Add("requirement", "No requirement "+unknown[0]+" in "+fw.Title()+".")
		return nil
	}
	r.Requirement, r.FrameworkID = out[0], fw.ID
	return nil
}

// requestFramework returns the framework s names or, when s is blank and
// a requirement needs one, the default framework; nil when there is none
// to resolve or it is a problem. An actor limited to a framework may name
// only that one.
func requestFramework(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, cert *isms.Certificate, s string, needed bool, p isms.Problems) (*isms.Framework, error) {
	s = strings.TrimSpace(s)
	switch {
	case s != "":
	case !needed:
		return nil, nil
	case cert != nil && cert.FrameworkID != "":
		s = string(cert.FrameworkID)
	case actor.FrameworkID != "":
		s = string(actor.FrameworkID)
	default:
		s = ncFramework
	}
	f, err := findFrameworkByIDOrKey(ctx, tx, actor.OrgID, s)
	if isms.ErrorCode(err) == isms.NotFound {
		p.Add("framework", "No framework "+quote(s)+" in this organization.")
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if !actor.SeesFramework(f.ID) {
		p.Add("framework", "You may ask for evidence only against the framework your access is limited to.")
		return nil, nil
	}
	return f, nil
}

// requestControl sets the control of r that s names (blank for none) and
// returns it.
func requestControl(ctx context.Context, tx *sqldb.Tx, r *isms.EvidenceRequest, s string, p isms.Problems) (*isms.Control, error) {
	r.ControlID, r.ControlRef = "", ""
	if s = strings.TrimSpace(s); s == "" {
		return nil, nil
	}
	c, err := byIDOrRef(ctx, r.OrgID, s, tx.FindControlByID, tx.FindControlByRef)
	if isms.ErrorCode(err) == isms.NotFound {
		p.Add("control", "No control "+quote(s)+" in this organization.")
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	r.ControlID, r.ControlRef = c.ID, c.Ref
	return c, nil
}

// requestDue reads the due date s (zero when blank); a new date must not
// be before today. before is the date already set, which may have passed.
func (a *App) requestDue(s string, before isms.Date, p isms.Problems) isms.Date {
	if s = strings.TrimSpace(s); s == "" {
		return isms.Date{}
	}
	d, err := isms.ParseDate(s)
	switch {
	case err != nil:
		p.Add("dueOn", fmt.Sprintf("%q is not a date (YYYY-MM-DD).", s))
		return isms.Date{}
	case d == before:
	case d.Before(a.today()):
		p.Add("dueOn", "The due date cannot be before today ("+a.today().String()+").")
	case d.Time().Year() >= 2200:
		p.Add("dueOn", "The due date must be before 2200.")
	}
	return d
}

// requestOwner sets the owner of r: the member s names, else r's owner,
// else the default owner. The owner must be able to answer.
func (a *App) requestOwner(ctx context.Context, tx *sqldb.Tx, r *isms.EvidenceRequest, s string, c *isms.Control, cert *isms.Certificate, p isms.Problems) error {
	var id isms.ID
	var err error
	switch s = strings.TrimSpace(s); {
	case s != "":
		if id, err = memberByIDOrEmail(ctx, tx, r.OrgID, s); err == nil && id == "" {
			p.Add("ownerId", "No member "+quote(s)+" in this organization.")
		}
	case r.OwnerID != "":
		return nil
	default:
		id, err = defaultRequestOwner(ctx, tx, r, c, cert)
	}
	if err != nil || id == "" || id == r.OwnerID {
		return err
	}
	name, err := a.answererName(ctx, tx, r.OrgID, id, p)
	r.OwnerID, r.OwnerName = id, name
	return err
}

// defaultRequestOwner returns who answers r by default: the owner of
// control c, else of the first confirmed control of r's requirement that
// has one, else the owner of the audit's certificate; "" for nobody.
func defaultRequestOwner(ctx context.Context, tx *sqldb.Tx, r *isms.EvidenceRequest, c *isms.Control, cert *isms.Certificate) (isms.ID, error) {
	if c != nil && c.OwnerID != "" {
		return c.OwnerID, nil
	}
	if r.Requirement.ID != "" {
		links, err := tx.ControlLinksTo(ctx, r.OrgID, r.Requirement.ID)
		if err != nil {
			return "", err
		}
		for _, l := range links {
			if l.Inferred {
				continue
			}
			lc, err := tx.FindControlByID(ctx, r.OrgID, l.ControlID)
			if err != nil {
				return "", err
			}
			if lc.OwnerID != "" {
				return lc.OwnerID, nil
			}
		}
	}
	if cert != nil {
		return cert.OwnerID, nil
	}
	return "", nil
}

// answererName returns the name of member id, recording a problem on
// "ownerId" unless they are an active member who may add evidence.
func (a *App) answererName(ctx context.Context, tx *sqldb.Tx, org, id isms.ID, p isms.Problems) (string, error) {
	name, err := activeMemberName(ctx, tx, org, id, "ownerId", p)
	if err != nil || name == "" {
		return name, err
	}
	m, err := tx.FindMembership(ctx, org, id)
	if err != nil {
		return "", err
	}
	switch {
	case m.Expired(a.today()):
		p.Add("ownerId", name+"'s access ended on "+m.AccessUntil.String()+"; choose a current member.")
	case !m.Role.Allows(isms.EditEvidence):
		p.Add("ownerId", name+" may not add evidence, so cannot answer the request; choose a member who may.")
	}
	return name, nil
}

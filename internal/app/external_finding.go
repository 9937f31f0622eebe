// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// External findings are recorded by the certification body's auditor
// (RecordExternal; an auditor changes only the findings they raised) or
// by a certification manager transcribing the audit report. A major or
// minor nonconformity opens a nonconformity record (source
// external_audit, deadline the corrective action plan's due date).

// needRecordExternal ends the Forbidden messages of external findings.
const needRecordExternal = ": that needs the permission to record external audit results (administrators, ISMS managers and auditors)."

func init() {
	linkables[objectExternalFinding] = linkable{
		label: "external finding",
		resolve: func(ctx context.Context, tx *sqldb.Tx, org isms.ID, ref string) (isms.ID, string, error) {
			f, err := findExternalFindingByIDOrRef(ctx, tx, org, ref)
			if err != nil {
				return "", "", err
			}
			return f.ID, "External finding " + f.Ref + ": " + f.Title, nil
		},
	}
}

// ExternalFindingInput is the finding form as typed. Audit is an external
// audit's ID or reference; Requirements are references of the
// certificate's framework (or of ISO/IEC 27001:2022 when it has none),
// separated by commas or new lines.
type ExternalFindingInput struct {
	Audit, Grade, Title, Description, Requirements, CAPDue string
}

// findExternalFindingByIDOrRef returns a finding by its ID or, failing
// that, its reference ("XF-4", in any case).
func findExternalFindingByIDOrRef(ctx context.Context, tx *sqldb.Tx, org isms.ID, s string) (*isms.ExternalFinding, error) {
	return byIDOrRef(ctx, org, s, tx.FindExternalFindingByID, tx.FindExternalFindingByRef)
}

// externalFindingKind is the register of external findings for the
// generic use cases. Its permission is RecordExternal; the fill and
// delete checks narrow an auditor to the findings they raised.
var externalFindingKind = recordKind[*isms.ExternalFinding]{
	object: objectExternalFinding, label: "external finding", edit: isms.RecordExternal,
	id:     func(f *isms.ExternalFinding) isms.ID { return f.ID },
	ver:    func(f *isms.ExternalFinding) int { return f.Version },
	fields: externalFindingFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.ExternalFinding, error) {
		return findExternalFindingByIDOrRef(ctx, tx, org, string(id))
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, f *isms.ExternalFinding) error {
		return tx.InsertExternalFinding(ctx, f)
	},
	update: func(ctx context.Context, tx *sqldb.Tx, f *isms.ExternalFinding, v int) error {
		return tx.UpdateExternalFinding(ctx, f, v)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error {
		return tx.DeleteExternalFinding(ctx, org, id)
	},
}

// externalFindingFields are the fields of f as the audit trail records
// them.
func externalFindingFields(f *isms.ExternalFinding) []fieldDiff {
	return []fieldDiff{{"ref", nil, f.Ref}, {"audit", nil, f.AuditRef}, {"grade", nil, string(f.Grade)},
		{"title", nil, f.Title}, {"description", nil, f.Description},
		{"requirements", nil, requirementRefsText(f.Requirements)}, {"capDue", nil, f.CAPDue.String()}}
}

// fillExternalFinding returns the fill of the generic use cases: it
// checks that actor may change f, resolves the audit (of a new finding)
// and the requirements, validates, and opens the nonconformity a
// nonconformity calls for (see followFindingNC).
func (a *App) fillExternalFinding(ctx context.Context, actor isms.Actor, in ExternalFindingInput, creating bool) fillFunc[*isms.ExternalFinding] {
	return func(tx *sqldb.Tx, f *isms.ExternalFinding) (isms.Changes, error) {
		if err := checkRaiser(actor, f, "change"); err != nil {
			return nil, err
		}
		p := isms.Problems{}
		au, err := findingExternalAudit(ctx, tx, f, in.Audit, creating, p)
		if err != nil {
			return nil, err
		}
		capBefore := f.CAPDue
		f.Grade, f.Title, f.Description = isms.FindingGrade(enumWord(in.Grade)), in.Title, in.Description
		f.CAPDue = planningDate(in.CAPDue, "capDue", "deadline of the corrective action plan", p)
		var c *isms.Certificate
		if au == nil {
			f.Requirements = unresolvedRequirements(in.Requirements)
		} else if c, err = tx.FindCertificateByID(ctx, f.OrgID, au.CertificateID); err != nil {
			return nil, err
		} else if f.Requirements, err = externalRequirements(ctx, tx, c, in.Requirements, p); err != nil {
			return nil, err
		}
		if err := mergeProblems(p, f.Validate()); err != nil {
			return nil, err
		}
		if creating {
			ref, n, err := nextRecordRef(ctx, tx, f.OrgID, "external_findings", "XF-")
			if err != nil {
				return nil, err
			}
			f.Ref, f.Number = ref, n
		}
		return a.followFindingNC(ctx, tx, actor, au, c, f, capBefore)
	}
}

// checkRaiser refuses an auditor who would change (verb) a finding
// someone else raised; anyone else with RecordExternal may.
func checkRaiser(actor isms.Actor, f *isms.ExternalFinding, verb string) error {
	if actor.Role != isms.RoleAuditor || f.RaisedBy == actor.UserID {
		return nil
	}
	return isms.Errorf(isms.Forbidden, "Only the auditor who raised %s may %s it: auditors %s only the findings they raised.",
		f.Ref, verb, verb)
}

// findingExternalAudit returns the audit of f: the one s names for a new
// finding (nil, with a problem in p, when it names none), which must be
// in progress or completed; f's own otherwise.
func findingExternalAudit(ctx context.Context, tx *sqldb.Tx, f *isms.ExternalFinding, s string, creating bool, p isms.Problems) (*isms.ExternalAudit, error) {
	if !creating {
		return tx.FindExternalAuditByID(ctx, f.OrgID, f.AuditID)
	}
	if s = strings.TrimSpace(s); s == "" {
		p.Add("auditId", "Choose the external audit the finding belongs to.")
		return nil, nil
	}
	au, err := findExternalAuditByIDOrRef(ctx, tx, f.OrgID, s)
	if isms.ErrorCode(err) == isms.NotFound {
		p.Add("auditId", "No external audit "+quote(s)+" in this organization.")
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if au.Status != isms.ExtInProgress && au.Status != isms.ExtCompleted {
		return nil, isms.Errorf(isms.Conflict, "%s is %s: findings are recorded once an audit is in progress or completed.",
			au.Ref, strings.ToLower(au.Status.Label()))
	}
	f.AuditID, f.AuditRef = au.ID, au.Ref
	return au, nil
}

// unresolvedRequirements reads requirement references that cannot be
// checked yet (the audit is unknown), so that the finding's other
// problems can still be reported.
func unresolvedRequirements(s string) []isms.RequirementRef {
	out := []isms.RequirementRef{}
	for _, ref := range SplitRefs(s) {
		out = append(out, isms.RequirementRef{Ref: ref})
	}
	return out
}

// externalRequirements reads s, requirement references of the framework
// of certificate c (ISO/IEC 27001:2022 when it has none); those it does
// not know, or a missing framework, are a problem on "requirements".
func externalRequirements(ctx context.Context, tx *sqldb.Tx, c *isms.Certificate, s string, p isms.Problems) ([]isms.RequirementRef, error) {
	fp := isms.Problems{}
	reqs, err := ncRequirements(ctx, tx, c.OrgID, string(c.FrameworkID), s, fp)
	for _, msg := range fp {
		p.Add("requirements", msg)
	}
	return reqs, err
}

// CreateExternalFinding records a finding; a nonconformity opens its
// nonconformity record in the same transaction.
func (a *App) CreateExternalFinding(ctx context.Context, actor isms.Actor, in ExternalFindingInput) (*isms.ExternalFinding, error) {
	if err := forbid(actor.Can(isms.RecordExternal), "You may not record external findings"+needRecordExternal); err != nil {
		return nil, err
	}
	f := &isms.ExternalFinding{ID: isms.NewID("xf"), OrgID: actor.OrgID, RaisedBy: actor.UserID, RaisedByName: actor.Name}
	return createRecord(ctx, a, actor, externalFindingKind, f, a.fillExternalFinding(ctx, actor, in, true))
}

// UpdateExternalFinding changes a finding; regrading it to a
// nonconformity opens the nonconformity record it lacked.
func (a *App) UpdateExternalFinding(ctx context.Context, actor isms.Actor, id isms.ID, version int, in ExternalFindingInput) (*isms.ExternalFinding, error) {
	if err := forbid(actor.Can(isms.RecordExternal), "You may not change external findings"+needRecordExternal); err != nil {
		return nil, err
	}
	return updateRecord(ctx, a, actor, externalFindingKind, id, version, a.fillExternalFinding(ctx, actor, in, false))
}

// DeleteExternalFinding removes a finding that has not opened a
// nonconformity, or whose nonconformity was deleted since.
func (a *App) DeleteExternalFinding(ctx context.Context, actor isms.Actor, id isms.ID) error {
	if err := forbid(actor.Can(isms.RecordExternal), "You may not delete external findings"+needRecordExternal); err != nil {
		return err
	}
	return deleteRecord(ctx, a, actor, externalFindingKind, id, func(_ *sqldb.Tx, f *isms.ExternalFinding) error {
		if err := checkRaiser(actor, f, "delete"); err != nil {
			return err
		}
		if f.NonconformityRef != "" { // read with f: empty once the nonconformity is deleted
			return isms.Errorf(isms.Conflict, "%s opened %s, which stays on record: close or handle the nonconformity instead of deleting the finding.",
				f.Ref, f.NonconformityRef)
		}
		return nil
	})
}

// FindExternalFinding returns a finding by ID or reference.
func (a *App) FindExternalFinding(ctx context.Context, actor isms.Actor, id string) (*isms.ExternalFinding, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see external findings"+needReadISMS); err != nil {
		return nil, err
	}
	var f *isms.ExternalFinding
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		f, err = findExternalFindingByIDOrRef(ctx, tx, actor.OrgID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// ListExternalFindings returns a page of findings and the total.
func (a *App) ListExternalFindings(ctx context.Context, actor isms.Actor, f isms.ExternalFindingFilter) ([]*isms.ExternalFinding, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see external findings"+needReadISMS); err != nil {
		return nil, 0, err
	}
	var list []*isms.ExternalFinding
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindExternalFindings(ctx, actor.OrgID, f)
		return err
	})
	return list, total, err
}

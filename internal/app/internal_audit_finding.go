// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Findings are raised by an audit's team (or an audit manager) while the
// audit is in progress or reported, and may change until it is closed.
// A finding names requirements of the audit's framework and links the
// evidence that supports it.

// findingEvidenceType is the record type of the evidence a finding links.
const findingEvidenceType = objectEvidence

// findingKind is the register of findings for the generic use cases. Its
// permission is RecordAudits; the fill and delete checks narrow it to the
// audit's team and audit managers.
var findingKind = recordKind[*isms.AuditFinding]{
	object: objectFinding, label: "finding", edit: isms.RecordAudits,
	id:     func(f *isms.AuditFinding) isms.ID { return f.ID },
	ver:    func(f *isms.AuditFinding) int { return f.Version },
	fields: findingFields,
	find: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) (*isms.AuditFinding, error) {
		return findFindingByIDOrRef(ctx, tx, org, string(id))
	},
	insert: func(ctx context.Context, tx *sqldb.Tx, f *isms.AuditFinding) error { return tx.InsertFinding(ctx, f) },
	update: func(ctx context.Context, tx *sqldb.Tx, f *isms.AuditFinding, v int) error {
		return tx.UpdateFinding(ctx, f, v)
	},
	remove: func(ctx context.Context, tx *sqldb.Tx, org, id isms.ID) error { return tx.DeleteFinding(ctx, org, id) },
}

// findingFields are the fields of f as the audit trail records them.
func findingFields(f *isms.AuditFinding) []fieldDiff {
	return []fieldDiff{{"audit", nil, f.AuditRef}, {"grade", nil, string(f.Grade)}, {"title", nil, f.Title},
		{"description", nil, f.Description}, {"requirements", nil, requirementRefsText(f.Requirements)}}
}

// requirementRefsText joins the references of reqs ("A.5.18, 9.2").
func requirementRefsText(reqs []isms.RequirementRef) string {
	refs := make([]string, len(reqs))
	for i, r := range reqs {
		refs[i] = r.Ref
	}
	return strings.Join(refs, ", ")
}

// fillFinding returns the fill function of the generic use cases: it
// checks that actor may record findings of the audit, applies in and
// sets the evidence links.
func fillFinding(ctx context.Context, actor isms.Actor, in FindingInput, creating bool) fillFunc[*isms.AuditFinding] {
	return func(tx *sqldb.Tx, f *isms.AuditFinding) (isms.Changes, error) {
		au, err := findingAudit(ctx, tx, f, in.Audit, creating)
		if err != nil {
			return nil, err
		}
		if err := checkRecording(actor, au); err != nil {
			return nil, err
		}
		if creating {
			ref, n, err := nextRecordRef(ctx, tx, f.OrgID, "audit_findings", "F-")
			if err != nil {
				return nil, err
			}
			f.Ref, f.Number, f.AuditID, f.AuditRef = ref, n, au.ID, au.Ref
		}
		p := isms.Problems{}
		f.Grade, f.Title, f.Description = in.Grade, in.Title, in.Description
		if f.Requirements, err = findingRequirements(ctx, tx, au, in.Requirements, p); err != nil {
			return nil, err
		}
		if err := addProblems(p, f.Validate()); err != nil {
			return nil, err
		}
		from := isms.Link{Type: objectFinding, ID: f.ID}
		ch, err := setRecordLinks(ctx, tx, f.OrgID, from, findingEvidenceType, SplitRefs(in.Evidence), "evidence", p)
		if err != nil {
			return nil, err
		}
		f.Evidence, err = findingEvidence(ctx, tx, f)
		return ch, err
	}
}

// findingAudit returns the audit of f: the one s names for a new finding,
// which must be in progress or reported; f's own otherwise.
func findingAudit(ctx context.Context, tx *sqldb.Tx, f *isms.AuditFinding, s string, creating bool) (*isms.InternalAudit, error) {
	if !creating {
		return tx.FindInternalAuditByID(ctx, f.OrgID, f.AuditID)
	}
	if strings.TrimSpace(s) == "" {
		return nil, isms.Problems{"audit": "Choose the audit the finding belongs to."}.Err()
	}
	au, err := findAuditByIDOrRef(ctx, tx, f.OrgID, s)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil, isms.Problems{"audit": "No audit " + quote(strings.TrimSpace(s)) + " in this organization."}.Err()
	} else if err != nil {
		return nil, err
	}
	if au.Status != isms.AuditInProgress && au.Status != isms.AuditReported {
		return nil, isms.Errorf(isms.Conflict, "%s is %s: findings are raised while an audit is in progress or reported.",
			au.Ref, strings.ToLower(au.Status.Label()))
	}
	return au, nil
}

// findingRequirements reads s, requirement references of au's framework;
// those it does not know are a problem on "requirements".
func findingRequirements(ctx context.Context, tx *sqldb.Tx, au *isms.InternalAudit, s string, p isms.Problems) ([]isms.RequirementRef, error) {
	out, unknown, err := requirementRefsIn(ctx, tx, au.OrgID, au.FrameworkID, SplitRefs(s))
	if len(unknown) > 0 {
		p.Add("requirements", "No requirement "+strings.Join(unknown, ", ")+" in the framework of "+au.Ref+".")
	}
	return out, err
}

// findingEvidence returns the IDs of the evidence f links.
func findingEvidence(ctx context.Context, tx *sqldb.Tx, f *isms.AuditFinding) ([]isms.ID, error) {
	ids, err := tx.FindRecordLinksFrom(ctx, f.OrgID, isms.Link{Type: objectFinding, ID: f.ID}, findingEvidenceType)
	if ids == nil {
		ids = []isms.ID{}
	}
	return ids, err
}

// CreateFinding raises a finding on an audit in progress or reported (see
// AuditView.CanRecord).
func (a *App) CreateFinding(ctx context.Context, actor isms.Actor, in FindingInput) (*isms.AuditFinding, error) {
	f := &isms.AuditFinding{ID: isms.NewID("fnd"), OrgID: actor.OrgID, RaisedBy: actor.UserID, RaisedByName: actor.Name}
	return createRecord(ctx, a, actor, findingKind, f, a.openFindingRecords(ctx, actor, fillFinding(ctx, actor, in, true)))
}

// UpdateFinding changes finding id, read at version, while its audit is
// not closed.
func (a *App) UpdateFinding(ctx context.Context, actor isms.Actor, id isms.ID, version int, in FindingInput) (*isms.AuditFinding, error) {
	return updateRecord(ctx, a, actor, findingKind, id, version, a.openFindingRecords(ctx, actor, fillFinding(ctx, actor, in, false)))
}

// DeleteFinding deletes finding id while its audit is not closed.
func (a *App) DeleteFinding(ctx context.Context, actor isms.Actor, id isms.ID) error {
	return deleteRecord(ctx, a, actor, findingKind, id, func(tx *sqldb.Tx, f *isms.AuditFinding) error {
		au, err := tx.FindInternalAuditByID(ctx, actor.OrgID, f.AuditID)
		if err != nil {
			return err
		}
		return checkRecording(actor, au)
	})
}

// FindFinding returns finding id (its ID or reference "F-7") with its
// evidence, to anyone who reads the ISMS.
func (a *App) FindFinding(ctx context.Context, actor isms.Actor, id string) (*isms.AuditFinding, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see findings."); err != nil {
		return nil, err
	}
	var f *isms.AuditFinding
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		if f, err = findFindingByIDOrRef(ctx, tx, actor.OrgID, id); err != nil {
			return err
		}
		f.Evidence, err = findingEvidence(ctx, tx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// ListFindings returns a page of findings and the total.
func (a *App) ListFindings(ctx context.Context, actor isms.Actor, f isms.FindingFilter) ([]*isms.AuditFinding, int, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see findings."); err != nil {
		return nil, 0, err
	}
	var list []*isms.AuditFinding
	var total int
	err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		list, total, err = tx.FindFindings(ctx, actor.OrgID, f)
		return err
	})
	return list, total, err
}

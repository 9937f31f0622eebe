// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// A major or minor external finding opens a nonconformity in the
// transaction that records it, as an internal audit finding does
// (raiseFromSource): source external_audit, owned by the certificate's
// owner, due by the certification body's deadline for the corrective
// action plan. The nonconformity's deadline follows that deadline while
// the finding changes.

// followFindingNC opens the nonconformity finding f of audit au (of
// certificate c) calls for, once, and returns the change to record; a
// finding that has one already keeps its deadline in step with CAPDue,
// which was capBefore.
func (a *App) followFindingNC(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, au *isms.ExternalAudit, c *isms.Certificate,
	f *isms.ExternalFinding, capBefore isms.Date) (isms.Changes, error) {
	if f.NonconformityID != "" {
		if f.CAPDue == capBefore {
			return nil, nil
		}
		return nil, keepNCDeadline(ctx, tx, actor, f)
	}
	if !f.Grade.Nonconformity() {
		return nil, nil
	}
	detected := au.StartOn
	if today := a.today(); detected.After(today) {
		detected = today
	}
	n := &isms.Nonconformity{OrgID: f.OrgID, Title: f.Title, Description: f.Description, Source: isms.NCExternalAudit,
		SourceRecord: isms.Link{Type: objectExternalFinding, ID: f.ID}, Grade: isms.NCGrade(f.Grade),
		Requirements: append([]isms.RequirementRef{}, f.Requirements...), DetectedOn: detected,
		DetectedBy: f.RaisedBy, DetectedName: f.RaisedByName, OwnerID: c.OwnerID, OwnerName: c.OwnerName, Deadline: f.CAPDue}
	n, err := raiseFromSource(ctx, tx, actor, n, f.Ref)
	if err != nil || n == nil {
		return nil, err
	}
	f.NonconformityID, f.NonconformityRef = n.ID, n.Ref
	return withChange(nil, "nonconformity", n.Ref), nil
}

// keepNCDeadline sets the deadline of the nonconformity f opened to
// f.CAPDue, with its "nonconformity.update" event, unless it is closed.
func keepNCDeadline(ctx context.Context, tx *sqldb.Tx, actor isms.Actor, f *isms.ExternalFinding) error {
	n, err := tx.FindNonconformityByIDForUpdate(ctx, f.OrgID, f.NonconformityID)
	if isms.ErrorCode(err) == isms.NotFound {
		return nil
	} else if err != nil {
		return err
	}
	if n.Status == isms.NCClosed || n.Deadline == f.CAPDue {
		return nil
	}
	before := n.Deadline
	n.Deadline = f.CAPDue
	if err := tx.UpdateNonconformity(ctx, n, n.Version); err != nil {
		return err
	}
	return audit(ctx, tx, orgChain(n.OrgID), actor, "nonconformity.update", objectNonconformity, n.ID,
		isms.Changes{"deadline": {Before: before.String(), After: n.Deadline.String()}})
}

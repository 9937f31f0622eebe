// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// maxAuditEvidence caps the evidence items AuditEvidence offers.
const maxAuditEvidence = 200

// EvidenceChoice is an evidence item a finding of an audit may cite: one
// linked to a control that is linked (confirmed) to a requirement in the
// audit's scope.
type EvidenceChoice struct {
	ID    isms.ID
	Title string
	// Controls are the references of the controls in the audit's scope
	// that the item supports ("C-3, C-7").
	Controls    string
	CollectedOn isms.Date
	ValidUntil  isms.Date // zero when it does not expire
	// Valid is whether the item is still valid today: it does not expire,
	// or its validity ends today or later.
	Valid bool
}

// AuditEvidence returns the evidence items linked to the organization's
// controls that are linked (confirmed) to the requirements of audit's
// checklist (audit is its ID or reference "IA-3"), by title, at most 200,
// to anyone who reads the ISMS.
func (a *App) AuditEvidence(ctx context.Context, actor isms.Actor, audit string) ([]EvidenceChoice, error) {
	if err := forbid(actor.Can(isms.ReadISMS), "You may not see the evidence of audits."); err != nil {
		return nil, err
	}
	today := a.today()
	var out []EvidenceChoice
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		au, err := findAuditByIDOrRef(ctx, tx, actor.OrgID, audit)
		if err != nil {
			return err
		}
		items, err := tx.FindAuditEvidence(ctx, actor.OrgID, au.ID, maxAuditEvidence)
		if err != nil {
			return err
		}
		out = make([]EvidenceChoice, len(items))
		for i, e := range items {
			out[i] = EvidenceChoice{ID: e.ID, Title: e.Title, Controls: strings.Join(e.ControlRefs, ", "),
				CollectedOn: e.CollectedOn, ValidUntil: e.ValidUntil, Valid: e.ValidUntil.IsZero() || !e.ValidUntil.Before(today)}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

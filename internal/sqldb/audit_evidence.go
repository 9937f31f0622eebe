// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// The evidence an internal audit may cite: the items linked to the
// controls that are linked (confirmed, not inferred) to the requirements
// of its checklist.

// AuditEvidence is an evidence item an audit may cite, with the
// references of the controls in its scope that the item supports.
type AuditEvidence struct {
	ID          isms.ID
	Title       string
	CollectedOn isms.Date
	ValidUntil  isms.Date // zero when it does not expire
	ControlRefs []string  // by reference length then reference ("C-3" before "C-12")
}

// auditControlsSQL selects the controls linked (confirmed) to the
// requirements of an audit's checklist. Arguments: auditControlsArgs.
const auditControlsSQL = `SELECT l.control_id FROM control_links l JOIN audit_items i ON i.requirement_id = l.requirement_id
	WHERE l.organization_id = ? AND i.organization_id = ? AND i.audit_id = ? AND l.inferred = ?`

func auditControlsArgs(org, audit isms.ID) []any { return []any{org, org, audit, false} }

// FindAuditEvidence returns the evidence items of org linked to the
// controls of audit's scope, by title, at most limit (clamped to
// isms.ClampPage), each with the references of those controls.
func (tx *Tx) FindAuditEvidence(ctx context.Context, org, audit isms.ID, limit int) ([]*AuditEvidence, error) {
	args := append([]any{org, org}, auditControlsArgs(org, audit)...)
	items, err := selectRows(ctx, tx, "audit evidence", "audit evidence", `SELECT e.id, e.title, e.collected_on, e.valid_until
		FROM evidence e
		WHERE e.organization_id = ? AND e.id IN (SELECT el.evidence_id FROM evidence_links el
			WHERE el.organization_id = ? AND el.record_type = 'control' AND el.record_id IN (`+auditControlsSQL+`))
		ORDER BY e.title, e.id LIMIT ?`, append(args, isms.ClampPage(limit)),
		func(s rowScanner) (*AuditEvidence, error) {
			var e AuditEvidence
			err := s.Scan(&e.ID, &e.Title, &e.CollectedOn, &e.ValidUntil)
			return &e, err
		})
	if err != nil || len(items) == 0 {
		return nil, err
	}
	byID := make(map[isms.ID]*AuditEvidence, len(items))
	ids := make([]any, len(items))
	for i, e := range items {
		byID[e.ID], ids[i] = e, e.ID
	}
	type pair struct {
		evidence isms.ID
		ref      string
	}
	args = append(append([]any{org, org}, auditControlsArgs(org, audit)...), ids...)
	pairs, err := selectRows(ctx, tx, "audit evidence control", "audit evidence controls", `SELECT DISTINCT el.evidence_id, c.ref, LENGTH(c.ref)
		FROM evidence_links el JOIN controls c ON c.id = el.record_id
		WHERE el.organization_id = ? AND c.organization_id = ? AND el.record_type = 'control'
			AND el.record_id IN (`+auditControlsSQL+`) AND el.evidence_id IN (`+placeholders(len(ids))+`)
		ORDER BY el.evidence_id, LENGTH(c.ref), c.ref LIMIT ?`, append(args, maxControlLinks),
		func(s rowScanner) (pair, error) {
			var p pair
			var n int
			err := s.Scan(&p.evidence, &p.ref, &n)
			return p, err
		})
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		if e := byID[p.evidence]; e != nil {
			e.ControlRefs = append(e.ControlRefs, p.ref)
		}
	}
	return items, nil
}

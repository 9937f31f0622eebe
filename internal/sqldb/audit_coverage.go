// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// The reads internal audit needs beyond its own tables: what weighs on
// how often a requirement is audited (the risks above acceptance whose
// treatment plans use its controls) and who owns the controls linked to
// the requirements an audit covers (the independence of its auditors).
// Each reads a whole framework in one statement.

// CoverageHighRisks counts, per requirement of framework, the risks not
// closed, scored under method, whose current level (residual once scored,
// else inherent) is one of levels and whose treatment plans use a control
// linked (confirmed) to the requirement. Requirements without one are
// absent.
func (tx *Tx) CoverageHighRisks(ctx context.Context, org, framework, method isms.ID, levels []int) (map[isms.ID]int, error) {
	out := map[isms.ID]int{}
	if method == "" || len(levels) == 0 {
		return out, nil
	}
	args := []any{org, org, framework, false, org, org, isms.RiskClosed, method}
	for _, l := range levels {
		args = append(args, l)
	}
	type count struct {
		req isms.ID
		n   int
	}
	rows, err := selectRows(ctx, tx, "coverage high risk", "coverage high risks", `SELECT l.requirement_id, COUNT(DISTINCT k.id)
		FROM control_links l JOIN requirements q ON q.id = l.requirement_id
			JOIN risk_controls rc ON rc.control_id = l.control_id JOIN risks k ON k.id = rc.risk_id
		WHERE l.organization_id = ? AND q.organization_id = ? AND q.framework_id = ? AND l.inferred = ?
			AND rc.organization_id = ? AND k.organization_id = ? AND k.status <> ? AND k.method_id = ?
			AND (CASE WHEN k.residual_level > 0 THEN k.residual_level ELSE k.inherent_level END) IN (`+placeholders(len(levels))+`)
		GROUP BY l.requirement_id ORDER BY l.requirement_id LIMIT ?`, append(args, maxRequirements),
		func(s rowScanner) (count, error) {
			var c count
			err := s.Scan(&c.req, &c.n)
			return c, err
		})
	if err != nil {
		return nil, err
	}
	for _, c := range rows {
		out[c.req] = c.n
	}
	return out, nil
}

// OwnedControlLink is a control linked (confirmed) to a requirement of a
// framework, with its owner.
type OwnedControlLink struct {
	RequirementID isms.ID
	ControlID     isms.ID
	Ref, Title    string
	OwnerID       isms.ID
}

// OwnedControlLinks returns the confirmed links of framework's
// requirements to the controls that one of owners owns, by requirement
// (document order) then control reference (natural order).
func (tx *Tx) OwnedControlLinks(ctx context.Context, org, framework isms.ID, owners []isms.ID) ([]OwnedControlLink, error) {
	if len(owners) == 0 {
		return nil, nil
	}
	args := []any{org, org, framework, false, org}
	for _, o := range owners {
		args = append(args, o)
	}
	return selectRows(ctx, tx, "owned control link", "owned control links", `SELECT l.requirement_id, c.id, c.ref, c.title, c.owner_id
		FROM control_links l JOIN requirements r ON r.id = l.requirement_id JOIN controls c ON c.id = l.control_id
		WHERE l.organization_id = ? AND r.organization_id = ? AND r.framework_id = ? AND l.inferred = ? AND c.organization_id = ?
			AND c.owner_id IN (`+placeholders(len(owners))+`)
		ORDER BY r.position, l.requirement_id, LENGTH(c.ref), c.ref LIMIT ?`, append(args, maxControlLinks),
		func(s rowScanner) (OwnedControlLink, error) {
			var l OwnedControlLink
			err := s.Scan(&l.RequirementID, &l.ControlID, &l.Ref, &l.Title, &l.OwnerID)
			return l, err
		})
}

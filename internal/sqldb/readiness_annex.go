// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// The readiness check's reads over Annex A: per applicable line of an
// SoA, how many controls carry it out and how many of those have
// evidence, current evidence; the controls of a few lines; and the asset
// inventory A.5.9 needs. Evidence is only ever counted, grouped by
// requirement: the large organization links tens of thousands of items.

// ReadinessAnnexControls returns the lines of SoA version soa decided
// applicable, in its order, each with the count of the controls linked
// (confirmed) to its requirement, of those with evidence linked, and of
// those with evidence valid on today (no validity date or not yet
// passed, and no file missing). Controls.Items are left empty.
func (tx *Tx) ReadinessAnnexControls(ctx context.Context, org, soa isms.ID, today isms.Date) ([]isms.AnnexControl, error) {
	return selectRows(ctx, tx, "annex control", "annex controls", `SELECT s.requirement_id, s.ref, s.title, COUNT(c.id),
			COUNT(CASE WHEN EXISTS (SELECT 1 FROM evidence_links el
				WHERE el.organization_id = c.organization_id AND el.record_type = 'control' AND el.record_id = c.id) THEN 1 END),
			COUNT(CASE WHEN EXISTS (SELECT 1 FROM evidence_links el JOIN evidence e ON e.id = el.evidence_id
				WHERE el.organization_id = c.organization_id AND el.record_type = 'control' AND el.record_id = c.id
					AND e.organization_id = c.organization_id AND e.file_missing = ?
					AND (e.valid_until IS NULL OR e.valid_until >= ?)) THEN 1 END)
		FROM soa_lines s
			LEFT JOIN control_links l ON l.organization_id = s.organization_id AND l.requirement_id = s.requirement_id
				AND l.inferred = ?
			LEFT JOIN controls c ON c.organization_id = l.organization_id AND c.id = l.control_id
		WHERE s.organization_id = ? AND s.soa_id = ? AND s.applicable = ?
		GROUP BY s.requirement_id, s.ref, s.title, s.position
		ORDER BY s.position, s.requirement_id LIMIT ?`,
		[]any{false, today, false, org, soa, isms.SoAApplicable, maxRequirements},
		func(s rowScanner) (isms.AnnexControl, error) {
			c := isms.AnnexControl{Controls: isms.RecordSet{Items: []isms.RecordRef{}}}
			err := s.Scan(&c.RequirementID, &c.Ref, &c.Title, &c.Controls.Total, &c.Evidenced, &c.Current)
			return c, err
		})
}

// ReadinessRequirementControls returns, for each of requirements, the
// controls linked (confirmed) to it: the first isms.MaxFindingRecords by
// reference (natural order) and their total.
func (tx *Tx) ReadinessRequirementControls(ctx context.Context, org isms.ID, requirements []isms.ID) (map[isms.ID]isms.RecordSet, error) {
	out := map[isms.ID]isms.RecordSet{}
	if len(requirements) == 0 {
		return out, nil
	}
	args := []any{org, false}
	for _, id := range requirements {
		args = append(args, id)
	}
	type row struct {
		req   isms.ID
		ref   isms.RecordRef
		total int
	}
	rows, err := selectRows(ctx, tx, "requirement control", "requirement controls", `SELECT q.requirement_id, q.id, q.ref, q.title, q.n
		FROM (SELECT l.requirement_id, c.id, c.ref, c.title,
				ROW_NUMBER() OVER (PARTITION BY l.requirement_id ORDER BY LENGTH(c.ref), c.ref, c.id) AS k,
				COUNT(*) OVER (PARTITION BY l.requirement_id) AS n
			FROM control_links l JOIN controls c ON c.organization_id = l.organization_id AND c.id = l.control_id
			WHERE l.organization_id = ? AND l.inferred = ? AND l.requirement_id IN (`+placeholders(len(requirements))+`)) q
		WHERE q.k <= ? ORDER BY q.requirement_id, q.k`, append(args, isms.MaxFindingRecords),
		func(s rowScanner) (row, error) {
			r := row{ref: isms.RecordRef{Type: "control"}}
			err := s.Scan(&r.req, &r.ref.ID, &r.ref.Ref, &r.ref.Title, &r.total)
			return r, err
		})
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		set := out[r.req]
		set.Total, set.Items = r.total, append(set.Items, r.ref)
		out[r.req] = set
	}
	return out, nil
}

// ReadinessAnnexAssets fills the asset inventory facts of f (A.5.9).
func (tx *Tx) ReadinessAnnexAssets(ctx context.Context, org isms.ID, f *isms.AnnexFacts) error {
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM assets WHERE organization_id = ?`, org).Scan(&f.Assets)
	if err != nil {
		return fmt.Errorf("readiness annex assets: %w", err)
	}
	f.AssetsWithoutOwner, err = tx.readinessSet(ctx, "asset", `SELECT id, ref, name FROM assets
		WHERE organization_id = ? AND owner_id IS NULL ORDER BY number, ref`, org)
	return err
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// PostureRequirements returns the requirements of framework in org as
// posture sees them; framework "" reads those of every framework of org.
func (tx *Tx) PostureRequirements(ctx context.Context, org, framework isms.ID) ([]isms.PostureRequirement, error) {
	q, args := `SELECT id, framework_id, group_ref, assessable FROM requirements WHERE organization_id = ?`, []any{org}
	if framework != "" {
		q += ` AND framework_id = ?`
		args = append(args, framework)
	}
	rows, err := tx.query(ctx, q+` ORDER BY framework_id, position LIMIT ?`, append(args, maxRequirements*4)...)
	if err != nil {
		return nil, fmt.Errorf("select posture requirements: %w", err)
	}
	defer rows.Close()
	var out []isms.PostureRequirement
	for rows.Next() {
		var r isms.PostureRequirement
		if err := rows.Scan(&r.ID, &r.FrameworkID, &r.GroupRef, &r.Assessable); err != nil {
			return nil, fmt.Errorf("scan posture requirement: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// postureLinksSQL reads every control link of an organization (or of one
// framework's requirements) with whether it is effective on a day: its
// control is implemented, and it has no linked evidence or at least one
// linked item that has not expired (no validity date, or valid until that
// day or later). Both are EXISTS probes that stop at the first item found:
// the large organization links over a hundred items to a control, and
// aggregating them all on every posture read took seconds on SQLite.
// Arguments: the implemented status, organization (evidence, twice),
// today, organization (links).
const postureLinksSQL = `SELECT l.requirement_id, l.inferred,
	CASE WHEN c.status = ? AND (
		NOT EXISTS (SELECT 1 FROM evidence_links el
			WHERE el.organization_id = ? AND el.record_type = 'control' AND el.record_id = l.control_id)
		OR EXISTS (SELECT 1 FROM evidence_links el JOIN evidence e ON e.id = el.evidence_id
			WHERE el.organization_id = ? AND el.record_type = 'control' AND el.record_id = l.control_id
				AND (e.valid_until IS NULL OR e.valid_until >= ?))) THEN 1 ELSE 0 END
	FROM control_links l
	JOIN controls c ON c.id = l.control_id
	WHERE l.organization_id = ?`

// PostureLinks returns the control links to the requirements of framework
// in org (every framework for ""), grouped by requirement, with whether
// each is effective on today (see isms.PostureLink).
func (tx *Tx) PostureLinks(ctx context.Context, org, framework isms.ID, today isms.Date) ([]isms.PostureLink, error) {
	q, args := postureLinksSQL, []any{isms.ControlImplemented, org, org, today, org}
	if framework != "" {
		q += ` AND l.requirement_id IN (SELECT id FROM requirements WHERE organization_id = ? AND framework_id = ?)`
		args = append(args, org, framework)
	}
	rows, err := tx.query(ctx, q+` ORDER BY l.requirement_id LIMIT ?`, append(args, maxControlLinks*4)...)
	if err != nil {
		return nil, fmt.Errorf("select posture links: %w", err)
	}
	defer rows.Close()
	var out []isms.PostureLink
	for rows.Next() {
		var l isms.PostureLink
		var effective int
		if err := rows.Scan(&l.RequirementID, &l.Inferred, &effective); err != nil {
			return nil, fmt.Errorf("scan posture link: %w", err)
		}
		l.Effective = effective == 1
		out = append(out, l)
	}
	return out, rows.Err()
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// The readiness check's queries over the Statement of Applicability. The
// check judges a version's decisions against the controls and treatment
// plans as they stand, so it reads the decisions without the recorded
// sources (a large JSON per line), and of the live sources only what the
// consistency rules need: counts and yes-or-no, a row per requirement.

// ReadinessSoALines returns the lines of SoA version soa of org with
// their decisions, in line order; their Sources are left empty.
func (tx *Tx) ReadinessSoALines(ctx context.Context, org, soa isms.ID) ([]*isms.SoALine, error) {
	return selectRows(ctx, tx, "readiness soa line", "readiness soa lines", `SELECT requirement_id, ref, title, position,
		applicable, business, practice, reason, exclusion, status_override, version
		FROM soa_lines WHERE organization_id = ? AND soa_id = ? ORDER BY position LIMIT ?`,
		[]any{org, soa, maxRequirements},
		func(s rowScanner) (*isms.SoALine, error) {
			l := &isms.SoALine{SoAID: soa, OrgID: org}
			err := s.Scan(&l.RequirementID, &l.Ref, &l.Title, &l.Position, &l.Applicable, &l.Business, &l.Practice,
				&l.Reason, &l.Exclusion, &l.Override, &l.Version)
			return l, err
		})
}

// ReadinessSoASource is what the readiness check reads of the live
// sources of one requirement's SoA line: its linked controls by status,
// and whether anything that justifies the line uses them.
type ReadinessSoASource struct {
	RequirementID isms.ID
	// Controls counts the controls linked (confirmed) to the requirement;
	// Implemented, InProgress and NotApplicable those with that status.
	Controls, Implemented, InProgress, NotApplicable int
	// Treated is set when the treatment plan of an open risk uses one of
	// the controls; Obliged when an addressed interested-party requirement
	// is linked to one.
	Treated, Obliged bool
}

// ReadinessSoASources returns, for each requirement of framework with a
// confirmed control link, its controls by status and whether an open
// risk's treatment or an addressed obligation uses them: what
// SoAControlLinks, SoARiskUses and SoAObligations derive, counted in one
// statement (a row per requirement) instead of listed. The links are read
// from the framework's requirements (control_links_requirement_idx), each
// stops at the first open risk using its control
// (risk_controls_control_idx), and the controls with an obligation are
// few and read once.
func (tx *Tx) ReadinessSoASources(ctx context.Context, org, framework isms.ID) ([]ReadinessSoASource, error) {
	args := []any{isms.ControlImplemented, isms.ControlInProgress, isms.ControlNotApplicable, org, isms.RiskClosed,
		org, org, org, true, org, org, framework, false, org}
	return selectRows(ctx, tx, "readiness soa source", "readiness soa sources", `SELECT l.requirement_id, COUNT(*),
			SUM(CASE WHEN c.status = ? THEN 1 ELSE 0 END), SUM(CASE WHEN c.status = ? THEN 1 ELSE 0 END),
			SUM(CASE WHEN c.status = ? THEN 1 ELSE 0 END),
			MAX(CASE WHEN EXISTS (SELECT 1 FROM risk_controls rc JOIN risks k ON k.id = rc.risk_id
				WHERE rc.organization_id = ? AND rc.control_id = l.control_id AND k.status <> ?) THEN 1 ELSE 0 END),
			MAX(CASE WHEN l.control_id IN (SELECT x.control_id FROM (`+soaObligationLinksSQL+`) x
				JOIN party_requirements q ON q.id = x.requirement_id WHERE q.organization_id = ? AND q.addressed = ?) THEN 1 ELSE 0 END)
		FROM control_links l JOIN controls c ON c.id = l.control_id
		WHERE l.organization_id = ? AND l.requirement_id IN (SELECT id FROM requirements WHERE organization_id = ? AND framework_id = ?)
			AND l.inferred = ? AND c.organization_id = ?
		GROUP BY l.requirement_id LIMIT ?`, append(args, maxRequirements),
		func(s rowScanner) (ReadinessSoASource, error) {
			var x ReadinessSoASource
			var treated, obliged int
			err := s.Scan(&x.RequirementID, &x.Controls, &x.Implemented, &x.InProgress, &x.NotApplicable, &treated, &obliged)
			x.Treated, x.Obliged = treated == 1, obliged == 1
			return x, err
		})
}

// ReadinessSoAEditedLines returns the lines of SoA version soa of org
// changed since the version was started (edited at least once), in line
// order, as their requirements.
func (tx *Tx) ReadinessSoAEditedLines(ctx context.Context, org, soa isms.ID) (isms.RecordSet, error) {
	return tx.readinessSet(ctx, "requirement", `SELECT requirement_id, ref, title FROM soa_lines
		WHERE organization_id = ? AND soa_id = ? AND version > 1 ORDER BY position`, org, soa)
}

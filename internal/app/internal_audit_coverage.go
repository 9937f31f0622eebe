// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// A programme's coverage is computed whenever it is read, from the
// framework's clauses and applicable controls, what weighs on each (risks
// above acceptance using its controls, nonconformities of earlier audits)
// and the scopes of the programme's audits.

// programmeCoverage returns the coverage of p's framework by audits, the
// programme's audits.
func programmeCoverage(ctx context.Context, tx *sqldb.Tx, p *isms.AuditProgramme, audits []*isms.InternalAudit) (*isms.AuditCoverage, error) {
	reqs, err := coverageRequirements(ctx, tx, p.OrgID, p.FrameworkID)
	if err != nil {
		return nil, err
	}
	scopes, err := tx.ProgrammeAudits(ctx, p.OrgID, p.ID)
	if err != nil {
		return nil, err
	}
	start := make(map[isms.ID]isms.Date, len(audits))
	for _, au := range audits {
		start[au.ID] = au.PlannedStart
	}
	for i := range scopes {
		if d, ok := start[scopes[i].ID]; ok {
			scopes[i].Year = p.YearOf(d)
		}
	}
	return isms.ProgrammeCoverage(p.Years(), reqs, scopes), nil
}

// coverageRequirements returns the requirements a programme over
// framework must cover, in document order: every clause, and every
// control the current SoA (the approved version, else the draft) does not
// exclude, each with its high risks and earlier nonconformities.
func coverageRequirements(ctx context.Context, tx *sqldb.Tx, org, framework isms.ID) ([]isms.CoverageRequirement, error) {
	all, _, err := tx.FindRequirements(ctx, isms.RequirementFilter{OrgID: org, FrameworkID: framework})
	if err != nil {
		return nil, err
	}
	excluded, err := soaExcluded(ctx, tx, org, framework)
	if err != nil {
		return nil, err
	}
	high, err := highRisksByRequirement(ctx, tx, org, framework)
	if err != nil {
		return nil, err
	}
	ncs, err := tx.FindingCountsByRequirement(ctx, org)
	if err != nil {
		return nil, err
	}
	var out []isms.CoverageRequirement
	for _, r := range all {
		if (r.Kind != isms.KindClause && r.Kind != isms.KindControl) || (r.Kind == isms.KindControl && excluded[r.ID]) {
			continue
		}
		out = append(out, isms.CoverageRequirement{ID: r.ID, Ref: r.Ref, Title: r.Title, Kind: r.Kind,
			HighRisks: high[r.ID], Nonconformities: ncs[r.ID]})
	}
	return out, nil
}

// soaExcluded returns the requirements of framework that its current SoA
// excludes: the approved version's, else the draft's; none without an SoA.
func soaExcluded(ctx context.Context, tx *sqldb.Tx, org, framework isms.ID) (map[isms.ID]bool, error) {
	out := map[isms.ID]bool{}
	approved, err := soaWithStatus(ctx, tx, org, framework, isms.SoAApproved)
	if err != nil {
		return nil, err
	}
	if approved != nil {
		ids, err := tx.SoAExcludedRequirements(ctx, org, framework)
		for _, id := range ids {
			out[id] = true
		}
		return out, err
	}
	draft, err := soaWithStatus(ctx, tx, org, framework, isms.SoADraft)
	if draft == nil || err != nil {
		return out, err
	}
	lines, err := tx.FindSoALines(ctx, org, draft.ID)
	for _, l := range lines {
		if l.Applicable == isms.SoAExcluded {
			out[l.RequirementID] = true
		}
	}
	return out, err
}

// highRisksByRequirement counts per requirement of framework the open
// risks at or above the current risk method's acceptance threshold (a
// level that may not be retained without treatment) whose treatment plans
// use a control linked to it. Without an approved method, none count.
func highRisksByRequirement(ctx context.Context, tx *sqldb.Tx, org, framework isms.ID) (map[isms.ID]int, error) {
	m, err := currentRiskMethod(ctx, tx, org)
	if m == nil || err != nil {
		return map[isms.ID]int{}, err
	}
	var levels []int
	for n := range m.Levels {
		if !m.MayRetain(n + 1) {
			levels = append(levels, n+1)
		}
	}
	return tx.CoverageHighRisks(ctx, org, framework, m.ID, levels)
}

// plural writes n with the singular or plural noun: "1 audit", "3 audits".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

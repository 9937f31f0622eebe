// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// The readiness facts of clauses 4.1, 4.2 and 4.4: figures and short
// record lists of the context issues, the interested parties and their
// requirements, and the ISMS processes. The scope (4.3) is read by the
// application through FindScopeWithStatus.
//
// The readiness queries test "has no linked X" with NOT IN over the
// organization's X rather than with a correlated NOT EXISTS: under
// readinessSet's LIMIT, PostgreSQL plans the latter as a nested loop that
// reads the links once per record (9 ms instead of 0.3 ms on the large
// demo).

// ReadinessContext returns the context facts of org on today, all but
// the scope's.
func (tx *Tx) ReadinessContext(ctx context.Context, org isms.ID, today isms.Date) (isms.ContextFacts, error) {
	var f isms.ContextFacts
	err := tx.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM context_issues WHERE organization_id = ? AND kind = ?),
		(SELECT COUNT(*) FROM context_issues WHERE organization_id = ? AND kind = ?),
		(SELECT COUNT(*) FROM context_issues WHERE organization_id = ? AND climate = ?),
		(SELECT COUNT(*) FROM interested_parties WHERE organization_id = ?),
		(SELECT COUNT(*) FROM party_requirements WHERE organization_id = ?),
		(SELECT COUNT(*) FROM party_requirements WHERE organization_id = ? AND type IN (?, ?, ?)),
		(SELECT COUNT(*) FROM party_requirements WHERE organization_id = ? AND addressed = ?),
		(SELECT COUNT(*) FROM isms_processes WHERE organization_id = ?)`,
		org, isms.ContextInternal, org, isms.ContextExternal, org, true, org, org,
		org, isms.RequirementLegal, isms.RequirementRegulatory, isms.RequirementContractual, org, true, org,
	).Scan(&f.IssuesInternal, &f.IssuesExternal, &f.IssuesClimate, &f.Parties, &f.PartyRequirements,
		&f.PartyRequirementsCompliance, &f.PartyRequirementsAddressed, &f.ISMSProcesses)
	if err != nil {
		return f, fmt.Errorf("readiness context counts: %w", err)
	}
	if err := tx.readinessContextSets(ctx, org, today, &f); err != nil {
		return f, err
	}
	f.ISMSProcessClauses, err = tx.readinessProcessClauses(ctx, org)
	return f, err
}

// readinessContextSets reads the record lists of the context facts.
func (tx *Tx) readinessContextSets(ctx context.Context, org isms.ID, today isms.Date, f *isms.ContextFacts) error {
	return tx.fillReadinessSets(ctx, []readinessQuery{
		{&f.IssuesReviewOverdue, "context_issue", `SELECT id, ref, title FROM context_issues
			WHERE organization_id = ? AND review_on IS NOT NULL AND review_on <> '' AND review_on < ?
			ORDER BY number, ref`, []any{org, today}},
		{&f.IssuesUnlinked, "context_issue", `SELECT c.id, c.ref, c.title FROM context_issues c
			WHERE c.organization_id = ?
			AND c.id NOT IN (SELECT l.from_id FROM record_links l WHERE l.organization_id = ?
				AND l.from_type = 'context_issue' AND l.to_type IN ('risk', 'isms_risk'))
			AND c.id NOT IN (SELECT l.to_id FROM record_links l WHERE l.organization_id = ?
				AND l.to_type = 'context_issue' AND l.from_type IN ('risk', 'isms_risk'))
			ORDER BY c.number, c.ref`, []any{org, org, org}},
		{&f.PartiesWithoutRequirements, "interested_party", `SELECT p.id, p.ref, p.name FROM interested_parties p
			WHERE p.organization_id = ?
			AND p.id NOT IN (SELECT r.party_id FROM party_requirements r WHERE r.organization_id = ?)
			ORDER BY p.number, p.ref`, []any{org, org}},
		{&f.PartyRequirementsUndecided, "party_requirement", `SELECT id, ref, title FROM party_requirements
			WHERE organization_id = ? AND addressed = ? AND TRIM(how) = ''
			ORDER BY number, ref`, []any{org, false}},
		// The list's "unlinked" filter (preqLinks = 0), read as NOT IN.
		{&f.PartyRequirementsUnlinked, "party_requirement", `SELECT r.id, r.ref, r.title FROM party_requirements r
			WHERE r.organization_id = ? AND r.addressed = ?
			AND r.id NOT IN (SELECT l.from_id FROM record_links l WHERE l.organization_id = ?
				AND l.from_type = 'party_requirement')
			ORDER BY r.number, r.ref`, []any{org, true, org}},
		{&f.ISMSProcessesWithoutOwner, "isms_process", `SELECT id, ref, name FROM isms_processes
			WHERE organization_id = ? AND COALESCE(owner_id, '') = ''
			ORDER BY number, ref`, []any{org}},
		{&f.ISMSProcessesUndescribed, "isms_process", `SELECT id, ref, name FROM isms_processes
			WHERE organization_id = ? AND (TRIM(purpose) = '' OR TRIM(inputs) = '' OR TRIM(outputs) = '')
			ORDER BY number, ref`, []any{org}},
	})
}

// readinessProcessClauses returns the clauses of isms.ISMSClauses that
// at least one of org's ISMS processes serves, in clause order.
func (tx *Tx) readinessProcessClauses(ctx context.Context, org isms.ID) ([]string, error) {
	rows, err := tx.query(ctx, `SELECT DISTINCT clauses FROM isms_processes WHERE organization_id = ? LIMIT ?`,
		org, isms.MaxPageSize)
	if err != nil {
		return nil, fmt.Errorf("readiness process clauses: %w", err)
	}
	defer rows.Close()
	served := map[string]bool{}
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			return nil, fmt.Errorf("readiness process clauses: %w", err)
		}
		clauses, err := readJSONList[string](text, "process clauses")
		if err != nil {
			return nil, err
		}
		for _, c := range clauses {
			served[isms.ClauseColumn(c)] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("readiness process clauses: %w", err)
	}
	out := []string{}
	for _, c := range isms.ISMSClauses {
		if served[c.Number] {
			out = append(out, c.Number)
		}
	}
	return out, nil
}

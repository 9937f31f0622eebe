// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// The readiness facts of clauses 5.1 and 5.3: records of top management
// commitment, the ISMS roles and the RACI. The policy (5.2) is found by
// the application; ReadinessPolicyObjectives counts what links to it.

// ReadinessLeadership returns the leadership facts of org, all but the
// policy's.
func (tx *Tx) ReadinessLeadership(ctx context.Context, org isms.ID) (isms.LeadershipFacts, error) {
	var f isms.LeadershipFacts
	if err := tx.readinessCommitments(ctx, org, &f); err != nil {
		return f, err
	}
	lower := "LOWER(responsibilities)"
	err := tx.queryRow(ctx, `SELECT COUNT(*),
		COUNT(CASE WHEN TRIM(responsibilities) <> '' AND TRIM(authorities) <> '' THEN 1 END),
		COUNT(CASE WHEN `+tx.contains(lower, "'report'")+` AND (`+tx.contains(lower, "'management'")+`
			OR `+tx.contains(lower, "'board'")+`) THEN 1 END)
		FROM isms_roles WHERE organization_id = ?`, org).Scan(&f.ISMSRoles, &f.ISMSRolesDefined, &f.ISMSRolesReporting)
	if err != nil {
		return f, fmt.Errorf("readiness roles: %w", err)
	}
	return f, tx.readinessRoleSets(ctx, org, &f)
}

// readinessCommitments reads the count, the latest record and the latest
// day of each kind of org's commitment records.
func (tx *Tx) readinessCommitments(ctx context.Context, org isms.ID, f *isms.LeadershipFacts) error {
	f.CommitmentKindLatest = map[isms.CommitmentKind]isms.Date{}
	rows, err := tx.query(ctx, `SELECT kind, MAX(made_on), COUNT(*) FROM commitments
		WHERE organization_id = ? GROUP BY kind ORDER BY kind`, org)
	if err != nil {
		return fmt.Errorf("readiness commitments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind isms.CommitmentKind
		var last isms.Date
		var n int
		if err := rows.Scan(&kind, &last, &n); err != nil {
			return fmt.Errorf("readiness commitments: %w", err)
		}
		f.CommitmentKindLatest[kind], f.Commitments = last, f.Commitments+n
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("readiness commitments: %w", err)
	}
	if f.Commitments == 0 {
		return nil
	}
	f.CommitmentLatest.Type = "commitment"
	err = tx.queryRow(ctx, `SELECT id, ref, title, made_on FROM commitments WHERE organization_id = ?
		ORDER BY made_on DESC, number DESC LIMIT 1`, org).Scan(&f.CommitmentLatest.ID, &f.CommitmentLatest.Ref,
		&f.CommitmentLatest.Title, &f.CommitmentLatestOn)
	if err != nil {
		return fmt.Errorf("readiness latest commitment: %w", err)
	}
	return nil
}

// readinessRoleSets reads the record lists of the roles and the RACI.
func (tx *Tx) readinessRoleSets(ctx context.Context, org isms.ID, f *isms.LeadershipFacts) error {
	return tx.fillReadinessSets(ctx, []readinessQuery{
		{&f.ISMSRolesIncomplete, "isms_role", `SELECT id, '' AS ref, name FROM isms_roles
			WHERE organization_id = ? AND (TRIM(responsibilities) = '' OR TRIM(authorities) = '')
			ORDER BY position, name`, []any{org}},
		{&f.ISMSRolesUnappointed, "isms_role", `SELECT id, '' AS ref, name FROM isms_roles
			WHERE organization_id = ? AND (TRIM(appointed_by) = '' OR COALESCE(appointed_on, '') = '')
			ORDER BY position, name`, []any{org}},
		// Holders as isms.ISMSRole.HeldBy finds them: the role's name
		// among an active person's roles (a JSON array), without case.
		// The distinct role lists are few, so each is lowered once rather
		// than once per person and role.
		{&f.ISMSRolesUnheld, "isms_role", `SELECT r.id, '' AS ref, r.name FROM isms_roles r
			WHERE r.organization_id = ?
			AND NOT EXISTS (SELECT 1 FROM (SELECT DISTINCT roles FROM people
					WHERE organization_id = ? AND active = ?) p
				WHERE ` + tx.contains("LOWER(p.roles)", `'"' || LOWER(r.name) || '"'`) + `)
			ORDER BY r.position, r.name`, []any{org, org, true}},
		{&f.RACIProcessesUnaccountable, "isms_process", `SELECT p.id, p.ref, p.name FROM isms_processes p
			WHERE p.organization_id = ?
			AND p.id NOT IN (SELECT c.subject_id FROM raci_cells c WHERE c.organization_id = ?
				AND c.subject_type = ? AND ` + tx.contains("c.letters", "'A'") + `)
			ORDER BY p.number, p.ref`, []any{org, org, raciSubjects[isms.RACIProcess].short}},
	})
}

// ReadinessPolicyObjectives counts org's objectives, not cancelled, that
// name document policy as the policy they serve.
func (tx *Tx) ReadinessPolicyObjectives(ctx context.Context, org, policy isms.ID) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM objectives WHERE organization_id = ? AND policy_id = ? AND status <> ?`,
		org, policy, isms.ObjectiveCancelled).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("readiness policy objectives: %w", err)
	}
	return n, nil
}

// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// The readiness check's queries over the risk register (27001 6.1.2,
// 6.1.3, 8.2, 8.3). The record sets of open risks come from one pass over
// the register in its order, which returns for each risk a bit mask of
// the conditions that hold for it: ten record sets cost one scan rather
// than ten. The linked rows a condition reads (controls, actions, plan
// approvals) are uncorrelated IN lists, which both databases build once
// per statement (PostgreSQL as a hashed subplan) rather than probe once
// per risk; the owners who are no longer active members are few and are
// read first.

// ReadinessRiskScope is what the risk queries need besides the
// organization: the day, the method version in force and, per method
// version, the levels that may not be retained.
type ReadinessRiskScope struct {
	Org   isms.ID
	Today isms.Date
	// Method is the approved method version in force ("" when none).
	Method isms.ID
	// Untreated lists, per method version, the level numbers a risk may
	// not be retained at without treatment.
	Untreated map[isms.ID][]int
}

// readinessRiskFlag is one record set of the risk facts: the open risks
// for which cond (with its arguments) holds.
type readinessRiskFlag struct {
	dst  *isms.RecordSet
	cond string
	args []any
}

// readinessNever is the condition of a record set that does not apply.
const readinessNever = "1 = 0"

// ReadinessRisks fills the risk register's figures and record sets of f:
// open risks, and those without an active owner, unscored, under another
// method version, past review, untreated, to be modified without means,
// with a plan never approved, not accepted, with a lapsed acceptance or
// with a residual risk not re-evaluated; and the overdue treatment
// actions.
func (tx *Tx) ReadinessRisks(ctx context.Context, s ReadinessRiskScope, f *isms.RiskFacts) error {
	inactive, err := tx.readinessInactiveOwners(ctx, s.Org)
	if err != nil {
		return err
	}
	flags := readinessRiskFlags(s, inactive, f)
	bits, args := make([]string, len(flags)), []any{}
	for i, fl := range flags {
		bits[i] = fmt.Sprintf("CASE WHEN %s THEN %d ELSE 0 END", fl.cond, 1<<i)
		args = append(args, fl.args...)
	}
	rows, err := tx.query(ctx, `SELECT r.id, r.ref, r.title, `+strings.Join(bits, " + ")+` FROM risks r
		WHERE r.organization_id = ? AND r.status <> ? ORDER BY r.number, r.ref`, append(args, s.Org, isms.RiskClosed)...)
	if err != nil {
		return fmt.Errorf("readiness risks: %w", err)
	}
	defer rows.Close()
	if f.RisksOpen, err = readinessRiskSets(rows, flags); err != nil {
		return fmt.Errorf("readiness risks: %w", err)
	}
	if f.RisksResidualStale, err = tx.readinessStaleResiduals(ctx, s.Org); err != nil {
		return err
	}
	f.RiskActionsOverdue, err = tx.readinessSet(ctx, "task", `SELECT t.id, '' AS ref, t.title
		FROM tasks t JOIN risk_actions x ON x.task_id = t.id
		WHERE t.organization_id = ? AND t.status = ? AND t.due_date < ? AND x.organization_id = ?
		ORDER BY t.due_date, t.id`, s.Org, isms.TaskOpen, s.Today, s.Org)
	return err
}

// readinessInactiveOwners returns the owners of org's risks who are no
// longer active members (left the organization, or their account is
// disabled): each owner is looked up once, however many risks they own.
func (tx *Tx) readinessInactiveOwners(ctx context.Context, org isms.ID) ([]isms.ID, error) {
	return selectRows(ctx, tx, "readiness risk owner", "readiness risk owners", `SELECT o.owner_id
		FROM (SELECT DISTINCT owner_id FROM risks WHERE organization_id = ? AND owner_id IS NOT NULL) o
		WHERE NOT EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.organization_id = ? AND m.user_id = o.owner_id AND u.disabled = ?)
		ORDER BY o.owner_id LIMIT ?`, []any{org, org, false, maxReadinessOwners},
		func(s rowScanner) (isms.ID, error) {
			var id isms.ID
			err := s.Scan(&id)
			return id, err
		})
}

// maxReadinessOwners caps the inactive owners listed in one statement.
const maxReadinessOwners = 10000

// readinessRiskSets reads the open risks of rows, each with the flags
// that hold for it as a bit mask (bit i for flags[i]), into the flags'
// record sets, and returns how many risks there are. A risk's texts are
// copied only when a set lists it.
func readinessRiskSets(rows *sql.Rows, flags []readinessRiskFlag) (int, error) {
	for _, fl := range flags {
		*fl.dst = isms.RecordSet{Items: []isms.RecordRef{}}
	}
	var id, ref, title sql.RawBytes
	var mask, n int
	for rows.Next() {
		if err := rows.Scan(&id, &ref, &title, &mask); err != nil {
			return 0, err
		}
		n++
		for i, fl := range flags {
			if set := fl.dst; mask&(1<<i) != 0 {
				set.Total++
				if len(set.Items) < isms.MaxFindingRecords {
					set.Items = append(set.Items, isms.RecordRef{Type: "risk", ID: isms.ID(id), Ref: string(ref), Title: string(title)})
				}
			}
		}
	}
	return n, rows.Err()
}

// readinessRiskFlags lists the record sets of open risks and their
// conditions over r; inactive are the owners who are no longer active
// members.
func readinessRiskFlags(s ReadinessRiskScope, inactive []isms.ID, f *isms.RiskFacts) []readinessRiskFlag {
	owner := readinessRiskFlag{dst: &f.RisksWithoutOwner, cond: "r.owner_id IS NULL"}
	if len(inactive) > 0 {
		owner.cond += " OR r.owner_id IN (" + placeholders(len(inactive)) + ")"
		for _, id := range inactive {
			owner.args = append(owner.args, id)
		}
	}
	unscored := readinessRiskFlag{dst: &f.RisksUnscored, cond: readinessNever}
	otherMethod := readinessRiskFlag{dst: &f.RisksOtherMethod, cond: readinessNever}
	if s.Method != "" {
		unscored.cond = "r.inherent_level = 0"
		otherMethod.cond, otherMethod.args = "r.method_id IS NOT NULL AND r.method_id <> ?", []any{s.Method}
	}
	untreated, untreatedArgs := readinessUntreated(s.Untreated)
	return []readinessRiskFlag{owner, unscored, otherMethod,
		{&f.RisksReviewOverdue, "r.next_review < ?", []any{s.Today}},
		{&f.RisksUntreated, untreated, untreatedArgs},
		{&f.RisksModifyWithoutMeans, `r.treatment = ?
			AND r.id NOT IN (SELECT risk_id FROM risk_controls WHERE organization_id = ?)
			AND r.id NOT IN (SELECT risk_id FROM risk_actions WHERE organization_id = ?)`,
			[]any{isms.TreatmentModify, s.Org, s.Org}},
		{&f.RisksPlanNotApproved, `r.treatment IN (?, ?, ?) AND r.id NOT IN (SELECT object_id FROM approvals
			WHERE organization_id = ? AND object_type = 'risk_treatment' AND status = ?)`,
			[]any{isms.TreatmentModify, isms.TreatmentAvoid, isms.TreatmentShare, s.Org, isms.ApprovalApproved}},
		{&f.RisksNotAccepted, "r.treatment <> '' AND r.residual_level > 0 AND r.acceptance_id = ''", nil},
		{&f.RisksAcceptanceExpired, "r.acceptance_id <> '' AND r.accepted_until <= ?", []any{s.Today}},
	}
}

// readinessUntreated returns the condition of a risk with no treatment
// whose inherent level, under its method version, is one of the levels of
// that version in levels; readinessNever when no level of any version
// qualifies.
func readinessUntreated(levels map[isms.ID][]int) (string, []any) {
	methods := make([]isms.ID, 0, len(levels))
	for id, ls := range levels {
		if len(ls) > 0 {
			methods = append(methods, id)
		}
	}
	if len(methods) == 0 {
		return readinessNever, nil
	}
	slices.Sort(methods)
	parts, args := make([]string, len(methods)), []any{}
	for i, id := range methods {
		parts[i] = "(r.method_id = ? AND r.inherent_level IN (" + placeholders(len(levels[id])) + "))"
		args = append(args, id)
		for _, l := range levels[id] {
			args = append(args, l)
		}
	}
	return "r.treatment = '' AND (" + strings.Join(parts, " OR ") + ")", args
}

// readinessStaleResiduals returns org's open risks whose treatment
// actions are all closed, at least one of them done, and whose residual
// level is unscored or was not updated since the last action was
// completed. It reads the organization's actions once, grouped by risk.
func (tx *Tx) readinessStaleResiduals(ctx context.Context, org isms.ID) (isms.RecordSet, error) {
	return tx.readinessSet(ctx, "risk", `SELECT r.id, r.ref, r.title FROM risks r JOIN (
			SELECT x.risk_id, MAX(CASE WHEN t.status = ? THEN t.completed_at END) AS done_at
			FROM risk_actions x JOIN tasks t ON t.id = x.task_id
			WHERE x.organization_id = ? AND t.organization_id = ?
			GROUP BY x.risk_id
			HAVING SUM(CASE WHEN t.status = ? THEN 1 ELSE 0 END) = 0 AND SUM(CASE WHEN t.status = ? THEN 1 ELSE 0 END) > 0
		) a ON a.risk_id = r.id
		WHERE r.organization_id = ? AND r.status <> ? AND (r.residual_level = 0 OR r.updated_at < a.done_at)
		ORDER BY r.number, r.ref`, isms.TaskDone, org, org, isms.TaskOpen, isms.TaskDone, org, isms.RiskClosed)
}

// ReadinessClauseDocuments returns org's documents that serve clause (a
// clause number among their clauses, such as "6.1.3"), are not retired
// and have an approved version, in register order.
func (tx *Tx) ReadinessClauseDocuments(ctx context.Context, org isms.ID, clause string) (isms.RecordSet, error) {
	return tx.readinessSet(ctx, "document", `SELECT d.id, d.ref, d.title FROM documents d
		WHERE d.organization_id = ? AND d.retired = ? AND d.clauses LIKE ?
			AND EXISTS (SELECT 1 FROM document_versions v WHERE v.organization_id = ? AND v.document_id = d.id AND v.status = ?)
		ORDER BY d.number, d.ref`, org, false, `%"`+clause+`"%`, org, isms.VersionApproved)
}

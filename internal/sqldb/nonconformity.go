// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// Nonconformities (27001 10.2) and their tasks (nc_actions). Every query is
// scoped to its organization. The tasks are in nonconformity_action.go.
// requirements and checks are JSON columns; each step's date and author
// are columns, the authors' names read with scalar subqueries so that
// PostgreSQL can lock the row FOR UPDATE. The column "similar" is quoted:
// SIMILAR is a reserved word in PostgreSQL.

// userName is the scalar subquery reading the name of the account in
// column, "" when there is none.
func userName(column string) string {
	return "COALESCE((SELECT u.name FROM users u WHERE u.id = " + column + "), '')"
}

// ncActionCount is the scalar subquery counting the corrective actions
// of nonconformity n whose task status matches cond.
func ncActionCount(cond string) string {
	return `(SELECT COUNT(*) FROM nc_actions a JOIN tasks t ON t.organization_id = a.organization_id AND t.id = a.task_id
	WHERE a.organization_id = n.organization_id AND a.nonconformity_id = n.id AND a.kind = 'action' AND ` + cond + `)`
}

// ncColumns are the columns a nonconformity is read from, with the names
// of its detector, owner and step authors and its action counts.
var ncColumns = `n.id, n.organization_id, n.ref, n.number, n.title, n.description, n.source, n.source_type,
	n.source_id, n.grade, n.requirements, n.detected_on, n.detected_by, ` + userName("n.detected_by") + `,
	COALESCE(n.owner_id, ''), ` + userName("n.owner_id") + `, n.deadline, n.status,
	n.correction, n.correction_on, n.correction_by, ` + userName("n.correction_by") + `,
	n.rca_method, n.root_cause, n.rca_on, n.rca_by, ` + userName("n.rca_by") + `,
	n."similar", n.similar_on, n.similar_by, ` + userName("n.similar_by") + `,
	n.check_due, n.check_task_id, n.checks, n.closed_on,
	` + ncActionCount("t.status = 'open'") + `, ` + ncActionCount("t.status <> 'open'") + `,
	n.created_by, n.version, n.created_at, n.updated_at`

const ncFrom = ` FROM nonconformities n`

// ncNotFound is the message of a nonconformity that is not the
// organization's.
const ncNotFound = "No such nonconformity in this organization."

func scanNonconformity(s rowScanner) (*isms.Nonconformity, error) {
	var n isms.Nonconformity
	var reqs, checks string
	err := s.Scan(&n.ID, &n.OrgID, &n.Ref, &n.Number, &n.Title, &n.Description, &n.Source, &n.SourceRecord.Type,
		&n.SourceRecord.ID, &n.Grade, &reqs, &n.DetectedOn, &n.DetectedBy, &n.DetectedName, &n.OwnerID, &n.OwnerName,
		&n.Deadline, &n.Status,
		&n.Correction, &n.CorrectionStep.On, &n.CorrectionStep.By, &n.CorrectionStep.ByName,
		&n.RCAMethod, &n.RootCause, &n.RCAStep.On, &n.RCAStep.By, &n.RCAStep.ByName,
		&n.Similar, &n.SimilarStep.On, &n.SimilarStep.By, &n.SimilarStep.ByName,
		&n.CheckDue, &n.CheckTaskID, &checks, &n.ClosedOn, &n.ActionsOpen, &n.ActionsClosed,
		&n.CreatedBy, &n.Version, (*timestamp)(&n.CreatedAt), (*timestamp)(&n.UpdatedAt))
	if err != nil {
		return nil, err
	}
	if n.Requirements, err = readJSONList[isms.RequirementRef](reqs, "nonconformity requirements"); err != nil {
		return nil, fmt.Errorf("nonconformity %s: %w", n.Ref, err)
	}
	if n.Checks, err = readJSONList[isms.EffectivenessCheck](checks, "effectiveness checks"); err != nil {
		return nil, fmt.Errorf("nonconformity %s: %w", n.Ref, err)
	}
	return &n, nil
}

// ncJSON returns the requirements and checks columns of n.
func ncJSON(n *isms.Nonconformity) (reqs, checks string, err error) {
	if reqs, err = jsonList(n.Requirements, "nonconformity requirements"); err != nil {
		return "", "", err
	}
	checks, err = jsonList(n.Checks, "effectiveness checks")
	return reqs, checks, err
}

// InsertNonconformity stores a new nonconformity.
func (tx *Tx) InsertNonconformity(ctx context.Context, n *isms.Nonconformity) error {
	reqs, checks, err := ncJSON(n)
	if err != nil {
		return err
	}
	n.Version, n.CreatedAt, n.UpdatedAt, n.Number = 1, tx.now, tx.now, refNumber(n.Ref)
	_, err = tx.exec(ctx, `INSERT INTO nonconformities (id, organization_id, ref, number, title, description, source,
		source_type, source_id, grade, requirements, detected_on, detected_by, owner_id, deadline, status,
		correction, correction_on, correction_by, rca_method, root_cause, rca_on, rca_by, "similar", similar_on, similar_by,
		check_due, check_task_id, checks, closed_on, created_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.ID, n.OrgID, n.Ref, n.Number, n.Title, n.Description, n.Source, n.SourceRecord.Type, n.SourceRecord.ID,
		n.Grade, reqs, n.DetectedOn, n.DetectedBy, nullID(n.OwnerID), n.Deadline, n.Status,
		n.Correction, n.CorrectionStep.On, n.CorrectionStep.By, n.RCAMethod, n.RootCause, n.RCAStep.On, n.RCAStep.By,
		n.Similar, n.SimilarStep.On, n.SimilarStep.By, n.CheckDue, n.CheckTaskID, checks, n.ClosedOn,
		n.CreatedBy, n.Version, tx.ts(n.CreatedAt), tx.ts(n.UpdatedAt))
	return inserted(err, "nonconformities", "nonconformity")
}

// UpdateNonconformity stores n (every step included), read at version; a
// newer stored one is a Conflict, a missing one NotFound. It sets
// n.Version and n.UpdatedAt.
func (tx *Tx) UpdateNonconformity(ctx context.Context, n *isms.Nonconformity, version int) error {
	reqs, checks, err := ncJSON(n)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, `UPDATE nonconformities SET title = ?, description = ?, source = ?, source_type = ?,
		source_id = ?, grade = ?, requirements = ?, detected_on = ?, detected_by = ?, owner_id = ?, deadline = ?,
		status = ?, correction = ?, correction_on = ?, correction_by = ?, rca_method = ?, root_cause = ?, rca_on = ?,
		rca_by = ?, "similar" = ?, similar_on = ?, similar_by = ?, check_due = ?, check_task_id = ?, checks = ?,
		closed_on = ?, version = version + 1, updated_at = ? WHERE organization_id = ? AND id = ? AND version = ?`,
		n.Title, n.Description, n.Source, n.SourceRecord.Type, n.SourceRecord.ID, n.Grade, reqs, n.DetectedOn,
		n.DetectedBy, nullID(n.OwnerID), n.Deadline, n.Status, n.Correction, n.CorrectionStep.On, n.CorrectionStep.By,
		n.RCAMethod, n.RootCause, n.RCAStep.On, n.RCAStep.By, n.Similar, n.SimilarStep.On, n.SimilarStep.By,
		n.CheckDue, n.CheckTaskID, checks, n.ClosedOn, tx.ts(tx.now), n.OrgID, n.ID, version)
	if err := tx.updated(ctx, res, err, rowKey{"nonconformities", n.OrgID, n.ID}, "nonconformity", ncNotFound); err != nil {
		return err
	}
	n.Version, n.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteNonconformity deletes nonconformity id and its nc_actions rows
// (not the tasks).
func (tx *Tx) DeleteNonconformity(ctx context.Context, org, id isms.ID) error {
	if _, err := tx.exec(ctx, `DELETE FROM nc_actions WHERE organization_id = ? AND nonconformity_id = ?`, org, id); err != nil {
		return fmt.Errorf("delete nonconformity's actions: %w", err)
	}
	return tx.deleteOne(ctx, "nonconformities", org, id, ncNotFound)
}

// FindNonconformityByID returns nonconformity id with the names of its
// detector, owner and step authors, and its open and closed action
// counts; NotFound when there is none.
func (tx *Tx) FindNonconformityByID(ctx context.Context, org, id isms.ID) (*isms.Nonconformity, error) {
	return tx.findNonconformity(ctx, org, "n.id = ?", []any{id}, "", ncNotFound)
}

// FindNonconformityByIDForUpdate is FindNonconformityByID, locking the row
// on PostgreSQL.
func (tx *Tx) FindNonconformityByIDForUpdate(ctx context.Context, org, id isms.ID) (*isms.Nonconformity, error) {
	return tx.findNonconformity(ctx, org, "n.id = ?", []any{id}, tx.forUpdate(), ncNotFound)
}

// FindNonconformityByRef returns the nonconformity with reference ref
// ("NC-4", case-insensitive).
func (tx *Tx) FindNonconformityByRef(ctx context.Context, org isms.ID, ref string) (*isms.Nonconformity, error) {
	return tx.findNonconformity(ctx, org, "LOWER(n.ref) = LOWER(?)", []any{ref}, "",
		fmt.Sprintf("The organization has no nonconformity %q.", ref))
}

// FindNonconformityBySource returns the nonconformity opened from record
// src (such as an audit finding), or NotFound.
func (tx *Tx) FindNonconformityBySource(ctx context.Context, org isms.ID, src isms.Link) (*isms.Nonconformity, error) {
	return tx.findNonconformity(ctx, org, "n.source_type = ? AND n.source_id = ? AND n.source_id <> ''",
		[]any{src.Type, src.ID}, "", "No nonconformity was opened from this record.")
}

// findNonconformity reads the nonconformity of org matching cond with
// args, locked with lock; NotFound with msg when there is none. Were
// several opened from one record, the first is the oldest.
func (tx *Tx) findNonconformity(ctx context.Context, org isms.ID, cond string, args []any, lock, msg string) (*isms.Nonconformity, error) {
	n, err := scanNonconformity(tx.queryRow(ctx, `SELECT `+ncColumns+ncFrom+`
		WHERE n.organization_id = ? AND `+cond+` ORDER BY n.number, n.id LIMIT 1`+lock, append([]any{org}, args...)...))
	if err != nil {
		return nil, notFound(err, msg)
	}
	return n, nil
}

// rankOf is an SQL expression ranking column by the position of its
// value in values (display order), unknown values last. values are
// the domain's constants, never user input.
func rankOf[T ~string](column string, values []T) string {
	var b strings.Builder
	b.WriteString("CASE " + column)
	for i, v := range values {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", strings.ReplaceAll(string(v), "'", "''"), i+1)
	}
	fmt.Fprintf(&b, " ELSE %d END", len(values)+1)
	return b.String()
}

// ncSorts are the nonconformity list's sort keys. A missing check date
// sorts after every date on both databases.
var ncSorts = map[string]string{
	"ref":        "n.number, n.ref",
	"title":      "LOWER(n.title), n.number",
	"grade":      rankOf("n.grade", isms.NCGrades) + ", n.number",
	"status":     rankOf("n.status", isms.NCStatuses) + ", n.number",
	"detectedOn": "n.detected_on, n.number",
	"checkDue":   "COALESCE(n.check_due, '9999-12-31'), n.number",
	"updated":    "n.updated_at, n.number",
}

// ncWhere returns the condition and arguments selecting the
// nonconformities of org that f selects.
func ncWhere(org isms.ID, f isms.NCFilter) (string, []any) {
	where, args := "n.organization_id = ?", []any{org}
	if f.Status != "" {
		where, args = where+" AND n.status = ?", append(args, f.Status)
	}
	if f.Open {
		where, args = where+" AND n.status <> ?", append(args, isms.NCClosed)
	}
	if f.Grade != "" {
		where, args = where+" AND n.grade = ?", append(args, f.Grade)
	}
	if f.Source != "" {
		where, args = where+" AND n.source = ?", append(args, f.Source)
	}
	if f.OwnerID != "" {
		where, args = where+" AND n.owner_id = ?", append(args, f.OwnerID)
	}
	if !f.CheckDueBy.IsZero() {
		where, args = where+" AND n.check_due <= ? AND n.status = ?", append(args, f.CheckDueBy, isms.NCVerifying)
	}
	return searchIn(where, args, f.Search, "n.ref", "n.title", "n.description")
}

// FindNonconformities returns a page of nonconformities and the total
// matching f.
func (tx *Tx) FindNonconformities(ctx context.Context, org isms.ID, f isms.NCFilter) ([]*isms.Nonconformity, int, error) {
	where, args := ncWhere(org, f)
	return findPage(ctx, tx, pageQuery{one: "nonconformity", many: "nonconformities", columns: ncColumns,
		from: ncFrom, where: where, args: args, orderBy: order(f.Sort, ncSorts, "ref")},
		f.Limit, f.Offset, scanNonconformity)
}

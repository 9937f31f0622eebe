// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// The improvement register (27001 10.1: improvements). Every query is
// scoped to its organization.

// improvementTaskCount is the scalar subquery counting the tasks linked
// to improvement im whose status is status.
func improvementTaskCount(status isms.TaskStatus) string {
	return `(SELECT COUNT(*) FROM tasks t WHERE t.organization_id = im.organization_id AND t.link_type = 'improvement'
	AND t.link_id = im.id AND t.status = '` + string(status) + `')`
}

// improvementColumns are the columns an improvement is read from, with
// the names of its proposer, owner and decider and its task counts.
var improvementColumns = `im.id, im.organization_id, im.ref, im.number, im.title, im.description, im.source,
	im.source_type, im.source_id, im.proposed_by, ` + userName("im.proposed_by") + `, im.evaluation,
	im.decision_reason, im.decided_on, im.decided_by, ` + userName("im.decided_by") + `, im.status,
	COALESCE(im.owner_id, ''), ` + userName("im.owner_id") + `, im.due_on, im.change_id,
	` + improvementTaskCount(isms.TaskOpen) + `, ` + improvementTaskCount(isms.TaskDone) + `,
	im.created_by, im.version, im.created_at, im.updated_at`

const improvementFrom = ` FROM improvements im`

// improvementNotFound is the message of an improvement that is not the
// organization's.
const improvementNotFound = "No such improvement in this organization."

func scanImprovement(s rowScanner) (*isms.Improvement, error) {
	var im isms.Improvement
	err := s.Scan(&im.ID, &im.OrgID, &im.Ref, &im.Number, &im.Title, &im.Description, &im.Source,
		&im.SourceRecord.Type, &im.SourceRecord.ID, &im.ProposedBy, &im.ProposerName, &im.Evaluation,
		&im.DecisionReason, &im.DecisionStep.On, &im.DecisionStep.By, &im.DecisionStep.ByName, &im.Status,
		&im.OwnerID, &im.OwnerName, &im.Due, &im.ChangeID, &im.TasksOpen, &im.TasksDone,
		&im.CreatedBy, &im.Version, (*timestamp)(&im.CreatedAt), (*timestamp)(&im.UpdatedAt))
	if err != nil {
		return nil, err
	}
	return &im, nil
}

// InsertImprovement stores a new improvement.
func (tx *Tx) InsertImprovement(ctx context.Context, im *isms.Improvement) error {
	im.Version, im.CreatedAt, im.UpdatedAt, im.Number = 1, tx.now, tx.now, refNumber(im.Ref)
	_, err := tx.exec(ctx, `INSERT INTO improvements (id, organization_id, ref, number, title, description, source,
		source_type, source_id, proposed_by, evaluation, decision_reason, decided_on, decided_by, status, owner_id,
		due_on, change_id, created_by, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		im.ID, im.OrgID, im.Ref, im.Number, im.Title, im.Description, im.Source, im.SourceRecord.Type,
		im.SourceRecord.ID, im.ProposedBy, im.Evaluation, im.DecisionReason, im.DecisionStep.On, im.DecisionStep.By,
		im.Status, nullID(im.OwnerID), im.Due, im.ChangeID, im.CreatedBy, im.Version, tx.ts(im.CreatedAt),
		tx.ts(im.UpdatedAt))
	return inserted(err, "improvements", "improvement")
}

// UpdateImprovement stores im, read at version; a newer stored one is a
// Conflict, a missing one NotFound. It sets im.Version and im.UpdatedAt.
func (tx *Tx) UpdateImprovement(ctx context.Context, im *isms.Improvement, version int) error {
	res, err := tx.exec(ctx, `UPDATE improvements SET title = ?, description = ?, source = ?, source_type = ?,
		source_id = ?, proposed_by = ?, evaluation = ?, decision_reason = ?, decided_on = ?, decided_by = ?,
		status = ?, owner_id = ?, due_on = ?, change_id = ?, version = version + 1, updated_at = ?
		WHERE organization_id = ? AND id = ? AND version = ?`,
		im.Title, im.Description, im.Source, im.SourceRecord.Type, im.SourceRecord.ID, im.ProposedBy, im.Evaluation,
		im.DecisionReason, im.DecisionStep.On, im.DecisionStep.By, im.Status, nullID(im.OwnerID), im.Due, im.ChangeID,
		tx.ts(tx.now), im.OrgID, im.ID, version)
	if err := tx.updated(ctx, res, err, rowKey{"improvements", im.OrgID, im.ID}, "improvement", improvementNotFound); err != nil {
		return err
	}
	im.Version, im.UpdatedAt = version+1, tx.now
	return nil
}

// DeleteImprovement deletes improvement id.
func (tx *Tx) DeleteImprovement(ctx context.Context, org, id isms.ID) error {
	return tx.deleteOne(ctx, "improvements", org, id, improvementNotFound)
}

// FindImprovementByID returns improvement id with the names of its
// proposer, owner and decider, and the counts of open and done tasks
// linked to it (tasks whose link is the improvement); NotFound when there
// is none.
func (tx *Tx) FindImprovementByID(ctx context.Context, org, id isms.ID) (*isms.Improvement, error) {
	return tx.findImprovement(ctx, org, "im.id = ?", []any{id}, improvementNotFound)
}

// FindImprovementByRef returns the improvement with reference ref
// ("IMP-3", case-insensitive).
func (tx *Tx) FindImprovementByRef(ctx context.Context, org isms.ID, ref string) (*isms.Improvement, error) {
	return tx.findImprovement(ctx, org, "LOWER(im.ref) = LOWER(?)", []any{ref},
		fmt.Sprintf("The organization has no improvement %q.", ref))
}

// FindImprovementBySource returns the improvement opened from record src
// (such as an audit finding), or NotFound.
func (tx *Tx) FindImprovementBySource(ctx context.Context, org isms.ID, src isms.Link) (*isms.Improvement, error) {
	return tx.findImprovement(ctx, org, "im.source_type = ? AND im.source_id = ? AND im.source_id <> ''",
		[]any{src.Type, src.ID}, "No improvement was opened from this record.")
}

// findImprovement reads the improvement of org matching cond with args;
// NotFound with msg when there is none. Were several opened from one
// record, it is the first of them.
func (tx *Tx) findImprovement(ctx context.Context, org isms.ID, cond string, args []any, msg string) (*isms.Improvement, error) {
	im, err := scanImprovement(tx.queryRow(ctx, `SELECT `+improvementColumns+improvementFrom+`
		WHERE im.organization_id = ? AND `+cond+` ORDER BY im.number, im.id LIMIT 1`, append([]any{org}, args...)...))
	if err != nil {
		return nil, notFound(err, msg)
	}
	return im, nil
}

// improvementSorts are the improvement list's sort keys. A missing due
// date sorts after every date on both databases.
var improvementSorts = map[string]string{
	"ref":     "im.number, im.ref",
	"title":   "LOWER(im.title), im.number",
	"status":  rankOf("im.status", isms.ImprovementStatuses) + ", im.number",
	"source":  rankOf("im.source", isms.ImprovementSources) + ", im.number",
	"due":     "COALESCE(im.due_on, '9999-12-31'), im.number",
	"updated": "im.updated_at, im.number",
}

// improvementWhere returns the condition and arguments selecting the
// improvements of org that f selects.
func improvementWhere(org isms.ID, f isms.ImprovementFilter) (string, []any) {
	where, args := "im.organization_id = ?", []any{org}
	if f.Status != "" {
		where, args = where+" AND im.status = ?", append(args, f.Status)
	}
	if f.Open {
		var open []any
		for _, s := range isms.ImprovementStatuses {
			if s.Open() {
				open = append(open, s)
			}
		}
		where, args = where+" AND im.status IN ("+placeholders(len(open))+")", append(args, open...)
	}
	if f.Source != "" {
		where, args = where+" AND im.source = ?", append(args, f.Source)
	}
	if f.OwnerID != "" {
		where, args = where+" AND im.owner_id = ?", append(args, f.OwnerID)
	}
	return searchIn(where, args, f.Search, "im.ref", "im.title", "im.description")
}

// FindImprovements returns a page of improvements and the total matching f.
func (tx *Tx) FindImprovements(ctx context.Context, org isms.ID, f isms.ImprovementFilter) ([]*isms.Improvement, int, error) {
	where, args := improvementWhere(org, f)
	return findPage(ctx, tx, pageQuery{one: "improvement", many: "improvements", columns: improvementColumns,
		from: improvementFrom, where: where, args: args, orderBy: order(f.Sort, improvementSorts, "ref")},
		f.Limit, f.Offset, scanImprovement)
}

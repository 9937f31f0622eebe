// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"
	"fmt"

	"github.com/ismsproject/isms/internal/isms"
)

// The management review pack (27001 9.3.2) reads every register for one
// period: the records created or changed in it, the results measured in
// it, the audits reported in it. Each read here is one query; a period
// runs from the first moment of since to the end of until.

// maxPackRows bounds the rows a pack read returns: a section lists far
// fewer (isms.MaxPackItems) and counts the rest.
const maxPackRows = 5000

// periodArgs returns the bounds of the days since..until as timestamps
// of the dialect: the start of since, and the start of the day after
// until (exclusive).
func (tx *Tx) periodArgs(since, until isms.Date) (from, to any) {
	return tx.ts(since.Time()), tx.ts(until.AddDays(1).Time())
}

// changedIn is the condition on a table alias that its row was created or
// changed in a period; it takes the period's bounds twice.
func changedIn(alias string) string {
	return `((` + alias + `.created_at >= ? AND ` + alias + `.created_at < ?) OR (` +
		alias + `.updated_at >= ? AND ` + alias + `.updated_at < ?))`
}

// changedArgs returns the arguments of changedIn after org.
func (tx *Tx) changedArgs(org isms.ID, since, until isms.Date) []any {
	from, to := tx.periodArgs(since, until)
	return []any{org, from, to, from, to}
}

// ChangedContextIssues returns the context issues of org created or
// changed from since to until, in reference order.
func (tx *Tx) ChangedContextIssues(ctx context.Context, org isms.ID, since, until isms.Date) ([]*isms.ContextIssue, error) {
	return selectRows(ctx, tx, "context issue", "context issues", `SELECT `+issueColumns+issueFrom+`
		WHERE c.organization_id = ? AND `+changedIn("c")+` ORDER BY c.number, c.ref LIMIT `+fmt.Sprint(maxPackRows),
		tx.changedArgs(org, since, until), scanContextIssue)
}

// ChangedPartyRequirements returns the requirements of interested parties
// of org created or changed from since to until, in reference order.
func (tx *Tx) ChangedPartyRequirements(ctx context.Context, org isms.ID, since, until isms.Date) ([]*isms.PartyRequirement, error) {
	return selectRows(ctx, tx, "party requirement", "party requirements", `SELECT `+preqColumns+preqFrom+`
		WHERE r.organization_id = ? AND `+changedIn("r")+` ORDER BY r.number, r.ref LIMIT `+fmt.Sprint(maxPackRows),
		tx.changedArgs(org, since, until), scanPartyRequirement)
}

// ChangedParties returns the interested parties of org created or changed
// from since to until, in reference order.
func (tx *Tx) ChangedParties(ctx context.Context, org isms.ID, since, until isms.Date) ([]*isms.InterestedParty, error) {
	return selectRows(ctx, tx, "interested party", "interested parties", `SELECT `+partyColumns+partyFrom+`
		WHERE p.organization_id = ? AND `+changedIn("p")+` ORDER BY p.number, p.ref LIMIT `+fmt.Sprint(maxPackRows),
		tx.changedArgs(org, since, until), scanParty)
}

// HeldCommunication is a line of the communication plan with the times
// it was held in a period.
type HeldCommunication struct {
	ItemID   isms.ID
	Topic    string
	Audience string
	Times    int
	Last     isms.Date // the last day it was held in the period
}

// CommunicationsHeld returns the lines of org's communication plan held
// from since to until (both days included), by topic.
func (tx *Tx) CommunicationsHeld(ctx context.Context, org isms.ID, since, until isms.Date) ([]HeldCommunication, error) {
	return selectRows(ctx, tx, "communication", "communications", `SELECT c.id, c.topic, c.audience, COUNT(*), MAX(r.held_on)
		FROM communication_items c JOIN communication_records r ON r.organization_id = c.organization_id AND r.item_id = c.id
		WHERE c.organization_id = ? AND r.held_on >= ? AND r.held_on <= ?
		GROUP BY c.id, c.topic, c.audience ORDER BY c.topic, c.id LIMIT `+fmt.Sprint(maxPackRows),
		[]any{org, since, until}, func(s rowScanner) (HeldCommunication, error) {
			var h HeldCommunication
			err := s.Scan(&h.ItemID, &h.Topic, &h.Audience, &h.Times, &h.Last)
			return h, err
		})
}

// FindingsRaised returns the findings of org with one of grades raised
// from since to until, in reference order, each with its audit's
// reference; the requirements and evidence are not read.
func (tx *Tx) FindingsRaised(ctx context.Context, org isms.ID, since, until isms.Date, grades ...isms.FindingGrade) ([]*isms.AuditFinding, error) {
	if len(grades) == 0 {
		return nil, nil
	}
	from, to := tx.periodArgs(since, until)
	args := []any{org, from, to}
	for _, g := range grades {
		args = append(args, g)
	}
	return selectRows(ctx, tx, "finding", "findings", `SELECT f.id, f.organization_id, f.audit_id, a.ref, f.ref, f.number,
		f.grade, f.title, f.raised_by, f.created_at, f.updated_at, f.version
		FROM audit_findings f JOIN internal_audits a ON a.id = f.audit_id
		WHERE f.organization_id = ? AND f.created_at >= ? AND f.created_at < ? AND f.grade IN (`+placeholders(len(grades))+`)
		ORDER BY f.number, f.ref LIMIT `+fmt.Sprint(maxPackRows), args, func(s rowScanner) (*isms.AuditFinding, error) {
		var f isms.AuditFinding
		err := s.Scan(&f.ID, &f.OrgID, &f.AuditID, &f.AuditRef, &f.Ref, &f.Number, &f.Grade, &f.Title, &f.RaisedBy,
			(*timestamp)(&f.CreatedAt), (*timestamp)(&f.UpdatedAt), &f.Version)
		return &f, err
	})
}

// PackAudit is an audit as the review pack lists it: its facts and how
// many findings of each grade it raised.
type PackAudit struct {
	ID           isms.ID
	Ref          string
	Title        string
	Status       isms.AuditStatus
	PlannedStart isms.Date
	PlannedEnd   isms.Date
	ReportedOn   isms.Date
	Findings     map[isms.FindingGrade]int
}

// packAuditColumns reads a PackAudit; the finding counts follow in the
// order of isms.FindingGrades.
var packAuditColumns = func() string {
	cols := `a.id, a.ref, a.title, a.status, a.planned_start, a.planned_end, a.reported_on`
	for _, g := range isms.FindingGrades {
		cols += `, (SELECT COUNT(*) FROM audit_findings f WHERE f.organization_id = a.organization_id
			AND f.audit_id = a.id AND f.grade = '` + string(g) + `')`
	}
	return cols
}()

func scanPackAudit(s rowScanner) (*PackAudit, error) {
	a := &PackAudit{Findings: map[isms.FindingGrade]int{}}
	counts := make([]int, len(isms.FindingGrades))
	dest := []any{&a.ID, &a.Ref, &a.Title, &a.Status, &a.PlannedStart, &a.PlannedEnd, &a.ReportedOn}
	for i := range counts {
		dest = append(dest, &counts[i])
	}
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	for i, g := range isms.FindingGrades {
		a.Findings[g] = counts[i]
	}
	return a, nil
}

// AuditsReported returns the audits of org reported (or since closed)
// on a day from since to until, in the order they were reported.
func (tx *Tx) AuditsReported(ctx context.Context, org isms.ID, since, until isms.Date) ([]*PackAudit, error) {
	return selectRows(ctx, tx, "audit", "audits", `SELECT `+packAuditColumns+` FROM internal_audits a
		WHERE a.organization_id = ? AND a.status IN (?, ?) AND a.reported_on >= ? AND a.reported_on <= ?
		ORDER BY a.reported_on, a.number, a.ref LIMIT `+fmt.Sprint(maxPackRows),
		[]any{org, isms.AuditReported, isms.AuditClosed, since, until}, scanPackAudit)
}

// AuditsPlannedAfter returns the audits of org still planned to start
// after day, the soonest first.
func (tx *Tx) AuditsPlannedAfter(ctx context.Context, org isms.ID, day isms.Date) ([]*PackAudit, error) {
	return selectRows(ctx, tx, "audit", "audits", `SELECT `+packAuditColumns+` FROM internal_audits a
		WHERE a.organization_id = ? AND a.status = ? AND a.planned_start > ?
		ORDER BY a.planned_start, a.number, a.ref LIMIT `+fmt.Sprint(maxPackRows),
		[]any{org, isms.AuditPlanned, day}, scanPackAudit)
}

// MeasurementsIn returns, by metric, the latest measurement of each
// metric of org taken from since to until (both days included).
func (tx *Tx) MeasurementsIn(ctx context.Context, org isms.ID, since, until isms.Date) (map[isms.ID]*isms.Measurement, error) {
	list, err := selectRows(ctx, tx, "measurement", "measurements", `SELECT `+measurementColumns+` FROM (SELECT y.*,
		ROW_NUMBER() OVER (PARTITION BY y.metric_id ORDER BY y.measured_on DESC, y.created_at DESC, y.id DESC) AS rn
		FROM measurements y WHERE y.organization_id = ? AND y.measured_on >= ? AND y.measured_on <= ?) x
		LEFT JOIN users u ON u.id = x.measured_by WHERE x.rn = 1 LIMIT `+fmt.Sprint(maxPackRows),
		[]any{org, since, until}, scanMeasurement)
	if err != nil {
		return nil, err
	}
	out := make(map[isms.ID]*isms.Measurement, len(list))
	for _, x := range list {
		out[x.MetricID] = x
	}
	return out, nil
}

// OpenRisks returns the risks of org that are not closed, in reference
// order, with what the pack reads of them: owner, method, levels,
// treatment, status and acceptance.
func (tx *Tx) OpenRisks(ctx context.Context, org isms.ID) ([]*isms.Risk, error) {
	return selectRows(ctx, tx, "risk", "risks", `SELECT r.id, r.organization_id, r.ref, r.title, COALESCE(r.owner_id, ''),
		COALESCE(u.name, ''), COALESCE(r.method_id, ''), r.inherent_level, r.residual_level, r.treatment, r.status,
		r.acceptance_id, r.accepted_until, r.created_at, r.updated_at, r.version
		FROM risks r LEFT JOIN users u ON u.id = r.owner_id
		WHERE r.organization_id = ? AND r.status <> ? ORDER BY r.number, r.ref LIMIT `+fmt.Sprint(maxPackRows),
		[]any{org, isms.RiskClosed}, func(s rowScanner) (*isms.Risk, error) {
			var r isms.Risk
			err := s.Scan(&r.ID, &r.OrgID, &r.Ref, &r.Title, &r.OwnerID, &r.OwnerName, &r.MethodID, &r.Inherent.Level,
				&r.Residual.Level, &r.Treatment, &r.Status, &r.AcceptanceID, &r.AcceptedUntil,
				(*timestamp)(&r.CreatedAt), (*timestamp)(&r.UpdatedAt), &r.Version)
			return &r, err
		})
}

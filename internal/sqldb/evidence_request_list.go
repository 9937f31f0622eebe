// SPDX-License-Identifier: Apache-2.0

package sqldb

import (
	"context"

	"github.com/ismsproject/isms/internal/isms"
)

// The lists and counts of evidence requests, and the evidence the
// requests of one page link to.

// requestLinksPerStatement is how many requests one statement reads the
// evidence of: a page holds at most isms.MaxPageSize.
const requestLinksPerStatement = 500

// requestLink is one link from a request to an evidence item.
type requestLink struct{ request, evidence isms.ID }

// readRequestEvidence fills the Evidence of requests, all of org, from
// their record links, each list ordered by ID.
func (tx *Tx) readRequestEvidence(ctx context.Context, org isms.ID, requests []*isms.EvidenceRequest) error {
	byID := make(map[isms.ID]*isms.EvidenceRequest, len(requests))
	for _, r := range requests {
		byID[r.ID] = r
	}
	for start := 0; start < len(requests); start += requestLinksPerStatement {
		batch := requests[start:min(start+requestLinksPerStatement, len(requests))]
		args := []any{org, requestLinkType, requestEvidenceType}
		for _, r := range batch {
			args = append(args, r.ID)
		}
		links, err := selectRows(ctx, tx, "request evidence link", "request evidence links", `SELECT from_id, to_id
			FROM record_links WHERE organization_id = ? AND from_type = ? AND to_type = ?
			AND from_id IN (`+placeholders(len(batch))+`) ORDER BY from_id, to_id`, args,
			func(s rowScanner) (requestLink, error) {
				var l requestLink
				err := s.Scan(&l.request, &l.evidence)
				return l, err
			})
		if err != nil {
			return err
		}
		for _, l := range links {
			r := byID[l.request]
			r.Evidence = append(r.Evidence, l.evidence)
		}
	}
	return nil
}

// requestSorts are the request list's sort keys.
var requestSorts = map[string]string{
	"ref":    "r.number, r.ref",
	"due":    "r.due_on, r.number",
	"status": rankOf("r.status", isms.RequestStatuses) + ", r.due_on, r.number",
	"owner":  "LOWER(" + requestOwnerName + "), r.number",
	"title":  "LOWER(r.title), r.number",
}

// requestWhere returns the condition and arguments selecting the
// requests of org that f selects.
func requestWhere(org isms.ID, f isms.EvidenceRequestFilter) (string, []any) {
	where, args := "r.organization_id = ?", []any{org}
	if f.AuditID != "" {
		where, args = where+" AND r.audit_id = ?", append(args, f.AuditID)
	}
	if f.Status != "" {
		where, args = where+" AND r.status = ?", append(args, f.Status)
	}
	if f.OwnerID != "" {
		where, args = where+" AND r.owner_id = ?", append(args, f.OwnerID)
	}
	if f.FrameworkID != "" {
		where, args = where+" AND (r.framework_id = ? OR r.framework_id = '')", append(args, f.FrameworkID)
	}
	if !f.OverdueOn.IsZero() {
		where, args = where+" AND r.status = ? AND r.due_on < ?", append(args, isms.RequestOpen, f.OverdueOn)
	}
	return searchIn(where, args, f.Search, "r.ref", "r.title", "r.detail", "r.requirement_ref", requestControlRef)
}

// FindEvidenceRequests returns a page of requests, with their evidence,
// and the total.
func (tx *Tx) FindEvidenceRequests(ctx context.Context, org isms.ID, f isms.EvidenceRequestFilter) ([]*isms.EvidenceRequest, int, error) {
	where, args := requestWhere(org, f)
	list, total, err := findPage(ctx, tx, pageQuery{one: "evidence request", many: "evidence requests",
		columns: requestColumns, from: requestFrom, where: where, args: args,
		orderBy: order(f.Sort, requestSorts, "ref")}, f.Limit, f.Offset, scanEvidenceRequest)
	if err != nil {
		return nil, 0, err
	}
	if err := tx.readRequestEvidence(ctx, org, list); err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// RequestCounts counts an organization's requests by status (every
// status present, 0 when none), and the open ones due before today under
// "overdue".
func (tx *Tx) RequestCounts(ctx context.Context, org isms.ID, today isms.Date) (map[string]int, error) {
	type count struct {
		key string
		n   int
	}
	rows, err := selectRows(ctx, tx, "request count", "request counts", `SELECT r.status, COUNT(*) FROM evidence_requests r
		WHERE r.organization_id = ? GROUP BY r.status
		UNION ALL SELECT 'overdue', COUNT(*) FROM evidence_requests r WHERE r.organization_id = ? AND r.status = ?
		AND r.due_on < ?`, []any{org, org, isms.RequestOpen, today}, func(s rowScanner) (count, error) {
		var c count
		err := s.Scan(&c.key, &c.n)
		return c, err
	})
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, s := range isms.RequestStatuses {
		out[string(s)] = 0
	}
	for _, c := range rows {
		out[c.key] += c.n
	}
	return out, nil
}

// SPDX-License-Identifier: Apache-2.0

package ceiling

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// list is a page of a list in the API's shape.
type list[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func newList[T any](items []T, total, limit, offset int) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: total, Limit: limit, Offset: offset}
}

// headed is a page of a list with the organization's chain head: the
// audit trail's API, and every page, whose layout shows the head.
type headed[T any] struct {
	list[T]
	Head isms.ChainHead `json:"head"`
}

// postureAPI mirrors GET /api/v1/posture: app.Posture, called as the
// product calls it, in its own transaction, so that it serves its kept
// result while the organization's records and the day are unchanged and
// computes a new one otherwise (app's posture_cache.go).
func (s *server) postureAPI(w http.ResponseWriter, r *http.Request) {
	if err := newQuery(r).err(); err != nil {
		write(w, nil, err)
		return
	}
	all, err := s.app.Posture(r.Context(), s.admin)
	write(w, list[app.FrameworkPosture]{Items: all, Total: len(all), Limit: len(all)}, err)
}

// risksAPI mirrors GET /api/v1/risks (status, level, basis, sort, limit,
// offset): the risk filter's app.CurrentRiskMethod, then app.FindRisks.
func (s *server) risksAPI(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	sort := q.get("sort")
	limit, offset := q.apiPage()
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (any, error) {
		pg, _, err := s.findRisks(ctx, tx, q, sort, limit, offset)
		if err != nil {
			return nil, err
		}
		return newList(pg.Rows, pg.Total, limit, offset), nil
	})
}

// findRisks reads a page of the register as its page and API do: the
// current method, which a level filter names a level of
// (app.CurrentRiskMethod, tx.FindCurrentRiskMethod), then app.FindRisks.
// It reports q's problems once the level is known.
func (s *server) findRisks(ctx context.Context, tx *sqldb.Tx, q *query, sort string, limit, offset int) (*app.RiskPage, *isms.RiskMethod, error) {
	cur, err := tx.FindCurrentRiskMethod(ctx, s.org)
	if isms.ErrorCode(err) == isms.NotFound {
		cur, err = nil, nil
	} else if err != nil {
		return nil, nil, err
	}
	f := riskFilterOf(q, cur)
	if err := q.err(); err != nil {
		return nil, nil, err
	}
	f.Sort, f.Limit, f.Offset = sort, limit, offset
	pg, err := s.app.FindRisksTx(ctx, tx, s.org, f)
	return pg, cur, err
}

// riskFilterOf reads the register's status, basis and level filters as
// the product does; a level is a key or number of method cur.
func riskFilterOf(q *query, cur *isms.RiskMethod) isms.RiskFilter {
	f := isms.RiskFilter{Status: isms.RiskStatus(q.get("status")), Basis: q.oneOf("basis", "inherent", "residual")}
	if f.Status != "" && !f.Status.Valid() {
		q.bad("status", "must be a risk status, such as in_treatment")
	}
	level := q.get("level")
	switch {
	case level == "":
	case cur == nil:
		q.bad("level", "no risk method is approved, so there are no levels to filter by")
	default:
		f.MethodID = cur.ID
		if f.Level = cur.LevelByKey(strings.ToLower(level)); f.Level == 0 {
			if n, err := strconv.Atoi(level); err == nil && cur.Level(n) != nil {
				f.Level = n
			} else {
				q.bad("level", "must be a level key or number of method "+cur.VersionLabel())
			}
		}
	}
	return f
}

// controlsAPI mirrors GET /api/v1/controls (sort, limit, offset):
// app.FindControls.
func (s *server) controlsAPI(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := isms.ControlFilter{OrgID: s.org, Sort: q.get("sort")}
	f.Limit, f.Offset = q.apiPage()
	if err := q.err(); err != nil {
		write(w, nil, err)
		return
	}
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (any, error) {
		items, total, err := tx.FindControls(ctx, f)
		return newList(items, total, f.Limit, f.Offset), err
	})
}

// soaAPI mirrors GET /api/v1/soa/{id} (framework): app.FindSoA.
func (s *server) soaAPI(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	framework := q.get("framework")
	if err := q.err(); err != nil {
		write(w, nil, err)
		return
	}
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (any, error) {
		return s.app.FindSoATx(ctx, tx, s.admin, framework, r.PathValue("id"))
	})
}

// requirementsAPI mirrors GET /api/v1/frameworks/{id}/requirements
// (limit, offset): app.FindFramework, then app.FindRequirements.
func (s *server) requirementsAPI(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	limit, offset := q.apiPage()
	if err := q.err(); err != nil {
		write(w, nil, err)
		return
	}
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (any, error) {
		fw, err := s.app.FindFrameworkTx(ctx, tx, s.admin, r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		f := isms.RequirementFilter{OrgID: fw.OrgID, FrameworkID: fw.ID, Limit: limit, Offset: offset}
		rows, total, err := s.app.FindRequirementsTx(ctx, tx, s.org, f)
		return newList(rows, total, limit, offset), err
	})
}

// evidenceAPI mirrors GET /api/v1/evidence (freshness, sort, limit,
// offset): app.FindEvidence.
func (s *server) evidenceAPI(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := isms.EvidenceFilter{Sort: q.get("sort"), Freshness: isms.Freshness(q.get("freshness"))}
	if f.Freshness != "" && !f.Freshness.Valid() {
		q.bad("freshness", "must be one of current, expiring, expired, missing")
	}
	f.Limit, f.Offset = q.apiPage()
	if err := q.err(); err != nil {
		write(w, nil, err)
		return
	}
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (any, error) {
		items, total, err := s.findEvidence(ctx, tx, f)
		return newList(items, total, f.Limit, f.Offset), err
	})
}

// findEvidence runs app.FindEvidence: a page of the register and each
// item's freshness today.
func (s *server) findEvidence(ctx context.Context, tx *sqldb.Tx, f isms.EvidenceFilter) ([]*isms.Evidence, int, error) {
	f.OrgID, f.Today, f.WindowDays = s.org, s.today(), s.app.EvidenceFreshnessWindow(s.org)
	items, total, err := tx.FindEvidence(ctx, f)
	for _, e := range items {
		e.Freshness = isms.EvidenceFreshness(e, f.Today, f.WindowDays)
	}
	return items, total, err
}

// auditAPI mirrors GET /api/v1/audit-events (objectType, objectId,
// actorId, action, order, limit, offset): app.FindAuditEvents, then
// app.ChainHead.
func (s *server) auditAPI(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := isms.AuditFilter{ObjectType: q.get("objectType"), ObjectID: isms.ID(q.get("objectId")),
		ActorID: isms.ID(q.get("actorId")), Action: q.get("action"), Desc: q.oneOf("order", "asc", "desc") != "asc"}
	f.Limit, f.Offset = q.apiPage()
	if err := q.err(); err != nil {
		write(w, nil, err)
		return
	}
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (any, error) {
		return s.findAudit(ctx, tx, f)
	})
}

// findAudit runs app.FindAuditEvents and app.ChainHead: a page of the
// organization's chain with its total, and the chain's head.
func (s *server) findAudit(ctx context.Context, tx *sqldb.Tx, f isms.AuditFilter) (any, error) {
	f.Chain = s.chain()
	items, total, err := tx.FindAuditEvents(ctx, f)
	if err != nil {
		return nil, err
	}
	out := headed[*isms.AuditEvent]{list: newList(items, total, f.Limit, f.Offset)}
	out.Head, err = tx.FindChainHead(ctx, f.Chain)
	return out, err
}

// membersAPI mirrors GET /api/v1/members (limit, offset): app.FindMembers,
// the members sorted by name.
func (s *server) membersAPI(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := isms.MemberFilter{OrgID: s.org}
	f.Limit, f.Offset = q.apiPage()
	if err := q.err(); err != nil {
		write(w, nil, err)
		return
	}
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (any, error) {
		items, total, err := tx.FindMembers(ctx, f)
		return newList(items, total, f.Limit, f.Offset), err
	})
}

// work is the shape of GET /api/v1/me/work.
type work struct {
	Items   []*isms.Task `json:"items"`
	Total   int          `json:"total"`
	Overdue int          `json:"overdue"`
	Today   isms.Date    `json:"today"`
	Limit   int          `json:"limit"`
	Offset  int          `json:"offset"`
}

// workAPI mirrors GET /api/v1/me/work (limit, offset) for the member whose
// user ID userId gives, as the ceiling has no caller: app.MyWork, the
// counts of their open and overdue tasks, then a page of the open ones in
// due order.
func (s *server) workAPI(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	user := isms.ID(q.get("userId"))
	if user == "" {
		q.bad("userId", "give the user ID of the member whose work to read")
	}
	p := work{Items: []*isms.Task{}}
	p.Limit, p.Offset = q.apiPage()
	if err := q.err(); err != nil {
		write(w, nil, err)
		return
	}
	s.serve(w, r, func(ctx context.Context, tx *sqldb.Tx) (v any, err error) {
		p.Today = s.today()
		if p.Total, p.Overdue, err = tx.CountOpenTasks(ctx, s.org, user, p.Today); err != nil || p.Total == 0 {
			return p, err
		}
		p.Items, _, err = tx.FindTasks(ctx, isms.TaskFilter{OrgID: s.org, OwnerID: user,
			Status: isms.TaskOpen, Sort: "due", Limit: p.Limit, Offset: p.Offset})
		return p, err
	})
}

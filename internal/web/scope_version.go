// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The versions of the ISMS scope: their list, one version with its
// approval, links and history, and two versions compared line by line.

var scopeVersionColumns = []column{
	{Key: "number", Label: "Version"}, {Key: "status", Label: "Status"}, {Label: "Scope statement"},
	{Key: "approved", Label: "Approved on"}, {Label: "Approved by"}, {Key: "updated", Label: "Last changed"},
}

// scopeVersionSortKeys are the sort keys of the list of versions.
var scopeVersionSortKeys = sortValues("number", "status", "approved", "updated")

func scopeVersionRecord(x *isms.Scope) []string {
	approved := ""
	if !x.ApprovedAt.IsZero() {
		approved = x.ApprovedAt.UTC().Format("2006-01-02")
	}
	return []string{x.VersionLabel(), string(x.Status), x.Statement, approved, x.ApprovedBy,
		x.UpdatedAt.UTC().Format("2006-01-02 15:04")}
}

// sortScopes sorts versions in place by key ("-" for descending); newest
// first by default.
func sortScopes(list []*isms.Scope, key string) {
	desc := strings.HasPrefix(key, "-")
	cmp := func(a, b *isms.Scope) int { return b.Number - a.Number }
	switch strings.TrimPrefix(key, "-") {
	case "number":
		cmp = func(a, b *isms.Scope) int { return a.Number - b.Number }
	case "status":
		cmp = func(a, b *isms.Scope) int {
			return slices.Index(isms.ScopeStatuses, a.Status) - slices.Index(isms.ScopeStatuses, b.Status)
		}
	case "approved":
		cmp = func(a, b *isms.Scope) int { return a.ApprovedAt.Compare(b.ApprovedAt) }
	case "updated":
		cmp = func(a, b *isms.Scope) int { return a.UpdatedAt.Compare(b.UpdatedAt) }
	}
	slices.SortStableFunc(list, func(a, b *isms.Scope) int {
		if desc {
			return cmp(b, a)
		}
		return cmp(a, b)
	})
}

// scopeVersionPage returns the versions of the actor's organization with
// status ("" for any), sorted, one page of them, and how many match.
func (s *Server) scopeVersionPage(r *http.Request, status, sort string, limit, offset int) ([]*isms.Scope, int, error) {
	all, err := s.app.ScopeVersions(r.Context(), actor(r))
	if err != nil {
		return nil, 0, err
	}
	list := slices.DeleteFunc(all, func(x *isms.Scope) bool { return status != "" && string(x.Status) != status })
	sortScopes(list, sort)
	page, total := pageOf(list, limit, offset)
	return page, total, nil
}

type scopeVersionsPage struct {
	basePage
	List      *listResult[*isms.Scope]
	Status    string
	Statuses  [][2]string
	Numbers   []string // every version label, for the comparison form
	CanManage bool
}

func (s *Server) handleScopeVersions(w http.ResponseWriter, r *http.Request) error {
	status := r.URL.Query().Get("status")
	if status != "" && !contains(enumStrings(isms.ScopeStatuses...), status) {
		return isms.Problems{"status": "Status must be draft, approved or superseded."}.Err()
	}
	spec := listSpec[*isms.Scope]{
		Title: "ISMS scope versions", Columns: scopeVersionColumns, DefaultSort: "-number",
		Fetch: func(q listQuery) ([]*isms.Scope, int, error) {
			return s.scopeVersionPage(r, status, q.Sort, q.Limit, q.Offset)
		},
		Record:  scopeVersionRecord,
		Filters: func(listQuery) [][2]string { return [][2]string{{"Status", status}} },
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &scopeVersionsPage{List: list, Status: status, CanManage: actor(r).Can(isms.ManageLeadership),
		Statuses: [][2]string{{"", "Any status"}}}
	for _, st := range isms.ScopeStatuses {
		p.Statuses = append(p.Statuses, [2]string{string(st), capitalized(string(st))})
	}
	all, _, err := s.scopeVersionPage(r, "", "-number", isms.MaxPageSize, 0)
	if err != nil {
		return err
	}
	for _, x := range all {
		p.Numbers = append(p.Numbers, x.VersionLabel())
	}
	p.Title = "Versions of the ISMS scope"
	return s.render(w, r, http.StatusOK, "scope_versions", p)
}

type scopeVersionPage struct {
	basePage
	Detail    *app.ScopeDetail
	Links     []app.RecordLink
	History   []historyEntry
	Pending   bool
	CanManage bool
	CanAudit  bool
}

func (s *Server) handleScopeVersion(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	d, err := s.app.FindScope(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &scopeVersionPage{Detail: d, CanManage: a.Can(isms.ManageLeadership), CanAudit: a.Can(isms.ReadAuditTrail)}
	p.Pending = d.Latest != nil && d.Latest.Status == isms.ApprovalPending
	if p.Links, err = s.app.RecordLinks(r.Context(), a, isms.Link{Type: "isms_scope", ID: d.Scope.ID}); err != nil {
		return err
	}
	if p.CanAudit {
		events, _, err := s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "isms_scope", ObjectID: d.Scope.ID, Desc: true, Limit: 20})
		if err != nil {
			return err
		}
		p.History = methodHistory(events)
	}
	p.Title = "ISMS scope " + d.Scope.VersionLabel()
	return s.render(w, r, http.StatusOK, "scope_version", p)
}

type scopeComparePage struct {
	basePage
	From, To string
	Numbers  []string
	Rows     []diffRow
	Added    int
	Removed  int
	Same     bool
}

// handleScopeCompare compares two versions (?from=v1&to=v2); by default
// the newest with the one before it.
func (s *Server) handleScopeCompare(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	all, err := s.app.ScopeVersions(r.Context(), a)
	if err != nil {
		return err
	}
	p := &scopeComparePage{From: r.URL.Query().Get("from"), To: r.URL.Query().Get("to")}
	p.Title = "Compare versions of the ISMS scope"
	for _, x := range all {
		p.Numbers = append(p.Numbers, x.VersionLabel())
	}
	if len(all) > 1 {
		if p.To == "" {
			p.To = all[0].VersionLabel()
		}
		if p.From == "" {
			n, _ := strconv.Atoi(strings.TrimPrefix(strings.ToLower(p.To), "v"))
			p.From = "v" + strconv.Itoa(max(n-1, 1))
		}
		lines, err := s.app.CompareScopes(r.Context(), a, p.From, p.To)
		if err != nil {
			return err
		}
		p.Same = true
		for _, l := range lines {
			row := diffRow{DiffLine: l, Sign: " "}
			switch l.Op {
			case '+':
				row.Class, row.Sign, p.Added, p.Same = "diff-ins", "+", p.Added+1, false
			case '-':
				row.Class, row.Sign, p.Removed, p.Same = "diff-del", "\u2212", p.Removed+1, false
			}
			p.Rows = append(p.Rows, row)
		}
	}
	return s.render(w, r, http.StatusOK, "scope_compare", p)
}

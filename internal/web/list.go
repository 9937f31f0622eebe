// SPDX-License-Identifier: Apache-2.0

package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

// Every register's list page goes through listSpec and runList: sort by a
// column, filters kept in the URL, pagination with the total, and export of
// exactly what the filters select as CSV or XLSX. A new register declares
// its columns and a fetch function; it does not copy a neighbour's handler.

// column is one column of a list.
type column struct {
	Key      string // the sort key; "" when the column cannot be sorted
	Label    string
	Numeric  bool
	NoExport bool // shown on the page only (actions); Record has no cell for it
}

// listQuery is what a list request asks for.
type listQuery struct {
	Sort   string // a column key, "-" prefixed for descending
	Page   int    // 1-based
	Limit  int
	Offset int
	Values url.Values // every query parameter (the filters)
}

// listSpec describes one register's list.
type listSpec[T any] struct {
	Title       string
	Columns     []column
	DefaultSort string
	// Fetch returns one page of items matching q and the total matching.
	Fetch func(q listQuery) ([]T, int, error)
	// Record returns an item's cells for export, one per column.
	Record func(T) []string
	// Filters describes the active filters for the export's About sheet.
	Filters func(q listQuery) [][2]string
}

// listView is what a list template needs besides its rows.
type listView struct {
	Columns    []columnView
	Total      int
	From, To   int
	Page       int
	Pages      int
	PrevURL    string
	NextURL    string
	ExportCSV  string
	ExportXLSX string
	Filtered   bool
	Values     url.Values
}

type columnView struct {
	Label    string
	Numeric  bool
	SortURL  string // "" when not sortable
	AriaSort string // "ascending", "descending" or ""
}

// listResult is a page of items and the view around it.
type listResult[T any] struct {
	Items []T
	View  listView
}

// parseListQuery reads sort, page and page size from the URL.
func parseListQuery(r *http.Request, defaultSort string) listQuery {
	v := r.URL.Query()
	q := listQuery{Sort: v.Get("sort"), Values: v}
	if q.Sort == "" {
		q.Sort = defaultSort
	}
	q.Page = max(formInt(r, "page"), 1)
	q.Limit = isms.ClampPage(formInt(r, "per_page"))
	q.Offset = (q.Page - 1) * q.Limit
	return q
}

// exportLimit bounds an export; larger exports go through the CLI or API.
const exportLimit = 100000

// runList serves a list request: when ?format=csv or xlsx it writes the
// export and returns nil, true; otherwise it returns the page to render.
func runList[T any](s *Server, w http.ResponseWriter, r *http.Request, spec listSpec[T]) (*listResult[T], bool, error) {
	q := parseListQuery(r, spec.DefaultSort)
	switch format := q.Values.Get("format"); format {
	case "csv", "xlsx":
		return nil, true, exportList(s, w, r, spec, q, format)
	case "":
	default:
		return nil, false, isms.Errorf(isms.Invalid, "Export format %q is not offered; use csv or xlsx.", format)
	}
	items, total, err := spec.Fetch(q)
	if err != nil {
		return nil, false, err
	}
	return &listResult[T]{Items: items, View: makeListView(r, spec.Columns, q, total, len(items))}, false, nil
}

func makeListView(r *http.Request, cols []column, q listQuery, total, n int) listView {
	v := listView{Total: total, Page: q.Page, Values: q.Values}
	v.Pages = max(1, int(math.Ceil(float64(total)/float64(q.Limit))))
	if n > 0 {
		v.From, v.To = q.Offset+1, q.Offset+n
	}
	with := func(key, val string) string {
		u := cloneValues(q.Values)
		if val == "" {
			u.Del(key)
		} else {
			u.Set(key, val)
		}
		if key != "page" {
			u.Del("page")
		}
		return r.URL.Path + "?" + u.Encode()
	}
	if q.Page > 1 {
		v.PrevURL = with("page", strconv.Itoa(q.Page-1))
	}
	if q.Offset+n < total {
		v.NextURL = with("page", strconv.Itoa(q.Page+1))
	}
	v.ExportCSV, v.ExportXLSX = with("format", "csv"), with("format", "xlsx")
	for k := range q.Values {
		if k != "sort" && k != "page" && k != "per_page" && q.Values.Get(k) != "" {
			v.Filtered = true
		}
	}
	for _, c := range cols {
		cv := columnView{Label: c.Label, Numeric: c.Numeric}
		if c.Key != "" {
			next := c.Key
			switch q.Sort {
			case c.Key:
				cv.AriaSort, next = "ascending", "-"+c.Key
			case "-" + c.Key:
				cv.AriaSort = "descending"
			}
			cv.SortURL = with("sort", next)
		}
		v.Columns = append(v.Columns, cv)
	}
	return v
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if k == "format" {
			continue
		}
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// exportList writes every item matching the filters, page by page, with
// the export's facts: who, when, the filters and the audit trail's head.
func exportList[T any](s *Server, w http.ResponseWriter, r *http.Request, spec listSpec[T], q listQuery, format string) error {
	t := &report.Table{Title: spec.Title}
	for _, c := range spec.Columns {
		if !c.NoExport {
			t.Columns = append(t.Columns, c.Label)
		}
	}
	q.Limit, q.Offset = isms.MaxPageSize, 0
	for {
		items, total, err := spec.Fetch(q)
		if err != nil {
			return err
		}
		for _, it := range items {
			t.Rows = append(t.Rows, spec.Record(it))
		}
		q.Offset += len(items)
		if len(items) == 0 || q.Offset >= total || q.Offset >= exportLimit {
			break
		}
	}
	t.Meta = s.exportMeta(r, spec.Title)
	if spec.Filters != nil {
		t.Meta = append(t.Meta, spec.Filters(q)...)
	}
	name := fmt.Sprintf("%s-%s.%s", isms.Slugify(spec.Title), s.app.Now().UTC().Format("20060102-150405"), format)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		return report.WriteCSV(w, t)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	return report.WriteXLSX(w, t)
}

// exportMeta describes an export: what, of which organization, by whom,
// when, and the audit trail head at that moment, so a copy can later be
// checked against the trail.
func (s *Server) exportMeta(r *http.Request, title string) [][2]string {
	a := actor(r)
	meta := [][2]string{{"Export", title}, {"Exported at", s.app.Now().UTC().Format(time.RFC3339)}, {"Exported by", a.Name}}
	if sess := sessionState(r); sess != nil && sess.Org != nil {
		meta = append(meta, [2]string{"Organization", sess.Org.Name})
	}
	if h, err := s.app.ChainHead(r.Context(), a); err == nil && a.OrgID != "" {
		meta = append(meta, [2]string{"Audit trail head", h.String()})
	}
	return meta
}

// pageOf returns one page of list (limit clamped to a page size) and the
// length of list: for lists that are read whole and filtered in memory.
func pageOf[T any](list []T, limit, offset int) ([]T, int) {
	total := len(list)
	limit = isms.ClampPage(limit)
	if offset >= total {
		return nil, total
	}
	return list[offset:min(offset+limit, total)], total
}

// SPDX-License-Identifier: Apache-2.0

package ceiling

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// query reads a request's query parameters the way the product's handler
// reads them. A handler takes the ones it serves; err then refuses any
// other, and reports every bad value at once, naming the parameter.
type query struct {
	values   url.Values
	used     map[string]bool
	problems []string
}

func newQuery(r *http.Request) *query {
	return &query{values: r.URL.Query(), used: map[string]bool{}}
}

// get returns parameter name, "" when absent.
func (q *query) get(name string) string {
	q.used[name] = true
	return q.values.Get(name)
}

// oneOf returns parameter name, which must be empty or one of allowed.
func (q *query) oneOf(name string, allowed ...string) string {
	v := q.get(name)
	if v != "" && !slices.Contains(allowed, v) {
		q.bad(name, "must be one of "+strings.Join(allowed, ", "))
	}
	return v
}

// bad records a problem with parameter name.
func (q *query) bad(name, problem string) {
	q.problems = append(q.problems, name+": "+problem+".")
}

// apiPage reads limit and offset as the API does: 50 rows from the first
// unless told, at most isms.MaxPageSize.
func (q *query) apiPage() (limit, offset int) {
	limit = isms.DefaultPageSize
	if v := q.get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > isms.MaxPageSize {
			q.bad("limit", "must be a whole number from 1 to "+strconv.Itoa(isms.MaxPageSize))
		}
		limit = n
	}
	if v := q.get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			q.bad("offset", "must be a whole number, 0 or more")
		}
		offset = n
	}
	return limit, offset
}

// listPage reads page and per_page as the pages do: a missing or bad value
// is the first page of the default size.
func (q *query) listPage() (limit, offset int) {
	page, _ := strconv.Atoi(q.get("page"))
	perPage, _ := strconv.Atoi(q.get("per_page"))
	limit = isms.ClampPage(perPage)
	return limit, (max(page, 1) - 1) * limit
}

// sort returns the sort parameter, or def when there is none.
func (q *query) sort(def string) string {
	if v := q.get("sort"); v != "" {
		return v
	}
	return def
}

// err returns an Invalid error naming every unknown parameter and every
// bad value, or nil.
func (q *query) err() error {
	for name := range q.values {
		if !q.used[name] {
			q.bad(name, "the ceiling does not serve this parameter")
		}
	}
	if len(q.problems) == 0 {
		return nil
	}
	slices.Sort(q.problems)
	return isms.Errorf(isms.Invalid, "%s", strings.Join(q.problems, " "))
}

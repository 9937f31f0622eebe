// SPDX-License-Identifier: Apache-2.0

package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/ismsproject/isms/internal/isms"
)

// The REST API lives under /api/v1: JSON in and out, one error shape
// ({"error": {"code", "message", "fields"}}), pagination with a hard
// maximum (limit ≤ isms.MaxPageSize) and the total in every list.

var notFoundPage = isms.Errorf(isms.NotFound, "There is no page at this address.")

// apiHandler is an API handler: it returns the value to encode, or an error.
type apiHandler func(w http.ResponseWriter, r *http.Request) (any, error)

// api adapts an apiHandler: the value is written as JSON with status 200,
// or with the status an apiStatus value carries.
func (s *Server) api(h apiHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := h(w, r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		status := http.StatusOK
		if st, ok := v.(apiStatus); ok {
			status, v = st.status, st.body
		}
		writeJSON(w, status, v)
	})
}

// apiStatus carries a status other than 200 for a response body.
type apiStatus struct {
	status int
	body   any
}

func created(v any) apiStatus { return apiStatus{http.StatusCreated, v} }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if v == nil {
		return
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// apiErrorBody is the one shape of every API error.
type apiErrorBody struct {
	Error apiErrorDetail `json:"error"`
}

type apiErrorDetail struct {
	Code    isms.Code         `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

func (s *Server) apiError(w http.ResponseWriter, err error) {
	code := isms.ErrorCode(err)
	if code == isms.Unauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="isms"`)
	}
	writeJSON(w, statusOf(code), apiErrorBody{Error: apiErrorDetail{Code: code, Message: isms.ErrorMessage(err), Fields: isms.ErrorFields(err)}})
}

// page is a page of a list in the API.
type page[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// apiPaging reads limit and offset, refusing values out of range.
func apiPaging(r *http.Request) (limit, offset int, err error) {
	q := r.URL.Query()
	p := isms.Problems{}
	limit, offset = isms.DefaultPageSize, 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > isms.MaxPageSize {
			p.Add("limit", "limit must be a whole number from 1 to 500.")
		}
		limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			p.Add("offset", "offset must be a whole number, 0 or more.")
		}
		offset = n
	}
	return limit, offset, p.Err()
}

func newPage[T any](items []T, total, limit, offset int) page[T] {
	if items == nil {
		items = []T{}
	}
	return page[T]{Items: items, Total: total, Limit: limit, Offset: offset}
}

// decodeJSON reads a JSON body into v, refusing unknown fields and naming
// where the body is wrong.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return isms.Errorf(isms.Invalid, "The request body is not valid JSON for this operation: %s.", jsonProblem(err))
	}
	return nil
}

func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case asErr(err, &se):
		return "syntax error at byte " + strconv.FormatInt(se.Offset, 10)
	case asErr(err, &te):
		return "field " + te.Field + " must be " + te.Type.String()
	}
	return err.Error()
}

// meAPI is who the API caller is.
type meAPI struct {
	User  isms.ID         `json:"userId"`
	Name  string          `json:"name"`
	Org   isms.ID         `json:"organizationId"`
	Role  isms.Role       `json:"role"`
	Scope isms.TokenScope `json:"scope,omitempty"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) (any, error) {
	a := actor(r)
	return meAPI{User: a.UserID, Name: a.Name, Org: a.OrgID, Role: a.Role, Scope: a.Scope}, nil
}

// apiRoutes registers the API.
func (s *Server) apiRoutes() {
	s.handle("GET /api/v1/me", SignedIn, s.api(s.apiMe))
	s.handle("/api/", Public, s.api(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return nil, isms.Errorf(isms.NotFound, "No API operation answers %s %s.", r.Method, r.URL.Path)
	}))
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ismsproject/isms/internal/isms"
)

// The REST API lives under /api/v1: JSON in and out, one error shape
// ({"error": {"code", "message", "fields"}}), pagination with a hard
// maximum (limit ≤ isms.MaxPageSize) and the total in every list.
//
// Every operation is an apiOperation: its route, its handler and what the
// OpenAPI document says about it, declared together in the noun's *_api.go
// file. apiRoutes registers the handlers and builds the document from the
// same values, so the two cannot drift apart.

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
		switch v := v.(type) {
		case written: // the handler wrote the response itself (a download)
		case rawJSON:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			w.Write(v)
		case nil:
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(status)
		default:
			writeJSON(w, status, v)
		}
	})
}

// apiStatus carries a status other than 200 for a response body.
type apiStatus struct {
	status int
	body   any
}

// rawJSON is a response body already encoded, written as it is.
type rawJSON []byte

func created(v any) apiStatus { return apiStatus{http.StatusCreated, v} }

// noContent is the answer of an operation that returns nothing (204).
var noContent = apiStatus{status: http.StatusNoContent}

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

func (apiErrorBody) schemaName() string { return "Error" }

type apiErrorDetail struct {
	Code    isms.Code         `json:"code"`
	Message string            `json:"message" doc:"A complete sentence that is safe to show to people."`
	Fields  map[string]string `json:"fields,omitempty" doc:"For invalid requests: the JSON field (or query parameter) and what is wrong with it."`
}

func (apiErrorDetail) schemaName() string { return "ErrorDetail" }

func (s *Server) apiError(w http.ResponseWriter, err error) {
	code := isms.ErrorCode(err)
	if code == isms.Unauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="isms"`)
	}
	writeJSON(w, errorStatus(err), apiErrorBody{Error: apiErrorDetail{Code: code, Message: isms.ErrorMessage(err), Fields: isms.ErrorFields(err)}})
}

// page is a page of a list in the API.
type page[T any] struct {
	Items  []T `json:"items" openapi:"nonnull"`
	Total  int `json:"total" doc:"How many items match the filters, across every page."`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func (page[T]) schemaName() string { return schemaTypeName(reflect.TypeFor[T]()) + "Page" }

// apiPaging reads limit and offset, recording values out of range in p.
func apiPaging(r *http.Request, p isms.Problems) (limit, offset int) {
	q := r.URL.Query()
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
	return limit, offset
}

// apiList finishes a list request: it reports every problem of the query
// at once, or runs fetch and wraps the page it returns.
func apiList[T any](p isms.Problems, limit, offset int, fetch func() ([]T, int, error)) (any, error) {
	if err := p.Err(); err != nil {
		return nil, err
	}
	list, total, err := fetch()
	if err != nil {
		return nil, err
	}
	return newPage(list, total, limit, offset), nil
}

func newPage[T any](items []T, total, limit, offset int) page[T] {
	if items == nil {
		items = []T{}
	}
	return page[T]{Items: items, Total: total, Limit: limit, Offset: offset}
}

// queryOneOf reads query parameter name, which must be empty or one of
// allowed; otherwise it records a problem in p.
func queryOneOf(r *http.Request, p isms.Problems, name string, allowed ...string) string {
	v := r.URL.Query().Get(name)
	if v != "" && !slices.Contains(allowed, v) {
		p.Add(name, name+" must be one of: "+strings.Join(allowed, ", ")+".")
	}
	return v
}

// sortValues returns the sort parameter's values for keys: each key,
// ascending, and "-" and the key, descending.
func sortValues(keys ...string) []string {
	out := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		out = append(out, k, "-"+k)
	}
	return out
}

// pathID returns the {id} of the request's path.
func pathID(r *http.Request) isms.ID { return isms.ID(r.PathValue("id")) }

// maxBodyBytes bounds a request body.
const maxBodyBytes = 1 << 20

// decodeJSON reads a JSON body into v, refusing unknown fields and naming
// where the body is wrong.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	if err == nil {
		return nil
	}
	msg, field := jsonProblem(err)
	e := isms.Errorf(isms.Invalid, "The request body is not valid JSON for this operation: %s.", msg)
	if field != "" {
		e.Fields = map[string]string{field: msg}
	}
	return e
}

// jsonProblem describes a decoding error and names the field at fault, if any.
func jsonProblem(err error) (msg, field string) {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var me *http.MaxBytesError
	switch {
	case errors.Is(err, io.EOF):
		return "the body is empty; send a JSON object", ""
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the body ends in the middle of a value", ""
	case errors.As(err, &se):
		return "syntax error at byte " + strconv.FormatInt(se.Offset, 10), ""
	case errors.As(err, &te):
		if te.Field == "" {
			return "the body must be a JSON object", ""
		}
		return "field " + te.Field + " must be " + jsonKind(te.Type), te.Field
	case errors.As(err, &me):
		return "the body is larger than 1 MiB", ""
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		f, _ = strconv.Unquote(f)
		return "unknown field " + strconv.Quote(f), f
	}
	return strings.TrimPrefix(err.Error(), "json: "), ""
}

// jsonKind names the JSON kind of values of Go type t.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

// renameFields renames the fields of an Invalid error from the names app
// uses to the API's JSON names.
func renameFields(err error, names map[string]string) error {
	fields := isms.ErrorFields(err)
	if fields == nil {
		return err
	}
	out := make(map[string]string, len(fields))
	for f, msg := range fields {
		if n, ok := names[f]; ok {
			f = n
		}
		out[f] = msg
	}
	return &isms.Error{Code: isms.Invalid, Message: isms.ErrorMessage(err), Fields: out}
}

// meAPI is who the API caller is.
type meAPI struct {
	User  isms.ID         `json:"userId"`
	Name  string          `json:"name"`
	Org   isms.ID         `json:"organizationId" doc:"The organization the caller acts in; empty when none."`
	Role  isms.Role       `json:"role" doc:"The caller's role in the organization; empty when none."`
	Scope isms.TokenScope `json:"scope,omitempty" doc:"Set when the caller authenticated with an API token."`
}

func (meAPI) schemaName() string { return "Me" }

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) (any, error) {
	a := actor(r)
	return meAPI{User: a.UserID, Name: a.Name, Org: a.OrgID, Role: a.Role, Scope: a.Scope}, nil
}

// apiRoutes registers every API operation, then the OpenAPI document built
// from the same operations, then the JSON 404 for any other /api/ address.
func (s *Server) apiRoutes() {
	ops := []apiOperation{{
		Pattern: "GET /api/v1/me", Access: SignedIn, Handler: s.apiMe,
		ID: "getMe", Tag: "Account", Summary: "Who the caller is",
		Description: "The signed-in user, the organization they act in and, for an API token, its scope.",
		Result:      reflect.TypeFor[meAPI](),
	}}
	ops = append(ops, s.organizationOperations()...)
	ops = append(ops, s.memberOperations()...)
	ops = append(ops, s.auditOperations()...)
	ops = append(ops, s.approvalOperations()...)
	ops = append(ops, s.taskOperations()...)
	ops = append(ops, s.scheduleOperations()...)
	ops = append(ops, s.tokenOperations()...)
	ops = append(ops, s.evidenceOperations()...)
	ops = append(ops, s.frameworkOperations()...)
	ops = append(ops, s.mappingOperations()...)
	ops = append(ops, s.controlOperations()...)
	ops = append(ops, s.postureOperations()...)
	ops = append(ops, s.riskOperations()...)
	ops = append(ops, s.riskMethodOperations()...)
	ops = append(ops, s.assetOperations()...)
	ops = append(ops, s.riskAssessmentOperations()...)
	ops = append(ops, s.personOperations()...)
	ops = append(ops, s.competenceOperations()...)
	ops = append(ops, s.documentOperations()...)
	ops = append(ops, s.campaignOperations()...)
	ops = append(ops, s.acknowledgementOperations()...)
	ops = append(ops, s.resourceOperations()...)
	ops = append(ops, s.communicationOperations()...)
	ops = append(ops, s.contextOperations()...)
	ops = append(ops, s.scopeOperations()...)
	ops = append(ops, s.leadershipOperations()...)
	ops = append(ops, s.ismsRiskOperations()...)
	ops = append(ops, s.metricOperations()...)
	ops = append(ops, s.objectiveOperations()...)
	ops = append(ops, s.soaOperations()...)
	ops = append(ops, s.internalAuditOperations()...)
	ops = append(ops, s.reviewOperations()...)
	ops = append(ops, s.nonconformityOperations()...)
	ops = append(ops, s.improvementOperations()...)
	ops = append(ops, s.certificationOperations()...)
	ops = append(ops, s.auditorOperations()...)
	ops = append(ops, s.readinessOperations()...)
	ops = append(ops, s.adminJobOperations()...)
	// The document is built on its first request, not at start-up: it is
	// the largest start-up cost after the templates (the OpenAPI tests fetch it,
	// so a programmer error in it still fails the tests).
	var doc func() rawJSON
	ops = append(ops, apiOperation{
		Pattern: "GET /api/v1/openapi.json", Access: Public,
		Handler: func(http.ResponseWriter, *http.Request) (any, error) { return doc(), nil },
		ID:      "getOpenAPI", Tag: "Meta", Summary: "This OpenAPI document",
		Description: "The OpenAPI 3.1 description of this API, generated from the handlers' own declarations.",
		Result:      reflect.TypeFor[map[string]any](),
	})
	for _, op := range ops {
		s.handle(op.Pattern, op.Access, s.api(op.Handler))
	}
	doc = sync.OnceValue(func() rawJSON { return mustOpenAPI(s.opts.Version, ops) })
	s.handle("/api/", Public, s.api(func(w http.ResponseWriter, r *http.Request) (any, error) {
		return nil, isms.Errorf(isms.NotFound, "No API operation answers %s %s.", r.Method, r.URL.Path)
	}))
}

// SPDX-License-Identifier: Apache-2.0

package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
	"github.com/ismsproject/isms/internal/web"
)

// The OpenAPI document is generated from the handlers' declarations; these
// tests check that it is a well-formed OpenAPI 3.1 document, that it lists
// exactly the registered API routes, and (through apiSpec.check, which the
// API tests call on every response) that the handlers answer what it says.

// specURL is where the document is loaded in the schema compiler; $refs
// inside it resolve against it.
const specURL = "https://isms.test/api/v1/openapi.json"

// apiSpec is the parsed OpenAPI document with a cache of compiled schemas.
type apiSpec struct {
	doc      map[string]any
	mu       sync.Mutex
	compiler *jsonschema.Compiler
	schemas  map[string]*jsonschema.Schema
}

var (
	specOnce   sync.Once
	sharedSpec *apiSpec
	specErr    error
)

// spec returns the document the server serves, fetched once per test binary
// (every harness serves the same document).
func spec(t *testing.T, h *harness) *apiSpec {
	t.Helper()
	specOnce.Do(func() {
		resp := h.anonymous().get("/api/v1/openapi.json")
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("GET /api/v1/openapi.json = %d", resp.StatusCode)
		}
		if err == nil {
			sharedSpec, err = newAPISpec(b)
		}
		specErr = err
	})
	if specErr != nil {
		t.Fatalf("load OpenAPI document: %v", specErr)
	}
	return sharedSpec
}

func newAPISpec(b []byte) (*apiSpec, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the document is not a JSON object")
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(specURL, doc); err != nil {
		return nil, err
	}
	return &apiSpec{doc: m, compiler: c, schemas: map[string]*jsonschema.Schema{}}, nil
}

// schema compiles the schema at JSON pointer ptr of the document.
func (sp *apiSpec) schema(ptr string) (*jsonschema.Schema, error) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if s, ok := sp.schemas[ptr]; ok {
		return s, nil
	}
	s, err := sp.compiler.Compile(specURL + "#" + ptr)
	if err != nil {
		return nil, err
	}
	sp.schemas[ptr] = s
	return s, nil
}

// jsonPointer escapes tokens into a JSON pointer.
func jsonPointer(tokens ...string) string {
	r := strings.NewReplacer("~", "~0", "/", "~1")
	var b strings.Builder
	for _, t := range tokens {
		b.WriteString("/" + r.Replace(t))
	}
	return b.String()
}

// operation finds the operation answering method and the request path
// (with /api/v1 and maybe a query); a literal path segment wins over a
// parameter.
func (sp *apiSpec) operation(method, urlPath string) (docPath string, op map[string]any) {
	urlPath, _, _ = strings.Cut(urlPath, "?")
	rel, ok := strings.CutPrefix(urlPath, "/api/v1")
	if !ok {
		return "", nil
	}
	segs, best := strings.Split(rel, "/"), -1
	for p, item := range jsonObject(sp.doc["paths"]) {
		o := jsonObject(jsonObject(item)[strings.ToLower(method)])
		tsegs := strings.Split(p, "/")
		if o == nil || len(tsegs) != len(segs) {
			continue
		}
		literal := 0
		for i, ts := range tsegs {
			switch {
			case ts == segs[i]:
				literal++
			case strings.HasPrefix(ts, "{") && segs[i] != "":
			default:
				literal = -1
			}
			if literal < 0 {
				break
			}
		}
		if literal > best {
			best, docPath, op = literal, p, o
		}
	}
	return docPath, op
}

// validate checks a response against the document: its status must be
// declared for the operation, and its body must match the declared schema
// (the Error schema for any other /api/ address).
func (sp *apiSpec) validate(method, urlPath string, status int, contentType string, body []byte) error {
	docPath, op := sp.operation(method, urlPath)
	ptr := "/components/schemas/Error"
	if op != nil {
		resp := jsonObject(jsonObject(op["responses"])[strconv.Itoa(status)])
		if resp == nil {
			return fmt.Errorf("%s %s answered %d, which the document does not declare for %s", method, urlPath, status, docPath)
		}
		if jsonObject(resp["content"]) == nil {
			if len(body) != 0 {
				return fmt.Errorf("%s %s answered %d with a body, but the document declares none", method, urlPath, status)
			}
			return nil
		}
		if content := jsonObject(resp["content"]); content["application/json"] == nil {
			return validateMediaType(content, method, urlPath, status, contentType) // a download: bytes, not JSON
		}
		ptr = jsonPointer("paths", docPath, strings.ToLower(method), "responses", strconv.Itoa(status), "content", "application/json", "schema")
	} else if status < 400 {
		return fmt.Errorf("%s %s answered %d, but no operation of the document matches it", method, urlPath, status)
	}
	if !strings.HasPrefix(contentType, "application/json") {
		return fmt.Errorf("%s %s: Content-Type %q, want application/json", method, urlPath, contentType)
	}
	return sp.validateJSON(ptr, body)
}

// validateMediaType checks that a response that is not JSON has a media
// type its operation declares ("*/*" declares any).
func validateMediaType(content map[string]any, method, urlPath string, status int, contentType string) error {
	for mt := range content {
		if mt == "*/*" || strings.HasPrefix(contentType, mt) {
			return nil
		}
	}
	return fmt.Errorf("%s %s answered %d with Content-Type %q, which the document does not declare", method, urlPath, status, contentType)
}

// validateRequest checks a request body against the operation's schema.
func (sp *apiSpec) validateRequest(method, urlPath string, body []byte) error {
	docPath, op := sp.operation(method, urlPath)
	if op == nil || op["requestBody"] == nil {
		return fmt.Errorf("%s %s: the document declares no request body", method, urlPath)
	}
	return sp.validateJSON(jsonPointer("paths", docPath, strings.ToLower(method), "requestBody", "content", "application/json", "schema"), body)
}

func (sp *apiSpec) validateJSON(ptr string, body []byte) error {
	s, err := sp.schema(ptr)
	if err != nil {
		return fmt.Errorf("compile %s: %v", ptr, err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("body is not JSON: %v\n%s", err, body)
	}
	if err := s.Validate(v); err != nil {
		return fmt.Errorf("body does not match %s: %v\n%s", ptr, err, body)
	}
	return nil
}

// jsonObject returns v as a JSON object, or nil.
func jsonObject(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// rawBody is a request body sent exactly as written (malformed JSON).
type rawBody string

// apiError is the API's one error shape.
type apiError struct {
	Error struct {
		Code    isms.Code         `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// apiPage is one page of a list.
type apiPage[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// apiCall sends an API request as c with in as its JSON body (nil for none)
// and fails the test unless the status is want. The response must match
// what the OpenAPI document declares for it, and so must the request body
// of a successful call. The body is decoded into out when out is not nil.
func apiCall(t *testing.T, c *client, method, path string, in any, want int, out any) http.Header {
	t.Helper()
	var reqBody []byte
	switch in := in.(type) {
	case nil:
	case rawBody:
		reqBody = []byte(in)
	default:
		var err error
		if reqBody, err = json.Marshal(in); err != nil {
			t.Fatal(err)
		}
	}
	var r io.Reader
	if reqBody != nil {
		r = bytes.NewReader(reqBody)
	}
	resp := c.do(method, path, "application/json", r, true)
	b := []byte(body(t, resp))
	if resp.StatusCode != want {
		t.Fatalf("%s %s = %d, want %d\n%s", method, path, resp.StatusCode, want, b)
	}
	sp := spec(t, c.h)
	if err := sp.validate(method, path, resp.StatusCode, resp.Header.Get("Content-Type"), b); err != nil {
		t.Errorf("response does not match the OpenAPI document: %v", err)
	}
	if reqBody != nil && want < 300 {
		if err := sp.validateRequest(method, path, reqBody); err != nil {
			t.Errorf("request does not match the OpenAPI document: %v", err)
		}
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: decode %s: %v", method, path, b, err)
		}
	}
	return resp.Header
}

// apiCallErr sends a request that must fail with status want and returns the error.
func apiCallErr(t *testing.T, c *client, method, path string, in any, want int) apiError {
	t.Helper()
	var e apiError
	apiCall(t, c, method, path, in, want, &e)
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Errorf("%s %s: error %+v has no code or message", method, path, e)
	}
	return e
}

// fieldNames returns the names of an error's fields, sorted.
func fieldNames(e apiError) []string {
	var names []string
	for f := range e.Error.Fields {
		names = append(names, f)
	}
	slices.Sort(names)
	return names
}

func TestOpenAPIDocumentIsValidOpenAPI31(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t))) // the document does not depend on the database
	sp := spec(t, h)
	doc := sp.doc
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", doc["openapi"])
	}
	if info := jsonObject(doc["info"]); info["title"] != "isms" || info["version"] != "test" {
		t.Errorf("info = %v, want title isms and the server's version", info)
	}
	comps := jsonObject(doc["components"])
	for name := range jsonObject(comps["schemas"]) {
		if _, err := sp.schema(jsonPointer("components", "schemas", name)); err != nil {
			t.Errorf("schema %s does not compile as JSON Schema 2020-12: %v", name, err)
		}
	}
	if jsonObject(jsonObject(comps["schemas"])["Error"]) == nil {
		t.Error("components.schemas has no Error")
	}
	schemes := jsonObject(comps["securitySchemes"])
	if b := jsonObject(schemes["bearerAuth"]); b["type"] != "http" || b["scheme"] != "bearer" {
		t.Errorf("bearerAuth = %v, want an http bearer scheme", b)
	}
	if c := jsonObject(schemes["cookieAuth"]); c["type"] != "apiKey" || c["in"] != "cookie" || c["name"] != "isms_session" {
		t.Errorf("cookieAuth = %v, want an apiKey in the cookie isms_session", c)
	}
	checkOperations(t, sp)
	checkRefs(t, doc, doc, "#")
}

// checkOperations checks the structure of every operation.
func checkOperations(t *testing.T, sp *apiSpec) {
	ids := map[string]string{}
	for path, item := range jsonObject(sp.doc["paths"]) {
		for method, o := range jsonObject(item) {
			op, where := jsonObject(o), strings.ToUpper(method)+" "+path
			id, _ := op["operationId"].(string)
			if tags, _ := op["tags"].([]any); id == "" || op["summary"] == "" || len(tags) == 0 {
				t.Errorf("%s: operationId %q, summary %q, tags %v: all are required", where, id, op["summary"], op["tags"])
			}
			if prev, dup := ids[id]; dup {
				t.Errorf("%s and %s share the operationId %q", prev, where, id)
			}
			ids[id] = where
			checkPathParams(t, where, path, op)
			responses := jsonObject(op["responses"])
			if len(responses) == 0 {
				t.Errorf("%s has no responses", where)
			}
			for status, r := range responses {
				checkResponse(t, sp, where, method, path, status, jsonObject(r))
			}
		}
	}
}

// checkPathParams checks that every {name} of path is a required path parameter.
func checkPathParams(t *testing.T, where, path string, op map[string]any) {
	declared := map[string]bool{}
	params, _ := op["parameters"].([]any)
	for _, p := range params {
		if p := jsonObject(p); p["in"] == "path" && p["required"] == true {
			declared[p["name"].(string)] = true
		}
	}
	for seg := range strings.SplitSeq(path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok && !declared[strings.TrimSuffix(name, "}")] {
			t.Errorf("%s: path parameter %s is not declared", where, seg)
		}
	}
}

func checkResponse(t *testing.T, sp *apiSpec, where, method, path, status string, r map[string]any) {
	if r["description"] == "" || r["description"] == nil {
		t.Errorf("%s %s: no description", where, status)
	}
	content := jsonObject(r["content"])
	if content == nil {
		return
	}
	if content["application/json"] == nil { // a download: the body is a file's bytes
		if code, _ := strconv.Atoi(status); code >= 400 {
			t.Errorf("%s %s: an error answers with the shared Error as JSON, not %v", where, status, content)
		}
		return
	}
	schema := jsonObject(jsonObject(content["application/json"])["schema"])
	if code, _ := strconv.Atoi(status); code >= 400 && schema["$ref"] != "#/components/schemas/Error" {
		t.Errorf("%s %s: error schema %v, want the shared Error", where, status, schema)
	}
	if _, err := sp.schema(jsonPointer("paths", path, method, "responses", status, "content", "application/json", "schema")); err != nil {
		t.Errorf("%s %s: %v", where, status, err)
	}
}

// checkRefs checks that every $ref in v resolves within the document.
func checkRefs(t *testing.T, doc map[string]any, v any, at string) {
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok {
			var target any = doc
			for _, tok := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
				target = jsonObject(target)[strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)]
			}
			if !strings.HasPrefix(ref, "#/") || target == nil {
				t.Errorf("%s: $ref %s does not resolve", at, ref)
			}
		}
		for k, x := range v {
			checkRefs(t, doc, x, at+"/"+k)
		}
	case []any:
		for i, x := range v {
			checkRefs(t, doc, x, at+"/"+strconv.Itoa(i))
		}
	}
}

func TestOpenAPIDocumentListsExactlyTheAPIRoutes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	sp := spec(t, h)
	access := map[web.Access]string{web.Public: "public", web.SignedIn: "signed-in", web.Member: "member"}
	routes := map[string]bool{}
	for _, r := range h.srv.Routes() {
		method, path, _ := strings.Cut(r.Pattern, " ")
		rel, ok := strings.CutPrefix(path, "/api/v1/")
		if !ok {
			if r.Pattern != "/api/" && strings.Contains(r.Pattern, "/api/") {
				t.Errorf("route %s is under /api/ but not /api/v1/", r.Pattern)
			}
			continue
		}
		routes[method+" /"+rel] = true
		op := jsonObject(jsonObject(jsonObject(sp.doc["paths"])["/"+rel])[strings.ToLower(method)])
		if op == nil {
			t.Errorf("route %s is not in the OpenAPI document", r.Pattern)
		} else if op["x-isms-access"] != access[r.Access] {
			t.Errorf("%s: the document says access %v, the route %s", r.Pattern, op["x-isms-access"], access[r.Access])
		}
	}
	for path, item := range jsonObject(sp.doc["paths"]) {
		for method := range jsonObject(item) {
			if key := strings.ToUpper(method) + " " + path; !routes[key] {
				t.Errorf("the document describes %s /api/v1%s, which no route serves", strings.ToUpper(method), path)
			}
		}
	}
	if len(routes) < 19 {
		t.Errorf("found %d API routes, want at least 19", len(routes))
	}
}

func TestOpenAPIValidationCatchesDrift(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sqldbtest.Open(t, sqldbtest.SQLiteURL(t)))
	sp := spec(t, h)
	for _, tc := range []struct {
		name, method, path string
		status             int
		body               string
	}{
		{"a list without its limit", "GET", "/api/v1/members", 200, `{"items":[],"total":0,"offset":0}`},
		{"a field the type does not have", "GET", "/api/v1/audit-events/head", 200, `{"chain":"c","seq":1,"hash":"h","extra":1}`},
		{"a role that does not exist", "GET", "/api/v1/me", 200, `{"userId":"u","name":"n","organizationId":"o","role":"boss"}`},
		{"a status the operation does not declare", "GET", "/api/v1/me", 409, `{"error":{"code":"conflict","message":"m"}}`},
		{"an error in another shape", "GET", "/api/v1/members", 404, `{"message":"no"}`},
		{"an unknown operation answering 200", "GET", "/api/v1/nothing", 200, `{}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := sp.validate(tc.method, tc.path, tc.status, "application/json", []byte(tc.body)); err == nil {
				t.Errorf("validate(%s %s %d %s) = nil, want an error", tc.method, tc.path, tc.status, tc.body)
			}
		})
	}
	var ok bytes.Buffer
	json.NewEncoder(&ok).Encode(map[string]any{"items": []any{}, "total": 0, "limit": 50, "offset": 0})
	if err := sp.validate("GET", "/api/v1/members?limit=50", 200, "application/json", ok.Bytes()); err != nil {
		t.Errorf("validate(an empty page) = %v, want nil", err)
	}
	if _, op := sp.operation("GET", "/api/v1/audit-events/head"); op["operationId"] != "getAuditHead" {
		t.Errorf("operation(GET /api/v1/audit-events/head) = %v, want getAuditHead (a literal segment wins)", op["operationId"])
	}
	if path, _ := sp.operation("PATCH", "/api/v1/members/user_x"); path != "/members/{id}" {
		t.Errorf("operation(PATCH /api/v1/members/user_x) = %q, want /members/{id}", path)
	}
}

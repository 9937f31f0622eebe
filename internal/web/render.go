// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"github.com/ismsproject/isms/internal/app"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

//go:embed templates
var templateFiles embed.FS

// templateFS returns the templates: embedded, or from disk in dev mode.
func (s *Server) templateFS() fs.FS {
	if s.opts.Dev {
		return os.DirFS(filepath.Join(s.opts.DevDir, "templates"))
	}
	sub, _ := fs.Sub(templateFiles, "templates")
	return sub
}

// templates holds the parsed templates. The layout and the partials are
// parsed once, when the set is made; each page is cloned from them and
// parsed on its first use. Cloning copies every parse tree, and a clone is
// escaped again when it first executes, so doing this for every page up
// front would make start-up slow and hold tens of megabytes for pages a
// running server may never show. The page set is fixed: the files
// pages/*.html. A templates is safe for concurrent use.
type templates struct {
	fsys  fs.FS
	base  *template.Template       // layout.html and partials/*.html; never executed
	pages map[string]*pageTemplate // by page name; not modified once made
}

// pageTemplate is one page of a templates, parsed at most once.
type pageTemplate struct {
	file string // e.g. "pages/risk_index.html"
	once sync.Once
	t    *template.Template
	err  error
}

// parseTemplates parses the layout and every partial, and lists the pages
// without parsing them; a broken layout or partial is an error here, a
// broken page when it is first looked up (TestEveryPageTemplateParses
// looks up each one).
func (s *Server) parseTemplates() (*templates, error) {
	fsys := s.templateFS()
	base, err := template.New("layout.html").Funcs(s.funcs()).ParseFS(fsys, "layout.html", "partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	files, err := fs.Glob(fsys, "pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("list page templates: %w", err)
	}
	ts := &templates{fsys: fsys, base: base, pages: make(map[string]*pageTemplate, len(files))}
	for _, f := range files {
		ts.pages[strings.TrimSuffix(path.Base(f), ".html")] = &pageTemplate{file: f}
	}
	return ts, nil
}

// page returns the template of page name (its file name without
// ".html"), parsing it with the layout and the partials on first use.
func (ts *templates) page(name string) (*template.Template, error) {
	p, ok := ts.pages[name]
	if !ok {
		return nil, fmt.Errorf("no template %q", name)
	}
	p.once.Do(func() { p.t, p.err = ts.parsePage(p.file) })
	return p.t, p.err
}

// parsePage parses file into a copy of the layout and the partials.
func (ts *templates) parsePage(file string) (*template.Template, error) {
	t, err := ts.base.Clone()
	if err == nil {
		t, err = t.ParseFS(ts.fsys, file)
	}
	if err != nil {
		return nil, fmt.Errorf("parse template %s: %w", file, err)
	}
	return t, nil
}

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":         func(name string) string { return s.assets.url(name) },
		"date":          fmtDate,
		"datetime":      fmtDateTime,
		"iso":           func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"roleLabel":     func(r isms.Role) string { return r.Label() },
		"short":         func(h string) string { return shortHash(h) },
		"add":           func(a, b int) int { return a + b },
		"query":         func(v url.Values) template.URL { return template.URL(v.Encode()) },
		"statusChip":    statusChip,
		"dict":          dict,
		"list":          func(xs ...string) []string { return xs },
		"changes":       parseChanges,
		"describe":      describe,
		"contentFields": contentFields,
		"linkLabel":     app.LinkLabel,
		"recordURL":     recordURL,
	}
}

// dict builds a map from key, value pairs, to pass several values to a partial.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

func fmtDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func shortHash(h string) string {
	if len(h) > 16 {
		return h[:16]
	}
	return h
}

// page adapts a handler that returns an error into an http.Handler that
// renders the error as a page.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) page(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// render executes page name with data into a buffer before writing, so a
// template error becomes a clean error page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data pageData) error {
	ts := s.pages
	if s.opts.Dev {
		var err error
		if ts, err = s.parseTemplates(); err != nil {
			return err
		}
	}
	t, err := ts.page(name)
	if err != nil {
		return err
	}
	s.fillBase(w, r, data.base())
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err = buf.WriteTo(w)
	return err
}

// statusOf maps an error code to its HTTP status: the one table.
func statusOf(code isms.Code) int {
	switch code {
	case isms.Invalid:
		return http.StatusUnprocessableEntity
	case isms.Unauthorized:
		return http.StatusUnauthorized
	case isms.Forbidden:
		return http.StatusForbidden
	case isms.NotFound:
		return http.StatusNotFound
	case isms.Conflict:
		return http.StatusConflict
	case isms.RateLimited:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// errorPage is the page shown for an error.
type errorPage struct {
	basePage
	Status    int
	Message   string
	RequestID string
	SignIn    string // a sign-in link when the error is Unauthorized
}

// fail renders err for the request: JSON under /api/, otherwise a page (or
// a redirect to sign in). Internal errors are logged with the request ID
// and shown only as a generic message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := isms.ErrorCode(err)
	st := state(r)
	if code == isms.Internal {
		s.log.Error("internal error", "request_id", st.id, "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiError(w, err)
		return
	}
	if code == isms.Unauthorized && r.Method == http.MethodGet {
		if st.sessionID == "" && s.cookie(r, sessionCookie) != "" {
			s.setCookie(w, sessionCookie, "", -1)
		}
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := &errorPage{Status: statusOf(code), Message: isms.ErrorMessage(err), RequestID: st.id}
	p.Title = http.StatusText(p.Status)
	if code == isms.Unauthorized {
		p.SignIn = "/signin"
	}
	if rerr := s.render(w, r, p.Status, "error", p); rerr != nil {
		s.log.Error("render error page", "request_id", st.id, "err", rerr)
		http.Error(w, isms.ErrorMessage(err), p.Status)
	}
}

// isCode reports whether err has code.
func isCode(err error, code isms.Code) bool {
	var e *isms.Error
	return errors.As(err, &e) && e.Code == code
}

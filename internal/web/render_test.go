// SPDX-License-Identifier: Apache-2.0

package web

import (
	"errors"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// templateServer returns a Server with only what rendering needs: its
// options and static files.
func templateServer(t *testing.T, opts Options) *Server {
	t.Helper()
	a, err := newAssets(opts.Dev, opts.DevDir)
	if err != nil {
		t.Fatal(err)
	}
	return &Server{opts: opts, assets: a}
}

// Pages are parsed on first use, not at start-up, so this test stands in
// for the start-up check: every page must parse with the layout and the
// partials, and pass html/template's escaper (which runs on a template's
// first execution and reports, for example, a call of a template that does
// not exist or an action in an ambiguous context).
func TestEveryPageTemplateParses(t *testing.T) {
	t.Parallel()
	ts, err := templateServer(t, Options{}).parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(templateFiles, "templates/pages/*.html")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no page templates in templates/pages")
	}
	for _, f := range files {
		tmpl, err := ts.page(strings.TrimSuffix(path.Base(f), ".html"))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		// Without data the execution itself may stop early; only the
		// escaper's errors, which come before it, are of interest.
		var escErr *template.Error
		if err := tmpl.ExecuteTemplate(io.Discard, "layout", nil); errors.As(err, &escErr) {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, err := ts.page("no_such_page"); err == nil {
		t.Error(`page("no_such_page") = nil error, want one`)
	}
}

func TestPageTemplateIsParsedOnce(t *testing.T) {
	t.Parallel()
	ts, err := templateServer(t, Options{}).parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	got := make([]*template.Template, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			tmpl, err := ts.page("error")
			if err != nil {
				t.Error(err)
			}
			got[i] = tmpl
		})
	}
	wg.Wait()
	for i := range got {
		if got[i] == nil || got[i] != got[0] {
			t.Fatalf("page(%q) returned different templates to concurrent callers", "error")
		}
	}
}

func TestDevModeRereadsPageTemplates(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "templates"), sub); err != nil {
		t.Fatal(err)
	}
	s := templateServer(t, Options{Dev: true, DevDir: dir})
	page := filepath.Join(dir, "templates", "pages", "error.html")
	for _, word := range []string{"first-edit", "second-edit"} {
		if err := os.WriteFile(page, []byte(`{{define "content"}}<p>`+word+`: {{.Message}}</p>{{end}}`), 0o644); err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, "/missing", nil)
		p := &errorPage{Status: http.StatusNotFound, Message: "Not here."}
		if err := s.render(w, r, p.Status, "error", p); err != nil {
			t.Fatalf("render after writing %s: %v", word, err)
		}
		if want := "<p>" + word + ": Not here.</p>"; !strings.Contains(w.Body.String(), want) {
			t.Errorf("render after writing %s: body lacks %q:\n%s", word, want, w.Body.String())
		}
	}
}

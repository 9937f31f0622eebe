// SPDX-License-Identifier: Apache-2.0

package web

import (
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
)

// Importing a framework file from the browser takes two steps: the upload
// is stored (by SHA-256) and parsed, and the preview shows what importing
// it would change; Apply imports the stored file, named by its SHA-256, so
// that what is applied is exactly what was previewed.

type frameworkImportPage struct {
	basePage
	Action    string   // the upload form's address, with the CSRF token
	FileName  string   // the file the problems are about
	Problems  []string // every problem of the file, "file:line:col: message"
	MaxText   string
	MaxUpload int64
}

type frameworkPreviewPage struct {
	basePage
	Staged *app.StagedImport
	Change *isms.FrameworkChange
}

// renderFrameworkImport renders the upload form, with the problems of err
// when the last upload failed.
func (s *Server) renderFrameworkImport(w http.ResponseWriter, r *http.Request, status int, name string, err error) error {
	p := &frameworkImportPage{Action: uploadAction("/frameworks/import", s.csrfToken(w, r)), FileName: name,
		MaxText: byteText(s.app.MaxUpload()), MaxUpload: s.app.MaxUpload(), Problems: problemLines(err)}
	p.Title = "Import a framework"
	return s.render(w, r, status, "framework_import", p)
}

func (s *Server) handleFrameworkImportPage(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.ManageFrameworks, "You may not import frameworks."); err != nil {
		return err
	}
	return s.renderFrameworkImport(w, r, http.StatusOK, "", nil)
}

// handleFrameworkImport stores and parses the uploaded file, then shows
// the preview; a file that cannot be read shows the form again with every
// problem found.
func (s *Server) handleFrameworkImport(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageFrameworks, "You may not import frameworks."); err != nil {
		return err
	}
	var staged *app.StagedImport
	var name string
	err := s.readUpload(w, r, func(_ uploadParts, file *app.FileInput) error {
		if file == nil {
			return isms.Problems{fileField: "Choose a framework file to import."}.Err()
		}
		name = file.Name
		if name == "" {
			name = "upload"
		}
		var err error
		staged, err = s.app.StageFrameworkFile(r.Context(), a, name, file.Reader)
		return err
	})
	if status := errorStatus(err); status == http.StatusUnprocessableEntity || status == http.StatusRequestEntityTooLarge {
		return s.renderFrameworkImport(w, r, status, name, err)
	} else if err != nil {
		return err
	}
	p := &frameworkPreviewPage{Staged: staged, Change: staged.Change}
	if p.Change == nil {
		p.Change = &isms.FrameworkChange{New: true}
	}
	p.Title = "Preview: " + staged.Meta.Title()
	return s.render(w, r, http.StatusOK, "framework_preview", p)
}

func (s *Server) handleFrameworkImportApply(w http.ResponseWriter, r *http.Request) error {
	name, sum := r.PostFormValue("name"), strings.TrimSpace(r.PostFormValue("sha256"))
	if name == "" || len(sum) != 64 {
		return isms.Errorf(isms.Invalid, "The import to apply is not named; upload the file again.")
	}
	fw, change, err := s.app.ApplyStagedFramework(r.Context(), actor(r), name, sum)
	if err != nil {
		return err
	}
	s.flash(w, "ok", importSummary(fw, change))
	http.Redirect(w, r, "/frameworks/"+string(fw.ID), http.StatusSeeOther)
	return nil
}

// problemLines lists every problem err carries, one line each: a file's
// problems as "file:line:col: at path: message", a form's as its fields'
// messages, otherwise the error's message.
func problemLines(err error) []string {
	if err == nil {
		return nil
	}
	var ce *catalog.Error
	if errors.As(err, &ce) {
		out := make([]string, 0, len(ce.Problems)+1)
		for _, p := range ce.Problems {
			out = append(out, p.String())
		}
		if msg := strings.Split(ce.Error(), "\n"); len(msg) > len(ce.Problems) {
			out = append(out, msg[len(msg)-1]) // "(and N more problems)"
		}
		return out
	}
	if fields := isms.ErrorFields(err); len(fields) > 0 {
		keys := make([]string, 0, len(fields))
		for k := range fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([]string, 0, len(keys))
		for _, k := range keys {
			out = append(out, strings.Split(fields[k], "\n")...)
		}
		return out
	}
	return strings.Split(isms.ErrorMessage(err), "\n")
}

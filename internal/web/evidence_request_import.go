// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Importing an auditor's request list: a CSV or XLSX file with the
// columns requirement, control, title, detail, due and owner, for one
// audit and framework. Every row is created, or none: the page shows
// each problem with its line.

// requestImportColumns are the columns of a request list, as app reads them.
var requestImportColumns = []string{"requirement", "control", "title", "detail", "due", "owner"}

type requestImportPage struct {
	basePage
	Action   string // the upload form's address, with the CSRF token
	MaxText  string
	Columns  []string
	Fields   []fieldView
	FileName string
	Problems []importProblem
	Cancel   string
}

// renderRequestImport renders the import page with the audit and
// framework chosen and the problems of err.
func (s *Server) renderRequestImport(w http.ResponseWriter, r *http.Request, status int, audit, framework, name string, err error) error {
	audits, ferr := s.extAuditOptions(r, "No audit", false)
	if ferr != nil {
		return ferr
	}
	fws, ferr := s.frameworkOptions(r, "The audit's certificate framework, or ISO/IEC 27001:2022")
	if ferr != nil {
		return ferr
	}
	p := &requestImportPage{Action: uploadAction("/evidence-requests/import", s.csrfToken(w, r)), MaxText: byteText(s.app.MaxUpload()),
		Columns: requestImportColumns, FileName: name, Cancel: "/evidence-requests"}
	p.Fields = []fieldView{
		selectField("audit", "External audit", audit, audits).help("Every request of the list is made for this audit."),
		selectField("framework", "Framework", framework, fws).help("The requirement column holds references of this framework."),
	}
	if audit != "" {
		p.Cancel = extAuditURL(isms.ID(audit)) + "#requests"
	}
	fields := isms.ErrorFields(err)
	for i := range p.Fields {
		p.Fields[i].Error = fields[p.Fields[i].Name]
	}
	p.Problems = dropProblems(importProblems(err), "audit", "framework")
	p.Title = "Import a request list"
	return s.render(w, r, status, "evidence_request_import", p)
}

// dropProblems leaves out the problems of the named form fields, which
// the page shows beside their fields.
func dropProblems(list []importProblem, fields ...string) []importProblem {
	out := list[:0]
	for _, p := range list {
		keep := true
		for _, f := range fields {
			keep = keep && p.Where != f
		}
		if keep {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) handleRequestImportPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.RequestEvidence, "You may not import request lists."); err != nil {
		return err
	}
	audit := ""
	if ref := r.URL.Query().Get("audit"); ref != "" {
		v, err := s.app.FindExternalAudit(r.Context(), a, ref)
		if err != nil {
			return err
		}
		audit = string(v.ExternalAudit.ID)
	}
	return s.renderRequestImport(w, r, http.StatusOK, audit, "", "", nil)
}

// handleRequestImport creates every request of the uploaded list, or
// shows the page again with the problems of the file.
func (s *Server) handleRequestImport(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.RequestEvidence, "You may not import request lists."); err != nil {
		return err
	}
	var form url.Values
	var name string
	var res *app.RequestImport
	err := s.readUpload(w, r, func(parts uploadParts, file *app.FileInput) error {
		form = parts.Values
		if file == nil {
			return isms.Problems{fileField: "Choose the request list to import, a CSV or XLSX file."}.Err()
		}
		name = file.Name
		var err error
		res, err = s.app.ImportEvidenceRequests(r.Context(), a, form.Get("audit"), form.Get("framework"), file.Name, file.Reader)
		return err
	})
	if isms.ErrorFields(err) != nil || isCode(err, isms.Invalid) {
		return s.renderRequestImport(w, r, errorStatus(err), form.Get("audit"), form.Get("framework"), name, err)
	} else if err != nil {
		return err
	}
	refs := make([]string, len(res.Created))
	for i, x := range res.Created {
		refs[i] = x.Ref
	}
	s.flash(w, "ok", "Created "+strings.Join(refs, ", ")+" from "+name+".")
	back := "/evidence-requests"
	if audit := form.Get("audit"); audit != "" {
		back = extAuditURL(isms.ID(audit)) + "#requests"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

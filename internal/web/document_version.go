// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

// A document's versions: one version's page (its control block and text,
// and for a draft the editor with a preview that works without
// JavaScript), the steps of its life (new version, submit for review),
// its file, its PDF, a comparison of two versions and the print view.

// versionNumber reads a version number from the path; anything else is
// not found.
func versionNumber(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, isms.Errorf(isms.NotFound, "This document has no such version.")
	}
	return n, nil
}

// versionPage is a version's page.
type versionPage struct {
	basePage
	Doc      *isms.Document
	V        *isms.DocumentVersion
	Body     template.HTML // the stored text, or the preview of the typed text
	Preview  bool
	Draft    string // the text in the editor
	Summary  string // the change summary in the editor
	Revision int
	Editable bool
	Full     bool
	Errors   map[string]string
	Conflict string
	Submit   *submitView
	Pending  *isms.Approval
	Upload   string // the action of the file replacement form
	MaxText  string
	PDF      string
	Prev     int // the version before, for a comparison; 0 when none
}

// versionEdit is the editor's content when it is shown again.
type versionEdit struct {
	Draft, Summary string
	Preview        bool
	Err            error // the problems of saving
	Approvers      []isms.ID
	Note           string
	SubmitErr      error
}

func (s *Server) handleVersionShow(w http.ResponseWriter, r *http.Request) error {
	if n, ok := strings.CutSuffix(r.PathValue("n"), ".pdf"); ok {
		return s.serveDocumentPDF(w, r, n)
	}
	return s.renderVersion(w, r, http.StatusOK, nil)
}

// renderVersion renders version {n} of document {id}; e, when set, is
// what the editor or the submit form held when it was refused or previewed.
func (s *Server) renderVersion(w http.ResponseWriter, r *http.Request, status int, e *versionEdit) error {
	a := actor(r)
	n, err := versionNumber(r.PathValue("n"))
	if err != nil {
		return err
	}
	v, doc, err := s.app.FindDocumentVersion(r.Context(), a, r.PathValue("id"), n)
	if err != nil {
		return err
	}
	p := &versionPage{Doc: doc, V: v, Full: a.Can(isms.ReadISMS), Revision: v.Revision, Draft: v.Body, Summary: v.ChangeSummary,
		PDF: versionPath(doc.ID, n) + ".pdf"}
	p.Title = doc.Ref + " v" + strconv.Itoa(n) + " " + doc.Title
	if n > 1 {
		p.Prev = n - 1
	}
	if p.Full {
		d, err := s.app.FindDocument(r.Context(), a, string(doc.ID))
		if err != nil {
			return err
		}
		p.Full, p.Pending = d.CanRead, d.Pending
		p.Editable = d.CanEdit && v.Status == isms.VersionDraft
	}
	if e != nil {
		p.Draft, p.Summary, p.Preview = e.Draft, e.Summary, e.Preview
		p.Errors = isms.ErrorFields(e.Err)
		if e.Err != nil && p.Errors == nil {
			p.Conflict = isms.ErrorMessage(e.Err)
		}
	} else {
		e = &versionEdit{}
	}
	if v.Format == isms.BodyMarkdown {
		p.Body = markdownHTML(v.Body)
		if p.Preview {
			p.Body = markdownHTML(p.Draft)
		}
	}
	if p.Editable {
		p.Upload, p.MaxText = uploadAction(versionPath(doc.ID, n), s.csrfToken(w, r)), byteText(s.app.MaxUpload())
		if p.Pending == nil {
			if p.Submit, err = s.docSubmitForm(r, doc, v, e.Approvers, e.Note, e.SubmitErr); err != nil {
				return err
			}
		}
	}
	return s.render(w, r, status, "document_version", p)
}

// findVersion returns version {n} of document {id} of the request.
func (s *Server) findVersion(r *http.Request) (*isms.DocumentVersion, *isms.Document, error) {
	n, err := versionNumber(r.PathValue("n"))
	if err != nil {
		return nil, nil, err
	}
	return s.app.FindDocumentVersion(r.Context(), actor(r), r.PathValue("id"), n)
}

// handleVersionSave saves a draft: its Markdown text and change summary
// from the editor, or a new file from the replacement form.
func (s *Server) handleVersionSave(w http.ResponseWriter, r *http.Request) error {
	v, doc, err := s.findVersion(r)
	if err != nil {
		return err
	}
	e := &versionEdit{}
	if isMultipart(r) {
		err = s.readUpload(w, r, func(parts uploadParts, file *app.FileInput) error {
			rev, _ := strconv.Atoi(parts.Values.Get("revision"))
			if file == nil {
				return isms.Problems{fileField: "Choose the file that replaces the draft's."}.Err()
			}
			e.Summary = parts.Values.Get("changeSummary")
			_, err := s.app.SaveDraft(r.Context(), actor(r), v.ID, rev, app.DocumentBodyInput{File: file, ChangeSummary: e.Summary})
			return err
		})
	} else {
		e.Draft, e.Summary = r.PostFormValue("body"), r.PostFormValue("changeSummary")
		_, err = s.app.SaveDraft(r.Context(), actor(r), v.ID, formInt(r, "revision"),
			app.DocumentBodyInput{Markdown: e.Draft, ChangeSummary: e.Summary})
	}
	if status := errorStatus(err); isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) || status == http.StatusRequestEntityTooLarge {
		e.Err = err
		if e.Draft == "" {
			e.Draft = v.Body
		}
		return s.renderVersion(w, r, status, e)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Draft saved.")
	http.Redirect(w, r, versionPath(doc.ID, v.Number), http.StatusSeeOther)
	return nil
}

// handleVersionPreview shows the draft's page again with the typed text
// rendered, without saving it.
func (s *Server) handleVersionPreview(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditDocuments, "You may not edit documents."); err != nil {
		return err
	}
	return s.renderVersion(w, r, http.StatusOK, &versionEdit{Draft: r.PostFormValue("body"),
		Summary: r.PostFormValue("changeSummary"), Preview: true})
}

// handleVersionNew starts a new version from the latest one.
func (s *Server) handleVersionNew(w http.ResponseWriter, r *http.Request) error {
	d, err := s.documentID(r)
	if err != nil {
		return err
	}
	summary := r.PostFormValue("changeSummary")
	v, err := s.app.NewDocumentVersion(r.Context(), actor(r), d.Document.ID, summary)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderDocument(w, r, errorStatus(err), func(p *documentShowPage) {
			p.NewError = fieldOrMessage(err, "changeSummary")
		})
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Version "+strconv.Itoa(v.Number)+" started from the latest one. Edit it, then send it for review.")
	http.Redirect(w, r, versionPath(d.Document.ID, v.Number), http.StatusSeeOther)
	return nil
}

// handleVersionSubmit sends a draft to the approvers chosen.
func (s *Server) handleVersionSubmit(w http.ResponseWriter, r *http.Request) error {
	v, doc, err := s.findVersion(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return isms.Errorf(isms.Invalid, "The form could not be read; reload the page and try again.")
	}
	var ids []isms.ID
	for _, id := range r.PostForm["approvers"] {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, isms.ID(id))
		}
	}
	note := r.PostFormValue("note")
	if len(ids) == 0 {
		err = isms.Problems{"approvers": "Choose at least one approver."}.Err()
	} else {
		_, err = s.app.SubmitDocumentVersion(r.Context(), actor(r), v.ID, ids, note)
	}
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderVersion(w, r, errorStatus(err), &versionEdit{Draft: v.Body, Summary: v.ChangeSummary,
			Approvers: ids, Note: note, SubmitErr: err})
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", doc.Ref+" v"+strconv.Itoa(v.Number)+" sent for review. It is in force once every approver has approved it.")
	http.Redirect(w, r, documentPath(doc.ID), http.StatusSeeOther)
	return nil
}

// handleVersionFile sends the file of a version whose body is a file.
func (s *Server) handleVersionFile(w http.ResponseWriter, r *http.Request) error {
	v, _, err := s.findVersion(r)
	if err != nil {
		return err
	}
	return s.serveVersionFile(w, r, v.ID)
}

// serveVersionFile sends the file of version id as an attachment.
func (s *Server) serveVersionFile(w http.ResponseWriter, r *http.Request, id isms.ID) error {
	rc, v, err := s.app.OpenDocumentFile(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", downloadType(v.MediaType))
	h.Set("Content-Disposition", attachment(v.FileName))
	if v.FileSize > 0 {
		h.Set("Content-Length", strconv.FormatInt(v.FileSize, 10))
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	if v.FileSHA256 != "" {
		h.Set("ETag", `"`+v.FileSHA256+`"`)
	}
	w.WriteHeader(http.StatusOK)
	if _, err := io.Copy(w, rc); err != nil {
		s.log.Error("document file download aborted", "request_id", state(r).id, "version", id, "err", err)
	}
	return nil
}

// serveDocumentPDF sends version n of document {id} as a PDF named after
// the document and version: DOC-3-v2.pdf.
func (s *Server) serveDocumentPDF(w http.ResponseWriter, r *http.Request, n string) error {
	num, err := versionNumber(n)
	if err != nil {
		return err
	}
	_, doc, err := s.app.FindDocumentVersion(r.Context(), actor(r), r.PathValue("id"), num)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.app.DocumentPDF(r.Context(), actor(r), doc.ID, num, &buf); err != nil {
		return err
	}
	return sendFile(w, "application/pdf", doc.Ref+"-v"+strconv.Itoa(num)+".pdf", &buf)
}

// diffRow is a line of a comparison.
type diffRow struct {
	report.DiffLine
	Class, Sign string
}

type comparePage struct {
	basePage
	Doc      *isms.Document
	From, To int
	Numbers  []int
	Rows     []diffRow
	Added    int
	Removed  int
	Same     bool
}

func (s *Server) handleDocumentCompare(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ReadISMS, "You may not compare document versions."); err != nil {
		return err
	}
	d, err := s.documentID(r)
	if err != nil {
		return err
	}
	doc := d.Document
	p := &comparePage{Doc: doc, From: formInt(r, "from"), To: formInt(r, "to")}
	p.Title = "Compare versions of " + doc.Ref
	for _, v := range d.Versions {
		p.Numbers = append(p.Numbers, v.Number)
	}
	if p.To == 0 && d.Latest != nil {
		p.To = d.Latest.Number
	}
	if p.From == 0 {
		p.From = max(p.To-1, 1)
	}
	if len(p.Numbers) > 1 {
		lines, err := s.app.CompareDocumentVersions(r.Context(), a, doc.ID, p.From, p.To)
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
	return s.render(w, r, http.StatusOK, "document_compare", p)
}

type printPage struct {
	basePage
	Doc     *isms.Document
	V       *isms.DocumentVersion
	Body    template.HTML
	Printed string
}

// handleDocumentPrint shows a version ready to print: the version given
// as ?version=, else the one in force, else the latest.
func (s *Server) handleDocumentPrint(w http.ResponseWriter, r *http.Request) error {
	d, err := s.documentID(r)
	if err != nil {
		return err
	}
	n := formInt(r, "version")
	switch {
	case n > 0:
	case d.InForce != nil:
		n = d.InForce.Number
	case d.Latest != nil:
		n = d.Latest.Number
	default:
		return isms.Errorf(isms.NotFound, "This document has no version to print yet.")
	}
	v, doc, err := s.app.FindDocumentVersion(r.Context(), actor(r), string(d.Document.ID), n)
	if err != nil {
		return err
	}
	p := &printPage{Doc: doc, V: v, Printed: fmtDateTime(s.app.Now())}
	if v.Format == isms.BodyMarkdown {
		p.Body = markdownHTML(v.Body)
	}
	p.Title = doc.Ref + " v" + strconv.Itoa(n) + " " + doc.Title
	return s.render(w, r, http.StatusOK, "document_print", p)
}

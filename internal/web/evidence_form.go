// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The evidence forms: a new item (with its first file), a new file
// version, and the edit form. The first two are multipart forms posted to
// an address that carries the CSRF token, as checkCSRF never reads an
// upload's body; drag and drop with a progress bar is app.js's work.

// dateValue reads field as YYYY-MM-DD ("" is the zero date), recording a
// problem in p.
func dateValue(v url.Values, field string, p isms.Problems) isms.Date {
	d, err := isms.ParseDate(strings.TrimSpace(v.Get(field)))
	if err != nil {
		p.Add(field, "Enter the date as YYYY-MM-DD.")
	}
	return d
}

// daysValue reads a validity period: a number of days, "365" or "365d"
// ("" is none), recording a problem in p.
func daysValue(v url.Values, field string, p isms.Problems) int {
	s := strings.TrimSuffix(strings.TrimSpace(v.Get(field)), "d")
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		p.Add(field, "Enter the validity period as a number of days, such as 365.")
	}
	return n
}

// linksValue reads links written as "type:id", separated by commas, spaces
// or lines, recording the first bad one in p.
func linksValue(values []string, field string, p isms.Problems) []isms.Link {
	var out []isms.Link
	for _, v := range values {
		for _, s := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' || r == ' ' || r == '\t' }) {
			l, err := isms.ParseLink(s)
			if err != nil {
				p.Add(field, isms.ErrorMessage(err))
				continue
			}
			out = append(out, l)
		}
	}
	return out
}

// evidenceInput reads a new item from form values as source, recording
// the values it cannot read in p.
func evidenceInput(v url.Values, source isms.EvidenceSource, p isms.Problems) app.EvidenceInput {
	return app.EvidenceInput{Title: v.Get("title"), Description: v.Get("description"), Kind: isms.EvidenceKind(v.Get("kind")),
		URL: v.Get("url"), Note: v.Get("note"), OwnerID: isms.ID(v.Get("owner")), Source: source,
		CollectedOn: dateValue(v, "collectedOn", p), ValidUntil: dateValue(v, "validUntil", p),
		ValidityDays: daysValue(v, "validityDays", p), Links: linksValue(v["links"], "links", p)}
}

// memberOptions lists the organization's active members who may own
// evidence, for a select, with an empty first option.
func (s *Server) memberOptions(r *http.Request, empty string) ([][2]string, error) {
	members, _, err := s.app.FindMembers(r.Context(), actor(r), isms.MemberFilter{Status: "active", Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	opts := [][2]string{{"", empty}}
	for _, m := range members {
		if m.Role.Allows(isms.EditEvidence) {
			opts = append(opts, [2]string{string(m.User.ID), m.User.Name})
		}
	}
	return opts, nil
}

// uploadAction is the address of a multipart form: path with the
// session's CSRF token, which checkCSRF takes from the query for uploads.
func uploadAction(path, csrf string) string {
	return path + "?" + url.Values{"csrf": {csrf}}.Encode()
}

// evidenceNewPage is the form for a new item and its first file.
type evidenceNewPage struct {
	basePage
	Form      formView
	FileError string
	MaxUpload int64
	MaxText   string
}

func kindOptions() [][2]string {
	return [][2]string{{"file", "File: a document, export, screenshot or scan"}, {"link", "Link: a page kept elsewhere"}, {"note", "Note: a written statement"}}
}

// newEvidenceForm is the form for a new item with the values v.
func (s *Server) newEvidenceForm(r *http.Request, v url.Values) (formView, error) {
	owners, err := s.memberOptions(r, "Nobody yet")
	if err != nil {
		return formView{}, err
	}
	kind := v.Get("kind")
	if kind == "" {
		kind = string(isms.EvidenceKindFile)
	}
	return formView{Action: "/evidence", Submit: "Add evidence", Cancel: "/evidence",
		Fields: []fieldView{
			text("title", "Title", v.Get("title")).required().help("What it shows, such as “Backup restore test, March 2026”."),
			selectField("kind", "Kind", kind, kindOptions()),
			text("description", "Description", v.Get("description")).kind("textarea"),
			text("url", "Web address", v.Get("url")).kind("url").help("For a link: https://… Only http and https addresses are accepted."),
			text("note", "Note", v.Get("note")).kind("textarea").help("For a note: the statement itself, such as who checked what and when."),
			selectField("owner", "Owner", v.Get("owner"), owners).help("Who keeps it current: they get a task to renew it before it expires."),
			text("collectedOn", "Collected on", v.Get("collectedOn")).kind("date").help("Empty means today."),
			text("validUntil", "Valid until", v.Get("validUntil")).kind("date").help("The last day it proves anything; empty if it does not expire."),
			text("validityDays", "Or valid for (days)", v.Get("validityDays")).kind("number").help("Instead of a date: counted from the collection date, again for every new file version."),
			text("links", "Supports", strings.Join(v["links"], ", ")).help("Records it proves, as type:ID separated by commas, such as organization:" + string(actor(r).OrgID) + ". Types: " + strings.Join(app.LinkTypes(), ", ") + "."),
		}}, nil
}

func (s *Server) renderEvidenceNew(w http.ResponseWriter, r *http.Request, status int, v url.Values, err error) error {
	form, ferr := s.newEvidenceForm(r, v)
	if ferr != nil {
		return ferr
	}
	form.Action = uploadAction("/evidence", s.csrfToken(w, r))
	form.withErrors(err)
	p := &evidenceNewPage{Form: form, MaxUpload: s.app.MaxUpload(), MaxText: byteText(s.app.MaxUpload())}
	p.FileError = form.Errors[fileField]
	if p.FileError == "" && errorStatus(err) == http.StatusRequestEntityTooLarge {
		p.FileError = isms.ErrorMessage(err)
	}
	p.Title = "Add evidence"
	return s.render(w, r, status, "evidence_new", p)
}

func (s *Server) handleEvidenceNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditEvidence, "You may not add evidence."); err != nil {
		return err
	}
	v := url.Values{}
	if l := r.URL.Query().Get("link"); l != "" {
		v.Set("links", l)
	}
	if k := r.URL.Query().Get("kind"); k != "" {
		v.Set("kind", k)
	}
	return s.renderEvidenceNew(w, r, http.StatusOK, v, nil)
}

// handleEvidenceCreate reads the multipart form field by field and streams
// its file to the store.
func (s *Server) handleEvidenceCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditEvidence, "You may not add evidence."); err != nil {
		return err
	}
	var values url.Values
	var created *isms.Evidence
	err := s.readUpload(w, r, func(parts uploadParts, file *app.FileInput) error {
		values = parts.Values
		p := isms.Problems{}
		in := evidenceInput(values, isms.EvidenceSourceUpload, p)
		if len(p) > 0 {
			return mergeFieldErrors(p, s.app.ValidateEvidence(r.Context(), actor(r), in, file != nil))
		}
		var err error
		created, err = s.app.CreateEvidence(r.Context(), actor(r), in, file)
		return err
	})
	if status := errorStatus(err); isms.ErrorFields(err) != nil || status == http.StatusRequestEntityTooLarge {
		return s.renderEvidenceNew(w, r, status, values, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Evidence added.")
	http.Redirect(w, r, "/evidence/"+string(created.ID), http.StatusSeeOther)
	return nil
}

// mergeFieldErrors adds the field problems of err to p and returns them
// together; an error without fields wins as it is.
func mergeFieldErrors(p isms.Problems, err error) error {
	if err != nil && isms.ErrorFields(err) == nil {
		return err
	}
	for f, msg := range isms.ErrorFields(err) {
		p.Add(f, msg)
	}
	return p.Err()
}

// handleEvidenceVersion uploads a new file version from the item's page.
func (s *Server) handleEvidenceVersion(w http.ResponseWriter, r *http.Request) error {
	id := pathID(r)
	if err := s.app.Authorize(actor(r), isms.EditEvidence, "You may not upload evidence."); err != nil {
		return err
	}
	err := s.readUpload(w, r, func(parts uploadParts, file *app.FileInput) error {
		p := isms.Problems{}
		in := app.VersionInput{CollectedOn: dateValue(parts.Values, "collectedOn", p), ValidUntil: dateValue(parts.Values, "validUntil", p)}
		if file == nil {
			p.Add(fileField, "Choose the file of the new version.")
		}
		if err := p.Err(); err != nil {
			return err
		}
		_, err := s.app.AddEvidenceVersion(r.Context(), actor(r), id, in, *file)
		return err
	})
	if status := errorStatus(err); isms.ErrorFields(err) != nil || status == http.StatusRequestEntityTooLarge || isCode(err, isms.Conflict) {
		return s.renderEvidence(w, r, status, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "New version uploaded; the previous one is kept.")
	http.Redirect(w, r, "/evidence/"+string(id), http.StatusSeeOther)
	return nil
}

// evidenceEditForm is the edit form of e with the values v.
func (s *Server) evidenceEditForm(r *http.Request, e *isms.Evidence, v url.Values) (formView, error) {
	owners, err := s.memberOptions(r, "Nobody")
	if err != nil {
		return formView{}, err
	}
	fields := []fieldView{
		text("title", "Title", v.Get("title")).required(),
		text("description", "Description", v.Get("description")).kind("textarea"),
	}
	switch e.Kind {
	case isms.EvidenceKindLink:
		fields = append(fields, text("url", "Web address", v.Get("url")).kind("url").required())
	case isms.EvidenceKindNote:
		fields = append(fields, text("note", "Note", v.Get("note")).kind("textarea").required())
	}
	fields = append(fields,
		selectField("owner", "Owner", v.Get("owner"), owners),
		text("collectedOn", "Collected on", v.Get("collectedOn")).kind("date").required(),
		text("validUntil", "Valid until", v.Get("validUntil")).kind("date").help("Empty if it does not expire, or when a validity period is set."),
		text("validityDays", "Or valid for (days)", v.Get("validityDays")).kind("number").help("Counted from the collection date; empty for none."),
	)
	return formView{Action: "/evidence/" + string(e.ID), Submit: "Save evidence", Cancel: "/evidence/" + string(e.ID),
		Hidden: map[string]string{"version": v.Get("version")}, Fields: fields}, nil
}

// evidenceValues are the form values of e as stored.
func evidenceValues(e *isms.Evidence) url.Values {
	v := url.Values{"title": {e.Title}, "description": {e.Description}, "url": {e.URL}, "note": {e.Note},
		"owner": {string(e.OwnerID)}, "collectedOn": {e.CollectedOn.String()}, "version": {itoa(e.Version)}}
	if e.ValidityDays > 0 {
		v.Set("validityDays", itoa(e.ValidityDays))
	} else {
		v.Set("validUntil", e.ValidUntil.String())
	}
	return v
}

func (s *Server) renderEvidenceEdit(w http.ResponseWriter, r *http.Request, status int, e *isms.Evidence, v url.Values, err error) error {
	form, ferr := s.evidenceEditForm(r, e, v)
	if ferr != nil {
		return ferr
	}
	form.withErrors(err)
	p := &formPage{Form: form, Lede: "Files are not edited: upload a new version on the evidence page; every version is kept."}
	p.Title = "Edit evidence: " + e.Title
	return s.render(w, r, status, "form", p)
}

func (s *Server) handleEvidenceEdit(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditEvidence, "You may not change evidence."); err != nil {
		return err
	}
	d, err := s.app.FindEvidenceDetail(r.Context(), actor(r), pathID(r))
	if err != nil {
		return err
	}
	return s.renderEvidenceEdit(w, r, http.StatusOK, d.Evidence, evidenceValues(d.Evidence), nil)
}

func (s *Server) handleEvidenceUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return isms.Errorf(isms.Invalid, "The form could not be read.")
	}
	v := r.PostForm
	p := isms.Problems{}
	title, desc, link, note, owner := v.Get("title"), v.Get("description"), v.Get("url"), v.Get("note"), isms.ID(v.Get("owner"))
	collected, until, days := dateValue(v, "collectedOn", p), dateValue(v, "validUntil", p), daysValue(v, "validityDays", p)
	upd := isms.EvidenceUpdate{Title: &title, Description: &desc, OwnerID: &owner, CollectedOn: &collected,
		ValidUntil: &until, ValidityDays: &days, Version: formInt(r, "version")}
	if v.Has("url") {
		upd.URL = &link
	}
	if v.Has("note") {
		upd.Note = &note
	}
	if !until.IsZero() && days > 0 {
		p.Add("validUntil", "Give a valid-until date or a validity period, not both.")
	}
	var err error
	if err = p.Err(); err == nil {
		_, err = s.app.UpdateEvidence(r.Context(), actor(r), pathID(r), upd)
	}
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		d, derr := s.app.FindEvidenceDetail(r.Context(), actor(r), pathID(r))
		if derr != nil {
			return derr
		}
		return s.renderEvidenceEdit(w, r, statusOf(isms.ErrorCode(err)), d.Evidence, v, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Evidence saved.")
	http.Redirect(w, r, "/evidence/"+string(pathID(r)), http.StatusSeeOther)
	return nil
}

// byteText writes n bytes for people: "100 MiB", "1.5 KiB", "12 bytes".
func byteText(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " bytes"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	suffix := " " + string("KMGTPE"[exp]) + "iB"
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10) + suffix
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + suffix
}

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

// The document form: new (metadata and the first version's body, written
// in Markdown, started from a template, or uploaded as a file) and edit
// (metadata only; the body changes through versions). The new form is a
// multipart form so that it can carry a file; its text fields come first.

// documentFormValues is what the document form shows and sends.
type documentFormValues struct {
	In         app.DocumentInput
	OwnerTyped string // an e-mail address typed in a large organization
	Clauses    string // separated by commas
	Links      string
	People     string
	Body       app.DocumentBodyInput
	Template   string // the template the body was started from
	Version    int    // 0 for a new document
}

// roleCheck is a role of the audience checkboxes.
type roleCheck struct {
	Value, Label string
	Checked      bool
}

// templateOption is a starter template in the picker.
type templateOption struct {
	Key, Label string
	Selected   bool
}

type documentFormPage struct {
	basePage
	Lede        string
	Form        formView // action, hidden fields, errors; Fields are the general ones
	External    []fieldView
	Values      documentFormValues
	Roles       []roleCheck
	New         bool
	Templates   []templateOption
	BodyField   fieldView
	Summary     fieldView
	PeopleField fieldView
	FileError   string
	MaxUpload   int64
	MaxText     string
	AudienceEr  string
}

// documentClassOptions lists the classifications of a document for a
// select: every document is classified.
func documentClassOptions() [][2]string { return classificationOptions("")[1:] }

// documentFields are the form's general fields for v, owner its owner field.
func documentFields(v documentFormValues, owner fieldView) []fieldView {
	in := v.In
	return []fieldView{
		text("ref", "Reference", in.Ref).help("Your own reference, such as DOC-3 or POL-ACCESS. Leave empty for the next free DOC-number."),
		text("title", "Title", in.Title).required().help("Such as \u201cInformation security policy\u201d."),
		selectField("type", "Type", in.Type, documentTypeOptions("")).required(),
		text("description", "Description", in.Description).kind("textarea").help("What the document covers and for whom."),
		owner.help("Who answers for the document: keeps it current and reviews it."),
		selectField("classification", "Classification", in.Classification, documentClassOptions()).
			help("Shown on every page and export of the document. A restricted document is read only by its audience, its owner, administrators, ISMS managers and auditors."),
		text("reviewMonths", "Review every (months)", in.ReviewMonths).kind("number").help("0 or empty: no review cycle. Policies are usually reviewed every 12 months."),
		text("nextReview", "Next review", in.NextReview).kind("date").help("YYYY-MM-DD. Set when a version is approved: the approval date plus the review interval."),
		text("clauses", "Clauses and controls", v.Clauses).help("The ISO/IEC 27001 clauses or Annex A controls it serves, separated by commas: 5.2, A.5.1."),
		text("links", "Related records", v.Links).help("Records it relates to, as type:reference separated by commas: control:C-3, risk:R-2."),
	}
}

// externalFields are the fields of a document of external origin.
func externalFields(v documentFormValues) []fieldView {
	return []fieldView{
		text("source", "Source", v.In.Source).help("For an external document: the law, standard or supplier it comes from."),
		text("externalVersion", "External version", v.In.ExternalVersion).help("Its own version or date, such as 2016/679 or 2022."),
	}
}

// documentForm returns the form page for v and the problems of err.
func (s *Server) documentForm(w http.ResponseWriter, r *http.Request, v documentFormValues, err error) (*documentFormPage, error) {
	owner, ferr := s.ownerField(r, "Owner", isms.ID(v.In.OwnerID), v.OwnerTyped)
	if ferr != nil {
		return nil, ferr
	}
	p := &documentFormPage{Values: v, New: v.Version == 0, External: externalFields(v),
		Form: formView{Action: "/documents", Submit: "Create document", Cancel: "/documents", Fields: documentFields(v, owner)}}
	if p.New {
		p.Form.Action = uploadAction("/documents", s.csrfToken(w, r))
		p.MaxUpload, p.MaxText = s.app.MaxUpload(), byteText(s.app.MaxUpload())
		p.BodyField = text("body", "Text (Markdown)", v.Body.Markdown).kind("textarea").
			help("Headings start with #, lists with - or 1. Leave empty when you upload the document as a file below.")
		p.Summary = text("changeSummary", "Change summary", v.Body.ChangeSummary).help("What this first version is, such as \u201cFirst issue\u201d.")
		for _, t := range app.DocumentTemplates() {
			p.Templates = append(p.Templates, templateOption{Key: t.Key, Label: t.Title, Selected: t.Key == v.Template})
		}
	} else {
		base := documentPath(pathID(r))
		p.Form.Action, p.Form.Submit, p.Form.Cancel = base, "Save document", base
		p.Form.Hidden = map[string]string{"version": strconv.Itoa(v.Version)}
	}
	for _, role := range isms.Roles {
		c := roleCheck{Value: string(role), Label: role.Label()}
		for _, x := range v.In.AudienceRoles {
			c.Checked = c.Checked || x == string(role)
		}
		p.Roles = append(p.Roles, c)
	}
	p.Form.withErrors(err)
	for i := range p.External {
		p.External[i].Error = p.Form.Errors[p.External[i].Name]
	}
	p.PeopleField = text("audiencePeople", "And these people", v.People).help("E-mail addresses of members, separated by commas.")
	p.PeopleField.Error = p.Form.Errors["audiencePeople"]
	p.BodyField.Error, p.Summary.Error = p.Form.Errors["body"], p.Form.Errors["changeSummary"]
	p.FileError, p.AudienceEr = p.Form.Errors[fileField], p.Form.Errors["audience"]
	if p.FileError == "" && errorStatus(err) == http.StatusRequestEntityTooLarge {
		p.FileError = isms.ErrorMessage(err)
	}
	return p, nil
}

// renderDocumentForm renders the document form page.
func (s *Server) renderDocumentForm(w http.ResponseWriter, r *http.Request, status int, v documentFormValues, err error) error {
	p, ferr := s.documentForm(w, r, v, err)
	if ferr != nil {
		return ferr
	}
	p.Title = "New document"
	p.Lede = "A controlled document: its text is written here in Markdown or uploaded as a file, and each version goes through review and approval before it is in force."
	if !p.New {
		p.Title = "Edit document " + v.In.Ref
		p.Lede = "These are the document's details; its text changes through a new version. Changes are recorded in the audit trail."
	}
	return s.render(w, r, status, "document_form", p)
}

func (s *Server) handleDocumentNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.EditDocuments, "You may not create documents."); err != nil {
		return err
	}
	v := documentFormValues{In: app.DocumentInput{Type: string(isms.DocPolicy), Classification: string(isms.ClassInternal),
		ReviewMonths: "12", AudienceEveryone: true}, Body: app.DocumentBodyInput{ChangeSummary: "First issue"}}
	key := r.URL.Query().Get("template")
	if key == "" {
		return s.renderDocumentForm(w, r, http.StatusOK, v, nil)
	}
	for _, t := range app.DocumentTemplates() {
		if t.Key == key {
			v.Template, v.In.Title, v.In.Type, v.Body.Markdown = t.Key, t.Title, string(t.Type), t.Body
			v.In.Clauses, v.Clauses = t.Clauses, strings.Join(t.Clauses, ", ")
			return s.renderDocumentForm(w, r, http.StatusOK, v, nil)
		}
	}
	return s.renderDocumentForm(w, r, http.StatusUnprocessableEntity, v,
		isms.Problems{"template": "There is no template " + strconv.Quote(key) + "; choose one from the list."}.Err())
}

// documentValues reads the document form's fields from vals.
func documentValues(vals url.Values) documentFormValues {
	f := func(name string) string { return vals.Get(name) }
	t := func(name string) string { return strings.TrimSpace(vals.Get(name)) }
	v := documentFormValues{In: app.DocumentInput{Ref: f("ref"), Title: f("title"), Type: t("type"), Description: f("description"),
		Classification: t("classification"), ReviewMonths: t("reviewMonths"), NextReview: t("nextReview"),
		Source: f("source"), ExternalVersion: f("externalVersion"), External: truthy(f("external")),
		AudienceEveryone: truthy(f("audienceEveryone")), AudienceRoles: vals["audienceRoles"]},
		Clauses: f("clauses"), Links: f("links"), People: f("audiencePeople"), Template: t("template"),
		Body: app.DocumentBodyInput{Markdown: f("body"), ChangeSummary: f("changeSummary")}}
	v.Version, _ = strconv.Atoi(t("version"))
	v.In.Clauses, v.In.Links, v.In.AudiencePeople = refList(v.Clauses), refList(v.Links), refList(v.People)
	if v.In.AudienceRoles == nil {
		v.In.AudienceRoles = []string{}
	}
	if owner := t("owner"); strings.Contains(owner, "@") {
		v.OwnerTyped = owner
	} else {
		v.In.OwnerID = owner
	}
	return v
}

// resolveDocumentOwner sets v's owner from a typed e-mail address; it
// returns the problem when no member has it.
func (s *Server) resolveDocumentOwner(r *http.Request, v *documentFormValues) (string, error) {
	if v.OwnerTyped == "" {
		return "", nil
	}
	id, problem, err := s.resolveOwner(r, v.OwnerTyped)
	v.In.OwnerID = string(id)
	return problem, err
}

// handleDocumentCreate reads the multipart form and creates the document
// with its first version, streaming an uploaded file to the store.
func (s *Server) handleDocumentCreate(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditDocuments, "You may not create documents."); err != nil {
		return err
	}
	var v documentFormValues
	var doc *isms.Document
	err := s.readUpload(w, r, func(parts uploadParts, file *app.FileInput) error {
		v = documentValues(parts.Values)
		problem, err := s.resolveDocumentOwner(r, &v)
		if err != nil || problem != "" {
			return ownerProblem(err, problem)
		}
		body := v.Body
		body.File = file
		doc, _, err = s.app.CreateDocument(r.Context(), a, v.In, body)
		return err
	})
	if status := errorStatus(err); isms.ErrorFields(err) != nil || status == http.StatusRequestEntityTooLarge {
		return s.renderDocumentForm(w, r, status, v, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Document "+doc.Ref+" created with its first draft. Send it for review when it is ready.")
	http.Redirect(w, r, documentPath(doc.ID), http.StatusSeeOther)
	return nil
}

// documentEditValues returns the form values of d as stored.
func documentEditValues(d *app.DocumentDetail) documentFormValues {
	doc := d.Document
	in := app.DocumentInput{Ref: doc.Ref, Title: doc.Title, Type: string(doc.Type), Description: doc.Description,
		OwnerID: string(doc.OwnerID), Classification: string(doc.Classification), NextReview: doc.NextReview.String(),
		Source: doc.Source, ExternalVersion: doc.ExternalVersion, External: doc.External,
		AudienceEveryone: doc.Audience.Everyone, Clauses: doc.Clauses}
	if doc.ReviewMonths > 0 {
		in.ReviewMonths = strconv.Itoa(doc.ReviewMonths)
	}
	for _, role := range doc.Audience.Roles {
		in.AudienceRoles = append(in.AudienceRoles, string(role))
	}
	for _, id := range doc.Audience.People {
		in.AudiencePeople = append(in.AudiencePeople, string(id))
	}
	v := documentFormValues{In: in, Version: doc.Version, Clauses: strings.Join(doc.Clauses, ", "),
		People: strings.Join(in.AudiencePeople, ", ")}
	var links []string
	for _, l := range d.Links {
		links = append(links, l.Type+":"+string(l.ID))
	}
	v.Links = strings.Join(links, ", ")
	return v
}

func (s *Server) handleDocumentEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditDocuments, "You may not edit documents."); err != nil {
		return err
	}
	d, err := s.documentID(r)
	if err != nil {
		return err
	}
	return s.renderDocumentForm(w, r, http.StatusOK, documentEditValues(d), nil)
}

func (s *Server) handleDocumentUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return isms.Errorf(isms.Invalid, "The form could not be read; reload the page and try again.")
	}
	v := documentValues(r.PostForm)
	problem, err := s.resolveDocumentOwner(r, &v)
	if err != nil {
		return err
	}
	var doc *isms.Document
	if problem == "" {
		doc, err = s.app.UpdateDocument(r.Context(), actor(r), pathID(r), v.Version, v.In)
	}
	if problem != "" || isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		status := errorStatus(err)
		if problem != "" {
			status = http.StatusUnprocessableEntity
		}
		return s.renderDocumentForm(w, r, status, v, ownerProblem(err, problem))
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Document "+doc.Ref+" saved.")
	http.Redirect(w, r, documentPath(doc.ID), http.StatusSeeOther)
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

// The document register (27001 7.5) and the document's page: its
// classification above everything, its versions, the version in force
// rendered, its links, its reviews and what may be done with it.

func init() {
	addPhrases(map[string]string{
		"document.create": "created a document", "support.import": "loaded the support records", "document.update": "changed a document", "document.review": "reviewed a document: no change",
		"document.retire": "retired a document", "document_version.create": "started a document version",
		"document_version.save": "saved a document draft", "document_version.submit": "sent a document version for review",
		"document_version.approve": "approved a document version", "document_version.return": "returned a document version to draft",
		"document_version.supersede": "superseded a document version", "document_version.retire": "retired a document version",
		"document_version.dispose": "disposed of a document version", "retention_rule.set": "set a retention period",
	})
}

var documentColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "title", Label: "Document"}, {Key: "type", Label: "Type"},
	{Key: "owner", Label: "Owner"}, {Label: "Classification"}, {Key: "status", Label: "Status"},
	{Label: "In force"}, {Key: "nextReview", Label: "Next review"}, {Key: "updated", Label: "Updated"},
}

// documentRecord is a document's row in an export.
func documentRecord(today isms.Date) func(d *isms.Document) []string {
	return func(d *isms.Document) []string {
		inForce := ""
		if d.ApprovedNumber > 0 {
			inForce = "v" + strconv.Itoa(d.ApprovedNumber)
		}
		next := d.NextReview.String()
		if d.ReviewOverdue(today) {
			next += " (overdue)"
		}
		return []string{d.Ref, d.Title, d.Type.Label(), d.OwnerName, classificationLabel(d.Classification),
			documentStatusLabel(d), inForce, next, d.UpdatedAt.UTC().Format("2006-01-02 15:04")}
	}
}

// documentStatusLabel is a document's status in words: its latest
// version's, or retired.
func documentStatusLabel(d *isms.Document) string {
	if d.Retired {
		return "Retired"
	}
	return d.Status.Label()
}

// documentFilterView is the register's filters as the URL gives them.
type documentFilterView struct {
	Type, Owner, Status, External, Search string
	Overdue, Retired                      bool
}

type documentListPage struct {
	basePage
	List     *listResult[*isms.Document]
	Filter   documentFilterView
	Types    [][2]string
	Statuses [][2]string
	Today    isms.Date
	CanEdit  bool
	CanRead  bool // reads the whole register, not only what is published to them
}

// documentFilter reads the register's filters from the URL: type, owner
// (an e-mail address, "me" or a user ID), status, overdue, external
// ("yes" or "no"), retired and q. Every problem is reported at once.
func (s *Server) documentFilter(r *http.Request) (isms.DocumentFilter, documentFilterView, error) {
	q := r.URL.Query()
	v := documentFilterView{Type: q.Get("type"), Owner: q.Get("owner"), Status: q.Get("status"), External: q.Get("external"),
		Search: q.Get("q"), Overdue: truthy(q.Get("overdue")), Retired: truthy(q.Get("retired"))}
	f := isms.DocumentFilter{Search: v.Search, Type: isms.DocumentType(v.Type), Status: isms.VersionStatus(v.Status),
		ReviewOverdue: v.Overdue, Retired: v.Retired, Today: isms.DateOf(s.app.Now())}
	p := isms.Problems{}
	if f.Type != "" && !f.Type.Valid() {
		p.Add("type", "Type must be one of "+strings.Join(enumStrings(isms.DocumentTypes...), ", ")+".")
	}
	if f.Status != "" && !validVersionStatus(f.Status) {
		p.Add("status", "Status must be one of draft, in_review, approved, superseded, retired.")
	}
	switch strings.ToLower(v.External) {
	case "":
	case "yes", "true":
		t := true
		f.External = &t
	case "no", "false":
		t := false
		f.External = &t
	default:
		p.Add("external", "External must be yes or no.")
	}
	if err := s.ownerFilter(r, v.Owner, &f.OwnerID, p); err != nil {
		return f, v, err
	}
	return f, v, p.Err()
}

// versionStatuses lists the version statuses in their order.
var versionStatuses = []isms.VersionStatus{isms.VersionDraft, isms.VersionInReview, isms.VersionApproved,
	isms.VersionSuperseded, isms.VersionRetired}

func validVersionStatus(st isms.VersionStatus) bool {
	for _, x := range versionStatuses {
		if st == x {
			return true
		}
	}
	return false
}

// documentTypeOptions lists the types for a select, after first when set.
func documentTypeOptions(first string) [][2]string {
	var out [][2]string
	if first != "" {
		out = append(out, [2]string{"", first})
	}
	for _, t := range isms.DocumentTypes {
		out = append(out, [2]string{string(t), t.Label()})
	}
	return out
}

// versionStatusOptions lists the statuses for a select, after first.
func versionStatusOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, st := range versionStatuses {
		out = append(out, [2]string{string(st), st.Label()})
	}
	return out
}

func (s *Server) handleDocumentIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, fv, err := s.documentFilter(r)
	if err != nil {
		return err
	}
	today := isms.DateOf(s.app.Now())
	spec := listSpec[*isms.Document]{
		Title: "Documents", Columns: documentColumns, DefaultSort: "ref",
		Fetch: func(q listQuery) ([]*isms.Document, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.FindDocuments(r.Context(), a, f)
		},
		Record: documentRecord(today),
		Filters: func(listQuery) [][2]string {
			yes := func(b bool) string {
				if b {
					return "yes"
				}
				return ""
			}
			return [][2]string{{"Type", fv.Type}, {"Owner", fv.Owner}, {"Status", fv.Status}, {"Review overdue only", yes(fv.Overdue)},
				{"External", fv.External}, {"Including retired", yes(fv.Retired)}, {"Search", fv.Search}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	p := &documentListPage{List: list, Filter: fv, Types: documentTypeOptions("Any type"), Statuses: versionStatusOptions("Any status"),
		Today: today, CanEdit: a.Can(isms.EditDocuments), CanRead: a.Can(isms.ReadISMS)}
	p.Title = "Documents"
	return s.render(w, r, http.StatusOK, "document_index", p)
}

// documentPath is the address of a document's page.
func documentPath(id isms.ID) string { return "/documents/" + url.PathEscape(string(id)) }

// versionPath is the address of version n of a document.
func versionPath(id isms.ID, n int) string { return documentPath(id) + "/versions/" + strconv.Itoa(n) }

// markdownHTML renders Markdown through the sanitizing renderer: the only
// way a document's text becomes HTML on a page.
func markdownHTML(src string) template.HTML {
	return template.HTML(report.MarkdownHTML(src)) // #nosec: sanitized by report.MarkdownHTML
}

// approverOption is a member who may be named an approver of a version.
type approverOption struct {
	ID      isms.ID
	Label   string
	Checked bool
}

// submitView is the form that sends a draft to its approvers.
type submitView struct {
	Action    string
	Approvers []approverOption
	Note      string
	Errors    map[string]string
	Conflict  string
}

// documentApprovers lists the active members, other than the actor, who
// may read d and so may be named its approvers; checked are preselected.
func (s *Server) documentApprovers(r *http.Request, d *isms.Document, checked []isms.ID) ([]approverOption, error) {
	a := actor(r)
	members, _, err := s.app.FindMembers(r.Context(), a, isms.MemberFilter{Status: "active", Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	var out []approverOption
	for _, m := range members {
		if m.User.ID == a.UserID || !m.Role.Allows(isms.ReadISMS) {
			continue
		}
		if d.Classification == isms.ClassRestricted && !mayReadRestricted(d, m) {
			continue
		}
		o := approverOption{ID: m.User.ID, Label: m.User.Name + " (" + m.Role.Label() + ")"}
		for _, id := range checked {
			o.Checked = o.Checked || id == m.User.ID
		}
		out = append(out, o)
	}
	return out, nil
}

// mayReadRestricted reports whether member m may read restricted
// document d: its owner, its audience, administrators, ISMS managers and
// auditors.
func mayReadRestricted(d *isms.Document, m *isms.Member) bool {
	switch m.Role {
	case isms.RoleAdmin, isms.RoleManager, isms.RoleAuditor:
		return true
	}
	return m.User.ID == d.OwnerID || d.Audience.Includes(m.Role, m.User.ID)
}

// submitForm returns the submit form of version v of d with the approvers
// checked and the problems of err.
func (s *Server) docSubmitForm(r *http.Request, d *isms.Document, v *isms.DocumentVersion, checked []isms.ID, note string, err error) (*submitView, error) {
	opts, ferr := s.documentApprovers(r, d, checked)
	if ferr != nil {
		return nil, ferr
	}
	f := &submitView{Action: versionPath(d.ID, v.Number) + "/submit", Approvers: opts, Note: note, Errors: isms.ErrorFields(err)}
	if err != nil && f.Errors == nil {
		f.Conflict = isms.ErrorMessage(err)
	}
	return f, nil
}

// versionRow is a version in the versions table.
type versionRow struct {
	*isms.DocumentVersion
	URL string
}

type documentShowPage struct {
	basePage
	Doc          *isms.Document
	Detail       *app.DocumentDetail
	Versions     []versionRow
	InForce      *isms.DocumentVersion
	Latest       *isms.DocumentVersion
	Body         template.HTML // the version in force, rendered
	Links        []linkView
	Overdue      bool
	Full         bool // reads the whole record, not only the version in force
	CanEdit      bool
	CanReview    bool
	CanAudit     bool
	CanNew       bool // a new version may be started
	Submit       *submitView
	SubmitErr    string
	ReviewNote   string
	ReviewError  string
	RetireReason string
	RetireError  string
	NewError     string
	History      []*isms.AuditEvent
	Linked       *linkedRecords // the records linking to the document
}

func (s *Server) handleDocumentShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderDocument(w, r, http.StatusOK, nil)
}

// renderDocument renders the document's page; with, when set, puts a
// refused action's input and problems back on it.
func (s *Server) renderDocument(w http.ResponseWriter, r *http.Request, status int, with func(p *documentShowPage)) error {
	a := actor(r)
	d, err := s.app.FindDocument(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	doc := d.Document
	p := &documentShowPage{Doc: doc, Detail: d, InForce: d.InForce, Latest: d.Latest, Full: d.CanRead,
		CanEdit: d.CanEdit, CanAudit: a.Can(isms.ReadAuditTrail), Overdue: doc.ReviewOverdue(isms.DateOf(s.app.Now()))}
	p.Title = doc.Ref + " " + doc.Title
	p.CanReview = !doc.Retired && (d.CanEdit || (doc.OwnerID != "" && doc.OwnerID == a.UserID))
	p.CanNew = d.CanEdit && !doc.Retired && d.Latest != nil &&
		d.Latest.Status != isms.VersionDraft && d.Latest.Status != isms.VersionInReview
	if d.InForce != nil && d.InForce.Format == isms.BodyMarkdown {
		p.Body = markdownHTML(d.InForce.Body)
	}
	for _, v := range d.Versions {
		p.Versions = append(p.Versions, versionRow{DocumentVersion: v, URL: versionPath(doc.ID, v.Number)})
	}
	for _, l := range d.Links {
		p.Links = append(p.Links, linkView{ResolvedLink: l, Label: app.LinkLabel(l.Type), URL: recordURL(l.Link)})
	}
	if d.CanEdit && d.Latest != nil && d.Latest.Status == isms.VersionDraft && d.Pending == nil {
		if p.Submit, err = s.docSubmitForm(r, doc, d.Latest, nil, "", nil); err != nil {
			return err
		}
	}
	if with != nil {
		with(p)
	}
	if p.Linked, err = s.linkedPanel(r, isms.Link{Type: "document", ID: doc.ID}); err != nil {
		return err
	}
	if p.CanAudit {
		p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "document", ObjectID: doc.ID, Desc: true, Limit: 20})
		if err != nil {
			return err
		}
	}
	return s.render(w, r, status, "document_show", p)
}

// documentID resolves the {id} of the path, an ID or a reference.
func (s *Server) documentID(r *http.Request) (*app.DocumentDetail, error) {
	return s.app.FindDocument(r.Context(), actor(r), r.PathValue("id"))
}

func (s *Server) handleDocumentReview(w http.ResponseWriter, r *http.Request) error {
	d, err := s.documentID(r)
	if err != nil {
		return err
	}
	note := r.PostFormValue("note")
	rev, err := s.app.ReviewDocumentNoChange(r.Context(), actor(r), d.Document.ID, note)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderDocument(w, r, errorStatus(err), func(p *documentShowPage) {
			p.ReviewNote, p.ReviewError = note, fieldOrMessage(err, "note")
		})
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Review recorded: no change needed. Next review on "+rev.NextReview.String()+".")
	http.Redirect(w, r, documentPath(d.Document.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleDocumentRetire(w http.ResponseWriter, r *http.Request) error {
	d, err := s.documentID(r)
	if err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	err = s.app.RetireDocument(r.Context(), actor(r), d.Document.ID, reason)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderDocument(w, r, errorStatus(err), func(p *documentShowPage) {
			p.RetireReason, p.RetireError = reason, fieldOrMessage(err, "reason")
		})
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Document "+d.Document.Ref+" retired. Its last version is kept until its retention ends.")
	http.Redirect(w, r, documentPath(d.Document.ID), http.StatusSeeOther)
	return nil
}

// fieldOrMessage is the problem of err on field, or its message when it
// names no such field.
func fieldOrMessage(err error, field string) string {
	if msg := isms.ErrorFields(err)[field]; msg != "" {
		return msg
	}
	fields := isms.ErrorFields(err)
	if len(fields) == 1 {
		for _, msg := range fields {
			return msg
		}
	}
	return isms.ErrorMessage(err)
}

// handleVersionRedirect sends the address of a version by its ID, as the
// approvals of versions name them, to the version's page.
func (s *Server) handleVersionRedirect(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	aps, _, err := s.app.FindApprovals(r.Context(), a, isms.ApprovalFilter{ObjectType: "document_version", ObjectID: pathID(r), Limit: 1})
	if err != nil {
		return err
	}
	if len(aps) > 0 {
		// The approval's title is "DOC-3 v2: title".
		label, _, _ := strings.Cut(aps[0].Title, ":")
		if ref, n, ok := strings.Cut(label, " v"); ok {
			if num, err := strconv.Atoi(n); err == nil {
				if _, doc, err := s.app.FindDocumentVersion(r.Context(), a, ref, num); err == nil {
					http.Redirect(w, r, versionPath(doc.ID, num), http.StatusSeeOther)
					return nil
				}
			}
		}
	}
	return isms.Errorf(isms.NotFound, "No such document version in this organization.")
}

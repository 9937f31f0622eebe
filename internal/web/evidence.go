// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The evidence register: the list with its filters and exports, the item's
// page (versions, links, history), downloads, and the partial that shows
// a record's evidence on that record's page.

var evidenceColumns = []column{
	{Key: "title", Label: "Title"}, {Key: "kind", Label: "Kind"}, {Key: "owner", Label: "Owner"},
	{Key: "collected", Label: "Collected"}, {Key: "validUntil", Label: "Valid until"}, {Label: "Freshness"},
	{Label: "Current file"}, {Label: "SHA-256"},
}

// evidenceRecord is an item's row in an export.
func evidenceRecord(e *isms.Evidence) []string {
	file, sha := "", ""
	if e.File != nil {
		file = e.File.FileName + " (version " + itoa(e.File.Version) + ", " + byteText(e.File.Size) + ", " + e.File.MediaType + ")"
		sha = e.File.SHA256
	}
	if e.Kind == isms.EvidenceKindLink {
		file = e.URL
	}
	return []string{e.Title, string(e.Kind), e.OwnerName, e.CollectedOn.String(), e.ValidUntil.String(), string(e.Freshness), file, sha}
}

type evidenceListPage struct {
	basePage
	List      *listResult[*isms.Evidence]
	Filter    url.Values
	LinkTypes [][2]string
	CanEdit   bool
}

// evidenceFilter reads the list's filters from the query, recording bad
// values in p: linked (a record type), record (type:id), owner ("me", a
// member's e-mail address or user ID, resolved with one lookup rather than
// a list of every member), freshness, kind and q.
func (s *Server) evidenceFilter(r *http.Request, p isms.Problems) (isms.EvidenceFilter, error) {
	q := r.URL.Query()
	f := isms.EvidenceFilter{LinkType: q.Get("linked"), Query: q.Get("q"),
		Freshness: isms.Freshness(q.Get("freshness")), Kind: isms.EvidenceKind(q.Get("kind"))}
	switch owner := strings.TrimSpace(q.Get("owner")); owner {
	case "":
	case "me":
		f.OwnerID = actor(r).UserID
	default:
		id, err := s.resolveActor(r, owner)
		if err != nil {
			return f, renameFields(err, map[string]string{"actor": "owner"})
		}
		f.OwnerID = id
	}
	if rec := q.Get("record"); rec != "" {
		l, err := isms.ParseLink(rec)
		if err != nil {
			p.Add("record", isms.ErrorMessage(err))
		}
		f.LinkType, f.LinkID = l.Type, l.ID
	}
	if f.Freshness != "" && !f.Freshness.Valid() {
		p.Add("freshness", "Freshness must be one of current, expiring, expired, missing.")
	}
	if f.Kind != "" && !f.Kind.Valid() {
		p.Add("kind", "Kind must be one of file, link, note.")
	}
	return f, p.Err()
}

func (s *Server) handleEvidenceIndex(w http.ResponseWriter, r *http.Request) error {
	f, err := s.evidenceFilter(r, isms.Problems{})
	if err != nil {
		return err
	}
	spec := listSpec[*isms.Evidence]{
		Title: "Evidence", Columns: evidenceColumns, DefaultSort: "title",
		Fetch: func(lq listQuery) ([]*isms.Evidence, int, error) {
			f.Sort, f.Limit, f.Offset = lq.Sort, lq.Limit, lq.Offset
			return s.app.FindEvidence(r.Context(), actor(r), f)
		},
		Record: evidenceRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Linked to", strings.TrimSuffix(f.LinkType+":"+string(f.LinkID), ":")}, {"Owner", string(f.OwnerID)},
				{"Freshness", string(f.Freshness)}, {"Kind", string(f.Kind)}, {"Search", f.Query}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	pg := &evidenceListPage{List: list, Filter: r.URL.Query(),
		CanEdit: actor(r).Can(isms.EditEvidence), LinkTypes: [][2]string{{"", "Any record"}}}
	for _, t := range app.LinkTypes() {
		pg.LinkTypes = append(pg.LinkTypes, [2]string{t, app.LinkLabel(t)})
	}
	pg.Title = "Evidence"
	return s.render(w, r, http.StatusOK, "evidence_index", pg)
}

// evidenceFileView is a file version as the item's page shows it.
type evidenceFileView struct {
	*isms.EvidenceFile
	SizeText string
	URL      string // the download
}

// linkView is a linked record as pages show it.
type linkView struct {
	app.ResolvedLink
	Label string // the kind of record, for people
	URL   string // its page, "" when it has none here
}

// recordURL returns the page of a linked record, or "".
func recordURL(l isms.Link) string { return isms.RecordPath(l) }

type evidenceShowPage struct {
	basePage
	Detail    *app.EvidenceDetail
	Files     []evidenceFileView
	Links     []linkView
	CanEdit   bool
	Upload    formView
	UploadErr string
	LinkForm  formView
	MaxUpload int64
	MaxText   string
}

func (s *Server) handleEvidenceShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderEvidence(w, r, http.StatusOK, nil)
}

// renderEvidence renders the item's page; formErr is the error of the
// upload or link form it shows again.
func (s *Server) renderEvidence(w http.ResponseWriter, r *http.Request, status int, formErr error) error {
	a := actor(r)
	d, err := s.app.FindEvidenceDetail(r.Context(), a, pathID(r))
	if err != nil {
		return err
	}
	e := d.Evidence
	p := &evidenceShowPage{Detail: d, CanEdit: a.Can(isms.EditEvidence), MaxUpload: s.app.MaxUpload(), MaxText: byteText(s.app.MaxUpload())}
	p.Title = e.Title
	base := "/evidence/" + string(e.ID)
	for _, f := range d.Files {
		p.Files = append(p.Files, evidenceFileView{EvidenceFile: f, SizeText: byteText(f.Size), URL: base + "/versions/" + itoa(f.Version) + "/download"})
	}
	for _, l := range d.Links {
		p.Links = append(p.Links, linkView{ResolvedLink: l, Label: app.LinkLabel(l.Type), URL: recordURL(l.Link)})
	}
	uploadFields := []fieldView{text("collectedOn", "Collected on", "").kind("date").help("Empty means today.")}
	if e.ValidityDays == 0 {
		uploadFields = append(uploadFields, text("validUntil", "Valid until", "").kind("date").help("Empty keeps "+orNone(e.ValidUntil.String())+"."))
	}
	p.Upload = formView{Action: uploadAction(base+"/versions", s.csrfToken(w, r)), Submit: "Upload new version", Fields: uploadFields}
	types := [][2]string{{"", "Choose…"}}
	for _, t := range app.LinkTypes() {
		types = append(types, [2]string{t, app.LinkLabel(t)})
	}
	p.LinkForm = formView{Action: base + "/links", Submit: "Link", Fields: []fieldView{
		selectField("type", "Record type", "", types),
		text("record", "Record", "").help("Its ID, or its reference where the module has one."),
	}}
	if formErr != nil {
		fields := isms.ErrorFields(formErr)
		if _, ok := fields["link"]; ok {
			p.LinkForm.withErrors(renameFields(formErr, map[string]string{"link": "record"}))
		} else {
			p.Upload.withErrors(formErr)
			p.UploadErr = fields[fileField]
			if p.UploadErr == "" && fields == nil {
				p.UploadErr = isms.ErrorMessage(formErr)
			}
		}
	}
	return s.render(w, r, status, "evidence_show", p)
}

func orNone(s string) string {
	if s == "" {
		return "no expiry"
	}
	return s
}

func (s *Server) handleEvidenceDownload(w http.ResponseWriter, r *http.Request) error {
	return s.serveEvidenceFile(w, r, pathID(r), r.PathValue("n"))
}

func (s *Server) handleEvidenceLink(w http.ResponseWriter, r *http.Request) error {
	l := isms.Link{Type: strings.TrimSpace(r.PostFormValue("type")), ID: isms.ID(strings.TrimSpace(r.PostFormValue("record")))}
	var err error
	if l.Type == "" || l.ID == "" {
		err = isms.Problems{"link": "Choose the record type and give the record's ID."}.Err()
	} else {
		_, err = s.app.LinkEvidence(r.Context(), actor(r), pathID(r), l)
	}
	if isms.ErrorFields(err) != nil {
		return s.renderEvidence(w, r, statusOf(isms.ErrorCode(err)), err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Linked.")
	http.Redirect(w, r, "/evidence/"+string(pathID(r)), http.StatusSeeOther)
	return nil
}

func (s *Server) handleEvidenceUnlink(w http.ResponseWriter, r *http.Request) error {
	l, err := isms.ParseLink(r.PostFormValue("link"))
	if err != nil {
		return err
	}
	if err := s.app.UnlinkEvidence(r.Context(), actor(r), pathID(r), l); err != nil {
		return err
	}
	s.flash(w, "ok", "Link removed.")
	http.Redirect(w, r, "/evidence/"+string(pathID(r)), http.StatusSeeOther)
	return nil
}

// evidencePanel is what the "evidence-for" partial shows on a record's
// page: the evidence linked to the record, with freshness flags.
type evidencePanel struct {
	Link    isms.Link
	Items   []*isms.Evidence
	Flagged int // expired or missing items
	CanEdit bool
	AddURL  string // a new item linked to the record
	AllURL  string // the list filtered to the record
}

// evidenceFor builds the evidence panel of a record for the request's
// actor; a page that shows it calls this and includes the partial.
func (s *Server) evidenceFor(r *http.Request, l isms.Link) (*evidencePanel, error) {
	a := actor(r)
	if !a.Can(isms.ReadISMS) {
		return nil, nil
	}
	items, err := s.app.EvidenceFor(r.Context(), a, l)
	if err != nil {
		return nil, err
	}
	p := &evidencePanel{Link: l, Items: items, CanEdit: a.Can(isms.EditEvidence),
		AddURL: "/evidence/new?" + url.Values{"link": {l.String()}}.Encode(),
		AllURL: "/evidence?" + url.Values{"record": {l.String()}}.Encode()}
	for _, e := range items {
		if e.Freshness.Flagged() {
			p.Flagged++
		}
	}
	return p, nil
}

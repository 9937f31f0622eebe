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

// External audits: the certification body's audits of the cycle, in a
// register, and each audit's page with its preparation task, findings
// and evidence requests. The form is in external_audit_form.go.

func init() {
	addPhrases(map[string]string{
		"external_audit.create": "planned an external audit", "external_audit.update": "changed an external audit",
		"external_audit.delete": "deleted an external audit",
	})
}

var extAuditColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "kind", Label: "Audit"}, {Label: "Certificate"}, {Key: "start", Label: "Dates"},
	{Key: "status", Label: "Status"}, {Label: "Result"}, {Label: "Findings", Numeric: true},
}

// extAuditSortKeys are the external audit list's sort keys.
var extAuditSortKeys = sortValues("ref", "start", "kind", "status")

// extAuditURL is the address of external audit id's page.
func extAuditURL(id isms.ID) string { return "/external-audits/" + url.PathEscape(string(id)) }

// auditDates are an audit's dates in people's words.
func auditDates(start, end isms.Date) string {
	if end.IsZero() || end == start {
		return start.String()
	}
	return start.String() + " – " + end.String()
}

func extAuditRecord(x *isms.ExternalAudit) []string {
	result := ""
	if x.Status == isms.ExtCompleted {
		result = x.Result.Label()
	}
	return []string{x.Ref, x.Title(), x.CertificateRef, auditDates(x.StartOn, x.EndOn), x.Status.Label(), result, strconv.Itoa(x.Findings)}
}

// extKindOptions lists the kinds of external audit for a select.
func extKindOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, k := range isms.ExternalAuditKinds {
		out = append(out, [2]string{string(k), k.Label()})
	}
	return out
}

// extStatusOptions lists the statuses of external audits for a select.
func extStatusOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, st := range isms.ExternalAuditStatuses {
		out = append(out, [2]string{string(st), st.Label()})
	}
	return out
}

// certificateOptions lists the organization's certificates by ID (or by
// reference, with byRef) for a select.
func (s *Server) certificateOptions(r *http.Request, first string, byRef bool) ([][2]string, error) {
	list, _, err := s.app.ListCertificates(r.Context(), actor(r), isms.CertificateFilter{Sort: "ref", Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	out := [][2]string{{"", first}}
	for _, c := range list {
		v := string(c.ID)
		if byRef {
			v = c.Ref
		}
		out = append(out, [2]string{v, c.Ref + " " + c.Standard + ", " + c.Body})
	}
	return out, nil
}

type extAuditListPage struct {
	basePage
	List         *listResult[*isms.ExternalAudit]
	Filter       struct{ Certificate, Kind, Status, Search string }
	Certificates [][2]string
	Kinds        [][2]string
	Statuses     [][2]string
	CanEdit      bool
}

// readExtAuditFilter reads the list's filters into f.
func (s *Server) readExtAuditFilter(r *http.Request, pg *extAuditListPage, f *isms.ExternalAuditFilter) error {
	q, p := r.URL.Query(), isms.Problems{}
	pg.Filter.Certificate, pg.Filter.Kind, pg.Filter.Status = strings.TrimSpace(q.Get("certificate")), q.Get("kind"), q.Get("status")
	pg.Filter.Search = strings.TrimSpace(q.Get("q"))
	f.Kind, f.Status, f.Search = isms.ExternalAuditKind(pg.Filter.Kind), isms.ExternalAuditStatus(pg.Filter.Status), pg.Filter.Search
	if f.Kind != "" && !f.Kind.Valid() {
		p.Add("kind", "Kind must be stage1, stage2, surveillance, recertification or special.")
	}
	if f.Status != "" && !f.Status.Valid() {
		p.Add("status", "Status must be planned, in_progress, completed or cancelled.")
	}
	if pg.Filter.Certificate != "" {
		v, err := s.app.FindCertificate(r.Context(), actor(r), pg.Filter.Certificate)
		switch {
		case isCode(err, isms.NotFound):
			p.Add("certificate", "There is no certificate "+pg.Filter.Certificate+".")
		case err != nil:
			return err
		default:
			f.CertificateID = v.Certificate.ID
		}
	}
	return p.Err()
}

func (s *Server) handleExtAuditIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	pg := &extAuditListPage{Kinds: extKindOptions("Any kind"), Statuses: extStatusOptions("Any status"), CanEdit: a.Can(isms.ManageCertification)}
	var f isms.ExternalAuditFilter
	if err := s.readExtAuditFilter(r, pg, &f); err != nil {
		return err
	}
	spec := listSpec[*isms.ExternalAudit]{
		Title: "External audits", Columns: extAuditColumns, DefaultSort: "-start",
		Fetch: func(q listQuery) ([]*isms.ExternalAudit, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.ListExternalAudits(r.Context(), a, f)
		},
		Record: extAuditRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Certificate", pg.Filter.Certificate}, {"Kind", pg.Filter.Kind}, {"Status", pg.Filter.Status}, {"Search", pg.Filter.Search}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	if pg.Certificates, err = s.certificateOptions(r, "Any certificate", true); err != nil {
		return err
	}
	pg.List, pg.Title = list, "External audits"
	return s.render(w, r, http.StatusOK, "external_audit_index", pg)
}

type extAuditShowPage struct {
	basePage
	View       *app.ExternalAuditView
	Dates      string
	Today      isms.Date
	CanEdit    bool
	CanDelete  bool
	CanRecord  bool // findings may be recorded now
	CanRequest bool
	CanAudit   bool
	Requests   []requestRow
	// RequestCounts counts the audit's requests by status.
	RequestCounts string
	History       []*isms.AuditEvent
}

func (s *Server) handleExtAuditShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	v, err := s.app.FindExternalAudit(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	x := v.ExternalAudit
	p := &extAuditShowPage{View: v, Dates: auditDates(x.StartOn, x.EndOn), Today: isms.DateOf(s.app.Now()),
		CanEdit: a.Can(isms.ManageCertification), CanRequest: a.Can(isms.RequestEvidence)}
	p.CanDelete = p.CanEdit && len(v.Findings) == 0
	p.CanRecord = a.Can(isms.RecordExternal) && (x.Status == isms.ExtInProgress || x.Status == isms.ExtCompleted)
	p.CanAudit, p.Requests, p.RequestCounts = a.Can(isms.ReadAuditTrail), newRequestRows(v.Requests, p.Today), requestCounts(v.Requests)
	if p.History, err = s.recordHistory(r, "external_audit", x.ID); err != nil {
		return err
	}
	p.Title = x.Ref + " " + x.Title()
	return s.render(w, r, http.StatusOK, "external_audit_show", p)
}

func (s *Server) handleExtAuditDelete(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	v, err := s.app.FindExternalAudit(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	err = s.app.DeleteExternalAudit(r.Context(), a, v.ExternalAudit.ID)
	if isCode(err, isms.Conflict) {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, extAuditURL(v.ExternalAudit.ID), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "External audit "+v.ExternalAudit.Ref+" deleted.")
	http.Redirect(w, r, certificateURL(v.ExternalAudit.CertificateID)+"#cycle", http.StatusSeeOther)
	return nil
}

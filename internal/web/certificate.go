// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Certificates: the register, each certificate's page with the cycle of
// its external audits and those still to plan, and planning the cycle.
// The form is in certificate_form.go.

func init() {
	addPhrases(map[string]string{
		"certificate.create": "recorded a certificate", "certificate.update": "changed a certificate",
		"certificate.delete": "deleted a certificate", "certificate.plan": "planned the certification cycle",
	})
}

var certificateColumns = []column{
	{Key: "ref", Label: "Ref"}, {Label: "Standard"}, {Key: "body", Label: "Certification body"}, {Label: "Number"},
	{Key: "status", Label: "Status"}, {Label: "Issued"}, {Key: "expires", Label: "Expires"}, {Label: "Audits", Numeric: true},
}

// certificateSortKeys are the certificate list's sort keys.
var certificateSortKeys = sortValues("ref", "body", "expires", "status")

// certificateURL is the address of certificate id's page.
func certificateURL(id isms.ID) string { return "/certificates/" + url.PathEscape(string(id)) }

// expiryText says when a certificate expires, seen from today: "in 40
// days", "today", "3 days ago"; "" without an expiry date.
func expiryText(c *isms.Certificate, today isms.Date) string {
	if c.ExpiresOn.IsZero() {
		return ""
	}
	switch n := today.DaysUntil(c.ExpiresOn); {
	case n == 0:
		return "expires today"
	case n == 1:
		return "expires tomorrow"
	case n > 1:
		return "expires in " + strconv.Itoa(n) + " days"
	case n == -1:
		return "expired yesterday"
	default:
		return "expired " + strconv.Itoa(-n) + " days ago"
	}
}

// certificateRow is a certificate as the list shows it.
type certificateRow struct {
	*isms.Certificate
	Expiry string
	Soon   bool // it expires within 90 days, or has expired
}

func newCertificateRow(c *isms.Certificate, today isms.Date) certificateRow {
	soon := !c.ExpiresOn.IsZero() && today.DaysUntil(c.ExpiresOn) <= 90
	return certificateRow{Certificate: c, Expiry: expiryText(c, today), Soon: soon}
}

func certificateRecord(c *isms.Certificate) []string {
	return []string{c.Ref, c.Standard, c.Body, c.CertNumber, c.Status.Label(), c.IssuedOn.String(), c.ExpiresOn.String(), strconv.Itoa(c.Audits)}
}

// certStatusOptions lists the certificate statuses for a select.
func certStatusOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, st := range isms.CertificateStatuses {
		out = append(out, [2]string{string(st), st.Label()})
	}
	return out
}

type certificateListPage struct {
	basePage
	List     *listResult[*isms.Certificate]
	Rows     []certificateRow
	Filter   struct{ Status, Search string }
	Statuses [][2]string
	CanEdit  bool
}

func (s *Server) handleCertificateIndex(w http.ResponseWriter, r *http.Request) error {
	a, q := actor(r), r.URL.Query()
	pg := &certificateListPage{Statuses: certStatusOptions("Any status"), CanEdit: a.Can(isms.ManageCertification)}
	pg.Filter.Status, pg.Filter.Search = q.Get("status"), strings.TrimSpace(q.Get("q"))
	f := isms.CertificateFilter{Status: isms.CertificateStatus(pg.Filter.Status), Search: pg.Filter.Search}
	if f.Status != "" && !f.Status.Valid() {
		return isms.Problems{"status": "Status must be pursuing, active, suspended, withdrawn or expired."}.Err()
	}
	spec := listSpec[*isms.Certificate]{
		Title: "Certificates", Columns: certificateColumns, DefaultSort: "ref",
		Fetch: func(q listQuery) ([]*isms.Certificate, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.ListCertificates(r.Context(), a, f)
		},
		Record: certificateRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Status", pg.Filter.Status}, {"Search", pg.Filter.Search}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	today := isms.DateOf(s.app.Now())
	for _, c := range list.Items {
		pg.Rows = append(pg.Rows, newCertificateRow(c, today))
	}
	pg.List, pg.Title = list, "Certificates"
	return s.render(w, r, http.StatusOK, "certificate_index", pg)
}

// plannedRow is an audit the cycle still calls for.
type plannedRow struct {
	isms.PlannedAudit
	Title string
}

type certificateShowPage struct {
	basePage
	View      *app.CertificateView
	Expiry    string
	Next      []plannedRow
	Stage1    fieldView // the stage 1 date of a certificate being pursued
	PlanError string    // why planning failed, when no field says it
	Pursuing  bool
	CanEdit   bool
	CanDelete bool
	History   []*isms.AuditEvent
	CanAudit  bool
}

func (s *Server) handleCertificateShow(w http.ResponseWriter, r *http.Request) error {
	return s.showCertificate(w, r, http.StatusOK, "", nil)
}

// showCertificate renders the certificate of the path, with the stage 1
// date typed and the problem of a failed plan, if any.
func (s *Server) showCertificate(w http.ResponseWriter, r *http.Request, status int, stage1 string, planErr error) error {
	a := actor(r)
	v, err := s.app.FindCertificate(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	c := v.Certificate
	p := &certificateShowPage{View: v, Expiry: expiryText(c, isms.DateOf(s.app.Now())), CanAudit: a.Can(isms.ReadAuditTrail),
		Pursuing: (c.Status == isms.CertPursuing || c.IssuedOn.IsZero()) && !slices.ContainsFunc(v.Audits, plannedStage1),
		CanEdit:  a.Can(isms.ManageCertification)}
	p.CanDelete = p.CanEdit && len(v.Audits) == 0
	for _, n := range v.Next {
		x := isms.ExternalAudit{Kind: n.Kind, Cycle: n.Cycle, Sequence: n.Sequence}
		p.Next = append(p.Next, plannedRow{PlannedAudit: n, Title: x.Title()})
	}
	p.Stage1 = text("stage1", "Stage 1 audit on", stage1).kind("date").required().
		help("The first day of the stage 1 audit agreed with the body; the stage 2 audit is planned six weeks later.")
	p.Stage1.Error = isms.ErrorFields(planErr)["stage1"]
	if planErr != nil && p.Stage1.Error == "" {
		p.PlanError = isms.ErrorMessage(planErr)
	}
	if p.History, err = s.recordHistory(r, "certificate", c.ID); err != nil {
		return err
	}
	p.Title = c.Ref + " " + c.Standard
	return s.render(w, r, status, "certificate_show", p)
}

// plannedStage1 reports whether x is a stage 1 audit that is not cancelled.
func plannedStage1(x *isms.ExternalAudit) bool {
	return x.Kind == isms.ExtStage1 && x.Status != isms.ExtCancelled
}

// recordHistory returns the latest audit events about a record, for
// those who may read the audit trail; nil for others.
func (s *Server) recordHistory(r *http.Request, objectType string, id isms.ID) ([]*isms.AuditEvent, error) {
	a := actor(r)
	if !a.Can(isms.ReadAuditTrail) {
		return nil, nil
	}
	list, _, err := s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: objectType, ObjectID: id, Desc: true, Limit: 20})
	return list, err
}

// handleCertificatePlan plans the audits the certificate's cycle still
// calls for; a missing or bad stage 1 date shows the page again.
func (s *Server) handleCertificatePlan(w http.ResponseWriter, r *http.Request) error {
	stage1 := strings.TrimSpace(r.PostFormValue("stage1"))
	list, err := s.app.PlanCertificationCycle(r.Context(), actor(r), pathID(r), stage1)
	if isCode(err, isms.Invalid) || isCode(err, isms.Conflict) {
		return s.showCertificate(w, r, statusOf(isms.ErrorCode(err)), stage1, err)
	} else if err != nil {
		return err
	}
	msg := "Nothing to plan: every audit of the cycle is planned."
	if len(list) > 0 {
		refs := make([]string, len(list))
		for i, x := range list {
			refs[i] = x.Ref
		}
		msg = "Planned " + strings.Join(refs, ", ") + ", each with its preparation task."
	}
	s.flash(w, "ok", msg)
	http.Redirect(w, r, certificateURL(pathID(r))+"#cycle", http.StatusSeeOther)
	return nil
}

func (s *Server) handleCertificateDelete(w http.ResponseWriter, r *http.Request) error {
	err := s.app.DeleteCertificate(r.Context(), actor(r), pathID(r))
	if isCode(err, isms.Conflict) {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, certificateURL(pathID(r)), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Certificate deleted.")
	http.Redirect(w, r, "/certificates", http.StatusSeeOther)
	return nil
}

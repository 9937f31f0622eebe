// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Internal audits (ISO/IEC 27001 9.2): the register, each audit's page
// with its status, independence overrides, checklist and findings, the
// moves of its status and its report. The form is in
// internal_audit_form.go, the checklist items in internal_audit_item.go.

func init() {
	addPhrases(map[string]string{
		"internal_audit.create": "planned an internal audit", "internal_audit.update": "changed an internal audit",
		"internal_audit.delete": "deleted an internal audit", "internal_audit.status": "moved an internal audit to another status",
		"internal_audit.override": "accepted an independence conflict of an internal audit",
		"internal_audit.item":     "recorded a result on an internal audit's checklist",
	})
}

var internalAuditColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "title", Label: "Title"}, {Key: "plannedStart", Label: "Planned"}, {Key: "status", Label: "Status"},
	{Label: "Lead auditor"}, {Label: "Items", Numeric: true}, {Label: "Findings", Numeric: true},
}

// auditSortKeys are the audit list's sort keys.
var auditSortKeys = sortValues("ref", "title", "plannedStart", "status", "updated")

// auditRow is an audit as lists show it.
type auditRow struct {
	A     *isms.InternalAudit
	Dates string
}

func newAuditRow(a *isms.InternalAudit) auditRow {
	dates := a.PlannedStart.String()
	if a.PlannedEnd != a.PlannedStart {
		dates += " – " + a.PlannedEnd.String()
	}
	return auditRow{A: a, Dates: dates}
}

func auditRecord(a *isms.InternalAudit) []string {
	return []string{a.Ref, a.Title, newAuditRow(a).Dates, a.Status.Label(), a.LeadName, strconv.Itoa(a.Items), strconv.Itoa(a.Findings)}
}

// auditFilterValues are the audit list's filters as the URL gives them.
type auditFilterValues struct{ Programme, Status, Auditor, Search string }

type auditListPage struct {
	basePage
	List       *listResult[*isms.InternalAudit]
	Rows       []auditRow
	Filter     auditFilterValues
	Programmes [][2]string
	Statuses   [][2]string
	Auditors   [][2]string
	NewURL     string
	CanEdit    bool
}

// auditStatusOptions lists the statuses for a select.
func auditStatusOptions(first string) [][2]string {
	out := [][2]string{{"", first}}
	for _, st := range isms.AuditStatuses {
		out = append(out, [2]string{string(st), st.Label()})
	}
	return out
}

// programmeOptions lists the organization's programmes by reference.
func (s *Server) programmeOptions(r *http.Request, first string) ([][2]string, error) {
	list, _, err := s.app.ListProgrammes(r.Context(), actor(r), isms.ProgrammeFilter{Sort: "-start", Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	out := [][2]string{{"", first}}
	for _, p := range list {
		out = append(out, [2]string{p.Ref, p.Ref + " " + p.Title})
	}
	return out, nil
}

// readAuditFilter reads the list's filters, recording what it cannot
// read in p.
func (s *Server) readAuditFilter(r *http.Request, p isms.Problems) (auditFilterValues, isms.InternalAuditFilter, error) {
	q := r.URL.Query()
	v := auditFilterValues{Programme: strings.TrimSpace(q.Get("programme")), Status: q.Get("status"),
		Auditor: strings.TrimSpace(q.Get("auditor")), Search: strings.TrimSpace(q.Get("q"))}
	f := isms.InternalAuditFilter{Status: isms.AuditStatus(v.Status), Search: v.Search}
	if v.Status != "" && !f.Status.Valid() {
		p.Add("status", "Status must be planned, in_progress, reported or closed.")
	}
	if v.Programme != "" {
		pv, err := s.app.FindProgramme(r.Context(), actor(r), v.Programme)
		switch {
		case isCode(err, isms.NotFound):
			p.Add("programme", "There is no programme "+v.Programme+".")
		case err != nil:
			return v, f, err
		default:
			f.ProgrammeID = pv.Programme.ID
		}
	}
	return v, f, s.ownerFilter(r, v.Auditor, &f.AuditorID, p)
}

func (s *Server) handleInternalAuditIndex(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	p := isms.Problems{}
	fv, f, err := s.readAuditFilter(r, p)
	if err != nil {
		return err
	}
	if err := p.Err(); err != nil {
		return err
	}
	spec := listSpec[*isms.InternalAudit]{
		Title: "Internal audits", Columns: internalAuditColumns, DefaultSort: "-plannedStart",
		Fetch: func(q listQuery) ([]*isms.InternalAudit, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.ListAudits(r.Context(), a, f)
		},
		Record: auditRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Programme", fv.Programme}, {"Status", fv.Status}, {"Auditor", fv.Auditor}, {"Search", fv.Search}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	pg := &auditListPage{List: list, Filter: fv, Statuses: auditStatusOptions("Any status"), CanEdit: a.Can(isms.ManageAudits),
		NewURL: "/internal-audits/new"}
	if fv.Programme != "" {
		pg.NewURL += "?" + url.Values{"programme": {fv.Programme}}.Encode()
	}
	if pg.Programmes, err = s.programmeOptions(r, "Any programme"); err != nil {
		return err
	}
	auditors, err := s.auditMemberOptions(r, "Anyone")
	if err != nil {
		return err
	}
	pg.Auditors = append([][2]string{auditors[0], {"me", "Me"}}, auditors[1:]...)
	for _, x := range list.Items {
		pg.Rows = append(pg.Rows, newAuditRow(x))
	}
	pg.Title = "Internal audits"
	return s.render(w, r, http.StatusOK, "internal_audit_index", pg)
}

// auditMove is a button that moves an audit to another status.
type auditMove struct {
	To      isms.AuditStatus
	Label   string
	Summary bool // the move reports the audit: it asks for the summary
	Class   string
}

// auditMoves lists the moves from status st, in the order offered.
func auditMoves(st isms.AuditStatus) []auditMove {
	var all []auditMove
	switch st {
	case isms.AuditPlanned:
		all = []auditMove{{To: isms.AuditInProgress, Label: "Start the audit", Class: "btn-primary"}}
	case isms.AuditInProgress:
		all = []auditMove{{To: isms.AuditReported, Label: "Report the audit", Summary: true, Class: "btn-primary"},
			{To: isms.AuditPlanned, Label: "Back to planned"}}
	case isms.AuditReported:
		all = []auditMove{{To: isms.AuditClosed, Label: "Close the audit", Class: "btn-primary"},
			{To: isms.AuditInProgress, Label: "Reopen the audit"}}
	}
	var out []auditMove
	for _, m := range all {
		if st.CanMove(m.To) {
			out = append(out, m)
		}
	}
	return out
}

// itemRow is a checklist item as the audit's page shows it.
type itemRow struct {
	*app.AuditItemView
	Notes string // an excerpt
}

// findingGroup is the findings of one grade.
type findingGroup struct {
	Grade    isms.FindingGrade
	Findings []*isms.AuditFinding
}

// groupFindings groups findings by grade, most severe first; every grade
// has a group, empty or not.
func groupFindings(list []*isms.AuditFinding) []findingGroup {
	out := make([]findingGroup, len(isms.FindingGrades))
	for i, g := range isms.FindingGrades {
		out[i] = findingGroup{Grade: g}
		for _, f := range list {
			if f.Grade == g {
				out[i].Findings = append(out[i].Findings, f)
			}
		}
	}
	return out
}

type auditShowPage struct {
	basePage
	View      *app.AuditView
	Items     []itemRow
	Progress  string // "12 of 20 items have a result"
	Groups    []findingGroup
	Moves     []auditMove
	Summary   string
	MoveError string
	History   []*isms.AuditEvent
	CanEdit   bool // ManageAudits, and the audit is not closed
	CanDelete bool
	CanMove   bool
	CanRecord bool
	CanRaise  bool
	CanAudit  bool
}

func (s *Server) handleAuditShow(w http.ResponseWriter, r *http.Request) error {
	return s.showAudit(w, r, http.StatusOK, &auditShowPage{})
}

// showAudit renders the audit of the path into p, which may carry the
// problem of a refused move.
func (s *Server) showAudit(w http.ResponseWriter, r *http.Request, status int, p *auditShowPage) error {
	a := actor(r)
	v, err := s.app.FindAudit(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	au := v.Audit
	p.View, p.Groups, p.Progress = v, groupFindings(v.Findings), itemCounts(v.Items)
	for _, it := range v.Items {
		p.Items = append(p.Items, itemRow{AuditItemView: it, Notes: clip(strings.Join(strings.Fields(it.Notes), " "), 90)})
	}
	p.CanEdit = a.Can(isms.ManageAudits) && au.Status != isms.AuditClosed
	p.CanDelete = a.Can(isms.ManageAudits) && au.Status == isms.AuditPlanned
	p.CanMove = a.Can(isms.ManageAudits) || (a.Can(isms.RecordAudits) && au.LeadID == a.UserID)
	p.CanRecord = v.CanRecord(a)
	p.CanRaise = p.CanRecord && (au.Status == isms.AuditInProgress || au.Status == isms.AuditReported)
	p.CanAudit = a.Can(isms.ReadAuditTrail)
	if p.CanMove {
		p.Moves = auditMoves(au.Status)
	}
	if p.Summary == "" && p.MoveError == "" {
		p.Summary = au.Summary
	}
	if p.CanAudit {
		if p.History, _, err = s.app.FindAuditEvents(r.Context(), a, isms.AuditFilter{ObjectType: "internal_audit", ObjectID: au.ID, Desc: true, Limit: 20}); err != nil {
			return err
		}
	}
	p.Title = au.Ref + " " + au.Title
	return s.render(w, r, status, "internal_audit_show", p)
}

// auditURL is the address of audit id's page.
func auditURL(id isms.ID) string { return "/internal-audits/" + url.PathEscape(string(id)) }

func (s *Server) handleAuditStatus(w http.ResponseWriter, r *http.Request) error {
	to, summary := isms.AuditStatus(r.PostFormValue("to")), r.PostFormValue("summary")
	x, err := s.app.MoveAudit(r.Context(), actor(r), pathID(r), formInt(r, "version"), to, summary)
	if isCode(err, isms.Invalid) || isCode(err, isms.Conflict) {
		msg := isms.ErrorMessage(err)
		for _, m := range isms.ErrorFields(err) {
			msg = m
			break
		}
		return s.showAudit(w, r, statusOf(isms.ErrorCode(err)), &auditShowPage{Summary: summary, MoveError: msg})
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", x.Ref+" is now "+strings.ToLower(x.Status.Label())+".")
	http.Redirect(w, r, auditURL(x.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) handleAuditDelete(w http.ResponseWriter, r *http.Request) error {
	err := s.app.DeleteAudit(r.Context(), actor(r), pathID(r))
	if isCode(err, isms.Conflict) || isCode(err, isms.Invalid) {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, auditURL(pathID(r)), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Internal audit deleted.")
	http.Redirect(w, r, "/internal-audits", http.StatusSeeOther)
	return nil
}

// auditReportMedia are the media types of the audit report.
var auditReportMedia = map[string]string{"pdf": soaMediaTypes["pdf"], "xlsx": soaMediaTypes["xlsx"]}

// writeAuditReport sends the report of audit id in format as a download.
func (s *Server) writeAuditReport(w http.ResponseWriter, r *http.Request, id, format string) error {
	media, ok := auditReportMedia[format]
	if !ok {
		return isms.Problems{"format": "The report is offered as pdf or xlsx."}.Err()
	}
	var buf bytes.Buffer
	name, err := s.app.ExportAuditReport(r.Context(), actor(r), id, format, &buf)
	if err != nil {
		return err
	}
	return sendFile(w, media, name, &buf)
}

// handleAuditReport serves the report of the path's audit in format.
func (s *Server) handleAuditReport(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.writeAuditReport(w, r, r.PathValue("id"), format)
	}
}

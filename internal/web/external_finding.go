// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// External findings: what the certification body's audits found, across
// audits, and each finding's page with the nonconformity it opened. The
// form is in external_finding_form.go.

func init() {
	addPhrases(map[string]string{
		"external_finding.create": "recorded an external audit finding", "external_finding.update": "changed an external audit finding",
		"external_finding.delete": "deleted an external audit finding",
	})
}

var extFindingColumns = []column{
	{Key: "ref", Label: "Ref"}, {Key: "title", Label: "Finding"}, {Key: "grade", Label: "Grade"}, {Label: "Audit"},
	{Label: "Requirements"}, {Key: "capDue", Label: "CAP due"}, {Label: "Nonconformity"},
}

// extFindingSortKeys are the external finding list's sort keys.
var extFindingSortKeys = sortValues("ref", "grade", "title", "capDue", "created")

// extFindingURL is the address of external finding id's page.
func extFindingURL(id isms.ID) string { return "/external-findings/" + url.PathEscape(string(id)) }

// requirementRefs joins the references of requirements.
func requirementRefs(reqs []isms.RequirementRef) string {
	refs := make([]string, len(reqs))
	for i, r := range reqs {
		refs[i] = r.Ref
	}
	return strings.Join(refs, ", ")
}

func extFindingRecord(f *isms.ExternalFinding) []string {
	return []string{f.Ref, f.Title, f.Grade.Label(), f.AuditRef, requirementRefs(f.Requirements), f.CAPDue.String(), f.NonconformityRef}
}

// canChangeExtFinding reports whether a may change or delete f: with the
// right to record external findings, an auditor only those they raised.
func canChangeExtFinding(a isms.Actor, f *isms.ExternalFinding) bool {
	return a.Can(isms.RecordExternal) && (a.Role != isms.RoleAuditor || f.RaisedBy == a.UserID)
}

type extFindingListPage struct {
	basePage
	List      *listResult[*isms.ExternalFinding]
	Filter    struct{ Audit, Grade, Search string }
	Grades    [][2]string
	CanRecord bool
}

func (s *Server) handleExtFindingIndex(w http.ResponseWriter, r *http.Request) error {
	a, q := actor(r), r.URL.Query()
	pg := &extFindingListPage{Grades: gradeOptions("Any grade"), CanRecord: a.Can(isms.RecordExternal)}
	pg.Filter.Audit, pg.Filter.Grade, pg.Filter.Search = strings.TrimSpace(q.Get("audit")), q.Get("grade"), strings.TrimSpace(q.Get("q"))
	f := isms.ExternalFindingFilter{Grade: isms.FindingGrade(pg.Filter.Grade), Search: pg.Filter.Search}
	p := isms.Problems{}
	if f.Grade != "" && !f.Grade.Valid() {
		p.Add("grade", "Grade must be major, minor, observation or ofi.")
	}
	if pg.Filter.Audit != "" {
		v, err := s.app.FindExternalAudit(r.Context(), a, pg.Filter.Audit)
		switch {
		case isCode(err, isms.NotFound):
			p.Add("audit", "There is no external audit "+pg.Filter.Audit+".")
		case err != nil:
			return err
		default:
			f.AuditID = v.ExternalAudit.ID
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	spec := listSpec[*isms.ExternalFinding]{
		Title: "External audit findings", Columns: extFindingColumns, DefaultSort: "-created",
		Fetch: func(q listQuery) ([]*isms.ExternalFinding, int, error) {
			f.Sort, f.Limit, f.Offset = q.Sort, q.Limit, q.Offset
			return s.app.ListExternalFindings(r.Context(), a, f)
		},
		Record: extFindingRecord,
		Filters: func(listQuery) [][2]string {
			return [][2]string{{"Audit", pg.Filter.Audit}, {"Grade", pg.Filter.Grade}, {"Search", pg.Filter.Search}}
		},
	}
	list, exported, err := runList(s, w, r, spec)
	if err != nil || exported {
		return err
	}
	pg.List, pg.Title = list, "External audit findings"
	return s.render(w, r, http.StatusOK, "external_finding_index", pg)
}

type extFindingShowPage struct {
	basePage
	Finding  *isms.ExternalFinding
	CanEdit  bool
	CanAudit bool
	History  []*isms.AuditEvent
}

func (s *Server) handleExtFindingShow(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, err := s.app.FindExternalFinding(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := &extFindingShowPage{Finding: f, CanEdit: canChangeExtFinding(a, f), CanAudit: a.Can(isms.ReadAuditTrail)}
	if p.History, err = s.recordHistory(r, "external_finding", f.ID); err != nil {
		return err
	}
	p.Title = f.Ref + " " + f.Title
	return s.render(w, r, http.StatusOK, "external_finding_show", p)
}

func (s *Server) handleExtFindingDelete(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, err := s.app.FindExternalFinding(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	err = s.app.DeleteExternalFinding(r.Context(), a, f.ID)
	if isCode(err, isms.Conflict) {
		s.flash(w, "error", isms.ErrorMessage(err))
		http.Redirect(w, r, extFindingURL(f.ID), http.StatusSeeOther)
		return nil
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Finding "+f.Ref+" deleted.")
	http.Redirect(w, r, extAuditURL(f.AuditID)+"#findings", http.StatusSeeOther)
	return nil
}

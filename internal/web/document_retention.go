// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// Retention and disposition (27001 7.5.3): how long each type's versions
// are kept once no longer in force, the versions whose retention has
// ended, and their disposal, which is recorded.

// retentionRow is a type's retention in the rules form.
type retentionRow struct {
	Type   isms.DocumentType
	Label  string
	Months string
	Error  string
}

// disposalRow is a version due for disposal.
type disposalRow struct {
	V        *isms.DocumentVersion
	Ref      string
	Title    string
	DocURL   string
	Dispose  string // the disposal form's action
	Overdue  int    // days past its retention
	Document *isms.Document
}

type retentionPage struct {
	basePage
	Rules      []retentionRow
	RulesError string
	List       *listResult[disposalRow]
	CanEdit    bool
	Default    int
}

var disposalColumns = []column{
	{Label: "Document"}, {Label: "Version", Numeric: true}, {Label: "Status"}, {Label: "Retain until"},
	{Label: "Dispose", NoExport: true},
}

func (s *Server) handleRetention(w http.ResponseWriter, r *http.Request) error {
	return s.renderRetention(w, r, http.StatusOK, nil, nil)
}

// renderRetention renders the retention page; typed and err are the rules
// form's values and problems when saving them was refused.
func (s *Server) renderRetention(w http.ResponseWriter, r *http.Request, status int, typed map[isms.DocumentType]string, err error) error {
	a := actor(r)
	rules, rerr := s.app.RetentionRules(r.Context(), a)
	if rerr != nil {
		return rerr
	}
	p := &retentionPage{CanEdit: a.Can(isms.EditDocuments), Default: isms.DefaultRetentionMonths}
	p.Title = "Document retention"
	fields := isms.ErrorFields(err)
	for _, rule := range rules {
		row := retentionRow{Type: rule.Type, Label: rule.Type.Label(), Months: strconv.Itoa(rule.Months), Error: fields["months-"+string(rule.Type)]}
		if v, ok := typed[rule.Type]; ok {
			row.Months = v
		}
		p.Rules = append(p.Rules, row)
	}
	if err != nil && fields == nil {
		p.RulesError = isms.ErrorMessage(err)
	}
	today := isms.DateOf(s.app.Now())
	docs := map[isms.ID]*isms.Document{}
	spec := listSpec[disposalRow]{
		Title: "Versions due for disposal", Columns: disposalColumns,
		Fetch: func(q listQuery) ([]disposalRow, int, error) {
			vs, total, err := s.app.VersionsDueForDisposal(r.Context(), a, q.Limit, q.Offset)
			if err != nil {
				return nil, 0, err
			}
			out := make([]disposalRow, 0, len(vs))
			for _, v := range vs {
				row, err := s.disposalRow(r, docs, v, today)
				if err != nil {
					return nil, 0, err
				}
				out = append(out, row)
			}
			return out, total, nil
		},
		Record: func(d disposalRow) []string {
			return []string{d.Ref + " " + d.Title, strconv.Itoa(d.V.Number), d.V.Status.Label(), d.V.RetainUntil.String()}
		},
	}
	list, exported, lerr := runList(s, w, r, spec)
	if lerr != nil || exported {
		return lerr
	}
	p.List = list
	return s.render(w, r, status, "document_retention", p)
}

// disposalRow returns v's row, reading its document once per page.
func (s *Server) disposalRow(r *http.Request, docs map[isms.ID]*isms.Document, v *isms.DocumentVersion, today isms.Date) (disposalRow, error) {
	doc, ok := docs[v.DocumentID]
	if !ok {
		d, err := s.app.FindDocument(r.Context(), actor(r), string(v.DocumentID))
		if err != nil {
			return disposalRow{}, err
		}
		doc = d.Document
		docs[v.DocumentID] = doc
	}
	row := disposalRow{V: v, Ref: doc.Ref, Title: doc.Title, Document: doc, DocURL: documentPath(doc.ID),
		Dispose: versionPath(doc.ID, v.Number) + "/dispose"}
	if !v.RetainUntil.IsZero() {
		row.Overdue = v.RetainUntil.DaysUntil(today)
	}
	return row, nil
}

// handleRetentionUpdate saves the retention period of every type whose
// value changed.
func (s *Server) handleRetentionUpdate(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.EditDocuments, "You may not change retention periods."); err != nil {
		return err
	}
	rules, err := s.app.RetentionRules(r.Context(), a)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return isms.Errorf(isms.Invalid, "The form could not be read; reload the page and try again.")
	}
	typed := map[isms.DocumentType]string{}
	p := isms.Problems{}
	changed := 0
	for _, rule := range rules {
		vals, sent := r.PostForm["months-"+string(rule.Type)]
		if !sent || len(vals) == 0 {
			continue // a type the form does not carry keeps its period
		}
		v := strings.TrimSpace(vals[0])
		typed[rule.Type] = v
		months, cerr := strconv.Atoi(v)
		if cerr != nil || months < 0 {
			p.Add("months-"+string(rule.Type), rule.Type.Label()+": give the retention in whole months, 0 or more.")
			continue
		}
		if months == rule.Months {
			continue
		}
		if err := s.app.SetRetentionRule(r.Context(), a, rule.Type, months); isms.ErrorFields(err) != nil {
			p.Add("months-"+string(rule.Type), rule.Type.Label()+": "+fieldOrMessage(err, "months"))
		} else if err != nil {
			return err
		}
		changed++
	}
	if err := p.Err(); err != nil {
		return s.renderRetention(w, r, http.StatusUnprocessableEntity, typed, err)
	}
	s.flash(w, "ok", "Retention periods saved ("+strconv.Itoa(changed)+" changed). Versions already retired keep the date they were given.")
	http.Redirect(w, r, "/documents/retention", http.StatusSeeOther)
	return nil
}

// handleVersionDispose records the disposal of a version whose retention
// has ended.
func (s *Server) handleVersionDispose(w http.ResponseWriter, r *http.Request) error {
	v, doc, err := s.findVersion(r)
	if err != nil {
		return err
	}
	if err := s.app.DisposeVersion(r.Context(), actor(r), v.ID, r.PostFormValue("note")); err != nil {
		return err
	}
	s.flash(w, "ok", doc.Ref+" v"+strconv.Itoa(v.Number)+" disposed of; the disposal is recorded in the audit trail.")
	http.Redirect(w, r, "/documents/retention", http.StatusSeeOther)
	return nil
}

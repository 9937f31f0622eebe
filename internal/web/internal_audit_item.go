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

// One checklist item of an internal audit: the requirement with its text,
// the organization's controls and evidence for it, and the form that
// records the result.

// auditItemOf returns the item of v for requirement req (its ID or
// reference), or a NotFound error.
func auditItemOf(v *app.AuditView, req string) (*app.AuditItemView, error) {
	for _, it := range v.Items {
		if string(it.RequirementID) == req || strings.EqualFold(it.Ref, req) {
			return it, nil
		}
	}
	return nil, isms.Errorf(isms.NotFound, "The checklist of %s has no item for requirement %s.", v.Audit.Ref, req)
}

// itemURL is the address of an item's page.
func itemURL(audit, req isms.ID) string {
	return auditURL(audit) + "/items/" + url.PathEscape(string(req))
}

// resultOption is one result of the radio group.
type resultOption struct {
	Value, Label string
	Checked      bool
}

type auditItemPage struct {
	basePage
	View        *app.AuditView
	Item        *app.AuditItemView
	Description string // the requirement's text
	Results     []resultOption
	In          app.ItemInput
	Version     int
	Errors      map[string]string
	Conflict    string
	Prev, Next  *app.AuditItemView
	CanRecord   bool // the actor may record, and the audit is in progress
	WhyNot      string
}

func (s *Server) handleAuditItem(w http.ResponseWriter, r *http.Request) error {
	return s.renderAuditItem(w, r, http.StatusOK, nil, nil)
}

// renderAuditItem renders the item of the path; in, when set, is what
// was typed and err why it was refused.
func (s *Server) renderAuditItem(w http.ResponseWriter, r *http.Request, status int, in *app.ItemInput, err error) error {
	a := actor(r)
	v, ferr := s.app.FindAudit(r.Context(), a, r.PathValue("id"))
	if ferr != nil {
		return ferr
	}
	it, ferr := auditItemOf(v, r.PathValue("req"))
	if ferr != nil {
		return ferr
	}
	p := &auditItemPage{View: v, Item: it, Version: it.Version,
		In: app.ItemInput{Result: it.Result, Notes: it.Notes, Sampling: it.Sampling}}
	if in != nil {
		p.In, p.Errors = *in, isms.ErrorFields(err)
		if isCode(err, isms.Conflict) && p.Errors == nil {
			p.Conflict = isms.ErrorMessage(err)
		}
	}
	for _, res := range isms.ItemResults {
		p.Results = append(p.Results, resultOption{Value: string(res), Label: res.Label(), Checked: res == p.In.Result})
	}
	switch {
	case !v.CanRecord(a):
		p.WhyNot = "Results are recorded by the audit's team and by those who manage audits."
	case v.Audit.Status != isms.AuditInProgress:
		p.WhyNot = "Results are recorded while the audit is in progress; it is " + strings.ToLower(v.Audit.Status.Label()) + "."
	default:
		p.CanRecord = true
	}
	for i, x := range v.Items {
		if x.RequirementID == it.RequirementID {
			if i > 0 {
				p.Prev = v.Items[i-1]
			}
			if i+1 < len(v.Items) {
				p.Next = v.Items[i+1]
			}
		}
	}
	if req, rerr := s.app.FindRequirement(r.Context(), a, it.RequirementID); rerr == nil {
		p.Description = req.Requirement.Description
	}
	p.Title = it.Ref + " " + it.Title + " · " + v.Audit.Ref
	return s.render(w, r, status, "internal_audit_item", p)
}

func (s *Server) handleAuditItemSave(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	in := app.ItemInput{Result: isms.ItemResult(r.PostFormValue("result")), Notes: r.PostFormValue("notes"), Sampling: r.PostFormValue("sampling")}
	v, err := s.app.FindAudit(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	it, err := auditItemOf(v, r.PathValue("req"))
	if err != nil {
		return err
	}
	_, err = s.app.RecordAuditItem(r.Context(), a, v.Audit.ID, it.RequirementID, formInt(r, "version"), in)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		return s.renderAuditItem(w, r, statusOf(isms.ErrorCode(err)), &in, err)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", it.Ref+": "+in.Result.Label()+" recorded.")
	next := auditURL(v.Audit.ID) + "#checklist"
	if r.PostFormValue("then") == "next" {
		for i, x := range v.Items {
			if x.RequirementID == it.RequirementID && i+1 < len(v.Items) {
				next = itemURL(v.Audit.ID, v.Items[i+1].RequirementID)
			}
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// itemCounts sums up a checklist: "12 of 20 items have a result".
func itemCounts(items []*app.AuditItemView) string {
	done := 0
	for _, it := range items {
		if it.Result != isms.ItemOpen {
			done++
		}
	}
	return strconv.Itoa(done) + " of " + strconv.Itoa(len(items)) + " items have a result"
}

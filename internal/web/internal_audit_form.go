// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The form that plans and changes an internal audit. Independence
// conflicts (an auditor who owns a control or process the audit covers)
// come back as problems on the lead or team field; the form then lists
// each conflict with a box to accept it knowingly and the reason, which
// the audit and the audit trail record.

// defaultAuditCriteria prefills the criteria of a new audit.
const defaultAuditCriteria = "ISO/IEC 27001:2022 and the organization's ISMS policies"

// auditFormValues is what the audit form shows and sends.
type auditFormValues struct {
	In      app.AuditInput
	Start   string // as typed
	End     string
	ID      isms.ID
	Ref     string
	Version int
}

// conflictView is one independence conflict on the form.
type conflictView struct {
	isms.IndependenceConflict
	Key      string
	N        int // its position, for element IDs
	Accepted bool
	Reason   string
}

type auditFormPage struct {
	basePage
	Lede      string
	Form      formView
	Conflicts []conflictView
}

// acceptPrefix and overrideField name the form's box that accepts a
// conflict and the conflict's reason.
const acceptPrefix = "accept."

func overrideField(key string) string { return "override." + key }

// readOverrides reads the accepted conflicts of the form: each ticked box
// with the reason beside it.
func readOverrides(r *http.Request) map[string]string {
	out := map[string]string{}
	for name := range r.PostForm {
		key, ok := strings.CutPrefix(name, acceptPrefix)
		if ok && r.PostFormValue(name) != "" {
			out[key] = strings.TrimSpace(r.PostFormValue(overrideField(key)))
		}
	}
	return out
}

// teamField is the multiple select of the team, with selected ticked.
func teamField(opts [][2]string, selected []isms.ID) fieldView {
	f := fieldView{Name: "team", Label: "Audit team", Type: "multiselect",
		Help: "The other auditors, if any. Hold Ctrl (⌘ on a Mac) to choose several. Nobody may audit what they own."}
	on := map[string]bool{}
	for _, id := range selected {
		on[string(id)] = true
	}
	for _, o := range opts[1:] {
		f.Options = append(f.Options, optionView{Value: o[0], Label: o[1], Selected: on[o[0]]})
	}
	return f
}

// auditFields are the audit form's fields; the programme is fixed once
// the audit is planned.
func (s *Server) auditFields(r *http.Request, v auditFormValues) ([]fieldView, error) {
	members, err := s.auditMemberOptions(r, "Choose the lead auditor…")
	if err != nil {
		return nil, err
	}
	var fields []fieldView
	if v.Version == 0 {
		progs, err := s.programmeOptions(r, "Choose a programme…")
		if err != nil {
			return nil, err
		}
		fields = append(fields, selectField("programme", "Programme", v.In.Programme, progs).required().help("The audit covers requirements of the programme's framework."))
	}
	return append(fields,
		text("title", "Title", v.In.Title).required().help("Such as: Access control and supplier management, head office."),
		text("criteria", "Criteria", v.In.Criteria).kind("textarea").required().help("What the audit checks against: the standard, the policies and procedures that apply."),
		text("units", "Units, sites or processes", v.In.Units).kind("textarea").help("The organizational units, sites or activities audited, in your words."),
		text("processes", "ISMS processes in scope", v.In.Processes).help("References of the ISMS processes audited, separated by commas, such as PRC-1, PRC-3."),
		text("scope", "Requirements in scope", v.In.Scope).required().help("References and ranges of the framework, such as 4, 5.2, A.5.15-A.5.18: a reference brings what lies below it. Each becomes a checklist item."),
		selectField("lead", "Lead auditor", string(v.In.LeadID), members).required().help("Plans the audit, leads the team, reports the results. Nobody may audit what they own."),
		teamField(members, v.In.TeamIDs),
		text("plannedStart", "Planned start", v.Start).kind("date").required().help("YYYY-MM-DD; its programme year counts the coverage."),
		text("plannedEnd", "Planned end", v.End).kind("date").required(),
	), nil
}

// auditConflicts returns the conflicts to show: those CheckIndependence
// finds for the input when a save was refused (so that accepted ones stay
// on the form), else the known ones; each ticked when the input accepts
// it.
func (s *Server) auditConflicts(r *http.Request, v auditFormValues, known []isms.IndependenceConflict, err error) ([]conflictView, error) {
	if err != nil {
		found, cerr := s.app.CheckIndependence(r.Context(), actor(r), v.In)
		if cerr != nil && isms.ErrorCode(cerr) != isms.Invalid {
			return nil, cerr
		}
		known = found
	}
	out := make([]conflictView, len(known))
	for i, c := range known {
		reason, ok := v.In.Overrides[c.Key()]
		out[i] = conflictView{IndependenceConflict: c, Key: c.Key(), N: i + 1, Accepted: ok, Reason: reason}
	}
	return out, nil
}

// renderAuditForm renders the audit form with v, the conflicts known and
// the problems of err.
func (s *Server) renderAuditForm(w http.ResponseWriter, r *http.Request, status int, v auditFormValues, known []isms.IndependenceConflict, err error) error {
	fields, ferr := s.auditFields(r, v)
	if ferr != nil {
		return ferr
	}
	p := &auditFormPage{Lede: "An audit checks requirements of the programme's framework against criteria, by auditors who do not audit their own work (ISO/IEC 27001 9.2.2)."}
	f := formView{Action: "/internal-audits", Submit: "Plan audit", Cancel: "/internal-audits", Fields: fields}
	p.Title = "Plan an internal audit"
	if v.Version > 0 {
		f.Action, f.Submit, f.Cancel = auditURL(v.ID), "Save audit", auditURL(v.ID)
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version), "ref": v.Ref}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail. A requirement whose item has a result stays in scope."
	}
	f.withErrors(err)
	p.Form = f
	if p.Conflicts, ferr = s.auditConflicts(r, v, known, err); ferr != nil {
		return ferr
	}
	return s.render(w, r, status, "internal_audit_form", p)
}

func (s *Server) handleAuditNew(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageAudits, "You may not plan internal audits."); err != nil {
		return err
	}
	v := auditFormValues{In: app.AuditInput{Programme: r.URL.Query().Get("programme"), Criteria: defaultAuditCriteria, LeadID: a.UserID}}
	if v.In.Programme != "" {
		if pv, err := s.app.FindProgramme(r.Context(), a, v.In.Programme); err == nil {
			v.In.Programme = pv.Programme.Ref
		}
	}
	return s.renderAuditForm(w, r, http.StatusOK, v, nil, nil)
}

func (s *Server) handleAuditEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageAudits, "You may not change internal audits."); err != nil {
		return err
	}
	view, err := s.app.FindAudit(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	au := view.Audit
	in := app.AuditInput{Programme: string(au.ProgrammeID), Title: au.Title, Criteria: au.Criteria, Units: au.Units, Scope: view.Scope,
		LeadID: au.LeadID, TeamIDs: au.TeamIDs, Overrides: map[string]string{}}
	refs := make([]string, len(view.Processes))
	for i, l := range view.Processes {
		refs[i] = l.Ref
	}
	in.Processes = strings.Join(refs, ", ")
	for _, o := range au.Overrides {
		in.Overrides[o.Key()] = o.Reason
	}
	v := auditFormValues{In: in, Start: au.PlannedStart.String(), End: au.PlannedEnd.String(), ID: au.ID, Ref: au.Ref, Version: au.Version}
	return s.renderAuditForm(w, r, http.StatusOK, v, view.Conflicts, nil)
}

// readAuditForm reads the audit form, recording unreadable dates in p.
func readAuditForm(r *http.Request, p isms.Problems) auditFormValues {
	_ = r.ParseForm()
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	v := auditFormValues{In: app.AuditInput{Programme: f("programme"), Title: r.PostFormValue("title"), Criteria: r.PostFormValue("criteria"),
		Units: r.PostFormValue("units"), Scope: f("scope"), Processes: f("processes"), LeadID: isms.ID(f("lead")),
		Overrides: readOverrides(r)}, Start: f("plannedStart"), End: f("plannedEnd"), Version: formInt(r, "version")}
	for _, id := range r.PostForm["team"] {
		if id = strings.TrimSpace(id); id != "" {
			v.In.TeamIDs = append(v.In.TeamIDs, isms.ID(id))
		}
	}
	readDates(r, p, map[string]*isms.Date{"plannedStart": &v.In.PlannedStart, "plannedEnd": &v.In.PlannedEnd})
	return v
}

// saveAudit plans or updates the audit of the form.
func (s *Server) saveAudit(w http.ResponseWriter, r *http.Request, update bool) error {
	p := isms.Problems{}
	v := readAuditForm(r, p)
	return saveRecordForm(s, w, r, recordSave[*isms.InternalAudit]{update: update, version: v.Version, what: "audit's",
		create: func() (*isms.InternalAudit, error) {
			if err := p.Err(); err != nil {
				return nil, err
			}
			return s.app.PlanAudit(r.Context(), actor(r), v.In)
		},
		change: func() (*isms.InternalAudit, error) {
			v.ID, v.Ref = pathID(r), r.PostFormValue("ref")
			if err := p.Err(); err != nil {
				return nil, err
			}
			return s.app.UpdateAudit(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderAuditForm(w, r, status, v, nil, err) },
		saved: func(x *isms.InternalAudit) (string, string) {
			msg := "Internal audit " + x.Ref + " saved."
			if n := len(x.Overrides); n > 0 {
				msg += " " + strconv.Itoa(n) + " accepted independence conflict(s) are recorded with it."
			}
			return msg, auditURL(x.ID)
		}})
}

func (s *Server) handleAuditCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveAudit(w, r, false)
}

func (s *Server) handleAuditUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveAudit(w, r, true)
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The form that records and changes an external audit's finding, as the
// body's auditor states it or as the audit report transcribes it. A
// major or minor nonconformity opens a nonconformity record.

// extFindingFormValues is what the finding form shows and sends.
type extFindingFormValues struct {
	In      app.ExternalFindingInput
	ID      isms.ID
	Ref     string
	Version int
}

// extAuditOptions lists the organization's external audits by ID (or
// by reference, with byRef) for a select, latest first.
func (s *Server) extAuditOptions(r *http.Request, first string, byRef bool) ([][2]string, error) {
	list, _, err := s.app.ListExternalAudits(r.Context(), actor(r), isms.ExternalAuditFilter{Sort: "-start", Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	out := [][2]string{{"", first}}
	for _, x := range list {
		v := string(x.ID)
		if byRef {
			v = x.Ref
		}
		out = append(out, [2]string{v, x.Ref + " " + x.Title() + ", " + x.StartOn.String()})
	}
	return out, nil
}

// renderExtFindingForm renders the form with v and the problems of err.
func (s *Server) renderExtFindingForm(w http.ResponseWriter, r *http.Request, status int, v extFindingFormValues, err error) error {
	audits, ferr := s.extAuditOptions(r, "Choose the audit…", false)
	if ferr != nil {
		return ferr
	}
	in := v.In
	f := formView{Action: "/external-findings", Submit: "Record finding", Cancel: "/external-findings", Fields: []fieldView{
		selectField("auditId", "External audit", in.Audit, audits).required().help("An audit in progress or completed."),
		selectField("grade", "Grade", in.Grade, gradeOptions("Choose a grade…")).required().
			help("As the body grades it. A major or minor nonconformity opens a nonconformity record, whose corrective action plan is due on the body's deadline."),
		text("title", "Title", in.Title).required().help("The finding in a few words, as the report names it."),
		text("description", "Description", in.Description).kind("textarea").help("The finding as the audit report states it. Required for a nonconformity."),
		text("requirements", "Requirements", in.Requirements).help("References of the certificate's framework, separated by commas, such as A.5.18, 9.2. Required for a nonconformity."),
		text("capDue", "Corrective action plan due", in.CAPDue).kind("date").help("YYYY-MM-DD: the body's deadline for the plan. Required for a nonconformity."),
	}}
	p := &formPage{Lede: "A finding of the certification body's audit, graded as the body grades it."}
	p.Title = "Record an external audit finding"
	if v.Version > 0 {
		f.Action, f.Submit, f.Cancel = extFindingURL(v.ID), "Save finding", extFindingURL(v.ID)
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version), "ref": v.Ref}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail. Regrading an observation as a nonconformity opens its nonconformity record."
	} else if in.Audit != "" {
		f.Cancel = extAuditURL(isms.ID(in.Audit)) + "#findings"
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "form", p)
}

func (s *Server) handleExtFindingNew(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.RecordExternal, "You may not record external audit findings."); err != nil {
		return err
	}
	var in app.ExternalFindingInput
	if ref := r.URL.Query().Get("audit"); ref != "" {
		v, err := s.app.FindExternalAudit(r.Context(), a, ref)
		if err != nil {
			return err
		}
		in.Audit = string(v.ExternalAudit.ID)
	}
	return s.renderExtFindingForm(w, r, http.StatusOK, extFindingFormValues{In: in}, nil)
}

func (s *Server) handleExtFindingEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	f, err := s.app.FindExternalFinding(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !canChangeExtFinding(a, f) {
		return isms.Errorf(isms.Forbidden, "You may not change finding %s.", f.Ref)
	}
	return s.renderExtFindingForm(w, r, http.StatusOK, extFindingFormValues{In: extFindingInput(f), ID: f.ID, Ref: f.Ref, Version: f.Version}, nil)
}

// extFindingInput is finding f as its form shows it.
func extFindingInput(f *isms.ExternalFinding) app.ExternalFindingInput {
	return app.ExternalFindingInput{Audit: string(f.AuditID), Grade: string(f.Grade), Title: f.Title, Description: f.Description,
		Requirements: requirementRefs(f.Requirements), CAPDue: f.CAPDue.String()}
}

// saveExtFinding records or updates the finding of the form.
func (s *Server) saveExtFinding(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := r.PostFormValue
	v := extFindingFormValues{In: app.ExternalFindingInput{Audit: f("auditId"), Grade: f("grade"), Title: f("title"),
		Description: f("description"), Requirements: f("requirements"), CAPDue: f("capDue")}, Version: formInt(r, "version")}
	return saveRecordForm(s, w, r, recordSave[*isms.ExternalFinding]{update: update, version: v.Version, what: "finding's",
		create: func() (*isms.ExternalFinding, error) { return s.app.CreateExternalFinding(r.Context(), actor(r), v.In) },
		change: func() (*isms.ExternalFinding, error) {
			v.ID, v.Ref = pathID(r), r.PostFormValue("ref")
			return s.app.UpdateExternalFinding(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderExtFindingForm(w, r, status, v, err) },
		saved: func(x *isms.ExternalFinding) (string, string) {
			msg := "Finding " + x.Ref + " saved."
			if x.NonconformityRef != "" {
				msg += " Its nonconformity is " + x.NonconformityRef + "."
			}
			return msg, extFindingURL(x.ID)
		}})
}

func (s *Server) handleExtFindingCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveExtFinding(w, r, false)
}

func (s *Server) handleExtFindingUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveExtFinding(w, r, true)
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The form that plans an external audit and the one that changes it: the
// certificate, kind and place in the cycle are fixed once planned; dates,
// team, status, result and summary change as the audit goes.

// extAuditFormValues is what the external audit form shows and sends.
type extAuditFormValues struct {
	In      app.ExternalAuditInput
	ID      isms.ID
	Ref     string
	Version int
}

// extResultOptions lists the results of a completed audit for a select.
func extResultOptions() [][2]string {
	out := [][2]string{{"", "Pending: the audit is not completed"}}
	for _, x := range isms.ExternalAuditResults {
		out = append(out, [2]string{string(x), x.Label()})
	}
	return out
}

// extAuditFields are the form's fields: all of them for a new audit, the
// changing ones for an audit planned.
func (s *Server) extAuditFields(r *http.Request, v extAuditFormValues) ([]fieldView, error) {
	in := v.In
	var fields []fieldView
	if v.Version == 0 {
		certs, err := s.certificateOptions(r, "Choose a certificate…", false)
		if err != nil {
			return nil, err
		}
		fields = append(fields,
			selectField("certificateId", "Certificate", in.Certificate, certs).required(),
			selectField("kind", "Kind", in.Kind, extKindOptions("Choose a kind…")).required(),
			text("cycle", "Cycle", in.Cycle).kind("number").help("1 for the initial certification, 2 after the first recertification, and so on."),
			text("sequence", "Surveillance number", in.Sequence).kind("number").help("For a surveillance audit: 1 or 2 within its cycle."))
	}
	fields = append(fields,
		text("startOn", "Starts on", in.StartOn).kind("date").required().help("YYYY-MM-DD. Its preparation task falls due 30 days before."),
		text("endOn", "Ends on", in.EndOn).kind("date").required(),
		text("team", "Audit team", in.Team).help("The body's auditors, as they introduce themselves; may be left empty until known."))
	if v.Version > 0 {
		fields = append(fields,
			selectField("status", "Status", in.Status, extStatusOptions("Choose a status…")[1:]).required(),
			selectField("result", "Result", in.Result, extResultOptions()).help("The audit team's recommendation, once the audit is completed."),
			text("summary", "Summary", in.Summary).kind("textarea").help("The audit report's conclusion."))
	}
	return fields, nil
}

// renderExtAuditForm renders the form with v and the problems of err.
func (s *Server) renderExtAuditForm(w http.ResponseWriter, r *http.Request, status int, v extAuditFormValues, err error) error {
	fields, ferr := s.extAuditFields(r, v)
	if ferr != nil {
		return ferr
	}
	p := &formPage{Lede: "One audit of the certification cycle by the body: stage 1 and 2 before certification, a surveillance audit each year, a recertification before expiry."}
	f := formView{Action: "/external-audits", Submit: "Plan audit", Cancel: "/external-audits", Fields: fields}
	p.Title = "Plan an external audit"
	if v.Version > 0 {
		f.Action, f.Submit, f.Cancel = extAuditURL(v.ID), "Save audit", extAuditURL(v.ID)
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version), "ref": v.Ref, "certificateId": v.In.Certificate,
			"kind": v.In.Kind, "cycle": v.In.Cycle, "sequence": v.In.Sequence}
		p.Title, p.Lede = "Edit "+v.Ref, "A new start date moves the preparation task; cancelling the audit cancels it."
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "form", p)
}

func (s *Server) handleExtAuditNew(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageCertification, "You may not plan external audits."); err != nil {
		return err
	}
	in := app.ExternalAuditInput{Cycle: "1", Status: string(isms.ExtPlanned)}
	if ref := r.URL.Query().Get("certificate"); ref != "" {
		if v, err := s.app.FindCertificate(r.Context(), a, ref); err == nil {
			in.Certificate = string(v.Certificate.ID)
		}
	}
	return s.renderExtAuditForm(w, r, http.StatusOK, extAuditFormValues{In: in}, nil)
}

func (s *Server) handleExtAuditEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageCertification, "You may not change external audits."); err != nil {
		return err
	}
	v, err := s.app.FindExternalAudit(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	x := v.ExternalAudit
	return s.renderExtAuditForm(w, r, http.StatusOK, extAuditFormValues{In: extAuditInput(x), ID: x.ID, Ref: x.Ref, Version: x.Version}, nil)
}

// extAuditInput is audit x as its form shows it.
func extAuditInput(x *isms.ExternalAudit) app.ExternalAuditInput {
	return app.ExternalAuditInput{Certificate: string(x.CertificateID), Kind: string(x.Kind), Cycle: strconv.Itoa(x.Cycle),
		Sequence: months(x.Sequence), StartOn: x.StartOn.String(), EndOn: x.EndOn.String(), Team: x.Team,
		Status: string(x.Status), Result: string(x.Result), Summary: x.Summary}
}

// readExtAuditForm reads the external audit form; a new audit is planned.
func readExtAuditForm(r *http.Request) extAuditFormValues {
	_ = r.ParseForm()
	f := r.PostFormValue
	v := extAuditFormValues{In: app.ExternalAuditInput{Certificate: f("certificateId"), Kind: f("kind"), Cycle: f("cycle"),
		Sequence: f("sequence"), StartOn: f("startOn"), EndOn: f("endOn"), Team: f("team"), Status: f("status"),
		Result: f("result"), Summary: f("summary")}, Version: formInt(r, "version")}
	if v.Version == 0 && v.In.Status == "" {
		v.In.Status = string(isms.ExtPlanned)
	}
	return v
}

// saveExtAudit plans or updates the external audit of the form.
func (s *Server) saveExtAudit(w http.ResponseWriter, r *http.Request, update bool) error {
	v := readExtAuditForm(r)
	return saveRecordForm(s, w, r, recordSave[*isms.ExternalAudit]{update: update, version: v.Version, what: "audit's",
		create: func() (*isms.ExternalAudit, error) { return s.app.CreateExternalAudit(r.Context(), actor(r), v.In) },
		change: func() (*isms.ExternalAudit, error) {
			v.ID, v.Ref = pathID(r), r.PostFormValue("ref")
			return s.app.UpdateExternalAudit(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderExtAuditForm(w, r, status, v, err) },
		saved: func(x *isms.ExternalAudit) (string, string) {
			return "External audit " + x.Ref + " saved.", extAuditURL(x.ID)
		}})
}

func (s *Server) handleExtAuditCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveExtAudit(w, r, false)
}

func (s *Server) handleExtAuditUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveExtAudit(w, r, true)
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The form that asks for evidence, and the one that changes an open
// request: the audit, the requirement or control it is for, what is
// asked, by when and of whom. Blank, the owner is the default one: the
// control's owner, else the owner of a control linked to the
// requirement, else the certificate's owner.

// requestFieldNames maps the names app may give problems to the form's
// field names.
var requestFieldNames = map[string]string{"audit": "auditId", "framework": "frameworkId", "owner": "ownerId"}

// requestFormValues is what the request form shows and sends.
type requestFormValues struct {
	In      app.EvidenceRequestInput
	ID      isms.ID
	Ref     string
	Version int
}

// controlOptions lists the organization's controls by ID for a select.
func (s *Server) controlOptions(r *http.Request, first string) ([][2]string, error) {
	list, _, err := s.app.FindControls(r.Context(), actor(r), isms.ControlFilter{Sort: "ref", Limit: isms.MaxPageSize})
	if err != nil {
		return nil, err
	}
	out := [][2]string{{"", first}}
	for _, c := range list {
		out = append(out, [2]string{string(c.ID), c.Ref + " " + c.Title})
	}
	return out, nil
}

// requestFields are the request form's fields.
func (s *Server) requestFields(r *http.Request, in app.EvidenceRequestInput) ([]fieldView, error) {
	audits, err := s.extAuditOptions(r, "No audit", false)
	if err != nil {
		return nil, err
	}
	fws, err := s.frameworkOptions(r, "The audit's certificate framework, or ISO/IEC 27001:2022")
	if err != nil {
		return nil, err
	}
	controls, err := s.controlOptions(r, "No control")
	if err != nil {
		return nil, err
	}
	owners, err := s.reviewMemberOptions(r, "Default owner: the control's, the requirement's or the certificate's", isms.EditEvidence)
	if err != nil {
		return nil, err
	}
	return []fieldView{
		selectField("auditId", "External audit", in.Audit, audits).help("The audit the evidence is asked for, if any."),
		selectField("frameworkId", "Framework", in.Framework, fws),
		text("requirement", "Requirement", in.Requirement).help("A reference of the framework, such as A.5.15. Name a requirement, a control, or both."),
		selectField("control", "Control", in.Control, controls),
		text("title", "Request", in.Title).required().help("What is asked for, such as: the access review records of the last quarter."),
		text("detail", "Detail", in.Detail).kind("textarea").help("What would satisfy the request: period, systems, sample."),
		text("dueOn", "Due on", in.DueOn).kind("date").required().help("YYYY-MM-DD. The owner's task falls due that day."),
		selectField("ownerId", "Owner", in.Owner, owners).help("Who answers with the evidence: the request becomes a task in their work."),
	}, nil
}

// renderRequestForm renders the request form with v and the problems of err.
func (s *Server) renderRequestForm(w http.ResponseWriter, r *http.Request, status int, v requestFormValues, err error) error {
	fields, ferr := s.requestFields(r, v.In)
	if ferr != nil {
		return ferr
	}
	p := &formPage{Lede: "An item of the auditor's request list: the owner answers it with evidence items, and the auditor accepts the answer or asks again."}
	f := formView{Action: "/evidence-requests", Submit: "Ask for evidence", Cancel: "/evidence-requests", Fields: fields}
	p.Title = "Ask for evidence"
	if v.Version > 0 {
		f.Action, f.Submit, f.Cancel = requestURL(v.ID), "Save request", requestURL(v.ID)
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version), "ref": v.Ref}
		p.Title, p.Lede = "Edit "+v.Ref, "A new owner or due date moves the owner's task."
	} else if v.In.Audit != "" {
		f.Cancel = extAuditURL(isms.ID(v.In.Audit)) + "#requests"
	}
	f.withErrors(renameFields(err, requestFieldNames))
	p.Form = f
	return s.render(w, r, status, "form", p)
}

func (s *Server) handleRequestNew(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.RequestEvidence, "You may not ask for evidence."); err != nil {
		return err
	}
	q := r.URL.Query()
	in := app.EvidenceRequestInput{Requirement: q.Get("requirement"), Control: q.Get("control"),
		DueOn: isms.DateOf(s.app.Now()).AddDays(14).String()}
	if ref := q.Get("audit"); ref != "" {
		v, err := s.app.FindExternalAudit(r.Context(), a, ref)
		if err != nil {
			return err
		}
		in.Audit = string(v.ExternalAudit.ID)
	}
	return s.renderRequestForm(w, r, http.StatusOK, requestFormValues{In: in}, nil)
}

func (s *Server) handleRequestEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.RequestEvidence, "You may not change evidence requests."); err != nil {
		return err
	}
	v, err := s.app.FindEvidenceRequest(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	x := v.EvidenceRequest
	if x.Status != isms.RequestOpen {
		return isms.Errorf(isms.Conflict, "%s is %s: only an open request can change.", x.Ref, x.Status)
	}
	return s.renderRequestForm(w, r, http.StatusOK, requestFormValues{In: requestInput(x), ID: x.ID, Ref: x.Ref, Version: x.Version}, nil)
}

// requestInput is request x as its form shows it.
func requestInput(x *isms.EvidenceRequest) app.EvidenceRequestInput {
	return app.EvidenceRequestInput{Audit: string(x.AuditID), Framework: string(x.FrameworkID), Requirement: x.Requirement.Ref,
		Control: string(x.ControlID), Title: x.Title, Detail: x.Detail, DueOn: x.DueOn.String(), Owner: string(x.OwnerID)}
}

// saveRequest asks for evidence, or updates the request, of the form.
func (s *Server) saveRequest(w http.ResponseWriter, r *http.Request, update bool) error {
	_ = r.ParseForm()
	f := r.PostFormValue
	v := requestFormValues{In: app.EvidenceRequestInput{Audit: f("auditId"), Framework: f("frameworkId"), Requirement: f("requirement"),
		Control: f("control"), Title: f("title"), Detail: f("detail"), DueOn: f("dueOn"), Owner: f("ownerId")}, Version: formInt(r, "version")}
	return saveRecordForm(s, w, r, recordSave[*isms.EvidenceRequest]{update: update, version: v.Version, what: "request's",
		create: func() (*isms.EvidenceRequest, error) { return s.app.CreateEvidenceRequest(r.Context(), actor(r), v.In) },
		change: func() (*isms.EvidenceRequest, error) {
			v.ID, v.Ref = pathID(r), r.PostFormValue("ref")
			return s.app.UpdateEvidenceRequest(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderRequestForm(w, r, status, v, err) },
		saved: func(x *isms.EvidenceRequest) (string, string) {
			msg := "Evidence request " + x.Ref + " saved."
			if x.OwnerName != "" {
				msg += " It is a task for " + x.OwnerName + ", due " + x.DueOn.String() + "."
			}
			return msg, requestURL(x.ID)
		}})
}

func (s *Server) handleRequestCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveRequest(w, r, false)
}

func (s *Server) handleRequestUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveRequest(w, r, true)
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The form that records and changes a certificate. Its fields carry the
// names of the certificate's JSON fields, which are the names app gives
// its problems.

// defaultStandard prefills the standard of a new certificate.
const defaultStandard = "ISO/IEC 27001:2022"

// certificateFormValues is what the certificate form shows and sends.
type certificateFormValues struct {
	In      app.CertificateInput
	ID      isms.ID
	Ref     string
	Version int
}

// certificateFields are the certificate form's fields.
func (s *Server) certificateFields(r *http.Request, in app.CertificateInput) ([]fieldView, error) {
	fws, err := s.frameworkOptions(r, "None loaded")
	if err != nil {
		return nil, err
	}
	owners, err := s.auditMemberOptions(r, "Choose who prepares the audits…")
	if err != nil {
		return nil, err
	}
	return []fieldView{
		text("standard", "Standard", in.Standard).required().help("The standard and its version as certified, such as ISO/IEC 27001:2022."),
		selectField("frameworkId", "Framework", in.Framework, fws).help("The loaded framework the standard corresponds to: findings name its requirements."),
		text("body", "Certification body", in.Body).required().help("The accredited body that audits and certifies, such as BSI or TÜV SÜD."),
		selectField("status", "Status", in.Status, certStatusOptions("Choose a status…")).required().
			help("Pursuing while stage 1 and 2 are ahead; active once the certificate is issued."),
		text("certificateNumber", "Certificate number", in.CertNumber).help("As printed on the certificate. Required once issued."),
		text("issuedOn", "Issued on", in.IssuedOn).kind("date").help("YYYY-MM-DD. Required once issued: the surveillance audits are planned from it."),
		text("expiresOn", "Expires on", in.ExpiresOn).kind("date").help("YYYY-MM-DD, at most three years after the issue date."),
		text("scope", "Scope", in.Scope).kind("textarea").required().help("The scope statement as the certificate states it, word for word."),
		selectField("ownerId", "Owner", in.Owner, owners).required().help("Prepares the external audits: their preparation tasks are theirs."),
	}, nil
}

// renderCertificateForm renders the certificate form with v and the
// problems of err.
func (s *Server) renderCertificateForm(w http.ResponseWriter, r *http.Request, status int, v certificateFormValues, err error) error {
	fields, ferr := s.certificateFields(r, v.In)
	if ferr != nil {
		return ferr
	}
	p := &formPage{Lede: "A certificate of the ISMS by an accredited body, or one being pursued: the cycle of external audits is planned from it."}
	f := formView{Action: "/certificates", Submit: "Record certificate", Cancel: "/certificates", Fields: fields}
	p.Title = "Record a certificate"
	if v.Version > 0 {
		f.Action, f.Submit, f.Cancel = certificateURL(v.ID), "Save certificate", certificateURL(v.ID)
		f.Hidden = map[string]string{"version": strconv.Itoa(v.Version), "ref": v.Ref}
		p.Title, p.Lede = "Edit "+v.Ref, "Changes are recorded in the audit trail."
	}
	f.withErrors(err)
	p.Form = f
	return s.render(w, r, status, "form", p)
}

func (s *Server) handleCertificateNew(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageCertification, "You may not record certificates."); err != nil {
		return err
	}
	in := app.CertificateInput{Standard: defaultStandard, Status: string(isms.CertPursuing), Owner: string(a.UserID)}
	return s.renderCertificateForm(w, r, http.StatusOK, certificateFormValues{In: in}, nil)
}

func (s *Server) handleCertificateEdit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.Authorize(a, isms.ManageCertification, "You may not change certificates."); err != nil {
		return err
	}
	v, err := s.app.FindCertificate(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	c := v.Certificate
	return s.renderCertificateForm(w, r, http.StatusOK, certificateFormValues{In: certificateInput(c), ID: c.ID, Ref: c.Ref, Version: c.Version}, nil)
}

// certificateInput is certificate c as its form shows it.
func certificateInput(c *isms.Certificate) app.CertificateInput {
	return app.CertificateInput{Body: c.Body, CertNumber: c.CertNumber, Standard: c.Standard, Framework: string(c.FrameworkID), Scope: c.Scope,
		IssuedOn: c.IssuedOn.String(), ExpiresOn: c.ExpiresOn.String(), Status: string(c.Status), Owner: string(c.OwnerID)}
}

// readCertificateForm reads the certificate form.
func readCertificateForm(r *http.Request) certificateFormValues {
	_ = r.ParseForm()
	f := r.PostFormValue
	return certificateFormValues{In: app.CertificateInput{Body: f("body"), CertNumber: f("certificateNumber"), Standard: f("standard"),
		Framework: f("frameworkId"), Scope: f("scope"), IssuedOn: f("issuedOn"), ExpiresOn: f("expiresOn"), Status: f("status"),
		Owner: f("ownerId")}, Version: formInt(r, "version")}
}

// saveCertificate records or updates the certificate of the form.
func (s *Server) saveCertificate(w http.ResponseWriter, r *http.Request, update bool) error {
	v := readCertificateForm(r)
	return saveRecordForm(s, w, r, recordSave[*isms.Certificate]{update: update, version: v.Version, what: "certificate's",
		create: func() (*isms.Certificate, error) { return s.app.CreateCertificate(r.Context(), actor(r), v.In) },
		change: func() (*isms.Certificate, error) {
			v.ID, v.Ref = pathID(r), r.PostFormValue("ref")
			return s.app.UpdateCertificate(r.Context(), actor(r), v.ID, v.Version, v.In)
		},
		render: func(status int, err error) error { return s.renderCertificateForm(w, r, status, v, err) },
		saved: func(x *isms.Certificate) (string, string) {
			return "Certificate " + x.Ref + " saved.", certificateURL(x.ID)
		}})
}

func (s *Server) handleCertificateCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveCertificate(w, r, false)
}

func (s *Server) handleCertificateUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveCertificate(w, r, true)
}

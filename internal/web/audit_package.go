// SPDX-License-Identifier: Apache-2.0

package web

import (
	"cmp"
	"net/http"
	"reflect"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The audit package: a form choosing the framework and the period, whose
// POST streams the signed zip as a download straight to the response,
// never held in memory. A problem found before the first byte is shown on
// the form; one after it cuts the download off, so that nobody keeps a
// partial package. The page also shows the signing key and how to
// verify a package with it.

func init() {
	addPhrases(map[string]string{"audit_package.build": "built an audit package", "signing_key.create": "generated the signing key"})
}

// packageMedia is the media type of the package.
const packageMedia = "application/zip"

type packagePage struct {
	basePage
	Form    formView
	Key     *app.SigningKeyView // nil until the first package or "Generate"
	KeyFile string
	Command string // how to verify a package
}

// packageName is the file name of a package: audit-package-<org slug>-
// <framework key>-<to>.zip.
func packageName(slug, framework, to string) string {
	return "audit-package-" + slug + "-" + isms.Slugify(framework) + "-" + to + ".zip"
}

// orgSlug is the slug of the actor's organization.
func (s *Server) orgSlug(r *http.Request) (string, error) {
	if sess := sessionState(r); sess != nil && sess.Org != nil {
		return sess.Org.Slug, nil
	}
	p, err := s.app.FindOrganizationProfile(r.Context(), actor(r))
	if err != nil {
		return "", err
	}
	return p.Org.Slug, nil
}

// renderPackagePage renders the form with in and the problems of err.
func (s *Server) renderPackagePage(w http.ResponseWriter, r *http.Request, status int, in app.PackageInput, err error) error {
	fws, iso, ferr := s.programmeFrameworkOptions(r)
	if ferr != nil {
		return ferr
	}
	slug, ferr := s.orgSlug(r)
	if ferr != nil {
		return ferr
	}
	p := &packagePage{KeyFile: signingKeyFile(slug)}
	p.Command = "isms verify PACKAGE.zip --key " + p.KeyFile
	if p.Key, ferr = s.findSigningKey(r); ferr != nil {
		return ferr
	}
	p.Form = formView{Action: "/audit-package", Submit: "Build and download", Fields: []fieldView{
		selectField("framework", "Framework", cmp.Or(in.Framework, iso), fws).required().
			help("The Statement of Applicability, controls and evidence of this framework go into the package."),
		text("from", "From", in.From).kind("date").required().help("YYYY-MM-DD: audits, reviews, nonconformities and the audit trail from this day."),
		text("to", "To", in.To).kind("date").required().help("YYYY-MM-DD, the last day of the period."),
	}}
	p.Form.withErrors(err)
	if err != nil && p.Form.Errors == nil {
		p.Form.Conflict = isms.ErrorMessage(err)
	}
	p.Title = "Audit package"
	return s.render(w, r, status, "audit_package", p)
}

// packagePeriod fills in the default period: the twelve months up to today.
func (s *Server) packagePeriod(in app.PackageInput) app.PackageInput {
	today := isms.DateOf(s.app.Now())
	in.From = cmp.Or(strings.TrimSpace(in.From), today.AddDate(-1, 0, 0).String())
	in.To = cmp.Or(strings.TrimSpace(in.To), today.String())
	return in
}

func (s *Server) handlePackagePage(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.Authorize(actor(r), isms.BuildAuditPackage, "You may not build audit packages."); err != nil {
		return err
	}
	return s.renderPackagePage(w, r, http.StatusOK, s.packagePeriod(app.PackageInput{}), nil)
}

func (s *Server) handlePackageBuild(w http.ResponseWriter, r *http.Request) error {
	in := s.packagePeriod(app.PackageInput{Framework: r.PostFormValue("framework"), From: r.PostFormValue("from"), To: r.PostFormValue("to")})
	started, err := s.streamPackage(w, r, in)
	switch code := isms.ErrorCode(err); {
	case err == nil || started:
		return nil
	case code == isms.Invalid || code == isms.Conflict || code == isms.NotFound:
		return s.renderPackagePage(w, r, statusOf(code), in, err)
	}
	return err
}

// streamPackage builds the package of in straight into the response,
// which it starts with the download's headers at the first byte. It
// reports whether the response started; an error after that is logged
// and cuts the connection off, and nil is returned.
func (s *Server) streamPackage(w http.ResponseWriter, r *http.Request, in app.PackageInput) (started bool, err error) {
	if err := s.app.Authorize(actor(r), isms.BuildAuditPackage, "You may not build audit packages."); err != nil {
		return false, err
	}
	slug, err := s.orgSlug(r)
	if err != nil {
		return false, err
	}
	key := in.Framework
	if fw, err := s.app.FindFramework(r.Context(), actor(r), in.Framework); err == nil {
		key = fw.Key
	}
	d := &streamDownload{w: w, media: packageMedia, name: packageName(slug, key, in.To)}
	if _, err = s.app.BuildAuditPackage(r.Context(), actor(r), in, d); err == nil || !d.started {
		return d.started, err
	}
	s.log.Error("audit package aborted", "request_id", state(r).id, "err", err)
	if conn, _, herr := http.NewResponseController(w).Hijack(); herr == nil {
		conn.Close()
	}
	return true, nil
}

// streamDownload is a download written as it is made: the headers go
// out with the first byte.
type streamDownload struct {
	w           http.ResponseWriter
	media, name string
	started     bool
}

func (d *streamDownload) Write(b []byte) (int, error) {
	if !d.started {
		h := d.w.Header()
		h.Set("Content-Type", d.media)
		h.Set("Content-Disposition", attachment(d.name))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "private, no-store")
		d.w.WriteHeader(http.StatusOK)
		d.started = true
	}
	return d.w.Write(b)
}

// packageRequest chooses what a package holds.
type packageRequest struct {
	Framework string `json:"framework" doc:"The framework's ID or key, such as iso27001-2022."`
	From      string `json:"from,omitempty" doc:"YYYY-MM-DD; twelve months before to when absent."`
	To        string `json:"to,omitempty" doc:"YYYY-MM-DD; today when absent."`
}

func (s *Server) packageAPIOperations() []apiOperation {
	return append([]apiOperation{{
		Pattern: "POST /api/v1/audit-package", Access: Member, Handler: s.apiPackageBuild,
		ID: "buildAuditPackage", Tag: "Certification", Summary: "Build the signed audit package",
		Description: "Streams a zip: the Statement of Applicability, risk register and treatment plan, scope, policies, internal audit " +
			"reports, management review minutes, nonconformities, the evidence of the framework's controls and the audit trail of the period, " +
			"with manifest.json (every file's SHA-256) and manifest.sig (its Ed25519 signature by the organization's key, generated on first use). " +
			"Needs the right to build audit packages. Check it with: isms verify PACKAGE.zip --key KEY.pem.",
		Body: reflect.TypeFor[packageRequest](), Errors: []int{http.StatusNotFound},
		Download: map[string]any{
			"content": map[string]any{packageMedia: map[string]any{"schema": binarySchema()}},
			"headers": map[string]any{"Content-Disposition": map[string]any{"schema": schemaObj{"type": "string"},
				"description": `attachment; filename="audit-package-<organization>-<framework>-<to>.zip"`}},
		},
	}}, s.signingKeyAPIOperations()...)
}

func (s *Server) apiPackageBuild(w http.ResponseWriter, r *http.Request) (any, error) {
	var in packageRequest
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	if _, err := s.streamPackage(w, r, s.packagePeriod(app.PackageInput{Framework: in.Framework, From: in.From, To: in.To})); err != nil {
		return nil, err
	}
	return written{}, nil
}

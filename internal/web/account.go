// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

type accountPage struct {
	basePage
	Tokens    []*isms.APIToken
	Now       time.Time
	TokenForm formView
	notificationSection
}

func tokenForm(name, scope, expires string) formView {
	return formView{Action: "/account/tokens", Submit: "Create token",
		Fields: []fieldView{
			text("name", "Name", name).required().help("What the token is for, e.g. \"CI export\"."),
			selectField("scope", "Scope", scope, [][2]string{{"read", "Read-only"}, {"read-write", "Read and write"}}),
			text("expiresAt", "Expires on", expires).kind("date").required().help("At most a year from today."),
		}}
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, http.StatusOK, tokenForm("", "read", s.app.Now().AddDate(0, 3, 0).Format("2006-01-02")))
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, f formView) error {
	return s.renderAccountPage(w, r, status, f, notificationSection{})
}

// renderAccountPage renders the account page with the token form f and
// the notification section ns, filled in where ns leaves it empty.
func (s *Server) renderAccountPage(w http.ResponseWriter, r *http.Request, status int, f formView, ns notificationSection) error {
	tokens, err := s.app.FindAPITokens(r.Context(), actor(r))
	if err != nil {
		return err
	}
	if err := s.fillNotificationSection(r, &ns); err != nil {
		return err
	}
	p := &accountPage{Tokens: tokens, Now: s.app.Now(), TokenForm: f, notificationSection: ns}
	p.Title = "My account"
	return s.render(w, r, status, "account", p)
}

func passwordForm() formView {
	return formView{Action: "/account/password", Submit: "Change password", Cancel: "/account",
		Fields: []fieldView{
			text("currentPassword", "Current password", "").kind("password").auto("current-password").required(),
			text("newPassword", "New password", "").kind("password").auto("new-password").required().help("At least 12 characters. Your other sessions end when you change it."),
		}}
}

func (s *Server) handlePasswordPage(w http.ResponseWriter, r *http.Request) error {
	p := &formPage{Form: passwordForm()}
	p.Title = "Change password"
	return s.render(w, r, http.StatusOK, "form", p)
}

func (s *Server) handlePasswordChange(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	err := s.app.ChangePassword(r.Context(), st.actor, r.PostFormValue("currentPassword"), r.PostFormValue("newPassword"), st.sessionID)
	if isms.ErrorFields(err) != nil {
		p := &formPage{Form: passwordForm()}
		p.Title = "Change password"
		p.Form.withErrors(err)
		return s.render(w, r, statusOf(isms.ErrorCode(err)), "form", p)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Password changed. Your other sessions have ended.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) error {
	name, scope, exp := r.PostFormValue("name"), r.PostFormValue("scope"), r.PostFormValue("expiresAt")
	t := &isms.APIToken{Name: name, Scope: isms.TokenScope(scope), ExpiresAt: formDate(r, "expiresAt").Add(24*time.Hour - time.Second)}
	secret, err := s.app.CreateAPIToken(r.Context(), actor(r), t)
	if isms.ErrorFields(err) != nil {
		f := tokenForm(name, scope, exp)
		f.withErrors(err)
		return s.renderAccount(w, r, statusOf(isms.ErrorCode(err)), f)
	} else if err != nil {
		return err
	}
	return s.showSecret(w, r, "API token created", "Use it as \"Authorization: Bearer <token>\" with the REST API under /api/v1. It acts as you, in this organization, with the scope you chose.",
		"Token "+t.Name, secret, "/account")
}

func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.RevokeAPIToken(r.Context(), actor(r), isms.ID(r.PathValue("id"))); err != nil {
		return err
	}
	s.flash(w, "ok", "Token revoked.")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

func signInForm(email, next string) formView {
	return formView{Action: "/signin", Submit: "Sign in", Hidden: map[string]string{"next": next},
		Fields: []fieldView{
			text("email", "E-mail", email).kind("email").auto("username").required(),
			text("password", "Password", "").kind("password").auto("current-password").required(),
		}}
}

func (s *Server) handleSignInPage(w http.ResponseWriter, r *http.Request) error {
	p := &formPage{Form: signInForm("", safeNext(r.URL.Query().Get("next")))}
	p.Title = "Sign in"
	return s.render(w, r, http.StatusOK, "form", p)
}

func (s *Server) handleSignIn(w http.ResponseWriter, r *http.Request) error {
	email, next := r.PostFormValue("email"), safeNext(r.PostFormValue("next"))
	id, _, err := s.app.SignIn(r.Context(), email, r.PostFormValue("password"), state(r).clientAddr)
	if code := isms.ErrorCode(err); code == isms.Unauthorized || code == isms.RateLimited {
		p := &formPage{Form: signInForm(email, next)}
		p.Title, p.Form.Conflict = "Sign in", isms.ErrorMessage(err)
		return s.render(w, r, statusOf(code), "form", p)
	} else if err != nil {
		return err
	}
	s.startSession(w, id)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) handleSignOut(w http.ResponseWriter, r *http.Request) error {
	if id := state(r).sessionID; id != "" {
		if err := s.app.SignOut(r.Context(), id); err != nil {
			return err
		}
	}
	s.setCookie(w, sessionCookie, "", -1)
	s.flash(w, "ok", "You are signed out.")
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
	return nil
}

func setupForm(in app.SetupInput) formView {
	return formView{Action: "/setup", Submit: "Create organization and account",
		Hidden: map[string]string{"token": in.Token},
		Fields: []fieldView{
			text("orgName", "Organization name", in.OrgName).required().auto("organization"),
			text("orgSlug", "Short name (slug)", in.OrgSlug).required().help("Lowercase letters, digits and hyphens, e.g. acme. Used on the command line (--org)."),
			text("name", "Your name", in.Name).required().auto("name"),
			text("email", "Your e-mail", in.Email).kind("email").required().auto("email"),
			text("password", "Password", "").kind("password").required().auto("new-password").help("At least 12 characters."),
		}}
}

// handleSetupPage shows the setup form to the holder of the one-time URL.
func (s *Server) handleSetupPage(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	if err := s.app.CheckSetupToken(r.Context(), token); err != nil {
		return err
	}
	p := &formPage{Lede: "Create the first organization and your account. You will own this installation and administer the organization.",
		Form: setupForm(app.SetupInput{Token: token})}
	p.Title = "Set up isms"
	return s.render(w, r, http.StatusOK, "form", p)
}

func (s *Server) handleSetup(w http.ResponseWriter, r *http.Request) error {
	in := app.SetupInput{Token: r.PostFormValue("token"), OrgName: r.PostFormValue("orgName"),
		OrgSlug: r.PostFormValue("orgSlug"), Name: r.PostFormValue("name"), Email: r.PostFormValue("email"),
		Password: r.PostFormValue("password")}
	id, _, err := s.app.Setup(r.Context(), in, state(r).clientAddr)
	if isms.ErrorFields(err) != nil || isCode(err, isms.Conflict) {
		p := &formPage{Form: setupForm(in)}
		p.Title = "Set up isms"
		p.Form.withErrors(err)
		return s.render(w, r, statusOf(isms.ErrorCode(err)), "form", p)
	} else if err != nil {
		return err
	}
	s.startSession(w, id)
	s.flash(w, "ok", "Your organization is ready. The roadmap below takes you through its ISMS step by step; invite your team from Members.")
	http.Redirect(w, r, "/roadmap", http.StatusSeeOther)
	return nil
}

func (s *Server) handleSwitchOrg(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	if st.sess == nil {
		return isms.Errorf(isms.Unauthorized, "Please sign in.")
	}
	if err := s.app.SwitchOrganization(r.Context(), st.sessionID, st.sess, r.PostFormValue("org")); err != nil {
		return err
	}
	next := sectionOf(safeNext(r.PostFormValue("next")))
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// sectionOf returns the list page of the section path belongs to ("/members"
// for "/members/user_x", "/admin/users" for "/admin/users/new"): after a
// switch of organization, a record of the previous one does not exist.
func sectionOf(path string) string {
	parts := strings.SplitN(strings.TrimPrefix(path, "/"), "/", 3)
	if parts[0] == "admin" && len(parts) > 1 {
		return "/admin/" + parts[1]
	}
	return "/" + parts[0]
}

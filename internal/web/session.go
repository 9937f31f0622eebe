// SPDX-License-Identifier: Apache-2.0

package web

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// cookieName returns the name of a cookie; on https the __Host- prefix pins
// it to this host, path / and Secure.
func (s *Server) cookieName(base string) string {
	if s.opts.SecureCookies {
		return "__Host-" + base
	}
	return base
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(name), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *Server) cookie(r *http.Request, name string) string {
	c, err := r.Cookie(s.cookieName(name))
	if err != nil {
		return ""
	}
	return c.Value
}

const (
	sessionCookie = "isms_session"
	flashCookie   = "isms_flash"
	csrfCookie    = "isms_csrf" // double-submit token for forms shown before sign-in
)

// guard authenticates a request as its route's access level requires and
// checks CSRF on every state-changing request before h runs.
func (s *Server) guard(access Access, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := state(r)
		// Public routes (sign-in, setup, health, assets) never look at the
		// session, so they cost no database read.
		if access != Public {
			if err := s.authenticate(r, st); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		if err := s.checkCSRF(r, st); err != nil {
			s.fail(w, r, err)
			return
		}
		switch {
		case access == Public:
		case st.actor.UserID == "":
			s.fail(w, r, isms.Errorf(isms.Unauthorized, "Please sign in."))
			return
		case st.sess != nil && st.sess.User.MustChangePassword && !passwordExempt(r):
			s.flash(w, "info", "Choose a new password before you continue.")
			http.Redirect(w, r, "/account/password", http.StatusSeeOther)
			return
		case access == Member && st.actor.OrgID == "":
			s.fail(w, r, noOrganization(st))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// passwordExempt lists what a user who must change their password may still reach.
func passwordExempt(r *http.Request) bool {
	return r.URL.Path == "/account/password" || r.URL.Path == "/signout" || strings.HasPrefix(r.URL.Path, "/api/")
}

// authenticate resolves the request's API token or session cookie.
func (s *Server) authenticate(r *http.Request, st *reqState) error {
	if auth := r.Header.Get("Authorization"); auth != "" {
		secret, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || !strings.HasPrefix(r.URL.Path, "/api/") {
			return isms.Errorf(isms.Unauthorized, "Use \"Authorization: Bearer <token>\" with the API.")
		}
		a, err := s.app.AuthenticateToken(r.Context(), strings.TrimSpace(secret))
		if err != nil {
			return err
		}
		st.actor, st.viaToken = a, true
		return nil
	}
	id := s.cookie(r, sessionCookie)
	if id == "" {
		return isms.Errorf(isms.Unauthorized, "Please sign in.")
	}
	sess, err := s.app.Authenticate(r.Context(), id)
	if err != nil {
		return err
	}
	st.sessionID, st.sess, st.actor = id, sess, sess.Actor
	return nil
}

// checkCSRF requires, on every state-changing request not authenticated by
// an API token, the session's CSRF token (form field "csrf" or header
// X-CSRF-Token); before sign-in, the double-submit cookie's value. A
// multipart body (a file upload) is never read here: reading a form field
// would parse, and buffer, the whole upload before the handler streams
// it. Such a request carries the token in the header or, from a plain
// form, in the action URL's "csrf" query parameter.
func (s *Server) checkCSRF(r *http.Request, st *reqState) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if st.viaToken {
		return nil
	}
	want := s.cookie(r, csrfCookie)
	if st.sess != nil {
		want = st.sess.Session.CSRFToken
	}
	got := r.Header.Get("X-CSRF-Token")
	switch {
	case got != "":
	case isMultipart(r):
		got = r.URL.Query().Get("csrf")
	default:
		got = r.PostFormValue("csrf")
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return isms.Errorf(isms.Forbidden, "This form has expired or did not come from this site. Reload the page and try again.")
	}
	return nil
}

// csrfToken returns the CSRF token forms of this request must carry,
// setting the double-submit cookie when nobody is signed in.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	st := state(r)
	if st.sess != nil {
		return st.sess.Session.CSRFToken
	}
	if t := s.cookie(r, csrfCookie); t != "" {
		return t
	}
	t := randomToken()
	s.setCookie(w, csrfCookie, t, 0)
	return t
}

// startSession sets the session cookie after sign-in or setup.
func (s *Server) startSession(w http.ResponseWriter, id string) {
	s.setCookie(w, sessionCookie, id, 0)
	s.setCookie(w, csrfCookie, "", -1)
}

// flash sets a one-time message for the next page.
func (s *Server) flash(w http.ResponseWriter, kind, msg string) {
	s.setCookie(w, flashCookie, url.QueryEscape(kind+"|"+msg), 60)
}

// takeFlash reads and clears the one-time message.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) (kind, msg string) {
	v := s.cookie(r, flashCookie)
	if v == "" {
		return "", ""
	}
	s.setCookie(w, flashCookie, "", -1)
	txt, err := url.QueryUnescape(v)
	if err != nil {
		return "", ""
	}
	kind, msg, _ = strings.Cut(txt, "|")
	switch kind {
	case "ok", "error", "info":
		return kind, msg
	}
	return "", ""
}

// sessionState returns the signed-in browser state, nil for API tokens.
func sessionState(r *http.Request) *app.SessionState { return state(r).sess }

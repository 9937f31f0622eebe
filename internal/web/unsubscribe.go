// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// Unsubscribe links: /unsubscribe/{token}?kind=… from every notification.
// GET only shows what would stop (link checkers in mail systems open
// links); POST stops it. The token is the credential, so neither needs a
// session, and the POST needs no CSRF token: a mail program's one-click
// unsubscribe (RFC 8058) posts "List-Unsubscribe=One-Click" without any
// cookie, and a forged POST could only do what the token already allows.

type unsubscribePage struct {
	basePage
	Token string
	Kind  isms.NotificationKind // "" when the link names no kind
	Sub   *app.Unsubscription
	Done  bool
	// Off names what was turned off, for the confirmation.
	Off string
}

// handleTokenCredential registers a public POST route whose URL token is
// its only credential: no session is read and no CSRF token is checked.
func (s *Server) handleTokenCredential(pattern string, h http.Handler) {
	s.routes = append(s.routes, Route{Pattern: pattern, Access: Public})
	s.mux.Handle(pattern, s.metrics.instrument(pattern, h))
}

// unsubscribeKind reads the kind named by the link; unknown kinds are
// none, so that the page offers to stop everything.
func unsubscribeKind(r *http.Request) isms.NotificationKind {
	k := isms.NotificationKind(r.URL.Query().Get("kind"))
	if !k.Valid() {
		return ""
	}
	return k
}

func (s *Server) handleUnsubscribePage(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	sub, err := s.app.FindUnsubscription(r.Context(), token, state(r).clientAddr)
	if err != nil {
		return err
	}
	p := &unsubscribePage{Token: token, Kind: unsubscribeKind(r), Sub: sub}
	p.Title = "Stop notification mails"
	return s.render(w, r, http.StatusOK, "unsubscribe", p)
}

func (s *Server) handleUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	token, kind := r.PathValue("token"), unsubscribeKind(r)
	if r.PostFormValue("all") == "on" {
		kind = ""
	}
	sub, err := s.app.Unsubscribe(r.Context(), token, kind, state(r).clientAddr)
	if err != nil {
		return err
	}
	p := &unsubscribePage{Token: token, Kind: kind, Sub: sub, Done: true, Off: "all notification mails"}
	if kind != "" {
		p.Off = kind.Label()
	}
	p.Title = "Notification mails stopped"
	return s.render(w, r, http.StatusOK, "unsubscribe", p)
}

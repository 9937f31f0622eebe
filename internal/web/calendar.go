// SPDX-License-Identifier: Apache-2.0

package web

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

// The calendar feed: a secret URL, /calendar/{token}.ics, that calendar
// applications subscribe to. The token in the URL is the credential, so
// the route is public; an unknown or revoked token is 404.

func (s *Server) handleCalendarCreate(w http.ResponseWriter, r *http.Request) error {
	token, err := s.app.CreateCalendarFeed(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return s.showSecret(w, r, "Calendar feed created",
		"Subscribe to this URL in your calendar application (\"add calendar from URL\"). It lists the due dates of your open tasks in all your organizations. Anyone who has the URL sees them, so keep it to yourself; any earlier feed URL no longer works.",
		"Calendar feed URL", s.opts.BaseURL+"/calendar/"+token+".ics", "/account#calendar")
}

func (s *Server) handleCalendarRevoke(w http.ResponseWriter, r *http.Request) error {
	had, err := s.app.RevokeCalendarFeed(r.Context(), actor(r))
	if err != nil {
		return err
	}
	if had {
		s.flash(w, "ok", "Calendar feed revoked: its URL no longer works.")
	} else {
		s.flash(w, "info", "You have no calendar feed.")
	}
	http.Redirect(w, r, "/account#calendar", http.StatusSeeOther)
	return nil
}

// handleCalendarFeed serves the feed. It is never stored by caches
// (Cache-Control: no-store): it holds task titles, and its URL is a
// credential that shared caches must not keep answering for after it is
// revoked. Calendar applications fetch it on their own schedule, guided by
// REFRESH-INTERVAL in the feed, and do not need HTTP caching.
func (s *Server) handleCalendarFeed(w http.ResponseWriter, r *http.Request) error {
	token, ok := strings.CutSuffix(r.PathValue("token"), ".ics")
	if !ok {
		return isms.Errorf(isms.NotFound, "No such calendar feed.")
	}
	feed, err := s.app.FindCalendarFeed(r.Context(), token)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.WriteCalendar(&buf, feed.Name, feed.Events); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="isms.ics"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Robots-Tag", "noindex")
	_, err = buf.WriteTo(w)
	return err
}

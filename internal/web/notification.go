// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The notification settings and the calendar feed are sections of the
// account page; they hold for all of a person's organizations.

// notificationSection is what the account page shows of notifications.
type notificationSection struct {
	Prefs       *isms.NotificationPrefs
	DueSoonDays string // as typed
	PrefsErrors map[string]string
	MaxDays     int
	// CalendarCreated is when the calendar feed was made; zero for none.
	CalendarCreated time.Time
}

// fillNotificationSection loads what ns does not hold yet.
func (s *Server) fillNotificationSection(r *http.Request, ns *notificationSection) error {
	a := actor(r)
	ns.MaxDays = isms.MaxDueSoonDays
	if ns.Prefs == nil {
		p, err := s.app.FindNotificationPrefs(r.Context(), a)
		if err != nil {
			return err
		}
		ns.Prefs, ns.DueSoonDays = p, strconv.Itoa(p.DueSoonDays)
	}
	t, err := s.app.CalendarFeedCreated(r.Context(), a)
	ns.CalendarCreated = t
	return err
}

func (s *Server) handleNotificationsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, http.StatusOK, tokenForm("", "read", s.app.Now().AddDate(0, 3, 0).Format("2006-01-02")))
}

func (s *Server) handleNotificationsUpdate(w http.ResponseWriter, r *http.Request) error {
	in := app.NotificationPrefsInput{Assigned: r.PostFormValue("assigned") == "on", DueSoonDays: r.PostFormValue("dueSoonDays"),
		Digest: r.PostFormValue("digest") == "on", Approvals: r.PostFormValue("approvals") == "on",
		RevokeLinks: r.PostFormValue("revokeLinks") == "on"}
	_, err := s.app.UpdateNotificationPrefs(r.Context(), actor(r), in)
	if fields := isms.ErrorFields(err); fields != nil {
		typed := &isms.NotificationPrefs{Assigned: in.Assigned, Digest: in.Digest, Approvals: in.Approvals}
		ns := notificationSection{Prefs: typed, DueSoonDays: in.DueSoonDays, PrefsErrors: fields}
		return s.renderAccountPage(w, r, statusOf(isms.ErrorCode(err)), tokenForm("", "read", s.app.Now().AddDate(0, 3, 0).Format("2006-01-02")), ns)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Notification settings saved.")
	http.Redirect(w, r, "/account#notifications", http.StatusSeeOther)
	return nil
}

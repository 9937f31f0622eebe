// SPDX-License-Identifier: Apache-2.0

package web

import (
	"net/http"
	"strconv"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

// The mail settings page: the installation's SMTP server, sender and the
// base URL of links in mails. The password is write-only: the form never
// shows it, and leaving it blank keeps the stored one. app lets
// installation owners only.

type adminMailPage struct {
	basePage
	Settings *app.MailSettingsView
	Form     formView
}

// mailForm returns the settings form filled with in.
func mailForm(in app.MailSettingsInput, passwordSet bool) formView {
	pwHelp := "No password is stored."
	if passwordSet {
		pwHelp = "A password is stored; leave this blank to keep it. Clear the user name to remove both."
	}
	return formView{Action: "/admin/mail", Submit: "Save mail settings",
		Fields: []fieldView{
			text("host", "SMTP server", in.Host).help("Host name or IP address. Leave empty to turn e-mail off: mails are then only written to the server log."),
			text("port", "Port", in.Port).kind("number").help("Usually 587 with STARTTLS, 465 with TLS, 25 without encryption."),
			selectField("tls", "Encryption", in.TLS, [][2]string{{"starttls", "STARTTLS (upgrade the connection)"}, {"tls", "TLS from the start"}, {"none", "None (only for a server on this machine)"}}),
			text("username", "User name", in.Username).auto("off").help("Optional; with a password, isms signs in with AUTH PLAIN or LOGIN."),
			text("password", "Password", "").kind("password").auto("new-password").help(pwHelp),
			text("fromEmail", "Sender address", in.FromEmail).kind("email").help("The From address of every mail, e.g. isms@example.com."),
			text("fromName", "Sender name", in.FromName).help("Shown as the sender, e.g. \"ISMS of Example Ltd\"."),
			text("baseUrl", "Base URL of links", in.BaseURL).kind("url").help("Used in links in mails when the server's configuration (ISMS_BASE_URL) sets none."),
		}}
}

func mailInput(v *app.MailSettingsView) app.MailSettingsInput {
	in := app.MailSettingsInput{Host: v.Host, TLS: v.TLS, Username: v.Username, FromEmail: v.FromEmail, FromName: v.FromName, BaseURL: v.BaseURL}
	if v.Port != 0 {
		in.Port = strconv.Itoa(v.Port)
	}
	if in.TLS == "" {
		in.TLS = "starttls"
	}
	return in
}

func (s *Server) handleAdminMail(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.FindMailSettings(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return s.renderAdminMail(w, r, http.StatusOK, v, mailForm(mailInput(v), v.PasswordSet))
}

func (s *Server) renderAdminMail(w http.ResponseWriter, r *http.Request, status int, v *app.MailSettingsView, f formView) error {
	p := &adminMailPage{Settings: v, Form: f}
	p.Title = "Mail settings"
	return s.render(w, r, status, "admin_mail", p)
}

func (s *Server) handleAdminMailUpdate(w http.ResponseWriter, r *http.Request) error {
	in := app.MailSettingsInput{Host: r.PostFormValue("host"), Port: r.PostFormValue("port"), TLS: r.PostFormValue("tls"),
		Username: r.PostFormValue("username"), Password: r.PostFormValue("password"), FromEmail: r.PostFormValue("fromEmail"),
		FromName: r.PostFormValue("fromName"), BaseURL: r.PostFormValue("baseUrl")}
	err := s.app.UpdateMailSettings(r.Context(), actor(r), in)
	if isms.ErrorFields(err) != nil {
		v, ferr := s.app.FindMailSettings(r.Context(), actor(r))
		if ferr != nil {
			return ferr
		}
		f := mailForm(in, v.PasswordSet)
		f.withErrors(err)
		return s.renderAdminMail(w, r, statusOf(isms.ErrorCode(err)), v, f)
	} else if err != nil {
		return err
	}
	s.flash(w, "ok", "Mail settings saved. The next mail uses them.")
	http.Redirect(w, r, "/admin/mail", http.StatusSeeOther)
	return nil
}

func (s *Server) handleAdminMailTest(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.SendTestMail(r.Context(), actor(r)); err != nil {
		return err
	}
	s.flash(w, "ok", "A test mail to you is queued and sent within seconds. If it does not arrive, look for a failed notify.test job on the background jobs page.")
	http.Redirect(w, r, "/admin/mail", http.StatusSeeOther)
	return nil
}

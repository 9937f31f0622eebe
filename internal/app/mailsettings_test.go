// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/mail/mailtest"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestMailSettings(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		good := app.MailSettingsInput{Host: "smtp.example.org", Port: "587", TLS: "starttls", Username: "isms",
			Password: "s3cret-smtp-password", FromEmail: "isms@example.org", FromName: "Example ISMS", BaseURL: "https://isms.example.org/"}

		err := w.app.UpdateMailSettings(w.ctx, w.asAdmin(), good)
		wantCode(t, "UpdateMailSettings(as an organization's admin)", err, isms.Forbidden)
		_, err = w.app.FindMailSettings(w.ctx, w.asAdmin())
		wantCode(t, "FindMailSettings(as an organization's admin)", err, isms.Forbidden)

		head := w.head(isms.InstallationChain)
		bad := app.MailSettingsInput{Host: "smtp.example.org:587", Port: "twenty-five", TLS: "ssl", Username: "isms",
			FromEmail: "not an address", BaseURL: "ftp://isms.example.org"}
		err = w.app.UpdateMailSettings(w.ctx, w.asOwner(), bad)
		wantFields(t, "UpdateMailSettings(bad)", err, isms.Invalid, "host", "port", "tls", "password", "fromEmail", "baseUrl")
		if h := w.head(isms.InstallationChain); h.Seq != head.Seq {
			t.Errorf("a rejected change wrote %d audit events", h.Seq-head.Seq)
		}

		if err := w.app.UpdateMailSettings(w.ctx, w.asOwner(), good); err != nil {
			t.Fatalf("UpdateMailSettings() = %v", err)
		}
		v, err := w.app.FindMailSettings(w.ctx, w.asOwner())
		if err != nil {
			t.Fatal(err)
		}
		if v.Password != "" || !v.PasswordSet || v.Host != good.Host || v.Port != 587 || v.BaseURL != "https://isms.example.org" || v.LinkBase != v.BaseURL {
			t.Errorf("FindMailSettings() = %+v", v)
		}
		e := w.lastEvent(isms.InstallationChain)
		if e.Action != "settings.mail_update" || strings.Contains(e.Changes, good.Password) {
			t.Errorf("event %s with changes %s: want settings.mail_update without the password", e.Action, e.Changes)
		}
		if c := changes(t, e); c["host"].After != good.Host || c["password"].After != "set (not recorded)" {
			t.Errorf("changes = %v", c)
		}

		// A blank password keeps the stored one; nothing changed, nothing recorded.
		head = w.head(isms.InstallationChain)
		same := good
		same.Password = ""
		if err := w.app.UpdateMailSettings(w.ctx, w.asOwner(), same); err != nil {
			t.Fatalf("UpdateMailSettings(blank password) = %v", err)
		}
		if v, _ := w.app.FindMailSettings(w.ctx, w.asOwner()); !v.PasswordSet {
			t.Error("a blank password removed the stored one")
		}
		if h := w.head(isms.InstallationChain); h.Seq != head.Seq {
			t.Errorf("saving unchanged settings wrote %d audit events", h.Seq-head.Seq)
		}

		// Clearing the user name removes the password too; clearing the host turns e-mail off.
		if err := w.app.UpdateMailSettings(w.ctx, w.asOwner(), app.MailSettingsInput{Port: "587", TLS: "starttls", FromEmail: good.FromEmail}); err != nil {
			t.Fatalf("UpdateMailSettings(off) = %v", err)
		}
		if v, _ := w.app.FindMailSettings(w.ctx, w.asOwner()); v.Enabled() || v.PasswordSet || v.FromEmail != good.FromEmail {
			t.Errorf("settings after turning e-mail off = %+v", v)
		}
	})
}

func TestTestMailGoesToTheOwner(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		srv := w.withMail()
		wantCode(t, "SendTestMail(as an organization's admin)", w.app.SendTestMail(w.ctx, w.asAdmin()), isms.Forbidden)
		if err := w.app.SendTestMail(w.ctx, w.asOwner()); err != nil {
			t.Fatal(err)
		}
		m := waitMail(t, srv, w.owner, "[isms] Test message")
		if !strings.Contains(m.Text, "Links in notifications start with "+mailBase+"/") || m.From.Email != "isms@example.org" {
			t.Errorf("test mail from %v:\n%s", m.From, m.Text)
		}
	})
}

func TestMailSettingsApplyWithoutRestart(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		first := w.withMail()
		w.newTask("To the first server", w.contributor, "2026-04-30")
		waitMail(t, first, w.contributor, "To the first server")
		second := mailtest.Start(t)
		w.setMailServer("127.0.0.1", second.SMTPPort)
		w.newTask("To the second server", w.contributor, "2026-04-30")
		waitMail(t, second, w.contributor, "To the second server")
		if got := mailsTo(t, first, w.contributor, "second"); len(got) != 0 {
			t.Errorf("the old server still got mail after the settings changed")
		}
	})
}

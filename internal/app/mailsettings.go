// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/mail"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The installation's SMTP settings live in the settings table, so that an
// installation owner changes them on a page and the next mail uses them:
// every job reads them when it sends. The password is stored as it is,
// since the SMTP server needs it; it is never shown, exported, logged or
// written into the audit trail.

// mailSettingsKey is the settings key of the SMTP settings, as JSON.
const mailSettingsKey = "mail.smtp"

// MailSettings are the installation's SMTP settings. With Host empty,
// e-mail is off: mails are only written to the log.
type MailSettings struct {
	Host      string `json:"host"`
	Port      int    `json:"port"`
	TLS       string `json:"tls"` // none, starttls or tls
	Username  string `json:"username"`
	Password  string `json:"password"`
	FromEmail string `json:"fromEmail"`
	FromName  string `json:"fromName"`
	// BaseURL starts the links in mails when the server's configuration
	// sets none (ISMS_BASE_URL).
	BaseURL string `json:"baseUrl"`
}

// Enabled reports whether mail is sent over SMTP.
func (s MailSettings) Enabled() bool { return s.Host != "" }

// config returns the settings as the mail package takes them.
func (s MailSettings) config() mail.Config {
	return mail.Config{Host: s.Host, Port: s.Port, TLS: mail.TLSMode(s.TLS), Username: s.Username,
		Password: s.Password, From: mail.Address{Name: s.FromName, Email: s.FromEmail}}
}

// MailSettingsView is what the settings page shows: the settings without
// the password, whether one is stored, and the base URL links use.
type MailSettingsView struct {
	MailSettings
	PasswordSet bool
	// LinkBase is the base URL of links in mails; BaseURLFromConfig says
	// that the server's configuration sets it, so BaseURL is not used.
	LinkBase          string
	BaseURLFromConfig bool
}

// MailSettingsInput is the settings form as typed. A blank Password keeps
// the stored one; clearing Username removes both.
type MailSettingsInput struct {
	Host, Port, TLS, Username, Password, FromEmail, FromName, BaseURL string
}

// FindMailSettings returns the SMTP settings without the password.
// Installation owners only.
func (a *App) FindMailSettings(ctx context.Context, actor isms.Actor) (*MailSettingsView, error) {
	if err := forbid(actor.Can(isms.ManageInstallation), "Only an installation owner may see the mail settings."); err != nil {
		return nil, err
	}
	var s MailSettings
	if err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		s, err = readMailSettings(ctx, tx)
		return err
	}); err != nil {
		return nil, err
	}
	v := &MailSettingsView{MailSettings: s, PasswordSet: s.Password != "", LinkBase: a.linkBase(s),
		BaseURLFromConfig: a.opts.BaseURL != ""}
	v.Password = ""
	return v, nil
}

// readMailSettings returns the stored settings; zero when none are.
func readMailSettings(ctx context.Context, tx *sqldb.Tx) (MailSettings, error) {
	var s MailSettings
	raw, err := tx.FindSetting(ctx, mailSettingsKey)
	if err != nil || raw == "" {
		return s, err
	}
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return s, fmt.Errorf("read the mail settings: %w", err)
	}
	return s, nil
}

// UpdateMailSettings checks and stores the SMTP settings and records what
// changed, the password only as changed. Installation owners only.
func (a *App) UpdateMailSettings(ctx context.Context, actor isms.Actor, in MailSettingsInput) error {
	if err := forbid(actor.Can(isms.ManageInstallation), "Only an installation owner may change the mail settings."); err != nil {
		return err
	}
	return a.db.Update(ctx, func(tx *sqldb.Tx) error {
		old, err := readMailSettings(ctx, tx)
		if err != nil {
			return err
		}
		s, err := mailSettingsFrom(in, old)
		if err != nil {
			return err
		}
		c := mailSettingsChanges(old, s)
		if len(c) == 0 {
			return nil
		}
		b, err := json.Marshal(s)
		if err != nil {
			return err
		}
		if err := tx.SetSetting(ctx, mailSettingsKey, string(b)); err != nil {
			return err
		}
		return audit(ctx, tx, isms.InstallationChain, actor, "settings.mail_update", "settings", "mail", c)
	})
}

// mailSettingsFrom reads and checks the form, keeping the stored password
// when none is typed.
func mailSettingsFrom(in MailSettingsInput, old MailSettings) (MailSettings, error) {
	s := MailSettings{Host: strings.TrimSpace(in.Host), TLS: strings.TrimSpace(in.TLS), Username: strings.TrimSpace(in.Username),
		Password: in.Password, FromEmail: strings.TrimSpace(in.FromEmail), FromName: strings.TrimSpace(in.FromName),
		BaseURL: strings.TrimRight(strings.TrimSpace(in.BaseURL), "/")}
	if s.Password == "" {
		s.Password = old.Password
	}
	if s.Username == "" {
		s.Password = ""
	}
	p := isms.Problems{}
	if port := strings.TrimSpace(in.Port); port != "" {
		n, err := strconv.Atoi(port)
		if err != nil {
			p.Add("port", "Give the port as a number, such as 587.")
		}
		s.Port = n
	}
	if s.BaseURL != "" {
		if u, err := url.Parse(s.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.Add("baseUrl", "Give an absolute http(s) URL such as https://isms.example.com.")
		}
	}
	if s.Enabled() { // without a host e-mail is off, and the rest is kept for later
		addConfigProblems(p, s.config().Validate())
	}
	return s, p.Err()
}

// configFields maps the mail package's field names to the form's.
var configFields = map[string]string{"host": "host", "port": "port", "tls": "tls", "username": "username",
	"password": "password", "from": "fromEmail"}

// addConfigProblems adds the problems of a *mail.ConfigError to p under
// the form's field names.
func addConfigProblems(p isms.Problems, err error) {
	ce, ok := err.(*mail.ConfigError)
	if !ok {
		return
	}
	for f, msg := range ce.Problems {
		if name, ok := configFields[f]; ok {
			if _, taken := p[name]; !taken {
				p.Add(name, msg)
			}
		}
	}
}

// mailSettingsChanges returns the audit changes between two settings: the
// password only as changed, never its value.
func mailSettingsChanges(old, s MailSettings) isms.Changes {
	c := isms.Changes{}
	set := func(field string, before, after any) {
		if before != after {
			c[field] = isms.Change{Before: before, After: after}
		}
	}
	set("host", old.Host, s.Host)
	set("port", old.Port, s.Port)
	set("tls", old.TLS, s.TLS)
	set("username", old.Username, s.Username)
	set("fromEmail", old.FromEmail, s.FromEmail)
	set("fromName", old.FromName, s.FromName)
	set("baseUrl", old.BaseURL, s.BaseURL)
	if old.Password != s.Password {
		c["password"] = isms.Change{Before: passwordState(old.Password), After: passwordState(s.Password)}
	}
	return c
}

// passwordState describes a stored password without revealing it.
func passwordState(pw string) string {
	if pw == "" {
		return "none"
	}
	return "set (not recorded)"
}

// linkBase returns the base URL of links: the configured one, else the
// one in the settings; "" when neither is set, and links are then paths.
func (a *App) linkBase(s MailSettings) string {
	if a.opts.BaseURL != "" {
		return strings.TrimRight(a.opts.BaseURL, "/")
	}
	return s.BaseURL
}

// mailer is what a job needs to send: the sender of the current settings
// and the base of links.
type mailer struct {
	sender mail.Sender
	base   string
}

// mailer returns a sender built from the stored settings, so that a change
// applies to the next mail; the log sender while e-mail is off.
func (a *App) mailer(ctx context.Context) (mailer, error) {
	var s MailSettings
	if err := a.db.View(ctx, func(tx *sqldb.Tx) (err error) {
		s, err = readMailSettings(ctx, tx)
		return err
	}); err != nil {
		return mailer{}, err
	}
	m := mailer{base: a.linkBase(s)}
	if s.Enabled() {
		m.sender = mail.NewSMTP(s.config())
	} else {
		m.sender = mail.NewLog(slog.Default())
	}
	return m, nil
}

// SendTestMail queues a test mail to the acting installation owner, sent
// with the stored settings.
func (a *App) SendTestMail(ctx context.Context, actor isms.Actor) error {
	if err := forbid(actor.Can(isms.ManageInstallation) && actor.UserID != "", "Only an installation owner may send a test mail."); err != nil {
		return err
	}
	return a.jobs.Insert(ctx, testMailArgs{UserID: actor.UserID, Nonce: randomSecret(16)}, jobs.InsertOpts{})
}

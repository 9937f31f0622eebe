// SPDX-License-Identifier: Apache-2.0

package mail_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"sort"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/mail"
)

func validConfig() mail.Config {
	return mail.Config{
		Host: "smtp.example.org", Port: 587, TLS: mail.TLSStartTLS,
		Username: "isms", Password: "secret",
		From: mail.Address{Name: "ISMS", Email: "isms@example.org"},
	}
}

func TestConfigValidateNamesTheFields(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(c *mail.Config)
		fields []string
	}{
		{"valid", func(c *mail.Config) {}, nil},
		{"valid without credentials in clear text", func(c *mail.Config) { c.TLS, c.Username, c.Password = mail.TLSNone, "", "" }, nil},
		{"credentials in clear text to loopback", func(c *mail.Config) { c.TLS, c.Host = mail.TLSNone, "127.0.0.1" }, nil},
		{"credentials in clear text to localhost", func(c *mail.Config) { c.TLS, c.Host = mail.TLSNone, "localhost" }, nil},
		{"credentials in clear text to ::1", func(c *mail.Config) { c.TLS, c.Host = mail.TLSNone, "::1" }, nil},
		{"credentials in clear text to a remote server", func(c *mail.Config) { c.TLS = mail.TLSNone }, []string{"tls"}},
		{"everything missing", func(c *mail.Config) { *c = mail.Config{} }, []string{"from", "host", "port", "tls"}},
		{"host with port", func(c *mail.Config) { c.Host = "smtp.example.org:587" }, []string{"host"}},
		{"port out of range", func(c *mail.Config) { c.Port = 70000 }, []string{"port"}},
		{"unknown TLS mode", func(c *mail.Config) { c.TLS = "ssl" }, []string{"tls"}},
		{"user without password", func(c *mail.Config) { c.Password = "" }, []string{"password"}},
		{"password without user", func(c *mail.Config) { c.Username = "" }, []string{"username"}},
		{"line break in password", func(c *mail.Config) { c.Password = "a\r\nb" }, []string{"password"}},
		{"invalid from", func(c *mail.Config) { c.From.Email = "isms" }, []string{"from"}},
		{"line break in from name", func(c *mail.Config) { c.From.Name = "ISMS\r\nBcc: x@example.org" }, []string{"from"}},
		{"invalid hello name", func(c *mail.Config) { c.HelloName = "my host" }, []string{"hello_name"}},
		{"negative timeout", func(c *mail.Config) { c.Timeout = -1 }, []string{"timeout"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validConfig()
			tt.edit(&c)
			err := c.Validate()
			if tt.fields == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var ce *mail.ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("Validate() = %v, want a *ConfigError", err)
			}
			var got []string
			for f, msg := range ce.Problems {
				got = append(got, f)
				if msg == "" {
					t.Errorf("field %s has an empty message", f)
				}
			}
			sort.Strings(got)
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("fields %v, want %v (%v)", got, tt.fields, err)
			}
		})
	}
}

func TestInvalidConfigFailsPermanentlyWithoutConnecting(t *testing.T) {
	c := validConfig()
	c.Port = 0
	err := mail.NewSMTP(c).Send(context.Background(), mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Subject: "s", Text: "t"})
	var ce *mail.ConfigError
	if !errors.As(err, &ce) || ce.Problems["port"] == "" {
		t.Fatalf("Send = %v, want a ConfigError naming port", err)
	}
	if !mail.IsPermanent(err) {
		t.Fatalf("IsPermanent(%v) = false", err)
	}
}

func TestLogSenderLogsRecipientsAndSubjectNotBody(t *testing.T) {
	var buf bytes.Buffer
	s := mail.NewLog(slog.New(slog.NewTextHandler(&buf, nil)))
	m := mail.Message{
		To:      []mail.Address{{Name: "Alice", Email: "alice@example.com"}, {Email: "bob@example.com"}},
		Subject: "Task overdue",
		Text:    "secret-link-token",
		HTML:    "<p>secret-link-token</p>",
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	out := buf.String()
	for _, want := range []string{"alice@example.com", "bob@example.com", "Task overdue"} {
		if !strings.Contains(out, want) {
			t.Errorf("log %q lacks %q", out, want)
		}
	}
	if strings.Contains(out, "secret-link-token") {
		t.Errorf("log contains the body: %q", out)
	}
	buf.Reset()
	m.Subject = "x\r\nBcc: y@example.com"
	if err := s.Send(context.Background(), m); err == nil || !mail.IsPermanent(err) {
		t.Errorf("Send(invalid) = %v, want a permanent error", err)
	}
	if buf.Len() != 0 {
		t.Errorf("an invalid message was logged: %q", buf.String())
	}
}

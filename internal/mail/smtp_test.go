// SPDX-License-Identifier: Apache-2.0

package mail_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/mail"
	"github.com/ismsproject/isms/internal/mail/mailtest"
)

// send sends m through a new SMTP sender for cfg and fails the test on error.
func send(t *testing.T, cfg mail.Config, m mail.Message) {
	t.Helper()
	if err := mail.NewSMTP(cfg).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
}

func bySubject(s string) func(mailtest.Received) bool {
	return func(r mailtest.Received) bool { return r.Subject == s }
}

// sameText compares bodies across line-ending conventions.
func sameText(a, b string) bool {
	n := func(s string) string { return strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n") }
	return n(a) == n(b)
}

func TestSendPlainText(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t)
	m := mail.Message{
		To:      []mail.Address{{Name: "Alice Example", Email: "alice@example.com"}},
		Subject: "Task due in 3 days",
		Text:    "Hello Alice,\n\nthe task \"Review access rights\" is due on 1 December.\n.\nA line with only a dot is above.",
		Headers: map[string]string{
			"List-Unsubscribe":      "<https://isms.example.org/unsubscribe/abc>",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
	}
	send(t, srv.Config(), m)
	got := srv.WaitFor(t, bySubject(m.Subject), 5*time.Second)
	if got.From != srv.Config().From {
		t.Errorf("From = %+v, want %+v", got.From, srv.Config().From)
	}
	if len(got.To) != 1 || got.To[0] != m.To[0] {
		t.Errorf("To = %+v, want %+v", got.To, m.To)
	}
	if !sameText(got.Text, m.Text) {
		t.Errorf("Text = %q, want %q", got.Text, m.Text)
	}
	if got.HTML != "" {
		t.Errorf("HTML = %q, want none", got.HTML)
	}
	for k, v := range m.Headers {
		if h := got.Headers.Get(k); h != v {
			t.Errorf("%s = %q, want %q", k, h, v)
		}
	}
	if !strings.HasSuffix(got.MessageID, "@example.org") {
		t.Errorf("Message-ID %q is not on the sender's domain", got.MessageID)
	}
	raw := string(srv.Raw(t, got.ID))
	if strings.Contains(strings.ReplaceAll(raw, "\r\n", ""), "\n") {
		t.Errorf("raw message has bare line feeds:\n%q", raw)
	}
}

func TestSendHTMLAndText(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t)
	m := mail.Message{
		To:      []mail.Address{{Email: "alice@example.com"}},
		Subject: "Approval requested: Access control policy",
		Text:    "Please review the access control policy:\nhttps://isms.example.org/approvals/7",
		HTML:    `<p>Please review the <a href="https://isms.example.org/approvals/7">access control policy</a>.</p>`,
	}
	send(t, srv.Config(), m)
	got := srv.WaitFor(t, bySubject(m.Subject), 5*time.Second)
	if !sameText(got.Text, m.Text) {
		t.Errorf("Text = %q, want %q", got.Text, m.Text)
	}
	if !sameText(got.HTML, m.HTML) {
		t.Errorf("HTML = %q, want %q", got.HTML, m.HTML)
	}
	if ct := got.Headers.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative;") {
		t.Errorf("Content-Type = %q", ct)
	}
}

func TestSendNonASCIIAndSeveralRecipients(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t)
	m := mail.Message{
		To: []mail.Address{
			{Name: "Jörg Müller", Email: "joerg@example.de"},
			{Name: "Zoë Ångström-Øster", Email: "zoe@example.se"},
			{Name: "田中 太郎", Email: "tanaka@example.jp"},
		},
		Subject: "Überfällig: 3 Aufgaben – „Risikobewertung Rechenzentrum“ und 東京オフィスの入退室管理の見直し",
		Text:    "Grüße aus Köln – 3 Aufgaben sind überfällig.\nこんにちは",
		HTML:    "<p>Grüße aus Köln – 3 Aufgaben sind überfällig.</p><p>こんにちは</p>",
	}
	send(t, srv.Config(), m)
	got := srv.WaitFor(t, func(r mailtest.Received) bool { return strings.HasPrefix(r.Subject, "Überfällig") }, 5*time.Second)
	if got.Subject != m.Subject {
		t.Errorf("Subject = %q, want %q", got.Subject, m.Subject)
	}
	if len(got.To) != len(m.To) {
		t.Fatalf("To = %+v, want %+v", got.To, m.To)
	}
	for i := range m.To {
		if got.To[i] != m.To[i] {
			t.Errorf("To[%d] = %+v, want %+v", i, got.To[i], m.To[i])
		}
	}
	if !sameText(got.Text, m.Text) || !sameText(got.HTML, m.HTML) {
		t.Errorf("bodies = %q / %q, want %q / %q", got.Text, got.HTML, m.Text, m.HTML)
	}
	if n := len(srv.Messages(t)); n != 1 {
		t.Errorf("mailpit holds %d messages, want 1 for all recipients", n)
	}
}

func TestSendRejectsHeaderInjectionBeforeConnecting(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t)
	attempts := []mail.Message{
		{To: []mail.Address{{Email: "a@example.com"}}, Subject: "Hi\r\nBcc: victim@example.com", Text: "t"},
		{To: []mail.Address{{Name: "Eve\nBcc: victim@example.com", Email: "a@example.com"}}, Subject: "s", Text: "t"},
		{To: []mail.Address{{Email: "a@example.com\r\nBcc: victim@example.com"}}, Subject: "s", Text: "t"},
		{To: []mail.Address{{Email: "a@example.com"}}, Subject: "s", Text: "t",
			Headers: map[string]string{"List-Unsubscribe": "<https://x>\r\nBcc: victim@example.com"}},
	}
	for i, m := range attempts {
		err := mail.NewSMTP(srv.Config()).Send(context.Background(), m)
		if err == nil || !mail.IsPermanent(err) {
			t.Errorf("attempt %d: Send = %v, want a permanent error", i, err)
		}
	}
	send(t, srv.Config(), mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Subject: "marker", Text: "t"})
	srv.WaitFor(t, bySubject("marker"), 5*time.Second)
	if msgs := srv.Messages(t); len(msgs) != 1 {
		t.Fatalf("mailpit received %d messages, want only the marker", len(msgs))
	}
}

// testCert writes a self-signed certificate for 127.0.0.1 and localhost
// and returns the file names and a pool that trusts it.
func testCert(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mailpit test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func TestSendOverTLS(t *testing.T) {
	t.Parallel()
	certFile, keyFile, pool := testCert(t)
	for _, tt := range []struct {
		mode mail.TLSMode
		flag string
	}{
		{mail.TLSStartTLS, "--smtp-require-starttls"},
		{mail.TLSImplicit, "--smtp-require-tls"},
	} {
		t.Run(string(tt.mode), func(t *testing.T) {
			t.Parallel()
			srv := mailtest.Start(t, "--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile, tt.flag)
			cfg := srv.Config()
			cfg.TLS = tt.mode

			verified := mail.NewSMTP(cfg)
			mail.TrustRoots(verified, pool)
			if err := verified.Send(context.Background(), mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Subject: "verified", Text: "t"}); err != nil {
				t.Fatalf("Send with the certificate trusted: %v", err)
			}
			srv.WaitFor(t, bySubject("verified"), 5*time.Second)

			err := mail.NewSMTP(cfg).Send(context.Background(), mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Subject: "unverified", Text: "t"})
			if err == nil || !strings.Contains(err.Error(), "certificate") {
				t.Fatalf("Send to an untrusted certificate = %v, want a certificate error", err)
			}
			if mail.IsPermanent(err) {
				t.Errorf("IsPermanent(%v) = true, want false", err)
			}

			cfg.InsecureSkipVerify = true
			send(t, cfg, mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Subject: "skip verify", Text: "t"})
			srv.WaitFor(t, bySubject("skip verify"), 5*time.Second)
			if n := len(srv.Messages(t)); n != 2 {
				t.Errorf("mailpit received %d messages, want 2", n)
			}
		})
	}
}

func TestSendFailsWhenStartTLSIsRequiredButNotOffered(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t)
	cfg := srv.Config()
	cfg.TLS = mail.TLSStartTLS
	err := mail.NewSMTP(cfg).Send(context.Background(), mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Subject: "s", Text: "t"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("Send = %v, want an error about STARTTLS", err)
	}
	if n := len(srv.Messages(t)); n != 0 {
		t.Fatalf("mailpit received %d messages over the unencrypted connection", n)
	}
}

func TestSendAuthenticates(t *testing.T) {
	t.Parallel()
	certFile, keyFile, pool := testCert(t)
	auth := filepath.Join(t.TempDir(), "smtp-users")
	if err := os.WriteFile(auth, []byte("isms:correct-horse\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := mailtest.Start(t, "--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile, "--smtp-auth-file", auth)
	cfg := srv.Config()
	cfg.TLS, cfg.Username, cfg.Password = mail.TLSStartTLS, "isms", "correct-horse"
	s := mail.NewSMTP(cfg)
	mail.TrustRoots(s, pool)
	if err := s.Send(context.Background(), mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Subject: "authenticated", Text: "t"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	srv.WaitFor(t, bySubject("authenticated"), 5*time.Second)

	cfg.Password = "wrong"
	s = mail.NewSMTP(cfg)
	mail.TrustRoots(s, pool)
	err := s.Send(context.Background(), mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Subject: "wrong password", Text: "t"})
	if err == nil || !mail.IsPermanent(err) {
		t.Fatalf("Send with a wrong password = %v, want a permanent error", err)
	}
	if n := len(srv.Messages(t)); n != 1 {
		t.Errorf("mailpit received %d messages, want 1", n)
	}
}

func TestSendAuthenticatesInClearTextOnlyToLoopback(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t, "--smtp-auth-accept-any", "--smtp-auth-allow-insecure")
	cfg := srv.Config()
	cfg.Username, cfg.Password = "isms", "secret"
	send(t, cfg, mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Subject: "loopback auth", Text: "t"})
	srv.WaitFor(t, bySubject("loopback auth"), 5*time.Second)
}

func TestSMTPRepliesAreClassified(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		trigger   string
		permanent bool
	}{
		{"Recipient:550:100", true},
		{"Sender:553:100", true},
		{"Recipient:451:100", false},
	} {
		t.Run(tt.trigger, func(t *testing.T) {
			t.Parallel()
			srv := mailtest.Start(t, "--chaos-triggers", tt.trigger)
			err := mail.NewSMTP(srv.Config()).Send(context.Background(), mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Subject: "s", Text: "t"})
			if err == nil {
				t.Fatal("Send succeeded, want the server's error")
			}
			if got := mail.IsPermanent(err); got != tt.permanent {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, got, tt.permanent)
			}
		})
	}
}

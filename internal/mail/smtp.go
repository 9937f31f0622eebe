// SPDX-License-Identifier: Apache-2.0

package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"strconv"
	"strings"
	"time"
)

// SMTP sends messages to an SMTP server, one connection per message.
type SMTP struct {
	cfg     Config
	rootCAs *x509.CertPool // nil: the system's roots
}

// NewSMTP returns a Sender for the server of cfg. The settings are
// checked on every Send, which fails permanently while they are invalid.
func NewSMTP(cfg Config) *SMTP { return &SMTP{cfg: cfg} }

// Send connects, upgrades to TLS as configured, authenticates when
// credentials are set, and delivers m to all its recipients, or to none.
// It gives up after Config.Timeout or when ctx ends.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	if err := s.cfg.Validate(); err != nil {
		return permanent(err)
	}
	data, err := compose(m, s.cfg.From, time.Now())
	if err != nil {
		return permanent(err)
	}
	to := make([]string, len(m.To))
	for i, a := range m.To {
		to[i] = a.Email
	}
	timeout := s.cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := s.deliver(ctx, to, data); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
			err = fmt.Errorf("%w: %w", ctxErr, err)
		}
		return fmt.Errorf("send mail via %s: %w", s.addr(), err)
	}
	return nil
}

func (s *SMTP) addr() string { return net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port)) }

// deliver connects, with TLS from the start in mode tls, and runs one SMTP
// session.
func (s *SMTP) deliver(ctx context.Context, to []string, data []byte) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.addr())
	if err != nil {
		return err
	}
	defer conn.Close()
	// When ctx ends (the timeout included), any read or write in progress
	// fails at once, and the error then wraps ctx.Err().
	raw := conn
	defer context.AfterFunc(ctx, func() { raw.SetDeadline(time.Unix(1, 0)) })()
	loopback := false
	if ta, ok := conn.RemoteAddr().(*net.TCPAddr); ok {
		loopback = ta.IP.IsLoopback()
	}
	if s.cfg.TLS == TLSImplicit {
		tc := tls.Client(conn, s.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			return fmt.Errorf("tls: %w", err)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		return fmt.Errorf("greeting: %w", err)
	}
	return s.transact(c, loopback, to, data)
}

// transact runs the SMTP dialogue after the greeting: EHLO, STARTTLS,
// AUTH, the envelope and the message.
func (s *SMTP) transact(c *smtp.Client, loopback bool, to []string, data []byte) error {
	hello := s.cfg.HelloName
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return fmt.Errorf("ehlo: %w", err)
	}
	encrypted := s.cfg.TLS == TLSImplicit
	if s.cfg.TLS == TLSStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("the server does not offer STARTTLS, which the settings require")
		}
		if err := c.StartTLS(s.tlsConfig()); err != nil {
			return fmt.Errorf("starttls: %w", err)
		}
		encrypted = true
	}
	if s.cfg.Username != "" {
		if err := s.authenticate(c, encrypted || loopback); err != nil {
			return err
		}
	}
	if err := c.Mail(s.cfg.From.Email); err != nil {
		return fmt.Errorf("mail from: %w", err)
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt); err != nil {
			return fmt.Errorf("rcpt to %s: %w", rcpt, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	// The message is accepted; a failed QUIT must not cause a second copy.
	c.Quit()
	return nil
}

// authenticate sends the credentials with AUTH PLAIN, or LOGIN when the
// server offers only that, and only over an encrypted or loopback
// connection.
func (s *SMTP) authenticate(c *smtp.Client, safe bool) error {
	if !safe {
		return permanent(errors.New("refusing to send credentials over an unencrypted connection to a remote server"))
	}
	ok, mechs := c.Extension("AUTH")
	if !ok {
		return permanent(errors.New("the server does not offer authentication (AUTH) but a user name is set"))
	}
	var a smtp.Auth
	for _, m := range strings.Fields(strings.ToUpper(mechs)) {
		if m == "PLAIN" {
			a = plainAuth{s.cfg.Username, s.cfg.Password}
			break
		}
		if m == "LOGIN" {
			a = loginAuth{s.cfg.Username, s.cfg.Password}
		}
	}
	if a == nil {
		return permanent(fmt.Errorf("the server offers AUTH %s, but only PLAIN and LOGIN are supported", mechs))
	}
	if err := c.Auth(a); err != nil {
		return fmt.Errorf("auth: %w", err)
	}
	return nil
}

func (s *SMTP) tlsConfig() *tls.Config {
	return &tls.Config{
		ServerName:         s.cfg.Host,
		RootCAs:            s.rootCAs,
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: s.cfg.InsecureSkipVerify,
	}
}

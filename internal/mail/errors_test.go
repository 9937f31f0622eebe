// SPDX-License-Identifier: Apache-2.0

package mail_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/mail"
)

// fakeSMTP is a minimal SMTP peer on loopback for replies mailpit cannot
// be told to give. It greets with greeting (none when empty, to test
// timeouts) and answers each command line with reply(line); a reply of
// "" closes the connection. After a 354 reply it reads the message up to
// the final dot and answers "250 OK". It records the session.
type fakeSMTP struct {
	ln       net.Listener
	greeting string
	reply    func(line string) string
	lines    chan []string
}

func startFake(t *testing.T, greeting string, reply func(string) string) (*fakeSMTP, mail.Config) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSMTP{ln: ln, greeting: greeting, reply: reply, lines: make(chan []string, 1)}
	t.Cleanup(func() { ln.Close() })
	go f.serve()
	cfg := mail.Config{
		Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, TLS: mail.TLSNone,
		From: mail.Address{Email: "isms@example.org"}, Timeout: 5 * time.Second,
	}
	return f, cfg
}

func (f *fakeSMTP) serve() {
	conn, err := f.ln.Accept()
	if err != nil {
		return
	}
	defer conn.Close()
	var seen []string
	defer func() { f.lines <- seen }()
	tc := textproto.NewConn(conn)
	if f.greeting == "" {
		tc.ReadLine() // wait for the client to give up
		return
	}
	tc.PrintfLine("%s", f.greeting)
	for {
		line, err := tc.ReadLine()
		if err != nil {
			return
		}
		seen = append(seen, line)
		r := f.reply(line)
		if r == "" {
			return
		}
		tc.PrintfLine("%s", r)
		if strings.HasPrefix(r, "354") {
			body, err := tc.ReadDotLines()
			if err != nil {
				return
			}
			seen = append(seen, body...)
			tc.PrintfLine("250 OK")
		}
	}
}

// session returns the lines the client sent.
func (f *fakeSMTP) session(t *testing.T) []string {
	t.Helper()
	select {
	case s := <-f.lines:
		return s
	case <-time.After(5 * time.Second):
		t.Fatal("the fake server saw no session")
		return nil
	}
}

var testMessage = mail.Message{To: []mail.Address{{Email: "a@example.com"}}, Subject: "s", Text: "t"}

// accepting answers a whole session with success.
func accepting(ext ...string) func(string) string {
	return func(line string) string {
		switch cmd := strings.ToUpper(strings.Fields(line + " x")[0]); cmd {
		case "EHLO":
			return strings.Join(append([]string{"250-fake"}, ext...), "\r\n250-") + "\r\n250 8BITMIME"
		case "DATA":
			return "354 go ahead"
		case "QUIT":
			return "221 bye"
		default:
			return "250 OK"
		}
	}
}

func TestReplyCodesDecidePermanence(t *testing.T) {
	for _, tt := range []struct {
		name      string
		greeting  string
		failOn    string
		reply     string
		permanent bool
	}{
		{"550 to MAIL FROM", "220 fake", "MAIL", "550 5.7.1 sender rejected", true},
		{"554 to DATA", "220 fake", "DATA", "554 5.6.0 message refused", true},
		{"452 to RCPT TO", "220 fake", "RCPT", "452 4.2.2 mailbox full", false},
		{"421 greeting", "421 4.3.2 try later", "", "", false},
		{"554 greeting", "554 5.7.1 no service", "", "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ok := accepting()
			_, cfg := startFake(t, tt.greeting, func(line string) string {
				if tt.failOn != "" && strings.HasPrefix(strings.ToUpper(line), tt.failOn) {
					return tt.reply
				}
				return ok(line)
			})
			err := mail.NewSMTP(cfg).Send(context.Background(), testMessage)
			if err == nil {
				t.Fatal("Send succeeded, want the server's error")
			}
			if got := mail.IsPermanent(err); got != tt.permanent {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, got, tt.permanent)
			}
		})
	}
}

func TestConnectionRefusedIsTemporary(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cfg := mail.Config{Host: "127.0.0.1", Port: port, TLS: mail.TLSNone, From: mail.Address{Email: "isms@example.org"}}
	err = mail.NewSMTP(cfg).Send(context.Background(), testMessage)
	if err == nil || mail.IsPermanent(err) {
		t.Fatalf("Send = %v, want a temporary error", err)
	}
	if !strings.Contains(err.Error(), "refused") {
		t.Errorf("Send = %v, want it to say the connection was refused", err)
	}
}

func TestSilentServerTimesOut(t *testing.T) {
	_, cfg := startFake(t, "", nil)
	cfg.Timeout = 200 * time.Millisecond
	start := time.Now()
	err := mail.NewSMTP(cfg).Send(context.Background(), testMessage)
	if err == nil || mail.IsPermanent(err) {
		t.Fatalf("Send = %v, want a temporary error", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Send = %v, want it to wrap context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Send took %s with a 200ms timeout", d)
	}
}

func TestCancelStopsSend(t *testing.T) {
	_, cfg := startFake(t, "", nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	err := mail.NewSMTP(cfg).Send(ctx, testMessage)
	if !errors.Is(err, context.Canceled) || mail.IsPermanent(err) {
		t.Fatalf("Send = %v, want a temporary error wrapping context.Canceled", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Send took %s after cancel", d)
	}
}

func TestAuthLoginWhenThePlainMechanismIsNotOffered(t *testing.T) {
	base := accepting("AUTH LOGIN")
	step := 0
	f, cfg := startFake(t, "220 fake", func(line string) string {
		switch {
		case strings.HasPrefix(line, "AUTH LOGIN"):
			step = 1
			return "334 " + base64.StdEncoding.EncodeToString([]byte("Username:"))
		case step == 1:
			step = 2
			return "334 " + base64.StdEncoding.EncodeToString([]byte("Password:"))
		case step == 2:
			step = 3
			return "235 2.7.0 authenticated"
		}
		return base(line)
	})
	cfg.Username, cfg.Password = "isms", "s3cret"
	if err := mail.NewSMTP(cfg).Send(context.Background(), testMessage); err != nil {
		t.Fatalf("Send: %v", err)
	}
	s := f.session(t)
	if len(s) < 4 || s[1] != "AUTH LOGIN" {
		t.Fatalf("session %q, want EHLO then AUTH LOGIN", s)
	}
	user, _ := base64.StdEncoding.DecodeString(s[2])
	pass, _ := base64.StdEncoding.DecodeString(s[3])
	if string(user) != "isms" || string(pass) != "s3cret" {
		t.Errorf("credentials %q/%q, want isms/s3cret", user, pass)
	}
	if !strings.HasPrefix(s[4], "MAIL FROM:<isms@example.org>") {
		t.Errorf("after AUTH came %q, want MAIL FROM", s[4])
	}
}

func TestNoCredentialsWhenServerOffersNoAuth(t *testing.T) {
	f, cfg := startFake(t, "220 fake", accepting())
	cfg.Username, cfg.Password = "isms", "s3cret"
	err := mail.NewSMTP(cfg).Send(context.Background(), testMessage)
	if err == nil || !strings.Contains(err.Error(), "AUTH") {
		t.Fatalf("Send = %v, want an error about AUTH", err)
	}
	for _, l := range f.session(t) {
		if strings.HasPrefix(l, "MAIL") {
			t.Fatalf("sent %q without the authentication the settings ask for", l)
		}
	}
}

// SPDX-License-Identifier: Apache-2.0

// Package mailtest runs a real SMTP server for tests: mailpit
// (github.com/axllent/mailpit) on the loopback interface, with the
// messages it received read back through its HTTP API.
//
// ISMS_TEST_MAILPIT names the mailpit binary, or is "1" to find mailpit on
// PATH; when it is unset, tests that need the server are skipped. Install
// it with: go install github.com/axllent/mailpit@v1.33.1
package mailtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/mail"
)

// httpClient talks to mailpit on a transport of its own: the shared default
// transport is closed by every httptest.Server's Close, which would break a
// request in flight from a parallel test.
var httpClient = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone(), Timeout: 30 * time.Second}

// Env is the environment variable that enables tests with mailpit.
const Env = "ISMS_TEST_MAILPIT"

// Server is a running mailpit.
type Server struct {
	// SMTPPort and HTTPURL are where mailpit listens, on 127.0.0.1.
	SMTPPort int
	HTTPURL  string

	mu   sync.Mutex
	out  bytes.Buffer // mailpit's output, shown when a test fails
	cmd  *exec.Cmd
	done chan struct{}
}

// Received is a message as mailpit received it.
type Received struct {
	ID        string // mailpit's ID, for Raw
	MessageID string // the Message-ID header, without angle brackets
	From      mail.Address
	To        []mail.Address
	Subject   string // decoded
	Text      string // the plain-text body, decoded
	HTML      string // the HTML body, decoded; "" when there is none
	// Headers are the message's header fields as sent (encoded words
	// not decoded), keyed by canonical name.
	Headers textproto.MIMEHeader
}

// Binary returns the mailpit binary named by ISMS_TEST_MAILPIT, or skips
// the test when the variable is unset.
func Binary(t testing.TB) string {
	t.Helper()
	v := os.Getenv(Env)
	switch v {
	case "":
		t.Skipf("%s is not set: set it to the mailpit binary (or to 1 to use mailpit from PATH) to run tests against a real SMTP server; install it with go install github.com/axllent/mailpit@v1.33.1", Env)
	case "1":
		p, err := exec.LookPath("mailpit")
		if err != nil {
			t.Fatalf("%s=1 but mailpit is not on PATH: %v", Env, err)
		}
		return p
	}
	return v
}

// Start runs mailpit on free loopback ports with a database in a
// temporary directory, waits until it accepts SMTP and HTTP, and stops it
// when the test ends. Extra mailpit flags (such as --smtp-tls-cert,
// --smtp-auth-file or --chaos-triggers) may follow t.
func Start(t testing.TB, flags ...string) *Server {
	t.Helper()
	bin := Binary(t)
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // a free port can be taken before mailpit binds it
		s, err := start(t, bin, flags)
		if err == nil {
			return s
		}
		lastErr = err
	}
	t.Fatalf("start mailpit: %v", lastErr)
	return nil
}

func start(t testing.TB, bin string, flags []string) (*Server, error) {
	smtpPort, err := freePort()
	if err != nil {
		return nil, err
	}
	httpPort, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &Server{SMTPPort: smtpPort, HTTPURL: "http://127.0.0.1:" + strconv.Itoa(httpPort), done: make(chan struct{})}
	args := append([]string{
		"--smtp", "127.0.0.1:" + strconv.Itoa(smtpPort),
		"--listen", "127.0.0.1:" + strconv.Itoa(httpPort),
		"--database", filepath.Join(t.TempDir(), "mailpit.db"),
		"--disable-version-check",
		"--smtp-disable-rdns",
	}, flags...)
	s.cmd = exec.Command(bin, args...)
	s.cmd.Stdout = (*syncWriter)(s)
	s.cmd.Stderr = (*syncWriter)(s)
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("run %s: %w", bin, err)
	}
	go func() { s.cmd.Wait(); close(s.done) }()
	if err := s.waitReady(15 * time.Second); err != nil {
		s.stop()
		return nil, fmt.Errorf("%w\nmailpit output:\n%s", err, s.output())
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("mailpit output:\n%s", s.output())
		}
		s.stop()
	})
	return s, nil
}

// syncWriter collects mailpit's output.
type syncWriter Server

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.out.Write(p)
}

func (s *Server) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitReady polls the HTTP API and the SMTP port until both answer.
func (s *Server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return fmt.Errorf("mailpit exited: %v", s.cmd.ProcessState)
		default:
		}
		if s.ready() {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("mailpit did not answer within %s", limit)
}

func (s *Server) ready() bool {
	resp, err := httpClient.Get(s.HTTPURL + "/readyz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false
	}
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(s.SMTPPort), time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// stop asks mailpit to exit and kills it if it has not within five seconds.
func (s *Server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// Config returns settings for sending to this server in clear text,
// from "isms@example.org".
func (s *Server) Config() mail.Config {
	return mail.Config{
		Host:    "127.0.0.1",
		Port:    s.SMTPPort,
		TLS:     mail.TLSNone,
		From:    mail.Address{Name: "isms", Email: "isms@example.org"},
		Timeout: 10 * time.Second,
	}
}

// apiAddress is an address as mailpit's API gives it.
type apiAddress struct{ Name, Address string }

func (a apiAddress) mail() mail.Address { return mail.Address{Name: a.Name, Email: a.Address} }

// Messages returns every message received so far, oldest first.
func (s *Server) Messages(t testing.TB) []Received {
	t.Helper()
	var list struct {
		Messages []struct{ ID string }
	}
	s.get(t, "/api/v1/messages?limit=1000", &list)
	out := make([]Received, 0, len(list.Messages))
	for i := len(list.Messages) - 1; i >= 0; i-- {
		out = append(out, s.message(t, list.Messages[i].ID))
	}
	return out
}

func (s *Server) message(t testing.TB, id string) Received {
	t.Helper()
	var m struct {
		ID, MessageID, Subject, Text, HTML string
		From                               *apiAddress
		To                                 []apiAddress
	}
	s.get(t, "/api/v1/message/"+id, &m)
	r := Received{ID: m.ID, MessageID: m.MessageID, Subject: m.Subject, Text: m.Text, HTML: m.HTML}
	if m.From != nil {
		r.From = m.From.mail()
	}
	for _, a := range m.To {
		r.To = append(r.To, a.mail())
	}
	s.get(t, "/api/v1/message/"+id+"/headers", &r.Headers)
	return r
}

// Raw returns the message with mailpit's ID id exactly as received.
func (s *Server) Raw(t testing.TB, id string) []byte {
	t.Helper()
	return s.fetch(t, http.MethodGet, "/api/v1/message/"+id+"/raw")
}

// DeleteAll removes every received message.
func (s *Server) DeleteAll(t testing.TB) {
	t.Helper()
	s.fetch(t, http.MethodDelete, "/api/v1/messages")
}

// WaitFor returns the first received message for which match is true,
// polling until timeout; it fails the test if none arrives.
func (s *Server) WaitFor(t testing.TB, match func(Received) bool, timeout time.Duration) Received {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		msgs := s.Messages(t)
		for _, m := range msgs {
			if match(m) {
				return m
			}
		}
		if time.Now().After(deadline) {
			subjects := make([]string, len(msgs))
			for i, m := range msgs {
				subjects[i] = strconv.Quote(m.Subject)
			}
			t.Fatalf("no matching message within %s; received %d: %s", timeout, len(msgs), strings.Join(subjects, ", "))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *Server) get(t testing.TB, path string, v any) {
	t.Helper()
	if err := json.Unmarshal(s.fetch(t, http.MethodGet, path), v); err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
}

func (s *Server) fetch(t testing.TB, method, path string) []byte {
	t.Helper()
	req, err := http.NewRequest(method, s.HTTPURL+path, nil)
	if err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("mailpit %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("mailpit %s %s: %s %v: %s", method, path, resp.Status, err, body)
	}
	return body
}

// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/cli"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server is an in-process "isms serve".
type server struct {
	base   string
	out    *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// serveStartLimit bounds the wait for the server to listen. It guards
// against a hang, not a speed target: with --demo it first loads the demo
// organization, which under the race detector on a busy machine has taken
// more than 20 s.
const serveStartLimit = 90 * time.Second

// startServe runs "isms serve" with env vars vars and extra args on a free
// loopback port and waits until it listens.
func startServe(t *testing.T, vars map[string]string, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{out: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	ready := make(chan string, 1)
	env := cli.Env{Stdout: s.out, Stderr: io.Discard, Version: "test",
		Getenv: func(k string) string { return vars[k] },
		Ready:  func(addr string) { ready <- addr }}
	go func() {
		s.done <- cli.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), env)
	}()
	select {
	case addr := <-ready:
		s.base = "http://" + addr
	case err := <-s.done:
		cancel()
		t.Fatalf("serve stopped before listening: %v\n%s", err, s.out.String())
	case <-time.After(serveStartLimit):
		cancel()
		t.Fatalf("serve did not start in %s", serveStartLimit)
	}
	t.Cleanup(func() { s.stop(t) })
	return s
}

// stop cancels the server's context, as SIGTERM does, and waits for it.
func (s *server) stop(t *testing.T) error {
	if s.cancel == nil {
		return nil
	}
	s.cancel()
	s.cancel = nil
	select {
	case err := <-s.done:
		return err
	case <-time.After(20 * time.Second):
		t.Error("serve did not stop within 20 s of cancellation")
		return nil
	}
}

func get(t *testing.T, url string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := testClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServePrintsAOneTimeSetupURLAndStopsGracefully(t *testing.T) {
	for _, dialect := range dialects() {
		t.Run(dialect, func(t *testing.T) {
			url := freshURL(t, dialect)
			s := startServe(t, map[string]string{"ISMS_DATABASE_URL": url, "ISMS_DATA_DIR": t.TempDir()})
			m := regexp.MustCompile(`/setup\?token=(\S+)`).FindStringSubmatch(s.out.String())
			if m == nil {
				t.Fatalf("serve output has no setup URL:\n%s", s.out.String())
			}
			if code, _ := get(t, s.base+"/setup?token="+m[1]); code != http.StatusOK {
				t.Errorf("GET the setup URL = %d, want 200", code)
			}
			if code, _ := get(t, s.base+"/setup?token=wrong"+m[1]); code != http.StatusNotFound {
				t.Errorf("GET /setup with a wrong token = %d, want 404", code)
			}
			if code, _ := get(t, s.base+"/setup"); code != http.StatusNotFound {
				t.Errorf("GET /setup without a token = %d, want 404", code)
			}
			for _, p := range []string{"/healthz", "/readyz"} {
				if code, b := get(t, s.base+p); code != http.StatusOK {
					t.Errorf("GET %s = %d %q, want 200", p, code, b)
				}
			}
			if err := s.stop(t); err != nil {
				t.Errorf("serve after cancellation = %v, want nil (graceful shutdown)", err)
			}
		})
	}
}

func TestServeRefusesADatabaseWithPendingMigrations(t *testing.T) {
	var out bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &out, Version: "test", Getenv: func(k string) string {
		if k == "ISMS_DATA_DIR" {
			return t.TempDir()
		}
		return ""
	}}
	err := cli.Run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--migrate=false"}, env)
	if err == nil || !strings.Contains(err.Error(), "isms migrate up") {
		t.Fatalf("serve --migrate=false on a new database = %v, want an error telling to run \"isms migrate up\"", err)
	}
}

func TestMetricsAreServedOnTheirOwnAddressOrBehindAToken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := ln.Addr().String()
	ln.Close()
	s := startServe(t, map[string]string{"ISMS_DATA_DIR": t.TempDir(), "ISMS_METRICS_TOKEN": "s3cret-metrics"},
		"--metrics-addr", metricsAddr, "--demo")
	get(t, s.base+"/signin")
	// Without the token, /metrics is the register of ISMS metrics (9.1),
	// which sends a visitor who is not signed in to the sign-in page.
	if code, b := get(t, s.base+"/metrics"); code != http.StatusSeeOther || strings.Contains(b, "isms_http_requests_total") {
		t.Errorf("GET /metrics without the token = %d, want the register's sign-in redirect, not the Prometheus metrics", code)
	}
	code, b := get(t, s.base+"/metrics", "Authorization", "Bearer s3cret-metrics")
	if code != http.StatusOK || !strings.Contains(b, `isms_http_requests_total{route="GET /signin",status="200"}`) {
		t.Errorf("GET /metrics with the token = %d, want 200 with the sign-in page's request count\n%.500s", code, b)
	}
	var sep int
	var sepBody string
	for i := 0; i < 50; i++ { // the metrics listener starts in its own goroutine
		if sep, sepBody = tryGet("http://" + metricsAddr + "/metrics"); sep == http.StatusOK {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if sep != http.StatusOK || !strings.Contains(sepBody, "isms_db_open_connections") {
		t.Errorf("GET /metrics on --metrics-addr = %d, want 200 with the database pool gauges", sep)
	}
}

func tryGet(url string) (int, string) {
	resp, err := testClient.Get(url)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// testClient does not follow redirects and has a transport of its own, so
// that no other test's server closing the default transport breaks it.
var testClient = &http.Client{
	Transport:     http.DefaultTransport.(*http.Transport).Clone(),
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

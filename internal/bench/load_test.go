// SPDX-License-Identifier: Apache-2.0

package bench_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/bench"
)

// TestRunCountsRequestsAndErrors drives a small HTTP server: one path
// answers 2 KiB with the credentials it checks, one redirects (an error:
// redirects are not followed) and one is missing.
func TestRunCountsRequestsAndErrors(t *testing.T) {
	var served atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ok", func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("Cookie") != "isms_session=s" {
			http.Error(w, "no credentials", http.StatusUnauthorized)
			return
		}
		w.Write(bytes.Repeat([]byte("x"), 2048))
	})
	mux.HandleFunc("GET /moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	var begin, end time.Time
	l := bench.Load{Base: srv.URL, Paths: []string{"/ok", "/moved", "/missing"}, Token: "tok", Cookie: "isms_session=s",
		Clients: 3, Duration: 300 * time.Millisecond, Warmup: 100 * time.Millisecond,
		Window: func(b bool) {
			if b {
				begin = time.Now()
			} else {
				end = time.Now()
			}
		}}
	start := time.Now()
	res, err := bench.Run(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	if res.Elapsed != l.Duration {
		t.Errorf("Elapsed = %v, want the duration %v", res.Elapsed, l.Duration)
	}
	// The callbacks come at the window's bounds, or a little after them on
	// a busy machine, never before.
	if d := begin.Sub(start); d < l.Warmup || d > l.Warmup+150*time.Millisecond {
		t.Errorf("the window began %v after the start, want just after the warm-up, 100ms", d)
	}
	if d := end.Sub(start); d < l.Warmup+l.Duration || d > l.Warmup+l.Duration+150*time.Millisecond {
		t.Errorf("the window ended %v after the start, want just after warm-up and duration, 400ms", d)
	}
	ok, moved, missing := res.Stats(0), res.Stats(1), res.Stats(2)
	if ok.Requests == 0 || ok.Errors != 0 || ok.KiBPerResponse != 2 {
		t.Errorf("/ok: %+v, want requests, no errors, 2 KiB per response", ok)
	}
	if int64(ok.Requests) >= served.Load() {
		t.Errorf("/ok counted %d requests of %d served; the warm-up's must not count", ok.Requests, served.Load())
	}
	if moved.Requests == 0 || moved.Errors != moved.Requests || missing.Errors != missing.Requests {
		t.Errorf("/moved %+v, /missing %+v: want every request an error", moved, missing)
	}
	if res.Errors["/moved: status 303 to /signin"] != moved.Errors || res.Errors["/missing: status 404"] != missing.Errors {
		t.Errorf("Errors = %v, want the redirect and the 404 counted by kind", res.Errors)
	}
	var out strings.Builder
	res.Print(&out, l)
	for _, want := range []string{"clients 3", "\n/ok ", "\n/missing ", "errors: ", "× /moved: status 303 to /signin"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("Print wrote\n%s\nwant it to contain %q", out.String(), want)
		}
	}
}

func TestRunRefusesABadLoad(t *testing.T) {
	_, err := bench.Run(context.Background(), bench.Load{Base: "http://127.0.0.1:1", Paths: []string{"api"}, Clients: 0})
	for _, want := range []string{`path "api" does not start with /`, "clients is 0", "duration is 0s"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Run(bad load) error = %v, want it to say %q", err, want)
		}
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := bench.Run(ctx, bench.Load{Base: srv.URL, Paths: []string{"/"}, Clients: 2, Duration: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Run took %v after its context ended at 200ms", took)
	}
	if res.Elapsed >= time.Minute || res.Stats(-1).Requests == 0 || len(res.Errors) != 0 {
		t.Errorf("interrupted run: elapsed %v, %+v, errors %v; want the time until cancellation, requests and no errors",
			res.Elapsed, res.Stats(-1), res.Errors)
	}
}

// TestRunExtendsAWindowShorterThanARequest: requests take 200ms, the
// window 50ms after a 10ms warm-up, so every client's first request
// starts before the window and ends after it. The window lasts until each
// client has sent one in it.
func TestRunExtendsAWindowShorterThanARequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(200 * time.Millisecond)
	}))
	defer srv.Close()
	var windowLen time.Duration
	var begin time.Time
	l := bench.Load{Base: srv.URL, Paths: []string{"/"}, Clients: 3, Duration: 50 * time.Millisecond, Warmup: 10 * time.Millisecond,
		Window: func(b bool) {
			if b {
				begin = time.Now()
			} else {
				windowLen = time.Since(begin)
			}
		}}
	res, err := bench.Run(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Stats(-1)
	if s.Requests < 3 || s.Errors != 0 {
		t.Errorf("Stats = %+v, want a request of each of the 3 clients and no errors", s)
	}
	if res.Elapsed < 150*time.Millisecond || res.Elapsed > time.Second {
		t.Errorf("Elapsed = %v, want the window extended to about 190ms", res.Elapsed)
	}
	if windowLen < res.Elapsed-50*time.Millisecond {
		t.Errorf("the Window callbacks spanned %v, want the extended window, %v", windowLen, res.Elapsed)
	}
}

// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Load describes one closed-loop load run: Clients clients, each sending
// its next request as soon as the last one was answered.
type Load struct {
	Base     string        // base URL of the server, e.g. "http://127.0.0.1:8080"
	Paths    []string      // paths with query, requested round-robin across all clients
	Token    string        // sent as "Authorization: Bearer <token>" when set
	Cookie   string        // sent as the Cookie header when set
	Clients  int           // concurrent clients, at least 1
	Duration time.Duration // the measured window
	Warmup   time.Duration // requests sent before the window are not counted
	Timeout  time.Duration // of one request; zero means 10 s
	// Window, when set, is called as the measured window begins (true)
	// and as it ends (false), so that a caller can read the server's CPU
	// time over exactly that window. Run returns after both calls.
	Window func(begin bool)
}

// Sample is one measured request.
type Sample struct {
	Path    int // index in Load.Paths
	Latency time.Duration
	Bytes   int64 // of the response body
	Failed  bool  // a transport error or a status other than 2xx
}

// Result is what a load run measured: the requests that started in the
// measured window.
type Result struct {
	Samples []Sample
	Elapsed time.Duration // of the measured window; shorter when interrupted
	// Errors counts each kind of failure, as "path: description".
	Errors map[string]int
}

// Check reports what is wrong with l, naming the field.
func (l *Load) Check() error {
	var problems []string
	if l.Base == "" {
		problems = append(problems, "the base URL is empty")
	}
	if len(l.Paths) == 0 {
		problems = append(problems, "no paths to request")
	}
	for _, p := range l.Paths {
		if !strings.HasPrefix(p, "/") {
			problems = append(problems, fmt.Sprintf("path %q does not start with /", p))
		}
	}
	if l.Clients < 1 {
		problems = append(problems, fmt.Sprintf("clients is %d; it must be at least 1", l.Clients))
	}
	if l.Duration <= 0 {
		problems = append(problems, fmt.Sprintf("duration is %s; it must be positive", l.Duration))
	}
	if l.Warmup < 0 {
		problems = append(problems, fmt.Sprintf("warm-up is %s; it must not be negative", l.Warmup))
	}
	if len(problems) > 0 {
		return fmt.Errorf("load: %s", strings.Join(problems, "; "))
	}
	return nil
}

// Run sends load as l says until the measured window ends or ctx is
// cancelled. Redirects are not followed: an expired session shows up as
// an error rather than as the sign-in page.
//
// Before the clients start, each path is requested once: the first
// request to a fresh server may fill caches and take far longer than the
// rest. The window lasts l.Duration, and longer if need be until every
// client has sent a request in it: with requests slower than a short
// window, all of them could start before it and none in it. Result.Elapsed
// is then the window's real length.
func Run(ctx context.Context, l Load) (*Result, error) {
	if err := l.Check(); err != nil {
		return nil, err
	}
	client, closeIdle := newClient(l.Clients, l.Timeout)
	defer closeIdle()
	for _, p := range l.Paths {
		l.fetch(ctx, client, p) // a failure shows in the run itself
	}
	w := newWindow(time.Now().Add(l.Warmup), l.Duration, l.Clients)
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		w.watch(ctx, l.Window)
	}()
	var next atomic.Uint64
	perClient := make([][]Sample, l.Clients)
	errs := make([]map[string]int, l.Clients)
	var wg sync.WaitGroup
	for i := range l.Clients {
		wg.Go(func() {
			perClient[i], errs[i] = l.client(ctx, client, &next, w)
		})
	}
	wg.Wait()
	<-watched
	res := &Result{Elapsed: w.elapsed(), Errors: map[string]int{}}
	for i, ss := range perClient {
		res.Samples = append(res.Samples, ss...)
		for k, n := range errs[i] {
			res.Errors[k] += n
		}
	}
	return res, nil
}

// client is one closed-loop client: it sends requests until the window
// ends, keeping those that started in it.
func (l *Load) client(ctx context.Context, c *http.Client, next *atomic.Uint64, w *window) ([]Sample, map[string]int) {
	samples, errs := make([]Sample, 0, 4096), map[string]int{}
	in := false // whether this client has started a request in the window
	for ctx.Err() == nil {
		t0 := time.Now()
		if w.over(t0) {
			break
		}
		counted := !t0.Before(w.from)
		if counted && !in {
			in = true
			w.clientIn()
		}
		p := int(next.Add(1)-1) % len(l.Paths)
		n, msg := l.fetch(ctx, c, l.Paths[p])
		lat := time.Since(t0)
		if !counted || ctx.Err() != nil {
			continue
		}
		samples = append(samples, Sample{Path: p, Latency: lat, Bytes: n, Failed: msg != ""})
		if msg != "" {
			errs[l.Paths[p]+": "+msg]++
		}
	}
	return samples, errs
}

// window is the measured window of a run: from from until to, or until
// every client has started a request in it, whichever is later.
type window struct {
	from, to time.Time
	pending  atomic.Int64  // clients yet to start a request in the window
	allIn    chan struct{} // closed when pending reaches 0
	allInAt  time.Time     // when it did; written before allIn is closed
	stopped  time.Time     // when ctx ended the run early; zero otherwise
}

func newWindow(from time.Time, d time.Duration, clients int) *window {
	w := &window{from: from, to: from.Add(d), allIn: make(chan struct{})}
	w.pending.Store(int64(clients))
	return w
}

// clientIn records that a client started its first request in the window.
func (w *window) clientIn() {
	if w.pending.Add(-1) == 0 {
		w.allInAt = time.Now()
		close(w.allIn)
	}
}

// over reports whether a request starting at t is past the window.
func (w *window) over(t time.Time) bool {
	return !t.Before(w.to) && w.pending.Load() == 0
}

// watch calls report, when it is set, as the window begins and as it
// ends; it returns when the window has ended or ctx has.
func (w *window) watch(ctx context.Context, report func(begin bool)) {
	if report == nil {
		report = func(bool) {}
	}
	if !sleepUntil(ctx, w.from) {
		w.stopped = time.Now()
		return
	}
	report(true)
	if sleepUntil(ctx, w.to) {
		select {
		case <-w.allIn:
		case <-ctx.Done():
		}
	}
	if ctx.Err() != nil {
		w.stopped = time.Now()
	}
	report(false)
}

// elapsed returns the window's length, once watch has returned.
func (w *window) elapsed() time.Duration {
	if !w.stopped.IsZero() {
		return max(w.stopped.Sub(w.from), time.Millisecond)
	}
	end := w.to
	if w.allInAt.After(end) {
		end = w.allInAt
	}
	return end.Sub(w.from)
}

// newClient returns an HTTP client for n concurrent clients that keeps
// its connections and follows no redirects, and a function that closes
// its idle connections.
func newClient(n int, timeout time.Duration) (*http.Client, func()) {
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        n * 2,
		MaxIdleConnsPerHost: n * 2,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true, // the server does not compress; measure its bytes as they are
	}
	c := &http.Client{Transport: tr, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return c, tr.CloseIdleConnections
}

// fetch sends one GET and reads the whole body; msg describes a failure.
func (l *Load) fetch(ctx context.Context, c *http.Client, path string) (n int64, msg string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.Base+path, nil)
	if err != nil {
		return 0, err.Error()
	}
	if l.Token != "" {
		req.Header.Set("Authorization", "Bearer "+l.Token)
	}
	if l.Cookie != "" {
		req.Header.Set("Cookie", l.Cookie)
	}
	resp, err := c.Do(req)
	if err != nil {
		var te interface{ Timeout() bool }
		if errors.As(err, &te) && te.Timeout() {
			return 0, "timeout"
		}
		return 0, err.Error()
	}
	n, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	switch {
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		msg = "status " + strconv.Itoa(resp.StatusCode)
		if loc := resp.Header.Get("Location"); loc != "" {
			msg += " to " + loc
		}
		return n, msg
	case err != nil:
		return n, "reading the body: " + err.Error()
	}
	return n, ""
}

// sleepUntil waits until t or until ctx ends, and reports whether t came.
func sleepUntil(ctx context.Context, t time.Time) bool {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

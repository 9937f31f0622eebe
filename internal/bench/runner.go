// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/ismsproject/isms/internal/bench/ceiling"
)

// HTTPOptions are the settings of the HTTP benchmark.
type HTTPOptions struct {
	// Exe is the isms binary the children run: "Exe serve …" and
	// "Exe bench ceiling …".
	Exe       string
	Endpoints []ceiling.Endpoint // to drive, in report order; paths may hold placeholders
	Clients   int                // closed-loop clients
	Duration  time.Duration      // measured, per endpoint, for the product and again for the ceiling
	Warmup    time.Duration      // sent before each measured window
	// Starts is the number of cold starts measured; the server of the
	// last one is the one then put under load.
	Starts int
	// Idle is how long a started server stays idle before its memory is
	// read: 3 s in DESIGN §7's measurements.
	Idle      time.Duration
	P99Target time.Duration // DESIGN §7: 50 ms
	// RatioTarget is the share of the ceiling's throughput each endpoint
	// must reach: 0.5 in DESIGN §7.
	RatioTarget float64
	Progress    io.Writer // progress lines; nil means none
}

// Target is one database the benchmark runs on, with the demo loaded.
type Target struct {
	Name    string // "SQLite", "PostgreSQL"
	Version string // of the database server
	// Flags are the database flags both children get, e.g.
	// --database-url URL --data-dir DIR.
	Flags    []string
	LogDir   string            // where the children's logs go
	Org      string            // slug of the demo organization
	Email    string            // of its administrator
	Password string            // of its administrator
	Params   map[string]string // values of the endpoints' placeholders
}

// startLimit bounds the wait for a child to serve. It guards against a
// hang; the cold start itself is what is measured.
const startLimit = 60 * time.Second

// pollInterval is how often a starting server is polled.
const pollInterval = 2 * time.Millisecond

// RunHTTP measures the server on target t: cold start and idle memory,
// then each endpoint against its ceiling. It stops both children before
// it returns, leaving the database for the next run.
func RunHTTP(ctx context.Context, o HTTPOptions, t Target) (rep *DatabaseReport, err error) {
	if o.Starts < 1 {
		return nil, fmt.Errorf("starts is %d; it must be at least 1", o.Starts)
	}
	eps, err := Resolve(o.Endpoints, t.Params)
	if err != nil {
		return nil, err
	}
	serverLog, ceilingLog := filepath.Join(t.LogDir, "bench-server.log"), filepath.Join(t.LogDir, "bench-ceiling.log")
	for _, f := range []string{serverLog, ceilingLog} {
		if err := os.WriteFile(f, nil, 0o640); err != nil {
			return nil, fmt.Errorf("start the log of the %s run: %w", t.Name, err)
		}
	}
	o.progress("%s %s: request logs in %s", t.Name, t.Version, t.LogDir)
	rep = &DatabaseReport{Database: t.Name, Version: t.Version}
	srv, base, err := o.coldStarts(ctx, t, serverLog, rep)
	if err != nil {
		return nil, err
	}
	children := []*Child{srv}
	defer func() {
		for _, c := range children {
			err = errors.Join(err, c.Stop())
		}
	}()
	v := NewVisitor(base)
	token, err := signIn(ctx, v, t)
	if err != nil {
		return nil, err
	}
	ceil, ceilBase, err := o.startCeiling(ctx, t, ceilingLog)
	if err != nil {
		return nil, err
	}
	children = append(children, ceil)
	for _, e := range eps {
		product := Load{Base: base, Token: token}
		if e.Page {
			product = Load{Base: base, Cookie: v.SessionCookie()}
		}
		r, err := o.endpoint(ctx, e, product, srv.Pid(), Load{Base: ceilBase}, ceil.Pid())
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", t.Name, e.Name, err)
		}
		rep.Endpoints = append(rep.Endpoints, r)
		o.progress("%s %-20s %8.0f req/s  p99 %9s  |  ceiling %8.0f req/s  p99 %9s  |  ratio %3.0f %%",
			t.Name, e.Name, r.Product.PerSecond, r.Product.P99, r.Ceiling.PerSecond, r.Ceiling.P99, r.Ratio*100)
	}
	return rep, nil
}

// coldStarts starts the server o.Starts times, recording in rep the time
// to its first ready answer and its memory after o.Idle. It leaves the
// last server running and returns it with its base URL.
func (o *HTTPOptions) coldStarts(ctx context.Context, t Target, log string, rep *DatabaseReport) (*Child, string, error) {
	var took []time.Duration
	var rss []int64
	for i := range o.Starts {
		s, err := o.coldStart(ctx, t, log)
		if err != nil {
			return nil, "", fmt.Errorf("%s cold start %d: %w", t.Name, i+1, err)
		}
		took, rss = append(took, s.took), append(rss, s.rss)
		o.progress("%s cold start %d/%d: %s, idle memory %.1f MiB", t.Name, i+1, o.Starts, Millis(s.took), mib(s.rss))
		if i == o.Starts-1 {
			rep.ColdStart, rep.IdleRSS = spread(took), median(rss)
			return s.child, s.base, nil
		}
		if err := s.child.Stop(); err != nil {
			return nil, "", fmt.Errorf("%s cold start %d: %w", t.Name, i+1, err)
		}
	}
	return nil, "", errors.New("no cold start") // not reached: Starts ≥ 1
}

// started is a server started by coldStart.
type started struct {
	child *Child
	base  string
	took  time.Duration // from exec to the first ready answer
	rss   int64         // resident memory after o.Idle
}

// coldStart starts the server on a free port, waits until /readyz answers
// 200, then reads its memory after o.Idle. On failure it stops the server.
func (o *HTTPOptions) coldStart(ctx context.Context, t Target, log string) (s started, err error) {
	addr, err := FreeAddr()
	if err != nil {
		return s, err
	}
	s.base = "http://" + addr
	args := append([]string{"serve", "--addr", addr, "--base-url", s.base}, t.Flags...)
	if s.child, err = StartChild("the server", o.Exe, args, log); err != nil {
		return s, err
	}
	defer func() {
		if err != nil {
			s.child.Stop()
		}
	}()
	if s.took, err = s.child.WaitHTTP(ctx, s.base+"/readyz", pollInterval, startLimit); err != nil {
		return s, err
	}
	if !sleepUntil(ctx, time.Now().Add(o.Idle)) {
		return s, ctx.Err()
	}
	s.rss, err = RSS(s.child.Pid())
	return s, err
}

// signIn signs in as t's administrator and creates a read-only API token.
func signIn(ctx context.Context, v *Visitor, t Target) (string, error) {
	if err := v.SignIn(ctx, t.Email, t.Password); err != nil {
		return "", fmt.Errorf("%s: %w", t.Name, err)
	}
	token, err := v.CreateReadToken(ctx, "isms bench http "+time.Now().UTC().Format(time.RFC3339))
	if err != nil {
		return "", fmt.Errorf("%s: %w", t.Name, err)
	}
	return token, nil
}

// startCeiling starts the ceiling server on t and waits until it listens.
func (o *HTTPOptions) startCeiling(ctx context.Context, t Target, log string) (*Child, string, error) {
	addr, err := FreeAddr()
	if err != nil {
		return nil, "", err
	}
	args := append([]string{"bench", "ceiling", "--addr", addr, "--org", t.Org}, t.Flags...)
	c, err := StartChild("the ceiling", o.Exe, args, log)
	if err != nil {
		return nil, "", err
	}
	if err := c.WaitListening(ctx, addr, pollInterval, startLimit); err != nil {
		c.Stop()
		return nil, "", fmt.Errorf("%s: %w", t.Name, err)
	}
	return c, "http://" + addr, nil
}

// endpoint measures e on the product (base URL and credentials in
// product, process pid) and then on the ceiling.
func (o *HTTPOptions) endpoint(ctx context.Context, e ceiling.Endpoint, product Load, pid int, ceil Load, ceilPid int) (*EndpointReport, error) {
	r := &EndpointReport{Name: e.Name, Title: e.Title, Path: e.Path, CeilingPath: e.Ceiling, Page: e.Page}
	var err error
	if r.Product, err = o.measure(ctx, product, e.Path, pid); err != nil {
		return nil, err
	}
	if r.Ceiling, err = o.measure(ctx, ceil, e.Ceiling, ceilPid); err != nil {
		return nil, fmt.Errorf("ceiling: %w", err)
	}
	r.judge(o.P99Target, o.RatioTarget)
	return r, nil
}

// measure drives path with l's base URL and credentials as o says and
// reads the CPU time process pid used over the measured window.
func (o *HTTPOptions) measure(ctx context.Context, l Load, path string, pid int) (Measurement, error) {
	var cpu [2]time.Duration
	var cpuErr error
	l.Paths, l.Clients, l.Duration, l.Warmup = []string{path}, o.Clients, o.Duration, o.Warmup
	l.Window = func(begin bool) {
		i := 1
		if begin {
			i = 0
		}
		var err error
		cpu[i], err = CPUTime(pid)
		cpuErr = errors.Join(cpuErr, err)
	}
	res, err := Run(ctx, l)
	if err == nil {
		err = errors.Join(ctx.Err(), cpuErr)
	}
	if err != nil {
		return Measurement{}, err
	}
	m := Measurement{Stats: res.Stats(0), ErrorKinds: res.Errors, Window: Millis(res.Elapsed)}
	if m.Requests > 0 {
		m.CPUPerRequest = Millis((cpu[1] - cpu[0]) / time.Duration(m.Requests))
	}
	return m, nil
}

func (o *HTTPOptions) progress(format string, args ...any) {
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, format+"\n", args...)
	}
}

// median returns the median of xs: the middle value, or the mean of the
// two middle ones; 0 for none.
func median[T ~int64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// spread sums up the cold starts.
func spread(ds []time.Duration) Spread {
	return Spread{Median: Millis(median(ds)), Min: Millis(slices.Min(ds)), Max: Millis(slices.Max(ds)), N: len(ds)}
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

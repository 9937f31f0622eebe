// SPDX-License-Identifier: Apache-2.0

// Command isms-load is the HTTP load generator behind the throughput and
// latency figures of docs/performance.md (DESIGN §7). It keeps -c clients
// busy for -d, each sending its next request as soon as the last one was
// answered, and prints requests per second, the latency percentiles and
// the number of errors. It exits with status 1 when any request failed: a
// transport error or a status other than 2xx (redirects are not followed,
// so an expired session shows up as an error rather than as the sign-in
// page).
//
// Usage:
//
//	isms-load -url http://127.0.0.1:8080 -token isms_… -c 32 -d 20s \
//	    -paths '/api/v1/audit-events?limit=50,/api/v1/members?limit=50'
//	isms-load -url http://127.0.0.1:8080 -cookie 'isms_session=…' -paths /audit
//
// -paths is a comma-separated list of paths requested round-robin across
// all clients; with more than one path the summary has a line per path.
// -token sends "Authorization: Bearer <token>" (the API), -cookie sends a
// Cookie header (pages need the session cookie). Requests during -warmup
// are sent but not counted.
//
// The ceiling of DESIGN §7 is the same data query behind a bare net/http
// handler that only encodes JSON. isms-load serves it itself:
//
//	isms-load -serve-ceiling -database-url sqlite:/tmp/large/isms.db -org large -addr 127.0.0.1:8091
//
// answers GET /api/v1/audit-events (limit, offset, actorId, objectType,
// objectId, action; newest first), GET /api/v1/members (limit, offset),
// GET /api/v1/evidence (limit, offset, freshness; in title order) and
// GET /api/v1/me/work (limit, offset, and userId naming the member whose
// work it is) for the organization with slug -org, with no authentication,
// session, logging or middleware: one read transaction through
// internal/sqldb and json.Encoder. Load it with the same isms-load command as the product
// and divide. It also serves net/http/pprof under /debug/pprof/, and prints
// its reader pool's statistics when stopped. The load side uses the
// standard library only.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// hidden are the flags of the ceiling server, left out of -help.
var hidden = map[string]bool{"serve-ceiling": true, "database-url": true, "org": true, "addr": true}

func main() {
	var (
		base     = flag.String("url", "http://127.0.0.1:8080", "base URL of the server")
		token    = flag.String("token", "", "API token, sent as \"Authorization: Bearer <token>\"")
		cookie   = flag.String("cookie", "", "Cookie header to send, e.g. \"isms_session=…\" (pages need a session)")
		clients  = flag.Int("c", 8, "concurrent clients")
		duration = flag.Duration("d", 20*time.Second, "how long to measure")
		warmup   = flag.Duration("warmup", 2*time.Second, "how long to send requests before measuring")
		paths    = flag.String("paths", "/readyz", "comma-separated paths, requested round-robin")
		timeout  = flag.Duration("timeout", 10*time.Second, "timeout of one request")

		ceiling = flag.Bool("serve-ceiling", false, "serve the ceiling handlers instead of generating load")
		dbURL   = flag.String("database-url", os.Getenv("ISMS_DATABASE_URL"), "ceiling: sqlite:PATH or postgres://… (ISMS_DATABASE_URL)")
		org     = flag.String("org", "large", "ceiling: slug of the organization to serve")
		addr    = flag.String("addr", "127.0.0.1:8091", "ceiling: listen address")
	)
	flag.Usage = func() {
		out := flag.CommandLine.Output()
		fmt.Fprintf(out, "Usage: isms-load -url URL [-token T | -cookie C] [-c N] [-d D] [-warmup D] -paths P1,P2,…\n\n")
		flag.VisitAll(func(f *flag.Flag) {
			if hidden[f.Name] {
				return
			}
			name, usage := flag.UnquoteUsage(f)
			fmt.Fprintf(out, "  -%s %s\n    \t%s", f.Name, name, usage)
			if f.DefValue != "" && f.DefValue != "false" {
				fmt.Fprintf(out, " (default %s)", f.DefValue)
			}
			fmt.Fprintln(out)
		})
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *ceiling {
		if err := serveCeiling(ctx, *dbURL, *org, *addr); err != nil {
			fmt.Fprintln(os.Stderr, "isms-load:", err)
			os.Exit(1)
		}
		return
	}

	cfg := loadConfig{base: strings.TrimRight(*base, "/"), token: *token, cookie: *cookie,
		clients: *clients, duration: *duration, warmup: *warmup, timeout: *timeout}
	for p := range strings.SplitSeq(*paths, ",") {
		if p = strings.TrimSpace(p); p != "" {
			if !strings.HasPrefix(p, "/") {
				p = "/" + p
			}
			cfg.paths = append(cfg.paths, p)
		}
	}
	if len(cfg.paths) == 0 || cfg.clients < 1 || cfg.duration <= 0 {
		fmt.Fprintln(os.Stderr, "isms-load: need -paths, -c ≥ 1 and -d > 0")
		os.Exit(2)
	}
	res := run(ctx, cfg)
	res.print(os.Stdout, cfg)
	if res.errors > 0 {
		os.Exit(1)
	}
}

type loadConfig struct {
	base, token, cookie string
	paths               []string
	clients             int
	duration, warmup    time.Duration
	timeout             time.Duration
}

// sample is one measured request.
type sample struct {
	path    int // index in loadConfig.paths
	latency time.Duration
	failed  bool
}

// result is what a load run measured.
type result struct {
	samples []sample
	elapsed time.Duration // of the measured window
	errors  int
	bytes   int64
	// firstErrors holds up to a few distinct error descriptions, with counts.
	firstErrors map[string]int
}

// run sends load as cfg says and collects the requests that started in the
// measured window.
func run(ctx context.Context, cfg loadConfig) *result {
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        cfg.clients * 2,
		MaxIdleConnsPerHost: cfg.clients * 2,
		MaxConnsPerHost:     0,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true, // the server does not compress; measure its bytes as they are
	}
	client := &http.Client{Transport: tr, Timeout: cfg.timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer tr.CloseIdleConnections()

	start := time.Now()
	measureFrom := start.Add(cfg.warmup)
	measureTo := measureFrom.Add(cfg.duration)
	var next atomic.Uint64
	var bytes atomic.Int64
	perClient := make([][]sample, cfg.clients)
	errs := make([]map[string]int, cfg.clients)
	var wg sync.WaitGroup
	for i := range cfg.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]sample, 0, 4096)
			errs[i] = map[string]int{}
			for ctx.Err() == nil {
				t0 := time.Now()
				if !t0.Before(measureTo) {
					break
				}
				p := int(next.Add(1)-1) % len(cfg.paths)
				n, msg := fetch(ctx, client, cfg, cfg.paths[p])
				lat := time.Since(t0)
				if t0.Before(measureFrom) {
					continue
				}
				bytes.Add(n)
				local = append(local, sample{path: p, latency: lat, failed: msg != ""})
				if msg != "" {
					errs[i][cfg.paths[p]+": "+msg]++
				}
			}
			perClient[i] = local
		}()
	}
	wg.Wait()
	end := time.Now()
	res := &result{firstErrors: map[string]int{}, bytes: bytes.Load()}
	res.elapsed = cfg.duration
	if end.Before(measureTo) { // interrupted
		res.elapsed = max(end.Sub(measureFrom), time.Millisecond)
	}
	for i, s := range perClient {
		res.samples = append(res.samples, s...)
		for k, v := range errs[i] {
			res.firstErrors[k] += v
		}
	}
	for _, s := range res.samples {
		if s.failed {
			res.errors++
		}
	}
	return res
}

// fetch sends one GET and reads the whole body; msg describes a failure.
func fetch(ctx context.Context, client *http.Client, cfg loadConfig, path string) (int64, string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.base+path, nil)
	if err != nil {
		return 0, err.Error()
	}
	if cfg.token != "" {
		req.Header.Set("Authorization", "Bearer "+cfg.token)
	}
	if cfg.cookie != "" {
		req.Header.Set("Cookie", cfg.cookie)
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, "interrupted"
		}
		var ue interface{ Timeout() bool }
		if errors.As(err, &ue) && ue.Timeout() {
			return 0, "timeout"
		}
		return 0, err.Error()
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return n, "status " + strconv.Itoa(resp.StatusCode)
	}
	if err != nil {
		return n, "reading body: " + err.Error()
	}
	return n, ""
}

// print writes the summary: the whole run, then each path when there are
// several, then the errors.
func (r *result) print(w io.Writer, cfg loadConfig) {
	secs := r.elapsed.Seconds()
	fmt.Fprintf(w, "%s  clients %d  duration %s  warmup %s\n", cfg.base, cfg.clients, cfg.duration, cfg.warmup)
	line := func(label string, ss []sample) {
		lat := make([]time.Duration, len(ss))
		errs := 0
		for i, s := range ss {
			lat[i] = s.latency
			if s.failed {
				errs++
			}
		}
		slices.Sort(lat)
		fmt.Fprintf(w, "%-44s requests %8d  %9.1f req/s  p50 %8s  p90 %8s  p99 %8s  max %8s  errors %d\n",
			label, len(ss), float64(len(ss))/secs, ms(pct(lat, 50)), ms(pct(lat, 90)), ms(pct(lat, 99)), ms(pct(lat, 100)), errs)
	}
	line("all", r.samples)
	if len(cfg.paths) > 1 {
		for i, p := range cfg.paths {
			var ss []sample
			for _, s := range r.samples {
				if s.path == i {
					ss = append(ss, s)
				}
			}
			line(p, ss)
		}
	}
	if len(r.samples) > 0 {
		fmt.Fprintf(w, "%-44s %.1f KiB per response\n", "", float64(r.bytes)/float64(len(r.samples))/1024)
	}
	if r.errors > 0 {
		keys := make([]string, 0, len(r.firstErrors))
		for k := range r.firstErrors {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintf(w, "errors: %d\n", r.errors)
		for i, k := range keys {
			if i == 10 {
				fmt.Fprintf(w, "  … %d more kinds\n", len(keys)-i)
				break
			}
			fmt.Fprintf(w, "  %6d × %s\n", r.firstErrors[k], k)
		}
	}
}

// pct returns the p-th percentile (nearest rank) of sorted latencies.
func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

// serveCeiling serves the ceiling handlers for the organization with slug
// org until ctx ends.
func serveCeiling(ctx context.Context, url, org, addr string) error {
	if url == "" {
		return errors.New("-serve-ceiling needs -database-url (or ISMS_DATABASE_URL)")
	}
	db, err := sqldb.Open(url)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CheckMigrations(ctx); err != nil {
		return err
	}
	var o *isms.Organization
	if err := db.View(ctx, func(tx *sqldb.Tx) (err error) {
		o, err = tx.FindOrganizationBySlug(ctx, org)
		return err
	}); err != nil {
		return fmt.Errorf("organization %q: %w", org, err)
	}
	c := &ceiling{db: db, org: o.ID}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/audit-events", c.auditEvents)
	mux.HandleFunc("GET /api/v1/members", c.members)
	mux.HandleFunc("GET /api/v1/evidence", c.evidence)
	mux.HandleFunc("GET /api/v1/me/work", c.work)
	// Profiles of the ceiling, to compare with the product's.
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		hs.Close()
	}()
	fmt.Printf("ceiling for %s (%s) on %s serving on http://%s\n", org, o.ID, db.Dialect(), ln.Addr())
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	// The reader pool's statistics tell whether connections were reopened
	// (closed as surplus idle ones) or requests waited for one.
	_, rs := db.Stats()
	fmt.Printf("read pool: %d open, %d waits (%s), %d closed as surplus idle connections\n",
		rs.OpenConnections, rs.WaitCount, rs.WaitDuration.Round(time.Millisecond), rs.MaxIdleClosed)
	return nil
}

// ceiling answers the API's list queries with nothing around them.
type ceiling struct {
	db  *sqldb.DB
	org isms.ID
}

// ceilingPage is the shape of the API's pages.
type ceilingPage[T any] struct {
	Items  []T             `json:"items"`
	Total  int             `json:"total"`
	Limit  int             `json:"limit"`
	Offset int             `json:"offset"`
	Head   *isms.ChainHead `json:"head,omitempty"`
}

func paging(r *http.Request) (limit, offset int) {
	limit, _ = strconv.Atoi(r.URL.Query().Get("limit"))
	offset, _ = strconv.Atoi(r.URL.Query().Get("offset"))
	return isms.ClampPage(limit), max(offset, 0)
}

// auditEvents runs the query of GET /api/v1/audit-events: a page of the
// organization's chain, newest first, its total, and the chain's head.
func (c *ceiling) auditEvents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := isms.AuditFilter{Chain: string(c.org), ObjectType: q.Get("objectType"), ObjectID: isms.ID(q.Get("objectId")),
		ActorID: isms.ID(q.Get("actorId")), Action: q.Get("action"), Desc: q.Get("order") != "asc"}
	f.Limit, f.Offset = paging(r)
	var p ceilingPage[*isms.AuditEvent]
	err := c.db.View(r.Context(), func(tx *sqldb.Tx) error {
		var err error
		if p.Items, p.Total, err = tx.FindAuditEvents(r.Context(), f); err != nil {
			return err
		}
		h, err := tx.FindChainHead(r.Context(), f.Chain)
		p.Head = &h
		return err
	})
	p.Limit, p.Offset = f.Limit, f.Offset
	writeCeiling(w, p, err)
}

// members runs the query of GET /api/v1/members: a page of the members
// sorted by name and their total.
func (c *ceiling) members(w http.ResponseWriter, r *http.Request) {
	f := isms.MemberFilter{OrgID: c.org}
	f.Limit, f.Offset = paging(r)
	var p ceilingPage[*isms.Member]
	err := c.db.View(r.Context(), func(tx *sqldb.Tx) (err error) {
		p.Items, p.Total, err = tx.FindMembers(r.Context(), f)
		return err
	})
	p.Limit, p.Offset = f.Limit, f.Offset
	writeCeiling(w, p, err)
}

// evidence runs the query of GET /api/v1/evidence: a page of the register
// in its default order (title), filtered by freshness, its total, and each
// item's freshness for today.
func (c *ceiling) evidence(w http.ResponseWriter, r *http.Request) {
	f := isms.EvidenceFilter{OrgID: c.org, Freshness: isms.Freshness(r.URL.Query().Get("freshness")),
		Today: isms.DateOf(time.Now()), WindowDays: isms.FreshnessWindowDays}
	f.Limit, f.Offset = paging(r)
	var p ceilingPage[*isms.Evidence]
	err := c.db.View(r.Context(), func(tx *sqldb.Tx) (err error) {
		p.Items, p.Total, err = tx.FindEvidence(r.Context(), f)
		return err
	})
	for _, e := range p.Items {
		e.Freshness = isms.EvidenceFreshness(e, f.Today, f.WindowDays)
	}
	p.Limit, p.Offset = f.Limit, f.Offset
	writeCeiling(w, p, err)
}

// ceilingWork is the shape of GET /api/v1/me/work.
type ceilingWork struct {
	Items   []*isms.Task `json:"items"`
	Total   int          `json:"total"`
	Overdue int          `json:"overdue"`
	Today   isms.Date    `json:"today"`
	Limit   int          `json:"limit"`
	Offset  int          `json:"offset"`
}

// work runs the queries of GET /api/v1/me/work for the member whose user
// ID the parameter userId gives (the ceiling has no caller): the counts of
// their open and overdue tasks, then a page of the open ones in due order.
func (c *ceiling) work(w http.ResponseWriter, r *http.Request) {
	user := isms.ID(r.URL.Query().Get("userId"))
	p := ceilingWork{Today: isms.DateOf(time.Now()), Items: []*isms.Task{}}
	p.Limit, p.Offset = paging(r)
	err := c.db.View(r.Context(), func(tx *sqldb.Tx) (err error) {
		if p.Total, p.Overdue, err = tx.CountOpenTasks(r.Context(), c.org, user, p.Today); err != nil || p.Total == 0 {
			return err
		}
		p.Items, _, err = tx.FindTasks(r.Context(), isms.TaskFilter{OrgID: c.org, OwnerID: user,
			Status: isms.TaskOpen, Sort: "due", Limit: p.Limit, Offset: p.Offset})
		return err
	})
	writeCeiling(w, p, err)
}

func writeCeiling(w http.ResponseWriter, v any, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

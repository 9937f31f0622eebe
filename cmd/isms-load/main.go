// SPDX-License-Identifier: Apache-2.0

// Command isms-load is an ad-hoc HTTP load generator for the isms server,
// for profiling and for paths "isms bench http" does not drive. It keeps
// -c clients busy for -d, each sending its next request as soon as the
// last one was answered, and prints requests per second, the latency
// percentiles and the number of errors. It exits with status 1 when any
// request failed: a transport error or a status other than 2xx (redirects
// are not followed, so an expired session shows up as an error rather
// than as the sign-in page).
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
// It also serves the ceiling of the benchmark (package
// internal/bench/ceiling), to load by hand:
//
//	isms-load -serve-ceiling -database-url sqlite:/tmp/large/isms.db -org large -addr 127.0.0.1:8091
//
// The load generator and the ceiling server are internal/bench's.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ismsproject/isms/internal/bench"
	"github.com/ismsproject/isms/internal/sqldb"
)

// hidden are the flags of the ceiling server, left out of -help.
var hidden = map[string]bool{"serve-ceiling": true, "database-url": true, "org": true, "addr": true}

func main() {
	var (
		l       bench.Load
		paths   = flag.String("paths", "/readyz", "comma-separated paths, requested round-robin")
		ceiling = flag.Bool("serve-ceiling", false, "serve the ceiling handlers instead of generating load")
		dbURL   = flag.String("database-url", os.Getenv("ISMS_DATABASE_URL"), "ceiling: sqlite:PATH or postgres://… (ISMS_DATABASE_URL)")
		org     = flag.String("org", "large", "ceiling: slug of the organization to serve")
		addr    = flag.String("addr", "127.0.0.1:8091", "ceiling: listen address")
	)
	flag.StringVar(&l.Base, "url", "http://127.0.0.1:8080", "base URL of the server")
	flag.StringVar(&l.Token, "token", "", "API token, sent as \"Authorization: Bearer <token>\"")
	flag.StringVar(&l.Cookie, "cookie", "", "Cookie header to send, e.g. \"isms_session=…\" (pages need a session)")
	flag.IntVar(&l.Clients, "c", 8, "concurrent clients")
	flag.DurationVar(&l.Duration, "d", 20*time.Second, "how long to measure")
	flag.DurationVar(&l.Warmup, "warmup", 2*time.Second, "how long to send requests before measuring")
	flag.DurationVar(&l.Timeout, "timeout", 10*time.Second, "timeout of one request")
	flag.Usage = usage
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *ceiling {
		exitOn(serveCeiling(ctx, *dbURL, *org, *addr), 1)
		return
	}
	l.Base = strings.TrimRight(l.Base, "/")
	for p := range strings.SplitSeq(*paths, ",") {
		if p = strings.TrimSpace(p); p != "" {
			l.Paths = append(l.Paths, "/"+strings.TrimPrefix(p, "/"))
		}
	}
	if len(l.Paths) == 0 || l.Clients < 1 || l.Duration <= 0 {
		exitOn(errors.New("need -paths, -c ≥ 1 and -d > 0"), 2)
	}
	res, err := bench.Run(ctx, l)
	exitOn(err, 2)
	res.Print(os.Stdout, l)
	if len(res.Errors) > 0 {
		os.Exit(1)
	}
}

func usage() {
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

// exitOn prints err and exits with code when err is not nil.
func exitOn(err error, code int) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "isms-load:", err)
		os.Exit(code)
	}
}

// serveCeiling serves the ceiling for the organization with slug org on
// the migrated database at url until ctx ends.
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
	return bench.ServeCeiling(ctx, db, org, addr, os.Stdout)
}

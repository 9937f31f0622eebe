// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/web"
)

func newServeCmd(ce *cmdEnv) *cobra.Command {
	var addr, metricsAddr string
	var demo, dev, migrate bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the web server and the REST API",
		Long: `serve runs the web pages and the REST API (/api/v1) on --addr.

On first start with an empty database it prints a one-time setup URL; only
that URL opens the page that creates the first organization and its owner.
With --demo it loads the demo organization instead and prints how to sign in.

Pending database migrations are applied at start (--migrate=false refuses to
start instead, for installations that migrate separately). SIGTERM or
Ctrl-C stops the server gracefully.`,
		Example: `  isms serve --demo
  ISMS_DATABASE_URL=postgres://isms@db/isms isms serve --addr :8080 --base-url https://isms.example.com`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return ce.serve(cmd.Context(), demo, dev, migrate)
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "", "listen address (ISMS_ADDR, default 127.0.0.1:8080)")
	f.StringVar(&metricsAddr, "metrics-addr", "", "serve Prometheus metrics on this separate address (ISMS_METRICS_ADDR; off by default)")
	f.BoolVar(&demo, "demo", false, "load the demo organization (if the database has no organization) and print how to sign in")
	f.BoolVar(&dev, "dev", false, "reread templates and static files from internal/web on every request")
	f.BoolVar(&migrate, "migrate", true, "apply pending database migrations at start")
	return cmd
}

func (ce *cmdEnv) serve(ctx context.Context, demo, dev, migrate bool) error {
	start := time.Now()
	log := ce.logger()
	ce.signs = true
	a, closeDB, err := ce.openApp(ctx, migrate)
	if err != nil {
		return err
	}
	defer closeDB()
	srv, err := web.New(a, web.Options{BaseURL: ce.cfg.BaseURL, SecureCookies: ce.cfg.SecureCookies(),
		TrustedProxies: ce.cfg.TrustedProxies, MetricsToken: ce.cfg.MetricsToken, Dev: dev,
		DevDir: filepath.Join("internal", "web"), Logger: log, Version: ce.Version})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", ce.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (set another address with --addr or ISMS_ADDR)", ce.cfg.Addr, err)
	}
	base := ce.cfg.BaseURL
	if ce.cfg.Addr != ln.Addr().String() && base == "http://"+ce.cfg.Addr {
		base = "http://" + ln.Addr().String() // a :0 port was chosen by the system
	}
	if err := ce.announce(ctx, a, base, demo); err != nil {
		ln.Close()
		return err
	}
	stopJobs, err := a.StartJobs(ctx, jobs.Options{Logger: log.With("component", "jobs")})
	if err != nil {
		ln.Close()
		return err
	}
	defer func() {
		jctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := stopJobs(jctx); err != nil {
			log.Error("stop background jobs", "err", err)
		}
	}()
	if ce.cfg.MetricsAddr != "" {
		go ce.serveMetrics(ctx, srv, log)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: nil}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	log.Info("serving", "url", base, "database", a.DB().Dialect(), "startup_ms", time.Since(start).Milliseconds(),
		"heap_mb", ms.HeapAlloc>>20)
	fmt.Fprintf(ce.Stdout, "isms is serving on %s\n", base)
	if ce.Ready != nil {
		ce.Ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// announce prints how to get in: the demo sign-in, or the one-time setup URL
// of an installation without accounts.
func (ce *cmdEnv) announce(ctx context.Context, a *app.App, base string, demo bool) error {
	if demo {
		res, err := a.LoadDemo(ctx, app.DemoSmall, func(msg string) { fmt.Fprintln(ce.Stderr, msg) })
		if err != nil {
			return err
		}
		if res.Loaded {
			fmt.Fprintf(ce.Stdout, "Demo organization %q loaded.\n", res.OrgName)
		}
		fmt.Fprintf(ce.Stdout, "Sign in at %s/signin as %s with password %s\n", base, res.AdminEmail, app.DemoPassword)
		return nil
	}
	need, err := a.NeedsSetup(ctx)
	if err != nil || !need {
		return err
	}
	token, err := a.NewSetupToken(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(ce.Stdout, "No account exists yet. Open this one-time setup URL to create the first organization and its owner:\n  %s/setup?token=%s\n", base, token)
	return nil
}

func (ce *cmdEnv) serveMetrics(ctx context.Context, srv *web.Server, log interface{ Error(string, ...any) }) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", srv.MetricsHandler())
	ms := &http.Server{Addr: ce.cfg.MetricsAddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		ms.Close()
	}()
	if err := ms.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("metrics server", "err", err)
	}
}

// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/bench"
	"github.com/ismsproject/isms/internal/bench/ceiling"
)

func init() { extraCommands = append(extraCommands, newBenchCmd) }

func newBenchCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure the server against the performance targets of DESIGN §7",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newBenchHTTPCmd(ce), newBenchCeilingCmd(ce))
	return cmd
}

// benchHTTPFlags are the flags of "isms bench http".
type benchHTTPFlags struct {
	size, postgresURL, format, exe string
	only                           []string
	seed                           uint64
	opts                           bench.HTTPOptions
}

func newBenchHTTPCmd(ce *cmdEnv) *cobra.Command {
	var f benchHTTPFlags
	cmd := &cobra.Command{
		Use:   "http",
		Short: "Load-test the pages and API lists against their ceiling, with cold start and idle memory",
		Long: `http measures the HTTP figures of DESIGN §7 on SQLite, then on PostgreSQL
when --postgres-url (or ISMS_BENCH_POSTGRES_URL) is given.

For each database it loads the demo organization unless it is there already
(the large one takes minutes; progress goes to standard error; the database
is kept for the next run, so --seed only matters on the first). It then
starts "isms serve" as a child process --starts times and measures the time
from exec to the first 200 of /readyz and the memory (VmRSS) after 3 s idle.
It signs in as the demo administrator through the sign-in form, creates a
read-only API token on the account page, and starts the ceiling, the same
data queries behind bare net/http handlers, as a second child process. Each
endpoint, then its ceiling, is driven by --clients closed-loop clients for
--duration after --warmup; the report gives requests per second, latency
percentiles, each server's CPU time per request and the ratio of the
product's throughput to the ceiling's, against the targets.

The SQLite database is in --data-dir (default <user cache>/isms-bench/<size>-sqlite);
PostgreSQL's server files go to <user cache>/isms-bench/<size>-postgres.
The servers' request logs are bench-server.log and bench-ceiling.log there.
A missed target is a measurement, not an error: the exit status is 0. It is
1 when a request failed, when no request started within a measured window
(each took longer: lengthen --duration), or when the run could not be made.`,
		Example: `  isms bench http
  isms bench http --postgres-url postgres://postgres@127.0.0.1/isms_bench_large --format markdown
  isms bench http --size small --clients 8 --only risks.api,dashboard.page,posture.api`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("database-url") {
				return usageError{errors.New("bench http takes --data-dir for SQLite and --postgres-url for PostgreSQL, not --database-url")}
			}
			if !cmd.Flags().Changed("postgres-url") {
				f.postgresURL = ce.Getenv("ISMS_BENCH_POSTGRES_URL")
			}
			dataDir := ""
			if cmd.Flags().Changed("data-dir") {
				dataDir = ce.dataDir
			}
			return ce.benchHTTP(cmd.Context(), &f, dataDir)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.size, "size", string(app.DemoLarge), "demo organization: large or small")
	fl.StringVar(&f.postgresURL, "postgres-url", "", "PostgreSQL database to run on as well (default ISMS_BENCH_POSTGRES_URL; skipped when empty)")
	fl.Uint64Var(&f.seed, "seed", app.DefaultDemoSeed, "seed of the large demo's generated records, when it is loaded")
	fl.IntVar(&f.opts.Clients, "clients", 32, "concurrent closed-loop clients")
	fl.DurationVar(&f.opts.Duration, "duration", 10*time.Second, "measured time per endpoint, and again per ceiling")
	fl.DurationVar(&f.opts.Warmup, "warmup", 2*time.Second, "requests sent before each measured window, not counted")
	fl.IntVar(&f.opts.Starts, "starts", 5, "cold starts measured per database")
	fl.StringSliceVar(&f.only, "only", nil, "measure only these endpoints (comma-separated names)")
	fl.DurationVar(&f.opts.P99Target, "p99-target", 50*time.Millisecond, "p99 latency target")
	fl.Float64Var(&f.opts.RatioTarget, "ratio-target", 0.5, "target share of the ceiling's throughput")
	fl.StringVar(&f.format, "format", "text", "report format: text, markdown or json")
	// For tests, which run the test binary as isms, and quick checks.
	fl.StringVar(&f.exe, "exe", "", "the isms binary the child processes run (default: this one)")
	fl.DurationVar(&f.opts.Idle, "idle", 3*time.Second, "idle time before the memory is read")
	fl.MarkHidden("exe")
	fl.MarkHidden("idle")
	return cmd
}

// check reports the first flag that is wrong, as a usage error.
func (f *benchHTTPFlags) check() error {
	o := f.opts
	var err error
	switch {
	case f.size != string(app.DemoSmall) && f.size != string(app.DemoLarge):
		err = fmt.Errorf("--size must be small or large, not %q", f.size)
	case !slices.Contains(bench.Formats, f.format):
		err = fmt.Errorf("--format %q: use text, markdown or json", f.format)
	case o.Clients < 1:
		err = fmt.Errorf("--clients must be at least 1, not %d", o.Clients)
	case o.Duration <= 0:
		err = fmt.Errorf("--duration must be positive, not %s", o.Duration)
	case o.Warmup < 0 || o.Idle < 0:
		err = errors.New("--warmup and --idle must not be negative")
	case o.Starts < 1:
		err = fmt.Errorf("--starts must be at least 1, not %d", o.Starts)
	case o.P99Target <= 0 || o.RatioTarget <= 0:
		err = errors.New("--p99-target and --ratio-target must be positive")
	}
	if err != nil {
		return usageError{err}
	}
	return nil
}

// benchHTTP runs the HTTP benchmark and prints its report.
func (ce *cmdEnv) benchHTTP(ctx context.Context, f *benchHTTPFlags, dataDir string) error {
	if err := f.check(); err != nil {
		return err
	}
	eps, err := bench.SelectEndpoints(ceiling.Endpoints(), f.only)
	if err != nil {
		return usageError{err}
	}
	o := f.opts
	o.Endpoints, o.Progress, o.Exe = eps, ce.Stderr, f.exe
	if o.Exe == "" {
		if o.Exe, err = os.Executable(); err != nil {
			return fmt.Errorf("find this program to start the server with: %w", err)
		}
	}
	targets, err := ce.benchTargets(f, dataDir)
	if err != nil {
		return err
	}
	rep := &bench.Report{Machine: bench.ThisMachine(), Size: f.size, Clients: o.Clients, Duration: bench.Millis(o.Duration),
		Warmup: bench.Millis(o.Warmup), Starts: o.Starts, P99Target: bench.Millis(o.P99Target), RatioTarget: o.RatioTarget}
	if f.postgresURL == "" {
		rep.Skipped = append(rep.Skipped, "PostgreSQL: no --postgres-url or ISMS_BENCH_POSTGRES_URL given")
		fmt.Fprintln(ce.Stderr, "PostgreSQL is skipped: no --postgres-url or ISMS_BENCH_POSTGRES_URL given")
	}
	for _, bt := range targets {
		t, err := ce.benchTarget(ctx, bt, app.DemoSize(f.size), f.seed)
		if err == nil {
			rep.Org = t.Org
			var dr *bench.DatabaseReport
			if dr, err = bench.RunHTTP(ctx, o, t); dr != nil {
				rep.Databases = append(rep.Databases, dr)
			}
		}
		if err != nil {
			return errors.Join(ce.writeBenchReport(rep, f.format), err)
		}
	}
	if err := ce.writeBenchReport(rep, f.format); err != nil {
		return err
	}
	if p := rep.Problems(); len(p) > 0 {
		return fmt.Errorf("the figures are not valid: %s", strings.Join(p, "; "))
	}
	return nil
}

// writeBenchReport writes what was measured, if anything.
func (ce *cmdEnv) writeBenchReport(rep *bench.Report, format string) error {
	if len(rep.Databases) == 0 {
		return nil
	}
	rep.Finish()
	return rep.Write(ce.Stdout, format)
}

// benchDB is a database the benchmark runs on, before the demo is loaded.
type benchDB struct {
	name, url, dir string
}

// benchTargets returns the databases to run on: SQLite in dataDir (or
// the user's cache), then PostgreSQL when a URL is given.
func (ce *cmdEnv) benchTargets(f *benchHTTPFlags, dataDir string) ([]benchDB, error) {
	cache := ""
	if dataDir == "" || f.postgresURL != "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("find a directory for the benchmark's databases (or give --data-dir): %w", err)
		}
		cache = filepath.Join(dir, "isms-bench")
	}
	if dataDir == "" {
		dataDir = filepath.Join(cache, f.size+"-sqlite")
	}
	dbs := []benchDB{{"SQLite", "sqlite:" + filepath.Join(dataDir, "isms.db"), dataDir}}
	if f.postgresURL != "" {
		dbs = append(dbs, benchDB{"PostgreSQL", f.postgresURL, filepath.Join(cache, f.size+"-postgres")})
	}
	return dbs, nil
}

// benchTarget migrates db, loads the demo organization of size into it
// unless it is there, and reads what the run needs.
func (ce *cmdEnv) benchTarget(ctx context.Context, db benchDB, size app.DemoSize, seed uint64) (bench.Target, error) {
	t := bench.Target{Name: db.name, Flags: []string{"--database-url", db.url, "--data-dir", db.dir}, LogDir: db.dir,
		Password: app.DemoPassword}
	if err := os.MkdirAll(db.dir, 0o750); err != nil {
		return t, fmt.Errorf("create the %s data directory: %w", db.name, err)
	}
	sub := *ce
	sub.cfg.DatabaseURL, sub.cfg.DataDir = db.url, db.dir
	a, done, err := sub.openApp(ctx, true)
	if err != nil {
		return t, fmt.Errorf("%s: %w", db.name, err)
	}
	defer done()
	start := time.Now()
	res, err := a.LoadDemoWith(ctx, size, app.DemoOptions{Seed: seed}, func(msg string) { fmt.Fprintf(ce.Stderr, "%s: %s\n", db.name, msg) })
	if err != nil {
		return t, fmt.Errorf("%s: load the demo organization: %w", db.name, err)
	}
	if res.Loaded {
		fmt.Fprintf(ce.Stderr, "%s: loaded the %s demo organization %q in %s\n", db.name, size, res.OrgSlug, time.Since(start).Round(time.Millisecond))
	}
	t.Org, t.Email = res.OrgSlug, res.AdminEmail
	if t.Params, err = ceiling.Params(ctx, a.DB(), res.OrgSlug); err != nil {
		return t, fmt.Errorf("%s: the endpoints' parameters: %w", db.name, err)
	}
	if t.Version, err = a.DB().ServerVersion(ctx); err != nil {
		return t, fmt.Errorf("%s: %w", db.name, err)
	}
	return t, nil
}

func newBenchCeilingCmd(ce *cmdEnv) *cobra.Command {
	var addr, org string
	cmd := &cobra.Command{
		Use:    "ceiling",
		Short:  "Serve the ceiling of the HTTP benchmark (bench http starts it)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := ce.openDB(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer db.Close()
			return bench.ServeCeiling(cmd.Context(), db, org, addr, ce.Stdout)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8091", "listen address")
	cmd.Flags().StringVar(&org, "org", "", "slug of the organization whose data the ceiling serves")
	cmd.MarkFlagRequired("org")
	return cmd
}

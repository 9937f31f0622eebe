// SPDX-License-Identifier: Apache-2.0

// Package cli holds the isms command and its subcommands (cobra), one file
// per command group. With cmd/isms it is the composition root: it reads the
// configuration, opens the database, builds the app and the web server.
// Run takes its environment as arguments, so tests run any command
// in-process.
package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/config"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/sqldb"
)

// Env is what a command runs with: settings from the environment, streams
// and the program's version. Tests fill it directly.
type Env struct {
	Getenv  func(string) string
	Stdout  io.Writer
	Stderr  io.Writer
	Version string
	// Now is the clock for the app; nil means time.Now. Only tests set it.
	Now func() time.Time
	// Ready, when set, is called by serve with the address it listens on.
	Ready func(addr string)
}

// Run runs the isms command line with args (without the program name).
func Run(ctx context.Context, args []string, env Env) error {
	root := newRoot(env)
	root.SetArgs(args)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	return root.ExecuteContext(ctx)
}

// cmdEnv carries the parsed settings to every command.
type cmdEnv struct {
	Env
	cfg config.Config
	// flags that override the environment
	dataDir, databaseURL, baseURL, trustedProxies, logFormat, logLevel string
	// signs is set by the commands that sign audit packages (serve,
	// audit-package): they create the secret key file when there is none.
	signs bool
}

func newRoot(env Env) *cobra.Command {
	ce := &cmdEnv{Env: env}
	root := &cobra.Command{
		Use:   "isms",
		Short: "isms runs an ISO/IEC 27001 information security management system",
		Long: `isms helps an organization plan, implement, run, measure and improve an
information security management system that conforms to ISO/IEC 27001:2022.

Settings come from ISMS_* environment variables; flags override them.
Run "isms config" to see the effective settings.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return ce.load(cmd)
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&ce.dataDir, "data-dir", "", "data directory for the SQLite database and files (ISMS_DATA_DIR, default \"data\")")
	pf.StringVar(&ce.databaseURL, "database-url", "", "sqlite:PATH or postgres://… (ISMS_DATABASE_URL, default sqlite:<data-dir>/isms.db)")
	pf.StringVar(&ce.baseURL, "base-url", "", "public URL of the server; https makes cookies Secure (ISMS_BASE_URL)")
	pf.StringVar(&ce.trustedProxies, "trusted-proxies", "", "comma-separated proxy addresses/CIDRs allowed to set X-Forwarded-For (ISMS_TRUSTED_PROXIES)")
	pf.StringVar(&ce.logFormat, "log-format", "", "log format: text or json (ISMS_LOG_FORMAT, default text)")
	pf.StringVar(&ce.logLevel, "log-level", "", "log level: debug, info, warn, error (ISMS_LOG_LEVEL, default info)")
	root.AddCommand(newServeCmd(ce), newMigrateCmd(ce), newUserCmd(ce), newOrgCmd(ce), newAuditCmd(ce),
		newConfigCmd(ce), newVersionCmd(ce))
	for _, extra := range extraCommands {
		root.AddCommand(extra(ce))
	}
	return root
}

// extraCommands are command groups registered by other files of this package.
var extraCommands []func(*cmdEnv) *cobra.Command

// load reads the environment, applies the flags that were set and checks the result.
func (ce *cmdEnv) load(cmd *cobra.Command) error {
	cfg, err := config.Load(ce.Getenv)
	if err != nil {
		return err
	}
	set := func(name string, dst *string, v string) {
		if cmd.Flags().Changed(name) {
			*dst = v
		}
	}
	set("data-dir", &cfg.DataDir, ce.dataDir)
	set("database-url", &cfg.DatabaseURL, ce.databaseURL)
	set("base-url", &cfg.BaseURL, ce.baseURL)
	set("log-format", &cfg.LogFormat, ce.logFormat)
	set("log-level", &cfg.LogLevel, ce.logLevel)
	if cmd.Flags().Changed("trusted-proxies") {
		if cfg.TrustedProxies, err = config.ParseProxies(ce.trustedProxies); err != nil {
			return fmt.Errorf("--trusted-proxies: %w", err)
		}
	}
	if f := cmd.Flags().Lookup("addr"); f != nil && f.Changed {
		cfg.Addr = f.Value.String()
	}
	if f := cmd.Flags().Lookup("metrics-addr"); f != nil && f.Changed {
		cfg.MetricsAddr = f.Value.String()
	}
	if err := cfg.Finish(); err != nil {
		return err
	}
	ce.cfg = cfg
	return nil
}

// logger returns the structured logger the settings ask for, on stderr.
func (ce *cmdEnv) logger() *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(ce.cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if ce.cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(ce.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(ce.Stderr, opts))
}

// openDB opens the configured database, creating the data directory for
// SQLite. With migrate it applies pending migrations, the product's and
// then the job queue's, printing progress; otherwise it refuses a database
// that is not current.
func (ce *cmdEnv) openDB(ctx context.Context, migrate bool) (*sqldb.DB, error) {
	if !sqldb.IsPostgres(ce.cfg.DatabaseURL) {
		if err := os.MkdirAll(filepath.Dir(sqldb.SQLitePath(ce.cfg.DatabaseURL)), 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	db, err := sqldb.Open(ce.cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if migrate {
		_, err = db.Migrate(ctx, func(name string) { fmt.Fprintf(ce.Stderr, "applying migration %s\n", name) })
		if err == nil {
			var done []string
			done, err = jobs.Migrate(ctx, db)
			for _, name := range done {
				fmt.Fprintf(ce.Stderr, "applied migration %s\n", name)
			}
		}
	} else if err = db.CheckMigrations(ctx); err == nil {
		err = jobs.Check(ctx, db)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openApp opens the database (migrating it when migrate is set) and the
// evidence file store, and builds the app.
func (ce *cmdEnv) openApp(ctx context.Context, migrate bool) (*app.App, func(), error) {
	db, err := ce.openDB(ctx, migrate)
	if err != nil {
		return nil, nil, err
	}
	blobs, err := ce.openBlobs(ctx)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("open the evidence store: %w", err)
	}
	opts := app.Options{Now: ce.Now, SessionIdle: ce.cfg.SessionIdle, SessionMax: ce.cfg.SessionMax,
		Blobs: blobs, MaxUpload: ce.cfg.MaxUploadBytes(), SecretKey: ce.secretKey()}
	if ce.cfg.BaseURL != "http://"+ce.cfg.Addr { // set with ISMS_BASE_URL or --base-url, not the default
		opts.BaseURL = ce.cfg.BaseURL
	}
	a := app.New(db, opts)
	return a, func() { db.Close() }, nil
}

// secretKey returns the installation's secret key: ISMS_SECRET_KEY's, or
// the one in the data directory, which the commands that sign create
// when there is none. A key that cannot be had is reported on standard
// error; signing then fails, naming ISMS_SECRET_KEY.
func (ce *cmdEnv) secretKey() []byte {
	if !ce.signs && ce.cfg.SecretKey == nil {
		if _, err := os.Stat(ce.cfg.SecretKeyFile()); err != nil {
			return nil
		}
	}
	key, err := ce.cfg.SecretKeyBytes()
	if err != nil {
		fmt.Fprintf(ce.Stderr, "isms: warning: %v; audit packages cannot be signed\n", err)
	}
	return key
}

// inOrg opens the app, finds the organization named by slug (see
// resolveOrg) and runs fn as the system acting in it.
func (ce *cmdEnv) inOrg(ctx context.Context, slug string, fn func(a *app.App, sys isms.Actor) error) error {
	a, done, err := ce.openApp(ctx, false)
	if err != nil {
		return err
	}
	defer done()
	o, err := resolveOrg(ctx, a, slug)
	if err != nil {
		return err
	}
	return fn(a, isms.SystemActor(o.ID))
}

// resolveOrg returns the organization named by slug, or the only one when
// slug is empty and there is exactly one.
func resolveOrg(ctx context.Context, a *app.App, slug string) (*isms.Organization, error) {
	sys := isms.SystemActor("")
	if slug != "" {
		return a.FindOrganizationBySlug(ctx, sys, slug)
	}
	orgs, total, err := a.FindOrganizations(ctx, sys, isms.OrganizationFilter{Limit: 2})
	if err != nil {
		return nil, err
	}
	switch total {
	case 0:
		return nil, fmt.Errorf("there is no organization yet: run \"isms serve\" and open the setup URL, or \"isms org create\"")
	case 1:
		return orgs[0], nil
	}
	return nil, fmt.Errorf("there are %d organizations: name one with --org SLUG (see \"isms org list\")", total)
}

// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
)

func init() { extraCommands = append(extraCommands, newDemoCmd) }

func newDemoCmd(ce *cmdEnv) *cobra.Command {
	var size string
	var opts app.DemoOptions
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Load a demo organization: a small company, or a large one for benchmarks",
		Long: `demo migrates the database and loads a demo organization, unless it exists
already; running it again changes nothing.

--size small loads "Northwind Analytics", an 80-person software company
about nine months into its first ISO/IEC 27001:2022 implementation: its
context, an approved scope and policy, a 5×5 risk method, assets and about
40 risks in every state, controls, a draft Statement of Applicability,
documents and evidence, an internal audit with findings, nonconformities,
objectives with measurements, a management review due and a certification
being prepared; ten of its people have accounts, one for every role.
--size large loads "Large Demo Corporation" for benchmarks
(docs/performance.md): 2,000 people, 1,000,000 audit events spread over the
last two years, 5 frameworks, 400 controls, 20,000 assets, 5,000 risks,
100,000 evidence items (their small files generated) and proportionate
records in every other module, which takes a minute or two; progress goes
to standard error. --org-only loads the
organization, its accounts and memberships only.

The large organization is generated from --seed: the same seed gives the
same records (titles, references, statuses, links, dates relative to the
day of the load) on every load, a different seed different ones; only the
record IDs differ.

Every demo account has the password ` + app.DemoPassword + `: demo
installations are for trying the product, never for real records. An
interrupted large load is not resumed: start again with an empty database.`,
		Example: `  isms demo
  isms demo --size large --data-dir /tmp/large
  isms demo --size large --seed 42 --data-dir /tmp/large42
  ISMS_DATABASE_URL=postgres://isms@db/isms_large isms demo --size large`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return ce.demo(cmd.Context(), app.DemoSize(size), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&size, "size", string(app.DemoSmall), "small or large")
	f.BoolVar(&opts.OrgOnly, "org-only", false, "load the organization, its accounts and memberships only")
	f.Uint64Var(&opts.Seed, "seed", app.DefaultDemoSeed, "seed the large organization's records are generated from")
	// For tests and quick benchmarks: a smaller large organization.
	f.IntVar(&opts.People, "people", 0, "members of the large organization (default 2,000)")
	f.IntVar(&opts.Events, "events", 0, "audit events in the large organization's chain (default 1,000,000)")
	f.IntVar(&opts.Evidence, "evidence", 0, "evidence items of the large organization (default 100,000)")
	f.IntVar(&opts.Scale, "scale", 0, "size of the large organization's controls, assets and risks, in percent (default 100)")
	f.MarkHidden("people")
	f.MarkHidden("events")
	f.MarkHidden("evidence")
	f.MarkHidden("scale")
	return cmd
}

// demo loads the demo organization and prints a summary and how to sign in.
func (ce *cmdEnv) demo(ctx context.Context, size app.DemoSize, opts app.DemoOptions) error {
	if size != app.DemoSmall && size != app.DemoLarge {
		return fmt.Errorf("--size must be small or large, not %q", size)
	}
	if opts.People < 0 || opts.Events < 0 || opts.Evidence < 0 {
		return fmt.Errorf("--people, --events and --evidence must not be negative (got %d, %d and %d)", opts.People, opts.Events, opts.Evidence)
	}
	if opts.Scale < 0 || opts.Scale > 100 {
		return fmt.Errorf("--scale must be a percentage from 1 to 100 (got %d)", opts.Scale)
	}
	a, done, err := ce.openApp(ctx, true)
	if err != nil {
		return err
	}
	defer done()
	start := time.Now()
	res, err := a.LoadDemoWith(ctx, size, opts, func(msg string) { fmt.Fprintln(ce.Stderr, msg) })
	if err != nil {
		return err
	}
	took := time.Since(start)
	if res.Loaded {
		fmt.Fprintf(ce.Stdout, "Loaded the %s demo organization %q (%s) in %s.\n", size, res.OrgName, res.OrgSlug, took.Round(time.Millisecond))
	} else {
		fmt.Fprintf(ce.Stdout, "The demo organization %q (%s) exists already; nothing was loaded.\n", res.OrgName, res.OrgSlug)
	}
	fmt.Fprintf(ce.Stdout, "  members:      %d\n  audit events: %d\n", res.Users, res.Events)
	fmt.Fprintf(ce.Stdout, "Start the server with \"isms serve\" and sign in at %s/signin as %s with password %s\n",
		ce.cfg.BaseURL, res.AdminEmail, app.DemoPassword)
	return nil
}

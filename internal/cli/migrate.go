// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/jobs"
	"github.com/ismsproject/isms/internal/sqldb"
)

func newMigrateCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply or inspect database migrations",
		Long:  "Migrations are embedded in the binary, forward-only, one directory per database system.",
	}
	cmd.AddCommand(&cobra.Command{
		Use:     "up",
		Short:   "Apply every pending migration",
		Example: "  isms migrate up\n  ISMS_DATABASE_URL=postgres://isms@db/isms isms migrate up",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := ce.openDB(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer db.Close()
			fmt.Fprintf(ce.Stdout, "database %s is current\n", sqldb.RedactURL(ce.cfg.DatabaseURL))
			return nil
		},
	}, &cobra.Command{
		Use:     "status",
		Short:   "List applied and pending migrations",
		Example: "  isms migrate status",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := sqldb.Open(ce.cfg.DatabaseURL)
			if err != nil {
				return err
			}
			defer db.Close()
			st, err := db.MigrationStatus(cmd.Context())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(ce.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "MIGRATION\tSTATUS\tAPPLIED AT")
			for _, m := range st.Migrations {
				status, at := "pending", ""
				if m.Applied {
					status, at = "applied", m.AppliedAt.Format("2006-01-02 15:04:05 UTC")
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", m.Name, status, at)
			}
			for _, u := range st.Unknown {
				fmt.Fprintf(tw, "%s\tunknown to this binary\t\n", u)
			}
			tw.Flush()
			fmt.Fprintf(ce.Stdout, "%d applied, %d pending (%s)\n", len(st.Migrations)-st.Pending, st.Pending, db.Dialect())
			queue := "current"
			if err := jobs.Check(cmd.Context(), db); err != nil {
				queue = err.Error()
			}
			fmt.Fprintf(ce.Stdout, "job queue tables: %s\n", queue)
			return nil
		},
	})
	return cmd
}

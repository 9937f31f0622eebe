// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

func newOrgCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "org", Short: "Create and list organizations"}
	cmd.AddCommand(newOrgCreateCmd(ce), newOrgListCmd(ce))
	return cmd
}

func newOrgCreateCmd(ce *cmdEnv) *cobra.Command {
	var slug, name, admin string
	cmd := &cobra.Command{
		Use:     "create",
		Short:   "Create an organization with an existing account as its administrator",
		Example: `  isms org create --slug acme --name "Acme Ltd" --admin ana@example.com`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, done, err := ce.openApp(ctx, false)
			if err != nil {
				return err
			}
			defer done()
			sys := isms.SystemActor("")
			u, err := a.FindUserByEmail(ctx, sys, admin)
			if err != nil {
				return fmt.Errorf("--admin %s: %s (create it first with \"isms user create\")", admin, isms.ErrorMessage(err))
			}
			o := &isms.Organization{Slug: slug, Name: name}
			if err := a.CreateOrganization(ctx, sys, o, u.ID); err != nil {
				return cliError(err)
			}
			fmt.Fprintf(ce.Stdout, "created organization %s (%s) with administrator %s\n", o.Slug, o.ID, u.Email)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&slug, "slug", "", "short name used as --org (required)")
	f.StringVar(&name, "name", "", "display name (required)")
	f.StringVar(&admin, "admin", "", "e-mail of the existing account that administers it (required)")
	for _, n := range []string{"slug", "name", "admin"} {
		cmd.MarkFlagRequired(n)
	}
	return cmd
}

func newOrgListCmd(ce *cmdEnv) *cobra.Command {
	var out output
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the organizations of the installation",
		Example: "  isms org list\n  isms org list --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, done, err := ce.openApp(ctx, false)
			if err != nil {
				return err
			}
			defer done()
			orgs, _, err := a.FindOrganizations(ctx, isms.SystemActor(""), isms.OrganizationFilter{Sort: "slug", Limit: isms.MaxPageSize})
			if err != nil {
				return err
			}
			t := &report.Table{Title: "Organizations", Columns: []string{"Slug", "Name", "ID", "Created"}}
			for _, o := range orgs {
				t.Rows = append(t.Rows, []string{o.Slug, o.Name, string(o.ID), o.CreatedAt.Format("2006-01-02")})
			}
			return out.write(ce.Stdout, t, orgs)
		},
	}
	out.flags(cmd, "table", "csv", "xlsx", "json")
	return cmd
}

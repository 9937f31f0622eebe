// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

func newUserCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Create, list and reset accounts"}
	cmd.AddCommand(newUserCreateCmd(ce), newUserListCmd(ce), newUserResetCmd(ce))
	return cmd
}

func newUserCreateCmd(ce *cmdEnv) *cobra.Command {
	var email, name, org, role string
	var owner, passwordStdin bool
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create an account, optionally as a member of an organization",
		Long: `create adds an account. Without --password-stdin it prints a one-time
password that must be changed at the first sign-in.`,
		Example: `  isms user create --email ana@example.com --name "Ana Ruiz" --org acme --role manager
  echo "$PASSWORD" | isms user create --email ops@example.com --name Ops --owner --password-stdin`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, done, err := ce.openApp(ctx, false)
			if err != nil {
				return err
			}
			defer done()
			password := ""
			if passwordStdin {
				line, _ := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
				password = strings.TrimRight(line, "\r\n")
				if password == "" {
					return fmt.Errorf("--password-stdin: no password on standard input")
				}
			}
			var orgID isms.ID
			if role != "" || org != "" {
				o, err := resolveOrg(ctx, a, org)
				if err != nil {
					return err
				}
				orgID = o.ID
				if !isms.Role(role).Valid() {
					return fmt.Errorf("--role %q: use one of admin, manager, contributor, auditor, viewer, employee", role)
				}
			}
			u := &isms.User{Email: email, Name: name, Owner: owner}
			sys := isms.SystemActor("")
			generated, err := a.CreateUser(ctx, sys, u, password)
			if err != nil {
				return cliError(err)
			}
			if orgID != "" {
				if err := a.AddMemberByID(ctx, sys, orgID, u.ID, isms.Role(role)); err != nil {
					return cliError(err)
				}
			}
			fmt.Fprintf(ce.Stdout, "created account %s (%s)\n", u.Email, u.ID)
			if generated != "" {
				fmt.Fprintf(ce.Stdout, "one-time password: %s\n", generated)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&email, "email", "", "e-mail address (required)")
	f.StringVar(&name, "name", "", "display name (required)")
	f.StringVar(&org, "org", "", "add to this organization (slug); default: the only one, when --role is given")
	f.StringVar(&role, "role", "", "role in the organization: admin, manager, contributor, auditor, viewer, employee")
	f.BoolVar(&owner, "owner", false, "make the account an installation owner")
	f.BoolVar(&passwordStdin, "password-stdin", false, "read the password from the first line of standard input")
	cmd.MarkFlagRequired("email")
	cmd.MarkFlagRequired("name")
	return cmd
}

func newUserListCmd(ce *cmdEnv) *cobra.Command {
	var out output
	var search string
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List every account of the installation",
		Example: "  isms user list\n  isms user list --search ana --format csv --out users.csv",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, done, err := ce.openApp(ctx, false)
			if err != nil {
				return err
			}
			defer done()
			t := &report.Table{Title: "Accounts", Columns: []string{"ID", "E-mail", "Name", "Owner", "Status", "Created"}}
			var all []*isms.User
			for offset := 0; ; {
				users, total, err := a.FindUsers(ctx, isms.SystemActor(""), isms.UserFilter{Search: search, Sort: "email", Limit: isms.MaxPageSize, Offset: offset})
				if err != nil {
					return err
				}
				for _, u := range users {
					status := "active"
					if u.Disabled {
						status = "disabled"
					}
					t.Rows = append(t.Rows, []string{string(u.ID), u.Email, u.Name, fmt.Sprint(u.Owner), status, u.CreatedAt.Format("2006-01-02")})
				}
				all = append(all, users...)
				offset += len(users)
				if len(users) == 0 || offset >= total {
					break
				}
			}
			return out.write(ce.Stdout, t, all)
		},
	}
	out.flags(cmd, "table", "csv", "xlsx", "json")
	cmd.Flags().StringVar(&search, "search", "", "only accounts whose name or e-mail contains this")
	return cmd
}

func newUserResetCmd(ce *cmdEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "reset-password EMAIL",
		Short: "Give an account a new one-time password and end its sessions",
		Long: `reset-password prints a new one-time password that must be changed at the
next sign-in, and ends the account's sessions. Use it when an owner is
locked out.`,
		Example: "  isms user reset-password ana@example.com",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, done, err := ce.openApp(ctx, false)
			if err != nil {
				return err
			}
			defer done()
			sys := isms.SystemActor("")
			u, err := a.FindUserByEmail(ctx, sys, args[0])
			if err != nil {
				return cliError(err)
			}
			pw, err := a.ResetPassword(ctx, sys, u.ID)
			if err != nil {
				return cliError(err)
			}
			fmt.Fprintf(ce.Stdout, "password of %s reset; sessions ended\none-time password: %s\n", u.Email, pw)
			return nil
		},
	}
}

// cliError turns an *isms.Error into a plain message with its field problems.
func cliError(err error) error {
	fields := isms.ErrorFields(err)
	if fields == nil {
		if isms.ErrorCode(err) == isms.Internal {
			return err
		}
		return fmt.Errorf("%s", isms.ErrorMessage(err))
	}
	var b strings.Builder
	b.WriteString(isms.ErrorMessage(err))
	for f, msg := range fields {
		fmt.Fprintf(&b, "\n  --%s: %s", f, msg)
	}
	return fmt.Errorf("%s", b.String())
}

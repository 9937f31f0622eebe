// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"context"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

func init() { extraCommands = append(extraCommands, newPeopleCmd) }

func newPeopleCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "people", Short: "List the people whose competence the ISMS tracks"}
	cmd.AddCommand(newPeopleListCmd(ce))
	return cmd
}

// peopleList holds the flags of "people list".
type peopleList struct {
	org, role, department, q string
	gaps, inactive           bool
}

func newPeopleListCmd(ce *cmdEnv) *cobra.Command {
	var out output
	var pl peopleList
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List people with their ISMS roles, department, start date and competence gaps",
		Example: `  isms people list --role "Internal auditor"
  isms people list --gaps --format csv --out gaps.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return ce.inOrg(ctx, pl.org, func(a *app.App, sys isms.Actor) error {
				f := isms.PersonFilter{OrgID: sys.OrgID, Search: pl.q, Role: strings.TrimSpace(pl.role),
					Department: strings.TrimSpace(pl.department), Inactive: pl.inactive, WithGaps: pl.gaps,
					Today: isms.DateOf(backupClock(ce.Now)()), Sort: "name"}
				list, err := allPeople(ctx, a, sys, f)
				if err != nil {
					return cliError(err)
				}
				return out.write(ce.Stdout, peopleTable(list), list)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&pl.org, "org", "", "organization (slug); default: the only one")
	fl.StringVar(&pl.role, "role", "", "only people who hold this ISMS role, such as \"Internal auditor\"")
	fl.StringVar(&pl.department, "department", "", "only people of this department")
	fl.BoolVar(&pl.gaps, "gaps", false, "only people who lack a competence their roles require, or whose training expired")
	fl.BoolVar(&pl.inactive, "inactive", false, "include people who left")
	fl.StringVar(&pl.q, "q", "", "only people with these words in the name, e-mail or department")
	out.flags(cmd, "table", "csv", "xlsx", "json")
	return cmd
}

// allPeople reads every person matching f, page by page.
func allPeople(ctx context.Context, a *app.App, actor isms.Actor, f isms.PersonFilter) ([]*isms.Person, error) {
	out := []*isms.Person{}
	for {
		f.Limit, f.Offset = isms.MaxPageSize, len(out)
		page, total, err := a.FindPeople(ctx, actor, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out, nil
		}
	}
}

func peopleTable(list []*isms.Person) *report.Table {
	t := &report.Table{Title: "People", Columns: []string{"Name", "E-mail", "Department", "Roles", "Start date",
		"Account", "Active", "Gaps"}}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	for _, p := range list {
		t.Rows = append(t.Rows, []string{p.Name, p.Email, p.Department, strings.Join(p.Roles, "; "), p.StartDate.String(),
			yes(p.UserID != ""), yes(p.Active), strconv.Itoa(p.Gaps)})
	}
	return t
}

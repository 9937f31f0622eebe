// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

func init() { extraCommands = append(extraCommands, newControlCmd) }

func newControlCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "control", Short: "List the organization's controls"}
	cmd.AddCommand(newControlListCmd(ce))
	return cmd
}

// controlList holds the flags of "control list".
type controlList struct {
	org, status, framework, q string
	unlinked                  bool
}

func newControlListCmd(ce *cmdEnv) *cobra.Command {
	var out output
	var cl controlList
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List controls with their status and how many requirements they are linked to",
		Example: `  isms control list --org acme --status implemented
  isms control list --framework iso27001-2022 --format csv --out controls.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return ce.inOrg(ctx, cl.org, func(a *app.App, sys isms.Actor) error {
				f, err := cl.filter(ctx, a, sys)
				if err != nil {
					return err
				}
				list, err := allControls(ctx, a, sys, f)
				if err != nil {
					return cliError(err)
				}
				return out.write(ce.Stdout, controlTable(list), list)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&cl.org, "org", "", "organization (slug); default: the only one")
	fl.StringVar(&cl.status, "status", "", "only planned, in_progress, implemented or not_applicable controls")
	fl.StringVar(&cl.framework, "framework", "", "only controls linked to a requirement of this framework (key or ID)")
	fl.BoolVar(&cl.unlinked, "unlinked", false, "only controls linked to no requirement")
	fl.StringVar(&cl.q, "q", "", "only controls with these words in the reference, title or description")
	out.flags(cmd, "table", "csv", "xlsx", "json")
	return cmd
}

// filter turns the flags into the filter of the organization's controls.
func (cl controlList) filter(ctx context.Context, a *app.App, actor isms.Actor) (isms.ControlFilter, error) {
	f := isms.ControlFilter{OrgID: actor.OrgID, Search: cl.q, Status: isms.ControlStatus(cl.status), Unlinked: cl.unlinked, Sort: "ref"}
	if f.Status != "" && !f.Status.Valid() {
		return f, fmt.Errorf("--status %q: use planned, in_progress, implemented or not_applicable", cl.status)
	}
	if cl.framework != "" {
		fw, err := a.FindFramework(ctx, actor, cl.framework)
		if err != nil {
			return f, fmt.Errorf("--framework %s: %s (run \"isms framework list\" to see the keys)", cl.framework, isms.ErrorMessage(err))
		}
		f.FrameworkID = fw.ID
	}
	return f, nil
}

// allControls reads every control matching f, page by page.
func allControls(ctx context.Context, a *app.App, actor isms.Actor, f isms.ControlFilter) ([]*isms.Control, error) {
	out := []*isms.Control{}
	for {
		f.Limit, f.Offset = isms.MaxPageSize, len(out)
		page, total, err := a.FindControls(ctx, actor, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out, nil
		}
	}
}

func controlTable(list []*isms.Control) *report.Table {
	t := &report.Table{Title: "Controls", Columns: []string{"Ref", "Title", "Status", "Owner", "Requirements", "Review months", "Next review", "ID"}}
	for _, c := range list {
		t.Rows = append(t.Rows, []string{c.Ref, c.Title, string(c.Status), c.OwnerName, strconv.Itoa(c.Requirements),
			strconv.Itoa(c.ReviewMonths), c.NextReview.String(), string(c.ID)})
	}
	return t
}

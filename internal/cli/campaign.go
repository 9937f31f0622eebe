// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

func init() { extraCommands = append(extraCommands, newCampaignCmd) }

func newCampaignCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "campaign", Short: "List awareness campaigns and how far their audience got"}
	cmd.AddCommand(newCampaignListCmd(ce))
	return cmd
}

func newCampaignListCmd(ce *cmdEnv) *cobra.Command {
	var out output
	var org string
	var all bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List awareness campaigns with their due date and acknowledgements done of those asked for",
		Example: `  isms campaign list
  isms campaign list --all --format csv --out campaigns.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			today := isms.DateOf(backupClock(ce.Now)())
			return ce.inOrg(ctx, org, func(a *app.App, sys isms.Actor) error {
				list, err := allCampaigns(ctx, a, sys, all)
				if err != nil {
					return cliError(err)
				}
				return out.write(ce.Stdout, campaignTable(list, today), campaignRecords(list))
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&org, "org", "", "organization (slug); default: the only one")
	fl.BoolVar(&all, "all", false, "include closed campaigns")
	out.flags(cmd, "table", "csv", "xlsx", "json")
	return cmd
}

// allCampaigns reads every campaign (or every open one), page by page.
func allCampaigns(ctx context.Context, a *app.App, actor isms.Actor, includeClosed bool) ([]*isms.Campaign, error) {
	out := []*isms.Campaign{}
	for {
		page, total, err := a.FindCampaigns(ctx, actor, includeClosed, isms.MaxPageSize, len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out, nil
		}
	}
}

// campaignRecord is one campaign as "campaign list --format json" prints
// it, with its completion in percent.
type campaignRecord struct {
	*isms.Campaign
	Percent int `json:"percent"`
}

func campaignRecords(list []*isms.Campaign) []campaignRecord {
	out := make([]campaignRecord, len(list))
	for i, c := range list {
		out[i] = campaignRecord{Campaign: c, Percent: c.Percent()}
	}
	return out
}

func campaignTable(list []*isms.Campaign, today isms.Date) *report.Table {
	t := &report.Table{Title: "Awareness campaigns", Columns: []string{"Title", "Due", "Documents", "Audience",
		"Acknowledged", "Expected", "Complete", "Status"}}
	for _, c := range list {
		status := "open"
		switch {
		case c.Closed:
			status = "closed"
		case c.Expected > 0 && c.Acknowledged >= c.Expected:
			status = "complete"
		case c.Due.Before(today):
			status = "overdue"
		}
		t.Rows = append(t.Rows, []string{c.Title, c.Due.String(), strconv.Itoa(len(c.Documents)), audienceText(c.Audience),
			strconv.Itoa(c.Acknowledged), strconv.Itoa(c.Expected), fmt.Sprintf("%d%%", c.Percent()), status})
	}
	return t
}

// audienceText says who an audience is, in a few words.
func audienceText(a isms.Audience) string {
	if a.Everyone {
		return "everyone"
	}
	var parts []string
	for _, r := range a.Roles {
		parts = append(parts, r.Label())
	}
	if n := len(a.People); n == 1 {
		parts = append(parts, "1 person")
	} else if n > 1 {
		parts = append(parts, strconv.Itoa(n)+" people")
	}
	return strings.Join(parts, ", ")
}

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

func init() { extraCommands = append(extraCommands, newAssetCmd) }

func newAssetCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "asset", Short: "List the organization's assets"}
	cmd.AddCommand(newAssetListCmd(ce))
	return cmd
}

// assetList holds the flags of "asset list".
type assetList struct {
	org, typ, owner, classification, q string
}

func newAssetListCmd(ce *cmdEnv) *cobra.Command {
	var out output
	var al assetList
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List assets with their type, owner, classification, C/I/A values and linked risks",
		Example: `  isms asset list --org acme --type software
  isms asset list --owner ana@example.com --format csv --out assets.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return ce.inOrg(ctx, al.org, func(a *app.App, sys isms.Actor) error {
				f, err := al.filter(ctx, a, sys)
				if err != nil {
					return err
				}
				list, err := allAssets(ctx, a, sys, f)
				if err != nil {
					return cliError(err)
				}
				return out.write(ce.Stdout, assetTable(list), list)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&al.org, "org", "", "organization (slug); default: the only one")
	types := make([]string, len(isms.AssetTypes))
	for i, t := range isms.AssetTypes {
		types[i] = string(t)
	}
	fl.StringVar(&al.typ, "type", "", "only assets of this type: "+strings.Join(types, ", "))
	fl.StringVar(&al.owner, "owner", "", "only assets this member (e-mail) owns")
	fl.StringVar(&al.classification, "classification", "", "only public, internal, confidential or restricted assets")
	fl.StringVar(&al.q, "q", "", "only assets with these words in the reference, name, description or location")
	out.flags(cmd, "table", "csv", "xlsx", "json")
	return cmd
}

// filter turns the flags into the filter of the organization's assets.
func (al assetList) filter(ctx context.Context, a *app.App, actor isms.Actor) (isms.AssetFilter, error) {
	f := isms.AssetFilter{OrgID: actor.OrgID, Search: al.q, Type: isms.AssetType(al.typ),
		Classification: isms.Classification(al.classification), Sort: "ref"}
	if f.Type != "" && !f.Type.Valid() {
		types := make([]string, len(isms.AssetTypes))
		for i, t := range isms.AssetTypes {
			types[i] = string(t)
		}
		return f, fmt.Errorf("--type %q: use %s", al.typ, strings.Join(types, ", "))
	}
	if !f.Classification.Valid() {
		return f, fmt.Errorf("--classification %q: use public, internal, confidential or restricted", al.classification)
	}
	if al.owner != "" {
		u, err := a.FindUserByEmail(ctx, isms.SystemActor(""), al.owner)
		if err != nil {
			return f, fmt.Errorf("--owner %s: %s", al.owner, isms.ErrorMessage(err))
		}
		f.OwnerID = u.ID
	}
	return f, nil
}

// allAssets reads every asset matching f, page by page.
func allAssets(ctx context.Context, a *app.App, actor isms.Actor, f isms.AssetFilter) ([]*isms.Asset, error) {
	out := []*isms.Asset{}
	for {
		f.Limit, f.Offset = isms.MaxPageSize, len(out)
		page, total, err := a.FindAssets(ctx, actor, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out, nil
		}
	}
}

func assetTable(list []*isms.Asset) *report.Table {
	t := &report.Table{Title: "Assets", Columns: []string{"Ref", "Name", "Type", "Owner", "Classification", "C", "I", "A",
		"Location", "Parent", "Risks", "ID"}}
	pos := func(v int) string {
		if v == 0 {
			return ""
		}
		return strconv.Itoa(v)
	}
	for _, a := range list {
		t.Rows = append(t.Rows, []string{a.Ref, a.Name, string(a.Type), a.OwnerName, string(a.Classification),
			pos(a.C), pos(a.I), pos(a.A), a.Location, a.ParentName, strconv.Itoa(a.Risks), string(a.ID)})
	}
	return t
}

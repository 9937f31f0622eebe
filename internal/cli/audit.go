// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
)

func newAuditCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "audit", Short: "Work with the hash-chained audit trail"}
	var org, format string
	var all bool
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Walk the audit hash chain and report the first broken link",
		Long: `verify re-computes the hash of every stored audit event, checks that each
links to the one before it, and that the chain ends at its recorded head.
It exits with status 1 and names the first broken event if any.

Without --org it verifies the only organization's chain; --all verifies the
installation chain and every organization's.`,
		Example: "  isms audit verify --org acme\n  isms audit verify --all --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			a, done, err := ce.openApp(ctx, false)
			if err != nil {
				return err
			}
			defer done()
			sys := isms.SystemActor("")
			var chains []string
			if all {
				if chains, err = a.AuditChains(ctx, sys); err != nil {
					return err
				}
			} else {
				o, err := resolveOrg(ctx, a, org)
				if err != nil {
					return err
				}
				chains = []string{string(o.ID)}
			}
			var reports []app.ChainReport
			broken := 0
			for _, c := range chains {
				rep, err := a.VerifyAuditChain(ctx, sys, c)
				if err != nil {
					return err
				}
				reports = append(reports, rep)
				if !rep.OK() {
					broken++
				}
				if format == "text" {
					printChainReport(ce, rep)
				}
			}
			if format == "json" {
				enc := json.NewEncoder(ce.Stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(reports); err != nil {
					return err
				}
			}
			if broken > 0 {
				return fmt.Errorf("%d of %d audit chain(s) broken", broken, len(chains))
			}
			return nil
		},
	}
	verify.Flags().StringVar(&org, "org", "", "organization slug (default: the only one)")
	verify.Flags().BoolVar(&all, "all", false, "verify the installation chain and every organization's chain")
	verify.Flags().StringVar(&format, "format", "text", "output format: text or json")
	cmd.AddCommand(verify)
	return cmd
}

func printChainReport(ce *cmdEnv, r app.ChainReport) {
	if r.OK() {
		fmt.Fprintf(ce.Stdout, "chain %s: OK, %d events, head %d %s\n", r.Chain, r.Checked, r.Head.Seq, r.Head.Hash)
		return
	}
	fmt.Fprintf(ce.Stdout, "chain %s: BROKEN at event %d: %s\n", r.Chain, r.Break.Seq, r.Break.Reason)
}

// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"fmt"
	"runtime"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func newConfigCmd(ce *cmdEnv) *cobra.Command {
	return &cobra.Command{
		Use:     "config",
		Short:   "Print the effective settings, secrets redacted",
		Long:    "config prints each setting with the environment variable and flag that set it. Flags win over the environment.",
		Example: "  ISMS_ADDR=:9090 isms config",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			tw := tabwriter.NewWriter(ce.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "VARIABLE\tFLAG\tVALUE")
			for _, s := range ce.cfg.Settings() {
				flag := s.Flag
				if flag == "" {
					flag = "-"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Env, flag, s.Value)
			}
			return tw.Flush()
		},
	}
}

func newVersionCmd(ce *cmdEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of isms",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(ce.Stdout, "isms %s (%s, %s/%s)\n", ce.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}

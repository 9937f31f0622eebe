// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/report"
)

// output is the --format and --out of a command that prints records.
type output struct {
	format string
	out    string
}

func (o *output) flags(cmd *cobra.Command, formats ...string) {
	cmd.Flags().StringVar(&o.format, "format", formats[0], "output format: "+strings.Join(formats, ", "))
	cmd.Flags().StringVar(&o.out, "out", "", "write to this file instead of standard output")
}

// write prints t (and, for json, v) in the chosen format.
func (o *output) write(stdout io.Writer, t *report.Table, v any) (err error) {
	w := stdout
	if o.out != "" {
		f, err := os.Create(o.out)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
		w = f
	}
	switch o.format {
	case "table":
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, strings.ToUpper(strings.Join(t.Columns, "\t")))
		for _, r := range t.Rows {
			fmt.Fprintln(tw, strings.Join(r, "\t"))
		}
		return tw.Flush()
	case "csv":
		return report.WriteCSV(w, t)
	case "xlsx":
		if o.out == "" {
			return fmt.Errorf("--format xlsx needs --out FILE")
		}
		return report.WriteXLSX(w, t)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	return fmt.Errorf("--format %q: use table, csv, xlsx or json", o.format)
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

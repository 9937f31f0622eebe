// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

func init() { extraCommands = append(extraCommands, newSoACmd) }

func newSoACmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "soa", Short: "List and export the versions of the Statement of Applicability"}
	cmd.AddCommand(newSoAListCmd(ce), newSoAExportCmd(ce))
	return cmd
}

func newSoAListCmd(ce *cmdEnv) *cobra.Command {
	var out output
	var org, framework string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the versions of the Statement of Applicability with their status and approver",
		Example: `  isms soa list
  isms soa list --framework iso27001-2022 --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return ce.inOrg(ctx, org, func(a *app.App, sys isms.Actor) error {
				list, err := a.SoAVersions(ctx, sys, strings.TrimSpace(framework))
				if err != nil {
					return cliError(err)
				}
				return out.write(ce.Stdout, soaTable(list), soaRecords(list))
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&org, "org", "", "organization (slug); default: the only one")
	fl.StringVar(&framework, "framework", "", "only the versions of this framework (its key); default: every framework")
	out.flags(cmd, "table", "csv", "xlsx", "json")
	return cmd
}

// soaStatus names a version's status for people; a frozen draft has
// been submitted and awaits approval.
func soaStatus(s *isms.SoA) string {
	if s.Status == isms.SoADraft && s.Frozen {
		return "awaiting approval"
	}
	return string(s.Status)
}

// soaRecord is one version as "soa list --format json" prints it.
type soaRecord struct {
	*isms.SoA
	Label string `json:"label"`
	State string `json:"state"` // draft, awaiting approval, approved or superseded
}

func soaRecords(list []*isms.SoA) []soaRecord {
	out := make([]soaRecord, len(list))
	for i, s := range list {
		out[i] = soaRecord{SoA: s, Label: s.VersionLabel(), State: soaStatus(s)}
	}
	return out
}

func soaTable(list []*isms.SoA) *report.Table {
	t := &report.Table{Title: "Statement of Applicability", Columns: []string{"Framework", "Version", "Status",
		"Approved by", "Approved on", "Updated", "Note"}}
	for _, s := range list {
		approved := ""
		if !s.ApprovedAt.IsZero() {
			approved = isms.DateOf(s.ApprovedAt).String()
		}
		t.Rows = append(t.Rows, []string{s.FrameworkName, s.VersionLabel(), soaStatus(s), s.ApprovedBy, approved,
			isms.DateOf(s.UpdatedAt).String(), firstLine(s.Note)})
	}
	return t
}

// firstLine returns the first line of s, for a table cell.
func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// soaExport holds the flags of "soa export".
type soaExport struct {
	org, framework, format, out string
	version                     versionFlag
}

// versionFlag is a version number given as "2" or as its label "v2".
type versionFlag int

func (v *versionFlag) String() string { return strconv.Itoa(int(*v)) }
func (v *versionFlag) Type() string   { return "N" }

// Set reads "2" or "v2".
func (v *versionFlag) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "v"))
	if err != nil {
		return fmt.Errorf("give a version number such as 2 or v2")
	}
	*v = versionFlag(n)
	return nil
}

func newSoAExportCmd(ce *cmdEnv) *cobra.Command {
	var se soaExport
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export a version of the Statement of Applicability as XLSX, CSV or PDF",
		Long: `export writes one version of the Statement of Applicability for auditors:
one line per control with its decision, justification, implementation
status, organization controls, evidence and owner. The CSV and XLSX carry
the facts of the export (organization, version, approver, audit trail head)
below the table and in the sheet "About"; the PDF opens with a title page.

Without --version it writes the current approved version, or the draft
when none is approved yet. --format defaults to the extension of --out,
else csv. Without --out the file goes to standard output: CSV always, XLSX
and PDF only when standard output is not a terminal.`,
		Example: `  isms soa export --format pdf --out soa.pdf
  isms soa export --format xlsx --version 2 --out soa-v2.xlsx
  isms soa export --format csv --framework iso27001-2022 > soa.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return ce.soaExport(cmd.Context(), se)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&se.org, "org", "", "organization (slug); default: the only one")
	fl.StringVar(&se.framework, "framework", "", "the framework (its key); default: ISO/IEC 27001:2022")
	fl.StringVar(&se.format, "format", "", "xlsx, csv or pdf; default: from the extension of --out, else csv")
	fl.Var(&se.version, "version", "the version number (2 or v2); default: the current approved version")
	fl.StringVarP(&se.out, "out", "o", "", "the file to write; default: standard output")
	return cmd
}

// check completes the format from the file name and reports flags that
// do not go together.
func (se *soaExport) check(stdout io.Writer) error {
	if se.out == "-" {
		se.out = ""
	}
	if se.format == "" {
		se.format = strings.TrimPrefix(strings.ToLower(filepath.Ext(se.out)), ".")
		if se.format != "xlsx" && se.format != "pdf" {
			se.format = "csv"
		}
	}
	se.format = strings.ToLower(se.format)
	switch {
	case se.format != "csv" && se.format != "xlsx" && se.format != "pdf":
		return fmt.Errorf("--format %q: use xlsx, csv or pdf", se.format)
	case se.version < 0:
		return fmt.Errorf("--version %d: give a version number from 1", se.version)
	case se.out == "" && se.format != "csv" && isTerminal(stdout):
		return fmt.Errorf("--format %s writes a binary file: give --out FILE.%s, or redirect standard output", se.format, se.format)
	}
	return nil
}

func (ce *cmdEnv) soaExport(ctx context.Context, se soaExport) error {
	if err := se.check(ce.Stdout); err != nil {
		return err
	}
	return ce.inOrg(ctx, se.org, func(a *app.App, sys isms.Actor) error {
		id, err := soaVersionID(ctx, a, sys, strings.TrimSpace(se.framework), int(se.version))
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		name, err := a.ExportSoA(ctx, sys, strings.TrimSpace(se.framework), id, se.format, &buf)
		if err != nil {
			return cliError(err)
		}
		if se.out == "" {
			_, err := ce.Stdout.Write(buf.Bytes())
			return err
		}
		if err := writeFileAtomic(se.out, buf.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(ce.Stderr, "exported %s (%d bytes) to %s\n", name, buf.Len(), se.out)
		return nil
	})
}

// soaVersionID returns the ID of version number of framework's SoA (""
// for version 0: the current approved version); a number that is not a
// version is an error naming it and the versions there are.
func soaVersionID(ctx context.Context, a *app.App, sys isms.Actor, framework string, number int) (string, error) {
	if number == 0 {
		return "", nil
	}
	if framework == "" {
		framework = catalog.KeyISO2022
	}
	list, err := a.SoAVersions(ctx, sys, framework)
	if isms.ErrorCode(err) == isms.NotFound {
		return "", fmt.Errorf("--version %d: the organization has no framework %s (see \"isms framework list\")", number, framework)
	} else if err != nil {
		return "", cliError(err)
	}
	labels := make([]string, len(list))
	for i, s := range list {
		if s.Number == number {
			return string(s.ID), nil
		}
		labels[i] = s.VersionLabel()
	}
	if len(list) == 0 {
		return "", fmt.Errorf("--version %d: there is no Statement of Applicability of %s yet", number, framework)
	}
	return "", fmt.Errorf("--version %d: the Statement of Applicability of %s has no version v%d; its versions are %s (see \"isms soa list\")",
		number, list[0].FrameworkName, number, strings.Join(labels, ", "))
}

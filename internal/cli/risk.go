// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

func init() { extraCommands = append(extraCommands, newRiskCmd) }

func newRiskCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "risk", Short: "List, export and import the risk register"}
	cmd.AddCommand(newRiskListCmd(ce), newRiskExportCmd(ce), newRiskImportCmd(ce))
	return cmd
}

// riskFilter holds the flags that select risks, shared by "risk list" and
// "risk export".
type riskFilter struct {
	org, status, owner, level, basis, q string
	overdue                             bool
}

func (rf *riskFilter) flags(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&rf.org, "org", "", "organization (slug); default: the only one")
	fl.StringVar(&rf.status, "status", "", "only risks in this status: identified, assessed, treatment_planned, in_treatment, accepted or closed")
	fl.StringVar(&rf.owner, "owner", "", "only risks this member (e-mail) owns")
	fl.StringVar(&rf.level, "level", "", "only risks at this level of the current method (its key, such as high)")
	fl.StringVar(&rf.basis, "basis", "residual", "which level --level means: inherent or residual")
	fl.BoolVar(&rf.overdue, "overdue", false, "only open risks whose review date has passed or with a treatment action overdue")
	fl.StringVar(&rf.q, "q", "", "only risks with these words in the reference, title, scenario, threat or vulnerability")
}

// filter turns the flags into the filter of the organization's risks.
func (rf riskFilter) filter(ctx context.Context, a *app.App, actor isms.Actor) (isms.RiskFilter, error) {
	f := isms.RiskFilter{OrgID: actor.OrgID, Search: rf.q, Status: isms.RiskStatus(rf.status), Overdue: rf.overdue, Sort: "ref"}
	if f.Status != "" && !f.Status.Valid() {
		return f, fmt.Errorf("--status %q: use identified, assessed, treatment_planned, in_treatment, accepted or closed", rf.status)
	}
	if rf.basis != "inherent" && rf.basis != "residual" {
		return f, fmt.Errorf("--basis %q: use inherent or residual", rf.basis)
	}
	if rf.owner != "" {
		u, err := a.FindUserByEmail(ctx, isms.SystemActor(""), rf.owner)
		if err != nil {
			return f, fmt.Errorf("--owner %s: %s", rf.owner, isms.ErrorMessage(err))
		}
		f.OwnerID = u.ID
	}
	if rf.level != "" {
		m, err := a.CurrentRiskMethod(ctx, actor)
		if err != nil {
			return f, fmt.Errorf("--level %s: %s", rf.level, isms.ErrorMessage(err))
		}
		n := m.LevelByKey(strings.ToLower(strings.TrimSpace(rf.level)))
		if n == 0 {
			keys := make([]string, len(m.Levels))
			for i, l := range m.Levels {
				keys[i] = l.Key
			}
			return f, fmt.Errorf("--level %q: method %s has the levels %s", rf.level, m.VersionLabel(), strings.Join(keys, ", "))
		}
		f.Level, f.MethodID, f.Basis = n, m.ID, rf.basis
	}
	return f, nil
}

func newRiskListCmd(ce *cmdEnv) *cobra.Command {
	var out output
	var rf riskFilter
	var limit int
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List risks with their levels, treatment, status and flags",
		Example: `  isms risk list --org acme --level high --basis inherent
  isms risk list --owner ana@example.com --overdue --format json
  isms risk list --status accepted --format csv --out accepted.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 0 {
				return fmt.Errorf("--limit %d: give a number of risks, or 0 for all", limit)
			}
			ctx := cmd.Context()
			return ce.inOrg(ctx, rf.org, func(a *app.App, sys isms.Actor) error {
				f, err := rf.filter(ctx, a, sys)
				if err != nil {
					return err
				}
				rows, err := allRisks(ctx, a, sys, f, limit)
				if err != nil {
					return cliError(err)
				}
				return out.write(ce.Stdout, riskTable(rows), riskRecords(rows))
			})
		},
	}
	rf.flags(cmd)
	cmd.Flags().IntVar(&limit, "limit", 0, "at most this many risks, in reference order; 0 for all")
	out.flags(cmd, "table", "csv", "xlsx", "json")
	return cmd
}

// allRisks reads the risks matching f, page by page: every one, or the
// first limit when limit is not 0.
func allRisks(ctx context.Context, a *app.App, actor isms.Actor, f isms.RiskFilter, limit int) ([]app.RiskRow, error) {
	out := []app.RiskRow{}
	for {
		f.Limit, f.Offset = isms.MaxPageSize, len(out)
		if limit > 0 {
			f.Limit = min(f.Limit, limit-len(out))
		}
		page, err := a.FindRisks(ctx, actor, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Rows...)
		if len(page.Rows) == 0 || len(out) >= page.Total || (limit > 0 && len(out) >= limit) {
			return out, nil
		}
	}
}

// riskRecord is one risk as "risk list --format json" prints it: the
// risk with the labels of its levels and its flags.
type riskRecord struct {
	*isms.Risk
	InherentLevel string          `json:"inherentLevel"`
	ResidualLevel string          `json:"residualLevel"`
	Flags         []isms.RiskFlag `json:"flags"`
}

func riskRecords(rows []app.RiskRow) []riskRecord {
	out := make([]riskRecord, len(rows))
	for i, r := range rows {
		out[i] = riskRecord{Risk: r.Risk, InherentLevel: levelLabel(r.Inherent), ResidualLevel: levelLabel(r.Residual),
			Flags: append([]isms.RiskFlag{}, r.Flags...)}
	}
	return out
}

func levelLabel(l *isms.RiskLevel) string {
	if l == nil {
		return ""
	}
	return l.Label
}

func riskTable(rows []app.RiskRow) *report.Table {
	t := &report.Table{Title: "Risks", Columns: []string{"Ref", "Title", "Kind", "Owner", "Inherent", "Residual",
		"Treatment", "Status", "Next review", "Method", "Flags"}}
	for _, row := range rows {
		r := row.Risk
		method := ""
		if r.MethodNumber > 0 {
			method = "v" + strconv.Itoa(r.MethodNumber)
		}
		flags := make([]string, len(row.Flags))
		for i, f := range row.Flags {
			flags[i] = string(f)
		}
		treatment := ""
		if r.Treatment != isms.TreatmentNone {
			treatment = string(r.Treatment)
		}
		t.Rows = append(t.Rows, []string{r.Ref, r.Title, string(r.Kind), r.OwnerName, levelLabel(row.Inherent),
			levelLabel(row.Residual), treatment, string(r.Status), r.NextReview.String(), method, strings.Join(flags, " ")})
	}
	return t
}

// riskExport holds the flags of "risk export".
type riskExport struct {
	riskFilter
	format, out string
}

func newRiskExportCmd(ce *cmdEnv) *cobra.Command {
	var re riskExport
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export the risk register as CSV or XLSX, in the columns import reads",
		Long: `export writes every risk (or those the filters select) with the columns that
"isms risk import" reads, so that a register can be edited in a spreadsheet
and imported again: importing an unchanged export changes nothing. The
columns are described in docs/risks.md. --format defaults to the file's
extension; -o - writes CSV to standard output.`,
		Example: `  isms risk export -o risks.xlsx
  isms risk export --format csv -o - --status accepted`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return ce.riskExport(cmd.Context(), re)
		},
	}
	re.flags(cmd)
	cmd.Flags().StringVar(&re.format, "format", "", "csv or xlsx; default: from the file's extension")
	cmd.Flags().StringVarP(&re.out, "out", "o", "", "file to write, or - for standard output (CSV only)")
	return cmd
}

// check completes the format from the file name and reports flags that
// do not go together.
func (re *riskExport) check() error {
	if re.out == "" {
		return fmt.Errorf("-o FILE is required (or -o - for CSV on standard output)")
	}
	if re.format == "" {
		re.format = "csv"
		if strings.EqualFold(filepath.Ext(re.out), ".xlsx") {
			re.format = "xlsx"
		}
	}
	switch {
	case re.format != "csv" && re.format != "xlsx":
		return fmt.Errorf("--format %q: use csv or xlsx", re.format)
	case re.format == "xlsx" && re.out == "-":
		return fmt.Errorf("--format xlsx needs a file: give -o FILE.xlsx")
	}
	return nil
}

func (ce *cmdEnv) riskExport(ctx context.Context, re riskExport) error {
	if err := re.check(); err != nil {
		return err
	}
	return ce.inOrg(ctx, re.org, func(a *app.App, sys isms.Actor) error {
		f, err := re.filter(ctx, a, sys)
		if err != nil {
			return err
		}
		t, err := a.ExportRisks(ctx, sys, f)
		if err != nil {
			return cliError(err)
		}
		if re.out == "-" {
			return report.WriteCSV(ce.Stdout, t)
		}
		if err := writeTableFile(re.out, re.format, t); err != nil {
			return err
		}
		fmt.Fprintf(ce.Stderr, "exported %d risks to %s\n", len(t.Rows), re.out)
		return nil
	})
}

// writeTableFile writes t to the file path as CSV or XLSX.
func writeTableFile(path, format string, t *report.Table) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if format == "xlsx" {
		return report.WriteXLSX(f, t)
	}
	return report.WriteCSV(f, t)
}

func newRiskImportCmd(ce *cmdEnv) *cobra.Command {
	var org, format string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Create and update risks from a CSV or XLSX file in the export's columns",
		Long: `import reads a CSV or XLSX file with the columns "isms risk export" writes.
A row whose ref is empty or new creates a risk; a row whose ref exists
updates that risk; a row equal to the stored risk changes nothing. The
read-only columns (levels, method version) are ignored.

Every problem of every row is printed with its position (file:line and
column, or sheet and cell) and then nothing is stored; the command exits
with status 1. --dry-run checks the file and counts what would change.`,
		Example: `  isms risk import risks.xlsx --dry-run
  isms risk import risks.csv --org acme`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return fmt.Errorf("--format %q: use text or json", format)
			}
			data, err := readRegularFile(args[0])
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			return ce.inOrg(ctx, org, func(a *app.App, sys isms.Actor) error {
				res, err := a.ImportRisks(ctx, sys, args[0], data, dryRun)
				if err != nil {
					return importError(err)
				}
				return printRiskImport(ce.Stdout, res, dryRun, format)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&org, "org", "", "organization (slug); default: the only one")
	f.BoolVar(&dryRun, "dry-run", false, "check the file and count what would change; store nothing")
	f.StringVar(&format, "format", "text", "result on standard output: text or json")
	return cmd
}

// printRiskImport writes what an import did, or would do on a dry run.
func printRiskImport(w io.Writer, res *app.RiskImportResult, dryRun bool, format string) error {
	if format == "json" {
		return printJSON(w, struct {
			Created   int      `json:"created"`
			Updated   int      `json:"updated"`
			Unchanged int      `json:"unchanged"`
			Refs      []string `json:"refs"`
			DryRun    bool     `json:"dryRun"`
		}{res.Created, res.Updated, res.Unchanged, append([]string{}, res.Refs...), dryRun})
	}
	fmt.Fprintf(w, "created    %d\nupdated    %d\nunchanged  %d\n", res.Created, res.Updated, res.Unchanged)
	if len(res.Refs) > 0 {
		fmt.Fprintf(w, "changed    %s\n", refList(res.Refs))
	}
	if dryRun {
		_, err := fmt.Fprintln(w, "dry run: nothing stored")
		return err
	}
	return nil
}

// importError words a failed import: the message, then each problem on a
// line of its own, prefixed by where it is, in file order.
func importError(err error) error {
	fields := isms.ErrorFields(err)
	if fields == nil {
		return cliError(err)
	}
	names := sortedNames(fields)
	naturalSort(names)
	var b strings.Builder
	b.WriteString(isms.ErrorMessage(err))
	for _, where := range names {
		fmt.Fprintf(&b, "\n  %s: %s", where, fields[where])
	}
	return fmt.Errorf("%s", b.String())
}

// naturalSort orders s with runs of digits compared as numbers, so that
// "risks.csv:9" comes before "risks.csv:10" and cell K9 before K10.
func naturalSort(s []string) {
	slices.SortStableFunc(s, naturalCompare)
}

func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Compare(len(na), len(nb)); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

// digitRun returns how many digits s starts with.
func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

func init() { extraCommands = append(extraCommands, newFrameworkCmd) }

func newFrameworkCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "framework", Short: "Import, list and export frameworks (ISO/IEC 27001, NIST SP 800-53, your own)"}
	cmd.AddCommand(newFrameworkImportCmd(ce), newFrameworkListCmd(ce), newFrameworkExportCmd(ce))
	return cmd
}

// frameworkImport holds the flags of "framework import".
type frameworkImport struct {
	org, key, progress, format string
	catalogs                   []string
	dryRun                     bool
}

// builtinPrefix names a built-in framework instead of a file.
const builtinPrefix = "builtin:"

func newFrameworkImportCmd(ce *cmdEnv) *cobra.Command {
	var fi frameworkImport
	cmd := &cobra.Command{
		Use:   "import FILE|builtin:KEY",
		Short: "Import a framework file, or update the framework imported from it before",
		Long: `import reads a framework: our YAML, CSV or XLSX format, or an OSCAL catalog
or profile (JSON, YAML or XML), and imports it into the organization. A
framework whose key the organization has already is updated in place:
requirements that keep their reference keep their control links. The change
is shown first; --dry-run stops there.

An OSCAL profile is resolved on the way: its imports are read from local
files only, and an import given as a URL or a missing file is read from a
--catalog file (the only one, or the one whose name matches). The
frameworks that ship with isms are imported as builtin:KEY (` + strings.Join(catalog.BuiltinKeys(), ", ") + `).

Every problem of a bad file is printed as file:line:col and nothing is stored.`,
		Example: `  isms framework import builtin:iso27001-2022 --org acme
  isms framework import supplier-requirements.yaml --dry-run
  isms framework import NIST_SP-800-53_rev5_MODERATE-baseline_profile.json \
      --catalog NIST_SP-800-53_rev5_catalog_5.0.1.json --key nist-800-53-moderate`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return ce.frameworkImport(cmd.Context(), args[0], fi)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fi.org, "org", "", "organization (slug); default: the only one")
	f.StringArrayVar(&fi.catalogs, "catalog", nil, "local file that stands in for a profile's imports given as URLs or missing files (repeatable)")
	f.StringVar(&fi.key, "key", "", "framework key to import as, instead of the one the file gives or implies")
	f.BoolVar(&fi.dryRun, "dry-run", false, "show what would change and store nothing")
	f.StringVar(&fi.progress, "progress", "auto", "progress on standard error: auto (when it is a terminal), always or never")
	f.StringVar(&fi.format, "format", "text", "result on standard output: text or json")
	return cmd
}

func (ce *cmdEnv) frameworkImport(ctx context.Context, arg string, fi frameworkImport) error {
	if err := fi.check(arg); err != nil {
		return err
	}
	st := newStages(ce.Stderr, fi.progress)
	res, err := ce.importFramework(ctx, arg, fi, st)
	st.done(err == nil)
	if err != nil {
		return err
	}
	return res.print(ce.Stdout, fi.format)
}

// importFramework reads the framework arg names, shows what importing it
// changes and, unless it is a dry run, imports it.
func (ce *cmdEnv) importFramework(ctx context.Context, arg string, fi frameworkImport, st *stages) (*importResult, error) {
	fw, err := readFrameworkArg(arg, fi, st)
	if err != nil {
		return nil, err
	}
	a, done, err := ce.openApp(ctx, false)
	if err != nil {
		return nil, err
	}
	defer done()
	org, err := resolveOrg(ctx, a, fi.org)
	if err != nil {
		return nil, err
	}
	sys := isms.SystemActor(org.ID)
	st.step("comparing with the organization's frameworks")
	change, err := a.PreviewFrameworkImport(ctx, sys, fw)
	if err != nil {
		return nil, frameworkError(err, arg)
	}
	res := &importResult{Framework: fw.Meta, Requirements: len(fw.Requirements), Change: change, DryRun: fi.dryRun}
	if change.Unchanged {
		if f, err := a.FindFramework(ctx, sys, fw.Meta.Key); err == nil {
			res.Framework = *f
		}
		return res, nil
	}
	if !fi.dryRun {
		st.step(fmt.Sprintf("storing %d requirements", len(fw.Requirements)))
		f, ch, err := storeFramework(ctx, a, sys, arg, fw)
		if err != nil {
			return nil, frameworkError(err, arg)
		}
		res.Framework, res.Change, res.Stored = *f, ch, true
	}
	return res, nil
}

// check reports flags that do not go together.
func (fi frameworkImport) check(arg string) error {
	switch {
	case fi.format != "text" && fi.format != "json":
		return fmt.Errorf("--format %q: use text or json", fi.format)
	case fi.progress != "auto" && fi.progress != "always" && fi.progress != "never":
		return fmt.Errorf("--progress %q: use auto, always or never", fi.progress)
	case strings.HasPrefix(arg, builtinPrefix) && (fi.key != "" || len(fi.catalogs) > 0):
		return fmt.Errorf("%s is a built-in framework: --key and --catalog are for files", arg)
	}
	return nil
}

// readFrameworkArg reads the framework FILE or builtin:KEY names.
func readFrameworkArg(arg string, fi frameworkImport, st *stages) (*catalog.Framework, error) {
	if key, ok := strings.CutPrefix(arg, builtinPrefix); ok {
		fw, found := catalog.Builtin(key)
		if !found {
			return nil, fmt.Errorf("%s: there is no built-in framework %q; the built-in ones are %s", arg, key,
				strings.Join(catalog.BuiltinKeys(), ", "))
		}
		return fw, nil
	}
	loader, err := newImportLoader(fi.catalogs)
	if err != nil {
		return nil, err
	}
	st.step("reading " + arg)
	data, err := readRegularFile(arg)
	if err != nil {
		return nil, err
	}
	st.step(fmt.Sprintf("validating and resolving %s", sizeText(int64(len(data)))))
	fw, err := catalog.ReadFramework(arg, data, catalog.ReadOptions{Loader: loader, Key: fi.key})
	if err != nil {
		return nil, documentError(err)
	}
	return fw, nil
}

// readRegularFile reads a file a command was given.
func readRegularFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	return os.ReadFile(path)
}

// storeFramework imports fw: a built-in through its own use case, which
// also adds the built-in mappings.
func storeFramework(ctx context.Context, a *app.App, actor isms.Actor, arg string, fw *catalog.Framework) (*isms.Framework, *isms.FrameworkChange, error) {
	if key, ok := strings.CutPrefix(arg, builtinPrefix); ok {
		return a.ImportBuiltinFramework(ctx, actor, key)
	}
	return a.ImportFramework(ctx, actor, fw)
}

// frameworkError words an error of reading or importing the framework
// file arg: a document's problems one per line, a problem with the file
// named after it.
func frameworkError(err error, arg string) error {
	return flagError(err, map[string]string{"file": arg, "key": "--key"})
}

// importResult is what "framework import" reports.
type importResult struct {
	Framework    isms.Framework        `json:"framework"`
	Requirements int                   `json:"requirementsInFile"`
	Change       *isms.FrameworkChange `json:"change"`
	DryRun       bool                  `json:"dryRun"`
	Stored       bool                  `json:"stored"`
}

func (r importResult) print(w io.Writer, format string) error {
	if format == "json" {
		return printJSON(w, r)
	}
	f, c := r.Framework, r.Change
	fmt.Fprintf(w, "framework     %s (%s)\n", f.Title(), f.Key)
	if f.ID != "" {
		fmt.Fprintf(w, "id            %s\n", f.ID)
	}
	fmt.Fprintf(w, "requirements  %d in the file\n", r.Requirements)
	switch {
	case c.Unchanged:
		fmt.Fprintln(w, "change        none: this content was imported before")
	case c.New:
		fmt.Fprintln(w, "change        new framework")
	case c.Empty():
		fmt.Fprintln(w, "change        no requirement changes (details such as the name or file may differ)")
	default:
		printChange(w, c)
	}
	switch {
	case r.DryRun:
		_, err := fmt.Fprintln(w, "dry run: nothing stored")
		return err
	case r.Stored:
		_, err := fmt.Fprintln(w, "imported")
		return err
	}
	return nil
}

// firstRefs is how many references a change line names.
const firstRefs = 8

// printChange writes the counts of a change with the first references of each.
func printChange(w io.Writer, c *isms.FrameworkChange) {
	line := func(label string, refs []string) {
		if len(refs) > 0 {
			fmt.Fprintf(w, "%-13s %d: %s\n", label, len(refs), refList(refs))
		}
	}
	line("added", c.Added)
	line("removed", c.Removed)
	retitled := make([]string, len(c.Retitled))
	for i, rt := range c.Retitled {
		retitled[i] = fmt.Sprintf("%s (%q → %q)", rt.Ref, rt.OldTitle, rt.NewTitle)
	}
	line("retitled", retitled)
	line("changed", c.Changed)
	if c.LostLinks > 0 {
		fmt.Fprintf(w, "lost links    %d control links to removed requirements\n", c.LostLinks)
	}
}

// refList joins the first references of refs, saying how many are left off.
func refList(refs []string) string {
	if len(refs) <= firstRefs {
		return strings.Join(refs, ", ")
	}
	return strings.Join(refs[:firstRefs], ", ") + fmt.Sprintf(", … (%d more)", len(refs)-firstRefs)
}

// stages reports the steps of a long command on standard error, when it
// is a terminal or always.
type stages struct {
	w     io.Writer
	on    bool
	start time.Time
}

func newStages(w io.Writer, mode string) *stages {
	return &stages{w: w, on: newProgress(w, "", 0, mode).on, start: time.Now()}
}

// step announces the next step.
func (s *stages) step(what string) {
	if s.on {
		fmt.Fprintf(s.w, "[%5.1fs] %s…\n", time.Since(s.start).Seconds(), what)
	}
}

// done announces the end.
func (s *stages) done(ok bool) {
	if !s.on {
		return
	}
	word := "done"
	if !ok {
		word = "failed"
	}
	fmt.Fprintf(s.w, "[%5.1fs] %s\n", time.Since(s.start).Seconds(), word)
	s.on = false
}

func newFrameworkListCmd(ce *cmdEnv) *cobra.Command {
	var out output
	var org, q string
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the organization's frameworks",
		Example: "  isms framework list --org acme\n  isms framework list --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return ce.inOrg(ctx, org, func(a *app.App, sys isms.Actor) error {
				list, err := allFrameworks(ctx, a, sys, isms.FrameworkFilter{OrgID: sys.OrgID, Search: q, Sort: "name"})
				if err != nil {
					return cliError(err)
				}
				return out.write(ce.Stdout, frameworkTable(list), list)
			})
		},
	}
	cmd.Flags().StringVar(&org, "org", "", "organization (slug); default: the only one")
	cmd.Flags().StringVar(&q, "q", "", "only frameworks with these words in the key or name")
	out.flags(cmd, "table", "csv", "xlsx", "json")
	return cmd
}

// allFrameworks reads every framework matching f, page by page.
func allFrameworks(ctx context.Context, a *app.App, actor isms.Actor, f isms.FrameworkFilter) ([]*isms.Framework, error) {
	out := []*isms.Framework{}
	for {
		f.Limit, f.Offset = isms.MaxPageSize, len(out)
		page, total, err := a.FindFrameworks(ctx, actor, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out, nil
		}
	}
}

func frameworkTable(list []*isms.Framework) *report.Table {
	t := &report.Table{Title: "Frameworks", Columns: []string{"Key", "Name", "Edition", "Source", "Requirements", "Assessable", "Source file", "Updated", "ID"}}
	for _, f := range list {
		t.Rows = append(t.Rows, []string{f.Key, f.Name, f.Edition, string(f.Source), strconv.Itoa(f.Requirements),
			strconv.Itoa(f.Assessable), f.SourceFile, f.UpdatedAt.UTC().Format("2006-01-02"), string(f.ID)})
	}
	return t
}

func newFrameworkExportCmd(ce *cmdEnv) *cobra.Command {
	var org, format, out string
	cmd := &cobra.Command{
		Use:   "export ID|KEY",
		Short: "Write a framework as our YAML or CSV format, or as an OSCAL catalog",
		Long: `export writes the organization's framework, named by its ID or key, in our
YAML or CSV format (which "framework import" reads back) or as an OSCAL 1.1.3
catalog in JSON that validates against the OSCAL schema.`,
		Example: "  isms framework export iso27001-2022 --format oscal --out iso27001-2022.json\n  isms framework export fw_k3j… --format csv",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			write, ok := frameworkWriters[format]
			if !ok {
				return fmt.Errorf("--format %q: use yaml, csv or oscal", format)
			}
			ctx := cmd.Context()
			return ce.inOrg(ctx, org, func(a *app.App, sys isms.Actor) error {
				fw, err := exportFramework(ctx, a, sys, args[0])
				if err != nil {
					return cliError(err)
				}
				return writeTo(ce.Stdout, out, func(w io.Writer) error { return documentError(write(w, fw)) })
			})
		},
	}
	cmd.Flags().StringVar(&org, "org", "", "organization (slug); default: the only one")
	cmd.Flags().StringVar(&format, "format", "yaml", "file format: yaml, csv or oscal")
	cmd.Flags().StringVar(&out, "out", "", "write to this file instead of standard output")
	return cmd
}

// frameworkWriters are the export formats.
var frameworkWriters = map[string]func(io.Writer, *catalog.Framework) error{
	"yaml": catalog.WriteFrameworkYAML, "csv": catalog.WriteFrameworkCSV, "oscal": catalog.WriteFrameworkOSCAL,
}

// exportFramework reads the framework named by ID or key, whole.
func exportFramework(ctx context.Context, a *app.App, actor isms.Actor, idOrKey string) (*catalog.Framework, error) {
	f, err := a.FindFramework(ctx, actor, idOrKey)
	if err != nil {
		return nil, err
	}
	return a.ExportFramework(ctx, actor, f.ID)
}

// flagError says what is wrong with a command's input: a document's
// problems one per line, and each field problem of an isms error named
// after its flag or argument (flags maps app's field names to them).
func flagError(err error, flags map[string]string) error {
	var de *catalog.Error
	if errors.As(err, &de) || isms.ErrorFields(err) == nil {
		return documentError(err)
	}
	return fieldError(err, flags)
}

// fieldError words an Invalid error with each field named after its flag.
func fieldError(err error, flags map[string]string) error {
	fields := isms.ErrorFields(err)
	var b strings.Builder
	b.WriteString(isms.ErrorMessage(err))
	for _, name := range sortedNames(fields) {
		flag, ok := flags[name]
		if !ok {
			flag = "--" + name
		}
		msg := fields[name]
		if msg == isms.ErrorMessage(err) {
			continue
		}
		fmt.Fprintf(&b, "\n  %s: %s", flag, msg)
	}
	return fmt.Errorf("%s", b.String())
}

// sortedNames returns the keys of m in order.
func sortedNames(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

func init() { extraCommands = append(extraCommands, newMappingCmd) }

func newMappingCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "mapping", Short: "Import and list mapping sets between frameworks"}
	cmd.AddCommand(newMappingImportCmd(ce), newMappingListCmd(ce))
	return cmd
}

// mappingImport holds the flags of "mapping import".
type mappingImport struct {
	org, source, target, name, format string
	compose, skipUnknown              bool
}

func newMappingImportCmd(ce *cmdEnv) *cobra.Command {
	var mi mappingImport
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import a set of mappings between two of the organization's frameworks",
		Long: `import reads mappings between the requirements of two frameworks: our YAML or
CSV mapping format, NIST's SP 800-53 ↔ ISO/IEC 27001:2013 CSV, or an OSCAL
mapping collection, and stores them as a mapping set. Both frameworks must
have been imported, and every reference must be in its framework;
otherwise every unknown reference is listed with its line and nothing is
stored, unless --skip-unknown leaves those entries out (a mapping written
for a whole catalog, imported for one of its baselines). Controls linked to a requirement on one side are then proposed
(as inferred links) for the requirements it maps to.

--source and --target name the frameworks (key or ID) when the file does
not, or override it. --compose-iso2022 maps the ISO/IEC 27001:2013 side of
the file onto ISO/IEC 27001:2022 first, through the built-in 2013 → 2022
mapping, so NIST's mapping to the 2013 edition serves the 2022 one.`,
		Example: `  isms mapping import nist-sp800-53r5_to_iso27001-2013.csv --source nist-800-53 --target iso27001-2013 --compose-iso2022
  isms mapping import supplier-to-iso.yaml --org acme`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return ce.mappingImport(cmd.Context(), args[0], mi)
		},
	}
	f := cmd.Flags()
	f.StringVar(&mi.org, "org", "", "organization (slug); default: the only one")
	f.StringVar(&mi.source, "source", "", "framework (key or ID) the file maps from")
	f.StringVar(&mi.target, "target", "", "framework (key or ID) the file maps to")
	f.StringVar(&mi.name, "name", "", "name of the mapping set, instead of the file's or \"SOURCE → TARGET\"")
	f.BoolVar(&mi.skipUnknown, "skip-unknown", false, "leave out entries whose references are not in their framework, instead of refusing the file")
	f.BoolVar(&mi.compose, "compose-iso2022", false, "map the file's ISO/IEC 27001:2013 side onto ISO/IEC 27001:2022 first")
	f.StringVar(&mi.format, "format", "text", "result on standard output: text or json")
	return cmd
}

func (ce *cmdEnv) mappingImport(ctx context.Context, path string, mi mappingImport) error {
	if mi.format != "text" && mi.format != "json" {
		return fmt.Errorf("--format %q: use text or json", mi.format)
	}
	data, err := readRegularFile(path)
	if err != nil {
		return err
	}
	a, done, err := ce.openApp(ctx, false)
	if err != nil {
		return err
	}
	defer done()
	org, err := resolveOrg(ctx, a, mi.org)
	if err != nil {
		return err
	}
	sys := isms.SystemActor(org.ID)
	m, err := a.ReadMappingFile(path, data)
	if err != nil {
		return mappingError(err, path)
	}
	if err := mi.apply(ctx, a, sys, m); err != nil {
		return err
	}
	if mi.compose {
		if m, err = composeISO2022(m, path); err != nil {
			return mappingError(err, path)
		}
	}
	if mi.name != "" {
		m.Name = mi.name
	}
	set, err := a.ImportMappings(ctx, sys, app.MappingImport{File: m, SourceFile: filepath.Base(path), SkipUnknown: mi.skipUnknown})
	if err != nil {
		return mappingError(err, path)
	}
	if mi.format == "json" {
		return printJSON(ce.Stdout, set)
	}
	_, err = fmt.Fprintf(ce.Stdout, "mapping set  %s\nname         %s\nfrom         %s\nto           %s\nmappings     %d\nskipped      %d entries with a reference not in its framework\n",
		set.ID, set.Name, set.SourceName, set.TargetName, set.Mappings, set.Skipped)
	return err
}

// apply sets the frameworks and name the flags give on the file read.
func (mi mappingImport) apply(ctx context.Context, a *app.App, actor isms.Actor, m *catalog.MappingFile) error {
	for _, side := range []struct {
		flag, value string
		key         *string
	}{{"--source", mi.source, &m.SourceKey}, {"--target", mi.target, &m.TargetKey}} {
		if side.value == "" {
			continue
		}
		if mi.compose && side.value == catalog.KeyISO2013 {
			*side.key = side.value // composed away: the organization need not have it
			continue
		}
		f, err := a.FindFramework(ctx, actor, side.value)
		if err != nil {
			return fmt.Errorf("%s %s: %s (run \"isms framework list\" to see the keys)", side.flag, side.value, isms.ErrorMessage(err))
		}
		*side.key = f.Key
	}
	return nil
}

// composeISO2022 maps the ISO/IEC 27001:2013 side of m, read from path,
// onto ISO/IEC 27001:2022; its problems name path.
func composeISO2022(m *catalog.MappingFile, path string) (*catalog.MappingFile, error) {
	out, err := catalog.ComposeISO2022(m)
	var de *catalog.Error
	if errors.As(err, &de) {
		for i := range de.Problems {
			de.Problems[i].File = path
		}
	}
	return out, err
}

// mappingFlags are the flags (or argument) behind app's field names.
var mappingFlags = map[string]string{"sourceFramework": "--source", "targetFramework": "--target", "name": "--name"}

// lineProblem is one problem of a mapping import: "line 12: …".
var lineProblem = regexp.MustCompile(`^line (\d+): `)

// mappingError words an error of reading or importing the mapping file at
// path: each problem on a line of its own, as "file:line: message".
func mappingError(err error, path string) error {
	var de *catalog.Error
	if errors.As(err, &de) {
		return documentError(err)
	}
	text, ok := isms.ErrorFields(err)["file"]
	if !ok {
		flags := map[string]string{"file": path}
		for k, v := range mappingFlags {
			flags[k] = v
		}
		return flagError(err, flags)
	}
	var b strings.Builder
	msg, _, _ := strings.Cut(isms.ErrorMessage(err), ":")
	b.WriteString(msg)
	for _, p := range strings.Split(text, "; ") {
		b.WriteString("\n" + path)
		if m := lineProblem.FindStringSubmatch(p); m != nil {
			b.WriteString(":" + m[1] + ": " + p[len(m[0]):])
		} else {
			b.WriteString(": " + p)
		}
	}
	return fmt.Errorf("%s", b.String())
}

func newMappingListCmd(ce *cmdEnv) *cobra.Command {
	var out output
	var org string
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the organization's mapping sets",
		Example: "  isms mapping list --org acme",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			return ce.inOrg(ctx, org, func(a *app.App, sys isms.Actor) error {
				sets, err := a.FindMappingSets(ctx, sys)
				if err != nil {
					return cliError(err)
				}
				if sets == nil {
					sets = []*isms.MappingSet{}
				}
				return out.write(ce.Stdout, mappingTable(sets), sets)
			})
		},
	}
	cmd.Flags().StringVar(&org, "org", "", "organization (slug); default: the only one")
	out.flags(cmd, "table", "csv", "xlsx", "json")
	return cmd
}

func mappingTable(sets []*isms.MappingSet) *report.Table {
	t := &report.Table{Title: "Mapping sets", Columns: []string{"Name", "From", "To", "Origin", "Mappings", "Source file", "Created", "ID"}}
	for _, s := range sets {
		t.Rows = append(t.Rows, []string{s.Name, s.SourceName, s.TargetName, string(s.Origin), strconv.Itoa(s.Mappings),
			s.SourceFile, s.CreatedAt.UTC().Format("2006-01-02"), string(s.ID)})
	}
	return t
}

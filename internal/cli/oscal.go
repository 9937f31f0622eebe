// SPDX-License-Identifier: Apache-2.0

package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ismsproject/isms/internal/catalog"
)

func init() { extraCommands = append(extraCommands, newOSCALCmd) }

func newOSCALCmd(ce *cmdEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "oscal", Short: "Work with OSCAL catalogs and profiles"}
	cmd.AddCommand(newOSCALResolveCmd(ce))
	return cmd
}

func newOSCALResolveCmd(ce *cmdEnv) *cobra.Command {
	var catalogs []string
	var out string
	cmd := &cobra.Command{
		Use:   "resolve PROFILE",
		Short: "Resolve an OSCAL profile into a catalog",
		Long: `resolve reads an OSCAL profile (JSON, YAML or XML), loads the catalogs and
profiles it imports and writes the resolved catalog as OSCAL JSON, validated
against the OSCAL schema.

Nothing is ever fetched from the network. An import that names a URL or a
file that does not exist is read from a --catalog file instead: with one
--catalog, every such import; with several, the one whose file name matches
the import's. Warnings (directives that had no effect) go to standard error.`,
		Example: `  isms oscal resolve NIST_SP-800-53_rev5_MODERATE-baseline_profile.json \
      --catalog NIST_SP-800-53_rev5_catalog_5.0.1.json --out moderate-catalog.json`,
		Args: cobra.ExactArgs(1),
		// The command reads and writes files only: it needs no settings.
		PersistentPreRunE: func(*cobra.Command, []string) error { return nil },
		RunE: func(cmd *cobra.Command, args []string) error {
			return ce.oscalResolve(args[0], catalogs, out)
		},
	}
	cmd.Flags().StringArrayVar(&catalogs, "catalog", nil, "local file that stands in for imports given as URLs or missing files (repeatable)")
	cmd.Flags().StringVar(&out, "out", "", "write the catalog to this file instead of standard output")
	return cmd
}

func (ce *cmdEnv) oscalResolve(profile string, catalogs []string, out string) error {
	loader, err := newImportLoader(catalogs)
	if err != nil {
		return err
	}
	res, err := (&catalog.Resolver{Loader: loader, Now: ce.Now}).Resolve(profile)
	if err != nil {
		if len(catalogs) == 0 && strings.Contains(err.Error(), "import of") {
			return fmt.Errorf("%v\n(give the catalog the profile imports as a local file with --catalog FILE)", documentError(err))
		}
		return documentError(err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(ce.Stderr, "warning:", w)
	}
	return writeTo(ce.Stdout, out, func(w io.Writer) error {
		return documentError(catalog.WriteCatalogJSON(w, res.Catalog))
	})
}

// writeTo runs write on the file out, or on stdout when out is empty. A
// file is removed again when write fails, so no half-written file is left.
func writeTo(stdout io.Writer, out string, write func(io.Writer) error) error {
	if out == "" {
		return write(stdout)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out)
	}
	return err
}

// importLoader loads the documents a profile imports from local files.
// An import given as a URL, or as a file that does not exist, is read
// from one of the --catalog files instead: the only one, or the one whose
// name matches the import's.
type importLoader struct {
	files    catalog.FileLoader
	catalogs []string
}

// newImportLoader returns the loader for the --catalog files, which must exist.
func newImportLoader(catalogs []string) (*importLoader, error) {
	for _, c := range catalogs {
		info, err := os.Stat(c)
		if err != nil {
			return nil, fmt.Errorf("--catalog %s: %w", c, err)
		}
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("--catalog %s is not a regular file", c)
		}
	}
	return &importLoader{catalogs: catalogs}, nil
}

// Load implements catalog.Loader.
func (l *importLoader) Load(href, base string) (string, []byte, error) {
	name, data, err := l.files.Load(href, base)
	if err == nil || base == "" || len(l.catalogs) == 0 ||
		!(errors.Is(err, catalog.ErrNotFound) || errors.Is(err, catalog.ErrRemote)) {
		return name, data, err
	}
	stand, err := l.standIn(href)
	if err != nil {
		return "", nil, err
	}
	return l.files.Load(stand, "")
}

// standIn picks the --catalog file for href: the only one, else the one
// with the same file name, or whose name (without extension) begins with
// the name of href without its extension.
func (l *importLoader) standIn(href string) (string, error) {
	if len(l.catalogs) == 1 {
		return l.catalogs[0], nil
	}
	want := path.Base(strings.TrimSuffix(strings.SplitN(href, "?", 2)[0], "/"))
	stem := strings.TrimSuffix(want, path.Ext(want))
	var exact, prefix []string
	for _, c := range l.catalogs {
		got := filepath.Base(c)
		switch {
		case got == want:
			exact = append(exact, c)
		case stem != "" && strings.HasPrefix(strings.TrimSuffix(got, filepath.Ext(got)), stem):
			prefix = append(prefix, c)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0], nil
	case len(exact) == 0 && len(prefix) == 1:
		return prefix[0], nil
	case len(exact)+len(prefix) > 1:
		return "", fmt.Errorf("%w: %s matches several --catalog files (%s): keep one", catalog.ErrNotFound, href,
			strings.Join(append(exact, prefix...), ", "))
	}
	return "", fmt.Errorf("%w: %s matches none of the --catalog files (%s) by name", catalog.ErrNotFound, href,
		strings.Join(l.catalogs, ", "))
}

// documentError lists every problem of a document error on lines of
// their own, "file:line:col: at /path: message"; other errors are as
// cliError gives them.
func documentError(err error) error {
	var de *catalog.Error
	switch {
	case err == nil:
		return nil
	case !errors.As(err, &de):
		return cliError(err)
	}
	return fmt.Errorf("the document cannot be used:\n%s", de.Error())
}

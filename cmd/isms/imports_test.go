// SPDX-License-Identifier: Apache-2.0

package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/ismsproject/isms/internal/"

// allowedImports is the layering of CONTRIBUTING.md: which of the module's
// packages each package may import. Third-party libraries are not checked
// here except for isms, which must use the standard library only.
var allowedImports = map[string][]string{
	"isms":            {},
	"sqldb":           {"isms"},
	"sqldb/sqldbtest": {"isms", "sqldb", "jobs"},
	"jobs":            {"isms", "sqldb"},
	"report":          {"isms"},
	"catalog":         {"isms"},
	"mail":            {},
	"blob":            {},
	"blob/blobtest":   {"blob"},
	"mail/mailtest":   {"mail"},
	"config":          {},
	"app":             {"isms", "sqldb", "jobs", "report", "blob", "mail", "catalog"},
	"web":             {"isms", "app", "report", "catalog"},
	"bench/ceiling":   {"isms", "sqldb", "app", "catalog"},
	"bench":           {"sqldb", "bench/ceiling"},
	"cli":             {"isms", "sqldb", "jobs", "app", "web", "report", "config", "blob", "mail", "catalog", "bench", "bench/ceiling"},
}

// TestPackagesKeepTheirImportRules parses every non-test file of each
// internal package and fails on an import that breaks the layering.
func TestPackagesKeepTheirImportRules(t *testing.T) {
	for pkg, allowed := range allowedImports {
		dir := filepath.Join("..", "..", "internal", filepath.FromSlash(pkg))
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("package %s: no Go files in %s (%v)", pkg, dir, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			for _, imp := range imports(t, f) {
				if msg := checkImport(pkg, imp, allowed); msg != "" {
					t.Errorf("%s: %s", f, msg)
				}
			}
		}
	}
	if _, err := os.Stat(filepath.Join("..", "..", "internal", "isms")); err != nil {
		t.Fatal(err)
	}
}

func imports(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
	if err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	var out []string
	for _, s := range f.Imports {
		p, _ := strconv.Unquote(s.Path.Value)
		out = append(out, p)
	}
	return out
}

func checkImport(pkg, imp string, allowed []string) string {
	if rest, ok := strings.CutPrefix(imp, module); ok {
		for _, a := range allowed {
			if rest == a {
				return ""
			}
		}
		return "package " + pkg + " must not import internal/" + rest
	}
	if pkg == "isms" && strings.Contains(strings.Split(imp, "/")[0], ".") {
		return "package isms uses the standard library only, not " + imp
	}
	return ""
}

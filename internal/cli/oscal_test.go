// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/cli"
)

// sharedData returns a folder of NIST's reference material (the
// ISMS_TEST_SHARED_DATA variable, or the shared folder beside the
// repository) or skips the test when it is absent.
func sharedData(t *testing.T, sub string) string {
	t.Helper()
	root := os.Getenv("ISMS_TEST_SHARED_DATA")
	if root == "" {
		root = "../../../shared/data"
	}
	dir := filepath.Join(root, sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("NIST reference data %s is not available (%v); it is kept in the shared data folder beside the repository", dir, err)
	}
	return dir
}

// runFiles runs a command that needs no database and returns its
// standard output and error.
func runFiles(args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &errOut, Version: "test", Getenv: func(string) string { return "" }}
	err := cli.Run(context.Background(), args, env)
	return out.String(), errOut.String(), err
}

const (
	moderateProfile = "NIST_SP-800-53_rev5_MODERATE-baseline_profile.json"
	catalog501      = "NIST_SP-800-53_rev5_catalog_5.0.1_2021-06-08.json"
)

// countControls counts the controls of c, enhancements included.
func countControls(c *catalog.Catalog) int {
	var inControls func([]catalog.Control) int
	inControls = func(cs []catalog.Control) int {
		n := len(cs)
		for _, x := range cs {
			n += inControls(x.Controls)
		}
		return n
	}
	var inGroups func([]catalog.Group) int
	inGroups = func(gs []catalog.Group) int {
		n := 0
		for _, g := range gs {
			n += inControls(g.Controls) + inGroups(g.Groups)
		}
		return n
	}
	return inControls(c.Controls) + inGroups(c.Groups)
}

// TestOSCALResolveModerate resolves NIST's SP 800-53 MODERATE baseline
// with the 5.0.1 catalog standing in for the profile's import, to a file
// and to standard output.
func TestOSCALResolveModerate(t *testing.T) {
	dir := sharedData(t, "nist-800-53-rev5")
	profile, cat := filepath.Join(dir, moderateProfile), filepath.Join(dir, catalog501)
	out := filepath.Join(t.TempDir(), "moderate.json")
	stdout, stderr, err := runFiles("oscal", "resolve", profile, "--catalog", cat, "--out", out)
	if err != nil {
		t.Fatalf("resolve: %v\n%s", err, stderr)
	}
	if stdout != "" || stderr != "" {
		t.Errorf("with --out, nothing should be printed; got %q and %q", stdout, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.ReadCatalog("moderate.json", data)
	if err != nil {
		t.Fatalf("the resolved catalog does not read back: %v", err)
	}
	if n := countControls(c); n != 287 {
		t.Errorf("resolved %d controls, want 287", n)
	}
	// Several --catalog files are matched by name: the profile imports
	// NIST_SP-800-53_rev5_catalog.json, which the 5.0.1 file's name begins with.
	stdout, stderr, err = runFiles("oscal", "resolve", profile, "--catalog", cat, "--catalog", filepath.Join(dir, moderateProfile))
	if err != nil {
		t.Fatalf("resolve with two catalogs: %v\n%s", err, stderr)
	}
	c, err = catalog.ReadCatalog("stdout", []byte(stdout))
	if err != nil {
		t.Fatalf("the catalog on standard output does not read back: %v", err)
	}
	if n := countControls(c); n != 287 {
		t.Errorf("resolved %d controls on standard output, want 287", n)
	}
}

// oscalFixtures writes a tiny catalog, a profile with an invalid field
// and the same profile corrected, and returns their paths; the profiles
// import the catalog by a URL.
func oscalFixtures(t *testing.T) (dir, cat, broken, good string) {
	t.Helper()
	dir = t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cat = write("cat.yaml", `catalog:
  uuid: 6b0a4f55-2a36-4a7e-9d4a-3f1f3bfa4c01
  metadata:
    title: Tiny
    last-modified: 2026-01-01T00:00:00Z
    version: "1"
    oscal-version: 1.1.2
  controls:
    - id: x-1
      title: One
`)
	broken = write("broken.yaml", `profile:
  uuid: 6b0a4f55-2a36-4a7e-9d4a-3f1f3bfa4c02
  metadata:
    title: Broken
    last-modified: 2026-01-01T00:00:00Z
    version: "1"
    oscal-version: 1.1.2
  imports:
    - href: https://example.com/cat.yaml
      include-controls:
        - with-idz: [x-1]
`)
	good = write("good.yaml", strings.Replace(string(must(os.ReadFile(broken))), "with-idz", "with-ids", 1))
	return dir, cat, broken, good
}

// TestOSCALResolveErrors checks that a broken profile, a missing catalog
// and unmatched catalogs are reported with where and what, and that no
// output file is left behind.
func TestOSCALResolveErrors(t *testing.T) {
	dir, cat, broken, good := oscalFixtures(t)
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	out := filepath.Join(dir, "out.json")
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"invalid profile", []string{broken, "--catalog", cat, "--out", out}, []string{"broken.yaml:11:", "with-idz"}},
		{"no catalog", []string{good, "--out", out}, []string{"good.yaml", "/profile/imports/0", "https://example.com/cat.yaml", "--catalog FILE"}},
		{"unmatched catalogs", []string{good, "--catalog", write("a.json", "{}"), "--catalog", write("b.json", "{}"), "--out", out},
			[]string{"good.yaml", "https://example.com/cat.yaml matches none of the --catalog files"}},
		{"missing catalog file", []string{good, "--catalog", filepath.Join(dir, "nope.json")}, []string{"--catalog", "nope.json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runFiles(append([]string{"oscal", "resolve"}, tc.args...)...)
			if err == nil {
				t.Fatal("resolve succeeded")
			}
			t.Log(err)
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written", out)
			}
		})
	}
	if _, stderr, err := runFiles("oscal", "resolve", good, "--catalog", cat, "--out", out); err != nil {
		t.Fatalf("the good profile: %v\n%s", err, stderr)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

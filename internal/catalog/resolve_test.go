// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ismsproject/isms/internal/isms"
)

// patchedLoader serves a conformance suite's files with some of them
// replaced by patched content.
type patchedLoader struct {
	FileLoader
	patched map[string][]byte
}

func (l patchedLoader) Load(href, base string) (string, []byte, error) {
	name, err := l.locate(href, base)
	if err == nil {
		if data, ok := l.patched[name]; ok {
			return name, data, nil
		}
	}
	return l.FileLoader.Load(href, base)
}

// resolvePatched resolves a conformance profile after replacing old with
// new in it, and compares the result with the profile's expected output.
func resolvePatched(t *testing.T, suite, profile, old, new string) (*Resolution, *Catalog) {
	t.Helper()
	dir := dataDir(t, filepath.Join("oscal-profile-resolution", suite))
	data, err := os.ReadFile(filepath.Join(dir, profile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", profile, old)
	}
	data = []byte(strings.ReplaceAll(string(data), old, new))
	r := &Resolver{Loader: patchedLoader{FileLoader{Dir: dir}, map[string][]byte{profile: data}}}
	res, err := r.Resolve(profile)
	if err != nil {
		t.Fatal(err)
	}
	want, err := readExpected(filepath.Join(dir, "output-expected", strings.TrimSuffix(profile, ".xml")+"_RESOLVED.xml"))
	if err != nil {
		t.Fatal(err)
	}
	return res, want
}

// TestResolveParentControls resolves the with-parent-controls="yes"
// requirement tests without the attribute, which no schema defines: the
// parents of selected controls are kept by default.
func TestResolveParentControls(t *testing.T) {
	for _, p := range []string{"req-with-parent-controls-yes1.xml", "req-with-parent-controls-yes2.xml"} {
		t.Run(p, func(t *testing.T) {
			res, want := resolvePatched(t, "requirement-tests", p, ` with-parent-controls="yes"`, "")
			if d := cmp.Diff(catalogBody(want), catalogBody(res.Catalog), bodyOptions...); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestResolveEmptyPattern resolves req-include-by-match-empty without its
// schema-invalid pattern="": a matching without a pattern selects nothing.
func TestResolveEmptyPattern(t *testing.T) {
	res, want := resolvePatched(t, "requirement-tests", "req-include-by-match-empty.xml", `<matching pattern=""/>`, "")
	if d := cmp.Diff(catalogBody(want), catalogBody(res.Catalog), bodyOptions...); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if n := countControls(res.Catalog); n != 0 {
		t.Errorf("selected %d controls, want none", n)
	}
}

// TestResolveRemoveByNamespace resolves req-modify-alter-remove-match2
// declared as OSCAL 1.2.1, whose schema allows a URI in by-ns. The body
// must equal the expected output; the back matter keeps the catalog's
// keep=always resource, which the expected output drops.
func TestResolveRemoveByNamespace(t *testing.T) {
	res, want := resolvePatched(t, "requirement-tests", "req-modify-alter-remove-match2.xml",
		"<oscal-version>1.0.0</oscal-version>", "<oscal-version>1.2.1</oscal-version>")
	got := catalogBody(res.Catalog)
	if got.BackMatter == nil || len(got.BackMatter.Resources) != 1 || got.BackMatter.Resources[0].UUID != "70830fd9-7899-40f8-acfe-70a5d1a56353" {
		t.Errorf("back matter = %+v, want only the keep=always resource 70830fd9-…", got.BackMatter)
	}
	got.BackMatter = nil
	if d := cmp.Diff(catalogBody(want), got, bodyOptions...); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// testCatalog is a small catalog in OSCAL JSON for the unit tests.
const testCatalog = `{"catalog": {
  "uuid": "a0000000-0000-4000-8000-000000000001",
  "metadata": {"title": "Test catalog", "last-modified": "2024-01-01T00:00:00Z", "version": "1", "oscal-version": "1.1.2"},
  "groups": [
    {"id": "x", "title": "Group X", "controls": [
      {"id": "x-1", "title": "X 1",
       "params": [{"id": "x-1_prm_1", "label": "frequency", "select": {"choice": ["daily", "weekly"]}}],
       "props": [{"name": "label", "value": "X-1"}],
       "parts": [{"id": "x-1_smt", "name": "statement", "prose": "Review {{ insert: param, x-1_prm_1 }}."}],
       "controls": [{"id": "x-1.1", "title": "X 1 (1)", "props": [{"name": "label", "value": "X-1(1)"}]}]},
      {"id": "x-2", "title": "X 2", "links": [{"href": "#b0000000-0000-4000-8000-000000000001", "rel": "reference"}]}]},
    {"id": "y", "title": "Group Y", "controls": [{"id": "y-1", "title": "Y 1"}]}],
  "back-matter": {"resources": [
    {"uuid": "b0000000-0000-4000-8000-000000000001", "title": "Referenced"},
    {"uuid": "b0000000-0000-4000-8000-000000000002", "title": "Unreferenced"}]}
}}`

// testProfile returns a profile in OSCAL JSON importing testCatalog with
// the given import directives and optional merge and modify.
func testProfile(imports, rest string) []byte {
	if rest != "" {
		rest = ", " + rest
	}
	return []byte(`{"profile": {
  "uuid": "c0000000-0000-4000-8000-000000000001",
  "metadata": {"title": "Test profile", "last-modified": "2024-01-01T00:00:00Z", "version": "1", "oscal-version": "1.1.2"},
  "imports": [` + imports + `]` + rest + `}}`)
}

func resolveTest(t *testing.T, files memLoader, profile string) *Resolution {
	t.Helper()
	if _, ok := files["catalog.json"]; !ok {
		files["catalog.json"] = []byte(testCatalog)
	}
	r := &Resolver{Loader: files, Now: func() time.Time { return time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC) },
		NewUUID: func() string { return "d0000000-0000-4000-8000-000000000001" }}
	res, err := r.Resolve(profile)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteCatalogJSON(new(strings.Builder), res.Catalog); err != nil {
		t.Fatalf("resolved catalog does not validate: %v", err)
	}
	return res
}

// TestResolveMetadata checks what resolution writes into the metadata and
// that back matter keeps only what the result refers to.
func TestResolveMetadata(t *testing.T) {
	p := testProfile(`{"href": "catalog.json", "include-controls": [{"with-ids": ["x-2"]}]}`, "")
	res := resolveTest(t, memLoader{"my profile.json": p}, "my profile.json")
	c := res.Catalog
	m := c.Metadata
	if c.UUID != "d0000000-0000-4000-8000-000000000001" || m.Title != "Test profile" || m.OSCALVersion != "1.1.2" ||
		m.LastModified != "2025-03-04T05:06:07Z" {
		t.Errorf("uuid %s, metadata %+v", c.UUID, m)
	}
	if want := []Prop{{Name: "resolution-timestamp", Value: "2025-03-04T05:06:07Z"}}; !slices.Equal(m.Props, want) {
		t.Errorf("props = %+v, want %+v", m.Props, want)
	}
	if want := []Link{{Href: "my%20profile.json", Rel: "resolution-source"}}; !slices.Equal(m.Links, want) {
		t.Errorf("links = %+v, want %+v", m.Links, want)
	}
	if c.BackMatter == nil || len(c.BackMatter.Resources) != 1 || c.BackMatter.Resources[0].Title != "Referenced" {
		t.Errorf("back matter = %+v, want only the referenced resource", c.BackMatter)
	}
	if got := outline(c); !slices.Equal(got, []string{"x-2"}) {
		t.Errorf("outline = %q", got)
	}
}

// TestResolveModify checks set-parameters and alters, and the warnings
// for directives that have no target.
func TestResolveModify(t *testing.T) {
	p := testProfile(`{"href": "catalog.json", "include-all": {}}`, `"modify": {
  "set-parameters": [
    {"param-id": "x-1_prm_1", "label": "review frequency", "values": ["monthly"], "props": [{"name": "set", "value": "yes"}]},
    {"param-id": "nope"}],
  "alters": [
    {"control-id": "x-1",
     "removes": [{"by-name": "label"}],
     "adds": [{"position": "starting", "props": [{"name": "added", "value": "first"}]},
              {"by-id": "x-1_smt", "position": "after", "parts": [{"id": "x-1_gdn", "name": "guidance", "prose": "More."}]},
              {"by-id": "x-1.1", "title": "Renamed"}]},
    {"control-id": "nope", "adds": [{"props": [{"name": "a", "value": "b"}]}]}]}`)
	res := resolveTest(t, memLoader{"p.json": p}, "p.json")
	x1 := findControl(res.Catalog.Controls, "x-1")
	if x1 == nil {
		t.Fatal("x-1 missing")
	}
	prm := x1.Params[0]
	if prm.Label != "review frequency" || !slices.Equal(prm.Values, []string{"monthly"}) || prm.Select != nil ||
		!slices.Equal(prm.Props, []Prop{{Name: "set", Value: "yes"}}) {
		t.Errorf("parameter = %+v", prm)
	}
	if !slices.Equal(x1.Props, []Prop{{Name: "added", Value: "first"}}) {
		t.Errorf("props = %+v, want the label removed and the new prop", x1.Props)
	}
	if len(x1.Parts) != 2 || x1.Parts[1].ID != "x-1_gdn" {
		t.Errorf("parts = %+v", x1.Parts)
	}
	if x1.Controls[0].Title != "Renamed" {
		t.Errorf("child title = %q", x1.Controls[0].Title)
	}
	want := []string{
		`p.json: alter of control "nope" has no effect: the resolved catalog has no such control`,
		`p.json: set-parameter "nope" has no effect: the resolved catalog has no such parameter`,
	}
	if !slices.Equal(res.Warnings, want) {
		t.Errorf("warnings = %q, want %q", res.Warnings, want)
	}
}

// TestResolveMerge checks the combination methods and custom merging.
func TestResolveMerge(t *testing.T) {
	twice := `{"href": "catalog.json", "include-controls": [{"with-ids": ["x-1", "y-1"]}]},
	          {"href": "catalog.json", "include-controls": [{"with-ids": ["x-1", "x-2"], "with-child-controls": "yes"}]}`
	for _, tc := range []struct {
		name, merge string
		want        []string
	}{
		{"flat keep", ``, []string{"x-1", "y-1", "x-1", "x-1/x-1.1", "x-2"}},
		{"flat use-first", `"merge": {"combine": {"method": "use-first"}}`, []string{"x-1", "y-1", "x-2"}},
		{"flat merge", `"merge": {"combine": {"method": "merge"}}`, []string{"x-1", "x-1/x-1.1", "y-1", "x-2"}},
		{"as-is keep", `"merge": {"as-is": true}`, []string{"x", "x/x-1", "x/x-1", "x/x-1/x-1.1", "x/x-2", "y", "y/y-1"}},
		{"as-is use-first", `"merge": {"as-is": true, "combine": {"method": "use-first"}}`, []string{"x", "x/x-1", "x/x-2", "y", "y/y-1"}},
		{"custom", `"merge": {"custom": {
		    "groups": [{"id": "n", "title": "New", "params": [{"id": "n_prm", "label": "kept"}],
		      "insert-controls": [{"include-controls": [{"with-ids": ["y-1", "x-2"]}], "order": "descending"}]}],
		    "insert-controls": [{"include-controls": [{"with-ids": ["x-1.1"]}]}]}}`,
			[]string{"x-1", "x-1/x-1.1", "n", "n/y-1", "n/x-2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := resolveTest(t, memLoader{"p.json": testProfile(twice, tc.merge)}, "p.json")
			if got := outline(res.Catalog); !slices.Equal(got, tc.want) {
				t.Errorf("outline = %q, want %q", got, tc.want)
			}
			if strings.Contains(tc.merge, "n_prm") && (len(res.Catalog.Groups[0].Params) != 1 || res.Catalog.Groups[0].Params[0].ID != "n_prm") {
				t.Errorf("custom group parameters = %+v, want n_prm", res.Catalog.Groups[0].Params)
			}
		})
	}
}

// TestResolveErrors checks that imports that cannot be resolved are
// reported with the importing file, the import and the reason.
func TestResolveErrors(t *testing.T) {
	bm := func(rlinks string) string {
		return `"back-matter": {"resources": [{"uuid": "e0000000-0000-4000-8000-000000000001", "rlinks": [` + rlinks + `]}]}`
	}
	for _, tc := range []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{"remote", map[string][]byte{"p.json": testProfile(`{"href": "https://example.org/cat.json"}`, "")},
			`p.json: at /profile/imports/0: import of "https://example.org/cat.json" failed: remote documents are not fetched: https://example.org/cat.json (supply it as a local file)`},
		{"missing resource", map[string][]byte{"p.json": testProfile(`{"href": "#e0000000-0000-4000-8000-000000000009"}`, bm(`{"href": "catalog.json"}`))},
			`p.json: at /profile/imports/0: import of "#e0000000-0000-4000-8000-000000000009" failed: the profile has no back-matter resource with uuid e0000000-0000-4000-8000-000000000009`},
		{"resource without rlink", map[string][]byte{"p.json": testProfile(`{"href": "#e0000000-0000-4000-8000-000000000001"}`,
			`"back-matter": {"resources": [{"uuid": "e0000000-0000-4000-8000-000000000001", "title": "no links"}]}`)},
			`p.json: at /profile/imports/0: import of "#e0000000-0000-4000-8000-000000000001" failed: back-matter resource e0000000-0000-4000-8000-000000000001 has no rlink to load`},
		{"circular", map[string][]byte{
			"a.json": testProfile(`{"href": "b.json"}`, ""),
			"b.json": testProfile(`{"href": "c.json"}`, ""),
			"c.json": testProfile(`{"href": "a.json"}`, "")},
			`c.json: at /profile/imports/0: import of "a.json" is circular: a.json → b.json → c.json → a.json`},
		{"invalid import", map[string][]byte{"p.json": testProfile(`{"href": "bad.json"}`, ""), "bad.json": []byte(`{"catalog": {"uuid": "nope"}}`)},
			"p.json: at /profile/imports/0: import of \"bad.json\" failed: bad.json is not a valid OSCAL document:\n" +
				"bad.json: at /catalog: missing required \"metadata\"\nbad.json: at /catalog/uuid: \"nope\" is not a UUID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := tc.files["catalog.json"]; !ok {
				tc.files["catalog.json"] = []byte(testCatalog)
			}
			name := "p.json"
			if _, ok := tc.files["a.json"]; ok {
				name = "a.json"
			}
			dir := t.TempDir()
			for f, data := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := (&Resolver{Loader: FileLoader{Dir: dir}}).Resolve(name)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error = %v\nwant %s", err, tc.want)
			}
			if isms.ErrorCode(err) != isms.Invalid {
				t.Errorf("error code = %s, want invalid", isms.ErrorCode(err))
			}
		})
	}
}

// TestFileLoader checks relative references, mapped files and refused
// network addresses.
func TestFileLoader(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"sub/cat.json": "cat", "local.json": "local"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l := FileLoader{Dir: dir, Files: map[string]string{"NIST_catalog.json": "local.json"}}
	for _, tc := range []struct{ href, base, name, data string }{
		{"cat.json", "sub/profile.json", "sub/cat.json", "cat"},
		{"../local.json", "sub/profile.json", "local.json", "local"},
		{"https://example.org/x/NIST_catalog.json", "sub/profile.json", "local.json", "local"},
	} {
		name, data, err := l.Load(tc.href, tc.base)
		if err != nil || name != tc.name || string(data) != tc.data {
			t.Errorf("Load(%q, %q) = %q, %q, %v; want %q, %q", tc.href, tc.base, name, data, err, tc.name, tc.data)
		}
	}
	if _, _, err := l.Load("https://example.org/other.json", ""); !errors.Is(err, ErrRemote) {
		t.Errorf("remote: err = %v, want ErrRemote", err)
	}
	if _, _, err := l.Load("missing.json", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing: err = %v, want ErrNotFound", err)
	}
}

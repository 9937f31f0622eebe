// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/catalog"
	"github.com/ismsproject/isms/internal/isms"
)

// supplierV1 is a small custom framework that carries a mapping to ISO/IEC
// 27001:2022; supplierV2 adds S.4, drops S.3 and retitles S.2.
const (
	supplierV1 = `framework:
  key: acme-supplier
  name: Acme supplier requirements
  edition: "2026"
requirements:
  - ref: S
    title: Security
    children:
      - ref: S.1
        title: Log security events
      - ref: S.2
        title: Encrypt data at rest
      - ref: S.3
        title: Train staff
mappings:
  - target: iso27001-2022
    entries:
      - {source: S.1, target: A.8.15, relationship: equal}
      - {source: S.2, target: A.8.24, relationship: subset}
`
	supplierV2 = `framework:
  key: acme-supplier
  name: Acme supplier requirements
  edition: "2026"
requirements:
  - ref: S
    title: Security
    children:
      - ref: S.1
        title: Log security events
      - ref: S.2
        title: Encrypt all data at rest
      - ref: S.4
        title: Review suppliers yearly
`
	// supplierBad has four problems on lines 2, 6 and 7.
	supplierBad = `framework:
  key: Not A Key
  name: Broken
requirements:
  - ref: B.1
    kind: widget
  - ref: B.1
    title: Twice
`
)

// frameworkKeys lists the keys "framework list --format json" prints.
func frameworkKeys(t *testing.T, e *evidenceEnv) []string {
	t.Helper()
	out, errOut, err := e.run("framework", "list", "--format", "json")
	if err != nil {
		t.Fatalf("framework list: %v\n%s", err, errOut)
	}
	var list []isms.Framework
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("framework list JSON: %v\n%s", err, out)
	}
	keys := make([]string, len(list))
	for i, f := range list {
		keys[i] = f.Key
	}
	slices.Sort(keys)
	return keys
}

// mustRun runs a command that must succeed and returns its output.
func mustRun(t *testing.T, e *evidenceEnv, args ...string) string {
	t.Helper()
	out, errOut, err := e.run(args...)
	if err != nil {
		t.Fatalf("%v: %v\n%s%s", args, err, out, errOut)
	}
	return out
}

// TestFrameworkCommands imports the built-in ISO/IEC 27001:2022 and a
// custom framework file, previews and applies a change to it, refuses a
// broken file with every problem's place, lists and exports, and imports
// mappings, on SQLite and PostgreSQL.
func TestFrameworkCommands(t *testing.T) {
	for _, dialect := range dialects() {
		t.Run(dialect, func(t *testing.T) {
			e := newEvidenceEnv(t, dialect)
			frameworkImports(t, e)
			frameworkExports(t, e)
			mappingImports(t, e)
		})
	}
}

func frameworkImports(t *testing.T, e *evidenceEnv) {
	out := mustRun(t, e, "framework", "import", "builtin:iso27001-2022", "--org", "acme")
	wantLines(t, "first built-in import", out, "(iso27001-2022)", "change        new framework", "imported")
	out = mustRun(t, e, "framework", "import", "builtin:iso27001-2022")
	wantLines(t, "second built-in import", out, "change        none: this content was imported before", "id            fw_")

	v1 := e.file("supplier.yaml", supplierV1)
	out = mustRun(t, e, "framework", "import", v1, "--dry-run")
	wantLines(t, "dry run", out, "Acme supplier requirements (2026) (acme-supplier)", "requirements  4 in the file",
		"change        new framework", "dry run: nothing stored")
	if got := frameworkKeys(t, e); !slices.Equal(got, []string{"iso27001-2022"}) {
		t.Fatalf("after a dry run the frameworks are %q", got)
	}
	_, errOut, err := e.run("framework", "import", v1, "--progress", "always")
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, "progress", errOut, "reading "+v1, "validating", "storing 4 requirements", "done")

	v2 := e.file("supplier.yaml", supplierV2)
	out = mustRun(t, e, "framework", "import", v2, "--format", "json")
	var res struct {
		Framework isms.Framework
		Change    isms.FrameworkChange
		Stored    bool
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("import JSON: %v\n%s", err, out)
	}
	c := res.Change
	if !res.Stored || !slices.Equal(c.Added, []string{"S.4"}) || !slices.Equal(c.Removed, []string{"S.3"}) ||
		len(c.Retitled) != 1 || c.Retitled[0].NewTitle != "Encrypt all data at rest" || res.Framework.Requirements != 4 {
		t.Errorf("update: stored %v, change %+v, %d requirements", res.Stored, c, res.Framework.Requirements)
	}

	bad := e.file("bad.yaml", supplierBad)
	_, _, err = e.run("framework", "import", bad)
	if err == nil {
		t.Fatal("the broken file was imported")
	}
	wantLines(t, "the broken file's error", err.Error(), bad+":2:", bad+":6:", bad+":7:", "widget", `"B.1"`)
	if got := frameworkKeys(t, e); !slices.Equal(got, []string{"acme-supplier", "iso27001-2022"}) {
		t.Errorf("after the broken file the frameworks are %q", got)
	}
	if _, _, err := e.run("framework", "import", "builtin:nist"); err == nil || !strings.Contains(err.Error(), "iso27001-2022") {
		t.Errorf("an unknown built-in: %v, want the built-in keys listed", err)
	}
}

func frameworkExports(t *testing.T, e *evidenceEnv) {
	out := mustRun(t, e, "framework", "list")
	wantLines(t, "framework list", out, "KEY", "acme-supplier", "Acme supplier requirements", "iso27001-2022")

	dir := t.TempDir()
	for _, format := range []string{"yaml", "csv"} {
		file := filepath.Join(dir, "supplier."+format)
		mustRun(t, e, "framework", "export", "acme-supplier", "--format", format, "--out", file)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		fw, err := catalog.ReadFramework(file, data, catalog.ReadOptions{})
		if err != nil {
			t.Fatalf("the %s export does not read back: %v\n%s", format, err, data)
		}
		var refs []string
		for _, r := range fw.Requirements {
			refs = append(refs, r.Ref)
		}
		if want := []string{"S", "S.1", "S.2", "S.4"}; !slices.Equal(refs, want) || fw.Meta.Key != "acme-supplier" {
			t.Errorf("the %s export reads back as %s with %q, want acme-supplier with %q", format, fw.Meta.Key, refs, want)
		}
		out = mustRun(t, e, "framework", "import", file)
		wantLines(t, "re-importing the "+format+" export", out, "change        no requirement changes")
	}
	oscal := mustRun(t, e, "framework", "export", "iso27001-2022", "--format", "oscal")
	c, err := catalog.ReadCatalog("iso27001-2022.json", []byte(oscal))
	if err != nil {
		t.Fatalf("the OSCAL export does not read back: %v", err)
	}
	if n := countControls(c); n < 93 {
		t.Errorf("the OSCAL export of ISO/IEC 27001:2022 has %d controls, want at least the 93 of Annex A", n)
	}
	if _, _, err := e.run("framework", "export", "nope", "--format", "yaml"); err == nil {
		t.Error("exporting an unknown framework succeeded")
	}
	if _, _, err := e.run("framework", "export", "acme-supplier", "--format", "pdf"); err == nil || !strings.Contains(err.Error(), "--format") {
		t.Errorf("an unknown format: %v", err)
	}
}

func mappingImports(t *testing.T, e *evidenceEnv) {
	good := e.file("supplier-iso.yaml", `mapping:
  name: Supplier to ISO
  source: acme-supplier
  target: iso27001-2022
entries:
- {source: S.1, target: A.8.15, relationship: equal}
- {source: S.4, target: A.5.19, relationship: subset}
`)
	out := mustRun(t, e, "mapping", "import", good)
	wantLines(t, "mapping import", out, "name         Supplier to ISO", "mappings     2")

	bad := e.file("bad-map.yaml", `mapping:
  name: Broken mapping
  source: acme-supplier
  target: iso27001-2022
entries:
- {source: S.1, target: A.8.15, relationship: equal}
- {source: S.9, target: A.99, relationship: equal}
`)
	_, _, err := e.run("mapping", "import", bad)
	if err == nil {
		t.Fatal("a mapping with unknown references was imported")
	}
	wantLines(t, "the unknown references' error", err.Error(), bad+":7: source ref", "S.9", "A.99")

	_, _, err = e.run("mapping", "import", good, "--source", "nope", "--name", "Other")
	if err == nil || !strings.Contains(err.Error(), "--source nope") {
		t.Errorf("an unknown --source: %v", err)
	}
	out = mustRun(t, e, "mapping", "list", "--format", "json")
	var sets []isms.MappingSet
	if err := json.Unmarshal([]byte(out), &sets); err != nil {
		t.Fatalf("mapping list JSON: %v\n%s", err, out)
	}
	var names []string
	for _, s := range sets {
		names = append(names, s.Name)
	}
	if !slices.Contains(names, "Supplier to ISO") || slices.Contains(names, "Broken mapping") {
		t.Errorf("mapping sets %q: want Supplier to ISO and not Broken mapping", names)
	}
	out = mustRun(t, e, "control", "list", "--framework", "iso27001-2022", "--format", "json")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("control list: %s, want []", out)
	}
}

// TestFrameworkImportNIST imports NIST's SP 800-53 MODERATE baseline
// profile (resolved against the 5.0.1 catalog) and the full catalog, then
// NIST's 800-53 → ISO/IEC 27001:2013 mapping composed onto ISO/IEC
// 27001:2022.
func TestFrameworkImportNIST(t *testing.T) {
	dir := sharedData(t, "nist-800-53-rev5")
	mappings := sharedData(t, "mappings")
	for _, dialect := range dialects() {
		t.Run(dialect, func(t *testing.T) { nistImports(t, newEvidenceEnv(t, dialect), dir, mappings) })
	}
}

func nistImports(t *testing.T, e *evidenceEnv, dir, mappings string) {
	profile, cat := filepath.Join(dir, moderateProfile), filepath.Join(dir, catalog501)
	_, _, err := e.run("framework", "import", profile, "--key", "nist-moderate")
	if err == nil || !strings.Contains(err.Error(), "--catalog FILE") {
		t.Errorf("a profile without --catalog: %v, want a hint at --catalog", err)
	}
	out := mustRun(t, e, "framework", "import", profile, "--catalog", cat, "--key", "nist-moderate")
	wantLines(t, "MODERATE import", out, "(nist-moderate)", "change        new framework", "imported")
	mustRun(t, e, "framework", "import", cat, "--key", "nist-800-53")
	mustRun(t, e, "framework", "import", "builtin:iso27001-2022")

	var list []isms.Framework
	if err := json.Unmarshal([]byte(mustRun(t, e, "framework", "list", "--format", "json")), &list); err != nil {
		t.Fatal(err)
	}
	for _, f := range list {
		if f.Key == "nist-moderate" && f.Assessable != 287 {
			t.Errorf("MODERATE has %d assessable requirements, want its 287 controls", f.Assessable)
		}
	}

	csv := filepath.Join(mappings, "nist-sp800-53r5_to_iso27001-2013.csv")
	_, _, err = e.run("mapping", "import", csv, "--source", "nist-800-53")
	if err == nil || !strings.Contains(err.Error(), "--target") {
		t.Errorf("NIST's mapping to ISO 2013 without ISO 2013: %v, want the target flag named", err)
	}
	out = mustRun(t, e, "mapping", "import", csv, "--source", "nist-800-53", "--target", "iso27001-2013", "--compose-iso2022")
	wantLines(t, "composed mapping import", out, "ISO/IEC 27001:2022", "to           ISO/IEC 27001 (2022)")
}

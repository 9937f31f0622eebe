// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ismsproject/isms/internal/isms"
)

func TestReadMappingsReadsOurYAMLAndCSVAlike(t *testing.T) {
	want := &MappingFile{
		Name: "ACME supplier requirements → ISO/IEC 27001:2022", Description: "Drawn up by ACME's security office in March 2025.",
		SourceKey: "acme-supplier-2025", TargetKey: "iso27001-2022", Origin: isms.MappingImported,
		Entries: []MappingEntry{
			{SourceRef: "GOV-1", TargetRef: "A.5.1", Relationship: isms.RelEqual, Strength: 9},
			{SourceRef: "GOV-2", TargetRef: "A.5.5", Relationship: isms.RelSubset, Strength: 5, Rationale: "One named contact; the control also covers contact with authorities."},
			{SourceRef: "ACC-2", TargetRef: "A.8.5", Relationship: isms.RelSubset, Strength: 7},
			{SourceRef: "OPS-2", TargetRef: "A.8.13", Relationship: isms.RelEqual, Strength: 9},
			{SourceRef: "ATT", TargetRef: "A.5.36", Relationship: isms.RelIntersects},
		},
	}
	lines := map[string][]int{"example-mapping.yaml": {8, 12, 17, 18, 19}, "example-mapping.csv": {6, 7, 8, 9, 10}}
	for file, wantLines := range lines {
		data, err := os.ReadFile(filepath.Join("testdata", "custom", file))
		if err != nil {
			t.Fatal(err)
		}
		m, err := ReadMappings(file, data)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if d := cmp.Diff(want, m, cmpopts.IgnoreFields(MappingEntry{}, "Line")); d != "" {
			t.Errorf("%s (-want +got):\n%s", file, d)
		}
		for i, e := range m.Entries {
			if e.Line != wantLines[i] {
				t.Errorf("%s: entry %d read at line %d, want %d", file, i, e.Line, wantLines[i])
			}
		}
	}
}

func TestReadMappingsNamesAnUnnamedSetAfterTheFile(t *testing.T) {
	m, err := ReadMappings("dir/ours-to-theirs.csv", []byte("source_ref,target_ref,relationship\nA,B,Not related\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "ours-to-theirs" || m.SourceKey != "" || m.Entries[0].Relationship != isms.RelNotRelated {
		t.Errorf("read %+v", m)
	}
}

func TestReadMappingsDispatchesNISTAndOSCAL(t *testing.T) {
	m, err := ReadMappings("nist.csv", []byte("nist_control,nist_title,iso27001_2013_ref,partial\nAC-2,Account Management,A.9.2.1,yes\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Entries) != 1 || m.Entries[0].SourceRef != "AC-2" || m.Entries[0].TargetRef != "A.9.2.1" || m.Entries[0].Relationship != isms.RelIntersects {
		t.Errorf("NIST CSV read as %+v", m.Entries)
	}
	data, err := os.ReadFile("testdata/mapping/collection.json")
	if err != nil {
		t.Fatal(err)
	}
	if m, err = ReadMappings("collection.json", data); err != nil || len(m.Entries) == 0 {
		t.Errorf("OSCAL mapping collection: %v", err)
	}
	for _, file := range []string{"nist-sp800-53r5_to_iso27001-2013.csv", "iso27001-2013_to_nist-sp800-53r5.csv"} {
		path := filepath.Join(dataDir(t, "mappings"), file)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if m, err = ReadMappings(file, data); err != nil || len(m.Entries) < 100 {
			t.Errorf("%s: %v", file, err)
		}
	}
}

func TestReadMappingsReportsProblemsWhereTheyAre(t *testing.T) {
	cases := map[string]struct{ name, data, want string }{
		"empty":      {"m.yaml", "\n", "m.yaml: is empty"},
		"not json":   {"m.json", `{"catalog": {}}`, `m.json: a JSON mapping file must be an OSCAL mapping collection (top-level "mapping-collection")`},
		"not yaml":   {"m.yaml", "framework: {}\n", "m.yaml:1:1: is not a mapping file: expected a YAML file with mapping: and entries:, a CSV file with the header source_ref,target_ref,relationship,strength,rationale, NIST's SP 800-53 ↔ ISO/IEC 27001 CSV or an OSCAL mapping collection (JSON)"},
		"no entries": {"m.yaml", "mapping: {name: N}\nentries: []\n", "m.yaml:1:1: has no mapping entries"},
		"yaml entry": {"m.yaml", "mapping: {source: Bad Key, targt: x}\nentries:\n  - {source: A, target: B, relationship: same, strength: ten}\n  - {source: A, target: B, relationship: equal}\n",
			`m.yaml:1:19: framework key "Bad Key" must be lower-case letters, digits, dots and hyphens
m.yaml:1:28: unknown key "targt" in mapping (expected name, source, target, description)
m.yaml:3:42: relationship "same" must be one of equal, subset, superset, intersects, not-related
m.yaml:3:58: strength "ten" must be a whole number from 1 to 10
m.yaml:4:14: A → B is mapped twice (first at line 3:14)`},
		"csv": {"m.csv", "# source: ours\n# owner: me\nsource_ref,target_ref,relationship,strength,rationale,notes\n,B,equal,,\nA,B,identical,11,\n",
			`m.csv:2: unknown field "owner" (expected source, target, name or description)
m.csv:3: column notes: unknown column "notes" (expected source_ref, target_ref, relationship, strength, rationale)
m.csv:4: column source_ref: source_ref is required
m.csv:5: column relationship: relationship "identical" must be one of equal, subset, superset, intersects, not-related
m.csv:5: column strength: strength "11" must be a whole number from 1 to 10`},
		"csv header": {"m.csv", "source_ref,rationale\nA,x\n", "m.csv:1: the header has no target_ref column\nm.csv:1: the header has no relationship column"},
	}
	for name, c := range cases {
		_, err := ReadMappings(c.name, []byte(c.data))
		checkError(t, name, err, c.want)
	}
}

// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/ismsproject/isms/internal/isms"
)

const collectionFile = "testdata/mapping/collection.json"

// TestReadOSCALMapping reads a mapping collection: ids become
// references, relationships IR 8477's, and each source meets each target.
func TestReadOSCALMapping(t *testing.T) {
	data, err := os.ReadFile(collectionFile)
	if err != nil {
		t.Fatal(err)
	}
	m, err := readOSCALMapping("collection.json", data)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "SP 800-53 to ISO/IEC 27001:2022 (sample)" || m.Description != "A few sample mappings, written for the tests of isms." ||
		m.SourceKey != "nist-800-53" || m.TargetKey != "iso27001-2022" || m.Origin != isms.MappingImported {
		t.Errorf("set %+v", m)
	}
	line := func(uuid string) int { return lineCol(data, int64(bytes.Index(data, []byte(`"`+uuid+`"`)))).line }
	want := []MappingEntry{
		{SourceRef: "AC-2", TargetRef: "A.5.16", Relationship: isms.RelSubset, Rationale: "semantic match", Line: line("6a3c1e0e-58d0-4a47-9f6e-0d2b6e1f0a03")},
		{SourceRef: "AC-2(1)", TargetRef: "A.5.16", Relationship: isms.RelSubset, Rationale: "semantic match", Line: line("6a3c1e0e-58d0-4a47-9f6e-0d2b6e1f0a03")},
		{SourceRef: "IA-5", TargetRef: "A.5.17", Relationship: isms.RelIntersects, Strength: 7,
			Rationale: "functional match; Only the initial distribution of authenticators.; target has requirement (addressable): " +
				"The target also covers how users look after their secrets.", Line: line("6a3c1e0e-58d0-4a47-9f6e-0d2b6e1f0a04")},
		{SourceRef: "CP-9", TargetRef: "A.8.13", Relationship: isms.RelEqual, Rationale: "semantic match", Line: line("6a3c1e0e-58d0-4a47-9f6e-0d2b6e1f0a05")},
		{SourceRef: "PE-3", TargetRef: "A.8.24", Relationship: isms.RelNotRelated, Rationale: "semantic match", Line: line("6a3c1e0e-58d0-4a47-9f6e-0d2b6e1f0a06")},
	}
	if d := cmp.Diff(want, m.Entries); d != "" {
		t.Errorf("entries (-want +got):\n%s", d)
	}
	if want[0].Line < 20 {
		t.Errorf("line %d", want[0].Line)
	}

	// The same collection in YAML, with one mapping instead of an array.
	var tree map[string]any
	if err := json.Unmarshal(data, &tree); err != nil {
		t.Fatal(err)
	}
	mc := tree["mapping-collection"].(map[string]any)
	mc["mappings"] = mc["mappings"].([]any)[0]
	y, err := yaml.Marshal(tree)
	if err != nil {
		t.Fatal(err)
	}
	fromYAML, err := readOSCALMapping("collection.yaml", y)
	if err != nil {
		t.Fatal(err)
	}
	if len(fromYAML.Entries) != 5 || fromYAML.Entries[2].SourceRef != "IA-5" || fromYAML.Entries[2].Line == 0 {
		t.Errorf("from YAML: %+v", fromYAML.Entries)
	}
	lines := strings.Split(string(y), "\n")
	if l := fromYAML.Entries[0].Line; l < 1 || l > len(lines) || !strings.Contains(strings.Join(lines[l-1:l+3], "\n"), "-") {
		t.Errorf("YAML line %d", l)
	}
}

// TestReadOSCALMappingErrors checks what is refused and how it is said.
func TestReadOSCALMappingErrors(t *testing.T) {
	data, err := os.ReadFile(collectionFile)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	for _, c := range []struct{ name, data, want string }{
		{"old.json", strings.Replace(doc, `"oscal-version": "1.2.1"`, `"oscal-version": "1.1.3"`, 1),
			`old.json: at /mapping-collection/metadata/oscal-version: OSCAL version "1.1.3" has no mapping model`},
		{"invalid.json", strings.Replace(doc, `"method": "human",`, ``, 1), `invalid.json: at /mapping-collection/provenance:`},
		{"relationship.json", strings.Replace(doc, `"subset-of"`, `"kind-of"`, 1),
			`at /mapping-collection/mappings/0/maps/0/relationship: relationship "kind-of" is not one of`},
		{"catalog.json", `{"catalog": {}}`, `catalog.json: at /: is not an OSCAL mapping collection`},
		{"map.xml", `<mapping-collection/>`, `map.xml: is XML`},
	} {
		_, err := readOSCALMapping(c.name, []byte(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
		if isms.ErrorCode(err) != isms.Invalid {
			t.Errorf("%s: code %s", c.name, isms.ErrorCode(err))
		}
	}
}

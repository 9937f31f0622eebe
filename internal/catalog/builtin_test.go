// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ismsproject/isms/internal/isms"
)

// attributeVocabulary is ISO/IEC 27002:2022's set of values for each
// attribute type (and the four themes).
var attributeVocabulary = map[string][]string{
	"theme":                           {"Organizational", "People", "Physical", "Technological"},
	"control_type":                    {"Preventive", "Detective", "Corrective"},
	"information_security_properties": {"Confidentiality", "Integrity", "Availability"},
	"cybersecurity_concepts":          {"Identify", "Protect", "Detect", "Respond", "Recover"},
	"operational_capabilities": {"Governance", "Asset_management", "Information_protection", "Human_resource_security",
		"Physical_security", "System_and_network_security", "Application_security", "Secure_configuration",
		"Identity_and_access_management", "Threat_and_vulnerability_management", "Continuity",
		"Supplier_relationships_security", "Legal_and_compliance", "Information_security_event_management",
		"Information_security_assurance"},
	"security_domains": {"Governance_and_Ecosystem", "Protection", "Defence", "Resilience"},
}

// TestBuiltinISO2022 checks the tree of ISO/IEC 27001:2022: clauses 4–10
// as groups with their clauses (sub-clauses under a clause that is not
// assessable), the four Annex A themes with 37, 8, 14 and 34 controls,
// and every control's attributes within the 27002 vocabulary.
func TestBuiltinISO2022(t *testing.T) {
	fw, ok := Builtin(KeyISO2022)
	if !ok {
		t.Fatal("no built-in iso27001-2022")
	}
	m := fw.Meta
	if m.Name != "ISO/IEC 27001" || m.Edition != "2022" || m.Publisher != "ISO/IEC" || m.Source != isms.SourceBuiltin ||
		len(m.SHA256) != 64 || m.Requirements != len(fw.Requirements) {
		t.Errorf("meta %+v", m)
	}
	perGroup := map[string]int{}
	for _, r := range fw.Requirements {
		if r.Kind == isms.KindControl {
			perGroup[r.GroupRef]++
		}
	}
	if want := map[string]int{"A.5": 37, "A.6": 8, "A.7": 14, "A.8": 34}; !mapsEqual(perGroup, want) {
		t.Errorf("controls per theme %v, want %v", perGroup, want)
	}
	var tops []string
	notAssessable := []string{}
	clauses := 0
	for _, r := range fw.Requirements {
		if r.Depth == 0 {
			tops = append(tops, r.Ref+" "+r.Title)
			if r.Kind != isms.KindGroup || r.Assessable {
				t.Errorf("%s: top-level requirements are groups, not assessable", r.Ref)
			}
		}
		if r.Kind == isms.KindClause {
			clauses++
			if !r.Assessable {
				notAssessable = append(notAssessable, r.Ref)
			}
			if r.Description == "" {
				t.Errorf("clause %s has no description", r.Ref)
			}
		}
	}
	wantTops := []string{"4 Context of the organization", "5 Leadership", "6 Planning", "7 Support", "8 Operation",
		"9 Performance evaluation", "10 Improvement", "A.5 Organizational controls", "A.6 People controls",
		"A.7 Physical controls", "A.8 Technological controls"}
	if !slices.Equal(tops, wantTops) {
		t.Errorf("top level %q", tops)
	}
	if want := []string{"6.1", "7.5", "9.2", "9.3"}; !slices.Equal(notAssessable, want) || clauses != 34 {
		t.Errorf("%d clauses, not assessable %v", clauses, notAssessable)
	}
	if m.Assessable != 30+93 {
		t.Errorf("%d assessable, want 123", m.Assessable)
	}
	for _, ref := range []string{"6.1.1", "6.1.2", "6.1.3", "7.5.1", "7.5.2", "7.5.3", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "6.3", "10.2"} {
		r := findRef(fw, ref)
		if r == nil || !r.Assessable || r.Kind != isms.KindClause {
			t.Errorf("clause %s: %+v", ref, r)
		}
	}
	if r := findRef(fw, "6.1.2"); r == nil || r.ParentRef != "6.1" || r.Depth != 2 || r.GroupRef != "6" {
		t.Errorf("6.1.2: %+v", r)
	}
	checkControls(t, fw)
}

// checkControls checks each Annex A control: reference under its theme,
// a description, every 27002 attribute with values from the vocabulary.
func checkControls(t *testing.T, fw *Framework) {
	t.Helper()
	controlRef := regexp.MustCompile(`^A\.([5-8])\.\d+$`)
	for _, r := range fw.Requirements {
		if r.Kind != isms.KindControl {
			continue
		}
		m := controlRef.FindStringSubmatch(r.Ref)
		if m == nil || r.ParentRef != "A."+m[1] || !r.Assessable || r.Description == "" || r.Title == "" {
			t.Errorf("control %+v", r)
			continue
		}
		if names := r.Attributes.Names(); len(names) != len(attributeVocabulary) {
			t.Errorf("%s has attributes %v", r.Ref, names)
		}
		for name, values := range r.Attributes {
			if len(values) == 0 {
				t.Errorf("%s: %s is empty", r.Ref, name)
			}
			for _, v := range values {
				if !slices.Contains(attributeVocabulary[name], v) {
					t.Errorf("%s: %s value %q is not in the vocabulary", r.Ref, name, v)
				}
			}
		}
	}
}

// TestBuiltinISO2013 checks the 114 controls of 2013 in their 14 domains.
func TestBuiltinISO2013(t *testing.T) {
	fw, ok := Builtin(KeyISO2013)
	if !ok {
		t.Fatal("no built-in iso27001-2013")
	}
	n := kindCounts(fw)
	if n[isms.KindControl] != 114 || n[isms.KindGroup] != 14 || len(fw.Requirements) != 128 {
		t.Errorf("counts %v", n)
	}
	if fw.Meta.Edition != "2013" || fw.Meta.Name != "ISO/IEC 27001" || fw.Meta.Assessable != 114 {
		t.Errorf("meta %+v", fw.Meta)
	}
	if r := findRef(fw, "A.9.2.1"); r == nil || r.ParentRef != "A.9" || r.GroupRef != "A.9" || r.Title != "User registration and de-registration" {
		t.Errorf("A.9.2.1: %+v", r)
	}
	if r := findRef(fw, "A.18"); r == nil || r.Title != "Compliance" || r.Kind != isms.KindGroup {
		t.Errorf("A.18: %+v", r)
	}
	if !slices.Equal(BuiltinKeys(), []string{KeyISO2022, KeyISO2013}) {
		t.Errorf("keys %v", BuiltinKeys())
	}
	if _, ok := Builtin("iso27001-2005"); ok {
		t.Error("unknown key found")
	}
}

// TestBuiltinMappings checks the 2013 → 2022 set: every 2013 control is
// mapped, every reference exists, and the relationships follow the shape
// of the correspondence.
func TestBuiltinMappings(t *testing.T) {
	ms := BuiltinMappings()
	if len(ms) != 1 {
		t.Fatalf("%d built-in mapping sets", len(ms))
	}
	m := ms[0]
	if m.Name != "ISO/IEC 27001:2013 → 2022" || m.SourceKey != KeyISO2013 || m.TargetKey != KeyISO2022 || m.Origin != isms.MappingBuiltin {
		t.Errorf("set %+v", m)
	}
	old, _ := Builtin(KeyISO2013)
	cur, _ := Builtin(KeyISO2022)
	from, to := map[string][]string{}, map[string][]string{}
	for _, e := range m.Entries {
		if r := findRef(old, e.SourceRef); r == nil || r.Kind != isms.KindControl {
			t.Errorf("source %s is not a 2013 control", e.SourceRef)
		}
		if r := findRef(cur, e.TargetRef); r == nil || r.Kind != isms.KindControl {
			t.Errorf("target %s is not a 2022 control", e.TargetRef)
		}
		from[e.SourceRef] = append(from[e.SourceRef], e.TargetRef)
		to[e.TargetRef] = append(to[e.TargetRef], e.SourceRef)
	}
	if len(from) != 114 || len(m.Entries) != 115 {
		t.Errorf("%d 2013 controls mapped in %d entries, want 114 in 115", len(from), len(m.Entries))
	}
	if len(to) != 93-11 {
		t.Errorf("%d 2022 controls have a 2013 source, want 82 (11 are new)", len(to))
	}
	for _, e := range m.Entries {
		want := isms.RelEqual
		switch {
		case len(from[e.SourceRef]) > 1:
			want = isms.RelIntersects
		case len(to[e.TargetRef]) > 1:
			want = isms.RelSubset
		}
		if e.Relationship != want {
			t.Errorf("%s → %s is %s, want %s", e.SourceRef, e.TargetRef, e.Relationship, want)
		}
	}
	if got := from["A.18.2.3"]; !slices.Equal(got, []string{"A.5.36", "A.8.8"}) {
		t.Errorf("A.18.2.3 → %v", got)
	}
}

// TestBuiltinAgainstReference compares the built-in data with the
// reference file it was made from: titles, attributes, the mapping.
func TestBuiltinAgainstReference(t *testing.T) {
	file := filepath.Join(filepath.Dir(sharedData()), "iso", "annex-a-2022.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Skipf("ISO reference data %s is not available (%v); it is kept in the shared folder beside the repository", file, err)
	}
	var ref struct {
		Controls []struct {
			Ref        string              `yaml:"ref"`
			Title      string              `yaml:"title"`
			Theme      string              `yaml:"theme"`
			Attributes map[string][]string `yaml:"attributes"`
		} `yaml:"controls"`
		Old []struct {
			ID    string   `yaml:"id"`
			Title string   `yaml:"title"`
			Maps  []string `yaml:"maps_to_2022"`
		} `yaml:"iso27001_2013_annexA"`
	}
	if err := yaml.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	cur, _ := Builtin(KeyISO2022)
	for _, c := range ref.Controls {
		r := findRef(cur, c.Ref)
		if r == nil || r.Title != c.Title || !r.Attributes.Has("theme", c.Theme) {
			t.Errorf("%s: %+v", c.Ref, r)
			continue
		}
		for name, values := range c.Attributes {
			if !slices.Equal(r.Attributes[name], values) {
				t.Errorf("%s %s: %v, want %v", c.Ref, name, r.Attributes[name], values)
			}
		}
	}
	old, _ := Builtin(KeyISO2013)
	targets := map[string][]string{}
	for _, e := range BuiltinMappings()[0].Entries {
		targets[e.SourceRef] = append(targets[e.SourceRef], strings.TrimPrefix(e.TargetRef, "A."))
	}
	for _, c := range ref.Old {
		if r := findRef(old, c.ID); r == nil || r.Title != c.Title {
			t.Errorf("%s: %+v", c.ID, r)
		}
		if !slices.Equal(targets[c.ID], c.Maps) {
			t.Errorf("%s maps to %v, want %v", c.ID, targets[c.ID], c.Maps)
		}
	}
}

// TestBuiltinDescriptionsAreOurs checks the descriptions are ours: one or
// two sentences each, all different, none the title again and none in
// the standard's normative voice ("shall"), which a copied requirement
// would carry.
func TestBuiltinDescriptionsAreOurs(t *testing.T) {
	fw, _ := Builtin(KeyISO2022)
	seen := map[string]string{}
	for _, r := range fw.Requirements {
		d := r.Description
		if d == "" {
			continue
		}
		if prev, dup := seen[d]; dup {
			t.Errorf("%s repeats the description of %s", r.Ref, prev)
		}
		seen[d] = r.Ref
		lower := strings.ToLower(d)
		if strings.Contains(lower, "shall") || strings.EqualFold(strings.TrimSuffix(d, "."), r.Title) {
			t.Errorf("%s: %q", r.Ref, d)
		}
		if n := strings.Count(d, ". ") + 1; n > 2 || len(d) > 320 {
			t.Errorf("%s: %d sentences, %d bytes: keep descriptions to one or two short sentences", r.Ref, n, len(d))
		}
	}
	if len(seen) != 93+34 {
		t.Errorf("%d descriptions, want one for each of the 93 controls and 34 clauses", len(seen))
	}
}

// BenchmarkBuiltin measures parsing the embedded built-ins, the cost paid
// once per process on first use (Builtin itself then returns the parsed
// values).
func BenchmarkBuiltin(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range builtinFiles {
			if _, err := parseBuiltinFramework(f.file); err != nil {
				b.Fatal(err)
			}
		}
		for _, f := range builtinMappingFiles {
			if _, err := parseBuiltinMappings(f); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// findRef returns the requirement with a reference, or nil.
func findRef(fw *Framework, ref string) *isms.Requirement {
	for i := range fw.Requirements {
		if fw.Requirements[i].Ref == ref {
			return &fw.Requirements[i]
		}
	}
	return nil
}

// mapsEqual reports whether two count maps are equal.
func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

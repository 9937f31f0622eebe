// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// kindCounts counts a framework's requirements by kind.
func kindCounts(fw *Framework) map[isms.RequirementKind]int {
	n := map[isms.RequirementKind]int{}
	for _, r := range fw.Requirements {
		n[r.Kind]++
	}
	return n
}

// requirement finds a requirement by reference.
func requirement(t *testing.T, fw *Framework, ref string) isms.Requirement {
	t.Helper()
	for _, r := range fw.Requirements {
		if r.Ref == ref {
			return r
		}
	}
	t.Fatalf("no requirement %s", ref)
	return isms.Requirement{}
}

// loadOSCALFramework reads a shared data file and converts it.
func loadOSCALFramework(t *testing.T, dir, file string, opts ReadOptions) (*Framework, *Document) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Read(file, data)
	if err != nil {
		t.Fatal(err)
	}
	fw, err := frameworkFromOSCAL(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	return fw, doc
}

// countWithdrawn counts a catalog's controls, and the withdrawn ones, by
// depth (0: base controls, 1: enhancements).
func countWithdrawn(c *Catalog) (total, withdrawn map[int]int) {
	total, withdrawn = map[int]int{}, map[int]int{}
	var walk func(cs []Control, depth int)
	walk = func(cs []Control, depth int) {
		for _, c := range cs {
			total[depth]++
			if propValue(c.Props, "status") == "withdrawn" {
				withdrawn[depth]++
			}
			walk(c.Controls, depth+1)
		}
	}
	for _, g := range c.Groups {
		walk(g.Controls, 0)
	}
	return total, withdrawn
}

// TestFrameworkFrom80053 converts the SP 800-53 5.0.1 catalog: 20
// families, 322 base controls of which 24 withdrawn, 867 enhancements of
// which 158 withdrawn (the counts of NIST's release).
func TestFrameworkFrom80053(t *testing.T) {
	dir := dataDir(t, "nist-800-53-rev5")
	fw, doc := loadOSCALFramework(t, dir, catalog501, ReadOptions{})
	total, withdrawn := countWithdrawn(doc.Catalog)
	t.Logf("base controls %d (withdrawn %d), enhancements %d (withdrawn %d)", total[0], withdrawn[0], total[1], withdrawn[1])
	if total[0] != 322 || withdrawn[0] != 24 || total[1] != 867 || withdrawn[1] != 158 {
		t.Fatalf("the catalog does not have NIST's counts")
	}
	n := kindCounts(fw)
	if n[isms.KindGroup] != 20 || n[isms.KindControl] != 322-24 || n[isms.KindEnhancement] != 867-158 {
		t.Errorf("counts %v, want 20 groups, %d controls, %d enhancements", n, 322-24, 867-158)
	}
	if fw.Meta.Assessable != 298+709 || fw.Meta.Requirements != 20+298+709 {
		t.Errorf("meta counts %d/%d", fw.Meta.Assessable, fw.Meta.Requirements)
	}
	m := fw.Meta
	if m.Edition != "5.0.1" || m.Publisher != "Joint Task Force, Interagency Working Group" || m.Source != isms.SourceOSCAL ||
		len(m.Key) > 60 || !strings.HasPrefix(m.Key, "nist-special-publication-800-53-revision-5") {
		t.Errorf("meta %+v", m)
	}
	ac := requirement(t, fw, "AC")
	if ac.Kind != isms.KindGroup || ac.Title != "Access Control" || ac.Assessable {
		t.Errorf("AC: %+v", ac)
	}
	ac1 := requirement(t, fw, "AC-1")
	for _, want := range []string{"a. Develop, document, and disseminate to [Assignment: organization-defined personnel or roles]:",
		"1. [Selection (one or more): Organization-level; Mission/business process-level; System-level] access control policy that:",
		"(a) Addresses purpose"} {
		if !strings.Contains(ac1.Description, want) {
			t.Errorf("AC-1 description lacks %q:\n%s", want, ac1.Description)
		}
	}
	e := requirement(t, fw, "AC-2(1)")
	if e.Kind != isms.KindEnhancement || e.ParentRef != "AC-2" || e.GroupRef != "AC" || e.Depth != 2 ||
		!e.Attributes.Has("family", "Access Control") || len(e.Attributes) != 1 {
		t.Errorf("AC-2(1): %+v", e)
	}
	for _, r := range fw.Requirements {
		if r.Ref == "AC-2(10)" { // withdrawn: incorporated into AC-2k
			t.Error("withdrawn AC-2(10) imported")
		}
	}
}

// TestFrameworkFromModerateProfile resolves the MODERATE baseline
// against the 5.0.1 catalog, and says what to supply without it.
func TestFrameworkFromModerateProfile(t *testing.T) {
	dir := dataDir(t, "nist-800-53-rev5")
	loader := FileLoader{Dir: dir, Files: map[string]string{"NIST_SP-800-53_rev5_catalog.json": catalog501}}
	fw, _ := loadOSCALFramework(t, dir, moderateFile, ReadOptions{Loader: loader, Key: "nist-800-53-moderate"})
	n := kindCounts(fw)
	if n[isms.KindControl]+n[isms.KindEnhancement] != 287 || n[isms.KindGroup] != 18 {
		t.Errorf("counts %v, want 287 controls and enhancements in 18 families (none from PT and PM)", n)
	}
	if fw.Meta.Key != "nist-800-53-moderate" || fw.Meta.Edition == "" || fw.Meta.Source != isms.SourceOSCAL {
		t.Errorf("meta %+v", fw.Meta)
	}
	r := requirement(t, fw, "AC-2(4)")
	if !r.Attributes.Has("baseline", "moderate") || !r.Attributes.Has("family", "Access Control") {
		t.Errorf("AC-2(4) attributes %v", r.Attributes)
	}

	data, err := os.ReadFile(filepath.Join(dir, moderateFile))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Read(moderateFile, data)
	if err != nil {
		t.Fatal(err)
	}
	_, err = frameworkFromOSCAL(doc, ReadOptions{})
	var e *Error
	if !errors.As(err, &e) || isms.ErrorCode(err) != isms.Invalid {
		t.Fatalf("error %v, want an invalid-input *Error", err)
	}
	msg := err.Error()
	for _, want := range []string{"#84cbf061-eb87-4ec1-8112-1f529232e907", "NIST_SP-800-53_rev5_catalog.json", "--catalog"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
}

// TestFrameworkFromCSF converts CSF 2.0: functions as groups, categories
// as controls and subcategories as enhancements; labels that read like
// titles ("GOVERN (GV)") give way to ids.
func TestFrameworkFromCSF(t *testing.T) {
	dir := dataDir(t, "nist-csf-2.0")
	fw, _ := loadOSCALFramework(t, dir, "NIST_CSF_v2.0_catalog.converted.json", ReadOptions{})
	n := kindCounts(fw)
	t.Logf("CSF 2.0: %v", n)
	if n[isms.KindGroup] != 6 || n[isms.KindControl] != 34 || n[isms.KindEnhancement] != 185 {
		t.Errorf("counts %v, want 6 functions, 34 categories, 185 subcategories (the source keeps CSF 1.1 items)", n)
	}
	gv := requirement(t, fw, "GV")
	if gv.Title != "GOVERN" || gv.Kind != isms.KindGroup {
		t.Errorf("GV: %+v", gv)
	}
	oc := requirement(t, fw, "GV.OC")
	if oc.Title != "Organizational Context" || oc.Description == "" || oc.ParentRef != "GV" {
		t.Errorf("GV.OC: %+v", oc)
	}
	oc1 := requirement(t, fw, "GV.OC-01")
	if oc1.Kind != isms.KindEnhancement || oc1.ParentRef != "GV.OC" || !oc1.Attributes.Has("risk-party", "1st") ||
		!oc1.Attributes.Has("family", "GOVERN") || oc1.Description == "" {
		t.Errorf("GV.OC-01: %+v", oc1)
	}
}

// A small catalog: parameters with values, a withdrawn control, a
// top-level control, a label with spaces.
const smallCatalog = `{"catalog": {"uuid": "a0000000-0000-4000-8000-000000000002",
  "metadata": {"title": "Small Catalog: Test", "last-modified": "2024-01-01T00:00:00Z", "version": "2", "oscal-version": "1.1.3"},
  "controls": [{"id": "top-1", "title": "Top", "props": [{"name": "label", "value": "Top one"}, {"name": "tier", "value": "x"}]}],
  "groups": [{"id": "g", "title": "Group *G*", "controls": [
    {"id": "c-1", "title": "Control", "props": [{"name": "label", "value": "C-1"}],
     "params": [{"id": "p1", "label": "period", "values": ["daily"]}, {"id": "p2", "select": {"choice": ["a", "b"]}}],
     "parts": [{"id": "c-1_smt", "name": "statement", "prose": "Check {{ insert: param, p1 }} and **pick** {{ insert: param, p2 }}; see [this](#x)."}],
     "controls": [{"id": "c-1.1", "title": "Gone", "props": [{"name": "label", "value": "C-1(1)"}, {"name": "status", "value": "Withdrawn"}]}]}]}]
}}`

// TestFrameworkFromSmallCatalog checks parameters, withdrawn controls,
// top-level controls and the key.
func TestFrameworkFromSmallCatalog(t *testing.T) {
	doc, err := Read("small.json", []byte(smallCatalog))
	if err != nil {
		t.Fatal(err)
	}
	fw, err := frameworkFromOSCAL(doc, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if fw.Meta.Key != "small-catalog-test" || fw.Meta.Edition != "2" || len(fw.Requirements) != 3 {
		t.Fatalf("framework %+v", fw)
	}
	top := fw.Requirements[0]
	if top.Ref != "TOP-1" || top.Kind != isms.KindControl || top.GroupRef != "TOP-1" || !top.Attributes.Has("tier", "x") {
		t.Errorf("top: %+v", top)
	}
	if g := fw.Requirements[1]; g.Title != "Group G" || g.Ref != "G" {
		t.Errorf("group: %+v", g)
	}
	if c := fw.Requirements[2]; c.Description != "Check daily and pick [Selection: a; b]; see this." || c.Position != 3 {
		t.Errorf("control: %+v", c)
	}
	if slug(strings.Repeat("Word ", 30), 60) != strings.TrimSuffix(strings.Repeat("word-", 12), "-") {
		t.Errorf("slug: %q", slug(strings.Repeat("Word ", 30), 60))
	}
}

// TestWriteFrameworkOSCAL exports the built-in frameworks, validates them
// and reads them back to the same tree.
func TestWriteFrameworkOSCAL(t *testing.T) {
	for _, key := range BuiltinKeys() {
		t.Run(key, func(t *testing.T) {
			fw, _ := Builtin(key)
			var b bytes.Buffer
			if err := WriteFrameworkOSCAL(&b, fw); err != nil {
				t.Fatal(err)
			}
			doc, err := Read(key+".json", b.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			back, err := frameworkFromOSCAL(doc, ReadOptions{Key: key})
			if err != nil {
				t.Fatal(err)
			}
			if len(back.Requirements) != len(fw.Requirements) {
				t.Fatalf("%d requirements back, want %d", len(back.Requirements), len(fw.Requirements))
			}
			for i, want := range fw.Requirements {
				got := back.Requirements[i]
				if got.Ref != want.Ref || got.Title != want.Title || got.Kind != want.Kind || got.Assessable != want.Assessable ||
					got.ParentRef != want.ParentRef || got.Description != want.Description {
					t.Errorf("requirement %d:\ngot  %+v\nwant %+v", i, got, want)
				}
				for name, values := range want.Attributes {
					for _, v := range values {
						if !got.Attributes.Has(name, v) {
							t.Errorf("%s lost attribute %s=%s", want.Ref, name, v)
						}
					}
				}
			}
			if back.Meta.Publisher != "ISO/IEC" || back.Meta.Edition != fw.Meta.Edition || back.Meta.Description != fw.Meta.Description {
				t.Errorf("meta back %+v", back.Meta)
			}
		})
	}
}

// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/xuri/excelize/v2"

	"github.com/ismsproject/isms/internal/isms"
)

// readTestFramework reads a file of testdata/custom.
func readTestFramework(t *testing.T, file string) *Framework {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "custom", file))
	if err != nil {
		t.Fatal(err)
	}
	fw, err := ReadFramework(file, data, ReadOptions{})
	if err != nil {
		t.Fatalf("read %s: %v", file, err)
	}
	return fw
}

// sameFramework compares two frameworks apart from where they were read from.
var sameFramework = cmp.Options{
	cmpopts.IgnoreFields(isms.Framework{}, "Source", "SHA256", "SourceFile"),
	cmpopts.IgnoreFields(MappingEntry{}, "Line"),
	cmpopts.EquateEmpty(),
}

func TestReadFrameworkReadsTheYAMLExample(t *testing.T) {
	fw := readTestFramework(t, "example.yaml")
	data, _ := os.ReadFile("testdata/custom/example.yaml")
	m := fw.Meta
	if m.Key != "acme-supplier-2025" || m.Name != "ACME supplier security requirements" || m.Edition != "2025" ||
		m.Publisher != "ACME Corp" || !strings.HasPrefix(m.Description, "What ACME expects") || strings.HasSuffix(m.Description, "\n") {
		t.Errorf("metadata: %+v", m)
	}
	if m.Source != isms.SourceYAML || m.SourceFile != "example.yaml" || len(m.SHA256) != 64 || m.SHA256 != sha256Hex(data) {
		t.Errorf("source: %s %s %s", m.Source, m.SourceFile, m.SHA256)
	}
	if m.Requirements != 22 || m.Assessable != 17 || len(fw.Requirements) != 22 {
		t.Errorf("counts: %d requirements (%d listed), %d assessable", m.Requirements, len(fw.Requirements), m.Assessable)
	}
	var order []string
	for i, r := range fw.Requirements {
		if r.Position != i {
			t.Errorf("%s: position %d at index %d", r.Ref, r.Position, i)
		}
		order = append(order, r.Ref)
	}
	want := "GOV GOV-1 GOV-2 GOV-3 PEO PEO-1 PEO-2 ACC ACC-1 ACC-2 ACC-2.1 ACC-3 OPS OPS-1 OPS-2 OPS-3 OPS-4 INC INC-1 INC-2 INC-3 ATT"
	if got := strings.Join(order, " "); got != want {
		t.Errorf("order:\n got %s\nwant %s", got, want)
	}
	checks := []struct {
		ref, parent, group string
		depth              int
		kind               isms.RequirementKind
		assessable         bool
	}{
		{"GOV", "", "GOV", 0, isms.KindGroup, false},
		{"GOV-1", "GOV", "GOV", 1, isms.KindControl, true},
		{"ACC-2", "ACC", "ACC", 1, isms.KindControl, true},
		{"ACC-2.1", "ACC-2", "ACC", 2, isms.KindEnhancement, true},
		{"INC-3", "INC", "INC", 1, isms.KindControl, true},
		{"ATT", "", "ATT", 0, isms.KindClause, true},
	}
	for _, c := range checks {
		r := findRequirement(fw, c.ref)
		if r.ParentRef != c.parent || r.GroupRef != c.group || r.Depth != c.depth || r.Kind != c.kind || r.Assessable != c.assessable {
			t.Errorf("%s: parent %q group %q depth %d kind %s assessable %v", c.ref, r.ParentRef, r.GroupRef, r.Depth, r.Kind, r.Assessable)
		}
	}
	if got := findRequirement(fw, "ACC-3").Attributes; !cmp.Equal(got, isms.Attributes{"priority": {"medium"}, "applies_to": {"hosting", "software"}}) {
		t.Errorf("ACC-3 attributes: %v", got)
	}
	if len(fw.Mappings) != 1 {
		t.Fatalf("%d mapping sets", len(fw.Mappings))
	}
	ms := fw.Mappings[0]
	if ms.SourceKey != "acme-supplier-2025" || ms.TargetKey != "iso27001-2022" || ms.Name != "ACME supplier requirements → ISO/IEC 27001:2022" ||
		ms.Origin != isms.MappingImported || len(ms.Entries) != 15 {
		t.Fatalf("mapping set: %+v", ms)
	}
	e := ms.Entries[1]
	if e.SourceRef != "GOV-2" || e.TargetRef != "A.5.5" || e.Relationship != isms.RelSubset || e.Strength != 5 || e.Line == 0 ||
		!strings.HasPrefix(e.Rationale, "One named contact") {
		t.Errorf("entry: %+v", e)
	}
}

// findRequirement returns the requirement with ref.
func findRequirement(fw *Framework, ref string) isms.Requirement {
	for _, r := range fw.Requirements {
		if r.Ref == ref {
			return r
		}
	}
	return isms.Requirement{}
}

func TestReadFrameworkReadsTheCSVExampleAsTheYAMLOne(t *testing.T) {
	y, c := readTestFramework(t, "example.yaml"), readTestFramework(t, "example.csv")
	if c.Meta.Source != isms.SourceCSV || c.Meta.SourceFile != "example.csv" || len(c.Mappings) != 0 {
		t.Errorf("CSV: source %s, file %s, %d mapping sets", c.Meta.Source, c.Meta.SourceFile, len(c.Mappings))
	}
	y.Mappings = nil
	if d := cmp.Diff(y, c, sameFramework); d != "" {
		t.Errorf("CSV differs from YAML (-yaml +csv):\n%s", d)
	}
}

func TestWrittenFrameworksReadBackTheSame(t *testing.T) {
	for _, file := range []string{"example.yaml", "example.csv"} {
		fw := readTestFramework(t, file)
		var y, c bytes.Buffer
		if err := WriteFrameworkYAML(&y, fw); err != nil {
			t.Fatal(err)
		}
		if err := WriteFrameworkCSV(&c, fw); err != nil {
			t.Fatal(err)
		}
		back, err := ReadFramework("written.yaml", y.Bytes(), ReadOptions{})
		if err != nil {
			t.Fatalf("%s: written YAML does not read: %v\n%s", file, err, y.Bytes())
		}
		if d := cmp.Diff(fw, back, sameFramework); d != "" {
			t.Errorf("%s through YAML (-before +after):\n%s", file, d)
		}
		back, err = ReadFramework("written.csv", c.Bytes(), ReadOptions{})
		if err != nil {
			t.Fatalf("%s: written CSV does not read: %v\n%s", file, err, c.Bytes())
		}
		fw.Mappings = nil
		if d := cmp.Diff(fw, back, sameFramework); d != "" {
			t.Errorf("%s through CSV (-before +after):\n%s", file, d)
		}
	}
}

func TestWrittenFrameworksKeepAwkwardText(t *testing.T) {
	fw := &Framework{Meta: isms.Framework{Key: "odd", Name: "Odd, \"quoted\"; name", Edition: "1.10", Description: "Two\nlines;, with \"quotes\""}}
	fw.Requirements = []isms.Requirement{
		{Ref: "1", Title: "yes", Kind: isms.KindGroup, Attributes: isms.Attributes{"n": {"007", "true"}}},
		{Ref: "1.1", ParentRef: "1", Title: "Multi\nline: title", Description: "  indented\n\ttab\n", Kind: isms.KindControl, Assessable: false},
		{Ref: "1.2", ParentRef: "1", Title: "=SUM(A1)", Kind: isms.KindGroup, Assessable: true},
		{Ref: "2", Title: "null", Kind: isms.KindControl, Assessable: true},
	}
	for _, format := range []string{"yaml", "csv"} {
		var b bytes.Buffer
		write := WriteFrameworkYAML
		if format == "csv" {
			write = WriteFrameworkCSV
		}
		if err := write(&b, fw); err != nil {
			t.Fatal(err)
		}
		back, err := ReadFramework("odd."+format, b.Bytes(), ReadOptions{})
		if err != nil {
			t.Fatalf("%s does not read: %v\n%s", format, err, b.Bytes())
		}
		want := *fw
		want.Requirements = append([]isms.Requirement{}, fw.Requirements...)
		want.Requirements[1].Description = "indented\n\ttab" // text is trimmed on reading
		layoutTree(&want)
		if d := cmp.Diff(&want, back, sameFramework); d != "" {
			t.Errorf("%s (-before +after):\n%s\n%s", format, d, b.Bytes())
		}
	}
}

func TestReadFrameworkReadsAWorkbook(t *testing.T) {
	want := readTestFramework(t, "example.csv")
	rows := csvRecords(t, "testdata/custom/example.csv")
	var meta, reqs [][]string
	for _, r := range rows {
		if k, v, ok := parseMeta(strings.TrimPrefix(r[0], "#")); ok && strings.HasPrefix(r[0], "#") {
			meta = append(meta, []string{k, v})
		} else {
			reqs = append(reqs, r)
		}
	}
	book := workbook(t, map[string][][]string{"framework": append([][]string{{"key", "value"}}, meta...), "requirements": reqs}, "framework", "requirements")
	got, err := ReadFramework("example.xlsx", book, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Meta.Source != isms.SourceXLSX {
		t.Errorf("source %s", got.Meta.Source)
	}
	if d := cmp.Diff(want, got, sameFramework); d != "" {
		t.Errorf("workbook differs from CSV (-csv +xlsx):\n%s", d)
	}
	// One sheet with "# key: value" rows above the header, under any name,
	// and no extension: the content tells it is a workbook.
	book = workbook(t, map[string][][]string{"Sheet1": rows}, "Sheet1")
	if got, err = ReadFramework("upload", book, ReadOptions{}); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got, sameFramework); d != "" {
		t.Errorf("one-sheet workbook differs from CSV (-csv +xlsx):\n%s", d)
	}
}

func TestReadFrameworkOverridesTheKey(t *testing.T) {
	data, _ := os.ReadFile("testdata/custom/example.yaml")
	fw, err := ReadFramework("example.yaml", data, ReadOptions{Key: "acme-2026"})
	if err != nil {
		t.Fatal(err)
	}
	if fw.Meta.Key != "acme-2026" || fw.Mappings[0].SourceKey != "acme-2026" {
		t.Errorf("key %s, mapping source %s", fw.Meta.Key, fw.Mappings[0].SourceKey)
	}
	// A file without a key reads when the key is given.
	data = []byte("framework:\n  name: No key\nrequirements:\n  - {ref: R1, title: One}\n")
	if fw, err = ReadFramework("nokey.yaml", data, ReadOptions{Key: "given"}); err != nil || fw.Meta.Key != "given" {
		t.Errorf("no key in file: %v", err)
	}
	if _, err = ReadFramework("nokey.yaml", data, ReadOptions{Key: "Bad Key"}); err == nil || !strings.Contains(err.Error(), `framework key "Bad Key" must be`) {
		t.Errorf("bad key override: %v", err)
	}
}

func TestReadFrameworkRefusesWhatIsTooLarge(t *testing.T) {
	big := append([]byte("ref,title\n"), bytes.Repeat([]byte("x"), maxCustomBytes)...)
	_, err := ReadFramework("big.csv", big, ReadOptions{})
	if err == nil || err.Error() != "big.csv: is 10.0 MB; a framework file may be at most 10 MB (split it, or import the framework as OSCAL)" {
		t.Errorf("big file: %v", err)
	}
	var b strings.Builder
	b.WriteString("# key: many\n# name: Many\nref,title\n")
	for i := 0; i <= maxCustomRows; i++ {
		b.WriteString("R")
		b.WriteString(strings.Repeat("1", 1+i%3))
		b.WriteString(",t\n")
	}
	_, err = ReadFramework("many.csv", []byte(b.String()), ReadOptions{})
	if err == nil || err.Error() != "many.csv:100004: has more than 100000 rows" {
		t.Errorf("many rows: %v", err)
	}
	bomb := "framework: {key: b, name: B}\nrequirements:\n  - {ref: R0, title: T, children: &c0 [{ref: X, title: T}]}\n"
	for i := 1; i < 9; i++ {
		item := fmt.Sprintf("{ref: X%d, title: T, children: *c%d}", i, i-1)
		bomb += fmt.Sprintf("  - {ref: R%d, title: T, children: &c%d [%s]}\n", i, i, strings.Repeat(item+", ", 9)+item)
	}
	if _, err = ReadFramework("bomb.yaml", []byte(bomb), ReadOptions{}); err == nil {
		t.Error("an alias bomb reads")
	}
}

func TestReadFrameworkTellsWhatAFileIsNot(t *testing.T) {
	cases := map[string]struct{ name, data, want string }{
		"empty":       {"x.yaml", "  \n", "x.yaml: is empty"},
		"neither":     {"x.yaml", "title: hello\n", "x.yaml:1:1: is neither a framework in the custom format (top-level key framework:) nor an OSCAL catalog or profile (top-level key catalog: or profile:)"},
		"bad yaml":    {"x.yaml", "framework:\n  key: [\n", "x.yaml:2: invalid YAML: did not find expected node content"},
		"xls":         {"old.xls", "whatever", "old.xls: old Excel workbooks (.xls) cannot be read; save the file as .xlsx or .csv"},
		"broken xlsx": {"x.xlsx", "PK\x03\x04 not really", "x.xlsx: is not a readable .xlsx workbook: zip: not a valid zip file"},
	}
	for name, c := range cases {
		_, err := ReadFramework(c.name, []byte(c.data), ReadOptions{})
		checkError(t, name, err, c.want)
	}
}

// checkError checks that err is an *Error, Invalid, with the text want.
func checkError(t *testing.T, name string, err error, want string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%s: error is %T %v, not *Error", name, err, err)
		return
	}
	if isms.ErrorCode(err) != isms.Invalid {
		t.Errorf("%s: code %s", name, isms.ErrorCode(err))
	}
	if err.Error() != want {
		t.Errorf("%s:\n got %s\nwant %s", name, err, want)
	}
}

// sha256Hex is the hex SHA-256 of data.
func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// csvRecords reads every record of a CSV file.
func csvRecords(t *testing.T, file string) [][]string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// workbook builds an .xlsx file with the sheets, in the order given.
func workbook(t *testing.T, sheets map[string][][]string, order ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range order {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sheets[name] {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellStr(name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// readNISTFile reads one of NIST's SP 800-53 ↔ ISO/IEC 27001:2013 CSVs.
func readNISTFile(t *testing.T, file string) *MappingFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dataDir(t, "mappings"), file))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	m, err := readNISTMappingCSV(file, rows)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// relCounts counts entries by relationship.
func relCounts(es []MappingEntry) map[isms.Relationship]int {
	n := map[isms.Relationship]int{}
	for _, e := range es {
		n[e.Relationship]++
	}
	return n
}

// TestReadNISTMappingCSV reads both of NIST's files.
func TestReadNISTMappingCSV(t *testing.T) {
	fwd := readNISTFile(t, "nist-sp800-53r5_to_iso27001-2013.csv")
	t.Logf("800-53 → ISO 2013: %d entries %v", len(fwd.Entries), relCounts(fwd.Entries))
	if fwd.SourceKey != "" || fwd.TargetKey != "" || !strings.HasPrefix(fwd.Name, "NIST SP 800-53") {
		t.Errorf("set %+v", fwd)
	}
	// 738 data rows: 138 controls NIST maps to nothing, 23 withdrawn ones
	// ("---"), one row with two references (IR-1); 37 partial.
	if len(fwd.Entries) != 738-138-23+1 || relCounts(fwd.Entries)[isms.RelIntersects] != 37 {
		t.Errorf("%d entries, want 578 with 37 partial", len(fwd.Entries))
	}
	for _, want := range [][2]string{{"IR-1", "A.12.1.1"}, {"IR-1", "A.18.1.1"}, {"SC-38", "A.12"}} {
		if findEntry(fwd, want[0], want[1]) == nil {
			t.Errorf("no entry %s → %s", want[0], want[1])
		}
	}
	if e := fwd.Entries[0]; e.SourceRef != "AC-1" || e.TargetRef != "5.2" || e.Relationship != isms.RelEqual || e.Line != 2 {
		t.Errorf("first entry %+v", e)
	}

	rev := readNISTFile(t, "iso27001-2013_to_nist-sp800-53r5.csv")
	t.Logf("ISO 2013 → 800-53: %d entries %v", len(rev.Entries), relCounts(rev.Entries))
	var policy []string
	for _, e := range rev.Entries {
		if e.SourceRef == "A.5.1.1" && strings.HasSuffix(e.TargetRef, "-1") {
			policy = append(policy, e.TargetRef)
		}
		if e.SourceRef == "" || e.TargetRef == "" || strings.Contains(strings.ToLower(e.TargetRef), "all") {
			t.Errorf("entry %+v", e)
		}
	}
	if findEntry(rev, "A.8.2.3", "PE-20") == nil {
		t.Error(`"PE- 20" is not read as PE-20`)
	}
	if len(policy) != 20 || !slices.Contains(policy, "PT-1") || !slices.Contains(policy, "SR-1") {
		t.Errorf("All XX-1 controls of A.5.1.1 expanded to %v", policy)
	}

	for _, c := range []struct{ name, csv, want string }{
		{"bad-header.csv", "a,b,c\n", "lacks nist_control"},
		{"bad-partial.csv", "nist_control,nist_title,iso27001_2013_ref,partial\nAC-1,x,5.2,maybe\n", "bad-partial.csv:2:4: row 2, column partial"},
	} {
		rows, _ := csv.NewReader(strings.NewReader(c.csv)).ReadAll()
		_, err := readNISTMappingCSV(c.name, rows)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// TestComposeISO2022 carries NIST's 800-53 → ISO 2013 mapping over to
// ISO 2022: Annex A rows through the built-in mapping, clause rows by
// number with 10.1 and 10.2 swapped.
func TestComposeISO2022(t *testing.T) {
	m := readNISTFile(t, "nist-sp800-53r5_to_iso27001-2013.csv")
	c, err := ComposeISO2022(m)
	if err != nil {
		t.Fatal(err)
	}
	if c.SourceKey != "" || c.TargetKey != KeyISO2022 || c.Origin != isms.MappingComposed || !strings.Contains(c.Name, "ISO/IEC 27001:2022") {
		t.Errorf("set %+v", c)
	}
	cur, _ := Builtin(KeyISO2022)
	next := successors2013()
	expected := map[[2]string]bool{}
	annex, clause := 0, 0
	for _, e := range m.Entries {
		if strings.HasPrefix(e.TargetRef, "A.") {
			annex++
			for _, h := range next[e.TargetRef] {
				expected[[2]string{e.SourceRef, h.TargetRef}] = true
			}
			continue
		}
		clause++
		to := e.TargetRef
		switch to {
		case "10.1":
			to = "10.2"
		case "10.2":
			to = "10.1"
		}
		expected[[2]string{e.SourceRef, to}] = true
	}
	targets := map[string]bool{}
	for _, e := range c.Entries {
		if !expected[[2]string{e.SourceRef, e.TargetRef}] {
			t.Errorf("unexpected %s → %s", e.SourceRef, e.TargetRef)
		}
		delete(expected, [2]string{e.SourceRef, e.TargetRef})
		if r := findRef(cur, e.TargetRef); r == nil {
			t.Errorf("%s is not in ISO 2022", e.TargetRef)
		}
		if !e.Composed || !strings.HasSuffix(e.Via, "(ISO/IEC 27001:2013)") || e.Line == 0 {
			t.Errorf("entry %+v", e)
		}
		targets[e.TargetRef] = true
	}
	if len(expected) > 0 {
		t.Errorf("missing %v", expected)
	}
	if e := findEntry(c, "AC-1", "10.1"); e != nil {
		t.Errorf("AC-1 → 10.1: %+v (NIST maps AC-1 to no clause 10)", e)
	}
	t.Logf("800-53 → ISO 2013: %d entries (%d Annex A, %d clauses); → ISO 2022: %d entries %v, %d distinct 2022 requirements",
		len(m.Entries), annex, clause, len(c.Entries), relCounts(c.Entries), len(targets))

	rev := readNISTFile(t, "iso27001-2013_to_nist-sp800-53r5.csv")
	back, err := ComposeISO2022(rev)
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]bool{}
	for _, e := range back.Entries {
		if findRef(cur, e.SourceRef) == nil || !e.Composed {
			t.Errorf("entry %+v", e)
		}
		sources[e.SourceRef] = true
	}
	if back.SourceKey != KeyISO2022 {
		t.Errorf("set %+v", back)
	}
	t.Logf("ISO 2013 → 800-53: %d entries; ISO 2022 → 800-53: %d entries %v from %d distinct 2022 requirements",
		len(rev.Entries), len(back.Entries), relCounts(back.Entries), len(sources))
}

// TestComposeISO2022Source composes the other direction (ISO 2013 is the
// source) and checks relationships and the clause swap.
func TestComposeISO2022Source(t *testing.T) {
	m := &MappingFile{Name: "ISO/IEC 27001:2013 → X", Entries: []MappingEntry{
		{SourceRef: "A.9.2.1", TargetRef: "X-1", Relationship: isms.RelEqual, Line: 2},
		{SourceRef: "A.18.2.3", TargetRef: "X-2", Relationship: isms.RelSubset, Line: 3},
		{SourceRef: "A.5.1.1", TargetRef: "X-3", Relationship: isms.RelSubset, Line: 4},
		{SourceRef: "A.5.1.2", TargetRef: "X-3", Relationship: isms.RelSubset, Line: 5},
		{SourceRef: "10.1", TargetRef: "X-4", Relationship: isms.RelIntersects, Line: 6},
	}}
	c, err := ComposeISO2022(m)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range c.Entries {
		got = append(got, e.SourceRef+" "+string(e.Relationship)+" "+e.TargetRef+" via "+e.Via)
	}
	want := []string{
		"A.5.16 equal X-1 via A.9.2.1 (ISO/IEC 27001:2013)",
		"A.5.36 intersects X-2 via A.18.2.3 (ISO/IEC 27001:2013)",
		"A.8.8 intersects X-2 via A.18.2.3 (ISO/IEC 27001:2013)",
		"A.5.1 intersects X-3 via A.5.1.1 (ISO/IEC 27001:2013); A.5.1.2 (ISO/IEC 27001:2013)",
		"10.2 intersects X-4 via 10.1 (ISO/IEC 27001:2013)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("composed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c.SourceKey != KeyISO2022 || c.Name != "ISO/IEC 27001:2022 → X" {
		t.Errorf("set %+v", c)
	}

	bad := &MappingFile{Name: "bad", TargetKey: KeyISO2013, Entries: []MappingEntry{{SourceRef: "X", TargetRef: "A.19.1.1", Line: 7}}}
	if _, err := ComposeISO2022(bad); err == nil || !strings.Contains(err.Error(), "bad:7: A.19.1.1 is not a clause or Annex A control") {
		t.Errorf("error %v", err)
	}
	unclear := &MappingFile{Name: "unclear", Entries: []MappingEntry{{SourceRef: "X", TargetRef: "Y"}}}
	if _, err := ComposeISO2022(unclear); err == nil || !strings.Contains(err.Error(), "cannot tell which side") {
		t.Errorf("error %v", err)
	}
}

// findEntry returns the entry relating source to target, or nil.
func findEntry(m *MappingFile, source, target string) *MappingEntry {
	for i := range m.Entries {
		if m.Entries[i].SourceRef == source && m.Entries[i].TargetRef == target {
			return &m.Entries[i]
		}
	}
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"fmt"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// nist80053Families are the twenty control families of SP 800-53
// Revision 5, whose "-1" controls are the policy and procedures controls.
var nist80053Families = []string{
	"AC", "AT", "AU", "CA", "CM", "CP", "IA", "IR", "MA", "MP",
	"PE", "PL", "PM", "PS", "PT", "RA", "SA", "SC", "SI", "SR",
}

// allPolicyControls is how NIST's mapping writes "every -1 control".
const allPolicyControls = "all xx-1 controls"

// nistColumns are the columns of NIST's SP 800-53 ↔ ISO/IEC 27001:2013
// CSV, found in its header.
type nistColumns struct{ nist, iso, partial int }

// readNISTMappingCSV reads NIST's mapping between SP 800-53 Revision 5 and
// ISO/IEC 27001:2013, in either direction: the header is
// nist_control,nist_title,iso27001_2013_ref,partial (800-53 → ISO) or
// iso27001_2013_ref,nist_control,partial (ISO → 800-53). rows holds the
// header first; a row's Line is its line in the file. "All XX-1
// controls" stands for the -1 control of every family; partial "yes"
// (NIST's asterisk) makes the relationship intersects, else equal. Rows
// without a counterpart (a control NIST maps to nothing) are skipped,
// and a pair written twice is kept once.
// The framework keys are left for the importer to choose.
func readNISTMappingCSV(name string, rows [][]string) (*MappingFile, error) {
	if len(rows) == 0 {
		return nil, errorf(name, position{}, "", "is empty")
	}
	cols, err := nistHeader(name, rows[0])
	if err != nil {
		return nil, err
	}
	nistFirst := cols.nist < cols.iso
	m := nistMappingFile(name, nistFirst)
	var ps problems
	for i, row := range rows[1:] {
		line := i + 2
		nist, iso, partial := cell(row, cols.nist), cell(row, cols.iso), cell(row, cols.partial)
		if nist == "" && iso == "" && partial == "" {
			continue
		}
		rel := isms.RelEqual
		switch strings.ToLower(partial) {
		case "":
		case "yes", "y", "*", "true", "partial":
			rel = isms.RelIntersects
		default:
			ps.add(Problem{File: name, Line: line, Column: cols.partial + 1, Message: fmt.Sprintf(
				"row %d, column partial: %q is neither yes nor empty", line, partial)})
			continue
		}
		for _, ctl := range expandNISTControls(nist) {
			for _, ref := range isoRefs(iso) {
				e := MappingEntry{SourceRef: ctl, TargetRef: ref, Relationship: rel, Line: line}
				if !nistFirst {
					e.SourceRef, e.TargetRef = ref, ctl
				}
				m.Entries = append(m.Entries, e)
			}
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	if len(m.Entries) == 0 {
		return nil, errorf(name, position{line: 2}, "", "holds no mappings")
	}
	m.Entries = mergeEntries(m.Entries)
	return m, nil
}

// nistMappingFile names the mapping set of NIST's file in its direction.
func nistMappingFile(name string, nistFirst bool) *MappingFile {
	if nistFirst {
		return &MappingFile{Origin: isms.MappingImported, Name: "NIST SP 800-53 Rev. 5 → ISO/IEC 27001:2013",
			Description: "NIST's mapping of SP 800-53 Revision 5 controls to ISO/IEC 27001:2013, read from " + fileBaseName(name) + "."}
	}
	return &MappingFile{Origin: isms.MappingImported, Name: "ISO/IEC 27001:2013 → NIST SP 800-53 Rev. 5",
		Description: "NIST's mapping of ISO/IEC 27001:2013 to SP 800-53 Revision 5 controls, read from " + fileBaseName(name) + "."}
}

// nistHeader finds the columns of NIST's CSV.
func nistHeader(name string, header []string) (nistColumns, error) {
	cols := nistColumns{-1, -1, -1}
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "nist_control":
			cols.nist = i
		case "iso27001_2013_ref":
			cols.iso = i
		case "partial":
			cols.partial = i
		}
	}
	if cols.nist < 0 || cols.iso < 0 || cols.partial < 0 {
		return cols, errorf(name, position{line: 1, col: 1}, "", "header %q lacks nist_control, iso27001_2013_ref or partial: "+
			"expected nist_control,nist_title,iso27001_2013_ref,partial or iso27001_2013_ref,nist_control,partial",
			strings.Join(header, ","))
	}
	return cols, nil
}

// isoRefs splits the ISO column: "---" (a withdrawn control) is none,
// references may be separated by spaces or commas ("A.12.1.1 A.18.1.1"),
// and "A.12.x" is the domain A.12.
func isoRefs(v string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == ';' }) {
		if strings.Trim(f, "-") == "" {
			continue
		}
		out = append(out, strings.TrimSuffix(strings.TrimSuffix(f, ".x"), ".X"))
	}
	return out
}

// cell returns column i of a row, trimmed ("" when the row is short).
func cell(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// expandNISTControls turns "All XX-1 controls" into the -1 control of
// every family; any other value is one control, with stray spaces
// removed ("PE- 20"). SP 800-53 rev4's "Appendix J Privacy controls",
// which rev5 spread over its families, has no counterpart: none.
func expandNISTControls(v string) []string {
	lower := strings.ToLower(v)
	switch {
	case v == "":
		return nil
	case strings.HasPrefix(lower, "appendix "):
		return nil
	case lower != allPolicyControls:
		return []string{strings.Join(strings.Fields(v), "")}
	}
	out := make([]string, len(nist80053Families))
	for i, f := range nist80053Families {
		out[i] = f + "-1"
	}
	return out
}

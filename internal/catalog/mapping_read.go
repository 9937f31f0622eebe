// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ismsproject/isms/internal/isms"
)

// ReadMappings reads a set of mappings from a file: our YAML format (a
// top-level mapping: key), our CSV format (header
// source_ref,target_ref,relationship,strength,rationale), NIST's CSV of
// SP 800-53 ↔ ISO/IEC 27001:2013 (header nist_control,… or
// iso27001_2013_ref,…) or an OSCAL mapping collection in JSON. The format
// is told by the content (and the .csv extension). Every error is an
// *Error naming name.
func ReadMappings(name string, data []byte) (*MappingFile, error) {
	m, err := readMappings(name, data)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, err
		}
		return nil, errorf(name, position{}, "", "%v", err)
	}
	return m, nil
}

// readMappings picks the reader for the file.
func readMappings(name string, data []byte) (*MappingFile, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errorf(name, position{}, "", "is empty")
	}
	if DetectFormat(data) == FormatJSON {
		if !bytes.Contains(data, []byte(`"mapping-collection"`)) {
			return nil, errorf(name, position{}, "", "a JSON mapping file must be an OSCAL mapping collection (top-level \"mapping-collection\")")
		}
		return readOSCALMapping(name, data)
	}
	if err := checkCustomSize(name, data); err != nil {
		return nil, err
	}
	first := csvFirstField(data)
	switch {
	case first == "nist_control" || first == "iso27001_2013_ref":
		rows, err := readCSVRows(name, data)
		if err != nil {
			return nil, err
		}
		return readNISTMappingCSV(name, rows)
	case first == "source_ref" || strings.EqualFold(path.Ext(fileBaseName(name)), ".csv"):
		return readMappingCSV(name, data)
	}
	root, err := parseYAMLNode(name, data)
	if err != nil {
		return nil, err
	}
	keys := topKeys(root)
	switch {
	case keys["mapping"] || keys["entries"]:
		return readMappingYAML(name, root, len(data))
	case keys["mapping-collection"]:
		return readOSCALMapping(name, data)
	}
	return nil, errorf(name, position{line: 1, col: 1}, "", "is not a mapping file: expected a YAML file with mapping: and entries:, "+
		"a CSV file with the header source_ref,target_ref,relationship,strength,rationale, NIST's SP 800-53 ↔ ISO/IEC 27001 CSV "+
		"or an OSCAL mapping collection (JSON)")
}

// readCSVRows reads every record of a CSV file.
func readCSVRows(name string, data []byte) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, newError(Problem{File: name, Line: pe.Line, Column: pe.Column, Message: pe.Err.Error()})
			}
			return nil, errorf(name, position{}, "", "%v", err)
		}
		if len(rows) > maxCustomRows {
			return nil, errorf(name, position{}, "", "has more than %d rows", maxCustomRows)
		}
		rows = append(rows, rec)
	}
}

// readMappingYAML reads our YAML mapping format.
func readMappingYAML(name string, root *yaml.Node, size int) (*MappingFile, error) {
	y := &yamlReader{d: newDraft(name), budget: size + 1000}
	m := &MappingFile{Origin: isms.MappingImported}
	top := root
	if top.Kind == yaml.DocumentNode && len(top.Content) > 0 {
		top = top.Content[0]
	}
	var sources []place
	for _, f := range y.fields(top, "the file", "mapping", "entries") {
		switch f.key {
		case "mapping":
			y.mappingHeader(f.v, m)
		case "entries":
			for _, e := range y.sequence(f.v, "entries") {
				if len(m.Entries) >= maxCustomRows {
					y.d.add(nodeAt(e), "the file has more than %d entries", maxCustomRows)
					break
				}
				entry, src := y.entry(e)
				m.Entries = append(m.Entries, entry)
				sources = append(sources, src)
			}
		}
	}
	return finishMappingFile(y.d, m, sources, place{line: 1, col: 1})
}

// mappingHeader reads the mapping: block of a mapping file.
func (y *yamlReader) mappingHeader(n *yaml.Node, m *MappingFile) {
	for _, f := range y.fields(n, "mapping", "name", "source", "target", "description") {
		v := y.text(f.v, f.key)
		switch f.key {
		case "name":
			m.Name = v
		case "source":
			m.SourceKey = v
			y.checkKey(v, f.v)
		case "target":
			m.TargetKey = v
			y.checkKey(v, f.v)
		case "description":
			m.Description = v
		}
	}
}

// checkKey reports a framework key that cannot be one.
func (y *yamlReader) checkKey(key string, n *yaml.Node) {
	if key != "" && !frameworkKey.MatchString(key) {
		y.d.add(nodeAt(n), "framework key %q must be lower-case letters, digits, dots and hyphens", key)
	}
}

// readMappingCSV reads our CSV mapping format.
func readMappingCSV(name string, data []byte) (*MappingFile, error) {
	t, err := readCSVTable(name, data)
	if err != nil {
		return nil, err
	}
	d := newDraft(name)
	m := &MappingFile{Origin: isms.MappingImported}
	for _, r := range t.meta {
		switch r.key {
		case "name":
			m.Name = r.value
		case "description":
			m.Description = r.value
		case "source", "target":
			if r.value != "" && !frameworkKey.MatchString(r.value) {
				d.add(r.at, "framework key %q must be lower-case letters, digits, dots and hyphens", r.value)
			}
			if r.key == "source" {
				m.SourceKey = r.value
			} else {
				m.TargetKey = r.value
			}
		default:
			d.add(r.at, "unknown field %q (expected source, target, name or description)", r.key)
		}
	}
	if t.header == nil {
		d.add(place{}, "has no header row (source_ref,target_ref,relationship,strength,rationale)")
		return nil, d.ps.err()
	}
	cols := mappingColumns(d, t)
	var sources []place
	for _, row := range t.rows {
		e, src := mappingRow(d, t, row, cols)
		m.Entries = append(m.Entries, e)
		sources = append(sources, src)
	}
	return finishMappingFile(d, m, sources, place{line: 1})
}

// mappingColumnNames are the columns of our CSV mapping format.
var mappingColumnNames = []string{"source_ref", "target_ref", "relationship", "strength", "rationale"}

// mappingColumns maps the header: the index of each column, -1 if absent.
func mappingColumns(d *draft, t *table) []int {
	cols := []int{-1, -1, -1, -1, -1}
	for i, h := range t.header {
		h = strings.ToLower(strings.TrimSpace(h))
		k := -1
		for j, n := range mappingColumnNames {
			if n == h {
				k = j
			}
		}
		switch {
		case k < 0 && h != "":
			d.add(t.cell(t.headerLine, i), "unknown column %q (expected %s)", h, strings.Join(mappingColumnNames, ", "))
		case k >= 0 && cols[k] >= 0:
			d.add(t.cell(t.headerLine, i), "column %q appears twice", h)
		case k >= 0:
			cols[k] = i
		}
	}
	for _, k := range []int{0, 1, 2} {
		if cols[k] < 0 {
			d.add(t.row(t.headerLine), "the header has no %s column", mappingColumnNames[k])
		}
	}
	return cols
}

// mappingRow reads one CSV mapping row.
func mappingRow(d *draft, t *table, row tableRow, cols []int) (MappingEntry, place) {
	get := func(k int) string {
		if c := cols[k]; c >= 0 && c < len(row.cells) {
			return strings.TrimSpace(row.cells[c])
		}
		return ""
	}
	e := MappingEntry{SourceRef: get(0), TargetRef: get(1), Rationale: get(4), Line: row.line}
	if e.SourceRef == "" && cols[0] >= 0 {
		d.add(t.cell(row.line, cols[0]), "source_ref is required")
	}
	if e.TargetRef == "" && cols[1] >= 0 {
		d.add(t.cell(row.line, cols[1]), "target_ref is required")
	}
	if cols[2] >= 0 {
		rel, ok := parseRelationship(get(2))
		if !ok {
			d.add(t.cell(row.line, cols[2]), "relationship %q must be one of %s", get(2), relationshipNames())
		}
		e.Relationship = rel
	}
	s, ok := parseStrength(get(3))
	if !ok {
		d.add(t.cell(row.line, cols[3]), "strength %q must be a whole number from 1 to 10", get(3))
	}
	e.Strength = s
	return e, t.cell(row.line, cols[0])
}

// finishMappingFile checks a mapping file as a whole: it has entries and
// no pair twice.
func finishMappingFile(d *draft, m *MappingFile, sources []place, top place) (*MappingFile, error) {
	if len(m.Entries) == 0 {
		d.add(top, "has no mapping entries")
	}
	checkDuplicateEntries(d, m.Entries, sources)
	if err := d.err(); err != nil {
		return nil, err
	}
	if m.Name == "" {
		m.Name = strings.TrimSuffix(fileBaseName(d.file), path.Ext(d.file))
	}
	return m, nil
}

// checkDuplicateEntries reports a source and target related twice.
func checkDuplicateEntries(d *draft, entries []MappingEntry, sources []place) {
	seen := make(map[[2]string]int, len(entries))
	for i, e := range entries {
		k := [2]string{e.SourceRef, e.TargetRef}
		if e.SourceRef == "" || e.TargetRef == "" {
			continue
		}
		if j, dup := seen[k]; dup {
			d.add(sources[i], "%s → %s is mapped twice (first at %s)", e.SourceRef, e.TargetRef, sources[j])
			continue
		}
		seen[k] = i
	}
}

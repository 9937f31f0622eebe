// SPDX-License-Identifier: Apache-2.0

package catalog

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ismsproject/isms/internal/isms"
)

// table is a CSV file or a worksheet: metadata rows ("# key: value"), a
// header row and data rows, with a way to name where each cell is.
type table struct {
	meta       []metaRow
	header     []string
	headerLine int
	rows       []tableRow
	// cell names a cell: column index col (0-based) of the row at line.
	cell func(line, col int) place
	// row names a whole row.
	row func(line int) place
}

// metaRow is one "key: value" row.
type metaRow struct {
	key, value string
	at         place
}

// tableRow is a data row and its line (CSV) or row number (XLSX).
type tableRow struct {
	cells []string
	line  int
}

// metaKey is the key of a "# key: value" row; "attr:priority" declares an
// attribute. A # row whose text before the colon is not such a key is a
// comment.
var metaKey = regexp.MustCompile(`^(?i:attr:[^:\s]+|[a-z][a-z0-9_-]*)$`)

// parseMeta reads "# key: value" (the # already removed); ok is false for
// a comment.
func parseMeta(s string) (key, value string, ok bool) {
	s = strings.TrimSpace(s)
	i := strings.IndexByte(s, ':')
	if i > 0 && strings.EqualFold(s[:i], "attr") {
		if j := strings.IndexByte(s[i+1:], ':'); j >= 0 {
			i += 1 + j
		}
	}
	if i <= 0 || !metaKey.MatchString(s[:i]) {
		return "", "", false
	}
	return strings.ToLower(s[:i]), strings.TrimSpace(s[i+1:]), true
}

// readCustomCSV reads a framework in the custom CSV format.
func readCustomCSV(name string, data []byte, key string) (*Framework, error) {
	t, err := readCSVTable(name, data)
	if err != nil {
		return nil, err
	}
	d := newDraft(name)
	tableToDraft(d, t)
	fw, err := d.build(key)
	if err != nil {
		return nil, err
	}
	fw.Meta.Source = isms.SourceCSV
	return fw, nil
}

// readCSVTable splits a CSV file into metadata, header and rows. Leading
// lines starting with # are metadata (or comments); # rows after the
// header are comments. The separator is a comma, or a semicolon or tab
// when the header has those and no comma.
func readCSVTable(name string, data []byte) (*table, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, errorf(name, position{line: isms.InvalidUTF8Line(data)}, "", "is not UTF-8 text; save the file as CSV UTF-8")
	}
	t := &table{}
	offset := 0
	for len(data) > 0 && data[0] == '#' {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		offset++
		text := strings.TrimRight(strings.TrimRight(string(line[1:]), "\r \t"), ",;\t")
		if k, v, ok := parseMeta(text); ok {
			t.meta = append(t.meta, metaRow{key: k, value: v, at: place{line: offset}})
		}
	}
	t.cell = func(line, col int) place {
		if col < 0 {
			return place{line: line}
		}
		if col < len(t.header) {
			return place{line: line, prefix: "column " + strings.TrimSpace(t.header[col]) + ": "}
		}
		return place{line: line, prefix: fmt.Sprintf("column %d: ", col+1)}
	}
	t.row = func(line int) place { return place{line: line} }
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.Comma = csvSeparator(data)
	return t, t.readRecords(name, r, offset)
}

// csvSeparator guesses the separator from the header: the first record
// that is not blank and does not start with #.
func csvSeparator(data []byte) rune {
	inQuotes, start := false, 0
	for i := 0; i <= len(data); i++ {
		if i < len(data) && data[i] == '"' {
			inQuotes = !inQuotes
		}
		if i < len(data) && (data[i] != '\n' || inQuotes) {
			continue
		}
		line := bytes.TrimSpace(data[start:i])
		start = i + 1
		if len(line) == 0 || line[0] == '#' || bytes.HasPrefix(line, []byte(`"#`)) {
			continue
		}
		switch {
		case bytes.IndexByte(line, ',') >= 0:
			return ','
		case bytes.IndexByte(line, ';') >= 0:
			return ';'
		case bytes.IndexByte(line, '\t') >= 0:
			return '\t'
		}
		return ','
	}
	return ','
}

// readRecords reads the records after the leading # lines.
func (t *table) readRecords(name string, r *csv.Reader, offset int) error {
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return newError(Problem{File: name, Line: pe.Line + offset, Column: pe.Column, Message: pe.Err.Error()})
			}
			return errorf(name, position{}, "", "%v", err)
		}
		line, _ := r.FieldPos(0)
		line += offset
		first := strings.TrimSpace(rec[0])
		switch {
		case strings.HasPrefix(first, "#"):
			if t.header == nil {
				t.addMeta(strings.Join(trimBlankTail(rec), string(r.Comma)), line)
			}
		case t.header == nil:
			if !blankRow(rec) {
				t.header, t.headerLine = rec, line
			}
		case blankRow(rec):
		case len(t.rows) >= maxCustomRows:
			return errorf(name, position{line: line}, "", "has more than %d rows", maxCustomRows)
		default:
			t.rows = append(t.rows, tableRow{cells: rec, line: line})
		}
	}
}

// addMeta records a "# key: value" cell.
func (t *table) addMeta(cell string, line int) {
	cell = strings.TrimPrefix(strings.TrimSpace(cell), "#")
	if k, v, ok := parseMeta(cell); ok {
		t.meta = append(t.meta, metaRow{key: k, value: v, at: t.row(line)})
	}
}

// trimBlankTail drops the blank cells at the end of rec.
func trimBlankTail(rec []string) []string {
	for len(rec) > 1 && strings.TrimSpace(rec[len(rec)-1]) == "" {
		rec = rec[:len(rec)-1]
	}
	return rec
}

// blankRow reports whether every cell of rec is blank.
func blankRow(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// The columns of the custom CSV and XLSX formats.
const (
	colRef = iota
	colParent
	colKind
	colTitle
	colDescription
	colAssessable
)

// columnNames are the fixed columns, by index.
var columnNames = []string{"ref", "parent", "kind", "title", "description", "assessable"}

// tableToDraft reads a table into a draft.
func tableToDraft(d *draft, t *table) {
	d.at = t.row(1)
	tableMeta(d, t)
	if t.header == nil {
		d.add(t.row(0), "has no header row (ref,parent,kind,title,description,assessable,attr:<name>…)")
		return
	}
	cols, attrs := tableHeader(d, t)
	if cols[colRef] < 0 {
		return
	}
	for _, row := range t.rows {
		d.requirements = append(d.requirements, tableRequirement(d, t, row, cols, attrs))
	}
}

// tableMeta reads the metadata rows.
func tableMeta(d *draft, t *table) {
	for _, m := range t.meta {
		if name, ok := strings.CutPrefix(m.key, "attr:"); ok {
			if !d.declaredSet {
				d.declaredSet, d.declared = true, map[string][]string{}
			}
			d.declared[name] = splitValues(m.value)
			continue
		}
		d.metaAt[m.key] = m.at
		switch m.key {
		case "key":
			d.meta.Key = m.value
		case "name":
			d.meta.Name = m.value
		case "edition":
			d.meta.Edition = m.value
		case "publisher":
			d.meta.Publisher = m.value
		case "description":
			d.meta.Description = m.value
		default:
			d.add(m.at, "unknown framework field %q (expected key, name, edition, publisher, description or attr:<name>)", m.key)
		}
	}
}

// attrColumn is an attribute column: its index and attribute name.
type attrColumn struct {
	index int
	name  string
}

// tableHeader maps the header's columns: the index of each fixed column
// (-1 when absent) and the attribute columns.
func tableHeader(d *draft, t *table) ([]int, []attrColumn) {
	cols := []int{-1, -1, -1, -1, -1, -1}
	var attrs []attrColumn
	seen := map[string]int{}
	for i, h := range t.header {
		h = strings.TrimSpace(h)
		lower := strings.ToLower(h)
		if j, dup := seen[lower]; dup {
			d.add(t.cell(t.headerLine, i), "column %q appears twice (also column %d)", h, j+1)
			continue
		}
		seen[lower] = i
		if name, ok := strings.CutPrefix(lower, "attr:"); ok {
			if name == "" {
				d.add(t.cell(t.headerLine, i), "attribute column needs a name (attr:<name>)")
				continue
			}
			attrs = append(attrs, attrColumn{i, strings.TrimSpace(h[len("attr:"):])})
			continue
		}
		if k := slices.Index(columnNames, lower); k >= 0 {
			cols[k] = i
		} else if h != "" {
			d.add(t.cell(t.headerLine, i), "unknown column %q (expected ref, parent, kind, title, description, assessable or attr:<name>)", h)
		}
	}
	if cols[colRef] < 0 {
		d.add(t.row(t.headerLine), "the header has no ref column (ref,parent,kind,title,description,assessable,attr:<name>…)")
	}
	return cols, attrs
}

// tableRequirement reads one data row.
func tableRequirement(d *draft, t *table, row tableRow, cols []int, attrs []attrColumn) *draftRequirement {
	get := func(c int) string {
		if c < 0 || c >= len(row.cells) {
			return ""
		}
		return strings.TrimSpace(row.cells[c])
	}
	r := &draftRequirement{at: t.cell(row.line, cols[colRef]), parentAt: t.cell(row.line, cols[colParent]), attrAt: map[string]place{}}
	r.req.Ref, r.req.ParentRef = get(cols[colRef]), get(cols[colParent])
	r.req.Title, r.req.Description = get(cols[colTitle]), get(cols[colDescription])
	if k := get(cols[colKind]); k != "" {
		r.req.Kind, r.kindSet = isms.RequirementKind(strings.ToLower(k)), true
		if !r.req.Kind.Valid() {
			d.add(t.cell(row.line, cols[colKind]), "kind %q must be group, clause, control or enhancement", k)
			r.kindSet = false
		}
	}
	if a := get(cols[colAssessable]); a != "" {
		b, ok := parseYesNo(a)
		if !ok {
			d.add(t.cell(row.line, cols[colAssessable]), "%q must be yes or no", a)
		}
		r.req.Assessable, r.assessableSet = b, ok
	}
	for _, a := range attrs {
		if vs := splitValues(get(a.index)); len(vs) > 0 {
			if r.req.Attributes == nil {
				r.req.Attributes = isms.Attributes{}
			}
			r.req.Attributes[a.name] = vs
			r.attrAt[a.name] = t.cell(row.line, a.index)
		}
	}
	for i := len(t.header); i < len(row.cells); i++ {
		if strings.TrimSpace(row.cells[i]) != "" {
			d.add(t.cell(row.line, i), "has a value but no column header")
			break
		}
	}
	return r
}

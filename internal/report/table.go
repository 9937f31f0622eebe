// SPDX-License-Identifier: Apache-2.0

package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// Table is a list exported as people see it: a title, column headings,
// rows of text and facts about the export (filters, time, audit head).
type Table struct {
	Title   string
	Columns []string
	Rows    [][]string
	// Meta are label/value pairs describing the export, such as the filters
	// applied and the audit trail's head hash at export time.
	Meta [][2]string
	// Wrap, when set, wraps the text of the XLSX's cells (aligned to the
	// top) and keeps its columns narrower, for tables of long texts.
	Wrap bool
}

// WriteCSV writes t as CSV: the heading row, the rows (cells that would be
// read as formulas are defused), then a blank row and one "label,value" row
// per Meta pair, so a reader sees what was exported.
func WriteCSV(w io.Writer, t *Table) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	for _, r := range t.Rows {
		if err := cw.Write(defuse(r)); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	if len(t.Meta) > 0 {
		cw.Write(nil)
		for _, m := range t.Meta {
			cw.Write([]string{m[0], m[1]})
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse prefixes with an apostrophe every cell that a spreadsheet would
// read as a formula (starting with =, +, -, @, tab or carriage return), so
// that an exported value can never run in the reader's spreadsheet.
func defuse(row []string) []string {
	out := make([]string, len(row))
	for i, v := range row {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			v = "'" + v
		}
		out[i] = v
	}
	return out
}

// WriteXLSX writes t as an XLSX workbook: a sheet with the table (bold,
// frozen heading row, filter buttons, widths fitted to the content) and a
// sheet "About" with the Meta pairs.
func WriteXLSX(w io.Writer, t *Table) error {
	b := newWorkbook()
	defer b.close()
	if err := b.addTable(sheetName(t.Title), t); err != nil {
		return err
	}
	if len(t.Meta) > 0 {
		if err := b.addPairs("About", t.Meta, false); err != nil {
			return err
		}
	}
	return b.write(w)
}

// WriteXLSXSheets writes tables as one XLSX workbook, a sheet per table
// as WriteXLSX writes it (named after its Title), then a sheet "About"
// with the first table's Meta pairs.
func WriteXLSXSheets(w io.Writer, tables ...*Table) error {
	b := newWorkbook()
	defer b.close()
	for _, t := range tables {
		if err := b.addTable(sheetName(t.Title), t); err != nil {
			return err
		}
	}
	if len(tables) > 0 && len(tables[0].Meta) > 0 {
		if err := b.addPairs("About", tables[0].Meta, false); err != nil {
			return err
		}
	}
	return b.write(w)
}

// xlsxWidths fits each column to its longest text, from 8 characters up
// to 60, or 45 when the text wraps.
func xlsxWidths(t *Table) []float64 {
	widest := 60
	if t.Wrap {
		widest = 45
	}
	chars := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		chars[i] = len(c)
	}
	for _, r := range t.Rows {
		for i, v := range r {
			if i < len(chars) && len(v) > chars[i] {
				chars[i] = len(v)
			}
		}
	}
	widths := make([]float64, len(chars))
	for i, n := range chars {
		widths[i] = float64(min(max(n, 8), widest) + 2)
	}
	return widths
}

// sheetName makes a title usable as a sheet name (at most 31 characters,
// none of : \ / ? * [ ]).
func sheetName(title string) string {
	out := []rune{}
	for _, r := range title {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']':
			r = ' '
		}
		out = append(out, r)
		if len(out) == 31 {
			break
		}
	}
	if len(out) == 0 {
		return "Export"
	}
	return string(out)
}

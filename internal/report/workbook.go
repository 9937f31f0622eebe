// SPDX-License-Identifier: Apache-2.0

package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// A workbook is an XLSX file of several sheets, each either a table (a
// bold, frozen heading row with filter buttons over rows of text) or a
// list of label/value pairs. Every value is written as a string cell, so
// a text that looks like a formula is never evaluated.

// workbook builds one XLSX file sheet by sheet.
type workbook struct {
	f      *excelize.File
	sheets int
	bold   int // style of the heading row
	wrap   int // style of wrapped text, aligned to the top
	label  int // style of a wrapped pair's label: bold, aligned to the top
}

// newWorkbook starts an empty workbook; close releases it.
func newWorkbook() *workbook {
	f := excelize.NewFile()
	b := &workbook{f: f}
	b.bold, _ = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	b.wrap, _ = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	b.label, _ = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}})
	return b
}

func (b *workbook) close() { b.f.Close() }

// newSheet adds a sheet named name (the new file's first sheet is
// renamed rather than added).
func (b *workbook) newSheet(name string) error {
	b.sheets++
	if b.sheets == 1 {
		return b.f.SetSheetName("Sheet1", name)
	}
	_, err := b.f.NewSheet(name)
	return err
}

// addTable adds a sheet named name with t's heading row (bold and frozen,
// with filter buttons) and rows, columns fitted to their text, the text
// wrapped when t.Wrap is set. t's Title and Meta are not written.
func (b *workbook) addTable(name string, t *Table) error {
	if err := b.newSheet(name); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	head := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = excelize.Cell{Value: c, StyleID: b.bold}
	}
	wrap := 0
	if t.Wrap {
		wrap = b.wrap
	}
	for i, wd := range xlsxWidths(t) {
		sw.SetColWidth(i+1, i+1, wd)
	}
	sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	if err := sw.SetRow("A1", head); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for i, r := range t.Rows {
		row := make([]any, len(r))
		for j, v := range r {
			row[j] = excelize.Cell{Value: v, StyleID: wrap}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if len(t.Columns) > 0 {
		last, _ := excelize.CoordinatesToCellName(len(t.Columns), len(t.Rows)+1)
		if err := b.f.AutoFilter(name, "A1:"+last, nil); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	return nil
}

// addPairs adds a sheet named name with one label/value row per pair,
// the labels 24 characters wide and the values 80 (90 and wrapped, the
// labels bold, when wrap is set).
func (b *workbook) addPairs(name string, pairs [][2]string, wrap bool) error {
	if err := b.newSheet(name); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	f := b.f
	f.SetColWidth(name, "A", "A", 24)
	f.SetColWidth(name, "B", "B", 80)
	for i, m := range pairs {
		f.SetSheetRow(name, fmt.Sprintf("A%d", i+1), &[]any{m[0], m[1]})
	}
	if wrap && len(pairs) > 0 {
		f.SetColWidth(name, "B", "B", 90)
		last := fmt.Sprint(len(pairs))
		f.SetCellStyle(name, "A1", "A"+last, b.label)
		f.SetCellStyle(name, "B1", "B"+last, b.wrap)
	}
	return nil
}

// write writes the workbook to w.
func (b *workbook) write(w io.Writer) error {
	if _, err := b.f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/ismsproject/isms/internal/isms"
)

// Limits of a table read for import.
const (
	maxReadBytes = 10 << 20 // bytes of a CSV or XLSX file
	maxReadRows  = 100000   // data rows
	// maxUnzipped bounds how much a workbook may unpack to, so that a
	// small file cannot expand into gigabytes.
	maxUnzipped = 200 << 20
)

// Sheet is a table read from a CSV or XLSX file: the heading row's column
// names (trimmed, lower-cased) and the data rows, each with where it came
// from.
type Sheet struct {
	Name    string // the file name, as errors and Where give it
	Columns []string
	// HeaderLine is the line (CSV) or row (XLSX) of the heading row.
	HeaderLine int
	Rows       []SheetRow
	xlsx       bool
	sheet      string // the worksheet read from a workbook
}

// SheetRow is one data row: its cells as written (a row may have fewer or
// more cells than there are columns) and Line, the CSV line or worksheet
// row number where it starts, 1-based.
type SheetRow struct {
	Line  int
	Cells []string
}

// ReadTable reads name (by extension .csv or .xlsx) from data: the first
// sheet of a workbook, or the one called sheet when not "". The first
// non-blank row names the columns. Reading stops at the first entirely
// blank row after it (the exports put their metadata after one). A leading
// apostrophe that an export put before a cell a spreadsheet would take for
// a formula is removed again. Limits: 10 MB, 100,000 rows. Errors are
// isms.Invalid and name the file and line.
func ReadTable(name string, data []byte, sheet string) (*Sheet, error) {
	ext := strings.ToLower(filepath.Ext(name))
	if ext != ".csv" && ext != ".xlsx" {
		return nil, isms.Errorf(isms.Invalid, "%s cannot be read: only .csv and .xlsx files can be imported.", displayName(name))
	}
	if len(data) > maxReadBytes {
		return nil, isms.Errorf(isms.Invalid, "%s is larger than 10 MB; split it into smaller files.", name)
	}
	if ext == ".xlsx" {
		return readXLSX(name, data, sheet)
	}
	return readCSV(name, data)
}

// displayName is how a file is named in a message.
func displayName(name string) string {
	if name == "" {
		return "The file"
	}
	return name
}

// Index returns the position of the column called name (lower-case), or
// -1 when the sheet has no such column.
func (s *Sheet) Index(name string) int {
	for i, c := range s.Columns {
		if c == name {
			return i
		}
	}
	return -1
}

// Cell returns the cell of row in column col, "" when the row is shorter.
func (s *Sheet) Cell(row SheetRow, col int) string {
	if col < 0 || col >= len(row.Cells) {
		return ""
	}
	return row.Cells[col]
}

// Where names a cell for an error message: "risks.csv:4: column owner" or
// "risks.xlsx: sheet Risks cell K4"; a negative col names the row alone.
func (s *Sheet) Where(row SheetRow, col int) string {
	if s.xlsx {
		if col < 0 {
			return fmt.Sprintf("%s: sheet %s row %d", s.Name, s.sheet, row.Line)
		}
		cell, err := excelize.CoordinatesToCellName(col+1, row.Line)
		if err != nil {
			return fmt.Sprintf("%s: sheet %s row %d column %d", s.Name, s.sheet, row.Line, col+1)
		}
		return fmt.Sprintf("%s: sheet %s cell %s", s.Name, s.sheet, cell)
	}
	switch {
	case col < 0:
		return fmt.Sprintf("%s:%d", s.Name, row.Line)
	case col < len(s.Columns) && s.Columns[col] != "":
		return fmt.Sprintf("%s:%d: column %s", s.Name, row.Line, s.Columns[col])
	}
	return fmt.Sprintf("%s:%d: column %d", s.Name, row.Line, col+1)
}

// at names a row of the file for a message: "risks.csv:4" or
// "risks.xlsx: sheet Risks row 4".
func (s *Sheet) at(line int) string { return s.Where(SheetRow{Line: line}, -1) }

// setHeader takes rec as the heading row, found at line.
func (s *Sheet) setHeader(rec []string, line int) error {
	s.Columns, s.HeaderLine = make([]string, len(rec)), line
	seen := make(map[string]bool, len(rec))
	for i, c := range rec {
		c = strings.ToLower(strings.TrimFunc(c, isSpaceOrBOM))
		if c != "" && seen[c] {
			return isms.Errorf(isms.Invalid, "%s: column %q appears twice; keep one of them.", s.at(line), c)
		}
		seen[c], s.Columns[i] = true, c
	}
	return nil
}

// isSpaceOrBOM reports white space and the byte order mark, which some
// programs repeat at the start of a file.
func isSpaceOrBOM(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' }

// add files one row after the heading; done reports a blank row, which
// ends the table.
func (s *Sheet) add(rec []string, line int) (done bool, err error) {
	for i, v := range rec {
		rec[i] = undefuse(v)
	}
	if blank(rec) {
		return true, nil
	}
	if len(s.Rows) >= maxReadRows {
		return false, isms.Errorf(isms.Invalid, "%s has more than 100,000 rows; split it into smaller files.", s.Name)
	}
	s.Rows = append(s.Rows, SheetRow{Line: line, Cells: rec})
	return false, nil
}

// blank reports whether every cell of rec is empty or white space.
func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// undefuse removes the apostrophe that defuse put before a cell starting
// with =, +, -, @, tab or carriage return; any other apostrophe stays.
func undefuse(v string) string {
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(v[1])) {
		return v[1:]
	}
	return v
}

// readCSV reads a CSV file: comma-separated as the exports write it, or
// separated by semicolons or tabs when the heading line has no comma but
// those (as some spreadsheets save CSV).
func readCSV(name string, data []byte) (*Sheet, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, isms.Errorf(isms.Invalid, "%s:%d: the text is not UTF-8; save the file as \"CSV UTF-8\" and try again.", name, isms.InvalidUTF8Line(data))
	}
	s := &Sheet{Name: name}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord, r.Comma = -1, csvComma(data)
	for {
		// encoding/csv skips empty lines; an empty line after the heading
		// ends the table, so look for one before each record.
		if s.Columns != nil && emptyLineAt(data, int(r.InputOffset())) {
			break
		}
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		done, err := s.take(rec, line)
		if err != nil {
			return nil, err
		}
		if done {
			break
		}
	}
	if err := s.checkHeader(); err != nil {
		return nil, err
	}
	return s, nil
}

// take files one record read at line: the heading when none is read yet
// (blank rows before it are skipped), else a data row. done reports the
// blank row that ends the table.
func (s *Sheet) take(rec []string, line int) (done bool, err error) {
	if s.Columns == nil {
		if blank(rec) {
			return false, nil
		}
		return false, s.setHeader(rec, line)
	}
	return s.add(rec, line)
}

// checkHeader reports a file without a heading row.
func (s *Sheet) checkHeader() error {
	if s.Columns != nil {
		return nil
	}
	if s.xlsx {
		return isms.Errorf(isms.Invalid, "%s: sheet %s is empty; its first row must name the columns.", s.Name, s.sheet)
	}
	return isms.Errorf(isms.Invalid, "%s is empty; its first row must name the columns.", s.Name)
}

// readXLSX reads the worksheet called sheet, or the first one, of a
// workbook. Cells are read as the spreadsheet shows them, except that
// dates in the default date format read as 2006-01-02.
func readXLSX(name string, data []byte, sheet string) (s *Sheet, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, isms.Errorf(isms.Invalid, "%s is not a readable .xlsx workbook; save it again as an Excel workbook (.xlsx) and retry.", name)
		}
	}()
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped,
		UnzipXMLSizeLimit: 16 << 20, ShortDatePattern: "yyyy-mm-dd"})
	if err != nil {
		return nil, isms.Errorf(isms.Invalid, "%s is not a readable .xlsx workbook (%v); save it again as an Excel workbook (.xlsx) and retry.", name, err)
	}
	defer wb.Close()
	if sheet, err = pickSheet(name, wb.GetSheetList(), sheet); err != nil {
		return nil, err
	}
	s = &Sheet{Name: name, xlsx: true, sheet: sheet}
	rows, err := wb.Rows(sheet)
	if err != nil {
		return nil, isms.Errorf(isms.Invalid, "%s: sheet %s cannot be read (%v).", name, sheet, err)
	}
	defer rows.Close()
	for line := 1; rows.Next(); line++ {
		rec, err := rows.Columns()
		if err != nil {
			return nil, isms.Errorf(isms.Invalid, "%s: sheet %s row %d cannot be read (%v).", name, sheet, line, err)
		}
		done, err := s.take(rec, line)
		if err != nil {
			return nil, err
		}
		if done {
			break
		}
	}
	if err := rows.Error(); err != nil {
		return nil, isms.Errorf(isms.Invalid, "%s: sheet %s cannot be read (%v).", name, sheet, err)
	}
	if err := s.checkHeader(); err != nil {
		return nil, err
	}
	return s, nil
}

// pickSheet returns the sheet called want (ignoring case), or the first
// sheet when want is "".
func pickSheet(name string, sheets []string, want string) (string, error) {
	if len(sheets) == 0 {
		return "", isms.Errorf(isms.Invalid, "%s has no worksheet.", name)
	}
	if want == "" {
		return sheets[0], nil
	}
	for _, sh := range sheets {
		if strings.EqualFold(strings.TrimSpace(sh), strings.TrimSpace(want)) {
			return sh, nil
		}
	}
	return "", isms.Errorf(isms.Invalid, "%s has no sheet called %q; its sheets are %s.", name, want, strings.Join(sheets, ", "))
}

// emptyLineAt reports whether the line starting at offset is empty.
func emptyLineAt(data []byte, offset int) bool {
	rest := data[min(offset, len(data)):]
	return bytes.HasPrefix(rest, []byte("\n")) || bytes.HasPrefix(rest, []byte("\r\n"))
}

// csvComma picks the separator: a comma, unless the first non-blank
// record read with commas is a single cell holding semicolons or tabs.
func csvComma(data []byte) rune {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		switch {
		case err != nil:
			return ','
		case blank(rec):
			continue
		case len(rec) == 1 && strings.ContainsRune(rec[0], ';'):
			return ';'
		case len(rec) == 1 && strings.ContainsRune(rec[0], '\t'):
			return '\t'
		}
		return ','
	}
}

// csvError turns a CSV syntax error into a message that says where and
// what to do.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return isms.Errorf(isms.Invalid, "%s cannot be read: %v.", name, err)
	}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return isms.Errorf(isms.Invalid, "%s:%d: the quotation mark at character %d is inside a cell that does not start with one; "+
			"put the whole cell in double quotes and write each quotation mark inside it twice.", name, pe.Line, pe.Column)
	case errors.Is(pe.Err, csv.ErrQuote):
		at := fmt.Sprintf("at character %d", pe.Column)
		if pe.Line != pe.StartLine {
			at = fmt.Sprintf("(at line %d, character %d)", pe.Line, pe.Column)
		}
		return isms.Errorf(isms.Invalid, "%s:%d: a quoted cell is not closed properly %s; check that the cell ends with a "+
			"quotation mark and that quotation marks inside it are written twice.", name, pe.StartLine, at)
	}
	return isms.Errorf(isms.Invalid, "%s:%d: the text at character %d cannot be read: %v.", name, pe.Line, pe.Column, pe.Err)
}

// SPDX-License-Identifier: Apache-2.0

package report_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

// export is a table with the cells that are hard to carry through a file:
// separators, quotes, line breaks, leading and trailing spaces, text a
// spreadsheet would take for a formula, apostrophes that must stay, and
// non-ASCII text.
var export = &report.Table{
	Title:   "Risks",
	Columns: []string{"Ref", " Title ", "Owner", "Notes"},
	Rows: [][]string{
		{"R-1", "Ransomware, \"encrypting\" servers", "ana@example.com", "line one\nline two\n\nline four"},
		{"R-2", "=HYPERLINK(\"http://x\")", "+1 555", "-5"},
		{"R-3", "@SUM(A1)", "\ttabbed", "\rreturn"},
		{"R-4", "'quoted'", "it's", "'"},
		{"R-5", "  spaced  ", "", "Überprüfung ✓ 日本"},
		{"R-6", "", "", ""},
		{"R-7", "a;b", "x", "'plain"},
	},
	Meta: [][2]string{{"Exported by", "Ana Ruiz"}, {"Filter", "status=open"}},
}

// wantRows are the rows of export as read back, with their lines or
// worksheet rows.
func wantRows(lines []int) []report.SheetRow {
	rows := make([]report.SheetRow, len(export.Rows))
	for i, r := range export.Rows {
		rows[i] = report.SheetRow{Line: lines[i], Cells: append([]string(nil), r...)}
	}
	return rows
}

func TestReadTableCSVRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, export); err != nil {
		t.Fatal(err)
	}
	s, err := report.ReadTable("risks.csv", buf.Bytes(), "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ref", "title", "owner", "notes"}, s.Columns); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	// R-1 spans lines 2–5, so R-2 starts on line 6.
	if diff := cmp.Diff(wantRows([]int{2, 6, 7, 8, 9, 10, 11}), s.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if s.Name != "risks.csv" || s.HeaderLine != 1 {
		t.Errorf("Name = %q, HeaderLine = %d", s.Name, s.HeaderLine)
	}
}

func TestReadTableXLSXRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, export); err != nil {
		t.Fatal(err)
	}
	s, err := report.ReadTable("risks.xlsx", buf.Bytes(), "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ref", "title", "owner", "notes"}, s.Columns); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	want := wantRows([]int{2, 3, 4, 5, 6, 7, 8})
	// A worksheet row keeps no trailing empty cells.
	want[5].Cells = []string{"R-6"}
	if diff := cmp.Diff(want, s.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if got := s.Where(s.Rows[2], 1); got != "risks.xlsx: sheet Risks cell B4" {
		t.Errorf("Where = %q", got)
	}
	about, err := report.ReadTable("risks.xlsx", buf.Bytes(), "about")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"exported by", "ana ruiz"}, about.Columns); diff != "" || len(about.Rows) != 1 || about.Rows[0].Cells[1] != "status=open" {
		t.Errorf("sheet About read as %v %v", about.Columns, about.Rows)
	}
}

func TestReadTableWhere(t *testing.T) {
	s, err := report.ReadTable("risks.csv", []byte("ref,,owner\nR-1,x,ana\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	row := s.Rows[0]
	for col, want := range map[int]string{
		-1: "risks.csv:2",
		0:  "risks.csv:2: column ref",
		1:  "risks.csv:2: column 2",
		2:  "risks.csv:2: column owner",
		7:  "risks.csv:2: column 8",
	} {
		if got := s.Where(row, col); got != want {
			t.Errorf("Where(col %d) = %q, want %q", col, got, want)
		}
	}
	if s.Index("owner") != 2 || s.Index("title") != -1 {
		t.Errorf("Index: owner at %d, title at %d", s.Index("owner"), s.Index("title"))
	}
	if s.Cell(row, 2) != "ana" || s.Cell(row, 3) != "" || s.Cell(row, -1) != "" {
		t.Error("Cell should give the cell, or \"\" outside the row")
	}

	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, &report.Table{Title: "Risk register", Columns: []string{"a"}, Rows: [][]string{{"1"}, {"2"}}}); err != nil {
		t.Fatal(err)
	}
	x, err := report.ReadTable("r.xlsx", buf.Bytes(), "")
	if err != nil {
		t.Fatal(err)
	}
	for col, want := range map[int]string{-1: "r.xlsx: sheet Risk register row 3", 0: "r.xlsx: sheet Risk register cell A3", 26: "r.xlsx: sheet Risk register cell AA3"} {
		if got := x.Where(x.Rows[1], col); got != want {
			t.Errorf("Where(col %d) = %q, want %q", col, got, want)
		}
	}
}

func TestReadTableCSV(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		columns []string
		rows    []report.SheetRow
	}{
		{"a UTF-8 byte order mark is dropped", "\xef\xbb\xbfRef,Title\nR-1,x\n",
			[]string{"ref", "title"}, []report.SheetRow{{Line: 2, Cells: []string{"R-1", "x"}}}},
		{"headings are trimmed and lower-cased", " REF , Next_Review \nR-1,2027-01-15",
			[]string{"ref", "next_review"}, []report.SheetRow{{Line: 2, Cells: []string{"R-1", "2027-01-15"}}}},
		{"blank rows before the heading are skipped", "\n , \nref\nR-1\n",
			[]string{"ref"}, []report.SheetRow{{Line: 4, Cells: []string{"R-1"}}}},
		{"an empty line ends the table", "ref\nR-1\n\nExported by,Ana\n",
			[]string{"ref"}, []report.SheetRow{{Line: 2, Cells: []string{"R-1"}}}},
		{"an empty CRLF line ends the table", "ref\r\nR-1\r\n\r\nExported by,Ana\r\n",
			[]string{"ref"}, []report.SheetRow{{Line: 2, Cells: []string{"R-1"}}}},
		{"a row of empty cells ends the table", "ref,title\nR-1,x\n , \nR-2,y\n",
			[]string{"ref", "title"}, []report.SheetRow{{Line: 2, Cells: []string{"R-1", "x"}}}},
		{"a heading alone gives no rows", "ref,title\n", []string{"ref", "title"}, nil},
		{"rows may be shorter or longer than the heading", "a,b\n1\n1,2,3\n",
			[]string{"a", "b"}, []report.SheetRow{{Line: 2, Cells: []string{"1"}}, {Line: 3, Cells: []string{"1", "2", "3"}}}},
		{"semicolons separate when the heading has no comma", "ref;title\nR-1;\"a, b\"\n",
			[]string{"ref", "title"}, []report.SheetRow{{Line: 2, Cells: []string{"R-1", "a, b"}}}},
		{"tabs separate when the heading has neither", "ref\ttitle\nR-1\tx\n",
			[]string{"ref", "title"}, []report.SheetRow{{Line: 2, Cells: []string{"R-1", "x"}}}},
		{"only a defusing apostrophe is removed", "a,b,c,d,e\n'=1,'-2,'x,'',''@\n",
			[]string{"a", "b", "c", "d", "e"}, []report.SheetRow{{Line: 2, Cells: []string{"=1", "-2", "'x", "''", "''@"}}}},
		{"quoted cells keep separators, quotes and line breaks", "a,b\n\"x,\"\"y\"\"\",\"1\n2\"\nz,w\n",
			[]string{"a", "b"}, []report.SheetRow{{Line: 2, Cells: []string{"x,\"y\"", "1\n2"}}, {Line: 4, Cells: []string{"z", "w"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := report.ReadTable("t.csv", []byte(tt.data), "")
			if err != nil {
				t.Fatal(err)
			}
			if len(tt.rows) > 0 && s.HeaderLine != tt.rows[0].Line-1 {
				t.Errorf("HeaderLine = %d, want %d", s.HeaderLine, tt.rows[0].Line-1)
			}
			if diff := cmp.Diff(tt.columns, s.Columns); diff != "" {
				t.Errorf("columns (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.rows, s.Rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadTableErrors(t *testing.T) {
	many := "ref\n" + strings.Repeat("R\n", 100001)
	tests := []struct {
		name, file, data, sheet string
		want                    string
	}{
		{"unknown extension", "risks.txt", "ref\n", "", "risks.txt cannot be read: only .csv and .xlsx files can be imported."},
		{"no extension", "", "ref\n", "", "The file cannot be read: only .csv and .xlsx files can be imported."},
		{"too large", "risks.csv", "ref\n" + strings.Repeat("x", 10<<20), "", "risks.csv is larger than 10 MB; split it into smaller files."},
		{"too many rows", "risks.csv", many, "", "risks.csv has more than 100,000 rows; split it into smaller files."},
		{"empty file", "risks.csv", "", "", "risks.csv is empty; its first row must name the columns."},
		{"only a byte order mark and blank lines", "risks.csv", "\xef\xbb\xbf\n\n , ,\n", "", "risks.csv is empty; its first row must name the columns."},
		{"duplicate column", "risks.csv", "\nref,Title, title \n", "", `risks.csv:2: column "title" appears twice; keep one of them.`},
		{"not UTF-8", "risks.csv", "ref\nR-1\n\xff\xfe\n", "", `risks.csv:3: the text is not UTF-8; save the file as "CSV UTF-8" and try again.`},
		{"bare quote", "risks.csv", "ref,title\nR-1,a \"b\" c\n", "",
			"risks.csv:2: the quotation mark at character 7 is inside a cell that does not start with one; put the whole cell in double quotes and write each quotation mark inside it twice."},
		{"unclosed quote", "risks.csv", "ref,title\nR-1,x\nR-2,\"open\nstill open\n", "",
			"risks.csv:3: a quoted cell is not closed properly (at line 4, character 12); check that the cell ends with a quotation mark and that quotation marks inside it are written twice."},
		{"extra text after a closing quote", "risks.csv", "ref,title\nR-1,\"x\"y\n", "",
			"risks.csv:2: a quoted cell is not closed properly at character 7; check"},
		{"not a workbook", "risks.xlsx", "ref,title\nR-1,x\n", "", "risks.xlsx is not a readable .xlsx workbook"},
		{"CSV named as a workbook", "RISKS.XLSX", "PK\x03\x04garbage", "", "RISKS.XLSX is not a readable .xlsx workbook"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := report.ReadTable(tt.file, []byte(tt.data), tt.sheet)
			if s != nil || isms.ErrorCode(err) != isms.Invalid {
				t.Fatalf("ReadTable = %v, %v; want an Invalid error", s, err)
			}
			if msg := isms.ErrorMessage(err); !strings.HasPrefix(msg, tt.want) {
				t.Errorf("message = %q, want %q", msg, tt.want)
			}
		})
	}
}

func TestReadTableRowLimit(t *testing.T) {
	s, err := report.ReadTable("risks.csv", []byte("ref\n"+strings.Repeat("R\n", 100000)), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != 100000 || s.Rows[99999].Line != 100001 {
		t.Errorf("read %d rows, last on line %d", len(s.Rows), s.Rows[len(s.Rows)-1].Line)
	}
}

// workbook builds an XLSX file with the given sheets of rows.
func workbook(t *testing.T, sheets map[string][][]any, order ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range order {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sheets[name] {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadTableXLSX(t *testing.T) {
	data := workbook(t, map[string][][]any{
		"Notes": {{"Read me first"}},
		"Risks": {{nil}, {"Ref", "Likelihood", "Title"}, {"R-1", 3, "'=x"}, {"R-2", 4.5, "  keep  "}, {}, {"Exported by", "Ana"}},
		"Empty": {},
	}, "Notes", "Risks", "Empty")
	s, err := report.ReadTable("book.xlsx", data, " risks ")
	if err != nil {
		t.Fatal(err)
	}
	want := []report.SheetRow{{Line: 3, Cells: []string{"R-1", "3", "=x"}}, {Line: 4, Cells: []string{"R-2", "4.5", "  keep  "}}}
	if diff := cmp.Diff(want, s.Rows); diff != "" || s.Index("title") != 2 || s.HeaderLine != 2 {
		t.Errorf("rows (-want +got):\n%s\ncolumns %v", diff, s.Columns)
	}
	first, err := report.ReadTable("book.xlsx", data, "")
	if err != nil || len(first.Columns) != 1 || first.Columns[0] != "read me first" {
		t.Errorf("the first sheet should be read by default: %v, %v", first, err)
	}
	_, err = report.ReadTable("book.xlsx", data, "Register")
	if msg := isms.ErrorMessage(err); msg != `book.xlsx has no sheet called "Register"; its sheets are Notes, Risks, Empty.` {
		t.Errorf("unknown sheet: %q", msg)
	}
	_, err = report.ReadTable("book.xlsx", data, "empty")
	if msg := isms.ErrorMessage(err); msg != "book.xlsx: sheet Empty is empty; its first row must name the columns." {
		t.Errorf("empty sheet: %q", msg)
	}
}

func TestReadTableXLSXDates(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	f.SetSheetRow("Sheet1", "A1", &[]any{"ref", "next_review"})
	f.SetCellValue("Sheet1", "A2", "R-1")
	f.SetCellValue("Sheet1", "B2", 46402) // 2027-01-15 as a spreadsheet serial
	f.SetCellStyle("Sheet1", "B2", "B2", date)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	s, err := report.ReadTable("dates.xlsx", buf.Bytes(), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Cell(s.Rows[0], 1); got != "2027-01-15" {
		t.Errorf("a date cell reads %q, want 2027-01-15", got)
	}
}

func TestReadTableXLSXTooManyRows(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a workbook of 100,001 rows")
	}
	rows := make([][]string, 100001)
	for i := range rows {
		rows[i] = []string{fmt.Sprint(i)}
	}
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, &report.Table{Title: "Big", Columns: []string{"n"}, Rows: rows}); err != nil {
		t.Fatal(err)
	}
	_, err := report.ReadTable("big.xlsx", buf.Bytes(), "")
	if msg := isms.ErrorMessage(err); msg != "big.xlsx has more than 100,000 rows; split it into smaller files." {
		t.Errorf("message = %q", msg)
	}
}

// SPDX-License-Identifier: Apache-2.0

package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/report"
)

// FuzzReadTableCSV reads arbitrary bytes as CSV (seed corpus in
// testdata/fuzz/FuzzReadTableCSV). Whatever the input, reading must not
// panic and must either fail with an Invalid error naming the file or
// give a table that, written with WriteCSV and read again, is the same.
func FuzzReadTableCSV(f *testing.F) {
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, export); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := report.ReadTable("fuzz.csv", data, "")
		if err != nil {
			if s != nil || isms.ErrorCode(err) != isms.Invalid || !strings.HasPrefix(isms.ErrorMessage(err), "fuzz.csv") {
				t.Fatalf("ReadTable = %v, %v; want only an Invalid error naming the file", s, err)
			}
			return
		}
		checkSheet(t, s)
		if len(s.Columns) == 1 && strings.ContainsAny(s.Columns[0], ";\t") {
			return // a single column holding a semicolon or tab reads as several columns
		}
		tbl := &report.Table{Columns: s.Columns}
		for _, r := range s.Rows {
			tbl.Rows = append(tbl.Rows, r.Cells)
		}
		var out bytes.Buffer
		if err := report.WriteCSV(&out, tbl); err != nil {
			t.Fatal(err)
		}
		again, err := report.ReadTable("fuzz.csv", out.Bytes(), "")
		if err != nil {
			t.Fatalf("reading what was written: %v\n%q", err, out.Bytes())
		}
		if diff := cmp.Diff(s.Columns, again.Columns); diff != "" {
			t.Fatalf("columns changed (-first +again):\n%s", diff)
		}
		if diff := cmp.Diff(tbl.Rows, cells(again)); diff != "" {
			t.Fatalf("rows changed (-first +again):\n%s\n%q", diff, out.Bytes())
		}
	})
}

// checkSheet: columns are trimmed and lower-cased, rows are not blank and
// their lines rise.
func checkSheet(t *testing.T, s *report.Sheet) {
	t.Helper()
	for _, c := range s.Columns {
		if c != strings.ToLower(c) || c != strings.TrimSpace(c) {
			t.Fatalf("column %q is not trimmed and lower-cased", c)
		}
	}
	last := 0
	for _, r := range s.Rows {
		if r.Line <= last || strings.TrimSpace(strings.Join(r.Cells, "")) == "" {
			t.Fatalf("row %+v after line %d", r, last)
		}
		last = r.Line
	}
}

func cells(s *report.Sheet) [][]string {
	var out [][]string
	for _, r := range s.Rows {
		out = append(out, r.Cells)
	}
	return out
}

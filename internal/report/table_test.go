// SPDX-License-Identifier: Apache-2.0

package report_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/ismsproject/isms/internal/report"
)

var table = &report.Table{
	Title:   "Members: all / active?",
	Columns: []string{"Name", "E-mail", "Role"},
	Rows: [][]string{
		{"Ana Ruiz", "ana@example.com", "Administrator"},
		{"Bo, \"the\" Builder", "bo@example.com", "Viewer"},
		{"=cmd|' /C calc'!A0", "x@example.com", "Employee"},
	},
	Meta: [][2]string{{"Exported by", "Ana Ruiz"}, {"Audit trail head", "event 12, SHA-256 abc"}},
}

func TestWriteCSVWritesHeadingRowsAndFacts(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, table); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&buf)
	r.FieldsPerRecord = -1
	got, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	want := [][]string{
		{"Name", "E-mail", "Role"},
		{"Ana Ruiz", "ana@example.com", "Administrator"},
		{"Bo, \"the\" Builder", "bo@example.com", "Viewer"},
		{"'=cmd|' /C calc'!A0", "x@example.com", "Employee"},
		{"Exported by", "Ana Ruiz"},
		{"Audit trail head", "event 12, SHA-256 abc"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
}

func TestWriteXLSXOpensWithTheTableAndAnAboutSheet(t *testing.T) {
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, table); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the XLSX does not open: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if diff := cmp.Diff([]string{"Members  all   active ", "About"}, sheets); diff != "" {
		t.Fatalf("sheets (-want +got):\n%s", diff)
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	want := append([][]string{table.Columns}, table.Rows...)
	want[3] = []string{"=cmd|' /C calc'!A0", "x@example.com", "Employee"} // a string cell, never a formula
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("table sheet (-want +got):\n%s", diff)
	}
	if f, _ := f.GetCellFormula(sheets[0], "A4"); f != "" {
		t.Errorf("cell A4 has formula %q, want a plain string", f)
	}
	about, _ := f.GetRows("About")
	if diff := cmp.Diff([][]string{{"Exported by", "Ana Ruiz"}, {"Audit trail head", "event 12, SHA-256 abc"}}, about); diff != "" {
		t.Errorf("About sheet (-want +got):\n%s", diff)
	}
}

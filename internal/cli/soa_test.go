// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ismsproject/isms/internal/cli"
	"github.com/ismsproject/isms/internal/report"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// TestSoACommands lists the small demo's SoA versions (v1, a draft not
// yet approved) and exports it in every format, on SQLite and PostgreSQL.
func TestSoACommands(t *testing.T) {
	demoEachDatabase(t, func(t *testing.T, url string) {
		run := riskDemo(t, url)
		checkSoAList(t, run)
		checkSoAXLSX(t, url)
		checkSoACSV(t, run)
		checkSoAPDF(t, url, run)
		checkSoAExportErrors(t, url)
	})
}

// checkSoAList checks "soa list" in a table and as JSON.
func checkSoAList(t *testing.T, run func(args ...string) string) {
	t.Helper()
	wantLines(t, "soa list", run("soa", "list"), "FRAMEWORK", "APPROVED BY", "ISO/IEC 27001 (2022)", "v1", "draft",
		"First Statement of Applicability")
	var list []struct {
		Label, State, ApprovedBy string
		Number                   int
	}
	if err := json.Unmarshal([]byte(run("soa", "list", "--framework", "iso27001-2022", "--format", "json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Label != "v1" || list[0].State != "draft" || list[0].ApprovedBy != "" {
		t.Errorf("soa list --format json = %+v; want v1, a draft approved by nobody yet", list)
	}
}

// soaRow returns the row of the requirement ref in rows (heading first).
func soaRow(t *testing.T, rows [][]string, ref string) []string {
	t.Helper()
	for _, r := range rows[1:] {
		if len(r) > 0 && r[0] == ref {
			return r
		}
	}
	t.Fatalf("no row %s among %d rows", ref, len(rows)-1)
	return nil
}

// checkSoAXLSX exports the current version, the draft as none is approved,
// as XLSX and reads its cells back.
func checkSoAXLSX(t *testing.T, url string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "soa.xlsx")
	_, stderr, err := demoRun(t, url, "soa", "export", "--format", "xlsx", "--out", file)
	if err != nil {
		t.Fatalf("soa export --format xlsx: %v", err)
	}
	wantLines(t, "soa export --format xlsx", stderr, "exported soa-iso27001-2022-v1.xlsx (", " to "+file)
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatalf("open the exported XLSX: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 94 || !slices.Equal(rows[0], report.SoAColumns) {
		t.Fatalf("the XLSX has %d rows with the heading %q; want 93 lines under %q", len(rows), rows[0], report.SoAColumns)
	}
	excluded := soaRow(t, rows, "A.7.6")
	if excluded[2] != "Not applicable" || !strings.HasPrefix(excluded[3], "Excluded: Northwind has no secure areas") {
		t.Errorf("A.7.6 in the XLSX = %q; want it excluded with its justification", excluded)
	}
	if backup := soaRow(t, rows, "A.8.13"); backup[4] != "Partially implemented" || !strings.Contains(backup[3], "Risk treatment: R-") {
		t.Errorf("A.8.13 in v1 = %q; want the overridden status, partially implemented, justified by risk treatment", backup)
	}
	about, err := f.GetRows("About")
	if err != nil {
		t.Fatal(err)
	}
	facts := map[string]string{}
	for _, r := range about {
		if len(r) == 2 {
			facts[r[0]] = r[1]
		}
	}
	if facts["Version"] != "v1" || facts["Status"] != "Draft" || facts["Approved by"] != "" ||
		facts["Organization"] != "Northwind Analytics" || !strings.Contains(facts["Audit trail head"], "SHA-256") {
		t.Errorf("the XLSX's About sheet = %v; want the draft v1, approved by nobody, with the audit trail head", facts)
	}
}

// checkSoACSV exports the draft v1 as CSV on standard output.
func checkSoACSV(t *testing.T, run func(args ...string) string) {
	t.Helper()
	out := run("soa", "export", "--version", "1", "--format", "csv")
	table, meta, _ := strings.Cut(out, "\n\n")
	rows := csvRows(t, table)
	if len(rows) != 94 || !slices.Equal(rows[0], report.SoAColumns) {
		t.Fatalf("soa export --version 1 --format csv wrote %d rows with the heading %q; want 93 lines under %q", len(rows), rows[0], report.SoAColumns)
	}
	if r := soaRow(t, rows, "A.8.13"); r[4] != "Partially implemented" {
		t.Errorf("A.8.13 in v1 = %q; want the overridden status, partially implemented", r)
	}
	if r := soaRow(t, rows, "A.7.8"); r[2] != "Awaiting decision" || r[3] != "" {
		t.Errorf("A.7.8 in v1 = %q; want it awaiting a decision", r)
	}
	wantLines(t, "the CSV's facts", meta, "Version,v1\n", "Status,Draft\n", "Organization,Northwind Analytics\n")
	if strings.Contains(meta, "Approved by") {
		t.Errorf("the draft's CSV names an approver:\n%s", meta)
	}
}

// checkSoAPDF exports the current version as PDF to a file (the format
// taken from its extension) and to standard output when it is not a
// terminal.
func checkSoAPDF(t *testing.T, url string, run func(args ...string) string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "soa.pdf")
	run("soa", "export", "-o", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) || len(data) < 10_000 {
		t.Errorf("soa export -o soa.pdf wrote %d bytes starting %q; want a PDF of the 93 lines", len(data), data[:min(len(data), 8)])
	}
	piped := run("soa", "export", "--format", "pdf", "--version", "1")
	if !strings.HasPrefix(piped, "%PDF-") || len(piped) < 10_000 {
		t.Errorf("soa export --format pdf to a pipe wrote %d bytes; want the PDF", len(piped))
	}
	if _, _, err := soaRunOnTerminal(t, url, "soa", "export", "--format", "pdf"); err == nil ||
		!strings.Contains(err.Error(), "--out FILE.pdf") {
		t.Errorf("soa export --format pdf on a terminal = %v; want a refusal asking for --out", err)
	}
	if _, _, err := soaRunOnTerminal(t, url, "soa", "export", "--format", "csv"); err != nil {
		t.Errorf("soa export --format csv on a terminal = %v; want the CSV printed", err)
	}
}

// soaRunOnTerminal runs the command line with standard output on a
// character device, as a terminal is.
func soaRunOnTerminal(t *testing.T, url string, args ...string) (string, string, error) {
	t.Helper()
	tty, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no %s: %v", os.DevNull, err)
	}
	defer tty.Close()
	var errOut bytes.Buffer
	dataDir := t.TempDir()
	env := cli.Env{Stdout: tty, Stderr: &errOut, Version: "test", Getenv: func(k string) string {
		return map[string]string{"ISMS_DATABASE_URL": url, "ISMS_DATA_DIR": dataDir}[k]
	}}
	err = cli.Run(context.Background(), args, env)
	return "", errOut.String(), err
}

// checkSoAExportErrors checks that bad flags are refused with a message
// that names what is wrong.
func checkSoAExportErrors(t *testing.T, url string) {
	t.Helper()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--version", "9"}, "--version 9: the Statement of Applicability of ISO/IEC 27001 (2022) has no version v9; its versions are v1"},
		{[]string{"--version", "1", "--framework", "nist-csf"}, "the organization has no framework nist-csf"},
		{[]string{"--version", "-1"}, "--version -1: give a version number from 1"},
		{[]string{"--format", "docx"}, `--format "docx": use xlsx, csv or pdf`},
		{[]string{"--framework", "nist-csf"}, ""},
	} {
		args := append([]string{"soa", "export"}, c.args...)
		_, _, err := demoRun(t, url, args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s = %v; want an error with %q", strings.Join(args, " "), err, c.want)
		}
	}
	if _, _, err := demoRun(t, url, "soa", "list", "--framework", "nist-csf"); err == nil {
		t.Error("soa list --framework nist-csf succeeded; want an error")
	}
}

// TestSoAExportWithoutSoA checks the messages of an organization that has
// no Statement of Applicability yet.
func TestSoAExportWithoutSoA(t *testing.T) {
	t.Parallel()
	url := sqldbtest.SQLiteURL(t)
	if _, _, err := demoRun(t, url, "demo", "--org-only"); err != nil {
		t.Fatalf("demo --org-only: %v", err)
	}
	out, _, err := demoRun(t, url, "soa", "list")
	if err != nil || strings.Count(out, "\n") != 1 {
		t.Errorf("soa list = %v\n%s; want only the heading", err, out)
	}
	_, _, err = demoRun(t, url, "soa", "export", "--format", "csv")
	if err == nil || !strings.Contains(err.Error(), "ISO/IEC 27001:2022 is not among the organization's frameworks") {
		t.Errorf("soa export without the framework = %v; want the framework named", err)
	}
	_, _, err = demoRun(t, url, "soa", "export", "--version", "2")
	if err == nil || !strings.Contains(err.Error(), "--version 2: the organization has no framework iso27001-2022") {
		t.Errorf("soa export --version 2 without the framework = %v; want the framework named", err)
	}
}

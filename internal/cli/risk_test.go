// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// riskDemo loads the small demo into a fresh database and returns a
// function that runs the command line against it, failing the test on an
// error.
func riskDemo(t *testing.T, url string) (run func(args ...string) string) {
	t.Helper()
	if out, errOut, err := demoRun(t, url, "demo", "--size", "small"); err != nil {
		t.Fatalf("demo: %v\n%s%s", err, out, errOut)
	}
	return func(args ...string) string {
		t.Helper()
		out, errOut, err := demoRun(t, url, args...)
		if err != nil {
			t.Fatalf("%s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
		}
		return out
	}
}

// csvRows reads CSV output and returns its rows, heading first.
func csvRows(t *testing.T, out string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("read CSV: %v\n%s", err, out)
	}
	return rows
}

// column returns the values of the named column of rows, heading first.
func column(t *testing.T, rows [][]string, name string) []string {
	t.Helper()
	col := -1
	for i, c := range rows[0] {
		if c == name {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("no column %q in %v", name, rows[0])
	}
	var out []string
	for _, r := range rows[1:] {
		if len(r) > col {
			out = append(out, r[col])
		}
	}
	return out
}

func TestRiskListAndFilters(t *testing.T) {
	demoEachDatabase(t, func(t *testing.T, url string) {
		run := riskDemo(t, url)
		var list []struct {
			Ref           string   `json:"ref"`
			InherentLevel string   `json:"inherentLevel"`
			MethodVersion int      `json:"methodVersion"`
			Flags         []string `json:"flags"`
		}
		if err := json.Unmarshal([]byte(run("risk", "list", "--format", "json")), &list); err != nil {
			t.Fatal(err)
		}
		flags := map[string]int{}
		for _, r := range list {
			for _, f := range r.Flags {
				flags[f]++
			}
		}
		if len(list) != 42 || list[0].Ref != "R-1" || list[0].MethodVersion != 1 || flags["acceptance_expired"] != 1 || flags["rescore"] != 3 {
			t.Errorf("risk list --format json: %d risks, first %+v, flags %v; want the demo's 42 from R-1 (v1), one expired acceptance, three to re-score",
				len(list), list[0], flags)
		}
		table := run("risk", "list")
		wantLines(t, "risk list", table, "REF", "INHERENT", "R-42", "Ransomware encrypts production and its backups", "acceptance_expired")

		high := csvRows(t, run("risk", "list", "--level", "HIGH", "--basis", "inherent", "--format", "csv"))
		for _, v := range column(t, high, "Inherent") {
			if v != "High" {
				t.Errorf("risk list --level high --basis inherent lists a %s risk", v)
			}
		}
		owned := csvRows(t, run("risk", "list", "--owner", "it.lead@demo.example", "--format", "csv"))
		for _, v := range column(t, owned, "Owner") {
			if v != "Tomás Lindqvist" {
				t.Errorf("risk list --owner it.lead@demo.example lists a risk of %s", v)
			}
		}
		accepted := csvRows(t, run("risk", "list", "--status", "accepted", "--limit", "3", "--format", "csv"))
		overdue := csvRows(t, run("risk", "list", "--overdue", "--format", "csv"))
		if len(high) < 5 || len(owned) < 10 || len(accepted) != 4 || len(overdue) < 6 {
			t.Errorf("filtered lists have %d high, %d of the IT lead's, %d accepted (limit 3), %d overdue rows with the heading; want some of each",
				len(high), len(owned), len(accepted), len(overdue))
		}
		for _, v := range column(t, overdue, "Flags") {
			if !strings.Contains(v, "overdue") {
				t.Errorf("risk list --overdue lists a risk with the flags %q", v)
			}
		}

		checkAssetList(t, run)
		checkListFlagErrors(t, url)
	})
}

// checkAssetList checks "asset list" and its type filter on the demo.
func checkAssetList(t *testing.T, run func(args ...string) string) {
	t.Helper()
	software := csvRows(t, run("asset", "list", "--type", "software", "--format", "csv"))
	types := column(t, software, "Type")
	if len(types) < 5 || strings.Trim(strings.Join(types, ""), "software") != "" {
		t.Errorf("asset list --type software = %v", types)
	}
	wantLines(t, "asset list", run("asset", "list"), "AS-61", "Customer portal", "Analytics platform")
}

// checkListFlagErrors checks that bad filters are refused with a message
// that says what to give.
func checkListFlagErrors(t *testing.T, url string) {
	t.Helper()
	for _, bad := range [][]string{{"risk", "list", "--level", "severe"}, {"risk", "list", "--basis", "sideways"},
		{"risk", "list", "--status", "done"}, {"risk", "list", "--owner", "nobody@example.com"}, {"asset", "list", "--type", "car"}} {
		if _, _, err := demoRun(t, url, bad...); err == nil {
			t.Errorf("%s succeeded, want an error", strings.Join(bad, " "))
		}
	}
	_, _, err := demoRun(t, url, "risk", "list", "--level", "severe")
	if err == nil || !strings.Contains(err.Error(), "very_low, low, medium, high, critical") {
		t.Errorf("risk list --level severe = %v, want the method's levels named", err)
	}
}

func TestRiskExportImportRoundTrip(t *testing.T) {
	demoEachDatabase(t, func(t *testing.T, url string) {
		run := riskDemo(t, url)
		dir := t.TempDir()
		for _, name := range []string{"risks.csv", "risks.xlsx"} {
			file := filepath.Join(dir, name)
			run("risk", "export", "-o", file)
			out := run("risk", "import", file)
			wantLines(t, "import of "+name, out, "created    0\n", "updated    0\n", "unchanged  42\n")
		}
		stdout := run("risk", "export", "--format", "csv", "-o", "-", "--status", "closed")
		rows := csvRows(t, strings.Split(stdout, "\n\n")[0])
		if len(rows) != 4 || rows[0][0] != "ref" || len(rows[0]) != 30 {
			t.Errorf("risk export --status closed -o - wrote %d rows with the heading %v; want the 3 closed risks in the 30 columns", len(rows), rows[0])
		}
		for _, bad := range [][]string{{"risk", "export"}, {"risk", "export", "--format", "xlsx", "-o", "-"},
			{"risk", "export", "--format", "pdf", "-o", filepath.Join(dir, "r.pdf")}} {
			if _, _, err := demoRun(t, url, bad...); err == nil {
				t.Errorf("%s succeeded, want an error", strings.Join(bad, " "))
			}
		}
	})
}

func TestRiskImportReportsEveryProblem(t *testing.T) {
	demoEachDatabase(t, func(t *testing.T, url string) {
		run := riskDemo(t, url)
		dir := t.TempDir()
		export := filepath.Join(dir, "export.csv")
		run("risk", "export", "-o", export)
		data, err := os.ReadFile(export)
		if err != nil {
			t.Fatal(err)
		}
		rows := csvRows(t, strings.Split(string(data), "\n\n")[0])
		head := rows[0]
		set := func(row []string, col, v string) {
			row[slices.Index(head, col)] = v
		}
		set(rows[2], "owner", "nobody@example.com") // line 3
		set(rows[4], "inherent_likelihood", "9")    // line 5
		set(rows[11], "status", "finished")         // line 12
		set(rows[11], "title", "")                  // line 12
		newRow := make([]string, len(head))         // a valid new risk, line 44
		set(newRow, "title", "Courier loses a backup tape")
		set(newRow, "owner", "ciso@demo.example")
		bad := writeCSV(t, filepath.Join(dir, "risks.csv"), append(rows, newRow))

		out, _, err := demoRun(t, url, "risk", "import", bad)
		if err == nil {
			t.Fatalf("importing a file with bad rows succeeded:\n%s", out)
		}
		msg := err.Error()
		want := []string{"4 problems in 3 rows; nothing was imported",
			bad + ":3: column owner: ", "nobody@example.com",
			bad + ":5: column inherent_likelihood: Likelihood must be a level from 1 to 5.",
			bad + ":12: column status: ", bad + ":12: column title: Title is required."}
		wantLines(t, "the import's error", msg, want...)
		if !inOrder(strings.Split(msg, "\n"), ":3: column owner", ":5: column", ":12: column status", ":12: column title") {
			t.Errorf("the problems are not in file order:\n%s", msg)
		}
		if n := len(csvRows(t, run("risk", "list", "--format", "csv"))); n != 43 {
			t.Errorf("after the refused import the register has %d rows with the heading, want 43: nothing stored", n)
		}

		good := writeCSV(t, filepath.Join(dir, "new.csv"), [][]string{head, newRow})
		wantLines(t, "dry run", run("risk", "import", good, "--dry-run"), "created    1\n", "dry run: nothing stored")
		if n := len(csvRows(t, run("risk", "list", "--format", "csv"))); n != 43 {
			t.Errorf("after a dry run the register has %d rows with the heading, want 43", n)
		}
		var res struct {
			Created int      `json:"created"`
			Refs    []string `json:"refs"`
		}
		if err := json.Unmarshal([]byte(run("risk", "import", good, "--format", "json")), &res); err != nil || res.Created != 1 || len(res.Refs) != 1 {
			t.Errorf("risk import --format json = %+v, %v; want one risk created", res, err)
		}
		wantLines(t, "risk list", run("risk", "list"), res.Refs[0], "Courier loses a backup tape")
	})
}

// writeCSV writes rows to path and returns it.
func writeCSV(t *testing.T, path string, rows [][]string) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

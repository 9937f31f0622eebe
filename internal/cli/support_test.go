// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// pdfPages counts the page objects of a PDF.
func pdfPages(data []byte) int {
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(data, -1))
}

func TestDocumentListAndExport(t *testing.T) {
	demoEachDatabase(t, func(t *testing.T, url string) {
		run := riskDemo(t, url)
		var list []struct {
			Ref             string `json:"ref"`
			Title           string `json:"title"`
			Type            string `json:"type"`
			Status          string `json:"status"`
			ApprovedVersion int    `json:"approvedVersion"`
			LatestVersion   int    `json:"latestVersion"`
			External        bool   `json:"external"`
			ReviewOverdue   bool   `json:"reviewOverdue"`
			Classification  string `json:"classification"`
		}
		if err := json.Unmarshal([]byte(run("document", "list", "--format", "json")), &list); err != nil {
			t.Fatal(err)
		}
		if len(list) != 11 || list[0].Ref != "DOC-1" || list[0].Title != "Information security policy" ||
			list[0].ApprovedVersion != 2 || list[0].LatestVersion != 2 || list[0].Status != "approved" || list[0].Classification != "public" {
			t.Fatalf("document list --format json: %d documents, first %+v; want the demo's 11 in force or in progress, DOC-1 the policy in v2", len(list), list[0])
		}
		statuses, overdue, external := map[string]int{}, []string{}, []string{}
		for _, d := range list {
			statuses[d.Status]++
			if d.ReviewOverdue {
				overdue = append(overdue, d.Title)
			}
			if d.External {
				external = append(external, d.Title)
			}
		}
		if statuses["draft"] != 3 || statuses["in_review"] != 1 || statuses["approved"] != 7 ||
			!slices.Equal(overdue, []string{"Backup and restore procedure"}) || !slices.Equal(external, []string{"General Data Protection Regulation"}) {
			t.Errorf("demo documents: statuses %v, overdue %v, external %v", statuses, overdue, external)
		}
		wantLines(t, "document list", run("document", "list"), "REF", "CLASSIFICATION", "IN FORCE", "DOC-1",
			"Information security policy", "review_overdue", "General Data Protection Regulation")
		checkDocumentFilters(t, url, run)
		checkDocumentExport(t, url, run)
	})
}

// checkDocumentFilters checks the filters of "document list" on the demo.
func checkDocumentFilters(t *testing.T, url string, run func(args ...string) string) {
	t.Helper()
	overdue := csvRows(t, run("document", "list", "--overdue", "--format", "csv"))
	if got := column(t, overdue, "Title"); !slices.Equal(got, []string{"Backup and restore procedure"}) {
		t.Errorf("document list --overdue = %v, want the backup procedure", got)
	}
	procedures := column(t, csvRows(t, run("document", "list", "--type", "procedure", "--format", "csv")), "Type")
	if len(procedures) != 6 || strings.Join(procedures, "") != strings.Repeat("Procedure", 6) {
		t.Errorf("document list --type procedure lists types %v, want 6 procedures", procedures)
	}
	review := column(t, csvRows(t, run("document", "list", "--status", "in_review", "--format", "csv")), "Title")
	if !slices.Equal(review, []string{"Access control policy"}) {
		t.Errorf("document list --status in_review = %v, want the access control policy", review)
	}
	all := column(t, csvRows(t, run("document", "list", "--retired", "--format", "csv")), "Title")
	if len(all) != 12 || !slices.Contains(all, "Clean desk policy") {
		t.Errorf("document list --retired = %v, want 12 with the retired clean desk policy", all)
	}
	for _, bad := range [][]string{{"document", "list", "--type", "memo"}, {"document", "list", "--status", "published"}} {
		if _, _, err := demoRun(t, url, bad...); err == nil {
			t.Errorf("%s succeeded, want an error", strings.Join(bad, " "))
		}
	}
}

// checkDocumentExport exports the policy's version in force and its
// first version as PDF, and checks the refusals.
func checkDocumentExport(t *testing.T, url string, run func(args ...string) string) {
	t.Helper()
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		file string
	}{{nil, "policy.pdf"}, {[]string{"--version", "1"}, "policy-v1.pdf"}} {
		file := filepath.Join(dir, c.file)
		run(append([]string{"document", "export", "--ref", "DOC-1", "-o", file}, c.args...)...)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[len(data)-32:], []byte("%%EOF")) || pdfPages(data) < 1 {
			t.Errorf("document export %v wrote %d bytes starting %q with %d pages, want a whole PDF", c.args, len(data), data[:min(8, len(data))], pdfPages(data))
		}
	}
	_, stderr, err := demoRun(t, url, "document", "export", "--ref", "DOC-1", "-o", filepath.Join(dir, "again.pdf"))
	if err != nil {
		t.Fatalf("document export --ref DOC-1: %v", err)
	}
	wantLines(t, "document export output", stderr, "exported DOC-1 v2 (public, ", "again.pdf")
	for _, bad := range [][]string{{"document", "export", "-o", filepath.Join(dir, "x.pdf")},
		{"document", "export", "--ref", "DOC-1"},
		{"document", "export", "--ref", "DOC-99", "-o", filepath.Join(dir, "none.pdf")},
		{"document", "export", "--ref", "DOC-1", "--version", "9", "-o", filepath.Join(dir, "v9.pdf")}} {
		if _, _, err := demoRun(t, url, bad...); err == nil {
			t.Errorf("%s succeeded, want an error", strings.Join(bad, " "))
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "v9.pdf")); !os.IsNotExist(err) {
		t.Errorf("a refused export left a file behind: %v", err)
	}
}

func TestPeopleAndCampaignList(t *testing.T) {
	demoEachDatabase(t, func(t *testing.T, url string) {
		run := riskDemo(t, url)
		people := csvRows(t, run("people", "list", "--format", "csv"))
		if len(people) != 81 {
			t.Errorf("people list has %d rows with the heading, want the demo's 80 active people", len(people))
		}
		wantLines(t, "people list", run("people", "list"), "NAME", "GAPS", "Priya Natarajan", "Internal auditor", "Kofi Mensah")
		devs := column(t, csvRows(t, run("people", "list", "--role", "developer", "--format", "csv")), "Name")
		slices.Sort(devs)
		if len(devs) != 34 || !slices.Contains(devs, "Lena Fischer") || !slices.Contains(devs, "Mei Chen") || slices.Contains(devs, "Tom Whitaker") {
			t.Errorf("people list --role developer = %v, want the 34 developers at work, not the one who left", devs)
		}
		gaps := csvRows(t, run("people", "list", "--gaps", "--format", "csv"))
		names := column(t, gaps, "Name")
		for _, want := range []string{"Jules Bernard", "Kofi Mensah", "Mei Chen", "Rui Carvalho", "Sofia Almeida", "Erik Johansson"} {
			if !slices.Contains(names, want) {
				t.Errorf("people list --gaps lacks %s: %v", want, names)
			}
		}
		for i, n := range column(t, gaps, "Gaps") {
			if n == "0" {
				t.Errorf("people list --gaps lists %s without gaps", names[i])
			}
		}
		if slices.Contains(names, "Priya Natarajan") || len(names) != 10 {
			t.Errorf("people list --gaps = %v, want only the 10 with gaps", names)
		}

		var campaigns []struct {
			Title        string   `json:"title"`
			Documents    []string `json:"documents"`
			Expected     int      `json:"expected"`
			Acknowledged int      `json:"acknowledged"`
			Percent      int      `json:"percent"`
		}
		if err := json.Unmarshal([]byte(run("campaign", "list", "--format", "json")), &campaigns); err != nil {
			t.Fatal(err)
		}
		if len(campaigns) != 1 || len(campaigns[0].Documents) != 2 || campaigns[0].Expected != 20 ||
			campaigns[0].Acknowledged != 10 || campaigns[0].Percent != 50 {
			t.Errorf("campaign list --format json = %+v, want the demo's one campaign, two documents, 10 of 20 acknowledged", campaigns)
		}
		wantLines(t, "campaign list", run("campaign", "list"), "TITLE", "COMPLETE", "Policy acknowledgement", "50%", "everyone", "overdue")
	})
}

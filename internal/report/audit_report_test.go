// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// auditDoc is a reported audit of n checklist items and f findings, in
// names whose letters all fit cp1252. Every item's notes end with
// "end-<ref>" so tests can find where a row ends.
func auditDoc(n, f int) *AuditReportDoc {
	d := &AuditReportDoc{
		Organization: "Müller & Søn A/S", Ref: "IA-3", Title: "Access control and supplier relationships",
		Programme: "AP-1 Internal audit programme 2025–2027", Framework: "ISO/IEC 27001:2022",
		Criteria: "ISO/IEC 27001:2022, the access control policy DOC-4 and supplier contracts",
		Units:    "IT operations, Purchasing", Scope: "4.1, 4.2, A.5.15–A.5.18, A.5.19–A.5.23",
		Lead: "Lucía Fernández", Team: []string{"Jörg Weiß", "Ana Ruiz"}, Planned: "2026-03-02 to 2026-03-06",
		Status: "Reported", ReportedOn: "2026-03-10",
		Summary: "The access control process is in place and generally effective.\n\n" +
			"Two weaknesses were found in the review of privileged accounts; supplier onboarding follows the procedure.",
		Independence: []string{"Ana Ruiz owns C-12 Supplier register, linked to A.5.19: accepted because no other auditor knows the supplier process (reason: small team)."},
		Generated:    time.Date(2026, 3, 11, 8, 15, 0, 0, time.UTC),
		AuditHead:    "event 981, SHA-256 4be1",
	}
	results := []string{"Conforming", "Conforming", "Nonconforming", "Observation", "Not audited", "Not yet audited"}
	for i := range n {
		ref := fmt.Sprintf("A.%d.%d", 5+i/37, 1+i%37)
		d.Items = append(d.Items, AuditReportItem{
			Ref: ref, Title: fmt.Sprintf("Requirement %d on the protection of information", i+1),
			Result:   results[i%len(results)],
			Notes:    fmt.Sprintf("Interviewed the owner and inspected records of item %d; the procedure is followed end-%s", i+1, ref),
			Sampling: fmt.Sprintf("%d of %d records, picked at random", 5+i%5, 40+i),
			Controls: fmt.Sprintf("C-%d Access reviews (implemented), C-%d Logging (planned)", i+1, i+2),
			Evidence: fmt.Sprintf("%d items, %d current, newest 2026-02-%02d", i%5+1, i%5, i%28+1),
		})
	}
	grades := []string{"Major nonconformity", "Minor nonconformity", "Minor nonconformity", "Observation", "Opportunity for improvement"}
	for i := range f {
		d.Findings = append(d.Findings, AuditReportFinding{
			Ref: fmt.Sprintf("F-%d", i+1), Grade: grades[(i+1)%len(grades)],
			Title:        fmt.Sprintf("Finding %d: privileged accounts are not reviewed", i+1),
			Description:  fmt.Sprintf("Of 12 privileged accounts sampled, %d had no review in the last quarter.", i+1),
			Requirements: "A.5.18, A.8.2", Evidence: fmt.Sprintf("EV-%d Access review Q3", i+4), RaisedBy: "Lucía Fernández",
		})
	}
	return d
}

// auditPDF writes d uncompressed and returns the file and its page count.
func auditPDF(t *testing.T, d *AuditReportDoc) ([]byte, int) {
	t.Helper()
	var buf bytes.Buffer
	if err := writeAuditReportPDF(&buf, d, false); err != nil {
		t.Fatal(err)
	}
	checkPDF(t, buf.Bytes())
	return buf.Bytes(), pdfPages(t, buf.Bytes())
}

func TestAuditReportPDFShowsTheAudit(t *testing.T) {
	d := auditDoc(40, 4)
	pdf, n := auditPDF(t, d)
	if !inCoreFonts(pdf) {
		t.Errorf("an audit whose text fits cp1252 is not in the core fonts")
	}
	if n < 3 || n > 12 {
		t.Errorf("pages = %d for 40 items and 4 findings, want 3 to 12", n)
	}
	pages := pageTexts(t, pdf, n)
	for _, want := range []string{
		"Internal audit report", "IA-3 Access control and supplier relationships", "Müller & Søn A/S",
		"AP-1 Internal audit programme 2025–2027", "ISO/IEC 27001:2022", "the access control policy DOC-4",
		"IT operations, Purchasing", "A.5.15–A.5.18", "Lucía Fernández", "Jörg Weiß, Ana Ruiz",
		"2026-03-02 to 2026-03-06", "Reported", "2026-03-10", "2026-03-11 08:15 UTC", "event 981, SHA-256 4be1",
		"The access control process is in place", "Two weaknesses were found",
	} {
		if pageOf(pages[:1], want) != 1 {
			t.Errorf("the first page does not show %q", want)
		}
	}
	for _, want := range []string{
		"Independence conflicts accepted", "• Ana Ruiz owns C-12 Supplier register",
		"F-1  Finding 1: privileged accounts", "Of 12 privileged accounts sampled, 4 had", "EV-7 Access review Q3",
		"Checklist", "Sampling", "Controls", "C-40 Access", "end-A.6.3", "Not yet audited",
	} {
		if !showsText(pdf, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	if c := countText(pdf, "Müller & Søn A/S · IA-3 · Reported"); c != n {
		t.Errorf("the running foot is on %d of %d pages", c, n)
	}
	if c := countText(pdf, "Internal audit report — IA-3 Access control"); c != n-1 {
		t.Errorf("the running head is on %d of %d pages, want all but the first", c, n)
	}
	if showsText(pdf, "{nb}") {
		t.Errorf("the page total is not filled in")
	}
}

func TestAuditReportPDFCountsFindingsByGrade(t *testing.T) {
	d := auditDoc(3, 4) // grades: minor, minor, observation, ofi
	got := countByLabel(gradeLabels(), []string{d.Findings[0].Grade, d.Findings[1].Grade, d.Findings[2].Grade, d.Findings[3].Grade, "Unknown grade"})
	want := [][2]string{
		{"Major nonconformity", "0"}, {"Minor nonconformity", "2"}, {"Observation", "1"},
		{"Opportunity for improvement", "1"}, {"Unknown grade", "1"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("countByLabel (-want +got):\n%s", diff)
	}
	pdf, n := auditPDF(t, d)
	pages := pageTexts(t, pdf, n)
	for _, want := range []string{"Minor nonconformity (2)", "Observation (1)", "Opportunity for improvement (1)"} {
		if pageOf(pages, want) == 0 {
			t.Errorf("the PDF has no group %q", want)
		}
	}
	if showsText(pdf, "Major nonconformity (") {
		t.Errorf("the PDF has a group for a grade without findings")
	}
	// Findings come under their grade, most severe first.
	if a, b := pageOf(pages, "F-1  Finding 1"), pageOf(pages, "F-4  Finding 4"); a == 0 || b < a {
		t.Errorf("F-1 on page %d, F-4 on page %d", a, b)
	}
	if at, _ := indexText(pdf, "Minor nonconformity (2)"); at > bytes.Index(pdf, cp1252Text("F-1  Finding 1")) {
		t.Errorf("the minor finding F-1 comes before its grade's heading")
	}
}

func TestAuditReportPDFWithoutFindingsOrItems(t *testing.T) {
	d := auditDoc(0, 0)
	d.Summary, d.Independence, d.ReportedOn, d.Status = "", nil, "", "Planned"
	pdf, n := auditPDF(t, d)
	if n != 1 {
		t.Errorf("pages = %d for an empty planned audit, want 1", n)
	}
	for _, want := range []string{"No summary has been written yet.", "No findings were raised.", "The checklist has no items.", "Major nonconformity"} {
		if !showsText(pdf, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	for _, absent := range []string{"Independence conflicts accepted", "Reported on"} {
		if showsText(pdf, absent) {
			t.Errorf("the PDF shows %q", absent)
		}
	}
}

func TestAuditReportPDFChecklistRepeatsTheHeadingAndKeepsRowsWhole(t *testing.T) {
	d := auditDoc(120, 10)
	d.Items[70].Notes = strings.Repeat("A long note that needs many lines of the checklist's table. ", 25) + "end-" + d.Items[70].Ref
	d.Summary = strings.Repeat("A long summary paragraph about the audit and what it found. ", 40)
	pdf, n := auditPDF(t, d)
	pages := pageTexts(t, pdf, n)
	first := pageOf(pages, "Sampling")
	if first == 0 {
		t.Fatal("the checklist's heading is not shown")
	}
	for i := first; i <= n; i++ {
		for _, h := range auditPDFChecklist {
			if !showsText(pages[i-1], h.label) {
				t.Errorf("checklist page %d does not repeat the heading %q", i, h.label)
			}
		}
	}
	for _, it := range d.Items {
		start, end := first-1+pageOf(pages[first-1:], it.Ref), pageOf(pages, "end-"+it.Ref)
		if start < first || start != end {
			t.Errorf("item %s starts on page %d and ends on page %d, want one page", it.Ref, start, end)
		}
	}
}

func TestAuditReportPDFInTheGoFonts(t *testing.T) {
	d := auditDoc(10, 2)
	d.Lead = "Zoë — Łódź ✓"
	d.Findings[0].Description = "Zażółć gęślą jaźń: the review was skipped."
	pdf, _ := auditPDF(t, d)
	if inCoreFonts(pdf) {
		t.Fatalf("an audit with Polish text is in the core fonts")
	}
	for _, want := range []string{"Zoë — Łódź ?", "Zażółć gęślą jaźń", "Müller & Søn A/S"} {
		if !showsText(pdf, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	text := pdfToText(t, func(w *bytes.Buffer) error { return AuditReportPDF(w, d) })
	for _, want := range []string{"Zoë — Łódź", "Zażółć gęślą jaźń", "Lead auditor"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext does not find %q", want)
		}
	}
}

// pdfToText writes a PDF with write and returns its text as pdftotext
// reads it; the test is skipped where pdftotext is not installed.
func pdfToText(t *testing.T, write func(*bytes.Buffer) error) string {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	checkPDF(t, buf.Bytes())
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not installed (poppler-utils): the extracted text is not checked")
	}
	in := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestAuditReportPDFTextExtracts(t *testing.T) {
	d := auditDoc(30, 3)
	text := pdfToText(t, func(w *bytes.Buffer) error { return AuditReportPDF(w, d) })
	for _, want := range []string{
		"Internal audit report", "IA-3 Access control and supplier relationships", "Jörg Weiß, Ana Ruiz",
		"Major nonconformity", "Minor nonconformity", "F-2", "Checklist", "Page 1 of", "Not yet audited",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext does not find %q", want)
		}
	}
}

func TestAuditReportXLSX(t *testing.T) {
	d := auditDoc(12, 3)
	d.Findings[1].Description = "=HYPERLINK(\"http://example.com\",\"click\")"
	var buf bytes.Buffer
	if err := AuditReportXLSX(&buf, d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the XLSX does not open: %v", err)
	}
	defer f.Close()
	if diff := cmp.Diff([]string{"Audit", "Findings", "Checklist"}, f.GetSheetList()); diff != "" {
		t.Fatalf("sheets (-want +got):\n%s", diff)
	}
	audit, _ := f.GetRows("Audit")
	wantAudit := [][]string{
		{"Reference", "IA-3"}, {"Title", "Access control and supplier relationships"},
		{"Organization", "Müller & Søn A/S"}, {"Programme", "AP-1 Internal audit programme 2025–2027"},
	}
	if diff := cmp.Diff(wantAudit, audit[:4]); diff != "" {
		t.Errorf("Audit sheet (-want +got):\n%s", diff)
	}
	last := audit[len(audit)-2:]
	if last[0][0] != "Summary" || last[0][1] != d.Summary || last[1][0] != "Independence override" {
		t.Errorf("the Audit sheet ends with %q, want the summary and the override", last)
	}
	if s := cellStyle(t, f, "Audit", "B5"); s.Alignment == nil || !s.Alignment.WrapText {
		t.Errorf("Audit!B5 alignment = %+v, want wrapped text", s.Alignment)
	}
	findings, _ := f.GetRows("Findings")
	if diff := cmp.Diff(auditFindingColumns, findings[0]); diff != "" {
		t.Errorf("Findings heading (-want +got):\n%s", diff)
	}
	if len(findings) != 4 || findings[1][1] != "Minor nonconformity" || findings[3][6] != "Lucía Fernández" {
		t.Errorf("Findings rows = %q", findings[1:])
	}
	if v, _ := f.GetCellValue("Findings", "D3"); v != d.Findings[1].Description {
		t.Errorf("Findings!D3 = %q, want the text as written", v)
	}
	if fm, _ := f.GetCellFormula("Findings", "D3"); fm != "" {
		t.Errorf("Findings!D3 has formula %q, want a plain string", fm)
	}
	checklist, _ := f.GetRows("Checklist")
	if diff := cmp.Diff(auditChecklistColumns, checklist[0]); diff != "" {
		t.Errorf("Checklist heading (-want +got):\n%s", diff)
	}
	if len(checklist) != 13 || checklist[3][2] != "Nonconforming" {
		t.Errorf("Checklist has %d rows, C4 = %q; want 13 rows and Nonconforming", len(checklist), checklist[3][2])
	}
	for _, sheet := range []string{"Findings", "Checklist"} {
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s panes = %+v, %v; want the heading row frozen", sheet, panes, err)
		}
		if s := cellStyle(t, f, sheet, "A1"); s.Font == nil || !s.Font.Bold {
			t.Errorf("%s!A1 is not bold", sheet)
		}
		if s := cellStyle(t, f, sheet, "D2"); s.Alignment == nil || !s.Alignment.WrapText {
			t.Errorf("%s!D2 alignment = %+v, want wrapped text", sheet, s.Alignment)
		}
	}
}

// BenchmarkAuditReportPDF writes the report of an audit of 120 items and
// 10 findings, in the core fonts and in the Go fonts.
func BenchmarkAuditReportPDF(b *testing.B) {
	goFonts := auditDoc(120, 10)
	goFonts.Lead = "Łucja Kowalska"
	for _, tt := range []struct {
		name string
		doc  *AuditReportDoc
	}{{"core_fonts", auditDoc(120, 10)}, {"go_fonts", goFonts}} {
		b.Run(tt.name, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := AuditReportPDF(&buf, tt.doc); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(pdfPagesB(buf.Bytes())), "pages")
			b.ReportMetric(float64(buf.Len())/1024, "KiB")
		})
	}
}

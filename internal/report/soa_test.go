// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// soaDoc is an approved SoA of n lines: mostly applicable with their
// sources, every seventh excluded, every eleventh awaiting a decision.
// Each justification ends with "end-<ref>" so tests can find where a row
// ends.
func soaDoc(n int) *SoADoc {
	d := &SoADoc{
		Organization: "Zakład Müller sp. z o.o.", Framework: "ISO/IEC 27001:2022", Version: "v3", Status: "Approved",
		ApprovedBy: "Łucja Kowalska", ApprovedAt: time.Date(2026, 3, 1, 14, 5, 0, 0, time.UTC),
		Generated: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC), Note: "Yearly review: cloud services now in scope.",
		AuditHead: "event 412, SHA-256 9f2c",
	}
	for i := range n {
		ref := fmt.Sprintf("A.%d.%d", 5+i/37, 1+i%37)
		l := SoADocLine{
			Ref: ref, Title: fmt.Sprintf("Control %d on the protection of information in use", i+1),
			Applicable:    "Applicable",
			Justification: fmt.Sprintf("Risk treatment: R-%d, R-%d; Legal, regulatory or contractual: RQ-%d; Good practice: agreed with the board in the yearly review end-%s", i+1, i+40, i%9+1, ref),
			Status:        []string{"Implemented", "Partially implemented", "Planned", "Not started"}[i%4],
			Controls:      fmt.Sprintf("C-%d Access reviews, C-%d Logging and monitoring", i+1, i+2),
			Evidence:      fmt.Sprintf("%d items, %d current, newest 2026-02-%02d", i%5+1, i%5, i%28+1),
			Owner:         "Jürgen Weiß",
		}
		switch {
		case i%11 == 10:
			l.Applicable, l.Justification, l.Status = "Awaiting decision", "end-"+ref, ""
		case i%7 == 6:
			l.Applicable, l.Status = "Not applicable", ""
			l.Justification = "Excluded: no development of software takes place in the organization end-" + ref
		}
		d.Lines = append(d.Lines, l)
	}
	return d
}

// latinDoc is soaDoc with names whose letters all fit cp1252, so that
// its PDF is written in the core fonts, and a note with characters that
// cp1252 has beyond Latin-1.
func latinDoc(n int) *SoADoc {
	d := soaDoc(n)
	d.Organization, d.ApprovedBy = "Müller & Søn A/S", "Lucía Fernández"
	d.Note = "Yearly review — “cloud services” now in scope, budget 12 000 €."
	return d
}

// fontCases are an SoA of n lines in each of the PDF's font sets: the
// core fonts (latinDoc) and the embedded Go fonts (soaDoc's Polish
// names need them).
func fontCases(n int) []struct {
	name string
	doc  *SoADoc
} {
	return []struct {
		name string
		doc  *SoADoc
	}{{"core_fonts", latinDoc(n)}, {"go_fonts", soaDoc(n)}}
}

// draftDoc is a small draft: not approved, no note, no audit trail head,
// with texts a spreadsheet would misread and a text of several lines.
func draftDoc() *SoADoc {
	d := soaDoc(4)
	d.Status, d.ApprovedBy, d.ApprovedAt, d.Note, d.AuditHead = "Draft", "", time.Time{}, "", ""
	d.Lines[1].Justification = "=HYPERLINK(\"http://example.com\")"
	d.Lines[2].Justification = "Business requirement: customer contracts,\n\"quoted\", and more"
	return d
}

func TestSoATableCSVGolden(t *testing.T) {
	for _, tt := range []struct {
		name string
		doc  *SoADoc
	}{{"soa_approved", soaDoc(12)}, {"soa_draft", draftDoc()}} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteCSV(&buf, SoATable(tt.doc)); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run the test with -update to write it)", err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("SoA CSV differs from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

func TestSoATableMeta(t *testing.T) {
	got := SoATable(draftDoc()).Meta
	want := [][2]string{
		{"Organization", "Zakład Müller sp. z o.o."}, {"Framework", "ISO/IEC 27001:2022"}, {"Version", "v3"},
		{"Status", "Draft"}, {"Generated", "2026-03-02T09:30:00Z"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SoATable(draft).Meta (-want +got):\n%s", diff)
	}
	got = SoATable(soaDoc(1)).Meta
	if diff := cmp.Diff([][2]string{{"Approved by", "Łucja Kowalska"}, {"Approved on", "2026-03-01"}}, got[4:6]); diff != "" {
		t.Errorf("SoATable(approved).Meta approval (-want +got):\n%s", diff)
	}
	if last := got[len(got)-1]; last != [2]string{"Audit trail head", "event 412, SHA-256 9f2c"} {
		t.Errorf("SoATable(approved).Meta ends with %q, want the audit trail head", last)
	}
}

func TestSoAXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, SoATable(soaDoc(12))); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the XLSX does not open: %v", err)
	}
	defer f.Close()
	sheet := "Statement of Applicability"
	if diff := cmp.Diff([]string{sheet, "About"}, f.GetSheetList()); diff != "" {
		t.Fatalf("sheets (-want +got):\n%s", diff)
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(SoAColumns, rows[0]); diff != "" {
		t.Errorf("heading row (-want +got):\n%s", diff)
	}
	if len(rows) != 13 {
		t.Errorf("%d rows, want the heading and 12 lines", len(rows))
	}
	if v, _ := f.GetCellValue(sheet, "D3"); v != soaDoc(12).Lines[1].Justification {
		t.Errorf("D3 = %q, want the second line's justification", v)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes = %+v, %v; want the heading row frozen", panes, err)
	}
	filter := ""
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm._FilterDatabase" {
			filter = n.RefersTo
		}
	}
	if filter != "'Statement of Applicability'!$A$1:$H$13" {
		t.Errorf("autofilter = %q, want the heading and lines, columns A to H", filter)
	}
	if s := cellStyle(t, f, sheet, "D2"); s.Alignment == nil || !s.Alignment.WrapText || s.Alignment.Vertical != "top" {
		t.Errorf("D2 alignment = %+v, want wrapped text aligned to the top", s.Alignment)
	}
	if w, _ := f.GetColWidth(sheet, "D"); w > 50 {
		t.Errorf("the justification column is %.0f wide, want it capped", w)
	}
}

func TestWriteXLSXWrapsOnlyWhenAsked(t *testing.T) {
	var buf bytes.Buffer
	long := strings.Repeat("word ", 30)
	if err := WriteXLSX(&buf, &Table{Title: "T", Columns: []string{"A"}, Rows: [][]string{{long}}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if id, _ := f.GetCellStyle("T", "A2"); id != 0 {
		t.Errorf("A2 has style %d, want none without Wrap", id)
	}
	if w, _ := f.GetColWidth("T", "A"); w != 62 {
		t.Errorf("column A is %.0f wide, want 62 (the cap without Wrap)", w)
	}
}

func cellStyle(t *testing.T, f *excelize.File, sheet, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// soaPDF writes d uncompressed and returns the file and its page count.
func soaPDF(t *testing.T, d *SoADoc) ([]byte, int) {
	t.Helper()
	var buf bytes.Buffer
	if err := writeSoAPDF(&buf, d, false); err != nil {
		t.Fatal(err)
	}
	checkPDF(t, buf.Bytes())
	return buf.Bytes(), pdfPages(t, buf.Bytes())
}

// pageTexts splits the content of a PDF of n pages at its footers: the
// i-th part is page i+1's content.
func pageTexts(t *testing.T, pdf []byte, n int) [][]byte {
	t.Helper()
	var out [][]byte
	for i := 1; i <= n; i++ {
		foot := fmt.Sprintf("Page %d of %d", i, n)
		end, size := indexText(pdf, foot)
		if end < 0 {
			t.Fatalf("page %d has no footer %q", i, foot)
		}
		out = append(out, pdf[:end])
		pdf = pdf[end+size:]
	}
	return out
}

// pageOf is the number of the page whose content shows s, or 0.
func pageOf(pages [][]byte, s string) int {
	for i, p := range pages {
		if showsText(p, s) {
			return i + 1
		}
	}
	return 0
}

func TestSoAPDFShowsTheVersionAndItsLines(t *testing.T) {
	for _, tt := range fontCases(93) {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.doc
			pdf, n := soaPDF(t, d)
			if n < 4 || n > 30 {
				t.Errorf("pages = %d for 93 lines, want 4 to 30", n)
			}
			pages := pageTexts(t, pdf, n)
			for _, want := range []string{
				"Statement of Applicability", d.Organization, "ISO/IEC 27001:2022", "v3 (Approved)",
				d.ApprovedBy, "2026-03-01", "2026-03-02 09:30 UTC", d.Note,
				"event 412, SHA-256 9f2c", "Summary", "Awaiting decision", "Status: Partially implemented",
			} {
				if pageOf(pages[:1], want) != 1 {
					t.Errorf("the title page does not show %q", want)
				}
			}
			for _, want := range []string{"A.5.1", "A.7.19", "Control 93 on the protection", "Not applicable", "C-93 Access reviews,"} {
				if !showsText(pdf, want) {
					t.Errorf("the PDF does not show %q", want)
				}
			}
			if showsText(pdf, "Jürgen") {
				t.Errorf("the PDF shows the owner, which is not one of its columns")
			}
			for head, want := range map[string]int{
				d.Organization + " · Statement of Applicability v3 · Approved":  n,
				"Statement of Applicability — ISO/IEC 27001:2022 v3 (Approved)": n - 1,
			} {
				if c := countText(pdf, head); c != want {
					t.Errorf("%q on %d of %d pages, want %d", head, c, n, want)
				}
			}
			if showsText(pdf, "{nb}") {
				t.Errorf("the page total is not filled in")
			}
		})
	}
}

func TestSoAPDFSummaryCounts(t *testing.T) {
	got := soaSummary(soaDoc(22).Lines)
	want := [][2]string{
		{"Lines", "22"}, {"Applicable", "17"}, {"Not applicable", "3"}, {"Awaiting decision", "2"},
		{"Status: Implemented", "5"}, {"Status: Partially implemented", "4"}, {"Status: Planned", "3"}, {"Status: Not started", "5"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("soaSummary (-want +got):\n%s", diff)
	}
}

func TestSoAPDFRepeatsTheHeadingAndKeepsRowsWhole(t *testing.T) {
	for _, tt := range fontCases(93) {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.doc
			d.Lines[40].Justification = strings.Repeat("A long justification that needs many lines of the table. ", 30) + "end-" + d.Lines[40].Ref
			pdf, n := soaPDF(t, d)
			pages := pageTexts(t, pdf, n)
			if pageOf(pages[:1], "Justification") != 0 {
				t.Errorf("the title page shows the table's heading")
			}
			for i, p := range pages[1:] {
				for _, h := range soaPDFColumns {
					if !showsText(p, h.label) {
						t.Errorf("page %d does not repeat the heading %q", i+2, h.label)
					}
				}
			}
			for _, l := range d.Lines {
				start, end := pageOf(pages, l.Ref), pageOf(pages, "end-"+l.Ref)
				if start < 2 || start != end {
					t.Errorf("line %s starts on page %d and ends on page %d, want one table page", l.Ref, start, end)
				}
			}
		})
	}
}

func TestSoAPDFPagesGrowWithLines(t *testing.T) {
	pdf, n := soaPDF(t, soaDoc(0))
	if n != 2 || !showsText(pdf, "The Statement of Applicability has no lines.") {
		t.Errorf("an SoA without lines has %d pages, want 2: the title page and one saying it has no lines", n)
	}
	prev := 0
	for _, lines := range []int{10, 93, 250} {
		_, n := soaPDF(t, soaDoc(lines))
		if n <= prev {
			t.Errorf("%d lines take %d pages, fewer lines took %d", lines, n, prev)
		}
		prev = n
	}
}

func TestSoAPDFIsTheSameForTheSameVersion(t *testing.T) {
	for _, tt := range fontCases(93) {
		t.Run(tt.name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := SoAPDF(&a, tt.doc); err != nil {
				t.Fatal(err)
			}
			if err := SoAPDF(&b, tt.doc); err != nil {
				t.Fatal(err)
			}
			checkPDF(t, a.Bytes())
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("the same approved version gives different files")
			}
			if !bytes.Contains(a.Bytes(), []byte("/CreationDate (D:20260301")) {
				t.Errorf("the creation date is not the approval date")
			}
			if _, n := soaPDF(t, tt.doc); pdfPagesB(a.Bytes()) != n {
				t.Errorf("compression changed the page count")
			}
		})
	}
}

func TestSoAPDFDraftIsNotApproved(t *testing.T) {
	pdf, n := soaPDF(t, draftDoc())
	pages := pageTexts(t, pdf, n)
	for _, want := range []string{"Not approved", "v3 (Draft)"} {
		if pageOf(pages[:1], want) != 1 {
			t.Errorf("the title page of a draft does not show %q", want)
		}
	}
	if showsText(pdf, "Approved on") {
		t.Errorf("a draft shows an approval date")
	}
}

// BenchmarkSoAPDF writes the SoA of Annex A's 93 controls, in the core
// fonts and in the Go fonts.
func BenchmarkSoAPDF(b *testing.B) {
	for _, tt := range fontCases(93) {
		b.Run(tt.name, func(b *testing.B) {
			var buf bytes.Buffer
			if err := writeSoAPDF(&buf, tt.doc, false); err != nil {
				b.Fatal(err)
			}
			pages := pdfPagesB(buf.Bytes())
			for b.Loop() {
				buf.Reset()
				if err := SoAPDF(&buf, tt.doc); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(pages), "pages")
		})
	}
}

// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
)

// everyElement is a body with every Markdown element the PDF lays out,
// and Latin text beyond ASCII.
const everyElement = "# Information security policy\n\n" +
	"## 1. Purpose — “why” we do this\n\n" +
	"This policy is **binding**, _explained_, ***both***, ~~withdrawn~~ and uses `code spans`. " +
	"Zażółć gęślą jaźń; Grüße; café; naïve; Łódź; 10 € — a long sentence that has to wrap at the right margin " +
	"of the page so that the line breaking is exercised at least once in this paragraph.\n" +
	"A soft break continues the paragraph.  \nA hard break starts a new line.\n\n" +
	"### Lists\n\n" +
	"- first bullet\n- second bullet with a [link](https://example.com/policy) and <https://example.org>\n" +
	"  - nested bullet\n    1. deeply nested number\n- [x] done task\n- [ ] open task\n\n" +
	"3. third\n4. fourth\n\n" +
	"#### Table\n\n" +
	"| Role | Responsibility | Frequency |\n|:-----|:---------------|----------:|\n" +
	"| Owner | Approves the policy and every change to it, after consulting the security team | Yearly |\n" +
	"| All staff | Read and acknowledge | On joining |\n\n" +
	"```go\nfunc main() {\n\tfmt.Println(\"tabs and <angle> brackets\")\n}\n```\n\n" +
	"    indented code block\n\n" +
	"> A block quote with *emphasis*.\n>\n> Second paragraph.\n\n" +
	"---\n\n" +
	"![diagram](/static/diagram.png) and characters without a glyph: 日本 😀\n\n" +
	"<script>alert(1)</script>\n\n[bad](javascript:alert(1)) text after.\n"

// testInfo is a control block for tests.
func testInfo(body string) DocumentPDFInfo {
	return DocumentPDFInfo{
		Title: "Information security policy", Ref: "DOC-1", Type: "Policy", Status: "Approved",
		Owner: "Ana Müller", Classification: "Internal", Approvers: "Ben Østergård, Chloé Dubois",
		ApprovedAt: "2026-03-01", NextReview: "2027-03-01", ChangeSummary: "Annual review: new section on AI tools.",
		Version: 2, Body: body,
	}
}

// pdfPages reads the page count of a PDF written by fpdf.
func pdfPages(t *testing.T, pdf []byte) int {
	t.Helper()
	m := regexp.MustCompile(`/Type /Pages\s*/Kids \[[^\]]*\]\s*/Count (\d+)`).FindSubmatch(pdf)
	if m == nil {
		t.Fatalf("no page tree in the PDF")
	}
	n, _ := strconv.Atoi(string(m[1]))
	if pages := bytes.Count(pdf, []byte("/Type /Page\n")); pages != n {
		t.Errorf("page tree counts %d pages, the file has %d page objects", n, pages)
	}
	return n
}

// utf16Text is how fpdf writes s in the content stream of a Unicode font:
// UTF-16BE bytes, with parentheses and backslashes escaped.
func utf16Text(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		for _, c := range []byte{byte(u >> 8), byte(u)} {
			if c == '(' || c == ')' || c == '\\' {
				b = append(b, '\\')
			}
			b = append(b, c)
		}
	}
	return b
}

func checkPDF(t *testing.T, pdf []byte) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("not a PDF: starts with %q", pdf[:min(len(pdf), 8)])
	}
	if !bytes.HasSuffix(bytes.TrimSpace(pdf), []byte("%%EOF")) {
		t.Errorf("PDF does not end with %%%%EOF")
	}
}

func TestDocumentPDFEveryElement(t *testing.T) {
	var buf bytes.Buffer
	if err := writeDocumentPDF(&buf, testInfo(everyElement), false); err != nil {
		t.Fatal(err)
	}
	pdf := buf.Bytes()
	checkPDF(t, pdf)
	if n := pdfPages(t, pdf); n != 1 && n != 2 {
		t.Errorf("pages = %d, want 1 or 2 for this body", n)
	}
	for _, want := range []string{
		"Information security policy", "Ana Müller", "Ben Østergård, Chloé Dubois", "Classification: Internal",
		"Zażółć", "Grüße", "Łódź", "“why”", "binding", "tabs and <angle> brackets", "deeply nested number",
		"Approves the policy", "Responsibility", "[x] ", "[image: diagram]", "(https://example.com/policy)",
		"text after.", "? ?",
	} {
		if !bytes.Contains(pdf, utf16Text(want)) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	for _, absent := range []string{"alert(1)", "<script>", "日本", "{nb}"} {
		if bytes.Contains(pdf, utf16Text(absent)) {
			t.Errorf("the PDF shows %q", absent)
		}
	}
	if !bytes.Contains(pdf, []byte("/URI (https://example.com/policy)")) {
		t.Errorf("the link is not clickable")
	}
	if bytes.Contains(pdf, []byte("javascript")) {
		t.Errorf("the unsafe link reached the PDF")
	}
}

func TestDocumentPDFPageCount(t *testing.T) {
	var body strings.Builder
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&body, "## Section %d\n\n%s\n\n", i, strings.Repeat("Every member of staff protects the information entrusted to them. ", 12))
	}
	tests := []struct {
		name     string
		body     string
		min, max int
	}{
		{"empty body", "", 1, 1},
		{"one paragraph", "Short.", 1, 1},
		{"forty sections", body.String(), 8, 14},
		{"a table taller than a page", "| A | B |\n|---|---|\n| " + strings.Repeat("word ", 2500) + " | x |\n" +
			strings.Repeat("| row | cell |\n", 80), 3, 8},
		{"a long code block", "```\n" + strings.Repeat("line of code\n", 200) + "```\n", 3, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := writeDocumentPDF(&buf, testInfo(tt.body), false); err != nil {
				t.Fatal(err)
			}
			checkPDF(t, buf.Bytes())
			n := pdfPages(t, buf.Bytes())
			if n < tt.min || n > tt.max {
				t.Errorf("pages = %d, want %d to %d", n, tt.min, tt.max)
			}
			last := utf16Text(fmt.Sprintf("Page %d of %d", n, n))
			if !bytes.Contains(buf.Bytes(), last) {
				t.Errorf("the last page is not numbered %q", fmt.Sprintf("Page %d of %d", n, n))
			}
			if c := bytes.Count(buf.Bytes(), utf16Text("Classification: Internal")); c != n {
				t.Errorf("classification shown on %d of %d pages", c, n)
			}
		})
	}
}

func TestDocumentPDFFileBody(t *testing.T) {
	info := testInfo("# ignored")
	info.FileBody = "supplier-contract.pdf"
	var buf bytes.Buffer
	if err := writeDocumentPDF(&buf, info, false); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), utf16Text("supplier-contract.pdf")) || bytes.Contains(buf.Bytes(), utf16Text("ignored")) {
		t.Errorf("a file body is named instead of rendered")
	}
}

func TestDocumentPDFCompressed(t *testing.T) {
	var plain, packed bytes.Buffer
	if err := writeDocumentPDF(&plain, testInfo(everyElement), false); err != nil {
		t.Fatal(err)
	}
	if err := DocumentPDF(&packed, testInfo(everyElement)); err != nil {
		t.Fatal(err)
	}
	checkPDF(t, packed.Bytes())
	if pdfPages(t, packed.Bytes()) != pdfPages(t, plain.Bytes()) {
		t.Errorf("compression changed the page count")
	}
	if packed.Len() >= plain.Len() {
		t.Errorf("compressed PDF (%d bytes) is not smaller than uncompressed (%d)", packed.Len(), plain.Len())
	}
	var again bytes.Buffer
	if err := DocumentPDF(&again, testInfo(everyElement)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), packed.Bytes()) {
		t.Errorf("the same version gives a different file")
	}
}

func TestPDFText(t *testing.T) {
	for in, want := range map[string]string{
		"plain": "plain", "Zażółć “x” —": "Zażółć “x” —", "a\tb": "a    b", "日本": "??", "ok 😀": "ok ?", "a\x01b": "ab",
	} {
		if got := pdfText(in); got != want {
			t.Errorf("pdfText(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkDocumentPDF writes a ten-page policy.
func BenchmarkDocumentPDF(b *testing.B) {
	var body strings.Builder
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&body, "## %d. Section\n\n%s\n\n- a point to note\n- another point, with **bold** text\n\n", i,
			strings.Repeat("Everyone protects the information entrusted to them and reports incidents at once. ", 8))
		if i%3 == 0 {
			body.WriteString("| Role | Duty |\n|---|---|\n| Owner | Approves |\n| Staff | Acknowledge |\n\n")
		}
	}
	info := testInfo(body.String())
	var buf bytes.Buffer
	if err := writeDocumentPDF(&buf, info, false); err != nil {
		b.Fatal(err)
	}
	pages := pdfPagesB(buf.Bytes())
	for b.Loop() {
		buf.Reset()
		if err := DocumentPDF(&buf, info); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pages), "pages")
}

func pdfPagesB(pdf []byte) int { return bytes.Count(pdf, []byte("/Type /Page\n")) }

func TestFlowWraps(t *testing.T) {
	p := newPDFWriter()
	p.f.AddPage()
	pageW, _ := p.f.GetPageSize()
	right := pageW - pdfMargin
	y0 := p.f.GetY()
	text := strings.Repeat("policy ", 60) + "https://example.com/" + strings.Repeat("x", 300) + " end"
	p.flow(text, pdfLineHeight, "")
	if x := p.f.GetX(); x > right+0.01 {
		t.Errorf("text runs past the margin: x = %.1f > %.1f", x, right)
	}
	if lines := int((p.f.GetY()-y0)/pdfLineHeight + 1.5); lines < 4 || lines > 8 {
		t.Errorf("%d lines for about 3 lines of words and a word of 2 lines", lines)
	}
	if err := p.f.Error(); err != nil {
		t.Fatal(err)
	}
}

func TestWords(t *testing.T) {
	if diff := cmp.Diff([]string{"a ", "b  ", "c"}, words("a b  c")); diff != "" {
		t.Errorf("words (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{" ", "x "}, words(" x ")); diff != "" {
		t.Errorf("words (-want +got):\n%s", diff)
	}
	one := func(string) float64 { return 1 }
	if got := fitRunes(one, "łódź", 2.5); got != "łó" {
		t.Errorf("fitRunes = %q, want %q", got, "łó")
	}
	if got := fitRunes(one, "łódź", 0.1); got != "ł" {
		t.Errorf("fitRunes keeps at least one rune; got %q", got)
	}
}

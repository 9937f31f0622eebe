// SPDX-License-Identifier: Apache-2.0

package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/gomonobolditalic"
	"golang.org/x/image/font/gofont/gomonoitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// DocumentPDFInfo is what the PDF of one document version shows: the
// facts of its control block and its body.
type DocumentPDFInfo struct {
	Title, Ref, Type, Status, Owner, Classification  string
	Approvers, ApprovedAt, NextReview, ChangeSummary string
	Version                                          int
	// Body is the Markdown of the version.
	Body string
	// FileBody, when the body is an uploaded file, is its name; it is
	// named instead of the body.
	FileBody string
}

// Page layout of document PDFs, in millimetres and points.
const (
	pdfMargin     = 20.0
	pdfBodySize   = 10.5 // pt
	pdfLineHeight = 5.2  // mm, for the body size
	pdfSmallSize  = 8.0  // pt, header and footer
)

// pdfFonts are the Go fonts by family and style; "go" is proportional,
// "gomono" monospaced. They cover Latin, Greek and Cyrillic with their
// extensions and the usual punctuation, not CJK.
var pdfFonts = map[string][]byte{
	"go": goregular.TTF, "goB": gobold.TTF, "goI": goitalic.TTF, "goBI": gobolditalic.TTF,
	"gomono": gomono.TTF, "gomonoB": gomonobold.TTF, "gomonoI": gomonoitalic.TTF, "gomonoBI": gomonobolditalic.TTF,
}

// DocumentPDF writes one document version as an A4 PDF: a control block
// (title, reference, version, status, owner, approvers, approval date,
// classification, next review, change summary), then the body rendered
// from its Markdown (or the name of the file that is the body), with the
// classification and "Page N of M" in every page's footer.
func DocumentPDF(w io.Writer, info DocumentPDFInfo) error {
	return writeDocumentPDF(w, info, true)
}

// writeDocumentPDF is DocumentPDF with stream compression optional, so
// that tests can read the page content.
func writeDocumentPDF(w io.Writer, info DocumentPDFInfo, compress bool) error {
	p := newPDFWriter()
	f := p.f
	approved, _ := leadingDate(info.ApprovedAt)
	p.describe(info.Title, info.Ref+" version "+strconv.Itoa(info.Version), approved, compress)
	f.SetHeaderFunc(func() { p.header(info) })
	f.SetFooterFunc(func() { p.footer(info) })
	f.AddPage()
	p.controlBlock(info)
	if info.FileBody != "" {
		p.setFont(pdfBodySize, style{italic: true})
		f.MultiCell(0, pdfLineHeight, pdfText("The body of this version is the file "+info.FileBody+
			". Open it from the document's page; it is not reproduced here."), "", "L", false)
	} else {
		p.markdown([]byte(info.Body))
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("write document pdf: %w", err)
	}
	return nil
}

// pdfWriter lays out one PDF.
type pdfWriter struct {
	f     *fpdf.Fpdf
	added map[string]bool
	cur   style
	size  float64
	src   []byte
	// indent is the left edge of the current block, list or quote.
	indent float64
	// core is set when the PDF is written in the core fonts (Helvetica
	// and Courier, text in cp1252) rather than the embedded Go fonts.
	core bool
}

// style is the inline text style.
type style struct {
	bold, italic, mono, underline, strike bool
	color                                 [3]int
}

// newPDFWriter lays out portrait A4 pages in the Go fonts.
func newPDFWriter() *pdfWriter { return newPDFWriterIn("P", false) }

// newPDFWriterIn lays out A4 pages in orientation "P" (portrait) or "L"
// (landscape), with the margins, page numbering and body font every PDF
// shares. core selects the core fonts instead of the Go fonts: only for
// a PDF whose every text fitsCoreFonts.
func newPDFWriterIn(orientation string, core bool) *pdfWriter {
	f := fpdf.New(orientation, "mm", "A4", "")
	f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	f.SetAutoPageBreak(true, pdfMargin)
	f.AliasNbPages("{nb}")
	f.SetCellMargin(1)
	p := &pdfWriter{f: f, added: map[string]bool{}, indent: pdfMargin, core: core}
	p.setFont(pdfBodySize, style{})
	return p
}

// setFont selects the font for s at size points: a core font, or a Go
// font added on first use (each added Go font is parsed and embedded).
func (p *pdfWriter) setFont(size float64, s style) {
	if s == p.cur && size == p.size {
		return // selected already: fpdf would write it to the page again
	}
	family, st := "go", ""
	switch {
	case p.core && s.mono:
		family = "courier"
	case p.core:
		family = "helvetica"
	case s.mono:
		family = "gomono"
	}
	if s.bold {
		st += "B"
	}
	if s.italic {
		st += "I"
	}
	if !p.core && !p.added[family+st] {
		p.f.AddUTF8FontFromBytes(family, st, pdfFonts[family+st])
		p.added[family+st] = true
	}
	if s.underline {
		st += "U"
	}
	if s.strike {
		st += "S"
	}
	p.f.SetFont(family, st, size)
	p.f.SetTextColor(s.color[0], s.color[1], s.color[2])
	p.cur, p.size = s, size
}

// describe sets the file's metadata. A non-zero approved time becomes its
// creation and modification dates, so that an approved version gives the
// same file every time; compress packs the content streams (tests leave
// them readable).
func (p *pdfWriter) describe(title, subject string, approved time.Time, compress bool) {
	f := p.f
	f.SetCompression(compress)
	f.SetTitle(pdfText(title), true)
	f.SetSubject(pdfText(subject), true)
	f.SetCreator("isms", false)
	f.SetCatalogSort(true)
	if !approved.IsZero() {
		f.SetCreationDate(approved)
		f.SetModificationDate(approved)
	}
}

// header shows, from the second page on, which document the page is of.
func (p *pdfWriter) header(info DocumentPDFInfo) {
	p.runningHead(fmt.Sprintf("%s v%d — %s", info.Ref, info.Version, info.Title))
}

// runningHead writes text at the head of every page but the first.
func (p *pdfWriter) runningHead(text string) {
	f := p.f
	if f.PageNo() == 1 {
		return
	}
	saved, size := p.cur, p.size
	p.setFont(pdfSmallSize, style{color: [3]int{100, 100, 100}})
	f.SetXY(pdfMargin, 10)
	f.CellFormat(0, 4, p.text(text), "", 0, "L", false, 0, "")
	f.SetXY(pdfMargin, pdfMargin)
	p.setFont(size, saved)
}

// footer shows the classification, the version and the page number on
// every page.
func (p *pdfWriter) footer(info DocumentPDFInfo) {
	p.runningFoot(fmt.Sprintf("Classification: %s · %s v%d · %s", info.Classification, info.Ref, info.Version, info.Status))
}

// runningFoot writes left and "Page N of M" under a rule at the foot of
// the page.
func (p *pdfWriter) runningFoot(left string) {
	f := p.f
	saved, size := p.cur, p.size
	p.setFont(pdfSmallSize, style{color: [3]int{80, 80, 80}})
	pageW, pageH := f.GetPageSize()
	f.SetXY(pdfMargin, pageH-14)
	f.CellFormat(pageW-2*pdfMargin-30, 4, p.text(left), "T", 0, "L", false, 0, "")
	f.CellFormat(30, 4, "Page "+strconv.Itoa(f.PageNo())+" of {nb}", "T", 0, "R", false, 0, "")
	p.setFont(size, saved)
}

// controlBlock writes the title and the table of facts that identify the
// version.
func (p *pdfWriter) controlBlock(info DocumentPDFInfo) {
	f := p.f
	p.setFont(18, style{bold: true})
	f.MultiCell(0, 8, pdfText(info.Title), "", "L", false)
	f.Ln(2)
	rows := [][2]string{
		{"Reference", info.Ref},
		{"Version", strconv.Itoa(info.Version) + " (" + info.Status + ")"},
		{"Type", info.Type},
		{"Owner", info.Owner},
		{"Classification", info.Classification},
		{"Approved by", orDash(info.Approvers)},
		{"Approved on", orDash(info.ApprovedAt)},
		{"Next review", orDash(info.NextReview)},
		{"Change summary", orDash(info.ChangeSummary)},
	}
	pageW, _ := f.GetPageSize()
	widths := []float64{40, pageW - 2*pdfMargin - 40}
	p.setFont(9.5, style{})
	for _, r := range rows {
		p.tableRow([]string{r[0], r[1]}, widths, []string{"L", "L"}, []bool{true, false}, 4.6, nil)
	}
	f.Ln(6)
	p.setFont(pdfBodySize, style{})
}

// leadingDate reads the date that s ("2026-03-01" or "2026-03-01 14:05")
// starts with.
func leadingDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.DateOnly, s[:min(len(s), len(time.DateOnly))])
	return t, err == nil
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// glyphs is the set of runes every Go font has a glyph for; others are
// shown as "?" rather than as an empty box (or, beyond the Basic
// Multilingual Plane, not at all).
var glyphs = sync.OnceValue(func() []bool {
	has := make([]bool, 0x10000)
	var fonts []*sfnt.Font
	for _, b := range [][]byte{goregular.TTF, gomono.TTF} {
		fnt, err := sfnt.Parse(b)
		if err != nil {
			panic("parse Go font: " + err.Error())
		}
		fonts = append(fonts, fnt)
	}
	var buf sfnt.Buffer
	for r := 0x20; r < len(has); r++ {
		has[r] = true
		for _, fnt := range fonts {
			if i, err := fnt.GlyphIndex(&buf, rune(r)); err != nil || i == 0 {
				has[r] = false
				break
			}
		}
	}
	return has
})

// pdfText makes s printable with the Go fonts: tabs become four spaces,
// other control characters are dropped, and runes without a glyph become
// "?".
func pdfText(s string) string {
	has := glyphs()
	ok := true
	for _, r := range s {
		if r >= 0x10000 || r < 0x20 && r != '\n' || r >= 0x20 && !has[r] {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t':
			b.WriteString("    ")
		case r == '\n':
			b.WriteRune(r)
		case r < 0x20:
		case r >= 0x10000 || !has[r]:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

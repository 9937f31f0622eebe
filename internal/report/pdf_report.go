// SPDX-License-Identifier: Apache-2.0

package report

import (
	"strings"
)

// The blocks of the report PDFs (the internal audit report, the
// management review's input pack and minutes): a title, headings that
// never end a page, plain paragraphs, label/value facts and tables of
// columns whose heading row repeats on every page they continue on.

// Text sizes of the report PDFs, in points and millimetres.
const (
	reportTableSize  = 8   // pt
	reportLineHeight = 3.6 // mm, for reportTableSize
)

// pdfColumn is a column of a report table: its heading and its width in
// millimetres; columns of width 0 share what the others leave of the
// line.
type pdfColumn struct {
	label string
	width float64
}

// reportTitle writes a report's title and, below it, what it is about.
func (p *pdfWriter) reportTitle(title, subtitle string) {
	f := p.f
	p.setFont(22, style{bold: true})
	f.MultiCell(0, 10, p.text(title), "", "L", false)
	p.setFont(14, style{})
	f.MultiCell(0, 7, p.text(subtitle), "", "L", false)
	f.Ln(4)
	p.setFont(pdfBodySize, style{})
}

// headingKeep is how much of what follows a heading, in millimetres,
// must fit below it on the same page: about five lines.
const headingKeep = 30

// reportHeading writes a heading of size points, first moving to a new
// page when less than keep millimetres would be left below it.
func (p *pdfWriter) reportHeading(text string, size, keep float64) {
	f := p.f
	_, pageH := f.GetPageSize()
	if f.GetY() > pageH-pdfMargin-keep {
		f.AddPage()
	} else if f.GetY() > pdfMargin+1 {
		f.Ln(3)
	}
	p.setFont(size, style{bold: true})
	f.SetX(p.indent)
	f.MultiCell(0, size*0.5, p.text(text), "", "L", false)
	f.Ln(1.5)
	p.setFont(pdfBodySize, style{})
}

// paragraphs writes text as plain paragraphs, one per run of lines
// between blank lines, its single line breaks kept.
func (p *pdfWriter) paragraphs(text string) {
	f := p.f
	p.setFont(pdfBodySize, style{})
	text = strings.ReplaceAll(text, "\r\n", "\n")
	for _, para := range strings.Split(text, "\n\n") {
		if para = strings.Trim(para, "\n"); strings.TrimSpace(para) == "" {
			continue
		}
		f.SetX(p.indent)
		f.MultiCell(0, pdfLineHeight, p.text(para), "", "L", false)
		f.Ln(2)
	}
}

// note writes one line of text in italic grey, wrapped at the margin.
func (p *pdfWriter) note(text string) {
	p.setFont(pdfBodySize, style{italic: true, color: [3]int{90, 90, 90}})
	p.f.SetX(p.indent)
	p.f.MultiCell(0, pdfLineHeight, p.text(text), "", "L", false)
	p.f.Ln(1)
	p.setFont(pdfBodySize, style{})
}

// facts writes label/value pairs as a two-column table across the line,
// the labels shaded and labelWidth millimetres wide.
func (p *pdfWriter) facts(rows [][2]string, labelWidth float64) {
	pageW, _ := p.f.GetPageSize()
	p.soaFacts(rows, []float64{labelWidth, pageW - pdfMargin - p.indent - labelWidth}, "L")
	p.setFont(pdfBodySize, style{})
}

// counts writes label/number pairs as a narrow table, the numbers
// aligned to the right.
func (p *pdfWriter) counts(rows [][2]string) {
	p.soaFacts(rows, []float64{60, 20}, "R")
	p.setFont(pdfBodySize, style{})
}

// columnWidthsOf gives the columns of width 0 an equal share of what the
// others leave of the line.
func (p *pdfWriter) columnWidthsOf(cols []pdfColumn) []float64 {
	pageW, _ := p.f.GetPageSize()
	rest, shares := pageW-pdfMargin-p.indent, 0
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = c.width
		if rest -= c.width; c.width == 0 {
			shares++
		}
	}
	for i, c := range cols {
		if c.width == 0 {
			widths[i] = rest / float64(shares)
		}
	}
	return widths
}

// columnTable writes rows under a shaded heading row of cols that is
// repeated at the top of every page the table continues on; a row moves
// whole to the next page when it fits there. links, when set, has for
// each row the URL its first cell links to ("" for none).
func (p *pdfWriter) columnTable(cols []pdfColumn, rows [][]string, links []string) {
	f := p.f
	n := len(cols)
	heads, align := make([]string, n), make([]string, n)
	plain, shaded := make([]bool, n), make([]bool, n)
	for i, c := range cols {
		heads[i], align[i], shaded[i] = c.label, "L", true
	}
	widths := p.columnWidthsOf(cols)
	p.setFont(reportTableSize, style{})
	if _, pageH := f.GetPageSize(); f.GetY()+4*reportLineHeight+6 > pageH-pdfMargin {
		f.AddPage() // no heading row alone at the bottom of a page
	}
	heading := func() { p.tableRow(heads, widths, align, shaded, reportLineHeight, nil) }
	heading()
	for i, r := range rows {
		p.tableRow(r, widths, align, plain, reportLineHeight, heading)
		if i < len(links) && links[i] != "" {
			p.linkRow(r, widths, links[i])
		}
	}
	f.Ln(2)
	p.setFont(pdfBodySize, style{})
}

// linkRow makes the first cell of the row just drawn, on the current
// page, link to url.
func (p *pdfWriter) linkRow(cells []string, widths []float64, url string) {
	f := p.f
	lines := 1
	for i, c := range cells {
		lines = max(lines, len(p.split(p.text(c), widths[i])))
	}
	bottom := f.GetY()
	top := max(bottom-float64(lines)*reportLineHeight-2, pdfMargin)
	f.LinkString(p.indent, top, widths[0], bottom-top, url)
}

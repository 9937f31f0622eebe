// SPDX-License-Identifier: Apache-2.0

package report

import (
	"strings"

	east "github.com/yuin/goldmark/extension/ast"
)

// Tables in document PDFs: the control block and GFM tables of the body
// are drawn as rows of bordered cells whose text wraps.

// table writes a GFM table: columns as wide as their content allows, the
// header row shaded and repeated on every page the table continues on.
func (p *pdfWriter) table(n *east.Table) {
	f := p.f
	f.SetX(p.indent)
	rows, header := tableCells(n, p.src)
	if len(rows) == 0 {
		return
	}
	cols := len(rows[0])
	align := make([]string, cols)
	for i := range align {
		align[i] = "L"
		if i < len(n.Alignments) && n.Alignments[i] == east.AlignRight {
			align[i] = "R"
		} else if i < len(n.Alignments) && n.Alignments[i] == east.AlignCenter {
			align[i] = "C"
		}
	}
	if _, pageH := f.GetPageSize(); f.GetY()+4*4.6 > pageH-pdfMargin {
		f.AddPage() // no header alone at the bottom of a page
	}
	p.setFont(9.5, style{})
	widths := p.columnWidths(rows)
	plain, shaded := make([]bool, cols), make([]bool, cols)
	for i := range shaded {
		shaded[i] = true
	}
	repeat := func() {}
	if header {
		repeat = func() { p.tableRow(rows[0], widths, align, shaded, 4.6, nil) }
	}
	for i, r := range rows {
		if i == 0 && header {
			p.tableRow(r, widths, align, shaded, 4.6, nil)
		} else {
			p.tableRow(r, widths, align, plain, 4.6, repeat)
		}
	}
	f.Ln(3)
	p.setFont(pdfBodySize, style{})
}

// tableCells is the plain text of a table's cells, every row as wide as
// the table; header is set when the first row is a header.
func tableCells(n *east.Table, src []byte) (rows [][]string, header bool) {
	cols := len(n.Alignments)
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		var cells []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, inlineText(c, src))
		}
		if _, ok := r.(*east.TableHeader); ok {
			header = true
		}
		cols = max(cols, len(cells))
		rows = append(rows, cells)
	}
	for i := range rows {
		for len(rows[i]) < cols {
			rows[i] = append(rows[i], "")
		}
	}
	return rows, header
}

// columnWidths shares the width between the indent and the right margin
// among the columns: each gets at least its longest word and, of the
// rest, a share in proportion to how much more its longest cell needs.
func (p *pdfWriter) columnWidths(rows [][]string) []float64 {
	f := p.f
	pageW, _ := f.GetPageSize()
	avail := pageW - pdfMargin - p.indent
	cols := len(rows[0])
	natural, least := make([]float64, cols), make([]float64, cols)
	pad := 2*f.GetCellMargin() + 0.5
	for i, r := range rows {
		p.setFont(9.5, style{bold: i == 0})
		for c, cell := range r {
			natural[c] = max(natural[c], f.GetStringWidth(p.text(cell))+pad)
			for _, word := range strings.Fields(cell) {
				least[c] = max(least[c], min(f.GetStringWidth(p.text(word))+pad, avail/float64(cols)))
			}
			least[c] = max(least[c], 8)
		}
	}
	p.setFont(9.5, style{})
	sumNat, sumLeast := 0.0, 0.0
	for c := range natural {
		natural[c] = max(natural[c], least[c])
		sumNat += natural[c]
		sumLeast += least[c]
	}
	widths := make([]float64, cols)
	for c := range widths {
		switch {
		case sumNat <= avail:
			widths[c] = natural[c] * avail / sumNat
		case sumLeast >= avail || sumNat == sumLeast:
			widths[c] = least[c] * avail / sumLeast
		default:
			widths[c] = least[c] + (avail-sumLeast)*(natural[c]-least[c])/(sumNat-sumLeast)
		}
	}
	return widths
}

// tableRow draws one row of bordered cells that wrap their text. When
// the row does not fit, it moves to a new page first (a row taller than
// a page continues over several), calling onBreak, when set, at the top
// of each new page to repeat a header row. Shaded cells get a grey
// background and bold text.
func (p *pdfWriter) tableRow(cells []string, widths []float64, align []string, shaded []bool, lh float64, onBreak func()) {
	f := p.f
	base := p.cur
	cellStyle := func(i int) style { return style{bold: shaded[i] || base.bold, italic: base.italic} }
	lines := make([][]string, len(cells))
	rows := 1
	for i, c := range cells {
		p.setFont(p.size, cellStyle(i))
		lines[i] = p.split(p.text(c), widths[i])
		rows = max(rows, len(lines[i]))
	}
	_, pageH := f.GetPageSize()
	newPage := func() {
		f.AddPage()
		if onBreak != nil {
			onBreak()
		}
	}
	if h := float64(rows)*lh + 2; f.GetY()+h > pageH-pdfMargin && h < pageH-2*pdfMargin-20 {
		newPage() // it fits on the next page; a taller row starts here
	}
	for start := 0; start < rows; {
		fit := int((pageH - pdfMargin - f.GetY() - 2) / lh)
		if fit < 1 {
			newPage()
			continue
		}
		end := min(rows, start+fit)
		h := float64(end-start)*lh + 2
		x, y := p.indent, f.GetY()
		for i := range cells {
			if shaded[i] {
				// Black again after the shading: text in black then
				// needs no colour of its own.
				f.SetFillColor(235, 235, 235)
				f.Rect(x, y, widths[i], h, "FD")
				f.SetFillColor(0, 0, 0)
			} else {
				f.Rect(x, y, widths[i], h, "D")
			}
			p.setFont(p.size, cellStyle(i))
			for j := start; j < min(end, len(lines[i])); j++ {
				f.SetXY(x, y+1+float64(j-start)*lh)
				f.CellFormat(widths[i], lh, lines[i][j], "", 0, align[i], false, 0, "")
			}
			x += widths[i]
		}
		f.SetXY(p.indent, y+h)
		if start = end; start < rows {
			newPage()
		}
	}
	p.setFont(p.size, base)
}

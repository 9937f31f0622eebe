// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bufio"
	"bytes"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	ghtml "github.com/yuin/goldmark/renderer/html"
)

// The PDF body is laid out by walking the sanitized Markdown tree: each
// block starts on its own line at the current indent, and inline text is
// written in runs of one style that wrap at the right margin.

var headingSizes = [...]float64{0, 17, 14, 12.5, 11.5, 11, 10.5}

// markdown renders a Markdown body.
func (p *pdfWriter) markdown(src []byte) {
	p.src = src
	p.blocks(parseMarkdown(src))
}

// blocks renders the block children of n in order.
func (p *pdfWriter) blocks(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		p.block(c)
	}
}

// block renders one block node.
func (p *pdfWriter) block(n ast.Node) {
	f := p.f
	switch n := n.(type) {
	case *ast.Heading:
		p.heading(n)
	case *ast.Paragraph:
		p.paragraph(n, 2)
	case *ast.TextBlock:
		p.paragraph(n, 0.6)
	case *ast.List:
		p.list(n)
		if _, nested := n.Parent().(*ast.ListItem); !nested {
			f.Ln(1.5)
		}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		p.codeBlock(n)
	case *ast.Blockquote:
		p.quote(n)
	case *ast.ThematicBreak:
		pageW, _ := f.GetPageSize()
		f.Ln(2)
		f.SetDrawColor(160, 160, 160)
		f.Line(p.indent, f.GetY(), pageW-pdfMargin, f.GetY())
		f.SetDrawColor(0, 0, 0)
		f.Ln(4)
	case *east.Table:
		p.table(n)
	default:
		p.blocks(n)
	}
}

// heading writes a heading, first moving to a new page when it would be
// the last line of this one.
func (p *pdfWriter) heading(n *ast.Heading) {
	f := p.f
	_, pageH := f.GetPageSize()
	if f.GetY() > pageH-pdfMargin-25 {
		f.AddPage()
	} else if f.GetY() > pdfMargin+1 {
		f.Ln(3)
	}
	size := headingSizes[min(n.Level, len(headingSizes)-1)]
	p.setFont(size, style{bold: true})
	p.inlines(n, size*0.5)
	f.Ln(size*0.5 + 1.5)
	p.setFont(pdfBodySize, style{})
}

// paragraph writes a paragraph and the space after it.
func (p *pdfWriter) paragraph(n ast.Node, after float64) {
	p.f.SetX(p.indent)
	p.inlines(n, pdfLineHeight)
	p.f.Ln(pdfLineHeight + after)
}

// withIndent renders fn with the left margin moved to left.
func (p *pdfWriter) withIndent(left float64, fn func()) {
	saved := p.indent
	p.indent = left
	p.f.SetLeftMargin(left)
	fn()
	p.indent = saved
	p.f.SetLeftMargin(saved)
}

// list writes the items of a list, each with its bullet or number in the
// gutter and its blocks indented; nested lists indent further.
func (p *pdfWriter) list(n *ast.List) {
	f := p.f
	number := n.Start
	if number == 0 {
		number = 1
	}
	gutter := 6.0
	if n.IsOrdered() {
		gutter = 8
	}
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "•"
		if p.indent > pdfMargin+1 {
			marker = "–"
		}
		if n.IsOrdered() {
			marker = strconv.Itoa(number) + string(n.Marker)
			number++
		}
		_, pageH := f.GetPageSize()
		if f.GetY()+pdfLineHeight > pageH-pdfMargin {
			f.AddPage()
		}
		p.setFont(pdfBodySize, style{})
		f.SetXY(p.indent, f.GetY())
		f.CellFormat(gutter, pdfLineHeight, marker, "", 0, "L", false, 0, "")
		y := f.GetY()
		p.withIndent(p.indent+gutter, func() {
			f.SetXY(p.indent, y)
			p.blocks(item)
		})
	}
}

// codeBlock writes the lines of a code block in the monospaced font on a
// grey background, wrapping long lines.
func (p *pdfWriter) codeBlock(n ast.Node) {
	f := p.f
	pageW, _ := f.GetPageSize()
	width := pageW - pdfMargin - p.indent
	p.setFont(9, style{mono: true})
	f.SetFillColor(242, 242, 242)
	lines := n.Lines()
	f.Ln(0.5)
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := strings.TrimRight(pdfText(string(seg.Value(p.src))), "\r\n")
		parts := f.SplitText(line, width)
		if len(parts) == 0 {
			parts = []string{""}
		}
		for _, part := range parts {
			f.SetX(p.indent)
			f.CellFormat(width, 4.4, part, "", 1, "L", true, 0, "")
		}
	}
	f.Ln(2.5)
	p.setFont(pdfBodySize, style{})
}

// quote writes a block quote indented, in grey, with a rule on its left
// when it stays on one page.
func (p *pdfWriter) quote(n *ast.Blockquote) {
	f := p.f
	page, y := f.PageNo(), f.GetY()
	left := p.indent
	p.withIndent(left+6, func() {
		f.SetX(p.indent)
		p.blocks(n)
	})
	if f.PageNo() == page {
		f.SetDrawColor(170, 170, 170)
		f.SetLineWidth(0.6)
		f.Line(left+2, y, left+2, f.GetY()-1)
		f.SetLineWidth(0.2)
		f.SetDrawColor(0, 0, 0)
	}
}

// inlines writes the inline children of n from the current position in
// the body style, wrapping at the margin, with lines lh high.
func (p *pdfWriter) inlines(n ast.Node, lh float64) {
	base := p.cur
	// The parser splits text into many nodes; consecutive plain text is
	// written at once, which wraps better and writes less.
	var run strings.Builder
	flush := func() {
		if run.Len() > 0 {
			p.flow(run.String(), lh, "")
			run.Reset()
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok && !t.IsRaw() && !t.HardLineBreak() {
			run.WriteString(plainText(t.Segment.Value(p.src)))
			if t.SoftLineBreak() {
				run.WriteByte(' ')
			}
			continue
		}
		flush()
		p.inline(c, lh)
	}
	flush()
	p.setFont(p.size, base)
}

// inline writes one inline node and its children.
func (p *pdfWriter) inline(n ast.Node, lh float64) {
	if p.leaf(n, lh) {
		return
	}
	base := p.cur
	s := base
	switch n := n.(type) {
	case *ast.Emphasis:
		if n.Level >= 2 {
			s.bold = true
		} else {
			s.italic = true
		}
	case *east.Strikethrough:
		s.strike = true
	}
	p.setFont(p.size, s)
	p.inlines(n, lh)
	p.setFont(p.size, base)
}

// leaf writes an inline node whose children are not laid out one by one
// (text, code, links, images, checkboxes); it reports false for others.
func (p *pdfWriter) leaf(n ast.Node, lh float64) bool {
	f := p.f
	base, size := p.cur, p.size
	switch n := n.(type) {
	case *ast.Text:
		if n.IsRaw() {
			p.flow(pdfText(string(n.Segment.Value(p.src))), lh, "")
		} else {
			p.flow(plainText(n.Segment.Value(p.src)), lh, "")
		}
		if n.HardLineBreak() {
			f.Ln(lh)
			f.SetX(p.indent)
		} else if n.SoftLineBreak() {
			p.flow(" ", lh, "")
		}
	case *ast.String:
		p.flow(plainText(n.Value), lh, "")
	case *ast.CodeSpan:
		s := base
		s.mono, s.color = true, [3]int{60, 60, 60}
		p.setFont(size*0.92, s)
		p.flow(pdfText(strings.ReplaceAll(inlineRaw(n, p.src), "\n", " ")), lh, "")
		p.setFont(size, base)
	case *ast.Link:
		p.link(n.Destination, inlineText(n, p.src), lh)
	case *ast.AutoLink:
		u := string(n.URL(p.src))
		if n.AutoLinkType == ast.AutoLinkEmail {
			u = "mailto:" + u
		}
		p.link([]byte(u), string(n.Label(p.src)), lh)
	case *ast.Image:
		s := base
		s.italic = true
		p.setFont(size, s)
		p.flow(pdfText("[image: "+inlineText(n, p.src)+"]"), lh, "")
		p.setFont(size, base)
	case *east.TaskCheckBox:
		if n.IsChecked {
			p.flow("[x] ", lh, "")
		} else {
			p.flow("[ ] ", lh, "")
		}
	default:
		return false
	}
	return true
}

// inlineRaw is the text of n's text children as written (code spans).
func inlineRaw(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			b.Write(t.Segment.Value(src))
		}
	}
	return b.String()
}

// link writes a link's text, clickable and underlined in blue when its
// destination is an absolute URL, followed by the URL when it differs
// from the text, so that a printed copy still says where it points.
func (p *pdfWriter) link(dest []byte, label string, lh float64) {
	base := p.cur
	u := html.UnescapeString(string(dest))
	absolute := safeURL(dest) && (strings.HasPrefix(strings.ToLower(u), "http") || strings.HasPrefix(strings.ToLower(u), "mailto:"))
	if !absolute {
		p.flow(pdfText(label), lh, "")
		return
	}
	s := base
	s.underline, s.color = true, [3]int{20, 70, 160}
	p.setFont(p.size, s)
	p.flow(pdfText(label), lh, u)
	p.setFont(p.size, base)
	shown := strings.TrimPrefix(u, "mailto:")
	if shown != label {
		p.flow(pdfText(" ("+shown+")"), lh, "")
	}
}

// plainText resolves the backslash escapes and character references of
// Markdown text as the HTML renderer does, and makes it printable.
func plainText(b []byte) string {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	ghtml.DefaultWriter.Write(w, b)
	_ = w.Flush()
	return pdfText(html.UnescapeString(buf.String()))
}

// inlineText is the plain text of n's inline children, for link labels,
// image descriptions and table cells.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			if c.IsRaw() {
				b.WriteString(string(c.Segment.Value(src)))
			} else {
				b.WriteString(plainText(c.Segment.Value(src)))
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(plainText(c.Value))
		case *ast.AutoLink:
			b.WriteString(string(c.Label(src)))
		case *east.TaskCheckBox:
			if c.IsChecked {
				b.WriteString("[x] ")
			} else {
				b.WriteString("[ ] ")
			}
		}
		return ast.WalkContinue, nil
	})
	return pdfText(b.String())
}

// flow writes text from the current position in the current font,
// breaking lines between words at the right margin (and inside a word
// only when it is wider than a whole line); lines go back to the indent.
// Each line's text is one cell, linked to link when it is set.
func (p *pdfWriter) flow(text string, lh float64, link string) {
	f := p.f
	pageW, _ := f.GetPageSize()
	right := pageW - pdfMargin
	margin := f.GetCellMargin()
	f.SetCellMargin(0)
	defer f.SetCellMargin(margin)
	var line strings.Builder
	width := 0.0
	flush := func() {
		if line.Len() > 0 {
			f.CellFormat(width, lh, line.String(), "", 0, "L", false, 0, link)
			line.Reset()
			width = 0
		}
	}
	newLine := func() {
		flush()
		f.Ln(lh)
		f.SetX(p.indent)
	}
	for _, word := range words(text) {
		atStart := f.GetX()+width <= p.indent+0.01
		if atStart {
			if word = strings.TrimLeft(word, " "); word == "" {
				continue
			}
		}
		ink := f.GetStringWidth(strings.TrimRight(word, " "))
		if f.GetX()+width+ink > right && !atStart {
			newLine()
			if word = strings.TrimLeft(word, " "); word == "" {
				continue
			}
		}
		for ink > right-p.indent {
			// Wider than a line: as much as fits, then the rest below.
			head := fitRunes(f.GetStringWidth, word, right-f.GetX()-width)
			line.WriteString(head)
			width += f.GetStringWidth(head)
			newLine()
			word = word[len(head):]
			ink = f.GetStringWidth(strings.TrimRight(word, " "))
		}
		line.WriteString(word)
		width += f.GetStringWidth(word)
	}
	flush()
}

// words splits text after each run of spaces: "a b  c" → "a ", "b  ", "c".
func words(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		if text[i] == ' ' && (i+1 == len(text) || text[i+1] != ' ') {
			out = append(out, text[start:i+1])
			start = i + 1
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

// fitRunes is the longest prefix of s (at least one rune) no wider than w.
func fitRunes(width func(string) float64, s string, w float64) string {
	end, used := 0, 0.0
	for i, r := range s {
		used += width(string(r))
		if end > 0 && used > w {
			break
		}
		end = i + utf8.RuneLen(r)
	}
	return s[:end]
}

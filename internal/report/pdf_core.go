// SPDX-License-Identifier: Apache-2.0

package report

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// A PDF whose every text fits the cp1252 code page is written in the PDF
// core fonts (Helvetica, Courier): they are neither parsed nor embedded,
// which makes such a PDF several times cheaper to write than one in the
// embedded Go fonts. Text in a core font is written as cp1252 bytes.

// fitsCoreFonts reports whether every text can be written in the core
// fonts: each rune is in cp1252, or is a control character that pdfText
// turns into spaces or drops.
func fitsCoreFonts(texts ...string) bool {
	for _, s := range texts {
		for _, r := range s {
			if _, ok := cp1252(r); !ok {
				return false
			}
		}
	}
	return true
}

// cp1252 is r's byte in cp1252, or "?" and false when it has none. The
// C1 control characters (U+0080 to U+009F) have none: their byte values
// stand for other characters, or for none.
func cp1252(r rune) (byte, bool) {
	if r >= 0x80 && r < 0xa0 {
		return '?', false
	}
	if c, ok := charmap.Windows1252.EncodeRune(r); ok {
		return c, true
	}
	return '?', false
}

// text makes s printable in the PDF's fonts: pdfText, then, in the core
// fonts, encoded in cp1252 (a rune it lacks becomes "?").
func (p *pdfWriter) text(s string) string {
	s = pdfText(s)
	if !p.core {
		return s
	}
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < utf8.RuneSelf
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		c, _ := cp1252(r)
		b.WriteByte(c)
	}
	return b.String()
}

// split breaks s, made printable by text, into the lines that fit width
// w in the current font, as fpdf's MultiCell would.
func (p *pdfWriter) split(s string, w float64) []string {
	if !p.core {
		return p.f.SplitText(s, w)
	}
	parts := p.f.SplitLines([]byte(s), w)
	lines := make([]string, len(parts))
	for i, b := range parts {
		lines[i] = string(b)
	}
	return lines
}

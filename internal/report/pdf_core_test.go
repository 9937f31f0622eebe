// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// toCP1252 is fpdf's own cp1252 translation (a rune cp1252 lacks becomes
// "."), to check the PDF's text against.
var toCP1252 = fpdf.New("P", "mm", "A4", "").UnicodeTranslatorFromDescriptor("cp1252")

// cp1252Text is how fpdf writes s in the content stream of a core font:
// cp1252 bytes, with parentheses and backslashes escaped; nil when s has
// a rune that cp1252 lacks.
func cp1252Text(s string) []byte {
	var b []byte
	for _, r := range s {
		c := toCP1252(string(r))
		if c == "." && r != '.' {
			return nil
		}
		if c == "(" || c == ")" || c == `\` {
			b = append(b, '\\')
		}
		b = append(b, c...)
	}
	return b
}

// textForms are the ways the PDF's content can show s: in a core font and
// in a Unicode font.
func textForms(s string) [][]byte {
	if c := cp1252Text(s); c != nil {
		return [][]byte{c, utf16Text(s)}
	}
	return [][]byte{utf16Text(s)}
}

// indexText is where pdf first shows s in either form, and that form's
// length; -1 when it does not.
func indexText(pdf []byte, s string) (at, size int) {
	at = -1
	for _, form := range textForms(s) {
		if i := bytes.Index(pdf, form); i >= 0 && (at < 0 || i < at) {
			at, size = i, len(form)
		}
	}
	return at, size
}

// showsText reports whether pdf shows s in either form.
func showsText(pdf []byte, s string) bool {
	at, _ := indexText(pdf, s)
	return at >= 0
}

// countText counts how often pdf shows s, in either form.
func countText(pdf []byte, s string) int {
	n := 0
	for _, form := range textForms(s) {
		n += bytes.Count(pdf, form)
	}
	return n
}

// inCoreFonts reports whether a PDF is written in the core fonts only,
// and in Helvetica.
func inCoreFonts(pdf []byte) bool {
	return bytes.Contains(pdf, []byte("/BaseFont /Helvetica")) && !bytes.Contains(pdf, []byte("/FontFile2"))
}

func TestFitsCoreFonts(t *testing.T) {
	for in, want := range map[string]bool{
		"": true, "plain ASCII\ttab\nline": true, "Müller Søn café naïve ß": true,
		"€ — – “quoted” ‘single’ … • ™ Š ž Ÿ ƒ": true,
		"Łódź": false, "Zażółć": false, "日本": false, "😀": false, "\u0081": false, "\u009d": false,
	} {
		if got := fitsCoreFonts("ok", in); got != want {
			t.Errorf("fitsCoreFonts(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestTextInCoreFontsIsFpdfsCP1252(t *testing.T) {
	p := newPDFWriterIn("P", true)
	in := "Müller — “x” 10 € … a\tb\x01"
	if got, want := p.text(in), toCP1252("Müller — “x” 10 € … a    b"); got != want {
		t.Errorf("text(%q) = %q, want %q", in, got, want)
	}
	if got := newPDFWriter().text(in); got != pdfText(in) {
		t.Errorf("text(%q) in the Go fonts = %q, want pdfText's %q", in, got, pdfText(in))
	}
}

func TestSplitMeasuresTheCoreFont(t *testing.T) {
	p := newPDFWriterIn("L", true)
	p.f.AddPage()
	p.setFont(8, style{})
	if w := p.f.GetStringSymbolWidth(p.text("—")); w != 1000 {
		t.Errorf("an em dash is %d units wide, want Helvetica's 1000", w)
	}
	text := p.text(strings.Repeat("Évaluation — “contrôle” d’accès 10 € ", 12))
	avail := 40 - 2*p.f.GetCellMargin()
	lines := p.split(text, 40)
	if len(lines) < 5 {
		t.Fatalf("%d lines, want the text wrapped", len(lines))
	}
	for _, l := range lines {
		if w := p.f.GetStringWidth(l); w > avail+0.01 {
			t.Errorf("line %q is %.1f mm wide, more than the %.1f mm of the cell", l, w, avail)
		}
	}
	if got, want := strings.TrimSpace(strings.Join(lines, " ")), strings.TrimSpace(text); got != want {
		t.Errorf("the lines joined are %q, want the text %q", got, want)
	}
}

func TestSoAPDFFontsFollowTheText(t *testing.T) {
	pdf, _ := soaPDF(t, latinDoc(3))
	if !inCoreFonts(pdf) {
		t.Errorf("an SoA whose texts fit cp1252 embeds fonts, want the core fonts")
	}
	for field, set := range map[string]func(d *SoADoc, s string){
		"organization":  func(d *SoADoc, s string) { d.Organization = s },
		"framework":     func(d *SoADoc, s string) { d.Framework = s },
		"version":       func(d *SoADoc, s string) { d.Version = s },
		"status":        func(d *SoADoc, s string) { d.Status = s },
		"approver":      func(d *SoADoc, s string) { d.ApprovedBy = s },
		"note":          func(d *SoADoc, s string) { d.Note = s },
		"audit head":    func(d *SoADoc, s string) { d.AuditHead = s },
		"reference":     func(d *SoADoc, s string) { d.Lines[1].Ref = s },
		"title":         func(d *SoADoc, s string) { d.Lines[1].Title = s },
		"decision":      func(d *SoADoc, s string) { d.Lines[1].Applicable = s },
		"justification": func(d *SoADoc, s string) { d.Lines[1].Justification = s },
		"line status":   func(d *SoADoc, s string) { d.Lines[1].Status = s },
		"controls":      func(d *SoADoc, s string) { d.Lines[1].Controls = s },
	} {
		d := latinDoc(3)
		set(d, "Łódź")
		pdf, _ := soaPDF(t, d)
		if inCoreFonts(pdf) || !bytes.Contains(pdf, utf16Text("Łódź")) {
			t.Errorf("with Łódź in the %s, the PDF does not show it in the Go fonts", field)
		}
	}
	d := latinDoc(3)
	d.Lines[1].Owner, d.Lines[1].Evidence = "Łucja", "Łódź"
	if pdf, _ := soaPDF(t, d); !inCoreFonts(pdf) {
		t.Errorf("texts the PDF does not show (owner, evidence) decide its fonts")
	}
}

// SPDX-License-Identifier: Apache-2.0

package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/ismsproject/isms/internal/isms"
)

// The SoA's PDF is landscape A4: a title page that identifies the version
// and sums it up, then the lines as one table whose heading row repeats
// on every page. Rows move whole to the next page when they fit there.

// Table text of the SoA's PDF, in points and millimetres.
const (
	soaTableSize  = 8   // pt
	soaLineHeight = 3.6 // mm
	soaFactSize   = 10  // pt, title page tables
	soaFactHeight = 5.2 // mm
)

// soaPDFColumns are the headings of the PDF's table and their widths in
// millimetres: wide enough for "A.5.37", "Awaiting decision" and
// "Partially implemented" on one line. The justification (width 0) takes
// the rest of the page.
var soaPDFColumns = []struct {
	label string
	width float64
}{
	{"Reference", 17}, {"Control", 60}, {"Applicable", 25}, {"Justification", 0}, {"Status", 30}, {"Controls", 45},
}

// writeSoAPDF is SoAPDF with stream compression optional, so that tests
// can read the page content.
func writeSoAPDF(w io.Writer, d *SoADoc, compress bool) error {
	p := newPDFWriterIn("L", d.fitsCoreFonts())
	f := p.f
	p.describe("Statement of Applicability", d.Organization+", "+d.Framework+" "+d.Version, d.ApprovedAt, compress)
	f.SetHeaderFunc(func() {
		p.runningHead(fmt.Sprintf("Statement of Applicability — %s %s (%s)", d.Framework, d.Version, d.Status))
	})
	f.SetFooterFunc(func() {
		p.runningFoot(fmt.Sprintf("%s · Statement of Applicability %s · %s", d.Organization, d.Version, d.Status))
	})
	f.AddPage()
	p.soaTitlePage(d)
	f.AddPage()
	p.soaLines(d.Lines)
	if err := f.Output(w); err != nil {
		return fmt.Errorf("write soa pdf: %w", err)
	}
	return nil
}

// soaTitlePage writes what identifies the version (organization,
// framework, version and status, approval, generation time, note, audit
// trail head) and the summary of its lines.
func (p *pdfWriter) soaTitlePage(d *SoADoc) {
	f := p.f
	f.SetY(40)
	p.setFont(26, style{bold: true})
	f.MultiCell(0, 11, "Statement of Applicability", "", "L", false)
	p.setFont(16, style{})
	f.MultiCell(0, 8, p.text(d.Organization), "", "L", false)
	p.setFont(13, style{color: [3]int{80, 80, 80}})
	f.MultiCell(0, 7, p.text(d.Framework), "", "L", false)
	f.Ln(6)
	facts := [][2]string{{"Version", d.Version + " (" + d.Status + ")"}}
	if d.ApprovedBy == "" && d.ApprovedAt.IsZero() {
		facts = append(facts, [2]string{"Approval", "Not approved"})
	} else {
		facts = append(facts, [2]string{"Approved by", orDash(d.ApprovedBy)}, [2]string{"Approved on", orDash(d.approvedOn())})
	}
	p.soaFacts(append(facts,
		[2]string{"Generated", orDash(stamp(d.Generated, "2006-01-02 15:04 UTC"))},
		[2]string{"Note", orDash(d.Note)},
		[2]string{"Audit trail head", orDash(d.AuditHead)},
	), []float64{45, 170}, "L")
	f.Ln(6)
	p.setFont(12, style{bold: true})
	f.MultiCell(0, 7, "Summary", "", "L", false)
	f.Ln(1)
	p.soaFacts(soaSummary(d.Lines), []float64{70, 25}, "R")
	p.setFont(pdfBodySize, style{})
}

// soaFacts writes label/value pairs as a two-column table, labels shaded
// and values aligned to align ("L" or "R").
func (p *pdfWriter) soaFacts(rows [][2]string, widths []float64, align string) {
	p.setFont(soaFactSize, style{})
	for _, r := range rows {
		p.tableRow([]string{r[0], r[1]}, widths, []string{"L", align}, []bool{true, false}, soaFactHeight, nil)
	}
}

// soaSummary counts the lines by decision, then the applicable lines by
// implementation status (the known statuses in their order, others after
// them in order of appearance).
func soaSummary(lines []SoADocLine) [][2]string {
	decisions := map[string]int{}
	statuses := map[string]int{}
	var order []string
	for _, s := range isms.SoAImplStatuses {
		order = append(order, s.Label())
	}
	for _, l := range lines {
		decisions[l.Applicable]++
		if l.Status == "" {
			continue
		}
		if statuses[l.Status]++; !slices.Contains(order, l.Status) {
			order = append(order, l.Status)
		}
	}
	out := [][2]string{{"Lines", strconv.Itoa(len(lines))}}
	for _, a := range []isms.Applicability{isms.SoAApplicable, isms.SoAExcluded, isms.SoAUndecided} {
		out = append(out, [2]string{a.Label(), strconv.Itoa(decisions[a.Label()])})
	}
	for _, s := range order {
		out = append(out, [2]string{"Status: " + s, strconv.Itoa(statuses[s])})
	}
	return out
}

// soaLines writes the lines as a table across the page, its heading row
// repeated at the top of every page it continues on.
func (p *pdfWriter) soaLines(lines []SoADocLine) {
	pageW, _ := p.f.GetPageSize()
	rest := pageW - 2*pdfMargin
	n := len(soaPDFColumns)
	heads, widths := make([]string, n), make([]float64, n)
	align, plain, shaded := make([]string, n), make([]bool, n), make([]bool, n)
	for i, c := range soaPDFColumns {
		heads[i], widths[i], align[i], shaded[i] = c.label, c.width, "L", true
		rest -= c.width
	}
	for i, c := range soaPDFColumns {
		if c.width == 0 {
			widths[i] = rest
		}
	}
	p.setFont(soaTableSize, style{})
	heading := func() { p.tableRow(heads, widths, align, shaded, soaLineHeight, nil) }
	heading()
	for _, l := range lines {
		p.tableRow(soaPDFCells(l), widths, align, plain, soaLineHeight, heading)
	}
	if len(lines) == 0 {
		p.f.Ln(3)
		p.f.MultiCell(0, soaLineHeight, "The Statement of Applicability has no lines.", "", "L", false)
	}
}

// soaPDFCells are the texts of a line in the PDF's table, in the order of
// soaPDFColumns.
func soaPDFCells(l SoADocLine) []string {
	return []string{l.Ref, l.Title, l.Applicable, l.Justification, l.Status, l.Controls}
}

// fitsCoreFonts reports whether every text the PDF shows fits the core
// fonts; its own labels do.
func (d *SoADoc) fitsCoreFonts() bool {
	if !fitsCoreFonts(d.Organization, d.Framework, d.Version, d.Status, d.ApprovedBy, d.Note, d.AuditHead) {
		return false
	}
	for _, l := range d.Lines {
		if !fitsCoreFonts(soaPDFCells(l)...) {
			return false
		}
	}
	return true
}

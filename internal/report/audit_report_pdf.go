// SPDX-License-Identifier: Apache-2.0

package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/ismsproject/isms/internal/isms"
)

// The audit report's PDF is portrait A4: the title and the facts of the
// audit, its summary and the independence conflicts accepted, the
// findings by grade, then the checklist as one table.

// auditPDFChecklist are the columns of the checklist's table in the PDF,
// the result's wide enough for "Nonconforming" on one line; the notes
// (width 0) take the rest of the line.
var auditPDFChecklist = []pdfColumn{
	{"Ref", 13}, {"Requirement", 27}, {"Result", 22}, {"Notes", 0}, {"Sampling", 22}, {"Controls", 27}, {"Evidence", 22},
}

// writeAuditReportPDF is AuditReportPDF with stream compression
// optional, so that tests can read the page content.
func writeAuditReportPDF(w io.Writer, d *AuditReportDoc, compress bool) error {
	p := newPDFWriterIn("P", d.fitsCoreFonts())
	f := p.f
	p.describe("Internal audit report", d.Ref+" "+d.Title, d.Generated, compress)
	f.SetHeaderFunc(func() { p.runningHead(fmt.Sprintf("Internal audit report — %s %s", d.Ref, d.Title)) })
	f.SetFooterFunc(func() { p.runningFoot(fmt.Sprintf("%s · %s · %s", d.Organization, d.Ref, d.Status)) })
	f.AddPage()
	p.reportTitle("Internal audit report", d.Ref+" "+d.Title)
	p.facts(d.facts(), 40)
	p.reportHeading("Summary", 13, headingKeep)
	if d.Summary == "" {
		p.note("No summary has been written yet.")
	}
	p.paragraphs(d.Summary)
	if len(d.Independence) > 0 {
		p.reportHeading("Independence conflicts accepted", 13, headingKeep)
		for _, s := range d.Independence {
			p.paragraphs("• " + s)
		}
	}
	p.auditFindings(d.Findings)
	p.reportHeading("Checklist", 13, headingKeep)
	p.counts(countByLabel(resultLabels(), itemResults(d.Items)))
	f.Ln(2)
	p.columnTable(auditPDFChecklist, d.checklistTable().Rows, nil)
	if len(d.Items) == 0 {
		p.note("The checklist has no items.")
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("write audit report pdf: %w", err)
	}
	return nil
}

// auditFindings writes the count of findings by grade, then the findings
// of each grade under its label.
func (p *pdfWriter) auditFindings(findings []AuditReportFinding) {
	p.reportHeading("Findings", 13, headingKeep)
	grades := make([]string, len(findings))
	for i, fd := range findings {
		grades[i] = fd.Grade
	}
	counts := countByLabel(gradeLabels(), grades)
	p.counts(counts)
	if len(findings) == 0 {
		p.f.Ln(2)
		p.note("No findings were raised.")
		return
	}
	for _, c := range counts {
		if c[1] == "0" {
			continue
		}
		p.reportHeading(c[0]+" ("+c[1]+")", 11.5, headingKeep)
		for _, fd := range findings {
			if fd.Grade == c[0] {
				p.auditFinding(fd)
			}
		}
	}
}

// auditFinding writes one finding: its reference and title, then its
// requirements, description, evidence and who raised it.
func (p *pdfWriter) auditFinding(fd AuditReportFinding) {
	f := p.f
	if _, pageH := f.GetPageSize(); f.GetY() > pageH-pdfMargin-35 {
		f.AddPage() // the title with at least a few of its facts
	}
	p.setFont(pdfBodySize, style{bold: true})
	f.SetX(p.indent)
	f.MultiCell(0, pdfLineHeight, p.text(fd.Ref+"  "+fd.Title), "", "L", false)
	f.Ln(1)
	p.facts([][2]string{
		{"Requirements", orDash(fd.Requirements)},
		{"Description", orDash(fd.Description)},
		{"Evidence", orDash(fd.Evidence)},
		{"Raised by", orDash(fd.RaisedBy)},
	}, 32)
	f.Ln(3)
}

// countByLabel counts values by label: the known labels first, in their
// order and even when none has them, then the others in order of first
// appearance. Each count is a label/number pair.
func countByLabel(known, values []string) [][2]string {
	order := slices.Clone(known)
	counts := map[string]int{}
	for _, v := range values {
		if counts[v]++; !slices.Contains(order, v) {
			order = append(order, v)
		}
	}
	out := make([][2]string, len(order))
	for i, label := range order {
		out[i] = [2]string{label, strconv.Itoa(counts[label])}
	}
	return out
}

// gradeLabels are the labels of the finding grades, most severe first.
func gradeLabels() []string {
	out := make([]string, len(isms.FindingGrades))
	for i, g := range isms.FindingGrades {
		out[i] = g.Label()
	}
	return out
}

// resultLabels are the labels of the checklist results, those people
// record first, then the result of an item not yet audited.
func resultLabels() []string {
	var out []string
	for _, r := range isms.ItemResults {
		out = append(out, r.Label())
	}
	return append(out, isms.ItemOpen.Label())
}

// itemResults are the items' results, in order.
func itemResults(items []AuditReportItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Result
	}
	return out
}

// fitsCoreFonts reports whether every text the PDF shows fits the core
// fonts; its own labels do.
func (d *AuditReportDoc) fitsCoreFonts() bool {
	texts := []string{d.Ref, d.Title, d.Summary}
	for _, f := range d.facts() {
		texts = append(texts, f[1])
	}
	texts = append(texts, d.Independence...)
	for _, f := range d.Findings {
		texts = append(texts, f.Ref, f.Grade, f.Title, f.Description, f.Requirements, f.Evidence, f.RaisedBy)
	}
	for _, it := range d.Items {
		texts = append(texts, it.cells()...)
	}
	return fitsCoreFonts(texts...)
}

// SPDX-License-Identifier: Apache-2.0

package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/ismsproject/isms/internal/isms"
)

// The management review's PDFs are portrait A4. The input pack has one
// section per 9.3.2 input: its summary, its figures and the records it
// lists. The minutes say who met, what they considered and what they
// decided.

// Columns of the review PDFs' tables; width 0 takes the rest of the line.
var (
	packFigureColumns = []pdfColumn{{"Figure", 0}, {"Value", 45}}
	packItemColumns   = []pdfColumn{{"Ref", 20}, {"Title", 0}, {"Status", 28}, {"Detail", 0}}
	minutesInputs     = []pdfColumn{{"Clause", 18}, {"Input", 55}, {"Summary", 0}}
	minutesOutputs    = []pdfColumn{{"Kind", 28}, {"Decision", 0}, {"Owner", 30}, {"Due", 20}, {"Task", 16}}
)

// writeReviewPackPDF is ReviewPackPDF with stream compression optional,
// so that tests can read the page content.
func writeReviewPackPDF(w io.Writer, d *ReviewDoc, compress bool) error {
	p := d.newPDF("Management review input pack", compress)
	p.facts(d.packFacts(), 35)
	if d.Pack == nil {
		p.note("No input pack has been compiled for this review.")
	} else {
		for _, s := range d.Pack.Sections {
			p.packSection(d, s)
		}
	}
	if err := p.f.Output(w); err != nil {
		return fmt.Errorf("write review pack pdf: %w", err)
	}
	return nil
}

// newPDF starts a PDF of the review titled title: its metadata, running
// head and foot, and the title on the first page.
func (d *ReviewDoc) newPDF(title string, compress bool) *pdfWriter {
	p := newPDFWriterIn("P", fitsCoreFonts(d.texts()...))
	f := p.f
	p.describe(title, d.Ref+" "+d.Title, d.Generated, compress)
	f.SetHeaderFunc(func() { p.runningHead(fmt.Sprintf("%s — %s %s", title, d.Ref, d.Title)) })
	f.SetFooterFunc(func() { p.runningFoot(fmt.Sprintf("%s · %s · %s", d.Organization, title, d.Ref)) })
	f.AddPage()
	p.reportTitle(title, d.Ref+" "+d.Title)
	return p
}

// packSection writes one input of the pack: its clause and title, its
// summary, its figures and the records it lists.
func (p *pdfWriter) packSection(d *ReviewDoc, s isms.PackSection) {
	p.reportHeading(s.Clause+" — "+s.Title, 12, headingKeep)
	p.paragraphs(s.Summary)
	if len(s.Figures) > 0 {
		rows := make([][]string, len(s.Figures))
		for i, fg := range s.Figures {
			rows[i] = []string{fg.Label, figureValue(fg)}
		}
		p.columnTable(packFigureColumns, rows, nil)
	}
	if len(s.Items) == 0 {
		p.note("No records to list.")
		return
	}
	rows, links := make([][]string, len(s.Items)), make([]string, len(s.Items))
	for i, it := range s.Items {
		rows[i] = []string{it.Ref, it.Title, it.Status, it.Detail}
		links[i] = d.link(it.Path)
	}
	p.columnTable(packItemColumns, rows, links)
	if s.More > 0 {
		p.note("… and " + strconv.Itoa(s.More) + " more")
	}
}

// figureValue is a figure's value with its trend, when known.
func figureValue(fg isms.PackFigure) string {
	if fg.Trend == "" {
		return fg.Value
	}
	return fg.Value + " (trend " + fg.Trend + ")"
}

// writeReviewMinutesPDF is ReviewMinutesPDF with stream compression
// optional, so that tests can read the page content.
func writeReviewMinutesPDF(w io.Writer, d *ReviewDoc, compress bool) error {
	p := d.newPDF("Management review minutes", compress)
	p.facts(d.minutesFacts(), 35)
	p.reportHeading("Attendees", 13, headingKeep)
	if len(d.Attendees) == 0 {
		p.note("No attendees have been recorded.")
	}
	for _, a := range d.Attendees {
		p.paragraphs("• " + a)
	}
	p.minutesInputs(d)
	p.reportHeading("Minutes", 13, headingKeep)
	if d.Minutes == "" {
		p.note("No minutes have been written yet.")
	}
	p.paragraphs(d.Minutes)
	p.minutesOutputs(d.Outputs)
	p.reportHeading("Approval", 13, 15) // one line follows
	p.paragraphs(d.approval())
	if err := p.f.Output(w); err != nil {
		return fmt.Errorf("write review minutes pdf: %w", err)
	}
	return nil
}

// minutesInputs writes one line per pack section (clause, title,
// summary) and the pack's SHA-256.
func (p *pdfWriter) minutesInputs(d *ReviewDoc) {
	p.reportHeading("Inputs considered", 13, headingKeep)
	if d.Pack == nil {
		p.note("No input pack has been compiled for this review.")
		return
	}
	rows := make([][]string, len(d.Pack.Sections))
	for i, s := range d.Pack.Sections {
		rows[i] = []string{s.Clause, s.Title, s.Summary}
	}
	p.columnTable(minutesInputs, rows, nil)
	if d.PackSHA256 == "" {
		p.note("The pack has not been frozen: it is compiled live until the review is held.")
		return
	}
	p.paragraphs("Pack SHA-256: " + d.PackSHA256)
}

// minutesOutputs writes the outputs of the review (9.3.3) as a table.
func (p *pdfWriter) minutesOutputs(outputs []ReviewDocOutput) {
	p.reportHeading("Outputs", 13, headingKeep)
	if len(outputs) == 0 {
		p.note("No outputs have been recorded.")
		return
	}
	rows := make([][]string, len(outputs))
	for i, o := range outputs {
		rows[i] = []string{o.Kind, o.Description, orDash(o.Owner), orDash(o.Due), orDash(o.Task)}
	}
	p.columnTable(minutesOutputs, rows, nil)
}

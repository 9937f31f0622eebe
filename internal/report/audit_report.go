// SPDX-License-Identifier: Apache-2.0

package report

import (
	"io"
	"strings"
	"time"
)

// AuditReportDoc is an internal audit's report (27001 9.2.2 c, e) as its
// exports show it: the audit's facts, the checklist and the findings.
type AuditReportDoc struct {
	Organization string
	Ref          string // "IA-3"
	Title        string
	Programme    string // "AP-1 Internal audit programme 2025–2027"
	Framework    string // "ISO/IEC 27001:2022"
	Criteria     string
	Units        string
	Scope        string // "4.1, 4.2, A.5.15–A.5.18"
	Lead         string
	Team         []string
	Planned      string // "2026-03-02 to 2026-03-06"
	Status       string // "Reported"
	ReportedOn   string // "" until reported
	Summary      string
	// Independence lists the conflicts accepted on purpose, in words, with
	// their reasons; empty when none.
	Independence []string
	Generated    time.Time
	AuditHead    string // the audit trail's head at export time
	Items        []AuditReportItem
	Findings     []AuditReportFinding // most severe grade first, then by reference
}

// AuditReportItem is one checklist item, as text.
type AuditReportItem struct {
	Ref, Title string
	Result     string // "Conforming" … "Not yet audited"
	Notes      string
	Sampling   string
	Controls   string // "C-3 Access reviews (implemented), …"
	Evidence   string // "3 items, 2 current, newest 2026-10-01"
}

// AuditReportFinding is one finding, as text.
type AuditReportFinding struct {
	Ref          string // "F-7"
	Grade        string // "Minor nonconformity"
	Title        string
	Description  string
	Requirements string // "A.5.18, 9.2"
	Evidence     string // the evidence items' titles: "Access review Q3, …"
	RaisedBy     string
}

// AuditReportPDF writes d as an A4 PDF: a title block with the facts, the
// summary, the independence conflicts accepted, the findings grouped by
// grade with a count per grade, then the checklist as a table whose
// heading row repeats on every page, with "Page N of M" in every footer.
// The text is in the PDF core fonts when all of it fits cp1252, and in
// the embedded Go fonts otherwise.
func AuditReportPDF(w io.Writer, d *AuditReportDoc) error { return writeAuditReportPDF(w, d, true) }

// AuditReportXLSX writes d as a workbook with three sheets: "Audit" (the
// facts and summary as label/value rows), "Findings" and "Checklist".
func AuditReportXLSX(w io.Writer, d *AuditReportDoc) error {
	b := newWorkbook()
	defer b.close()
	if err := b.addPairs("Audit", d.sheetPairs(), true); err != nil {
		return err
	}
	if err := b.addTable("Findings", d.findingsTable()); err != nil {
		return err
	}
	if err := b.addTable("Checklist", d.checklistTable()); err != nil {
		return err
	}
	return b.write(w)
}

// auditFindingColumns are the columns of the report's findings, in order.
var auditFindingColumns = []string{"Ref", "Grade", "Title", "Description", "Requirements", "Evidence", "Raised by"}

// auditChecklistColumns are the columns of the report's checklist, in
// order.
var auditChecklistColumns = []string{"Ref", "Requirement", "Result", "Notes", "Sampling", "Controls", "Evidence"}

// facts are the label/value pairs that identify the audit: what, where
// and who, always given ("—" when empty), then the report date, the
// generation time and the audit trail head when known.
func (d *AuditReportDoc) facts() [][2]string {
	out := [][2]string{
		{"Organization", orDash(d.Organization)},
		{"Programme", orDash(d.Programme)},
		{"Framework", orDash(d.Framework)},
		{"Criteria", orDash(d.Criteria)},
		{"Units", orDash(d.Units)},
		{"Scope", orDash(d.Scope)},
		{"Lead auditor", orDash(d.Lead)},
		{"Audit team", orDash(strings.Join(d.Team, ", "))},
		{"Planned", orDash(d.Planned)},
		{"Status", orDash(d.Status)},
	}
	add := func(label, value string) {
		if value != "" {
			out = append(out, [2]string{label, value})
		}
	}
	add("Reported on", d.ReportedOn)
	add("Generated", stamp(d.Generated, "2006-01-02 15:04 UTC"))
	add("Audit trail head", d.AuditHead)
	return out
}

// sheetPairs are the rows of the workbook's "Audit" sheet: reference and
// title, the facts, the summary and each independence conflict accepted.
func (d *AuditReportDoc) sheetPairs() [][2]string {
	out := append([][2]string{{"Reference", d.Ref}, {"Title", d.Title}}, d.facts()...)
	out = append(out, [2]string{"Summary", orDash(d.Summary)})
	for _, s := range d.Independence {
		out = append(out, [2]string{"Independence override", s})
	}
	return out
}

// findingsTable is the findings in auditFindingColumns order.
func (d *AuditReportDoc) findingsTable() *Table {
	t := &Table{Title: "Findings", Columns: auditFindingColumns, Wrap: true}
	for _, f := range d.Findings {
		t.Rows = append(t.Rows, []string{f.Ref, f.Grade, f.Title, f.Description, f.Requirements, f.Evidence, f.RaisedBy})
	}
	return t
}

// checklistTable is the checklist in auditChecklistColumns order.
func (d *AuditReportDoc) checklistTable() *Table {
	t := &Table{Title: "Checklist", Columns: auditChecklistColumns, Wrap: true}
	for _, it := range d.Items {
		t.Rows = append(t.Rows, it.cells())
	}
	return t
}

// cells are the item's texts in auditChecklistColumns order.
func (it AuditReportItem) cells() []string {
	return []string{it.Ref, it.Title, it.Result, it.Notes, it.Sampling, it.Controls, it.Evidence}
}

// SPDX-License-Identifier: Apache-2.0

package report

import (
	"io"
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
	Evidence     string // "EV-4 Access review Q3, …"
	RaisedBy     string
}

// AuditReportPDF writes d as a PDF: a title block with the facts, the
// summary, the findings grouped by grade with a count per grade, then the
// checklist.
func AuditReportPDF(w io.Writer, d *AuditReportDoc) error {
	panic("not implemented")
}

// AuditReportXLSX writes d as a workbook with three sheets: "Audit" (the
// facts and summary as label/value rows), "Findings" and "Checklist".
func AuditReportXLSX(w io.Writer, d *AuditReportDoc) error {
	panic("not implemented")
}

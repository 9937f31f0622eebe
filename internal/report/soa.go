// SPDX-License-Identifier: Apache-2.0

package report

import (
	"io"
	"time"
)

// SoADoc is a Statement of Applicability as its exports show it.
type SoADoc struct {
	Organization string
	Framework    string // "ISO/IEC 27001:2022"
	Version      string // "v3"
	Status       string // "Approved", "Draft", "Superseded"
	ApprovedBy   string // "" when not approved
	ApprovedAt   time.Time
	Generated    time.Time // when the export was made
	Note         string    // what the version changes
	AuditHead    string    // the audit trail's head hash at export time
	Lines        []SoADocLine
}

// SoADocLine is one line of an exported SoA, as text.
type SoADocLine struct {
	Ref, Title    string
	Applicable    string // "Applicable", "Not applicable", "Awaiting decision"
	Justification string
	Status        string // "Implemented" … ("" for lines not applicable)
	Controls      string // "C-3 Access reviews, C-9 …"
	Evidence      string // "3 items, 2 current, newest 2026-10-01"
	Owner         string
}

// SoAColumns are the columns of the SoA's table exports, in order.
var SoAColumns = []string{"Reference", "Control", "Applicable", "Justification", "Implementation status", "Organization controls", "Evidence", "Owner"}

// SoATable returns the SoA as a table for the CSV and XLSX exports: one
// row per line in SoAColumns order, text wrapped in the XLSX, and the
// facts of the export (organization, framework, version, status,
// approver and date, generated, audit head) as Meta.
func SoATable(d *SoADoc) *Table {
	t := &Table{Title: "Statement of Applicability", Columns: SoAColumns, Wrap: true, Meta: d.facts()}
	for _, l := range d.Lines {
		t.Rows = append(t.Rows, []string{l.Ref, l.Title, l.Applicable, l.Justification, l.Status, l.Controls, l.Evidence, l.Owner})
	}
	return t
}

// facts are the label/value pairs that identify the export. Organization,
// framework, version and status are always given; the approval only for
// an approved version, the rest when known.
func (d *SoADoc) facts() [][2]string {
	meta := [][2]string{{"Organization", d.Organization}, {"Framework", d.Framework}, {"Version", d.Version}, {"Status", d.Status}}
	add := func(label, value string) {
		if value != "" {
			meta = append(meta, [2]string{label, value})
		}
	}
	add("Approved by", d.ApprovedBy)
	add("Approved on", d.approvedOn())
	add("Generated", stamp(d.Generated, time.RFC3339))
	add("Note", d.Note)
	add("Audit trail head", d.AuditHead)
	return meta
}

// approvedOn is the approval's date, or "" when the version is not
// approved.
func (d *SoADoc) approvedOn() string { return stamp(d.ApprovedAt, time.DateOnly) }

// stamp formats t in UTC with layout, or gives "" for the zero time.
func stamp(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(layout)
}

// SoAPDF writes the SoA as a PDF: a title page (organization, framework,
// version, status, approver and date, generation time, note, audit trail
// head, and the lines counted by decision and status), then the table
// (reference, title, applicable, justification, status, controls) on
// landscape A4 pages with the heading row repeated and "Page N of M" in
// every footer. An approved version gives the same file every time it is
// written with the same facts. The text is in the PDF core fonts
// (Helvetica) when all of it fits cp1252, and in the embedded Go fonts
// otherwise.
func SoAPDF(w io.Writer, d *SoADoc) error { return writeSoAPDF(w, d, true) }

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
func SoATable(d *SoADoc) *Table { panic("soa report") }

// SoAPDF writes the SoA as a PDF: a title page (organization, framework,
// version, status, approver and date, note), then the table (reference,
// title, applicable, justification, status, controls) on landscape A4
// pages with the heading row repeated and "Page N of M" in every footer.
func SoAPDF(w io.Writer, d *SoADoc) error { panic("soa report") }

// SPDX-License-Identifier: Apache-2.0

package report

import (
	"io"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// ReviewDoc is a management review (27001 9.3) as its PDFs show it.
type ReviewDoc struct {
	Organization string
	Ref          string // "MR-2"
	Title        string
	Chair        string
	PlannedOn    string
	HeldOn       string // "" while planned
	Status       string // "Planned", "Held", "Minutes approved"
	Attendees    []string
	Minutes      string
	// Pack is the frozen pack (or, while planned, the live one: Live set).
	Pack       *isms.ReviewPack
	Live       bool
	PackSHA256 string // "" while live
	ApprovedBy string
	ApprovedAt time.Time
	Outputs    []ReviewDocOutput
	Generated  time.Time
	AuditHead  string // the audit trail's head at export time
	// BaseURL, when set, makes the pack items' paths absolute links.
	BaseURL string
}

// ReviewDocOutput is one output (9.3.3), as text.
type ReviewDocOutput struct {
	Kind        string // "Improvement", "Change to the ISMS", "Resource need"
	Description string
	Owner       string
	Due         string
	Task        string // "Open", "Done", "" when not tracked
}

// ReviewPackPDF writes the review's input pack: a title block (review,
// period, compiled or frozen, SHA-256), then one section per 9.3.2 input
// with its clause, summary, figures and the records it lists.
func ReviewPackPDF(w io.Writer, d *ReviewDoc) error {
	panic("not implemented")
}

// ReviewMinutesPDF writes the review's minutes: date, chair, attendees,
// the inputs considered (one line per pack section with its summary and
// the pack's SHA-256), the minutes, the outputs with owner, due date and
// task status, and the approval.
func ReviewMinutesPDF(w io.Writer, d *ReviewDoc) error {
	panic("not implemented")
}

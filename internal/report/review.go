// SPDX-License-Identifier: Apache-2.0

package report

import (
	"io"
	"strings"
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
// with its clause, summary, figures and the records it lists, each
// record's reference a link to its page when BaseURL is set.
func ReviewPackPDF(w io.Writer, d *ReviewDoc) error { return writeReviewPackPDF(w, d, true) }

// ReviewMinutesPDF writes the review's minutes: date, chair, attendees,
// the inputs considered (one line per pack section with its summary and
// the pack's SHA-256), the minutes, the outputs with owner, due date and
// task status, and the approval.
func ReviewMinutesPDF(w io.Writer, d *ReviewDoc) error { return writeReviewMinutesPDF(w, d, true) }

// packFacts are the label/value pairs at the head of the pack: the
// review, its period and whether the pack is live or frozen.
func (d *ReviewDoc) packFacts() [][2]string {
	out := [][2]string{
		{"Organization", orDash(d.Organization)},
		{"Chair", orDash(d.Chair)},
		{"Planned", orDash(d.PlannedOn)},
	}
	if d.Pack != nil {
		out = append(out, [2]string{"Period", d.Pack.Since.String() + " – " + d.Pack.Until.String()})
	}
	out = append(out, [2]string{"Pack", d.packState()})
	return d.exportFacts(out)
}

// packState says whether the pack is compiled live or frozen, and when.
func (d *ReviewDoc) packState() string {
	switch {
	case d.Pack == nil:
		return "not compiled"
	case d.Live:
		return "compiled live on " + d.Pack.Until.String() + " — not frozen"
	}
	return "frozen when held on " + orDash(d.HeldOn) + ", SHA-256 " + orDash(d.PackSHA256)
}

// minutesFacts are the label/value pairs at the head of the minutes.
func (d *ReviewDoc) minutesFacts() [][2]string {
	held := d.HeldOn
	if held == "" {
		held = "Not held yet"
	}
	return d.exportFacts([][2]string{
		{"Organization", orDash(d.Organization)},
		{"Held on", held},
		{"Chair", orDash(d.Chair)},
		{"Status", orDash(d.Status)},
	})
}

// exportFacts appends to facts the generation time and the audit trail
// head, when known.
func (d *ReviewDoc) exportFacts(facts [][2]string) [][2]string {
	if g := stamp(d.Generated, "2006-01-02 15:04 UTC"); g != "" {
		facts = append(facts, [2]string{"Generated", g})
	}
	if d.AuditHead != "" {
		facts = append(facts, [2]string{"Audit trail head", d.AuditHead})
	}
	return facts
}

// approval says who approved the minutes and when, or that nobody has.
func (d *ReviewDoc) approval() string {
	if d.ApprovedBy == "" {
		return "Not yet approved"
	}
	if on := stamp(d.ApprovedAt, time.DateOnly); on != "" {
		return "Approved by " + d.ApprovedBy + " on " + on
	}
	return "Approved by " + d.ApprovedBy
}

// link is the absolute address of a record's page, or "" without a
// BaseURL or a path.
func (d *ReviewDoc) link(path string) string {
	if d.BaseURL == "" || path == "" {
		return ""
	}
	return strings.TrimRight(d.BaseURL, "/") + "/" + strings.TrimLeft(path, "/")
}

// texts are all the texts of the review that its PDFs may show.
func (d *ReviewDoc) texts() []string {
	out := []string{d.Ref, d.Title, d.Status, d.Minutes, d.approval()}
	for _, f := range append(d.packFacts(), d.minutesFacts()...) {
		out = append(out, f[1])
	}
	out = append(out, d.Attendees...)
	for _, o := range d.Outputs {
		out = append(out, o.Kind, o.Description, o.Owner, o.Due, o.Task)
	}
	if d.Pack == nil {
		return out
	}
	for _, s := range d.Pack.Sections {
		out = append(out, s.Clause, s.Title, s.Summary)
		for _, f := range s.Figures {
			out = append(out, f.Label, f.Value, f.Trend)
		}
		for _, it := range s.Items {
			out = append(out, it.Ref, it.Title, it.Status, it.Detail)
		}
	}
	return out
}

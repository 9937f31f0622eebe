// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/isms"
)

// packTitles are the 9.3.2 inputs' titles, in the order of
// isms.ReviewInputs.
var packTitles = []string{
	"Status of actions from previous management reviews", "Changes in external and internal issues",
	"Changes in needs and expectations of interested parties", "Nonconformities and corrective actions",
	"Monitoring and measurement results", "Audit results", "Fulfilment of information security objectives",
	"Feedback from interested parties", "Results of risk assessment and status of the risk treatment plan",
	"Opportunities for continual improvement",
}

// reviewPack is a pack of one section per 9.3.2 input with n records
// each (at most isms.MaxPackItems listed, the rest counted in More).
// Every item's detail ends with "end-<ref>".
func reviewPack(n int) *isms.ReviewPack {
	p := &isms.ReviewPack{Since: isms.NewDate(2025, 3, 2), Until: isms.NewDate(2026, 3, 1)}
	for i, key := range isms.ReviewInputs {
		s := isms.PackSection{
			Key: key, Clause: "9.3.2 " + key[:1], Title: packTitles[i],
			Summary: fmt.Sprintf("%d records in the period; %d need the board's attention.", n, n/3),
			Figures: []isms.PackFigure{{Label: "Open", Value: fmt.Sprint(n / 2), Trend: "+2"}, {Label: "Closed in the period", Value: fmt.Sprint(n - n/2)}},
			More:    max(0, n-isms.MaxPackItems),
		}
		for j := range min(n, isms.MaxPackItems) {
			ref := fmt.Sprintf("R-%d", 100*i+j+1)
			s.Items = append(s.Items, isms.PackItem{
				Ref: ref, Title: fmt.Sprintf("Record %d of input %s about supplier access", j+1, key),
				Status: []string{"Open", "In progress", "Closed"}[j%3],
				Detail: "Owner Jörg Weiß, due 2026-04-30 end-" + ref, Path: "/risks/" + ref,
			})
		}
		p.Sections = append(p.Sections, s)
	}
	return p
}

// heldReview is a review held with its frozen pack of n records a
// section, minutes approved.
func heldReview(n int) *ReviewDoc {
	return &ReviewDoc{
		Organization: "Müller & Søn A/S", Ref: "MR-2", Title: "Management review 2026", Chair: "Lucía Fernández",
		PlannedOn: "2026-03-01", HeldOn: "2026-03-03", Status: "Minutes approved",
		Attendees: []string{"Lucía Fernández (CEO)", "Jörg Weiß (CISO)", "Ana Ruiz (HR)"},
		Minutes: "The board reviewed the pack section by section.\n\n" +
			"Risks above the acceptance level were discussed; the treatment of R-12 is late.\nA budget was agreed.",
		Pack: reviewPack(n), PackSHA256: "3b5d5c3712955042212316173ccf37be800be0a6a8c3ad9f4fc3bb03a4c3c0a6",
		ApprovedBy: "Lucía Fernández", ApprovedAt: time.Date(2026, 3, 8, 10, 0, 0, 0, time.UTC),
		Outputs: []ReviewDocOutput{
			{Kind: "Improvement", Description: "Automate the quarterly access review", Owner: "Jörg Weiß", Due: "2026-06-30", Task: "Open"},
			{Kind: "Resource need", Description: "Hire a second security engineer", Owner: "Ana Ruiz", Due: "2026-09-30"},
		},
		Generated: time.Date(2026, 3, 9, 7, 45, 0, 0, time.UTC), AuditHead: "event 1204, SHA-256 77ac",
		BaseURL: "https://isms.example.com/",
	}
}

// liveReview is heldReview while still planned: the pack compiled live.
func liveReview(n int) *ReviewDoc {
	d := heldReview(n)
	d.HeldOn, d.Status, d.Attendees, d.Minutes, d.PackSHA256 = "", "Planned", nil, "", ""
	d.ApprovedBy, d.ApprovedAt, d.Outputs, d.Live = "", time.Time{}, nil, true
	return d
}

// reviewPDF writes d uncompressed with write and returns the file and
// its page count.
func reviewPDF(t *testing.T, write func(*bytes.Buffer) error) ([]byte, int) {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	checkPDF(t, buf.Bytes())
	return buf.Bytes(), pdfPages(t, buf.Bytes())
}

func packPDF(t *testing.T, d *ReviewDoc) ([]byte, int) {
	t.Helper()
	return reviewPDF(t, func(w *bytes.Buffer) error { return writeReviewPackPDF(w, d, false) })
}

func minutesPDF(t *testing.T, d *ReviewDoc) ([]byte, int) {
	t.Helper()
	return reviewPDF(t, func(w *bytes.Buffer) error { return writeReviewMinutesPDF(w, d, false) })
}

func TestReviewPackPDFLiveShowsEverySection(t *testing.T) {
	d := liveReview(30)
	pdf, n := packPDF(t, d)
	if !inCoreFonts(pdf) {
		t.Errorf("a pack whose text fits cp1252 is not in the core fonts")
	}
	if n < 5 || n > 40 {
		t.Errorf("pages = %d for 10 sections of 25 items, want 5 to 40", n)
	}
	pages := pageTexts(t, pdf, n)
	for _, want := range []string{
		"Management review input pack", "MR-2 Management review 2026", "Lucía Fernández", "2026-03-01",
		"2025-03-02 – 2026-03-01", "compiled live on 2026-03-01 — not frozen", "2026-03-09 07:45 UTC", "event 1204, SHA-256 77ac",
	} {
		if pageOf(pages[:1], want) != 1 {
			t.Errorf("the first page does not show %q", want)
		}
	}
	for i, title := range packTitles {
		s := d.Pack.Sections[i]
		for _, want := range []string{s.Clause + " — " + title, s.Summary, "end-" + s.Items[24].Ref} {
			if !showsText(pdf, want) {
				t.Errorf("section %s: the PDF does not show %q", s.Key, want)
			}
		}
	}
	for _, want := range []string{"9.3.2 a — Status of actions from previous management reviews", "9.3.2 d — Nonconformities and corrective actions", "9.3.2 d — Audit results", "15 (trend +2)", "Closed in the period", "… and 5 more"} {
		if !showsText(pdf, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	if c := countText(pdf, "… and 5 more"); c != 10 {
		t.Errorf("%d sections say how many more records there are, want 10", c)
	}
	if showsText(pdf, "frozen when held") || showsText(pdf, "SHA-256 3b5d") {
		t.Errorf("a live pack says it is frozen")
	}
	for _, link := range []string{"/URI (https://isms.example.com/risks/R-1)", "/URI (https://isms.example.com/risks/R-925)"} {
		if !bytes.Contains(pdf, []byte(link)) {
			t.Errorf("the PDF has no link %s", link)
		}
	}
	if c := bytes.Count(pdf, []byte("/URI (https://isms.example.com/risks/")); c != 250 {
		t.Errorf("%d item links, want 250", c)
	}
}

func TestReviewPackPDFFrozenAndWithoutLinks(t *testing.T) {
	d := heldReview(3)
	d.BaseURL = ""
	pdf, n := packPDF(t, d)
	pages := pageTexts(t, pdf, n)
	want := "frozen when held on 2026-03-03, SHA-256 " + d.PackSHA256
	if !showsText(pages[0], "frozen when held on 2026-03-03, SHA-256") || !showsText(pages[0], d.PackSHA256) {
		t.Errorf("the first page does not show %q", want)
	}
	if showsText(pdf, "not frozen") || showsText(pdf, "more") {
		t.Errorf("a frozen pack of 3 records a section says it is live or has more")
	}
	if bytes.Contains(pdf, []byte("/URI")) {
		t.Errorf("a pack without a base URL has links")
	}
	d.Pack.Sections[1].Items = nil
	if pdf, _ := packPDF(t, d); !showsText(pdf, "No records to list.") {
		t.Errorf("a section without records does not say so")
	}
	d.Pack = nil
	if pdf, n := packPDF(t, d); n != 1 || !showsText(pdf, "No input pack has been compiled for this review.") {
		t.Errorf("a review without a pack: %d pages, want 1 saying there is no pack", n)
	}
}

func TestReviewPackPDFInTheGoFonts(t *testing.T) {
	d := liveReview(4)
	d.Pack.Sections[3].Items[0].Title = "Zoë — Łódź ✓"
	d.Pack.Sections[9].Summary = strings.Repeat("Zażółć gęślą jaźń — a long summary of the improvement opportunities. ", 30)
	pdf, n := packPDF(t, d)
	if inCoreFonts(pdf) {
		t.Fatalf("a pack with Polish text is in the core fonts")
	}
	if !showsText(pdf, "Zoë — Łódź ?") || !showsText(pdf, "Zażółć gęślą jaźń") {
		t.Errorf("the PDF does not show the text beyond cp1252")
	}
	if n < 2 {
		t.Errorf("pages = %d, want the long summary to need a second page", n)
	}
	text := pdfToText(t, func(w *bytes.Buffer) error { return ReviewPackPDF(w, d) })
	for _, want := range []string{"Zoë — Łódź", "Management review input pack", "9.3.2 g — Opportunities for continual improvement"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext does not find %q", want)
		}
	}
}

func TestReviewMinutesPDF(t *testing.T) {
	d := heldReview(25)
	pdf, n := minutesPDF(t, d)
	if n < 1 || n > 4 {
		t.Errorf("pages = %d, want 1 to 4", n)
	}
	for _, want := range []string{
		"Management review minutes", "MR-2 Management review 2026", "Held on", "2026-03-03", "Lucía Fernández",
		"Minutes approved", "• Jörg Weiß (CISO)", "Inputs considered", "9.3.2 f", "Results of risk assessment",
		d.Pack.Sections[8].Summary, "Pack SHA-256: " + d.PackSHA256, "The board reviewed the pack section by section.",
		"Risks above the acceptance level", "Automate the quarterly access review", "Resource need", "2026-09-30",
		"Approved by Lucía Fernández on 2026-03-08", "event 1204, SHA-256 77ac",
	} {
		if !showsText(pdf, want) {
			t.Errorf("the minutes do not show %q", want)
		}
	}
	for _, h := range minutesOutputs {
		if !showsText(pdf, h.label) {
			t.Errorf("the outputs table has no heading %q", h.label)
		}
	}
	for _, absent := range []string{"R-1 ", "end-R-", "Not yet approved"} {
		if showsText(pdf, absent) {
			t.Errorf("the minutes show %q", absent)
		}
	}
	text := pdfToText(t, func(w *bytes.Buffer) error { return ReviewMinutesPDF(w, d) })
	for _, want := range []string{"Management review minutes", "Approved by Lucía Fernández on 2026-03-08", "Hire a second security engineer"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext does not find %q", want)
		}
	}
}

func TestReviewMinutesPDFNotYetHeld(t *testing.T) {
	pdf, _ := minutesPDF(t, liveReview(2))
	for _, want := range []string{
		"Not held yet", "No attendees have been recorded.", "No minutes have been written yet.",
		"No outputs have been recorded.", "Not yet approved", "The pack has not been frozen",
	} {
		if !showsText(pdf, want) {
			t.Errorf("the minutes of a planned review do not show %q", want)
		}
	}
}

func TestReviewDocApprovalAndLinks(t *testing.T) {
	d := heldReview(1)
	for _, tt := range []struct{ by, want string }{{"", "Not yet approved"}, {"Ana Ruiz", "Approved by Ana Ruiz on 2026-03-08"}} {
		d.ApprovedBy = tt.by
		if got := d.approval(); got != tt.want {
			t.Errorf("approval() = %q, want %q", got, tt.want)
		}
	}
	for base, want := range map[string]string{
		"https://isms.example.com/": "https://isms.example.com/risks/R-1", "https://x.test/isms": "https://x.test/isms/risks/R-1", "": "",
	} {
		d.BaseURL = base
		if got := d.link("/risks/R-1"); got != want {
			t.Errorf("link with base %q = %q, want %q", base, got, want)
		}
	}
}

// BenchmarkReviewPackPDF writes a pack of 10 sections of 25 items, in
// the core fonts and in the Go fonts.
func BenchmarkReviewPackPDF(b *testing.B) {
	goFonts := liveReview(25)
	goFonts.Chair = "Łucja Kowalska"
	for _, tt := range []struct {
		name string
		doc  *ReviewDoc
	}{{"core_fonts", liveReview(25)}, {"go_fonts", goFonts}} {
		b.Run(tt.name, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := ReviewPackPDF(&buf, tt.doc); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(pdfPagesB(buf.Bytes())), "pages")
			b.ReportMetric(float64(buf.Len())/1024, "KiB")
		})
	}
}

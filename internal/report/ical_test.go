// SPDX-License-Identifier: Apache-2.0

package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"github.com/ismsproject/isms/internal/report"
)

// writeCalendar renders a calendar and checks the framing RFC 5545 asks
// for: CRLF line ends, physical lines of at most 75 octets that are each
// valid UTF-8 (no sequence split by folding).
func writeCalendar(t *testing.T, name string, events []report.CalendarEvent) (string, *ics.Calendar) {
	t.Helper()
	var buf bytes.Buffer
	if err := report.WriteCalendar(&buf, name, events); err != nil {
		t.Fatalf("WriteCalendar: %v", err)
	}
	out := buf.String()
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Fatalf("output does not end with END:VCALENDAR CRLF: %q", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, l)
		}
		if i == 0 && l != "BEGIN:VCALENDAR" {
			t.Errorf("first line %q", l)
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatalf("ParseCalendar: %v\n%s", err, out)
	}
	return out, cal
}

func prop(t *testing.T, c *ics.ComponentBase, p ics.ComponentProperty) string {
	t.Helper()
	v := c.GetProperty(p)
	if v == nil {
		t.Fatalf("property %s is missing", p)
	}
	return v.Value
}

func calProp(cal *ics.Calendar, name string) string {
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == name {
			return p.Value
		}
	}
	return ""
}

func TestWriteCalendarEventsParseBack(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		berlin = time.FixedZone("CET", 3600)
	}
	events := []report.CalendarEvent{
		{
			UID:         "task-42@isms.example.org",
			Summary:     `Review; access, rights \ admin`,
			Description: "Line one\nLine two; with, specials \\ and\r\nWindows line\rend",
			URL:         "https://isms.example.org/tasks/42?tab=details&x=1",
			Date:        time.Date(2026, 12, 31, 23, 30, 0, 0, berlin), // 22:30 UTC: the local date counts
			Updated:     time.Date(2026, 11, 28, 10, 15, 30, 0, berlin),
			Status:      "CONFIRMED",
		},
		{
			UID:     "risk-7@isms.example.org",
			Summary: "Risikobewertung",
			Date:    time.Date(2027, 2, 28, 0, 0, 0, 0, time.UTC),
			Updated: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		},
	}
	out, cal := writeCalendar(t, "Fällige Aufgaben, Jörg", events)
	for name, want := range map[string]string{
		"VERSION": "2.0", "PRODID": "-//isms//isms//EN", "CALSCALE": "GREGORIAN", "METHOD": "PUBLISH",
	} {
		if got := calProp(cal, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got := ics.FromText(calProp(cal, "X-WR-CALNAME")); got != "Fällige Aufgaben, Jörg" {
		t.Errorf("X-WR-CALNAME = %q", got)
	}
	got := cal.Events()
	if len(got) != 2 {
		t.Fatalf("%d events, want 2:\n%s", len(got), out)
	}
	e := &got[0].ComponentBase
	if id := e.Id(); id != "task-42@isms.example.org" {
		t.Errorf("UID = %q", id)
	}
	if s := ics.FromText(prop(t, e, ics.ComponentPropertySummary)); s != events[0].Summary {
		t.Errorf("SUMMARY = %q, want %q", s, events[0].Summary)
	}
	wantDesc := "Line one\nLine two; with, specials \\ and\nWindows line\nend"
	if d := ics.FromText(prop(t, e, ics.ComponentPropertyDescription)); d != wantDesc {
		t.Errorf("DESCRIPTION = %q, want %q", d, wantDesc)
	}
	if u := prop(t, e, ics.ComponentPropertyUrl); u != events[0].URL {
		t.Errorf("URL = %q", u)
	}
	if s := prop(t, e, ics.ComponentPropertyStatus); s != "CONFIRMED" {
		t.Errorf("STATUS = %q", s)
	}
	start, err := got[0].GetAllDayStartAt()
	if err != nil || start.Format("2006-01-02") != "2026-12-31" {
		t.Errorf("DTSTART = %v, %v; want 2026-12-31", start, err)
	}
	end, err := got[0].GetAllDayEndAt()
	if err != nil || end.Format("2006-01-02") != "2027-01-01" {
		t.Errorf("DTEND = %v, %v; want 2027-01-01", end, err)
	}
	for _, want := range []string{
		"SUMMARY:Review\\; access\\, rights \\\\ admin\r\n",
		"DESCRIPTION:Line one\\nLine two\\; with\\, specials \\\\ and\\nWindows line\\nend\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks the escaped line %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "DTSTART;VALUE=DATE:20261231\r\n") {
		t.Errorf("DTSTART is not an all-day date:\n%s", out)
	}
	stamp, err := got[0].GetDtStampTime()
	if err != nil || !stamp.Equal(events[0].Updated) {
		t.Errorf("DTSTAMP = %v, %v; want %v", stamp, err, events[0].Updated)
	}
	mod, err := got[0].GetLastModifiedAt()
	if err != nil || !mod.Equal(events[0].Updated) {
		t.Errorf("LAST-MODIFIED = %v, %v; want %v", mod, err, events[0].Updated)
	}
	e2 := &got[1].ComponentBase
	if e2.GetProperty(ics.ComponentPropertyDescription) != nil || e2.GetProperty(ics.ComponentPropertyUrl) != nil || e2.GetProperty(ics.ComponentPropertyStatus) != nil {
		t.Errorf("empty optional fields were written:\n%s", out)
	}
	if end, err := got[1].GetAllDayEndAt(); err != nil || end.Format("2006-01-02") != "2027-03-01" {
		t.Errorf("DTEND after 28 February = %v, %v; want 2027-03-01", end, err)
	}
}

func TestWriteCalendarFoldsLongNonASCIIText(t *testing.T) {
	summary := strings.Repeat("Überprüfung der Zugriffsrechte – 東京オフィス 🔐; ", 8)
	desc := strings.Repeat("äöü", 100) + strings.Repeat("日本語", 50)
	for offset := range 4 { // shift the text so folds fall at every position within a sequence
		t.Run(strings.Repeat("x", offset), func(t *testing.T) {
			s := strings.Repeat("x", offset) + summary
			out, cal := writeCalendar(t, "Fristen", []report.CalendarEvent{{
				UID: "task-1@isms.example.org", Summary: s, Description: desc,
				Date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Updated: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
			}})
			if strings.Count(out, "\r\n ") < 10 {
				t.Errorf("expected folded lines:\n%s", out)
			}
			e := &cal.Events()[0].ComponentBase
			if got := ics.FromText(prop(t, e, ics.ComponentPropertySummary)); got != s {
				t.Errorf("SUMMARY =\n%q\nwant\n%q", got, s)
			}
			if got := ics.FromText(prop(t, e, ics.ComponentPropertyDescription)); got != desc {
				t.Errorf("DESCRIPTION =\n%q\nwant\n%q", got, desc)
			}
		})
	}
}

func TestWriteEmptyCalendar(t *testing.T) {
	out, cal := writeCalendar(t, "Nothing due", nil)
	if n := len(cal.Events()); n != 0 {
		t.Fatalf("%d events in an empty calendar", n)
	}
	if calProp(cal, "VERSION") != "2.0" || calProp(cal, "PRODID") == "" {
		t.Fatalf("empty calendar lacks VERSION or PRODID:\n%s", out)
	}
}

func TestWriteCalendarRejectsBadEvents(t *testing.T) {
	ok := report.CalendarEvent{
		UID: "task-1@isms.example.org", Summary: "s",
		Date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Updated: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
	tests := []struct {
		name string
		edit func(e *report.CalendarEvent)
		want string
	}{
		{"no UID", func(e *report.CalendarEvent) { e.UID = "" }, "UID"},
		{"no date", func(e *report.CalendarEvent) { e.Date = time.Time{} }, "Date"},
		{"no update time", func(e *report.CalendarEvent) { e.Updated = time.Time{} }, "Updated"},
		{"relative URL", func(e *report.CalendarEvent) { e.URL = "/tasks/1" }, "URL"},
		{"URL with a line break", func(e *report.CalendarEvent) { e.URL = "https://x.example/\r\nATTENDEE:evil" }, "URL"},
		{"unknown status", func(e *report.CalendarEvent) { e.Status = "DONE" }, "Status"},
		{"control character", func(e *report.CalendarEvent) { e.Summary = "a\x00b" }, "Summary"},
		{"invalid UTF-8", func(e *report.CalendarEvent) { e.Description = "a\xffb" }, "Description"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok
			tt.edit(&e)
			var buf bytes.Buffer
			err := report.WriteCalendar(&buf, "c", []report.CalendarEvent{ok, e})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "event 1") {
				t.Fatalf("WriteCalendar = %v, want an error naming event 1 and %s", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", buf.Len())
			}
		})
	}
}

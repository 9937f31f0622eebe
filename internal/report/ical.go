// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// CalendarEvent is one all-day entry of a calendar feed, such as a due date.
type CalendarEvent struct {
	// UID identifies the event across feed refreshes; it must be stable
	// and globally unique, e.g. "task-42@isms.example.org".
	UID         string
	Summary     string
	Description string
	// URL is an absolute link to the record; optional.
	URL string
	// Date is the day of the event: its year, month and day in its own
	// location are used, the time of day is ignored.
	Date time.Time
	// Updated is when the record last changed; it is required and becomes
	// DTSTAMP and LAST-MODIFIED.
	Updated time.Time
	// Status is "", TENTATIVE, CONFIRMED or CANCELLED.
	Status string
}

// WriteCalendar writes events as an RFC 5545 iCalendar feed named name:
// one all-day VEVENT per event, text escaped, lines folded at 75 octets
// without splitting a UTF-8 sequence, CRLF line ends. The events are
// checked first; on an error nothing is written. A calendar without
// events has no components, which calendar applications read as an empty
// feed.
func WriteCalendar(w io.Writer, name string, events []CalendarEvent) error {
	if err := checkText(name); err != nil {
		return fmt.Errorf("calendar name: %w", err)
	}
	for i, e := range events {
		if err := e.check(); err != nil {
			return fmt.Errorf("calendar event %d (%q): %w", i, e.UID, err)
		}
	}
	bw := bufio.NewWriter(w)
	cw := contentWriter{w: bw}
	cw.line("BEGIN", "VCALENDAR")
	cw.line("VERSION", "2.0")
	cw.line("PRODID", "-//isms//isms//EN")
	cw.line("CALSCALE", "GREGORIAN")
	cw.line("METHOD", "PUBLISH")
	cw.line("NAME", escapeText(name))
	cw.line("X-WR-CALNAME", escapeText(name))
	cw.line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	cw.line("X-PUBLISHED-TTL", "PT1H")
	for _, e := range events {
		e.write(&cw)
	}
	cw.line("END", "VCALENDAR")
	if cw.err != nil {
		return fmt.Errorf("write calendar: %w", cw.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write calendar: %w", err)
	}
	return nil
}

func (e CalendarEvent) check() error {
	if strings.TrimSpace(e.UID) == "" {
		return errors.New("missing UID")
	}
	for field, s := range map[string]string{"UID": e.UID, "Summary": e.Summary, "Description": e.Description} {
		if err := checkText(s); err != nil {
			return fmt.Errorf("%s: %w", field, err)
		}
	}
	if e.URL != "" {
		u, err := url.Parse(e.URL)
		if err != nil || !u.IsAbs() || strings.ContainsFunc(e.URL, func(r rune) bool { return r < 0x21 || r == 0x7f }) {
			return fmt.Errorf("URL %q is not an absolute URL without spaces", e.URL)
		}
	}
	if e.Date.IsZero() {
		return errors.New("missing Date")
	}
	if e.Updated.IsZero() {
		return errors.New("missing Updated (the time the record last changed)")
	}
	switch e.Status {
	case "", "TENTATIVE", "CONFIRMED", "CANCELLED":
	default:
		return fmt.Errorf("unknown Status %q: use TENTATIVE, CONFIRMED or CANCELLED", e.Status)
	}
	return nil
}

// checkText accepts valid UTF-8 without control characters other than
// tab and line breaks (which escaping turns into \n).
func checkText(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("not valid UTF-8")
	}
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			return fmt.Errorf("control character %U is not allowed", r)
		}
	}
	return nil
}

func (e CalendarEvent) write(cw *contentWriter) {
	day := time.Date(e.Date.Year(), e.Date.Month(), e.Date.Day(), 0, 0, 0, 0, time.UTC)
	stamp := e.Updated.UTC().Format("20060102T150405Z")
	cw.line("BEGIN", "VEVENT")
	cw.line("UID", escapeText(e.UID))
	cw.line("DTSTAMP", stamp)
	cw.line("DTSTART;VALUE=DATE", day.Format("20060102"))
	cw.line("DTEND;VALUE=DATE", day.AddDate(0, 0, 1).Format("20060102"))
	cw.line("SUMMARY", escapeText(e.Summary))
	if e.Description != "" {
		cw.line("DESCRIPTION", escapeText(e.Description))
	}
	if e.URL != "" {
		cw.line("URL", e.URL)
	}
	if e.Status != "" {
		cw.line("STATUS", e.Status)
	}
	cw.line("TRANSP", "TRANSPARENT") // a due date does not make anyone busy
	cw.line("LAST-MODIFIED", stamp)
	cw.line("END", "VEVENT")
}

// escapeText escapes an RFC 5545 TEXT value: backslash, semicolon, comma
// and line breaks (any of CRLF, CR, LF become \n).
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// contentWriter writes content lines folded at 75 octets; it keeps the
// first write error.
type contentWriter struct {
	w   *bufio.Writer
	err error
}

// line writes "name:value", folding it into lines of at most 75 octets
// (a continuation line starts with a space, which counts) and cutting
// only between UTF-8 sequences.
func (c *contentWriter) line(name, value string) {
	s := name + ":" + value
	limit := 75
	for c.err == nil {
		if len(s) <= limit {
			_, c.err = c.w.WriteString(s + "\r\n")
			return
		}
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		_, c.err = c.w.WriteString(s[:cut] + "\r\n ")
		s = s[cut:]
		limit = 74
	}
}

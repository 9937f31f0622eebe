// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

var evToday = isms.NewDate(2026, 3, 2)

func validEvidence(kind isms.EvidenceKind) *isms.Evidence {
	e := &isms.Evidence{Title: "Backup restore test", Kind: kind, Source: isms.EvidenceSourceUpload, CollectedOn: evToday}
	switch kind {
	case isms.EvidenceKindLink:
		e.URL = "https://wiki.example.com/restore-test"
	case isms.EvidenceKindNote:
		e.Note = "Restored the payroll database on 2 March; it took 40 minutes."
	}
	return e
}

func TestEvidenceValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(e *isms.Evidence)
		kind   isms.EvidenceKind
		want   []string // fields with problems
	}{
		{"a file item with a title is valid", func(*isms.Evidence) {}, isms.EvidenceKindFile, nil},
		{"a link item with an https address is valid", func(*isms.Evidence) {}, isms.EvidenceKindLink, nil},
		{"a note item with a note is valid", func(*isms.Evidence) {}, isms.EvidenceKindNote, nil},
		{"a title of spaces is missing", func(e *isms.Evidence) { e.Title = "   " }, isms.EvidenceKindFile, []string{"title"}},
		{"an unknown kind is refused", func(e *isms.Evidence) { e.Kind = "photo" }, isms.EvidenceKindFile, []string{"kind"}},
		{"a link needs an address", func(e *isms.Evidence) { e.URL = "" }, isms.EvidenceKindLink, []string{"url"}},
		{"a javascript: address is refused", func(e *isms.Evidence) { e.URL = "javascript:alert(1)" }, isms.EvidenceKindLink, []string{"url"}},
		{"a file: address is refused", func(e *isms.Evidence) { e.URL = "file:///etc/passwd" }, isms.EvidenceKindLink, []string{"url"}},
		{"an address with a password is refused", func(e *isms.Evidence) { e.URL = "https://u:p@example.com/" }, isms.EvidenceKindLink, []string{"url"}},
		{"an overlong address is refused", func(e *isms.Evidence) { e.URL = "https://example.com/" + strings.Repeat("a", 2000) }, isms.EvidenceKindLink, []string{"url"}},
		{"a file item has no address", func(e *isms.Evidence) { e.URL = "https://example.com" }, isms.EvidenceKindFile, []string{"url"}},
		{"a note item needs its note", func(e *isms.Evidence) { e.Note = "" }, isms.EvidenceKindNote, []string{"note"}},
		{"a link item has no note", func(e *isms.Evidence) { e.Note = "x" }, isms.EvidenceKindLink, []string{"note"}},
		{"an unknown source is refused", func(e *isms.Evidence) { e.Source = "email" }, isms.EvidenceKindFile, []string{"source"}},
		{"a collection date is required", func(e *isms.Evidence) { e.CollectedOn = isms.Date{} }, isms.EvidenceKindFile, []string{"collectedOn"}},
		{"a collection date in the future is refused", func(e *isms.Evidence) { e.CollectedOn = evToday.AddDays(1) }, isms.EvidenceKindFile, []string{"collectedOn"}},
		{"valid until before collection is refused", func(e *isms.Evidence) { e.ValidUntil = evToday.AddDays(-1) }, isms.EvidenceKindFile, []string{"validUntil"}},
		{"valid until on the collection day is fine", func(e *isms.Evidence) { e.ValidUntil = evToday }, isms.EvidenceKindFile, nil},
		{"a negative period is refused", func(e *isms.Evidence) { e.ValidityDays = -1 }, isms.EvidenceKindFile, []string{"validityDays"}},
		{"a period over ten years is refused", func(e *isms.Evidence) { e.ValidityDays = 3661 }, isms.EvidenceKindFile, []string{"validityDays"}},
		{"every problem is reported at once", func(e *isms.Evidence) { e.Title, e.URL, e.CollectedOn = "", "ftp://x", isms.Date{} },
			isms.EvidenceKindLink, []string{"collectedOn", "title", "url"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := validEvidence(tc.kind)
			tc.change(e)
			e.Normalize()
			var got []string
			for f := range isms.ErrorFields(e.Validate(evToday)) {
				got = append(got, f)
			}
			slices.Sort(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Validate() problem fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvidenceNormalizeDerivesValidUntilFromThePeriod(t *testing.T) {
	e := validEvidence(isms.EvidenceKindFile)
	e.ValidityDays = 365
	e.ValidUntil = isms.NewDate(2030, 1, 1)
	e.Normalize()
	if want := isms.NewDate(2027, 3, 2); e.ValidUntil != want {
		t.Errorf("ValidUntil = %s, want %s (collected + 365 days)", e.ValidUntil, want)
	}
}

func TestEvidenceFreshness(t *testing.T) {
	file := &isms.EvidenceFile{Version: 1, Integrity: isms.IntegrityOK}
	for _, tc := range []struct {
		name  string
		kind  isms.EvidenceKind
		file  *isms.EvidenceFile
		until isms.Date
		want  isms.Freshness
	}{
		{"without expiry it is current", isms.EvidenceKindLink, nil, isms.Date{}, isms.FreshnessCurrent},
		{"beyond the window it is current", isms.EvidenceKindFile, file, evToday.AddDays(31), isms.FreshnessCurrent},
		{"on the window's last day it is expiring", isms.EvidenceKindFile, file, evToday.AddDays(30), isms.FreshnessExpiring},
		{"valid until today it is expiring", isms.EvidenceKindNote, nil, evToday, isms.FreshnessExpiring},
		{"valid until yesterday it is expired", isms.EvidenceKindNote, nil, evToday.AddDays(-1), isms.FreshnessExpired},
		{"a file item without a file is missing", isms.EvidenceKindFile, nil, isms.Date{}, isms.FreshnessMissing},
		{"a missing file outranks expiry", isms.EvidenceKindFile, nil, evToday.AddDays(-10), isms.FreshnessMissing},
		{"a file that changed in storage is missing", isms.EvidenceKindFile, &isms.EvidenceFile{Integrity: isms.IntegrityMismatch}, isms.Date{}, isms.FreshnessMissing},
		{"a file gone from storage is missing", isms.EvidenceKindFile, &isms.EvidenceFile{Integrity: isms.IntegrityMissing}, evToday.AddDays(90), isms.FreshnessMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &isms.Evidence{Kind: tc.kind, File: tc.file, ValidUntil: tc.until}
			if got := isms.EvidenceFreshness(e, evToday, isms.FreshnessWindowDays); got != tc.want {
				t.Errorf("EvidenceFreshness(valid until %q) = %s, want %s", tc.until, got, tc.want)
			}
		})
	}
}

func TestCleanFileName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"report.pdf", "report.pdf"},
		{"../../etc/passwd", "passwd"},
		{`a/b\c.html`, "c.html"},
		{`C:\Users\ana\scan 1.png`, "scan 1.png"},
		{"evil\x00.pdf", "evil.pdf"},
		{"line\r\nbreak.txt", "linebreak.txt"},
		{"right\u202eto-left.exe.pdf", "rightto-left.exe.pdf"},
		{"..", "file"},
		{"dir/", "file"},
		{"", "file"},
		{"\xff\xfe.bin", ".bin"},
		{strings.Repeat("é", 300) + ".txt", strings.Repeat("é", 255)},
	} {
		if got := isms.CleanFileName(tc.in); got != tc.want {
			t.Errorf("CleanFileName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEvidenceUpdateApply(t *testing.T) {
	t.Run("a new date clears the period", func(t *testing.T) {
		e := validEvidence(isms.EvidenceKindFile)
		e.ValidityDays = 30
		e.Normalize()
		until := isms.NewDate(2026, 12, 31)
		c := isms.EvidenceUpdate{ValidUntil: &until}.Apply(e)
		if e.ValidityDays != 0 || e.ValidUntil != until {
			t.Errorf("after Apply: validity %d days, until %s; want 0 and %s", e.ValidityDays, e.ValidUntil, until)
		}
		want := isms.Changes{"validityDays": {Before: 30, After: 0}, "validUntil": {Before: "2026-04-01", After: "2026-12-31"}}
		if diff := cmp.Diff(want, c); diff != "" {
			t.Errorf("Apply() changes (-want +got):\n%s", diff)
		}
	})
	t.Run("a new collection date moves a derived validity", func(t *testing.T) {
		e := validEvidence(isms.EvidenceKindFile)
		e.ValidityDays = 10
		e.Normalize()
		collected := isms.NewDate(2026, 2, 1)
		c := isms.EvidenceUpdate{CollectedOn: &collected}.Apply(e)
		if want := isms.NewDate(2026, 2, 11); e.ValidUntil != want {
			t.Errorf("ValidUntil = %s, want %s", e.ValidUntil, want)
		}
		if c["validUntil"].After != "2026-02-11" || c["collectedOn"].After != "2026-02-01" {
			t.Errorf("Apply() changes = %v, want collectedOn and validUntil recorded", c)
		}
	})
	t.Run("a form that keeps the period and sends no date keeps both", func(t *testing.T) {
		e := validEvidence(isms.EvidenceKindFile)
		e.ValidityDays = 30
		e.Normalize()
		days, none := 30, isms.Date{}
		c := isms.EvidenceUpdate{ValidityDays: &days, ValidUntil: &none}.Apply(e)
		if len(c) != 0 || e.ValidUntil != evToday.AddDays(30) {
			t.Errorf("Apply() = %v, valid until %s; want no changes and the derived date", c, e.ValidUntil)
		}
	})
	t.Run("removing the period without a date removes the expiry", func(t *testing.T) {
		e := validEvidence(isms.EvidenceKindFile)
		e.ValidityDays = 30
		e.Normalize()
		zero := 0
		c := isms.EvidenceUpdate{ValidityDays: &zero}.Apply(e)
		if !e.ValidUntil.IsZero() || c["validityDays"].After != 0 || c["validUntil"].After != "" {
			t.Errorf("Apply() = %v, valid until %q; want no period and no date", c, e.ValidUntil)
		}
	})
	t.Run("nothing given changes nothing", func(t *testing.T) {
		e := validEvidence(isms.EvidenceKindNote)
		same := e.Title
		if c := (isms.EvidenceUpdate{Title: &same}).Apply(e); len(c) != 0 {
			t.Errorf("Apply(same title) = %v, want no changes", c)
		}
	})
}

// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

// date parses a YYYY-MM-DD literal of a test.
func date(t testing.TB, s string) isms.Date {
	t.Helper()
	d, err := isms.ParseDate(s)
	if err != nil || d.IsZero() {
		t.Fatalf("ParseDate(%q) = %v, %v", s, d, err)
	}
	return d
}

// dates formats dates for comparison.
func dates(ds []isms.Date) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}

func TestParseRecurrence(t *testing.T) {
	tests := []struct {
		in   string
		want isms.Recurrence
		str  string // String() of the result
	}{
		{"every day", isms.Recurrence{Every: 1, Unit: isms.Days}, "every day"},
		{"daily", isms.Recurrence{Every: 1, Unit: isms.Days}, "every day"},
		{"every 10 days", isms.Recurrence{Every: 10, Unit: isms.Days}, "every 10 days"},
		{"every week", isms.Recurrence{Every: 1, Unit: isms.Weeks}, "every week"},
		{"every other week", isms.Recurrence{Every: 2, Unit: isms.Weeks}, "every 2 weeks"},
		{"fortnightly", isms.Recurrence{Every: 2, Unit: isms.Weeks}, "every 2 weeks"},
		{"every 3 months", isms.Recurrence{Every: 3, Unit: isms.Months}, "every 3 months"},
		{"Every 3 Months", isms.Recurrence{Every: 3, Unit: isms.Months}, "every 3 months"},
		{"  every   3\tmonths ", isms.Recurrence{Every: 3, Unit: isms.Months}, "every 3 months"},
		{"quarterly", isms.Recurrence{Every: 3, Unit: isms.Months}, "every 3 months"},
		{"every quarter", isms.Recurrence{Every: 3, Unit: isms.Months}, "every 3 months"},
		{"every 2 quarters", isms.Recurrence{Every: 6, Unit: isms.Months}, "every 6 months"},
		{"every 6 months", isms.Recurrence{Every: 6, Unit: isms.Months}, "every 6 months"},
		{"half-yearly", isms.Recurrence{Every: 6, Unit: isms.Months}, "every 6 months"},
		{"every half year", isms.Recurrence{Every: 6, Unit: isms.Months}, "every 6 months"},
		{"each month", isms.Recurrence{Every: 1, Unit: isms.Months}, "every month"},
		{"every year", isms.Recurrence{Every: 1, Unit: isms.Years}, "every year"},
		{"annually", isms.Recurrence{Every: 1, Unit: isms.Years}, "every year"},
		{"every 3 years", isms.Recurrence{Every: 3, Unit: isms.Years}, "every 3 years"},
		{"first monday of each quarter", isms.Recurrence{Nth: 1, Weekday: time.Monday, Period: isms.Quarter}, "first Monday of each quarter"},
		{"First Monday of every Quarter", isms.Recurrence{Nth: 1, Weekday: time.Monday, Period: isms.Quarter}, "first Monday of each quarter"},
		{"last friday of each month", isms.Recurrence{Nth: isms.LastWeek, Weekday: time.Friday, Period: isms.Month}, "last Friday of each month"},
		{"2nd tue of the month", isms.Recurrence{Nth: 2, Weekday: time.Tuesday, Period: isms.Month}, "second Tuesday of each month"},
		{"third sunday of each half year", isms.Recurrence{Nth: 3, Weekday: time.Sunday, Period: isms.HalfYear}, "third Sunday of each half-year"},
		{"fourth wednesday of each year", isms.Recurrence{Nth: 4, Weekday: time.Wednesday, Period: isms.Year}, "fourth Wednesday of each year"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := isms.ParseRecurrence(tc.in)
			if err != nil {
				t.Fatalf("ParseRecurrence(%q) = %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("ParseRecurrence(%q) = %+v, want %+v", tc.in, got, tc.want)
			}
			if s := got.String(); s != tc.str {
				t.Errorf("ParseRecurrence(%q).String() = %q, want %q", tc.in, s, tc.str)
			}
		})
	}
}

func TestParseRecurrenceRefusesWhatItCannotRead(t *testing.T) {
	for _, in := range []string{"", "   ", "sometimes", "every", "every 0 days", "every -1 weeks", "every 1000 days",
		"every 334 quarters", "every 3 fortnights days", "every 3.5 months", "fifth monday of each month",
		"first funday of each month", "first monday of each decade", "first monday each quarter", "every monday",
		"last friday of each month please"} {
		r, err := isms.ParseRecurrence(in)
		if err == nil {
			t.Errorf("ParseRecurrence(%q) = %+v, want an error", in, r)
			continue
		}
		if isms.ErrorCode(err) != isms.Invalid || !strings.Contains(isms.ErrorMessage(err), "every 3 months") {
			t.Errorf("ParseRecurrence(%q) error = %v, want Invalid with an example", in, err)
		}
	}
}

func TestRecurrenceOccurrences(t *testing.T) {
	rule := func(s string) isms.Recurrence {
		r, err := isms.ParseRecurrence(s)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	tests := []struct {
		name            string
		rule            string
		start, from, to string
		want            []string
	}{
		{"every day from the start", "every day", "2026-02-26", "2026-01-01", "2026-03-02",
			[]string{"2026-02-26", "2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"}},
		{"every 10 days from a window in the middle", "every 10 days", "2026-01-01", "2026-01-15", "2026-02-10",
			[]string{"2026-01-21", "2026-01-31", "2026-02-10"}},
		{"every 2 weeks keeps the weekday", "every 2 weeks", "2026-03-02", "2026-03-03", "2026-04-30",
			[]string{"2026-03-16", "2026-03-30", "2026-04-13", "2026-04-27"}},
		{"every month from 31 January clamps to February's end and returns to the 31st", "every month", "2026-01-31", "2026-01-01", "2026-05-31",
			[]string{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"}},
		{"every month from 31 January in a leap year", "every month", "2028-01-31", "2028-01-01", "2028-03-31",
			[]string{"2028-01-31", "2028-02-29", "2028-03-31"}},
		{"every month from the 30th", "every month", "2026-01-30", "2026-02-01", "2026-03-31",
			[]string{"2026-02-28", "2026-03-30"}},
		{"every 3 months from 30 November", "every 3 months", "2025-11-30", "2025-01-01", "2026-12-31",
			[]string{"2025-11-30", "2026-02-28", "2026-05-30", "2026-08-30", "2026-11-30"}},
		{"every year from 29 February", "every year", "2024-02-29", "2024-01-01", "2028-12-31",
			[]string{"2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"}},
		{"every 6 months over a year end", "every 6 months", "2025-08-31", "2026-01-01", "2027-12-31",
			[]string{"2026-02-28", "2026-08-31", "2027-02-28", "2027-08-31"}},
		{"a window far after the start skips ahead", "every month", "2020-01-31", "2199-11-01", "2199-12-31",
			[]string{"2199-11-30", "2199-12-31"}},
		{"first Monday of each quarter", "first monday of each quarter", "2026-01-01", "2026-01-01", "2026-12-31",
			[]string{"2026-01-05", "2026-04-06", "2026-07-06", "2026-10-05"}},
		{"first Thursday of a month that starts on a Thursday", "first thursday of each month", "2026-01-01", "2026-01-01", "2026-01-31",
			[]string{"2026-01-01"}},
		{"last Friday of each month", "last friday of each month", "2026-01-01", "2026-01-01", "2026-03-31",
			[]string{"2026-01-30", "2026-02-27", "2026-03-27"}},
		{"last Friday when the month ends on a Friday", "last friday of each month", "2026-07-01", "2026-07-01", "2026-07-31",
			[]string{"2026-07-31"}},
		{"last Sunday of February in a leap year", "last sunday of each month", "2032-02-01", "2032-02-01", "2032-02-29",
			[]string{"2032-02-29"}},
		{"last Monday of each quarter is in the quarter's last month", "last monday of each quarter", "2026-01-01", "2026-01-01", "2026-12-31",
			[]string{"2026-03-30", "2026-06-29", "2026-09-28", "2026-12-28"}},
		{"second Tuesday of each half-year", "second tuesday of each half-year", "2026-01-01", "2026-01-01", "2027-12-31",
			[]string{"2026-01-13", "2026-07-14", "2027-01-12", "2027-07-13"}},
		{"fourth Wednesday of each year", "fourth wednesday of each year", "2026-01-01", "2026-01-01", "2027-12-31",
			[]string{"2026-01-28", "2027-01-27"}},
		{"no calendar occurrence before the start", "first monday of each quarter", "2026-04-07", "2026-01-01", "2026-10-31",
			[]string{"2026-07-06", "2026-10-05"}},
		{"a window before the start has none", "every day", "2026-03-01", "2026-01-01", "2026-02-28", []string{}},
		{"a window that ends before it starts has none", "every day", "2026-01-01", "2026-03-01", "2026-02-01", []string{}},
		{"the bounds are inclusive", "every week", "2026-03-02", "2026-03-09", "2026-03-16", []string{"2026-03-09", "2026-03-16"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := rule(tc.rule).Occurrences(date(t, tc.start), date(t, tc.from), date(t, tc.to))
			if diff := cmp.Diff(tc.want, dates(got)); diff != "" {
				t.Errorf("%s from %s: Occurrences(%s, %s) mismatch (-want +got):\n%s", tc.rule, tc.start, tc.from, tc.to, diff)
			}
		})
	}
}

func TestRecurrenceOccurrencesAreBounded(t *testing.T) {
	r := isms.Recurrence{Every: 1, Unit: isms.Days}
	got := r.Occurrences(date(t, "2000-01-01"), date(t, "2000-01-01"), date(t, "2199-12-31"))
	if len(got) != isms.MaxOccurrences || got[0].String() != "2000-01-01" || got[len(got)-1].String() != "2002-09-26" {
		t.Errorf("every day over two centuries: %d occurrences from %v to %v, want the first %d",
			len(got), got[0], got[len(got)-1], isms.MaxOccurrences)
	}
	cal := isms.Recurrence{Nth: 1, Weekday: time.Monday, Period: isms.Month}
	if got := cal.Occurrences(date(t, "2000-01-01"), date(t, "2000-01-01"), date(t, "2199-12-31")); len(got) != isms.MaxOccurrences {
		t.Errorf("first Monday of each month over two centuries: %d occurrences, want %d", len(got), isms.MaxOccurrences)
	}
	if got := (isms.Recurrence{}).Occurrences(date(t, "2026-01-01"), date(t, "2026-01-01"), date(t, "2027-01-01")); got != nil {
		t.Errorf("the zero rule has occurrences %v", got)
	}
}

func TestRecurrenceNext(t *testing.T) {
	r := isms.Recurrence{Every: 1, Unit: isms.Years}
	got := r.Next(date(t, "2024-02-29"), date(t, "2026-03-02"), 3)
	if diff := cmp.Diff([]string{"2027-02-28", "2028-02-29", "2029-02-28"}, dates(got)); diff != "" {
		t.Errorf("Next(3) mismatch (-want +got):\n%s", diff)
	}
}

func TestRecurrenceText(t *testing.T) {
	var s struct {
		Rule isms.Recurrence `json:"rule"`
	}
	if err := s.Rule.UnmarshalText([]byte("last friday of every month")); err != nil {
		t.Fatal(err)
	}
	b, _ := s.Rule.MarshalText()
	if string(b) != "last Friday of each month" {
		t.Errorf("MarshalText = %q", b)
	}
	if err := s.Rule.UnmarshalText([]byte("now and then")); isms.ErrorCode(err) != isms.Invalid {
		t.Errorf("UnmarshalText(now and then) = %v, want Invalid", err)
	}
}

func FuzzParseRecurrence(f *testing.F) {
	for _, s := range []string{"every day", "every 3 months", "every year", "quarterly", "first monday of each quarter",
		"last friday of each month", "every other week", "second tue of the half year", "every 999 days", "every 0 days", "é"} {
		f.Add(s, int64(0), int64(40))
	}
	f.Fuzz(func(t *testing.T, s string, startOff, span int64) {
		r, err := isms.ParseRecurrence(s)
		if err != nil {
			if isms.ErrorCode(err) != isms.Invalid {
				t.Fatalf("ParseRecurrence(%q) error %v is not Invalid", s, err)
			}
			return
		}
		if !r.Valid() {
			t.Fatalf("ParseRecurrence(%q) = %+v, which is not Valid", s, r)
		}
		back, err := isms.ParseRecurrence(r.String())
		if err != nil || back != r {
			t.Fatalf("ParseRecurrence(%q) = %+v; its String %q reads back as %+v, %v", s, r, r.String(), back, err)
		}
		start := isms.NewDate(2026, 1, 1).AddDays(int(startOff % 100000))
		from := start.AddDays(int(span % 5000))
		occ := r.Occurrences(start, from, from.AddDays(800))
		if len(occ) > isms.MaxOccurrences {
			t.Fatalf("%d occurrences, more than the bound", len(occ))
		}
		for i, d := range occ {
			if d.Before(start) || d.Before(from) || d.After(from.AddDays(800)) || (i > 0 && !occ[i-1].Before(d)) {
				t.Fatalf("%s from %v: occurrence %v out of place in %v", r, start, d, occ)
			}
		}
	})
}

// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// RecurrenceUnit is the unit of an interval rule.
type RecurrenceUnit string

// The units of interval rules.
const (
	Days   RecurrenceUnit = "day"
	Weeks  RecurrenceUnit = "week"
	Months RecurrenceUnit = "month"
	Years  RecurrenceUnit = "year"
)

// RecurrencePeriod is the period of a calendar rule. Periods are aligned to
// the calendar year: quarters start in January, April, July and October,
// half-years in January and July.
type RecurrencePeriod string

// The periods of calendar rules.
const (
	Month    RecurrencePeriod = "month"
	Quarter  RecurrencePeriod = "quarter"
	HalfYear RecurrencePeriod = "half-year"
	Year     RecurrencePeriod = "year"
)

// periodMonths is the length of each period in months.
var periodMonths = map[RecurrencePeriod]int{Month: 1, Quarter: 3, HalfYear: 6, Year: 12}

// LastWeek is the Nth of a calendar rule that means "the last".
const LastWeek = -1

// MaxEvery bounds the N of "every N units".
const MaxEvery = 999

// MaxOccurrences bounds how many dates Occurrences returns.
const MaxOccurrences = 1000

// Recurrence is how often a schedule recurs. It is either an interval rule,
// "every N days, weeks, months or years" counted from the schedule's start
// date, or a calendar rule, "the first, second, third, fourth or last
// weekday of each month, quarter, half-year or year".
//
// Occurrence k of an interval rule is computed from the start, never from
// occurrence k-1, so month ends do not drift: every month from 31 January
// gives 29 February (28 in common years), then 31 March.
type Recurrence struct {
	// Every and Unit make an interval rule; Every is 0 for a calendar rule.
	Every int
	Unit  RecurrenceUnit
	// Nth, Weekday and Period make a calendar rule: Nth is 1–4, or
	// LastWeek; it is 0 for an interval rule.
	Nth     int
	Weekday time.Weekday
	Period  RecurrencePeriod
}

// Valid reports whether r is a complete rule of either kind.
func (r Recurrence) Valid() bool {
	switch {
	case r.Every > 0 && r.Nth == 0:
		return r.Every <= MaxEvery && (r.Unit == Days || r.Unit == Weeks || r.Unit == Months || r.Unit == Years) &&
			r.Weekday == 0 && r.Period == ""
	case r.Every == 0 && r.Nth != 0:
		return (r.Nth == LastWeek || (r.Nth >= 1 && r.Nth <= 4)) && r.Unit == "" &&
			r.Weekday >= time.Sunday && r.Weekday <= time.Saturday && periodMonths[r.Period] > 0
	}
	return false
}

// IsZero reports whether r is the zero rule, which never occurs.
func (r Recurrence) IsZero() bool { return r == Recurrence{} }

var ordinals = map[string]int{"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
	"fourth": 4, "4th": 4, "last": LastWeek}

var ordinalNames = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", LastWeek: "last"}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// adverbs are the one-word rules.
var adverbs = map[string]Recurrence{
	"daily": {Every: 1, Unit: Days}, "weekly": {Every: 1, Unit: Weeks}, "fortnightly": {Every: 2, Unit: Weeks},
	"monthly": {Every: 1, Unit: Months}, "quarterly": {Every: 3, Unit: Months},
	"half-yearly": {Every: 6, Unit: Months}, "semi-annually": {Every: 6, Unit: Months},
	"yearly": {Every: 1, Unit: Years}, "annually": {Every: 1, Unit: Years},
}

// intervalUnits maps the unit words of "every N …" to a unit and how many
// of it one word stands for ("quarter" is three months).
var intervalUnits = map[string]struct {
	unit RecurrenceUnit
	mult int
}{
	"day": {Days, 1}, "days": {Days, 1}, "week": {Weeks, 1}, "weeks": {Weeks, 1},
	"fortnight": {Weeks, 2}, "fortnights": {Weeks, 2},
	"month": {Months, 1}, "months": {Months, 1}, "quarter": {Months, 3}, "quarters": {Months, 3},
	"half-year": {Months, 6}, "half-years": {Months, 6}, "year": {Years, 1}, "years": {Years, 1},
}

// ParseRecurrence reads a rule as a person writes it: "every day", "every 2
// weeks", "every 3 months", "every year", "quarterly", "first monday of each
// quarter", "last friday of every month". Case and extra spaces do not
// matter. It returns an Invalid error that shows how to write a rule.
func ParseRecurrence(s string) (Recurrence, error) {
	norm := strings.ToLower(strings.Join(strings.Fields(s), " "))
	words := strings.Fields(strings.NewReplacer("half year", "half-year", "semi annually", "semi-annually").Replace(norm))
	if r, ok := parseRecurrenceWords(words); ok && r.Valid() {
		return r, nil
	}
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return Recurrence{}, Errorf(Invalid, `%q is not a rule we can read; write it like "every 3 months", "every year" or "first monday of each quarter".`, s)
}

func parseRecurrenceWords(w []string) (Recurrence, bool) {
	switch {
	case len(w) == 1:
		r, ok := adverbs[w[0]]
		return r, ok
	case len(w) >= 2 && (w[0] == "every" || w[0] == "each"):
		n, unitWord := 1, w[1]
		if len(w) == 3 {
			if w[1] == "other" {
				n = 2
			} else if v, err := strconv.Atoi(w[1]); err == nil && v > 0 && v <= MaxEvery {
				n = v
			} else {
				return Recurrence{}, false
			}
			unitWord = w[2]
		} else if len(w) != 2 {
			return Recurrence{}, false
		}
		u, ok := intervalUnits[unitWord]
		if !ok || n*u.mult > MaxEvery {
			return Recurrence{}, false
		}
		return Recurrence{Every: n * u.mult, Unit: u.unit}, true
	case len(w) == 5 && w[2] == "of" && (w[3] == "each" || w[3] == "every" || w[3] == "the"):
		nth, ok1 := ordinals[w[0]]
		day, ok2 := weekdays[w[1]]
		period := RecurrencePeriod(w[4])
		return Recurrence{Nth: nth, Weekday: day, Period: period}, ok1 && ok2 && periodMonths[period] > 0
	}
	return Recurrence{}, false
}

// String returns the rule as ParseRecurrence reads it: "every 3 months",
// "every year", "first Monday of each quarter"; "" for the zero rule.
func (r Recurrence) String() string {
	switch {
	case r.IsZero():
		return ""
	case r.Nth != 0:
		return fmt.Sprintf("%s %s of each %s", ordinalNames[r.Nth], r.Weekday, r.Period)
	case r.Every == 1:
		return "every " + string(r.Unit)
	}
	return fmt.Sprintf("every %d %ss", r.Every, r.Unit)
}

// MarshalText writes the rule as String does.
func (r Recurrence) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a rule as ParseRecurrence does; "" is the zero rule.
func (r *Recurrence) UnmarshalText(b []byte) error {
	if strings.TrimSpace(string(b)) == "" {
		*r = Recurrence{}
		return nil
	}
	v, err := ParseRecurrence(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Occurrences returns the dates of the rule, for a schedule starting on
// start, that fall within from and to (both inclusive) and not before
// start: earliest first, at most MaxOccurrences. An invalid rule has none.
func (r Recurrence) Occurrences(start, from, to Date) []Date {
	if !r.Valid() || start.IsZero() || to.IsZero() {
		return nil
	}
	if from.Before(start) {
		from = start
	}
	if to.Before(from) {
		return nil
	}
	if r.Nth != 0 {
		return r.calendarOccurrences(start, from, to)
	}
	return r.intervalOccurrences(start, from, to)
}

// Next returns up to n occurrences on or after from, for a schedule
// starting on start, looking at most ten years ahead.
func (r Recurrence) Next(start, from Date, n int) []Date {
	occ := r.Occurrences(start, from, from.AddDate(10, 0, 0))
	return occ[:min(n, len(occ))]
}

func (r Recurrence) intervalOccurrences(start, from, to Date) []Date {
	var k int
	var at func(k int) Date
	switch r.Unit {
	case Days, Weeks:
		step := r.Every
		if r.Unit == Weeks {
			step *= 7
		}
		at = func(k int) Date { return start.AddDays(k * step) }
		k = int((dayNumber(from) - dayNumber(start) + int64(step) - 1) / int64(step))
	default:
		months := r.Every
		if r.Unit == Years {
			months *= 12
		}
		at = func(k int) Date { return addMonthsClamped(start, k*months) }
		f, s := from.Time(), start.Time()
		k = max(0, ((f.Year()-s.Year())*12+int(f.Month()-s.Month()))/months-1)
		for at(k).Before(from) {
			k++
		}
	}
	var out []Date
	for d := at(k); !d.After(to) && len(out) < MaxOccurrences; d = at(k) {
		out = append(out, d)
		k++
	}
	return out
}

// dayNumber counts days since 1 January 1970; unlike a time.Duration it
// does not overflow across the centuries a Date can span.
func dayNumber(d Date) int64 { return d.Time().Unix() / 86400 }

// addMonthsClamped returns the date n months after d, on d's day of the
// month or the month's last day when it is shorter.
func addMonthsClamped(d Date, n int) Date {
	t := d.Time()
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return NewDate(first.Year(), first.Month(), min(t.Day(), last))
}

func (r Recurrence) calendarOccurrences(start, from, to Date) []Date {
	pm := periodMonths[r.Period]
	f := from.Time()
	y, m := f.Year(), int(f.Month())-1 // months since January of y, 0-based
	m -= m % pm
	var out []Date
	for ; len(out) < MaxOccurrences; m += pm {
		periodStart := NewDate(y, time.Month(m+1), 1)
		if periodStart.After(to) {
			break
		}
		d := r.inPeriod(periodStart, pm)
		if !d.Before(from) && !d.After(to) && !d.Before(start) {
			out = append(out, d)
		}
	}
	return out
}

// inPeriod returns the rule's day in the period of pm months beginning on
// periodStart.
func (r Recurrence) inPeriod(periodStart Date, pm int) Date {
	if r.Nth == LastWeek {
		last := periodStart.AddDate(0, pm, -1)
		back := (int(last.Weekday()) - int(r.Weekday) + 7) % 7
		return last.AddDays(-back)
	}
	ahead := (int(r.Weekday) - int(periodStart.Weekday()) + 7) % 7
	return periodStart.AddDays(ahead + 7*(r.Nth-1))
}

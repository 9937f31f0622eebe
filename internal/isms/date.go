// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
)

// DateLayout is how dates are written in forms, the API, exports and the
// database: 2026-03-31.
const DateLayout = "2006-01-02"

// Date is a calendar day, without a time of day or zone: a task's due date,
// the day evidence was collected or stops being valid. The zero Date means
// "no date". Dates are stored as text in DateLayout, which sorts in order.
type Date struct{ t time.Time } // midnight UTC

// NewDate returns the date y-m-d; out-of-range values normalize as time.Date does.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the calendar day of t in UTC.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	t = t.UTC()
	return NewDate(t.Year(), t.Month(), t.Day())
}

// ParseDate reads a date in DateLayout; "" gives the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date; write it as YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String returns d in DateLayout, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return d.t }

// AddDays returns the date n days after d (before it when n < 0).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// AddDate adds years, months and days as time.Time.AddDate does.
func (d Date) AddDate(years, months, days int) Date { return Date{d.t.AddDate(years, months, days)} }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// DaysUntil returns the number of days from d to e (negative when e is before d).
func (d Date) DaysUntil(e Date) int { return int(e.t.Sub(d.t).Hours() / 24) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.t.Weekday() }

// MarshalJSON writes the date as a string, or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads a date string or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date must be a string YYYY-MM-DD")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores the date as text, or NULL for the zero Date.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date stored as text (or as a PostgreSQL date).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	case time.Time:
		*d = DateOf(v)
		return nil
	}
	return fmt.Errorf("scan date: unsupported type %T", src)
}

func (d *Date) scanText(s string) error {
	if len(s) > len(DateLayout) {
		s = s[:len(DateLayout)]
	}
	v, err := ParseDate(s)
	*d = v
	return err
}

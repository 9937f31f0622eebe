// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDateRoundTrips(t *testing.T) {
	d, err := ParseDate("2026-02-28")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.AddDays(1).String(); got != "2026-03-01" {
		t.Errorf("AddDays(1) = %s", got)
	}
	b, _ := json.Marshal(d)
	var back Date
	if err := json.Unmarshal(b, &back); err != nil || back != d {
		t.Errorf("JSON round trip: %s → %v, %v", b, back, err)
	}
	var scanned Date
	if err := scanned.Scan("2026-02-28T00:00:00Z"); err != nil || scanned != d {
		t.Errorf("Scan text with a time: %v, %v", scanned, err)
	}
	if err := scanned.Scan(time.Date(2026, 2, 28, 23, 0, 0, 0, time.UTC)); err != nil || scanned != d {
		t.Errorf("Scan time: %v, %v", scanned, err)
	}
	if v, _ := (Date{}).Value(); v != nil {
		t.Errorf("zero Date stores %v, want NULL", v)
	}
	if _, err := ParseDate("28/02/2026"); err == nil {
		t.Error("a date in another layout was accepted")
	}
	if n := d.DaysUntil(NewDate(2026, 3, 31)); n != 31 {
		t.Errorf("DaysUntil = %d, want 31", n)
	}
}

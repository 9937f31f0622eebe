// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"strings"
	"testing"
	"time"
)

func TestParseStatCPU(t *testing.T) {
	// Fields 14 and 15 are utime 250 and stime 75 ticks; the command name
	// holds spaces and a parenthesis, as a process may choose.
	stat := "4242 (isms (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 9 0 12345 1000000 2000 18446744073709551615"
	got, err := parseStatCPU([]byte(stat))
	if want := 3250 * time.Millisecond; err != nil || got != want {
		t.Errorf("parseStatCPU(%q) = %v, %v, want %v", stat, got, err, want)
	}
	for _, bad := range []string{"4242 isms S 1", "4242 (isms) S 1 2 3", "4242 (isms) S 1 2 3 4 5 6 7 8 9 10 x 75"} {
		if _, err := parseStatCPU([]byte(bad)); err == nil || !strings.Contains(err.Error(), "/proc/PID/stat") {
			t.Errorf("parseStatCPU(%q) error = %v, want one naming /proc/PID/stat", bad, err)
		}
	}
}

func TestMedian(t *testing.T) {
	cases := []struct {
		in   []int64
		want int64
	}{{nil, 0}, {[]int64{5}, 5}, {[]int64{9, 1, 5}, 5}, {[]int64{4, 1, 3, 2}, 2}, {[]int64{10, 20}, 15}}
	for _, c := range cases {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestGroupedAndShort(t *testing.T) {
	for x, want := range map[float64]string{0: "0", 999.4: "999", 1234.5: "1,234", 1234567: "1,234,567", 100000: "100,000"} {
		if got := grouped(x); got != want {
			t.Errorf("grouped(%v) = %q, want %q", x, got, want)
		}
	}
	for d, want := range map[time.Duration]string{4520 * time.Microsecond: "4.52 ms", 17640 * time.Microsecond: "17.6 ms",
		214 * time.Millisecond: "214 ms", 0: "0.00 ms"} {
		if got := short(Millis(d)); got != want {
			t.Errorf("short(%v) = %q, want %q", d, got, want)
		}
	}
}

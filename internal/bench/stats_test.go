// SPDX-License-Identifier: Apache-2.0

package bench_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/bench"
)

func TestPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	cases := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"no values give zero", nil, 50, 0},
		{"one value is every percentile", ms(7), 99, 7 * time.Millisecond},
		{"the median of an odd count is the middle value", ms(1, 2, 3, 4, 5), 50, 3 * time.Millisecond},
		{"the median of an even count is the lower middle value (nearest rank)", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p99 of 1..100 is 99", ms(hundred...), 99, 99 * time.Millisecond},
		{"p90 of 1..100 is 90", ms(hundred...), 90, 90 * time.Millisecond},
		{"p100 is the maximum", ms(1, 2, 30), 100, 30 * time.Millisecond},
		{"p99 of ten values is the largest", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
		{"a tiny percentile is the smallest", ms(5, 6, 7), 0.1, 5 * time.Millisecond},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := bench.Percentile(c.sorted, c.p); got != c.want {
				t.Errorf("Percentile(%v, %v) = %v, want %v", c.sorted, c.p, got, c.want)
			}
		})
	}
}

func TestResultStats(t *testing.T) {
	r := &bench.Result{Elapsed: 2 * time.Second, Samples: []bench.Sample{
		{Path: 0, Latency: 1 * time.Millisecond, Bytes: 1024},
		{Path: 0, Latency: 3 * time.Millisecond, Bytes: 3072},
		{Path: 1, Latency: 2 * time.Millisecond, Bytes: 0, Failed: true},
		{Path: 0, Latency: 2 * time.Millisecond, Bytes: 2048},
	}}
	got := r.Stats(0)
	want := bench.Stats{Requests: 3, PerSecond: 1.5, P50: bench.Millis(2 * time.Millisecond), P90: bench.Millis(3 * time.Millisecond),
		P99: bench.Millis(3 * time.Millisecond), Max: bench.Millis(3 * time.Millisecond), KiBPerResponse: 2}
	if got != want {
		t.Errorf("Stats(0) = %+v, want %+v", got, want)
	}
	all := r.Stats(-1)
	if all.Requests != 4 || all.Errors != 1 || all.PerSecond != 2 || all.KiBPerResponse != 1.5 {
		t.Errorf("Stats(-1) = %+v, want 4 requests, 1 error, 2 req/s, 1.5 KiB per response", all)
	}
}

func TestMillisJSON(t *testing.T) {
	d := bench.Millis(12345678 * time.Nanosecond)
	b, err := json.Marshal(d)
	if err != nil || string(b) != "12.345" {
		t.Fatalf("json.Marshal(%v) = %s, %v, want 12.345", time.Duration(d), b, err)
	}
	var back bench.Millis
	if err := json.Unmarshal(b, &back); err != nil || back != bench.Millis(12345*time.Microsecond) {
		t.Errorf("json.Unmarshal(%s) = %v, %v, want 12.345ms", b, time.Duration(back), err)
	}
	if err := json.Unmarshal([]byte(`"12ms"`), &back); err == nil {
		t.Error(`json.Unmarshal("12ms") = nil error, want one: durations are numbers of milliseconds`)
	}
}

// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Stats sums up the requests of a load run, or those of one of its paths.
type Stats struct {
	Requests  int     `json:"requests"`
	PerSecond float64 `json:"reqPerSec"`
	P50       Millis  `json:"p50Ms"`
	P90       Millis  `json:"p90Ms"`
	P99       Millis  `json:"p99Ms"`
	Max       Millis  `json:"maxMs"`
	Errors    int     `json:"errors"`
	// KiBPerResponse is the mean size of a response body.
	KiBPerResponse float64 `json:"kibPerResponse"`
}

// Stats sums up the samples of path (an index in Load.Paths), or of every
// path when path is negative.
func (r *Result) Stats(path int) Stats {
	var lat []time.Duration
	var s Stats
	var bytes int64
	for _, x := range r.Samples {
		if path >= 0 && x.Path != path {
			continue
		}
		lat = append(lat, x.Latency)
		bytes += x.Bytes
		if x.Failed {
			s.Errors++
		}
	}
	slices.Sort(lat)
	s.Requests = len(lat)
	if r.Elapsed > 0 {
		s.PerSecond = float64(s.Requests) / r.Elapsed.Seconds()
	}
	s.P50, s.P90, s.P99, s.Max = Millis(Percentile(lat, 50)), Millis(Percentile(lat, 90)),
		Millis(Percentile(lat, 99)), Millis(Percentile(lat, 100))
	if s.Requests > 0 {
		s.KiBPerResponse = float64(bytes) / float64(s.Requests) / 1024
	}
	return s
}

// Percentile returns the p-th percentile (0 < p ≤ 100) of sorted
// latencies by the nearest-rank method: the smallest value that at least
// p % of the values do not exceed. It returns 0 for no values.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// Millis is a duration that JSON holds as a number of milliseconds and
// text shows as "12.34 ms".
type Millis time.Duration

// String returns d in milliseconds with two decimals, e.g. "12.34 ms".
func (d Millis) String() string {
	return fmt.Sprintf("%.2f ms", d.ms())
}

func (d Millis) ms() float64 { return float64(d) / float64(time.Millisecond) }

// MarshalJSON writes d as milliseconds, to the microsecond.
func (d Millis) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(time.Duration(d).Microseconds())/1000, 'f', -1, 64), nil
}

// UnmarshalJSON reads a number of milliseconds.
func (d *Millis) UnmarshalJSON(b []byte) error {
	var ms float64
	if err := json.Unmarshal(b, &ms); err != nil {
		return fmt.Errorf("a duration in milliseconds: %w", err)
	}
	*d = Millis(ms * float64(time.Millisecond))
	return nil
}

// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"fmt"
	"io"
	"maps"
	"slices"
)

// Print writes the summary of a run of l: a line for the whole run, then
// one per path when there are several, then the kinds of errors.
func (r *Result) Print(w io.Writer, l Load) {
	fmt.Fprintf(w, "%s  clients %d  duration %s  warmup %s\n", l.Base, l.Clients, l.Duration, l.Warmup)
	line := func(label string, s Stats) {
		fmt.Fprintf(w, "%-44s requests %8d  %9.1f req/s  p50 %10s  p90 %10s  p99 %10s  max %10s  errors %d  %.1f KiB per response\n",
			label, s.Requests, s.PerSecond, s.P50, s.P90, s.P99, s.Max, s.Errors, s.KiBPerResponse)
	}
	line("all", r.Stats(-1))
	if len(l.Paths) > 1 {
		for i, p := range l.Paths {
			line(p, r.Stats(i))
		}
	}
	WriteErrors(w, r.Errors, "")
}

// maxErrorKinds is how many kinds of errors WriteErrors lists.
const maxErrorKinds = 10

// WriteErrors lists the kinds of errors with their counts, each line
// starting with indent; it writes nothing when there were none.
func WriteErrors(w io.Writer, errs map[string]int, indent string) {
	if len(errs) == 0 {
		return
	}
	total := 0
	for _, n := range errs {
		total += n
	}
	fmt.Fprintf(w, "%serrors: %d\n", indent, total)
	for i, k := range slices.Sorted(maps.Keys(errs)) {
		if i == maxErrorKinds {
			fmt.Fprintf(w, "%s  … %d more kinds\n", indent, len(errs)-i)
			break
		}
		fmt.Fprintf(w, "%s  %6d × %s\n", indent, errs[k], k)
	}
}

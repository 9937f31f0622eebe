// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// writeText writes the report with aligned columns, for a terminal.
func (r *Report) writeText(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "isms bench http: %s\n", r.settings())
	fmt.Fprintf(&b, "machine: %s\n", r.Machine)
	fmt.Fprintf(&b, "targets: %s\n", r.targets())
	for _, d := range r.Databases {
		fmt.Fprintf(&b, "\n%s %s: %s\n", d.Database, d.Version, d.startup())
		tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', tabwriter.AlignRight)
		name := len("endpoint")
		for _, e := range d.Endpoints {
			name = max(name, len(e.Name))
		}
		fmt.Fprintf(tw, "%-*s\treq/s\tp50\tp90\tp99\tmax\tCPU/req\tKiB\terrors\tceiling req/s\tceiling p99\tceiling CPU/req\tratio\tp99 ≤ %s\tratio ≥ %s\t\n",
			name, "endpoint", target(r.P99Target), percent(r.RatioTarget))
		for _, e := range d.Endpoints {
			p, c := e.Product, e.Ceiling
			fmt.Fprintf(tw, "%-*s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n",
				name, e.Name, grouped(p.PerSecond), short(p.P50), short(p.P90), short(p.P99), short(p.Max), short(p.CPUPerRequest),
				p.KiBPerResponse, p.Errors+c.Errors, grouped(c.PerSecond), short(c.P99), short(c.CPUPerRequest),
				percent(e.Ratio), met(e.P99Met, ""), met(e.RatioMet, ""))
		}
		tw.Flush()
		d.writeErrors(&b, "  ", "")
	}
	r.writeFooter(&b, "")
	_, err := w.Write(b.Bytes())
	return err
}

// writeMarkdown writes the report as Markdown, ready for docs/performance.md.
func (r *Report) writeMarkdown(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "**Machine.** %s.\n\n", r.Machine)
	fmt.Fprintf(&b, "**Run.** `isms bench http`: %s. Targets: %s.\n", r.settings(), r.targets())
	for _, d := range r.Databases {
		fmt.Fprintf(&b, "\n### %s %s\n\n%s.\n\n", d.Database, d.Version, upperFirst(d.startup()))
		fmt.Fprintf(&b, "| request | req/s | p50 | p90 | p99 | CPU per request | ceiling req/s | ceiling p99 | ratio | p99 ≤ %s | ≥ %s of ceiling |\n",
			target(r.P99Target), percent(r.RatioTarget))
		b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|\n")
		for _, e := range d.Endpoints {
			p, c := e.Product, e.Ceiling
			fmt.Fprintf(&b, "| %s (`%s`) | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				e.Title, e.Name, grouped(p.PerSecond), short(p.P50), short(p.P90), short(p.P99), short(p.CPUPerRequest),
				grouped(c.PerSecond), short(c.P99), percent(e.Ratio), met(e.P99Met, "**"), met(e.RatioMet, "**"))
		}
		d.writeErrors(&b, "* ", "\n")
	}
	r.writeFooter(&b, "**")
	_, err := w.Write(b.Bytes())
	return err
}

// String describes the machine in one line.
func (m Machine) String() string {
	s := fmt.Sprintf("%d CPUs (%s)", m.CPUs, m.CPUModel)
	if m.Kernel != "" {
		s += ", Linux " + m.Kernel
	}
	s += ", " + m.GoVersion
	if m.LoadAvg != "" {
		s += ", load average " + m.LoadAvg + " at the start"
	}
	return s + ", " + m.Date.Format("2006-01-02 15:04 MST")
}

// settings describes how the run was made.
func (r *Report) settings() string {
	return fmt.Sprintf("%s demo organization %q, %d clients, %s measured after %s of warm-up for each endpoint and each ceiling, %s",
		r.Size, r.Org, r.Clients, time.Duration(r.Duration), time.Duration(r.Warmup), plural(r.Starts, "cold start"))
}

func (r *Report) targets() string {
	return fmt.Sprintf("p99 ≤ %s at %d clients; ≥ %s of the ceiling's throughput", target(r.P99Target), r.Clients, percent(r.RatioTarget))
}

// startup describes the cold starts and the idle memory.
func (d *DatabaseReport) startup() string {
	return fmt.Sprintf("cold start to serving median %s, min %s, max %s (%s); idle memory %.1f MiB (median)",
		short(d.ColdStart.Median), short(d.ColdStart.Min), short(d.ColdStart.Max), plural(d.ColdStart.N, "start"), mib(d.IdleRSS))
}

// writeErrors lists the failed requests of each run, if any, after a
// line that says so.
func (d *DatabaseReport) writeErrors(b *bytes.Buffer, bullet, before string) {
	first := true
	for _, e := range d.Endpoints {
		for _, run := range []struct {
			label string
			m     Measurement
		}{{"", e.Product}, {", ceiling", e.Ceiling}} {
			if run.m.Errors == 0 {
				continue
			}
			if first {
				fmt.Fprintf(b, "%sFailed requests on %s:\n", before, d.Database)
				first = false
			}
			for _, k := range slices.Sorted(maps.Keys(run.m.ErrorKinds)) {
				fmt.Fprintf(b, "%s%s%s: %d × %s\n", bullet, e.Name, run.label, run.m.ErrorKinds[k], k)
			}
		}
	}
}

// writeFooter names the databases skipped and the worst ratio.
func (r *Report) writeFooter(b *bytes.Buffer, strong string) {
	for _, s := range r.Skipped {
		fmt.Fprintf(b, "\nskipped: %s\n", s)
	}
	if r.Worst != nil {
		fmt.Fprintf(b, "\n%sWorst ratio:%s %s, %s on %s.\n", strong, strong, percent(r.Worst.Ratio), r.Worst.Endpoint, r.Worst.Database)
	}
	if p := r.Problems(); len(p) > 0 {
		fmt.Fprintf(b, "\n%sThe figures above are not valid:%s %s.\n", strong, strong, strings.Join(p, "; "))
	}
}

// short shows a duration with three significant digits or so: "4.52 ms",
// "17.6 ms", "214 ms".
func short(d Millis) string {
	ms := d.ms()
	switch {
	case ms < 10:
		return fmt.Sprintf("%.2f ms", ms)
	case ms < 100:
		return fmt.Sprintf("%.1f ms", ms)
	}
	return fmt.Sprintf("%.0f ms", ms)
}

// target shows a latency target as briefly as it was given: "50 ms", "2.5 ms".
func target(d Millis) string { return strconv.FormatFloat(d.ms(), 'f', -1, 64) + " ms" }

// grouped shows a rate rounded to a whole number, with thousands
// separated by commas: "1,234".
func grouped(x float64) string {
	s := strconv.FormatFloat(x, 'f', 0, 64)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// percent shows a ratio as a whole percentage: "53 %".
func percent(r float64) string { return fmt.Sprintf("%.0f %%", r*100) }

// met shows whether a target is met, marking a miss with emphasis.
func met(ok bool, emphasis string) string {
	if ok {
		return "met"
	}
	return emphasis + "not met" + emphasis
}

// plural returns "1 start", "5 starts".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

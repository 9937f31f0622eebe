// SPDX-License-Identifier: Apache-2.0

package web

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// A metric's measurements over time, drawn as an SVG line chart against
// its target and warning threshold (svg.go says why charts are drawn on
// the server). Lines and points take the text colour (currentColor); the
// target and warning lines and each point's state use the chart classes
// of app.css, and every point carries its value and date in a <title>.
// The metric's page lists the same data as a table below the chart.

// The geometry of the line chart, in SVG user units.
const (
	lineW      = 640
	lineH      = 260
	linePadL   = 56 // the y axis labels
	linePadR   = 84 // the names of the target and warning lines
	linePadT   = 12
	linePadB   = 34  // the x axis labels
	lineTicks  = 5   // about how many values the y axis labels
	linePointR = 4.0 // the radius of a measurement's point
	lineInset  = 12  // keeps the first and last points off the plot's edges
)

// chartScale maps values and days to the plot area.
type chartScale struct {
	lo, hi     float64 // the y axis's range
	first, day int64   // the first day (days since 1970) and the span in days
}

func (c chartScale) x(d isms.Date) float64 {
	plot := float64(lineW - linePadL - linePadR - 2*lineInset)
	if c.day == 0 {
		return linePadL + lineInset + plot/2
	}
	return linePadL + lineInset + plot*float64(d.Time().Unix()/86400-c.first)/float64(c.day)
}

func (c chartScale) y(v float64) float64 {
	plot := float64(lineH - linePadT - linePadB)
	return linePadT + plot*(c.hi-v)/(c.hi-c.lo)
}

// niceStep returns a round step (1, 2 or 5 times a power of ten) that
// divides span into about n parts.
func niceStep(span float64, n int) float64 {
	if span <= 0 {
		return 1
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

// newChartScale returns the scale that shows every measurement, the
// target and the warning threshold, with round bounds.
func newChartScale(m *isms.Metric, list []*isms.Measurement) (chartScale, float64) {
	lo, hi := m.Target, m.Target
	if m.Warning != nil {
		lo, hi = math.Min(lo, *m.Warning), math.Max(hi, *m.Warning)
	}
	for _, x := range list {
		lo, hi = math.Min(lo, x.Value), math.Max(hi, x.Value)
	}
	if hi == lo {
		pad := math.Max(math.Abs(lo)*0.1, 1)
		lo, hi = lo-pad, hi+pad
	}
	step := niceStep(hi-lo, lineTicks)
	c := chartScale{lo: math.Floor(lo/step) * step, hi: math.Ceil(hi/step) * step}
	if len(list) > 0 {
		c.first = list[0].MeasuredOn.Time().Unix() / 86400
		c.day = list[len(list)-1].MeasuredOn.Time().Unix()/86400 - c.first
	}
	return c, step
}

// tickText writes an axis value with as many decimals as step needs.
func tickText(v, step float64) string {
	dec := 0
	if step < 1 {
		dec = int(math.Ceil(-math.Log10(step)))
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// metricChart draws the measurements of m (oldest first) against its
// target and warning threshold. With no measurement it returns "".
func metricChart(m *isms.Metric, list []*isms.Measurement) template.HTML {
	if len(list) == 0 {
		return ""
	}
	c, step := newChartScale(m, list)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart chart-line" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img">`, lineW, lineH)
	fmt.Fprintf(&b, `<title>%s</title>`, esc(chartSummary(m, list)))
	writeAxes(&b, c, step, list)
	writeThreshold(&b, c, m.Target, "seg-covered", "target")
	if m.Warning != nil {
		writeThreshold(&b, c, *m.Warning, "seg-partial", "warning")
	}
	points := make([]string, len(list))
	for i, x := range list {
		points[i] = fmt.Sprintf("%.1f,%.1f", c.x(x.MeasuredOn), c.y(x.Value))
	}
	if len(list) > 1 {
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>`, strings.Join(points, " "))
	}
	for _, x := range list {
		fmt.Fprintf(&b, `<circle class="%s" cx="%.1f" cy="%.1f" r="%.1f" stroke="currentColor" stroke-width="1"><title>%s</title></circle>`,
			pointClass(m.Evaluate(x.Value)), c.x(x.MeasuredOn), c.y(x.Value), linePointR, esc(x.MeasuredOn.String()+": "+valueText(x.Value, m.Unit)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// chartSummary says in words what the chart shows.
func chartSummary(m *isms.Metric, list []*isms.Measurement) string {
	last := list[len(list)-1]
	s := fmt.Sprintf("%s %s: %s from %s to %s; latest %s on %s; target %s",
		m.Ref, m.Name, plural(len(list), "measurement", "measurements"), list[0].MeasuredOn, last.MeasuredOn,
		valueText(last.Value, m.Unit), last.MeasuredOn, targetText(m))
	if m.Warning != nil {
		s += ", warning threshold " + valueText(*m.Warning, m.Unit)
	}
	return s + "."
}

// writeAxes draws the y axis's grid lines and labels, and the first,
// middle and last days under the x axis.
func writeAxes(b *strings.Builder, c chartScale, step float64, list []*isms.Measurement) {
	for v := c.lo; v <= c.hi+step/2; v += step {
		y := c.y(v)
		fmt.Fprintf(b, `<rect class="seg-empty" x="%d" y="%.1f" width="%d" height="1"/>`, linePadL, y, lineW-linePadL-linePadR)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`, linePadL-6, y+4, esc(tickText(v, step)))
	}
	days := []*isms.Measurement{list[0]}
	if len(list) > 2 {
		days = append(days, list[len(list)/2])
	}
	if len(list) > 1 {
		days = append(days, list[len(list)-1])
	}
	for i, x := range days {
		anchor := "middle"
		switch {
		case len(days) > 1 && i == 0:
			anchor = "start"
		case len(days) > 1 && i == len(days)-1:
			anchor = "end"
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="%s">%s</text>`, c.x(x.MeasuredOn), lineH-10, anchor, esc(x.MeasuredOn.String()))
	}
}

// writeThreshold draws a horizontal line at v, named on the right.
func writeThreshold(b *strings.Builder, c chartScale, v float64, class, name string) {
	y := c.y(v)
	fmt.Fprintf(b, `<rect class="%s" x="%d" y="%.1f" width="%d" height="2"><title>%s</title></rect>`,
		class, linePadL, y-1, lineW-linePadL-linePadR, esc(name+": "+formatValue(v)))
	fmt.Fprintf(b, `<text x="%d" y="%.1f">%s</text>`, lineW-linePadR+6, y+4, esc(name+" "+formatValue(v)))
}

// pointClass is the chart class of a measurement's point by its state.
func pointClass(s isms.MetricState) string {
	switch s {
	case isms.MetricOnTarget:
		return "seg-covered"
	case isms.MetricWarning:
		return "seg-partial"
	}
	return "seg-not-covered"
}

// formatValue writes a number without needless decimals ("95", "2.5").
func formatValue(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// valueText joins a value and its unit ("92.5 %").
func valueText(f float64, unit string) string {
	return strings.TrimSpace(formatValue(f) + " " + unit)
}

// targetText says what the target asks for: "at least 95 %".
func targetText(m *isms.Metric) string {
	if m.Direction == isms.LowerIsBetter {
		return "at most " + valueText(m.Target, m.Unit)
	}
	return "at least " + valueText(m.Target, m.Unit)
}

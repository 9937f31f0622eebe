// SPDX-License-Identifier: Apache-2.0

package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Charts are drawn on the server as inline SVG: no script, no library, and
// they print. Colours come from CSS classes in app.css (light and dark);
// every segment also carries a <title> and the counts are written out as
// text beside the chart, so colour is never the only carrier.

// barSegment is one part of a stacked bar.
type barSegment struct {
	Label string // "Covered"
	Class string // the CSS class that colours it: "seg-covered"
	Count int
}

// The geometry of the charts, in SVG user units; the SVG scales to the
// width of its container.
const (
	barWidth     = 600
	barHeight    = 24
	chartLabelW  = 150 // the group labels' column
	chartBarW    = 390
	chartRowH    = 26
	chartPercent = 52 // the percentages' column
)

// percentOf is n as a whole percentage of total, rounded down; 0 for none.
func percentOf(n, total int) int {
	if total <= 0 {
		return 0
	}
	return n * 100 / total
}

// stackedBar draws segs side by side across one bar, each as wide as its
// share of the total. title names the chart for assistive technology.
func stackedBar(title string, segs []barSegment) template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart chart-bar" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" preserveAspectRatio="none">`, barWidth, barHeight)
	fmt.Fprintf(&b, `<title>%s</title>`, esc(title+": "+segmentText(segs)))
	writeSegments(&b, segs, 0, 0, barWidth, barHeight)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// segmentText describes segments in words: "Covered 3 (30%), …".
func segmentText(segs []barSegment) string {
	total := segmentTotal(segs)
	parts := make([]string, 0, len(segs))
	for _, s := range segs {
		parts = append(parts, fmt.Sprintf("%s %d (%d%%)", s.Label, s.Count, percentOf(s.Count, total)))
	}
	return strings.Join(parts, ", ")
}

func segmentTotal(segs []barSegment) int {
	total := 0
	for _, s := range segs {
		total += s.Count
	}
	return total
}

// writeSegments draws segs as rectangles filling width w from (x, y); an
// empty bar is one rectangle of class seg-empty.
func writeSegments(b *strings.Builder, segs []barSegment, x, y, w, h int) {
	total := segmentTotal(segs)
	if total == 0 {
		fmt.Fprintf(b, `<rect class="seg-empty" x="%d" y="%d" width="%d" height="%d"><title>Nothing to assess</title></rect>`, x, y, w, h)
		return
	}
	done, pos := 0, x
	for _, s := range segs {
		if s.Count == 0 {
			continue
		}
		done += s.Count
		end := x + done*w/total // cumulative, so rounding never leaves a gap
		fmt.Fprintf(b, `<rect class="%s" x="%d" y="%d" width="%d" height="%d"><title>%s</title></rect>`,
			esc(s.Class), pos, y, end-pos, h, esc(fmt.Sprintf("%s: %d of %d (%d%%)", s.Label, s.Count, total, percentOf(s.Count, total))))
		pos = end
	}
}

// chartRow is one labelled bar of a bar chart.
type chartRow struct {
	Label   string // "A.5 Organizational controls"
	Percent int    // shown at the end of the row
	Segs    []barSegment
}

// barChart draws one stacked bar per row, with the row's label on the
// left and its percentage on the right, all as SVG text.
func barChart(title string, rows []chartRow) template.HTML {
	width := chartLabelW + chartBarW + chartPercent
	height := len(rows)*chartRowH + 4
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart chart-groups" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img">`, width, height)
	fmt.Fprintf(&b, `<title>%s</title>`, esc(title))
	for i, r := range rows {
		y := 2 + i*chartRowH
		fmt.Fprintf(&b, `<g><title>%s</title>`, esc(r.Label+": "+segmentText(r.Segs)))
		fmt.Fprintf(&b, `<text class="chart-label" x="0" y="%d">%s</text>`, y+chartRowH/2+4, esc(clip(r.Label, 24)))
		writeSegments(&b, r.Segs, chartLabelW, y+3, chartBarW, chartRowH-8)
		fmt.Fprintf(&b, `<text class="chart-value" x="%d" y="%d" text-anchor="end">%d%%</text>`, width-2, y+chartRowH/2+4, r.Percent)
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// clip shortens s to at most n runes, ending it with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// esc escapes text for SVG content and attribute values.
func esc(s string) string { return html.EscapeString(s) }

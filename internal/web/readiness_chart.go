// SPDX-License-Identifier: Apache-2.0

package web

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/ismsproject/isms/internal/isms"
)

// The readiness score as a bar, and its trend over the kept daily results
// as a line chart from 0 to 100 % (svg.go says why charts are drawn on
// the server). Both colour the score by its level with the chart classes
// of app.css; every point carries its day, score and blockers in a
// <title>, and the page says the trend in words as well.

// scoreClass is the chart class of a score: good, fair or poor.
func scoreClass(score int) string {
	switch {
	case score >= 80:
		return "seg-covered"
	case score >= 50:
		return "seg-partial"
	}
	return "seg-not-covered"
}

// scoreBar draws a score as a bar filled to its percentage.
func scoreBar(title string, score int) template.HTML {
	return stackedBar(title, []barSegment{
		{Label: "Ready", Class: scoreClass(score), Count: score},
		{Label: "Missing", Class: "seg-empty", Count: 100 - score},
	})
}

// readinessTrendChart draws the scores of runs (oldest first) over the
// days days up to today; with no run it returns "".
func readinessTrendChart(runs []isms.ReadinessRun, today isms.Date, days int) template.HTML {
	first := today.AddDays(1 - days)
	runs = slices.DeleteFunc(slices.Clone(runs), func(r isms.ReadinessRun) bool { return r.Day.Before(first) || r.Day.After(today) })
	if len(runs) == 0 {
		return ""
	}
	c := chartScale{lo: 0, hi: 100, first: first.Time().Unix() / 86400, day: int64(days - 1)}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart chart-line chart-trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img">`, lineW, lineH)
	fmt.Fprintf(&b, `<title>%s</title>`, esc("Readiness score over the last "+itoa(days)+" days. "+trendNote(runs)))
	writeTrendAxes(&b, c, first, today)
	points := make([]string, len(runs))
	for i, run := range runs {
		points[i] = fmt.Sprintf("%.1f,%.1f", c.x(run.Day), c.y(float64(run.Score)))
	}
	if len(runs) > 1 {
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>`, strings.Join(points, " "))
	}
	for _, run := range runs {
		fmt.Fprintf(&b, `<circle class="%s" cx="%.1f" cy="%.1f" r="%.1f" stroke="currentColor" stroke-width="1"><title>%s</title></circle>`,
			scoreClass(run.Score), c.x(run.Day), c.y(float64(run.Score)), linePointR, esc(runText(run)))
	}
	last := runs[len(runs)-1]
	fmt.Fprintf(&b, `<text class="chart-value" x="%d" y="%.1f">%d%%</text>`, lineW-linePadR+10, c.y(float64(last.Score))+4, last.Score)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// writeTrendAxes draws the score grid (0, 25 … 100 %) and the first,
// middle and last days of the period.
func writeTrendAxes(b *strings.Builder, c chartScale, first, today isms.Date) {
	for v := 0; v <= 100; v += 25 {
		y := c.y(float64(v))
		fmt.Fprintf(b, `<rect class="seg-empty" x="%d" y="%.1f" width="%d" height="1"/>`, linePadL, y, lineW-linePadL-linePadR)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end">%d%%</text>`, linePadL-6, y+4, v)
	}
	mid := first.AddDays(int(c.day / 2))
	for _, d := range []struct {
		day    isms.Date
		anchor string
	}{{first, "start"}, {mid, "middle"}, {today, "end"}} {
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="%s">%s</text>`, c.x(d.day), lineH-10, d.anchor, esc(d.day.String()))
	}
}

// runText is one kept result in words: "2026-03-02: 45 %, 12 blockers".
func runText(run isms.ReadinessRun) string {
	return fmt.Sprintf("%s: %d%%, %s", run.Day, run.Score, plural(run.Blockers, "blocker", "blockers"))
}

// trendNote says the trend of runs (oldest first) in words.
func trendNote(runs []isms.ReadinessRun) string {
	switch len(runs) {
	case 0:
		return "No result kept yet."
	case 1:
		return "One result kept so far: " + runText(runs[0]) + ". The chart fills in as the check runs on later days."
	}
	first, last := runs[0], runs[len(runs)-1]
	change := "unchanged"
	switch d := last.Score - first.Score; {
	case d > 0:
		change = fmt.Sprintf("up %d points", d)
	case d < 0:
		change = fmt.Sprintf("down %d points", -d)
	}
	return fmt.Sprintf("%d results kept, from %s (%d%%) to %s (%d%%): %s.", len(runs), first.Day, first.Score, last.Day, last.Score, change)
}

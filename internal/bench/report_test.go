// SPDX-License-Identifier: Apache-2.0

package bench_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/bench"
)

func ms(f float64) bench.Millis { return bench.Millis(f * float64(time.Millisecond)) }

// testReport has two databases; PostgreSQL's dashboard page misses both
// targets and has failed requests.
func testReport() *bench.Report {
	row := func(name, title string, page bool, rps, p99, ceilRPS float64, errs int) *bench.EndpointReport {
		e := &bench.EndpointReport{Name: name, Title: title, Path: "/" + name, CeilingPath: "/c/" + name, Page: page,
			Product: bench.Measurement{Stats: bench.Stats{Requests: int(rps * 3), PerSecond: rps, P50: ms(p99 / 4), P90: ms(p99 / 2),
				P99: ms(p99), Max: ms(p99 * 2), Errors: errs, KiBPerResponse: 12.25}, CPUPerRequest: ms(0.81)},
			Ceiling: bench.Measurement{Stats: bench.Stats{Requests: int(ceilRPS * 3), PerSecond: ceilRPS, P99: ms(p99 / 2)},
				CPUPerRequest: ms(0.52)},
			Ratio: rps / ceilRPS, P99Met: p99 <= 50, RatioMet: rps/ceilRPS >= 0.5}
		if errs > 0 {
			e.Product.ErrorKinds = map[string]int{"/" + name + ": status 500": errs}
		}
		return e
	}
	return &bench.Report{
		Machine: bench.Machine{CPUs: 2, CPUModel: "AMD EPYC", Kernel: "6.18.0", GoVersion: "go1.26.8", LoadAvg: "0.20 0.30 0.40",
			Date: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)},
		Size: "small", Org: "northwind", Clients: 8, Duration: ms(3000), Warmup: ms(2000), Starts: 5,
		P99Target: ms(50), RatioTarget: 0.5,
		Databases: []*bench.DatabaseReport{
			{Database: "SQLite", Version: "3.50.4", IdleRSS: 43 << 20,
				ColdStart: bench.Spread{N: 5, Median: ms(160.2), Min: ms(152.2), Max: ms(177)},
				Endpoints: []*bench.EndpointReport{row("risks.api", "risk register (API)", false, 1475.4, 17.6, 2145, 0)}},
			{Database: "PostgreSQL", Version: "15.20", IdleRSS: 42 << 20,
				ColdStart: bench.Spread{N: 5, Median: ms(193.5), Min: ms(167.5), Max: ms(228.7)},
				Endpoints: []*bench.EndpointReport{
					row("risks.api", "risk register (API)", false, 801, 28.8, 1147, 0),
					row("dashboard.page", "dashboard", true, 84, 214, 2145, 7)}},
		},
		Skipped: nil,
	}
}

func write(t *testing.T, r *bench.Report, format string) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Write(&b, format); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return b.String()
}

func wantAll(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q; it is:\n%s", what, w, got)
		}
	}
}

func TestReportFinishNamesTheWorstRatio(t *testing.T) {
	r := testReport()
	r.Finish()
	want := &bench.Worst{Database: "PostgreSQL", Endpoint: "dashboard.page", Ratio: 84.0 / 2145}
	if diff := cmp.Diff(want, r.Worst); diff != "" {
		t.Errorf("Worst (-want +got):\n%s", diff)
	}
	if n := r.FailedRequests(); n != 7 {
		t.Errorf("FailedRequests() = %d, want 7", n)
	}
}

func TestReportText(t *testing.T) {
	r := testReport()
	r.Finish()
	got := write(t, r, "text")
	wantAll(t, "the text report", got,
		`isms bench http: small demo organization "northwind", 8 clients, 3s measured after 2s of warm-up`,
		"machine: 2 CPUs (AMD EPYC), Linux 6.18.0, go1.26.8, load average 0.20 0.30 0.40 at the start, 2026-11-28 10:00 UTC",
		"targets: p99 ≤ 50 ms at 8 clients; ≥ 50 % of the ceiling's throughput",
		"SQLite 3.50.4: cold start to serving median 160 ms, min 152 ms, max 177 ms (5 starts); idle memory 43.0 MiB (median)",
		"Failed requests on PostgreSQL:\n  dashboard.page: 7 × /dashboard.page: status 500",
		"Worst ratio: 4 %, dashboard.page on PostgreSQL.",
		"The figures above are not valid: 7 requests failed.")
	// Columns are aligned: every line of a table is as long as its header.
	lines := strings.Split(got, "\n")
	for i, l := range lines {
		if strings.Contains(l, "endpoint") && strings.Contains(l, "ceiling req/s") {
			header := len([]rune(l))
			for _, row := range lines[i+1:] {
				if !strings.Contains(row, ".api") && !strings.Contains(row, ".page") || strings.Contains(row, "×") {
					break
				}
				if n := len([]rune(row)); n != header {
					t.Errorf("row %q is %d wide, its header %d", row, n, header)
				}
			}
		}
	}
	wantAll(t, "the text report", lines[len(lines)-1]+strings.Join(lines, "\n"), "1,475", "not met")
}

func TestReportMarkdown(t *testing.T) {
	r := testReport()
	r.Finish()
	got := write(t, r, "markdown")
	wantAll(t, "the Markdown report", got,
		"**Machine.** 2 CPUs (AMD EPYC)",
		"### PostgreSQL 15.20\n\nCold start to serving median 194 ms",
		"| request | req/s | p50 | p90 | p99 | CPU per request | ceiling req/s | ceiling p99 | ratio | p99 ≤ 50 ms | ≥ 50 % of ceiling |",
		"| risk register (API) (`risks.api`) | 1,475 | 4.40 ms | 8.80 ms | 17.6 ms | 0.81 ms | 2,145 | 8.80 ms | 69 % | met | met |",
		"| dashboard (`dashboard.page`) | 84 | 53.5 ms | 107 ms | 214 ms | 0.81 ms | 2,145 | 107 ms | 4 % | **not met** | **not met** |",
		"* dashboard.page: 7 × /dashboard.page: status 500",
		"**Worst ratio:** 4 %, dashboard.page on PostgreSQL.")
	for _, l := range strings.Split(got, "\n") {
		if strings.HasPrefix(l, "|") && strings.Count(l, "|") != 12 {
			t.Errorf("table line %q has %d cells, want 11", l, strings.Count(l, "|")-1)
		}
	}
}

func TestReportJSONRoundTrips(t *testing.T) {
	r := testReport()
	r.Skipped = []string{"PostgreSQL: no URL"}
	r.Finish()
	var back bench.Report
	if err := json.Unmarshal([]byte(write(t, r, "json")), &back); err != nil {
		t.Fatalf("the JSON report does not parse: %v", err)
	}
	if diff := cmp.Diff(r, &back); diff != "" {
		t.Errorf("the JSON report read back differs (-wrote +read):\n%s", diff)
	}
	var raw map[string]any
	json.Unmarshal([]byte(write(t, r, "json")), &raw)
	db := raw["databases"].([]any)[0].(map[string]any)
	e := db["endpoints"].([]any)[0].(map[string]any)["product"].(map[string]any)
	if e["p99Ms"] != 17.6 || e["reqPerSec"] != 1475.4 || e["cpuPerRequestMs"] != 0.81 {
		t.Errorf("product in JSON = %v, want p99Ms 17.6, reqPerSec 1475.4 and cpuPerRequestMs 0.81", e)
	}
}

func TestReportRefusesAnUnknownFormat(t *testing.T) {
	if err := testReport().Write(&bytes.Buffer{}, "csv"); err == nil || !strings.Contains(err.Error(), `"csv"`) {
		t.Errorf("Write(csv) = %v, want an error naming the format", err)
	}
}

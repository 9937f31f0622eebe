// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Report is the outcome of the HTTP benchmark.
type Report struct {
	Machine     Machine           `json:"machine"`
	Size        string            `json:"size"` // of the demo organization: small or large
	Org         string            `json:"org"`  // its slug
	Clients     int               `json:"clients"`
	Duration    Millis            `json:"durationMs"` // measured per endpoint and ceiling
	Warmup      Millis            `json:"warmupMs"`
	Starts      int               `json:"starts"` // cold starts per database
	P99Target   Millis            `json:"p99TargetMs"`
	RatioTarget float64           `json:"ratioTarget"`
	Databases   []*DatabaseReport `json:"databases"`
	// Skipped names each database that was not measured, and why.
	Skipped []string `json:"skipped,omitempty"`
	// Worst is the endpoint with the lowest ratio to its ceiling.
	Worst *Worst `json:"worst,omitempty"`
}

// DatabaseReport is what the benchmark measured on one database.
type DatabaseReport struct {
	Database  string            `json:"database"` // "SQLite", "PostgreSQL"
	Version   string            `json:"version"`
	ColdStart Spread            `json:"coldStart"`    // from exec to the first 200 of /readyz
	IdleRSS   int64             `json:"idleRssBytes"` // median VmRSS after the idle time
	Endpoints []*EndpointReport `json:"endpoints"`
}

// Spread sums up repeated timings.
type Spread struct {
	N      int    `json:"n"`
	Median Millis `json:"medianMs"`
	Min    Millis `json:"minMs"`
	Max    Millis `json:"maxMs"`
}

// EndpointReport is one endpoint measured against its ceiling.
type EndpointReport struct {
	Name        string      `json:"name"`
	Title       string      `json:"title"`
	Path        string      `json:"path"`
	CeilingPath string      `json:"ceilingPath"`
	Page        bool        `json:"page"`
	Product     Measurement `json:"product"`
	Ceiling     Measurement `json:"ceiling"`
	// Ratio is the product's throughput divided by the ceiling's.
	Ratio    float64 `json:"ratio"`
	P99Met   bool    `json:"p99Met"`   // the product's p99 is within the target
	RatioMet bool    `json:"ratioMet"` // the ratio reaches the target
}

// Measurement is one load run against one server.
type Measurement struct {
	Stats
	// CPUPerRequest is the server process's CPU time (user and system)
	// over the measured window divided by its requests.
	CPUPerRequest Millis `json:"cpuPerRequestMs"`
	// Window is how long the measured window lasted: the duration asked
	// for, or longer when requests were slower than it (see Run).
	Window Millis `json:"windowMs"`
	// ErrorKinds counts each kind of failed request.
	ErrorKinds map[string]int `json:"errorKinds,omitempty"`
}

// Worst names the endpoint with the lowest ratio.
type Worst struct {
	Database string  `json:"database"`
	Endpoint string  `json:"endpoint"`
	Ratio    float64 `json:"ratio"`
}

// judge sets the ratio and whether the targets are met.
func (r *EndpointReport) judge(p99 time.Duration, ratio float64) {
	r.Ratio = 0
	if r.Ceiling.PerSecond > 0 {
		r.Ratio = r.Product.PerSecond / r.Ceiling.PerSecond
	}
	r.P99Met = r.Product.Requests > 0 && time.Duration(r.Product.P99) <= p99
	r.RatioMet = r.Ratio >= ratio
}

// Finish names the worst ratio; call it once every database is in.
func (r *Report) Finish() {
	r.Worst = nil
	for _, d := range r.Databases {
		for _, e := range d.Endpoints {
			if r.Worst == nil || e.Ratio < r.Worst.Ratio {
				r.Worst = &Worst{Database: d.Database, Endpoint: e.Name, Ratio: e.Ratio}
			}
		}
	}
}

// FailedRequests counts the failed requests of every run, the product's
// and the ceiling's.
func (r *Report) FailedRequests() int {
	n := 0
	for _, d := range r.Databases {
		for _, e := range d.Endpoints {
			n += e.Product.Errors + e.Ceiling.Errors
		}
	}
	return n
}

// Problems lists what makes the figures invalid: failed requests, and
// runs in which no request started within the measured window (each took
// longer than the window: lengthen --duration).
func (r *Report) Problems() []string {
	var out []string
	if n := r.FailedRequests(); n > 0 {
		out = append(out, fmt.Sprintf("%d requests failed", n))
	}
	for _, d := range r.Databases {
		for _, e := range d.Endpoints {
			for _, run := range []struct {
				what string
				m    Measurement
			}{{"", e.Product}, {"'s ceiling", e.Ceiling}} {
				if run.m.Requests == 0 {
					out = append(out, fmt.Sprintf("no request of %s%s on %s started within the measured window", e.Name, run.what, d.Database))
				}
			}
		}
	}
	return out
}

// Formats are the formats Write knows.
var Formats = []string{"text", "markdown", "json"}

// Write writes the report in format: text (aligned columns), markdown
// (tables for docs/performance.md) or json.
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case "text":
		return r.writeText(w)
	case "markdown":
		return r.writeMarkdown(w)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return fmt.Errorf("--format %q: use text, markdown or json", format)
}

// SPDX-License-Identifier: Apache-2.0

package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/bench"
	"github.com/ismsproject/isms/internal/bench/ceiling"
	"github.com/ismsproject/isms/internal/cli"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// runAsIsmsEnv, set to 1, makes the test binary run as the isms command:
// tests that start isms as a child process ("isms bench http" starts
// "isms serve" and "isms bench ceiling") run this binary with it.
const runAsIsmsEnv = "ISMS_TEST_RUN_AS_ISMS"

// TestMain runs the tests, or, in a child process started with
// runAsIsmsEnv=1, the isms command line, as cmd/isms does.
func TestMain(m *testing.M) {
	if os.Getenv(runAsIsmsEnv) == "1" {
		os.Exit(runAsIsms())
	}
	os.Exit(m.Run())
}

func runAsIsms() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := cli.Run(ctx, os.Args[1:], cli.Env{Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr, Version: "test"})
	if err != nil {
		fmt.Fprintln(os.Stderr, "isms:", err)
		return cli.ExitCode(err)
	}
	return 0
}

// runBench runs "isms bench http" with args, starting this test binary
// as the server and the ceiling, with the user's cache in a temporary
// directory. It returns the report and the progress.
func runBench(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(runAsIsmsEnv, "1")
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // PostgreSQL's server files
	var out, errOut bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &errOut, Version: "test", Getenv: func(string) string { return "" }}
	args = append([]string{"bench", "http", "--exe", exe, "--size", "small", "--duration", "300ms", "--warmup", "100ms",
		"--clients", "4", "--starts", "1", "--idle", "500ms"}, args...)
	if err := cli.Run(t.Context(), args, env); err != nil {
		t.Fatalf("isms %s: %v\nreport:\n%s\nprogress:\n%s", strings.Join(args, " "), err, out.String(), errOut.String())
	}
	return out.String(), errOut.String()
}

// TestBenchHTTP runs the HTTP benchmark end to end on the small demo,
// briefly: on SQLite, and on PostgreSQL as well when ISMS_TEST_POSTGRES_URL
// is set. Every endpoint must have been measured, with its ceiling, and
// without a failed request. A second run reuses the loaded demo.
func TestBenchHTTP(t *testing.T) {
	dataDir := t.TempDir()
	args := []string{"--data-dir", dataDir, "--format", "json"}
	wantDBs := []string{"SQLite"}
	if sqldbtest.PostgresURL() != "" {
		args = append(args, "--postgres-url", sqldbtest.FreshSchema(t))
		wantDBs = append(wantDBs, "PostgreSQL")
	}
	out, progress := runBench(t, args...)
	var rep bench.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("the JSON report does not parse: %v\n%s", err, out)
	}
	if rep.Org != "northwind" || rep.Clients != 4 || rep.Starts != 1 || rep.Machine.CPUs < 1 || rep.Machine.GoVersion == "" {
		t.Errorf("report settings: org %q, %d clients, %d starts, machine %+v; want northwind, 4, 1 and the machine", rep.Org, rep.Clients, rep.Starts, rep.Machine)
	}
	if len(rep.Databases) != len(wantDBs) {
		t.Fatalf("the report has %d databases, want %v\n%s", len(rep.Databases), wantDBs, progress)
	}
	for i, d := range rep.Databases {
		checkBenchDatabase(t, d, wantDBs[i])
	}
	if rep.Worst == nil {
		t.Error("the report names no worst ratio")
	}

	// Again, on SQLite only, as text: the demo is there already.
	first := ceiling.Endpoints()[0].Name
	out, progress = runBench(t, "--data-dir", dataDir, "--only", first)
	if strings.Contains(progress, "loaded the") {
		t.Errorf("the second run loaded the demo again:\n%s", progress)
	}
	for _, want := range []string{"isms bench http: small demo organization \"northwind\"", "SQLite ", "cold start to serving median",
		"\n  " + first + " ", "Worst ratio:", "PostgreSQL: no --postgres-url"} {
		if !strings.Contains(out, want) {
			t.Errorf("the text report lacks %q:\n%s", want, out)
		}
	}
}

// checkBenchDatabase checks that every endpoint was measured on d.
func checkBenchDatabase(t *testing.T, d *bench.DatabaseReport, name string) {
	t.Helper()
	if d.Database != name || d.Version == "" {
		t.Errorf("database %q version %q, want %s and its version", d.Database, d.Version, name)
	}
	if d.ColdStart.N != 1 || d.ColdStart.Median <= 0 || d.IdleRSS <= 0 {
		t.Errorf("%s: cold start %+v, idle memory %d; want one start measured and memory", name, d.ColdStart, d.IdleRSS)
	}
	eps := ceiling.Endpoints()
	if len(d.Endpoints) != len(eps) {
		t.Fatalf("%s: %d endpoints measured, want %d", name, len(d.Endpoints), len(eps))
	}
	for i, e := range d.Endpoints {
		if e.Name != eps[i].Name {
			t.Errorf("%s: endpoint %d is %s, want %s", name, i, e.Name, eps[i].Name)
		}
		for _, m := range []struct {
			what string
			m    bench.Measurement
		}{{"product", e.Product}, {"ceiling", e.Ceiling}} {
			if m.m.Requests == 0 || m.m.Errors != 0 || m.m.P99 <= 0 || m.m.KiBPerResponse <= 0 || m.m.Window < bench.Millis(300*time.Millisecond) {
				t.Errorf("%s %s %s: %+v; want requests, a p99, a body, a window of 300ms or more and no errors", name, e.Name, m.what, m.m)
			}
		}
		if e.Ratio <= 0 {
			t.Errorf("%s %s: ratio %v, want one", name, e.Name, e.Ratio)
		}
	}
}

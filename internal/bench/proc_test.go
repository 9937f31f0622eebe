// SPDX-License-Identifier: Apache-2.0

package bench_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/bench"
)

func TestCPUTimeAndRSSOfThisProcess(t *testing.T) {
	before, err := bench.CPUTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// Spin until the CPU time has grown by at least three clock ticks; on
	// a busy machine that takes longer than 30 ms.
	after := before
	for start := time.Now(); after-before < 30*time.Millisecond && time.Since(start) < 10*time.Second; {
		if after, err = bench.CPUTime(os.Getpid()); err != nil {
			t.Fatal(err)
		}
	}
	if d := after - before; d < 30*time.Millisecond {
		t.Errorf("CPU time grew by %v over 10 s of spinning, want at least 30ms", d)
	}
	rss, err := bench.RSS(os.Getpid())
	if err != nil || rss < 1<<20 {
		t.Errorf("RSS(this process) = %d, %v, want at least 1 MiB", rss, err)
	}
	if _, err := bench.CPUTime(-1); err == nil {
		t.Error("CPUTime(-1) = nil error, want one")
	}
}

func TestChildThatExitsEarlyPointsToItsLog(t *testing.T) {
	log := filepath.Join(t.TempDir(), "child.log")
	c, err := bench.StartChild("the server", "/bin/sh", []string{"-c", "echo broken database; exit 3"}, log)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.WaitHTTP(context.Background(), "http://127.0.0.1:1/readyz", 2*time.Millisecond, 10*time.Second)
	if err == nil || !strings.Contains(err.Error(), "the server exited before it was ready") || !strings.Contains(err.Error(), log) {
		t.Errorf("WaitHTTP on a child that exited: %v, want an error naming it and its log", err)
	}
	if b, _ := os.ReadFile(log); string(b) != "broken database\n" {
		t.Errorf("the log holds %q, want the child's output", b)
	}
}

func TestChildStopReportsAnUncleanExit(t *testing.T) {
	addr, err := bench.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	c, err := bench.StartChild("the ceiling", "/bin/sh", []string{"-c", "sleep 30"}, filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.WaitListening(context.Background(), addr, 2*time.Millisecond, 50*time.Millisecond); err == nil ||
		!strings.Contains(err.Error(), "not ready after 50ms") {
		t.Errorf("WaitListening on a port nobody listens on: %v, want a time-out", err)
	}
	// sh does not handle SIGTERM, so it dies of it: not a clean stop.
	if err := c.Stop(); err == nil || !strings.Contains(err.Error(), "the ceiling stopped with signal: terminated") {
		t.Errorf("Stop = %v, want the signal reported", err)
	}
}

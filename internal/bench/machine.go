// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"strings"
	"time"
)

// Machine describes where a benchmark ran.
type Machine struct {
	CPUs      int       `json:"cpus"`
	CPUModel  string    `json:"cpuModel"`         // "model name" of /proc/cpuinfo
	Kernel    string    `json:"kernel,omitempty"` // /proc/sys/kernel/osrelease
	GoVersion string    `json:"goVersion"`        // of the binary measured
	LoadAvg   string    `json:"loadAverage"`      // 1, 5 and 15 minutes, at the start
	Date      time.Time `json:"date"`             // when the run started
}

// ThisMachine describes the machine now.
func ThisMachine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), Date: time.Now().UTC().Truncate(time.Second),
		CPUModel: cpuModel(), Kernel: readTrimmed("/proc/sys/kernel/osrelease")}
	if f := strings.Fields(readTrimmed("/proc/loadavg")); len(f) >= 3 {
		m.LoadAvg = strings.Join(f[:3], " ")
	}
	return m
}

// cpuModel returns the first "model name" of /proc/cpuinfo, or "unknown".
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func readTrimmed(path string) string {
	b, _ := os.ReadFile(path)
	return strings.TrimSpace(string(b))
}

// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Child is a server process the benchmark started.
type Child struct {
	name   string // what messages call it: "the server", "the ceiling"
	log    string // the file its output goes to
	cmd    *exec.Cmd
	start  time.Time // just before exec
	exited chan struct{}
	err    error // of Wait, once exited is closed
}

// StartChild runs exe with args, its standard output and error appended
// to the file log. name says what it is in messages.
func StartChild(name, exe string, args []string, log string) (*Child, error) {
	f, err := os.OpenFile(log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		return nil, fmt.Errorf("open the log of %s: %w", name, err)
	}
	defer f.Close() // the child has its own descriptor
	c := &Child{name: name, log: log, cmd: exec.Command(exe, args...), exited: make(chan struct{})}
	c.cmd.Stdout, c.cmd.Stderr = f, f
	c.start = time.Now()
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s (%s): %w", name, exe, err)
	}
	go func() {
		c.err = c.cmd.Wait()
		close(c.exited)
	}()
	return c, nil
}

// Pid returns the child's process ID.
func (c *Child) Pid() int { return c.cmd.Process.Pid }

// died describes the child's early exit, pointing to its log.
func (c *Child) died() error {
	return fmt.Errorf("%s exited before it was ready (%v); see %s", c.name, c.err, c.log)
}

// WaitHTTP polls url every interval until it answers 200 and returns the
// time since the child was executed. It gives up after limit.
func (c *Child) WaitHTTP(ctx context.Context, url string, interval, limit time.Duration) (time.Duration, error) {
	client := &http.Client{Timeout: time.Second}
	defer client.CloseIdleConnections()
	return c.poll(ctx, interval, limit, func() bool {
		resp, err := client.Get(url)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}

// WaitListening polls addr every interval until it accepts a TCP
// connection, giving up after limit.
func (c *Child) WaitListening(ctx context.Context, addr string, interval, limit time.Duration) error {
	_, err := c.poll(ctx, interval, limit, func() bool {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			conn.Close()
		}
		return err == nil
	})
	return err
}

func (c *Child) poll(ctx context.Context, interval, limit time.Duration, ok func() bool) (time.Duration, error) {
	deadline := c.start.Add(limit)
	for {
		if ok() {
			return time.Since(c.start), nil
		}
		select {
		case <-c.exited:
			return 0, c.died()
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(interval):
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("%s was not ready after %s; see %s", c.name, limit, c.log)
		}
	}
}

// stopLimit is how long Stop waits for a child after SIGTERM.
const stopLimit = 30 * time.Second

// Stop sends SIGTERM and waits for the child to exit; after stopLimit it
// kills it. It reports an exit other than a clean one.
func (c *Child) Stop() error {
	select {
	case <-c.exited:
		return fmt.Errorf("%s had exited (%v); see %s", c.name, c.err, c.log)
	default:
	}
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stop %s: %w", c.name, err)
	}
	select {
	case <-c.exited:
	case <-time.After(stopLimit):
		c.cmd.Process.Kill()
		<-c.exited
		return fmt.Errorf("%s did not stop within %s of SIGTERM and was killed; see %s", c.name, stopLimit, c.log)
	}
	if c.err != nil {
		return fmt.Errorf("%s stopped with %v; see %s", c.name, c.err, c.log)
	}
	return nil
}

// clockTick is the unit of the CPU times in /proc/PID/stat: USER_HZ, which
// Linux fixes at 100 per second for user space on every architecture.
const clockTick = 10 * time.Millisecond

// CPUTime returns the CPU time process pid has used, user and system
// (utime + stime of /proc/PID/stat), to the clock tick (10 ms).
func CPUTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read the CPU time of process %d: %w", pid, err)
	}
	return parseStatCPU(b)
}

// parseStatCPU reads utime and stime, fields 14 and 15, from the text of
// /proc/PID/stat. The command name, field 2, is in parentheses and may
// hold spaces, so fields are counted from its closing parenthesis.
func parseStatCPU(stat []byte) (time.Duration, error) {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/PID/stat %q: no command name in parentheses", stat)
	}
	f := strings.Fields(string(stat[i+1:])) // f[0] is field 3
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/PID/stat %q: %d fields after the command name, want at least 13", stat, len(f))
	}
	var ticks int64
	for _, s := range f[11:13] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/PID/stat: CPU time %q: %w", s, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * clockTick, nil
}

// RSS returns the resident memory of process pid in bytes (VmRSS of
// /proc/PID/status).
func RSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read the memory of process %d: %w", pid, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("/proc/%d/status: VmRSS %q: %w", pid, v, err)
			}
			return kb * 1024, nil
		}
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("read /proc/%d/status: %w", pid, err)
	}
	return 0, fmt.Errorf("/proc/%d/status has no VmRSS line", pid)
}

// FreeAddr returns a loopback address with a port that was free a moment
// ago, for a child to listen on.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"bufio"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ismsproject/isms/internal/jobs"
)

// rejectingSMTP is a tiny SMTP server on the loopback interface that
// accepts the session but answers every RCPT TO with 550, as a server does
// for an address that does not exist.
type rejectingSMTP struct {
	port int
	mu   sync.Mutex
	rcpt int
}

func (s *rejectingSMTP) recipients() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rcpt
}

func startRejectingSMTP(t *testing.T) *rejectingSMTP {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	s := &rejectingSMTP{port: l.Addr().(*net.TCPAddr).Port}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *rejectingSMTP) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(c)
	reply := func(line string) { c.Write([]byte(line + "\r\n")) }
	reply("220 localhost ESMTP test")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			reply("250 localhost")
		case strings.HasPrefix(cmd, "MAIL FROM"):
			reply("250 2.1.0 OK")
		case strings.HasPrefix(cmd, "RCPT TO"):
			s.mu.Lock()
			s.rcpt++
			s.mu.Unlock()
			reply("550 5.1.1 No such user here")
		case strings.HasPrefix(cmd, "QUIT"):
			reply("221 2.0.0 Bye")
			return
		default:
			reply("250 OK")
		}
	}
}

// waitForJobState waits until a job of kind is in state and none waits,
// runs or is to be retried.
func (w *world) waitForJobState(kind string, state jobs.State) {
	w.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s, err := w.app.JobSummary(w.ctx, w.asOwner())
		if err != nil {
			w.t.Fatalf("JobSummary() = %v, want nil", err)
		}
		if i := slices.IndexFunc(s.Kinds, func(k jobs.KindCounts) bool { return k.Kind == kind }); i >= 0 {
			c := s.Kinds[i].Counts
			if c[state] > 0 && c[jobs.Available]+c[jobs.Running]+c[jobs.Scheduled]+c[jobs.Retryable] == 0 {
				return
			}
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("waited 30s for a %s job in state %s; summary %+v", kind, state, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

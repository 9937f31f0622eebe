// SPDX-License-Identifier: Apache-2.0

package app

import (
	"sync"
	"time"
)

// Sign-in limits: failed attempts allowed per window, per account and per
// client address. They live in memory, so with several replicas each
// replica counts its own attempts.
const (
	failureWindow      = 15 * time.Minute
	maxAccountFailures = 5
	maxAddrFailures    = 20
)

// limiter counts recent failed sign-ins per key.
type limiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

func newLimiter() *limiter { return &limiter{failures: map[string][]time.Time{}} }

// blocked reports whether key has max or more failures within the window
// before now, and when the oldest of them leaves the window.
func (l *limiter) blocked(key string, max int, now time.Time) (bool, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	recent := l.prune(key, now)
	if len(recent) >= max {
		return true, recent[0].Add(failureWindow)
	}
	return false, time.Time{}
}

// sweepAt is the number of tracked keys at which every key is pruned, so
// that a flood of distinct addresses cannot grow the map without bound.
const sweepAt = 10000

// fail records a failure of key at now.
func (l *limiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) >= sweepAt {
		for k := range l.failures {
			l.prune(k, now)
		}
	}
	l.failures[key] = append(l.prune(key, now), now)
}

// reset forgets the failures of key.
func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

func (l *limiter) prune(key string, now time.Time) []time.Time {
	list := l.failures[key]
	i := 0
	for i < len(list) && !list[i].After(now.Add(-failureWindow)) {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(l.failures, key)
		return nil
	}
	l.failures[key] = list
	return list
}

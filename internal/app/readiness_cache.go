// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The readiness result is kept in memory, one per organization, under a
// key read from the database on every call (readinessKeyOf): the head of
// the organization's audit chain, the day, and its members whose
// accounts are disabled. Every change to an organization's records
// appends to its chain in the same transaction, so the same key means the
// same facts and the same result. What the facts read that is written
// without an event in that chain:
//
//   - accounts disabled or enabled by an installation owner, recorded in
//     the installation's chain: the disabled members are part of the key;
//   - the day (expiry, review and due dates): part of the key;
//   - the readiness runs themselves: derived data the facts do not read;
//   - housekeeping that changes no fact: sessions, notifications, a
//     schedule's last occurrence, an evidence item's renewal mark, an
//     integrity check that finds a file as it was (a changed one is
//     audited).
//
// Replicas each keep their own results; as the key is read from the
// shared database on every call, none serves a result another has made
// stale. Only the call that computes a result keeps the day's run; a call
// that finds the kept run differing from its result (another replica kept
// a run in between) keeps its own again, so the day keeps the current
// result.

// readinessKey names what a readiness result was computed from.
type readinessKey struct {
	head     isms.ChainHead // of the organization's audit chain
	day      string         // isms.DateOf(now): the day time-dependent rules see
	disabled string         // the members whose accounts are disabled (disabledMembersKey)
}

// readinessEntry is an organization's result, or the computation of it
// under way. r, run and err are set before done is closed, and never
// change after.
type readinessEntry struct {
	key  readinessKey
	done chan struct{}
	r    *isms.Readiness
	run  isms.ReadinessRun // the run of r that was kept
	err  error
}

// settled reports whether e's computation has finished.
func (e *readinessEntry) settled() bool {
	select {
	case <-e.done:
		return true
	default:
		return false
	}
}

// readinessCache holds the latest readiness result of each organization.
// Its zero value is ready to use.
type readinessCache struct {
	mu   sync.Mutex
	orgs map[isms.ID]*readinessEntry
}

// claim returns org's entry for key, and whether the caller must compute
// it: then the entry is new, under way, and has replaced any other entry
// of org. Calls that find an entry under way wait for it rather than
// compute the same result again.
func (c *readinessCache) claim(org isms.ID, key readinessKey) (*readinessEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.orgs[org]; e != nil && e.key == key {
		return e, false
	}
	if c.orgs == nil {
		c.orgs = map[isms.ID]*readinessEntry{}
	}
	e := &readinessEntry{key: key, done: make(chan struct{})}
	c.orgs[org] = e
	return e, true
}

// settle records the outcome of e's computation and wakes those waiting
// for it. A failed entry is dropped, so the next call computes afresh.
func (c *readinessCache) settle(org isms.ID, e *readinessEntry, r *isms.Readiness, run isms.ReadinessRun, err error) {
	c.mu.Lock()
	e.r, e.run, e.err = r, run, err
	if err != nil && c.orgs[org] == e {
		delete(c.orgs, org)
	}
	c.mu.Unlock()
	close(e.done)
}

// errCheckAbandoned is the outcome of a check that panicked.
var errCheckAbandoned = errors.New("the readiness check stopped before it finished")

// cachedReadiness returns org's readiness result as of now: the one kept
// in memory when org's key has not changed since it was computed, else a
// new check, whose run it keeps. The result is shared: callers copy it
// (copyReadiness) before handing it on.
func (a *App) cachedReadiness(ctx context.Context, org isms.ID) (*isms.Readiness, error) {
	for {
		r, retry, err := a.readinessOnce(ctx, org)
		if !retry {
			return r, err
		}
	}
}

// readinessOnce reads org's key and either computes the result, keeps its
// run and settles the entry, or takes the entry's result, waiting for it
// when it is under way. retry reports that the computation waited for
// failed (its caller may have gone), so that another must be made.
func (a *App) readinessOnce(ctx context.Context, org isms.ID) (r *isms.Readiness, retry bool, err error) {
	now := a.now()
	day := isms.DateOf(now)
	var e *readinessEntry
	var lead, hit bool
	var kept isms.ReadinessRun
	defer func() {
		if lead {
			a.settleComputed(org, e, r, day, err)
		}
	}()
	err = a.db.View(ctx, func(tx *sqldb.Tx) error {
		key, err := readinessKeyOf(ctx, tx, org, day)
		if err != nil {
			return err
		}
		if e, lead = a.readinessCache.claim(org, key); lead {
			r, err = a.CheckTx(ctx, tx, org, now)
			return err
		}
		if hit = e.settled() && e.err == nil; hit {
			kept, err = keptRun(ctx, tx, org, day)
		}
		return err
	})
	switch {
	case err != nil:
		return nil, false, err
	case lead:
		// Derived data: no audit event (see readiness.go).
		if err := a.keepRun(ctx, org, isms.RunOf(r, day)); err != nil {
			return nil, false, err
		}
		return r, false, nil
	}
	select {
	case <-e.done:
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
	if e.err != nil {
		return nil, true, nil
	}
	if hit && !sameRun(kept, e.run) {
		run := e.run
		run.At = now // so that it replaces the run kept in between
		if err := a.keepRun(ctx, org, run); err != nil {
			return nil, false, err
		}
	}
	return e.r, false, nil
}

// settleComputed settles entry e, which the caller computed: with r and
// its run of day, or with err; with errCheckAbandoned when the check
// panicked and left neither.
func (a *App) settleComputed(org isms.ID, e *readinessEntry, r *isms.Readiness, day isms.Date, err error) {
	switch {
	case err != nil:
		a.readinessCache.settle(org, e, nil, isms.ReadinessRun{}, err)
	case r == nil:
		a.readinessCache.settle(org, e, nil, isms.ReadinessRun{}, errCheckAbandoned)
	default:
		a.readinessCache.settle(org, e, r, isms.RunOf(r, day), nil)
	}
}

// keepRun keeps run as org's run of its day.
func (a *App) keepRun(ctx context.Context, org isms.ID, run isms.ReadinessRun) error {
	err := a.db.Update(ctx, func(tx *sqldb.Tx) error {
		return tx.SetReadinessRun(ctx, org, run)
	})
	if err != nil {
		return fmt.Errorf("keep readiness run: %w", err)
	}
	return nil
}

// readinessKeyOf reads, within tx, the key of org's readiness on day.
// The chain's head is read first: on PostgreSQL each statement sees the
// changes committed before it, so facts read after the key are never
// older than it.
func readinessKeyOf(ctx context.Context, tx *sqldb.Tx, org isms.ID, day isms.Date) (readinessKey, error) {
	head, err := tx.FindChainHead(ctx, orgChain(org))
	if err != nil {
		return readinessKey{}, fmt.Errorf("readiness key: %w", err)
	}
	disabled, err := disabledMembersKey(ctx, tx, org)
	if err != nil {
		return readinessKey{}, fmt.Errorf("readiness key: %w", err)
	}
	return readinessKey{head: head, day: day.String(), disabled: disabled}, nil
}

// disabledMembersKey names org's members whose accounts are disabled, the
// only state of accounts the facts read (an enabled member owns, holds a
// role, is in a campaign's audience). An installation owner disables an
// account in the installation's chain, not the organization's. Should
// the disabled members be too many to list, the installation chain's
// head stands for them.
func disabledMembersKey(ctx context.Context, tx *sqldb.Tx, org isms.ID) (string, error) {
	list, total, err := tx.FindMembers(ctx, isms.MemberFilter{OrgID: org, Status: "disabled", Sort: "joined", Limit: isms.MaxPageSize})
	if err != nil {
		return "", err
	}
	if total > len(list) {
		h, err := tx.FindChainHead(ctx, isms.InstallationChain)
		return fmt.Sprintf("installation %d %s", h.Seq, h.Hash), err
	}
	ids := make([]string, len(list))
	for i, m := range list {
		ids[i] = string(m.User.ID)
	}
	return strings.Join(ids, " "), nil
}

// keptRun returns org's kept run of day; the zero run when there is none.
func keptRun(ctx context.Context, tx *sqldb.Tx, org isms.ID, day isms.Date) (isms.ReadinessRun, error) {
	runs, err := tx.FindReadinessRuns(ctx, org, day)
	if err != nil {
		return isms.ReadinessRun{}, err
	}
	for _, run := range runs {
		if run.Day.String() == day.String() {
			return run, nil
		}
	}
	return isms.ReadinessRun{}, nil
}

// sameRun reports whether runs x and y keep the same result, whenever
// they were made.
func sameRun(x, y isms.ReadinessRun) bool {
	return x.Day.String() == y.Day.String() && x.Score == y.Score && x.Blockers == y.Blockers && x.Warnings == y.Warnings &&
		x.Hints == y.Hints && maps.Equal(x.Clauses, y.Clauses)
}

// copyReadiness returns a copy of r that shares no memory with it, with
// only the findings that pass f; scores and counts stay those of the
// whole check.
func copyReadiness(r *isms.Readiness, f ReadinessFilter) *isms.Readiness {
	out := *r
	out.Clauses = slices.Clone(r.Clauses)
	out.NotApplicable = slices.Clone(r.NotApplicable)
	out.Findings = make([]isms.Finding, 0, len(r.Findings))
	for _, x := range r.Findings {
		if f.Matches(x) {
			x.Records = slices.Clone(x.Records)
			out.Findings = append(out.Findings, x)
		}
	}
	return &out
}

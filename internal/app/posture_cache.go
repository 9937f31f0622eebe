// SPDX-License-Identifier: Apache-2.0

package app

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
)

// The posture is kept in memory, one result per organization and
// framework scope, under a key read from the database on every call
// (postureKeyOf) before the facts: the head of the organization's audit
// chain and the day. Every change to what the posture reads appends to
// that chain in the same transaction: importing, updating or deleting a
// framework (its requirements), creating, updating or deleting a control
// (its status), linking, unlinking, confirming and inferring control
// links, creating, updating, uploading to, linking and unlinking evidence
// (its validity and its links to controls), and the Statement of
// Applicability's versions and lines. So the same key means the same
// facts and the same result. What the posture reads that is not in the
// chain:
//
//   - the day, against which evidence expires: part of the key;
//   - nothing of accounts or memberships (owners, disabled accounts),
//     whose changes an installation owner records in the installation's
//     chain: the posture reads none of them;
//   - housekeeping on evidence (renewal and expiry marks, the file
//     integrity state) writes columns the posture does not read.
//
// The large demo writes its evidence in batches before the one event that
// records them: a result read in between is replaced once that event is
// written.
//
// A scope is the framework an actor is limited to (isms.Actor.FrameworkID,
// "" for all): each scope has its own result, computed as PostureTx
// computes it for that actor, so that no actor is served a result of
// frameworks it may not see. Replicas each keep their own results; as the
// key is read from the shared database on every call, none serves a
// result another has made stale. Concurrent calls that find no result
// each compute one; the last one stored stays.

// postureKey names what a posture result was computed from.
type postureKey struct {
	head isms.ChainHead // of the organization's audit chain
	day  string         // isms.Date.String() of the day evidence expires against
}

// postureScope names whose posture a result is: an organization's, as
// actors limited to framework (or to none, "") see it.
type postureScope struct {
	org, framework isms.ID
}

// postureEntry is a result with the key it was computed under. The
// result is never changed once stored: callers get copies (copyPosture).
type postureEntry struct {
	key postureKey
	all []FrameworkPosture
}

// postureCache holds the latest posture of each organization and scope.
// Its zero value is ready to use.
type postureCache struct {
	mu      sync.Mutex
	entries map[postureScope]postureEntry
}

// get returns the result of s computed under key, if it is kept.
func (c *postureCache) get(s postureScope, key postureKey) ([]FrameworkPosture, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[s]
	if !ok || e.key != key {
		return nil, false
	}
	return e.all, true
}

// put keeps all as the result of s under key, in place of any other.
func (c *postureCache) put(s postureScope, key postureKey, all []FrameworkPosture) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[postureScope]postureEntry{}
	}
	c.entries[s] = postureEntry{key: key, all: all}
}

// cachedPosture returns the posture of every framework actor may see: the
// one kept in memory when the organization's key has not changed since it
// was computed, else a new one, which it keeps. The result is shared:
// callers copy it (copyPosture) before handing it on.
func (a *App) cachedPosture(ctx context.Context, actor isms.Actor) ([]FrameworkPosture, error) {
	scope := postureScope{org: actor.OrgID, framework: actor.FrameworkID}
	today := a.today()
	var out []FrameworkPosture
	err := a.db.View(ctx, func(tx *sqldb.Tx) error {
		key, err := postureKeyOf(ctx, tx, actor.OrgID, today)
		if err != nil {
			return err
		}
		var ok bool
		if out, ok = a.postureCache.get(scope, key); ok {
			return nil
		}
		if out, err = a.postureTx(ctx, tx, actor, today); err != nil {
			return err
		}
		a.postureCache.put(scope, key, out)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// postureKeyOf reads, within tx, the key of org's posture on day. The
// caller reads it before the facts: on PostgreSQL each statement sees the
// changes committed before it, so facts read after the key are never
// older than it.
func postureKeyOf(ctx context.Context, tx *sqldb.Tx, org isms.ID, day isms.Date) (postureKey, error) {
	head, err := tx.FindChainHead(ctx, orgChain(org))
	if err != nil {
		return postureKey{}, fmt.Errorf("posture key: %w", err)
	}
	return postureKey{head: head, day: day.String()}, nil
}

// copyPosture returns a copy of all that shares no memory with it.
func copyPosture(all []FrameworkPosture) []FrameworkPosture {
	if all == nil {
		return nil
	}
	out := make([]FrameworkPosture, len(all))
	for i := range all {
		out[i] = *copyFrameworkPosture(&all[i])
	}
	return out
}

// copyFrameworkPosture returns a copy of p that shares no memory with it.
func copyFrameworkPosture(p *FrameworkPosture) *FrameworkPosture {
	out := *p
	if p.Framework != nil {
		f := *p.Framework
		out.Framework = &f
	}
	out.Groups = slices.Clone(p.Groups)
	return &out
}

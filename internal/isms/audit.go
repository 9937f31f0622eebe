// SPDX-License-Identifier: Apache-2.0

package isms

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// InstallationChain names the audit chain of installation-level events
// (organizations created, accounts disabled, passwords reset by an owner).
// Every organization has its own chain, named by its ID.
const InstallationChain = "installation"

// GenesisHash is the previous hash of the first event of every chain.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// TimeLayout is the fixed-width UTC layout, microsecond precision, in which
// audit times are stored and hashed, so that both databases return the same
// bytes and text order is time order.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// AuditEvent is one entry of the append-only audit trail. Each event carries
// the hash of the previous event of its chain, so that any later change,
// deletion or reordering of stored events is detectable.
type AuditEvent struct {
	Chain      string    `json:"chain"` // InstallationChain or an organization ID
	Seq        int64     `json:"seq"`   // 1, 2, 3 … within the chain
	Time       time.Time `json:"time"`
	ActorID    ID        `json:"actorId,omitempty"`
	ActorName  string    `json:"actorName"`
	Action     string    `json:"action"` // noun.verb, e.g. "organization.update"
	ObjectType string    `json:"objectType"`
	ObjectID   ID        `json:"objectId,omitempty"`
	// Changes is the JSON of the before/after of each field, exactly as
	// stored and hashed.
	Changes  string `json:"changes"`
	PrevHash string `json:"prevHash"`
	Hash     string `json:"hash"`
}

// NewAuditEvent returns an event by actor on an object with the given
// changes; the store fills chain position, time and hashes.
func NewAuditEvent(actor Actor, action, objectType string, objectID ID, c Changes) AuditEvent {
	if c == nil {
		c = Changes{}
	}
	b, err := json.Marshal(c)
	if err != nil {
		// Changes hold strings, numbers and booleans only.
		panic(fmt.Sprintf("encode audit changes: %v", err))
	}
	return AuditEvent{ActorID: actor.UserID, ActorName: actor.Name, Action: action,
		ObjectType: objectType, ObjectID: objectID, Changes: string(b)}
}

// CanonicalBytes returns the encoding that the event's hash covers: a JSON
// array of, in this order, the format version "isms-audit-v1", chain, seq,
// time (TimeLayout, UTC), actor ID, actor name, action, object type, object
// ID, changes (the stored JSON text, as a string) and previous hash.
// docs/audit-trail.md documents it for verifiers outside the product.
func (e *AuditEvent) CanonicalBytes() []byte {
	b, err := json.Marshal([]any{
		"isms-audit-v1", e.Chain, e.Seq, e.Time.UTC().Format(TimeLayout),
		string(e.ActorID), e.ActorName, e.Action, e.ObjectType, string(e.ObjectID),
		e.Changes, e.PrevHash,
	})
	if err != nil {
		panic(fmt.Sprintf("encode audit event: %v", err)) // strings and an int cannot fail
	}
	return b
}

// ComputeHash returns the hex SHA-256 of the event's canonical bytes.
func (e *AuditEvent) ComputeHash() string {
	sum := sha256.Sum256(e.CanonicalBytes())
	return hex.EncodeToString(sum[:])
}

// Seal sets the event's position in its chain after prev (nil for the first
// event) and computes its hash.
func (e *AuditEvent) Seal(chain string, prevSeq int64, prevHash string, at time.Time) {
	e.Chain, e.Seq, e.PrevHash = chain, prevSeq+1, prevHash
	e.Time = at.UTC().Truncate(time.Microsecond)
	e.Hash = e.ComputeHash()
}

// AuditFilter selects events of one chain; zero fields do not filter.
type AuditFilter struct {
	Chain      string
	ObjectType string
	ObjectID   ID
	ActorID    ID
	Action     string
	From, To   time.Time // To is exclusive
	Desc       bool      // newest first
	Limit      int
	Offset     int
}

// ChainHead is the latest position of an audit chain.
type ChainHead struct {
	Chain string `json:"chain"`
	Seq   int64  `json:"seq"`
	Hash  string `json:"hash"`
}

// String is the head as exports name it: "event 810, SHA-256 2cdb…".
func (h ChainHead) String() string { return fmt.Sprintf("event %d, SHA-256 %s", h.Seq, h.Hash) }

// ChainBreak describes the first place where a chain does not verify.
type ChainBreak struct {
	Seq    int64  `json:"seq"`    // the sequence number where the break was found
	Reason string `json:"reason"` // what is wrong there, in a sentence
}

// ChainVerifier checks the events of one chain in sequence order, one at a
// time, so a chain of any length verifies in constant memory.
type ChainVerifier struct {
	chain    string
	prevSeq  int64
	prevHash string
	Checked  int64       // events checked so far
	Break    *ChainBreak // the first break found, or nil
}

// NewChainVerifier starts the verification of chain.
func NewChainVerifier(chain string) *ChainVerifier {
	return &ChainVerifier{chain: chain, prevHash: GenesisHash}
}

// Next checks e, the next stored event. It returns false once a break is found.
func (v *ChainVerifier) Next(e *AuditEvent) bool {
	if v.Break != nil {
		return false
	}
	v.Checked++
	switch {
	case e.Chain != v.chain:
		v.fail(e.Seq, fmt.Sprintf("event %d belongs to chain %q, not %q.", e.Seq, e.Chain, v.chain))
	case e.Seq != v.prevSeq+1:
		v.fail(v.prevSeq+1, fmt.Sprintf("event %d is missing: the next stored event is %d.", v.prevSeq+1, e.Seq))
	case e.PrevHash != v.prevHash:
		v.fail(e.Seq, fmt.Sprintf("event %d does not follow event %d: its previous hash is %s, the hash of event %d is %s.", e.Seq, v.prevSeq, short(e.PrevHash), v.prevSeq, short(v.prevHash)))
	case e.ComputeHash() != e.Hash:
		v.fail(e.Seq, fmt.Sprintf("event %d was altered: its content no longer matches its hash %s.", e.Seq, short(e.Hash)))
	default:
		v.prevSeq, v.prevHash = e.Seq, e.Hash
		return true
	}
	return false
}

// Finish checks the end of the chain against its recorded head.
func (v *ChainVerifier) Finish(head ChainHead) {
	if v.Break != nil {
		return
	}
	if head.Seq != v.prevSeq || head.Hash != v.prevHash {
		v.fail(v.prevSeq+1, fmt.Sprintf("the chain ends at event %d (%s) but its head is event %d (%s): events at the end were removed or replaced.", v.prevSeq, short(v.prevHash), head.Seq, short(head.Hash)))
	}
}

func (v *ChainVerifier) fail(seq int64, reason string) {
	v.Break = &ChainBreak{Seq: seq, Reason: reason}
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

// goldenEvent is a fixed, sealed-by-hand audit event.
func goldenEvent() isms.AuditEvent {
	return isms.AuditEvent{
		Chain:      "org_golden",
		Seq:        42,
		Time:       time.Date(2026, 3, 2, 9, 30, 15, 123456000, time.UTC),
		ActorID:    "user_alice",
		ActorName:  "Alice Ämmälä",
		Action:     "organization.update",
		ObjectType: "organization",
		ObjectID:   "org_golden",
		Changes:    `{"name":{"before":"Acme","after":"Acme \"Group\" <ltd>"}}`,
		PrevHash:   "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	}
}

// The canonical encoding and the hash of goldenEvent, pinned. Every stored
// audit event was hashed with this encoding, and external verifiers
// (docs/audit-trail.md) recompute it. If this test fails, the encoding
// changed: existing trails would no longer verify. Do not update the
// constants; introduce a new format version instead.
const (
	goldenCanonical = `["isms-audit-v1","org_golden",42,"2026-03-02T09:30:15.123456Z","user_alice","Alice Ämmälä","organization.update","organization","org_golden","{\"name\":{\"before\":\"Acme\",\"after\":\"Acme \\\"Group\\\" \u003cltd\u003e\"}}","9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]`
	goldenHash      = "74d112ad1c53a6507c5667681be008e3ccfed1afb25abbcb62b6f48459789150"
)

func TestAuditEventCanonicalBytesAreStable(t *testing.T) {
	e := goldenEvent()
	if got := string(e.CanonicalBytes()); got != goldenCanonical {
		t.Errorf("CanonicalBytes() =\n%s\nwant\n%s", got, goldenCanonical)
	}
	if got := e.ComputeHash(); got != goldenHash {
		t.Errorf("ComputeHash() = %s, want %s", got, goldenHash)
	}
	// The time zone of Time does not matter: it is hashed in UTC.
	e.Time = e.Time.In(time.FixedZone("CET", 3600))
	if got := e.ComputeHash(); got != goldenHash {
		t.Errorf("ComputeHash() with the time in CET = %s, want %s", got, goldenHash)
	}
	// The stored hash itself is not part of what is hashed.
	e.Hash = "anything"
	if got := e.ComputeHash(); got != goldenHash {
		t.Errorf("ComputeHash() with Hash set = %s, want %s", got, goldenHash)
	}
}

func TestAuditEventHashCoversEveryField(t *testing.T) {
	tests := []struct {
		name   string
		change func(e *isms.AuditEvent)
	}{
		{"the chain", func(e *isms.AuditEvent) { e.Chain = "org_other" }},
		{"the sequence number", func(e *isms.AuditEvent) { e.Seq++ }},
		{"the time, by a microsecond", func(e *isms.AuditEvent) { e.Time = e.Time.Add(time.Microsecond) }},
		{"the actor ID", func(e *isms.AuditEvent) { e.ActorID = "user_mallory" }},
		{"the actor name", func(e *isms.AuditEvent) { e.ActorName = "Alice Ammala" }},
		{"the action", func(e *isms.AuditEvent) { e.Action = "organization.delete" }},
		{"the object type", func(e *isms.AuditEvent) { e.ObjectType = "risk" }},
		{"the object ID", func(e *isms.AuditEvent) { e.ObjectID = "org_other" }},
		{"the changes", func(e *isms.AuditEvent) { e.Changes = strings.Replace(e.Changes, "Acme", "Acne", 1) }},
		{"the previous hash", func(e *isms.AuditEvent) { e.PrevHash = isms.GenesisHash }},
		{"a value moved from one field into the next", func(e *isms.AuditEvent) {
			e.ActorID, e.ActorName = "user_aliceAlice Ämmälä", ""
		}},
	}
	for _, tt := range tests {
		t.Run("changing "+tt.name+" changes the hash", func(t *testing.T) {
			e := goldenEvent()
			tt.change(&e)
			if got := e.ComputeHash(); got == goldenHash {
				t.Errorf("ComputeHash() after changing %s = %s, want a different hash", tt.name, got)
			}
		})
	}
}

func TestAuditEventSeal(t *testing.T) {
	e := isms.NewAuditEvent(isms.Actor{UserID: "user_1", Name: "Ann"}, "risk.create", "risk", "risk_1", nil)
	at := time.Date(2026, 3, 2, 10, 0, 0, 123456789, time.FixedZone("CET", 3600))
	e.Seal("org_1", 6, "abc", at)
	if e.Chain != "org_1" || e.Seq != 7 || e.PrevHash != "abc" {
		t.Errorf("Seal(org_1, 6, abc) = chain %q, seq %d, prev %q; want org_1, 7, abc", e.Chain, e.Seq, e.PrevHash)
	}
	wantTime := time.Date(2026, 3, 2, 9, 0, 0, 123456000, time.UTC)
	if !e.Time.Equal(wantTime) || e.Time.Location() != time.UTC {
		t.Errorf("Seal(…, %v).Time = %v, want %v (UTC, truncated to the microsecond)", at, e.Time, wantTime)
	}
	if e.Hash != e.ComputeHash() {
		t.Errorf("Seal().Hash = %s, want ComputeHash() = %s", e.Hash, e.ComputeHash())
	}
}

func TestNewAuditEvent(t *testing.T) {
	actor := isms.Actor{UserID: "user_1", Name: "Ann", OrgID: "org_1", Role: isms.RoleAdmin}
	tests := []struct {
		name        string
		changes     isms.Changes
		wantChanges string
	}{
		{"no changes are an empty object", nil, `{}`},
		{"fields are encoded in sorted order", isms.Changes{
			"name":     {Before: "Acme", After: "Acme Group"},
			"disabled": {Before: false, After: true},
			"count":    {After: 3},
		}, `{"count":{"before":null,"after":3},"disabled":{"before":false,"after":true},"name":{"before":"Acme","after":"Acme Group"}}`},
		{"created fields have no before", isms.Created(map[string]any{"role": "admin", "email": "a@example.com"}),
			`{"email":{"before":null,"after":"a@example.com"},"role":{"before":null,"after":"admin"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := isms.NewAuditEvent(actor, "membership.create", "user", "user_2", tt.changes)
			want := isms.AuditEvent{ActorID: "user_1", ActorName: "Ann", Action: "membership.create",
				ObjectType: "user", ObjectID: "user_2", Changes: tt.wantChanges}
			if diff := cmp.Diff(want, e); diff != "" {
				t.Errorf("NewAuditEvent(…, %v) mismatch (-want +got):\n%s", tt.changes, diff)
			}
		})
	}
}

func TestChangesSet(t *testing.T) {
	s := func(v string) *string { return &v }
	tests := []struct {
		name    string
		current string
		value   *string
		want    string
		changed bool
	}{
		{"nil leaves the field", "Acme", nil, "Acme", false},
		{"the same value is no change", "Acme", s("Acme"), "Acme", false},
		{"surrounding spaces are no change", "Acme", s("  Acme "), "Acme", false},
		{"a new value is trimmed and recorded", "Acme", s(" Acme Group "), "Acme Group", true},
		{"clearing a field is a change", "Acme", s(""), "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := isms.Changes{}
			dst := tt.current
			c.Set("name", &dst, tt.value)
			if dst != tt.want {
				t.Errorf("Set(name, %q, …) left %q, want %q", tt.current, dst, tt.want)
			}
			ch, ok := c["name"]
			if ok != tt.changed {
				t.Fatalf("Set(name, %q, …) recorded a change = %v, want %v", tt.current, ok, tt.changed)
			}
			if ok && (ch.Before != tt.current || ch.After != tt.want) {
				t.Errorf("Set(name, %q, …) = %+v, want before %q, after %q", tt.current, ch, tt.current, tt.want)
			}
		})
	}
}

// chain returns n events of chain "org_1" sealed one after the other, and
// the head the store would record for them.
func chain(n int) ([]*isms.AuditEvent, isms.ChainHead) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var out []*isms.AuditEvent
	prevSeq, prevHash := int64(0), isms.GenesisHash
	for i := range n {
		e := isms.NewAuditEvent(isms.Actor{UserID: "user_1", Name: "Ann"}, "organization.update", "organization", "org_1",
			isms.Changes{"name": {Before: i, After: i + 1}})
		e.Seal("org_1", prevSeq, prevHash, t0.Add(time.Duration(i)*time.Second))
		prevSeq, prevHash = e.Seq, e.Hash
		out = append(out, &e)
	}
	return out, isms.ChainHead{Chain: "org_1", Seq: prevSeq, Hash: prevHash}
}

func TestChainVerifier(t *testing.T) {
	tests := []struct {
		name string
		// edit changes the stored events and head (a copy) before verification.
		edit        func(events []*isms.AuditEvent, head *isms.ChainHead) []*isms.AuditEvent
		wantChecked int64
		wantSeq     int64  // of the break; 0 when the chain verifies
		wantReason  string // a part of the break's reason
	}{
		{name: "an intact chain verifies",
			edit:        func(es []*isms.AuditEvent, _ *isms.ChainHead) []*isms.AuditEvent { return es },
			wantChecked: 5},
		{name: "an empty chain with the genesis head verifies",
			edit: func(_ []*isms.AuditEvent, h *isms.ChainHead) []*isms.AuditEvent {
				*h = isms.ChainHead{Chain: "org_1", Hash: isms.GenesisHash}
				return nil
			}},
		{name: "an altered event is found",
			edit: func(es []*isms.AuditEvent, _ *isms.ChainHead) []*isms.AuditEvent {
				es[2].ActorName = "Mallory"
				return es
			},
			wantChecked: 3, wantSeq: 3, wantReason: "event 3 was altered"},
		{name: "an altered event with a recomputed hash breaks the next link",
			edit: func(es []*isms.AuditEvent, _ *isms.ChainHead) []*isms.AuditEvent {
				es[1].Changes = `{}`
				es[1].Hash = es[1].ComputeHash()
				return es
			},
			wantChecked: 3, wantSeq: 3, wantReason: "event 3 does not follow event 2"},
		{name: "a missing event is found",
			edit: func(es []*isms.AuditEvent, _ *isms.ChainHead) []*isms.AuditEvent {
				return append(es[:1:1], es[2:]...)
			},
			wantChecked: 2, wantSeq: 2, wantReason: "event 2 is missing: the next stored event is 3"},
		{name: "a missing first event is found",
			edit:        func(es []*isms.AuditEvent, _ *isms.ChainHead) []*isms.AuditEvent { return es[1:] },
			wantChecked: 1, wantSeq: 1, wantReason: "event 1 is missing"},
		{name: "reordered events are found",
			edit: func(es []*isms.AuditEvent, _ *isms.ChainHead) []*isms.AuditEvent {
				es[1], es[2] = es[2], es[1]
				return es
			},
			wantChecked: 2, wantSeq: 2, wantReason: "event 2 is missing"},
		{name: "renumbered reordered events are found",
			edit: func(es []*isms.AuditEvent, _ *isms.ChainHead) []*isms.AuditEvent {
				es[1], es[2] = es[2], es[1]
				es[1].Seq, es[2].Seq = 2, 3
				return es
			},
			wantChecked: 2, wantSeq: 2, wantReason: "event 2 does not follow event 1"},
		{name: "an event of another chain is found",
			edit: func(es []*isms.AuditEvent, _ *isms.ChainHead) []*isms.AuditEvent {
				es[3].Chain = "org_2"
				return es
			},
			wantChecked: 4, wantSeq: 4, wantReason: `belongs to chain "org_2"`},
		{name: "events removed from the end are found by the head",
			edit:        func(es []*isms.AuditEvent, _ *isms.ChainHead) []*isms.AuditEvent { return es[:3] },
			wantChecked: 3, wantSeq: 4, wantReason: "the chain ends at event 3"},
		{name: "every event removed is found by the head",
			edit:        func(es []*isms.AuditEvent, _ *isms.ChainHead) []*isms.AuditEvent { return nil },
			wantChecked: 0, wantSeq: 1, wantReason: "the chain ends at event 0"},
		{name: "a replaced last event is found by the head",
			edit: func(es []*isms.AuditEvent, _ *isms.ChainHead) []*isms.AuditEvent {
				last := es[4]
				last.Changes = `{"name":{"before":4,"after":"forged"}}`
				last.Hash = last.ComputeHash()
				return es
			},
			wantChecked: 5, wantSeq: 6, wantReason: "events at the end were removed or replaced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, head := chain(5)
			events = tt.edit(events, &head)
			v := isms.NewChainVerifier("org_1")
			for _, e := range events {
				if !v.Next(e) {
					break
				}
			}
			v.Finish(head)
			if v.Checked != tt.wantChecked {
				t.Errorf("Checked = %d, want %d", v.Checked, tt.wantChecked)
			}
			if tt.wantSeq == 0 {
				if v.Break != nil {
					t.Errorf("Break = %+v, want nil", v.Break)
				}
				return
			}
			if v.Break == nil {
				t.Fatalf("Break = nil, want a break at event %d", tt.wantSeq)
			}
			if v.Break.Seq != tt.wantSeq || !strings.Contains(v.Break.Reason, tt.wantReason) {
				t.Errorf("Break = {%d, %q}, want {%d, …%q…}", v.Break.Seq, v.Break.Reason, tt.wantSeq, tt.wantReason)
			}
		})
	}
}

func TestChainVerifierStopsAtTheFirstBreak(t *testing.T) {
	events, head := chain(4)
	events[1].ActorName = "Mallory"
	events[3].ActorName = "Mallory"
	v := isms.NewChainVerifier("org_1")
	var results []bool
	for _, e := range events {
		results = append(results, v.Next(e))
	}
	if diff := cmp.Diff([]bool{true, false, false, false}, results); diff != "" {
		t.Errorf("Next() results mismatch (-want +got):\n%s", diff)
	}
	v.Finish(head)
	if v.Break == nil || v.Break.Seq != 2 || v.Checked != 2 {
		t.Errorf("after a break at 2: Break = %+v, Checked = %d; want the break at 2 kept and 2 checked", v.Break, v.Checked)
	}
}

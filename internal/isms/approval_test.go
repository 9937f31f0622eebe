// SPDX-License-Identifier: Apache-2.0

package isms_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
)

const (
	author = isms.ID("user_author")
	ann    = isms.ID("user_ann")
	ben    = isms.ID("user_ben")
	eve    = isms.ID("user_eve") // not an approver
)

// pending returns a pending submission by author to the given approvers.
func pending(approvers ...isms.ID) *isms.Approval {
	a := &isms.Approval{ID: "appr_1", Status: isms.ApprovalPending, SubmittedBy: author,
		ContentSHA256: isms.ContentHash([]byte(`{"name":"Acme"}`))}
	for _, id := range approvers {
		a.Approvers = append(a.Approvers, isms.Approver{UserID: id, Name: strings.TrimPrefix(string(id), "user_")})
	}
	return a
}

type decision struct {
	user     isms.ID
	decision isms.Decision
	comment  string
}

func TestApprovalDecide(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		approval  *isms.Approval
		before    []decision // decisions that must succeed first
		decide    decision
		wantCode  isms.Code // of the last decision
		wantField string    // for Invalid
		want      isms.ApprovalStatus
	}{
		{name: "the only approver approves it", approval: pending(ann),
			decide: decision{ann, isms.DecisionApprove, ""}, want: isms.ApprovalApproved},
		{name: "one of two approvals leaves it pending", approval: pending(ann, ben),
			decide: decision{ann, isms.DecisionApprove, "fine"}, want: isms.ApprovalPending},
		{name: "the second of two approvals approves it", approval: pending(ann, ben),
			before: []decision{{ann, isms.DecisionApprove, ""}},
			decide: decision{ben, isms.DecisionApprove, ""}, want: isms.ApprovalApproved},
		{name: "the first rejection rejects it at once", approval: pending(ann, ben),
			decide: decision{ben, isms.DecisionReject, "Legal name is wrong."}, want: isms.ApprovalRejected},
		{name: "a rejection after an approval rejects it", approval: pending(ann, ben),
			before: []decision{{ann, isms.DecisionApprove, ""}},
			decide: decision{ben, isms.DecisionReject, "No."}, want: isms.ApprovalRejected},
		{name: "a rejection needs a comment", approval: pending(ann),
			decide: decision{ann, isms.DecisionReject, ""}, wantCode: isms.Invalid, wantField: "comment", want: isms.ApprovalPending},
		{name: "a comment of only spaces is no comment", approval: pending(ann),
			decide: decision{ann, isms.DecisionReject, "  \n "}, wantCode: isms.Invalid, wantField: "comment", want: isms.ApprovalPending},
		{name: "a comment longer than 20,000 characters is refused", approval: pending(ann),
			decide: decision{ann, isms.DecisionApprove, strings.Repeat("c", 20001)}, wantCode: isms.Invalid, wantField: "comment", want: isms.ApprovalPending},
		{name: "an unknown decision is refused", approval: pending(ann),
			decide: decision{ann, "maybe", ""}, wantCode: isms.Invalid, wantField: "decision", want: isms.ApprovalPending},
		{name: "no decision is refused", approval: pending(ann),
			decide: decision{ann, isms.DecisionNone, ""}, wantCode: isms.Invalid, wantField: "decision", want: isms.ApprovalPending},
		{name: "the author may not decide", approval: pending(ann),
			decide: decision{author, isms.DecisionApprove, ""}, wantCode: isms.Forbidden, want: isms.ApprovalPending},
		{name: "someone not named may not decide", approval: pending(ann),
			decide: decision{eve, isms.DecisionApprove, ""}, wantCode: isms.Forbidden, want: isms.ApprovalPending},
		{name: "an approver decides only once", approval: pending(ann, ben),
			before: []decision{{ann, isms.DecisionApprove, ""}},
			decide: decision{ann, isms.DecisionReject, "changed my mind"}, wantCode: isms.Conflict, want: isms.ApprovalPending},
		{name: "a rejected submission can no longer be decided", approval: pending(ann, ben),
			before: []decision{{ann, isms.DecisionReject, "No."}},
			decide: decision{ben, isms.DecisionApprove, ""}, wantCode: isms.Conflict, want: isms.ApprovalRejected},
		{name: "an approved submission can no longer be decided", approval: pending(ann),
			before: []decision{{ann, isms.DecisionApprove, ""}},
			decide: decision{ann, isms.DecisionApprove, ""}, wantCode: isms.Conflict, want: isms.ApprovalApproved},
		{name: "a withdrawn submission can no longer be decided",
			approval: func() *isms.Approval { a := pending(ann); a.Status = isms.ApprovalWithdrawn; return a }(),
			decide:   decision{ann, isms.DecisionApprove, ""}, wantCode: isms.Conflict, want: isms.ApprovalWithdrawn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.approval
			now := t0
			for _, d := range tt.before {
				now = now.Add(time.Minute)
				if err := a.Decide(d.user, d.decision, d.comment, now); err != nil {
					t.Fatalf("Decide(%s, %s, %q) = %v, want nil", d.user, d.decision, d.comment, err)
				}
			}
			statusBefore := a.Status
			approversBefore := append([]isms.Approver(nil), a.Approvers...)
			now = now.Add(time.Minute)
			d := tt.decide
			err := a.Decide(d.user, d.decision, d.comment, now)
			if got := isms.ErrorCode(err); got != tt.wantCode {
				t.Fatalf("Decide(%s, %s, %q) = %v, want code %q", d.user, d.decision, d.comment, err, tt.wantCode)
			}
			if tt.wantField != "" {
				if _, ok := isms.ErrorFields(err)[tt.wantField]; !ok {
					t.Errorf("Decide(%s, %s, %q) fields = %v, want %s", d.user, d.decision, d.comment, isms.ErrorFields(err), tt.wantField)
				}
			}
			if a.Status != tt.want {
				t.Errorf("after Decide(%s, %s, %q): Status = %s, want %s", d.user, d.decision, d.comment, a.Status, tt.want)
			}
			if err != nil {
				// A refused decision changes nothing.
				if a.Status != statusBefore {
					t.Errorf("a refused Decide changed Status from %s to %s", statusBefore, a.Status)
				}
				if diff := cmp.Diff(approversBefore, a.Approvers); diff != "" {
					t.Errorf("a refused Decide changed the approvers (-before +after):\n%s", diff)
				}
				return
			}
			got := a.Approvers[indexOf(a, d.user)]
			want := isms.Approver{UserID: d.user, Name: strings.TrimPrefix(string(d.user), "user_"), Decision: d.decision,
				Comment: strings.TrimSpace(d.comment), DecidedAt: now, ContentSHA256: a.ContentSHA256}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Decide(%s, %s, %q) recorded approver mismatch (-want +got):\n%s", d.user, d.decision, d.comment, diff)
			}
			wantClosed := time.Time{}
			if tt.want != isms.ApprovalPending {
				wantClosed = now
			}
			if !a.ClosedAt.Equal(wantClosed) {
				t.Errorf("after Decide(%s, %s): ClosedAt = %v, want %v", d.user, d.decision, a.ClosedAt, wantClosed)
			}
		})
	}
}

func indexOf(a *isms.Approval, user isms.ID) int {
	for i, ap := range a.Approvers {
		if ap.UserID == user {
			return i
		}
	}
	return -1
}

func TestApprovalAwaitsDecisionFrom(t *testing.T) {
	a := pending(ann, ben)
	if !a.AwaitsDecisionFrom(ann) || !a.AwaitsDecisionFrom(ben) {
		t.Errorf("AwaitsDecisionFrom(ann), AwaitsDecisionFrom(ben) on a new submission = false, want true")
	}
	if a.AwaitsDecisionFrom(author) || a.AwaitsDecisionFrom(eve) {
		t.Errorf("AwaitsDecisionFrom(author or eve) = true, want false: they are not approvers")
	}
	if err := a.Decide(ann, isms.DecisionApprove, "", time.Now()); err != nil {
		t.Fatalf("Decide(ann, approve) = %v, want nil", err)
	}
	if a.AwaitsDecisionFrom(ann) {
		t.Errorf("AwaitsDecisionFrom(ann) after ann approved = true, want false")
	}
	if !a.AwaitsDecisionFrom(ben) {
		t.Errorf("AwaitsDecisionFrom(ben) while ben has not decided = false, want true")
	}
	a.Status = isms.ApprovalWithdrawn
	if a.AwaitsDecisionFrom(ben) {
		t.Errorf("AwaitsDecisionFrom(ben) on a withdrawn submission = true, want false")
	}
}

func TestApprovalValidateSubmission(t *testing.T) {
	tests := []struct {
		name      string
		approvers []isms.ID
		note      string
		want      map[string]bool
	}{
		{"one other approver is enough", []isms.ID{ann}, "", nil},
		{"two different approvers are fine", []isms.ID{ann, ben}, "Please look at the legal name.", nil},
		{"no approver is refused", nil, "", map[string]bool{"approvers": true}},
		{"the author may not approve their own submission", []isms.ID{author}, "", map[string]bool{"approvers": true}},
		{"the author among others is still refused", []isms.ID{ann, author}, "", map[string]bool{"approvers": true}},
		{"an approver named twice is refused", []isms.ID{ann, ann}, "", map[string]bool{"approvers": true}},
		{"a note longer than 20,000 characters is refused", []isms.ID{ann}, strings.Repeat("n", 20001), map[string]bool{"note": true}},
		{"every problem is reported at once", nil, strings.Repeat("n", 20001), map[string]bool{"approvers": true, "note": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := pending(tt.approvers...)
			a.Note = tt.note
			err := a.ValidateSubmission()
			if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
				t.Errorf("ValidateSubmission() with approvers %v = %v; fields mismatch (-want +got):\n%s", tt.approvers, err, diff)
			}
		})
	}
}

func TestApprovalValidateSubmissionExplainsSelfApproval(t *testing.T) {
	err := pending(author).ValidateSubmission()
	if got, want := isms.ErrorFields(err)["approvers"], "You cannot approve your own submission; name someone else."; got != want {
		t.Errorf("ValidateSubmission() naming the author: approvers = %q, want %q", got, want)
	}
}

func TestApprovalStatusValid(t *testing.T) {
	for _, s := range []isms.ApprovalStatus{isms.ApprovalPending, isms.ApprovalApproved, isms.ApprovalRejected, isms.ApprovalWithdrawn} {
		if !s.Valid() {
			t.Errorf("ApprovalStatus(%q).Valid() = false, want true", s)
		}
	}
	for _, s := range []isms.ApprovalStatus{"", "draft", "Approved"} {
		if s.Valid() {
			t.Errorf("ApprovalStatus(%q).Valid() = true, want false", s)
		}
	}
}

func TestContentHash(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    string
	}{
		{"the empty content has SHA-256's well-known hash", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc has the FIPS 180-2 test vector hash", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isms.ContentHash([]byte(tt.content)); got != tt.want {
				t.Errorf("ContentHash(%q) = %s, want %s", tt.content, got, tt.want)
			}
		})
	}
}

func TestOrganizationApprovalContentCoversOnlyTheProfile(t *testing.T) {
	o := isms.Organization{ID: "org_1", Slug: "acme", Name: "Acme", LegalName: "Acme Ltd", Description: "Anvils <&> \"more\"", Version: 3}
	want := `{"name":"Acme","legalName":"Acme Ltd","description":"Anvils \u003c\u0026\u003e \"more\""}`
	if got := string(o.ApprovalContent()); got != want {
		t.Errorf("ApprovalContent() = %s, want %s", got, want)
	}
	o.Version, o.Slug, o.UpdatedAt = 9, "acme-2", time.Now()
	if got := string(o.ApprovalContent()); got != want {
		t.Errorf("ApprovalContent() after bookkeeping changes = %s, want %s (unchanged)", got, want)
	}
}

// SPDX-License-Identifier: Apache-2.0

package web

import (
	"testing"

	"github.com/ismsproject/isms/internal/isms"
)

// TestDescribeNamesWhoOrWhatAnEventChanged covers the sentence shown for
// each audit event: the action's phrase, then the new e-mail address or
// name the changes carry, the address first.
func TestDescribeNamesWhoOrWhatAnEventChanged(t *testing.T) {
	tests := []struct {
		action, changes, want string
	}{
		{"user.create", `{"email":{"after":"ann@example.com"},"name":{"after":"Ann"}}`, "created an account: ann@example.com"},
		{"membership.create", `{"name":{"after":"Ann"},"role":{"after":"owner"}}`, "added a member: Ann"},
		{"membership.update", `{"name":{"before":"Ann"},"role":{"before":"viewer","after":"owner"}}`, "changed a member's role or access"},
		{"organization.update", `{"name":{"after":""},"email":{"after":7}}`, "edited the organization profile"},
		{"organization.update", `{"email":"not an object","name":{"after":"Ann"}}`, "edited the organization profile"},
		{"organization.update", `not json`, "edited the organization profile"},
		{"organization.update", ``, "edited the organization profile"},
		{"example.unknown", `{"title":{"after":"Data loss"}}`, "example.unknown"},
	}
	for _, tt := range tests {
		got := describe(&isms.AuditEvent{Action: tt.action, Changes: tt.changes})
		if got != tt.want {
			t.Errorf("describe(%s, %s) = %q, want %q", tt.action, tt.changes, got, tt.want)
		}
	}
}

// BenchmarkDescribe measures the sentence of one event with the changes of
// a typical edit: the audit trail page builds fifty of them per view.
func BenchmarkDescribe(b *testing.B) {
	e := &isms.AuditEvent{Action: "membership.create", Changes: `{"email":{"after":"ann@example.com"},` +
		`"name":{"after":"Ann Example"},"role":{"after":"risk_owner"},"status":{"after":"active"},` +
		`"title":{"before":"Analyst","after":"Senior analyst"},"notes":{"after":"Moved from the data team, see HR-2291."}}`}
	for b.Loop() {
		describe(e)
	}
}

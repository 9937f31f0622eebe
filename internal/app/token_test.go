// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestAPITokens(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		tok := &isms.APIToken{Name: "CI", Scope: isms.ScopeReadWrite, ExpiresAt: w.clock.Now().AddDate(0, 0, 30)}
		secret, err := w.app.CreateAPIToken(w.ctx, w.asManager(), tok)
		if err != nil {
			t.Fatalf("CreateAPIToken(CI) = %v, want nil", err)
		}

		t.Run("the secret is shown once and only its prefix is kept", func(t *testing.T) { testTokenSecretShownOnce(t, w, tok, secret) })
		t.Run("the token acts as its user in its organization", func(t *testing.T) { testTokenActsAsItsUser(t, w, secret) })
		t.Run("unknown secrets are refused", func(t *testing.T) { testTokenUnknownSecrets(t, w, secret) })
		t.Run("a read-only token may only read", func(t *testing.T) { testTokenReadOnly(t, w) })
		t.Run("an expired token is refused", func(t *testing.T) { testTokenExpired(t, w) })
		t.Run("a revoked token is refused", func(t *testing.T) { testTokenRevoked(t, w, tok, secret) })
		t.Run("nobody revokes someone else's token", func(t *testing.T) { testTokenRevokedByOthers(t, w) })
	})
}

// testTokenSecretShownOnce checks that only the prefix of tok's secret is kept,
// and that tokens are listed to their user only.
func testTokenSecretShownOnce(t *testing.T, w *world, tok *isms.APIToken, secret string) {
	if !strings.HasPrefix(secret, "isms_") || len(secret) < 40 {
		t.Errorf("CreateAPIToken() secret = %q, want isms_ and at least 35 more characters", secret)
	}
	list, err := w.app.FindAPITokens(w.ctx, w.asManager())
	if err != nil || len(list) != 1 {
		t.Fatalf("FindAPITokens() = %d tokens, %v; want 1, nil", len(list), err)
	}
	got := list[0]
	if got.ID != tok.ID || got.UserID != w.manager.ID || got.OrgID != w.org.ID || got.Scope != isms.ScopeReadWrite {
		t.Errorf("FindAPITokens()[0] = %+v, want bob's read-write token %s in acme", got, tok.ID)
	}
	if !strings.HasPrefix(secret, got.Prefix) || len(got.Prefix) < len("isms_")+4 || len(got.Prefix) > len(secret)/2 {
		t.Errorf("FindAPITokens()[0].Prefix = %q, want a short prefix of the secret", got.Prefix)
	}
	b, _ := json.Marshal(list)
	if strings.Contains(string(b), secret) || strings.Contains(string(b), secret[len(got.Prefix):]) {
		t.Errorf("FindAPITokens() = %s, want no trace of the secret", b)
	}
	if others, _ := w.app.FindAPITokens(w.ctx, w.asManager2()); len(others) != 0 {
		t.Errorf("FindAPITokens(carol) = %d tokens, want none: tokens are personal", len(others))
	}
}

// testTokenActsAsItsUser checks the actor that bob's token, with secret,
// authenticates as, and what that actor may not do.
func testTokenActsAsItsUser(t *testing.T, w *world, secret string) {
	a, err := w.app.AuthenticateToken(w.ctx, secret)
	if err != nil {
		t.Fatalf("AuthenticateToken(secret) = %v, want nil", err)
	}
	want := isms.Actor{UserID: w.manager.ID, Name: w.manager.Name, OrgID: w.org.ID, Role: isms.RoleManager, Scope: isms.ScopeReadWrite}
	if diff := cmp.Diff(want, a); diff != "" {
		t.Errorf("AuthenticateToken(secret) mismatch (-want +got):\n%s", diff)
	}
	if list, _ := w.app.FindAPITokens(w.ctx, w.asManager()); len(list) != 1 || !list[0].LastUsedAt.Equal(w.clock.Now()) {
		t.Errorf("FindAPITokens() after use: LastUsedAt = %v, want %v", list[0].LastUsedAt, w.clock.Now())
	}
	// A token cannot mint tokens or change the password.
	_, err = w.app.CreateAPIToken(w.ctx, a, &isms.APIToken{Name: "x", Scope: isms.ScopeRead, ExpiresAt: w.clock.Now().Add(time.Hour)})
	wantCode(t, "CreateAPIToken(as a token)", err, isms.Forbidden)
	err = w.app.ChangePassword(w.ctx, a, password, "another good password", "")
	wantCode(t, "ChangePassword(as a token)", err, isms.Forbidden)
}

// testTokenUnknownSecrets checks that secrets resembling secret are refused.
func testTokenUnknownSecrets(t *testing.T, w *world, secret string) {
	for _, s := range []string{"", "isms_", "isms_unknown", secret[len("isms_"):], strings.ToUpper(secret)} {
		_, err := w.app.AuthenticateToken(w.ctx, s)
		wantCode(t, "AuthenticateToken("+s+")", err, isms.Unauthorized)
	}
}

// testTokenReadOnly checks that a read-only token's actor may only read.
func testTokenReadOnly(t *testing.T, w *world) {
	ro := &isms.APIToken{Name: "dashboard", Scope: isms.ScopeRead, ExpiresAt: w.clock.Now().AddDate(0, 0, 7)}
	roSecret, err := w.app.CreateAPIToken(w.ctx, w.asAdmin(), ro)
	if err != nil {
		t.Fatalf("CreateAPIToken(read) = %v, want nil", err)
	}
	a, err := w.app.AuthenticateToken(w.ctx, roSecret)
	if err != nil {
		t.Fatalf("AuthenticateToken(read) = %v, want nil", err)
	}
	if a.Scope != isms.ScopeRead || a.Role != isms.RoleAdmin {
		t.Errorf("AuthenticateToken(read) = scope %q, role %q; want read, admin", a.Scope, a.Role)
	}
	for _, p := range []isms.Permission{isms.EditOrgProfile, isms.ManageMembers, isms.SubmitApprovals, isms.DecideApprovals, isms.UseOwnAccount} {
		if a.Can(p) {
			t.Errorf("read-only token actor.Can(%s) = true, want false", p)
		}
	}
	if !a.Can(isms.ReadISMS) || !a.Can(isms.ReadAuditTrail) {
		t.Errorf("read-only token actor.Can(read ISMS, read audit trail) = false, want true")
	}
	name := "Read-only edit"
	_, err = w.app.UpdateOrganization(w.ctx, a, isms.OrganizationUpdate{Name: &name, Version: w.org.Version})
	wantCode(t, "UpdateOrganization(as a read-only token)", err, isms.Forbidden)
	if _, err := w.app.FindOrganizationProfile(w.ctx, a); err != nil {
		t.Errorf("FindOrganizationProfile(as a read-only token) = %v, want nil", err)
	}
}

// testTokenExpired checks that a token works until its expiry and not after.
func testTokenExpired(t *testing.T, w *world) {
	short := &isms.APIToken{Name: "short", Scope: isms.ScopeRead, ExpiresAt: w.clock.Now().Add(time.Hour)}
	s, err := w.app.CreateAPIToken(w.ctx, w.asManager(), short)
	if err != nil {
		t.Fatalf("CreateAPIToken(short) = %v, want nil", err)
	}
	w.clock.Advance(time.Hour - time.Second)
	_, err = w.app.AuthenticateToken(w.ctx, s)
	wantCode(t, "AuthenticateToken() a second before expiry", err, "")
	w.clock.Advance(time.Second)
	_, err = w.app.AuthenticateToken(w.ctx, s)
	wantCode(t, "AuthenticateToken() at expiry", err, isms.Unauthorized)
}

// testTokenRevoked revokes tok, whose secret is secret, and checks that it is
// refused, and that revoking it again records nothing.
func testTokenRevoked(t *testing.T, w *world, tok *isms.APIToken, secret string) {
	if err := w.app.RevokeAPIToken(w.ctx, w.asManager(), tok.ID); err != nil {
		t.Fatalf("RevokeAPIToken() = %v, want nil", err)
	}
	_, err := w.app.AuthenticateToken(w.ctx, secret)
	wantCode(t, "AuthenticateToken(revoked)", err, isms.Unauthorized)
	// Revoking twice is fine and records nothing more.
	before := w.head(string(w.org.ID))
	if err := w.app.RevokeAPIToken(w.ctx, w.asManager(), tok.ID); err != nil {
		t.Errorf("RevokeAPIToken() again = %v, want nil", err)
	}
	if after := w.head(string(w.org.ID)); after != before {
		t.Errorf("RevokeAPIToken() again moved the chain head from %d to %d, want no event", before.Seq, after.Seq)
	}
}

// testTokenRevokedByOthers checks that one user cannot revoke another's token.
func testTokenRevokedByOthers(t *testing.T, w *world) {
	mine := &isms.APIToken{Name: "mine", Scope: isms.ScopeRead, ExpiresAt: w.clock.Now().AddDate(0, 0, 1)}
	s, err := w.app.CreateAPIToken(w.ctx, w.asManager(), mine)
	if err != nil {
		t.Fatalf("CreateAPIToken(mine) = %v, want nil", err)
	}
	err = w.app.RevokeAPIToken(w.ctx, w.asAdmin(), mine.ID)
	wantCode(t, "RevokeAPIToken(bob's token, as alice)", err, isms.NotFound)
	if _, err := w.app.AuthenticateToken(w.ctx, s); err != nil {
		t.Errorf("AuthenticateToken(bob's token) after alice tried to revoke it = %v, want nil", err)
	}
}

func TestCreateAPITokenValidatesExpiry(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		now := w.clock.Now()
		tests := []struct {
			name    string
			expires time.Time
		}{
			{"an expiry in the past", now.Add(-time.Minute)},
			{"an expiry now", now},
			{"an expiry beyond a year", now.AddDate(0, 0, isms.MaxTokenDays+1)},
		}
		for _, tt := range tests {
			before := w.heads()
			_, err := w.app.CreateAPIToken(w.ctx, w.asManager(), &isms.APIToken{Name: "CI", Scope: isms.ScopeRead, ExpiresAt: tt.expires})
			wantFields(t, "CreateAPIToken("+tt.name+")", err, isms.Invalid, "expiresAt")
			if diff := cmp.Diff(before, w.heads()); diff != "" {
				t.Errorf("CreateAPIToken(%s) moved chain heads (-before +after):\n%s", tt.name, diff)
			}
		}
		_, err := w.app.CreateAPIToken(w.ctx, w.asManager(), &isms.APIToken{Name: "", Scope: "admin", ExpiresAt: now.AddDate(0, 0, 1)})
		wantFields(t, "CreateAPIToken(no name, unknown scope)", err, isms.Invalid, "name", "scope")
		if list, _ := w.app.FindAPITokens(w.ctx, w.asManager()); len(list) != 0 {
			t.Errorf("FindAPITokens() after refused creations = %d tokens, want none", len(list))
		}
		_, err = w.app.CreateAPIToken(w.ctx, w.asOwner(), &isms.APIToken{Name: "CI", Scope: isms.ScopeRead, ExpiresAt: now.AddDate(0, 0, 1)})
		wantCode(t, "CreateAPIToken(as an owner outside any organization)", err, isms.Forbidden)
	})
}

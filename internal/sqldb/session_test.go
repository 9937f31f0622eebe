// SPDX-License-Identifier: Apache-2.0

package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestSessions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		acme := insertOrg(t, db, "acme", "Acme")
		beta := insertOrg(t, db, "beta", "Beta")
		alice := insertUser(t, db, "alice@example.com", "Alice")
		bob := insertUser(t, db, "bob@example.com", "Bob")
		session := func(u *isms.User) *isms.Session {
			return &isms.Session{UserID: u.ID, OrgID: acme.ID, CSRFToken: "csrf-" + string(u.ID), ClientAddr: "192.0.2.1",
				CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.Add(24 * time.Hour)}
		}

		s := session(alice)
		update(t, db, func(tx *sqldb.Tx) error { return tx.InsertSession(ctx, "h1", s) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindSession(ctx, "h1")
			if err != nil {
				t.Fatalf("FindSession(h1) = %v", err)
			}
			if diff := cmp.Diff(*s, *got); diff != "" {
				t.Errorf("FindSession(h1) mismatch (-want +got):\n%s", diff)
			}
			_, err = tx.FindSession(ctx, "h-nope")
			wantCode(t, "FindSession(h-nope)", err, isms.NotFound)
			return nil
		})

		seen := clk.Advance(10 * time.Minute)
		update(t, db, func(tx *sqldb.Tx) error { return tx.TouchSession(ctx, "h1", beta.ID, seen) })
		view(t, db, func(tx *sqldb.Tx) error {
			got, err := tx.FindSession(ctx, "h1")
			if err != nil {
				t.Fatalf("FindSession(h1) = %v", err)
			}
			want := *s
			want.OrgID, want.LastSeenAt = beta.ID, seen
			if diff := cmp.Diff(want, *got); diff != "" {
				t.Errorf("FindSession(h1) after TouchSession (-want +got):\n%s", diff)
			}
			return nil
		})

		update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteSession(ctx, "h1") })
		view(t, db, func(tx *sqldb.Tx) error {
			_, err := tx.FindSession(ctx, "h1")
			wantCode(t, "FindSession(h1) after DeleteSession", err, isms.NotFound)
			return nil
		})

		t.Run("DeleteUserSessions keeps the one named and other users' sessions", func(t *testing.T) { testDeleteUserSessions(t, ctx, db, alice, bob, session) })
		t.Run("DeleteExpiredSessions removes sessions past their expiry", func(t *testing.T) { testDeleteExpiredSessions(t, ctx, db, alice, session) })
	})
}

// testDeleteUserSessions ends alice's sessions but one, then all of them;
// session makes a session of a user.
func testDeleteUserSessions(t *testing.T, ctx context.Context, db *sqldb.DB, alice, bob *isms.User, session func(*isms.User) *isms.Session) {
	update(t, db, func(tx *sqldb.Tx) error {
		for _, h := range []string{"a1", "a2", "a3"} {
			if err := tx.InsertSession(ctx, h, session(alice)); err != nil {
				return err
			}
		}
		return tx.InsertSession(ctx, "b1", session(bob))
	})
	var n int64
	update(t, db, func(tx *sqldb.Tx) (err error) {
		n, err = tx.DeleteUserSessions(ctx, alice.ID, "a2")
		return err
	})
	if n != 2 {
		t.Errorf("DeleteUserSessions(alice, keep a2) = %d, want 2", n)
	}
	exists := func(h string) bool {
		var err error
		view(t, db, func(tx *sqldb.Tx) error {
			_, err = tx.FindSession(ctx, h)
			return nil
		})
		return err == nil
	}
	for h, want := range map[string]bool{"a1": false, "a2": true, "a3": false, "b1": true} {
		if got := exists(h); got != want {
			t.Errorf("after DeleteUserSessions(alice, keep a2): session %s exists = %t, want %t", h, got, want)
		}
	}
	update(t, db, func(tx *sqldb.Tx) (err error) {
		n, err = tx.DeleteUserSessions(ctx, alice.ID, "")
		return err
	})
	if n != 1 || exists("a2") || !exists("b1") {
		t.Errorf("DeleteUserSessions(alice, keep none) = %d, want 1, leaving only bob's session", n)
	}
}

// testDeleteExpiredSessions removes one of two sessions of alice; session
// makes a session of a user.
func testDeleteExpiredSessions(t *testing.T, ctx context.Context, db *sqldb.DB, alice *isms.User, session func(*isms.User) *isms.Session) {
	old, fresh := session(alice), session(alice)
	old.ExpiresAt, fresh.ExpiresAt = t0.Add(time.Hour), t0.Add(3*time.Hour)
	update(t, db, func(tx *sqldb.Tx) error {
		if err := tx.InsertSession(ctx, "old", old); err != nil {
			return err
		}
		return tx.InsertSession(ctx, "fresh", fresh)
	})
	update(t, db, func(tx *sqldb.Tx) error { return tx.DeleteExpiredSessions(ctx, t0.Add(2*time.Hour)) })
	view(t, db, func(tx *sqldb.Tx) error {
		_, err := tx.FindSession(ctx, "old")
		wantCode(t, "FindSession(old) after DeleteExpiredSessions", err, isms.NotFound)
		if _, err := tx.FindSession(ctx, "fresh"); err != nil {
			t.Errorf("FindSession(fresh) after DeleteExpiredSessions = %v, want nil", err)
		}
		return nil
	})
}

func TestAPITokens(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := t.Context()
		clk := setClock(db)
		acme := insertOrg(t, db, "acme", "Acme")
		alice := insertUser(t, db, "alice@example.com", "Alice")
		bob := insertUser(t, db, "bob@example.com", "Bob")
		newToken := func(u *isms.User, name, secret string) *isms.APIToken {
			t.Helper()
			tok := &isms.APIToken{ID: isms.NewID("tok"), UserID: u.ID, OrgID: acme.ID, Name: name,
				Scope: isms.ScopeRead, Prefix: secret[:4], ExpiresAt: t0.AddDate(0, 3, 0)}
			update(t, db, func(tx *sqldb.Tx) error { return tx.InsertAPIToken(ctx, tok, "hashed-"+secret) })
			clk.Advance(time.Minute)
			return tok
		}
		find := func(secret string) (*isms.APIToken, error) {
			var tok *isms.APIToken
			err := db.View(ctx, func(tx *sqldb.Tx) (err error) {
				tok, err = tx.FindAPITokenBySecret(ctx, "hashed-"+secret)
				return err
			})
			return tok, err
		}

		ci := newToken(alice, "CI", "ci-secret")
		if !ci.CreatedAt.Equal(t0) {
			t.Errorf("InsertAPIToken() set CreatedAt %v, want %v", ci.CreatedAt, t0)
		}
		got, err := find("ci-secret")
		if err != nil {
			t.Fatalf("FindAPITokenBySecret(ci) = %v", err)
		}
		if diff := cmp.Diff(*ci, *got); diff != "" {
			t.Errorf("FindAPITokenBySecret(ci) mismatch (-want +got):\n%s", diff)
		}
		_, err = find("nope")
		wantCode(t, "FindAPITokenBySecret(unknown)", err, isms.NotFound)

		view(t, db, func(tx *sqldb.Tx) error {
			if _, err := tx.FindAPITokenByID(ctx, alice.ID, ci.ID); err != nil {
				t.Errorf("FindAPITokenByID(alice, ci) = %v, want nil", err)
			}
			_, err := tx.FindAPITokenByID(ctx, bob.ID, ci.ID)
			wantCode(t, "FindAPITokenByID(bob, alice's token)", err, isms.NotFound)
			return nil
		})

		used := clk.Advance(time.Minute)
		update(t, db, func(tx *sqldb.Tx) error { return tx.TouchAPIToken(ctx, ci.ID, used) })
		if got, err := find("ci-secret"); err != nil || !got.LastUsedAt.Equal(used) {
			t.Errorf("FindAPITokenBySecret(ci) after TouchAPIToken = %+v, %v, want LastUsedAt %v", got, err, used)
		}

		t.Run("RevokeAPIToken revokes once", func(t *testing.T) { testRevokeAPIToken(t, ctx, db, clk, ci, find) })
		t.Run("RevokeUserAPITokens revokes the user's active tokens only", func(t *testing.T) { testRevokeUserAPITokens(t, ctx, db, alice, bob, newToken, find) })
	})
}

// testRevokeAPIToken revokes the token ci twice; find finds a token by its
// secret.
func testRevokeAPIToken(t *testing.T, ctx context.Context, db *sqldb.DB, clk *clock, ci *isms.APIToken, find func(secret string) (*isms.APIToken, error)) {
	revoked := clk.Advance(time.Minute)
	update(t, db, func(tx *sqldb.Tx) error { return tx.RevokeAPIToken(ctx, ci.ID) })
	clk.Advance(time.Minute)
	update(t, db, func(tx *sqldb.Tx) error { return tx.RevokeAPIToken(ctx, ci.ID) })
	got, err := find("ci-secret")
	if err != nil || !got.RevokedAt.Equal(revoked) {
		t.Fatalf("FindAPITokenBySecret(ci) after revoking twice = %+v, %v, want RevokedAt %v (the first revocation)", got, err, revoked)
	}
	if got.Active(revoked) {
		t.Errorf("revoked token.Active() = true, want false")
	}
}

// testRevokeUserAPITokens revokes alice's tokens, leaving bob's; newToken
// stores a token and find finds one by its secret.
func testRevokeUserAPITokens(t *testing.T, ctx context.Context, db *sqldb.DB, alice, bob *isms.User, newToken func(u *isms.User, name, secret string) *isms.APIToken, find func(secret string) (*isms.APIToken, error)) {
	newToken(alice, "laptop", "laptop-secret")
	newToken(alice, "script", "script-secret")
	newToken(bob, "bob's", "bobs-secret")
	var n int64
	update(t, db, func(tx *sqldb.Tx) (err error) {
		n, err = tx.RevokeUserAPITokens(ctx, alice.ID)
		return err
	})
	if n != 2 {
		t.Errorf("RevokeUserAPITokens(alice) = %d, want 2 (ci was already revoked)", n)
	}
	var list []*isms.APIToken
	view(t, db, func(tx *sqldb.Tx) (err error) {
		list, err = tx.FindAPITokens(ctx, alice.ID)
		return err
	})
	var names []string
	for _, tok := range list {
		names = append(names, tok.Name)
		if tok.RevokedAt.IsZero() {
			t.Errorf("after RevokeUserAPITokens(alice), token %q is not revoked", tok.Name)
		}
	}
	if want := []string{"script", "laptop", "CI"}; !cmp.Equal(names, want) {
		t.Errorf("FindAPITokens(alice) = %v, want %v (newest first)", names, want)
	}
	if got, err := find("bobs-secret"); err != nil || !got.RevokedAt.IsZero() {
		t.Errorf("bob's token after RevokeUserAPITokens(alice) = %+v, %v, want it not revoked", got, err)
	}
}

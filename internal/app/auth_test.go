// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestSignInWithTheRightPasswordStartsASession(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		// E-mail addresses are matched without regard to case and spaces.
		id, s, err := w.app.SignIn(w.ctx, "  ALICE.Admin@example.com ", password, clientAddr)
		if err != nil {
			t.Fatalf("SignIn(alice) = %v, want nil", err)
		}
		now := w.clock.Now()
		if id == "" || s.UserID != w.admin.ID || s.OrgID != w.org.ID || s.ClientAddr != clientAddr || s.CSRFToken == "" {
			t.Errorf("SignIn(alice) = %q, %+v; want a secret ID and a session of alice in acme from %s with a CSRF token", id, s, clientAddr)
		}
		if !s.CreatedAt.Equal(now) || !s.LastSeenAt.Equal(now) || !s.ExpiresAt.Equal(now.Add(12*time.Hour)) {
			t.Errorf("SignIn(alice) times = created %v, seen %v, expires %v; want %v, %v, %v", s.CreatedAt, s.LastSeenAt, s.ExpiresAt, now, now, now.Add(12*time.Hour))
		}
		st, err := w.app.Authenticate(w.ctx, id)
		if err != nil {
			t.Fatalf("Authenticate(new session) = %v, want nil", err)
		}
		want := isms.Actor{UserID: w.admin.ID, Name: w.admin.Name, OrgID: w.org.ID, Role: isms.RoleAdmin}
		if diff := cmp.Diff(want, st.Actor); diff != "" {
			t.Errorf("Authenticate(new session).Actor mismatch (-want +got):\n%s", diff)
		}
		if st.Org == nil || st.Org.ID != w.org.ID || len(st.Orgs) != 1 {
			t.Errorf("Authenticate(new session) org = %v (of %d), want acme (of 1)", st.Org, len(st.Orgs))
		}
	})
}

func TestSignInFailuresDoNotTellWhichPartIsWrong(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		if err := w.app.SetUserDisabled(w.ctx, w.asOwner(), w.viewer.ID, true); err != nil {
			t.Fatalf("SetUserDisabled(viewer) = %v, want nil", err)
		}
		_, _, wrongPassword := w.app.SignIn(w.ctx, w.admin.Email, "not the password at all", clientAddr)
		_, _, unknownEmail := w.app.SignIn(w.ctx, "nobody@example.com", password, clientAddr)
		_, _, disabled := w.app.SignIn(w.ctx, w.viewer.Email, password, clientAddr)
		wantCode(t, "SignIn(alice, wrong password)", wrongPassword, isms.Unauthorized)
		wantCode(t, "SignIn(unknown e-mail)", unknownEmail, isms.Unauthorized)
		wantCode(t, "SignIn(disabled account)", disabled, isms.Unauthorized)
		if a, b, c := isms.ErrorMessage(wrongPassword), isms.ErrorMessage(unknownEmail), isms.ErrorMessage(disabled); a != b || b != c {
			t.Errorf("SignIn messages = %q (wrong password), %q (unknown e-mail), %q (disabled); want one message for all", a, b, c)
		}
	})
}

func TestFiveFailuresLockAnAccountForFifteenMinutes(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		for i := range 5 {
			_, _, err := w.app.SignIn(w.ctx, w.admin.Email, "wrong password "+string(rune('a'+i)), clientAddr)
			wantCode(t, "SignIn(alice, wrong password)", err, isms.Unauthorized)
		}
		_, _, err := w.app.SignIn(w.ctx, w.admin.Email, password, clientAddr)
		wantCode(t, "SignIn(alice, right password) after 5 failures", err, isms.RateLimited)
		if msg := isms.ErrorMessage(err); !strings.Contains(msg, "Try again in") {
			t.Errorf("SignIn(alice) after 5 failures message = %q, want it to say when to try again", msg)
		}
		// The lock is on the account, whatever the address.
		_, _, err = w.app.SignIn(w.ctx, w.admin.Email, password, "198.51.100.7")
		wantCode(t, "SignIn(alice, right password, other address) after 5 failures", err, isms.RateLimited)
		// Other accounts from the same address are not locked.
		_, _, err = w.app.SignIn(w.ctx, w.manager.Email, password, clientAddr)
		wantCode(t, "SignIn(bob, right password) after alice's failures", err, "")

		w.clock.Advance(15*time.Minute - time.Second)
		_, _, err = w.app.SignIn(w.ctx, w.admin.Email, password, clientAddr)
		wantCode(t, "SignIn(alice, right password) 14m59s after 5 failures", err, isms.RateLimited)
		w.clock.Advance(time.Second)
		_, _, err = w.app.SignIn(w.ctx, w.admin.Email, password, clientAddr)
		wantCode(t, "SignIn(alice, right password) 15m after 5 failures", err, "")
	})
}

func TestFailuresAreForgottenAfterASuccessfulSignIn(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		for range 4 {
			w.app.SignIn(w.ctx, w.admin.Email, "wrong password!", clientAddr)
		}
		w.signIn(w.admin)
		for range 4 {
			w.app.SignIn(w.ctx, w.admin.Email, "wrong password!", clientAddr)
		}
		_, _, err := w.app.SignIn(w.ctx, w.admin.Email, password, clientAddr)
		wantCode(t, "SignIn(alice) after 4 failures, a success and 4 failures", err, "")
	})
}

func TestTwentyFailuresFromOneAddressBlockIt(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		// Four failures on each of five accounts: no account reaches its
		// limit, the address reaches its limit of 20.
		for _, u := range []*isms.User{w.admin, w.manager, w.manager2, w.contributor, w.viewer} {
			for range 4 {
				_, _, err := w.app.SignIn(w.ctx, u.Email, "wrong password!", clientAddr)
				wantCode(t, "SignIn("+u.Email+", wrong password)", err, isms.Unauthorized)
			}
		}
		_, _, err := w.app.SignIn(w.ctx, w.owner.Email, password, clientAddr)
		wantCode(t, "SignIn(owner, right password) from an address with 20 failures", err, isms.RateLimited)
		_, _, err = w.app.SignIn(w.ctx, w.owner.Email, password, "198.51.100.7")
		wantCode(t, "SignIn(owner, right password) from another address", err, "")
		w.clock.Advance(15 * time.Minute)
		_, _, err = w.app.SignIn(w.ctx, w.admin.Email, password, clientAddr)
		wantCode(t, "SignIn(alice, right password) from the address 15m later", err, "")
	})
}

func TestEverySignInGetsANewSessionID(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		id1, s1, err1 := w.app.SignIn(w.ctx, w.admin.Email, password, clientAddr)
		id2, s2, err2 := w.app.SignIn(w.ctx, w.admin.Email, password, clientAddr)
		if err1 != nil || err2 != nil {
			t.Fatalf("SignIn(alice) twice = %v, %v; want nil, nil", err1, err2)
		}
		if id1 == id2 || s1.CSRFToken == s2.CSRFToken {
			t.Errorf("SignIn(alice) twice gave session IDs %q, %q and CSRF tokens %q, %q; want different ones", id1, id2, s1.CSRFToken, s2.CSRFToken)
		}
		if len(id1) < 40 {
			t.Errorf("SignIn(alice) session ID %q has %d characters, want at least 40 (256 bits)", id1, len(id1))
		}
		for _, id := range []string{id1, id2} {
			if _, err := w.app.Authenticate(w.ctx, id); err != nil {
				t.Errorf("Authenticate(session %d) = %v, want nil: both sessions are live", map[string]int{id1: 1, id2: 2}[id], err)
			}
		}
	})
}

func TestSessionsEndWhenIdle(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		id := w.signIn(w.admin)
		w.clock.Advance(2*time.Hour + time.Second) // Options.SessionIdle defaults to 2h
		_, err := w.app.Authenticate(w.ctx, id)
		wantCode(t, "Authenticate(session idle for 2h1s)", err, isms.Unauthorized)
		// The ended session stays ended.
		_, err = w.app.Authenticate(w.ctx, id)
		wantCode(t, "Authenticate(ended session) again", err, isms.Unauthorized)
	})
}

func TestUseWithinTheIdleTimeKeepsASessionAlive(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		id := w.signIn(w.admin)
		for i := range 5 {
			w.clock.Advance(time.Hour + 55*time.Minute)
			if _, err := w.app.Authenticate(w.ctx, id); err != nil {
				t.Fatalf("Authenticate() after %d idle periods of 1h55m = %v, want nil", i+1, err)
			}
		}
	})
}

func TestSessionsEndAtTheirAbsoluteExpiryWhateverTheirUse(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		id := w.signIn(w.admin)
		// Options.SessionMax defaults to 12h: 23 uses every 30 minutes
		// reach 11h30m.
		for i := 1; i < 24; i++ {
			w.clock.Advance(30 * time.Minute)
			if _, err := w.app.Authenticate(w.ctx, id); err != nil {
				t.Fatalf("Authenticate() %v after sign-in = %v, want nil", time.Duration(i)*30*time.Minute, err)
			}
		}
		w.clock.Advance(30 * time.Minute)
		_, err := w.app.Authenticate(w.ctx, id)
		wantCode(t, "Authenticate() 12h after sign-in", err, isms.Unauthorized)
	})
}

func TestSessionLimitsFollowTheOptions(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := newClock()
		a := app.New(db, app.Options{Now: c.Now, SessionIdle: 10 * time.Minute, SessionMax: time.Hour,
			PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
		ctx := context.Background()
		u := &isms.User{Name: "Ann", Email: "ann@example.com"}
		if _, err := a.CreateUser(ctx, isms.SystemActor(""), u, password); err != nil {
			t.Fatalf("CreateUser(ann) = %v, want nil", err)
		}
		idle, _, err := a.SignIn(ctx, u.Email, password, clientAddr)
		if err != nil {
			t.Fatalf("SignIn(ann) = %v, want nil", err)
		}
		max, _, err := a.SignIn(ctx, u.Email, password, clientAddr)
		if err != nil {
			t.Fatalf("SignIn(ann) = %v, want nil", err)
		}
		for range 6 {
			c.Advance(9 * time.Minute)
			if _, err := a.Authenticate(ctx, max); err != nil {
				t.Fatalf("Authenticate(used every 9m) = %v, want nil", err)
			}
		}
		_, err = a.Authenticate(ctx, idle)
		wantCode(t, "Authenticate(idle 54m, SessionIdle 10m)", err, isms.Unauthorized)
		c.Advance(5 * time.Minute)
		_, err = a.Authenticate(ctx, max)
		wantCode(t, "Authenticate(59m after sign-in, SessionMax 1h)", err, "")
		c.Advance(time.Minute) // 1h after sign-in, 1m after the last use
		_, err = a.Authenticate(ctx, max)
		wantCode(t, "Authenticate(1h after sign-in, SessionMax 1h)", err, isms.Unauthorized)
	})
}

func TestSignOutEndsTheSession(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		id, other := w.signIn(w.admin), w.signIn(w.admin)
		if err := w.app.SignOut(w.ctx, id); err != nil {
			t.Fatalf("SignOut() = %v, want nil", err)
		}
		_, err := w.app.Authenticate(w.ctx, id)
		wantCode(t, "Authenticate(signed-out session)", err, isms.Unauthorized)
		_, err = w.app.Authenticate(w.ctx, other)
		wantCode(t, "Authenticate(the user's other session)", err, "")
		_, err = w.app.Authenticate(w.ctx, "")
		wantCode(t, `Authenticate("")`, err, isms.Unauthorized)
		_, err = w.app.Authenticate(w.ctx, "made-up-session-id")
		wantCode(t, "Authenticate(made-up ID)", err, isms.Unauthorized)
	})
}

func TestAuthenticateFollowsTheSwitchedOrganization(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		beta := w.newOrg("beta", "Beta", w.manager) // sorts after Acme
		id := w.signIn(w.manager)
		st, err := w.app.Authenticate(w.ctx, id)
		if err != nil {
			t.Fatalf("Authenticate() = %v, want nil", err)
		}
		if st.Actor.OrgID != w.org.ID || st.Actor.Role != isms.RoleManager {
			t.Errorf("Authenticate() actor in %s as %s, want acme as manager", st.Actor.OrgID, st.Actor.Role)
		}
		if err := w.app.SwitchOrganization(w.ctx, id, st, "beta"); err != nil {
			t.Fatalf("SwitchOrganization(beta) = %v, want nil", err)
		}
		st, err = w.app.Authenticate(w.ctx, id)
		if err != nil {
			t.Fatalf("Authenticate() = %v, want nil", err)
		}
		if st.Actor.OrgID != beta.ID || st.Actor.Role != isms.RoleAdmin {
			t.Errorf("Authenticate() after switching actor in %s as %s, want beta as admin", st.Actor.OrgID, st.Actor.Role)
		}
		err = w.app.SwitchOrganization(w.ctx, id, st, "nowhere")
		wantCode(t, "SwitchOrganization(nowhere)", err, isms.NotFound)
	})
}

func TestAPITokens(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		tok := &isms.APIToken{Name: "CI", Scope: isms.ScopeReadWrite, ExpiresAt: w.clock.Now().AddDate(0, 0, 30)}
		secret, err := w.app.CreateAPIToken(w.ctx, w.asManager(), tok)
		if err != nil {
			t.Fatalf("CreateAPIToken(CI) = %v, want nil", err)
		}

		t.Run("the secret is shown once and only its prefix is kept", func(t *testing.T) {
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
		})

		t.Run("the token acts as its user in its organization", func(t *testing.T) {
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
		})

		t.Run("unknown secrets are refused", func(t *testing.T) {
			for _, s := range []string{"", "isms_", "isms_unknown", secret[len("isms_"):], strings.ToUpper(secret)} {
				_, err := w.app.AuthenticateToken(w.ctx, s)
				wantCode(t, "AuthenticateToken("+s+")", err, isms.Unauthorized)
			}
		})

		t.Run("a read-only token may only read", func(t *testing.T) {
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
		})

		t.Run("an expired token is refused", func(t *testing.T) {
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
		})

		t.Run("a revoked token is refused", func(t *testing.T) {
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
		})

		t.Run("nobody revokes someone else's token", func(t *testing.T) {
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
		})
	})
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

func TestChangePassword(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		const next = "a much better passphrase"
		first, keep, third := w.signIn(w.manager), w.signIn(w.manager), w.signIn(w.manager)
		otherUser := w.signIn(w.manager2)

		before := w.heads()
		err := w.app.ChangePassword(w.ctx, w.asManager(), "not my password", next, keep)
		wantFields(t, "ChangePassword(wrong current)", err, isms.Invalid, "currentPassword")
		err = w.app.ChangePassword(w.ctx, w.asManager(), password, "short", keep)
		wantFields(t, "ChangePassword(too short)", err, isms.Invalid, "newPassword")
		err = w.app.ChangePassword(w.ctx, w.asManager(), password, password, keep)
		wantFields(t, "ChangePassword(the same password)", err, isms.Invalid, "newPassword")
		if diff := cmp.Diff(before, w.heads()); diff != "" {
			t.Errorf("refused ChangePassword calls moved chain heads (-before +after):\n%s", diff)
		}
		for _, id := range []string{first, keep, third} {
			if _, err := w.app.Authenticate(w.ctx, id); err != nil {
				t.Fatalf("Authenticate() after refused password changes = %v, want nil", err)
			}
		}

		if err := w.app.ChangePassword(w.ctx, w.asManager(), password, next, keep); err != nil {
			t.Fatalf("ChangePassword(right current, good new) = %v, want nil", err)
		}
		for name, id := range map[string]string{"first": first, "third": third} {
			_, err := w.app.Authenticate(w.ctx, id)
			wantCode(t, "Authenticate("+name+" other session) after ChangePassword", err, isms.Unauthorized)
		}
		if _, err := w.app.Authenticate(w.ctx, keep); err != nil {
			t.Errorf("Authenticate(kept session) after ChangePassword = %v, want nil", err)
		}
		if _, err := w.app.Authenticate(w.ctx, otherUser); err != nil {
			t.Errorf("Authenticate(carol's session) after bob's ChangePassword = %v, want nil", err)
		}
		_, _, err = w.app.SignIn(w.ctx, w.manager.Email, password, clientAddr)
		wantCode(t, "SignIn(bob, old password)", err, isms.Unauthorized)
		_, _, err = w.app.SignIn(w.ctx, w.manager.Email, next, clientAddr)
		wantCode(t, "SignIn(bob, new password)", err, "")

		e := w.events(isms.InstallationChain, before[isms.InstallationChain].Seq)
		if got := actions(e); len(got) < 1 || got[0] != "user.change_password" {
			t.Fatalf("installation chain after ChangePassword = %v, want user.change_password first", got)
		}
		want := map[string]isms.Change{"otherSessionsEnded": {After: float64(2)}}
		if diff := cmp.Diff(want, changes(t, e[0])); diff != "" {
			t.Errorf("user.change_password changes mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestChangePasswordClearsMustChangePassword(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		res, err := w.app.AddMember(w.ctx, w.asAdmin(), app.AddMemberInput{Email: "frank@example.com", Name: "Frank", Role: isms.RoleContributor})
		if err != nil {
			t.Fatalf("AddMember(frank) = %v, want nil", err)
		}
		id, _, err := w.app.SignIn(w.ctx, "frank@example.com", res.Password, clientAddr)
		if err != nil {
			t.Fatalf("SignIn(frank, one-time password) = %v, want nil", err)
		}
		st, err := w.app.Authenticate(w.ctx, id)
		if err != nil {
			t.Fatalf("Authenticate(frank) = %v, want nil", err)
		}
		if !st.User.MustChangePassword {
			t.Errorf("Authenticate(frank).User.MustChangePassword = false, want true after a one-time password")
		}
		if err := w.app.ChangePassword(w.ctx, st.Actor, res.Password, "frank's own passphrase", id); err != nil {
			t.Fatalf("ChangePassword(frank) = %v, want nil", err)
		}
		st, err = w.app.Authenticate(w.ctx, id)
		if err != nil {
			t.Fatalf("Authenticate(frank) after ChangePassword = %v, want nil", err)
		}
		if st.User.MustChangePassword {
			t.Errorf("Authenticate(frank).User.MustChangePassword after ChangePassword = true, want false")
		}
	})
}

// setupInput is a valid setup form for token.
func setupInput(token string) app.SetupInput {
	return app.SetupInput{Token: token, OrgName: "Acme", OrgSlug: "acme", Name: "Olivia Owner",
		Email: "Olivia@Example.com", Password: password}
}

func TestSetupCreatesTheOwnerAndTheFirstOrganization(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := newClock()
		a := app.New(db, app.Options{Now: c.Now, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
		ctx := context.Background()
		if need, err := a.NeedsSetup(ctx); err != nil || !need {
			t.Fatalf("NeedsSetup() on an empty installation = %v, %v; want true, nil", need, err)
		}
		token, err := a.NewSetupToken(ctx)
		if err != nil || token == "" {
			t.Fatalf("NewSetupToken() = %q, %v; want a token, nil", token, err)
		}
		if err := a.CheckSetupToken(ctx, token); err != nil {
			t.Errorf("CheckSetupToken(token) = %v, want nil", err)
		}

		_, _, err = a.Setup(ctx, setupInput("wrong token"), clientAddr)
		wantCode(t, "Setup(wrong token)", err, isms.NotFound)

		id, s, err := a.Setup(ctx, setupInput(token), clientAddr)
		if err != nil {
			t.Fatalf("Setup(token) = %v, want nil", err)
		}
		st, err := a.Authenticate(ctx, id)
		if err != nil {
			t.Fatalf("Authenticate(setup session) = %v, want nil", err)
		}
		if s.UserID != st.User.ID || st.User.Email != "olivia@example.com" || !st.User.Owner || st.User.MustChangePassword {
			t.Errorf("Setup() user = %+v, want the owner olivia@example.com who chose her password", st.User)
		}
		if st.Org == nil || st.Org.Slug != "acme" || st.Org.Name != "Acme" || st.Actor.Role != isms.RoleAdmin || !st.Actor.Owner {
			t.Errorf("Setup() actor = %+v in %v, want the owner as admin of acme", st.Actor, st.Org)
		}
		if need, _ := a.NeedsSetup(ctx); need {
			t.Errorf("NeedsSetup() after Setup = true, want false")
		}

		// The owner signs in with the chosen password.
		if _, _, err := a.SignIn(ctx, "olivia@example.com", password, clientAddr); err != nil {
			t.Errorf("SignIn(owner) after Setup = %v, want nil", err)
		}

		// The token works once.
		err = a.CheckSetupToken(ctx, token)
		wantCode(t, "CheckSetupToken(used token)", err, isms.NotFound)
		in := setupInput(token)
		in.OrgSlug, in.Email = "other", "other@example.com"
		_, _, err = a.Setup(ctx, in, clientAddr)
		if code := isms.ErrorCode(err); code != isms.NotFound && code != isms.Conflict {
			t.Errorf("Setup(used token) = %v, want not_found or conflict", err)
		}
		_, err = a.NewSetupToken(ctx)
		wantCode(t, "NewSetupToken() after Setup", err, isms.Conflict)

		// The installation chain and the organization's chain record it.
		var inst, org []*isms.AuditEvent
		err = db.View(ctx, func(tx *sqldb.Tx) error {
			if err := tx.WalkAuditChain(ctx, isms.InstallationChain, func(e *isms.AuditEvent) bool { c := *e; inst = append(inst, &c); return true }); err != nil {
				return err
			}
			return tx.WalkAuditChain(ctx, string(st.Org.ID), func(e *isms.AuditEvent) bool { c := *e; org = append(org, &c); return true })
		})
		if err != nil {
			t.Fatalf("WalkAuditChain: %v", err)
		}
		if diff := cmp.Diff([]string{"installation.setup", "organization.create", "user.sign_in", "user.sign_in"}, actions(inst)); diff != "" {
			t.Errorf("installation chain after Setup mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"organization.create", "membership.create"}, actions(org)); diff != "" {
			t.Errorf("organization chain after Setup mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestSetupReportsEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := newClock()
		a := app.New(db, app.Options{Now: c.Now, PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
		ctx := context.Background()
		token, err := a.NewSetupToken(ctx)
		if err != nil {
			t.Fatalf("NewSetupToken() = %v, want nil", err)
		}
		bad := app.SetupInput{Token: token, OrgName: " ", OrgSlug: "-Acme-", Name: "", Email: "olivia at example", Password: "short"}
		_, _, err = a.Setup(ctx, bad, clientAddr)
		wantFields(t, "Setup(everything wrong)", err, isms.Invalid, "orgName", "orgSlug", "name", "email", "password")
		// A refused setup keeps the token and creates nothing.
		if need, _ := a.NeedsSetup(ctx); !need {
			t.Errorf("NeedsSetup() after a refused Setup = false, want true")
		}
		if _, _, err := a.Setup(ctx, setupInput(token), clientAddr); err != nil {
			t.Errorf("Setup(token) after a refused Setup = %v, want nil", err)
		}
	})
}

func TestNewSetupTokenReplacesTheEarlierOne(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		a := app.New(db, app.Options{PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
		ctx := context.Background()
		old, err1 := a.NewSetupToken(ctx)
		current, err2 := a.NewSetupToken(ctx)
		if err1 != nil || err2 != nil || old == current {
			t.Fatalf("NewSetupToken() twice = %q, %v, %q, %v; want two different tokens", old, err1, current, err2)
		}
		_, _, err := a.Setup(ctx, setupInput(old), clientAddr)
		wantCode(t, "Setup(replaced token)", err, isms.NotFound)
		if _, _, err := a.Setup(ctx, setupInput(current), clientAddr); err != nil {
			t.Errorf("Setup(current token) = %v, want nil", err)
		}
	})
}

func TestTheSetupTokenWorksOnceEvenUnderConcurrency(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		for round := range 5 {
			if round > 0 { // every round needs an installation that is not set up
				if db.Dialect() == sqldb.Postgres {
					db = sqldbtest.Open(t, sqldbtest.FreshSchema(t))
				} else {
					db = sqldbtest.Open(t, sqldbtest.SQLiteURL(t))
				}
			}
			a := app.New(db, app.Options{PasswordCost: app.PasswordCost{Time: 1, Memory: 64, Threads: 1}})
			token, err := a.NewSetupToken(ctx)
			if err != nil {
				t.Fatalf("NewSetupToken() = %v, want nil", err)
			}
			var errs [8]error
			var fns []func()
			for i := range errs {
				fns = append(fns, func() {
					in := setupInput(token)
					in.OrgSlug, in.Email = fmt.Sprintf("acme-%d", i), fmt.Sprintf("owner%d@example.com", i)
					_, _, errs[i] = a.Setup(ctx, in, clientAddr)
				})
			}
			race(fns...)
			ok := 0
			for _, err := range errs {
				if err == nil {
					ok++
				}
			}
			if ok != 1 {
				t.Fatalf("round %d: 8 concurrent Setup(token) calls: %d succeeded (%v), want exactly 1", round, ok, errs)
			}
		}
	})
}

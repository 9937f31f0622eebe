// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"context"
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

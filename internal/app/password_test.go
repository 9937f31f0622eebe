// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

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

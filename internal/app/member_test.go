// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

func TestDisablingAUserEndsTheirSessionsAndRevokesTheirTokens(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		sessions := []string{w.signIn(w.contributor), w.signIn(w.contributor)}
		var secrets []string
		for _, scope := range []isms.TokenScope{isms.ScopeRead, isms.ScopeReadWrite} {
			s, err := w.app.CreateAPIToken(w.ctx, w.asContributor(), &isms.APIToken{Name: string(scope), Scope: scope, ExpiresAt: w.clock.Now().AddDate(0, 0, 30)})
			if err != nil {
				t.Fatalf("CreateAPIToken(%s) = %v, want nil", scope, err)
			}
			secrets = append(secrets, s)
		}
		bystander := w.signIn(w.manager)
		head := w.head(string(w.org.ID))

		if err := w.app.SetUserDisabled(w.ctx, w.asAdmin(), w.contributor.ID, true); err != nil {
			t.Fatalf("SetUserDisabled(dave, true) = %v, want nil", err)
		}
		for i, id := range sessions {
			_, err := w.app.Authenticate(w.ctx, id)
			wantCode(t, "Authenticate(disabled user's session "+string(rune('1'+i))+")", err, isms.Unauthorized)
		}
		for _, s := range secrets {
			_, err := w.app.AuthenticateToken(w.ctx, s)
			wantCode(t, "AuthenticateToken(disabled user's token)", err, isms.Unauthorized)
		}
		_, _, err := w.app.SignIn(w.ctx, w.contributor.Email, password, clientAddr)
		wantCode(t, "SignIn(disabled user)", err, isms.Unauthorized)
		if _, err := w.app.Authenticate(w.ctx, bystander); err != nil {
			t.Errorf("Authenticate(bob's session) after dave was disabled = %v, want nil", err)
		}
		if u := w.user(w.contributor.ID); !u.Disabled {
			t.Errorf("user(dave).Disabled = false, want true")
		}

		events := w.events(string(w.org.ID), head.Seq)
		if diff := cmp.Diff([]string{"user.disable"}, actions(events)); diff != "" {
			t.Fatalf("acme chain after SetUserDisabled mismatch (-want +got):\n%s", diff)
		}
		e := events[0]
		if e.ActorID != w.admin.ID || e.ObjectID != w.contributor.ID || e.ObjectType != "user" {
			t.Errorf("user.disable event = actor %s on %s %s, want alice on user dave", e.ActorID, e.ObjectType, e.ObjectID)
		}
		want := map[string]isms.Change{
			"disabled":      {Before: false, After: true},
			"sessionsEnded": {After: float64(2)},
			"tokensRevoked": {After: float64(2)},
		}
		if diff := cmp.Diff(want, changes(t, e)); diff != "" {
			t.Errorf("user.disable changes mismatch (-want +got):\n%s", diff)
		}

		// Disabling twice changes and records nothing.
		if err := w.app.SetUserDisabled(w.ctx, w.asAdmin(), w.contributor.ID, true); err != nil {
			t.Errorf("SetUserDisabled(dave, true) again = %v, want nil", err)
		}

		// Re-enabling lets the user sign in again but brings back neither
		// the sessions nor the tokens.
		w.clock.Advance(time.Minute)
		if err := w.app.SetUserDisabled(w.ctx, w.asAdmin(), w.contributor.ID, false); err != nil {
			t.Fatalf("SetUserDisabled(dave, false) = %v, want nil", err)
		}
		for _, id := range sessions {
			_, err := w.app.Authenticate(w.ctx, id)
			wantCode(t, "Authenticate(old session) after re-enabling", err, isms.Unauthorized)
		}
		for _, s := range secrets {
			_, err := w.app.AuthenticateToken(w.ctx, s)
			wantCode(t, "AuthenticateToken(old token) after re-enabling", err, isms.Unauthorized)
		}
		list, err := w.app.FindAPITokens(w.ctx, w.asContributor())
		if err != nil || len(list) != 2 {
			t.Fatalf("FindAPITokens(dave) = %d, %v; want 2, nil", len(list), err)
		}
		for _, tok := range list {
			if tok.RevokedAt.IsZero() {
				t.Errorf("token %s RevokedAt is zero after disabling, want the time of disabling", tok.Name)
			}
		}
		if _, _, err := w.app.SignIn(w.ctx, w.contributor.Email, password, clientAddr); err != nil {
			t.Errorf("SignIn(dave) after re-enabling = %v, want nil", err)
		}
		events = w.events(string(w.org.ID), head.Seq)
		if diff := cmp.Diff([]string{"user.disable", "user.enable"}, actions(events)); diff != "" {
			t.Errorf("acme chain after disabling twice and enabling mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(map[string]isms.Change{"disabled": {Before: true, After: false}}, changes(t, events[1])); diff != "" {
			t.Errorf("user.enable changes mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestAuthorityOverAccounts(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		// Bob also belongs to beta; Zed belongs only to beta.
		beta := w.newOrg("beta", "Beta", w.manager)
		zed := w.newMember(beta, "Zed Outsider", isms.RoleContributor)

		t.Run("an administrator may reset the password of a member of only their organization", func(t *testing.T) {
			session := w.signIn(w.contributor)
			head := w.heads()
			pw, err := w.app.ResetPassword(w.ctx, w.asAdmin(), w.contributor.ID)
			if err != nil {
				t.Fatalf("ResetPassword(dave) = %v, want nil", err)
			}
			if isms.CheckPassword(pw) != "" {
				t.Errorf("ResetPassword(dave) = %q, want an acceptable password", pw)
			}
			if u := w.user(w.contributor.ID); !u.MustChangePassword {
				t.Errorf("user(dave).MustChangePassword after a reset = false, want true")
			}
			_, err = w.app.Authenticate(w.ctx, session)
			wantCode(t, "Authenticate(dave's session) after a reset", err, isms.Unauthorized)
			_, _, err = w.app.SignIn(w.ctx, w.contributor.Email, password, clientAddr)
			wantCode(t, "SignIn(dave, old password)", err, isms.Unauthorized)
			if _, _, err := w.app.SignIn(w.ctx, w.contributor.Email, pw, clientAddr); err != nil {
				t.Errorf("SignIn(dave, reset password) = %v, want nil", err)
			}
			got := actions(w.events(string(w.org.ID), head[string(w.org.ID)].Seq))
			if diff := cmp.Diff([]string{"user.reset_password"}, got); diff != "" {
				t.Errorf("acme chain after ResetPassword mismatch (-want +got):\n%s", diff)
			}
		})

		t.Run("an administrator may disable a member of only their organization", func(t *testing.T) {
			if err := w.app.SetUserDisabled(w.ctx, w.asAdmin(), w.viewer.ID, true); err != nil {
				t.Errorf("SetUserDisabled(erin) = %v, want nil", err)
			}
		})

		t.Run("an administrator may not manage a member who also belongs to another organization", func(t *testing.T) {
			before := w.heads()
			_, err := w.app.ResetPassword(w.ctx, w.asAdmin(), w.manager.ID)
			wantCode(t, "ResetPassword(bob in two organizations)", err, isms.Forbidden)
			if msg := isms.ErrorMessage(err); !strings.Contains(msg, "only an installation owner may") {
				t.Errorf("ResetPassword(bob) message = %q, want it to say only an installation owner may", msg)
			}
			err = w.app.SetUserDisabled(w.ctx, w.asAdmin(), w.manager.ID, true)
			wantCode(t, "SetUserDisabled(bob in two organizations)", err, isms.Forbidden)
			if msg := isms.ErrorMessage(err); !strings.Contains(msg, "only an installation owner may") {
				t.Errorf("SetUserDisabled(bob) message = %q, want it to say only an installation owner may", msg)
			}
			if diff := cmp.Diff(before, w.heads()); diff != "" {
				t.Errorf("refused account changes moved chain heads (-before +after):\n%s", diff)
			}
			if _, _, err := w.app.SignIn(w.ctx, w.manager.Email, password, clientAddr); err != nil {
				t.Errorf("SignIn(bob, his password) after refused changes = %v, want nil", err)
			}
		})

		t.Run("an administrator may not manage an owner", func(t *testing.T) {
			w.join(w.org, w.owner, isms.RoleViewer)
			_, err := w.app.ResetPassword(w.ctx, w.asAdmin(), w.owner.ID)
			wantCode(t, "ResetPassword(owner in acme only)", err, isms.Forbidden)
			err = w.app.SetUserDisabled(w.ctx, w.asAdmin(), w.owner.ID, true)
			wantCode(t, "SetUserDisabled(owner in acme only)", err, isms.Forbidden)
		})

		t.Run("an administrator does not see accounts of other organizations", func(t *testing.T) {
			_, err := w.app.ResetPassword(w.ctx, w.asAdmin(), zed.ID)
			wantCode(t, "ResetPassword(zed of beta)", err, isms.NotFound)
			err = w.app.SetUserDisabled(w.ctx, w.asAdmin(), zed.ID, true)
			wantCode(t, "SetUserDisabled(zed of beta)", err, isms.NotFound)
			_, err = w.app.ResetPassword(w.ctx, w.asAdmin(), "user_nonexistent")
			wantCode(t, "ResetPassword(nonexistent)", err, isms.NotFound)
		})

		t.Run("members who are not administrators may not manage accounts", func(t *testing.T) {
			for _, a := range []isms.Actor{w.asManager2(), w.asViewer()} {
				_, err := w.app.ResetPassword(w.ctx, a, w.contributor.ID)
				wantCode(t, "ResetPassword(dave, as "+string(a.Role)+")", err, isms.Forbidden)
				err = w.app.SetUserDisabled(w.ctx, a, w.contributor.ID, true)
				wantCode(t, "SetUserDisabled(dave, as "+string(a.Role)+")", err, isms.Forbidden)
			}
			ro := w.asAdmin()
			ro.Scope = isms.ScopeRead
			_, err := w.app.ResetPassword(w.ctx, ro, w.contributor.ID)
			wantCode(t, "ResetPassword(dave, as admin with a read-only token)", err, isms.Forbidden)
		})

		t.Run("an installation owner may manage anyone", func(t *testing.T) {
			head := w.heads()
			if _, err := w.app.ResetPassword(w.ctx, w.asOwner(), w.manager.ID); err != nil {
				t.Errorf("ResetPassword(bob, as owner) = %v, want nil", err)
			}
			if err := w.app.SetUserDisabled(w.ctx, w.asOwner(), zed.ID, true); err != nil {
				t.Errorf("SetUserDisabled(zed, as owner) = %v, want nil", err)
			}
			got := actions(w.events(isms.InstallationChain, head[isms.InstallationChain].Seq))
			if diff := cmp.Diff([]string{"user.reset_password", "user.disable"}, got); diff != "" {
				t.Errorf("installation chain after the owner's changes mismatch (-want +got):\n%s", diff)
			}
			if h := w.head(string(w.org.ID)); h != head[string(w.org.ID)] {
				t.Errorf("acme chain moved from %d to %d on the owner's changes, want them in the installation chain only", head[string(w.org.ID)].Seq, h.Seq)
			}
		})

		t.Run("nobody disables themselves", func(t *testing.T) {
			err := w.app.SetUserDisabled(w.ctx, w.asAdmin(), w.admin.ID, true)
			wantCode(t, "SetUserDisabled(alice, as alice)", err, isms.Conflict)
			err = w.app.SetUserDisabled(w.ctx, w.asOwner(), w.owner.ID, true)
			wantCode(t, "SetUserDisabled(owner, as owner)", err, isms.Conflict)
			if u := w.user(w.admin.ID); u.Disabled {
				t.Errorf("user(alice).Disabled = true, want false")
			}
		})
	})
}

func TestTheLastAdministratorStays(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m, err := w.app.FindMember(w.ctx, w.asAdmin(), w.admin.ID)
		if err != nil {
			t.Fatalf("FindMember(alice) = %v, want nil", err)
		}
		err = w.app.UpdateMemberRole(w.ctx, w.asAdmin(), w.admin.ID, isms.RoleManager, m.Version)
		wantCode(t, "UpdateMemberRole(alice, the only admin, to manager)", err, isms.Conflict)
		err = w.app.RemoveMember(w.ctx, w.asAdmin(), w.admin.ID)
		wantCode(t, "RemoveMember(alice, the only admin)", err, isms.Conflict)
		err = w.app.RemoveMember(w.ctx, isms.SystemActor(w.org.ID), w.admin.ID)
		wantCode(t, "RemoveMember(alice, the only admin, as the system)", err, isms.Conflict)

		// With a second administrator, the first may step down.
		bm, _ := w.app.FindMember(w.ctx, w.asAdmin(), w.manager.ID)
		if err := w.app.UpdateMemberRole(w.ctx, w.asAdmin(), w.manager.ID, isms.RoleAdmin, bm.Version); err != nil {
			t.Fatalf("UpdateMemberRole(bob, admin) = %v, want nil", err)
		}
		if err := w.app.UpdateMemberRole(w.ctx, w.asAdmin(), w.admin.ID, isms.RoleManager, m.Version); err != nil {
			t.Fatalf("UpdateMemberRole(alice, manager) with two admins = %v, want nil", err)
		}
		err = w.app.RemoveMember(w.ctx, w.as(w.manager, isms.RoleAdmin), w.manager.ID)
		wantCode(t, "RemoveMember(bob, now the only admin)", err, isms.Conflict)
	})
}

func TestTheLastActiveAdministratorStaysWhenAnotherIsDisabled(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		bm, _ := w.app.FindMember(w.ctx, w.asAdmin(), w.manager.ID)
		if err := w.app.UpdateMemberRole(w.ctx, w.asAdmin(), w.manager.ID, isms.RoleAdmin, bm.Version); err != nil {
			t.Fatalf("UpdateMemberRole(bob, admin) = %v, want nil", err)
		}
		if err := w.app.SetUserDisabled(w.ctx, w.asOwner(), w.manager.ID, true); err != nil {
			t.Fatalf("SetUserDisabled(bob) = %v, want nil", err)
		}
		// Bob is a disabled administrator: Alice is the only active one.
		am, _ := w.app.FindMember(w.ctx, w.asAdmin(), w.admin.ID)
		err := w.app.UpdateMemberRole(w.ctx, w.asAdmin(), w.admin.ID, isms.RoleManager, am.Version)
		wantCode(t, "UpdateMemberRole(alice, the only active admin)", err, isms.Conflict)
	})
}

func TestADisabledAdministratorCanBeRemovedWhileAnActiveOneRemains(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		bm, _ := w.app.FindMember(w.ctx, w.asAdmin(), w.manager.ID)
		if err := w.app.UpdateMemberRole(w.ctx, w.asAdmin(), w.manager.ID, isms.RoleAdmin, bm.Version); err != nil {
			t.Fatalf("UpdateMemberRole(bob, admin) = %v, want nil", err)
		}
		if err := w.app.SetUserDisabled(w.ctx, w.asOwner(), w.manager.ID, true); err != nil {
			t.Fatalf("SetUserDisabled(bob) = %v, want nil", err)
		}
		if err := w.app.RemoveMember(w.ctx, w.asAdmin(), w.manager.ID); err != nil {
			t.Errorf("RemoveMember(bob, a disabled admin, while alice is active) = %v, want nil", err)
		}
	})
}

func TestAddMember(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		beta := w.newOrg("beta", "Beta", w.manager)
		zed := w.newMember(beta, "Zed Outsider", isms.RoleContributor)

		t.Run("a new e-mail address creates an account with a one-time password", func(t *testing.T) {
			head := w.heads()
			res, err := w.app.AddMember(w.ctx, w.asAdmin(), app.AddMemberInput{Email: " Frank@Example.com ", Name: " Frank ", Role: isms.RoleAuditor})
			if err != nil {
				t.Fatalf("AddMember(frank) = %v, want nil", err)
			}
			if res.Password == "" || isms.CheckPassword(res.Password) != "" {
				t.Errorf("AddMember(frank).Password = %q, want an acceptable one-time password", res.Password)
			}
			u := w.user(res.User.ID)
			if u.Email != "frank@example.com" || u.Name != "Frank" || !u.MustChangePassword || u.Owner || u.Disabled {
				t.Errorf("AddMember(frank) account = %+v, want frank@example.com, Frank, must change password", u)
			}
			m, err := w.app.FindMember(w.ctx, w.asAdmin(), u.ID)
			if err != nil || m.Role != isms.RoleAuditor || m.OrgCount != 1 {
				t.Errorf("FindMember(frank) = %+v, %v; want an auditor in one organization", m, err)
			}
			if _, _, err := w.app.SignIn(w.ctx, "frank@example.com", res.Password, clientAddr); err != nil {
				t.Errorf("SignIn(frank, one-time password) = %v, want nil", err)
			}
			got := actions(w.events(string(w.org.ID), head[string(w.org.ID)].Seq))
			if diff := cmp.Diff([]string{"user.create", "membership.create"}, got); diff != "" {
				t.Errorf("acme chain after AddMember(new) mismatch (-want +got):\n%s", diff)
			}
		})

		t.Run("an existing account gets only the membership", func(t *testing.T) {
			before := w.user(zed.ID)
			res, err := w.app.AddMember(w.ctx, w.asAdmin(), app.AddMemberInput{Email: "ZED.outsider@example.com", Name: "ignored", Role: isms.RoleViewer})
			if err != nil {
				t.Fatalf("AddMember(zed) = %v, want nil", err)
			}
			if res.Password != "" || res.User.ID != zed.ID {
				t.Errorf("AddMember(zed) = user %s, password %q; want zed's account and no password", res.User.ID, res.Password)
			}
			if diff := cmp.Diff(before, w.user(zed.ID)); diff != "" {
				t.Errorf("AddMember(zed) changed the account (-before +after):\n%s", diff)
			}
			if _, _, err := w.app.SignIn(w.ctx, zed.Email, password, clientAddr); err != nil {
				t.Errorf("SignIn(zed, own password) after AddMember = %v, want nil", err)
			}
			m, err := w.app.FindMember(w.ctx, w.asAdmin(), zed.ID)
			if err != nil || m.Role != isms.RoleViewer || m.OrgCount != 2 {
				t.Errorf("FindMember(zed) = %+v, %v; want a viewer in two organizations", m, err)
			}
		})

		t.Run("adding a member twice is a conflict on the e-mail field", func(t *testing.T) {
			before := w.heads()
			_, err := w.app.AddMember(w.ctx, w.asAdmin(), app.AddMemberInput{Email: w.viewer.Email, Role: isms.RoleManager})
			var e *isms.Error
			if !errors.As(err, &e) || e.Code != isms.Conflict || e.Fields["email"] == "" {
				t.Errorf("AddMember(erin, already a member) = %v, want conflict with field email", err)
			}
			if diff := cmp.Diff(before, w.heads()); diff != "" {
				t.Errorf("AddMember(duplicate) moved chain heads (-before +after):\n%s", diff)
			}
		})

		t.Run("invalid input is reported field by field", func(t *testing.T) {
			before := w.heads()
			_, err := w.app.AddMember(w.ctx, w.asAdmin(), app.AddMemberInput{Email: "grace@example.com", Name: "Grace", Role: "owner"})
			wantFields(t, "AddMember(role owner)", err, isms.Invalid, "role")
			_, err = w.app.AddMember(w.ctx, w.asAdmin(), app.AddMemberInput{Email: "not an address", Name: "", Role: ""})
			wantFields(t, "AddMember(everything wrong)", err, isms.Invalid, "email", "name", "role")
			if diff := cmp.Diff(before, w.heads()); diff != "" {
				t.Errorf("refused AddMember calls moved chain heads (-before +after):\n%s", diff)
			}
			if u, err := w.app.FindUserByEmail(w.ctx, w.asOwner(), "grace@example.com"); err == nil {
				t.Errorf("FindUserByEmail(grace) after a refused AddMember = %v, want not found", u)
			}
		})

		t.Run("only administrators add members", func(t *testing.T) {
			_, err := w.app.AddMember(w.ctx, w.asManager(), app.AddMemberInput{Email: "henry@example.com", Name: "Henry", Role: isms.RoleViewer})
			wantCode(t, "AddMember(as manager)", err, isms.Forbidden)
		})
	})
}

func TestUpdateMemberRole(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		m, err := w.app.FindMember(w.ctx, w.asAdmin(), w.viewer.ID)
		if err != nil {
			t.Fatalf("FindMember(erin) = %v, want nil", err)
		}
		head := w.head(string(w.org.ID))
		if err := w.app.UpdateMemberRole(w.ctx, w.asAdmin(), w.viewer.ID, isms.RoleContributor, m.Version); err != nil {
			t.Fatalf("UpdateMemberRole(erin, contributor, v%d) = %v, want nil", m.Version, err)
		}
		after, _ := w.app.FindMember(w.ctx, w.asAdmin(), w.viewer.ID)
		if after.Role != isms.RoleContributor || after.Version != m.Version+1 {
			t.Errorf("FindMember(erin) after UpdateMemberRole = %s v%d, want contributor v%d", after.Role, after.Version, m.Version+1)
		}
		events := w.events(string(w.org.ID), head.Seq)
		if len(events) != 1 || events[0].Action != "membership.update" {
			t.Fatalf("acme chain after UpdateMemberRole = %v, want membership.update", actions(events))
		}
		if diff := cmp.Diff(map[string]isms.Change{"role": {Before: "viewer", After: "contributor"}}, changes(t, events[0])); diff != "" {
			t.Errorf("membership.update changes mismatch (-want +got):\n%s", diff)
		}

		err = w.app.UpdateMemberRole(w.ctx, w.asAdmin(), w.viewer.ID, isms.RoleAuditor, m.Version)
		wantCode(t, "UpdateMemberRole(erin, auditor, stale version)", err, isms.Conflict)
		err = w.app.UpdateMemberRole(w.ctx, w.asAdmin(), w.viewer.ID, "boss", after.Version)
		wantFields(t, "UpdateMemberRole(erin, boss)", err, isms.Invalid, "role")
		err = w.app.UpdateMemberRole(w.ctx, w.asManager(), w.viewer.ID, isms.RoleAuditor, after.Version)
		wantCode(t, "UpdateMemberRole(erin, as manager)", err, isms.Forbidden)
		err = w.app.UpdateMemberRole(w.ctx, w.asAdmin(), "user_nobody", isms.RoleAuditor, 1)
		wantCode(t, "UpdateMemberRole(nobody)", err, isms.NotFound)
		if h := w.head(string(w.org.ID)); h.Seq != head.Seq+1 {
			t.Errorf("acme chain head after refused role changes = %d, want %d", h.Seq, head.Seq+1)
		}
		if got, _ := w.app.FindMember(w.ctx, w.asAdmin(), w.viewer.ID); got.Role != isms.RoleContributor {
			t.Errorf("FindMember(erin) after refused changes = %s, want contributor", got.Role)
		}
	})
}

func TestRemoveMemberKeepsTheAccount(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		session := w.signIn(w.viewer)
		if err := w.app.RemoveMember(w.ctx, w.asAdmin(), w.viewer.ID); err != nil {
			t.Fatalf("RemoveMember(erin) = %v, want nil", err)
		}
		_, err := w.app.FindMember(w.ctx, w.asAdmin(), w.viewer.ID)
		wantCode(t, "FindMember(erin) after RemoveMember", err, isms.NotFound)
		if u := w.user(w.viewer.ID); u.Disabled {
			t.Errorf("user(erin).Disabled after RemoveMember = true, want the account kept as it was")
		}
		st, err := w.app.Authenticate(w.ctx, session)
		if err != nil {
			t.Fatalf("Authenticate(erin) after RemoveMember = %v, want nil", err)
		}
		if st.Org != nil || st.Actor.OrgID != "" || st.Actor.Role != "" {
			t.Errorf("Authenticate(erin) after RemoveMember = org %v, role %q; want no organization", st.Org, st.Actor.Role)
		}
		err = w.app.RemoveMember(w.ctx, w.asAdmin(), w.viewer.ID)
		wantCode(t, "RemoveMember(erin) again", err, isms.NotFound)
	})
}

func TestFindMembersIsLimitedToTheActorsOrganization(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		beta := w.newOrg("beta", "Beta", w.owner)
		w.newMember(beta, "Zed Outsider", isms.RoleContributor)
		list, total, err := w.app.FindMembers(w.ctx, w.asViewer(), isms.MemberFilter{OrgID: beta.ID})
		if err != nil {
			t.Fatalf("FindMembers(as erin, asking for beta) = %v, want nil", err)
		}
		if total != 5 || len(list) != 5 {
			t.Errorf("FindMembers(as erin, asking for beta) = %d of %d, want acme's 5", len(list), total)
		}
		for _, m := range list {
			if m.User.Email == "zed.outsider@example.com" {
				t.Errorf("FindMembers(as erin) includes zed of beta")
			}
		}
		employee := isms.Actor{UserID: w.viewer.ID, OrgID: w.org.ID, Role: isms.RoleEmployee}
		_, _, err = w.app.FindMembers(w.ctx, employee, isms.MemberFilter{})
		wantCode(t, "FindMembers(as employee)", err, isms.Forbidden)
	})
}

func TestTwoAdministratorsDemotingEachOtherAtOnceKeepOne(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		bob := w.as(w.manager, isms.RoleAdmin)
		for round := range 5 {
			bm, _ := w.app.FindMember(w.ctx, w.asAdmin(), w.manager.ID)
			if err := w.app.UpdateMemberRole(w.ctx, w.asAdmin(), w.manager.ID, isms.RoleAdmin, bm.Version); err != nil {
				t.Fatalf("UpdateMemberRole(bob, admin) = %v, want nil", err)
			}
			am, _ := w.app.FindMember(w.ctx, w.asAdmin(), w.admin.ID)
			bm, _ = w.app.FindMember(w.ctx, w.asAdmin(), w.manager.ID)
			race(
				func() { w.app.UpdateMemberRole(w.ctx, bob, w.admin.ID, isms.RoleManager, am.Version) },
				func() { w.app.UpdateMemberRole(w.ctx, w.asAdmin(), w.manager.ID, isms.RoleManager, bm.Version) },
			)
			_, n, err := w.app.FindMembers(w.ctx, w.asViewer(), isms.MemberFilter{Role: isms.RoleAdmin})
			if err != nil || n != 1 {
				t.Fatalf("round %d: after two admins demoted each other at once, FindMembers(admin) = %d, %v; want 1", round, n, err)
			}
			// Make Alice the only administrator again.
			if am, _ := w.app.FindMember(w.ctx, w.asAdmin(), w.admin.ID); am.Role != isms.RoleAdmin {
				if err := w.app.UpdateMemberRole(w.ctx, bob, w.admin.ID, isms.RoleAdmin, am.Version); err != nil {
					t.Fatalf("UpdateMemberRole(alice, admin) = %v, want nil", err)
				}
				bm, _ = w.app.FindMember(w.ctx, w.asAdmin(), w.manager.ID)
				if err := w.app.UpdateMemberRole(w.ctx, w.asAdmin(), w.manager.ID, isms.RoleManager, bm.Version); err != nil {
					t.Fatalf("UpdateMemberRole(bob, manager) = %v, want nil", err)
				}
			}
		}
	})
}

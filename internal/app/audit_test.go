// SPDX-License-Identifier: Apache-2.0

package app_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ismsproject/isms/internal/app"
	"github.com/ismsproject/isms/internal/isms"
	"github.com/ismsproject/isms/internal/sqldb"
	"github.com/ismsproject/isms/internal/sqldb/sqldbtest"
)

// TestEveryUseCaseAppendsToTheRightChain runs a mixed workload, one use case
// at a time, and checks after each exactly which events each chain gained.
func TestEveryUseCaseAppendsToTheRightChain(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		inst, acme := isms.InstallationChain, string(w.org.ID)
		var (
			session  string
			newUser  *isms.User
			beta     *isms.Organization
			frank    *app.AddMemberResult
			approval *isms.Approval
			tokenID  isms.ID
		)
		steps := []struct {
			name string
			run  func() error
			want map[string][]string // chain → actions appended, in order
		}{
			{"a sign-in", func() (err error) {
				session, _, err = w.app.SignIn(w.ctx, w.admin.Email, password, clientAddr)
				return err
			}, map[string][]string{inst: {"user.sign_in"}}},
			{"a failed sign-in", func() error {
				_, _, err := w.app.SignIn(w.ctx, w.admin.Email, "wrong password!", clientAddr)
				return expect(err, isms.Unauthorized)
			}, nil},
			{"an account created by the owner", func() error {
				newUser = &isms.User{Name: "Nina New", Email: "nina@example.com"}
				_, err := w.app.CreateUser(w.ctx, w.asOwner(), newUser, "")
				return err
			}, map[string][]string{inst: {"user.create"}}},
			{"an organization created by the owner", func() error {
				beta = &isms.Organization{Slug: "beta", Name: "Beta"}
				return w.app.CreateOrganization(w.ctx, w.asOwner(), beta, newUser.ID)
			}, map[string][]string{inst: {"organization.create"}, "beta": {"organization.create", "membership.create"}}},
			{"a new account added as member by an administrator", func() (err error) {
				frank, err = w.app.AddMember(w.ctx, w.asAdmin(), app.AddMemberInput{Email: "frank@example.com", Name: "Frank", Role: isms.RoleViewer})
				return err
			}, map[string][]string{acme: {"user.create", "membership.create"}}},
			{"an existing account added as member", func() error {
				_, err := w.app.AddMember(w.ctx, w.asAdmin(), app.AddMemberInput{Email: newUser.Email, Role: isms.RoleAuditor})
				return err
			}, map[string][]string{acme: {"membership.create"}}},
			{"a role change", func() error {
				return w.app.UpdateMemberRole(w.ctx, w.asAdmin(), frank.User.ID, isms.RoleContributor, 1)
			}, map[string][]string{acme: {"membership.update"}}},
			{"a member removed", func() error {
				return w.app.RemoveMember(w.ctx, w.asAdmin(), newUser.ID)
			}, map[string][]string{acme: {"membership.delete"}}},
			{"a profile update", func() error {
				_, err := w.rename("Acme Group")
				return err
			}, map[string][]string{acme: {"organization.update"}}},
			{"a profile update that changes nothing", func() error {
				_, err := w.rename("Acme Group")
				return err
			}, nil},
			{"a submission", func() (err error) {
				approval, err = w.submitProfile(w.asAdmin(), w.manager)
				return err
			}, map[string][]string{acme: {"approval.submit"}}},
			{"a withdrawal", func() error {
				_, err := w.app.WithdrawApproval(w.ctx, w.asAdmin(), approval.ID)
				return err
			}, map[string][]string{acme: {"approval.withdraw"}}},
			{"a rejection", func() (err error) {
				w.clock.Advance(time.Minute)
				if approval, err = w.submitProfile(w.asAdmin(), w.manager); err != nil {
					return err
				}
				_, err = w.app.DecideApproval(w.ctx, w.asManager(), approval.ID, isms.DecisionReject, "No.")
				return err
			}, map[string][]string{acme: {"approval.submit", "approval.reject"}}},
			{"an approval", func() (err error) {
				w.clock.Advance(time.Minute)
				if approval, err = w.submitProfile(w.asAdmin(), w.manager); err != nil {
					return err
				}
				_, err = w.app.DecideApproval(w.ctx, w.asManager(), approval.ID, isms.DecisionApprove, "")
				return err
			}, map[string][]string{acme: {"approval.submit", "approval.approve"}}},
			{"an API token created", func() error {
				tok := &isms.APIToken{Name: "CI", Scope: isms.ScopeRead, ExpiresAt: w.clock.Now().AddDate(0, 1, 0)}
				_, err := w.app.CreateAPIToken(w.ctx, w.asManager(), tok)
				tokenID = tok.ID
				return err
			}, map[string][]string{acme: {"api_token.create"}}},
			{"an API token revoked", func() error {
				return w.app.RevokeAPIToken(w.ctx, w.asManager(), tokenID)
			}, map[string][]string{acme: {"api_token.revoke"}}},
			{"a password change", func() error {
				return w.app.ChangePassword(w.ctx, w.asAdmin(), password, "alice's new passphrase", session)
			}, map[string][]string{inst: {"user.change_password"}}},
			{"a password reset by an administrator", func() error {
				_, err := w.app.ResetPassword(w.ctx, w.asAdmin(), frank.User.ID)
				return err
			}, map[string][]string{acme: {"user.reset_password"}}},
			{"a password reset by the owner", func() error {
				_, err := w.app.ResetPassword(w.ctx, w.asOwner(), frank.User.ID)
				return err
			}, map[string][]string{inst: {"user.reset_password"}}},
			{"an account disabled and enabled by an administrator", func() error {
				if err := w.app.SetUserDisabled(w.ctx, w.asAdmin(), frank.User.ID, true); err != nil {
					return err
				}
				return w.app.SetUserDisabled(w.ctx, w.asAdmin(), frank.User.ID, false)
			}, map[string][]string{acme: {"user.disable", "user.enable"}}},
			{"an account disabled by the owner", func() error {
				return w.app.SetUserDisabled(w.ctx, w.asOwner(), frank.User.ID, true)
			}, map[string][]string{inst: {"user.disable"}}},
			{"a sign-out", func() error {
				return w.app.SignOut(w.ctx, session)
			}, nil},
		}
		heads := func() map[string]int64 {
			m := map[string]int64{inst: w.head(inst).Seq, acme: w.head(acme).Seq}
			if beta != nil {
				m["beta"] = w.head(string(beta.ID)).Seq
			}
			return m
		}
		chainName := func(name string) string {
			if name == "beta" {
				return string(beta.ID)
			}
			return name
		}
		for _, s := range steps {
			before := heads()
			if err := s.run(); err != nil {
				t.Fatalf("%s = %v, want nil", s.name, err)
			}
			for name := range heads() {
				got := actions(w.events(chainName(name), before[name]))
				want := s.want[name]
				if want == nil {
					want = []string{}
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: chain %s gained events mismatch (-want +got):\n%s", s.name, name, diff)
				}
			}
		}

		for _, c := range []struct {
			chain string
			actor isms.Actor
		}{{inst, w.asOwner()}, {acme, w.asAdmin()}, {string(beta.ID), isms.SystemActor(beta.ID)}} {
			r, err := w.app.VerifyAuditChain(w.ctx, c.actor, c.chain)
			if err != nil || !r.OK() || r.Checked != r.Head.Seq || r.Head.Seq == 0 {
				t.Errorf("VerifyAuditChain(%s) = %+v, %v; want every event checked and no break", c.chain, r, err)
			}
		}
	})
}

// expect returns nil when err has code want, and an error saying so otherwise.
func expect(err error, want isms.Code) error {
	if got := isms.ErrorCode(err); got != want {
		return fmt.Errorf("got %v, want %s", err, want)
	}
	return nil
}

func TestRefusedUseCasesAppendNothing(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		empty, long := "", string(make([]byte, 201))
		before := w.heads()
		_, err := w.app.UpdateOrganization(w.ctx, w.asAdmin(), isms.OrganizationUpdate{Name: &empty, Version: 1})
		wantFields(t, "UpdateOrganization(no name)", err, isms.Invalid, "name")
		if diff := cmp.Diff(before, w.heads()); diff != "" {
			t.Errorf("UpdateOrganization(no name) moved chain heads (-before +after):\n%s", diff)
		}
		if o := w.profile().Org; o.Name != "Acme" || o.Version != 1 {
			t.Errorf("profile after a refused update = %q v%d, want Acme v1", o.Name, o.Version)
		}
		ap := w.mustSubmit(w.manager)
		tests := []struct {
			name string
			run  func() error
			want isms.Code
		}{
			{"CreateUser(invalid e-mail, as owner)", func() error {
				_, err := w.app.CreateUser(w.ctx, w.asOwner(), &isms.User{Name: "X", Email: "x"}, "")
				return err
			}, isms.Invalid},
			{"CreateUser(taken e-mail, as owner)", func() error {
				_, err := w.app.CreateUser(w.ctx, w.asOwner(), &isms.User{Name: "X", Email: w.viewer.Email}, "")
				return err
			}, isms.Conflict},
			{"CreateUser(as admin)", func() error {
				_, err := w.app.CreateUser(w.ctx, w.asAdmin(), &isms.User{Name: "X", Email: "x@example.com"}, "")
				return err
			}, isms.Forbidden},
			{"CreateOrganization(taken slug, as owner)", func() error {
				return w.app.CreateOrganization(w.ctx, w.asOwner(), &isms.Organization{Slug: "acme", Name: "Acme 2"}, w.viewer.ID)
			}, isms.Conflict},
			{"CreateOrganization(no name, as owner)", func() error {
				return w.app.CreateOrganization(w.ctx, w.asOwner(), &isms.Organization{Slug: "gamma"}, w.viewer.ID)
			}, isms.Invalid},
			{"CreateOrganization(unknown administrator, as owner)", func() error {
				return w.app.CreateOrganization(w.ctx, w.asOwner(), &isms.Organization{Slug: "gamma", Name: "Gamma"}, "user_nobody")
			}, isms.Invalid},
			{"UpdateOrganization(no name) while pending", func() error {
				_, err := w.app.UpdateOrganization(w.ctx, w.asAdmin(), isms.OrganizationUpdate{Name: &empty, Version: w.profile().Org.Version})
				return err
			}, isms.Conflict},
			{"AddMember(invalid role)", func() error {
				_, err := w.app.AddMember(w.ctx, w.asAdmin(), app.AddMemberInput{Email: "y@example.com", Name: "Y", Role: "boss"})
				return err
			}, isms.Invalid},
			{"AddMember(name too long)", func() error {
				_, err := w.app.AddMember(w.ctx, w.asAdmin(), app.AddMemberInput{Email: "y@example.com", Name: long, Role: isms.RoleViewer})
				return err
			}, isms.Invalid},
			{"DecideApproval(reject without comment)", func() error {
				_, err := w.app.DecideApproval(w.ctx, w.asManager(), ap.ID, isms.DecisionReject, "")
				return err
			}, isms.Invalid},
			{"SubmitForApproval() while pending", func() error {
				_, err := w.submitProfile(w.asAdmin(), w.manager2)
				return err
			}, isms.Conflict},
			{"CreateAPIToken(expired)", func() error {
				_, err := w.app.CreateAPIToken(w.ctx, w.asAdmin(), &isms.APIToken{Name: "x", Scope: isms.ScopeRead, ExpiresAt: w.clock.Now()})
				return err
			}, isms.Invalid},
			{"ChangePassword(wrong current)", func() error {
				return w.app.ChangePassword(w.ctx, w.asAdmin(), "wrong current password", "a good new passphrase", "")
			}, isms.Invalid},
			{"ResetPassword(member of another organization)", func() error {
				_, err := w.app.ResetPassword(w.ctx, w.asAdmin(), w.owner.ID)
				return err
			}, isms.NotFound},
			{"SetUserDisabled(self)", func() error {
				return w.app.SetUserDisabled(w.ctx, w.asAdmin(), w.admin.ID, true)
			}, isms.Conflict},
			{"UpdateMemberRole(last admin)", func() error {
				return w.app.UpdateMemberRole(w.ctx, w.asAdmin(), w.admin.ID, isms.RoleViewer, 1)
			}, isms.Conflict},
		}
		for _, tt := range tests {
			before := w.heads()
			err := tt.run()
			wantCode(t, tt.name, err, tt.want)
			if diff := cmp.Diff(before, w.heads()); diff != "" {
				t.Errorf("%s moved chain heads (-before +after):\n%s", tt.name, diff)
			}
		}
		var chains []string
		w.view(func(tx *sqldb.Tx) (err error) {
			chains, err = tx.FindChainNames(w.ctx)
			return err
		})
		if diff := cmp.Diff([]string{isms.InstallationChain, string(w.org.ID)}, chains); diff != "" {
			t.Errorf("chains after refused use cases mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestAuditEventsCarryBeforeAndAfter(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.clock.Advance(90 * time.Minute)
		desc := "  We make anvils.  "
		org, err := w.app.UpdateOrganization(w.ctx, w.asManager(), isms.OrganizationUpdate{Name: ptr("Acme Group"), Description: &desc, LegalName: ptr(""), Version: 1})
		if err != nil {
			t.Fatalf("UpdateOrganization() = %v, want nil", err)
		}
		if org.Version != 2 || org.Description != "We make anvils." {
			t.Errorf("UpdateOrganization() = v%d %q, want v2 with the description trimmed", org.Version, org.Description)
		}
		list, total, err := w.app.FindAuditEvents(w.ctx, w.asViewer(), isms.AuditFilter{Action: "organization.update"})
		if err != nil || total != 1 || len(list) != 1 {
			t.Fatalf("FindAuditEvents(organization.update) = %d of %d, %v; want 1 of 1", len(list), total, err)
		}
		e := list[0]
		want := map[string]isms.Change{
			"name":        {Before: "Acme", After: "Acme Group"},
			"description": {Before: "", After: "We make anvils."},
		}
		if diff := cmp.Diff(want, changes(t, e)); diff != "" {
			t.Errorf("organization.update changes mismatch (-want +got):\n%s", diff)
		}
		if e.Chain != string(w.org.ID) || e.ActorID != w.manager.ID || e.ActorName != w.manager.Name ||
			e.ObjectType != "organization" || e.ObjectID != w.org.ID || !e.Time.Equal(w.clock.Now()) {
			t.Errorf("organization.update event = %+v, want bob's change of acme at %v in acme's chain", e, w.clock.Now())
		}
		if e.Hash != e.ComputeHash() {
			t.Errorf("stored event hash = %s, want ComputeHash() = %s", e.Hash, e.ComputeHash())
		}

		// Readers outside the trail's audience may not read it.
		employee := isms.Actor{UserID: w.viewer.ID, OrgID: w.org.ID, Role: isms.RoleEmployee}
		_, _, err = w.app.FindAuditEvents(w.ctx, employee, isms.AuditFilter{})
		wantCode(t, "FindAuditEvents(as employee)", err, isms.Forbidden)
		_, err = w.app.VerifyAuditChain(w.ctx, w.asAdmin(), isms.InstallationChain)
		wantCode(t, "VerifyAuditChain(installation, as admin)", err, isms.Forbidden)
		_, err = w.app.VerifyAuditChain(w.ctx, w.asOwner(), string(w.org.ID))
		wantCode(t, "VerifyAuditChain(acme, as an owner outside acme)", err, isms.Forbidden)
		beta := w.newOrg("beta", "Beta", w.manager)
		_, err = w.app.VerifyAuditChain(w.ctx, w.asAdmin(), string(beta.ID))
		wantCode(t, "VerifyAuditChain(beta, as acme's admin)", err, isms.Forbidden)
	})
}

func ptr(s string) *string { return &s }

func TestConcurrentProfileUpdatesLoseNothing(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		const goroutines, attempts = 8, 20
		head := w.head(string(w.org.ID))
		var (
			mu        sync.Mutex
			succeeded int
			conflicts int
			wg        sync.WaitGroup
			errs      = make(chan error, goroutines*attempts+attempts)
		)
		for g := range goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				actor := w.asAdmin()
				if g%2 == 1 {
					actor = w.asManager()
				}
				// Each attempt reloads the profile and updates it against
				// the version it read; a Conflict means another goroutine
				// won, and the next attempt retries with a fresh version.
				for i := range attempts {
					p, err := w.app.FindOrganizationProfile(w.ctx, actor)
					if err != nil {
						errs <- fmt.Errorf("FindOrganizationProfile() = %w", err)
						return
					}
					name := fmt.Sprintf("Acme %d-%d", g, i)
					_, err = w.app.UpdateOrganization(w.ctx, actor, isms.OrganizationUpdate{Name: &name, Version: p.Org.Version})
					mu.Lock()
					switch isms.ErrorCode(err) {
					case "":
						succeeded++
					case isms.Conflict:
						conflicts++
					default:
						errs <- fmt.Errorf("UpdateOrganization(%s) = %w", name, err)
					}
					mu.Unlock()
				}
			}()
		}
		// Sign-ins append to the installation chain meanwhile.
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range attempts {
				if _, _, err := w.app.SignIn(w.ctx, w.viewer.Email, password, clientAddr); err != nil {
					errs <- fmt.Errorf("SignIn(erin) = %w", err)
					return
				}
			}
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		t.Logf("%d updates succeeded after %d conflicts", succeeded, conflicts)

		org := w.profile().Org
		if succeeded+conflicts != goroutines*attempts || succeeded < attempts {
			t.Errorf("%d updates succeeded and %d conflicted, want %d attempts in all and at least %d successes", succeeded, conflicts, goroutines*attempts, attempts)
		}
		if want := 1 + succeeded; org.Version != want {
			t.Errorf("profile version = %d after %d successful updates, want %d", org.Version, succeeded, want)
		}
		events := w.events(string(w.org.ID), head.Seq)
		n := 0
		names := map[string]bool{}
		for _, e := range events {
			if e.Action == "organization.update" {
				n++
				names[fmt.Sprint(changes(t, e)["name"].After)] = true
			}
		}
		if n != succeeded || len(events) != succeeded || len(names) != succeeded {
			t.Errorf("acme chain gained %d events, %d organization.update for %d names, want %d of each", len(events), n, len(names), succeeded)
		}
		for _, c := range []struct {
			chain string
			actor isms.Actor
		}{{string(w.org.ID), w.asAdmin()}, {isms.InstallationChain, w.asOwner()}} {
			r, err := w.app.VerifyAuditChain(w.ctx, c.actor, c.chain)
			if err != nil || !r.OK() || r.Checked != r.Head.Seq {
				t.Errorf("VerifyAuditChain(%s) = %+v, %v; want every event checked and no break", c.chain, r, err)
			}
		}
	})
}
